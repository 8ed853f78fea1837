#pragma once

#include "oc-simulator.h"

G_BEGIN_DECLS

typedef struct {
  double   at;
  guint64  seq;
  GObject *object;  /* OcConversation or OcAgent */
} OcSimEvent;

/* What the simulator remembers about a conversation (qdata on it). */
typedef struct {
  guint   open_ticks;
  guint   lines;
  guint64 next_seq;  /* the pending event that counts */
} OcSimInfo;

struct _OcSimulator
{
  GObject  parent_instance;

  OcWorld *world;
  GRand   *rand;
  double   time;          /* simulated seconds since start */
  double   next_arrival;
  double   next_route;
  guint    target;
  guint64  next_id;
  guint64  seq;
  GArray  *heap;          /* OcSimEvent, a binary min-heap on (at, seq) */
};

/* oc-simulator.c */
void       _oc_simulator_schedule      (OcSimulator    *self,
                                        GObject        *object,
                                        double          delay);
OcSimInfo *_oc_simulator_get_info      (OcConversation *conversation);
double     _oc_simulator_uniform       (OcSimulator    *self,
                                        double          low,
                                        double          high);
const char *_oc_simulator_pick         (OcSimulator    *self,
                                        const char * const *strings,
                                        guint           n);
void       _oc_simulator_say           (OcSimulator    *self,
                                        OcConversation *conversation,
                                        OcSender        sender);
/* A line said at @at in the past, loaded without an event (the prefill). */
void       _oc_simulator_said          (OcSimulator    *self,
                                        OcConversation *conversation,
                                        OcSender        sender,
                                        gint64          at);
OcPresence _oc_simulator_pick_presence (OcSimulator    *self);

/* oc-simulator-populate.c */
OcConversation *_oc_simulator_make_conversation (OcSimulator *self,
                                                 gint64       created_at);

G_END_DECLS
