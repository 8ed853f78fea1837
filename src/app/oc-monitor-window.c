// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-monitor-window"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-monitor-window.h"

struct _OcMonitorWindow
{
  GtkWindow       parent_instance;

  OcSource       *source;
  OcMonitorPane  *pane;
  GtkLabel       *title_label;
  OcConversation *watched;      /* the pane's, for its subject in the title */
  GSignalGroup   *watched_signals;
};

enum {
  PROP_0,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OcMonitorWindow, oc_monitor_window, GTK_TYPE_WINDOW)

static void
update_title (OcMonitorWindow *self)
{
  OcConversation *conversation = oc_monitor_pane_get_conversation (self->pane);
  const char *subject = conversation != NULL ? oc_conversation_get_subject (conversation) : NULL;
  g_autofree char *valid = NULL;
  g_autofree char *title = NULL;

  if (subject != NULL && !g_utf8_validate (subject, -1, NULL))
    subject = valid = g_utf8_make_valid (subject, -1);

  if (subject != NULL && subject[0] != '\0')
    /* TRANSLATORS: window title, %s is the conversation's subject */
    title = g_strdup_printf (_("Monitor: %s"), subject);
  else
    title = g_strdup (_("Monitor"));

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->title_label, title);
}

static void
on_conversation_notify (OcMonitorWindow *self)
{
  update_title (self);
}

static void
on_pane_conversation (OcMonitorWindow *self)
{
  OcConversation *conversation = oc_monitor_pane_get_conversation (self->pane);

  g_set_object (&self->watched, conversation);
  g_signal_group_set_target (self->watched_signals, conversation);
  update_title (self);
}

static void
on_close_requested (OcMonitorWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
oc_monitor_window_constructed (GObject *object)
{
  OcMonitorWindow *self = OC_MONITOR_WINDOW (object);

  G_OBJECT_CLASS (oc_monitor_window_parent_class)->constructed (object);

  self->pane = OC_MONITOR_PANE (oc_monitor_pane_new (self->source));
  oc_monitor_pane_set_detachable (self->pane, FALSE);
  g_signal_connect_object (self->pane, "close-requested",
                           G_CALLBACK (on_close_requested), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pane, "notify::conversation",
                           G_CALLBACK (on_pane_conversation), self, G_CONNECT_SWAPPED);
  gtk_window_set_child (GTK_WINDOW (self), GTK_WIDGET (self->pane));
}

static void
oc_monitor_window_dispose (GObject *object)
{
  OcMonitorWindow *self = OC_MONITOR_WINDOW (object);

  g_clear_object (&self->watched_signals);
  g_clear_object (&self->watched);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_MONITOR_WINDOW);

  G_OBJECT_CLASS (oc_monitor_window_parent_class)->dispose (object);
}

static void
oc_monitor_window_finalize (GObject *object)
{
  OcMonitorWindow *self = OC_MONITOR_WINDOW (object);

  g_clear_object (&self->source);

  G_OBJECT_CLASS (oc_monitor_window_parent_class)->finalize (object);
}

static void
oc_monitor_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OcMonitorWindow *self = OC_MONITOR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_monitor_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OcMonitorWindow *self = OC_MONITOR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_monitor_window_class_init (OcMonitorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = oc_monitor_window_constructed;
  object_class->dispose = oc_monitor_window_dispose;
  object_class->finalize = oc_monitor_window_finalize;
  object_class->get_property = oc_monitor_window_get_property;
  object_class->set_property = oc_monitor_window_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         OC_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-monitor-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OcMonitorWindow, title_label);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
oc_monitor_window_init (OcMonitorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->watched_signals = g_signal_group_new (OC_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->watched_signals, "notify",
                                  G_CALLBACK (on_conversation_notify), self);
}

/**
 * oc_monitor_window_new:
 * @application: (nullable): the application
 * @source: (nullable): the source the transcript comes from
 * @conversation: (nullable): the conversation to watch
 *
 * Returns: (transfer none): a new window around one #OcMonitorPane, so a
 *   supervisor can watch several conversations side by side; closing the
 *   pane closes the window
 */
OcMonitorWindow *
oc_monitor_window_new (GtkApplication *application,
                       OcSource       *source,
                       OcConversation *conversation)
{
  OcMonitorWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (source == NULL || OC_IS_SOURCE (source), NULL);
  g_return_val_if_fail (conversation == NULL || OC_IS_CONVERSATION (conversation), NULL);

  self = g_object_new (OC_TYPE_MONITOR_WINDOW,
                       "application", application,
                       "source", source,
                       NULL);
  oc_monitor_pane_set_conversation (self->pane, conversation);

  return self;
}

/**
 * oc_monitor_window_get_pane:
 *
 * Returns: (transfer none): the pane inside
 */
OcMonitorPane *
oc_monitor_window_get_pane (OcMonitorWindow *self)
{
  g_return_val_if_fail (OC_IS_MONITOR_WINDOW (self), NULL);

  return self->pane;
}
