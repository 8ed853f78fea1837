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

OcConversationStore *oc_conversation_store_new               (void);
void                 oc_conversation_store_set_clock         (OcConversationStore *self,
                                                              OcClockFunc          func,
                                                              gpointer             user_data);
gint64               oc_conversation_store_now               (OcConversationStore *self);
gint64               oc_conversation_store_get_revision      (OcConversationStore *self);
guint                oc_conversation_store_get_unreadable    (OcConversationStore *self);
gint64               oc_conversation_store_get_max_age       (OcConversationStore *self);
void                 oc_conversation_store_set_max_age       (OcConversationStore *self,
                                                              gint64               max_age);
void                 oc_conversation_store_sync_directory    (OcConversationStore *self,
                                                              GPtrArray           *workstreams,
                                                              GPtrArray           *queues,
                                                              GPtrArray           *agents);
void                 oc_conversation_store_load_snapshot     (OcConversationStore *self,
                                                              OcSnapshot          *snapshot);
void                 oc_conversation_store_begin_load        (OcConversationStore *self,
                                                              OcSnapshot          *head);
void                 oc_conversation_store_load_more         (OcConversationStore *self,
                                                              GPtrArray           *conversations);
void                 oc_conversation_store_end_load          (OcConversationStore *self,
                                                              gint64               revision,
                                                              guint                unreadable);
guint                oc_conversation_store_apply_events      (OcConversationStore *self,
                                                              OcEvent * const     *events,
                                                              guint                n_events);
guint                oc_conversation_store_expire            (OcConversationStore *self);
OcConversation      *oc_conversation_store_lookup            (OcConversationStore *self,
                                                              const char          *id);
OcAgent             *oc_conversation_store_lookup_agent      (OcConversationStore *self,
                                                              const char          *id);
OcQueue             *oc_conversation_store_lookup_queue      (OcConversationStore *self,
                                                              const char          *id);
OcWorkstream        *oc_conversation_store_lookup_workstream (OcConversationStore *self,
                                                              const char          *id);
gboolean             oc_conversation_store_set_watchers      (OcConversationStore *self,
                                                              const char          *id,
                                                              GPtrArray           *watchers);
void                 oc_conversation_store_clear_watchers    (OcConversationStore *self);
GListModel          *oc_conversation_store_get_agents        (OcConversationStore *self);
GListModel          *oc_conversation_store_get_queues        (OcConversationStore *self);
GListModel          *oc_conversation_store_get_workstreams   (OcConversationStore *self);

G_END_DECLS
