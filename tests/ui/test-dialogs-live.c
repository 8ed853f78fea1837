// SPDX-License-Identifier: GPL-3.0-or-later
/* The dialogs against the embedded reference server: what they do, and how
 * they explain a refusal. */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "oc-client.h"
#include "dialogs-test-util.h"
#include "oc-agent-row.h"
#include "oc-assign-dialog-private.h"
#include "oc-force-close-dialog-private.h"
#include "oc-server.h"
#include "oc-transfer-dialog-private.h"
#include "store-test-util.h"

/* ---- what the dialogs do, against the reference server --------------------- */

typedef struct {
  OcServer            *server;
  char                *url;
  OcConversationStore *store;
  OcClient            *client;     /* a supervisor's, started: the dialogs use it */
  GtkWindow           *parent;
} Live;

static gboolean
client_live (gpointer data)
{
  return oc_source_get_state (OC_SOURCE (data)) == OC_SOURCE_STATE_LIVE &&
         oc_source_get_role (OC_SOURCE (data)) != OC_ROLE_UNKNOWN;
}

static OcClient *
live_client_new (Live       *live,
                 const char *name,
                 OcRole      role,
                 gboolean    start)
{
  g_autofree char *token = oc_server_add_user (live->server, name, role);
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  OcClient *client = oc_client_new (live->url, token, store);

  if (start)
    {
      oc_source_start (OC_SOURCE (client));
      g_assert_true (wait_for (client_live, client));
    }
  return client;
}

static void
live_init (Live *live)
{
  /* Paused, and with seats to spare: the floor stays as it starts. */
  OcServerOptions options = { .seed = 42, .speed = 0, .conversations = 80, .agents = 40 };
  g_autoptr(GError) error = NULL;

  live->server = oc_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (oc_server_listen (live->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  live->url = oc_server_get_url (live->server);

  live->client = live_client_new (live, "sam", OC_ROLE_SUPERVISOR, TRUE);
  live->store = g_object_ref (oc_source_get_store (OC_SOURCE (live->client)));
  live->parent = GTK_WINDOW (gtk_window_new ());
}

static void
live_clear (Live *live)
{
  gtk_window_destroy (live->parent);
  oc_source_stop (OC_SOURCE (live->client));
  drain ();
  g_clear_object (&live->client);
  g_clear_object (&live->store);
  oc_server_shutdown (live->server);
  drain ();
  g_clear_object (&live->server);
  g_clear_pointer (&live->url, g_free);
}

typedef struct {
  OcConversationStore *store;
  gint64               revision;
} Revision;

static gboolean
store_caught_up (gpointer data)
{
  Revision *target = data;
  return oc_conversation_store_get_revision (target->store) >= target->revision;
}

/* Runs the simulator on by @seconds and waits until our store has every
 * change: a fresh client's snapshot says how far the server got. */
static void
live_step (Live   *live,
           double  seconds)
{
  g_autoptr(OcClient) probe = NULL;
  Revision target;

  oc_server_step (live->server, seconds);
  probe = live_client_new (live, "probe", OC_ROLE_VIEWER, TRUE);
  target.store = live->store;
  target.revision = oc_conversation_store_get_revision (oc_source_get_store (OC_SOURCE (probe)));
  oc_source_stop (OC_SOURCE (probe));
  g_assert_true (wait_for (store_caught_up, &target));
}

/* The first conversation in @status that the rules let some agent take; the
 * simulator runs on a little while there is none. */
static OcConversation *
find_conversation (Live     *live,
                   OcStatus  status,
                   gboolean  transfer)
{
  GListModel *conversations = G_LIST_MODEL (live->store);
  GListModel *agents = oc_conversation_store_get_agents (live->store);

  for (guint tries = 0; tries < 30; tries++)
    {
      if (tries > 0)
        live_step (live, 20);

      for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
        {
          g_autoptr(OcConversation) conversation = g_list_model_get_item (conversations, i);

          if (oc_conversation_get_status (conversation) != status)
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (agents); j++)
            {
              g_autoptr(OcAgent) agent = g_list_model_get_item (agents, j);

              if (rules_offer (live->store, conversation, agent, transfer) &&
                  oc_agent_get_free_capacity (agent) > 0)
                return conversation;
            }
        }
    }
  return NULL;
}

typedef struct {
  OcConversation *conversation;
  const char     *property;
  const char     *value;
} Expect;

static gboolean
conversation_has (gpointer data)
{
  Expect *expect = data;
  g_autofree char *value = NULL;

  g_object_get (expect->conversation, expect->property, &value, NULL);
  return g_strcmp0 (value, expect->value) == 0;
}

/* The agent picked for the user, who must hold every required skill
 * (#18 point 9); when nobody does, the first who may be picked, chosen as the
 * user would. */
static OcAgent *
pick_agent (OcAgentPicker *picker)
{
  OcAgentList *agents = oc_agent_picker_get_agent_list (picker);
  GListModel *model = picker_model (picker);
  OcAgent *agent = picked (picker);

  if (agent != NULL)
    {
      g_assert_true (oc_agent_list_is_best_fit (agents, agent));
      return agent;
    }

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OcAgent) candidate = g_list_model_get_item (model, i);

      g_assert_false (oc_agent_list_is_best_fit (agents, candidate));
      if (agent == NULL && oc_agent_list_can_take (agents, candidate))
        {
          gtk_selection_model_select_item (gtk_list_view_get_model (oc_agent_picker_get_list_view (picker)),
                                           i, TRUE);
          agent = picked (picker);
        }
    }
  return agent;
}

static void
test_live_assign_agent (void)
{
  Live live;
  OcConversation *conversation;
  GtkWidget *dialog;
  OcAgent *agent;
  g_autofree char *agent_id = NULL;
  Expect expect;

  live_init (&live);
  conversation = find_conversation (&live, OC_STATUS_OPEN, FALSE);
  g_assert_nonnull (conversation);

  dialog = oc_assign_dialog_new (live.parent, OC_SOURCE (live.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  assert_listed_by_rules (live.store, conversation,
                          picker_model (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog))), FALSE);
  agent = pick_agent (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog)));
  g_assert_nonnull (agent);
  agent_id = g_strdup (oc_agent_get_id (agent));

  /* Click Assign: the dialog closes on success… */
  click (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog)));
  g_assert_true (wait_for (oc_test_pointer_cleared, &dialog));

  /* …and the change arrives through the event stream. */
  expect = (Expect) { conversation, "agent-id", agent_id };
  g_assert_true (wait_for (conversation_has, &expect));
  g_assert_cmpint (oc_conversation_get_status (conversation), ==, OC_STATUS_ACTIVE);

  live_clear (&live);
}

static void
test_live_assign_queue (void)
{
  Live live;
  OcConversation *conversation;
  GtkWidget *dialog;
  GListModel *queues;
  g_autoptr(OcQueue) queue = NULL;
  Expect expect;

  live_init (&live);
  conversation = find_conversation (&live, OC_STATUS_OPEN, FALSE);
  g_assert_nonnull (conversation);

  dialog = oc_assign_dialog_new (live.parent, OC_SOURCE (live.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  gtk_stack_set_visible_child_name (_oc_assign_dialog_get_stack (OC_ASSIGN_DIALOG (dialog)), "queue");
  queues = G_LIST_MODEL (gtk_list_view_get_model (_oc_assign_dialog_get_queue_view (OC_ASSIGN_DIALOG (dialog))));
  g_assert_cmpuint (g_list_model_get_n_items (queues), ==,
                    g_list_model_get_n_items (oc_conversation_store_get_queues (live.store)) - 1);
  queue = g_list_model_get_item (queues, 0);
  g_assert_cmpstr (oc_queue_get_id (queue), !=, oc_conversation_get_queue_id (conversation));

  /* Enter on a queue row picks it and acts. */
  g_signal_emit_by_name (_oc_assign_dialog_get_queue_view (OC_ASSIGN_DIALOG (dialog)), "activate", 0);
  g_assert_true (wait_for (oc_test_pointer_cleared, &dialog));

  expect = (Expect) { conversation, "queue-id", oc_queue_get_id (queue) };
  g_assert_true (wait_for (conversation_has, &expect));
  g_assert_cmpint (oc_conversation_get_status (conversation), ==, OC_STATUS_OPEN);

  live_clear (&live);
}

static void
test_live_transfer (void)
{
  Live live;
  OcConversation *conversation;
  GtkWidget *dialog;
  OcAgent *agent;
  g_autofree char *agent_id = NULL;
  Expect expect;

  live_init (&live);
  conversation = find_conversation (&live, OC_STATUS_ACTIVE, TRUE);
  g_assert_nonnull (conversation);

  dialog = oc_transfer_dialog_new (live.parent, OC_SOURCE (live.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  assert_listed_by_rules (live.store, conversation,
                          picker_model (_oc_transfer_dialog_get_picker (OC_TRANSFER_DIALOG (dialog))), TRUE);
  agent = pick_agent (_oc_transfer_dialog_get_picker (OC_TRANSFER_DIALOG (dialog)));
  g_assert_nonnull (agent);
  g_assert_cmpstr (oc_agent_get_id (agent), !=, oc_conversation_get_agent_id (conversation));
  agent_id = g_strdup (oc_agent_get_id (agent));

  click (_oc_transfer_dialog_get_primary (OC_TRANSFER_DIALOG (dialog)));
  g_assert_true (wait_for (oc_test_pointer_cleared, &dialog));

  expect = (Expect) { conversation, "agent-id", agent_id };
  g_assert_true (wait_for (conversation_has, &expect));

  live_clear (&live);
}

static gboolean
conversation_gone (gpointer data)
{
  gpointer *args = data;
  return oc_conversation_store_lookup (args[0], args[1]) == NULL;
}

static void
test_live_force_close (void)
{
  Live live;
  g_autoptr(OcConversation) conversation = NULL;
  g_autofree char *id = NULL;
  GtkWidget *dialog;
  gpointer args[2];

  live_init (&live);
  conversation = g_list_model_get_item (G_LIST_MODEL (live.store), 0);
  id = g_strdup (oc_conversation_get_id (conversation));

  dialog = oc_force_close_dialog_new (live.parent, OC_SOURCE (live.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);

  click (response_button (dialog, "_Force Close"));
  g_assert_true (wait_for (oc_test_pointer_cleared, &dialog));

  args[0] = live.store;
  args[1] = id;
  g_assert_true (wait_for (conversation_gone, args));

  live_clear (&live);
}

typedef struct {
  gboolean done;
  GError  *error;
} Outcome;

static void
outcome_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Outcome *outcome = data;

  oc_source_action_finish (OC_SOURCE (source), result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
outcome_done (gpointer data)
{
  return ((Outcome *) data)->done;
}

static void
test_live_another_acted_first (void)
{
  Live live;
  g_autoptr(OcClient) other = NULL;
  OcConversation *conversation;
  GtkWidget *dialog;
  GListModel *agents;
  Outcome outcome = { 0 };

  live_init (&live);
  conversation = find_conversation (&live, OC_STATUS_OPEN, FALSE);
  g_assert_nonnull (conversation);

  dialog = oc_assign_dialog_new (live.parent, OC_SOURCE (live.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  g_assert_nonnull (picked (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog))));

  /* Our events stop, so the dialog cannot see what comes next… */
  oc_source_stop (OC_SOURCE (live.client));

  /* …another supervisor gives it to an agent… */
  other = live_client_new (&live, "alex", OC_ROLE_SUPERVISOR, FALSE);
  agents = oc_conversation_store_get_agents (live.store);
  for (guint i = 0; i < g_list_model_get_n_items (agents) && !outcome.done; i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (agents, i);

      if (!rules_offer (live.store, conversation, agent, FALSE) ||
          oc_agent_get_free_capacity (agent) == 0)
        continue;
      oc_source_assign_async (OC_SOURCE (other), oc_conversation_get_id (conversation), oc_agent_get_id (agent),
                              NULL, NULL, outcome_cb, &outcome);
      break;
    }
  g_assert_true (wait_for (outcome_done, &outcome));
  g_assert_no_error (outcome.error);

  /* …and ours, sent after, is refused: the dialog says why and stays. */
  g_assert_true (can_confirm (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog))));
  click (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog)));
  g_assert_true (oc_action_dialog_get_busy (OC_ACTION_DIALOG (dialog)));
  g_assert_true (wait_for (not_busy, dialog));
  g_assert_nonnull (dialog);
  g_assert_true (message_shown (dialog));
  g_assert_cmpstr (_oc_action_dialog_get_message_title (OC_ACTION_DIALOG (dialog)), ==,
                   "Another supervisor acted first");
  g_assert_false (can_confirm (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog))));

  gtk_window_destroy (GTK_WINDOW (dialog));
  live_clear (&live);
}

static gboolean
dialog_says_who (gpointer data)
{
  const char *text = _oc_action_dialog_get_message_text (OC_ACTION_DIALOG (data));

  return text != NULL && g_str_has_prefix (text, "alex assigned this conversation to ");
}

/* Two supervisors assign the same conversation to different queues: the
 * second is refused (409 with the revision), told who did what, shown the
 * conversation as it is now, and may choose again; nothing overwritten
 * (#18 point 8). */
static void
test_live_two_assign_queues (void)
{
  Live live;
  g_autoptr(OcClient) other = NULL;
  OcConversation *conversation;
  GtkWidget *dialog;
  GListModel *queues;
  g_autoptr(OcQueue) theirs = NULL;
  g_autoptr(OcQueue) ours = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *first_queue = NULL;
  Outcome outcome = { 0 };
  Expect expect;

  live_init (&live);
  conversation = find_conversation (&live, OC_STATUS_OPEN, FALSE);
  g_assert_nonnull (conversation);
  first_queue = g_strdup (oc_conversation_get_queue_id (conversation));

  dialog = oc_assign_dialog_new (live.parent, OC_SOURCE (live.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  gtk_stack_set_visible_child_name (_oc_assign_dialog_get_stack (OC_ASSIGN_DIALOG (dialog)), "queue");
  queues = G_LIST_MODEL (gtk_list_view_get_model (_oc_assign_dialog_get_queue_view (OC_ASSIGN_DIALOG (dialog))));
  g_assert_cmpuint (g_list_model_get_n_items (queues), >=, 2);
  theirs = g_list_model_get_item (queues, 0);
  ours = g_list_model_get_item (queues, 1);

  /* Our events pause, so our confirm goes out before we hear of theirs… */
  oc_source_stop (OC_SOURCE (live.client));

  /* …alex moves it to one queue… */
  other = live_client_new (&live, "alex", OC_ROLE_SUPERVISOR, FALSE);
  oc_source_assign_async (OC_SOURCE (other), oc_conversation_get_id (conversation), NULL,
                          oc_queue_get_id (theirs), NULL, outcome_cb, &outcome);
  g_assert_true (wait_for (outcome_done, &outcome));
  g_assert_no_error (outcome.error);

  /* …and ours, to another, is refused: the revision we saw is old. */
  g_signal_emit_by_name (_oc_assign_dialog_get_queue_view (OC_ASSIGN_DIALOG (dialog)), "activate", 1);
  g_assert_true (wait_for (not_busy, dialog));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (_oc_action_dialog_get_message_title (OC_ACTION_DIALOG (dialog)), ==,
                   "Another supervisor acted first");
  /* Not before it shows the conversation as it is now. */
  g_assert_false (can_confirm (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog))));

  /* Back in touch: the dialog says who did what and shows it as it is. */
  oc_source_start (OC_SOURCE (live.client));
  expect = (Expect) { conversation, "queue-id", oc_queue_get_id (theirs) };
  g_assert_true (wait_for (conversation_has, &expect));
  g_assert_true (wait_for (dialog_says_who, dialog));
  expected = g_strdup_printf ("alex assigned this conversation to %s a moment ago. Nothing was done. "
                              "Above is the conversation as it is now: choose again, or close this window.",
                              oc_queue_get_name (theirs));
  g_assert_cmpstr (_oc_action_dialog_get_message_text (OC_ACTION_DIALOG (dialog)), ==, expected);
  g_assert_true (can_confirm (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog))));

  /* Nothing was overwritten: the server kept alex's choice. */
  g_assert_cmpstr (oc_conversation_get_queue_id (conversation), ==, oc_queue_get_id (theirs));
  g_assert_cmpstr (oc_conversation_get_queue_id (conversation), !=, first_queue);
  g_assert_cmpstr (oc_queue_get_id (ours), !=, oc_queue_get_id (theirs));

  gtk_window_destroy (GTK_WINDOW (dialog));
  live_clear (&live);
}

static void
test_live_rule_broken_shows_reason (void)
{
  Live live;
  g_autoptr(OcClient) other = NULL;
  OcConversation *conversation;
  OcAgent *agent;
  GtkWidget *dialog;
  GListModel *conversations;
  GListModel *model;
  guint best = G_MAXUINT;
  guint best_free = 0;
  guint taken = 0;
  gboolean full = FALSE;

  live_init (&live);
  conversation = find_conversation (&live, OC_STATUS_OPEN, FALSE);
  g_assert_nonnull (conversation);

  dialog = oc_assign_dialog_new (live.parent, OC_SOURCE (live.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  /* Pick the agent with the fewest free seats: they fill up soonest. */
  model = picker_model (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OcAgent) candidate = g_list_model_get_item (model, i);
      guint free_seats = oc_agent_get_free_capacity (candidate);

      if (free_seats > 0 && (best == G_MAXUINT || free_seats < best_free))
        {
          best = i;
          best_free = free_seats;
        }
    }
  g_assert_cmpuint (best, !=, G_MAXUINT);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), best);
  agent = picked (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog)));
  g_assert_nonnull (agent);

  /* Our copy of the floor stops here, still saying the agent has room… */
  oc_source_stop (OC_SOURCE (live.client));

  /* …while another supervisor fills the agent up with other conversations. */
  other = live_client_new (&live, "alex", OC_ROLE_SUPERVISOR, FALSE);
  conversations = G_LIST_MODEL (live.store);
  for (guint i = 0; i < g_list_model_get_n_items (conversations) && !full; i++)
    {
      g_autoptr(OcConversation) filler = g_list_model_get_item (conversations, i);
      OcStatus status = oc_conversation_get_status (filler);
      Outcome outcome = { 0 };

      if (filler == conversation || !rules_offer (live.store, filler, agent, TRUE))
        continue;
      /* Open ones are assigned to the agent, handled ones transferred. */
      if (status == OC_STATUS_OPEN)
        oc_source_assign_async (OC_SOURCE (other), oc_conversation_get_id (filler), oc_agent_get_id (agent), NULL,
                                NULL, outcome_cb, &outcome);
      else if (status == OC_STATUS_ACTIVE || status == OC_STATUS_WAITING)
        oc_source_transfer_async (OC_SOURCE (other), oc_conversation_get_id (filler), oc_agent_get_id (agent),
                                  NULL, outcome_cb, &outcome);
      else
        continue;
      g_assert_true (wait_for (outcome_done, &outcome));
      if (outcome.error == NULL)
        taken++;
      else
        g_assert_error (outcome.error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RULE_BROKEN);
      full = taken >= best_free || outcome.error != NULL;
      g_clear_error (&outcome.error);
    }
  g_assert_true (full);

  /* The server refuses ours with its own reason; the dialog shows it and
   * stays, so another agent can be picked. */
  click (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog)));
  g_assert_true (wait_for (not_busy, dialog));
  g_assert_nonnull (dialog);
  g_assert_true (g_str_has_prefix (_oc_action_dialog_get_message_title (OC_ACTION_DIALOG (dialog)),
                                   "The server refused: "));
  g_assert_true (strstr (_oc_action_dialog_get_message_title (OC_ACTION_DIALOG (dialog)),
                         "no free capacity") != NULL);
  g_assert_cmpstr (_oc_action_dialog_get_message_text (OC_ACTION_DIALOG (dialog)), ==,
                   "Pick another agent or queue, or wait for the agent to free up.");
  g_assert_true (can_confirm (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog))));

  gtk_window_destroy (GTK_WINDOW (dialog));
  live_clear (&live);
}

static void
test_live_viewer (void)
{
  Live live;
  g_autoptr(OcClient) viewer = NULL;
  g_autoptr(OcClient) unknown_role = NULL;
  OcConversation *conversation;
  GtkWidget *dialog;
  GtkWidget *proceed;

  live_init (&live);
  conversation = g_list_model_get_item (G_LIST_MODEL (live.store), 0);
  g_object_unref (conversation);   /* the store keeps it */

  /* A viewer's dialog says so and will not act, however it is asked. */
  viewer = live_client_new (&live, "wallboard", OC_ROLE_VIEWER, TRUE);
  g_assert_cmpint (oc_source_get_role (OC_SOURCE (viewer)), ==, OC_ROLE_VIEWER);
  dialog = oc_force_close_dialog_new (live.parent, OC_SOURCE (viewer), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  proceed = response_button (dialog, "_Force Close");
  g_assert_true (force_close_message_shown (dialog));
  g_assert_cmpstr (_oc_force_close_dialog_get_message_title (OC_FORCE_CLOSE_DIALOG (dialog)), ==,
                   "Your account can only watch");
  g_assert_false (can_confirm (proceed));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "force-close");
  click (proceed);
  g_assert_false (_oc_force_close_dialog_get_busy (OC_FORCE_CLOSE_DIALOG (dialog)));
  drain ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Before the role is known, the server's refusal is explained instead. */
  unknown_role = live_client_new (&live, "wallboard-2", OC_ROLE_VIEWER, FALSE);
  dialog = oc_force_close_dialog_new (live.parent, OC_SOURCE (unknown_role), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  proceed = response_button (dialog, "_Force Close");
  g_assert_true (can_confirm (proceed));
  click (proceed);
  g_assert_true (wait_for (force_close_not_busy, dialog));
  drain ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (_oc_force_close_dialog_get_message_title (OC_FORCE_CLOSE_DIALOG (dialog)), ==,
                   "Your account may not do this");
  g_assert_false (can_confirm (proceed));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Nothing happened to the conversation. */
  drain ();
  g_assert_nonnull (oc_conversation_store_lookup (live.store, oc_conversation_get_id (conversation)));

  live_clear (&live);
}

int
main (int   argc,
      char *argv[])
{
  dialogs_test_init (&argc, &argv);

  g_test_add_func ("/dialogs/live/assign-agent", test_live_assign_agent);
  g_test_add_func ("/dialogs/live/assign-queue", test_live_assign_queue);
  g_test_add_func ("/dialogs/live/transfer", test_live_transfer);
  g_test_add_func ("/dialogs/live/force-close", test_live_force_close);
  g_test_add_func ("/dialogs/live/another-acted-first", test_live_another_acted_first);
  g_test_add_func ("/dialogs/live/two-assign-queues", test_live_two_assign_queues);
  g_test_add_func ("/dialogs/live/rule-broken-shows-reason", test_live_rule_broken_shows_reason);
  g_test_add_func ("/dialogs/live/viewer", test_live_viewer);

  return g_test_run ();
}
