// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-clock.h"
#include "oc-conversation-view.h"
#include "oc-report-cell.h"

G_BEGIN_DECLS

#define OC_TYPE_REPORT (oc_report_get_type ())
G_DECLARE_FINAL_TYPE (OcReport, oc_report, OC, REPORT, GtkWidget)

/*
 * The live report: a GtkColumnView over a GtkMultiSelection over an
 * OcConversationView. Headers re-sort the view; the selected conversations
 * are followed as they move. Properties: "view", "clock", "selected" (the
 * one selected, while exactly one is; read-only), "n-selected" (read-only).
 * Signal "conversation-activated" (OcConversation *).
 */
OcReport            *oc_report_new                (void);
void                 oc_report_set_view           (OcReport            *self,
                                                   OcConversationView  *view);
OcConversationView  *oc_report_get_view           (OcReport            *self);
OcClock             *oc_report_get_clock          (OcReport            *self);
void                 oc_report_set_clock          (OcReport            *self,
                                                   OcClock             *clock);
OcConversation      *oc_report_get_selected       (OcReport            *self);
gboolean             oc_report_select             (OcReport            *self,
                                                   OcConversation      *conversation);
gboolean             oc_report_select_all         (OcReport            *self);
guint                oc_report_get_n_selected     (OcReport            *self);
GPtrArray           *oc_report_get_selection      (OcReport            *self);
GtkColumnView       *oc_report_get_column_view    (OcReport            *self);
gboolean             oc_report_focus_rows         (OcReport            *self);
gboolean             oc_report_get_compact        (OcReport            *self);
GtkListView         *oc_report_get_compact_list   (OcReport            *self);
GtkColumnViewColumn *oc_report_get_column         (OcReport            *self,
                                                   OcReportColumn       column);
void                 oc_report_show_toast         (OcReport            *self,
                                                   const char          *text);
const char          *oc_report_get_toast          (OcReport            *self);
GActionGroup        *oc_report_get_column_actions (OcReport            *self);
GMenuModel          *oc_report_get_columns_menu   (OcReport            *self);
void                 oc_report_set_server_settings (OcReport           *self,
                                                    GSettings          *settings);
void                 oc_report_save_columns_now   (OcReport            *self);
void                 oc_report_popup_menu         (OcReport            *self,
                                                   double               x,
                                                   double               y);

G_END_DECLS
