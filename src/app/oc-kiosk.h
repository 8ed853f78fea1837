// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OC_TYPE_KIOSK (oc_kiosk_get_type ())
G_DECLARE_FINAL_TYPE (OcKiosk, oc_kiosk, OC, KIOSK, GObject)

/*
 * Makes a window fit for a screen nobody tends: every key is swallowed
 * before any shortcut (the application's included) can act, the close
 * request is refused, the pointer is hidden after a few seconds without
 * motion, and the session is kept from idling (screen blank, lock) while the
 * window is mapped. The window owns the kiosk and must clear it in dispose.
 */
OcKiosk  *oc_kiosk_new                (GtkWindow *window);
void      oc_kiosk_hide_pointer       (OcKiosk   *self);
gboolean  oc_kiosk_get_pointer_hidden (OcKiosk   *self);
guint     oc_kiosk_get_inhibit_cookie (OcKiosk   *self);

G_END_DECLS
