// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-agent-view.h"
#include "oc-filter-button.h"
#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_AGENTS_PANEL (oc_agents_panel_get_type ())
G_DECLARE_FINAL_TYPE (OcAgentsPanel, oc_agents_panel, OC, AGENTS_PANEL, GtkWidget)

/*
 * The agents panel, the second view beside the report: one row per agent
 * (OcAgentView) with presence and how long, capacity, the conversations held
 * by channel, the longest handle time, queues and skills; sortable headers,
 * queue and presence filters and a name search.
 *
 * Actions on the selected agent: "agent.show-conversations" (Enter, a double
 * click) emits "show-conversations" (OcAgent *) for the window to filter the
 * report; "agent.assign" (Ctrl+Shift+A) opens the Assign dialog for the
 * longest-waiting open conversation the agent may take, with the agent
 * picked, when the Assign dialog's rules allow one.
 */
OcAgentsPanel  *oc_agents_panel_new             (void);
void            oc_agents_panel_set_source      (OcAgentsPanel *self,
                                                 OcSource      *source);
OcAgentView    *oc_agents_panel_get_view        (OcAgentsPanel *self);
GtkColumnView  *oc_agents_panel_get_column_view (OcAgentsPanel *self);
OcFilterButton *oc_agents_panel_get_filter      (OcAgentsPanel *self,
                                                 gboolean       presence);
GtkEditable    *oc_agents_panel_get_search      (OcAgentsPanel *self);
OcAgent        *oc_agents_panel_get_selected    (OcAgentsPanel *self);
void            oc_agents_panel_select          (OcAgentsPanel *self,
                                                 OcAgent       *agent);
void            oc_agents_panel_focus           (OcAgentsPanel *self);
OcConversation *oc_agents_panel_find_assignable (OcAgentsPanel *self,
                                                 OcAgent       *agent);

G_END_DECLS
