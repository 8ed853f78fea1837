// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-conversation-store.h"
#include "oc-wallboard-stats.h"

G_BEGIN_DECLS

#define OC_TYPE_WALLBOARD_LIST (oc_wallboard_list_get_type ())
G_DECLARE_FINAL_TYPE (OcWallboardList, oc_wallboard_list, OC, WALLBOARD_LIST, GtkWidget)

/*
 * The attention list: as many rows as fit the height it is given, and pages
 * when there are more. Read-only properties "page" (0-based), "n-pages",
 * "rows-per-page" and "n-items".
 */
GtkWidget *oc_wallboard_list_new               (void);
void       oc_wallboard_list_update            (OcWallboardList         *self,
                                                OcWallboardStats        *stats,
                                                const OcWallboardFilter *filter,
                                                OcConversationStore     *store);
void       oc_wallboard_list_next_page         (OcWallboardList         *self);
guint      oc_wallboard_list_get_page          (OcWallboardList         *self);
guint      oc_wallboard_list_get_n_pages       (OcWallboardList         *self);
guint      oc_wallboard_list_get_rows_per_page (OcWallboardList         *self);
guint      oc_wallboard_list_get_n_items       (OcWallboardList         *self);
GPtrArray *oc_wallboard_list_get_shown         (OcWallboardList         *self);

G_END_DECLS
