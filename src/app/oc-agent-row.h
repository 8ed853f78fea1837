// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-agent.h"

G_BEGIN_DECLS

#define OC_TYPE_AGENT_ROW (oc_agent_row_get_type ())
G_DECLARE_FINAL_TYPE (OcAgentRow, oc_agent_row, OC, AGENT_ROW, GtkWidget)

/*
 * One agent as a candidate for a conversation: name, presence (icon and word),
 * skills with the conversation's required ones marked as held or missing, and
 * capacity. Follows the agent's changes while shown.
 *
 * Properties: "agent" (OcAgent), "required-skills" (GStrv), "can-take"
 * (read-only: the agent has free capacity).
 */
GtkWidget          *oc_agent_row_new                 (void);
OcAgent            *oc_agent_row_get_agent           (OcAgentRow         *self);
void                oc_agent_row_set_agent           (OcAgentRow         *self,
                                                      OcAgent            *agent);
const char * const *oc_agent_row_get_required_skills (OcAgentRow         *self);
void                oc_agent_row_set_required_skills (OcAgentRow         *self,
                                                      const char * const *skills);
gboolean            oc_agent_row_get_can_take        (OcAgentRow         *self);

char               *oc_agent_row_describe            (OcAgent            *agent,
                                                      const char * const *required_skills);

G_END_DECLS
