// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-agent-load.h"
#include "oc-clock.h"
#include "oc-conversation-store.h"

G_BEGIN_DECLS

/* The agents panel's columns, in their order. */
typedef enum {
  OC_AGENT_COLUMN_NAME,
  OC_AGENT_COLUMN_PRESENCE,
  OC_AGENT_COLUMN_CAPACITY,
  OC_AGENT_COLUMN_HELD,
  OC_AGENT_COLUMN_HANDLE,
  OC_AGENT_COLUMN_QUEUES,
  OC_AGENT_COLUMN_SKILLS,
  OC_N_AGENT_COLUMNS
} OcAgentColumn;

#define OC_TYPE_AGENT_CELL (oc_agent_cell_get_type ())
G_DECLARE_FINAL_TYPE (OcAgentCell, oc_agent_cell, OC, AGENT_CELL, GtkWidget)

/*
 * One cell of the agents panel: a plain label (names are never markup) that
 * follows its agent, their load and, for times, the shared clock. The name
 * cell also gives the row its spoken sentence.
 */
OcAgentCell *oc_agent_cell_new         (OcAgentColumn        column,
                                        OcConversationStore *store,
                                        OcClock             *clock);
void         oc_agent_cell_set_load    (OcAgentCell         *self,
                                        OcAgentLoad         *load);
const char  *oc_agent_cell_get_text    (OcAgentCell         *self);

const char  *oc_agent_column_title     (OcAgentColumn        column);
char        *oc_agent_column_format    (OcAgentColumn        column,
                                        OcConversationStore *store,
                                        OcAgentLoad         *load,
                                        gint64               now);
char        *oc_agent_describe_row     (OcConversationStore *store,
                                        OcAgentLoad         *load);

G_END_DECLS
