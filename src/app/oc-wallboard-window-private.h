// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-frame-pacer.h"
#include "oc-kiosk.h"
#include "oc-wallboard-list.h"
#include "oc-wallboard-tiles.h"
#include "oc-wallboard-window.h"

G_BEGIN_DECLS

struct _OcWallboardWindow
{
  GtkApplicationWindow  parent_instance;

  GtkWidget            *content;
  GtkLabel             *scope_label;
  GtkLabel             *clock_label;
  GtkWidget            *banner;
  GtkLabel             *banner_label;
  GtkLabel             *banner_detail;
  GtkWidget            *data_box;
  OcWallboardTiles     *tiles;
  GtkLabel             *attention_label;
  GtkLabel             *page_label;
  OcWallboardList      *list;

  OcSource             *source;
  OcConversationStore  *store;
  GPtrArray            *rows;       /* the store's rows, kept in step */
  GSettings            *settings;
  GSignalGroup         *source_signals;
  OcFramePacer         *pacer;      /* the source's changes, once a frame */
  GSignalGroup         *store_signals;
  GSignalGroup         *settings_signals;
  OcWallboardFilter     filter;
  OcKiosk              *kiosk;
  GtkCssProvider       *type_provider;
  int                   type_px;

  guint                 tick_source;
  guint                 page_source;
  guint                 page_seconds;
  gboolean              agents_tile;   /* kiosk-agents-tile */
  guint                 retry_source;
  guint                 retry_seconds;
  guint                 type_source;

  gboolean              stale;
};

/* For tests: drive the timers and read what is on screen. */
void             oc_wallboard_window_refresh           (OcWallboardWindow *self);
void             oc_wallboard_window_next_page         (OcWallboardWindow *self);
void             oc_wallboard_window_hide_pointer      (OcWallboardWindow *self);
gboolean         oc_wallboard_window_get_pointer_hidden (OcWallboardWindow *self);
OcWallboardList *oc_wallboard_window_get_list          (OcWallboardWindow *self);
/* @name: longest-wait, over-threshold, negative, open, waiting, active,
 * wrap-up, chat, messaging, voice. */
OcWallboardTile *oc_wallboard_window_get_tile          (OcWallboardWindow *self,
                                                        const char        *name);
/* NULL when the data is live and the banner hidden. */
const char      *oc_wallboard_window_get_banner_text   (OcWallboardWindow *self);
gboolean         oc_wallboard_window_get_stale         (OcWallboardWindow *self);
const char      *oc_wallboard_window_get_page_text     (OcWallboardWindow *self);
guint            oc_wallboard_window_get_inhibit_cookie (OcWallboardWindow *self);
/* Fires the pending restart of a source that gave up; FALSE if none was due. */
gboolean         oc_wallboard_window_retry_now         (OcWallboardWindow *self);

G_END_DECLS
