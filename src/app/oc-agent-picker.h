// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-agent-list.h"

G_BEGIN_DECLS

#define OC_TYPE_AGENT_PICKER (oc_agent_picker_get_type ())
G_DECLARE_FINAL_TYPE (OcAgentPicker, oc_agent_picker, OC, AGENT_PICKER, GtkWidget)

/*
 * A search box over a live list of OcAgentRow, for the Assign and Transfer
 * dialogs. The best match that can take the conversation is picked at the
 * start and after each search; agents with no free capacity can be read but
 * not picked. Focus goes to the search box; Down moves into the list.
 *
 * Signals: "changed": the picked agent, or whether it can be picked, changed.
 * "activated": Enter in the search box or on a row, or a double click.
 * Escape in the search box activates "window.close".
 */
OcAgentPicker *oc_agent_picker_new            (void);
OcAgentList   *oc_agent_picker_get_agent_list (OcAgentPicker *self);
void           oc_agent_picker_set_agent_list (OcAgentPicker *self,
                                               OcAgentList   *agent_list);
OcAgent       *oc_agent_picker_get_agent      (OcAgentPicker *self);
gboolean       oc_agent_picker_pick           (OcAgentPicker *self,
                                               OcAgent       *agent);
GtkListView   *oc_agent_picker_get_list_view  (OcAgentPicker *self);
GtkEditable   *oc_agent_picker_get_search     (OcAgentPicker *self);

G_END_DECLS
