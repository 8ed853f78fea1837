// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK helpers any ui test may use. */
gboolean press_key_with (GtkWidget       *widget,
                         guint            keyval,
                         GdkModifierType  state);

G_END_DECLS
