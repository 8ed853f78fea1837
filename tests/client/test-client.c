// SPDX-License-Identifier: GPL-3.0-or-later
/* OcClient and OcTranscript against the reference server and its simulator,
 * over real sockets on 127.0.0.1. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "oc-client.h"
#include "oc-conversation-store.h"
#include "oc-server.h"
#include "oc-server-private.h"
#include "oc-world.h"
#include "oc-test-util.h"
#include "source-test-util.h"

#define N_CONVERSATIONS 300

static OcServer *
start_server_full (const char *state_file,
                   const char *users_file,
                   guint       port)
{
  OcServerOptions options = {
    .seed = 42,
    .speed = 0,
    .conversations = N_CONVERSATIONS,
    .state_file = state_file,
    .users_file = users_file,
  };
  g_autoptr(GError) error = NULL;
  OcServer *server;

  server = oc_server_new (&options, &error);
  g_assert_no_error (error);
  oc_server_listen (server, "127.0.0.1", port, &error);
  g_assert_no_error (error);
  return server;
}

static OcServer *
start_server (const char *state_file,
              guint       port)
{
  return start_server_full (state_file, NULL, port);
}

static OcClient *
connect_client (OcServer            *server,
                const char          *token,
                OcConversationStore *store)
{
  g_autofree char *url = oc_server_get_url (server);
  OcClient *client = oc_client_new (url, token, store);

  oc_source_start (OC_SOURCE (client));
  g_assert_true (oc_test_wait_until (is_live, client, 20000));
  return client;
}

/* A store loaded from a fresh snapshot: the truth to compare against. */
static OcConversationStore *
fresh_store (OcServer   *server,
             const char *token)
{
  OcConversationStore *store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = connect_client (server, token, store);

  oc_source_stop (OC_SOURCE (client));
  return store;
}

typedef struct {
  OcConversationStore *store;
  gint64               revision;
} RevisionWait;

static gboolean
reached_revision (gpointer data)
{
  RevisionWait *wait = data;

  return oc_conversation_store_get_revision (wait->store) >= wait->revision;
}

static void
assert_conversations_equal (OcConversation *a,
                            OcConversation *b)
{
  g_assert_cmpstr (oc_conversation_get_id (a), ==, oc_conversation_get_id (b));
  g_assert_cmpint (oc_conversation_get_revision (a), ==, oc_conversation_get_revision (b));
  g_assert_cmpstr (oc_conversation_get_subject (a), ==, oc_conversation_get_subject (b));
  g_assert_cmpint (oc_conversation_get_status (a), ==, oc_conversation_get_status (b));
  g_assert_cmpint (oc_conversation_get_channel (a), ==, oc_conversation_get_channel (b));
  g_assert_cmpstr (oc_conversation_get_sub_channel (a), ==, oc_conversation_get_sub_channel (b));
  g_assert_cmpstr (oc_conversation_get_queue_id (a), ==, oc_conversation_get_queue_id (b));
  g_assert_cmpstr (oc_conversation_get_workstream_id (a), ==, oc_conversation_get_workstream_id (b));
  g_assert_cmpstr (oc_conversation_get_agent_id (a), ==, oc_conversation_get_agent_id (b));
  g_assert_cmpstr (oc_conversation_get_customer_name (a), ==, oc_conversation_get_customer_name (b));
  g_assert_cmpint (oc_conversation_get_created_at (a), ==, oc_conversation_get_created_at (b));
  g_assert_cmpint (oc_conversation_get_status_since (a), ==, oc_conversation_get_status_since (b));
  g_assert_cmpint (oc_conversation_get_first_assigned_at (a), ==, oc_conversation_get_first_assigned_at (b));
  g_assert_cmpint (oc_conversation_get_wait_seconds (a), ==, oc_conversation_get_wait_seconds (b));
  g_assert_cmpint (oc_conversation_get_waiting_since (a), ==, oc_conversation_get_waiting_since (b));
  g_assert_cmpint (oc_conversation_get_sentiment (a), ==, oc_conversation_get_sentiment (b));
  g_assert_true (g_strv_equal ((const char * const *) oc_conversation_get_skills (a),
                               (const char * const *) oc_conversation_get_skills (b)));
}

static void
assert_agents_equal (OcConversationStore *store,
                     OcConversationStore *truth)
{
  GListModel *agents = oc_conversation_store_get_agents (truth);

  g_assert_cmpuint (g_list_model_get_n_items (oc_conversation_store_get_agents (store)), ==,
                    g_list_model_get_n_items (agents));
  for (guint i = 0; i < g_list_model_get_n_items (agents); i++)
    {
      g_autoptr(OcAgent) b = g_list_model_get_item (agents, i);
      OcAgent *a = oc_conversation_store_lookup_agent (store, oc_agent_get_id (b));

      g_assert_nonnull (a);
      g_assert_cmpint (oc_agent_get_presence (a), ==, oc_agent_get_presence (b));
      g_assert_cmpstr (oc_agent_get_presence_text (a), ==, oc_agent_get_presence_text (b));
      g_assert_cmpuint (oc_agent_get_capacity_used (a), ==, oc_agent_get_capacity_used (b));
      g_assert_cmpuint (oc_agent_get_capacity_total (a), ==, oc_agent_get_capacity_total (b));
    }
}

/* Waits for @store to reach the fresh snapshot's revision, then requires the
 * same ids (each once) and the same fields. */
static void
assert_in_step (OcConversationStore *store,
                OcServer            *server,
                const char          *token)
{
  g_autoptr(OcConversationStore) truth = fresh_store (server, token);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  RevisionWait wait = { store, oc_conversation_store_get_revision (truth) };
  guint n;

  g_assert_true (oc_test_wait_until (reached_revision, &wait, 20000));
  g_assert_cmpint (oc_conversation_store_get_revision (store), ==,
                   oc_conversation_store_get_revision (truth));

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (truth)));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) mine = g_list_model_get_item (G_LIST_MODEL (store), i);
      const char *id = oc_conversation_get_id (mine);
      OcConversation *real = oc_conversation_store_lookup (truth, id);

      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
      g_assert_nonnull (real);
      assert_conversations_equal (mine, real);
    }
  assert_agents_equal (store, truth);
}

static void
test_in_step (void)
{
  g_autoptr(OcServer) server = start_server (NULL, 0);
  g_autofree char *token = oc_server_add_user (server, "sam", OC_ROLE_SUPERVISOR);
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = connect_client (server, token, store);

  g_assert_cmpstr (oc_source_get_user (OC_SOURCE (client)), ==, "sam");
  g_assert_cmpint (oc_source_get_role (OC_SOURCE (client)), ==, OC_ROLE_SUPERVISOR);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), >, 0);

  /* Five simulated minutes, a second at a time, with the client following
   * (caught up every ten seconds). */
  for (guint i = 0; i < 300; i++)
    {
      oc_server_step (server, 1.0);
      if (i % 10 == 0)
        {
          RevisionWait wait = { store, oc_world_get_revision (oc_server_get_world (server)) };

          g_assert_true (oc_test_wait_until (reached_revision, &wait, 20000));
        }
    }
  assert_in_step (store, server, token);
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (client)), ==, OC_SOURCE_STATE_LIVE);

  oc_source_stop (OC_SOURCE (client));
  oc_server_shutdown (server);
}

static void
test_restart (void)
{
  static const char token[] = "restart-test-token";
  g_autofree char *dir = g_dir_make_tmp ("oc-test-client-XXXXXX", NULL);
  g_autofree char *state_file = g_build_filename (dir, "state.sqlite", NULL);
  g_autofree char *users_file = g_build_filename (dir, "users", NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_autofree char *users = g_strdup_printf ("# test users\nsam supervisor %s\n", digest);
  g_autoptr(OcServer) first = NULL;
  g_autoptr(OcServer) second = NULL;
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = NULL;
  guint port;
  gint64 down_at;

  g_assert_true (g_file_set_contents_full (users_file, users, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  first = start_server_full (state_file, users_file, 0);
  port = oc_server_get_port (first);
  client = connect_client (first, token, store);

  oc_server_step (first, 30);
  assert_in_step (store, first, token);

  oc_server_shutdown (first);
  g_clear_object (&first);
  down_at = g_get_monotonic_time ();
  g_assert_true (oc_test_wait_until (is_reconnecting, client, 20000));
  g_assert_nonnull (oc_source_get_status_message (OC_SOURCE (client)));

  /* The same state file and port; the world moves on before the client is back. */
  second = start_server_full (state_file, users_file, port);
  oc_server_step (second, 30);

  g_assert_true (oc_test_wait_until (is_live, client, 40000));
  g_test_message ("live again %.1f s after the shutdown", (g_get_monotonic_time () - down_at) / 1e6);
  oc_server_step (second, 30);
  assert_in_step (store, second, token);

  oc_source_stop (OC_SOURCE (client));
  oc_server_shutdown (second);
  g_unlink (state_file);
  g_unlink (users_file);
  g_rmdir (dir);
}

static void
test_wrong_token (void)
{
  g_autoptr(OcServer) server = start_server (NULL, 0);
  g_autofree char *url = oc_server_get_url (server);
  g_autoptr(OcClient) client = oc_client_new (url, "not-the-token", NULL);

  oc_source_start (OC_SOURCE (client));
  g_assert_true (oc_test_wait_until (is_settled, client, 20000));
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (client)), ==, OC_SOURCE_STATE_AUTH_FAILED);
  g_assert_nonnull (oc_source_get_status_message (OC_SOURCE (client)));
  oc_server_shutdown (server);
}

static gboolean
both_done (gpointer data)
{
  ActionResult *res = data;

  return res[0].done && res[1].done;
}

/* Agents that could take @conversation now. */
static GPtrArray *
agents_for (OcConversationStore *store,
            OcConversation      *conversation)
{
  GListModel *agents = oc_conversation_store_get_agents (store);
  OcWorkstream *workstream = oc_conversation_store_lookup_workstream (store,
                                 oc_conversation_get_workstream_id (conversation));
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; workstream && i < g_list_model_get_n_items (agents); i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (agents, i);

      if (oc_agent_serves_queue (agent, oc_conversation_get_queue_id (conversation)) &&
          oc_agent_get_free_capacity (agent) > 0 &&
          oc_workstream_allows_presence (workstream, oc_agent_get_presence (agent)))
        g_ptr_array_add (result, g_steal_pointer (&agent));
    }
  return result;
}

/* Two supervisors' consoles on one server. */
typedef struct {
  OcServer            *server;
  char                *token[2];
  OcConversationStore *store[2];
  OcClient            *client[2];
} TwoConsoles;

static void
two_consoles_open (TwoConsoles *t)
{
  static const char * const names[2] = { "ann", "bob" };

  t->server = start_server (NULL, 0);
  for (guint i = 0; i < 2; i++)
    {
      t->token[i] = oc_server_add_user (t->server, names[i], OC_ROLE_SUPERVISOR);
      t->store[i] = oc_conversation_store_new ();
      t->client[i] = connect_client (t->server, t->token[i], t->store[i]);
    }
}

static void
two_consoles_close (TwoConsoles *t)
{
  for (guint i = 0; i < 2; i++)
    {
      oc_source_stop (OC_SOURCE (t->client[i]));
      g_clear_object (&t->client[i]);
      g_clear_object (&t->store[i]);
      g_clear_pointer (&t->token[i], g_free);
    }
  oc_server_shutdown (t->server);
  g_clear_object (&t->server);
}

/* Both actions went at once: exactly one wins, the other is told the
 * conversation changed; then both consoles show the result. */
static void
assert_one_wins (TwoConsoles  *t,
                 ActionResult *res)
{
  g_assert_true (oc_test_wait_until (both_done, res, 20000));
  g_assert_true (res[0].ok != res[1].ok);
  for (guint i = 0; i < 2; i++)
    if (!res[i].ok)
      {
        g_assert_error (res[i].error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_STATE_CHANGED);
        g_assert_cmpstr (res[i].error->message, !=, "");
        g_test_message ("the loser was told: %s", res[i].error->message);
        g_clear_error (&res[i].error);
      }
  for (guint i = 0; i < 2; i++)
    assert_in_step (t->store[i], t->server, t->token[i]);
}

static void
test_two_supervisors (void)
{
  TwoConsoles t = { 0 };
  ActionResult res[2] = { { 0 } };
  OcConversation *target = NULL;
  g_autoptr(GPtrArray) agents = NULL;

  two_consoles_open (&t);

  /* The floor may start with every allowed agent at capacity: let the
   * simulator run until an open conversation has someone free to take it. */
  for (guint tries = 0; target == NULL && tries < 60; tries++)
    {
      if (tries > 0)
        {
          oc_server_step (t.server, 20);
          assert_in_step (t.store[0], t.server, t.token[0]);
        }
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (t.store[0])) && target == NULL; i++)
        {
          g_autoptr(OcConversation) conversation = g_list_model_get_item (G_LIST_MODEL (t.store[0]), i);

          if (oc_conversation_get_status (conversation) != OC_STATUS_OPEN)
            continue;
          g_clear_pointer (&agents, g_ptr_array_unref);
          agents = agents_for (t.store[0], conversation);
          if (agents->len >= 1)
            target = conversation;
        }
    }
  g_assert_nonnull (target);

  /* Both at once (to different agents when there are two free): exactly one
   * can win, the other finds the conversation no longer open. */
  oc_source_assign_async (OC_SOURCE (t.client[0]), oc_conversation_get_id (target),
                          oc_agent_get_id (g_ptr_array_index (agents, 0)), NULL,
                          NULL, action_done, &res[0]);
  oc_source_assign_async (OC_SOURCE (t.client[1]), oc_conversation_get_id (target),
                          oc_agent_get_id (g_ptr_array_index (agents, agents->len > 1 ? 1 : 0)), NULL,
                          NULL, action_done, &res[1]);
  assert_one_wins (&t, res);
  g_assert_cmpint (oc_conversation_get_status (oc_conversation_store_lookup (t.store[0],
                   oc_conversation_get_id (target))), ==, OC_STATUS_ACTIVE);

  two_consoles_close (&t);
}

/* The lost update: two supervisors send the same open conversation to
 * two other queues at once. Each action names the revision its console
 * showed, so the second is refused (state changed) instead of silently
 * moving the conversation again. */
static void
test_two_supervisors_queues (void)
{
  TwoConsoles t = { 0 };
  ActionResult res[2] = { { 0 } };
  OcConversation *target = NULL;
  const char *other[2] = { NULL, NULL };
  GListModel *queues;

  two_consoles_open (&t);
  queues = oc_conversation_store_get_queues (t.store[0]);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (t.store[0])) && target == NULL; i++)
    {
      g_autoptr(OcConversation) conversation = g_list_model_get_item (G_LIST_MODEL (t.store[0]), i);

      if (oc_conversation_get_status (conversation) == OC_STATUS_OPEN)
        target = conversation;
    }
  g_assert_nonnull (target);
  for (guint i = 0, n = 0; i < g_list_model_get_n_items (queues) && n < 2; i++)
    {
      g_autoptr(OcQueue) queue = g_list_model_get_item (queues, i);

      if (g_strcmp0 (oc_queue_get_id (queue), oc_conversation_get_queue_id (target)) != 0)
        other[n++] = oc_queue_get_id (queue);
    }
  g_assert_nonnull (other[1]);

  for (guint i = 0; i < 2; i++)
    oc_source_assign_async (OC_SOURCE (t.client[i]), oc_conversation_get_id (target), NULL, other[i],
                            NULL, action_done, &res[i]);
  assert_one_wins (&t, res);
  g_assert_cmpstr (oc_conversation_get_queue_id (oc_conversation_store_lookup (t.store[1],
                   oc_conversation_get_id (target))), ==, other[res[0].ok ? 0 : 1]);

  two_consoles_close (&t);
}

static gboolean
one_done (gpointer data)
{
  return ((ActionResult *) data)->done;
}

static gboolean
all_done (gpointer data)
{
  ActionResult *res = data;

  for (guint i = 0; i < 12; i++)
    if (!res[i].done)
      return FALSE;
  return TRUE;
}

/* A supervisor's burst: twelve messages at once, past the server's five a
 * second. The server answers 429 with Retry-After; the client waits that
 * long and sends them then, so every message arrives, none is refused. */
static void
test_message_burst (void)
{
  g_autoptr(OcServer) server = start_server (NULL, 0);
  g_autofree char *token = oc_server_add_user (server, "sam", OC_ROLE_SUPERVISOR);
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = connect_client (server, token, store);
  g_autofree char *target = NULL;
  ActionResult join = { 0 };
  ActionResult res[12] = { { 0 } };

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)) && target == NULL; i++)
    {
      g_autoptr(OcConversation) conversation = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (oc_conversation_get_status (conversation) == OC_STATUS_ACTIVE)
        target = g_strdup (oc_conversation_get_id (conversation));
    }
  g_assert_nonnull (target);

  oc_source_join_async (OC_SOURCE (client), target, NULL, action_done, &join);
  g_assert_true (oc_test_wait_until (one_done, &join, 20000));
  g_assert_no_error (join.error);

  for (guint i = 0; i < G_N_ELEMENTS (res); i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u", i + 1);

      oc_source_send_message_async (OC_SOURCE (client), target, text, NULL, action_done, &res[i]);
    }
  g_assert_true (oc_test_wait_until (all_done, res, 30000));

  for (guint i = 0; i < G_N_ELEMENTS (res); i++)
    {
      g_assert_no_error (res[i].error);
      g_assert_true (res[i].ok);
    }

  oc_source_stop (OC_SOURCE (client));
  oc_server_shutdown (server);
}

static gboolean
transcript_is (gpointer data)
{
  OcTranscript *transcript = data;
  OcTranscriptState wanted = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (transcript), "wanted"));

  return oc_transcript_get_state (transcript) == wanted;
}

static gboolean
wait_transcript (OcTranscript      *transcript,
                 OcTranscriptState  state)
{
  g_object_set_data (G_OBJECT (transcript), "wanted", GINT_TO_POINTER (state));
  return oc_test_wait_until (transcript_is, transcript, 20000);
}

typedef struct {
  OcTranscript *transcript;
  const char   *text;
} TextWait;

static gboolean
has_text (gpointer data)
{
  TextWait *wait = data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (wait->transcript));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcMessage) message = g_list_model_get_item (G_LIST_MODEL (wait->transcript), i);

      if (strstr (oc_message_get_text (message), wait->text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
assert_seqs_unique (OcTranscript *transcript)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (transcript));
  gint64 last = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcMessage) message = g_list_model_get_item (G_LIST_MODEL (transcript), i);

      g_assert_cmpint (oc_message_get_seq (message), >, last);
      last = oc_message_get_seq (message);
    }
}

static void
test_transcript (void)
{
  g_autoptr(OcServer) server = start_server (NULL, 0);
  g_autofree char *token = oc_server_add_user (server, "sam", OC_ROLE_SUPERVISOR);
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = connect_client (server, token, store);
  g_autoptr(OcTranscript) transcript = NULL;
  g_autofree char *target = NULL;
  ActionResult res[2] = { { 0 } };
  guint history;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)) && target == NULL; i++)
    {
      g_autoptr(OcConversation) conversation = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (oc_conversation_get_status (conversation) == OC_STATUS_ACTIVE)
        target = g_strdup (oc_conversation_get_id (conversation));
    }
  g_assert_nonnull (target);

  transcript = oc_source_open_transcript (OC_SOURCE (client), target);
  g_assert_true (wait_transcript (transcript, OC_TRANSCRIPT_STATE_LIVE));
  history = g_list_model_get_n_items (G_LIST_MODEL (transcript));
  g_test_message ("%u messages of history", history);

  /* Live: joining and writing show up as they happen. */
  oc_source_join_async (OC_SOURCE (client), target, NULL, action_done, &res[0]);
  g_assert_true (oc_test_wait_until (has_text, &(TextWait) { transcript, "joined" }, 20000));
  g_assert_true (res[0].ok || (g_clear_error (&res[0].error), FALSE));
  oc_source_send_message_async (OC_SOURCE (client), target,
                                "Hello from the <b>supervisor</b>", NULL, action_done, &res[1]);
  g_assert_true (oc_test_wait_until (has_text, &(TextWait) { transcript, "<b>supervisor</b>" }, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), >=, history + 2);

  /* Ended: force-close reaches the transcript with its reason. */
  res[0] = (ActionResult) { 0 };
  oc_source_force_close_async (OC_SOURCE (client), target, NULL, action_done, &res[0]);
  g_assert_true (wait_transcript (transcript, OC_TRANSCRIPT_STATE_ENDED));
  g_assert_cmpstr (oc_transcript_get_ended_reason (transcript), ==, "force-closed");
  g_assert_true (has_text (&(TextWait) { transcript, "ended the conversation" }));
  assert_seqs_unique (transcript);

  /* And the conversation left the live set in the store. */
  assert_in_step (store, server, token);
  g_assert_null (oc_conversation_store_lookup (store, target));

  oc_source_stop (OC_SOURCE (client));
  oc_server_shutdown (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Drops and resyncs are warned about; they are what these tests cause. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_test_add_func ("/client/server/in-step", test_in_step);
  g_test_add_func ("/client/server/restart", test_restart);
  g_test_add_func ("/client/server/wrong-token", test_wrong_token);
  g_test_add_func ("/client/server/two-supervisors", test_two_supervisors);
  g_test_add_func ("/client/server/two-supervisors-queues", test_two_supervisors_queues);
  g_test_add_func ("/client/server/message-burst", test_message_burst);
  g_test_add_func ("/client/server/transcript", test_transcript);

  return g_test_run ();
}
