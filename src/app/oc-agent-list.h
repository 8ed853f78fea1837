// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-conversation-store.h"

G_BEGIN_DECLS

/* Which agents a dialog may offer for one conversation. */
typedef enum {
  OC_AGENT_LIST_ASSIGN,    /* serves its queue, presence allowed */
  OC_AGENT_LIST_TRANSFER,  /* the same, and not the current agent */
} OcAgentListMode;

#define OC_TYPE_AGENT_LIST (oc_agent_list_get_type ())
G_DECLARE_FINAL_TYPE (OcAgentList, oc_agent_list, OC, AGENT_LIST, GObject)

/*
 * The store's agents that may take @conversation, live (presence, capacity,
 * queues and the workstream's rules are followed as they change), narrowed by
 * a search text and sorted by best match: required skills held, then free
 * capacity, then name. Agents with no free capacity stay in the list (the
 * dialog shows why they cannot be picked).
 *
 * Agents' own changes are gathered and applied to the list in an idle of
 * G_PRIORITY_HIGH_IDLE, before the next frame, each agent re-filtered and
 * moved alone.
 *
 * Signals: "agent-changed" (OcAgent *): an agent's properties changed in
 * place; emitted at once, before the list follows.
 */
OcAgentList *oc_agent_list_new                (OcConversationStore *store,
                                               OcConversation      *conversation,
                                               OcAgentListMode      mode);
GListModel  *oc_agent_list_get_model          (OcAgentList         *self);
guint        oc_agent_list_get_n_offered      (OcAgentList         *self);
void         oc_agent_list_set_search         (OcAgentList         *self,
                                               const char          *text);
const char * const *
             oc_agent_list_get_required_skills (OcAgentList        *self);
gboolean     oc_agent_list_offers             (OcAgentList         *self,
                                               OcAgent             *agent);
gboolean     oc_agent_list_can_take           (OcAgentList         *self,
                                               OcAgent             *agent);
gboolean     oc_agent_list_is_best_fit        (OcAgentList         *self,
                                               OcAgent             *agent);

gboolean     oc_agent_may_take                (OcConversationStore *store,
                                               OcConversation      *conversation,
                                               OcAgent             *agent);
guint        oc_agent_count_matched_skills    (OcAgent             *agent,
                                               const char * const  *skills);

G_END_DECLS
