#define G_LOG_DOMAIN "oc-application"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-application.h"
#include "oc-window.h"

struct _OcApplication
{
  GtkApplication parent_instance;
  gboolean       demo;
};

G_DEFINE_FINAL_TYPE (OcApplication, oc_application, GTK_TYPE_APPLICATION)

static int
oc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  OcApplication *self = OC_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;

  return -1;
}

static void
oc_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (oc_window_new (OC_APPLICATION (app)));

  gtk_window_present (window);
}

static void
oc_application_class_init (OcApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = oc_application_handle_local_options;
  app_class->activate = oc_application_activate;
}

static const GOptionEntry options[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start an embedded demo server on loopback and connect to it"), NULL },
  { NULL }
};

static void
oc_application_init (OcApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
      _("Watch every ongoing contact-center conversation live, and step in."));
}

OcApplication *
oc_application_new (void)
{
  return g_object_new (OC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}
