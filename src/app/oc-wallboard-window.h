// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-client.h"
#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_WALLBOARD_WINDOW (oc_wallboard_window_get_type ())
G_DECLARE_FINAL_TYPE (OcWallboardWindow, oc_wallboard_window, OC, WALLBOARD_WINDOW, GtkApplicationWindow)

/*
 * The kiosk wallboard: a fullscreen, read-only view of a source's store for a
 * big screen on the floor. It installs no actions and swallows every key, so
 * nothing on it can be operated; it hides the pointer when still, keeps the
 * screen awake while mapped, and says so when its data is not live.
 * It never stops its source; it starts it again if it gives up.
 * What it shows comes from the kiosk-* GSettings keys.
 */
OcWallboardWindow *oc_wallboard_window_new            (GtkApplication *application,
                                                       OcClient       *client);
OcWallboardWindow *oc_wallboard_window_new_for_source (GtkApplication *application,
                                                       OcSource       *source);

G_END_DECLS
