// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "oc-agent.h"
#include "oc-audit-entry.h"
#include "oc-conversation.h"
#include "oc-message.h"
#include "oc-queue.h"
#include "oc-watcher.h"
#include "oc-workstream.h"

G_BEGIN_DECLS

/* One change to the floor (or one transcript frame), read from the wire by
 * the protocol layer and applied by the store. */
typedef enum {
  OC_EVENT_UNKNOWN,          /* a type this version does not know: ignore it */
  OC_EVENT_HELLO,
  OC_EVENT_CONVERSATION_UPSERT,
  OC_EVENT_CONVERSATION_REMOVED,
  OC_EVENT_AGENT_UPSERT,
  OC_EVENT_QUEUE_UPSERT,
  OC_EVENT_WORKSTREAM_UPSERT,
  OC_EVENT_RESYNC_REQUIRED,
  OC_EVENT_PING,
  OC_EVENT_AUDIT_ENTRY,       /* not a change: no revision of its own */
  OC_EVENT_CONVERSATION_PRESENCE, /* not a change either */
  /* transcript socket */
  OC_EVENT_MESSAGE,
  OC_EVENT_HISTORY_END,
  OC_EVENT_ENDED,
} OcEventType;

typedef struct {
  OcEventType     type;
  gint64          revision;
  gint64          server_time;    /* hello, ping */
  guint           ping_interval;  /* hello, seconds */
  gint64          last_seq;       /* history-end */
  char           *id;             /* conversation.removed, .presence */
  char           *reason;         /* conversation.removed, resync-required, ended */
  OcConversation *conversation;
  OcAgent        *agent;
  OcQueue        *queue;
  OcWorkstream   *workstream;
  OcMessage      *message;
  OcAuditEntry   *audit_entry;    /* audit.entry */
  GPtrArray      *watchers;       /* OcWatcher, conversation.presence */
  GPtrArray      *warnings;       /* char *, or NULL */
} OcEvent;

void oc_event_free (OcEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcEvent, oc_event_free)

G_END_DECLS
