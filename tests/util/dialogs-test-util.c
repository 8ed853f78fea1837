// SPDX-License-Identifier: GPL-3.0-or-later
/* Helpers shared by the dialog tests: waiting, finding widgets, a small
 * floor built by hand, and the protocol's rules written out independently. */

#include "config.h"
#include "oc-client.h"
#include "oc-style.h"

#include <string.h>

#include <gtk/gtk.h>

#include "dialogs-test-util.h"
#include "oc-test-util.h"
#include "oc-agent-row.h"
#include "store-test-util.h"

/* A guard against hangs, not a timing assertion. */
#define WAIT_LIMIT_MS 20000

gboolean
wait_for (gboolean (*done) (gpointer), gpointer data)
{
  return oc_test_wait_until (done, data, WAIT_LIMIT_MS);
}

void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- a small floor, built by hand --------------------------------------- */

OcAgent *
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

OcConversation *
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
void
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

void
floor_clear (Floor *floor)
{
  gtk_window_destroy (floor->parent);
  drain ();
  g_clear_object (&floor->client);
  g_clear_object (&floor->store);
}

char *
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

char *
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
gboolean
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

void
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

GListModel *
picker_model (OcAgentPicker *picker)
{
  return G_LIST_MODEL (gtk_list_view_get_model (oc_agent_picker_get_list_view (picker)));
}

OcAgent *
picked (OcAgentPicker *picker)
{
  return oc_agent_picker_get_agent (picker);
}

/* A click as the button reports it (gtk_widget_activate() waits 250 ms to
 * show the button pressed before it clicks). */
void
click (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
}

gboolean
can_confirm (GtkWidget *primary)
{
  return gtk_widget_get_sensitive (primary);
}

/* Collects the OcAgentRow widgets the list view made. */
void
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
GtkWidget *
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

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A message dialog has a row and a column of its response buttons and
 * shows one of them, by the room there is. */
GtkWidget *
response_button (GtkWidget  *dialog,
                 const char *label)
{
  return find_button (dialog, label);
}

gboolean
force_close_message_shown (gpointer data)
{
  return _oc_force_close_dialog_get_message_title (OC_FORCE_CLOSE_DIALOG (data)) != NULL;
}

gboolean
force_close_not_busy (gpointer data)
{
  return !_oc_force_close_dialog_get_busy (OC_FORCE_CLOSE_DIALOG (data));
}

/* A key press without modifiers (see press_key_with()). */
gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  return press_key_with (widget, keyval, 0);
}

gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

void
show_and_settle (GtkWidget *dialog)
{
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (wait_for (is_mapped, dialog));
  drain ();
}


gboolean
model_has_n (gpointer data)
{
  gpointer *args = data;
  return g_list_model_get_n_items (args[0]) == GPOINTER_TO_UINT (args[1]);
}

gboolean
message_shown (gpointer data)
{
  return _oc_action_dialog_get_message_shown (OC_ACTION_DIALOG (data));
}

gboolean
not_busy (gpointer data)
{
  return !oc_action_dialog_get_busy (OC_ACTION_DIALOG (data));
}

void
dialogs_test_init (int    *argc,
                   char ***argv)
{

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  /* Accessible properties are checked on GTK's test backend; the AT-SPI bus
   * socket is shared by concurrent sessions here and can vanish under us. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (argc, argv, NULL);
  /* The application loads our style sheet; without one, so do we. */
  oc_style_load_app_css ();
  /* Revealers and stacks show their end state at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}
