// SPDX-License-Identifier: GPL-3.0-or-later
/* The console window over a Dynamics 365 organisation (a fake one on
 * 127.0.0.1, with the documented table names): the report fills from it, the
 * header says how fresh polled data is, and what Dataverse cannot do from
 * here is explained and handed to the Customer Service workspace instead of
 * failing silently. Needs a display (suite "ui"). */
#include "config.h"

#include <gtk/gtk.h>
#include <libsoup/soup.h>

#include "oc-test-util.h"
#include "widget-test-util.h"

#include "dataverse-floor.h"
#include "fake-dataverse-metadata.h"
#include "fake-entra.h"
#include "oc-action-dialog-private.h"
#include "oc-force-close-dialog-private.h"
#include "oc-backend.h"
#include "oc-dataverse-source.h"
#include "oc-filter-bar.h"
#include "oc-filter-button.h"
#include "oc-monitor-pane-private.h"
#include "oc-open-uri.h"
#include "oc-report.h"
#include "oc-report-cell.h"
#include "oc-window-private.h"

#define TOKEN "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.window.token"

typedef struct {
  FakeDataverse *fake;
  OcWindow      *window;
} Fixture;

static GPtrArray *opened_uris;
static gboolean   browser_works = TRUE;

static gboolean
record_uri (const char *uri)
{
  g_ptr_array_add (opened_uris, g_strdup (uri));
  return browser_works;
}

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

static OcConversationStore *
store_of (Fixture *f)
{
  return oc_source_get_store (oc_window_get_source (f->window));
}

static gboolean
is_live (Fixture *f)
{
  OcSource *source = oc_window_get_source (f->window);

  return source != NULL && oc_source_get_state (source) == OC_SOURCE_STATE_LIVE &&
         g_strcmp0 (oc_window_get_page (f->window), "report") == 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  oc_test_reset_settings (APP_ID);
  g_ptr_array_set_size (opened_uris, 0);
  browser_works = TRUE;

  f->fake = fake_dataverse_new (TOKEN);
  dataverse_floor_build (f->fake);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    /* The shortest poll the schema allows, so changes show within 2 s. */
    g_settings_set_uint (settings, "dataverse-poll-seconds", 2);
    /* The other tests pick rows of every queue. */
    g_settings_set_boolean (settings, "start-with-my-queues", GPOINTER_TO_INT (data));
  }

  f->window = oc_window_new (NULL);
  gtk_window_present (GTK_WINDOW (f->window));
  /* A loopback org has no *.dynamics.com name: say what it is, as --dataverse does. */
  oc_window_set_dataverse_url (f->window, fake_dataverse_get_url (f->fake));
  oc_window_connect (f->window, fake_dataverse_get_url (f->fake), TOKEN, FALSE);
  wait_for (f, is_live, "the Dynamics 365 report to go live");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (OC_IS_ACTION_DIALOG (l->data))
      gtk_window_destroy (l->data);
  g_list_free (toplevels);
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  fake_dataverse_free (f->fake);
}

static void
select_conversation (Fixture    *f,
                     const char *id)
{
  OcConversation *c = oc_conversation_store_lookup (store_of (f), id);

  g_assert_nonnull (c);
  g_assert_true (oc_report_select (oc_window_get_report (f->window), c));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static OcActionDialog *
find_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  OcActionDialog *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (OC_IS_ACTION_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
dialog_gone (Fixture *f)
{
  return find_dialog () == NULL;
}

static OcForceCloseDialog *
find_force_close (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  OcForceCloseDialog *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (OC_IS_FORCE_CLOSE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
force_close_gone (Fixture *f)
{
  return find_force_close () == NULL;
}

/* The workspace address of a conversation, as the source builds it. */
static void
assert_workspace_uri (Fixture    *f,
                      guint       index,
                      const char *id)
{
  g_autofree char *tail = g_strconcat ("etn=msdyn_ocliveworkitem&id=", id, NULL);
  const char *uri;

  g_assert_cmpuint (opened_uris->len, >, index);
  uri = g_ptr_array_index (opened_uris, index);
  g_assert_true (g_str_has_prefix (uri, fake_dataverse_get_url (f->fake)));
  g_assert_nonnull (strstr (uri, tail));
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  GPtrArray *rows = fake_dataverse_get_rows (f->fake, "msdyn_ocliveworkitems");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint expected = 0;

  g_assert_true (OC_IS_DATAVERSE_SOURCE (oc_window_get_source (f->window)));

  /* Every open conversation of the last 72 hours (the dashboards' window for
   * one still open), and no other. */
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (json_object_get_string_member (row, "createdon"), NULL);

      if (json_object_get_int_member (row, "statecode") == 0 &&
          now - g_date_time_to_unix (created) < 72 * 3600)
        expected++;
    }
  g_assert_cmpuint (expected, >, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store_of (f))), ==, expected);
  g_assert_nonnull (oc_conversation_store_lookup (store_of (f), C1));

  /* Polled, not pushed: the header says how fresh it is. */
  g_assert_true (g_str_has_prefix (oc_window_get_status_text (f->window), "Updated every 2 s, last at "));
  g_assert_null (oc_window_get_banner (f->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->workspace_button)));

  /* The header names the organisation, and who is signed in as what (the
   * org's systemuser and its Omnichannel supervisor role, #18 point 6). */
  {
    g_autofree char *subtitle = g_strconcat ("Dynamics 365 · ",
                                             fake_dataverse_get_url (f->fake) + strlen ("http://"),
                                             " · Sam Supervisor, supervisor", NULL);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->subtitle_label)));
    g_assert_cmpstr (gtk_label_get_text (f->window->subtitle_label), ==, subtitle);
  }
}

/* Actions off (the default): the dialog still opens, says why it cannot
 * act, and offers the workspace; nothing reaches the org. */
static void
test_assign_offers_workspace (Fixture       *f,
                              gconstpointer  data)
{
  OcActionDialog *dialog;

  select_conversation (f, C1);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (f->window->assign_button)));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.assign", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);

  g_assert_cmpstr (_oc_action_dialog_get_message_title (dialog), ==, "Assign in the Dynamics 365 workspace");
  g_assert_true (oc_action_dialog_get_blocked (dialog));
  /* Confirming does nothing: the action is off. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.confirm", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (oc_action_dialog_get_busy (dialog));
  g_assert_true (find_dialog () == dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.open-workspace", NULL));
  wait_for (f, dialog_gone, "the dialog to close once the workspace opened");
  assert_workspace_uri (f, 0, C1);
  g_assert_cmpuint (fake_dataverse_get_actions (f->fake)->len, ==, 0);

  /* The same from the action bar, for any selected conversation. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.open-workspace", NULL));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_workspace_uri (f, 1, C1);
}

/* No browser: the address is shown so it can be opened by hand. */
static void
test_no_browser (Fixture       *f,
                 gconstpointer  data)
{
  OcForceCloseDialog *dialog;

  browser_works = FALSE;
  select_conversation (f, C1);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.force-close", NULL);
  dialog = find_force_close ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (_oc_force_close_dialog_get_message_title (dialog), ==, "Close in the Dynamics 365 workspace");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "force-close"));

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "workspace");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (find_force_close () == dialog);
  g_assert_cmpstr (_oc_force_close_dialog_get_message_title (dialog), ==, "No web browser opened");
  g_assert_nonnull (strstr (_oc_force_close_dialog_get_message_text (dialog), g_ptr_array_index (opened_uris, 0)));

  /* The window says it too. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.open-workspace", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_nonnull (oc_report_get_toast (oc_window_get_report (f->window)));
  g_assert_true (g_str_has_prefix (oc_report_get_toast (oc_window_get_report (f->window)),
                                   "The workspace could not be opened"));
}

static gboolean
no_force_close_running (Fixture *f)
{
  OcForceCloseDialog *dialog = find_force_close ();

  return dialog == NULL || !_oc_force_close_dialog_get_busy (dialog);
}

/* Actions on: Force close calls the org's message; when the org refuses,
 * its reason shows with the workspace a button away. */
static void
test_force_close_through_org (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GPtrArray *actions = fake_dataverse_get_actions (f->fake);
  OcForceCloseDialog *dialog;

  g_settings_set_boolean (settings, "dataverse-actions-enabled", TRUE);
  g_assert_true (oc_source_can (oc_window_get_source (f->window), OC_SOURCE_CAN_FORCE_CLOSE));

  select_conversation (f, C4);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.force-close", NULL);
  dialog = find_force_close ();
  g_assert_nonnull (dialog);
  g_assert_null (_oc_force_close_dialog_get_message_title (dialog));
  g_assert_false (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "workspace"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "force-close");
  g_assert_true (_oc_force_close_dialog_get_busy (dialog));
  wait_for (f, no_force_close_running, "the org to answer");
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (actions, 0), ==, "CCaaS_ForceCloseConversation " C4 " {}");
  g_assert_null (find_force_close ());

  fake_dataverse_refuse_actions (f->fake, TRUE);
  select_conversation (f, C2);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.force-close", NULL);
  dialog = find_force_close ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "force-close");
  wait_for (f, no_force_close_running, "the org to refuse");
  g_assert_true (find_force_close () == dialog);
  g_assert_true (g_str_has_prefix (_oc_force_close_dialog_get_message_title (dialog), "The server refused: "));
  g_assert_nonnull (strstr (_oc_force_close_dialog_get_message_title (dialog), "not in a state that allows"));
  g_assert_cmpuint (opened_uris->len, ==, 0);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "workspace"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "workspace");
  wait_for (f, force_close_gone, "the dialog to close once the workspace opened");
  assert_workspace_uri (f, 0, C2);
}

static gboolean
force_close_explained (Fixture *f)
{
  const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->force_close_button));

  return is_live (f) && tooltip != NULL && g_str_has_prefix (tooltip, "This organisation has no ");
}

/* Each action button says why the org does not take it: with actions off,
 * that they are off; with them on, what the org's $metadata lacks (#20). */
static void
test_actions_explained (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *off = "Actions on Dynamics 365 are off; turn them on in the preferences, "
                    "or use the Customer Service workspace.";

  select_conversation (f, C1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->assign_button)), ==, off);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->transfer_button)), ==, off);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->force_close_button)), ==, off);

  /* Turned on: each is offered, with its own tooltip. */
  g_settings_set_boolean (settings, "dataverse-actions-enabled", TRUE);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->assign_button)), ==,
                   "Give the conversation to an agent or another queue (Ctrl+Shift+A)");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->force_close_button)), ==,
                   "End the conversation for everyone (Ctrl+Shift+Delete)");

  /* An org whose transfer lacks AgentId and that has no force close. */
  fake_dataverse_set_metadata (f->fake, fake_dataverse_metadata_document (FAKE_DATAVERSE_METADATA_MISSING_PARAMETER));
  oc_window_connect (f->window, fake_dataverse_get_url (f->fake), TOKEN, FALSE);
  wait_for (f, force_close_explained, "the force close button to say what the org lacks");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->force_close_button)), ==,
                   "This organisation has no CCaaS_ForceCloseConversation action, which this console sends; "
                   "use the Customer Service workspace.");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->transfer_button)), ==,
                   "This organisation’s CCaaS_InitiateAgentTransferBySupervisor action takes no AgentId "
                   "parameter, which this console sends; use the Customer Service workspace.");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->assign_button)), ==,
                   "Give the conversation to an agent or another queue (Ctrl+Shift+A)");
  /* Read out too, not only hovered. */
  gtk_test_accessible_assert_property (f->window->force_close_button, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->force_close_button)));

  /* The dialog says the same, not that actions are off. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store_of (f))); i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (store_of (f)), i);

      if (oc_conversation_get_status (c) == OC_STATUS_ACTIVE && oc_conversation_get_agent_id (c) != NULL)
        {
          select_conversation (f, oc_conversation_get_id (c));
          break;
        }
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.transfer", NULL));
  g_assert_nonnull (find_dialog ());
  g_assert_cmpstr (_oc_action_dialog_get_message_text (find_dialog ()), ==,
                   gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->transfer_button)));
}

static gboolean
bulk_close_explained (Fixture *f)
{
  const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->force_close_button));

  return is_live (f) && oc_report_get_n_selected (oc_window_get_report (f->window)) == 2 &&
         tooltip != NULL && g_str_has_prefix (tooltip, "This organisation has no ");
}

static void
select_two (Fixture *f)
{
  OcReport *report = oc_window_get_report (f->window);
  GtkSelectionModel *selection = gtk_column_view_get_model (oc_report_get_column_view (report));
  OcConversationView *view = oc_report_get_view (report);

  g_assert_true (gtk_selection_model_select_item (selection, oc_conversation_view_get_position (
                   view, oc_conversation_store_lookup (store_of (f), C1)), TRUE));
  g_assert_true (gtk_selection_model_select_item (selection, oc_conversation_view_get_position (
                   view, oc_conversation_store_lookup (store_of (f), C2)), FALSE));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (oc_report_get_n_selected (report), ==, 2);
}

/* Bulk Assign and Force close are offered only when the org takes them: no
 * dialog would explain a refusal per row, so the button is insensitive and
 * says why (#21). */
static void
test_bulk_needs_capabilities (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *off = "Actions on Dynamics 365 are off; turn them on in the preferences, "
                    "or use the Customer Service workspace.";

  select_two (f);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f->window->assign_button)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f->window->force_close_button)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->assign_button)), ==, off);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->window->force_close_button)), ==, off);

  g_settings_set_boolean (settings, "dataverse-actions-enabled", TRUE);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (f->window->assign_button)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (f->window->force_close_button)));

  /* An org without CCaaS_ForceCloseConversation: Assign stays, Force close goes. */
  fake_dataverse_set_metadata (f->fake, fake_dataverse_metadata_document (FAKE_DATAVERSE_METADATA_MISSING_PARAMETER));
  oc_window_connect (f->window, fake_dataverse_get_url (f->fake), TOKEN, FALSE);
  wait_for (f, is_live, "the report to go live again");
  select_two (f);
  wait_for (f, bulk_close_explained, "the force close button to say what the org lacks");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f->window->force_close_button)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (f->window->assign_button)));
}

static gboolean
transcript_settled (Fixture *f)
{
  OcMonitorPane *pane = OC_MONITOR_PANE (oc_window_get_monitor_pane (f->window));

  return pane != NULL && pane->transcript != NULL &&
         oc_transcript_get_state (pane->transcript) != OC_TRANSCRIPT_STATE_CONNECTING;
}

/* Monitor shows what the org keeps, says it is not live, and offers the
 * workspace where Join would be. */
static void
test_monitor_not_live (Fixture       *f,
                       gconstpointer  data)
{
  OcMonitorPane *pane;

  select_conversation (f, C2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.monitor", NULL));
  /* The pane is there without a reveal animation: libadwaita 1.2's first
   * one, of a flap not yet allocated, lays the window out with NaN widths
   * (see oc-window.ui). */
  g_assert_cmpfloat (adw_flap_get_reveal_progress (f->window->flap), ==, 1.0);
  wait_for (f, transcript_settled, "the saved transcript to load");
  pane = OC_MONITOR_PANE (oc_window_get_monitor_pane (f->window));

  g_assert_true (gtk_revealer_get_reveal_child (pane->banner_revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (pane->banner_label), "does not stream live messages"));
  g_assert_null (strstr (gtk_label_get_text (pane->banner_label), "has ended"));
  g_assert_false (gtk_widget_get_visible (pane->join_button));
  g_assert_true (gtk_widget_get_visible (pane->workspace_button));
  g_assert_nonnull (strstr (gtk_label_get_text (pane->hint_label), "open the conversation in the workspace"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "monitor.open-workspace", NULL));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_workspace_uri (f, 0, C2);
}

/* The shown wait cell of conversation @id, if any. */
static OcReportCell *
find_wait_cell (Fixture    *f,
                const char *id)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  collect_report_cells (GTK_WIDGET (oc_report_get_column_view (oc_window_get_report (f->window))), cells);
  for (guint i = 0; i < cells->len; i++)
    if (oc_report_cell_get_column (cells->pdata[i]) == OC_REPORT_COLUMN_WAIT &&
        g_strcmp0 (oc_conversation_get_id (oc_report_cell_get_conversation (cells->pdata[i])), id) == 0)
      return cells->pdata[i];
  return NULL;
}

static gboolean
wait_cells_shown (Fixture *f)
{
  return find_wait_cell (f, C2) != NULL && find_wait_cell (f, C3) != NULL;
}

/* A wait Dynamics 365 does not store is the console's estimate: the cell
 * marks it, and says why to the pointer and to a screen reader. */
static void
test_approximate_times (Fixture       *f,
                        gconstpointer  data)
{
  OcReportCell *cell;
  const char *tooltip;

  wait_for (f, wait_cells_shown, "the wait cells of C2 and C3");

  /* C3 waits again after its first wait, and the floor stores no
   * msdyn_statusupdatedon: its spell's start is a guess. */
  cell = find_wait_cell (f, C3);
  tooltip = oc_report_cell_get_tooltip (cell);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "Approximate: Dynamics 365 stores no start for this waiting spell"));
  g_assert_true (g_str_has_prefix (oc_report_cell_get_text (cell), "≈ "));
  gtk_test_accessible_assert_property (gtk_widget_get_parent (GTK_WIDGET (cell)),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip);

  /* C2's first wait ended with its agent's acceptance: exact. */
  cell = find_wait_cell (f, C2);
  tooltip = oc_report_cell_get_tooltip (cell);
  g_assert_true (tooltip == NULL || strstr (tooltip, "Approximate") == NULL);
  g_assert_false (g_str_has_prefix (oc_report_cell_get_text (cell), "≈"));
}

#define C_CALL "0e000000-0000-0000-0000-000000000010"

static gboolean
call_shown (Fixture *f)
{
  return oc_conversation_store_lookup (store_of (f), C_CALL) != NULL;
}

/* A call's transcript is not available from outside Dynamics 365: the
 * monitor says so and why, instead of an empty transcript. */
static void
test_monitor_voice (Fixture       *f,
                    gconstpointer  data)
{
  OcMonitorPane *pane;

  dataverse_floor_add_conversation (f->fake, C_CALL, 0, 2, 300, WS_VOICE, Q_SUPPORT, U_ANA, 200, 10, NULL);
  wait_for (f, call_shown, "the call to be polled in");
  select_conversation (f, C_CALL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "conversation.monitor", NULL));
  wait_for (f, transcript_settled, "the call's transcript to settle");
  pane = OC_MONITOR_PANE (oc_window_get_monitor_pane (f->window));

  g_assert_true (gtk_revealer_get_reveal_child (pane->banner_revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (pane->banner_label),
                            "Dynamics 365 does not make this call's transcript available to other apps"));
  g_assert_nonnull (strstr (gtk_label_get_text (pane->banner_label), "does not publish the format"));
  g_assert_true (gtk_widget_get_visible (pane->workspace_button));
}

/* Which addresses are Dynamics 365, and what the start page says of them. */
static void
test_recognise_org (void)
{
  OcStartPage *page;

  g_assert_true (oc_backend_is_dataverse_url ("https://contoso.crm.dynamics.com"));
  g_assert_true (oc_backend_is_dataverse_url ("https://Contoso.CRM4.Dynamics.com/"));
  g_assert_true (oc_backend_is_dataverse_url ("https://gov.crm9.microsoftdynamics.us"));
  g_assert_false (oc_backend_is_dataverse_url ("https://cc.example.com"));
  g_assert_false (oc_backend_is_dataverse_url ("https://evil-dynamics.com"));
  g_assert_false (oc_backend_is_dataverse_url ("https://crm.dynamics.com.evil.example"));
  g_assert_false (oc_backend_is_dataverse_url ("not a url"));
  g_assert_false (oc_backend_is_dataverse_url (NULL));

  page = g_object_ref_sink (oc_start_page_new ());
  g_assert_null (oc_start_page_get_hint (page));
  oc_start_page_set_url (page, "contoso.crm4.dynamics.com");
  g_assert_nonnull (oc_start_page_get_hint (page));
  g_assert_nonnull (strstr (oc_start_page_get_hint (page),
                            "az account get-access-token --resource https://contoso.crm4.dynamics.com"));
  oc_start_page_set_url (page, "cc.example.com");
  g_assert_null (oc_start_page_get_hint (page));
  g_object_unref (page);
}

static gboolean
has_banner (Fixture *f)
{
  return oc_window_get_banner (f->window) != NULL;
}

/* Entra ID tokens last about an hour: when the org stops accepting it, the
 * report stays with its time, and signing in again (the same address, a new
 * token) reconnects to the same organisation. */
static void
test_token_expires (Fixture       *f,
                    gconstpointer  data)
{
  OcConversation *c1 = oc_conversation_store_lookup (store_of (f), C1);
  g_autofree char *url = g_strdup (fake_dataverse_get_url (f->fake));

  g_assert_nonnull (c1);
  fake_dataverse_set_token (f->fake, "renewed-token");
  wait_for (f, has_banner, "the expired token to show");
  g_assert_cmpint (oc_source_get_state (oc_window_get_source (f->window)), ==, OC_SOURCE_STATE_AUTH_FAILED);
  g_assert_true (g_str_has_prefix (oc_window_get_banner (f->window),
                                   "The server no longer accepts the access token. Data as of "));
  /* Nothing lost while it says so. */
  g_assert_cmpstr (oc_window_get_page (f->window), ==, "report");
  g_assert_true (oc_conversation_store_lookup (store_of (f), C1) == c1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "connection.disconnect", NULL));
  g_assert_cmpstr (oc_window_get_page (f->window), ==, "start");
  g_assert_cmpstr (oc_start_page_get_url (f->window->start_page), ==, url);

  oc_window_connect (f->window, url, "renewed-token", FALSE);
  wait_for (f, is_live, "the report to come back with the new token");
  g_assert_true (OC_IS_DATAVERSE_SOURCE (oc_window_get_source (f->window)));
  g_assert_nonnull (oc_conversation_store_lookup (store_of (f), C1));
  g_assert_null (oc_window_get_banner (f->window));
}

typedef struct {
  Fixture       *f;
  FakeEntra     *entra;
  gint64         heard_before;
  guint          fewest_rows;
  gboolean       left_live;
} SignIn;

/* From dialogs-test-util.h, whose wait_for() is not this file's. */
GtkWidget *find_label_with_text (GtkWidget  *widget,
                                 const char *text);

/* The label showing @text, as a person or a screen reader finds it. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  GtkWidget *label = find_label_with_text (widget, text);

  return label != NULL && gtk_widget_is_drawable (label) ? label : NULL;
}

static gboolean
code_shown (SignIn *s)
{
  return find_label (GTK_WIDGET (s->f->window->start_page), FAKE_ENTRA_USER_CODE) != NULL;
}

static gboolean
renewed_and_polled (SignIn *s)
{
  return g_strcmp0 (fake_entra_get_access_token (s->entra), "access-2") == 0 &&
         oc_source_get_last_event_time (oc_window_get_source (s->f->window)) > s->heard_before;
}

static void
rows_changed_cb (GListModel *store,
                 guint       position,
                 guint       removed,
                 guint       added,
                 SignIn     *s)
{
  s->fewest_rows = MIN (s->fewest_rows, g_list_model_get_n_items (store));
}

static void
state_cb (OcSource   *source,
          GParamSpec *pspec,
          SignIn     *s)
{
  if (oc_source_get_state (source) != OC_SOURCE_STATE_LIVE)
    s->left_live = TRUE;
}

/* Sign In with Microsoft from the start page against the fake authority:
 * the code is shown (and read out by its accessible name) with the link,
 * the report loads with the token it gives, an expired token is renewed
 * without the report emptying or the state leaving live, and Sign Out
 * forgets the refresh token (#20). */
static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OcEntraSignIn) sign_in = NULL;
  OcStartPage *page = f->window->start_page;
  SignIn s = { f, fake_entra_new (), 0, G_MAXUINT, FALSE };
  OcSource *source;
  guint n;

  g_settings_set_string (settings, "entra-authority", fake_entra_get_url (s.entra));
  /* The user takes their time: the code stays up until they signed in. */
  fake_entra_set_script (s.entra, 1000, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "connection.disconnect", NULL));
  g_assert_cmpstr (oc_window_get_page (f->window), ==, "start");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Sign In with Microsoft"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "start.sign-in", NULL));
  wait_for ((Fixture *) &s, (Condition) code_shown, "the sign-in code");
  {
    GtkWidget *code = find_label (GTK_WIDGET (page), FAKE_ENTRA_USER_CODE);

    gtk_test_accessible_assert_property (code, GTK_ACCESSIBLE_PROPERTY_LABEL, "Sign-in code: " FAKE_ENTRA_USER_CODE);
    g_assert_true (gtk_label_get_selectable (GTK_LABEL (code)));
    /* Copied, to paste on Microsoft's page. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "start.copy-code", NULL));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "start.open-verification", NULL));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (opened_uris->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (opened_uris, 0), ==, "https://microsoft.com/devicelogin");
  {
    const char *request = g_ptr_array_index (fake_entra_get_requests (s.entra), 0);
    g_autoptr(GHashTable) form = soup_form_decode (strchr (request, ' ') + 1);
    g_autofree char *scope = g_strconcat (fake_dataverse_get_url (f->fake),
                                          "/user_impersonation offline_access", NULL);

    /* The documented defaults: Microsoft's Dataverse client, for this org. */
    g_assert_true (g_str_has_prefix (request, "devicecode "));
    g_assert_cmpstr (g_hash_table_lookup (form, "scope"), ==, scope);
    g_assert_cmpstr (g_hash_table_lookup (form, "client_id"), ==, "51f81489-12ee-4a9e-aaae-a2591f45987d");
  }

  /* Signed in on Microsoft's page: the org takes that token. */
  fake_dataverse_set_token (f->fake, "access-1");
  fake_entra_set_script (s.entra, 0, 0);
  wait_for (f, is_live, "the report to load with the signed-in token");
  g_assert_nonnull (f->window->sign_in);
  sign_in = g_object_ref (f->window->sign_in);
  g_assert_cmpstr (oc_entra_sign_in_get_refresh_token (sign_in), ==, "refresh-1");
  source = oc_window_get_source (f->window);
  n = g_list_model_get_n_items (G_LIST_MODEL (store_of (f)));
  g_assert_cmpuint (n, >, 0);

  /* The token expires: the org takes only a newer one. */
  g_signal_connect (store_of (f), "items-changed", G_CALLBACK (rows_changed_cb), &s);
  g_signal_connect (source, "notify::state", G_CALLBACK (state_cb), &s);
  s.heard_before = oc_source_get_last_event_time (source);
  fake_dataverse_set_token (f->fake, "access-2");
  wait_for ((Fixture *) &s, (Condition) renewed_and_polled, "the token to be renewed and the report polled");
  g_assert_false (s.left_live);
  g_assert_true (s.fewest_rows == G_MAXUINT || s.fewest_rows >= n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store_of (f))), ==, n);
  g_assert_null (oc_window_get_banner (f->window));
  g_assert_cmpstr (oc_entra_sign_in_get_refresh_token (sign_in), ==, "refresh-2");
  g_signal_handlers_disconnect_by_data (store_of (f), &s);
  g_signal_handlers_disconnect_by_data (source, &s);

  /* Sign Out forgets it, in memory as in the keyring. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "connection.sign-out", NULL));
  g_assert_cmpstr (oc_window_get_page (f->window), ==, "start");
  g_assert_null (f->window->sign_in);
  g_assert_null (oc_entra_sign_in_get_refresh_token (sign_in));
  fake_entra_free (s.entra);
}

/* Microsoft's report is prefiltered to the supervisor's queues: the fake's
 * supervisor is a member of Support, so the report starts there, says so,
 * and the filter is the user's to clear. */
static void
test_my_queues (Fixture       *f,
                gconstpointer  data)
{
  OcFilterButton *queues = oc_filter_bar_get_button (oc_window_get_filter_bar (f->window), OC_FILTER_QUEUE);
  OcReport *report = oc_window_get_report (f->window);
  GListModel *rows;

  g_assert_nonnull (oc_filter_button_get_selected (queues)[0]);
  g_assert_cmpstr (oc_filter_button_get_selected (queues)[0], ==, Q_SUPPORT);
  g_assert_null (oc_filter_button_get_selected (queues)[1]);
  g_assert_cmpstr (oc_report_get_toast (report), ==, "Showing the queue you are a member of");

  rows = G_LIST_MODEL (oc_report_get_view (report));
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(OcConversation) conversation = g_list_model_get_item (rows, i);

      g_assert_cmpstr (oc_conversation_get_queue_id (conversation), ==, Q_SUPPORT);
    }

  oc_filter_button_set_selected (queues, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (store_of (f))));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  opened_uris = g_ptr_array_new_with_free_func (g_free);
  oc_open_uri_set_test_handler (record_uri);

  g_test_add_func ("/window-dataverse/recognise-org", test_recognise_org);
#define ADD(path, fn) g_test_add ("/window-dataverse/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("report", test_report);
  ADD ("assign-offers-workspace", test_assign_offers_workspace);
  ADD ("no-browser", test_no_browser);
  ADD ("force-close-through-org", test_force_close_through_org);
  ADD ("monitor-not-live", test_monitor_not_live);
  ADD ("token-expires", test_token_expires);
  ADD ("actions-explained", test_actions_explained);
  ADD ("bulk-needs-capabilities", test_bulk_needs_capabilities);
  ADD ("sign-in", test_sign_in);
  ADD ("approximate-times", test_approximate_times);
  ADD ("monitor-voice", test_monitor_voice);
#undef ADD
  g_test_add ("/window-dataverse/my-queues", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_my_queues,
              fixture_teardown);

  return g_test_run ();
}
