// SPDX-License-Identifier: GPL-3.0-or-later
/* The console window against the embedded reference server over real
 * sockets: what it offers per status and role, what it says when the address
 * or the token is wrong, and that it never claims to be live when it is not.
 * Needs a display (suite "ui"). */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include <gtk/gtk.h>

#include "oc-client.h"
#include "oc-source-private.h"
#include "oc-test-util.h"
#include "widget-test-util.h"

#include "oc-monitor-pane-private.h"
#include "oc-clock.h"
#include "oc-server.h"
#include "oc-window-private.h"

typedef struct {
  OcServer  *server;
  char      *url;
  char      *supervisor;
  char      *viewer;
  OcWindow  *window;
} Fixture;

typedef gboolean (*Condition) (Fixture *f);

/* Runs the main loop until @condition holds; fails after 20 s. */
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
  OcClient *client = OC_CLIENT (oc_window_get_source (f->window));

  return client != NULL && oc_source_get_state (OC_SOURCE (client)) == OC_SOURCE_STATE_LIVE &&
         g_strcmp0 (oc_window_get_page (f->window), "report") == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (oc_source_get_store (OC_SOURCE (client)))) > 0;
}

static gboolean
on_start_page_with_error (Fixture *f)
{
  return g_strcmp0 (oc_window_get_page (f->window), "start") == 0 &&
         oc_start_page_get_error (f->window->start_page) != NULL;
}

static gboolean
is_reconnecting (Fixture *f)
{
  return oc_window_get_banner (f->window) != NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  OcServerOptions options = { .seed = 4242, .speed = 0, .conversations = 200 };
  g_autoptr(GError) error = NULL;

  oc_test_reset_settings (APP_ID);

  f->server = oc_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (oc_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->url = oc_server_get_url (f->server);
  f->supervisor = oc_server_add_user (f->server, "sam", OC_ROLE_SUPERVISOR);
  f->viewer = oc_server_add_user (f->server, "wally", OC_ROLE_VIEWER);

  f->window = oc_window_new (NULL);
  gtk_window_present (GTK_WINDOW (f->window));
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
  g_free (f->viewer);
}

static OcConversation *
find_conversation (Fixture  *f,
                   OcStatus  status,
                   gboolean  with_agent)
{
  GListModel *store = G_LIST_MODEL (oc_source_get_store (OC_SOURCE (oc_window_get_source (f->window))));

  for (guint i = 0; i < g_list_model_get_n_items (store); i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (store, i);

      if (oc_conversation_get_status (c) == status &&
          (oc_conversation_get_agent_id (c) != NULL) == with_agent)
        return c;  /* the store keeps it */
    }

  return NULL;
}

typedef struct {
  gboolean monitor, assign, transfer, force_close;
} Offered;

static Offered
offered (Fixture *f)
{
  Offered o = {
    gtk_widget_get_sensitive (GTK_WIDGET (f->window->monitor_button)),
    gtk_widget_get_sensitive (GTK_WIDGET (f->window->assign_button)),
    gtk_widget_get_sensitive (GTK_WIDGET (f->window->transfer_button)),
    gtk_widget_get_sensitive (GTK_WIDGET (f->window->force_close_button)),
  };
  return o;
}

static void
assert_offered (Fixture        *f,
                OcConversation *c,
                gboolean        monitor,
                gboolean        assign,
                gboolean        transfer,
                gboolean        force_close)
{
  Offered o;

  g_assert_nonnull (c);
  g_assert_true (oc_report_select (oc_window_get_report (f->window), c));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  o = offered (f);
  g_assert_cmpint (o.monitor, ==, monitor);
  g_assert_cmpint (o.assign, ==, assign);
  g_assert_cmpint (o.transfer, ==, transfer);
  g_assert_cmpint (o.force_close, ==, force_close);
}

static void
test_actions_per_status (Fixture       *f,
                         gconstpointer  data)
{
  Offered o;

  oc_window_connect (f->window, f->url, f->supervisor, FALSE);
  wait_for (f, is_live, "the report to go live");
  g_assert_cmpstr (oc_window_get_status_text (f->window), ==, "Live");
  g_assert_null (oc_window_get_banner (f->window));

  /* Nothing selected, nothing offered. */
  o = offered (f);
  g_assert_false (o.monitor || o.assign || o.transfer || o.force_close);

  /*                                                     monitor assign transfer close */
  assert_offered (f, find_conversation (f, OC_STATUS_OPEN, FALSE),    FALSE, TRUE,  FALSE, TRUE);
  assert_offered (f, find_conversation (f, OC_STATUS_ACTIVE, TRUE),   TRUE,  FALSE, TRUE,  TRUE);
  assert_offered (f, find_conversation (f, OC_STATUS_WAITING, TRUE),  TRUE,  FALSE, TRUE,  TRUE);
  assert_offered (f, find_conversation (f, OC_STATUS_WRAP_UP, TRUE),  TRUE,  FALSE, FALSE, TRUE);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
says_three_closed (Fixture *f)
{
  return g_strcmp0 (oc_report_get_toast (oc_window_get_report (f->window)),
                    "3 conversations were force-closed") == 0;
}

static GPtrArray *closing;   /* OcConversation: force-closed, to leave */

static gboolean
picked_left (Fixture *f)
{
  GListModel *store = G_LIST_MODEL (oc_source_get_store (OC_SOURCE (oc_window_get_source (f->window))));

  for (guint i = 0; i < closing->len; i++)
    for (guint j = 0; j < g_list_model_get_n_items (store); j++)
      {
        g_autoptr(OcConversation) c = g_list_model_get_item (store, j);

        if (c == closing->pdata[i])
          return FALSE;
      }
  return TRUE;
}

/* Ctrl+A and Ctrl-clicks are counted in the action bar; with several
 * selected only Assign and Force close are offered, and Force close closes each after a
 * confirmation that counts them (#21). */
static void
test_bulk_force_close (Fixture       *f,
                       gconstpointer  data)
{
  OcReport *report;
  GtkSelectionModel *selection;
  GListModel *store;
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) picked = NULL;
  Offered o;

  oc_window_connect (f->window, f->url, f->supervisor, FALSE);
  wait_for (f, is_live, "the report to go live");
  report = oc_window_get_report (f->window);
  selection = gtk_column_view_get_model (oc_report_get_column_view (report));
  store = G_LIST_MODEL (oc_source_get_store (OC_SOURCE (oc_window_get_source (f->window))));

  g_assert_true (press_key_with (GTK_WIDGET (oc_report_get_column_view (report)), GDK_KEY_a, GDK_CONTROL_MASK));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  {
    g_autofree char *all = g_strdup_printf ("%u selected", g_list_model_get_n_items (G_LIST_MODEL (oc_report_get_view (report))));
    g_assert_cmpstr (gtk_label_get_label (f->window->selection_label), ==, all);
  }

  g_assert_true (oc_report_select (report, NULL));
  for (guint i = 0; i < 3; i++)
    g_assert_true (gtk_selection_model_select_item (selection, i * 2, FALSE));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (gtk_label_get_label (f->window->selection_label), ==, "3 selected");
  o = offered (f);
  g_assert_false (o.monitor || o.transfer);
  g_assert_true (o.assign && o.force_close);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->monitor_button)), "Select one conversation"));

  picked = oc_report_get_selection (report);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.force-close", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Force close 3 conversations?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "proceed");

  wait_for (f, says_three_closed, "the three to be closed");
  /* The answers to the actions may come before their events, which the
   * store applies at the next frame. */
  closing = picked;
  wait_for (f, picked_left, "the three to leave the report");
  closing = NULL;
  g_assert_cmpuint (g_list_model_get_n_items (store), >, 0);
}

static gboolean
says_assigned (Fixture *f)
{
  return g_strcmp0 (oc_report_get_toast (oc_window_get_report (f->window)),
                    "2 conversations were assigned to the queue") == 0;
}

static OcConversation *assigned[2];
static OcQueue *assigned_to;

static gboolean
both_in_queue (Fixture *f)
{
  return g_strcmp0 (oc_conversation_get_queue_id (assigned[0]), oc_queue_get_id (assigned_to)) == 0 &&
         g_strcmp0 (oc_conversation_get_queue_id (assigned[1]), oc_queue_get_id (assigned_to)) == 0;
}

/* Assign to a queue with several selected: the open ones go to the queue
 * picked, the others are counted as skipped (#21). */
static void
test_bulk_assign_queue (Fixture       *f,
                        gconstpointer  data)
{
  OcReport *report;
  OcConversationView *view;
  GtkSelectionModel *selection;
  GListModel *store;
  AdwMessageDialog *dialog;
  OcConversation *open[2] = { NULL, NULL };
  OcConversation *active = NULL;
  GtkDropDown *queues;
  OcQueue *queue;
  guint n_open = 0;

  oc_window_connect (f->window, f->url, f->supervisor, FALSE);
  wait_for (f, is_live, "the report to go live");
  report = oc_window_get_report (f->window);
  view = oc_report_get_view (report);
  selection = gtk_column_view_get_model (oc_report_get_column_view (report));
  store = G_LIST_MODEL (oc_source_get_store (OC_SOURCE (oc_window_get_source (f->window))));

  for (guint i = 0; i < g_list_model_get_n_items (store); i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (store, i);

      if (oc_conversation_get_status (c) == OC_STATUS_OPEN && n_open < 2)
        open[n_open++] = c;
      else if (oc_conversation_get_status (c) == OC_STATUS_ACTIVE && active == NULL)
        active = c;
    }
  g_assert_cmpuint (n_open, ==, 2);
  g_assert_nonnull (active);

  g_assert_true (gtk_selection_model_select_item (selection, oc_conversation_view_get_position (view, open[0]), TRUE));
  g_assert_true (gtk_selection_model_select_item (selection, oc_conversation_view_get_position (view, open[1]), FALSE));
  g_assert_true (gtk_selection_model_select_item (selection, oc_conversation_view_get_position (view, active), FALSE));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (gtk_label_get_label (f->window->selection_label), ==, "3 selected");
  g_assert_true (offered (f).assign);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.assign", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Assign 2 conversations to a queue?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 is not open and is skipped."));

  queues = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));

  /* The first one's queue: it is already there, and skipped. */
  queue = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (queues)); i++)
    {
      g_autoptr(OcQueue) q = g_list_model_get_item (gtk_drop_down_get_model (queues), i);
      guint there = (g_strcmp0 (oc_queue_get_id (q), oc_conversation_get_queue_id (open[0])) == 0) +
                    (g_strcmp0 (oc_queue_get_id (q), oc_conversation_get_queue_id (open[1])) == 0);
      g_autofree char *heading = NULL;
      g_autofree char *skipped = NULL;

      if (g_strcmp0 (oc_queue_get_id (q), oc_conversation_get_queue_id (open[0])) != 0)
        continue;
      gtk_drop_down_set_selected (queues, i);
      heading = g_strdup_printf (2 - there == 1 ? "Assign %u conversation to a queue?" : "Assign %u conversations to a queue?",
                                 2 - there);
      skipped = g_strdup_printf (there == 1 ? "%u is already in %s and is skipped." : "%u are already in %s and are skipped.",
                                 there, oc_queue_get_name (q));
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), skipped));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 is not open and is skipped."));
      g_assert_true (adw_message_dialog_get_response_enabled (dialog, "proceed") == (there < 2));
      queue = q;
      break;
    }
  g_assert_nonnull (queue);

  /* A queue neither is in. */
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (queues)); i++)
    {
      g_autoptr(OcQueue) q = g_list_model_get_item (gtk_drop_down_get_model (queues), i);

      if (g_strcmp0 (oc_queue_get_id (q), oc_conversation_get_queue_id (open[0])) != 0 &&
          g_strcmp0 (oc_queue_get_id (q), oc_conversation_get_queue_id (open[1])) != 0)
        {
          gtk_drop_down_set_selected (queues, i);
          break;
        }
    }
  queue = gtk_drop_down_get_selected_item (queues);
  g_assert_nonnull (queue);
  adw_message_dialog_response (dialog, "proceed");

  wait_for (f, says_assigned, "the two to be assigned");
  /* The report learns it from the event stream, a moment later. */
  assigned[0] = open[0];
  assigned[1] = open[1];
  assigned_to = queue;
  wait_for (f, both_in_queue, "the two to be in the queue");
  g_assert_cmpstr (oc_conversation_get_queue_id (open[0]), ==, oc_queue_get_id (queue));
  g_assert_cmpstr (oc_conversation_get_queue_id (open[1]), ==, oc_queue_get_id (queue));
}

/* A client behind on a flood says so, and stops saying so once caught up. */
static void
test_says_catching_up (Fixture       *f,
                       gconstpointer  data)
{
  OcSource *source;

  oc_window_connect (f->window, f->url, f->supervisor, FALSE);
  wait_for (f, is_live, "the report to go live");
  source = oc_window_get_source (f->window);
  g_assert_cmpstr (oc_window_get_status_text (f->window), ==, "Live");

  _oc_source_set_catching_up (source, TRUE);
  g_assert_cmpstr (oc_window_get_status_text (f->window), ==, "Live, catching up…");
  _oc_source_set_catching_up (source, FALSE);
  g_assert_cmpstr (oc_window_get_status_text (f->window), ==, "Live");
}

static gboolean
says_throttled (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (oc_window_get_status_text (f->window), "Live, throttled") == 0;
}

/* Behind for seconds on end, the client is pacing a flood, not catching up
 * with a burst: the report says its view is throttled, until it is not. */
static void
test_says_throttled (Fixture       *f,
                     gconstpointer  data)
{
  OcSource *source;

  oc_window_connect (f->window, f->url, f->supervisor, FALSE);
  wait_for (f, is_live, "the report to go live");
  source = oc_window_get_source (f->window);

  _oc_source_set_catching_up (source, TRUE);
  g_assert_cmpstr (oc_window_get_status_text (f->window), ==, "Live, catching up…");
  g_assert_true (oc_test_wait_until (says_throttled, f, 10000));
  _oc_source_set_catching_up (source, FALSE);
  g_assert_cmpstr (oc_window_get_status_text (f->window), ==, "Live");

  /* A new spell of catching up starts from "catching up" again. */
  _oc_source_set_catching_up (source, TRUE);
  g_assert_cmpstr (oc_window_get_status_text (f->window), ==, "Live, catching up…");
  _oc_source_set_catching_up (source, FALSE);
}

static void
test_enter_opens_monitor (Fixture       *f,
                          gconstpointer  data)
{
  OcReport *report;
  OcConversation *open, *active;
  OcConversationView *view;

  oc_window_connect (f->window, f->url, f->supervisor, FALSE);
  wait_for (f, is_live, "the report to go live");
  report = oc_window_get_report (f->window);
  view = oc_report_get_view (report);
  open = find_conversation (f, OC_STATUS_OPEN, FALSE);
  active = find_conversation (f, OC_STATUS_ACTIVE, TRUE);

  /* Enter on an open conversation: nothing to watch yet. */
  g_signal_emit_by_name (oc_report_get_column_view (report), "activate",
                         oc_conversation_view_get_position (view, open));
  g_assert_true (oc_report_get_selected (report) == open);
  g_assert_null (oc_window_get_monitor_pane (f->window));

  /* Enter on an active one opens the monitor pane beside the report. */
  g_signal_emit_by_name (oc_report_get_column_view (report), "activate",
                         oc_conversation_view_get_position (view, active));
  g_assert_true (oc_report_get_selected (report) == active);
  g_assert_nonnull (oc_window_get_monitor_pane (f->window));
  g_assert_true (oc_monitor_pane_get_conversation (OC_MONITOR_PANE (oc_window_get_monitor_pane (f->window))) == active);

  /* Its close button gives the room back. */
  gtk_widget_activate_action (oc_window_get_monitor_pane (f->window), "monitor.close", NULL);
  g_assert_null (oc_window_get_monitor_pane (f->window));
}

static gboolean
role_known (Fixture *f)
{
  return oc_source_get_role (f->window->source) != OC_ROLE_UNKNOWN
         && oc_source_get_user (f->window->source) != NULL;
}

/* A viewer may watch (the server lets a viewer read a transcript) but not
 * act, and is told so: on the buttons and in the header (#18 point 6). */
static void
test_viewer_watches_only (Fixture       *f,
                          gconstpointer  data)
{
  const char *subtitle;
  const char *user;

  oc_window_connect (f->window, f->url, f->viewer, FALSE);
  wait_for (f, is_live, "the report to go live");
  wait_for (f, role_known, "the role and user");

  assert_offered (f, find_conversation (f, OC_STATUS_OPEN, FALSE),   FALSE, FALSE, FALSE, FALSE);
  assert_offered (f, find_conversation (f, OC_STATUS_ACTIVE, TRUE),  TRUE, FALSE, FALSE, FALSE);

  /* The disabled actions say why; Monitor keeps its own tooltip. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->assign_button)), ==,
                   "Viewers can watch but not act. Sign in with a supervisor account to act.");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->transfer_button)), ==,
                   gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->assign_button)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->force_close_button)), ==,
                   gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->assign_button)));
  gtk_test_accessible_assert_property (f->window->assign_button, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Viewers can watch but not act. Sign in with a supervisor account to act.");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->monitor_button)), ==,
                   "Watch the conversation live (Enter or Ctrl+M)");

  /* Who is signed in, and as what. */
  user = oc_source_get_user (f->window->source);
  subtitle = gtk_label_get_text (f->window->subtitle_label);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->subtitle_label)));
  g_assert_nonnull (strstr (subtitle, user));
  g_assert_true (g_str_has_suffix (subtitle, ", viewer"));

  /* Monitor opens the transcript; Join there stays disabled. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.monitor", NULL));
  g_assert_nonnull (oc_window_get_monitor_pane (f->window));
  g_assert_false (gtk_widget_get_sensitive (OC_MONITOR_PANE (oc_window_get_monitor_pane (f->window))->join_button));
}

/* A supervisor's header says so too; the buttons keep their own tooltips. */
static void
test_supervisor_signed_in (Fixture       *f,
                           gconstpointer  data)
{
  oc_window_connect (f->window, f->url, f->supervisor, FALSE);
  wait_for (f, is_live, "the report to go live");
  wait_for (f, role_known, "the role and user");

  g_assert_true (g_str_has_suffix (gtk_label_get_text (f->window->subtitle_label), ", supervisor"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->assign_button)), ==,
                   "Give the conversation to an agent or another queue (Ctrl+Shift+A)");
}

static void
test_wrong_token (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *saved = NULL;

  /* As typed on the start page. */
  oc_window_connect (f->window, f->url, "not-the-token", TRUE);
  wait_for (f, on_start_page_with_error, "the start page to explain");
  /* In words a person can act on; the server's technical words
   * ("Authorization: Bearer …") only in the tooltip (#18 point 10). */
  g_assert_nonnull (strstr (oc_start_page_get_error (f->window->start_page),
                            "refused the token. Check it and sign in again."));
  g_assert_null (strstr (oc_start_page_get_error (f->window->start_page), "Authorization"));
  g_assert_null (strstr (oc_start_page_get_error (f->window->start_page), "("));
  g_assert_nonnull (oc_start_page_get_error_detail (f->window->start_page));
  g_assert_nonnull (strstr (oc_start_page_get_error_detail (f->window->start_page), "Authorization"));
  /* The wrong token never becomes the remembered server. */
  saved = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (saved, ==, "");
  g_assert_null (OC_CLIENT (oc_window_get_source (f->window)));

  /* Correcting it works from there. */
  oc_start_page_set_token (f->window->start_page, f->supervisor);
  g_assert_true (oc_start_page_submit (f->window->start_page));
  wait_for (f, is_live, "the report to go live");
  g_free (saved);
  saved = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (saved, ==, f->url);
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  /* Port 9 (discard) is closed on a test machine. */
  oc_window_connect (f->window, "http://127.0.0.1:9", f->supervisor, TRUE);
  wait_for (f, on_start_page_with_error, "the start page to explain");
  g_assert_nonnull (strstr (oc_start_page_get_error (f->window->start_page), "Could not reach 127.0.0.1:9"));
  g_assert_cmpstr (oc_window_get_status_text (f->window), !=, "Live");
}

static gboolean
is_still_trying (Fixture *f)
{
  OcClient *client = OC_CLIENT (oc_window_get_source (f->window));
  return client != NULL && oc_source_get_state (OC_SOURCE (client)) == OC_SOURCE_STATE_RECONNECTING;
}

static void
test_unreachable_from_settings (Fixture       *f,
                                gconstpointer  data)
{
  /* From the command line or the saved server: keep trying, and say so. */
  oc_window_connect (f->window, "http://127.0.0.1:9", f->supervisor, FALSE);
  wait_for (f, is_still_trying, "the client to retry");
  g_assert_cmpstr (oc_window_get_page (f->window), ==, "loading");
  g_assert_nonnull (strstr (oc_window_get_status_text (f->window), "Reconnecting since"));
  /* Why, as one sentence: the client's message already ends with a stop. */
  g_assert_true (g_str_has_suffix (gtk_label_get_label (f->window->loading_detail), ". Trying again shortly."));
  g_assert_null (strstr (gtk_label_get_label (f->window->loading_detail), ".."));
}

static gint64 real_deadline;
static guint n_state_changes;

static gboolean
real_time_passed (Fixture *f)
{
  return g_get_real_time () / G_USEC_PER_SEC > real_deadline;
}

/* The client says each failed attempt ("Connection dropped …; retrying"). */
static void
count_attempt (const char     *domain,
               GLogLevelFlags  level,
               const char     *message,
               gpointer        data)
{
  if (g_str_has_prefix (message, "Connection dropped"))
    n_state_changes++;
}

static gboolean
attempt_failed (Fixture *f)
{
  return n_state_changes >= 1;
}

static void
test_server_gone (Fixture       *f,
                  gconstpointer  data)
{
  OcConversation *open;

  oc_window_connect (f->window, f->url, f->supervisor, FALSE);
  wait_for (f, is_live, "the report to go live");
  open = find_conversation (f, OC_STATUS_OPEN, FALSE);
  assert_offered (f, open, FALSE, TRUE, FALSE, TRUE);

  oc_server_shutdown (f->server);
  wait_for (f, is_reconnecting, "the stale-data banner");

  /* The report stays, says how old it is, and offers no action the server
   * could not hear. */
  g_assert_cmpstr (oc_window_get_page (f->window), ==, "report");
  g_assert_true (g_str_has_prefix (oc_window_get_banner (f->window), "Data as of "));
  g_assert_nonnull (strstr (oc_window_get_banner (f->window), "Reconnecting…"));
  /* Plain sentences: the technical reason is the tooltip, not nested
   * brackets in the text (#18 point 7). */
  g_assert_null (strchr (oc_window_get_banner (f->window), '('));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->banner_label)));
  /* The rows look stale. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window->report), "oc-stale"));
  g_assert_true (g_str_has_prefix (oc_window_get_status_text (f->window), "Reconnecting since "));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f->window->assign_button)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f->window->force_close_button)));
  /* The selection is still there to come back to. */
  g_assert_true (oc_report_get_selected (oc_window_get_report (f->window)) == open);

  /* Waits stop where the data stops: the report's clock stands still while
   * real time goes on, so no threshold escalates on old data. */
  {
    g_autoptr(OcClock) clock = NULL;
    gint64 frozen;

    g_object_get (oc_window_get_report (f->window), "clock", &clock, NULL);
    frozen = oc_clock_get_now (clock);
    real_deadline = g_get_real_time () / G_USEC_PER_SEC + 2;
    wait_for (f, real_time_passed, "two seconds of real time");
    g_assert_cmpint (oc_clock_get_now (clock), ==, frozen);
    g_assert_cmpint (frozen, <=, oc_source_get_last_event_time (f->window->source) / G_USEC_PER_SEC + 1);
  }

  /* "Retry now" during the backoff: offered, and it tries again at once. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->banner_button)));
  g_assert_cmpstr (gtk_button_get_label (f->window->banner_button), ==, "Retry _Now");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (f->window->banner_button)));
  {
    guint handler = g_log_set_handler ("oc-client", G_LOG_LEVEL_MESSAGE, count_attempt, NULL);

    n_state_changes = 0;
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "connection.retry", NULL));
    wait_for (f, attempt_failed, "a new attempt and its failure");
    g_log_remove_handler ("oc-client", handler);
  }
  g_assert_true (is_reconnecting (f));
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (section != NULL && menu_has_action (section, action))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The main menu offers About, which says what version runs; Ctrl+Q quits and
 * Ctrl+W closes, as on any GNOME desktop. */
static void assert_help_overlay (OcApplication *app,
                                 OcWindow      *window);

static void
test_about_and_keys (void)
{
  g_autoptr(OcApplication) app = oc_application_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) quit = NULL;
  OcWindow *window;
  AdwAboutWindow *about = NULL;
  GList *toplevels;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = oc_window_new (app);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (window->menu_button), "app.about"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_ABOUT_WINDOW (l->data))
      about = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Ongoing Conversations");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (about));

  /* Set at start-up (none on a wall screen). */
  quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (quit[0], ==, "<Control>q");
  assert_help_overlay (app, window);

  gtk_window_destroy (GTK_WINDOW (window));
  for (GList *w = gtk_application_get_windows (GTK_APPLICATION (app)); w != NULL;
       w = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (w->data);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The console opens at the size it was left at, and remembers a new one. */
static void
test_remembers_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  OcWindow *window;
  int width, height;

  oc_test_reset_settings (APP_ID);
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 600);

  window = oc_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 600);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A server whose certificate a private CA signed: with that CA in the
 * tls-ca-file setting (the start page's "Trusted certificates" field) the
 * report goes live over https; a file that cannot be read is said on the
 * start page instead of a vague "not trusted". */
static void
test_private_ca (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "tls", "server.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "tls", "server-key.pem", NULL);
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "tls", "ca.pem", NULL);
  OcServerOptions options = { .seed = 4242, .speed = 0, .conversations = 50,
                              .tls_cert_file = cert, .tls_key_file = key };
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };
  Fixture *f = &fixture;

  oc_test_reset_settings (APP_ID);
  settings = g_settings_new (APP_ID);
  f->server = oc_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (oc_server_listen (f->server, "127.0.0.1", 0, &error));
  f->url = oc_server_get_url (f->server);
  g_assert_true (g_str_has_prefix (f->url, "https://"));
  f->supervisor = oc_server_add_user (f->server, "sam", OC_ROLE_SUPERVISOR);
  f->window = oc_window_new (NULL);
  gtk_window_present (GTK_WINDOW (f->window));

  g_settings_set_string (settings, "tls-ca-file", "/nonexistent/ca.pem");
  oc_window_connect (f->window, f->url, f->supervisor, TRUE);
  wait_for (f, on_start_page_with_error, "the start page to say the file cannot be used");
  g_assert_nonnull (strstr (oc_start_page_get_error (f->window->start_page), "/nonexistent/ca.pem"));

  g_settings_set_string (settings, "tls-ca-file", ca);
  oc_window_connect (f->window, f->url, f->supervisor, TRUE);
  wait_for (f, is_live, "the report over https with the private CA");

  fixture_teardown (f, NULL);
}

/* At start the keyboard is in the rows, not on the summary strip (#18 point 4). */
static gboolean
focus_in_rows (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL &&
         gtk_widget_is_ancestor (focus, GTK_WIDGET (oc_report_get_column_view (f->window->report)));
}

static void
test_focus_order (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *columns;
  GtkWidget *focus;

  oc_window_connect (f->window, f->url, f->supervisor, FALSE);
  wait_for (f, is_live, "the report");
  wait_for (f, focus_in_rows, "the focus in the rows");
  columns = GTK_WIDGET (oc_report_get_column_view (f->window->report));

  /* Tab leaves the table for the action bar (its buttons take the focus
   * while there is something to act on); Shift+Tab for the filters. */
  oc_report_select (f->window->report, find_conversation (f, OC_STATUS_OPEN, FALSE));
  g_assert_true (oc_report_focus_rows (f->window->report));
  g_assert_true (press_key_with (columns, GDK_KEY_Tab, 0));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_false (gtk_widget_is_ancestor (focus, columns));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (f->window->action_bar)));

  g_assert_true (oc_report_focus_rows (f->window->report));
  g_assert_true (press_key_with (columns, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (f->window->filter_bar)));

  /* Arrows stay the list's. */
  g_assert_true (oc_report_focus_rows (f->window->report));
  g_assert_false (press_key_with (columns, GDK_KEY_Down, 0));
}

static void
add_accelerators (GHashTable *keys,
                  const char *accelerators)
{
  g_auto(GStrv) each = g_strsplit (accelerators, " ", -1);

  for (guint i = 0; each[i] != NULL; i++)
    {
      guint keyval;
      GdkModifierType mods;

      const char *dots = strstr (each[i], "...");

      if (*each[i] == '\0')
        continue;
      /* A range, "<Control>1...<Control>9": every key from the first to the last. */
      if (dots != NULL)
        {
          g_autofree char *first = g_strndup (each[i], dots - each[i]);
          guint last_keyval;
          GdkModifierType last_mods;

          g_assert_true (gtk_accelerator_parse (first, &keyval, &mods));
          g_assert_true (gtk_accelerator_parse (dots + 3, &last_keyval, &last_mods));
          g_assert_cmpuint (mods, ==, last_mods);
          for (guint k = keyval; k <= last_keyval; k++)
            g_hash_table_add (keys, gtk_accelerator_name (k, mods));
          continue;
        }
      g_assert_true (gtk_accelerator_parse (each[i], &keyval, &mods));
      g_hash_table_add (keys, gtk_accelerator_name (keyval, mods));
    }
}

static void
collect_overlay (GtkWidget  *widget,
                 GHashTable *keys,
                 GHashTable *actions)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;

      g_object_get (widget, "accelerator", &accelerator, "action-name", &action, NULL);
      if (accelerator != NULL)
        add_accelerators (keys, accelerator);
      if (action != NULL)
        g_hash_table_add (actions, g_steal_pointer (&action));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_overlay (child, keys, actions);
}

/* Whether an instance of @type, a GTK type, binds @trigger itself. */
static gboolean
gtk_binds (GType               type,
           GtkShortcutTrigger *trigger)
{
  g_autoptr(GtkWidget) plain = NULL;
  g_autoptr(GListModel) controllers = NULL;
  gboolean found = FALSE;

  if (G_TYPE_IS_ABSTRACT (type))
    return FALSE;

  plain = g_object_ref_sink (g_object_new (type, NULL));
  controllers = gtk_widget_observe_controllers (plain);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      for (guint j = 0; GTK_IS_SHORTCUT_CONTROLLER (controller) &&
                        j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !found; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          found = gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger);
        }
    }

  if (GTK_IS_WINDOW (plain))
    gtk_window_destroy (GTK_WINDOW (plain));
  return found;
}

/* The keys our widgets bind: named actions of ours, and callbacks of our
 * classes (GTK's own keys, such as the window's, are GTK's to list). */
static void
assert_keys_listed (GtkWidget  *widget,
                    GHashTable *keys)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean ours = g_str_has_prefix (G_OBJECT_TYPE_NAME (widget), "Oc");
  GType gtk_type = G_OBJECT_TYPE (widget);

  while (g_str_has_prefix (g_type_name (gtk_type), "Oc"))
    gtk_type = g_type_parent (gtk_type);

  for (guint i = 0; ours && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          g_autofree char *name = NULL;

          if (GTK_IS_NAMED_ACTION (action))
            {
              const char *action_name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
              const char *installed;
              const GVariantType *parameter;
              const char *property;
              GType owner = G_TYPE_INVALID;
              GType installed_owner;

              /* GTK 4.8 fills in every out argument. */
              for (guint k = 0; gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (widget), k,
                                                               &installed_owner, &installed,
                                                               &parameter, &property); k++)
                if (g_str_equal (installed, action_name))
                  owner = installed_owner;
              if (owner != G_TYPE_INVALID && !g_str_has_prefix (g_type_name (owner), "Oc"))
                continue;
            }
          else if (!GTK_IS_CALLBACK_ACTION (action) || gtk_binds (gtk_type, trigger))
            continue;

          g_assert_true (GTK_IS_KEYVAL_TRIGGER (trigger));
          name = gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                       gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
          if (!g_hash_table_contains (keys, name))
            g_error ("%s binds %s, which the Keyboard Shortcuts window does not list",
                     G_OBJECT_TYPE_NAME (widget), name);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_keys_listed (child, keys);
}

/* Ctrl+? and the main menu open a Keyboard Shortcuts window that lists every
 * key the app sets (#18 point 4). */
static void
assert_help_overlay (OcApplication *app,
                     OcWindow      *window)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) app_actions = NULL;
  g_auto(GStrv) help = NULL;
  GtkShortcutsWindow *overlay;
  GtkWidget *pane;

  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (window->menu_button),
                                  "win.show-help-overlay"));
  help = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_cmpstr (help[0], ==, "<Control>question");

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  collect_overlay (GTK_WIDGET (overlay), keys, actions);
  g_assert_true (g_hash_table_contains (actions, "win.show-help-overlay"));

  /* The application's accelerators... */
  app_actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; app_actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), app_actions[i]);

      if (g_hash_table_contains (actions, app_actions[i]))
        continue;
      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint keyval;
          GdkModifierType mods;
          g_autofree char *name = NULL;

          g_assert_true (gtk_accelerator_parse (accels[j], &keyval, &mods));
          name = gtk_accelerator_name (keyval, mods);
          if (!g_hash_table_contains (keys, name))
            g_error ("%s (%s) is not in the Keyboard Shortcuts window", accels[j], app_actions[i]);
        }
    }

  /* ...and the keys of the window, the report and the monitor pane. */
  assert_keys_listed (GTK_WIDGET (window), keys);
  pane = g_object_ref_sink (GTK_WIDGET (oc_monitor_pane_new (NULL)));
  assert_keys_listed (pane, keys);
  g_object_unref (pane);
}

static gboolean
on_start_page (Fixture *f)
{
  return g_strcmp0 (oc_window_get_page (f->window), "start") == 0;
}

/* Sign Out (main menu) leaves the server, forgets its token and asks for
 * one again on the start page, its address kept. */
static void
test_sign_out (Fixture       *f,
               gconstpointer  data)
{
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (f->window->menu_button),
                                  "connection.sign-out"));
  oc_window_connect (f->window, f->url, f->supervisor, TRUE);
  wait_for (f, is_live, "the report to go live");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "connection.sign-out", NULL));
  wait_for (f, on_start_page, "the start page");
  g_assert_null (oc_window_get_source (f->window));
  g_assert_cmpstr (oc_start_page_get_url (f->window->start_page), ==, f->url);
  /* No token left to connect with: the page asks for one. */
  g_assert_false (oc_start_page_submit (f->window->start_page));
  g_assert_cmpstr (oc_start_page_get_error (f->window->start_page), ==,
                   "Enter the access token your administrator gave you.");
}

/* The start page reads a token from a file picked in its chooser (the
 * portal's, in Flatpak), checked as --token-file checks one. */
static void
test_start_page_token_file (void)
{
  g_autoptr(OcStartPage) page = g_object_ref_sink (oc_start_page_new ());
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oc-token-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "token", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents_full (path, "  from-a-file.123\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0644, &error));
  g_assert_no_error (error);

  /* Readable by others: refused, and said how to fix. */
  oc_start_page_set_url (page, "https://cc.example.com");
  g_assert_false (oc_start_page_load_token_file (page, file));
  g_assert_nonnull (strstr (oc_start_page_get_error (page), "chmod 600"));
  g_assert_null (strstr (oc_start_page_get_error (page), "from-a-file"));
  g_assert_false (oc_start_page_submit (page));

  g_assert_no_errno (g_chmod (path, 0600));
  g_assert_true (oc_start_page_load_token_file (page, file));
  g_assert_null (oc_start_page_get_error (page));
  /* The field holds it: connecting needs nothing more. */
  g_assert_true (oc_start_page_submit (page));

  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* The client reports drops with g_message; they are expected here. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/window/actions-per-status", test_actions_per_status);
  ADD ("/window/bulk-force-close", test_bulk_force_close);
  ADD ("/window/bulk-assign-queue", test_bulk_assign_queue);
  ADD ("/window/sign-out", test_sign_out);
  ADD ("/window/enter-opens-monitor", test_enter_opens_monitor);
  ADD ("/window/says-catching-up", test_says_catching_up);
  ADD ("/window/says-throttled", test_says_throttled);
  ADD ("/window/viewer-watches-only", test_viewer_watches_only);
  ADD ("/window/supervisor-signed-in", test_supervisor_signed_in);
  ADD ("/window/wrong-token", test_wrong_token);
  ADD ("/window/unreachable", test_unreachable);
  ADD ("/window/unreachable-from-settings", test_unreachable_from_settings);
  ADD ("/window/server-gone", test_server_gone);
  ADD ("/window/focus-order", test_focus_order);
#undef ADD
  g_test_add_func ("/window/about-and-keys", test_about_and_keys);
  g_test_add_func ("/window/start-page-token-file", test_start_page_token_file);
  g_test_add_func ("/window/remembers-size", test_remembers_size);
  g_test_add_func ("/window/private-ca", test_private_ca);

  return g_test_run ();
}
