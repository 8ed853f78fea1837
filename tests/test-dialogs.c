/* The Assign, Transfer and Force-close dialogs, driven through their real
 * widgets: first against a store filled by hand (what they list), then
 * against the embedded reference server (what they do). */

#include "config.h"

#include <gtk/gtk.h>

#include "oc-action-dialog-private.h"
#include "oc-agent-list.h"
#include "oc-agent-row.h"
#include "oc-assign-dialog-private.h"
#include "oc-force-close-dialog-private.h"
#include "oc-server.h"
#include "oc-transfer-dialog-private.h"
#include "store-test-util.h"

/* A guard against hangs, not a timing assertion. */
#define WAIT_LIMIT_US (20 * G_USEC_PER_SEC)

static gboolean
wait_for (gboolean (*done) (gpointer), gpointer data)
{
  gint64 end = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      if (!done (data))
        g_usleep (1000);
    }
  return TRUE;
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* ---- a small floor, built by hand --------------------------------------- */

typedef struct {
  OcConversationStore *store;
  OcClient            *client;
  GtkWindow           *parent;
} Floor;

static OcAgent *
agent_new (const char         *id,
           const char         *name,
           OcPresence          presence,
           guint               used,
           guint               total,
           const char * const *skills,
           const guint        *levels,
           const char * const *queues)
{
  OcAgent *agent = oc_agent_new (id);

  oc_agent_set_name (agent, name);
  oc_agent_set_presence (agent, presence);
  oc_agent_set_capacity_total (agent, total);
  oc_agent_set_capacity_used (agent, used);
  oc_agent_set_skills (agent, skills, levels);
  oc_agent_set_queue_ids (agent, queues);
  return agent;
}

static OcConversation *
conversation_new (const char *id,
                  OcStatus    status,
                  const char *queue_id,
                  const char *agent_id)
{
  static const char * const skills[] = { "billing", "spanish", NULL };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  OcConversation *conversation = test_conversation_new (id, status, queue_id, agent_id, now - 60);

  oc_conversation_set_skills (conversation, skills);
  oc_conversation_set_customer_name (conversation, "Zoë Ødegård");
  oc_conversation_set_subject (conversation, "Refund for order <i>#5521</i>");
  return conversation;
}

/*
 * Workstream ws-chat allows available and busy. Queue q-billing has Amina
 * (available, 1/3, billing+spanish), Bob (busy, full, billing), Chen (away),
 * Eve (offline) and "<b>Zoë</b>" (available, french); Dana is available but
 * only in q-general.
 */
static void
floor_init (Floor *floor)
{
  static const char * const billing_only[] = { "q-billing", NULL };
  static const char * const general_only[] = { "q-general", NULL };
  static const char * const both_skills[] = { "billing", "spanish", NULL };
  static const guint both_levels[] = { 7, 4 };
  static const char * const billing_skill[] = { "billing", NULL };
  static const guint billing_level[] = { 5 };
  static const char * const french_skill[] = { "french", NULL };
  static const guint french_level[] = { 3 };
  OcSnapshot *snapshot = test_snapshot_new (100);
  OcWorkstream *ws = oc_workstream_new ("ws-chat");
  const char *queue_ids[] = { "q-billing", "q-general", "q-vip" };
  const char *queue_names[] = { "Billing", "General", "VIP" };

  oc_workstream_set_name (ws, "Chat");
  oc_workstream_set_channel (ws, OC_CHANNEL_CHAT);
  oc_workstream_set_allowed_presences (ws, OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) |
                                           OC_PRESENCE_BIT (OC_PRESENCE_BUSY));
  g_ptr_array_add (snapshot->workstreams, ws);

  for (guint i = 0; i < G_N_ELEMENTS (queue_ids); i++)
    {
      OcQueue *queue = oc_queue_new (queue_ids[i]);

      oc_queue_set_name (queue, queue_names[i]);
      oc_queue_set_workstream_id (queue, "ws-chat");
      g_ptr_array_add (snapshot->queues, queue);
    }

  g_ptr_array_add (snapshot->agents, agent_new ("a1", "Amina", OC_PRESENCE_AVAILABLE, 1, 3,
                                                both_skills, both_levels, billing_only));
  g_ptr_array_add (snapshot->agents, agent_new ("a2", "Bob", OC_PRESENCE_BUSY, 3, 3,
                                                billing_skill, billing_level, billing_only));
  g_ptr_array_add (snapshot->agents, agent_new ("a3", "Chen", OC_PRESENCE_AWAY, 0, 3,
                                                both_skills, both_levels, billing_only));
  g_ptr_array_add (snapshot->agents, agent_new ("a4", "Dana", OC_PRESENCE_AVAILABLE, 0, 3,
                                                both_skills, both_levels, general_only));
  g_ptr_array_add (snapshot->agents, agent_new ("a5", "Eve", OC_PRESENCE_OFFLINE, 0, 3,
                                                both_skills, both_levels, billing_only));
  g_ptr_array_add (snapshot->agents, agent_new ("a6", "<b>Zoë</b>", OC_PRESENCE_AVAILABLE, 0, 2,
                                                french_skill, french_level, billing_only));

  g_ptr_array_add (snapshot->conversations, conversation_new ("c-open", OC_STATUS_OPEN, "q-billing", NULL));
  g_ptr_array_add (snapshot->conversations, conversation_new ("c-active", OC_STATUS_ACTIVE, "q-billing", "a1"));
  g_ptr_array_add (snapshot->conversations, conversation_new ("c-g1", OC_STATUS_OPEN, "q-general", NULL));
  g_ptr_array_add (snapshot->conversations, conversation_new ("c-g2", OC_STATUS_WAITING, "q-general", "a4"));
  g_ptr_array_add (snapshot->conversations, conversation_new ("c-g3", OC_STATUS_ACTIVE, "q-general", "a4"));
  g_ptr_array_add (snapshot->conversations, conversation_new ("c-g4", OC_STATUS_OPEN, "q-general", NULL));

  floor->store = oc_conversation_store_new ();
  oc_conversation_store_load_snapshot (floor->store, snapshot);
  test_snapshot_free (snapshot);

  /* Never started, and nothing listens there: a request fails as unreachable. */
  floor->client = oc_client_new ("http://127.0.0.1:9", "token", floor->store);
  floor->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (floor->parent, "Ongoing Conversations");
}

static void
floor_clear (Floor *floor)
{
  gtk_window_destroy (floor->parent);
  drain ();
  g_clear_object (&floor->client);
  g_clear_object (&floor->store);
}

static char *
agent_ids (GListModel *model)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (model, i);

      g_string_append_printf (ids, "%s%s", i ? "," : "", oc_agent_get_id (agent));
    }
  return g_string_free (ids, FALSE);
}

static char *
queue_ids (GListModel *model)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OcQueue) queue = g_list_model_get_item (model, i);

      g_string_append_printf (ids, "%s%s", i ? "," : "", oc_queue_get_id (queue));
    }
  return g_string_free (ids, FALSE);
}

/* The rules of docs/protocol.md, written out independently of OcAgentList. */
static gboolean
rules_offer (OcConversationStore *store,
             OcConversation      *conversation,
             OcAgent             *agent,
             gboolean             transfer)
{
  OcWorkstream *ws = oc_conversation_store_lookup_workstream (store,
      oc_conversation_get_workstream_id (conversation));
  guint mask = oc_workstream_get_allowed_presences (ws);

  if ((mask & OC_PRESENCE_BIT (oc_agent_get_presence (agent))) == 0)
    return FALSE;
  if (!g_strv_contains (oc_agent_get_queue_ids (agent), oc_conversation_get_queue_id (conversation)))
    return FALSE;
  if (transfer && g_strcmp0 (oc_agent_get_id (agent), oc_conversation_get_agent_id (conversation)) == 0)
    return FALSE;
  return TRUE;
}

static void
assert_listed_by_rules (OcConversationStore *store,
                        OcConversation      *conversation,
                        GListModel          *listed,
                        gboolean             transfer)
{
  GListModel *agents = oc_conversation_store_get_agents (store);

  for (guint i = 0; i < g_list_model_get_n_items (agents); i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (agents, i);
      gboolean found = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (listed); j++)
        {
          g_autoptr(OcAgent) other = g_list_model_get_item (listed, j);
          found |= other == agent;
        }
      if (found != rules_offer (store, conversation, agent, transfer))
        g_error ("%s is %s but the rules say otherwise", oc_agent_get_id (agent),
                 found ? "listed" : "not listed");
    }
}

static GListModel *
picker_model (OcAgentPicker *picker)
{
  return G_LIST_MODEL (gtk_list_view_get_model (oc_agent_picker_get_list_view (picker)));
}

static OcAgent *
picked (OcAgentPicker *picker)
{
  return oc_agent_picker_get_agent (picker);
}

/* A click as the button reports it (gtk_widget_activate() waits 250 ms to
 * show the button pressed before it clicks). */
static void
click (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
can_confirm (GtkWidget *primary)
{
  return gtk_widget_get_sensitive (primary);
}

/* Collects the OcAgentRow widgets the list view made. */
static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (OC_IS_AGENT_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* A label or inscription under @widget whose text is @text, or contains it
 * when @text starts with "…". Reads the text shown, which is never markup. */
static GtkWidget *
find_label_with_text (GtkWidget  *widget,
                      const char *text)
{
  const char *shown = NULL;

  if (GTK_IS_LABEL (widget))
    shown = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_INSCRIPTION (widget))
    shown = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  if (shown != NULL && g_str_has_prefix (text, "…") ?
      strstr (shown, text + strlen ("…")) != NULL : g_strcmp0 (shown, text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_text (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Feeds a key press to @widget's own key controllers, as GTK would. */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  g_object_unref (controllers);
  return handled;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
show_and_settle (GtkWidget *dialog)
{
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (wait_for (is_mapped, dialog));
  drain ();
}

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
  dialog = oc_assign_dialog_new (floor.parent, floor.client, conversation);
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
  dialog = oc_assign_dialog_new (floor.parent, floor.client, conversation);
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

static gboolean
model_has_n (gpointer data)
{
  gpointer *args = data;
  return g_list_model_get_n_items (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static void
test_assign_search (void)
{
  Floor floor;
  GtkWidget *dialog;
  OcAgentPicker *picker;
  gpointer args[2];

  floor_init (&floor);
  dialog = oc_assign_dialog_new (floor.parent, floor.client,
                                 oc_conversation_store_lookup (floor.store, "c-open"));
  show_and_settle (dialog);
  picker = _oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog));

  /* By name, case and accents folded… */
  gtk_editable_set_text (oc_agent_picker_get_search (picker), "ZOË");
  args[0] = picker_model (picker);
  args[1] = GUINT_TO_POINTER (1);
  g_assert_true (wait_for (model_has_n, args));
  g_assert_cmpstr (oc_agent_get_id (picked (picker)), ==, "a6");

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
  dialog = oc_assign_dialog_new (floor.parent, floor.client, conversation);
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
  dialog = oc_assign_dialog_new (floor.parent, floor.client,
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
  dialog = oc_transfer_dialog_new (floor.parent, floor.client, conversation);
  show_and_settle (dialog);
  picker = _oc_transfer_dialog_get_picker (OC_TRANSFER_DIALOG (dialog));

  /* Amina has it already: not offered. */
  assert_listed_by_rules (floor.store, conversation, picker_model (picker), TRUE);
  ids = agent_ids (picker_model (picker));
  g_assert_cmpstr (ids, ==, "a2,a6");
  g_assert_cmpstr (oc_agent_get_id (picked (picker)), ==, "a6");
  g_assert_true (can_confirm (_oc_transfer_dialog_get_primary (OC_TRANSFER_DIALOG (dialog))));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         GTK_WIDGET (oc_agent_picker_get_search (picker))));

  gtk_window_destroy (GTK_WINDOW (dialog));
  floor_clear (&floor);
}

static void
test_force_close_confirmation (void)
{
  Floor floor;
  GtkWidget *dialog;
  GtkWidget *cancel;
  GtkWidget *proceed;
  const char *summary;

  floor_init (&floor);
  dialog = oc_force_close_dialog_new (floor.parent, floor.client,
                                      oc_conversation_store_lookup (floor.store, "c-active"));
  show_and_settle (dialog);
  cancel = _oc_force_close_dialog_get_cancel (OC_FORCE_CLOSE_DIALOG (dialog));
  proceed = _oc_force_close_dialog_get_primary (OC_FORCE_CLOSE_DIALOG (dialog));

  /* It names the conversation: subject, customer, agent. */
  g_assert_nonnull (find_label_with_text (dialog, "Refund for order <i>#5521</i>"));
  summary = _oc_action_dialog_get_summary (OC_ACTION_DIALOG (dialog));
  g_assert_true (strstr (summary, "Zoë Ødegård") != NULL);
  g_assert_true (strstr (summary, "Amina") != NULL);

  /* Cancel is the safe default; Proceed says it destroys. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (proceed)), ==, "_Proceed");
  g_assert_true (gtk_widget_has_css_class (proceed, "destructive-action"));
  gtk_test_accessible_assert_property (proceed, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Ends the conversation for the customer and the agent");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == cancel);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == cancel);
  g_assert_true (can_confirm (proceed));

  gtk_window_destroy (GTK_WINDOW (dialog));
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
  dialog = oc_assign_dialog_new (floor.parent, floor.client, conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  g_assert_true (has_escape_to_close (dialog));
  g_signal_emit_by_name (oc_agent_picker_get_search (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog))),
                         "stop-search");
  g_assert_true (wait_for (pointer_cleared, &dialog));

  /* Cancel closes and sends nothing. */
  dialog = oc_force_close_dialog_new (floor.parent, floor.client, conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  g_assert_true (has_escape_to_close (dialog));
  click (_oc_force_close_dialog_get_cancel (OC_FORCE_CLOSE_DIALOG (dialog)));
  g_assert_true (wait_for (pointer_cleared, &dialog));

  drain ();
  g_assert_cmpint (oc_conversation_get_status (conversation), ==, OC_STATUS_OPEN);
  g_assert_cmpint (oc_conversation_store_get_revision (floor.store), ==, revision);
  floor_clear (&floor);
}

static gboolean
message_shown (gpointer data)
{
  return _oc_action_dialog_get_message_shown (OC_ACTION_DIALOG (data));
}

static gboolean
not_busy (gpointer data)
{
  return !oc_action_dialog_get_busy (OC_ACTION_DIALOG (data));
}

static void
test_unreachable_keeps_dialog (void)
{
  Floor floor;
  GtkWidget *dialog;
  GtkWidget *primary;
  OcAgentPicker *picker;

  floor_init (&floor);
  dialog = oc_transfer_dialog_new (floor.parent, floor.client,
                                   oc_conversation_store_lookup (floor.store, "c-active"));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  primary = _oc_transfer_dialog_get_primary (OC_TRANSFER_DIALOG (dialog));
  picker = _oc_transfer_dialog_get_picker (OC_TRANSFER_DIALOG (dialog));

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
  assign = oc_assign_dialog_new (floor.parent, floor.client, conversation);
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
  force_close = oc_force_close_dialog_new (floor.parent, floor.client, conversation);
  show_and_settle (force_close);
  g_assert_false (message_shown (force_close));
  g_ptr_array_add (events, test_event_removed (101, "c-open", "closed"));
  test_apply (floor.store, g_steal_pointer (&events));
  g_assert_true (message_shown (force_close));
  g_assert_cmpstr (_oc_action_dialog_get_message_title (OC_ACTION_DIALOG (force_close)), ==,
                   "This conversation has ended");
  g_assert_false (can_confirm (_oc_force_close_dialog_get_primary (OC_FORCE_CLOSE_DIALOG (force_close))));

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
  dialog = oc_transfer_dialog_new (floor.parent, floor.client,
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
  g_autoptr(GError) rule = g_error_new_literal (OC_CLIENT_ERROR, OC_CLIENT_ERROR_RULE_BROKEN,
                                                "Agent <b>Amina</b> has no free capacity.");
  g_autoptr(GError) forbidden = g_error_new_literal (OC_CLIENT_ERROR, OC_CLIENT_ERROR_FORBIDDEN, "x");
  g_autoptr(GError) state = g_error_new_literal (OC_CLIENT_ERROR, OC_CLIENT_ERROR_STATE_CHANGED, "x");
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
  return oc_client_get_state (OC_CLIENT (data)) == OC_CLIENT_STATE_LIVE &&
         oc_client_get_role (OC_CLIENT (data)) != OC_ROLE_UNKNOWN;
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
      oc_client_start (client);
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
  live->store = g_object_ref (oc_client_get_store (live->client));
  live->parent = GTK_WINDOW (gtk_window_new ());
}

static void
live_clear (Live *live)
{
  gtk_window_destroy (live->parent);
  oc_client_stop (live->client);
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
  target.revision = oc_conversation_store_get_revision (oc_client_get_store (probe));
  oc_client_stop (probe);
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

  dialog = oc_assign_dialog_new (live.parent, live.client, conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  assert_listed_by_rules (live.store, conversation,
                          picker_model (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog))), FALSE);
  agent = picked (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog)));
  g_assert_nonnull (agent);
  agent_id = g_strdup (oc_agent_get_id (agent));

  /* Click Assign: the dialog closes on success… */
  click (_oc_assign_dialog_get_primary (OC_ASSIGN_DIALOG (dialog)));
  g_assert_true (wait_for (pointer_cleared, &dialog));

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

  dialog = oc_assign_dialog_new (live.parent, live.client, conversation);
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
  g_assert_true (wait_for (pointer_cleared, &dialog));

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

  dialog = oc_transfer_dialog_new (live.parent, live.client, conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  assert_listed_by_rules (live.store, conversation,
                          picker_model (_oc_transfer_dialog_get_picker (OC_TRANSFER_DIALOG (dialog))), TRUE);
  agent = picked (_oc_transfer_dialog_get_picker (OC_TRANSFER_DIALOG (dialog)));
  g_assert_nonnull (agent);
  g_assert_cmpstr (oc_agent_get_id (agent), !=, oc_conversation_get_agent_id (conversation));
  agent_id = g_strdup (oc_agent_get_id (agent));

  click (_oc_transfer_dialog_get_primary (OC_TRANSFER_DIALOG (dialog)));
  g_assert_true (wait_for (pointer_cleared, &dialog));

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

  dialog = oc_force_close_dialog_new (live.parent, live.client, conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);

  click (_oc_force_close_dialog_get_primary (OC_FORCE_CLOSE_DIALOG (dialog)));
  g_assert_true (wait_for (pointer_cleared, &dialog));

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

  oc_client_action_finish (OC_CLIENT (source), result, &outcome->error);
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

  dialog = oc_assign_dialog_new (live.parent, live.client, conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  g_assert_nonnull (picked (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog))));

  /* Our events stop, so the dialog cannot see what comes next… */
  oc_client_stop (live.client);

  /* …another supervisor gives it to an agent… */
  other = live_client_new (&live, "alex", OC_ROLE_SUPERVISOR, FALSE);
  agents = oc_conversation_store_get_agents (live.store);
  for (guint i = 0; i < g_list_model_get_n_items (agents) && !outcome.done; i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (agents, i);

      if (!rules_offer (live.store, conversation, agent, FALSE) ||
          oc_agent_get_free_capacity (agent) == 0)
        continue;
      oc_client_assign_async (other, oc_conversation_get_id (conversation), oc_agent_get_id (agent),
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

  dialog = oc_assign_dialog_new (live.parent, live.client, conversation);
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
  oc_client_stop (live.client);

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
        oc_client_assign_async (other, oc_conversation_get_id (filler), oc_agent_get_id (agent), NULL,
                                NULL, outcome_cb, &outcome);
      else if (status == OC_STATUS_ACTIVE || status == OC_STATUS_WAITING)
        oc_client_transfer_async (other, oc_conversation_get_id (filler), oc_agent_get_id (agent),
                                  NULL, outcome_cb, &outcome);
      else
        continue;
      g_assert_true (wait_for (outcome_done, &outcome));
      if (outcome.error == NULL)
        taken++;
      else
        g_assert_error (outcome.error, OC_CLIENT_ERROR, OC_CLIENT_ERROR_RULE_BROKEN);
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
  g_assert_cmpint (oc_client_get_role (viewer), ==, OC_ROLE_VIEWER);
  dialog = oc_force_close_dialog_new (live.parent, viewer, conversation);
  show_and_settle (dialog);
  proceed = _oc_force_close_dialog_get_primary (OC_FORCE_CLOSE_DIALOG (dialog));
  g_assert_true (message_shown (dialog));
  g_assert_cmpstr (_oc_action_dialog_get_message_title (OC_ACTION_DIALOG (dialog)), ==,
                   "Your account can only watch");
  g_assert_false (can_confirm (proceed));
  oc_action_dialog_confirm (OC_ACTION_DIALOG (dialog));
  click (proceed);
  g_assert_false (oc_action_dialog_get_busy (OC_ACTION_DIALOG (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Before the role is known, the server's refusal is explained instead. */
  unknown_role = live_client_new (&live, "wallboard-2", OC_ROLE_VIEWER, FALSE);
  dialog = oc_force_close_dialog_new (live.parent, unknown_role, conversation);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_settle (dialog);
  proceed = _oc_force_close_dialog_get_primary (OC_FORCE_CLOSE_DIALOG (dialog));
  g_assert_true (can_confirm (proceed));
  click (proceed);
  g_assert_true (wait_for (not_busy, dialog));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (_oc_action_dialog_get_message_title (OC_ACTION_DIALOG (dialog)), ==,
                   "Your account may not do this");
  g_assert_false (can_confirm (proceed));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Nothing happened to the conversation. */
  drain ();
  g_assert_nonnull (oc_conversation_store_lookup (live.store, oc_conversation_get_id (conversation)));

  live_clear (&live);
}

/* ---- screenshots ------------------------------------------------------------ */

static gboolean
frame_drawn (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *drawn)
{
  *drawn = TRUE;
}

/* Renders @window as the user sees it; saved when OC_SCREENSHOT_DIR is set
 * (build-aux/dialog-screenshots). */
static void
render_window (GtkWidget  *window,
               const char *name)
{
  const char *dir = g_getenv ("OC_SCREENSHOT_DIR");
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  gboolean drawn = FALSE;
  gulong handler;
  int width, height;

  /* Wait for a real frame, so the lists have made their rows. */
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &drawn);
  gtk_widget_queue_draw (window);
  g_assert_true (wait_for (frame_drawn, &drawn));
  g_signal_handler_disconnect (clock, handler);
  drain ();

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  g_assert_cmpint (width, >, 200);
  g_assert_cmpint (height, >, 150);

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (dir != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_mkdir_with_parents (dir, 0755);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("saved %s (%d×%d)", path, width, height);
    }
}

static void
add_crowd (Floor *floor)
{
  static const char * const names[] = {
    "Amaru Quispe", "Björn Lindqvist", "Chiara Russo", "Dmitri Volkov", "Efua Mensah",
    "Farah Haddad", "Grace O'Neill", "Hiroshi Tanaka", "Ingrid Solberg", "Jamal Carter",
  };
  static const char * const skills[] = { "billing", "english", "returns", NULL };
  static const char * const queues[] = { "q-billing", NULL };
  GListModel *agents = oc_conversation_store_get_agents (floor->store);
  g_autoptr(GPtrArray) events = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = g_strdup_printf ("x%u", i);
      guint levels[] = { 2 + i % 8, 6, 1 + i % 5 };
      const char * const two[] = { skills[i % 3], skills[(i + 1) % 3], NULL };
      OcAgent *agent = agent_new (id, names[i], i % 3 ? OC_PRESENCE_AVAILABLE : OC_PRESENCE_BUSY,
                                  i % 4, 3, two, levels, queues);

      if (i == 4)
        oc_agent_set_presence_text (agent, "Back from lunch");
      g_ptr_array_add (events, test_event_agent (101 + i, agent));
    }
  test_apply (floor->store, g_steal_pointer (&events));
  g_assert_cmpuint (g_list_model_get_n_items (agents), ==, 6 + G_N_ELEMENTS (names));
}

static void
test_screenshots (void)
{
  Floor floor;
  GtkWidget *dialog;
  gpointer args[2];

  floor_init (&floor);
  add_crowd (&floor);
  gtk_window_present (floor.parent);

  dialog = oc_assign_dialog_new (floor.parent, floor.client,
                                 oc_conversation_store_lookup (floor.store, "c-open"));
  show_and_settle (dialog);
  render_window (dialog, "assign-dialog.png");
  /* A search that finds a full agent: shown, not picked, and why. */
  gtk_editable_set_text (oc_agent_picker_get_search (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog))), "bob");
  args[0] = picker_model (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog)));
  args[1] = GUINT_TO_POINTER (1);
  g_assert_true (wait_for (model_has_n, args));
  render_window (dialog, "assign-dialog-search.png");
  gtk_stack_set_visible_child_name (_oc_assign_dialog_get_stack (OC_ASSIGN_DIALOG (dialog)), "queue");
  render_window (dialog, "assign-dialog-queue.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = oc_transfer_dialog_new (floor.parent, floor.client,
                                   oc_conversation_store_lookup (floor.store, "c-active"));
  show_and_settle (dialog);
  render_window (dialog, "transfer-dialog.png");
  /* A refusal: this client's server cannot be reached. */
  oc_action_dialog_confirm (OC_ACTION_DIALOG (dialog));
  g_assert_true (wait_for (not_busy, dialog));
  render_window (dialog, "transfer-dialog-error.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = oc_force_close_dialog_new (floor.parent, floor.client,
                                      oc_conversation_store_lookup (floor.store, "c-active"));
  show_and_settle (dialog);
  render_window (dialog, "force-close-dialog.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  floor_clear (&floor);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  /* Accessible properties are checked on GTK's test backend; the AT-SPI bus
   * socket is shared by concurrent sessions here and can vanish under us. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* The application loads our style sheet; without one, so do we. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/example/OngoingConversations/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* Revealers and stacks show their end state at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/dialogs/assign/agents-follow-rules", test_assign_agents_follow_rules);
  g_test_add_func ("/dialogs/assign/agents-live", test_assign_agents_live);
  g_test_add_func ("/dialogs/assign/search", test_assign_search);
  g_test_add_func ("/dialogs/assign/rows-plain-text", test_assign_rows_plain_text);
  g_test_add_func ("/dialogs/assign/queues", test_assign_queues);
  g_test_add_func ("/dialogs/transfer/agents-follow-rules", test_transfer_agents_follow_rules);
  g_test_add_func ("/dialogs/force-close/confirmation", test_force_close_confirmation);
  g_test_add_func ("/dialogs/cancel-and-escape", test_cancel_and_escape);
  g_test_add_func ("/dialogs/unreachable-keeps-dialog", test_unreachable_keeps_dialog);
  g_test_add_func ("/dialogs/conversation-changes-while-open", test_conversation_changes_while_open);
  g_test_add_func ("/dialogs/wrong-status-at-open", test_wrong_status_at_open);
  g_test_add_func ("/dialogs/explain-error", test_explain_error);
  g_test_add_func ("/dialogs/live/assign-agent", test_live_assign_agent);
  g_test_add_func ("/dialogs/live/assign-queue", test_live_assign_queue);
  g_test_add_func ("/dialogs/live/transfer", test_live_transfer);
  g_test_add_func ("/dialogs/live/force-close", test_live_force_close);
  g_test_add_func ("/dialogs/live/another-acted-first", test_live_another_acted_first);
  g_test_add_func ("/dialogs/live/rule-broken-shows-reason", test_live_rule_broken_shows_reason);
  g_test_add_func ("/dialogs/live/viewer", test_live_viewer);
  g_test_add_func ("/dialogs/screenshots", test_screenshots);

  return g_test_run ();
}
