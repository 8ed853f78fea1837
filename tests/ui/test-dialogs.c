// SPDX-License-Identifier: GPL-3.0-or-later
/* The Assign, Transfer and Force-close dialogs, driven through their real
 * widgets against a store filled by hand: what they list, and how they behave
 * without a server. */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "dialogs-test-util.h"
#include "oc-agent-row.h"
#include "oc-assign-dialog-private.h"
#include "oc-force-close-dialog-private.h"
#include "oc-transfer-dialog-private.h"
#include "store-test-util.h"

/* ---- what the dialogs list ------------------------------------------------ */

static void
test_assign_agents_follow_rules (void)
{
  Floor floor;
  OcConversation *conversation;
  GtkWidget *dialog;
  OcAgentPicker *picker;
  g_autofree char *ids = NULL;

  floor_init (&floor);
  conversation = oc_conversation_store_lookup (floor.store, "c-open");
  dialog = oc_assign_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);

  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == floor.parent);

  picker = _oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog));
  assert_listed_by_rules (floor.store, conversation, picker_model (picker), FALSE);

  /* Best match: both required skills, then one (and full), then none. */
  ids = agent_ids (picker_model (picker));
  g_assert_cmpstr (ids, ==, "a1,a2,a6");
  g_assert_cmpstr (oc_agent_get_id (picked (picker)), ==, "a1");
  g_assert_true (can_confirm (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog))));
  g_assert_false (_oc_action_dialog_get_message_shown (OC_ACTION_DIALOG (dialog)));

  /* Keyboard first: the search box has the focus; Enter is the Assign button. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         GTK_WIDGET (oc_agent_picker_get_search (picker))));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) ==
                 _oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog)));

  /* Down in the search box moves into the list. */
  g_assert_true (press_key (GTK_WIDGET (oc_agent_picker_get_search (picker)), GDK_KEY_Down));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         GTK_WIDGET (oc_agent_picker_get_list_view (picker))));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (dialog);
  floor_clear (&floor);
}

static void
test_assign_agents_live (void)
{
  Floor floor;
  OcConversation *conversation;
  GtkWidget *dialog;
  GtkWidget *primary;
  OcAgentPicker *picker;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  floor_init (&floor);
  conversation = oc_conversation_store_lookup (floor.store, "c-open");
  dialog = oc_assign_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  show_and_settle (dialog);
  picker = _oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog));
  primary = _oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog));

  /* Chen comes back from away: offered at once, and first (two skills, free). */
  oc_agent_set_presence (oc_conversation_store_lookup_agent (floor.store, "a3"), OC_PRESENCE_AVAILABLE);
  drain ();
  before = agent_ids (picker_model (picker));
  g_assert_cmpstr (before, ==, "a3,a1,a2,a6");
  assert_listed_by_rules (floor.store, conversation, picker_model (picker), FALSE);
  /* The user's pick did not move behind their back. */
  g_assert_cmpstr (oc_agent_get_id (picked (picker)), ==, "a1");

  /* Amina fills up: still shown, no longer pickable, and the action goes off. */
  oc_agent_set_capacity_used (oc_conversation_store_lookup_agent (floor.store, "a1"), 3);
  g_assert_null (picked (picker));
  g_assert_false (can_confirm (primary));

  /* Zoë goes offline: gone from the list. */
  oc_agent_set_presence (oc_conversation_store_lookup_agent (floor.store, "a6"), OC_PRESENCE_OFFLINE);
  drain ();
  after = agent_ids (picker_model (picker));
  g_assert_cmpstr (after, ==, "a3,a1,a2");
  assert_listed_by_rules (floor.store, conversation, picker_model (picker), FALSE);

  /* The workstream stops allowing busy agents: Bob goes too. */
  oc_workstream_set_allowed_presences (oc_conversation_store_lookup_workstream (floor.store, "ws-chat"),
                                       OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE));
  g_clear_pointer (&after, g_free);
  after = agent_ids (picker_model (picker));
  g_assert_cmpstr (after, ==, "a3,a1");

  gtk_window_destroy (GTK_WINDOW (dialog));
  floor_clear (&floor);
}

static void
test_assign_search (void)
{
  Floor floor;
  GtkWidget *dialog;
  OcAgentPicker *picker;
  gpointer args[2];

  floor_init (&floor);
  dialog = oc_assign_dialog_new (floor.parent, OC_SOURCE (floor.client),
                                 oc_conversation_store_lookup (floor.store, "c-open"));
  show_and_settle (dialog);
  picker = _oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog));

  /* By name, case and accents folded; Zoë lacks the required skills, so she
   * is found but not picked for the user (#18 point 9)… */
  gtk_editable_set_text (oc_agent_picker_get_search (picker), "ZOË");
  args[0] = picker_model (picker);
  args[1] = GUINT_TO_POINTER (1);
  g_assert_true (wait_for (model_has_n, args));
  g_assert_cmpstr (oc_agent_get_id (g_list_model_get_item (picker_model (picker), 0)), ==, "a6");
  g_object_unref (g_list_model_get_item (picker_model (picker), 0));
  g_assert_null (picked (picker));
  g_assert_false (can_confirm (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog))));

  /* …by skill… */
  gtk_editable_set_text (oc_agent_picker_get_search (picker), "spanish");
  args[1] = GUINT_TO_POINTER (1);
  g_assert_true (wait_for (model_has_n, args));
  g_assert_cmpstr (oc_agent_get_id (picked (picker)), ==, "a1");

  /* …and a search that finds only a full agent picks nobody, and says why. */
  g_assert_false (gtk_widget_get_visible (find_label_with_text (dialog, "…at full capacity now")));
  gtk_editable_set_text (oc_agent_picker_get_search (picker), "bob");
  g_assert_true (wait_for (model_has_n, args));
  g_assert_null (picked (picker));
  g_assert_false (can_confirm (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog))));
  g_assert_true (gtk_widget_get_visible (find_label_with_text (dialog, "…at full capacity now")));

  gtk_editable_set_text (oc_agent_picker_get_search (picker), "nobody-like-this");
  args[1] = GUINT_TO_POINTER (0);
  g_assert_true (wait_for (model_has_n, args));
  g_assert_null (picked (picker));

  gtk_window_destroy (GTK_WINDOW (dialog));
  floor_clear (&floor);
}

/* No risky default (#18 point 9): with the only agent who holds the skills
 * full, nobody is picked (not the free agent without them) and Assign stays
 * off until the user chooses; the full agents' rows are disabled and say why. */
static void
test_assign_no_risky_default (void)
{
  Floor floor;
  OcConversation *conversation;
  GtkWidget *dialog;
  GtkWidget *primary;
  OcAgentPicker *picker;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint disabled = 0;

  floor_init (&floor);
  oc_agent_set_capacity_used (oc_conversation_store_lookup_agent (floor.store, "a1"), 3);
  conversation = oc_conversation_store_lookup (floor.store, "c-open");
  dialog = oc_assign_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  show_and_settle (dialog);
  picker = _oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog));
  primary = _oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog));

  g_assert_null (picked (picker));
  g_assert_false (can_confirm (primary));

  collect_rows (GTK_WIDGET (oc_agent_picker_get_list_view (picker)), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      OcAgentRow *row = g_ptr_array_index (rows, i);
      OcAgent *agent = oc_agent_row_get_agent (row);

      if (agent == NULL)
        continue;
      g_assert_cmpint (gtk_widget_get_sensitive (GTK_WIDGET (row)), ==,
                       oc_agent_get_free_capacity (agent) > 0);
      if (oc_agent_get_free_capacity (agent) == 0)
        {
          gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                               "Cannot be picked: no free capacity");
          disabled++;
        }
    }
  g_assert_cmpuint (disabled, ==, 2);  /* Amina and Bob */

  /* The free agent without the skills is a choice the user makes. */
  g_signal_emit_by_name (oc_agent_picker_get_list_view (picker), "activate", 2);
  g_assert_cmpstr (oc_agent_get_id (picked (picker)), ==, "a6");

  gtk_window_destroy (GTK_WINDOW (dialog));
  floor_clear (&floor);
}

static void
test_assign_rows_plain_text (void)
{
  Floor floor;
  GtkWidget *dialog;
  OcAgentPicker *picker;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *bob = NULL;
  g_autofree char *amina = NULL;
  OcConversation *conversation;

  floor_init (&floor);
  conversation = oc_conversation_store_lookup (floor.store, "c-open");
  dialog = oc_assign_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  show_and_settle (dialog);
  picker = _oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog));

  collect_rows (GTK_WIDGET (oc_agent_picker_get_list_view (picker)), rows);
  g_assert_cmpuint (rows->len, >=, 3);

  /* Names are shown as written, never as markup. */
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (oc_agent_picker_get_list_view (picker)), "<b>Zoë</b>"));
  g_assert_nonnull (find_label_with_text (dialog, "Refund for order <i>#5521</i>"));

  /* Required skills held or missing are said in words, not colour alone. */
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (oc_agent_picker_get_list_view (picker)), "…✗ spanish missing"));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (oc_agent_picker_get_list_view (picker)), "No free capacity (3/3)"));

  bob = oc_agent_row_describe (oc_conversation_store_lookup_agent (floor.store, "a2"),
                               oc_conversation_get_skills (conversation));
  g_assert_true (strstr (bob, "Missing required skill spanish") != NULL);
  g_assert_true (strstr (bob, "No free capacity") != NULL);
  amina = oc_agent_row_describe (oc_conversation_store_lookup_agent (floor.store, "a1"),
                                 oc_conversation_get_skills (conversation));
  g_assert_true (strstr (amina, "Has required skill billing, level 7") != NULL);
  g_assert_true (strstr (amina, "1 of 3 conversations in use") != NULL);

  /* Every row reads as one sentence; a full agent's cannot be picked, even
   * by activating it. */
  for (guint i = 0; i < rows->len; i++)
    {
      OcAgentRow *row = g_ptr_array_index (rows, i);
      OcAgent *agent = oc_agent_row_get_agent (row);
      g_autofree char *sentence = NULL;

      if (agent == NULL)
        continue;
      sentence = oc_agent_row_describe (agent, oc_conversation_get_skills (conversation));
      gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, sentence);
      g_assert_cmpint (oc_agent_row_get_can_take (row), ==, oc_agent_get_free_capacity (agent) > 0);
    }
  gtk_test_accessible_assert_property (oc_agent_picker_get_list_view (picker),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Agents");
  gtk_test_accessible_assert_property (oc_agent_picker_get_search (picker),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Search agents");
  g_signal_emit_by_name (oc_agent_picker_get_list_view (picker), "activate", 1);
  g_assert_cmpstr (oc_agent_get_id (picked (picker)), ==, "a1");

  gtk_window_destroy (GTK_WINDOW (dialog));
  floor_clear (&floor);
}

static void
test_assign_queues (void)
{
  Floor floor;
  GtkWidget *dialog;
  GtkListView *view;
  GListModel *queues;
  GtkWidget *primary;
  g_autofree char *ids = NULL;

  floor_init (&floor);
  dialog = oc_assign_dialog_new (floor.parent, OC_SOURCE (floor.client),
                                 oc_conversation_store_lookup (floor.store, "c-open"));
  show_and_settle (dialog);
  primary = _oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog));

  gtk_stack_set_visible_child_name (_oc_assign_dialog_get_stack (OC_ASSIGN_DIALOG (dialog)), "queue");
  drain ();
  view = _oc_assign_dialog_get_queue_view (OC_ASSIGN_DIALOG (dialog));
  queues = G_LIST_MODEL (gtk_list_view_get_model (view));
  /* The focus follows to the queue list. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), GTK_WIDGET (view)));

  /* Every queue but the current one, with its open and waiting counts. */
  ids = queue_ids (queues);
  g_assert_cmpstr (ids, ==, "q-general,q-vip");
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "2 open · 1 waiting"));
  gtk_test_accessible_assert_property (gtk_widget_get_parent (find_label_with_text (GTK_WIDGET (view), "2 open · 1 waiting")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "General: 2 open · 1 waiting");
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "0 open · 0 waiting"));

  /* Nothing is picked until the user picks. */
  g_assert_false (can_confirm (primary));
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (queues), 0, TRUE);
  g_assert_true (can_confirm (primary));

  /* Back on the agent page, the agent decides again. */
  gtk_stack_set_visible_child_name (_oc_assign_dialog_get_stack (OC_ASSIGN_DIALOG (dialog)), "agent");
  g_assert_true (can_confirm (primary));

  gtk_window_destroy (GTK_WINDOW (dialog));
  floor_clear (&floor);
}

static void
test_transfer_agents_follow_rules (void)
{
  Floor floor;
  OcConversation *conversation;
  GtkWidget *dialog;
  OcAgentPicker *picker;
  g_autofree char *ids = NULL;

  floor_init (&floor);
  conversation = oc_conversation_store_lookup (floor.store, "c-active");
  dialog = oc_transfer_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  show_and_settle (dialog);
  picker = _oc_transfer_dialog_get_picker (OC_TRANSFER_DIALOG (dialog));

  /* Amina has it already: not offered. */
  assert_listed_by_rules (floor.store, conversation, picker_model (picker), TRUE);
  ids = agent_ids (picker_model (picker));
  g_assert_cmpstr (ids, ==, "a2,a6");
  /* Bob is full and Zoë lacks the skills: nobody is picked for the user, and
   * Transfer waits for a choice (#18 point 9). */
  g_assert_null (picked (picker));
  g_assert_false (can_confirm (_oc_transfer_dialog_get_primary (OC_TRANSFER_DIALOG (dialog))));
  gtk_selection_model_select_item (gtk_list_view_get_model (oc_agent_picker_get_list_view (picker)),
                                   1, TRUE);
  g_assert_cmpstr (oc_agent_get_id (picked (picker)), ==, "a6");
  g_assert_true (can_confirm (_oc_transfer_dialog_get_primary (OC_TRANSFER_DIALOG (dialog))));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         GTK_WIDGET (oc_agent_picker_get_search (picker))));

  gtk_window_destroy (GTK_WINDOW (dialog));
  floor_clear (&floor);
}

/* The Force close dialog of conversation @id, shown; its consequence text. */
static GtkWidget *
show_force_close (Floor       *floor,
                  const char  *id,
                  const char **consequence)
{
  GtkWidget *dialog = oc_force_close_dialog_new (floor->parent, OC_SOURCE (floor->client),
                                                 oc_conversation_store_lookup (floor->store, id));

  show_and_settle (dialog);
  *consequence = _oc_force_close_dialog_get_consequence (OC_FORCE_CLOSE_DIALOG (dialog));
  return dialog;
}

/* A conversation still in its queue has no agent to tell (#18 point 10). */
static void
test_force_close_without_agent (void)
{
  Floor floor;
  GtkWidget *dialog;
  const char *consequence;

  floor_init (&floor);
  dialog = show_force_close (&floor, "c-open", &consequence);
  g_assert_cmpstr (consequence, ==, "The customer’s session ends at once. The customer is told that a supervisor ended the conversation. This cannot be undone.");
  /* Shown where a screen reader reads the dialog. */
  g_assert_true (gtk_widget_get_mapped (find_label_with_text (dialog, consequence)));
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = show_force_close (&floor, "c-active", &consequence);
  g_assert_true (strstr (consequence, "The agent and the customer are told") != NULL);
  g_assert_true (gtk_widget_get_mapped (find_label_with_text (dialog, consequence)));
  gtk_window_destroy (GTK_WINDOW (dialog));
  floor_clear (&floor);
}

/* A libadwaita message dialog (#18): the subject as its body, in plain text;
 * a destructive Force Close; Cancel the default and what Escape means. */
static void
test_force_close_confirmation (void)
{
  Floor floor;
  GtkWidget *dialog;
  AdwMessageDialog *message;
  GtkWidget *cancel;
  GtkWidget *proceed;
  const char *summary;

  floor_init (&floor);
  dialog = oc_force_close_dialog_new (floor.parent, OC_SOURCE (floor.client),
                                      oc_conversation_store_lookup (floor.store, "c-active"));
  show_and_settle (dialog);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  message = ADW_MESSAGE_DIALOG (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == floor.parent);

  /* It names the conversation: subject, customer, agent. */
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Force close this conversation?");
  g_assert_cmpstr (adw_message_dialog_get_body (message), ==, "Refund for order <i>#5521</i>");
  g_assert_false (adw_message_dialog_get_body_use_markup (message));
  g_assert_nonnull (find_label_with_text (dialog, "Refund for order <i>#5521</i>"));
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (find_label_with_text (dialog, "Refund for order <i>#5521</i>"))));
  summary = _oc_force_close_dialog_get_summary (OC_FORCE_CLOSE_DIALOG (dialog));
  g_assert_true (strstr (summary, "Zoë Ødegård") != NULL);
  g_assert_true (strstr (summary, "Amina") != NULL);

  /* Cancel is the safe default and the close response; Force Close says it
   * destroys. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (message), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (message), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (message, "force-close"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  cancel = response_button (dialog, "_Cancel");
  proceed = response_button (dialog, "_Force Close");
  g_assert_nonnull (cancel);
  g_assert_nonnull (proceed);
  /* libadwaita 1.2 styles it "destructive", later ones "destructive-action". */
  g_assert_true (gtk_widget_has_css_class (proceed, "destructive") ||
                 gtk_widget_has_css_class (proceed, "destructive-action"));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == cancel);
  g_assert_true (can_confirm (proceed));
  g_assert_null (_oc_force_close_dialog_get_message_title (OC_FORCE_CLOSE_DIALOG (dialog)));

  gtk_window_destroy (GTK_WINDOW (dialog));
  floor_clear (&floor);
}

/* Unreachable: the dialog stays, says why, and lets the user try again. */
static void
test_force_close_refused_keeps_dialog (void)
{
  Floor floor;
  GtkWidget *dialog;
  OcConversation *conversation;

  floor_init (&floor);
  conversation = oc_conversation_store_lookup (floor.store, "c-active");
  dialog = oc_force_close_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);

  click (response_button (dialog, "_Force Close"));
  g_assert_true (_oc_force_close_dialog_get_busy (OC_FORCE_CLOSE_DIALOG (dialog)));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "force-close"));
  g_assert_true (wait_for (force_close_not_busy, dialog));
  drain ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_mapped (dialog));
  g_assert_cmpstr (_oc_force_close_dialog_get_message_title (OC_FORCE_CLOSE_DIALOG (dialog)), ==,
                   "The server cannot be reached");
  gtk_test_accessible_assert_role (_oc_force_close_dialog_get_message_area (OC_FORCE_CLOSE_DIALOG (dialog)),
                                   GTK_ACCESSIBLE_ROLE_ALERT);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "force-close"));
  g_assert_cmpint (oc_conversation_get_status (conversation), ==, OC_STATUS_ACTIVE);

  /* Escape still closes it. */
  gtk_widget_activate_action (dialog, "window.close", NULL);
  g_assert_true (wait_for (oc_test_pointer_cleared, &dialog));
  floor_clear (&floor);
}

/* ---- how the dialogs behave without a server ----------------------------- */

static gboolean
has_escape_to_close (GtkWidget *widget)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !found; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *keys = gtk_shortcut_trigger_to_string (trigger);

          found = g_strcmp0 (keys, "Escape") == 0 && GTK_IS_NAMED_ACTION (action) &&
                  g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                             "window.close") == 0;
        }
    }
  g_object_unref (controllers);
  return found;
}

static void
test_cancel_and_escape (void)
{
  Floor floor;
  OcConversation *conversation;
  GtkWidget *dialog;
  gint64 revision;

  floor_init (&floor);
  conversation = oc_conversation_store_lookup (floor.store, "c-open");
  revision = oc_conversation_store_get_revision (floor.store);

  /* Escape anywhere closes; the search box hands Escape on as "cancel". */
  dialog = oc_assign_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  g_assert_true (has_escape_to_close (dialog));
  g_signal_emit_by_name (oc_agent_picker_get_search (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog))),
                         "stop-search");
  g_assert_true (wait_for (oc_test_pointer_cleared, &dialog));

  /* Cancel closes and sends nothing. */
  dialog = oc_force_close_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  g_assert_true (has_escape_to_close (dialog));
  click (response_button (dialog, "_Cancel"));
  g_assert_true (wait_for (oc_test_pointer_cleared, &dialog));

  /* So does Escape. */
  dialog = oc_force_close_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));
  g_assert_true (wait_for (oc_test_pointer_cleared, &dialog));

  drain ();
  g_assert_cmpint (oc_conversation_get_status (conversation), ==, OC_STATUS_OPEN);
  g_assert_cmpint (oc_conversation_store_get_revision (floor.store), ==, revision);
  floor_clear (&floor);
}

static void
test_unreachable_keeps_dialog (void)
{
  Floor floor;
  GtkWidget *dialog;
  GtkWidget *primary;
  OcAgentPicker *picker;

  floor_init (&floor);
  dialog = oc_transfer_dialog_new (floor.parent, OC_SOURCE (floor.client),
                                   oc_conversation_store_lookup (floor.store, "c-active"));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  primary = _oc_transfer_dialog_get_primary (OC_TRANSFER_DIALOG (dialog));
  picker = _oc_transfer_dialog_get_picker (OC_TRANSFER_DIALOG (dialog));
  /* Zoë, whom the user picks: nobody is picked for them here. */
  gtk_selection_model_select_item (gtk_list_view_get_model (oc_agent_picker_get_list_view (picker)),
                                   1, TRUE);

  /* Enter in the search box acts; while it runs, the action is off. */
  g_signal_emit_by_name (oc_agent_picker_get_search (picker), "activate");
  g_assert_true (oc_action_dialog_get_busy (OC_ACTION_DIALOG (dialog)));
  g_assert_false (can_confirm (primary));
  oc_action_dialog_confirm (OC_ACTION_DIALOG (dialog));   /* a second click: ignored */

  g_assert_true (wait_for (not_busy, dialog));
  g_assert_nonnull (dialog);
  g_assert_true (_oc_action_dialog_get_message_shown (OC_ACTION_DIALOG (dialog)));
  g_assert_cmpstr (_oc_action_dialog_get_message_title (OC_ACTION_DIALOG (dialog)), ==,
                   "The server cannot be reached");
  /* The message area is an alert, so a screen reader says it when it shows. */
  gtk_test_accessible_assert_role (gtk_widget_get_parent (gtk_widget_get_parent (
      find_label_with_text (dialog, "The server cannot be reached"))), GTK_ACCESSIBLE_ROLE_ALERT);
  /* The user can try again. */
  g_assert_true (can_confirm (primary));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (dialog);
  floor_clear (&floor);
}

static void
test_conversation_changes_while_open (void)
{
  Floor floor;
  OcConversation *conversation;
  GtkWidget *assign;
  GtkWidget *force_close;
  g_autoptr(GPtrArray) events = g_ptr_array_new ();

  floor_init (&floor);
  conversation = oc_conversation_store_lookup (floor.store, "c-open");
  assign = oc_assign_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  show_and_settle (assign);
  g_assert_true (can_confirm (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (assign))));

  /* Someone else assigned it: the dialog says so and the action goes off. */
  g_object_freeze_notify (G_OBJECT (conversation));
  oc_conversation_set_status (conversation, OC_STATUS_ACTIVE);
  oc_conversation_set_agent_id (conversation, "a1");
  g_object_thaw_notify (G_OBJECT (conversation));
  g_assert_true (message_shown (assign));
  g_assert_cmpstr (_oc_action_dialog_get_message_title (OC_ACTION_DIALOG (assign)), ==,
                   "This conversation changed");
  g_assert_true (strstr (_oc_action_dialog_get_message_text (OC_ACTION_DIALOG (assign)), "Active") != NULL);
  g_assert_false (can_confirm (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (assign))));
  g_assert_true (oc_action_dialog_get_blocked (OC_ACTION_DIALOG (assign)));
  gtk_window_destroy (GTK_WINDOW (assign));

  /* It ends while the confirmation is open. */
  force_close = oc_force_close_dialog_new (floor.parent, OC_SOURCE (floor.client), conversation);
  show_and_settle (force_close);
  g_assert_false (force_close_message_shown (force_close));
  g_ptr_array_add (events, test_event_removed (101, "c-open", "closed"));
  test_apply (floor.store, g_steal_pointer (&events));
  g_assert_true (force_close_message_shown (force_close));
  g_assert_cmpstr (_oc_force_close_dialog_get_message_title (OC_FORCE_CLOSE_DIALOG (force_close)), ==,
                   "This conversation has ended");
  g_assert_false (can_confirm (response_button (force_close, "_Force Close")));

  gtk_window_destroy (GTK_WINDOW (force_close));
  floor_clear (&floor);
}

static void
test_wrong_status_at_open (void)
{
  Floor floor;
  GtkWidget *dialog;

  /* The window only offers allowed actions, but the dialog checks too. */
  floor_init (&floor);
  dialog = oc_transfer_dialog_new (floor.parent, OC_SOURCE (floor.client),
                                   oc_conversation_store_lookup (floor.store, "c-open"));
  show_and_settle (dialog);
  g_assert_true (message_shown (dialog));
  g_assert_false (can_confirm (_oc_transfer_dialog_get_primary (OC_TRANSFER_DIALOG (dialog))));
  gtk_window_destroy (GTK_WINDOW (dialog));
  floor_clear (&floor);
}

static void
test_explain_error (void)
{
  g_autoptr(GError) rule = g_error_new_literal (OC_SOURCE_ERROR, OC_SOURCE_ERROR_RULE_BROKEN,
                                                "Agent <b>Amina</b> has no free capacity.");
  g_autoptr(GError) forbidden = g_error_new_literal (OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN, "x");
  g_autoptr(GError) state = g_error_new_literal (OC_SOURCE_ERROR, OC_SOURCE_ERROR_STATE_CHANGED, "x");
  g_autofree char *title = NULL;
  g_autofree char *next = NULL;

  /* The server's reason is shown as it came, with what to do next. */
  oc_action_dialog_explain_error (rule, "Pick another agent.", &title, &next);
  g_assert_true (strstr (title, "Agent <b>Amina</b> has no free capacity.") != NULL);
  g_assert_cmpstr (next, ==, "Pick another agent.");
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&next, g_free);

  oc_action_dialog_explain_error (forbidden, NULL, &title, &next);
  g_assert_cmpstr (title, ==, "Your account may not do this");
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&next, g_free);

  oc_action_dialog_explain_error (state, NULL, &title, &next);
  g_assert_cmpstr (title, ==, "Another supervisor acted first");
}

int
main (int   argc,
      char *argv[])
{
  dialogs_test_init (&argc, &argv);

  g_test_add_func ("/dialogs/assign/agents-follow-rules", test_assign_agents_follow_rules);
  g_test_add_func ("/dialogs/assign/agents-live", test_assign_agents_live);
  g_test_add_func ("/dialogs/assign/search", test_assign_search);
  g_test_add_func ("/dialogs/assign/no-risky-default", test_assign_no_risky_default);
  g_test_add_func ("/dialogs/assign/rows-plain-text", test_assign_rows_plain_text);
  g_test_add_func ("/dialogs/assign/queues", test_assign_queues);
  g_test_add_func ("/dialogs/transfer/agents-follow-rules", test_transfer_agents_follow_rules);
  g_test_add_func ("/dialogs/force-close/confirmation", test_force_close_confirmation);
  g_test_add_func ("/dialogs/force-close/without-agent", test_force_close_without_agent);
  g_test_add_func ("/dialogs/force-close/refused-keeps-dialog", test_force_close_refused_keeps_dialog);
  g_test_add_func ("/dialogs/cancel-and-escape", test_cancel_and_escape);
  g_test_add_func ("/dialogs/unreachable-keeps-dialog", test_unreachable_keeps_dialog);
  g_test_add_func ("/dialogs/conversation-changes-while-open", test_conversation_changes_while_open);
  g_test_add_func ("/dialogs/wrong-status-at-open", test_wrong_status_at_open);
  g_test_add_func ("/dialogs/explain-error", test_explain_error);

  return g_test_run ();
}
