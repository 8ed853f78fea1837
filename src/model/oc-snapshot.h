// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "oc-agent.h"
#include "oc-conversation.h"
#include "oc-queue.h"
#include "oc-workstream.h"

G_BEGIN_DECLS

/* The whole floor at one revision, as GET /snapshot (or a Dataverse load)
 * gives it: what oc_conversation_store_load_snapshot() takes. */
typedef struct {
  gint64     revision;
  gint64     server_time;
  GPtrArray *queues;         /* OcQueue */
  GPtrArray *workstreams;    /* OcWorkstream */
  GPtrArray *agents;         /* OcAgent */
  GPtrArray *conversations;  /* OcConversation */
  GPtrArray *warnings;       /* char *: skipped objects and cut strings */
  guint      unreadable;     /* conversations skipped because they could not be read */
} OcSnapshot;

OcSnapshot *oc_snapshot_new  (void);
void        oc_snapshot_free (OcSnapshot *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcSnapshot, oc_snapshot_free)

G_END_DECLS
