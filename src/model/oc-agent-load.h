// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "oc-agent.h"

G_BEGIN_DECLS

#define OC_TYPE_AGENT_LOAD (oc_agent_load_get_type ())
G_DECLARE_FINAL_TYPE (OcAgentLoad, oc_agent_load, OC, AGENT_LOAD, GObject)

/*
 * One row of the agents panel: an agent and the conversations they hold now
 * (assigned to them, status active, waiting or wrap-up), kept by
 * OcAgentView as the store changes.
 */
OcAgent  *oc_agent_load_get_agent              (OcAgentLoad *self);
guint     oc_agent_load_get_n_held             (OcAgentLoad *self);
guint     oc_agent_load_get_n_held_on          (OcAgentLoad *self,
                                                OcChannel    channel);
gint64    oc_agent_load_get_oldest_assigned_at (OcAgentLoad *self);
gint64    oc_agent_load_get_longest_handle     (OcAgentLoad *self,
                                                gint64       now);

G_END_DECLS
