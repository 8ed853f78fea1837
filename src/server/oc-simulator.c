// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-simulator"

#include "config.h"

#include <math.h>
#include <string.h>

#include "oc-sim-data.h"
#include "oc-simulator-private.h"

/* The floor in motion: the event heap, arrivals, routing, talk and
 * presence. The floor it starts with is oc-simulator-populate.c's. */

/* Mean life of a conversation in simulated seconds, which with the target
 * floor size sets the arrival rate. */
#define MEAN_LIFETIME 600.0
#define ROUTE_PERIOD  1.0

typedef struct {
  double   at;
  guint64  seq;
  GObject *object;  /* OcConversation or OcAgent */
} OcSimEvent;

/* What the simulator remembers about a conversation (qdata on it). */
typedef struct {
  guint   open_ticks;
  guint   lines;
  guint64 next_seq;  /* the pending event that counts */
  double  open_since;  /* simulated time it joined the queue */
  double  ends_at;     /* simulated time the agent is done; 0: not decided */
} OcSimInfo;

/**
 * OcSimulator:
 *
 * A contact center in motion, deterministic for a seed: customers arrive per
 * queue and channel, wait, are routed to agents by allowed presence, skills
 * and capacity, talk (transcript lines), go waiting and back, wrap up and
 * close; sentiment drifts and agents change presence. Simulated time only
 * moves in oc_simulator_advance().
 */
G_DEFINE_FINAL_TYPE (OcSimulator, oc_simulator, G_TYPE_OBJECT)

static GQuark info_quark;

static gboolean
event_before (const OcSimEvent *a,
              const OcSimEvent *b)
{
  return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static void
heap_push (GArray     *heap,
           OcSimEvent *event)
{
  guint i;

  g_array_append_vals (heap, event, 1);
  i = heap->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      OcSimEvent *e = &g_array_index (heap, OcSimEvent, i);
      OcSimEvent *p = &g_array_index (heap, OcSimEvent, parent);
      OcSimEvent tmp;

      if (!event_before (e, p))
        break;
      tmp = *e; *e = *p; *p = tmp;
      i = parent;
    }
}

static OcSimEvent
heap_pop (GArray *heap)
{
  OcSimEvent top = g_array_index (heap, OcSimEvent, 0);
  guint i = 0;

  g_array_index (heap, OcSimEvent, 0) = g_array_index (heap, OcSimEvent, heap->len - 1);
  g_array_set_size (heap, heap->len - 1);

  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      OcSimEvent tmp;

      if (l < heap->len && event_before (&g_array_index (heap, OcSimEvent, l), &g_array_index (heap, OcSimEvent, m)))
        m = l;
      if (r < heap->len && event_before (&g_array_index (heap, OcSimEvent, r), &g_array_index (heap, OcSimEvent, m)))
        m = r;
      if (m == i)
        break;
      tmp = g_array_index (heap, OcSimEvent, i);
      g_array_index (heap, OcSimEvent, i) = g_array_index (heap, OcSimEvent, m);
      g_array_index (heap, OcSimEvent, m) = tmp;
      i = m;
    }

  return top;
}

static void
clear_event (gpointer data)
{
  OcSimEvent *event = data;
  g_clear_object (&event->object);
}

static OcSimInfo *
get_info (OcConversation *conversation)
{
  OcSimInfo *info = g_object_get_qdata (G_OBJECT (conversation), info_quark);

  if (info == NULL)
    {
      info = g_new0 (OcSimInfo, 1);
      g_object_set_qdata_full (G_OBJECT (conversation), info_quark, info, g_free);
    }

  return info;
}

static void
schedule (OcSimulator *self,
          GObject     *object,
          double       delay)
{
  OcSimEvent event = { self->time + delay, self->seq++, g_object_ref (object) };

  /* A conversation follows one chain of events: a newer one (after routing,
   * say) supersedes what was pending. */
  if (OC_IS_CONVERSATION (object))
    get_info (OC_CONVERSATION (object))->next_seq = event.seq;

  heap_push (self->heap, &event);
}

double
_oc_simulator_uniform (OcSimulator *self,
                       double       low,
                       double       high)
{
  return g_rand_double_range (self->rand, low, high);
}

const char *
_oc_simulator_pick (OcSimulator        *self,
                    const char * const *strings,
                    guint               n)
{
  return strings[g_rand_int_range (self->rand, 0, n)];
}

const char *
_oc_simulator_pick_text (OcSimulator        *self,
                         const char * const *strings,
                         guint               n)
{
  const char *text = _oc_simulator_pick (self, strings, n);

  if (self->hostile_rand != NULL && g_rand_int_range (self->hostile_rand, 0, 6) == 0)
    return oc_sim_hostile_texts[g_rand_int_range (self->hostile_rand, 0, oc_sim_n_hostile_texts)];

  return text;
}

static gboolean
chance (OcSimulator *self,
        double       p)
{
  return g_rand_double (self->rand) < p;
}

OcPresence
_oc_simulator_pick_presence (OcSimulator *self)
{
  double r = g_rand_double (self->rand);

  /* About the share of the day tick_agent() gives each. */
  if (r < 0.66)
    return OC_PRESENCE_AVAILABLE;
  if (r < 0.82)
    return OC_PRESENCE_BUSY;
  if (r < 0.86)
    return OC_PRESENCE_BUSY_DND;
  if (r < 0.95)
    return OC_PRESENCE_AWAY;
  return OC_PRESENCE_OFFLINE;
}

static void
say_at (OcSimulator    *self,
        OcConversation *conversation,
        OcSender        sender,
        gint64          at)
{
  OcMessageKind kind = oc_conversation_get_channel (conversation) == OC_CHANNEL_VOICE
                       ? OC_MESSAGE_KIND_VOICE_TRANSCRIPT : OC_MESSAGE_KIND_TEXT;
  const char *name = NULL;
  const char *text;

  switch (sender)
    {
    case OC_SENDER_CUSTOMER:
      name = oc_conversation_get_customer_name (conversation);
      text = _oc_simulator_pick_text (self, oc_sim_customer_lines, oc_sim_n_customer_lines);
      break;
    case OC_SENDER_AGENT:
      {
        OcAgent *agent = oc_world_lookup_agent (self->world, oc_conversation_get_agent_id (conversation));
        name = agent ? oc_agent_get_name (agent) : NULL;
        text = _oc_simulator_pick_text (self, oc_sim_agent_lines, oc_sim_n_agent_lines);
      }
      break;
    case OC_SENDER_BOT:
      name = "Assistant 🤖";
      kind = OC_MESSAGE_KIND_TEXT;
      text = _oc_simulator_pick (self, oc_sim_bot_lines, oc_sim_n_bot_lines);
      break;
    default:
      g_return_if_reached ();
    }

  if (at == 0)
    oc_world_append_message (self->world, conversation, sender, name, kind, text);
  else
    {
      const char *id = oc_conversation_get_id (conversation);
      g_autoptr(OcMessage) message = oc_message_new (oc_world_get_last_seq (self->world, id) + 1,
                                                     at, sender, name, kind, text);

      oc_world_load_message (self->world, id, message);
    }
  get_info (conversation)->lines++;
}

static void
say (OcSimulator    *self,
     OcConversation *conversation,
     OcSender        sender)
{
  say_at (self, conversation, sender, 0);
}

void
_oc_simulator_said (OcSimulator    *self,
                    OcConversation *conversation,
                    OcSender        sender,
                    gint64          at)
{
  g_return_if_fail (at > 0);
  say_at (self, conversation, sender, at);
}

static void
drift_sentiment (OcSimulator    *self,
                 OcConversation *conversation,
                 double          bias)
{
  int sentiment = oc_conversation_get_sentiment (conversation);

  if (sentiment == OC_SENTIMENT_UNKNOWN)
    sentiment = OC_SENTIMENT_NEUTRAL;
  sentiment += g_rand_double (self->rand) < 0.5 + bias ? 1 : -1;
  oc_conversation_set_sentiment (conversation,
                                 CLAMP (sentiment, OC_SENTIMENT_VERY_NEGATIVE, OC_SENTIMENT_VERY_POSITIVE));
}

static const char * const flag_reasons[] = {
  "Customer asks for a refund above my limit",
  "Customer wants to speak to a manager",
  "Customer is threatening to cancel",
  "I cannot find the order in the system",
  "Customer reports a possible fraud case",
  "Legal question I cannot answer",
  "Customer is abusive",
  "Need approval for a goodwill credit",
  "Technical issue I cannot reproduce",
  "Customer asks about a data deletion request",
};

/* Agents ask for help now and then, more often when the customer is
 * unhappy: about one conversation in twenty, over its life. */
static void
maybe_raise_flag (OcSimulator    *self,
                  OcConversation *conversation)
{
  double p = oc_sentiment_is_negative (oc_conversation_get_sentiment (conversation)) ? 0.006 : 0.0015;

  if (oc_conversation_is_flagged (conversation) || g_rand_double (self->flag_rand) >= p)
    return;
  oc_world_raise_flag (self->world, conversation,
                       flag_reasons[g_rand_int_range (self->flag_rand, 0, G_N_ELEMENTS (flag_reasons))]);
}

/* A floor in full swing has a few flags up already. */
void
_oc_simulator_prefill_flag (OcSimulator    *self,
                            OcConversation *conversation,
                            gint64          now)
{
  if (oc_conversation_get_status (conversation) != OC_STATUS_ACTIVE || g_rand_double (self->flag_rand) >= 0.04)
    return;
  oc_conversation_set_flag (conversation,
                            flag_reasons[g_rand_int_range (self->flag_rand, 0, G_N_ELEMENTS (flag_reasons))],
                            MAX (now - g_rand_int_range (self->flag_rand, 10, 240),
                                 oc_conversation_get_first_assigned_at (conversation)),
                            0, NULL);
}

static void
close_conversation (OcSimulator    *self,
                    OcConversation *conversation)
{
  oc_world_remove_conversation (self->world, conversation, "closed");
}

static void
tick_conversation (OcSimulator    *self,
                   OcConversation *conversation)
{
  OcSimInfo *info = get_info (conversation);

  switch (oc_conversation_get_status (conversation))
    {
    case OC_STATUS_OPEN:
      info->open_ticks++;
      /* Long waits make customers give up, and unhappy. */
      if (info->open_ticks > 6 && chance (self, 0.15))
        {
          oc_world_append_message (self->world, conversation, OC_SENDER_SYSTEM, NULL,
                                   OC_MESSAGE_KIND_EVENT, "The customer left the queue.");
          close_conversation (self, conversation);
          return;
        }
      if (chance (self, 0.3))
        {
          drift_sentiment (self, conversation, -0.3);
          oc_world_put_conversation (self->world, conversation);
        }
      if (oc_conversation_get_channel (conversation) != OC_CHANNEL_VOICE && chance (self, 0.3))
        say (self, conversation, chance (self, 0.5) ? OC_SENDER_BOT : OC_SENDER_CUSTOMER);
      schedule (self, G_OBJECT (conversation), _oc_simulator_uniform (self, 60, 150));
      return;

    case OC_STATUS_ACTIVE:
      say (self, conversation, info->lines % 2 ? OC_SENDER_AGENT : OC_SENDER_CUSTOMER);
      maybe_raise_flag (self, conversation);
      if (chance (self, 0.2))
        {
          drift_sentiment (self, conversation, 0.1);
          oc_world_put_conversation (self->world, conversation);
        }
      /* Not decided when picked up: it ends within minutes. */
      if (info->ends_at == 0)
        info->ends_at = self->time + _oc_simulator_uniform (self, 30, 300);
      if (info->lines >= 4 && self->time >= info->ends_at)
        {
          oc_world_set_status (self->world, conversation, OC_STATUS_WRAP_UP);
          oc_world_put_conversation (self->world, conversation);
          schedule (self, G_OBJECT (conversation), _oc_simulator_uniform (self, 20, 90));
          return;
        }
      if (chance (self, 0.06))
        {
          oc_world_set_status (self->world, conversation, OC_STATUS_WAITING);
          oc_world_put_conversation (self->world, conversation);
        }
      schedule (self, G_OBJECT (conversation), _oc_simulator_uniform (self, 5, 25));
      return;

    case OC_STATUS_WAITING:
      if (chance (self, 0.4))
        {
          oc_world_set_status (self->world, conversation, OC_STATUS_ACTIVE);
          if (chance (self, 0.3))
            drift_sentiment (self, conversation, -0.2);
          oc_world_put_conversation (self->world, conversation);
          say (self, conversation, OC_SENDER_CUSTOMER);
        }
      schedule (self, G_OBJECT (conversation), _oc_simulator_uniform (self, 10, 40));
      return;

    case OC_STATUS_WRAP_UP:
    case OC_STATUS_CLOSED:
    case OC_STATUS_UNKNOWN:
    default:
      close_conversation (self, conversation);
      return;
    }
}

/* An agent's day: mostly at work, with breaks (Away), a focused spell
 * (Do not disturb) or a Busy of their own now and then, each over after
 * minutes; a few log off for a while. Work in hand goes on meanwhile. */
static void
tick_agent (OcSimulator *self,
            OcAgent     *agent)
{
  OcPresence presence = oc_agent_get_presence (agent);
  OcPresence next = OC_PRESENCE_AVAILABLE;
  double stay = _oc_simulator_uniform (self, 120, 900);
  double r = g_rand_double (self->rand);

  if (presence == OC_PRESENCE_OFFLINE && r < 0.3)
    {
      next = OC_PRESENCE_OFFLINE;
      stay = _oc_simulator_uniform (self, 300, 1200);
    }
  else if (presence == OC_PRESENCE_AVAILABLE || presence == OC_PRESENCE_BUSY)
    {
      if (r < 0.07)
        {
          next = OC_PRESENCE_AWAY;
          stay = _oc_simulator_uniform (self, 180, 900);
        }
      else if (r < 0.10)
        {
          next = OC_PRESENCE_BUSY_DND;
          stay = _oc_simulator_uniform (self, 120, 480);
        }
      else if (r < 0.11)
        {
          next = OC_PRESENCE_OFFLINE;
          stay = _oc_simulator_uniform (self, 600, 1800);
        }
      else if (r < 0.25)
        {
          next = OC_PRESENCE_BUSY;
          stay = _oc_simulator_uniform (self, 120, 600);
        }
    }

  if (next != presence)
    oc_agent_set_presence_since (agent, oc_world_get_now (self->world));
  oc_agent_set_presence (agent, next);
  oc_agent_set_presence_text (agent, next == OC_PRESENCE_AWAY && chance (self, 0.6)
                                     ? _oc_simulator_pick_text (self, oc_sim_presence_texts, oc_sim_n_presence_texts)
                                     : NULL);
  oc_world_put_agent (self->world, agent);
  schedule (self, G_OBJECT (agent), stay);
}

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
  get_info (conversation)->lines = 1;
  get_info (conversation)->ends_at =
    self->time + _oc_simulator_sample_handle (self, oc_conversation_get_channel (conversation));
  say (self, conversation, OC_SENDER_AGENT);
  schedule (self, G_OBJECT (conversation), _oc_simulator_uniform (self, 3, 12));
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
static void
route (OcSimulator *self)
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
            gboolean waive = self->time - get_info (conversation)->open_since >= overflow_after (conversation);
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
            if (best != NULL && chance (self, 0.5))
              {
                if (voice)
                  g_hash_table_add (on_call, g_strdup (oc_agent_get_id (best)));
                route_to (self, conversation, best);
              }
          }
      }
}

static void
arrive (OcSimulator *self)
{
  g_autoptr(OcConversation) conversation = NULL;

  conversation = _oc_simulator_make_conversation (self, oc_world_get_now (self->world));
  if (conversation == NULL)
    return;

  get_info (conversation)->open_since = self->time;
  oc_world_put_conversation (self->world, conversation);
  if (oc_conversation_get_channel (conversation) != OC_CHANNEL_VOICE)
    say (self, conversation, OC_SENDER_BOT);
  say (self, conversation, OC_SENDER_CUSTOMER);
  schedule (self, G_OBJECT (conversation), _oc_simulator_uniform (self, 30, 120));
}

/* Arrivals speed up below the target floor size and slow down above it. */
static double
next_arrival_delay (OcSimulator *self)
{
  guint live = oc_world_get_n_conversations (self->world);
  double rate = self->target / MEAN_LIFETIME;

  if (self->target == 0)
    return HUGE_VAL;

  rate *= live < self->target ? 1.5 : 0.6;

  return -log (1.0 - g_rand_double (self->rand)) / rate;
}

static void
oc_simulator_finalize (GObject *object)
{
  OcSimulator *self = (OcSimulator *) object;

  /* Not a clear func: heap_pop shrinks the array after moving its tail. */
  for (guint i = 0; i < self->heap->len; i++)
    clear_event (&g_array_index (self->heap, OcSimEvent, i));
  g_clear_pointer (&self->heap, g_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->flag_rand, g_rand_free);
  g_clear_pointer (&self->hostile_rand, g_rand_free);
  g_clear_object (&self->world);

  G_OBJECT_CLASS (oc_simulator_parent_class)->finalize (object);
}

static void
oc_simulator_class_init (OcSimulatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oc_simulator_finalize;

  info_quark = g_quark_from_static_string ("oc-simulator-info");
}

static void
oc_simulator_init (OcSimulator *self)
{
  self->heap = g_array_new (FALSE, FALSE, sizeof (OcSimEvent));
  self->next_id = 1;
}

/**
 * oc_simulator_new:
 * @world: the world to move; the simulator keeps a reference
 * @seed: the seed: one seed gives one history
 *
 * Returns: (transfer full): a simulator at simulated time 0 that changes
 *   nothing until oc_simulator_populate() or oc_simulator_resume()
 */
OcSimulator *
oc_simulator_new (OcWorld *world,
                  guint64  seed)
{
  OcSimulator *self;
  guint32 words[2] = { (guint32) seed, (guint32) (seed >> 32) };

  g_return_val_if_fail (OC_IS_WORLD (world), NULL);

  self = g_object_new (OC_TYPE_SIMULATOR, NULL);
  self->world = g_object_ref (world);
  self->seed = seed;
  self->rand = g_rand_new_with_seed_array (words, 2);
  words[0] ^= 0x9e3779b9u;
  self->flag_rand = g_rand_new_with_seed_array (words, 2);
  self->next_route = ROUTE_PERIOD;

  return self;
}

/**
 * oc_simulator_set_hostile_text:
 * @hostile: whether names, subjects, lines and presence texts now and then
 *   are strings that look like markup, entities or injections
 *
 * For testing clients; off for a realistic floor (the demo). The rest of a
 * seed's history stays the same either way. Set it before populating.
 */
void
oc_simulator_set_hostile_text (OcSimulator *self,
                               gboolean     hostile)
{
  g_return_if_fail (OC_IS_SIMULATOR (self));

  if (hostile == (self->hostile_rand != NULL))
    return;

  if (hostile)
    {
      guint32 words[2] = { (guint32) self->seed ^ 0x5bd1e995u, (guint32) (self->seed >> 32) };

      self->hostile_rand = g_rand_new_with_seed_array (words, 2);
    }
  else
    g_clear_pointer (&self->hostile_rand, g_rand_free);
}

/**
 * oc_simulator_set_target:
 * @n_conversations: how many live conversations arrivals aim to keep
 *
 * Arrivals speed up below the target and slow down above it.
 */
void
oc_simulator_set_target (OcSimulator *self,
                         guint        n_conversations)
{
  g_return_if_fail (OC_IS_SIMULATOR (self));

  self->target = n_conversations;
  self->next_arrival = self->time + next_arrival_delay (self);
}

/* Times on the world's clock (@now) become simulated ones: how long each
 * customer has waited, and when each agent will be done. */
void
_oc_simulator_resume_at (OcSimulator *self,
                         gint64       now)
{
  g_autoptr(GPtrArray) conversations = NULL;
  GPtrArray *agents;

  conversations = oc_world_list_conversations (self->world);
  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *conversation = g_ptr_array_index (conversations, i);
      const char *id = oc_conversation_get_id (conversation);
      OcSimInfo *info = get_info (conversation);
      guint64 number;

      /* New ids continue after the highest one in use. */
      if (g_str_has_prefix (id, "c-") && g_ascii_string_to_unsigned (id + 2, 10, 0, G_MAXUINT64, &number, NULL))
        self->next_id = MAX (self->next_id, number + 1);

      if (oc_conversation_get_status (conversation) == OC_STATUS_OPEN)
        {
          gint64 since = oc_conversation_get_waiting_since (conversation);

          info->open_since = self->time - MAX (0, now - (since ? since : oc_conversation_get_created_at (conversation)));
        }
      else if (oc_conversation_get_first_assigned_at (conversation) != 0)
        {
          /* A handle time from the assignment on; one that ran past it
           * ends within minutes. */
          gint64 left = oc_conversation_get_first_assigned_at (conversation) +
                        _oc_simulator_sample_handle (self, oc_conversation_get_channel (conversation)) - now;

          info->ends_at = self->time + (left > 0 ? left : _oc_simulator_uniform (self, 30, 300));
        }

      schedule (self, G_OBJECT (conversation), _oc_simulator_uniform (self, 1, 60));
    }

  agents = oc_world_get_agents (self->world);
  for (guint i = 0; i < agents->len; i++)
    schedule (self, g_ptr_array_index (agents, i), _oc_simulator_uniform (self, 60, 900));
}

/**
 * oc_simulator_advance:
 * @seconds: simulated seconds; not negative
 *
 * Runs the floor for @seconds of simulated time: arrivals, routing, talk,
 * waits, wrap-up and closing, sentiment and presence. Simulated time moves
 * only here.
 */
void
oc_simulator_advance (OcSimulator *self,
                      double       seconds)
{
  double end;

  g_return_if_fail (OC_IS_SIMULATOR (self));
  g_return_if_fail (seconds >= 0);

  end = self->time + seconds;

  for (;;)
    {
      double next_event = self->heap->len ? g_array_index (self->heap, OcSimEvent, 0).at : HUGE_VAL;
      double next = MIN (next_event, MIN (self->next_arrival, self->next_route));

      if (next > end)
        break;

      self->time = next;

      if (next == self->next_route)
        {
          route (self);
          oc_world_expire (self->world);
          self->next_route += ROUTE_PERIOD;
        }
      else if (next == self->next_arrival)
        {
          arrive (self);
          self->next_arrival = self->time + next_arrival_delay (self);
        }
      else
        {
          OcSimEvent event = heap_pop (self->heap);

          if (OC_IS_AGENT (event.object))
            tick_agent (self, OC_AGENT (event.object));
          else if (oc_world_lookup_conversation (self->world, oc_conversation_get_id (OC_CONVERSATION (event.object))) ==
                   (OcConversation *) event.object &&
                   get_info (OC_CONVERSATION (event.object))->next_seq == event.seq)
            tick_conversation (self, OC_CONVERSATION (event.object));

          g_object_unref (event.object);
        }
    }

  self->time = end;
}

/**
 * oc_simulator_resume:
 *
 * Picks up a world loaded from saved state: schedules its conversations and
 * agents from the world's clock.
 */
void
oc_simulator_resume (OcSimulator *self)
{
  g_return_if_fail (OC_IS_SIMULATOR (self));

  _oc_simulator_resume_at (self, oc_world_get_now (self->world));
}

/**
 * oc_simulator_get_time:
 *
 * Returns: the simulated seconds since the simulator started
 */
double
oc_simulator_get_time (OcSimulator *self)
{
  g_return_val_if_fail (OC_IS_SIMULATOR (self), 0);

  return self->time;
}
