// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-conversation-store.h"
#include "oc-id-list-private.h"

G_BEGIN_DECLS

struct _OcConversationStore
{
  GObject      parent_instance;

  GSequence   *rows;          /* OcConversation, owned, in arrival order */
  GHashTable  *index;         /* id (owned by the row) -> GSequenceIter */
  guint        n_items;
  gint64       revision;

  OcClockFunc  clock_func;
  gpointer     clock_data;

  OcIdList     agents;
  OcIdList     queues;
  OcIdList     workstreams;

  /* Pending changes of the batch being applied (oc-conversation-store-batch.c). */
  GPtrArray   *removals;          /* Removal */
  GHashTable  *removal_index;     /* OcConversation -> Removal */
  GPtrArray   *added;             /* OcConversation, owned */
  GHashTable  *added_index;       /* id -> OcConversation */

  guint        loading : 1;
  guint        in_batch : 1;
};

/* For OcConversationView. */

/* The rows in arrival order (GSequence of OcConversation); read only. */
GSequence *_oc_conversation_store_get_sequence     (OcConversationStore *self);
/* TRUE while load_snapshot swaps the world: per-row signals emitted then
 * are followed by one items-changed covering everything. */
gboolean   _oc_conversation_store_is_loading       (OcConversationStore *self);
/* Arrival order of two rows of the store (<0, 0, >0). */
int        _oc_conversation_store_compare_arrival  (OcConversationStore *self,
                                                    OcConversation      *a,
                                                    OcConversation      *b);

/* Between the store's two files. */

void       _oc_conversation_store_emit_updated     (OcConversationStore *self,
                                                    OcConversation      *conversation);
void       _oc_conversation_store_emit_removed     (OcConversationStore *self,
                                                    OcConversation      *conversation,
                                                    const char          *reason);
gboolean   _oc_conversation_is_expired             (OcConversation      *conversation,
                                                    gint64               now);

void       _oc_store_batch_init                    (OcConversationStore *self);
void       _oc_store_batch_clear                   (OcConversationStore *self);
void       _oc_store_batch_upsert                  (OcConversationStore *self,
                                                    OcConversation      *update,
                                                    gint64               now);
void       _oc_store_batch_remove_id               (OcConversationStore *self,
                                                    const char          *id,
                                                    const char          *reason);
void       _oc_store_batch_mark_removed            (OcConversationStore *self,
                                                    OcConversation      *conversation,
                                                    GSequenceIter       *iter,
                                                    const char          *reason,
                                                    OcConversation      *update);
guint      _oc_store_batch_n_removed               (OcConversationStore *self);
/* Applies what the batch collected, with as few items-changed as it can. */
void       _oc_store_batch_flush                   (OcConversationStore *self);

G_END_DECLS
