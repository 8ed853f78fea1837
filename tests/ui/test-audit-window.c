// SPDX-License-Identifier: GPL-3.0-or-later
/* The audit log window (#22) on a viewer's console against the reference
 * server: supervisors' actions appear live, the filters by supervisor and
 * action narrow them, and the CSV export quotes what came from the wire. */

#include "config.h"

#include <gtk/gtk.h>

#include "oc-audit-window.h"
#include "oc-client.h"
#include "oc-dataverse-source.h"
#include "oc-server.h"
#include "oc-server-private.h"
#include "oc-test-util.h"
#include "source-test-util.h"

typedef struct {
  GListModel *model;
  guint       n;
} Count;

static gboolean
has_n (gpointer data)
{
  Count *c = data;

  return g_list_model_get_n_items (c->model) == c->n;
}

static gboolean
is_done (gpointer data)
{
  return *(gboolean *) data;
}

static void
action_answered (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  oc_source_action_finish (OC_SOURCE (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static OcClient *
start_client (const char *url,
              const char *token)
{
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  OcClient *client = oc_client_new (url, token, store);

  oc_source_start (OC_SOURCE (client));
  g_assert_true (oc_test_wait_until (is_live, client, 20000));
  return client;
}

/* The reference server on 127.0.0.1 with the viewer wall and the
 * supervisor sam, whose tokens are returned. */
static OcServer *
start_server (char **url,
              char **wall,
              char **sam)
{
  OcServerOptions options = { .seed = 5, .speed = 0, .conversations = 40 };
  g_autoptr(GError) error = NULL;
  OcServer *server = oc_server_new (&options, &error);

  g_assert_no_error (error);
  g_assert_true (oc_server_listen (server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  *url = oc_server_get_url (server);
  *wall = oc_server_add_user (server, "wall", OC_ROLE_VIEWER);
  *sam = oc_server_add_user (server, "sam", OC_ROLE_SUPERVISOR);
  return server;
}

static void
test_live_filter_export (void)
{
  g_autofree char *url = NULL;
  g_autofree char *wall = NULL;
  g_autofree char *sam = NULL;
  g_autoptr(OcServer) server = start_server (&url, &wall, &sam);
  g_autofree char *odd = NULL;
  g_autoptr(OcClient) viewer = NULL;
  g_autoptr(OcClient) sam_client = NULL;
  g_autoptr(OcClient) odd_client = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *csv = NULL;
  OcAuditWindow *window;
  GListModel *shown;

  /* A name a spreadsheet would run as a formula. */
  odd = oc_server_add_user (server, "=HYPERLINK(\"x\")", OC_ROLE_SUPERVISOR);

  viewer = start_client (url, wall);
  window = oc_audit_window_new (OC_SOURCE (viewer));
  gtk_window_present (GTK_WINDOW (window));
  shown = oc_audit_window_get_shown (window);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);

  sam_client = start_client (url, sam);
  odd_client = start_client (url, odd);
  ids = oc_world_list_conversations (oc_server_get_world (server));
  {
    const char *a = oc_conversation_get_id (g_ptr_array_index (ids, 0));
    const char *b = oc_conversation_get_id (g_ptr_array_index (ids, 1));
    gboolean done[3] = { FALSE, FALSE, FALSE };

    oc_source_join_async (OC_SOURCE (sam_client), a, NULL, action_answered, &done[0]);
    oc_source_lower_flag_async (OC_SOURCE (sam_client), b, NULL, action_answered, &done[1]);
    oc_source_join_async (OC_SOURCE (odd_client), b, NULL, action_answered, &done[2]);
    for (guint i = 0; i < 3; i++)
      g_assert_true (oc_test_wait_until (is_done, &done[i], 20000));
  }

  /* Live on the viewer's console. */
  g_assert_true (oc_test_wait_until (has_n, &(Count) { shown, 3 }, 20000));

  oc_audit_window_set_filter (window, "SAM", OC_AUDIT_ACTION_UNKNOWN);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  oc_audit_window_set_filter (window, NULL, OC_AUDIT_ACTION_JOIN);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  oc_audit_window_set_filter (window, "sam", OC_AUDIT_ACTION_LOWER_FLAG);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  {
    g_autoptr(OcAuditEntry) entry = g_list_model_get_item (shown, 0);

    /* No flag was up: refused, and the log says so. */
    g_assert_cmpint (oc_audit_entry_get_outcome (entry), ==, OC_AUDIT_OUTCOME_REFUSED);
    g_assert_cmpstr (oc_audit_entry_get_code (entry), ==, "no-flag");
  }

  /* The export writes what is shown; a formula is defused, quotes doubled. */
  oc_audit_window_set_filter (window, "hyperlink", OC_AUDIT_ACTION_UNKNOWN);
  csv = oc_audit_window_build_csv (shown);
  g_assert_true (g_str_has_prefix (csv, "seq,time,supervisor,action,conversation,outcome,code,reason,agent,queue\r\n"));
  g_assert_nonnull (strstr (csv, ",\"'=HYPERLINK(\"\"x\"\")\",\"join\","));
  g_assert_null (strstr (csv, "sam"));

  gtk_window_destroy (GTK_WINDOW (window));
  oc_source_stop (OC_SOURCE (viewer));
  oc_source_stop (OC_SOURCE (sam_client));
  oc_source_stop (OC_SOURCE (odd_client));
  oc_server_shutdown (server);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *action_name)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (widget);
}

static gboolean
says_no_older (gpointer button)
{
  return g_strcmp0 (gtk_button_get_label (button), "No older entries") == 0;
}

/* Load Older at the end of the list (#22): each click appends the next
 * older page in order, without duplicates, while live entries arrive on
 * top; at the first entry it says there are no older ones. */
static void
test_load_older (void)
{
  g_autofree char *url = NULL;
  g_autofree char *wall = NULL;
  g_autofree char *sam = NULL;
  g_autoptr(OcServer) server = start_server (&url, &wall, &sam);
  g_autoptr(OcClient) viewer = NULL;
  g_autoptr(OcClient) sam_client = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  OcAuditWindow *window;
  GtkWidget *button;
  GListModel *shown;

  for (guint i = 0; i < 1200; i++)
    oc_audit_log_append (oc_server_get_audit_log (server), g_get_real_time () / G_USEC_PER_SEC, "kim",
                         OC_AUDIT_ACTION_JOIN, "c-000001", OC_AUDIT_OUTCOME_DONE, NULL, NULL, NULL, NULL);

  viewer = start_client (url, wall);
  window = oc_audit_window_new (OC_SOURCE (viewer));
  gtk_window_present (GTK_WINDOW (window));
  shown = oc_audit_window_get_shown (window);
  g_assert_true (oc_test_wait_until (has_n, &(Count) { shown, 500 }, 20000));
  assert_audit_seqs (shown, 1200, 701);

  button = find_button (GTK_WIDGET (window), "audit.load-older");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Load _Older");
  g_assert_true (gtk_widget_is_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  /* Loading: a spinner, and not twice at once. */
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (oc_test_wait_until (has_n, &(Count) { shown, 1000 }, 20000));
  assert_audit_seqs (shown, 1200, 201);
  g_assert_true (oc_test_wait_until (is_sensitive, button, 20000));

  /* A supervisor acts: the entry lands on top, the older ones stay. */
  sam_client = start_client (url, sam);
  ids = oc_world_list_conversations (oc_server_get_world (server));
  {
    gboolean done = FALSE;

    oc_source_join_async (OC_SOURCE (sam_client), oc_conversation_get_id (g_ptr_array_index (ids, 0)), NULL,
                          action_answered, &done);
    g_assert_true (oc_test_wait_until (is_done, &done, 20000));
  }
  g_assert_true (oc_test_wait_until (has_n, &(Count) { shown, 1001 }, 20000));

  g_signal_emit_by_name (button, "clicked");
  g_assert_true (oc_test_wait_until (has_n, &(Count) { shown, 1201 }, 20000));
  assert_audit_seqs (shown, 1201, 1);
  g_assert_true (oc_test_wait_until (says_no_older, button, 20000));
  g_assert_false (gtk_widget_is_sensitive (button));

  gtk_window_destroy (GTK_WINDOW (window));
  oc_source_stop (OC_SOURCE (viewer));
  oc_source_stop (OC_SOURCE (sam_client));
  oc_server_shutdown (server);
}

static gboolean
has_error (gpointer data)
{
  return *(GError **) data != NULL;
}

static void
older_refused (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (oc_source_load_older_audit_finish (OC_SOURCE (object), result, error));
  g_assert_nonnull (*error);
}

/* Dynamics 365 keeps no audit log of this console: the window says older
 * entries are not available and why, and asking is refused with the reason. */
static void
test_older_not_available (void)
{
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcDataverseSource) dataverse =
    oc_dataverse_source_new ("https://contoso.crm.dynamics.com", "token", store);
  OcSource *source = OC_SOURCE (dataverse);
  const char *reason = oc_source_get_unavailable_reason (source, OC_SOURCE_HAS_AUDIT_LOG);
  g_autoptr(GError) error = NULL;
  OcAuditWindow *window = oc_audit_window_new (source);
  GtkWidget *button = find_button (GTK_WIDGET (window), "audit.load-older");

  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Older entries are not available");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, reason);
  g_assert_false (gtk_widget_is_sensitive (button));

  oc_source_load_older_audit_async (source, NULL, older_refused, &error);
  g_assert_true (oc_test_wait_until (has_error, &error, 20000));
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==, reason);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/audit-window/live-filter-export", test_live_filter_export);
  g_test_add_func ("/audit-window/load-older", test_load_older);
  g_test_add_func ("/audit-window/older-not-available", test_older_not_available);

  return g_test_run ();
}
