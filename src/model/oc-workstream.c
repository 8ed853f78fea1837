// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-workstream"

#include "config.h"

#include "oc-workstream.h"
#include "oc-model-private.h"

struct _OcWorkstream
{
  GObject     parent_instance;

  const char *id;      /* interned */
  char       *name;
  OcChannel   channel;
  guint       allowed_presences;
};

G_DEFINE_FINAL_TYPE (OcWorkstream, oc_workstream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CHANNEL,
  PROP_ALLOWED_PRESENCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
oc_workstream_finalize (GObject *object)
{
  OcWorkstream *self = OC_WORKSTREAM (object);

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (oc_workstream_parent_class)->finalize (object);
}

static void
oc_workstream_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OcWorkstream *self = OC_WORKSTREAM (object);

  switch (prop_id)
    {
    case PROP_ID:                g_value_set_static_string (value, self->id); break;
    case PROP_NAME:              g_value_set_string (value, oc_workstream_get_name (self)); break;
    case PROP_CHANNEL:           g_value_set_enum (value, self->channel); break;
    case PROP_ALLOWED_PRESENCES: g_value_set_uint (value, self->allowed_presences); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_workstream_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OcWorkstream *self = OC_WORKSTREAM (object);

  switch (prop_id)
    {
    case PROP_ID:                self->id = g_intern_string (g_value_get_string (value)); break;
    case PROP_NAME:              oc_workstream_set_name (self, g_value_get_string (value)); break;
    case PROP_CHANNEL:           oc_workstream_set_channel (self, g_value_get_enum (value)); break;
    case PROP_ALLOWED_PRESENCES: oc_workstream_set_allowed_presences (self, g_value_get_uint (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_workstream_class_init (OcWorkstreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = oc_workstream_finalize;
  object_class->get_property = oc_workstream_get_property;
  object_class->set_property = oc_workstream_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", rw);
  properties[PROP_CHANNEL] =
    g_param_spec_enum ("channel", NULL, NULL, OC_TYPE_CHANNEL, OC_CHANNEL_UNKNOWN, rw);
  /* OC_PRESENCE_BIT (presence) per allowed presence. */
  properties[PROP_ALLOWED_PRESENCES] =
    g_param_spec_uint ("allowed-presences", NULL, NULL, 0, G_MAXUINT, 0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_workstream_init (OcWorkstream *self)
{
}

/**
 * oc_workstream_new:
 * @id: the workstream's id, as the protocol names it
 *
 * Returns: (transfer full): a new #OcWorkstream: no name, channel unknown, no
 *   presence allowed
 */
OcWorkstream *
oc_workstream_new (const char *id)
{
  return g_object_new (OC_TYPE_WORKSTREAM, "id", id, NULL);
}

/**
 * oc_workstream_get_id:
 *
 * Returns: (transfer none): the workstream's id
 */
const char *
oc_workstream_get_id (OcWorkstream *self)
{
  g_return_val_if_fail (OC_IS_WORKSTREAM (self), NULL);
  return self->id;
}

/**
 * oc_workstream_get_name:
 *
 * Returns: (transfer none): the display name, "" when unset
 */
const char *
oc_workstream_get_name (OcWorkstream *self)
{
  g_return_val_if_fail (OC_IS_WORKSTREAM (self), NULL);
  return self->name != NULL ? self->name : "";
}

/**
 * oc_workstream_set_name:
 * @name: (nullable): the display name; %NULL or "" for none
 *
 * Sets #OcWorkstream:name, notifying only when it changes.
 */
void
oc_workstream_set_name (OcWorkstream *self,
                        const char   *name)
{
  g_return_if_fail (OC_IS_WORKSTREAM (self));

  _oc_notify_string (G_OBJECT (self), properties[PROP_NAME], &self->name, name);
}

/**
 * oc_workstream_get_channel:
 *
 * Returns: the channel the workstream's conversations come in on
 */
OcChannel
oc_workstream_get_channel (OcWorkstream *self)
{
  g_return_val_if_fail (OC_IS_WORKSTREAM (self), OC_CHANNEL_UNKNOWN);
  return self->channel;
}

/**
 * oc_workstream_set_channel:
 * @channel: the channel
 *
 * Sets #OcWorkstream:channel, notifying only when it changes.
 */
void
oc_workstream_set_channel (OcWorkstream *self,
                           OcChannel     channel)
{
  g_return_if_fail (OC_IS_WORKSTREAM (self));

  if (self->channel == channel)
    return;
  self->channel = channel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
}

/**
 * oc_workstream_get_allowed_presences:
 *
 * Returns: the presences whose agents may be offered its conversations:
 *   OC_PRESENCE_BIT (presence) per allowed presence
 */
guint
oc_workstream_get_allowed_presences (OcWorkstream *self)
{
  g_return_val_if_fail (OC_IS_WORKSTREAM (self), 0);
  return self->allowed_presences;
}

/**
 * oc_workstream_set_allowed_presences:
 * @mask: OC_PRESENCE_BIT (presence) per allowed presence
 *
 * Sets #OcWorkstream:allowed-presences, notifying only when it changes.
 */
void
oc_workstream_set_allowed_presences (OcWorkstream *self,
                                     guint         mask)
{
  g_return_if_fail (OC_IS_WORKSTREAM (self));

  _oc_notify_uint (G_OBJECT (self), properties[PROP_ALLOWED_PRESENCES], &self->allowed_presences, mask);
}

/**
 * oc_workstream_allows_presence:
 * @presence: an agent's presence
 *
 * Returns: whether agents in @presence may be offered conversations of this
 *   workstream; %OC_PRESENCE_UNKNOWN never is, whatever the mask says
 */
gboolean
oc_workstream_allows_presence (OcWorkstream *self,
                               OcPresence    presence)
{
  g_return_val_if_fail (OC_IS_WORKSTREAM (self), FALSE);

  if (presence <= OC_PRESENCE_UNKNOWN || (guint) presence >= 32)
    return FALSE;

  return (self->allowed_presences & OC_PRESENCE_BIT (presence)) != 0;
}

/**
 * oc_workstream_update_from:
 * @other: a workstream with the same id holding the new values
 *
 * Copies the fields of @other into @self, notifying only the properties that
 * changed. @other is not kept.
 *
 * Returns: %TRUE if anything changed
 */
gboolean
oc_workstream_update_from (OcWorkstream *self,
                           OcWorkstream *other)
{
  GObject *object = (GObject *) self;
  gboolean changed = FALSE;

  g_return_val_if_fail (OC_IS_WORKSTREAM (self), FALSE);
  g_return_val_if_fail (OC_IS_WORKSTREAM (other), FALSE);

  if (self == other)
    return FALSE;

  g_object_freeze_notify (object);
  changed |= _oc_notify_string (object, properties[PROP_NAME], &self->name, other->name);
  if (self->channel != other->channel)
    {
      self->channel = other->channel;
      g_object_notify_by_pspec (object, properties[PROP_CHANNEL]);
      changed = TRUE;
    }
  changed |= _oc_notify_uint (object, properties[PROP_ALLOWED_PRESENCES],
                              &self->allowed_presences, other->allowed_presences);
  g_object_thaw_notify (object);

  return changed;
}
