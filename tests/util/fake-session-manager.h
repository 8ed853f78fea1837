// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Owns org.gnome.SessionManager on the session bus, when there is one, and
 * counts the idle inhibitions it holds. Start it before the GtkApplication
 * registers: GTK looks for a session manager once, at startup. */
void      fake_session_manager_start                (void);
gboolean  fake_session_manager_is_running           (void);
guint     fake_session_manager_get_idle_inhibitors  (void);
char     *fake_session_manager_dup_last_app_id      (void);

G_END_DECLS
