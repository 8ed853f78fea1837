// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-client-transcript"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-json-private.h"
#include "oc-protocol.h"
#include "oc-client-transcript.h"
#include "oc-http.h"
#include "oc-transcript-private.h"

/* A transcript fed by the reference server's transcript WebSocket:
 * connecting, reading frames, resuming after a drop with ?after=<last seq>. */

#define HEALTHY_US         (10 * G_USEC_PER_SEC)
/* A frame that cannot be read comes again on every resume after the same
 * seq; after this many drops in a row without progress, stop. */
#define MAX_BAD_FRAME_DROPS 3

/**
 * OcClientTranscript:
 *
 * The reference server's transcript of one conversation: its history, then
 * live messages over the transcript WebSocket; resumes after drops without
 * gaps or duplicates. Made by oc_source_open_transcript() on an #OcClient.
 */
struct _OcClientTranscript
{
  OcTranscript             parent_instance;

  SoupSession             *session;
  char                    *base_url;
  char                    *authorization;
  guint                    reconnect_max_seconds;

  GCancellable            *cancellable;
  SoupWebsocketConnection *ws;
  GSignalGroup            *ws_signals;       /* on ws, swapped per connection */
  GError                  *ws_error;
  guint                    retry_source;
  gint64                   connected_since;
  OcBackoff                backoff;
  guint                    malformed_frames;
  guint                    bad_frame_drops;  /* in a row, all at bad_frame_seq */
  gint64                   bad_frame_seq;
  guint                    keepalive_seconds;
  gint64                   last_heard;       /* monotonic µs: a frame or a pong */
  guint                    stall_source;
};

G_DEFINE_FINAL_TYPE (OcClientTranscript, oc_client_transcript, OC_TYPE_TRANSCRIPT)

static void oc_client_transcript_connect (OcClientTranscript *self);

/* ------------------------------------------------------------------------ */
/* Connection */

static void
oc_client_transcript_disconnect (OcTranscript *transcript)
{
  OcClientTranscript *self = OC_CLIENT_TRANSCRIPT (transcript);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (self->ws != NULL)
    {
      g_signal_group_set_target (self->ws_signals, NULL);
      oc_http_websocket_close_later (g_steal_pointer (&self->ws));
    }
  g_clear_error (&self->ws_error);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->stall_source, g_source_remove);
}

static gboolean
retry_cb (gpointer user_data)
{
  OcClientTranscript *self = user_data;

  self->retry_source = 0;
  oc_client_transcript_connect (self);
  return G_SOURCE_REMOVE;
}

static void
oc_client_transcript_drop (OcClientTranscript *self,
                           const char         *reason)
{
  OcTranscript *transcript = OC_TRANSCRIPT (self);
  guint delay;

  g_assert (OC_IS_CLIENT_TRANSCRIPT (self));

  if (self->connected_since > 0 &&
      g_get_monotonic_time () - self->connected_since >= HEALTHY_US)
    oc_backoff_reset (&self->backoff);

  _oc_transcript_flush (transcript);
  oc_client_transcript_disconnect (transcript);
  self->connected_since = 0;
  if (!_oc_transcript_is_running (transcript))
    return;

  self->backoff.max_ms = self->reconnect_max_seconds * 1000;
  delay = oc_backoff_next_ms (&self->backoff);
  g_debug ("Transcript %s dropped (%s); resuming after %" G_GINT64_FORMAT " in %u ms",
           oc_transcript_get_conversation_id (transcript), reason,
           _oc_transcript_get_last_seq (transcript), delay);
  _oc_transcript_set_state (transcript, OC_TRANSCRIPT_STATE_RECONNECTING, reason);
  self->retry_source = g_timeout_add (delay, retry_cb, self);
}

/* A server that stops answering (a dead link, a frozen process) sends no
 * frame and no pong to our pings: after twice the ping interval of that,
 * drop and resume rather than show a transcript that silently stopped. */
static gboolean
stall_check_cb (gpointer user_data)
{
  OcClientTranscript *self = user_data;
  guint limit = self->keepalive_seconds * 2;
  g_autofree char *reason = NULL;

  if (g_get_monotonic_time () - self->last_heard < (gint64) limit * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;

  self->stall_source = 0;
  reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The server went silent for %u second.",
                                         "The server went silent for %u seconds.",
                                         limit),
                            limit);
  g_warning ("Transcript %s: nothing heard for %u s; resuming",
             oc_transcript_get_conversation_id (OC_TRANSCRIPT (self)), limit);
  oc_client_transcript_drop (self, reason);
  return G_SOURCE_REMOVE;
}

static void
on_ws_pong (SoupWebsocketConnection *ws,
            GBytes                  *message,
            gpointer                 user_data)
{
  OcClientTranscript *self = user_data;

  self->last_heard = g_get_monotonic_time ();
}

/**
 * oc_client_transcript_set_keepalive_seconds:
 * @self: a transcript
 * @seconds: how often to ping the server; silence for twice as long drops
 *   and resumes (OC_CLIENT_TRANSCRIPT_KEEPALIVE_SECONDS unless set)
 *
 * For tests, which cannot wait 20 s for a stall.
 */
void
oc_client_transcript_set_keepalive_seconds (OcClientTranscript *self,
                                            guint               seconds)
{
  g_return_if_fail (OC_IS_CLIENT_TRANSCRIPT (self));
  g_return_if_fail (seconds > 0);

  self->keepalive_seconds = seconds;
}

/* Drops the connection over a frame that could not be read. Resuming asks
 * for the same messages again, so when drops repeat with no new message in
 * between, the frame would come back forever: give up instead. */
static void
oc_client_transcript_drop_bad_frame (OcClientTranscript *self,
                                     const char         *reason)
{
  OcTranscript *transcript = OC_TRANSCRIPT (self);
  g_assert (OC_IS_CLIENT_TRANSCRIPT (self));

  if (self->bad_frame_drops > 0 && self->bad_frame_seq == _oc_transcript_get_last_seq (transcript))
    self->bad_frame_drops++;
  else
    {
      self->bad_frame_seq = _oc_transcript_get_last_seq (transcript);
      self->bad_frame_drops = 1;
    }

  if (self->bad_frame_drops >= MAX_BAD_FRAME_DROPS)
    {
      g_warning ("Transcript %s: the same unreadable frame after seq %" G_GINT64_FORMAT
                 " %u times; giving up", oc_transcript_get_conversation_id (transcript),
                 _oc_transcript_get_last_seq (transcript), self->bad_frame_drops);
      _oc_transcript_finish (transcript, OC_TRANSCRIPT_STATE_FAILED,
                            _("The server keeps sending a message that cannot be read."));
      return;
    }

  oc_client_transcript_drop (self, reason);
}

/* The seq of a message frame that failed to parse, when that much of it can
 * be read; 0 otherwise. */
static gint64
unreadable_message_seq (GBytes *frame)
{
  gsize size;
  const char *data = g_bytes_get_data (frame, &size);
  g_autoptr(OcJsonDoc) doc = _oc_json_doc_parse (data, size, OC_PROTOCOL_MAX_TRANSCRIPT_FRAME, NULL);
  const OcJsonValue *type, *message, *seq;

  if (doc == NULL)
    return 0;

  type = _oc_json_object_get (_oc_json_doc_root (doc), "type");
  message = _oc_json_object_get (_oc_json_doc_root (doc), "message");
  seq = _oc_json_object_get (message, "seq");
  if (type == NULL || type->type != OC_JSON_STRING ||
      type->len != strlen ("message") || memcmp (type->u.s, "message", type->len) != 0 ||
      seq == NULL || seq->type != OC_JSON_INT ||
      seq->u.i <= 0 || seq->u.i > OC_PROTOCOL_MAX_REVISION)
    return 0;

  return seq->u.i;
}

/* A message whose seq is known but whose body is not: the stream goes on
 * past it, with a line saying one could not be read, instead of dropping
 * and resuming into the same message again. */
static void
oc_client_transcript_pass_over (OcClientTranscript *self,
                                gint64              seq)
{
  OcTranscript *transcript = OC_TRANSCRIPT (self);
  g_assert (OC_IS_CLIENT_TRANSCRIPT (self));

  if (seq <= _oc_transcript_get_last_seq (transcript))
    return;

  _oc_transcript_add_pending (transcript, oc_message_new (seq, g_get_real_time () / G_USEC_PER_SEC,
                                                   OC_SENDER_SYSTEM, NULL, OC_MESSAGE_KIND_EVENT,
                                                   _("A message could not be read.")));
}

static void
oc_client_transcript_handle_event (OcClientTranscript *self,
                                   OcEvent            *event)
{
  OcTranscript *transcript = OC_TRANSCRIPT (self);
  g_assert (OC_IS_CLIENT_TRANSCRIPT (self));

  switch (event->type)
    {
    case OC_EVENT_MESSAGE:
      {
        gint64 seq = oc_message_get_seq (event->message);

        /* A resumed stream may repeat what we hold; seq says what is new. */
        if (seq <= _oc_transcript_get_last_seq (transcript))
          break;
        if (seq != _oc_transcript_get_last_seq (transcript) + 1)
          g_debug ("Transcript %s: seq %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT,
                   oc_transcript_get_conversation_id (transcript), seq,
                   _oc_transcript_get_last_seq (transcript));
        _oc_transcript_add_pending (transcript, g_steal_pointer (&event->message));
      }
      break;

    case OC_EVENT_HISTORY_END:
      self->bad_frame_drops = 0;
      _oc_transcript_flush (transcript);
      oc_backoff_reset (&self->backoff);
      _oc_transcript_set_state (transcript, OC_TRANSCRIPT_STATE_LIVE, NULL);
      break;

    case OC_EVENT_ENDED:
      _oc_transcript_set_ended_reason (transcript, event->reason ? event->reason : "closed");
      _oc_transcript_finish (transcript, OC_TRANSCRIPT_STATE_ENDED, _("The conversation has ended."));
      break;

    default:
      /* Unknown or foreign types are ignored, as the protocol asks. */
      break;
    }
}

static void
on_ws_message (SoupWebsocketConnection *ws,
               SoupWebsocketDataType    type,
               GBytes                  *message,
               gpointer                 user_data)
{
  OcClientTranscript *self = user_data;
  OcTranscript *transcript = OC_TRANSCRIPT (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = NULL;

  self->last_heard = g_get_monotonic_time ();
  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    event = oc_protocol_parse_event (g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                                     OC_PROTOCOL_MAX_TRANSCRIPT_FRAME, &error);
  else
    g_set_error_literal (&error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MALFORMED,
                         "binary frame on a text protocol");

  if (event == NULL || (event->type == OC_EVENT_MESSAGE && event->message == NULL))
    {
      gint64 seq = type == SOUP_WEBSOCKET_DATA_TEXT ? unreadable_message_seq (message) : 0;

      self->malformed_frames++;
      if (seq > 0)
        {
          g_warning ("Transcript %s: passing over message %" G_GINT64_FORMAT " that cannot be read: %s",
                     oc_transcript_get_conversation_id (transcript), seq,
                     error ? error->message : "no body");
          oc_client_transcript_pass_over (self, seq);
          return;
        }

      g_warning ("Transcript %s: dropping the connection after a malformed frame: %s",
                 oc_transcript_get_conversation_id (transcript),
                 error ? error->message : "message without a body");
      oc_client_transcript_drop_bad_frame (self, _("The server sent a message that cannot be read."));
      return;
    }

  oc_client_transcript_handle_event (self, event);
}

static void
on_ws_error (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 user_data)
{
  OcClientTranscript *self = user_data;

  if (self->ws_error == NULL)
    self->ws_error = g_error_copy (error);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  OcClientTranscript *self = user_data;
  g_autofree char *reason = NULL;
  gushort code = soup_websocket_connection_get_close_code (ws);

  if (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG ||
      g_error_matches (self->ws_error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG))
    {
      g_warning ("Transcript %s: a frame was over %d bytes",
                 oc_transcript_get_conversation_id (OC_TRANSCRIPT (self)), OC_PROTOCOL_MAX_TRANSCRIPT_FRAME);
      oc_client_transcript_drop_bad_frame (self, _("The server sent a message larger than allowed."));
      return;
    }

  if (self->ws_error != NULL)
    reason = g_strdup_printf (_("The connection to the server broke (%s)."), self->ws_error->message);
  else
    reason = g_strdup (_("The server closed the connection."));

  oc_client_transcript_drop (self, reason);
}

static void
on_ws_connected (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OcClientTranscript *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;
  OcTranscript *transcript;
  guint status;

  /* Cancelled: @self may be gone, so look at it only after this. */
  ws = oc_http_websocket_connect_finish (SOUP_SESSION (object), result, &status, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  transcript = OC_TRANSCRIPT (self);

  if (ws == NULL)
    {
      if (status == SOUP_STATUS_NOT_FOUND)
        _oc_transcript_finish (transcript, OC_TRANSCRIPT_STATE_FAILED,
                              _("The server has no transcript for this conversation; it may have ended."));
      else if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED) ||
               g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN) ||
               g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS) ||
               g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST))
        _oc_transcript_finish (transcript, OC_TRANSCRIPT_STATE_FAILED, error->message);
      else
        oc_client_transcript_drop (self, error->message);
      return;
    }

  self->ws = ws;
  self->connected_since = g_get_monotonic_time ();
  soup_websocket_connection_set_max_incoming_payload_size (ws, OC_PROTOCOL_MAX_TRANSCRIPT_FRAME);
  soup_websocket_connection_set_keepalive_interval (ws, self->keepalive_seconds);
  self->last_heard = self->connected_since;
  /* Four looks per ping interval: late by a quarter at most, and no timer
   * re-armed per frame. */
  self->stall_source = g_timeout_add (MAX (self->keepalive_seconds * 1000 / 4, 100),
                                      stall_check_cb, self);
  g_signal_group_set_target (self->ws_signals, ws);
}

static void
oc_client_transcript_connect (OcClientTranscript *self)
{
  OcTranscript *transcript = OC_TRANSCRIPT (self);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;

  g_assert (OC_IS_CLIENT_TRANSCRIPT (self));

  oc_client_transcript_disconnect (transcript);

  if (!oc_protocol_is_valid_id (oc_transcript_get_conversation_id (transcript)))
    {
      _oc_transcript_finish (transcript, OC_TRANSCRIPT_STATE_FAILED, _("The conversation id is not valid."));
      return;
    }
  if (self->authorization == NULL)
    {
      _oc_transcript_finish (transcript, OC_TRANSCRIPT_STATE_FAILED,
                            _("The access token is empty or contains characters a token cannot have."));
      return;
    }

  path = g_strdup_printf ("conversations/%s/transcript", oc_transcript_get_conversation_id (transcript));
  query = g_strdup_printf ("after=%" G_GINT64_FORMAT, _oc_transcript_get_last_seq (transcript));
  msg = oc_http_new_message (SOUP_METHOD_GET, self->base_url, path, query, self->authorization);
  if (msg == NULL)
    {
      _oc_transcript_finish (transcript, OC_TRANSCRIPT_STATE_FAILED,
                            _("The server address is not a valid http:// or https:// address."));
      return;
    }

  self->cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, on_ws_connected, self);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
oc_client_transcript_dispose (GObject *object)
{
  OcClientTranscript *self = OC_CLIENT_TRANSCRIPT (object);

  /* The parent's dispose disconnects, which still needs the group. */
  G_OBJECT_CLASS (oc_client_transcript_parent_class)->dispose (object);

  g_clear_object (&self->ws_signals);
  g_clear_object (&self->session);
}

static void
oc_client_transcript_finalize (GObject *object)
{
  OcClientTranscript *self = OC_CLIENT_TRANSCRIPT (object);

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (oc_client_transcript_parent_class)->finalize (object);
}

static void
oc_client_transcript_class_init (OcClientTranscriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OcTranscriptClass *transcript_class = OC_TRANSCRIPT_CLASS (klass);

  object_class->dispose = oc_client_transcript_dispose;
  object_class->finalize = oc_client_transcript_finalize;

  transcript_class->disconnect = oc_client_transcript_disconnect;
}

static void
oc_client_transcript_init (OcClientTranscript *self)
{
  self->keepalive_seconds = OC_CLIENT_TRANSCRIPT_KEEPALIVE_SECONDS;

  self->ws_signals = g_signal_group_new (SOUP_TYPE_WEBSOCKET_CONNECTION);
  g_signal_group_connect (self->ws_signals, "message", G_CALLBACK (on_ws_message), self);
  g_signal_group_connect (self->ws_signals, "pong", G_CALLBACK (on_ws_pong), self);
  g_signal_group_connect (self->ws_signals, "error", G_CALLBACK (on_ws_error), self);
  g_signal_group_connect (self->ws_signals, "closed", G_CALLBACK (on_ws_closed), self);
}

/**
 * oc_client_transcript_new:
 * @session: the client's session (a reference is kept)
 * @base_url: the server's address
 * @authorization: (nullable): "Bearer <token>"; %NULL fails the transcript
 * @conversation_id: the conversation to follow
 * @reconnect_max_seconds: the longest wait between resumes
 *
 * Problems (an id the protocol refuses, no token, no transcript on the
 * server) do not fail here: the transcript's state becomes failed, with a
 * status message saying why.
 *
 * Returns: (transfer full): a transcript that connects at once
 */
OcTranscript *
oc_client_transcript_new (SoupSession *session,
                          const char  *base_url,
                          const char  *authorization,
                          const char  *conversation_id,
                          guint        reconnect_max_seconds)
{
  OcClientTranscript *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);

  self = g_object_new (OC_TYPE_CLIENT_TRANSCRIPT, "conversation-id", conversation_id, NULL);
  self->session = g_object_ref (session);
  self->base_url = g_strdup (base_url);
  self->authorization = g_strdup (authorization);
  self->reconnect_max_seconds = reconnect_max_seconds;
  oc_client_transcript_connect (self);

  return OC_TRANSCRIPT (self);
}
