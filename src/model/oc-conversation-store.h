// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-event.h"
#include "oc-snapshot.h"

G_BEGIN_DECLS

#define OC_TYPE_CONVERSATION_STORE (oc_conversation_store_get_type ())
G_DECLARE_FINAL_TYPE (OcConversationStore, oc_conversation_store, OC, CONVERSATION_STORE, GObject)

/* Returns "now" as Unix seconds; injectable so tests control ageing. */
typedef gint64 (*OcClockFunc) (gpointer user_data);

#define OC_CONVERSATION_MAX_AGE (24 * 60 * 60)

/*
 * A GListModel of OcConversation in arrival order, with an id index.
 * Signals:
 *  - "conversation-updated" (OcConversation *): an existing row changed in
 *    place (its properties notified); no items-changed is emitted for it.
 *  - "conversation-removed" (OcConversation *, const char *reason): emitted
 *    before the row leaves (reason "closed", "force-closed", "expired", …).
 *  - "resync-needed": a revision gap; the caller should load a fresh snapshot.
 */
OcConversationStore *oc_conversation_store_new               (void);
void                 oc_conversation_store_set_clock         (OcConversationStore *self,
                                                              OcClockFunc          func,
                                                              gpointer             user_data);
gint64               oc_conversation_store_now               (OcConversationStore *self);
gint64               oc_conversation_store_get_revision      (OcConversationStore *self);
/* Replaces the world with @snapshot. Rows whose id stays keep their object
 * (updated in place), so selections and open dialogs survive a resync. */
void                 oc_conversation_store_load_snapshot     (OcConversationStore *self,
                                                              OcSnapshot          *snapshot);
/* Applies a batch of events (OcEvent *) in order, coalescing insertions and
 * removals into as few items-changed as possible. Stops at a revision gap and
 * emits "resync-needed". Returns the number of events applied. */
guint                oc_conversation_store_apply_events      (OcConversationStore *self,
                                                              OcEvent * const     *events,
                                                              guint                n_events);
/* Drops conversations older than OC_CONVERSATION_MAX_AGE by the clock. */
guint                oc_conversation_store_expire            (OcConversationStore *self);
OcConversation      *oc_conversation_store_lookup            (OcConversationStore *self,
                                                              const char          *id);
OcAgent             *oc_conversation_store_lookup_agent      (OcConversationStore *self,
                                                              const char          *id);
OcQueue             *oc_conversation_store_lookup_queue      (OcConversationStore *self,
                                                              const char          *id);
OcWorkstream        *oc_conversation_store_lookup_workstream (OcConversationStore *self,
                                                              const char          *id);
/* Live lists (GListModel of OcAgent / OcQueue / OcWorkstream) for dialogs. */
GListModel          *oc_conversation_store_get_agents        (OcConversationStore *self);
GListModel          *oc_conversation_store_get_queues        (OcConversationStore *self);
GListModel          *oc_conversation_store_get_workstreams   (OcConversationStore *self);

G_END_DECLS
