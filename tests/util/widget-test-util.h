// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-report-cell.h"

G_BEGIN_DECLS

/* GTK helpers any ui test may use. */
gboolean press_key_with (GtkWidget       *widget,
                         guint            keyval,
                         GdkModifierType  state);

/* Every mapped report cell below @widget that shows a conversation, into
 * @cells (the report's column view or a narrow row). */
void     collect_report_cells (GtkWidget *widget,
                               GPtrArray *cells);

G_END_DECLS
