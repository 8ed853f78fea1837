// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-cell-text.h"
#include "oc-clock.h"
#include "oc-conversation-store.h"

G_BEGIN_DECLS

typedef enum {
  OC_REPORT_COLUMN_SUBJECT,
  OC_REPORT_COLUMN_STATUS,
  OC_REPORT_COLUMN_AGENT,
  OC_REPORT_COLUMN_QUEUE,
  OC_REPORT_COLUMN_CHANNEL,
  OC_REPORT_COLUMN_WAIT,
  OC_REPORT_COLUMN_HANDLE,
  OC_REPORT_COLUMN_SENTIMENT,
  OC_REPORT_COLUMN_CUSTOMER,
  OC_REPORT_COLUMN_CREATED,
  OC_REPORT_COLUMN_FLAG,       /* the agent's help flag (#22) */
  OC_REPORT_COLUMN_WATCHERS,   /* who monitors or joined it */
  OC_N_REPORT_COLUMNS
} OcReportColumn;

#define OC_TYPE_REPORT_CELL (oc_report_cell_get_type ())
G_DECLARE_FINAL_TYPE (OcReportCell, oc_report_cell, OC, REPORT_CELL, OcCellText)

/*
 * One cell of the report: an #OcCellText (its icon and text, one widget),
 * kept current from the conversation's property notifications (and the
 * shared clock for times).
 */
OcReportCell   *oc_report_cell_new              (OcReportColumn       column,
                                                 OcConversationStore *store,
                                                 OcClock             *clock,
                                                 GSettings           *settings);
void            oc_report_cell_bind             (OcReportCell        *self,
                                                 OcConversation      *conversation);
void            oc_report_cell_unbind           (OcReportCell        *self);
void            oc_report_cell_set_in_row       (OcReportCell        *self,
                                                 gboolean             in_row);
OcConversation *oc_report_cell_get_conversation (OcReportCell        *self);
const char     *oc_report_cell_get_text         (OcReportCell        *self);
const char     *oc_report_cell_get_tooltip      (OcReportCell        *self);
OcReportColumn  oc_report_cell_get_column       (OcReportCell        *self);

int             oc_report_wait_level            (GSettings           *settings,
                                                 OcConversation      *conversation,
                                                 gint64               now);
char           *oc_report_describe_row          (OcConversationStore *store,
                                                 GSettings           *settings,
                                                 OcConversation      *conversation,
                                                 gint64               now);

GtkWidget      *oc_report_find_row              (GtkWidget           *widget);
void            oc_report_sync_row_sentence     (GtkWidget           *row,
                                                 OcConversationStore *store,
                                                 GSettings           *settings,
                                                 OcConversation      *conversation,
                                                 gint64               now);
G_END_DECLS
