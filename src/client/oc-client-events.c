// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-client-private.h"
#include "oc-protocol.h"

/* The events socket, the stall watch and the batches into the store. */

#define FLUSH_INTERVAL_US       (16 * 1000)
#define DEFAULT_PING_INTERVAL   10
#define MAX_PING_INTERVAL       3600

/* ------------------------------------------------------------------------ */
/* Batching events into the store */

static gboolean
flush_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs flush_source_funcs = {
  .dispatch = flush_source_dispatch,
};

static gboolean
flush_cb (gpointer user_data)
{
  _oc_client_flush (OC_CLIENT (user_data));
  return G_SOURCE_CONTINUE;
}

static void
oc_client_schedule_flush (OcClient *self)
{
  g_assert (OC_IS_CLIENT (self));

  if (g_source_get_ready_time (self->flush_source) != -1)
    return;

  /* Right away when idle (low latency), else one batch per frame interval. */
  g_source_set_ready_time (self->flush_source,
                           MAX (g_get_monotonic_time (), self->last_flush + FLUSH_INTERVAL_US));
}

void
_oc_client_flush (OcClient *self)
{
  g_autoptr(GPtrArray) batch = NULL;

  g_assert (OC_IS_CLIENT (self));

  g_source_set_ready_time (self->flush_source, -1);
  self->last_flush = g_get_monotonic_time ();

  if (self->queue->len > 0)
    {
      guint applied;

      /* Swap first: the store may emit "resync-needed" while applying. */
      batch = g_steal_pointer (&self->queue);
      self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_event_free);
      applied = oc_conversation_store_apply_events (oc_source_get_store (OC_SOURCE (self)),
                                                    (OcEvent * const *) batch->pdata,
                                                    batch->len);
      if (applied < batch->len)
        g_debug ("Store applied %u of %u events", applied, batch->len);
    }

  _oc_source_notify_heard (OC_SOURCE (self));
}

void
_oc_client_events_init (OcClient *self)
{
  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_event_free);
  self->flush_source = g_source_new (&flush_source_funcs, sizeof (GSource));
  g_source_set_callback (self->flush_source, flush_cb, self, NULL);
  g_source_set_name (self->flush_source, "[oc-client] flush events");
  g_source_set_ready_time (self->flush_source, -1);
  g_source_attach (self->flush_source, g_main_context_get_thread_default ());
}

void
_oc_client_events_dispose (OcClient *self)
{
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  g_clear_pointer (&self->queue, g_ptr_array_unref);
}

/* ------------------------------------------------------------------------ */
/* Closing */

static gboolean
release_later_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

void
_oc_client_close_socket (OcClient *self)
{
  g_assert (OC_IS_CLIENT (self));

  g_clear_handle_id (&self->stall_source, g_source_remove);
  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      /* We may be inside one of its signals; let it finish before it goes. */
      g_idle_add_full (G_PRIORITY_DEFAULT, release_later_cb,
                       g_steal_pointer (&self->ws), g_object_unref);
    }
  g_clear_error (&self->ws_error);
}

/* ------------------------------------------------------------------------ */
/* The events socket */

static gboolean
stall_check_cb (gpointer user_data)
{
  OcClient *self = user_data;
  guint interval = self->ping_interval ? self->ping_interval : DEFAULT_PING_INTERVAL;
  gint64 silent = g_get_monotonic_time () - self->last_frame;

  if (silent >= (gint64) interval * 2 * G_USEC_PER_SEC)
    {
      g_autofree char *reason = NULL;

      self->stall_source = 0;
      reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The server went silent for %u second.",
                                             "The server went silent for %u seconds.",
                                             interval * 2),
                                interval * 2);
      _oc_client_drop (self, reason, FALSE, FALSE);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
oc_client_watch_stall (OcClient *self)
{
  guint interval = self->ping_interval ? self->ping_interval : DEFAULT_PING_INTERVAL;

  g_assert (OC_IS_CLIENT (self));

  /* Checking a few times per interval is precise enough and costs nothing
   * per frame, unlike re-arming a timer for each of 5,000 events a second. */
  g_clear_handle_id (&self->stall_source, g_source_remove);
  self->stall_source = g_timeout_add (MIN (interval * 1000 / 4, 1000), stall_check_cb, self);
}

static void
oc_client_handle_event (OcClient *self,
                        OcEvent  *event)
{
  g_assert (OC_IS_CLIENT (self));

  switch (event->type)
    {
    case OC_EVENT_HELLO:
      self->ping_interval = CLAMP (event->ping_interval, 1, MAX_PING_INTERVAL);
      if (event->ping_interval == 0)
        self->ping_interval = DEFAULT_PING_INTERVAL;
      self->seen_hello = TRUE;
      self->live_since = g_get_monotonic_time ();
      oc_client_watch_stall (self);
      if (event->revision <
          oc_conversation_store_get_revision (oc_source_get_store (OC_SOURCE (self))))
        {
          /* The server is behind us: it lost its history (a restart without
           * its state); only a snapshot tells what is true now. */
          _oc_client_resync_now (self, "server revision went back");
          break;
        }
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_LIVE, NULL);
      oc_event_free (event);
      return;

    case OC_EVENT_PING:
    case OC_EVENT_UNKNOWN:
      break;

    case OC_EVENT_RESYNC_REQUIRED:
      _oc_client_resync_now (self, event->reason ? event->reason : "resync-required");
      break;

    case OC_EVENT_CONVERSATION_UPSERT:
    case OC_EVENT_CONVERSATION_REMOVED:
    case OC_EVENT_AGENT_UPSERT:
    case OC_EVENT_QUEUE_UPSERT:
    case OC_EVENT_WORKSTREAM_UPSERT:
      if (event->revision <= self->queued_revision)
        {
          /* A replay overlapping what we hold: harmless, and not applied. */
          self->stats.duplicate_events++;
          break;
        }
      if (event->revision != self->queued_revision + 1)
        {
          self->stats.gaps++;
          g_warning ("Event revision %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT ": a gap",
                     event->revision, self->queued_revision);
          _oc_client_resync_now (self, "revision gap");
          break;
        }
      self->queued_revision = event->revision;
      g_ptr_array_add (self->queue, event);
      oc_client_schedule_flush (self);
      return;

    case OC_EVENT_MESSAGE:
    case OC_EVENT_HISTORY_END:
    case OC_EVENT_ENDED:
    default:
      /* Transcript types have no business here; ignore them like unknowns. */
      break;
    }

  oc_event_free (event);
}

static void
on_ws_message (SoupWebsocketConnection *ws,
               SoupWebsocketDataType    type,
               GBytes                  *message,
               gpointer                 user_data)
{
  OcClient *self = user_data;
  g_autoptr(GError) error = NULL;
  OcEvent *event;

  self->last_frame = g_get_monotonic_time ();
  _oc_source_mark_heard (OC_SOURCE (self));
  oc_client_schedule_flush (self);

  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    event = oc_protocol_parse_event (g_bytes_get_data (message, NULL),
                                     g_bytes_get_size (message),
                                     OC_PROTOCOL_MAX_EVENT_FRAME, &error);
  else
    {
      event = NULL;
      g_set_error_literal (&error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MALFORMED,
                           "binary frame on a text protocol");
    }

  if (event == NULL)
    {
      /* Whatever this frame changed is unknown: never guess. Resume from
       * the last good revision; a second bad connection in a row gets a
       * fresh snapshot instead. */
      self->stats.malformed_frames++;
      self->bad_connections++;
      g_warning ("Dropping the events connection after a malformed frame (%" G_GSIZE_FORMAT " bytes): %s",
                 g_bytes_get_size (message), error->message);
      _oc_client_drop (self, _("The server sent an event that cannot be read."),
                       self->bad_connections >= 2, FALSE);
      return;
    }

  if (event->warnings != NULL)
    for (guint i = 0; i < event->warnings->len; i++)
      g_debug ("Event %" G_GINT64_FORMAT ": %s", event->revision,
               (const char *) g_ptr_array_index (event->warnings, i));

  oc_client_handle_event (self, event);
}

static void
on_ws_error (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 user_data)
{
  OcClient *self = user_data;

  g_debug ("Events socket error: %s", error->message);
  if (self->ws_error == NULL)
    self->ws_error = g_error_copy (error);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  OcClient *self = user_data;
  g_autofree char *reason = NULL;
  gushort code = soup_websocket_connection_get_close_code (ws);
  gboolean too_big;

  too_big = code == SOUP_WEBSOCKET_CLOSE_TOO_BIG ||
            g_error_matches (self->ws_error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG);

  if (too_big)
    {
      self->stats.oversized_frames++;
      self->bad_connections++;
      g_warning ("Events connection closed: a frame was over %d bytes", OC_PROTOCOL_MAX_EVENT_FRAME);
      reason = g_strdup (_("The server sent an event larger than allowed."));
    }
  else if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION)
    reason = g_strdup (_("The server closed the connection because this console fell behind."));
  else if (self->ws_error != NULL)
    reason = g_strdup_printf (_("The connection to the server broke (%s)."), self->ws_error->message);
  else
    reason = g_strdup (_("The server closed the connection."));

  _oc_client_drop (self, reason, too_big && self->bad_connections >= 2, FALSE);
}

static void
on_ws_connected (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OcClient *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;
  guint status;

  ws = oc_http_websocket_connect_finish (SOUP_SESSION (object), result, &status, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (ws == NULL)
    {
      _oc_client_fail (self, error);
      return;
    }

  self->ws = ws;
  soup_websocket_connection_set_max_incoming_payload_size (ws, OC_PROTOCOL_MAX_EVENT_FRAME);
  g_signal_connect (ws, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (ws, "error", G_CALLBACK (on_ws_error), self);
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed), self);
  self->last_frame = g_get_monotonic_time ();
  oc_client_watch_stall (self);
}

void
_oc_client_open_events (OcClient *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *query = NULL;

  g_assert (OC_IS_CLIENT (self));

  self->queued_revision =
    oc_conversation_store_get_revision (oc_source_get_store (OC_SOURCE (self)));
  self->ping_interval = 0;
  self->seen_hello = FALSE;
  query = g_strdup_printf ("since=%" G_GINT64_FORMAT, self->queued_revision);
  msg = oc_http_new_message (SOUP_METHOD_GET, oc_source_get_server_url (OC_SOURCE (self)),
                             "events", query, self->authorization);

  /* The watch also covers a handshake that never completes. */
  self->last_frame = g_get_monotonic_time ();
  oc_client_watch_stall (self);
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, on_ws_connected, self);
}
