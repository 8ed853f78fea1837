// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_BULK_ACTION (oc_bulk_action_get_type ())
G_DECLARE_FINAL_TYPE (OcBulkAction, oc_bulk_action, OC, BULK_ACTION, GObject)

typedef enum {
  OC_BULK_OUTCOME_SKIPPED,   /* already closed when asked: not sent */
  OC_BULK_OUTCOME_PENDING,
  OC_BULK_OUTCOME_DONE,
  OC_BULK_OUTCOME_REFUSED,
  OC_BULK_OUTCOME_NOT_OPEN,  /* assign to a queue: not open when asked, not sent */
  OC_BULK_OUTCOME_IN_QUEUE,  /* assign to a queue: already in it, not sent */
} OcBulkOutcome;

/*
 * Force close of several conversations, or their assignment to a queue
 * (#21): those the seed's rules allow (not closed; open and in another
 * queue) are sent
 * one after the other, each with an Idempotency-Key of its own made once, so
 * that a retry after the connection dropped (the same key again, once the
 * source is live) closes each at most once. "changed" tells each outcome,
 * "finished" the end.
 */
OcBulkAction   *oc_bulk_action_new            (OcSource      *source,
                                             GPtrArray     *conversations);
OcBulkAction  *oc_bulk_action_new_assign_queue (OcSource   *source,
                                                GPtrArray  *conversations,
                                                const char *queue_id);
const char    *oc_bulk_action_get_queue_id  (OcBulkAction  *self);
char          *oc_bulk_action_describe_skipped (OcBulkAction *self,
                                                const char   *queue_name);
guint          oc_bulk_action_get_n_items    (OcBulkAction   *self);
guint          oc_bulk_action_count          (OcBulkAction   *self,
                                             OcBulkOutcome  outcome);
OcBulkOutcome  oc_bulk_action_get_outcome    (OcBulkAction   *self,
                                             guint          index);
const char    *oc_bulk_action_get_reason     (OcBulkAction   *self,
                                             guint          index);
OcConversation *oc_bulk_action_get_conversation (OcBulkAction *self,
                                                guint        index);
const char    *oc_bulk_action_get_key        (OcBulkAction   *self,
                                             guint          index);
void           oc_bulk_action_run            (OcBulkAction   *self);
gboolean       oc_bulk_action_get_finished   (OcBulkAction   *self);
void           oc_bulk_action_cancel         (OcBulkAction   *self);

G_END_DECLS
