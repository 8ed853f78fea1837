// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/* The fixture of the client's tests against the hostile server: a server in
 * its own thread, a store, a client (not started), and a log recorder that
 * lets a test prove the token never reached a log line. */

#include <string.h>

#include "oc-client.h"
#include "oc-client-private.h"
#include "oc-conversation-store.h"
#include "oc-hostile-server.h"
#include "oc-test-util.h"
#include "source-test-util.h"

#define TOKEN "s3cret-t0ken-for-tests"
#define N_CONVERSATIONS 40

typedef struct {
  OcHostileServer     *server;
  OcConversationStore *store;
  OcClient            *client;
} Fixture;

void     oc_hostile_fixture_set_up    (Fixture       *fixture,
                                       gconstpointer  data);
void     oc_hostile_fixture_tear_down (Fixture       *fixture,
                                       gconstpointer  data);

/* On a Fixture: live, and the store at the server's revision. */
gboolean store_caught_up              (gpointer       fixture);

/* Waits for the store to catch up, then asserts it holds exactly the
 * server's live conversations, with their subjects. */
void     assert_store_matches         (Fixture       *fixture);
/* Starts the client and waits until it is live. */
void     connect_live                 (Fixture       *fixture);
/* Runs last: nothing logged during the whole run carried the token. */
void     test_token_not_logged        (void);
/* Call first in main(): records every log line, keeps warnings (expected
 * from hostile input) from being fatal, and quiets debug output. */
void     oc_hostile_test_init         (int           *argc,
                                       char        ***argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, oc_hostile_fixture_set_up, func, oc_hostile_fixture_tear_down)
