#define G_LOG_DOMAIN "oc-transcript"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-client-private.h"
#include "oc-json-private.h"
#include "oc-protocol.h"
#include "oc-transcript.h"

/* Messages are appended in batches, one items-changed each: a history of
 * thousands of lines arrives as a few batches, not thousands of signals. */
#define BATCH_INTERVAL_MS  16
#define HEALTHY_US         (10 * G_USEC_PER_SEC)
/* libsoup pings at this interval, so a dead peer surfaces as a write error. */
#define KEEPALIVE_SECONDS  30
/* A frame that cannot be read comes again on every resume after the same
 * seq; after this many drops in a row without progress, stop. */
#define MAX_BAD_FRAME_DROPS 3

struct _OcTranscript
{
  GObject            parent_instance;

  SoupSession       *session;
  char              *base_url;
  char              *authorization;
  char              *conversation_id;
  guint              reconnect_max_seconds;

  OcTranscriptState  state;
  char              *ended_reason;
  char              *status_message;

  GPtrArray         *messages;   /* OcMessage, in seq order */
  GPtrArray         *pending;    /* OcMessage, waiting for the next batch */
  gint64             last_seq;   /* the highest seq accepted */
  guint              flush_source;

  gboolean           running;
  GCancellable      *cancellable;
  SoupWebsocketConnection *ws;
  GError            *ws_error;
  guint              retry_source;
  gint64             connected_since;
  OcBackoff          backoff;
  guint              malformed_frames;
  guint              bad_frame_drops;  /* in a row, all at bad_frame_seq */
  gint64             bad_frame_seq;
};

static void oc_transcript_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OcTranscript, oc_transcript, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, oc_transcript_list_model_init))

G_DEFINE_ENUM_TYPE (OcTranscriptState, oc_transcript_state,
  G_DEFINE_ENUM_VALUE (OC_TRANSCRIPT_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (OC_TRANSCRIPT_STATE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (OC_TRANSCRIPT_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (OC_TRANSCRIPT_STATE_ENDED, "ended"),
  G_DEFINE_ENUM_VALUE (OC_TRANSCRIPT_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_CONVERSATION_ID,
  PROP_STATE,
  PROP_ENDED_REASON,
  PROP_STATUS_MESSAGE,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void oc_transcript_connect (OcTranscript *self);

/* ------------------------------------------------------------------------ */
/* GListModel */

static GType
oc_transcript_get_item_type (GListModel *model)
{
  return OC_TYPE_MESSAGE;
}

static guint
oc_transcript_get_n_items (GListModel *model)
{
  return OC_TRANSCRIPT (model)->messages->len;
}

static gpointer
oc_transcript_get_item (GListModel *model,
                        guint       position)
{
  OcTranscript *self = OC_TRANSCRIPT (model);

  if (position >= self->messages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->messages, position));
}

static void
oc_transcript_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = oc_transcript_get_item_type;
  iface->get_n_items = oc_transcript_get_n_items;
  iface->get_item = oc_transcript_get_item;
}

/* ------------------------------------------------------------------------ */
/* State */

static void
oc_transcript_set_state (OcTranscript      *self,
                         OcTranscriptState  state,
                         const char        *status_message)
{
  g_assert (OC_IS_TRANSCRIPT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->status_message, status_message) != 0)
    {
      g_free (self->status_message);
      self->status_message = g_strdup (status_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
oc_transcript_flush (OcTranscript *self)
{
  guint position;
  guint added;

  g_assert (OC_IS_TRANSCRIPT (self));

  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (self->pending->len == 0)
    return;

  position = self->messages->len;
  added = self->pending->len;
  g_ptr_array_extend_and_steal (self->messages, g_steal_pointer (&self->pending));
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
flush_cb (gpointer user_data)
{
  OcTranscript *self = user_data;

  self->flush_source = 0;
  oc_transcript_flush (self);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------ */
/* Connection */

static gboolean
release_later_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static void
oc_transcript_teardown (OcTranscript *self)
{
  g_assert (OC_IS_TRANSCRIPT (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
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
  g_clear_handle_id (&self->retry_source, g_source_remove);
}

static gboolean
retry_cb (gpointer user_data)
{
  OcTranscript *self = user_data;

  self->retry_source = 0;
  oc_transcript_connect (self);
  return G_SOURCE_REMOVE;
}

static void
oc_transcript_drop (OcTranscript *self,
                    const char   *reason)
{
  guint delay;

  g_assert (OC_IS_TRANSCRIPT (self));

  if (self->connected_since > 0 &&
      g_get_monotonic_time () - self->connected_since >= HEALTHY_US)
    oc_backoff_reset (&self->backoff);

  oc_transcript_flush (self);
  oc_transcript_teardown (self);
  self->connected_since = 0;
  if (!self->running)
    return;

  self->backoff.max_ms = self->reconnect_max_seconds * 1000;
  delay = oc_backoff_next_ms (&self->backoff);
  g_debug ("Transcript %s dropped (%s); resuming after %" G_GINT64_FORMAT " in %u ms",
           self->conversation_id, reason, self->last_seq, delay);
  oc_transcript_set_state (self, OC_TRANSCRIPT_STATE_RECONNECTING, reason);
  self->retry_source = g_timeout_add (delay, retry_cb, self);
}

static void oc_transcript_finish (OcTranscript      *self,
                                  OcTranscriptState  state,
                                  const char        *status_message);

/* Drops the connection over a frame that could not be read. Resuming asks
 * for the same messages again, so when drops repeat with no new message in
 * between, the frame would come back forever: give up instead. */
static void
oc_transcript_drop_bad_frame (OcTranscript *self,
                              const char   *reason)
{
  g_assert (OC_IS_TRANSCRIPT (self));

  if (self->bad_frame_drops > 0 && self->bad_frame_seq == self->last_seq)
    self->bad_frame_drops++;
  else
    {
      self->bad_frame_seq = self->last_seq;
      self->bad_frame_drops = 1;
    }

  if (self->bad_frame_drops >= MAX_BAD_FRAME_DROPS)
    {
      g_warning ("Transcript %s: the same unreadable frame after seq %" G_GINT64_FORMAT
                 " %u times; giving up", self->conversation_id, self->last_seq, self->bad_frame_drops);
      oc_transcript_finish (self, OC_TRANSCRIPT_STATE_FAILED,
                            _("The server keeps sending a message that cannot be read."));
      return;
    }

  oc_transcript_drop (self, reason);
}

static void
oc_transcript_finish (OcTranscript      *self,
                      OcTranscriptState  state,
                      const char        *status_message)
{
  g_assert (OC_IS_TRANSCRIPT (self));

  oc_transcript_flush (self);
  self->running = FALSE;
  oc_transcript_teardown (self);
  oc_transcript_set_state (self, state, status_message);
}

/* Takes @message, shown with the next batch. */
static void
oc_transcript_add_pending (OcTranscript *self,
                           OcMessage    *message)
{
  g_assert (OC_IS_TRANSCRIPT (self));

  g_ptr_array_add (self->pending, message);
  if (self->flush_source == 0)
    self->flush_source = g_timeout_add (BATCH_INTERVAL_MS, flush_cb, self);
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
oc_transcript_pass_over (OcTranscript *self,
                         gint64        seq)
{
  g_assert (OC_IS_TRANSCRIPT (self));

  if (seq <= self->last_seq)
    return;

  self->last_seq = seq;
  oc_transcript_add_pending (self, oc_message_new (seq, g_get_real_time () / G_USEC_PER_SEC,
                                                   OC_SENDER_SYSTEM, NULL, OC_MESSAGE_KIND_EVENT,
                                                   _("A message could not be read.")));
}

static void
oc_transcript_handle_event (OcTranscript *self,
                            OcEvent      *event)
{
  g_assert (OC_IS_TRANSCRIPT (self));

  switch (event->type)
    {
    case OC_EVENT_MESSAGE:
      {
        gint64 seq = oc_message_get_seq (event->message);

        /* A resumed stream may repeat what we hold; seq says what is new. */
        if (seq <= self->last_seq)
          break;
        if (seq != self->last_seq + 1)
          g_debug ("Transcript %s: seq %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT,
                   self->conversation_id, seq, self->last_seq);
        self->last_seq = seq;
        oc_transcript_add_pending (self, g_steal_pointer (&event->message));
      }
      break;

    case OC_EVENT_HISTORY_END:
      self->bad_frame_drops = 0;
      oc_transcript_flush (self);
      oc_backoff_reset (&self->backoff);
      oc_transcript_set_state (self, OC_TRANSCRIPT_STATE_LIVE, NULL);
      break;

    case OC_EVENT_ENDED:
      g_free (self->ended_reason);
      self->ended_reason = g_strdup (event->reason ? event->reason : "closed");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED_REASON]);
      oc_transcript_finish (self, OC_TRANSCRIPT_STATE_ENDED, _("The conversation has ended."));
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
  OcTranscript *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = NULL;

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
                     self->conversation_id, seq, error ? error->message : "no body");
          oc_transcript_pass_over (self, seq);
          return;
        }

      g_warning ("Transcript %s: dropping the connection after a malformed frame: %s",
                 self->conversation_id, error ? error->message : "message without a body");
      oc_transcript_drop_bad_frame (self, _("The server sent a message that cannot be read."));
      return;
    }

  oc_transcript_handle_event (self, event);
}

static void
on_ws_error (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 user_data)
{
  OcTranscript *self = user_data;

  if (self->ws_error == NULL)
    self->ws_error = g_error_copy (error);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  OcTranscript *self = user_data;
  g_autofree char *reason = NULL;
  gushort code = soup_websocket_connection_get_close_code (ws);

  if (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG ||
      g_error_matches (self->ws_error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG))
    {
      g_warning ("Transcript %s: a frame was over %d bytes", self->conversation_id,
                 OC_PROTOCOL_MAX_TRANSCRIPT_FRAME);
      oc_transcript_drop_bad_frame (self, _("The server sent a message larger than allowed."));
      return;
    }

  if (self->ws_error != NULL)
    reason = g_strdup_printf (_("The connection to the server broke (%s)."), self->ws_error->message);
  else
    reason = g_strdup (_("The server closed the connection."));

  oc_transcript_drop (self, reason);
}

static void
on_ws_connected (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OcTranscript *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ws == NULL)
    {
      SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
      guint status = msg ? soup_message_get_status (msg) : 0;
      g_autoptr(GError) mapped = NULL;

      if (status == SOUP_STATUS_NOT_FOUND)
        {
          oc_transcript_finish (self, OC_TRANSCRIPT_STATE_FAILED,
                                _("The server has no transcript for this conversation; it may have ended."));
          return;
        }

      mapped = status >= 300 ? oc_http_error_new (msg, NULL) : oc_http_error_from_transport (error);
      if (g_error_matches (mapped, OC_CLIENT_ERROR, OC_CLIENT_ERROR_UNAUTHORIZED) ||
          g_error_matches (mapped, OC_CLIENT_ERROR, OC_CLIENT_ERROR_FORBIDDEN) ||
          g_error_matches (mapped, OC_CLIENT_ERROR, OC_CLIENT_ERROR_TLS) ||
          g_error_matches (mapped, OC_CLIENT_ERROR, OC_CLIENT_ERROR_BAD_REQUEST))
        oc_transcript_finish (self, OC_TRANSCRIPT_STATE_FAILED, mapped->message);
      else
        oc_transcript_drop (self, mapped->message);
      return;
    }

  self->ws = ws;
  self->connected_since = g_get_monotonic_time ();
  soup_websocket_connection_set_max_incoming_payload_size (ws, OC_PROTOCOL_MAX_TRANSCRIPT_FRAME);
  soup_websocket_connection_set_keepalive_interval (ws, KEEPALIVE_SECONDS);
  g_signal_connect (ws, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (ws, "error", G_CALLBACK (on_ws_error), self);
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed), self);
}

static void
oc_transcript_connect (OcTranscript *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;

  g_assert (OC_IS_TRANSCRIPT (self));

  oc_transcript_teardown (self);

  if (!oc_protocol_is_valid_id (self->conversation_id))
    {
      oc_transcript_finish (self, OC_TRANSCRIPT_STATE_FAILED, _("The conversation id is not valid."));
      return;
    }
  if (self->authorization == NULL)
    {
      oc_transcript_finish (self, OC_TRANSCRIPT_STATE_FAILED,
                            _("The access token is empty or contains characters a token cannot have."));
      return;
    }

  path = g_strdup_printf ("conversations/%s/transcript", self->conversation_id);
  query = g_strdup_printf ("after=%" G_GINT64_FORMAT, self->last_seq);
  msg = oc_http_new_message (SOUP_METHOD_GET, self->base_url, path, query, self->authorization);
  if (msg == NULL)
    {
      oc_transcript_finish (self, OC_TRANSCRIPT_STATE_FAILED,
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
oc_transcript_dispose (GObject *object)
{
  OcTranscript *self = OC_TRANSCRIPT (object);

  self->running = FALSE;
  oc_transcript_teardown (self);
  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (oc_transcript_parent_class)->dispose (object);
}

static void
oc_transcript_finalize (GObject *object)
{
  OcTranscript *self = OC_TRANSCRIPT (object);

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->conversation_id, g_free);
  g_clear_pointer (&self->ended_reason, g_free);
  g_clear_pointer (&self->status_message, g_free);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);

  G_OBJECT_CLASS (oc_transcript_parent_class)->finalize (object);
}

static void
oc_transcript_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OcTranscript *self = OC_TRANSCRIPT (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION_ID:
      g_value_set_string (value, self->conversation_id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ENDED_REASON:
      g_value_set_string (value, self->ended_reason);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->status_message);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, OC_TYPE_MESSAGE);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->messages->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_transcript_class_init (OcTranscriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oc_transcript_dispose;
  object_class->finalize = oc_transcript_finalize;
  object_class->get_property = oc_transcript_get_property;

  properties[PROP_CONVERSATION_ID] =
    g_param_spec_string ("conversation-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, OC_TYPE_TRANSCRIPT_STATE, OC_TRANSCRIPT_STATE_CONNECTING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENDED_REASON] =
    g_param_spec_string ("ended-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_transcript_init (OcTranscript *self)
{
  self->messages = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->state = OC_TRANSCRIPT_STATE_CONNECTING;
}

OcTranscript *
_oc_transcript_new (SoupSession *session,
                    const char  *base_url,
                    const char  *authorization,
                    const char  *conversation_id,
                    guint        reconnect_max_seconds)
{
  OcTranscript *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);

  self = g_object_new (OC_TYPE_TRANSCRIPT, NULL);
  self->session = g_object_ref (session);
  self->base_url = g_strdup (base_url);
  self->authorization = g_strdup (authorization);
  self->conversation_id = g_strdup (conversation_id);
  self->reconnect_max_seconds = reconnect_max_seconds;
  self->running = TRUE;
  oc_transcript_connect (self);

  return self;
}

/* ------------------------------------------------------------------------ */
/* Public API */

const char *
oc_transcript_get_conversation_id (OcTranscript *self)
{
  g_return_val_if_fail (OC_IS_TRANSCRIPT (self), NULL);

  return self->conversation_id;
}

OcTranscriptState
oc_transcript_get_state (OcTranscript *self)
{
  g_return_val_if_fail (OC_IS_TRANSCRIPT (self), OC_TRANSCRIPT_STATE_FAILED);

  return self->state;
}

/**
 * oc_transcript_get_ended_reason:
 *
 * Returns: (nullable): "closed", "force-closed", "expired" (or a reason this
 *   version does not know) once the state is ended
 */
const char *
oc_transcript_get_ended_reason (OcTranscript *self)
{
  g_return_val_if_fail (OC_IS_TRANSCRIPT (self), NULL);

  return self->ended_reason;
}

const char *
oc_transcript_get_status_message (OcTranscript *self)
{
  g_return_val_if_fail (OC_IS_TRANSCRIPT (self), NULL);

  return self->status_message;
}

/**
 * oc_transcript_stop:
 *
 * Stops following: the socket closes and the messages stay. A transcript that
 * had not ended becomes failed with a status message saying it was stopped.
 */
void
oc_transcript_stop (OcTranscript *self)
{
  g_return_if_fail (OC_IS_TRANSCRIPT (self));

  if (!self->running)
    return;

  oc_transcript_finish (self, OC_TRANSCRIPT_STATE_FAILED, _("Stopped following the conversation."));
}

/* ------------------------------------------------------------------------ */
/* Transcripts fed by their owner rather than a socket (OcDataverseSource) */

/**
 * _oc_transcript_new_detached:
 * @conversation_id: the conversation it belongs to
 *
 * Returns: (transfer full): a connecting transcript that no socket feeds:
 *   its owner appends messages with _oc_transcript_append() and settles it
 *   with _oc_transcript_end()
 */
OcTranscript *
_oc_transcript_new_detached (const char *conversation_id)
{
  OcTranscript *self;

  g_return_val_if_fail (conversation_id != NULL, NULL);

  self = g_object_new (OC_TYPE_TRANSCRIPT, NULL);
  self->conversation_id = g_strdup (conversation_id);
  self->running = TRUE;
  return self;
}

/* Takes a reference to @message; ignored once the transcript stopped. */
void
_oc_transcript_append (OcTranscript *self,
                       OcMessage    *message)
{
  g_return_if_fail (OC_IS_TRANSCRIPT (self));
  g_return_if_fail (OC_IS_MESSAGE (message));

  if (!self->running)
    return;

  self->last_seq = MAX (self->last_seq, oc_message_get_seq (message));
  g_ptr_array_add (self->pending, g_object_ref (message));
  if (self->flush_source == 0)
    self->flush_source = g_timeout_add (BATCH_INTERVAL_MS, flush_cb, self);
}

/* Shows what was appended and settles the state; a stopped transcript
 * stays as it is. */
void
_oc_transcript_end (OcTranscript      *self,
                    OcTranscriptState  state,
                    const char        *ended_reason,
                    const char        *status_message)
{
  g_return_if_fail (OC_IS_TRANSCRIPT (self));

  if (!self->running)
    return;

  if (state == OC_TRANSCRIPT_STATE_ENDED && g_strcmp0 (self->ended_reason, ended_reason) != 0)
    {
      g_free (self->ended_reason);
      self->ended_reason = g_strdup (ended_reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED_REASON]);
    }
  oc_transcript_finish (self, state, status_message);
}
