// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-agent"

#include "config.h"

#include <string.h>

#include "oc-agent.h"
#include "oc-model-private.h"

struct _OcAgent
{
  GObject      parent_instance;

  const char  *id;             /* interned: conversations refer to it */
  char        *name;
  char        *presence_text;
  const char **skills;         /* interned names, NULL-terminated, or NULL */
  guint8      *skill_levels;   /* parallel to skills */
  const char **queue_ids;      /* interned, NULL-terminated, or NULL */
  guint        capacity_used;
  guint        capacity_total;
  gint64       presence_since; /* Unix seconds, 0 when not known */
  OcPresence   presence;
};

G_DEFINE_FINAL_TYPE (OcAgent, oc_agent, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PRESENCE,
  PROP_PRESENCE_TEXT,
  PROP_PRESENCE_SINCE,
  PROP_CAPACITY_USED,
  PROP_CAPACITY_TOTAL,
  PROP_FREE_CAPACITY,
  PROP_SKILLS,
  PROP_QUEUE_IDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
oc_agent_finalize (GObject *object)
{
  OcAgent *self = OC_AGENT (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->presence_text, g_free);
  g_clear_pointer (&self->skills, g_free);
  g_clear_pointer (&self->skill_levels, g_free);
  g_clear_pointer (&self->queue_ids, g_free);

  G_OBJECT_CLASS (oc_agent_parent_class)->finalize (object);
}

static void
oc_agent_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  OcAgent *self = OC_AGENT (object);

  switch (prop_id)
    {
    case PROP_ID:             g_value_set_static_string (value, self->id); break;
    case PROP_NAME:           g_value_set_string (value, oc_agent_get_name (self)); break;
    case PROP_PRESENCE:       g_value_set_enum (value, self->presence); break;
    case PROP_PRESENCE_TEXT:  g_value_set_string (value, self->presence_text); break;
    case PROP_PRESENCE_SINCE: g_value_set_int64 (value, self->presence_since); break;
    case PROP_CAPACITY_USED:  g_value_set_uint (value, self->capacity_used); break;
    case PROP_CAPACITY_TOTAL: g_value_set_uint (value, self->capacity_total); break;
    case PROP_FREE_CAPACITY:  g_value_set_uint (value, oc_agent_get_free_capacity (self)); break;
    case PROP_SKILLS:         g_value_set_boxed (value, oc_agent_get_skills (self)); break;
    case PROP_QUEUE_IDS:      g_value_set_boxed (value, oc_agent_get_queue_ids (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_agent_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  OcAgent *self = OC_AGENT (object);

  switch (prop_id)
    {
    case PROP_ID:             self->id = g_intern_string (g_value_get_string (value)); break;
    case PROP_NAME:           oc_agent_set_name (self, g_value_get_string (value)); break;
    case PROP_PRESENCE:       oc_agent_set_presence (self, g_value_get_enum (value)); break;
    case PROP_PRESENCE_TEXT:  oc_agent_set_presence_text (self, g_value_get_string (value)); break;
    case PROP_PRESENCE_SINCE: oc_agent_set_presence_since (self, g_value_get_int64 (value)); break;
    case PROP_CAPACITY_USED:  oc_agent_set_capacity_used (self, g_value_get_uint (value)); break;
    case PROP_CAPACITY_TOTAL: oc_agent_set_capacity_total (self, g_value_get_uint (value)); break;
    /* Levels are not reachable through a GValue: they read as 0 this way. */
    case PROP_SKILLS:         oc_agent_set_skills (self, g_value_get_boxed (value), NULL); break;
    case PROP_QUEUE_IDS:      oc_agent_set_queue_ids (self, g_value_get_boxed (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_agent_class_init (OcAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = oc_agent_finalize;
  object_class->get_property = oc_agent_get_property;
  object_class->set_property = oc_agent_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", rw);
  properties[PROP_PRESENCE] =
    g_param_spec_enum ("presence", NULL, NULL, OC_TYPE_PRESENCE, OC_PRESENCE_UNKNOWN, rw);
  properties[PROP_PRESENCE_TEXT] =
    g_param_spec_string ("presence-text", NULL, NULL, NULL, rw);
  /* When the agent entered the presence they are in (Unix seconds), 0 when
   * the backend does not say. */
  properties[PROP_PRESENCE_SINCE] =
    g_param_spec_int64 ("presence-since", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_CAPACITY_USED] =
    g_param_spec_uint ("capacity-used", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_CAPACITY_TOTAL] =
    g_param_spec_uint ("capacity-total", NULL, NULL, 0, G_MAXUINT, 0, rw);
  /* Derived from used and total; notified when either moves it. */
  properties[PROP_FREE_CAPACITY] =
    g_param_spec_uint ("free-capacity", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Notified when a name or a level changes. */
  properties[PROP_SKILLS] =
    g_param_spec_boxed ("skills", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_QUEUE_IDS] =
    g_param_spec_boxed ("queue-ids", NULL, NULL, G_TYPE_STRV, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_agent_init (OcAgent *self)
{
}

/**
 * oc_agent_new:
 * @id: the agent's id, as the protocol names it
 *
 * Creates an agent with every other field unset (presence unknown, no
 * capacity, no skills, no queues).
 *
 * Returns: (transfer full): a new #OcAgent
 */
OcAgent *
oc_agent_new (const char *id)
{
  return g_object_new (OC_TYPE_AGENT, "id", id, NULL);
}

/**
 * oc_agent_get_id:
 *
 * Returns: (transfer none): the agent's id, interned, so conversations
 *   refer to it by pointer
 */
const char *
oc_agent_get_id (OcAgent *self)
{
  g_return_val_if_fail (OC_IS_AGENT (self), NULL);
  return self->id;
}

/**
 * oc_agent_get_name:
 *
 * Returns: (transfer none): the display name, "" when unset
 */
const char *
oc_agent_get_name (OcAgent *self)
{
  g_return_val_if_fail (OC_IS_AGENT (self), NULL);
  return self->name != NULL ? self->name : "";
}

/**
 * oc_agent_set_name:
 * @name: (nullable): the display name; %NULL or "" for none
 *
 * Sets #OcAgent:name, notifying only when it changes.
 */
void
oc_agent_set_name (OcAgent    *self,
                   const char *name)
{
  g_return_if_fail (OC_IS_AGENT (self));

  _oc_notify_string (G_OBJECT (self), properties[PROP_NAME], &self->name, name);
}

/**
 * oc_agent_get_presence:
 *
 * Returns: the agent's presence, %OC_PRESENCE_UNKNOWN when unset
 */
OcPresence
oc_agent_get_presence (OcAgent *self)
{
  g_return_val_if_fail (OC_IS_AGENT (self), OC_PRESENCE_UNKNOWN);
  return self->presence;
}

/**
 * oc_agent_set_presence:
 * @presence: the new presence
 *
 * Sets #OcAgent:presence, notifying only when it changes.
 */
void
oc_agent_set_presence (OcAgent    *self,
                       OcPresence  presence)
{
  g_return_if_fail (OC_IS_AGENT (self));

  if (self->presence == presence)
    return;
  self->presence = presence;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENCE]);
}

/**
 * oc_agent_get_presence_since:
 *
 * Returns: when the agent entered their current presence (Unix seconds), or
 *   0 when not known
 */
gint64
oc_agent_get_presence_since (OcAgent *self)
{
  g_return_val_if_fail (OC_IS_AGENT (self), 0);
  return self->presence_since;
}

/**
 * oc_agent_set_presence_since:
 * @since: Unix seconds, or 0 for not known
 *
 * Sets #OcAgent:presence-since, notifying only when it changes.
 */
void
oc_agent_set_presence_since (OcAgent *self,
                             gint64   since)
{
  g_return_if_fail (OC_IS_AGENT (self));

  since = MAX (since, 0);
  if (self->presence_since == since)
    return;
  self->presence_since = since;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENCE_SINCE]);
}

/**
 * oc_agent_get_presence_text:
 *
 * Returns: (transfer none) (nullable): a custom label for the presence
 *   such as "Lunch", or %NULL
 */
const char *
oc_agent_get_presence_text (OcAgent *self)
{
  g_return_val_if_fail (OC_IS_AGENT (self), NULL);
  return self->presence_text;
}

/**
 * oc_agent_set_presence_text:
 * @presence_text: (nullable): the label; %NULL or "" for none
 *
 * Sets #OcAgent:presence-text, notifying only when it changes.
 */
void
oc_agent_set_presence_text (OcAgent    *self,
                            const char *presence_text)
{
  g_return_if_fail (OC_IS_AGENT (self));

  _oc_notify_string (G_OBJECT (self), properties[PROP_PRESENCE_TEXT], &self->presence_text, presence_text);
}

/**
 * oc_agent_get_capacity_used:
 *
 * Returns: how many units of capacity the agent's conversations take
 */
guint
oc_agent_get_capacity_used (OcAgent *self)
{
  g_return_val_if_fail (OC_IS_AGENT (self), 0);
  return self->capacity_used;
}

static void
set_capacity (OcAgent *self,
              guint    used,
              guint    total)
{
  guint old_free = oc_agent_get_free_capacity (self);

  g_assert (OC_IS_AGENT (self));

  g_object_freeze_notify (G_OBJECT (self));
  _oc_notify_uint (G_OBJECT (self), properties[PROP_CAPACITY_USED], &self->capacity_used, used);
  _oc_notify_uint (G_OBJECT (self), properties[PROP_CAPACITY_TOTAL], &self->capacity_total, total);
  if (oc_agent_get_free_capacity (self) != old_free)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREE_CAPACITY]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * oc_agent_set_capacity_used:
 * @used: units in use
 *
 * Sets #OcAgent:capacity-used, notifying it and #OcAgent:free-capacity only
 * when they change.
 */
void
oc_agent_set_capacity_used (OcAgent *self,
                            guint    used)
{
  g_return_if_fail (OC_IS_AGENT (self));

  if (self->capacity_used != used)
    set_capacity (self, used, self->capacity_total);
}

/**
 * oc_agent_get_capacity_total:
 *
 * Returns: the units of capacity the agent has
 */
guint
oc_agent_get_capacity_total (OcAgent *self)
{
  g_return_val_if_fail (OC_IS_AGENT (self), 0);
  return self->capacity_total;
}

/**
 * oc_agent_set_capacity_total:
 * @total: units the agent has
 *
 * Sets #OcAgent:capacity-total, notifying it and #OcAgent:free-capacity only
 * when they change.
 */
void
oc_agent_set_capacity_total (OcAgent *self,
                             guint    total)
{
  g_return_if_fail (OC_IS_AGENT (self));

  if (self->capacity_total != total)
    set_capacity (self, self->capacity_used, total);
}

/**
 * oc_agent_get_free_capacity:
 *
 * Returns: `total - used`, or 0 when the agent is at (or over) capacity
 */
guint
oc_agent_get_free_capacity (OcAgent *self)
{
  g_return_val_if_fail (OC_IS_AGENT (self), 0);
  return self->capacity_total > self->capacity_used
         ? self->capacity_total - self->capacity_used : 0;
}

/**
 * oc_agent_get_skills:
 *
 * Returns: (transfer none) (array zero-terminated=1): the skill names,
 *   interned, in the order of their levels; never %NULL (empty when none)
 */
const char * const *
oc_agent_get_skills (OcAgent *self)
{
  g_return_val_if_fail (OC_IS_AGENT (self), NULL);
  return _oc_strv_or_empty (self->skills);
}

/**
 * oc_agent_get_skill_level_at:
 * @index: a position in oc_agent_get_skills(); must be in range
 *
 * Returns: the level of the skill at @index
 */
guint
oc_agent_get_skill_level_at (OcAgent *self,
                             guint    index)
{
  guint n;

  g_return_val_if_fail (OC_IS_AGENT (self), 0);

  n = self->skills != NULL ? g_strv_length ((char **) self->skills) : 0;
  g_return_val_if_fail (index < n, 0);

  return self->skill_levels[index];
}

/**
 * oc_agent_get_skill_level:
 * @skill: (nullable): a skill name
 *
 * Returns: the agent's level in @skill, or -1 when the agent lacks it
 */
int
oc_agent_get_skill_level (OcAgent    *self,
                          const char *skill)
{
  g_return_val_if_fail (OC_IS_AGENT (self), -1);

  if (skill == NULL || self->skills == NULL)
    return -1;

  for (guint i = 0; self->skills[i] != NULL; i++)
    if (strcmp (self->skills[i], skill) == 0)
      return self->skill_levels[i];

  return -1;
}

static gboolean
levels_equal (const guint8 *stored,
              const guint  *levels,
              guint         n)
{
  for (guint i = 0; i < n; i++)
    if (stored[i] != (levels != NULL ? MIN (levels[i], G_MAXUINT8) : 0))
      return FALSE;
  return TRUE;
}

static gboolean
set_skills (OcAgent            *self,
            const char * const *names,
            const guint        *levels)
{
  gboolean names_changed;
  guint n;

  g_assert (OC_IS_AGENT (self));

  names_changed = _oc_set_interned_strv (&self->skills, names);
  n = self->skills != NULL ? g_strv_length ((char **) self->skills) : 0;

  if (!names_changed && levels_equal (self->skill_levels, levels, n))
    return FALSE;

  g_clear_pointer (&self->skill_levels, g_free);
  if (n > 0)
    {
      self->skill_levels = g_new0 (guint8, n);
      for (guint i = 0; i < n; i++)
        self->skill_levels[i] = levels != NULL ? MIN (levels[i], G_MAXUINT8) : 0;
    }

  return TRUE;
}

/**
 * oc_agent_set_skills:
 * @names: (nullable) (array zero-terminated=1): skill names
 * @levels: (nullable): one level per name; %NULL means 0 for all
 *
 * Replaces the agent's skills, notifying #OcAgent:skills when a name or a
 * level changed. Levels above 255 are stored as 255 (the protocol allows
 * 0 … 10). The names are interned; neither array is kept.
 */
void
oc_agent_set_skills (OcAgent            *self,
                     const char * const *names,
                     const guint        *levels)
{
  g_return_if_fail (OC_IS_AGENT (self));

  if (set_skills (self, names, levels))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILLS]);
}

/**
 * oc_agent_get_queue_ids:
 *
 * Returns: (transfer none) (array zero-terminated=1): the ids of the queues
 *   the agent serves, interned; never %NULL (empty when none)
 */
const char * const *
oc_agent_get_queue_ids (OcAgent *self)
{
  g_return_val_if_fail (OC_IS_AGENT (self), NULL);
  return _oc_strv_or_empty (self->queue_ids);
}

/**
 * oc_agent_set_queue_ids:
 * @queue_ids: (nullable) (array zero-terminated=1): the queues the agent
 *   serves
 *
 * Sets #OcAgent:queue-ids (interned copies), notifying only when it changes.
 */
void
oc_agent_set_queue_ids (OcAgent            *self,
                        const char * const *queue_ids)
{
  g_return_if_fail (OC_IS_AGENT (self));

  _oc_notify_interned_strv (G_OBJECT (self), properties[PROP_QUEUE_IDS], &self->queue_ids, queue_ids);
}

/**
 * oc_agent_serves_queue:
 * @queue_id: (nullable): a queue's id
 *
 * Returns: whether @queue_id is among the agent's queues
 */
gboolean
oc_agent_serves_queue (OcAgent    *self,
                       const char *queue_id)
{
  g_return_val_if_fail (OC_IS_AGENT (self), FALSE);

  if (queue_id == NULL || self->queue_ids == NULL)
    return FALSE;

  return g_strv_contains ((const char * const *) self->queue_ids, queue_id);
}

/**
 * oc_agent_update_from:
 * @other: an agent with the same id holding the new values
 *
 * Copies every field of @other into @self, notifying only the properties
 * that changed (once each, after all are copied). @other is not kept.
 *
 * Returns: %TRUE if anything changed
 */
gboolean
oc_agent_update_from (OcAgent *self,
                      OcAgent *other)
{
  GObject *object = (GObject *) self;
  gboolean changed = FALSE;
  g_autofree guint *levels = NULL;
  guint n;

  g_return_val_if_fail (OC_IS_AGENT (self), FALSE);
  g_return_val_if_fail (OC_IS_AGENT (other), FALSE);

  if (self == other)
    return FALSE;

  g_object_freeze_notify (object);

  changed |= _oc_notify_string (object, properties[PROP_NAME], &self->name, other->name);
  if (self->presence != other->presence)
    {
      self->presence = other->presence;
      g_object_notify_by_pspec (object, properties[PROP_PRESENCE]);
      changed = TRUE;
    }
  changed |= _oc_notify_string (object, properties[PROP_PRESENCE_TEXT],
                                &self->presence_text, other->presence_text);
  if (self->presence_since != other->presence_since)
    {
      self->presence_since = other->presence_since;
      g_object_notify_by_pspec (object, properties[PROP_PRESENCE_SINCE]);
      changed = TRUE;
    }
  if (self->capacity_used != other->capacity_used ||
      self->capacity_total != other->capacity_total)
    {
      set_capacity (self, other->capacity_used, other->capacity_total);
      changed = TRUE;
    }

  n = other->skills != NULL ? g_strv_length ((char **) other->skills) : 0;
  levels = g_new0 (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    levels[i] = other->skill_levels[i];
  if (set_skills (self, (const char * const *) other->skills, levels))
    {
      g_object_notify_by_pspec (object, properties[PROP_SKILLS]);
      changed = TRUE;
    }

  changed |= _oc_notify_interned_strv (object, properties[PROP_QUEUE_IDS], &self->queue_ids,
                                       (const char * const *) other->queue_ids);

  g_object_thaw_notify (object);

  return changed;
}
