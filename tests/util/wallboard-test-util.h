// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-client.h"
#include "oc-conversation-store.h"
#include "oc-wallboard-window-private.h"
#include "store-test-util.h"

G_BEGIN_DECLS

/* Shared by the wallboard's ui tests: one application, a store on a fake
 * clock, conversations and windows built by hand, and main-loop helpers. */

#define WB_T0 G_GINT64_CONSTANT (1764000000)

extern GtkApplication *wb_app;
extern gint64          wb_now;   /* the stores' clock, Unix seconds */

/* gtk_test_init(), a stand-in session manager on the session bus, the
 * application (registered, with the app's style sheet). */
void                 wb_init             (int          *argc,
                                          char       ***argv);
void                 wb_shutdown         (void);

/* Runs the main loop until @done says so or @seconds pass; TRUE if done. */
gboolean             wb_wait_for         (gboolean   (*done) (gpointer),
                                          gpointer     data,
                                          guint        seconds);
void                 wb_drain            (void);
gboolean             wb_is_mapped        (gpointer     widget);

/* @waiting_for: seconds waited so far, or -1 when not waiting. The customer
 * name looks like markup, to show that it is never taken for it. */
OcConversation      *wb_conversation_new (const char  *id,
                                          OcStatus     status,
                                          OcChannel    channel,
                                          const char  *queue_id,
                                          gint64       waiting_for,
                                          OcSentiment  sentiment);
/* A store on the fake clock holding copies of @conversations and the queues
 * q-billing ("Billing") and q-sales ("Sales"). */
OcConversationStore *wb_store_new        (GPtrArray   *conversations);
/* A wallboard over @store with a client that is never started. */
OcWallboardWindow   *wb_window_new       (OcConversationStore *store);

G_END_DECLS
