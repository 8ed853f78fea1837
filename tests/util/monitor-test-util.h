// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-client.h"
#include "oc-conversation-store.h"
#include "oc-message-row.h"
#include "oc-monitor-pane-private.h"

G_BEGIN_DECLS

/* What every monitor test holds: a client on some server, and a pane in a
 * window. @server is the test's own (a FakeServer or an OcServer). */
typedef struct {
  gpointer             server;
  OcConversationStore *store;
  OcClient            *client;
  GtkWindow           *window;
  OcMonitorPane       *pane;
} Fixture;

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @cond holds; a limit turns a hang into a failure. */
void          wait_until_impl        (Condition     cond,
                                      gpointer      data,
                                      const char   *what);
#define wait_until(cond, data) wait_until_impl ((Condition) (cond), (data), #cond)

/* Connects a client to @url, waits for the snapshot and the role, and puts
 * a pane (no conversation yet) in a 520×820 window. */
void          fixture_connect        (Fixture      *f,
                                      const char   *url,
                                      const char   *token);
/* Destroys the window and the client (not the server). */
void          fixture_disconnect     (Fixture      *f);

/* A few frames drawn and every idle handled: layout has settled. */
void          settle                 (Fixture      *f);

guint         n_messages             (Fixture      *f);
gint64        seq_at                 (Fixture      *f,
                                      guint         position);
gint64        last_seq               (Fixture      *f);
gboolean      transcript_is_live     (Fixture      *f);
/* With a FakeServer: the pane has its last message; and is live too. */
gboolean      caught_up              (Fixture      *f);
gboolean      transcript_live        (Fixture      *f);
/* The pane has joined; has left, with no leave pending. */
gboolean      joined                 (Fixture      *f);
gboolean      left                   (Fixture      *f);
/* The transcript says a supervisor joined. */
gboolean      has_joined_note        (Fixture      *f);
/* Seqs in the model run from the first one up by one: no gap, no repeat. */
void          assert_seqs_contiguous (Fixture      *f);
OcMessage    *find_message           (Fixture      *f,
                                      OcSender      role,
                                      const char   *text);

/* Rows that have a widget now (the list is virtualised). */
GPtrArray    *realized_rows          (Fixture      *f);
OcMessageRow *find_row               (Fixture      *f,
                                      gint64        seq);
GtkWidget    *row_widget             (OcMessageRow *row,
                                      const char   *name);
GtkLabel     *row_label              (OcMessageRow *row,
                                      const char   *name);
GtkLabel     *header_label           (Fixture      *f,
                                      const char   *name);
gboolean      at_bottom              (Fixture      *f);
void          scroll_to_seq          (Fixture      *f,
                                      gint64        seq);
/* Every realized row shows its text literally, valid, and capped. */
void          assert_rows_sane       (Fixture      *f);

/* Renders @widget as it is on screen into a PNG. */
void          save_screenshot        (GtkWidget    *widget,
                                      const char   *path);

G_END_DECLS
