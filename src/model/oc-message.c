// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-message"

#include "config.h"

#include "oc-message.h"

struct _OcMessage
{
  GObject        parent_instance;

  gint64         seq;
  gint64         at;
  char          *sender_name;
  char          *text;
  OcSender       sender_role;
  OcMessageKind  kind;
};

G_DEFINE_FINAL_TYPE (OcMessage, oc_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEQ,
  PROP_AT,
  PROP_SENDER_ROLE,
  PROP_SENDER_NAME,
  PROP_KIND,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
oc_message_finalize (GObject *object)
{
  OcMessage *self = OC_MESSAGE (object);

  g_clear_pointer (&self->sender_name, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (oc_message_parent_class)->finalize (object);
}

static void
oc_message_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  OcMessage *self = OC_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_SEQ:         g_value_set_int64 (value, self->seq); break;
    case PROP_AT:          g_value_set_int64 (value, self->at); break;
    case PROP_SENDER_ROLE: g_value_set_enum (value, self->sender_role); break;
    case PROP_SENDER_NAME: g_value_set_string (value, oc_message_get_sender_name (self)); break;
    case PROP_KIND:        g_value_set_enum (value, self->kind); break;
    case PROP_TEXT:        g_value_set_string (value, oc_message_get_text (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_message_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  OcMessage *self = OC_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_SEQ:         self->seq = g_value_get_int64 (value); break;
    case PROP_AT:          self->at = g_value_get_int64 (value); break;
    case PROP_SENDER_ROLE: self->sender_role = g_value_get_enum (value); break;
    case PROP_SENDER_NAME: self->sender_name = g_value_dup_string (value); break;
    case PROP_KIND:        self->kind = g_value_get_enum (value); break;
    case PROP_TEXT:        self->text = g_value_dup_string (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_message_class_init (OcMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = oc_message_finalize;
  object_class->get_property = oc_message_get_property;
  object_class->set_property = oc_message_set_property;

  properties[PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_AT] =
    g_param_spec_int64 ("at", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_SENDER_ROLE] =
    g_param_spec_enum ("sender-role", NULL, NULL, OC_TYPE_SENDER, OC_SENDER_UNKNOWN, co);
  properties[PROP_SENDER_NAME] =
    g_param_spec_string ("sender-name", NULL, NULL, "", co);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, OC_TYPE_MESSAGE_KIND, OC_MESSAGE_KIND_UNKNOWN, co);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "", co);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_message_init (OcMessage *self)
{
}

/**
 * oc_message_new:
 * @seq: its place in the transcript, increasing from 1
 * @at: when it was said, in Unix seconds
 * @sender_role: who said it
 * @sender_name: (nullable): the sender's display name
 * @kind: what kind of line it is
 * @text: (nullable): literal text, never markup
 *
 * Makes one transcript line. It is immutable: its properties are
 * construct-only.
 *
 * Returns: (transfer full): a new #OcMessage
 */
OcMessage *
oc_message_new (gint64         seq,
                gint64         at,
                OcSender       sender_role,
                const char    *sender_name,
                OcMessageKind  kind,
                const char    *text)
{
  return g_object_new (OC_TYPE_MESSAGE,
                       "seq", seq,
                       "at", at,
                       "sender-role", sender_role,
                       "sender-name", sender_name,
                       "kind", kind,
                       "text", text,
                       NULL);
}

/**
 * oc_message_get_seq:
 *
 * Returns: the line's place in its transcript
 */
gint64
oc_message_get_seq (OcMessage *self)
{
  g_return_val_if_fail (OC_IS_MESSAGE (self), 0);
  return self->seq;
}

/**
 * oc_message_get_at:
 *
 * Returns: when the line was said, in Unix seconds
 */
gint64
oc_message_get_at (OcMessage *self)
{
  g_return_val_if_fail (OC_IS_MESSAGE (self), 0);
  return self->at;
}

/**
 * oc_message_get_sender_role:
 *
 * Returns: who said the line
 */
OcSender
oc_message_get_sender_role (OcMessage *self)
{
  g_return_val_if_fail (OC_IS_MESSAGE (self), OC_SENDER_UNKNOWN);
  return self->sender_role;
}

/**
 * oc_message_get_sender_name:
 *
 * Returns: (transfer none): the sender's display name, "" when unset
 */
const char *
oc_message_get_sender_name (OcMessage *self)
{
  g_return_val_if_fail (OC_IS_MESSAGE (self), NULL);
  return self->sender_name != NULL ? self->sender_name : "";
}

/**
 * oc_message_get_kind:
 *
 * Returns: the kind of line: text, a voice transcript or an event
 */
OcMessageKind
oc_message_get_kind (OcMessage *self)
{
  g_return_val_if_fail (OC_IS_MESSAGE (self), OC_MESSAGE_KIND_UNKNOWN);
  return self->kind;
}

/**
 * oc_message_get_text:
 *
 * Returns: (transfer none): the line's literal text, "" when unset
 */
const char *
oc_message_get_text (OcMessage *self)
{
  g_return_val_if_fail (OC_IS_MESSAGE (self), NULL);
  return self->text != NULL ? self->text : "";
}
