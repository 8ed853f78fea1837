// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-world"

#include "config.h"

#include "oc-change-log.h"
#include "oc-world-private.h"

/* Filling the world from saved state (no events, no new revisions), and
 * the change log kept for ?since= replay. */

static void
load_object (GPtrArray  *array,
             GHashTable *by_id,
             GObject    *object,
             const char *id)
{
  GObject *old = g_hash_table_lookup (by_id, id);

  if (old != NULL)
    g_ptr_array_remove (array, old);
  g_ptr_array_add (array, g_object_ref (object));
  g_hash_table_insert (by_id, (gpointer) id, object);
}

void
oc_world_load_workstream (OcWorld      *self,
                          OcWorkstream *workstream)
{
  g_return_if_fail (OC_IS_WORLD (self));
  load_object (self->workstreams, self->workstream_by_id, G_OBJECT (workstream),
               oc_workstream_get_id (workstream));
}

void
oc_world_load_queue (OcWorld *self,
                     OcQueue *queue)
{
  g_return_if_fail (OC_IS_WORLD (self));
  load_object (self->queues, self->queue_by_id, G_OBJECT (queue), oc_queue_get_id (queue));
}

void
oc_world_load_agent (OcWorld *self,
                     OcAgent *agent)
{
  g_return_if_fail (OC_IS_WORLD (self));
  load_object (self->agents, self->agent_by_id, G_OBJECT (agent), oc_agent_get_id (agent));
}

void
oc_world_load_conversation (OcWorld        *self,
                            OcConversation *conversation)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_CONVERSATION (conversation));

  if (_oc_world_lookup_entry (self, oc_conversation_get_id (conversation)) != NULL)
    return;
  _oc_world_add_entry (self, conversation);
}

void
oc_world_load_event (OcWorld *self,
                     gint64   revision,
                     GBytes  *event)
{
  g_return_if_fail (OC_IS_WORLD (self));

  oc_change_log_append (self->log, revision, event);
}

gboolean
oc_world_collect_since (OcWorld   *self,
                        gint64     since,
                        GPtrArray *events)
{
  g_return_val_if_fail (OC_IS_WORLD (self), FALSE);

  return oc_change_log_collect (self->log, since, self->revision, events);
}

void
oc_world_set_log_capacity (OcWorld *self,
                           guint    capacity)
{
  g_return_if_fail (OC_IS_WORLD (self));

  oc_change_log_set_capacity (self->log, capacity);
}


