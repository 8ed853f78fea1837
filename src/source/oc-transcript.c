// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-transcript"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-transcript.h"
#include "oc-transcript-private.h"

/* Messages are appended in batches, one items-changed each: a history of
 * thousands of lines arrives as a few batches, not thousands of signals. */
#define BATCH_INTERVAL_MS  16

static void oc_transcript_list_model_init (GListModelInterface *iface);

/**
 * OcTranscript:
 *
 * A #GListModel of #OcMessage in seq order: one conversation's messages as
 * the backend has them, with #OcTranscript:conversation-id,
 * #OcTranscript:state, #OcTranscript:ended-reason and
 * #OcTranscript:status-message. Made by oc_source_open_transcript(); each
 * backend feeds it its own way (#OcClientTranscript follows a WebSocket and
 * resumes after drops without gaps or duplicates). It stops when disposed or
 * with oc_transcript_stop().
 */

typedef struct
{
  char              *conversation_id;
  OcTranscriptState  state;
  char              *ended_reason;
  char              *status_message;
  GPtrArray         *messages;   /* OcMessage, in seq order */
  GPtrArray         *pending;    /* OcMessage, waiting for the next batch */
  gint64             last_seq;   /* the highest seq accepted */
  guint              flush_source;
  gboolean           running;
} OcTranscriptPrivate;

G_DEFINE_TYPE_WITH_CODE (OcTranscript, oc_transcript, G_TYPE_OBJECT,
                         G_ADD_PRIVATE (OcTranscript)
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, oc_transcript_list_model_init))

/**
 * oc_transcript_state_get_type:
 *
 * Returns: the #GType of #OcTranscriptState, for the "state" property
 */
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
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (OC_TRANSCRIPT (model));

  return priv->messages->len;
}

static gpointer
oc_transcript_get_item (GListModel *model,
                        guint       position)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (OC_TRANSCRIPT (model));

  if (position >= priv->messages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (priv->messages, position));
}

static void
oc_transcript_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = oc_transcript_get_item_type;
  iface->get_n_items = oc_transcript_get_n_items;
  iface->get_item = oc_transcript_get_item;
}

/* ------------------------------------------------------------------------ */
/* For the backends (oc-transcript-private.h) */

gboolean
_oc_transcript_is_running (OcTranscript *self)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_assert (OC_IS_TRANSCRIPT (self));

  return priv->running;
}

gint64
_oc_transcript_get_last_seq (OcTranscript *self)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_assert (OC_IS_TRANSCRIPT (self));

  return priv->last_seq;
}

void
_oc_transcript_set_state (OcTranscript      *self,
                          OcTranscriptState  state,
                          const char        *status_message)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_assert (OC_IS_TRANSCRIPT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (priv->state != state)
    {
      priv->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (priv->status_message, status_message) != 0)
    {
      g_free (priv->status_message);
      priv->status_message = g_strdup (status_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_oc_transcript_flush (OcTranscript *self)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);
  guint position;
  guint added;

  g_assert (OC_IS_TRANSCRIPT (self));

  g_clear_handle_id (&priv->flush_source, g_source_remove);
  if (priv->pending->len == 0)
    return;

  position = priv->messages->len;
  added = priv->pending->len;
  g_ptr_array_extend_and_steal (priv->messages, g_steal_pointer (&priv->pending));
  priv->pending = g_ptr_array_new_with_free_func (g_object_unref);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
flush_cb (gpointer user_data)
{
  OcTranscript *self = user_data;
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  priv->flush_source = 0;
  _oc_transcript_flush (self);
  return G_SOURCE_REMOVE;
}

static void
oc_transcript_disconnect (OcTranscript *self)
{
  if (OC_TRANSCRIPT_GET_CLASS (self)->disconnect != NULL)
    OC_TRANSCRIPT_GET_CLASS (self)->disconnect (self);
}

void
_oc_transcript_finish (OcTranscript      *self,
                       OcTranscriptState  state,
                       const char        *status_message)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_assert (OC_IS_TRANSCRIPT (self));

  _oc_transcript_flush (self);
  priv->running = FALSE;
  oc_transcript_disconnect (self);
  _oc_transcript_set_state (self, state, status_message);
}

void
_oc_transcript_add_pending (OcTranscript *self,
                            OcMessage    *message)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_assert (OC_IS_TRANSCRIPT (self));

  priv->last_seq = MAX (priv->last_seq, oc_message_get_seq (message));
  g_ptr_array_add (priv->pending, message);
  if (priv->flush_source == 0)
    priv->flush_source = g_timeout_add (BATCH_INTERVAL_MS, flush_cb, self);
}

void
_oc_transcript_set_ended_reason (OcTranscript *self,
                                 const char   *reason)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_assert (OC_IS_TRANSCRIPT (self));

  if (g_strcmp0 (priv->ended_reason, reason) == 0)
    return;

  g_free (priv->ended_reason);
  priv->ended_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED_REASON]);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
oc_transcript_dispose (GObject *object)
{
  OcTranscript *self = OC_TRANSCRIPT (object);
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  priv->running = FALSE;
  oc_transcript_disconnect (self);
  g_clear_handle_id (&priv->flush_source, g_source_remove);

  G_OBJECT_CLASS (oc_transcript_parent_class)->dispose (object);
}

static void
oc_transcript_finalize (GObject *object)
{
  OcTranscript *self = OC_TRANSCRIPT (object);
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_clear_pointer (&priv->conversation_id, g_free);
  g_clear_pointer (&priv->ended_reason, g_free);
  g_clear_pointer (&priv->status_message, g_free);
  g_clear_pointer (&priv->messages, g_ptr_array_unref);
  g_clear_pointer (&priv->pending, g_ptr_array_unref);

  G_OBJECT_CLASS (oc_transcript_parent_class)->finalize (object);
}

static void
oc_transcript_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OcTranscript *self = OC_TRANSCRIPT (object);
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONVERSATION_ID:
      g_value_set_string (value, priv->conversation_id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_ENDED_REASON:
      g_value_set_string (value, priv->ended_reason);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, priv->status_message);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, OC_TYPE_MESSAGE);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, priv->messages->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_transcript_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OcTranscript *self = OC_TRANSCRIPT (object);
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONVERSATION_ID:
      priv->conversation_id = g_value_dup_string (value);
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
  object_class->set_property = oc_transcript_set_property;

  properties[PROP_CONVERSATION_ID] =
    g_param_spec_string ("conversation-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
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
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  priv->messages = g_ptr_array_new_with_free_func (g_object_unref);
  priv->pending = g_ptr_array_new_with_free_func (g_object_unref);
  priv->state = OC_TRANSCRIPT_STATE_CONNECTING;
  /* Running until it finishes: a subclass starts feeding it after init. */
  priv->running = TRUE;
}

/* ------------------------------------------------------------------------ */
/* Public API */

/**
 * oc_transcript_get_conversation_id:
 * @self: a transcript
 *
 * Returns: (transfer none): the id of the conversation this transcript follows
 */
const char *
oc_transcript_get_conversation_id (OcTranscript *self)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_return_val_if_fail (OC_IS_TRANSCRIPT (self), NULL);

  return priv->conversation_id;
}

/**
 * oc_transcript_get_state:
 * @self: a transcript
 *
 * Returns: connecting until the history arrived, then live; reconnecting
 *   after a drop; ended or failed for good
 */
OcTranscriptState
oc_transcript_get_state (OcTranscript *self)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_return_val_if_fail (OC_IS_TRANSCRIPT (self), OC_TRANSCRIPT_STATE_FAILED);

  return priv->state;
}

/**
 * oc_transcript_get_ended_reason:
 * @self: a transcript
 *
 * Returns: (transfer none) (nullable): "closed", "force-closed", "expired" (or a reason this
 *   version does not know) once the state is ended
 */
const char *
oc_transcript_get_ended_reason (OcTranscript *self)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_return_val_if_fail (OC_IS_TRANSCRIPT (self), NULL);

  return priv->ended_reason;
}

/**
 * oc_transcript_get_status_message:
 * @self: a transcript
 *
 * Returns: (transfer none) (nullable): why it is reconnecting or failed, readable by a person
 */
const char *
oc_transcript_get_status_message (OcTranscript *self)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_return_val_if_fail (OC_IS_TRANSCRIPT (self), NULL);

  return priv->status_message;
}

/**
 * oc_transcript_stop:
 * @self: a transcript
 *
 * Stops following: the feed closes and the messages stay. A transcript that
 * had not ended becomes failed with a status message saying it was stopped.
 */
void
oc_transcript_stop (OcTranscript *self)
{
  OcTranscriptPrivate *priv = oc_transcript_get_instance_private (self);

  g_return_if_fail (OC_IS_TRANSCRIPT (self));

  if (!priv->running)
    return;

  _oc_transcript_finish (self, OC_TRANSCRIPT_STATE_FAILED, _("Stopped following the conversation."));
}

/* ------------------------------------------------------------------------ */
/* Transcripts fed by their owner rather than a socket (OcDataverseSource) */

OcTranscript *
_oc_transcript_new_detached (const char *conversation_id)
{
  g_return_val_if_fail (conversation_id != NULL, NULL);

  return g_object_new (OC_TYPE_TRANSCRIPT, "conversation-id", conversation_id, NULL);
}

void
_oc_transcript_append (OcTranscript *self,
                       OcMessage    *message)
{
  g_return_if_fail (OC_IS_TRANSCRIPT (self));
  g_return_if_fail (OC_IS_MESSAGE (message));

  if (!_oc_transcript_is_running (self))
    return;

  _oc_transcript_add_pending (self, g_object_ref (message));
}

void
_oc_transcript_end (OcTranscript      *self,
                    OcTranscriptState  state,
                    const char        *ended_reason,
                    const char        *status_message)
{
  g_return_if_fail (OC_IS_TRANSCRIPT (self));

  if (!_oc_transcript_is_running (self))
    return;

  if (state == OC_TRANSCRIPT_STATE_ENDED)
    _oc_transcript_set_ended_reason (self, ended_reason);
  _oc_transcript_finish (self, state, status_message);
}
