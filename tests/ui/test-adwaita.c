// SPDX-License-Identifier: GPL-3.0-or-later
/* The console as a libadwaita application: it follows the desktop's dark
 * preference, live. Needs a display (suite "ui"). */
#include "config.h"

#include <adwaita.h>

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

/* The luminance (0 to 1) of the window's pixel at @x, @y as it draws now. */
static double
luminance_at (GtkWidget *window,
              int        x,
              int        y)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autofree guchar *pixels = NULL;
  gsize stride = (gsize) width * 4;
  const guchar *p;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
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
  g_autoptr(OcApplication) app = NULL;
  g_autoptr(GError) error = NULL;
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

  app = oc_application_new ();
  g_assert_true (ADW_IS_APPLICATION (app));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
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

  g_test_add_func ("/adwaita/follows-dark-preference", test_follows_dark_preference);

  return g_test_run ();
}
