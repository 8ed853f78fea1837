// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-style"

#include "config.h"

#include <adwaita.h>

#include "oc-style.h"

/**
 * oc_style_add_provider:
 * @display: the display to style
 * @provider: the style provider to add
 * @priority: its priority, such as %GTK_STYLE_PROVIDER_PRIORITY_APPLICATION
 *
 * Adds @provider for every widget on @display.
 */
void
oc_style_add_provider (GdkDisplay       *display,
                       GtkStyleProvider *provider,
                       guint             priority)
{
  g_return_if_fail (GDK_IS_DISPLAY (display));
  g_return_if_fail (GTK_IS_STYLE_PROVIDER (provider));

  gtk_style_context_add_provider_for_display (display, provider, priority);
}

/**
 * oc_style_remove_provider:
 * @display: the display it was added to
 * @provider: a provider added with oc_style_add_provider()
 */
void
oc_style_remove_provider (GdkDisplay       *display,
                          GtkStyleProvider *provider)
{
  g_return_if_fail (GDK_IS_DISPLAY (display));
  g_return_if_fail (GTK_IS_STYLE_PROVIDER (provider));

  gtk_style_context_remove_provider_for_display (display, provider);
}

/**
 * oc_style_get_color:
 * @widget: a widget
 * @color: (out): its CSS foreground colour
 *
 * The colour @widget's text is drawn in. GTK 4.10 added
 * gtk_widget_get_color() and deprecated the style context it replaces;
 * before 4.10 the style context is the only way, so only this file keeps it.
 */
void
oc_style_get_color (GtkWidget *widget,
                    GdkRGBA   *color)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (color != NULL);

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

/**
 * oc_style_load_app_css:
 *
 * Sets up libadwaita (its style sheet, and the style manager that follows
 * the desktop's dark and high-contrast choices) and the application's style
 * sheet (style.css in the GResource) on the default display, once per
 * process. AdwApplication does both at start-up; tests build widgets
 * without one.
 */
void
oc_style_load_app_css (void)
{
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      adw_init ();
      /* An AdwApplication has loaded style.css from its resource base path. */
      if (!ADW_IS_APPLICATION (g_application_get_default ()))
        {
          g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

          gtk_css_provider_load_from_resource (css, "/org/example/OngoingConversations/style.css");
          oc_style_add_provider (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                 GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
        }
      g_once_init_leave (&loaded, 1);
    }
}
