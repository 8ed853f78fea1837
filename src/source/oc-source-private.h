// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-source.h"

G_BEGIN_DECLS

/* For the backends deriving from OcSource, not for the app: each setter
 * notifies the matching property only on change. */

void     _oc_source_set_state             (OcSource      *self,
                                           OcSourceState  state,
                                           const char    *status_message);
void     _oc_source_set_identity          (OcSource      *self,
                                           const char    *user,
                                           OcRole         role);
void     _oc_source_set_member_queues     (OcSource           *self,
                                           const char * const *queue_ids);
/* Records now as "last-event-time" without notifying, so a batch of
 * thousands of frames notifies once, from _oc_source_notify_heard(). */
void     _oc_source_mark_heard            (OcSource      *self);
/* Notifies "last-event-time" when it was marked since the last call. */
void     _oc_source_notify_heard          (OcSource      *self);
/* Notifies "capabilities": what get_capabilities answers may have changed. */
void     _oc_source_notify_capabilities   (OcSource      *self);
void     _oc_source_set_catching_up       (OcSource      *self,
                                           gboolean       catching_up);
/* @total 0: no first load goes on (see oc_source_get_loading()). */
void     _oc_source_set_loading           (OcSource      *self,
                                           guint          done,
                                           guint          total);
void     _oc_source_set_audit_has_older   (OcSource      *self,
                                           gboolean       has_older);

/* Emits "frame-wanted": changes wait for oc_source_begin_frame(). */
void     _oc_source_want_frame            (OcSource      *self);

G_END_DECLS
