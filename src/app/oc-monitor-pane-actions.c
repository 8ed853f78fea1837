// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-monitor-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-monitor-pane-private.h"
#include "oc-open-uri.h"
#include "oc-monitor-window.h"

/* What an action callback needs after the pane may have moved on to another
 * conversation, or gone: the server's answer still counts for the
 * conversation it was about. */
typedef struct {
  GWeakRef  pane;
  char     *conversation_id;
  char     *text;      /* send: the message sent */
  gboolean  joining;   /* join or leave: which one */
} ActionData;

static ActionData *
action_data_new (OcMonitorPane *self,
                 const char    *text)
{
  ActionData *data = g_new0 (ActionData, 1);

  g_weak_ref_init (&data->pane, self);
  data->conversation_id = g_strdup (oc_conversation_get_id (self->conversation));
  data->text = g_strdup (text);

  return data;
}

static void
action_data_free (ActionData *data)
{
  g_weak_ref_clear (&data->pane);
  g_free (data->conversation_id);
  g_free (data->text);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

/* The pane, if it still exists and still shows the conversation. */
static OcMonitorPane *
action_data_get_pane (ActionData *data)
{
  OcMonitorPane *self = g_weak_ref_get (&data->pane);

  if (self == NULL)
    return NULL;

  if (self->conversation == NULL
      || g_strcmp0 (oc_conversation_get_id (self->conversation), data->conversation_id) != 0)
    {
      g_object_unref (self);
      return NULL;
    }

  return self;
}

static gboolean
status_allows_join (OcStatus status)
{
  return status == OC_STATUS_ACTIVE || status == OC_STATUS_WAITING || status == OC_STATUS_WRAP_UP;
}

static gboolean
composer_has_text (OcMonitorPane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* The one place that decides what may be done now, and says why not. */
void
_oc_monitor_pane_update_actions (OcMonitorPane *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_conversation = self->conversation != NULL;
  gboolean ended = _oc_monitor_pane_is_ended (self);
  gboolean joined = oc_monitor_pane_get_joined (self);
  gboolean viewer = self->source != NULL && oc_source_get_role (self->source) == OC_ROLE_VIEWER;
  gboolean status_ok = has_conversation && status_allows_join (oc_conversation_get_status (self->conversation));
  gboolean backend_joins = self->source == NULL || oc_source_can (self->source, OC_SOURCE_CAN_JOIN);
  gboolean workspace = self->source != NULL && has_conversation &&
                       oc_source_can (self->source, OC_SOURCE_HAS_WORKSPACE);
  gboolean can_join;
  const char *why_not = NULL;
  const char *hint;

  if (self->source == NULL || !has_conversation)
    why_not = _("No conversation is being monitored");
  else if (!backend_joins)
    why_not = _("This backend lets supervisors join only from its own workspace");
  else if (viewer)
    why_not = _("Viewers can watch conversations but not join them");
  else if (ended)
    why_not = _("The conversation has ended");
  else if (!status_ok)
    why_not = _("Only active, waiting or wrap-up conversations can be joined");
  else if (self->join_pending)
    why_not = _("Joining…");

  can_join = why_not == NULL && !joined;

  gtk_widget_action_set_enabled (widget, "monitor.join", can_join && !self->confirming);
  gtk_widget_action_set_enabled (widget, "monitor.join-confirm", can_join && self->confirming);
  gtk_widget_action_set_enabled (widget, "monitor.join-cancel", self->confirming);
  gtk_widget_action_set_enabled (widget, "monitor.leave", joined && !self->leave_pending);
  gtk_widget_action_set_enabled (widget, "monitor.send",
                                 joined && !self->send_pending && composer_has_text (self));
  gtk_widget_action_set_enabled (widget, "monitor.detach",
                                 has_conversation && self->detachable && self->source != NULL);

  gtk_widget_set_tooltip_text (self->join_button,
                               why_not != NULL ? why_not
                               : _("Write in the conversation: the agent and the customer are told"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->join_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  why_not != NULL ? why_not : "",
                                  -1);

  /* Where joining is not possible here at all, the workspace takes its place. */
  gtk_widget_set_visible (self->join_button, !joined && backend_joins);
  gtk_widget_set_visible (self->workspace_button, workspace);
  gtk_widget_action_set_enabled (widget, "monitor.open-workspace", workspace);
  gtk_widget_set_visible (self->leave_button, joined);
  gtk_revealer_set_reveal_child (self->confirm_revealer, can_join && self->confirming);
  gtk_revealer_set_reveal_child (self->composer_revealer, joined);

  if (!has_conversation)
    hint = "";
  else if (joined)
    hint = _("You joined: the agent and the customer see what you write.");
  else if (ended)
    hint = "";
  else if (!backend_joins)
    hint = _("Monitoring: the agent and the customer are not told. To write, open the conversation in the workspace.");
  else
    hint = _("Monitoring: the agent and the customer are not told you are watching.");
  gtk_label_set_text (self->hint_label, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint[0] != '\0');
}

void
_oc_monitor_pane_show_error (OcMonitorPane *self,
                             const char    *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);

  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* @text is the translated "Could not …: %s" with the server's reason. */
static void
show_action_error (OcMonitorPane *self,
                   char          *text)
{
  _oc_monitor_pane_show_error (self, text);
  g_free (text);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _oc_monitor_pane_emit_close_requested (OC_MONITOR_PANE (widget));
}

static void
detach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OcMonitorPane *self = OC_MONITOR_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *app = NULL;
  OcMonitorWindow *window;

  if (self->conversation == NULL || self->source == NULL)
    return;

  if (GTK_IS_WINDOW (root))
    app = gtk_window_get_application (GTK_WINDOW (root));

  window = oc_monitor_window_new (app, self->source, self->conversation);
  gtk_window_present (GTK_WINDOW (window));

  _oc_monitor_pane_emit_close_requested (self);
}

static void
join_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OcMonitorPane *self = OC_MONITOR_PANE (widget);

  /* First say what happens; joining is visible to agent and customer. */
  self->confirming = TRUE;
  _oc_monitor_pane_show_error (self, NULL);
  _oc_monitor_pane_update_actions (self);
  gtk_widget_grab_focus (self->confirm_button);
}

static void
join_cancel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OcMonitorPane *self = OC_MONITOR_PANE (widget);

  self->confirming = FALSE;
  _oc_monitor_pane_update_actions (self);
  gtk_widget_grab_focus (self->join_button);
}

/* Join and leave: the pane remembers which conversations it joined, also
 * one it has moved away from; the rest matters only while it shows it. */
static void
membership_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(OcMonitorPane) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = oc_source_action_finish (OC_SOURCE (source), result, &error);
  self = g_weak_ref_get (&data->pane);
  if (self == NULL)
    return;

  if (ok && data->joining)
    g_hash_table_add (self->joined_ids, g_strdup (data->conversation_id));
  else if (ok)
    g_hash_table_remove (self->joined_ids, data->conversation_id);

  g_clear_object (&self);
  if ((self = action_data_get_pane (data)) == NULL)
    return;

  if (data->joining)
    self->join_pending = FALSE;
  else
    self->leave_pending = FALSE;
  if (!ok)
    show_action_error (self, g_strdup_printf (data->joining ? _("Could not join: %s")
                                                            : _("Could not leave: %s"),
                                              error->message));
  _oc_monitor_pane_update_actions (self);
  _oc_monitor_pane_notify_joined (self);

  if (ok && data->joining)
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
join_confirm_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OcMonitorPane *self = OC_MONITOR_PANE (widget);
  ActionData *data;

  if (self->conversation == NULL || self->source == NULL)
    return;

  self->confirming = FALSE;
  self->join_pending = TRUE;
  _oc_monitor_pane_show_error (self, NULL);
  _oc_monitor_pane_update_actions (self);

  data = action_data_new (self, NULL);
  data->joining = TRUE;
  oc_source_join_async (self->source, oc_conversation_get_id (self->conversation),
                        self->cancellable, membership_done, data);
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OcMonitorPane *self = OC_MONITOR_PANE (widget);

  if (self->conversation == NULL || self->source == NULL)
    return;

  self->leave_pending = TRUE;
  _oc_monitor_pane_show_error (self, NULL);
  _oc_monitor_pane_update_actions (self);

  oc_source_leave_async (self->source, oc_conversation_get_id (self->conversation),
                         self->cancellable, membership_done, action_data_new (self, NULL));
}

static void
send_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(OcMonitorPane) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = oc_source_action_finish (OC_SOURCE (source), result, &error);
  if ((self = action_data_get_pane (data)) == NULL)
    return;

  self->send_pending = FALSE;
  if (ok)
    {
      /* The message comes back over the transcript; clear only what was
       * sent, not what was typed meanwhile. */
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), data->text) == 0)
        gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
    }
  else
    /* The text stays in the composer: nothing typed is lost. */
    show_action_error (self, g_strdup_printf (_("Not sent: %s"), error->message));

  _oc_monitor_pane_update_actions (self);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OcMonitorPane *self = OC_MONITOR_PANE (widget);
  const char *text;

  if (self->conversation == NULL || self->source == NULL
      || !oc_monitor_pane_get_joined (self) || self->send_pending
      || !composer_has_text (self))
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  self->send_pending = TRUE;
  _oc_monitor_pane_show_error (self, NULL);
  _oc_monitor_pane_update_actions (self);

  oc_source_send_message_async (self->source, oc_conversation_get_id (self->conversation), text,
                                self->cancellable, send_done, action_data_new (self, text));
}

static void
scroll_to_bottom_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  _oc_monitor_pane_scroll_to_bottom (OC_MONITOR_PANE (widget));
}

static void
workspace_opened_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OcMonitorPane) self = user_data;
  g_autofree char *problem = oc_open_workspace_problem (result);

  if (problem != NULL)
    _oc_monitor_pane_show_error (self, problem);
}

static void
open_workspace_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OcMonitorPane *self = OC_MONITOR_PANE (widget);

  if (self->source != NULL && self->conversation != NULL)
    oc_open_workspace_async (widget, self->source, oc_conversation_get_id (self->conversation),
                             self->cancellable, workspace_opened_cb, g_object_ref (self));
}

void
_oc_monitor_pane_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "monitor.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "monitor.detach", NULL, detach_action);
  gtk_widget_class_install_action (widget_class, "monitor.join", NULL, join_action);
  gtk_widget_class_install_action (widget_class, "monitor.join-confirm", NULL, join_confirm_action);
  gtk_widget_class_install_action (widget_class, "monitor.join-cancel", NULL, join_cancel_action);
  gtk_widget_class_install_action (widget_class, "monitor.leave", NULL, leave_action);
  gtk_widget_class_install_action (widget_class, "monitor.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "monitor.open-workspace", NULL, open_workspace_action);
  gtk_widget_class_install_action (widget_class, "monitor.scroll-to-bottom", NULL,
                                   scroll_to_bottom_action);

  /* Only while the confirmation is open: a disabled action lets Escape on. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "monitor.join-cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, GDK_CONTROL_MASK,
                                       "monitor.scroll-to-bottom", NULL);
}
