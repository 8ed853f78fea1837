// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-simulator"

#include "config.h"

#include "oc-simulator-private.h"

/* Routing: who is offered which waiting customer. */

static gboolean
has_skills (OcAgent        *agent,
            OcConversation *conversation)
{
  const char * const *skills = oc_conversation_get_skills (conversation);

  for (guint i = 0; skills != NULL && skills[i] != NULL; i++)
    if (oc_agent_get_skill_level (agent, skills[i]) < 0)
      return FALSE;

  return TRUE;
}

static void
route_to (OcSimulator    *self,
          OcConversation *conversation,
          OcAgent        *agent)
{
  g_autofree char *text = NULL;

  oc_conversation_set_agent_id (conversation, oc_agent_get_id (agent));
  oc_world_set_status (self->world, conversation, OC_STATUS_ACTIVE);
  if (oc_conversation_get_first_assigned_at (conversation) == 0)
    oc_conversation_set_first_assigned_at (conversation, oc_world_get_now (self->world));
  oc_agent_set_capacity_used (agent, oc_agent_get_capacity_used (agent) + 1);
  oc_world_put_conversation (self->world, conversation);
  oc_world_put_agent (self->world, agent);

  text = g_strdup_printf ("%s joined the conversation.", oc_agent_get_name (agent));
  oc_world_append_message (self->world, conversation, OC_SENDER_SYSTEM, NULL,
                           OC_MESSAGE_KIND_EVENT, text);
  _oc_simulator_get_info (conversation)->lines = 1;
  _oc_simulator_get_info (conversation)->ends_at =
    self->time + _oc_simulator_sample_handle (self, oc_conversation_get_channel (conversation));
  _oc_simulator_say (self, conversation, OC_SENDER_AGENT);
  _oc_simulator_schedule (self, G_OBJECT (conversation), _oc_simulator_uniform (self, 3, 12));
}

/* How long a customer waits for a skilled agent before anyone in the
 * queue will do (overflow): a caller on hold is not kept as long as a
 * chat, nor a chat as long as a message. Meanwhile supervisors may assign
 * those that wait for a skill by hand. */
static gint64
overflow_after (OcConversation *conversation)
{
  switch (oc_conversation_get_channel (conversation))
    {
    case OC_CHANNEL_VOICE:     return 30;
    case OC_CHANNEL_MESSAGING: return 600;
    case OC_CHANNEL_CHAT:
    case OC_CHANNEL_UNKNOWN:
    default:                   return 120;
    }
}

static gboolean
takes_calls (OcWorld *world,
             OcAgent *agent)
{
  const char * const *queue_ids = oc_agent_get_queue_ids (agent);

  for (guint i = 0; queue_ids != NULL && queue_ids[i] != NULL; i++)
    {
      OcQueue *queue = oc_world_lookup_queue (world, queue_ids[i]);
      OcWorkstream *workstream = queue ? oc_world_lookup_workstream (world, oc_queue_get_workstream_id (queue)) : NULL;

      if (workstream != NULL && oc_workstream_get_channel (workstream) == OC_CHANNEL_VOICE)
        return TRUE;
    }

  return FALSE;
}

GHashTable *
_oc_simulator_list_on_call (OcSimulator *self)
{
  g_autoptr(GPtrArray) conversations = oc_world_list_conversations (self->world);
  GHashTable *on_call = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *conversation = g_ptr_array_index (conversations, i);

      if (oc_conversation_get_channel (conversation) == OC_CHANNEL_VOICE &&
          oc_conversation_get_agent_id (conversation) != NULL)
        g_hash_table_add (on_call, g_strdup (oc_conversation_get_agent_id (conversation)));
    }

  return on_call;
}

gboolean
_oc_simulator_may_offer (OcSimulator    *self,
                         OcAgent        *agent,
                         OcConversation *conversation,
                         GHashTable     *on_call)
{
  gboolean busy_on_call = g_hash_table_contains (on_call, oc_agent_get_id (agent));

  if (!oc_world_agent_can_take (self->world, agent, conversation, NULL))
    return FALSE;

  if (oc_conversation_get_channel (conversation) == OC_CHANNEL_VOICE)
    return TRUE;

  /* Agents who take calls keep a seat free for one, as a voice capacity
   * profile does: chats and messages alone never shut out the callers. */
  return busy_on_call || oc_agent_get_free_capacity (agent) > 1 || !takes_calls (self->world, agent);
}

/* Offers each queue's longest-waiting customers to available agents that
 * may take them, callers first; skills are waived after a while
 * (overflow). Busy agents with room are left to supervisors, who may
 * assign within the workstream's allowed presences. */
void
_oc_simulator_route (OcSimulator *self)
{
  GPtrArray *queues = oc_world_get_queues (self->world);
  GPtrArray *agents = oc_world_get_agents (self->world);
  g_autoptr(GHashTable) on_call = _oc_simulator_list_on_call (self);

  for (guint pass = 0; pass < 2; pass++)
    for (guint q = 0; q < queues->len; q++)
      {
        OcQueue *queue = g_ptr_array_index (queues, q);
        OcWorkstream *workstream = oc_world_lookup_workstream (self->world, oc_queue_get_workstream_id (queue));
        gboolean voice = workstream != NULL && oc_workstream_get_channel (workstream) == OC_CHANNEL_VOICE;
        g_autoptr(GPtrArray) open = NULL;

        if (voice != (pass == 0))
          continue;

        open = oc_world_list_open (self->world, oc_queue_get_id (queue), 16);
        for (guint i = 0; i < open->len; i++)
          {
            OcConversation *conversation = g_ptr_array_index (open, i);
            gboolean waive = self->time - _oc_simulator_get_info (conversation)->open_since >= overflow_after (conversation);
            OcAgent *best = NULL;
            guint taken = 0;

            for (guint a = 0; a < agents->len; a++)
              {
                OcAgent *agent = g_ptr_array_index (agents, a);

                if (oc_agent_get_presence (agent) != OC_PRESENCE_AVAILABLE ||
                    !_oc_simulator_may_offer (self, agent, conversation, on_call))
                  continue;
                taken++;
                if ((waive || has_skills (agent, conversation)) &&
                    (best == NULL || oc_agent_get_free_capacity (agent) > oc_agent_get_free_capacity (best)))
                  best = agent;
              }

            if (taken == 0)
              break;
            /* Agents take a moment to accept. */
            if (best != NULL && _oc_simulator_chance (self, 0.5))
              {
                if (voice)
                  g_hash_table_add (on_call, g_strdup (oc_agent_get_id (best)));
                route_to (self, conversation, best);
              }
          }
      }
}
