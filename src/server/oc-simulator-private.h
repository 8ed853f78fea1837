// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-simulator.h"

G_BEGIN_DECLS

struct _OcSimulator
{
  GObject  parent_instance;

  OcWorld *world;
  guint64  seed;
  GRand   *rand;
  GRand   *flag_rand;   /* its own: flags leave the rest of a seed's history as it was */
  GRand   *hostile_rand; /* non-NULL with hostile text on; its own, for the same reason */
  double   time;          /* simulated seconds since start */
  double   next_arrival;
  double   next_route;
  guint    target;
  guint64  next_id;
  guint64  seq;
  GArray  *heap;          /* OcSimEvent, a binary min-heap on (at, seq) */
};

/* oc-simulator.c */
double     _oc_simulator_uniform       (OcSimulator    *self,
                                        double          low,
                                        double          high);
const char *_oc_simulator_pick         (OcSimulator    *self,
                                        const char * const *strings,
                                        guint           n);
/* As _oc_simulator_pick(), for text people read: now and then a hostile
 * string instead, with hostile text on. */
const char *_oc_simulator_pick_text    (OcSimulator    *self,
                                        const char * const *strings,
                                        guint           n);
/* A line said at @at in the past, loaded without an event (the prefill). */
void       _oc_simulator_said          (OcSimulator    *self,
                                        OcConversation *conversation,
                                        OcSender        sender,
                                        gint64          at);
OcPresence _oc_simulator_pick_presence (OcSimulator    *self);
/* Picks the world up, its clock reading @now (oc_simulator_resume()). */
void       _oc_simulator_resume_at     (OcSimulator    *self,
                                        gint64          now);

/* The ids of agents on a voice call now (a set). */
GHashTable *_oc_simulator_list_on_call (OcSimulator    *self);
/* Whether routing may offer @conversation to @agent, who may take it, and
 * whose presence is left to the caller. */
gboolean   _oc_simulator_may_offer     (OcSimulator    *self,
                                        OcAgent        *agent,
                                        OcConversation *conversation,
                                        GHashTable     *on_call);

/* oc-simulator-populate.c */
/* How long an agent handles a conversation on @channel, in seconds. */
gint64          _oc_simulator_sample_handle     (OcSimulator *self,
                                                 OcChannel    channel);
OcConversation *_oc_simulator_make_conversation (OcSimulator *self,
                                                 gint64       created_at);

void        _oc_simulator_prefill_flag  (OcSimulator    *self,
                                         OcConversation *conversation,
                                         gint64          now);

G_END_DECLS
