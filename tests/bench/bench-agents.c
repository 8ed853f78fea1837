// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "oc-agent-view.h"
#include "oc-conversation-view.h"
#include "store-test-util.h"

/* The agents panel's model at 5,000 agents, fed at the report's rate
 * (5,000 events/s, in frames of 80): what a frame costs with the agents
 * view beside the report's view, against the report's view alone. Prints,
 * asserts nothing about time. */

#define N_AGENTS        5000
#define N_CONVERSATIONS 20000
#define N_QUEUES        20
#define FRAME_EVENTS    80      /* 5,000 events/s at about 60 frames/s */
#define N_FRAMES        1000

static const gint64 now = G_GINT64_CONSTANT (1764000000);

static gint64
bench_clock (gpointer user_data)
{
  return now;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static OcAgent *
make_agent (GRand *rand,
            guint  i)
{
  g_autofree char *id = g_strdup_printf ("a-%05u", i);
  g_autofree char *name = g_strdup_printf ("Agent %05u Ødegård", g_rand_int_range (rand, 0, 100000));
  g_autofree char *q1 = g_strdup_printf ("q-%02d", g_rand_int_range (rand, 0, N_QUEUES));
  g_autofree char *q2 = g_strdup_printf ("q-%02d", g_rand_int_range (rand, 0, N_QUEUES));
  const char *queues[] = { q1, q2, NULL };
  const char *skills[] = { "billing", "spanish", NULL };
  const guint levels[] = { 5, 3 };
  OcAgent *agent = oc_agent_new (id);

  oc_agent_set_name (agent, name);
  oc_agent_set_presence (agent, g_rand_int_range (rand, OC_PRESENCE_AVAILABLE, OC_PRESENCE_OFFLINE + 1));
  oc_agent_set_presence_since (agent, now - g_rand_int_range (rand, 0, 3600));
  oc_agent_set_capacity_total (agent, 5);
  oc_agent_set_capacity_used (agent, g_rand_int_range (rand, 0, 6));
  oc_agent_set_queue_ids (agent, queues);
  oc_agent_set_skills (agent, skills, levels);
  return agent;
}

static void
move_conversation (GRand          *rand,
                   OcConversation *c)
{
  static const OcStatus statuses[] = { OC_STATUS_OPEN, OC_STATUS_ACTIVE, OC_STATUS_ACTIVE,
                                       OC_STATUS_WAITING, OC_STATUS_WRAP_UP };
  OcStatus status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
  g_autofree char *agent = g_strdup_printf ("a-%05d", g_rand_int_range (rand, 0, N_AGENTS));

  oc_conversation_set_status (c, status);
  oc_conversation_set_agent_id (c, status == OC_STATUS_OPEN ? NULL : agent);
  oc_conversation_set_channel (c, g_rand_int_range (rand, OC_CHANNEL_CHAT, OC_CHANNEL_VOICE + 1));
  oc_conversation_set_first_assigned_at (c, status == OC_STATUS_OPEN ? 0 : now - g_rand_int_range (rand, 1, 3600));
}

/* One frame's events: three in four move a conversation, one in four
 * changes an agent's presence or load. */
static void
run_frames (OcConversationStore *store,
            GRand               *rand,
            gint64              *revision,
            GArray              *frame_ms)
{
  for (guint frame = 0; frame < N_FRAMES; frame++)
    {
      GPtrArray *events = g_ptr_array_new ();
      double start;

      for (guint i = 0; i < FRAME_EVENTS; i++)
        {
          if (g_rand_int_range (rand, 0, 4) > 0)
            {
              g_autofree char *id = g_strdup_printf ("c-%06d", g_rand_int_range (rand, 0, N_CONVERSATIONS));
              OcConversation *c = test_conversation_copy (oc_conversation_store_lookup (store, id));

              move_conversation (rand, c);
              g_ptr_array_add (events, test_event_upsert (++*revision, c));
            }
          else
            g_ptr_array_add (events, test_event_agent (++*revision, make_agent (rand, g_rand_int_range (rand, 0, N_AGENTS))));
        }

      start = cpu_ms ();
      test_apply (store, events);
      g_array_append_val (frame_ms, (double) { cpu_ms () - start });
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_frames (const char *what,
              GArray     *frame_ms)
{
  double total = 0;

  for (guint i = 0; i < frame_ms->len; i++)
    total += g_array_index (frame_ms, double, i);
  g_array_sort (frame_ms, compare_double);
  g_print ("%s: a frame of %u events p50 %.3f ms, p99 %.3f ms, max %.3f ms; %.1f %% of a core at 5,000 events/s\n",
           what, FRAME_EVENTS,
           g_array_index (frame_ms, double, frame_ms->len / 2),
           g_array_index (frame_ms, double, frame_ms->len * 99 / 100),
           g_array_index (frame_ms, double, frame_ms->len - 1),
           total / frame_ms->len * (5000.0 / FRAME_EVENTS) / 10);
  g_array_set_size (frame_ms, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcSnapshot) snapshot = test_snapshot_new (1);
  g_autoptr(OcConversationView) report = NULL;
  g_autoptr(OcAgentView) agents = NULL;
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 revision = 1;
  double start;

  oc_conversation_store_set_clock (store, bench_clock, NULL);
  snapshot->server_time = now;
  test_snapshot_add_queues (snapshot, N_QUEUES);
  for (guint i = 0; i < N_AGENTS; i++)
    g_ptr_array_add (snapshot->agents, make_agent (rand, i));
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%06u", i);
      g_autofree char *queue = g_strdup_printf ("q-%02d", g_rand_int_range (rand, 0, N_QUEUES));
      OcConversation *c = test_conversation_new (id, OC_STATUS_OPEN, queue, NULL, now - 600);

      move_conversation (rand, c);
      g_ptr_array_add (snapshot->conversations, c);
    }
  oc_conversation_store_load_snapshot (store, snapshot);
  report = oc_conversation_view_new (store);
  oc_conversation_view_set_sort (report, OC_SORT_WAIT, FALSE);

  run_frames (store, rand, &revision, frame_ms);
  print_frames ("report's view alone", frame_ms);

  start = cpu_ms ();
  agents = oc_agent_view_new (store);
  g_print ("agents view of %u agents over %u conversations: built in %.1f ms\n",
           g_list_model_get_n_items (G_LIST_MODEL (agents)), N_CONVERSATIONS, cpu_ms () - start);

  run_frames (store, rand, &revision, frame_ms);
  print_frames ("with the agents view (by name)", frame_ms);

  start = cpu_ms ();
  oc_agent_view_set_sort (agents, OC_AGENT_SORT_HANDLE, FALSE);
  g_print ("sort by longest handle time: %.1f ms\n", cpu_ms () - start);
  run_frames (store, rand, &revision, frame_ms);
  print_frames ("with the agents view (by handle time)", frame_ms);

  start = cpu_ms ();
  oc_agent_view_set_presence_filter (agents, OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) | OC_PRESENCE_BIT (OC_PRESENCE_BUSY));
  oc_agent_view_set_search_text (agents, "1 ødegård");
  g_print ("filter by presence and search a name: %.1f ms, %u rows\n",
           cpu_ms () - start, g_list_model_get_n_items (G_LIST_MODEL (agents)));
  run_frames (store, rand, &revision, frame_ms);
  print_frames ("with the agents view (filtered, searched)", frame_ms);

  return 0;
}
