// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-clock.h"
#include "oc-conversation-store.h"

G_BEGIN_DECLS

#define OC_TYPE_REPORT_ROW (oc_report_row_get_type ())
G_DECLARE_FINAL_TYPE (OcReportRow, oc_report_row, OC, REPORT_ROW, GtkWidget)

/*
 * One conversation as the narrow report shows it, in two lines: subject and
 * wait, then status, agent, queue and channel (which wraps rather than cut).
 */
OcReportRow    *oc_report_row_new              (OcConversationStore *store,
                                                OcClock             *clock,
                                                GSettings           *settings);
void            oc_report_row_bind             (OcReportRow         *self,
                                                OcConversation      *conversation);
OcConversation *oc_report_row_get_conversation (OcReportRow         *self);
const char     *oc_report_row_get_details      (OcReportRow         *self);

G_END_DECLS
