// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-wallboard-stats.h"
#include "oc-wallboard-tile.h"

G_BEGIN_DECLS

#define OC_TYPE_WALLBOARD_TILES (oc_wallboard_tiles_get_type ())
G_DECLARE_FINAL_TYPE (OcWallboardTiles, oc_wallboard_tiles, OC, WALLBOARD_TILES, GtkWidget)

/*
 * The wallboard's KPI tiles: longest wait, waiting over the warning
 * threshold, negative sentiment, conversations by status and by channel.
 */
GtkWidget       *oc_wallboard_tiles_new        (void);
void             oc_wallboard_tiles_set_filter (OcWallboardTiles        *self,
                                                const OcWallboardFilter *filter);
void             oc_wallboard_tiles_update     (OcWallboardTiles        *self,
                                                OcWallboardStats        *stats,
                                                gboolean                 have_data);
OcWallboardTile *oc_wallboard_tiles_get_tile   (OcWallboardTiles        *self,
                                                const char              *name);
void             oc_wallboard_tiles_set_agents (OcWallboardTiles        *self,
                                                const OcWallboardAgents *counts,
                                                gboolean                 have_data);

G_END_DECLS
