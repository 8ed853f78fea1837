// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-action-dialog-private.h"
#include "oc-agent-list.h"
#include "oc-agent-picker.h"
#include "oc-client.h"
#include "oc-force-close-dialog-private.h"
#include "oc-test-util.h"
#include "widget-test-util.h"

G_BEGIN_DECLS

/* Helpers shared by test-dialogs, test-dialogs-live and
 * test-dialogs-screenshots. */

/* GTK for a test: cairo, GTK's accessibility test backend, our style sheet,
 * no animations. */
void             dialogs_test_init      (int                  *argc,
                                         char               ***argv);

/* Main loop: wait_for() is FALSE after 20 s (a hang guard, not a timing). */
gboolean         wait_for               (gboolean            (*done) (gpointer),
                                         gpointer              data);
void             drain                  (void);
gboolean         is_mapped              (gpointer              data);   /* GtkWidget */
gboolean         model_has_n            (gpointer              data);   /* { model, n } */
gboolean         message_shown          (gpointer              data);   /* OcActionDialog */
gboolean         not_busy               (gpointer              data);   /* OcActionDialog */

/*
 * A small floor built by hand. Workstream ws-chat allows available and busy.
 * Queue q-billing has Amina (a1: available, 1/3, billing+spanish), Bob (a2:
 * busy, full, billing), Chen (a3: away), Eve (a5: offline) and "<b>Zoë</b>"
 * (a6: available, french); Dana (a4) is available but only in q-general.
 * Conversations: c-open (open, q-billing), c-active (active, q-billing, a1),
 * and in q-general two open, one waiting and one active. The client is
 * never started and points where nothing listens.
 */
typedef struct {
  OcConversationStore *store;
  OcClient            *client;
  GtkWindow           *parent;
} Floor;

void             floor_init             (Floor                *floor);
void             floor_clear            (Floor                *floor);
OcAgent         *agent_new              (const char           *id,
                                         const char           *name,
                                         OcPresence            presence,
                                         guint                 used,
                                         guint                 total,
                                         const char * const   *skills,
                                         const guint          *levels,
                                         const char * const   *queues);
OcConversation  *conversation_new       (const char           *id,
                                         OcStatus              status,
                                         const char           *queue_id,
                                         const char           *agent_id);

/* The rules of docs/protocol.md, written out independently of OcAgentList. */
gboolean         rules_offer            (OcConversationStore  *store,
                                         OcConversation       *conversation,
                                         OcAgent              *agent,
                                         gboolean              transfer);
void             assert_listed_by_rules (OcConversationStore  *store,
                                         OcConversation       *conversation,
                                         GListModel           *listed,
                                         gboolean              transfer);
/* "a1,a2,…" and "q-1,q-2,…" */
char            *agent_ids              (GListModel           *model);
char            *queue_ids              (GListModel           *model);

/* Driving the widgets. */
void             show_and_settle        (GtkWidget            *dialog);
GListModel      *picker_model           (OcAgentPicker        *picker);
OcAgent         *picked                 (OcAgentPicker        *picker);
void             click                  (GtkWidget            *button);
gboolean         can_confirm            (GtkWidget            *primary);
gboolean         press_key              (GtkWidget            *widget,
                                         guint                 keyval);

void             collect_rows           (GtkWidget            *widget,
                                         GPtrArray            *rows);
GtkWidget       *find_label_with_text   (GtkWidget            *widget,
                                         const char           *text);
/* The shown button of a message dialog's response, by its label ("_Cancel"). */
GtkWidget       *response_button        (GtkWidget            *dialog,
                                         const char           *label);
/* The Force close message dialog (an OcForceCloseDialog). */
gboolean         force_close_message_shown (gpointer           data);
gboolean         force_close_not_busy   (gpointer              data);

G_END_DECLS
