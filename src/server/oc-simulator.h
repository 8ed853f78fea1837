// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "oc-world.h"

G_BEGIN_DECLS

#define OC_TYPE_SIMULATOR (oc_simulator_get_type ())
G_DECLARE_FINAL_TYPE (OcSimulator, oc_simulator, OC, SIMULATOR, GObject)

OcSimulator *oc_simulator_new        (OcWorld     *world,
                                      guint64      seed);
void         oc_simulator_populate   (OcSimulator *self,
                                      guint        n_agents,
                                      guint        n_conversations);
void         oc_simulator_resume     (OcSimulator *self);
void         oc_simulator_set_hostile_text (OcSimulator *self,
                                            gboolean     hostile);
void         oc_simulator_set_target (OcSimulator *self,
                                      guint        n_conversations);
void         oc_simulator_advance    (OcSimulator *self,
                                      double       seconds);
double       oc_simulator_get_time   (OcSimulator *self);

G_END_DECLS
