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

/*
 * The filtered, sorted projection of a store that the report shows. Kept on a
 * GSequence: an update moves its row with O(log n) work and at most two
 * items-changed (out of the old place, into the new); none when the place holds.
 * Changing the filter or the sort rebuilds once.
 */
OcConversationView *oc_conversation_view_new                (OcConversationStore *store);
OcConversationStore *oc_conversation_view_get_store         (OcConversationView  *self);

/* Filters: NULL or 0 means "all". Masks have bit (1 << enum value). */
void      oc_conversation_view_set_queue_filter   (OcConversationView  *self,
                                                   const char * const  *queue_ids);
void      oc_conversation_view_set_channel_filter (OcConversationView  *self,
                                                   guint                channel_mask);
void      oc_conversation_view_set_status_filter  (OcConversationView  *self,
                                                   guint                status_mask);
/* @agent_ids NULL and !@unassigned: all. Otherwise rows whose agent is in
 * @agent_ids, plus unassigned rows when @unassigned. */
void      oc_conversation_view_set_agent_filter   (OcConversationView  *self,
                                                   const char * const  *agent_ids,
                                                   gboolean             unassigned);
/* Case-insensitive match over subject, customer name and agent name. */
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
/* Position of @conversation in the view, or G_MAXUINT when filtered out. */
guint     oc_conversation_view_get_position       (OcConversationView  *self,
                                                   OcConversation      *conversation);
gboolean  oc_conversation_view_matches            (OcConversationView  *self,
                                                   OcConversation      *conversation);

/* Faceted counts: how many rows have this value and pass every other filter
 * (the facet's own selection does not narrow them, so they tell what checking
 * one more value would add). O(1); kept up to date with every change. */
guint     oc_conversation_view_count_queue        (OcConversationView  *self,
                                                   const char          *queue_id);
guint     oc_conversation_view_count_channel      (OcConversationView  *self,
                                                   OcChannel            channel);
guint     oc_conversation_view_count_status       (OcConversationView  *self,
                                                   OcStatus             status);
/* @agent_id %NULL counts the unassigned rows. */
guint     oc_conversation_view_count_agent        (OcConversationView  *self,
                                                   const char          *agent_id);

G_END_DECLS
