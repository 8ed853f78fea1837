// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-server"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "oc-protocol.h"
#include "oc-server-private.h"

/* One WebSocket subscriber: what is queued for it, how far behind it is,
 * and how it closes. Frames go straight into its OcCountingStream, past
 * libsoup's per-frame work; libsoup still handles the handshake, incoming
 * frames, pings and the close. */

/* One unmasked, final text frame (RFC 6455 §5.2) around @payload. */
GBytes *
_oc_frame_text (GBytes *payload)
{
  gsize length = g_bytes_get_size (payload);
  GByteArray *frame = g_byte_array_sized_new (length + 10);
  guint8 header[10];
  gsize header_length;

  header[0] = 0x81;
  if (length < 126)
    {
      header[1] = (guint8) length;
      header_length = 2;
    }
  else if (length < 65536)
    {
      header[1] = 126;
      header[2] = (guint8) (length >> 8);
      header[3] = (guint8) length;
      header_length = 4;
    }
  else
    {
      header[1] = 127;
      for (guint i = 0; i < 8; i++)
        header[2 + i] = (guint8) ((guint64) length >> (56 - 8 * i));
      header_length = 10;
    }

  g_byte_array_append (frame, header, header_length);
  g_byte_array_append (frame, g_bytes_get_data (payload, NULL), length);

  return g_byte_array_free_to_bytes (frame);
}

static gint64
pending_bytes (OcSubscriber *sub)
{
  gint64 pending = (gint64) sub->queued - (gint64) oc_counting_stream_get_bytes_written (sub->stream);

  /* Pongs and close frames libsoup writes on its own count as written. */
  if (pending < 0)
    {
      sub->queued = oc_counting_stream_get_bytes_written (sub->stream);
      pending = 0;
    }

  return pending;
}

void
_oc_subscriber_close_now (OcSubscriber *sub,
                          gushort       code,
                          const char   *reason)
{
  sub->closing = TRUE;
  if (soup_websocket_connection_get_state (sub->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (sub->connection, code, reason);
}

static void
maybe_close_flushed (OcSubscriber *sub)
{
  if (sub->close_code != 0 && pending_bytes (sub) == 0)
    {
      gushort code = sub->close_code;

      sub->close_code = 0;
      _oc_subscriber_close_now (sub, code, NULL);
    }
}

/* Close frames jump libsoup's queue; waiting until our frames are out keeps
 * "ended" and the last lines ahead of the close. */
void
_oc_subscriber_close_when_flushed (OcSubscriber *sub,
                                   gushort       code)
{
  sub->closing = TRUE;
  sub->close_code = code;
  maybe_close_flushed (sub);
}

static void
written_cb (OcCountingStream *stream,
            guint64           written,
            gpointer          user_data)
{
  maybe_close_flushed (user_data);
}

/* Sends an already framed message (see frame_text()): a broadcast frames
 * once and copies the same bytes to every subscriber's connection, past
 * libsoup's per-frame work. */
gboolean
_oc_subscriber_send_frame (OcSubscriber *sub,
                           GBytes       *frame)
{
  gsize size = g_bytes_get_size (frame);

  if (sub->closing ||
      soup_websocket_connection_get_state (sub->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return FALSE;

  if (sub->server != NULL && pending_bytes (sub) + size > sub->server->send_queue_limit)
    {
      g_debug ("Closing a subscriber that fell %" G_GINT64_FORMAT " bytes behind", pending_bytes (sub));
      /* It reconnects with since: the backlog is of no use, the close is. */
      oc_counting_stream_discard_unsent (sub->stream);
      _oc_subscriber_close_now (sub, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "too slow");
      return FALSE;
    }

  sub->queued += size;
  sub->last_sent = g_get_monotonic_time ();
  oc_counting_stream_inject (sub->stream, frame);

  return TRUE;
}

gboolean
_oc_subscriber_send (OcSubscriber *sub,
                     GBytes       *message)
{
  g_autoptr(GBytes) frame = _oc_frame_text (message);

  return _oc_subscriber_send_frame (sub, frame);
}

void
_oc_subscriber_send_builder (OcSubscriber *sub,
                             JsonBuilder  *builder)
{
  gsize length = 0;
  char *text = oc_protocol_builder_to_string (builder, &length);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, length);

  _oc_subscriber_send (sub, bytes);
}

static void
subscriber_free (OcSubscriber *sub)
{
  g_clear_object (&sub->connection_signals);
  oc_counting_stream_set_written_func (sub->stream, NULL, NULL);
  g_clear_object (&sub->connection);
  g_clear_object (&sub->stream);
  g_free (sub->conversation_id);
  g_free (sub->user);
  g_free (sub);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           OcSubscriber            *sub)
{
  OcServer *self = sub->server;

  if (self != NULL)
    {
      if (sub->conversation_id == NULL)
        g_ptr_array_remove_fast (self->event_subscribers, sub);
      else
        {
          GPtrArray *subs = g_hash_table_lookup (self->transcript_subscribers, sub->conversation_id);

          if (subs != NULL)
            {
              g_ptr_array_remove_fast (subs, sub);
              if (subs->len == 0)
                g_hash_table_remove (self->transcript_subscribers, sub->conversation_id);
            }
          /* Closed or dropped: the supervisor no longer watches. */
          _oc_server_presence_changed (self, sub->conversation_id);
        }
    }

  subscriber_free (sub);
}

static void
error_cb (SoupWebsocketConnection *connection,
          GError                  *error,
          OcSubscriber            *sub)
{
  g_debug ("WebSocket error: %s", error->message);
}

/* A client's message over the limit, in however many frames: close with
 * 1009 rather than let libsoup keep reassembling it. */
static void
message_too_big_cb (gpointer user_data)
{
  OcSubscriber *sub = user_data;

  g_message ("Closing a WebSocket whose client sent a message over %d bytes",
             OC_SERVER_MAX_INCOMING_FRAME);
  if (soup_websocket_connection_get_state (sub->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (sub->connection, SOUP_WEBSOCKET_CLOSE_TOO_BIG, NULL);
}

OcSubscriber *
_oc_subscriber_new (OcServer          *self,
                    SoupServerMessage *msg)
{
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *origin = NULL;
  OcSubscriber *sub;

  /* Stealing may free the message: take what we need first. */
  uri = g_uri_ref (soup_server_message_get_uri (msg));
  origin = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Origin"));
  base = soup_server_message_steal_connection (msg);
  if (base == NULL)
    return NULL;

  {
    GSocket *socket = g_object_get_data (G_OBJECT (base), "GSocket");
    if (socket)
      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  }

  sub = g_new0 (OcSubscriber, 1);
  sub->server = self;
  sub->stream = oc_counting_stream_new (base);
  oc_counting_stream_limit_incoming (sub->stream, OC_SERVER_MAX_INCOMING_FRAME, message_too_big_cb, sub);
  sub->connection = soup_websocket_connection_new (G_IO_STREAM (sub->stream), uri,
                                                   SOUP_WEBSOCKET_CONNECTION_SERVER,
                                                   origin, NULL, NULL);
  sub->last_sent = g_get_monotonic_time ();
  soup_websocket_connection_set_max_incoming_payload_size (sub->connection, OC_SERVER_MAX_INCOMING_FRAME);
  soup_websocket_connection_set_keepalive_interval (sub->connection, 0);
  oc_counting_stream_set_written_func (sub->stream, written_cb, sub);

  sub->connection_signals = g_signal_group_new (SOUP_TYPE_WEBSOCKET_CONNECTION);
  g_signal_group_connect (sub->connection_signals, "closed", G_CALLBACK (closed_cb), sub);
  g_signal_group_connect (sub->connection_signals, "error", G_CALLBACK (error_cb), sub);
  g_signal_group_set_target (sub->connection_signals, sub->connection);

  return sub;
}

