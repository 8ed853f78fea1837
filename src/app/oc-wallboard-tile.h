// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OC_TYPE_WALLBOARD_TILE (oc_wallboard_tile_get_type ())
G_DECLARE_FINAL_TYPE (OcWallboardTile, oc_wallboard_tile, OC, WALLBOARD_TILE, GtkWidget)

/* How a tile's figure reads at a glance; one CSS class each. */
typedef enum {
  OC_WALLBOARD_LEVEL_NORMAL,
  OC_WALLBOARD_LEVEL_GOOD,
  OC_WALLBOARD_LEVEL_WARNING,
  OC_WALLBOARD_LEVEL_CRITICAL,
} OcWallboardLevel;

/*
 * One KPI on the wallboard: a caption, a large figure and a detail line.
 * Properties "title", "value", "detail". A screen reader reads the tile as
 * one sentence ("Waiting: 12"), not as three labels.
 */
GtkWidget        *oc_wallboard_tile_new          (const char       *title);
const char       *oc_wallboard_tile_get_title    (OcWallboardTile  *self);
void              oc_wallboard_tile_set_title    (OcWallboardTile  *self,
                                                  const char       *title);
const char       *oc_wallboard_tile_get_value    (OcWallboardTile  *self);
void              oc_wallboard_tile_set_value    (OcWallboardTile  *self,
                                                  const char       *value);
const char       *oc_wallboard_tile_get_detail   (OcWallboardTile  *self);
void              oc_wallboard_tile_set_detail   (OcWallboardTile  *self,
                                                  const char       *detail);
OcWallboardLevel  oc_wallboard_tile_get_level    (OcWallboardTile  *self);
void              oc_wallboard_tile_set_level    (OcWallboardTile  *self,
                                                  OcWallboardLevel  level);
const char       *oc_wallboard_tile_get_accessible_text (OcWallboardTile *self);

G_END_DECLS
