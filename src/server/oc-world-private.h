// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <json-glib/json-glib.h>

#include "oc-change-log.h"
#include "oc-world.h"

G_BEGIN_DECLS

struct _OcWorld
{
  GObject     parent_instance;

  gint64      revision;
  double      clock_offset;

  GPtrArray  *workstreams;
  GPtrArray  *queues;
  GPtrArray  *agents;
  GHashTable *workstream_by_id;
  GHashTable *queue_by_id;
  GHashTable *agent_by_id;

  GHashTable *entries;        /* conversation id -> OcWorldEntry */
  GHashTable *open_by_queue;  /* interned queue id -> GSequence of OcWorldEntry */
  GSequence  *by_age;         /* OcWorldEntry, oldest first */

  OcChangeLog *log;

  guint       transcript_limit;
};

/* What the world keeps about one live conversation. */
typedef struct {
  OcConversation *conversation;
  GSequenceIter  *open_iter;    /* in its queue's open index while open */
  const char     *open_queue;   /* interned queue id of open_iter */
  gint64          open_key;     /* sort key fixed at insertion */
  GSequenceIter  *age_iter;
  gint64          age_key;
  GBytes         *json;         /* cached oc_protocol_write_conversation() */
  GPtrArray      *transcript;   /* OcMessage, the most recent ones */
  gint64          last_seq;
  GPtrArray      *joined;       /* char *: supervisors who joined, or NULL */
} OcWorldEntry;

OcWorldEntry *_oc_world_lookup_entry           (OcWorld        *self,
                                                const char     *id);
void          _oc_world_emit_message_added     (OcWorld        *self,
                                                OcConversation *conversation,
                                                OcMessage      *message);
void          _oc_world_emit_joined_changed    (OcWorld        *self,
                                                const char     *conversation_id,
                                                const char     *user,
                                                gboolean        joined);

/* oc-world-transcript.c: returns TRUE when it changed anything. */
gboolean      _oc_world_set_joined                 (OcWorld        *self,
                                                    const char     *conversation_id,
                                                    const char     *user,
                                                    gboolean        joined);

/* oc-world-json.c */
GBytes       *_oc_world_take_builder               (JsonBuilder    *builder);
GBytes       *_oc_world_build_upsert               (const char     *type,
                                                    gint64          revision,
                                                    const char     *member,
                                                    GObject        *object);
GBytes       *_oc_world_build_conversation_upsert  (gint64          revision,
                                                    GBytes         *json);

G_END_DECLS
