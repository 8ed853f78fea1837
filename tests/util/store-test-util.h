// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-conversation-store.h"

G_BEGIN_DECLS

/* Shared by test-store, test-view and bench-store: events and conversations
 * built by hand (independent of the wire parser), and a recorder of
 * items-changed that can replay them on a shadow list. */

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  GListModel *model;
  GArray     *changes;     /* Change */
  GPtrArray  *shadow;      /* the model's items, as the signals told them */
  gulong      handler;
  /* Check the shadow against the whole model at every signal, so that one
   * that does not describe its change fails there, not at the end. */
  gboolean    strict;
} ChangeRecorder;

void            change_recorder_init    (ChangeRecorder      *recorder,
                                         GListModel          *model);
void            change_recorder_clear   (ChangeRecorder      *recorder);
void            change_recorder_reset   (ChangeRecorder      *recorder);
/* "(p,r,a)(p,r,a)…" of every items-changed since the last reset. */
char           *change_recorder_format  (ChangeRecorder      *recorder);
/* Asserts the shadow list equals the model, item by item. */
void            change_recorder_assert_shadow (ChangeRecorder *recorder);

OcConversation *test_conversation_new   (const char          *id,
                                         OcStatus             status,
                                         const char          *queue_id,
                                         const char          *agent_id,
                                         gint64               created_at);
OcConversation *test_conversation_copy  (OcConversation      *conversation);

OcEvent        *test_event_upsert       (gint64               revision,
                                         OcConversation      *conversation);
OcEvent        *test_event_removed      (gint64               revision,
                                         const char          *id,
                                         const char          *reason);
OcEvent        *test_event_agent        (gint64               revision,
                                         OcAgent             *agent);
OcEvent        *test_event_simple       (OcEventType          type,
                                         gint64               revision);
void            test_event_free         (OcEvent             *event);

/* Applies @events (freed afterwards); returns what apply_events returned. */
guint           test_apply              (OcConversationStore *store,
                                         GPtrArray           *events);

OcSnapshot     *test_snapshot_new       (gint64               revision);
/* Adds queues "q-00" … named "Queue 0" …, @n_queues of them. */
void            test_snapshot_add_queues (OcSnapshot         *snapshot,
                                          guint               n_queues);
void            test_snapshot_free      (OcSnapshot          *snapshot);

G_END_DECLS
