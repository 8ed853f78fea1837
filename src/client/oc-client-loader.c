// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-client"

#include "config.h"

#include "oc-client-private.h"
#include "oc-protocol.h"

/*
 * A first load, read a part at a time: a worker follows the structure of the
 * whole snapshot (so a broken one fails before any row is shown), reads
 * everything but the conversations (the head: revision, agents, queues,
 * work streams, so that names resolve from the first row on), then the
 * conversations in parts, in order. The main thread takes the parts as they
 * come (_oc_client_loader_pop()) and appends them to the store a frame's
 * worth at a time, so the first rows are painted while the rest is read.
 *
 * The worker holds the shared state, not the client: freeing the loader
 * cancels it, and what the worker reads after that it frees itself (none of
 * it was ever shown).
 */

typedef struct
{
  gatomicrefcount  ref;
  GMutex           lock;
  GQueue           parts;       /* OcLoaderPart, under lock */
  gboolean         cancelled;   /* under lock */
  GSource         *wake;        /* the owner's; touched by the worker under lock, until cancelled */
  GBytes          *body;
  guint            first_size;
  guint            part_size;
} Shared;

struct _OcClientLoader
{
  Shared  *shared;
  GThread *thread;
};

void
_oc_loader_part_free (OcLoaderPart *part)
{
  if (part == NULL)
    return;

  g_clear_pointer (&part->snapshot, oc_snapshot_free);
  g_clear_error (&part->error);
  g_free (part);
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref))
    return;

  g_queue_clear_full (&shared->parts, (GDestroyNotify) _oc_loader_part_free);
  g_clear_pointer (&shared->body, g_bytes_unref);
  g_mutex_clear (&shared->lock);
  g_free (shared);
}

/* Hands @part to the owner; FALSE (and @part freed) once cancelled. */
static gboolean
shared_push (Shared       *shared,
             OcLoaderPart *part)
{
  gboolean was_empty;

  g_mutex_lock (&shared->lock);
  if (shared->cancelled)
    {
      g_mutex_unlock (&shared->lock);
      _oc_loader_part_free (part);
      return FALSE;
    }
  was_empty = g_queue_is_empty (&shared->parts);
  g_queue_push_tail (&shared->parts, part);
  /* Once per run of parts, as the events' reader does: the owner takes
   * what waits at its own pace. */
  if (was_empty)
    g_source_set_ready_time (shared->wake, 0);
  g_mutex_unlock (&shared->lock);
  return TRUE;
}

static gboolean
shared_cancelled (Shared *shared)
{
  gboolean cancelled;

  g_mutex_lock (&shared->lock);
  cancelled = shared->cancelled;
  g_mutex_unlock (&shared->lock);
  return cancelled;
}

static gpointer
loader_thread (gpointer data)
{
  Shared *shared = data;
  g_autoptr(OcSnapshotReader) reader = NULL;
  OcLoaderPart *part = g_new0 (OcLoaderPart, 1);
  gint64 start = g_get_monotonic_time ();
  guint total, taken = 0;

  part->head = TRUE;
  reader = oc_snapshot_reader_new (shared->body, &part->snapshot, &part->error);
  if (reader == NULL)
    {
      shared_push (shared, part);
      shared_unref (shared);
      return NULL;
    }
  total = part->total = oc_snapshot_reader_get_n_conversations (reader);
  g_debug ("Read the head of a snapshot of %" G_GSIZE_FORMAT " bytes (%u conversations) in %.1f ms",
           g_bytes_get_size (shared->body), total, (g_get_monotonic_time () - start) / 1000.0);

  /* The first part goes with the head, as the first frame paints them. */
  part->n_read = oc_snapshot_reader_read (reader, shared->first_size, part->snapshot);
  taken = part->n_read;
  part->last = taken == total;
  g_debug ("Parsed a snapshot's first %u conversations in %.1f ms", taken,
           (g_get_monotonic_time () - start) / 1000.0);

  while (shared_push (shared, part) && taken < total)
    {
      if (shared_cancelled (shared))
        break;
      part = g_new0 (OcLoaderPart, 1);
      part->snapshot = oc_snapshot_new ();
      part->n_read = oc_snapshot_reader_read (reader, shared->part_size, part->snapshot);
      taken += part->n_read;
      part->total = total;
      part->last = taken == total;
    }

  g_debug ("Parsed a snapshot of %u conversations in %.1f ms", total,
           (g_get_monotonic_time () - start) / 1000.0);
  shared_unref (shared);
  return NULL;
}

/* Reads @body in a worker: the head (with the first @first_size
 * conversations), then parts of @part_size, each made ready on @wake (a
 * source of _oc_client_ready_source_new(), which the loader does not own). */
OcClientLoader *
_oc_client_loader_new (GBytes  *body,
                       guint    first_size,
                       guint    part_size,
                       GSource *wake)
{
  OcClientLoader *self = g_new0 (OcClientLoader, 1);
  Shared *shared = g_new0 (Shared, 1);

  g_atomic_ref_count_init (&shared->ref);
  g_mutex_init (&shared->lock);
  g_queue_init (&shared->parts);
  shared->wake = wake;
  shared->body = g_bytes_ref (body);
  shared->first_size = MAX (first_size, 1);
  shared->part_size = MAX (part_size, 1);

  self->shared = shared;
  g_atomic_ref_count_inc (&shared->ref);
  self->thread = g_thread_new ("oc-load-snapshot", loader_thread, shared);
  return self;
}

/* The next part, in order, or %NULL while none waits. */
OcLoaderPart *
_oc_client_loader_pop (OcClientLoader *self)
{
  OcLoaderPart *part;

  g_mutex_lock (&self->shared->lock);
  part = g_queue_pop_head (&self->shared->parts);
  g_mutex_unlock (&self->shared->lock);
  return part;
}

static gpointer
free_parts_thread (gpointer data)
{
  g_queue_free_full (data, (GDestroyNotify) _oc_loader_part_free);
  return NULL;
}

/* Cancels the worker (which stops after the part at hand) and drops the
 * parts not taken, off this thread: up to a whole floor of objects. */
void
_oc_client_loader_free (OcClientLoader *self)
{
  GQueue *left;

  if (self == NULL)
    return;

  g_mutex_lock (&self->shared->lock);
  self->shared->cancelled = TRUE;
  self->shared->wake = NULL;
  left = g_queue_copy (&self->shared->parts);
  g_queue_clear (&self->shared->parts);
  g_mutex_unlock (&self->shared->lock);

  if (!g_queue_is_empty (left))
    g_thread_unref (g_thread_new ("oc-free-snapshot", free_parts_thread, left));
  else
    g_queue_free (left);
  g_thread_unref (self->thread);
  shared_unref (self->shared);
  g_free (self);
}
