// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-client"

#include "config.h"

#include "oc-client-private.h"
#include "oc-protocol.h"

/*
 * The events socket's frames are parsed in a worker, one at a time and in
 * the order they came, so that reading JSON never takes the main thread's
 * time (at 20,000 events a second it took most of it). libsoup delivers the
 * frames on the main context: _oc_client_reader_push() hands each over as it
 * is, the worker parses it, and the main thread takes the results back in
 * order when woken (_oc_client_reader_take()). A close of the socket goes
 * the same way, so it is seen after every frame that came before it.
 *
 * Each frame carries the generation it was pushed in; _discard() starts a new
 * one, and the frames of older generations are neither parsed nor handed back:
 * a reconnection resumes from the last event taken, so nothing is lost.
 */

struct _OcClientReader
{
  GThreadPool *pool;          /* one thread at most: the order is kept */
  GThreadPool *freer;         /* applied events, freed off the main thread */
  GSource     *wake;          /* on the owner's context: results wait */
  gint         generation;    /* atomic */

  GMutex       lock;
  GQueue       parsed;        /* OcReaderItem, under lock */
};

static void
item_free (OcReaderItem *item)
{
  g_clear_pointer (&item->bytes, g_bytes_unref);
  g_clear_pointer (&item->event, oc_event_free);
  g_clear_error (&item->error);
  g_free (item);
}

static void
parse_item (OcReaderItem *item)
{
  if (item->kind != OC_READER_ITEM_TEXT)
    {
      if (item->kind == OC_READER_ITEM_BINARY)
        g_set_error_literal (&item->error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MALFORMED,
                             "binary frame on a text protocol");
      return;
    }

  item->event = oc_protocol_parse_event (g_bytes_get_data (item->bytes, NULL),
                                         g_bytes_get_size (item->bytes),
                                         OC_PROTOCOL_MAX_EVENT_FRAME, &item->error);
  g_clear_pointer (&item->bytes, g_bytes_unref);
}

static void
reader_thread (gpointer data,
               gpointer user_data)
{
  OcClientReader *self = user_data;
  OcReaderItem *item = data;
  gboolean was_empty;

  if (item->generation != g_atomic_int_get (&self->generation))
    {
      item_free (item);
      return;
    }

  parse_item (item);

  g_mutex_lock (&self->lock);
  was_empty = g_queue_is_empty (&self->parsed);
  g_queue_push_tail (&self->parsed, item);
  g_mutex_unlock (&self->lock);

  /* Once per run of results: the main thread takes them all at once. */
  if (was_empty)
    g_source_set_ready_time (self->wake, 0);
}

static void
free_thread (gpointer data,
             gpointer user_data)
{
  g_ptr_array_unref (data);
}

static gboolean
ready_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  /* Before the callback: a wake-up after this dispatches again. */
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs ready_funcs = {
  .dispatch = ready_dispatch,
};

/* A source on the thread-default context that runs @func once each time
 * g_source_set_ready_time() makes it ready (from any thread). */
GSource *
_oc_client_ready_source_new (const char  *name,
                             GSourceFunc  func,
                             gpointer     user_data)
{
  GSource *source = g_source_new (&ready_funcs, sizeof (GSource));

  g_source_set_callback (source, func, user_data, NULL);
  g_source_set_name (source, name);
  g_source_set_ready_time (source, -1);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

/* @ready runs on the thread-default main context when results wait. */
OcClientReader *
_oc_client_reader_new (GSourceFunc ready,
                       gpointer    user_data)
{
  OcClientReader *self = g_new0 (OcClientReader, 1);
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->lock);
  g_queue_init (&self->parsed);
  self->pool = g_thread_pool_new (reader_thread, self, 1, FALSE, &error);
  /* A shared pool cannot fail to be made. */
  g_assert_no_error (error);
  self->freer = g_thread_pool_new (free_thread, NULL, 1, FALSE, &error);
  g_assert_no_error (error);

  self->wake = _oc_client_ready_source_new ("[oc-client] parsed events", ready, user_data);
  return self;
}

void
_oc_client_reader_free (OcClientReader *self)
{
  if (self == NULL)
    return;

  /* What is still queued is dropped unparsed; waits for the frame at hand. */
  g_atomic_int_inc (&self->generation);
  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_thread_pool_free (self->freer, FALSE, TRUE);
  g_source_destroy (self->wake);
  g_source_unref (self->wake);
  g_queue_clear_full (&self->parsed, (GDestroyNotify) item_free);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* @message is %NULL for OC_READER_ITEM_CLOSED, which carries @close_code. */
void
_oc_client_reader_push (OcClientReader   *self,
                        OcReaderItemKind  kind,
                        GBytes           *message,
                        gushort           close_code)
{
  OcReaderItem *item = g_new0 (OcReaderItem, 1);

  item->kind = kind;
  item->generation = g_atomic_int_get (&self->generation);
  item->size = message != NULL ? g_bytes_get_size (message) : 0;
  item->close_code = close_code;
  /* Binary frames are not read, only reported in their turn. */
  if (kind == OC_READER_ITEM_TEXT)
    item->bytes = g_bytes_ref (message);
  g_thread_pool_push (self->pool, item, NULL);
}

/* Frames pushed and not yet parsed. */
guint
_oc_client_reader_get_backlog (OcClientReader *self)
{
  return g_thread_pool_unprocessed (self->pool);
}

/* From now on, what was pushed before is neither parsed nor taken. */
void
_oc_client_reader_discard (OcClientReader *self)
{
  if (self != NULL)
    g_atomic_int_inc (&self->generation);
}

/* The next result of the current generation, in the order pushed, or %NULL;
 * free it with _oc_reader_item_free(). */
OcReaderItem *
_oc_client_reader_pop (OcClientReader *self)
{
  OcReaderItem *item;

  for (;;)
    {
      g_mutex_lock (&self->lock);
      item = g_queue_pop_head (&self->parsed);
      g_mutex_unlock (&self->lock);

      if (item == NULL || item->generation == g_atomic_int_get (&self->generation))
        return item;
      item_free (item);
    }
}

/* Frees @events (a GPtrArray that frees its OcEvents) in a worker: applied
 * upserts hold the states the store copied from, 300 objects a frame in a
 * flood, and nothing but the array refers to them. Objects the store may
 * have adopted must not be in them: the caller drops those first. */
void
_oc_client_reader_free_later (OcClientReader *self,
                              GPtrArray      *events)
{
  g_thread_pool_push (self->freer, events, NULL);
}

void
_oc_reader_item_free (OcReaderItem *item)
{
  item_free (item);
}
