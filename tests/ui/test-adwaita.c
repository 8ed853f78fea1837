// SPDX-License-Identifier: GPL-3.0-or-later
/* The console as a libadwaita application: it follows the desktop's dark
 * preference, live; what an action did is said in a toast; About is an
 * AdwAboutWindow. Needs a display (suite "ui"). */
#include "config.h"

#include <adwaita.h>

#include "oc-assign-dialog-private.h"
#include "oc-preferences-window.h"
#include "oc-server.h"
#include "oc-test-util.h"
#include "oc-window-private.h"

/* Runs the main loop until @condition holds; fails after 20 s. */
static void
wait_for (OcTestPredicate  condition,
          gpointer         data,
          const char      *what)
{
  if (!oc_test_wait_until (condition, data, 20000))
    g_error ("Timed out waiting for %s", what);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* One registered application for the whole run: a second one could not
 * export itself on the bus at the same path. */
static OcApplication *
get_app (void)
{
  static OcApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = oc_application_new ();
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
      g_assert_no_error (error);
    }
  return app;
}

static gboolean
is_dark (gpointer data)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static gboolean
is_light (gpointer data)
{
  return !is_dark (data);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static GskRenderNode *
snapshot_node (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (snapshot);
}

/* The luminance (0 to 1) of the window's pixel at @x, @y as it draws now. */
static double
luminance_at (GtkWidget *window,
              int        x,
              int        y)
{
  g_autoptr(GskRenderNode) node = snapshot_node (window);
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autofree guchar *pixels = NULL;
  gsize stride = (gsize) width * 4;
  const guchar *p;

  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  /* Cairo's ARGB32, little-endian: B, G, R, A. */
  p = pixels + (gsize) y * stride + (gsize) x * 4;
  return (0.0722 * p[0] + 0.7152 * p[1] + 0.2126 * p[2]) / 255.0;
}

/* "Dark style" in Settings (org.gnome.desktop.interface color-scheme, read
 * by libadwaita when there is no portal) darkens the console at start and
 * when changed while it runs; the application's own choice wins over it. */
static void
test_follows_dark_preference (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) desktop = NULL;
  OcApplication *app;
  AdwStyleManager *manager;
  OcWindow *window;
  int x, y;

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "color-scheme"))
    {
      g_test_skip ("no org.gnome.desktop.interface color-scheme (gsettings-desktop-schemas)");
      return;
    }
  desktop = g_settings_new ("org.gnome.desktop.interface");
  g_settings_set_string (desktop, "color-scheme", "prefer-dark");

  app = get_app ();
  g_assert_true (ADW_IS_APPLICATION (app));
  manager = adw_style_manager_get_default ();
  g_assert_true (adw_style_manager_get_system_supports_color_schemes (manager));

  window = oc_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (is_mapped, window, "the window");
  wait_for (is_dark, NULL, "the dark style at start");
  /* A corner of the window's background, below the start page. */
  x = 8;
  y = gtk_widget_get_height (GTK_WIDGET (window)) - 8;
  g_assert_cmpfloat (luminance_at (GTK_WIDGET (window), x, y), <, 0.3);

  g_settings_set_string (desktop, "color-scheme", "default");
  wait_for (is_light, NULL, "the light style after the desktop changed");
  g_assert_cmpfloat (luminance_at (GTK_WIDGET (window), x, y), >, 0.7);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for (is_dark, NULL, "the forced dark style");
  g_assert_cmpfloat (luminance_at (GTK_WIDGET (window), x, y), <, 0.3);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
window_live (gpointer data)
{
  OcWindow *window = data;
  OcSource *source = oc_window_get_source (window);

  return source != NULL && oc_source_get_state (source) == OC_SOURCE_STATE_LIVE &&
         oc_source_get_role (source) == OC_ROLE_SUPERVISOR &&
         g_strcmp0 (oc_window_get_page (window), "report") == 0;
}

/* A shown window of @type, or NULL. */
static gpointer
find_toplevel (GType type)
{
  GList *toplevels = gtk_window_list_toplevels ();
  gpointer found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
no_assign_dialog (gpointer data)
{
  return find_toplevel (OC_TYPE_ASSIGN_DIALOG) == NULL;
}

/* The reference server, paused, and a console of @width px live on it as
 * a supervisor. */
static OcWindow *
open_live_window (OcServer **server,
                  int        width)
{
  OcServerOptions options = { .seed = 4242, .speed = 0, .conversations = 120, .agents = 40 };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  OcWindow *window;

  *server = oc_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (oc_server_listen (*server, "127.0.0.1", 0, &error));
  url = oc_server_get_url (*server);
  token = oc_server_add_user (*server, "sam", OC_ROLE_SUPERVISOR);

  window = oc_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 600);
  gtk_window_present (GTK_WINDOW (window));
  oc_window_connect (window, url, token, FALSE);
  wait_for (window_live, window, "the report");
  return window;
}

static gboolean
has_toast (gpointer data)
{
  return oc_report_get_toast (oc_window_get_report (data)) != NULL;
}

/* Assign from the window: once the server took it, the dialog is gone and
 * a toast over the report says what was done, naming conversation and
 * queue. */
static void
test_action_result_toast (void)
{
  g_autoptr(OcServer) server = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(OcQueue) queue = NULL;
  OcConversation *open = NULL;
  OcAssignDialog *dialog;
  GListModel *store;
  GListModel *queues;
  OcWindow *window = open_live_window (&server, 1280);

  store = G_LIST_MODEL (oc_source_get_store (oc_window_get_source (window)));
  for (guint i = 0; i < g_list_model_get_n_items (store) && open == NULL; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (store, i);

      if (oc_conversation_get_status (c) == OC_STATUS_OPEN)
        open = c;  /* the store keeps it */
    }
  g_assert_nonnull (open);
  g_assert_true (oc_report_select (oc_window_get_report (window), open));
  g_assert_null (oc_report_get_toast (oc_window_get_report (window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "conversation.assign", NULL));
  dialog = find_toplevel (OC_TYPE_ASSIGN_DIALOG);
  g_assert_nonnull (dialog);
  gtk_stack_set_visible_child_name (_oc_assign_dialog_get_stack (dialog), "queue");
  queues = G_LIST_MODEL (gtk_list_view_get_model (_oc_assign_dialog_get_queue_view (dialog)));
  queue = g_list_model_get_item (queues, 0);
  g_assert_nonnull (queue);
  expected = g_strdup_printf ("“%s” moved to %s", oc_conversation_get_subject (open), oc_queue_get_name (queue));
  /* Enter on a queue row picks it and acts. */
  g_signal_emit_by_name (_oc_assign_dialog_get_queue_view (dialog), "activate", 0);

  wait_for (no_assign_dialog, NULL, "the dialog to close");
  wait_for (has_toast, window, "the toast");
  g_assert_cmpstr (oc_report_get_toast (oc_window_get_report (window)), ==, expected);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  oc_server_shutdown (server);
}

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

static gboolean
is_narrow (gpointer data)
{
  return OC_WINDOW (data)->narrow && gtk_widget_get_width (data) <= 360;
}

static gboolean
is_folded (gpointer data)
{
  return adw_flap_get_folded (data);
}

static gboolean
is_wide (gpointer data)
{
  return !OC_WINDOW (data)->narrow && gtk_widget_get_width (data) > 1300;
}

/* Drawn at its new size: there is something to render. */
static gboolean
has_drawn (gpointer data)
{
  g_autoptr(GskRenderNode) node = snapshot_node (data);

  return node != NULL;
}

/* With OC_SCREENSHOT_DIR set, saves what @widget draws as NAME.png there. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("OC_SCREENSHOT_DIR");
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  wait_for (has_drawn, widget, "a frame to save");
  node = snapshot_node (widget);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The controls of @container that must never be cut: its buttons, entries
 * and the summary's tiles (its own children). */
static void
collect_controls (GtkWidget *widget,
                  GtkWidget *container,
                  GPtrArray *controls)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child) || !gtk_widget_get_child_visible (child))
        continue;
      if (GTK_IS_BUTTON (child) || GTK_IS_MENU_BUTTON (child) || GTK_IS_SEARCH_ENTRY (child) ||
          gtk_widget_has_css_class (child, "oc-summary-tile"))
        g_ptr_array_add (controls, child);
      else
        collect_controls (child, container, controls);
    }
}

/* Every control of the summary strip, the filter bar and the action bar is
 * allocated whole inside the window and inside its bar: nothing is cut off
 * or scrolled out of sight (#18). NULL if so, else what is cut. */
static char *
find_cut_control (OcWindow *window)
{
  GtkWidget *bars[] = { GTK_WIDGET (window->summary), GTK_WIDGET (window->filter_bar),
                        GTK_WIDGET (window->action_bar) };
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));

  for (guint b = 0; b < G_N_ELEMENTS (bars); b++)
    {
      g_autoptr(GPtrArray) controls = g_ptr_array_new ();
      graphene_rect_t bar;

      if (!gtk_widget_compute_bounds (bars[b], GTK_WIDGET (window), &bar))
        return g_strdup_printf ("%s not shown", G_OBJECT_TYPE_NAME (bars[b]));
      collect_controls (bars[b], bars[b], controls);
      if (controls->len == 0)
        return g_strdup_printf ("nothing in %s", G_OBJECT_TYPE_NAME (bars[b]));
      for (guint i = 0; i < controls->len; i++)
        {
          GtkWidget *control = g_ptr_array_index (controls, i);
          graphene_rect_t r;

          if (!gtk_widget_compute_bounds (control, GTK_WIDGET (window), &r) ||
              r.size.width < 1 || r.origin.x < -0.5 || r.origin.y < -0.5 ||
              r.origin.x + r.size.width > width + 0.5 || r.origin.y + r.size.height > height + 0.5 ||
              !graphene_rect_contains_rect (&bar, &GRAPHENE_RECT_INIT (r.origin.x + 0.5, r.origin.y + 0.5,
                                                                       r.size.width - 1, r.size.height - 1)))
            return g_strdup_printf ("%s of %s is cut: %g,%g %gx%g in a %dx%d window, bar %g,%g %gx%g",
                                    G_OBJECT_TYPE_NAME (control), G_OBJECT_TYPE_NAME (bars[b]),
                                    r.origin.x, r.origin.y, r.size.width, r.size.height, width, height,
                                    bar.origin.x, bar.origin.y, bar.size.width, bar.size.height);
        }
    }
  return NULL;
}

static gboolean
bars_whole (gpointer data)
{
  g_autofree char *cut = find_cut_control (data);

  return cut == NULL;
}

/* Once the layout settled (the action bar goes to icons in an idle). */
static void
assert_bars_whole (OcWindow   *window,
                   const char *when)
{
  g_autofree char *cut = NULL;

  oc_test_wait_until (bars_whole, window, 5000);
  cut = find_cut_control (window);
  if (cut != NULL)
    g_error ("%s: %s", when, cut);
}

/* Every label the connection indicator and the Views button show is whole
 * (not ellipsized); @narrow: they show none, and the indicator's tooltip
 * says what its words would. */
static void
check_labels_whole (GtkWidget  *widget,
                    const char *where,
                    guint      *n_shown)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child))
        {
          (*n_shown)++;
          if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (child))))
            g_error ("%s: \"%s\" is cut short", where, gtk_label_get_label (GTK_LABEL (child)));
        }
      check_labels_whole (child, where, n_shown);
    }
}

static void
assert_header_words_whole (OcWindow *window,
                           gboolean  narrow)
{
  guint n_indicator = 0, n_views = 0;

  check_labels_whole (GTK_WIDGET (window->indicator), "the connection indicator", &n_indicator);
  check_labels_whole (GTK_WIDGET (window->views_button), "the Views button", &n_views);
  if (!narrow)
    {
      g_assert_cmpuint (n_indicator, >=, 1);
      g_assert_cmpuint (n_views, >=, 1);
      return;
    }
  g_assert_cmpuint (n_indicator, ==, 0);
  g_assert_cmpuint (n_views, ==, 0);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->indicator)), ==,
                   oc_connection_indicator_get_text (window->indicator));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->views_button)));
}

/* Usable from 360 px: the report page's minimum width is at most that;
 * at 800 px, opening the monitor pane does not widen the window. */
static void
test_adaptive_widths (void)
{
  g_autoptr(OcServer) server = NULL;
  OcConversation *active = NULL;
  GListModel *store;
  int width;
  OcWindow *window = open_live_window (&server, 800);

  g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 360);
  /* The window's own width, without the client-side shadow. */
  width = gtk_widget_get_width (GTK_WIDGET (window));
  g_assert_cmpint (width, >, 700);
  g_assert_false (window->narrow);
  assert_header_words_whole (window, FALSE);

  /* Monitor at 800 px: the pane opens beside or over the report, and the
   * window keeps its width. */
  store = G_LIST_MODEL (oc_source_get_store (oc_window_get_source (window)));
  for (guint i = 0; i < g_list_model_get_n_items (store) && active == NULL; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (store, i);

      if (oc_conversation_get_status (c) == OC_STATUS_ACTIVE && oc_conversation_get_agent_id (c) != NULL)
        active = c;  /* the store keeps it */
    }
  g_assert_nonnull (active);
  g_assert_true (oc_report_select (oc_window_get_report (window), active));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "conversation.monitor", NULL));
  g_assert_nonnull (oc_window_get_monitor_pane (window));
  wait_for (is_mapped, oc_window_get_monitor_pane (window), "the monitor pane");
  g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 800);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
  save_screenshot (GTK_WIDGET (window), "800-monitor");
  assert_bars_whole (window, "800 px, the pane open");

  /* At 360 px the action bar keeps its icons. */
  gtk_widget_activate_action (oc_window_get_monitor_pane (window), "monitor.close", NULL);
  g_assert_null (oc_window_get_monitor_pane (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  wait_for (is_narrow, window, "the narrow layout");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->selection_label)));
  g_assert_true (gtk_widget_get_child_visible (GTK_WIDGET (window->monitor_button)));
  save_screenshot (GTK_WIDGET (window), "360");
  assert_bars_whole (window, "360 px");
  /* The header bar's own words are not cut to "…": the connection and the
   * view show their icon, with the words in the tooltip. */
  assert_header_words_whole (window, TRUE);

  /* Monitor there: the pane folds over the report. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "conversation.monitor", NULL));
  wait_for (is_mapped, oc_window_get_monitor_pane (window), "the monitor pane");
  wait_for (is_folded, window->flap, "the pane over the report");
  save_screenshot (GTK_WIDGET (window), "360-monitor");

  /* A click beside the folded pane (the flap's shield) or Escape hides the
   * flap: that closes the pane, and Monitor opens it again at once. */
  adw_flap_set_reveal_flap (window->flap, FALSE);
  g_assert_null (oc_window_get_monitor_pane (window));
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "conversation.monitor", NULL));
  wait_for (is_mapped, oc_window_get_monitor_pane (window), "the monitor pane again");

  /* Wide again: words come back, the pane sits beside the report. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  wait_for (is_wide, window, "the wide layout");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->selection_label)));
  save_screenshot (GTK_WIDGET (window), "1400");
  assert_bars_whole (window, "1400 px, the pane open");
  /* Nothing of the action bar lies under the pane beside it. */
  {
    graphene_rect_t bar, pane;

    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->action_bar), GTK_WIDGET (window), &bar));
    g_assert_true (gtk_widget_compute_bounds (oc_window_get_monitor_pane (window), GTK_WIDGET (window), &pane));
    g_assert_cmpfloat (bar.origin.x + bar.size.width, <=, pane.origin.x + 0.5);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  oc_server_shutdown (server);
}

/* Preferences (app.preferences, Ctrl+comma, the main menu) edits the wait
 * thresholds per channel and the notifications; a change there is in
 * GSettings at once, where the report and the wallboard read it. */
static void
test_preferences (void)
{
  OcApplication *app = get_app ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) accels = NULL;
  OcPreferencesWindow *prefs;
  GtkSpinButton *spin;
  GtkSwitch *toggle;
  OcWindow *window;

  oc_test_reset_settings (APP_ID);
  window = oc_window_new (app);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  g_assert_cmpstr (accels[0], ==, "<Control>comma");

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = find_toplevel (OC_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));

  spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (prefs), OC_TYPE_PREFERENCES_WINDOW, "critical_voice"));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, g_settings_get_uint (settings, "wait-critical-voice"));
  gtk_spin_button_set_value (spin, 95);
  g_assert_cmpuint (g_settings_get_uint (settings, "wait-critical-voice"), ==, 95);
  g_settings_set_uint (settings, "wait-warning-chat", 42);
  spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (prefs), OC_TYPE_PREFERENCES_WINDOW, "warning_chat"));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 42);

  toggle = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (prefs), OC_TYPE_PREFERENCES_WINDOW, "notify_critical_wait"));
  g_assert_true (gtk_switch_get_active (toggle));
  gtk_switch_set_active (toggle, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notify-critical-wait"));

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  oc_test_reset_settings (APP_ID);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  /* The desktop's preference through GSettings, not a portal that a test
   * session does not run. */
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  oc_test_reset_settings (APP_ID);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/adwaita/follows-dark-preference", test_follows_dark_preference);
  g_test_add_func ("/adwaita/action-result-toast", test_action_result_toast);
  g_test_add_func ("/adwaita/adaptive-widths", test_adaptive_widths);
  g_test_add_func ("/adwaita/preferences", test_preferences);

  return g_test_run ();
}
