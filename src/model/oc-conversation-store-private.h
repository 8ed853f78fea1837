// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-conversation-store.h"
#include "oc-row-tree.h"

G_BEGIN_DECLS

/* For OcConversationView, OcStoreFollower and OcAgentView. */

/* The rows in arrival order (OcConversation); read only. An iterator
 * (oc_row_tree_iter_init_nth()) stays valid until the store changes them. */
const OcRowTree *_oc_conversation_store_get_rows   (OcConversationStore *self);
/* TRUE while load_snapshot swaps the world: per-row signals emitted then
 * are followed by one items-changed covering everything. */
gboolean   _oc_conversation_store_is_loading       (OcConversationStore *self);
/* TRUE inside apply_events and expire: "batch-done" follows. */
gboolean   _oc_conversation_store_in_batch         (OcConversationStore *self);
/* Arrival order of two rows of the store (<0, 0, >0). */
int        _oc_conversation_store_compare_arrival  (OcConversationStore *self,
                                                    OcConversation      *a,
                                                    OcConversation      *b);

G_END_DECLS
