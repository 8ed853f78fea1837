// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-conversation.h"

G_BEGIN_DECLS

/* Everything of a conversation at once, for the protocol reader: a snapshot
 * makes 100,000 of them, and per-field setters would notify (taking GLib's
 * global locks) 1.6 million times for objects nobody watches yet. */
typedef struct {
  char        *id;              /* taken */
  char        *subject;         /* taken, nullable */
  char        *customer_name;   /* taken, nullable */
  const char  *sub_channel;     /* interned by the callee, nullable */
  const char  *queue_id;
  const char  *workstream_id;
  const char  *agent_id;
  const char **skills;          /* taken: interned items, NULL-terminated; nullable */
  char        *flag_reason;     /* taken, nullable */
  const char  *flag_lowered_by; /* interned by the callee, nullable */
  gint64       flag_raised_at;
  gint64       flag_lowered_at;
  gint64       revision;
  gint64       created_at;
  gint64       status_since;
  gint64       first_assigned_at;
  gint64       wait_seconds;
  gint64       waiting_since;
  OcStatus     status;
  OcChannel    channel;
  OcSentiment  sentiment;
  OcEstimate   wait_estimate;
  OcEstimate   handle_estimate;
} OcConversationFields;

/* Takes the owned members of @fields (and clears them). */
OcConversation *_oc_conversation_new_take (OcConversationFields *fields);

/* A small number of its own among the conversations alive, reused after it
 * is finalized: views index their per-row records by it instead of hashing
 * the pointer. */
guint           _oc_conversation_get_slot (OcConversation *self);

/* Makes *@array, of *@n_elements records of @element_size, long enough to
 * hold @slot (the records added zeroed; a quarter more each time, since
 * slots are dense, about as many as the rows) and returns @slot's record. */
gpointer        _oc_slot_array_ensure     (gpointer *array,
                                           guint    *n_elements,
                                           gsize     element_size,
                                           guint     slot);

/* Binary min-heaps of slots, ordered by a key of each slot's record, then by
 * slot (a total order), whose records know their place in the heap: @key
 * reads a slot's key, @place is told each slot's new position. */
typedef gint64 (*OcSlotKeyFunc)   (gconstpointer owner,
                                   guint32       slot);
typedef void   (*OcSlotPlaceFunc) (gpointer      owner,
                                   guint32       slot,
                                   guint32       pos);
/* Moves the slot at @pos up or down to where the heap of @n holds again. */
void            _oc_slot_heap_sift        (guint32         *heap,
                                           guint32          n,
                                           guint32          pos,
                                           OcSlotKeyFunc    key,
                                           OcSlotPlaceFunc  place,
                                           gpointer         owner);
/* Only down, as building a heap bottom-up needs. */
void            _oc_slot_heap_sift_down   (guint32         *heap,
                                           guint32          n,
                                           guint32          pos,
                                           OcSlotKeyFunc    key,
                                           OcSlotPlaceFunc  place,
                                           gpointer         owner);

/* The queue's and the agent's ids as stored, quarks (0 for none): half a
 * pointer in per-row records. */
GQuark          _oc_conversation_get_queue_quark (OcConversation *self);
GQuark          _oc_conversation_get_agent_quark (OcConversation *self);

G_END_DECLS
