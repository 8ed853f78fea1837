#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OC_TYPE_APPLICATION (oc_application_get_type ())
G_DECLARE_FINAL_TYPE (OcApplication, oc_application, OC, APPLICATION, GtkApplication)

OcApplication *oc_application_new (void);

G_END_DECLS
