// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-conversation-store.h"

G_BEGIN_DECLS

/* What an OcStoreFollower tells its owner. */
typedef struct {
  /* @conversation changed in place, or arrived. */
  void (*changed) (gpointer owner, OcConversation *conversation);
  /* @conversation is about to leave (it is still in the store). */
  void (*removed) (gpointer owner, OcConversation *conversation);
  /* Start again from the store's rows: a snapshot, or a burst of arrivals
   * cheaper to take all at once. */
  void (*reload)  (gpointer owner);
  /* The changes told so far stand together: the end of a batch, or a
   * change made outside one. May be NULL. */
  void (*settled) (gpointer owner);
} OcStoreFollowerFuncs;

/*
 * Follows a store's rows one change at a time, the same way for every
 * incremental consumer (the report's view, the agents view, the notifier):
 * per-row updates, announced departures, arrivals by position, and a
 * reload for what is not announced row by row (a snapshot's one
 * items-changed over everything). Embed it in the owner; it holds a
 * reference on the store until cleared.
 */
typedef struct {
  const OcStoreFollowerFuncs *funcs;
  gpointer                    owner;
  OcConversationStore        *store;
  GSignalGroup               *signals;
  guint                       reload_threshold;
  guint                       pending_removed;   /* announced, not yet gone */
} OcStoreFollower;

void oc_store_follower_init  (OcStoreFollower            *self,
                              OcConversationStore        *store,
                              guint                       reload_threshold,
                              const OcStoreFollowerFuncs *funcs,
                              gpointer                    owner);
void oc_store_follower_clear (OcStoreFollower            *self);

G_END_DECLS
