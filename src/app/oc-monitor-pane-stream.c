// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-monitor-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-monitor-pane-private.h"

/* What the transcript area says: the banner (ended, reconnecting, failed),
 * the placeholder, and following the newest message. */

static const char *
ended_text (const char *reason)
{
  if (g_strcmp0 (reason, "force-closed") == 0)
    return _("This conversation was closed by a supervisor. The transcript stays readable here.");
  if (g_strcmp0 (reason, "closed") == 0)
    return _("This conversation was closed. The transcript stays readable here.");
  if (g_strcmp0 (reason, "expired") == 0)
    return _("This conversation left the live set after 24 hours. The transcript stays readable here.");

  return _("This conversation has ended. The transcript stays readable here.");
}

/* "not-live" ends the transcript's stream, not the conversation. */
static gboolean
is_not_live (OcMonitorPane *self)
{
  return g_strcmp0 (self->ended_reason, "not-live") == 0;
}

gboolean
_oc_monitor_pane_is_ended (OcMonitorPane *self)
{
  return self->ended_reason != NULL && !is_not_live (self);
}

static void
set_banner (OcMonitorPane *self,
            const char    *text,
            const char    *icon_name,
            gboolean       busy,
            const char    *css_class)
{
  static const char * const classes[] = { "ended", "reconnecting", "failed", NULL };

  gtk_revealer_set_reveal_child (self->banner_revealer, text != NULL);
  if (text == NULL)
    return;

  gtk_label_set_text (self->banner_label, text);
  gtk_spinner_set_spinning (self->banner_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_spinner), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_icon), !busy);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (self->banner_icon, icon_name);

  for (guint i = 0; classes[i] != NULL; i++)
    gtk_widget_remove_css_class (self->banner, classes[i]);
  gtk_widget_add_css_class (self->banner, css_class);
}

/* The one place that turns state into what the banner and placeholder say. */
void
_oc_monitor_pane_update_status (OcMonitorPane *self)
{
  OcTranscriptState state;
  guint n_items;

  g_assert (OC_IS_MONITOR_PANE (self));

  n_items = self->transcript != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->transcript)) : 0;
  state = self->transcript != NULL ? oc_transcript_get_state (self->transcript)
                                   : OC_TRANSCRIPT_STATE_CONNECTING;

  if (self->conversation == NULL)
    set_banner (self, NULL, NULL, FALSE, NULL);
  else if (is_not_live (self))
    {
      /* Not over: the backend only keeps what was saved (Dynamics 365). */
      const char *why = self->transcript ? oc_transcript_get_status_message (self->transcript) : NULL;

      set_banner (self, why != NULL && why[0] != '\0' ? why
                  : _("This backend does not stream live messages: this is the transcript saved so far."),
                  "dialog-information-symbolic", FALSE, "ended");
    }
  else if (self->ended_reason != NULL)
    set_banner (self, ended_text (self->ended_reason), "dialog-information-symbolic", FALSE, "ended");
  else if (state == OC_TRANSCRIPT_STATE_RECONNECTING)
    set_banner (self, _("Reconnecting…"), NULL, TRUE, "reconnecting");
  else if (state == OC_TRANSCRIPT_STATE_CONNECTING)
    set_banner (self, _("Loading the transcript…"), NULL, TRUE, "reconnecting");
  else if (state == OC_TRANSCRIPT_STATE_FAILED)
    {
      const char *why = oc_transcript_get_status_message (self->transcript);
      g_autofree char *text =
        g_strdup_printf (_("The transcript could not be loaded: %s"),
                         why != NULL && why[0] != '\0' ? why : _("unknown error"));
      set_banner (self, text, "dialog-warning-symbolic", FALSE, "failed");
    }
  else
    set_banner (self, NULL, NULL, FALSE, NULL);

  if (self->conversation == NULL)
    gtk_label_set_text (self->placeholder_label, _("Choose a conversation to monitor"));
  else if (n_items == 0 && state == OC_TRANSCRIPT_STATE_LIVE)
    gtk_label_set_text (self->placeholder_label, _("No messages yet"));
  else
    gtk_label_set_text (self->placeholder_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label),
                          gtk_label_get_text (self->placeholder_label)[0] != '\0');

  _oc_monitor_pane_update_actions (self);
}

void
_oc_monitor_pane_mark_ended (OcMonitorPane *self,
                            const char    *reason)
{
  if (_oc_monitor_pane_is_ended (self))
    return;

  g_free (self->ended_reason);
  self->ended_reason = g_strdup (reason != NULL ? reason : "");
  self->confirming = FALSE;

  /* The session is over: nothing left to leave, and no composer. */
  if (self->conversation != NULL)
    g_hash_table_remove (self->joined_ids, oc_conversation_get_id (self->conversation));

  _oc_monitor_pane_update_status (self);
  _oc_monitor_pane_notify_joined (self);
}

/* Following the bottom: the list sticks to the newest message unless the
 * supervisor scrolled up; then new ones are counted on a button instead. */

static gboolean
adjustment_at_bottom (GtkAdjustment *adj)
{
  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
         >= gtk_adjustment_get_upper (adj) - 2.0;
}

void
_oc_monitor_pane_update_new_messages (OcMonitorPane *self)
{
  g_autofree char *label = NULL;

  if (self->n_new > 0)
    {
      label = g_strdup_printf (g_dngettext (NULL, "%u new message", "%u new messages", self->n_new),
                               self->n_new);
      gtk_button_set_label (self->new_messages_button, label);
      /* The name says what it does; the count is read as its description. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_messages_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label,
                                      -1);
    }
  gtk_revealer_set_reveal_child (self->new_messages_revealer, self->n_new > 0);
}

void
_oc_monitor_pane_scroll_to_bottom (OcMonitorPane *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  self->following = TRUE;
  self->n_new = 0;
  _oc_monitor_pane_update_new_messages (self);

  self->scrolling = TRUE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  self->scrolling = FALSE;
}

static void
on_adjustment_value_changed (OcMonitorPane *self,
                             GtkAdjustment *adj)
{
  if (self->scrolling)
    return;

  self->following = adjustment_at_bottom (adj);
  if (self->following && self->n_new > 0)
    {
      self->n_new = 0;
      _oc_monitor_pane_update_new_messages (self);
    }
}

static void
on_adjustment_changed (OcMonitorPane *self,
                       GtkAdjustment *adj)
{
  /* Rows were added or measured: keep the bottom in view. */
  if (self->following && !adjustment_at_bottom (adj))
    _oc_monitor_pane_scroll_to_bottom (self);
}

void
_oc_monitor_pane_follow_init (OcMonitorPane *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  g_signal_connect_object (adj, "value-changed",
                           G_CALLBACK (on_adjustment_value_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "changed",
                           G_CALLBACK (on_adjustment_changed), self, G_CONNECT_SWAPPED);
}
