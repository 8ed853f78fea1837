#pragma once

#include <gtk/gtk.h>

#include "oc-application.h"

G_BEGIN_DECLS

#define OC_TYPE_WINDOW (oc_window_get_type ())
G_DECLARE_FINAL_TYPE (OcWindow, oc_window, OC, WINDOW, GtkApplicationWindow)

OcWindow *oc_window_new (OcApplication *application);

G_END_DECLS
