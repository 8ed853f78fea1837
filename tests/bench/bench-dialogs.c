// SPDX-License-Identifier: GPL-3.0-or-later
/* How the Assign dialog copes with a big floor: 500 agents, 100,000 live
 * conversations. Prints figures; asserts nothing about time. */

#include "config.h"

#include <gtk/gtk.h>

#include "oc-client.h"
#include "oc-agent-list.h"
#include "oc-agent-row.h"
#include "oc-assign-dialog-private.h"
#include "store-test-util.h"

#define N_AGENTS        500
#define N_CONVERSATIONS 100000
#define N_QUEUES        20
#define N_UPDATES       200

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = OC_IS_AGENT_ROW (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

static OcConversationStore *
big_floor_new (void)
{
  static const char * const skill_names[] = { "billing", "spanish", "returns", "french", NULL };
  OcSnapshot *snapshot = test_snapshot_new (1);
  OcConversationStore *store = oc_conversation_store_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GRand *rand = g_rand_new_with_seed (7);
  OcWorkstream *ws = oc_workstream_new ("ws-chat");

  oc_workstream_set_name (ws, "Chat");
  oc_workstream_set_allowed_presences (ws, OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) |
                                           OC_PRESENCE_BIT (OC_PRESENCE_BUSY));
  g_ptr_array_add (snapshot->workstreams, ws);

  for (guint i = 0; i < N_QUEUES; i++)
    {
      g_autofree char *id = g_strdup_printf ("q-%u", i);
      g_autofree char *name = g_strdup_printf ("Queue %u", i);
      OcQueue *queue = oc_queue_new (id);

      oc_queue_set_name (queue, name);
      oc_queue_set_workstream_id (queue, "ws-chat");
      g_ptr_array_add (snapshot->queues, queue);
    }

  for (guint i = 0; i < N_AGENTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("a-%u", i);
      g_autofree char *name = g_strdup_printf ("Agent %u", i);
      g_autofree char *q1 = g_strdup_printf ("q-%u", i % N_QUEUES);
      const char * const queues[] = { q1, "q-0", NULL };
      guint levels[] = { i % 10, (i / 3) % 10, 5, 1 };
      const char * const skills[] = { skill_names[i % 4], skill_names[(i + 1) % 4], NULL };
      OcAgent *agent = oc_agent_new (id);

      oc_agent_set_name (agent, name);
      oc_agent_set_presence (agent, 1 + i % 5);
      oc_agent_set_capacity_total (agent, 4);
      oc_agent_set_capacity_used (agent, i % 5 == 0 ? 4 : i % 4);
      oc_agent_set_skills (agent, skills, levels);
      oc_agent_set_queue_ids (agent, queues);
      g_ptr_array_add (snapshot->agents, agent);
    }

  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%u", i);
      g_autofree char *queue = g_strdup_printf ("q-%u", g_rand_int_range (rand, 0, N_QUEUES));
      OcStatus status = i == 0 ? OC_STATUS_OPEN : g_rand_int_range (rand, OC_STATUS_OPEN, OC_STATUS_WRAP_UP + 1);
      OcConversation *conversation = test_conversation_new (id, status, i == 0 ? "q-0" : queue,
                                                            NULL, now - 60);
      const char * const skills[] = { "billing", "spanish", NULL };

      oc_conversation_set_skills (conversation, skills);
      g_ptr_array_add (snapshot->conversations, conversation);
    }

  oc_conversation_store_load_snapshot (store, snapshot);
  test_snapshot_free (snapshot);
  g_rand_free (rand);
  return store;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OcConversationStore) store = NULL;
  g_autoptr(OcClient) client = NULL;
  GtkWidget *dialog;
  GListModel *agents;
  gint64 start;
  double first_ms, open_ms, queue_ms, update_ms;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_init ();

  store = big_floor_new ();
  client = oc_client_new ("http://127.0.0.1:9", "token", store);
  agents = oc_conversation_store_get_agents (store);

  /* The first window of the process pays for the theme and icons: warm up. */
  start = g_get_monotonic_time ();
  dialog = oc_assign_dialog_new (NULL, OC_SOURCE (client), oc_conversation_store_lookup (store, "c-0"));
  gtk_window_present (GTK_WINDOW (dialog));
  drain ();
  first_ms = (g_get_monotonic_time () - start) / 1000.0;
  gtk_window_destroy (GTK_WINDOW (dialog));
  drain ();

  start = g_get_monotonic_time ();
  dialog = oc_assign_dialog_new (NULL, OC_SOURCE (client), oc_conversation_store_lookup (store, "c-0"));
  gtk_window_present (GTK_WINDOW (dialog));
  drain ();
  open_ms = (g_get_monotonic_time () - start) / 1000.0;

  start = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (_oc_assign_dialog_get_stack (OC_ASSIGN_DIALOG (dialog)), "queue");
  drain ();
  queue_ms = (g_get_monotonic_time () - start) / 1000.0;
  gtk_stack_set_visible_child_name (_oc_assign_dialog_get_stack (OC_ASSIGN_DIALOG (dialog)), "agent");
  drain ();

  /* Agents change in place (agent.upsert): each is a re-filter, a re-sort
   * and a new layout of the rows that moved. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_UPDATES; i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (agents, (i * 7) % N_AGENTS);

      oc_agent_set_capacity_used (agent, (oc_agent_get_capacity_used (agent) + 1) % 5);
      drain ();
    }
  drain ();
  update_ms = (g_get_monotonic_time () - start) / 1000.0 / N_UPDATES;

  g_print ("agents: %u, offered: %u; conversations: %u\n", N_AGENTS,
           oc_agent_list_get_n_offered (oc_agent_picker_get_agent_list (
             _oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog)))),
           g_list_model_get_n_items (G_LIST_MODEL (store)));
  g_print ("agent rows made: %u\n", count_rows (dialog));
  g_print ("open the Assign dialog, first in the process: %.1f ms\n", first_ms);
  g_print ("open the Assign dialog again (first frame work): %.1f ms\n", open_ms);
  g_print ("show the queue page (counts over every conversation): %.1f ms\n", queue_ms);
  g_print ("one agent update, list re-filtered, re-sorted and laid out: %.2f ms\n", update_ms);

  gtk_window_destroy (GTK_WINDOW (dialog));
  drain ();
  return 0;
}
