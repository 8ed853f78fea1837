// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"
#include "oc-conversation.h"

G_BEGIN_DECLS

#define OC_TYPE_MONITOR_PANE (oc_monitor_pane_get_type ())
G_DECLARE_FINAL_TYPE (OcMonitorPane, oc_monitor_pane, OC, MONITOR_PANE, GtkWidget)

/*
 * Watches one conversation live: its facts, then its transcript (history and
 * live messages), with Join, a composer and Leave for supervisors.
 *
 * Actions (group "monitor"): close, detach (open in own window), join (asks
 * first), join-confirm, join-cancel, leave, send, scroll-to-bottom.
 * Signals: "close-requested" — the host should remove the pane (emitted by
 * monitor.close, and by monitor.detach after the new window opened).
 * Properties: "source", "conversation", "detachable" (default TRUE: shows
 * "Open in own window"), "joined" (read-only).
 */
GtkWidget      *oc_monitor_pane_new              (OcSource       *source);
OcSource       *oc_monitor_pane_get_source       (OcMonitorPane  *self);
OcConversation *oc_monitor_pane_get_conversation (OcMonitorPane  *self);
void            oc_monitor_pane_set_conversation (OcMonitorPane  *self,
                                                  OcConversation *conversation);
gboolean        oc_monitor_pane_get_detachable   (OcMonitorPane  *self);
void            oc_monitor_pane_set_detachable   (OcMonitorPane  *self,
                                                  gboolean        detachable);
gboolean        oc_monitor_pane_get_joined       (OcMonitorPane  *self);

G_END_DECLS
