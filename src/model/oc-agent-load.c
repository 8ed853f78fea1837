// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-agent-load"

#include "config.h"

#include <string.h>

#include "oc-agent-load.h"
#include "oc-agent-load-private.h"

struct _OcAgentLoad
{
  GObject     parent_instance;

  const char *agent_id;   /* interned */
  OcAgent    *agent;      /* NULL while the store does not know the agent */
  char       *name_key;
  GHashTable *held;        /* OcConversation -> Held, owned */
  GSequence  *by_assigned; /* Held with a first-assigned-at, earliest first */
  guint       n_held;
  guint       n_on[OC_CHANNEL_VOICE + 1];
  gint64      oldest_assigned_at;
  int         counted_presence;   /* OcAgentView's tally; -1: not counted */
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

static void held_free (gpointer data);

static void
oc_agent_load_finalize (GObject *object)
{
  OcAgentLoad *self = OC_AGENT_LOAD (object);

  g_clear_object (&self->agent);
  g_clear_pointer (&self->name_key, g_free);
  g_clear_pointer (&self->by_assigned, g_sequence_free);
  g_clear_pointer (&self->held, g_hash_table_unref);

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
    case PROP_N_HELD:             g_value_set_uint (value, self->n_held); break;
    case PROP_N_CHAT:             g_value_set_uint (value, self->n_on[OC_CHANNEL_CHAT]); break;
    case PROP_N_MESSAGING:        g_value_set_uint (value, self->n_on[OC_CHANNEL_MESSAGING]); break;
    case PROP_N_VOICE:            g_value_set_uint (value, self->n_on[OC_CHANNEL_VOICE]); break;
    case PROP_OLDEST_ASSIGNED_AT: g_value_set_int64 (value, self->oldest_assigned_at); break;
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
  self->held = g_hash_table_new_full (NULL, NULL, NULL, held_free);
  self->by_assigned = g_sequence_new (NULL);
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
  return self->n_held;
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
  return (guint) channel < G_N_ELEMENTS (self->n_on) ? self->n_on[channel] : 0;
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
  return self->oldest_assigned_at;
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
  return self->oldest_assigned_at > 0 ? MAX (now - self->oldest_assigned_at, 0) : 0;
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

/* What a held conversation was counted as, so that it is uncounted the
 * same way whatever it has become since. */
typedef struct {
  OcConversation *conversation;  /* owned */
  OcChannel       channel;
  gint64          assigned;
  GSequenceIter  *iter;          /* in by_assigned; NULL when assigned is 0 */
} Held;

static void
held_free (gpointer data)
{
  Held *held = data;

  g_object_unref (held->conversation);
  g_free (held);
}

static int
compare_held (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Held *x = a, *y = b;

  if (x->assigned != y->assigned)
    return x->assigned < y->assigned ? -1 : 1;
  return (x->conversation > y->conversation) - (x->conversation < y->conversation);
}

static void
notify_figures (OcAgentLoad *self,
                guint        old_n_on[],
                gint64       old_oldest)
{
  static const guint props[] = {
    [OC_CHANNEL_CHAT] = PROP_N_CHAT,
    [OC_CHANNEL_MESSAGING] = PROP_N_MESSAGING,
    [OC_CHANNEL_VOICE] = PROP_N_VOICE,
  };
  guint n_held = g_hash_table_size (self->held);
  gint64 oldest = 0;

  if (!g_sequence_is_empty (self->by_assigned))
    oldest = ((Held *) g_sequence_get (g_sequence_get_begin_iter (self->by_assigned)))->assigned;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_held != n_held)
    {
      self->n_held = n_held;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
    }
  for (guint c = OC_CHANNEL_CHAT; c <= OC_CHANNEL_VOICE; c++)
    if (old_n_on[c] != self->n_on[c])
      g_object_notify_by_pspec (G_OBJECT (self), properties[props[c]]);
  if (old_oldest != oldest)
    {
      self->oldest_assigned_at = oldest;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OLDEST_ASSIGNED_AT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
uncount (OcAgentLoad *self,
         Held        *held)
{
  if ((guint) held->channel < G_N_ELEMENTS (self->n_on))
    self->n_on[held->channel]--;
  if (held->iter != NULL)
    g_sequence_remove (held->iter);
  held->iter = NULL;
}

static void
count (OcAgentLoad *self,
       Held        *held)
{
  held->channel = oc_conversation_get_channel (held->conversation);
  held->assigned = oc_conversation_get_first_assigned_at (held->conversation);
  if ((guint) held->channel < G_N_ELEMENTS (self->n_on))
    self->n_on[held->channel]++;
  if (held->assigned > 0)
    held->iter = g_sequence_insert_sorted (self->by_assigned, held, compare_held, NULL);
}

/* Adds @conversation, or counts it again as it is now: O(log n). */
void
_oc_agent_load_hold (OcAgentLoad    *self,
                     OcConversation *conversation)
{
  guint old_n_on[G_N_ELEMENTS (self->n_on)];
  gint64 old_oldest = self->oldest_assigned_at;
  Held *held = g_hash_table_lookup (self->held, conversation);

  memcpy (old_n_on, self->n_on, sizeof old_n_on);
  if (held != NULL)
    uncount (self, held);
  else
    {
      held = g_new0 (Held, 1);
      held->conversation = g_object_ref (conversation);
      g_hash_table_insert (self->held, conversation, held);
    }
  count (self, held);
  notify_figures (self, old_n_on, old_oldest);
}

void
_oc_agent_load_release (OcAgentLoad    *self,
                        OcConversation *conversation)
{
  guint old_n_on[G_N_ELEMENTS (self->n_on)];
  gint64 old_oldest = self->oldest_assigned_at;
  Held *held = g_hash_table_lookup (self->held, conversation);

  if (held == NULL)
    return;
  memcpy (old_n_on, self->n_on, sizeof old_n_on);
  uncount (self, held);
  g_hash_table_remove (self->held, conversation);
  notify_figures (self, old_n_on, old_oldest);
}

void
_oc_agent_load_release_all (OcAgentLoad *self)
{
  guint old_n_on[G_N_ELEMENTS (self->n_on)];
  gint64 old_oldest = self->oldest_assigned_at;

  if (g_hash_table_size (self->held) == 0)
    return;
  memcpy (old_n_on, self->n_on, sizeof old_n_on);
  g_hash_table_remove_all (self->held);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->by_assigned),
                           g_sequence_get_end_iter (self->by_assigned));
  memset (self->n_on, 0, sizeof self->n_on);
  notify_figures (self, old_n_on, old_oldest);
}

gboolean
_oc_agent_load_is_empty (OcAgentLoad *self)
{
  return self->agent == NULL && g_hash_table_size (self->held) == 0;
}

int
_oc_agent_load_swap_counted_presence (OcAgentLoad *self,
                                      int          presence)
{
  int old = self->counted_presence;

  self->counted_presence = presence;
  return old;
}
