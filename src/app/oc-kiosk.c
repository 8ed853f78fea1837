// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-kiosk"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "oc-kiosk.h"

#define POINTER_IDLE_SECONDS 3

struct _OcKiosk
{
  GObject             parent_instance;

  GtkWindow          *window;        /* owns us */
  GtkEventController *key_guard;
  GtkEventController *motion;
  guint               pointer_source;
  guint               inhibit_cookie;
  GtkApplication     *inhibited_app;
  gboolean            pointer_hidden;
  double              pointer_x;
  double              pointer_y;
};

G_DEFINE_FINAL_TYPE (OcKiosk, oc_kiosk, G_TYPE_OBJECT)

static gboolean
swallow_key_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  /* Nothing here answers to keys: not the application's accelerators, not
   * the window's bindings, not the inspector's. */
  return TRUE;
}

static void
install_key_guard (OcKiosk *self)
{
  g_assert (OC_IS_KIOSK (self));

  /* Controllers of one phase run newest first, and the window adds its
   * application-shortcut controller whenever the application is set: so
   * the guard is (re)added after that, to run before it. */
  if (self->key_guard != NULL)
    gtk_widget_remove_controller (GTK_WIDGET (self->window), self->key_guard);
  self->key_guard = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (self->key_guard, "oc-kiosk-key-guard");
  gtk_event_controller_set_propagation_phase (self->key_guard, GTK_PHASE_CAPTURE);
  g_signal_connect (self->key_guard, "key-pressed", G_CALLBACK (swallow_key_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (self->window), self->key_guard);
}

static void
application_changed_cb (OcKiosk *self)
{
  install_key_guard (self);
}

static gboolean
pointer_idle_cb (gpointer user_data)
{
  OcKiosk *self = user_data;

  self->pointer_source = 0;
  oc_kiosk_hide_pointer (self);
  return G_SOURCE_REMOVE;
}

static void
motion_cb (OcKiosk *self,
           double   x,
           double   y)
{
  /* Relayouts produce motion events where the pointer stands still. */
  if (fabs (x - self->pointer_x) < 1 && fabs (y - self->pointer_y) < 1)
    return;
  self->pointer_x = x;
  self->pointer_y = y;

  if (self->pointer_hidden)
    {
      self->pointer_hidden = FALSE;
      gtk_widget_set_cursor (GTK_WIDGET (self->window), NULL);
    }
  g_clear_handle_id (&self->pointer_source, g_source_remove);
  self->pointer_source = g_timeout_add_seconds (POINTER_IDLE_SECONDS, pointer_idle_cb, self);
}

static gboolean
close_request_cb (GtkWindow *window)
{
  /* A stray Alt+F4 must not take the board down; its service stops it. */
  return TRUE;
}

static void
uninhibit (OcKiosk *self)
{
  if (self->inhibit_cookie != 0 && self->inhibited_app != NULL)
    gtk_application_uninhibit (self->inhibited_app, self->inhibit_cookie);
  self->inhibit_cookie = 0;
  g_clear_object (&self->inhibited_app);
}

static void
map_cb (OcKiosk *self)
{
  GtkApplication *application = gtk_window_get_application (self->window);

  if (application == NULL || self->inhibit_cookie != 0)
    return;
  self->inhibited_app = g_object_ref (application);
  self->inhibit_cookie = gtk_application_inhibit (application, self->window,
                                                  GTK_APPLICATION_INHIBIT_IDLE,
                                                  _("Showing the wallboard"));
  if (self->inhibit_cookie == 0)
    g_message ("Could not ask the session to keep the screen awake (no session manager or portal answered)");
}

static void
oc_kiosk_dispose (GObject *object)
{
  OcKiosk *self = OC_KIOSK (object);

  g_clear_handle_id (&self->pointer_source, g_source_remove);
  uninhibit (self);
  if (self->window != NULL)
    {
      /* Not a GSignalGroup: the window owns us and is being disposed here,
       * when a group could no longer reach it to let it go. */
      g_signal_handlers_disconnect_by_data (self->window, self);
      g_signal_handlers_disconnect_by_func (self->window, close_request_cb, NULL);
      if (self->key_guard != NULL)
        gtk_widget_remove_controller (GTK_WIDGET (self->window), self->key_guard);
      if (self->motion != NULL)
        gtk_widget_remove_controller (GTK_WIDGET (self->window), self->motion);
      self->key_guard = NULL;
      self->motion = NULL;
      self->window = NULL;
    }
  G_OBJECT_CLASS (oc_kiosk_parent_class)->dispose (object);
}

static void
oc_kiosk_class_init (OcKioskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oc_kiosk_dispose;
}

static void
oc_kiosk_init (OcKiosk *self)
{
  self->pointer_x = self->pointer_y = -1;
}

/**
 * oc_kiosk_new:
 * @window: the window to make fit for a screen nobody tends; it owns the
 *   kiosk and must clear it in its dispose
 *
 * Returns: (transfer full): a new kiosk, already at work on @window
 */
OcKiosk *
oc_kiosk_new (GtkWindow *window)
{
  OcKiosk *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  self = g_object_new (OC_TYPE_KIOSK, NULL);
  self->window = window;

  install_key_guard (self);
  g_signal_connect_swapped (window, "notify::application", G_CALLBACK (application_changed_cb), self);

  self->motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (self->motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (window), self->motion);

  g_signal_connect (window, "close-request", G_CALLBACK (close_request_cb), NULL);
  g_signal_connect_swapped (window, "map", G_CALLBACK (map_cb), self);
  g_signal_connect_swapped (window, "unmap", G_CALLBACK (uninhibit), self);
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    map_cb (self);

  /* Hidden from the start: the board comes up with nobody at it. */
  oc_kiosk_hide_pointer (self);

  return self;
}

/**
 * oc_kiosk_hide_pointer:
 *
 * Hides the pointer now, as a few seconds without motion do.
 */
void
oc_kiosk_hide_pointer (OcKiosk *self)
{
  g_return_if_fail (OC_IS_KIOSK (self));

  g_clear_handle_id (&self->pointer_source, g_source_remove);
  if (self->pointer_hidden || self->window == NULL)
    return;
  self->pointer_hidden = TRUE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->window), "none");
}

/**
 * oc_kiosk_get_pointer_hidden:
 *
 * Returns: whether the pointer is hidden
 */
gboolean
oc_kiosk_get_pointer_hidden (OcKiosk *self)
{
  g_return_val_if_fail (OC_IS_KIOSK (self), FALSE);
  return self->pointer_hidden;
}

/**
 * oc_kiosk_get_inhibit_cookie:
 *
 * Returns: the gtk_application_inhibit() cookie, 0 when not inhibiting
 */
guint
oc_kiosk_get_inhibit_cookie (OcKiosk *self)
{
  g_return_val_if_fail (OC_IS_KIOSK (self), 0);
  return self->inhibit_cookie;
}
