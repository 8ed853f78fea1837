// SPDX-License-Identifier: GPL-3.0-or-later
/* The agents panel beside the report, against the embedded reference
 * server: the view switch, live presence and load, sorting, filtering, the
 * one click to an agent's conversations and the Assign shortcut. Needs a
 * display (suite "ui"). */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "oc-agent-cell.h"
#include "oc-assign-dialog-private.h"
#include "oc-conversation-view.h"
#include "oc-server.h"
#include "oc-server-private.h"
#include "oc-test-util.h"
#include "oc-window-private.h"
#include "oc-world.h"

typedef struct {
  OcServer      *server;
  char          *url;
  char          *supervisor;
  OcWindow      *window;
  OcAgentsPanel *panel;
  /* for conditions */
  OcAgentLoad   *load;
  OcPresence     presence;
} Fixture;

typedef gboolean (*Condition) (Fixture *f);

static void
wait_for (Fixture    *f,
          Condition   condition,
          const char *what)
{
  if (!oc_test_wait_until ((OcTestPredicate) condition, f, 20000))
    g_error ("Timed out waiting for %s", what);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
is_live (Fixture *f)
{
  OcSource *source = oc_window_get_source (f->window);

  return source != NULL && oc_source_get_state (source) == OC_SOURCE_STATE_LIVE &&
         g_strcmp0 (oc_window_get_page (f->window), "report") == 0 &&
         g_list_model_get_n_items (oc_conversation_store_get_agents (oc_source_get_store (source))) > 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  OcServerOptions options = { .seed = 77, .speed = 0, .conversations = 120, .agents = 40 };
  g_autoptr(GError) error = NULL;

  oc_test_reset_settings (APP_ID);

  f->server = oc_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (oc_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->url = oc_server_get_url (f->server);
  f->supervisor = oc_server_add_user (f->server, "sam", OC_ROLE_SUPERVISOR);

  f->window = oc_window_new (NULL);
  f->panel = oc_window_get_agents_panel (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  oc_window_connect (f->window, f->url, f->supervisor, FALSE);
  wait_for (f, is_live, "the report to go live");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  oc_server_shutdown (f->server);
  g_clear_object (&f->server);
  g_free (f->url);
  g_free (f->supervisor);
}

static GListModel *
rows (Fixture *f)
{
  return G_LIST_MODEL (oc_agents_panel_get_view (f->panel));
}

static OcAgentLoad *
row_at (Fixture *f,
        guint    i)
{
  g_autoptr(OcAgentLoad) load = g_list_model_get_item (rows (f), i);

  return load;  /* the view keeps it */
}

static void
show_agents (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "view.agents", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "agents");
}

static void
sort_by (Fixture       *f,
         OcAgentColumn  column,
         GtkSortType    order)
{
  GtkColumnView *view = oc_agents_panel_get_column_view (f->panel);
  g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (gtk_column_view_get_columns (view), column);

  gtk_column_view_sort_by_column (view, c, order);
}

/* Alt+2 and the switcher show the panel, one row per agent, in name order,
 * every control named; until shown, its list has no rows to make. */
static void
test_switch (Fixture       *f,
             gconstpointer  data)
{
  GListModel *agents = oc_conversation_store_get_agents (oc_source_get_store (oc_window_get_source (f->window)));

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->view_switcher)));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "conversations");
  /* Not shown yet: its list makes no rows. */
  g_assert_null (gtk_column_view_get_model (oc_agents_panel_get_column_view (f->panel)));
  show_agents (f);
  g_assert_cmpuint (g_list_model_get_n_items (rows (f)), ==, g_list_model_get_n_items (agents));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (oc_agents_panel_get_column_view (f->panel)))),
                    ==, g_list_model_get_n_items (agents));
  for (guint i = 1; i < g_list_model_get_n_items (rows (f)); i++)
    g_assert_cmpint (g_utf8_collate (oc_agent_get_name (oc_agent_load_get_agent (row_at (f, i - 1))),
                                     oc_agent_get_name (oc_agent_load_get_agent (row_at (f, i)))), <=, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "view.conversations", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "conversations");
}

static gboolean
load_has_presence (Fixture *f)
{
  return oc_agent_get_presence (oc_agent_load_get_agent (f->load)) == f->presence;
}

/* The server's agent.upsert moves the row: sorted by presence, an agent who
 * goes offline moves to the offline ones, the cell says so. */
static void
test_live_presence (Fixture       *f,
                    gconstpointer  data)
{
  OcWorld *world = oc_server_get_world (f->server);
  OcAgent *on_server;
  g_autofree char *text = NULL;
  guint position;

  show_agents (f);
  sort_by (f, OC_AGENT_COLUMN_PRESENCE, GTK_SORT_ASCENDING);
  g_assert_cmpint (oc_agent_view_get_sort_column (oc_agents_panel_get_view (f->panel)), ==, OC_AGENT_SORT_PRESENCE);

  f->load = row_at (f, 0);
  g_assert_cmpint (oc_agent_get_presence (oc_agent_load_get_agent (f->load)), <, OC_PRESENCE_OFFLINE);
  on_server = oc_world_lookup_agent (world, oc_agent_get_id (oc_agent_load_get_agent (f->load)));
  oc_agent_set_presence (on_server, OC_PRESENCE_OFFLINE);
  oc_agent_set_presence_since (on_server, oc_world_get_now (world));
  oc_world_put_agent (world, on_server);

  f->presence = OC_PRESENCE_OFFLINE;
  wait_for (f, load_has_presence, "the agent to go offline");
  position = oc_agent_view_get_position (oc_agents_panel_get_view (f->panel), f->load);
  for (guint i = position; i < g_list_model_get_n_items (rows (f)); i++)
    g_assert_cmpint (oc_agent_get_presence (oc_agent_load_get_agent (row_at (f, i))), ==, OC_PRESENCE_OFFLINE);
  g_assert_cmpint (oc_agent_get_presence (oc_agent_load_get_agent (row_at (f, position - 1))), <=, OC_PRESENCE_OFFLINE);

  text = oc_agent_column_format (OC_AGENT_COLUMN_PRESENCE, NULL, f->load, oc_world_get_now (world) + 65);
  g_assert_true (g_str_has_prefix (text, "Offline · 1:0"));

  /* Descending puts them first. */
  sort_by (f, OC_AGENT_COLUMN_PRESENCE, GTK_SORT_DESCENDING);
  g_assert_cmpint (oc_agent_get_presence (oc_agent_load_get_agent (row_at (f, 0))), ==, OC_PRESENCE_OFFLINE);
}

/* Sorting by load: the most conversations first when descending. */
static void
test_sort_by_load (Fixture       *f,
                   gconstpointer  data)
{
  show_agents (f);
  sort_by (f, OC_AGENT_COLUMN_HELD, GTK_SORT_DESCENDING);
  g_assert_cmpint (oc_agent_view_get_sort_column (oc_agents_panel_get_view (f->panel)), ==, OC_AGENT_SORT_HELD);
  g_assert_cmpuint (oc_agent_load_get_n_held (row_at (f, 0)), >, 0);
  for (guint i = 1; i < g_list_model_get_n_items (rows (f)); i++)
    g_assert_cmpuint (oc_agent_load_get_n_held (row_at (f, i - 1)), >=, oc_agent_load_get_n_held (row_at (f, i)));
}

static gboolean
fewer_rows (Fixture *f)
{
  return g_list_model_get_n_items (rows (f)) < (guint) f->presence;
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  const char *available[] = { "available", NULL };
  const char *queue[] = { NULL, NULL };
  guint all;

  show_agents (f);
  all = g_list_model_get_n_items (rows (f));

  oc_filter_button_set_selected (oc_agents_panel_get_filter (f->panel, TRUE), available);
  g_assert_cmpuint (g_list_model_get_n_items (rows (f)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rows (f)), <, all);
  for (guint i = 0; i < g_list_model_get_n_items (rows (f)); i++)
    g_assert_cmpint (oc_agent_get_presence (oc_agent_load_get_agent (row_at (f, i))), ==, OC_PRESENCE_AVAILABLE);

  oc_filter_button_set_selected (oc_agents_panel_get_filter (f->panel, TRUE), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (rows (f)), ==, all);

  queue[0] = oc_agent_get_queue_ids (oc_agent_load_get_agent (row_at (f, 0)))[0];
  oc_filter_button_set_selected (oc_agents_panel_get_filter (f->panel, FALSE), queue);
  for (guint i = 0; i < g_list_model_get_n_items (rows (f)); i++)
    g_assert_true (oc_agent_serves_queue (oc_agent_load_get_agent (row_at (f, i)), queue[0]));
  oc_filter_button_set_selected (oc_agents_panel_get_filter (f->panel, FALSE), NULL);

  {
    g_autofree char *name = g_strdup (oc_agent_get_name (oc_agent_load_get_agent (row_at (f, 3))));
    g_autofree char *upper = g_utf8_strup (name, -1);

    gtk_editable_set_text (oc_agents_panel_get_search (f->panel), upper);
    /* The entry says "search-changed" after its delay. */
    f->presence = all;
    wait_for (f, fewer_rows, "the search to apply");
    g_assert_cmpuint (g_list_model_get_n_items (rows (f)), >=, 1);
    g_autofree char *folded = g_utf8_casefold (name, -1);

    for (guint i = 0; i < g_list_model_get_n_items (rows (f)); i++)
      {
        g_autofree char *row_name = g_utf8_casefold (oc_agent_get_name (oc_agent_load_get_agent (row_at (f, i))), -1);

        g_assert_nonnull (strstr (row_name, folded));
      }
  }
}

/* One click from an agent: the report with their conversations only. */
static void
test_show_conversations (Fixture       *f,
                         gconstpointer  data)
{
  OcConversationStore *store = oc_source_get_store (oc_window_get_source (f->window));
  OcConversationView *report = NULL;
  OcAgent *agent;
  guint expected = 0;

  show_agents (f);
  sort_by (f, OC_AGENT_COLUMN_HELD, GTK_SORT_DESCENDING);
  agent = oc_agent_load_get_agent (row_at (f, 0));
  oc_agents_panel_select (f->panel, agent);
  g_assert_true (oc_agents_panel_get_selected (f->panel) == agent);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (store), i);

      expected += g_strcmp0 (oc_conversation_get_agent_id (c), oc_agent_get_id (agent)) == 0;
    }
  g_assert_cmpuint (expected, >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "agent.show-conversations", NULL));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "conversations");
  report = f->window->view;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (report)), ==, expected);
  for (guint i = 0; i < expected; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (report), i);

      g_assert_cmpstr (oc_conversation_get_agent_id (c), ==, oc_agent_get_id (agent));
    }
}

/* A notification's click: the report comes back with the row selected, even
 * from the agents panel and with filters that hid it. */
static void
test_show_conversation (Fixture       *f,
                        gconstpointer  data)
{
  OcConversationStore *store = oc_source_get_store (oc_window_get_source (f->window));
  OcAgent *agent;
  g_autoptr(OcConversation) other = NULL;

  show_agents (f);
  sort_by (f, OC_AGENT_COLUMN_HELD, GTK_SORT_DESCENDING);
  agent = oc_agent_load_get_agent (row_at (f, 0));
  oc_agents_panel_select (f->panel, agent);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "agent.show-conversations", NULL));
  for (guint i = 0; other == NULL && i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (oc_conversation_get_agent_id (c), oc_agent_get_id (agent)) != 0)
        other = g_steal_pointer (&c);
    }
  g_assert_nonnull (other);
  g_assert_false (oc_conversation_view_matches (f->window->view, other));

  show_agents (f);
  g_assert_true (oc_window_show_conversation (f->window, oc_conversation_get_id (other)));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "conversations");
  g_assert_true (f->window->watched == other);
  g_assert_false (oc_window_show_conversation (f->window, "c-not-here"));
}

static gboolean
dialog_open (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (OC_IS_ASSIGN_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

static OcAssignDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (OC_IS_ASSIGN_DIALOG (window))
        return OC_ASSIGN_DIALOG (window);
    }
  return NULL;
}

/* Ctrl+Shift+A on an agent who may take work opens the Assign dialog for the
 * longest-waiting open conversation they may take, with them picked; on one
 * who may not, nothing is offered. */
static void
test_assign_shortcut (Fixture       *f,
                      gconstpointer  data)
{
  OcAgent *able = NULL, *unable = NULL;
  OcAssignDialog *dialog;
  OcConversation *conversation;

  show_agents (f);
  for (guint i = 0; i < g_list_model_get_n_items (rows (f)); i++)
    {
      OcAgent *agent = oc_agent_load_get_agent (row_at (f, i));

      if (oc_agents_panel_find_assignable (f->panel, agent) != NULL)
        able = able ? able : agent;
      else if (oc_agent_get_presence (agent) == OC_PRESENCE_OFFLINE)
        unable = unable ? unable : agent;
    }
  g_assert_nonnull (able);
  g_assert_nonnull (unable);

  oc_agents_panel_select (f->panel, unable);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->panel),
                                                                                     OC_TYPE_AGENTS_PANEL,
                                                                                     "assign_button"))));

  oc_agents_panel_select (f->panel, able);
  oc_agents_panel_focus (f->panel);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  conversation = oc_agents_panel_find_assignable (f->panel, able);
  g_assert_cmpint (oc_conversation_get_status (conversation), ==, OC_STATUS_OPEN);

  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->panel),
                                                                                    OC_TYPE_AGENTS_PANEL,
                                                                                    "assign_button"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "agent.assign", NULL));
  wait_for (f, dialog_open, "the Assign dialog");
  dialog = find_dialog ();
  g_assert_true (oc_action_dialog_get_conversation (OC_ACTION_DIALOG (dialog)) == conversation);
  g_assert_true (oc_agent_picker_get_agent (_oc_assign_dialog_get_picker (dialog)) == able);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/agents-panel/switch", test_switch);
  ADD ("/agents-panel/live-presence", test_live_presence);
  ADD ("/agents-panel/sort-by-load", test_sort_by_load);
  ADD ("/agents-panel/filters", test_filters);
  ADD ("/agents-panel/show-conversations", test_show_conversations);
  ADD ("/agents-panel/assign-shortcut", test_assign_shortcut);
  ADD ("/agents-panel/show-conversation", test_show_conversation);
#undef ADD

  return g_test_run ();
}
