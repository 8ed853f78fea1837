// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-preferences-window"

#include "config.h"

#include "oc-preferences-window.h"

/* Wait thresholds per channel, notifications and the Microsoft sign-in
 * (tenant, client, authority), bound to GSettings: the
 * report, the wallboard and the notifier follow the settings, so a change
 * here applies at once. */
struct _OcPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkSpinButton        *warning_chat;
  GtkSpinButton        *critical_chat;
  GtkSpinButton        *warning_messaging;
  GtkSpinButton        *critical_messaging;
  GtkSpinButton        *warning_voice;
  GtkSpinButton        *critical_voice;
  GtkSwitch            *notify_critical_wait;
  GtkSwitch            *notify_negative_sentiment;
  AdwEntryRow          *entra_tenant;
  AdwEntryRow          *entra_client_id;
  AdwEntryRow          *entra_authority;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (OcPreferencesWindow, oc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
oc_preferences_window_dispose (GObject *object)
{
  OcPreferencesWindow *self = OC_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (oc_preferences_window_parent_class)->dispose (object);
}

static void
oc_preferences_window_class_init (OcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-preferences-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, OcPreferencesWindow, name)
  BIND (warning_chat);
  BIND (critical_chat);
  BIND (warning_messaging);
  BIND (critical_messaging);
  BIND (warning_voice);
  BIND (critical_voice);
  BIND (notify_critical_wait);
  BIND (notify_negative_sentiment);
  BIND (entra_tenant);
  BIND (entra_client_id);
  BIND (entra_authority);
#undef BIND
}

static void
oc_preferences_window_init (OcPreferencesWindow *self)
{
  static const struct { const char *key; gsize offset; } spins[] = {
    { "wait-warning-chat",       G_STRUCT_OFFSET (OcPreferencesWindow, warning_chat) },
    { "wait-critical-chat",      G_STRUCT_OFFSET (OcPreferencesWindow, critical_chat) },
    { "wait-warning-messaging",  G_STRUCT_OFFSET (OcPreferencesWindow, warning_messaging) },
    { "wait-critical-messaging", G_STRUCT_OFFSET (OcPreferencesWindow, critical_messaging) },
    { "wait-warning-voice",      G_STRUCT_OFFSET (OcPreferencesWindow, warning_voice) },
    { "wait-critical-voice",     G_STRUCT_OFFSET (OcPreferencesWindow, critical_voice) },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);

  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      GtkSpinButton *spin = G_STRUCT_MEMBER (GtkSpinButton *, self, spins[i].offset);

      g_settings_bind (self->settings, spins[i].key, gtk_spin_button_get_adjustment (spin),
                       "value", G_SETTINGS_BIND_DEFAULT);
    }
  g_settings_bind (self->settings, "notify-critical-wait", self->notify_critical_wait,
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-negative-sentiment", self->notify_negative_sentiment,
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "entra-tenant", self->entra_tenant, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "entra-client-id", self->entra_client_id, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "entra-authority", self->entra_authority, "text", G_SETTINGS_BIND_DEFAULT);
}

/**
 * oc_preferences_window_new:
 * @parent: (nullable): the window it is transient for
 *
 * Returns: (transfer none): a new preferences window, not yet shown
 */
GtkWidget *
oc_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (OC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
