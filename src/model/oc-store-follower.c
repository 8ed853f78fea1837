// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-store-follower"

#include "config.h"

#include "oc-conversation-store-private.h"
#include "oc-store-follower.h"

static void
settle_unless_batch (OcStoreFollower *self)
{
  /* Outside a batch nobody says when it is done: now. */
  if (self->funcs->settled != NULL && !_oc_conversation_store_in_batch (self->store))
    self->funcs->settled (self->owner);
}

static void
on_conversation_updated (OcConversationStore *store,
                         OcConversation      *conversation,
                         OcStoreFollower     *self)
{
  /* A snapshot ends with one items-changed over everything: reload then. */
  if (_oc_conversation_store_is_loading (store))
    return;

  self->funcs->changed (self->owner, conversation);
  settle_unless_batch (self);
}

static void
on_conversation_removed (OcConversationStore *store,
                         OcConversation      *conversation,
                         const char          *reason,
                         OcStoreFollower     *self)
{
  if (_oc_conversation_store_is_loading (store))
    return;

  self->pending_removed++;
  self->funcs->removed (self->owner, conversation);
}

static void
on_items_changed (GListModel      *store,
                  guint            position,
                  guint            removed,
                  guint            added,
                  OcStoreFollower *self)
{
  OcRowTreeIter iter;

  if (removed > 0)
    {
      /* A removal nobody announced (a snapshot): start again. */
      if (removed > self->pending_removed)
        {
          self->pending_removed = 0;
          self->funcs->reload (self->owner);
          return;
        }
      self->pending_removed -= removed;
    }

  if (added == 0)
    return;

  if (added > self->reload_threshold)
    {
      self->funcs->reload (self->owner);
      return;
    }

  if (!oc_row_tree_iter_init_nth (_oc_conversation_store_get_rows (self->store), position, &iter))
    g_return_if_reached ();
  for (guint i = 0; i < added; i++, oc_row_tree_iter_next (&iter))
    self->funcs->changed (self->owner, oc_row_tree_iter_get (&iter));
  settle_unless_batch (self);
}

static void
on_batch_done (OcConversationStore *store,
               OcStoreFollower     *self)
{
  if (self->funcs->settled != NULL)
    self->funcs->settled (self->owner);
}

/**
 * oc_store_follower_init:
 * @store: the store to follow
 * @reload_threshold: more arrivals than this at once are a reload
 * @funcs: (not nullable): what to call; changed, removed and reload are required
 * @owner: passed to @funcs
 *
 * Starts following @store. Nothing is told about the rows already there:
 * the owner reads them itself.
 */
void
oc_store_follower_init (OcStoreFollower            *self,
                        OcConversationStore        *store,
                        guint                       reload_threshold,
                        const OcStoreFollowerFuncs *funcs,
                        gpointer                    owner)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (OC_IS_CONVERSATION_STORE (store));
  g_return_if_fail (funcs != NULL && funcs->changed != NULL && funcs->removed != NULL && funcs->reload != NULL);

  self->funcs = funcs;
  self->owner = owner;
  self->store = g_object_ref (store);
  self->reload_threshold = reload_threshold;
  self->pending_removed = 0;

  self->signals = g_signal_group_new (OC_TYPE_CONVERSATION_STORE);
  g_signal_group_connect (self->signals, "conversation-updated", G_CALLBACK (on_conversation_updated), self);
  g_signal_group_connect (self->signals, "conversation-removed", G_CALLBACK (on_conversation_removed), self);
  g_signal_group_connect (self->signals, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_group_connect (self->signals, "batch-done", G_CALLBACK (on_batch_done), self);
  g_signal_group_set_target (self->signals, store);
}

/**
 * oc_store_follower_clear:
 *
 * Stops following; safe to call twice (dispose).
 */
void
oc_store_follower_clear (OcStoreFollower *self)
{
  g_return_if_fail (self != NULL);

  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->store);
}
