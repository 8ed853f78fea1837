// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-connection-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-connection-indicator.h"
#include "oc-format.h"

struct _OcConnectionIndicator
{
  GtkWidget      parent_instance;

  GtkImage      *image;
  GtkLabel      *label;

  OcSource      *source;
  GSignalGroup  *source_signals;
  OcSourceState  state;
  gint64         since;       /* µs: when the current state began */
  gint64         live_until;  /* µs: when live last ended, or now while live */
  gint64         catching_up_since;  /* µs, monotonic; 0 while caught up */
  gboolean       compact;     /* the icon only; the words in the tooltip */
  guint          throttled_id;
};

/* Behind this long, the client is not catching up with a burst but pacing a
 * flood: what the report shows is a throttled view of it. */
#define THROTTLED_AFTER_MS 2000

G_DEFINE_FINAL_TYPE (OcConnectionIndicator, oc_connection_indicator, GTK_TYPE_WIDGET)

static const char * const state_classes[] = {
  "oc-live", "oc-connecting", "oc-reconnecting", "oc-offline",
};

static void
oc_connection_indicator_update (OcConnectionIndicator *self)
{
  OcSourceState state = self->source ? oc_source_get_state (self->source) : OC_SOURCE_STATE_IDLE;
  const char *message = self->source ? oc_source_get_status_message (self->source) : NULL;
  g_autofree char *since = NULL;
  g_autofree char *text = NULL;
  const char *icon = "network-offline-symbolic";
  const char *css = "oc-offline";

  if (state != self->state)
    {
      if (self->state == OC_SOURCE_STATE_LIVE)
        self->live_until = g_get_real_time ();
      self->state = state;
      self->since = g_get_real_time ();
    }

  since = oc_format_clock_time (self->since / G_USEC_PER_SEC);

  switch (state)
    {
    case OC_SOURCE_STATE_LIVE:
      /* A polled backend says how fresh its data is rather than "Live";
       * either way, say when what is shown lags behind what arrived. */
      if (oc_source_get_catching_up (self->source) && self->catching_up_since != 0 &&
          g_get_monotonic_time () - self->catching_up_since >= THROTTLED_AFTER_MS * 1000)
        /* TRANSLATORS: the server sends more changes than the report shows
         * as they come; it shows them at the pace it can */
        text = g_strdup (_("Live, throttled"));
      else if (oc_source_get_catching_up (self->source))
        text = g_strdup (_("Live, catching up…"));
      else
        text = g_strdup (message != NULL ? message : _("Live"));
      icon = "network-transmit-receive-symbolic";
      css = "oc-live";
      break;
    case OC_SOURCE_STATE_CONNECTING:
      text = g_strdup (_("Connecting…"));
      icon = "network-idle-symbolic";
      css = "oc-connecting";
      break;
    case OC_SOURCE_STATE_RECONNECTING:
      /* TRANSLATORS: %s is a time of day, "14:03:11" */
      text = g_strdup_printf (_("Reconnecting since %s"), since);
      icon = "network-error-symbolic";
      css = "oc-reconnecting";
      break;
    case OC_SOURCE_STATE_AUTH_FAILED:
      text = g_strdup_printf (_("Offline: %s"), message ? message : _("the server refused the access token"));
      break;
    case OC_SOURCE_STATE_OFFLINE:
      text = g_strdup_printf (_("Offline: %s"), message ? message : _("not connected"));
      break;
    case OC_SOURCE_STATE_IDLE:
    default:
      text = g_strdup (_("Not connected"));
      break;
    }

  gtk_image_set_from_icon_name (self->image, icon);
  gtk_label_set_label (self->label, text);
  /* Compact, the words are only a hover away: the tooltip says them. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), message != NULL ? message : self->compact ? text : NULL);

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), state_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self), css);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
client_notify_cb (OcConnectionIndicator *self)
{
  oc_connection_indicator_update (self);
}

static gboolean
throttled_cb (gpointer data)
{
  OcConnectionIndicator *self = data;

  self->throttled_id = 0;
  oc_connection_indicator_update (self);
  return G_SOURCE_REMOVE;
}

static void
catching_up_cb (OcConnectionIndicator *self)
{
  gboolean catching_up = self->source != NULL && oc_source_get_catching_up (self->source);

  g_clear_handle_id (&self->throttled_id, g_source_remove);
  if (catching_up && self->catching_up_since == 0)
    self->catching_up_since = g_get_monotonic_time ();
  else if (!catching_up)
    self->catching_up_since = 0;
  if (catching_up)
    self->throttled_id = g_timeout_add (THROTTLED_AFTER_MS, throttled_cb, self);

  oc_connection_indicator_update (self);
}

static void
oc_connection_indicator_dispose (GObject *object)
{
  OcConnectionIndicator *self = OC_CONNECTION_INDICATOR (object);
  GtkWidget *child;

  oc_connection_indicator_set_source (self, NULL);
  g_clear_handle_id (&self->throttled_id, g_source_remove);
  g_clear_object (&self->source_signals);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (oc_connection_indicator_parent_class)->dispose (object);
}

static void
oc_connection_indicator_class_init (OcConnectionIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_connection_indicator_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "oc-connection-indicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
oc_connection_indicator_init (OcConnectionIndicator *self)
{
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  self->source_signals = g_signal_group_new (OC_TYPE_SOURCE);
  g_signal_group_connect_swapped (self->source_signals, "notify::state",
                                  G_CALLBACK (client_notify_cb), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::status-message",
                                  G_CALLBACK (client_notify_cb), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::catching-up",
                                  G_CALLBACK (catching_up_cb), self);

  self->image = g_object_new (GTK_TYPE_IMAGE,
                              "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                              NULL);
  gtk_widget_set_parent (GTK_WIDGET (self->image), GTK_WIDGET (self));

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (self->label, 48);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));

  self->state = OC_SOURCE_STATE_IDLE;
  self->since = g_get_real_time ();
  oc_connection_indicator_update (self);
}

/**
 * oc_connection_indicator_new:
 *
 * Returns: (transfer floating): a new indicator, saying "Not connected" until
 *   given a source
 */
OcConnectionIndicator *
oc_connection_indicator_new (void)
{
  return g_object_new (OC_TYPE_CONNECTION_INDICATOR, NULL);
}

/**
 * oc_connection_indicator_set_source:
 * @source: (nullable): the source to follow, or %NULL
 *
 * Follows @source's state and status message. The indicator keeps a
 * reference.
 */
void
oc_connection_indicator_set_source (OcConnectionIndicator *self,
                                    OcSource              *source)
{
  g_return_if_fail (OC_IS_CONNECTION_INDICATOR (self));

  if (self->source == source)
    return;

  g_set_object (&self->source, source);
  g_signal_group_set_target (self->source_signals, source);
  self->live_until = 0;
  self->catching_up_since = 0;

  catching_up_cb (self);
}

/**
 * oc_connection_indicator_get_text:
 *
 * Returns: (transfer none): what the indicator says
 */
const char *
oc_connection_indicator_get_text (OcConnectionIndicator *self)
{
  g_return_val_if_fail (OC_IS_CONNECTION_INDICATOR (self), NULL);
  return gtk_label_get_label (self->label);
}

/**
 * oc_connection_indicator_get_live_until:
 *
 * Returns: when the source last was live (µs, g_get_real_time()): now while
 *   live, 0 if never
 */
gint64
oc_connection_indicator_get_live_until (OcConnectionIndicator *self)
{
  g_return_val_if_fail (OC_IS_CONNECTION_INDICATOR (self), 0);

  if (self->state == OC_SOURCE_STATE_LIVE)
    return g_get_real_time ();

  return self->live_until;
}

/**
 * oc_connection_indicator_set_compact:
 * @compact: whether only the icon shows
 *
 * In a narrow header bar the words would be cut to "…": show the icon
 * alone, with the words in the tooltip (the accessible name keeps them).
 */
void
oc_connection_indicator_set_compact (OcConnectionIndicator *self,
                                     gboolean               compact)
{
  g_return_if_fail (OC_IS_CONNECTION_INDICATOR (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  gtk_widget_set_visible (GTK_WIDGET (self->label), !compact);
  oc_connection_indicator_update (self);
}
