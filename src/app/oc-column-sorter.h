// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-conversation-view.h"

G_BEGIN_DECLS

#define OC_TYPE_COLUMN_SORTER (oc_column_sorter_get_type ())
G_DECLARE_FINAL_TYPE (OcColumnSorter, oc_column_sorter, OC, COLUMN_SORTER, GtkSorter)

/*
 * A column's sorter that only names its OcSortColumn: the report never sorts
 * with GTK (OcConversationView does), it only lets the column view's headers
 * say which column and order the user picked.
 */
OcColumnSorter *oc_column_sorter_new         (OcSortColumn  column);
OcSortColumn    oc_column_sorter_get_column  (OcColumnSorter *self);

gboolean        oc_column_sorter_read_primary (GtkSorter     *column_view_sorter,
                                               OcSortColumn  *column,
                                               gboolean      *descending);

G_END_DECLS
