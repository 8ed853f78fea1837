// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-agent-load.h"
#include "oc-conversation-store.h"

G_BEGIN_DECLS

#define OC_TYPE_AGENT_VIEW (oc_agent_view_get_type ())
G_DECLARE_FINAL_TYPE (OcAgentView, oc_agent_view, OC, AGENT_VIEW, GObject)

typedef enum {
  OC_AGENT_SORT_NAME,
  OC_AGENT_SORT_PRESENCE,  /* in OcPresence order, then longest in it first */
  OC_AGENT_SORT_CAPACITY,  /* used, then total */
  OC_AGENT_SORT_HELD,      /* conversations held now */
  OC_AGENT_SORT_HANDLE,    /* longest handle time first; none last */
  OC_AGENT_SORT_QUEUES,    /* how many queues */
  OC_AGENT_SORT_SKILLS,    /* how many skills */
} OcAgentSortColumn;

OcAgentView        *oc_agent_view_new                 (OcConversationStore *store);
OcConversationStore *oc_agent_view_get_store          (OcAgentView         *self);
void                oc_agent_view_set_queue_filter    (OcAgentView         *self,
                                                       const char * const  *queue_ids);
void                oc_agent_view_set_presence_filter (OcAgentView         *self,
                                                       guint                presence_mask);
void                oc_agent_view_set_search_text     (OcAgentView         *self,
                                                       const char          *text);
void                oc_agent_view_set_sort            (OcAgentView         *self,
                                                       OcAgentSortColumn    column,
                                                       gboolean             descending);
OcAgentSortColumn   oc_agent_view_get_sort_column     (OcAgentView         *self);
gboolean            oc_agent_view_get_sort_descending (OcAgentView         *self);
OcAgentLoad        *oc_agent_view_lookup              (OcAgentView         *self,
                                                       const char          *agent_id);
guint               oc_agent_view_get_position        (OcAgentView         *self,
                                                       OcAgentLoad         *load);
gboolean            oc_agent_view_matches             (OcAgentView         *self,
                                                       OcAgentLoad         *load);
guint               oc_agent_view_count_presence      (OcAgentView         *self,
                                                       OcPresence           presence);

G_END_DECLS
