// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "fake-session-manager.h"
#include "wallboard-test-util.h"

/* What makes the wallboard a kiosk: nothing on it acts, keys do nothing,
 * the screen stays awake, the pointer hides. */

/* Nothing reachable --------------------------------------------------------- */

static void
collect_widgets (GtkWidget *widget,
                 GPtrArray *out)
{
  g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, out);
}

static guint
count_class_actions (GType type)
{
  GtkWidgetClass *klass = g_type_class_ref (type);
  const GVariantType *parameter_type;
  const char *name, *property;
  GType owner;
  guint n = 0;

  while (gtk_widget_class_query_action (klass, n, &owner, &name, &parameter_type, &property))
    n++;
  g_type_class_unref (klass);
  return n;
}

static int
controller_index (GtkWidget  *widget,
                  const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return (int) i;
    }
  return -1;
}

static void
test_kiosk_nothing_acts (void)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = NULL;
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  g_auto(GStrv) actions = NULL;
  OcWallboardWindow *window;

  g_ptr_array_add (conversations, wb_conversation_new ("c1", OC_STATUS_OPEN, OC_CHANNEL_CHAT, "q-billing", 400, OC_SENTIMENT_NEGATIVE));
  store = wb_store_new (conversations);
  window = wb_window_new (store);
  gtk_window_present (GTK_WINDOW (window));
  wb_drain ();

  /* No actions of its own: the window's action group is empty and its class
   * installs nothing beyond what every GtkApplicationWindow has. */
  actions = g_action_group_list_actions (G_ACTION_GROUP (window));
  g_assert_cmpstrv (actions, ((const char *[]) { NULL }));
  g_assert_cmpuint (count_class_actions (OC_TYPE_WALLBOARD_WINDOW), ==,
                    count_class_actions (GTK_TYPE_APPLICATION_WINDOW));

  /* Nothing that takes focus, nothing to type in or press. */
  collect_widgets (GTK_WIDGET (window), widgets);
  g_assert_cmpuint (widgets->len, >, 20);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (widget == GTK_WIDGET (window))
        continue;
      if (gtk_widget_get_focusable (widget))
        g_error ("%s is focusable", G_OBJECT_TYPE_NAME (widget));
      g_assert_false (GTK_IS_EDITABLE (widget));
      g_assert_false (GTK_IS_BUTTON (widget));
      g_assert_false (GTK_IS_MENU_BUTTON (widget));
      g_assert_false (GTK_IS_POPOVER (widget));
      if (GTK_IS_LABEL (widget))
        g_assert_false (gtk_label_get_selectable (GTK_LABEL (widget)));
    }
  g_assert_null (gtk_window_get_focus (GTK_WINDOW (window)));
  g_assert_null (gtk_window_get_titlebar (GTK_WINDOW (window)));
  g_assert_false (gtk_application_window_get_show_menubar (GTK_APPLICATION_WINDOW (window)));

  /* The key guard runs before the application's accelerators. */
  g_assert_cmpint (controller_index (GTK_WIDGET (window), "oc-kiosk-key-guard"), >=, 0);
  g_assert_cmpint (controller_index (GTK_WIDGET (window), "oc-kiosk-key-guard"), <,
                   controller_index (GTK_WIDGET (window), "gtk-application-shortcuts"));

  /* Pointer hidden, close refused. */
  g_assert_true (oc_wallboard_window_get_pointer_hidden (window));
  g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (GTK_WIDGET (window))), ==, "none");
  gtk_window_close (GTK_WINDOW (window));
  wb_drain ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  wb_drain ();
}

/* Real key presses through the X server, when xdotool is there. */
static guint probe_activations;

static void
probe_activate (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  probe_activations++;
}

static gboolean
press_ctrl_q (GtkWindow *window)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!GDK_IS_X11_SURFACE (surface))
    return FALSE;
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  if (!g_spawn_sync (NULL, (char *[]) { "xdotool", "windowfocus", "--sync", xid, "key", "ctrl+q", NULL },
                     NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    return FALSE;
  /* The server has made the events; a round trip puts them in our queue. */
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (window)));
  wb_drain ();
  return TRUE;
#else
  return FALSE;
#endif
}

static void
test_kiosk_keys_swallowed (void)
{
  g_autoptr(GSimpleAction) probe = g_simple_action_new ("probe", NULL);
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = NULL;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GtkWidget *plain;
  OcWallboardWindow *window;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  g_signal_connect (probe, "activate", G_CALLBACK (probe_activate), NULL);
  g_action_map_add_action (G_ACTION_MAP (wb_app), G_ACTION (probe));
  gtk_application_set_accels_for_action (wb_app, "app.probe", (const char *[]) { "<Control>q", NULL });

  /* First prove that keys reach an ordinary window of the application here. */
  probe_activations = 0;
  plain = gtk_application_window_new (wb_app);
  gtk_window_present (GTK_WINDOW (plain));
  g_assert_true (wb_wait_for (wb_is_mapped, plain, 10));
  if (!press_ctrl_q (GTK_WINDOW (plain)) || probe_activations != 1)
    {
      gtk_window_destroy (GTK_WINDOW (plain));
      gtk_application_set_accels_for_action (wb_app, "app.probe", (const char *[]) { NULL });
      g_action_map_remove_action (G_ACTION_MAP (wb_app), "probe");
      g_test_skip ("synthetic key presses do not reach windows on this display");
      return;
    }
  gtk_window_destroy (GTK_WINDOW (plain));

  store = wb_store_new (conversations);
  window = wb_window_new (store);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wb_wait_for (wb_is_mapped, window, 10));
  g_assert_true (press_ctrl_q (GTK_WINDOW (window)));
  g_assert_cmpuint (probe_activations, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_application_set_accels_for_action (wb_app, "app.probe", (const char *[]) { NULL });
  g_action_map_remove_action (G_ACTION_MAP (wb_app), "probe");
  wb_drain ();
}

static gboolean
no_idle_inhibitor (gpointer data)
{
  /* GTK sends Uninhibit without waiting for the answer. */
  return fake_session_manager_get_idle_inhibitors () == 0;
}

static void
test_kiosk_screen_awake (void)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = NULL;
  g_autofree char *app_id = NULL;
  OcWallboardWindow *window;

  if (!fake_session_manager_is_running ())
    {
      g_test_skip ("no session bus to stand in for the session manager on");
      return;
    }

  store = wb_store_new (conversations);
  window = wb_window_new (store);
  g_assert_true (wb_wait_for (no_idle_inhibitor, NULL, 10));

  /* On screen: the session is asked not to idle (blank, lock) for it. */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wb_wait_for (wb_is_mapped, window, 10));
  g_assert_cmpuint (fake_session_manager_get_idle_inhibitors (), ==, 1);
  g_assert_cmpuint (oc_wallboard_window_get_inhibit_cookie (window), !=, 0);
  app_id = fake_session_manager_dup_last_app_id ();
  g_assert_cmpstr (app_id, ==, APP_ID);

  /* Off screen, the request goes with it; it comes back with the window. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_assert_true (wb_wait_for (no_idle_inhibitor, NULL, 10));
  g_assert_cmpuint (oc_wallboard_window_get_inhibit_cookie (window), ==, 0);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wb_wait_for (wb_is_mapped, window, 10));
  g_assert_cmpuint (fake_session_manager_get_idle_inhibitors (), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (wb_wait_for (no_idle_inhibitor, NULL, 10));
}

/* The pointer ----------------------------------------------------------------- */

static gboolean
pointer_shown (gpointer data)
{
  return !oc_wallboard_window_get_pointer_hidden (data);
}

static gboolean
pointer_hidden (gpointer data)
{
  return oc_wallboard_window_get_pointer_hidden (data);
}

static gboolean
move_pointer (int x,
              int y)
{
  g_autofree char *sx = g_strdup_printf ("%d", x);
  g_autofree char *sy = g_strdup_printf ("%d", y);
  int status = 0;

  if (!g_spawn_sync (NULL, (char *[]) { "xdotool", "mousemove", "--sync", sx, sy, NULL },
                     NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return FALSE;
  gdk_display_sync (gdk_display_get_default ());
  wb_drain ();
  return TRUE;
}

static guint motions;

static void
count_motion (void)
{
  motions++;
}

static gboolean
motion_seen (gpointer data)
{
  return motions > 0;
}

static void
test_kiosk_pointer (void)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = wb_store_new (conversations);
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  OcWallboardWindow *window = wb_window_new (store);
  gboolean can_move;

  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  g_signal_connect (motion, "motion", G_CALLBACK (count_motion), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), motion);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wb_wait_for (wb_is_mapped, window, 10));

  /* Nobody there: no pointer. */
  g_assert_true (oc_wallboard_window_get_pointer_hidden (window));
  g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (GTK_WIDGET (window))), ==, "none");

#ifdef GDK_WINDOWING_X11
  motions = 0;
  can_move = xdotool != NULL && GDK_IS_X11_DISPLAY (gdk_display_get_default ()) &&
             move_pointer (400, 300) && wb_wait_for (motion_seen, NULL, 5);
#else
  can_move = FALSE;
#endif
  if (!can_move)
    {
      gtk_window_destroy (GTK_WINDOW (window));
      wb_drain ();
      g_test_skip ("cannot move the pointer on this display");
      return;
    }

  /* Someone moves the mouse: the pointer shows, then hides once still. */
  g_assert_true (wb_wait_for (pointer_shown, window, 5));
  g_assert_null (gtk_widget_get_cursor (GTK_WIDGET (window)));
  g_assert_true (wb_wait_for (pointer_hidden, window, 10));
  g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (GTK_WIDGET (window))), ==, "none");
  g_assert_true (move_pointer (600, 500));
  g_assert_true (wb_wait_for (pointer_shown, window, 5));

  gtk_window_destroy (GTK_WINDOW (window));
  wb_drain ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wb_init (&argc, &argv);

  g_test_add_func ("/wallboard/kiosk/nothing-acts", test_kiosk_nothing_acts);
  g_test_add_func ("/wallboard/kiosk/keys-swallowed", test_kiosk_keys_swallowed);
  g_test_add_func ("/wallboard/kiosk/screen-awake", test_kiosk_screen_awake);
  g_test_add_func ("/wallboard/kiosk/pointer", test_kiosk_pointer);

  status = g_test_run ();
  wb_shutdown ();
  return status;
}
