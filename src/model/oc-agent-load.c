// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-agent-load"

#include "config.h"

#include "oc-agent-load.h"
#include "oc-agent-load-private.h"

struct _OcAgentLoad
{
  GObject        parent_instance;

  const char    *agent_id;   /* interned */
  OcAgent       *agent;      /* NULL while the store does not know the agent */
  char          *name_key;
  OcAgentFigures figures;    /* counted by OcAgentView */
  guint          index;      /* OcAgentView's */
  int            counted_presence;   /* OcAgentView's tally; -1: not counted */
};

enum {
  PROP_0,
  PROP_AGENT,
  PROP_N_HELD,
  PROP_N_CHAT,
  PROP_N_MESSAGING,
  PROP_N_VOICE,
  PROP_OLDEST_ASSIGNED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OcAgentLoad, oc_agent_load, G_TYPE_OBJECT)

static void
oc_agent_load_finalize (GObject *object)
{
  OcAgentLoad *self = OC_AGENT_LOAD (object);

  g_clear_object (&self->agent);
  g_clear_pointer (&self->name_key, g_free);

  G_OBJECT_CLASS (oc_agent_load_parent_class)->finalize (object);
}

static void
oc_agent_load_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OcAgentLoad *self = OC_AGENT_LOAD (object);

  switch (prop_id)
    {
    case PROP_AGENT:              g_value_set_object (value, self->agent); break;
    case PROP_N_HELD:             g_value_set_uint (value, self->figures.n_held); break;
    case PROP_N_CHAT:             g_value_set_uint (value, self->figures.n_on[OC_CHANNEL_CHAT]); break;
    case PROP_N_MESSAGING:        g_value_set_uint (value, self->figures.n_on[OC_CHANNEL_MESSAGING]); break;
    case PROP_N_VOICE:            g_value_set_uint (value, self->figures.n_on[OC_CHANNEL_VOICE]); break;
    case PROP_OLDEST_ASSIGNED_AT: g_value_set_int64 (value, self->figures.oldest_assigned_at); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_agent_load_class_init (OcAgentLoadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = oc_agent_load_finalize;
  object_class->get_property = oc_agent_load_get_property;

  properties[PROP_AGENT] =
    g_param_spec_object ("agent", NULL, NULL, OC_TYPE_AGENT, ro);
  properties[PROP_N_HELD] =
    g_param_spec_uint ("n-held", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_CHAT] =
    g_param_spec_uint ("n-chat", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_MESSAGING] =
    g_param_spec_uint ("n-messaging", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_VOICE] =
    g_param_spec_uint ("n-voice", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /* The earliest first-assigned-at of the held conversations, 0 for none:
   * the longest handle time is now minus this. */
  properties[PROP_OLDEST_ASSIGNED_AT] =
    g_param_spec_int64 ("oldest-assigned-at", NULL, NULL, 0, G_MAXINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_agent_load_init (OcAgentLoad *self)
{
  self->counted_presence = -1;
}

/**
 * oc_agent_load_get_agent:
 *
 * Returns: (transfer none): the agent; never %NULL for a row of an
 *   #OcAgentView
 */
OcAgent *
oc_agent_load_get_agent (OcAgentLoad *self)
{
  g_return_val_if_fail (OC_IS_AGENT_LOAD (self), NULL);
  return self->agent;
}

/**
 * oc_agent_load_get_n_held:
 *
 * Returns: how many conversations the agent holds now
 */
guint
oc_agent_load_get_n_held (OcAgentLoad *self)
{
  g_return_val_if_fail (OC_IS_AGENT_LOAD (self), 0);
  return self->figures.n_held;
}

/**
 * oc_agent_load_get_n_held_on:
 * @channel: a channel
 *
 * Returns: how many of the held conversations are on @channel
 */
guint
oc_agent_load_get_n_held_on (OcAgentLoad *self,
                             OcChannel    channel)
{
  g_return_val_if_fail (OC_IS_AGENT_LOAD (self), 0);
  return (guint) channel < G_N_ELEMENTS (self->figures.n_on) ? self->figures.n_on[channel] : 0;
}

/**
 * oc_agent_load_get_oldest_assigned_at:
 *
 * Returns: the earliest first-assigned-at of the held conversations (Unix
 *   seconds), 0 when none is held or none has one
 */
gint64
oc_agent_load_get_oldest_assigned_at (OcAgentLoad *self)
{
  g_return_val_if_fail (OC_IS_AGENT_LOAD (self), 0);
  return self->figures.oldest_assigned_at;
}

/**
 * oc_agent_load_get_longest_handle:
 * @now: Unix seconds
 *
 * Returns: the longest handle time among the held conversations at @now,
 *   in seconds; 0 when none
 */
gint64
oc_agent_load_get_longest_handle (OcAgentLoad *self,
                                  gint64       now)
{
  g_return_val_if_fail (OC_IS_AGENT_LOAD (self), 0);
  return self->figures.oldest_assigned_at > 0 ? MAX (now - self->figures.oldest_assigned_at, 0) : 0;
}

OcAgentLoad *
_oc_agent_load_new (const char *agent_id)
{
  OcAgentLoad *self = g_object_new (OC_TYPE_AGENT_LOAD, NULL);

  self->agent_id = g_intern_string (agent_id);
  return self;
}

const char *
_oc_agent_load_get_agent_id (OcAgentLoad *self)
{
  return self->agent_id;
}

void
_oc_agent_load_set_agent (OcAgentLoad *self,
                          OcAgent     *agent)
{
  if (g_set_object (&self->agent, agent))
    {
      _oc_agent_load_update_name_key (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT]);
    }
}

const char *
_oc_agent_load_get_name_key (OcAgentLoad *self)
{
  return self->name_key != NULL ? self->name_key : "";
}

void
_oc_agent_load_update_name_key (OcAgentLoad *self)
{
  g_clear_pointer (&self->name_key, g_free);
  if (self->agent != NULL)
    self->name_key = g_utf8_collate_key (oc_agent_get_name (self->agent), -1);
}

const OcAgentFigures *
_oc_agent_load_get_figures (OcAgentLoad *self)
{
  return &self->figures;
}

void
_oc_agent_load_set_figures (OcAgentLoad          *self,
                            const OcAgentFigures *figures)
{
  static const guint props[] = {
    [OC_CHANNEL_CHAT] = PROP_N_CHAT,
    [OC_CHANNEL_MESSAGING] = PROP_N_MESSAGING,
    [OC_CHANNEL_VOICE] = PROP_N_VOICE,
  };
  OcAgentFigures old = self->figures;

  self->figures = *figures;
  g_object_freeze_notify (G_OBJECT (self));
  if (old.n_held != figures->n_held)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
  for (guint c = OC_CHANNEL_CHAT; c <= OC_CHANNEL_VOICE; c++)
    if (old.n_on[c] != figures->n_on[c])
      g_object_notify_by_pspec (G_OBJECT (self), properties[props[c]]);
  if (old.oldest_assigned_at != figures->oldest_assigned_at)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OLDEST_ASSIGNED_AT]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
_oc_agent_load_get_index (OcAgentLoad *self)
{
  return self->index;
}

void
_oc_agent_load_set_index (OcAgentLoad *self,
                          guint        index)
{
  self->index = index;
}

gboolean
_oc_agent_load_is_empty (OcAgentLoad *self)
{
  return self->agent == NULL && self->figures.n_held == 0;
}

int
_oc_agent_load_swap_counted_presence (OcAgentLoad *self,
                                      int          presence)
{
  int old = self->counted_presence;

  self->counted_presence = presence;
  return old;
}
