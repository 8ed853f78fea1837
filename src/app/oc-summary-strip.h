// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-clock.h"
#include "oc-conversation-view.h"

G_BEGIN_DECLS

#define OC_TYPE_SUMMARY_STRIP (oc_summary_strip_get_type ())
G_DECLARE_FINAL_TYPE (OcSummaryStrip, oc_summary_strip, OC, SUMMARY_STRIP, GtkWidget)

typedef struct {
  guint  by_status[6];   /* indexed by OcStatus */
  guint  by_channel[4];  /* indexed by OcChannel */
  guint  negative;
  guint  flagged;   /* help flags up (#22) */
  gint64 longest_wait;   /* seconds, of the conversations waiting now */
  guint  total;
} OcSummary;

/*
 * Figures over what the report shows (the filtered view): counts by status
 * and channel, the longest wait, negative sentiment. Recomputed at most once a
 * clock tick, and at once when the filters change.
 */
OcSummaryStrip  *oc_summary_strip_new         (void);
void             oc_summary_strip_set_view    (OcSummaryStrip     *self,
                                               OcConversationView *view);
void             oc_summary_strip_set_clock   (OcSummaryStrip     *self,
                                               OcClock            *clock);
void             oc_summary_strip_set_loading (OcSummaryStrip     *self,
                                               gboolean            loading);
const OcSummary *oc_summary_strip_update      (OcSummaryStrip     *self);
const OcSummary *oc_summary_strip_get_summary (OcSummaryStrip     *self);

G_END_DECLS
