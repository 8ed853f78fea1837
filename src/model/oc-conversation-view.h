// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-conversation-store.h"

G_BEGIN_DECLS

#define OC_TYPE_CONVERSATION_VIEW (oc_conversation_view_get_type ())
G_DECLARE_FINAL_TYPE (OcConversationView, oc_conversation_view, OC, CONVERSATION_VIEW, GObject)

typedef enum {
  OC_SORT_NONE,        /* arrival order */
  OC_SORT_SUBJECT,
  OC_SORT_STATUS,
  OC_SORT_AGENT,       /* by agent id; the app may plug a by-name comparator */
  OC_SORT_QUEUE,
  OC_SORT_CHANNEL,
  OC_SORT_WAIT,        /* by wait key: longest wait first when ascending */
  OC_SORT_HANDLE,      /* by first-assigned-at */
  OC_SORT_SENTIMENT,
  OC_SORT_CUSTOMER,
  OC_SORT_CREATED,
  OC_SORT_AGENT_NAME,  /* by the agent's name (its id when unknown), unassigned last */
  OC_SORT_QUEUE_NAME,  /* by the queue's name (its id when unknown), none last */
  OC_SORT_FLAG,        /* help flags up first, oldest first, then lowered ones */
  OC_SORT_WATCHERS,    /* by how many watch (monitor or joined), fewest first */
} OcSortColumn;

/* The filters that can be counted per value. */
typedef enum {
  OC_FACET_QUEUE,
  OC_FACET_CHANNEL,
  OC_FACET_STATUS,
  OC_FACET_AGENT,
} OcFacet;

/* Compares two conversations; the view breaks ties by id itself. */
typedef int (*OcConversationCompareFunc) (OcConversation *a,
                                          OcConversation *b,
                                          gpointer        user_data);

OcConversationView *oc_conversation_view_new                (OcConversationStore *store);
OcConversationStore *oc_conversation_view_get_store         (OcConversationView  *self);

void      oc_conversation_view_set_queue_filter   (OcConversationView  *self,
                                                   const char * const  *queue_ids);
void      oc_conversation_view_set_channel_filter (OcConversationView  *self,
                                                   guint                channel_mask);
void      oc_conversation_view_set_status_filter  (OcConversationView  *self,
                                                   guint                status_mask);
void      oc_conversation_view_set_agent_filter   (OcConversationView  *self,
                                                   const char * const  *agent_ids,
                                                   gboolean             unassigned);
void      oc_conversation_view_set_flagged_only   (OcConversationView  *self,
                                                   gboolean             flagged_only);
void      oc_conversation_view_set_search_text    (OcConversationView  *self,
                                                   const char          *text);
void      oc_conversation_view_set_sort           (OcConversationView  *self,
                                                   OcSortColumn         column,
                                                   gboolean             descending);
void      oc_conversation_view_set_sort_func      (OcConversationView  *self,
                                                   OcConversationCompareFunc func,
                                                   gpointer             user_data,
                                                   GDestroyNotify       destroy);
OcSortColumn oc_conversation_view_get_sort_column (OcConversationView  *self);
gboolean  oc_conversation_view_get_sort_descending (OcConversationView *self);
guint     oc_conversation_view_get_position       (OcConversationView  *self,
                                                   OcConversation      *conversation);
gboolean  oc_conversation_view_matches            (OcConversationView  *self,
                                                   OcConversation      *conversation);
int       oc_conversation_view_compare            (OcConversationView  *self,
                                                   OcConversation      *a,
                                                   OcConversation      *b);
void      oc_conversation_view_set_pinned         (OcConversationView  *self,
                                                   OcConversation * const *rows,
                                                   guint                n_rows);

guint     oc_conversation_view_count_queue        (OcConversationView  *self,
                                                   const char          *queue_id);
guint     oc_conversation_view_count_channel      (OcConversationView  *self,
                                                   OcChannel            channel);
guint     oc_conversation_view_count_status       (OcConversationView  *self,
                                                   OcStatus             status);
guint     oc_conversation_view_count_agent        (OcConversationView  *self,
                                                   const char          *agent_id);

G_END_DECLS
