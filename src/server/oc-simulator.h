// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "oc-world.h"

G_BEGIN_DECLS

#define OC_TYPE_SIMULATOR (oc_simulator_get_type ())
G_DECLARE_FINAL_TYPE (OcSimulator, oc_simulator, OC, SIMULATOR, GObject)

/*
 * A contact center in motion, deterministic for a seed: customers arrive per
 * queue and channel, wait, are routed to agents by allowed presence, skills
 * and capacity, talk (transcript lines), go waiting and back, wrap up and
 * close; sentiment drifts and agents change presence. Simulated time only
 * moves in oc_simulator_advance().
 */
OcSimulator *oc_simulator_new        (OcWorld     *world,
                                      guint64      seed);
/* Builds the floor: workstreams, queues, @n_agents agents (0: a quarter of
 * @n_conversations, 24 to 60) and
 * @n_conversations live conversations, without change events. */
void         oc_simulator_populate   (OcSimulator *self,
                                      guint        n_agents,
                                      guint        n_conversations);
/* Picks up a world loaded from saved state. */
void         oc_simulator_resume     (OcSimulator *self);
/* How many live conversations arrivals aim to keep. */
void         oc_simulator_set_target (OcSimulator *self,
                                      guint        n_conversations);
void         oc_simulator_advance    (OcSimulator *self,
                                      double       seconds);
double       oc_simulator_get_time   (OcSimulator *self);

G_END_DECLS
