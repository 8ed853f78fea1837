// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"
#include "oc-conversation.h"
#include "oc-monitor-pane.h"

G_BEGIN_DECLS

#define OC_TYPE_MONITOR_WINDOW (oc_monitor_window_get_type ())
G_DECLARE_FINAL_TYPE (OcMonitorWindow, oc_monitor_window, OC, MONITOR_WINDOW, GtkWindow)

/* A window of its own around one OcMonitorPane, so a supervisor can watch
 * several conversations side by side. Closing the pane closes the window. */
OcMonitorWindow *oc_monitor_window_new      (GtkApplication  *application,
                                             OcSource        *source,
                                             OcConversation  *conversation);
OcMonitorPane   *oc_monitor_window_get_pane (OcMonitorWindow *self);

G_END_DECLS
