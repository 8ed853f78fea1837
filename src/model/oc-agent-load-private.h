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
/* What the view counted for the agent; it keeps the index of who holds
 * what (OcAgentLoad keeps no per-conversation record). */
typedef struct {
  guint  n_held;
  guint  n_on[OC_CHANNEL_VOICE + 1];
  gint64 oldest_assigned_at;   /* 0: none */
} OcAgentFigures;

const OcAgentFigures *_oc_agent_load_get_figures (OcAgentLoad          *self);
/* Stores @figures and notifies those that moved, together. */
void         _oc_agent_load_set_figures    (OcAgentLoad          *self,
                                            const OcAgentFigures *figures);
/* The view's number for the agent, an index into its per-agent records. */
guint        _oc_agent_load_get_index      (OcAgentLoad    *self);
void         _oc_agent_load_set_index      (OcAgentLoad    *self,
                                            guint           index);
gboolean     _oc_agent_load_is_empty       (OcAgentLoad    *self);
/* The presence the view last counted this agent under (-1: none); stores
 * @presence and returns the previous one. */
int          _oc_agent_load_swap_counted_presence (OcAgentLoad *self,
                                                   int          presence);

G_END_DECLS
