#define G_LOG_DOMAIN "oc-transcript"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-transcript.h"
#include "oc-transcript-private.h"

/* Messages are appended in batches, one items-changed each: a history of
 * thousands of lines arrives as a few batches, not thousands of signals. */
#define BATCH_INTERVAL_MS  16

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

void
_oc_transcript_set_state (OcTranscript      *self,
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

void
_oc_transcript_flush (OcTranscript *self)
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
  _oc_transcript_flush (self);
  return G_SOURCE_REMOVE;
}

void
_oc_transcript_finish (OcTranscript      *self,
                      OcTranscriptState  state,
                      const char        *status_message)
{
  g_assert (OC_IS_TRANSCRIPT (self));

  _oc_transcript_flush (self);
  self->running = FALSE;
  _oc_transcript_teardown (self);
  _oc_transcript_set_state (self, state, status_message);
}

/* Takes @message, shown with the next batch. */
void
_oc_transcript_add_pending (OcTranscript *self,
                           OcMessage    *message)
{
  g_assert (OC_IS_TRANSCRIPT (self));

  g_ptr_array_add (self->pending, message);
  if (self->flush_source == 0)
    self->flush_source = g_timeout_add (BATCH_INTERVAL_MS, flush_cb, self);
}

void
_oc_transcript_set_ended_reason (OcTranscript *self,
                                 const char   *reason)
{
  g_assert (OC_IS_TRANSCRIPT (self));

  if (g_strcmp0 (self->ended_reason, reason) == 0)
    return;

  g_free (self->ended_reason);
  self->ended_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED_REASON]);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
oc_transcript_dispose (GObject *object)
{
  OcTranscript *self = OC_TRANSCRIPT (object);

  self->running = FALSE;
  _oc_transcript_teardown (self);
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
  self->keepalive_seconds = OC_TRANSCRIPT_KEEPALIVE_SECONDS;
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
  _oc_transcript_connect (self);

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

  _oc_transcript_finish (self, OC_TRANSCRIPT_STATE_FAILED, _("Stopped following the conversation."));
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
  _oc_transcript_add_pending (self, g_object_ref (message));
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

  if (state == OC_TRANSCRIPT_STATE_ENDED)
    _oc_transcript_set_ended_reason (self, ended_reason);
  _oc_transcript_finish (self, state, status_message);
}
