// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-simulator"

#include "config.h"

#include <math.h>

#include "oc-sim-data.h"
#include "oc-simulator-private.h"

/* The floor the simulator starts with. Objects are loaded without change
 * events: a client's first snapshot shows them. */

static const struct {
  const char *id;
  const char *name;
  OcChannel   channel;
  guint       allowed;
} workstreams[] = {
  { "ws-chat", "Chat", OC_CHANNEL_CHAT,
    OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) | OC_PRESENCE_BIT (OC_PRESENCE_BUSY) },
  { "ws-messaging", "Messaging", OC_CHANNEL_MESSAGING,
    OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) | OC_PRESENCE_BIT (OC_PRESENCE_BUSY) },
  { "ws-voice", "Voice", OC_CHANNEL_VOICE, OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) },
};

static const struct {
  const char *id;
  const char *name;
  const char *workstream_id;
  const char *skill;  /* the skill its customers most often need */
  const char *hostile_name; /* instead, with hostile text on */
} queues[] = {
  { "q-general", "General", "ws-chat", NULL },
  { "q-billing", "Billing & Payments", "ws-messaging", "billing" },
  { "q-tech", "Technical Support", "ws-chat", "technical", "Technical <Support>" },
  { "q-sales", "Sales ☎", "ws-voice", "sales" },
  { "q-ru", "Поддержка", "ws-messaging", "russian" },
  { "q-ar", "الدعم العربي", "ws-chat", "arabic" },
  { "q-vip", "VIP ⭐", "ws-voice", "vip" },
};

static const char * const sub_channels[] = { "sms", "whatsapp", "teams" };

static guint
queue_index (const char *queue_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    if (g_strcmp0 (queues[i].id, queue_id) == 0)
      return i;
  return 0;
}

OcConversation *
_oc_simulator_make_conversation (OcSimulator *self,
                                 gint64       created_at)
{
  GPtrArray *all_queues = oc_world_get_queues (self->world);
  g_autofree char *id = NULL;
  const char *skills[3] = { NULL, NULL, NULL };
  OcConversation *conversation;
  OcWorkstream *workstream;
  OcQueue *queue;
  guint qi;
  double r;

  if (all_queues->len == 0)
    return NULL;

  queue = g_ptr_array_index (all_queues, g_rand_int_range (self->rand, 0, all_queues->len));
  workstream = oc_world_lookup_workstream (self->world, oc_queue_get_workstream_id (queue));
  qi = queue_index (oc_queue_get_id (queue));

  id = g_strdup_printf ("c-%06" G_GUINT64_FORMAT, self->next_id++);
  conversation = oc_conversation_new (id);
  oc_conversation_set_subject (conversation, _oc_simulator_pick_text (self, oc_sim_subjects, oc_sim_n_subjects));
  oc_conversation_set_queue_id (conversation, oc_queue_get_id (queue));
  oc_conversation_set_workstream_id (conversation, oc_queue_get_workstream_id (queue));
  oc_conversation_set_channel (conversation, workstream ? oc_workstream_get_channel (workstream) : OC_CHANNEL_CHAT);
  if (oc_conversation_get_channel (conversation) == OC_CHANNEL_MESSAGING)
    oc_conversation_set_sub_channel (conversation, _oc_simulator_pick (self, sub_channels, G_N_ELEMENTS (sub_channels)));
  oc_conversation_set_customer_name (conversation,
                                     _oc_simulator_pick_text (self, oc_sim_customer_names, oc_sim_n_customer_names));
  oc_conversation_set_created_at (conversation, created_at);
  oc_conversation_set_status_since (conversation, created_at);
  oc_conversation_set_status (conversation, OC_STATUS_OPEN);
  oc_conversation_set_waiting_since (conversation, created_at);

  r = g_rand_double (self->rand);
  oc_conversation_set_sentiment (conversation,
                                 r < 0.1 ? OC_SENTIMENT_UNKNOWN
                                 : (OcSentiment) g_rand_int_range (self->rand, OC_SENTIMENT_NEGATIVE,
                                                                   OC_SENTIMENT_POSITIVE + 1));

  r = g_rand_double (self->rand);
  if (qi < G_N_ELEMENTS (queues) && queues[qi].skill != NULL && r < 0.6)
    skills[0] = queues[qi].skill;
  if (g_rand_double (self->rand) < 0.2)
    {
      const char *extra = _oc_simulator_pick (self, oc_sim_skills, oc_sim_n_skills);

      if (g_strcmp0 (extra, skills[0]) != 0)
        skills[skills[0] ? 1 : 0] = extra;
    }
  oc_conversation_set_skills (conversation, skills);

  return conversation;
}

static void
make_agents (OcSimulator *self,
             guint        n_agents)
{
  for (guint i = 0; i < n_agents; i++)
    {
      g_autofree char *id = g_strdup_printf ("a-%03u", i + 1);
      g_autofree char *name = NULL;
      g_autoptr(OcAgent) agent = oc_agent_new (id);
      const char *queue_ids[4] = { NULL };
      const char *skill_names[5] = { NULL };
      guint levels[5] = { 0 };
      guint n_queues = g_rand_int_range (self->rand, 1, 4);
      guint n_skills = g_rand_int_range (self->rand, 1, 5);
      guint n = 0;

      if (i < oc_sim_n_agent_names)
        name = g_strdup (oc_sim_agent_names[i]);
      else
        {
          /* 31 × 29 distinct pairs (coprime counts), then a number. */
          guint k = i - oc_sim_n_agent_names;
          guint pairs = oc_sim_n_given_names * oc_sim_n_family_names;

          if (k < pairs)
            name = g_strdup_printf ("%s %s", oc_sim_given_names[k % oc_sim_n_given_names],
                                    oc_sim_family_names[k % oc_sim_n_family_names]);
          else
            name = g_strdup_printf ("%s %s %u", oc_sim_given_names[k % oc_sim_n_given_names],
                                    oc_sim_family_names[k % oc_sim_n_family_names], k / pairs + 1);
        }
      if (self->hostile_rand != NULL && g_rand_int_range (self->hostile_rand, 0, 6) == 0)
        {
          g_free (name);
          name = g_strdup (oc_sim_hostile_texts[g_rand_int_range (self->hostile_rand, 0, oc_sim_n_hostile_texts)]);
        }
      oc_agent_set_name (agent, name);
      oc_agent_set_presence (agent, _oc_simulator_pick_presence (self));
      /* Spread over the last quarter hour without a draw from the seed's
       * stream, so a seed's floor stays what it was. */
      oc_agent_set_presence_since (agent, oc_world_get_now (self->world) - (i * 137) % 900);
      oc_agent_set_capacity_total (agent, g_rand_int_range (self->rand, 1, 6));

      while (n < n_queues)
        {
          const char *queue_id = queues[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (queues))].id;

          if (!g_strv_contains (queue_ids, queue_id))
            queue_ids[n++] = queue_id;
        }
      oc_agent_set_queue_ids (agent, queue_ids);

      n = 0;
      while (n < n_skills)
        {
          const char *skill = _oc_simulator_pick (self, oc_sim_skills, oc_sim_n_skills);

          if (!g_strv_contains (skill_names, skill))
            {
              levels[n] = g_rand_int_range (self->rand, 1, 11);
              skill_names[n++] = skill;
            }
        }
      oc_agent_set_skills (agent, skill_names, levels);

      oc_world_load_agent (self->world, agent);
    }
}

static void
set_times (OcConversation *conversation,
           gint64          created)
{
  oc_conversation_set_created_at (conversation, created);
  oc_conversation_set_status_since (conversation, created);
  oc_conversation_set_waiting_since (conversation, created);
}

/* How long customers wait and talk, per channel, in seconds. The app's
 * default thresholds (warning, critical) are chat 60/180, messaging
 * 600/1800 and voice 30/120: most waits stay under the warning and about
 * one in eight runs long, so the report shows a few of each. */
typedef struct {
  double wait_mean;     /* the usual wait: exponential */
  double long_wait[2];  /* the occasional long one: uniform */
  double handle_mean;   /* a conversation's length: exponential */
  double handle_max;
} ChannelPace;

static const ChannelPace *
channel_pace (OcChannel channel)
{
  static const ChannelPace chat = { 25, { 90, 420 }, 600, 3600 };
  static const ChannelPace messaging = { 150, { 700, 2700 }, 1200, 5400 };
  static const ChannelPace voice = { 12, { 40, 200 }, 360, 2700 };

  switch (channel)
    {
    case OC_CHANNEL_MESSAGING: return &messaging;
    case OC_CHANNEL_VOICE:     return &voice;
    case OC_CHANNEL_CHAT:
    case OC_CHANNEL_UNKNOWN:
    default:                   return &chat;
    }
}

static double
exponential (OcSimulator *self,
             double       mean,
             double       max)
{
  return MIN (-mean * log (1.0 - g_rand_double (self->rand)), max);
}

/* A wait in a queue or a waiting spell; @may_run_long allows the tail. */
static gint64
sample_wait (OcSimulator     *self,
             const ChannelPace *pace,
             gboolean         may_run_long)
{
  if (may_run_long && g_rand_double (self->rand) < 0.12)
    return (gint64) _oc_simulator_uniform (self, pace->long_wait[0], pace->long_wait[1]);

  return 3 + (gint64) exponential (self, pace->wait_mean, pace->long_wait[0]);
}

static gint64
sample_handle (OcSimulator     *self,
               const ChannelPace *pace)
{
  return 45 + (gint64) exponential (self, pace->handle_mean, pace->handle_max);
}

gint64
_oc_simulator_sample_handle (OcSimulator *self,
                             OcChannel    channel)
{
  return sample_handle (self, channel_pace (channel));
}

/* Gives a conversation a past, as a floor in full swing has it: the
 * unassigned ones arrived minutes ago (voice seconds ago) and still wait,
 * a few past the thresholds; assigned ones waited briefly, were taken, and
 * have talked for minutes up to an hour or so; some wait now (a spell of
 * minutes), a few wrap up after just finishing. A few messaging threads
 * are hours old, as asynchronous messaging is, one soon to expire. */
static void
settle (OcSimulator    *self,
        OcConversation *conversation,
        GHashTable     *on_call,
        gint64          now)
{
  GPtrArray *agents = oc_world_get_agents (self->world);
  const ChannelPace *pace = channel_pace (oc_conversation_get_channel (conversation));
  OcAgent *agent = NULL;
  gint64 created, assigned, queued, since, handled;
  double r;

  if (agents->len > 0 && g_rand_double (self->rand) < 0.8)
    {
      guint start = g_rand_int_range (self->rand, 0, agents->len);

      for (guint i = 0; i < agents->len && agent == NULL; i++)
        {
          OcAgent *candidate = g_ptr_array_index (agents, (start + i) % agents->len);

          if (_oc_simulator_may_offer (self, candidate, conversation, on_call))
            agent = candidate;
        }
    }

  if (agent == NULL)
    {
      set_times (conversation, now - sample_wait (self, pace, TRUE));
      return;
    }

  oc_conversation_set_agent_id (conversation, oc_agent_get_id (agent));
  oc_conversation_set_waiting_since (conversation, 0);
  if (oc_conversation_get_channel (conversation) == OC_CHANNEL_VOICE)
    g_hash_table_add (on_call, g_strdup (oc_agent_get_id (agent)));
  oc_agent_set_capacity_used (agent, oc_agent_get_capacity_used (agent) + 1);

  /* The queue wait before an agent took it: short, it was routed. */
  queued = sample_wait (self, pace, FALSE);
  r = g_rand_double (self->rand);

  if (oc_conversation_get_channel (conversation) == OC_CHANNEL_MESSAGING && g_rand_double (self->rand) < 0.04)
    {
      /* A thread the customer answers now and then. */
      handled = (gint64) _oc_simulator_uniform (self, 3 * 3600, 23.5 * 3600);
      assigned = now - handled;
      if (r < 0.5)
        {
          since = now - sample_wait (self, pace, TRUE);
          oc_conversation_set_status (conversation, OC_STATUS_WAITING);
          oc_conversation_set_waiting_since (conversation, since);
        }
      else
        {
          since = now - (gint64) _oc_simulator_uniform (self, 30, 1800);
          oc_conversation_set_status (conversation, OC_STATUS_ACTIVE);
        }
    }
  else if (r < 0.72)
    {
      handled = sample_handle (self, pace);
      assigned = now - handled;
      /* Some came back from a waiting spell a while ago. */
      since = g_rand_double (self->rand) < 0.3
              ? now - (gint64) _oc_simulator_uniform (self, 5, MAX (6, handled / 2))
              : assigned;
      oc_conversation_set_status (conversation, OC_STATUS_ACTIVE);
    }
  else if (r < 0.92)
    {
      gint64 spell = sample_wait (self, pace, TRUE);

      /* Talked a while, then began to wait (on hold, for an answer). */
      handled = spell + sample_handle (self, pace) / 2;
      assigned = now - handled;
      since = now - spell;
      oc_conversation_set_status (conversation, OC_STATUS_WAITING);
      oc_conversation_set_waiting_since (conversation, since);
    }
  else
    {
      /* Just finished: notes are being written. */
      since = now - (gint64) _oc_simulator_uniform (self, 5, 150);
      handled = (now - since) + sample_handle (self, pace);
      assigned = now - handled;
      oc_conversation_set_status (conversation, OC_STATUS_WRAP_UP);
    }

  created = assigned - queued;
  oc_conversation_set_created_at (conversation, created);
  oc_conversation_set_first_assigned_at (conversation, assigned);
  oc_conversation_set_wait_seconds (conversation, queued);
  oc_conversation_set_status_since (conversation, since);
}

/* The lines so far, at the times they were said: the customer opens (a
 * bot first on text channels), then customer and agent take turns from
 * the assignment to the start of the current status. */
static void
write_history (OcSimulator    *self,
               OcConversation *conversation,
               gint64          now)
{
  gint64 created = oc_conversation_get_created_at (conversation);
  gint64 assigned = oc_conversation_get_first_assigned_at (conversation);
  gint64 until = oc_conversation_get_status_since (conversation);
  guint lines;

  if (oc_conversation_get_channel (conversation) != OC_CHANNEL_VOICE)
    _oc_simulator_said (self, conversation, OC_SENDER_BOT, created);
  _oc_simulator_said (self, conversation, OC_SENDER_CUSTOMER, MIN (created + 8, now));

  if (oc_conversation_get_status (conversation) == OC_STATUS_OPEN)
    return;

  /* An active conversation is still talking: its last line is recent. */
  if (oc_conversation_get_status (conversation) == OC_STATUS_ACTIVE)
    until = now - (gint64) _oc_simulator_uniform (self, 2, 60);
  until = CLAMP (until, assigned, now);

  lines = g_rand_int_range (self->rand, 2, 7);
  for (guint i = 0; i < lines; i++)
    _oc_simulator_said (self, conversation, i % 2 ? OC_SENDER_CUSTOMER : OC_SENDER_AGENT,
                        MAX (assigned + (until - assigned) * (i + 1) / lines, created + 8));
}

/* Customers arrive evenly across the queues, but a floor in full swing
 * holds each channel in proportion to how long its conversations last:
 * many long message threads, fewer short calls. Without that, the first
 * minutes had more callers than there are seats for calls. */
static OcConversation *
prefill_conversation (OcSimulator *self,
                      gint64       now)
{
  double longest = channel_pace (OC_CHANNEL_MESSAGING)->handle_mean;

  for (;;)
    {
      g_autoptr(OcConversation) conversation = _oc_simulator_make_conversation (self, now);
      const ChannelPace *pace;

      if (conversation == NULL)
        return NULL;
      pace = channel_pace (oc_conversation_get_channel (conversation));
      if (g_rand_double (self->rand) * longest < pace->handle_mean)
        return g_steal_pointer (&conversation);
      self->next_id--;  /* not used after all */
    }
}

/**
 * oc_simulator_populate:
 * @n_agents: agents to make; 0 for a quarter of @n_conversations, 24 to 60
 * @n_conversations: live conversations to start with
 *
 * Builds the floor: workstreams, queues, agents and conversations with a
 * believable history, loaded without change events (a client's first
 * snapshot shows them), then sets the target and starts the simulation.
 */
void
oc_simulator_populate (OcSimulator *self,
                       guint        n_agents,
                       guint        n_conversations)
{
  g_autoptr(GHashTable) on_call = NULL;
  gint64 now;

  g_return_if_fail (OC_IS_SIMULATOR (self));

  now = oc_world_get_now (self->world);

  for (guint i = 0; i < G_N_ELEMENTS (workstreams); i++)
    {
      g_autoptr(OcWorkstream) workstream = oc_workstream_new (workstreams[i].id);

      oc_workstream_set_name (workstream, workstreams[i].name);
      oc_workstream_set_channel (workstream, workstreams[i].channel);
      oc_workstream_set_allowed_presences (workstream, workstreams[i].allowed);
      oc_world_load_workstream (self->world, workstream);
    }

  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    {
      g_autoptr(OcQueue) queue = oc_queue_new (queues[i].id);

      oc_queue_set_name (queue, self->hostile_rand != NULL && queues[i].hostile_name != NULL
                                ? queues[i].hostile_name : queues[i].name);
      oc_queue_set_workstream_id (queue, queues[i].workstream_id);
      oc_world_load_queue (self->world, queue);
    }

  /* A few dozen, more for a busier floor. */
  make_agents (self, n_agents ? n_agents : CLAMP (n_conversations / 4, 24, 60));

  on_call = _oc_simulator_list_on_call (self);
  for (guint i = 0; i < n_conversations; i++)
    {
      g_autoptr(OcConversation) conversation = prefill_conversation (self, now);

      settle (self, conversation, on_call, now);
      _oc_simulator_prefill_flag (self, conversation, now);
      oc_conversation_set_revision (conversation, oc_world_get_revision (self->world));
      oc_world_load_conversation (self->world, conversation);
      write_history (self, conversation, now);
    }

  oc_simulator_set_target (self, n_conversations);
  _oc_simulator_resume_at (self, now);
}
