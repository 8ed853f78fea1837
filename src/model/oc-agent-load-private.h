// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-agent-load.h"
#include "oc-conversation.h"

G_BEGIN_DECLS

/* For OcAgentView, which owns the index of who holds what. */
OcAgentLoad *_oc_agent_load_new            (const char     *agent_id);
const char  *_oc_agent_load_get_agent_id   (OcAgentLoad    *self);
void         _oc_agent_load_set_agent      (OcAgentLoad    *self,
                                            OcAgent        *agent);
/* The name's collation key, kept up to date with the agent's name. */
const char  *_oc_agent_load_get_name_key   (OcAgentLoad    *self);
void         _oc_agent_load_update_name_key (OcAgentLoad   *self);
/* Each updates the figures in O(log held) and notifies those that moved;
 * hold on a conversation already held counts it again as it is now (its
 * channel or start may have changed). */
void         _oc_agent_load_hold           (OcAgentLoad    *self,
                                            OcConversation *conversation);
void         _oc_agent_load_release        (OcAgentLoad    *self,
                                            OcConversation *conversation);
void         _oc_agent_load_release_all    (OcAgentLoad    *self);
gboolean     _oc_agent_load_is_empty       (OcAgentLoad    *self);
/* The presence the view last counted this agent under (-1: none); stores
 * @presence and returns the previous one. */
int          _oc_agent_load_swap_counted_presence (OcAgentLoad *self,
                                                   int          presence);

G_END_DECLS
