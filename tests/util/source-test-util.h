// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/* Waiting on an OcSource: predicates on its state for oc_test_wait_until(),
 * and a callback that records what an action answered. */

#include "oc-source.h"

G_BEGIN_DECLS

/* On an OcSource: live; reconnecting; given up (auth failed, or offline). */
gboolean is_live         (gpointer source);
gboolean is_reconnecting (gpointer source);
gboolean is_settled      (gpointer source);

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;      /* owned; the test clears it */
} ActionResult;

/* A GAsyncReadyCallback for an OcSource action; @user_data is an
 * ActionResult, filled in from oc_source_action_finish(). */
void     action_done     (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);
/* On an ActionResult: the action has answered. */
gboolean action_is_done  (gpointer      result);

/* An audit log as listed (OcAuditEntry, newest first) holds every seq
 * from @newest down to @oldest once, in that order. */
void     assert_audit_seqs (GListModel *entries,
                            gint64      newest,
                            gint64      oldest);

G_END_DECLS
