// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_BULK_CLOSE (oc_bulk_close_get_type ())
G_DECLARE_FINAL_TYPE (OcBulkClose, oc_bulk_close, OC, BULK_CLOSE, GObject)

typedef enum {
  OC_BULK_OUTCOME_SKIPPED,   /* already closed when asked: not sent */
  OC_BULK_OUTCOME_PENDING,
  OC_BULK_OUTCOME_DONE,
  OC_BULK_OUTCOME_REFUSED,
} OcBulkOutcome;

/*
 * Force close of several conversations (#21): those not closed yet are sent
 * one after the other, each with an Idempotency-Key of its own made once, so
 * that a retry after the connection dropped (the same key again, once the
 * source is live) closes each at most once. "changed" tells each outcome,
 * "finished" the end.
 */
OcBulkClose   *oc_bulk_close_new            (OcSource      *source,
                                             GPtrArray     *conversations);
guint          oc_bulk_close_get_n_items    (OcBulkClose   *self);
guint          oc_bulk_close_count          (OcBulkClose   *self,
                                             OcBulkOutcome  outcome);
OcBulkOutcome  oc_bulk_close_get_outcome    (OcBulkClose   *self,
                                             guint          index);
const char    *oc_bulk_close_get_reason     (OcBulkClose   *self,
                                             guint          index);
OcConversation *oc_bulk_close_get_conversation (OcBulkClose *self,
                                                guint        index);
const char    *oc_bulk_close_get_key        (OcBulkClose   *self,
                                             guint          index);
void           oc_bulk_close_run            (OcBulkClose   *self);
gboolean       oc_bulk_close_get_finished   (OcBulkClose   *self);
void           oc_bulk_close_cancel         (OcBulkClose   *self);

G_END_DECLS
