// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-conversation-store.h"

G_BEGIN_DECLS

#define OC_TYPE_MONITOR_HEADER (oc_monitor_header_get_type ())
G_DECLARE_FINAL_TYPE (OcMonitorHeader, oc_monitor_header, OC, MONITOR_HEADER, GtkWidget)

/* The facts of one conversation at the top of the monitor: subject, customer,
 * agent, queue, channel, status, sentiment, wait and handle time, all live. */
GtkWidget       *oc_monitor_header_new              (void);
void             oc_monitor_header_set_store        (OcMonitorHeader     *self,
                                                     OcConversationStore *store);
OcConversation  *oc_monitor_header_get_conversation (OcMonitorHeader     *self);
void             oc_monitor_header_set_conversation (OcMonitorHeader     *self,
                                                     OcConversation      *conversation);
void             oc_monitor_header_set_ended        (OcMonitorHeader     *self,
                                                     gboolean             ended);
void             oc_monitor_header_refresh          (OcMonitorHeader     *self);

G_END_DECLS
