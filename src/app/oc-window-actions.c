// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-assign-dialog.h"
#include "oc-audit-window.h"
#include "oc-bulk-action.h"
#include "oc-force-close-dialog.h"
#include "oc-monitor-pane.h"
#include "oc-open-uri.h"
#include "oc-transfer-dialog.h"
#include "oc-window-private.h"

/* The header says which floor and who is signed in, as what: a viewer
 * otherwise only sees buttons greyed out. */
static void
update_signed_in (OcWindow *self)
{
  const char *user = self->source != NULL ? oc_source_get_user (self->source) : NULL;
  OcRole role = self->source != NULL ? oc_source_get_role (self->source) : OC_ROLE_UNKNOWN;
  g_autofree char *text = NULL;

  if (self->floor_subtitle == NULL)
    return;

  if (user == NULL || user[0] == '\0')
    text = g_strdup (self->floor_subtitle);
  else if (role == OC_ROLE_VIEWER)
    /* Translators: the floor ("Demo floor on this computer" or a host), then
     * who is signed in; a viewer can watch but not act. */
    text = g_strdup_printf (_("%s · %s, viewer"), self->floor_subtitle, user);
  else if (role == OC_ROLE_SUPERVISOR)
    /* Translators: the floor, then who is signed in as a supervisor. */
    text = g_strdup_printf (_("%s · %s, supervisor"), self->floor_subtitle, user);
  else
    text = g_strdup_printf (_("%s · %s"), self->floor_subtitle, user);

  gtk_label_set_text (self->subtitle_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->subtitle_label),
                               role == OC_ROLE_VIEWER
                               ? _("Signed in with a viewer account: you can watch conversations but not act on them.")
                               : NULL);
}

/* A disabled button says why when the reason is the account, not the
 * conversation; otherwise it keeps its own tooltip from the template. */
static void
explain_button (GtkWidget  *button,
                const char *why)
{
  const char *own = g_object_get_data (G_OBJECT (button), "oc-own-tooltip");

  if (own == NULL)
    {
      g_object_set_data_full (G_OBJECT (button), "oc-own-tooltip",
                              g_strdup (gtk_widget_get_tooltip_text (button)), g_free);
      own = g_object_get_data (G_OBJECT (button), "oc-own-tooltip");
    }

  gtk_widget_set_tooltip_text (button, why != NULL ? why : own);
  if (why != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* Why the backend does not take @capability (Dynamics 365 with its actions
 * off, or an org whose $metadata lacks the action), or NULL. The button stays:
 * its dialog says the same and offers the workspace. */
static const char *
why_backend_lacks (OcWindow             *self,
                   OcSourceCapabilities  capability)
{
  if (self->source == NULL || oc_source_can (self->source, capability))
    return NULL;
  return oc_source_get_unavailable_reason (self->source, capability);
}

/* What may be done with the selected conversation, per the seed's rules:
 * open → Assign, Force close; active/waiting → Transfer, Monitor, Force close;
 * wrap-up → Monitor, Force close. A viewer may only watch (the server lets a
 * viewer read a transcript, not act), and nothing is offered while the
 * connection is down (the server would not hear it). */
void
_oc_window_update_actions (OcWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  OcConversation *c = self->watched;
  OcSourceState state = self->source ? oc_source_get_state (self->source) : OC_SOURCE_STATE_IDLE;
  gboolean live = state == OC_SOURCE_STATE_LIVE;
  gboolean viewer = self->source != NULL && oc_source_get_role (self->source) == OC_ROLE_VIEWER;
  gboolean may_watch = live && c != NULL;
  gboolean may_act = may_watch && oc_source_get_role (self->source) == OC_ROLE_SUPERVISOR;
  const char *why_not = viewer ? _("Viewers can watch but not act. Sign in with a supervisor account to act.") : NULL;
  OcStatus status = c ? oc_conversation_get_status (c) : OC_STATUS_UNKNOWN;
  gboolean has_agent = c != NULL && oc_conversation_get_agent_id (c) != NULL;
  /* Several rows: only what makes sense for each of them at once. */
  gboolean several = oc_report_get_n_selected (self->report) > 1;
  gboolean may_act_bulk = several && live && oc_source_get_role (self->source) == OC_ROLE_SUPERVISOR;
  const char *why_not_bulk = several ? _("Select one conversation for this. With several selected you can assign them to a queue or force-close them.") : NULL;
  /* With several, no dialog would say per row why the backend refuses:
   * only what it takes is offered, the button saying why not. */
  gboolean bulk_assign = may_act_bulk && why_backend_lacks (self, OC_SOURCE_CAN_ASSIGN) == NULL;
  gboolean bulk_close = may_act_bulk && why_backend_lacks (self, OC_SOURCE_CAN_FORCE_CLOSE) == NULL;
  gboolean workspace;

  gtk_widget_action_set_enabled (widget, "conversation.assign",
                                 several ? bulk_assign : may_act && status == OC_STATUS_OPEN);
  gtk_widget_action_set_enabled (widget, "conversation.transfer",
                                 may_act && has_agent &&
                                 (status == OC_STATUS_ACTIVE || status == OC_STATUS_WAITING));
  gtk_widget_action_set_enabled (widget, "conversation.monitor",
                                 (may_act || (viewer && may_watch)) &&
                                 ((status == OC_STATUS_ACTIVE && has_agent) ||
                                  status == OC_STATUS_WAITING || status == OC_STATUS_WRAP_UP));
  gtk_widget_action_set_enabled (widget, "conversation.force-close",
                                 several ? bulk_close
                                 : may_act && status != OC_STATUS_UNKNOWN && oc_status_is_live (status));

  explain_button (GTK_WIDGET (self->assign_button),
                  why_not != NULL ? why_not : why_backend_lacks (self, OC_SOURCE_CAN_ASSIGN));
  explain_button (GTK_WIDGET (self->transfer_button),
                  why_not != NULL ? why_not
                  : why_not_bulk != NULL ? why_not_bulk
                  : why_backend_lacks (self, OC_SOURCE_CAN_TRANSFER));
  explain_button (GTK_WIDGET (self->force_close_button),
                  why_not != NULL ? why_not : why_backend_lacks (self, OC_SOURCE_CAN_FORCE_CLOSE));
  explain_button (GTK_WIDGET (self->monitor_button), why_not_bulk);
  update_signed_in (self);

  /* Dynamics 365: its own web workspace does what this console cannot. */
  workspace = self->source != NULL && oc_source_can (self->source, OC_SOURCE_HAS_WORKSPACE);
  gtk_widget_set_visible (GTK_WIDGET (self->workspace_button), workspace);
  gtk_widget_action_set_enabled (widget, "conversation.open-workspace", workspace && c != NULL);
  explain_button (GTK_WIDGET (self->workspace_button), why_not_bulk);

  /* While reconnecting too: "Retry now" skips the rest of the backoff. */
  gtk_widget_action_set_enabled (widget, "connection.retry",
                                 self->source != NULL && !live &&
                                 state != OC_SOURCE_STATE_CONNECTING);
  gtk_widget_action_set_enabled (widget, "connection.disconnect", TRUE);
  gtk_widget_action_set_enabled (widget, "connection.sign-out", self->source != NULL);

  /* The views exist once a floor shows. */
  gtk_widget_action_set_enabled (widget, "view.conversations", self->source != NULL);
  gtk_widget_action_set_enabled (widget, "view.agents", self->source != NULL);
}

static void
action_done_cb (OcWindow       *self,
                const char     *text,
                OcActionDialog *dialog)
{
  oc_report_show_toast (self->report, text);
}

/* The dialog asks and explains a refusal; what was done is said here. */
static void
present_action_dialog (OcWindow  *self,
                       GtkWidget *dialog)
{
  g_signal_connect_object (dialog, "done", G_CALLBACK (action_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void bulk_assign_queue (OcWindow *self);

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OcWindow *self = OC_WINDOW (widget);

  if (oc_report_get_n_selected (self->report) > 1 && self->source != NULL)
    {
      bulk_assign_queue (self);
      return;
    }
  if (self->watched == NULL)
    return;
  present_action_dialog (self, oc_assign_dialog_new (GTK_WINDOW (self), self->source, self->watched));
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OcWindow *self = OC_WINDOW (widget);

  if (self->watched == NULL)
    return;
  present_action_dialog (self, oc_transfer_dialog_new (GTK_WINDOW (self), self->source, self->watched));
}

/* Bulk force close (#21) -------------------------------------------------- */

/* Each conversation's outcome: a toast when all were closed, else a second
 * message dialog that names each refusal with the server's reason. */
static void
bulk_close_finished_cb (OcBulkAction *bulk,
                        OcWindow    *self)
{
  guint done = oc_bulk_action_count (bulk, OC_BULK_OUTCOME_DONE);
  guint refused = oc_bulk_action_count (bulk, OC_BULK_OUTCOME_REFUSED);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (refused == 0)
    {
      g_autofree char *text =
        oc_bulk_action_get_queue_id (bulk) != NULL
        ? g_strdup_printf (g_dngettext (NULL, "%u conversation was assigned to the queue",
                                        "%u conversations were assigned to the queue", done), done)
        : g_strdup_printf (g_dngettext (NULL, "%u conversation was force-closed",
                                        "%u conversations were force-closed", done), done);
      oc_report_show_toast (self->report, text);
      g_object_set_data (G_OBJECT (self), "oc-bulk-action", NULL);
      return;
    }

  for (guint i = 0; i < oc_bulk_action_get_n_items (bulk); i++)
    {
      const char *subject;

      if (oc_bulk_action_get_outcome (bulk, i) != OC_BULK_OUTCOME_REFUSED)
        continue;
      subject = oc_conversation_get_subject (oc_bulk_action_get_conversation (bulk, i));
      /* Translators: a conversation's subject, then why the server refused. */
      g_string_append_printf (list, _("%s: %s\n"),
                              subject != NULL && subject[0] != '\0' ? subject : _("(No subject)"),
                              oc_bulk_action_get_reason (bulk, i));
    }
  g_string_truncate (list, list->len > 0 ? list->len - 1 : 0);

  /* Translators: how many were refused, of how many sent. */
  heading = oc_bulk_action_get_queue_id (bulk) != NULL
    ? g_strdup_printf (g_dngettext (NULL, "%u of %u conversations was not assigned",
                                    "%u of %u conversations were not assigned", refused),
                       refused, done + refused)
    : g_strdup_printf (g_dngettext (NULL, "%u of %u conversations was not closed",
                                    "%u of %u conversations were not closed", refused),
                       refused, done + refused);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, list->str));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  g_object_set_data (G_OBJECT (self), "oc-bulk-action", NULL);
}

static void
bulk_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  OcWindow         *self)
{
  OcBulkAction *bulk = g_object_get_data (G_OBJECT (dialog), "oc-bulk-action");

  if (g_strcmp0 (response, "proceed") != 0 || bulk == NULL)
    return;

  g_object_set_data_full (G_OBJECT (self), "oc-bulk-action", g_object_ref (bulk), g_object_unref);
  g_signal_connect_object (bulk, "finished", G_CALLBACK (bulk_close_finished_cb), self, 0);
  oc_bulk_action_run (bulk);
}

/* A confirmation with Cancel as the default and @proceed_label to act;
 * bulk_confirmation_set() says what it would do. */
static AdwMessageDialog *
bulk_confirmation_new (OcWindow              *self,
                       const char            *proceed_label,
                       AdwResponseAppearance  appearance)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));

  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_add_response (dialog, "proceed", proceed_label);
  adw_message_dialog_set_response_appearance (dialog, "proceed", appearance);
  g_signal_connect_object (dialog, "response", G_CALLBACK (bulk_response_cb), self, 0);
  return dialog;
}

/* @bulk is what Proceed runs: @intro, then how many are skipped and why;
 * Proceed only when some would be acted on. */
static void
bulk_confirmation_set (AdwMessageDialog *dialog,
                       OcBulkAction     *bulk,
                       const char       *heading,
                       const char       *intro,
                       const char       *queue_name)
{
  g_autofree char *skipped = oc_bulk_action_describe_skipped (bulk, queue_name);
  g_autofree char *body = skipped[0] != '\0' ? g_strconcat (intro, " ", skipped, NULL) : g_strdup (intro);

  adw_message_dialog_set_heading (dialog, heading);
  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_set_response_enabled (dialog, "proceed", oc_bulk_action_count (bulk, OC_BULK_OUTCOME_PENDING) > 0);
  g_object_set_data_full (G_OBJECT (dialog), "oc-bulk-action", g_object_ref (bulk), g_object_unref);
}

/* The confirmation names how many are closed and how many skipped, and
 * why; Proceed is not the default. */
static void
bulk_force_close (OcWindow *self)
{
  g_autoptr(GPtrArray) selection = oc_report_get_selection (self->report);
  g_autoptr(OcBulkAction) bulk = oc_bulk_action_new (self->source, selection);
  guint n = oc_bulk_action_count (bulk, OC_BULK_OUTCOME_PENDING);
  g_autofree char *heading = g_strdup_printf (g_dngettext (NULL, "Force close %u conversation?",
                                                           "Force close %u conversations?", n), n);
  AdwMessageDialog *dialog = bulk_confirmation_new (self, _("_Proceed"), ADW_RESPONSE_DESTRUCTIVE);

  bulk_confirmation_set (dialog, bulk, heading,
                         _("Each customer’s session ends at once and they are told that a supervisor ended it. This cannot be undone."),
                         NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
queue_name (OcQueue *queue)
{
  return g_strdup (queue != NULL ? oc_queue_get_name (queue) : NULL);
}

/* Counted again for the queue picked: the open ones not in it go. */
static void
bulk_assign_queue_picked (GtkDropDown *queues,
                          GParamSpec  *pspec,
                          OcWindow    *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (gtk_widget_get_root (GTK_WIDGET (queues)));
  GPtrArray *selection = g_object_get_data (G_OBJECT (queues), "oc-selection");
  OcQueue *queue = gtk_drop_down_get_selected_item (queues);
  g_autoptr(OcBulkAction) bulk = NULL;
  g_autofree char *heading = NULL;
  guint n;

  if (self->source == NULL)
    return;
  bulk = oc_bulk_action_new_assign_queue (self->source, selection, queue != NULL ? oc_queue_get_id (queue) : "-");
  n = oc_bulk_action_count (bulk, OC_BULK_OUTCOME_PENDING);
  heading = g_strdup_printf (g_dngettext (NULL, "Assign %u conversation to a queue?",
                                          "Assign %u conversations to a queue?", n), n);
  bulk_confirmation_set (dialog, bulk, heading, _("Only open conversations can be assigned."),
                         queue != NULL ? oc_queue_get_name (queue) : NULL);
  if (queue == NULL)
    adw_message_dialog_set_response_enabled (dialog, "proceed", FALSE);
}

/* Assign to a queue: the open ones go, the others are counted as skipped. */
static void
bulk_assign_queue (OcWindow *self)
{
  AdwMessageDialog *dialog = bulk_confirmation_new (self, _("_Assign"), ADW_RESPONSE_SUGGESTED);
  GtkWidget *queues;

  queues = gtk_drop_down_new (g_object_ref (oc_conversation_store_get_queues (self->store)),
                              gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                           G_CALLBACK (queue_name), NULL, NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (queues), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Queue"), -1);
  g_object_set_data_full (G_OBJECT (queues), "oc-selection", oc_report_get_selection (self->report),
                          (GDestroyNotify) g_ptr_array_unref);
  adw_message_dialog_set_extra_child (dialog, queues);
  g_signal_connect_object (queues, "notify::selected", G_CALLBACK (bulk_assign_queue_picked), self, 0);
  bulk_assign_queue_picked (GTK_DROP_DOWN (queues), NULL, self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
force_close_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OcWindow *self = OC_WINDOW (widget);

  if (oc_report_get_n_selected (self->report) > 1 && self->source != NULL)
    {
      bulk_force_close (self);
      return;
    }
  if (self->watched == NULL)
    return;
  gtk_window_present (GTK_WINDOW (oc_force_close_dialog_new (GTK_WINDOW (self), self->source, self->watched)));
}

static void
workspace_opened_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OcWindow) self = user_data;
  g_autofree char *problem = oc_open_workspace_problem (result);

  if (problem != NULL)
    oc_report_show_toast (self->report, problem);
}

static void
open_workspace_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OcWindow *self = OC_WINDOW (widget);

  if (self->watched != NULL && self->source != NULL)
    oc_open_workspace_async (widget, self->source, oc_conversation_get_id (self->watched),
                             NULL, workspace_opened_cb, g_object_ref (self));
}

static void monitor_host_set_pane (OcWindow  *self,
                                   GtkWidget *pane);

void
_oc_window_close_monitor (OcWindow *self)
{
  if (self->monitor_pane == NULL)
    return;

  g_signal_group_set_target (self->monitor_pane_signals, NULL);
  self->monitor_pane = NULL;
  monitor_host_set_pane (self, NULL);
}

static void
monitor_close_requested_cb (OcWindow *self)
{
  _oc_window_close_monitor (self);
  gtk_widget_grab_focus (GTK_WIDGET (oc_report_get_column_view (self->report)));
}

#if ADW_CHECK_VERSION (1, 4, 0)
/* Collapsed over the report, a click beside the pane or Escape hides the
 * sidebar: that closes the pane. */
static void
split_view_show_sidebar_cb (OcWindow *self)
{
  if (!adw_overlay_split_view_get_show_sidebar (self->split_view) && self->monitor_pane != NULL)
    monitor_close_requested_cb (self);
}

/* libadwaita 1.4 and later: the pane is the sidebar of an
 * AdwOverlaySplitView around the report, collapsed over it by a breakpoint
 * below 720 sp. The template's flap then only holds the split view. */
static void
monitor_host_init (OcWindow *self)
{
  g_autoptr(GtkWidget) report = g_object_ref (adw_flap_get_content (self->flap));
  GtkWidget *bin = adw_breakpoint_bin_new ();
  AdwBreakpoint *breakpoint;

  adw_flap_set_content (self->flap, NULL);

  self->split_view = ADW_OVERLAY_SPLIT_VIEW (adw_overlay_split_view_new ());
  adw_overlay_split_view_set_sidebar_position (self->split_view, GTK_PACK_END);
  adw_overlay_split_view_set_min_sidebar_width (self->split_view, 300);
  adw_overlay_split_view_set_max_sidebar_width (self->split_view,
                                                g_settings_get_int (self->settings, "monitor-pane-width"));
  adw_overlay_split_view_set_enable_show_gesture (self->split_view, FALSE);
  adw_overlay_split_view_set_show_sidebar (self->split_view, FALSE);
  adw_overlay_split_view_set_content (self->split_view, report);
  g_signal_connect_object (self->split_view, "notify::show-sidebar",
                           G_CALLBACK (split_view_show_sidebar_cb), self, G_CONNECT_SWAPPED);

  breakpoint = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 720sp"));
  adw_breakpoint_add_setters (breakpoint, G_OBJECT (self->split_view), "collapsed", TRUE, NULL);
  /* A breakpoint bin needs a minimum size: the report's, 360 px wide. */
  gtk_widget_set_size_request (bin, 360, 200);
  adw_breakpoint_bin_add_breakpoint (ADW_BREAKPOINT_BIN (bin), breakpoint);
  adw_breakpoint_bin_set_child (ADW_BREAKPOINT_BIN (bin), GTK_WIDGET (self->split_view));
  adw_flap_set_content (self->flap, bin);
}

static void
monitor_host_set_pane (OcWindow  *self,
                       GtkWidget *pane)
{
  adw_overlay_split_view_set_sidebar (self->split_view, pane);
  adw_overlay_split_view_set_show_sidebar (self->split_view, pane != NULL);
}
#else
/* Folded over the report, a click beside the pane or Escape hides the flap:
 * that closes the pane. The flap is revealed again at once, while the pane
 * still gives it a width (see oc-window.ui), ready for the next one. */
static void
flap_reveal_changed_cb (OcWindow *self)
{
  if (adw_flap_get_reveal_flap (self->flap) || self->monitor_pane == NULL)
    return;

  adw_flap_set_reveal_flap (self->flap, TRUE);
  monitor_close_requested_cb (self);
}

/* libadwaita 1.2: the template's AdwFlap, the pane beside the report when
 * both fit and folded over it when not. */
static void
monitor_host_init (OcWindow *self)
{
  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (flap_reveal_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
monitor_host_set_pane (OcWindow  *self,
                       GtkWidget *pane)
{
  adw_flap_set_flap (self->flap, pane);
}
#endif

/* Monitoring opens the pane beside the report, or over it when the window
 * is too narrow for both (its own window is a button away there: "Open in
 * own window"). It never makes the window wider. */
static void
monitor_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OcWindow *self = OC_WINDOW (widget);

  if (self->watched == NULL || self->source == NULL)
    return;

  if (self->monitor_pane == NULL)
    {
      GtkWidget *clamp = adw_clamp_new ();
      int width = g_settings_get_int (self->settings, "monitor-pane-width");

      /* At least narrow enough to fit over the report on a 360 px screen,
       * at most as wide as the setting says: a transcript's long lines
       * would take all the room there is. */
      self->monitor_pane = oc_monitor_pane_new (self->source);
      gtk_widget_set_size_request (self->monitor_pane, 300, -1);
      adw_clamp_set_maximum_size (ADW_CLAMP (clamp), width);
      adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), width);
      adw_clamp_set_child (ADW_CLAMP (clamp), self->monitor_pane);
      gtk_widget_add_css_class (clamp, "background");
      g_signal_group_set_target (self->monitor_pane_signals, self->monitor_pane);
      monitor_host_set_pane (self, clamp);
    }

  oc_monitor_pane_set_conversation (OC_MONITOR_PANE (self->monitor_pane), self->watched);
}

/**
 * oc_window_get_monitor_pane:
 *
 * Returns: (transfer none) (nullable): the monitor pane beside the report, or
 *   %NULL while it is closed
 */
GtkWidget *
oc_window_get_monitor_pane (OcWindow *self)
{
  g_return_val_if_fail (OC_IS_WINDOW (self), NULL);
  return self->monitor_pane;
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  oc_filter_bar_clear (OC_WINDOW (widget)->filter_bar);
}

static gboolean
showing_agents (OcWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "agents") == 0;
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OcWindow *self = OC_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "report") != 0)
    return;
  if (showing_agents (self))
    gtk_widget_activate_action (GTK_WIDGET (self->agents_panel), "agents.search", NULL);
  else
    oc_filter_bar_focus_search (self->filter_bar);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  oc_window_show_view (OC_WINDOW (widget), g_str_equal (action_name, "view.agents") ? "agents" : "conversations");
}

/* Ctrl+Shift+A is the report's Assign while the report shows; the agents
 * panel has its own. */
static gboolean
assign_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  OcWindow *self = OC_WINDOW (widget);

  if (showing_agents (self))
    return FALSE;
  return gtk_widget_activate_action (widget, "conversation.assign", NULL);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OcWindow *self = OC_WINDOW (widget);

  if (self->source == NULL)
    return;
  if (oc_source_get_state (self->source) == OC_SOURCE_STATE_RECONNECTING)
    oc_source_reconnect_now (self->source);
  else
    oc_source_start (self->source);
}

/* Change Server… and Sign Out both leave for the start page; signing out
 * also forgets the token. */
static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  if (g_str_equal (action_name, "connection.sign-out"))
    oc_window_sign_out (OC_WINDOW (widget));
  else
    oc_window_disconnect (OC_WINDOW (widget));
}

static void
on_audit_destroy (GtkWidget *audit,
                  OcWindow  *self)
{
  g_object_set_data (G_OBJECT (self), "oc-audit-window", NULL);
}

/* One audit log window per console window, raised when asked again. */
static void
audit_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OcWindow *self = OC_WINDOW (widget);
  GtkWindow *audit = g_object_get_data (G_OBJECT (self), "oc-audit-window");

  if (self->source == NULL)
    return;
  if (audit == NULL)
    {
      audit = GTK_WINDOW (oc_audit_window_new (self->source));
      gtk_window_set_transient_for (audit, GTK_WINDOW (self));
      g_object_set_data (G_OBJECT (self), "oc-audit-window", audit);
      g_signal_connect_object (audit, "destroy", G_CALLBACK (on_audit_destroy), self, 0);
    }
  gtk_window_present (audit);
}

void
_oc_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "conversation.assign", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "conversation.transfer", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "conversation.monitor", NULL, monitor_action);
  gtk_widget_class_install_action (widget_class, "conversation.force-close", NULL, force_close_action);
  gtk_widget_class_install_action (widget_class, "conversation.open-workspace", NULL, open_workspace_action);
  gtk_widget_class_install_action (widget_class, "filters.clear", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "report.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "connection.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "connection.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "connection.sign-out", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "view.audit-log", NULL, audit_log_action);
  gtk_widget_class_install_action (widget_class, "view.conversations", NULL, show_view_action);
  gtk_widget_class_install_action (widget_class, "view.agents", NULL, show_view_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "conversation.transfer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "conversation.monitor", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "conversation.force-close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "report.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0,
                                       "connection.retry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "view.conversations", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "view.agents", NULL);

  /* The pane's signal group looks "close-requested" up as it connects it. */
  g_type_class_unref (g_type_class_ref (OC_TYPE_MONITOR_PANE));
}

/* GtkColumnView binds Ctrl+Shift+A itself (unselect all), so a window binding
 * never sees it while the report has the focus. Ours is caught on the way down. */
void
_oc_window_actions_init (OcWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                        gtk_callback_action_new (assign_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* The monitor pane's, while it is open. */
  self->monitor_pane_signals = g_signal_group_new (OC_TYPE_MONITOR_PANE);
  g_signal_group_connect_swapped (self->monitor_pane_signals, "close-requested",
                                  G_CALLBACK (monitor_close_requested_cb), self);
  monitor_host_init (self);
}
