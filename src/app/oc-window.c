#define G_LOG_DOMAIN "oc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-window.h"

struct _OcWindow
{
  GtkApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (OcWindow, oc_window, GTK_TYPE_APPLICATION_WINDOW)

static void
oc_window_class_init (OcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-window.ui");
}

static void
oc_window_init (OcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OcWindow *
oc_window_new (OcApplication *application)
{
  return g_object_new (OC_TYPE_WINDOW, "application", application, NULL);
}
