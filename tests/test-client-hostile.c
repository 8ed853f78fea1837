/* OcClient and OcTranscript against a scripted server that misbehaves:
 * malformed, oversized, duplicated and out-of-order frames, silence, 401s. */

#include "config.h"

#include <string.h>

#include "oc-client.h"
#include "oc-client-private.h"
#include "oc-conversation-store.h"
#include "oc-hostile-server.h"
#include "oc-test-util.h"

#define TOKEN "s3cret-t0ken-for-tests"
#define N_CONVERSATIONS 40

static GString *log_text;
static GMutex log_lock;

typedef struct {
  OcHostileServer     *server;
  OcConversationStore *store;
  OcClient            *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = NULL;

  fixture->server = oc_hostile_server_new (TOKEN, N_CONVERSATIONS);
  url = oc_hostile_server_get_url (fixture->server);
  fixture->store = oc_conversation_store_new ();
  fixture->client = oc_client_new (url, TOKEN, fixture->store);
  /* Hostile frames grow the backoff; keep the waits short. */
  g_object_set (fixture->client, "reconnect-max-seconds", 1, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  /* Let the client's sockets finish closing before the server goes. */
  oc_test_run_for (20);
  oc_hostile_server_free (fixture->server);
}

static gboolean
is_live (gpointer data)
{
  return oc_client_get_state (OC_CLIENT (data)) == OC_CLIENT_STATE_LIVE;
}

static gboolean
is_reconnecting (gpointer data)
{
  return oc_client_get_state (OC_CLIENT (data)) == OC_CLIENT_STATE_RECONNECTING;
}

static gboolean
is_settled (gpointer data)
{
  OcClientState state = oc_client_get_state (OC_CLIENT (data));

  return state == OC_CLIENT_STATE_AUTH_FAILED || state == OC_CLIENT_STATE_OFFLINE;
}

static gboolean
store_caught_up (gpointer data)
{
  Fixture *fixture = data;

  return oc_client_get_state (fixture->client) == OC_CLIENT_STATE_LIVE &&
         oc_conversation_store_get_revision (fixture->store) ==
         oc_hostile_server_get_revision (fixture->server);
}

/* The store holds exactly the server's live conversations, with their subjects. */
static void
assert_store_matches (Fixture *fixture)
{
  guint n_live = 0;

  g_assert_true (oc_test_wait_until (store_caught_up, fixture, 10000));

  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%06u", i);
      g_autofree char *subject = oc_hostile_server_get_subject (fixture->server, i);
      OcConversation *conversation = oc_conversation_store_lookup (fixture->store, id);

      if (subject == NULL)
        {
          g_assert_null (conversation);
          continue;
        }
      n_live++;
      g_assert_nonnull (conversation);
      g_assert_cmpstr (oc_conversation_get_subject (conversation), ==, subject);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, n_live);
}

static void
connect_live (Fixture *fixture)
{
  oc_client_start (fixture->client);
  g_assert_true (oc_test_wait_until (is_live, fixture->client, 10000));
}

static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  g_assert_cmpint (oc_client_get_state (fixture->client), ==, OC_CLIENT_STATE_IDLE);
  connect_live (fixture);

  g_assert_cmpstr (oc_client_get_user (fixture->client), ==, "tester");
  g_assert_cmpint (oc_client_get_role (fixture->client), ==, OC_ROLE_SUPERVISOR);
  g_assert_null (oc_client_get_status_message (fixture->client));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_CONVERSATIONS);
  g_assert_nonnull (oc_conversation_store_lookup_agent (fixture->store, "a-1"));
  g_assert_nonnull (oc_conversation_store_lookup_queue (fixture->store, "q-1"));

  oc_hostile_server_upsert (fixture->server, 3, "Refund, <b>please</b> & soon");
  oc_hostile_server_upsert (fixture->server, 4, "Zoë Ødegård asks");
  oc_hostile_server_remove (fixture->server, 5);
  assert_store_matches (fixture);
  g_assert_cmpint (oc_client_get_last_event_time (fixture->client), >, 0);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->snapshots, ==, 1);
}

static void
test_auth_failed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = oc_hostile_server_get_url (fixture->server);
  g_autoptr(OcClient) client = oc_client_new (url, "wrong-token", NULL);

  oc_client_start (client);
  g_assert_true (oc_test_wait_until (is_settled, client, 10000));
  g_assert_cmpint (oc_client_get_state (client), ==, OC_CLIENT_STATE_AUTH_FAILED);
  g_assert_nonnull (oc_client_get_status_message (client));
  g_assert_nonnull (strstr (oc_client_get_status_message (client), "not valid"));

  /* It does not hammer the server with a token it knows is wrong. */
  oc_test_run_for (800);
  g_assert_cmpuint (_oc_client_get_stats (client)->connects, ==, 1);
}

static void
test_bad_token_text (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = oc_hostile_server_get_url (fixture->server);
  g_autoptr(OcClient) client = oc_client_new (url, "line\r\nX-Injected: 1", NULL);

  oc_client_start (client);
  g_assert_cmpint (oc_client_get_state (client), ==, OC_CLIENT_STATE_AUTH_FAILED);
}

static void
test_stall (Fixture       *fixture,
            gconstpointer  data)
{
  oc_hostile_server_set_ping_interval (fixture->server, 1);
  connect_live (fixture);

  oc_hostile_server_set_stalled (fixture->server, TRUE);
  g_assert_true (oc_test_wait_until (is_reconnecting, fixture->client, 10000));
  g_assert_nonnull (strstr (oc_client_get_status_message (fixture->client), "silent"));

  /* Changes made meanwhile arrive by replay once the server speaks again. */
  oc_hostile_server_upsert (fixture->server, 7, "changed while silent");
  oc_hostile_server_set_stalled (fixture->server, FALSE);
  assert_store_matches (fixture);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->snapshots, ==, 1);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  const OcClientStats *stats;
  g_autoptr(GString) deep = g_string_new (NULL);
  const char *frames[] = {
    "this is not json {",
    "{\"type\": \"conversation.upsert\", \"revision\": 99, \"conversation\": {\"id\": \"bad id!\"}}",
    "{\"type\": \"conversation.upsert\", \"revision\": \"two\"}",
    "[1, 2, 3]",
    "{\"type\": \"conversation.upsert\", \"revision\": 3, \"conversation\": {\"id\": \"c-000001\", \"status\": \"open\", \"channel\": \"chat\", \"queue_id\": \"q-1\", \"workstream_id\": \"ws-1\", \"created_at\": \"yesterday\"}}",
    NULL, /* deep nesting, below */
  };

  for (guint i = 0; i < 200; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 200; i++)
    g_string_append_c (deep, ']');
  frames[G_N_ELEMENTS (frames) - 1] = deep->str;

  connect_live (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      guint before = _oc_client_get_stats (fixture->client)->malformed_frames;

      oc_hostile_server_upsert (fixture->server, i, "good before garbage");
      oc_hostile_server_send_raw (fixture->server, frames[i]);
      oc_hostile_server_upsert (fixture->server, i + 10, "good after garbage");

      g_assert_true (oc_test_wait_until (is_reconnecting, fixture->client, 10000));
      g_assert_nonnull (oc_client_get_status_message (fixture->client));
      g_assert_cmpuint (_oc_client_get_stats (fixture->client)->malformed_frames, ==, before + 1);
      assert_store_matches (fixture);
    }

  stats = _oc_client_get_stats (fixture->client);
  g_assert_cmpuint (stats->malformed_frames, ==, G_N_ELEMENTS (frames));
  /* Repeated bad connections ended in a fresh snapshot at least once. */
  g_assert_cmpuint (stats->snapshots, >=, 2);
}

static void
test_oversized (Fixture       *fixture,
                gconstpointer  data)
{
  connect_live (fixture);

  oc_hostile_server_send_oversized (fixture->server, 2 * 1024 * 1024);
  g_assert_true (oc_test_wait_until (is_reconnecting, fixture->client, 10000));
  g_assert_nonnull (strstr (oc_client_get_status_message (fixture->client), "larger"));
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->oversized_frames, ==, 1);

  oc_hostile_server_upsert (fixture->server, 1, "after the big one");
  assert_store_matches (fixture);
}

static void
test_answer_too_large (Fixture       *fixture,
                       gconstpointer  data)
{
  /* Padding makes /me a valid answer, but over the client's 64 KiB bound. */
  oc_hostile_server_set_me_size (fixture->server, 200 * 1024);
  oc_client_start (fixture->client);
  g_assert_true (oc_test_wait_until (is_reconnecting, fixture->client, 10000));
  g_assert_nonnull (strstr (oc_client_get_status_message (fixture->client), "larger than"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);

  /* Below the bound the same answer is fine. */
  oc_hostile_server_set_me_size (fixture->server, 8 * 1024);
  g_assert_true (oc_test_wait_until (is_live, fixture->client, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_CONVERSATIONS);
}

static void
test_duplicates (Fixture       *fixture,
                 gconstpointer  data)
{
  gint64 revision;
  guint connects;

  connect_live (fixture);
  connects = _oc_client_get_stats (fixture->client)->connects;

  oc_hostile_server_upsert (fixture->server, 1, "first");
  revision = oc_hostile_server_get_revision (fixture->server);
  oc_hostile_server_upsert (fixture->server, 1, "second");
  /* The old state again: applying it would undo "second". */
  oc_hostile_server_resend (fixture->server, revision);
  oc_hostile_server_resend (fixture->server, revision + 1);
  oc_hostile_server_upsert (fixture->server, 2, "third");

  assert_store_matches (fixture);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->duplicate_events, ==, 2);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->connects, ==, connects);
}

static void
test_gap (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *future = NULL;
  gint64 revision;

  connect_live (fixture);
  revision = oc_hostile_server_get_revision (fixture->server);

  /* An event from the future: something in between was lost. */
  future = g_strdup_printf ("{\"type\":\"conversation.removed\",\"revision\":%" G_GINT64_FORMAT
                            ",\"id\":\"c-000009\",\"reason\":\"closed\"}", revision + 5);
  oc_hostile_server_send_raw (fixture->server, future);
  oc_hostile_server_upsert (fixture->server, 2, "after the gap");

  g_assert_true (oc_test_wait_until (store_caught_up, fixture, 10000));
  assert_store_matches (fixture);
  g_assert_nonnull (oc_conversation_store_lookup (fixture->store, "c-000009"));
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->gaps, ==, 1);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->snapshots, ==, 2);
}

static void
test_resync_required (Fixture       *fixture,
                      gconstpointer  data)
{
  connect_live (fixture);

  oc_hostile_server_close_sockets (fixture->server);
  /* While the client is away the server changes and forgets its history. */
  oc_hostile_server_upsert (fixture->server, 1, "changed while away");
  oc_hostile_server_remove (fixture->server, 2);
  oc_hostile_server_forget_history (fixture->server);
  oc_hostile_server_upsert (fixture->server, 3, "after forgetting");

  assert_store_matches (fixture);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->resyncs, >=, 1);
  g_assert_cmpuint (oc_hostile_server_get_n_snapshots (fixture->server), ==, 2);
  g_assert_null (oc_conversation_store_lookup (fixture->store, "c-000002"));
}

static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 revision;

  connect_live (fixture);
  oc_hostile_server_upsert (fixture->server, 1, "before the drop");
  assert_store_matches (fixture);
  revision = oc_hostile_server_get_revision (fixture->server);

  oc_hostile_server_close_sockets (fixture->server);
  oc_hostile_server_upsert (fixture->server, 2, "during the drop");
  g_assert_true (oc_test_wait_until (is_reconnecting, fixture->client, 10000));
  assert_store_matches (fixture);

  /* Resumed where it was, without a new snapshot. */
  g_assert_cmpint (oc_hostile_server_get_last_since (fixture->server), ==, revision);
  g_assert_cmpuint (oc_hostile_server_get_n_snapshots (fixture->server), ==, 1);
}

static void
test_stop (Fixture       *fixture,
           gconstpointer  data)
{
  connect_live (fixture);
  oc_client_stop (fixture->client);
  g_assert_cmpint (oc_client_get_state (fixture->client), ==, OC_CLIENT_STATE_OFFLINE);
  oc_hostile_server_upsert (fixture->server, 1, "not seen");
  oc_test_run_for (300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_CONVERSATIONS);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->connects, ==, 1);
}

static void
test_unreachable (void)
{
  g_autoptr(OcClient) client = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago: nothing listens there now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  client = oc_client_new (url, TOKEN, NULL);
  oc_client_start (client);
  g_assert_true (oc_test_wait_until (is_reconnecting, client, 10000));
  g_assert_nonnull (strstr (oc_client_get_status_message (client), "Cannot reach"));
}

static void
test_bad_url (void)
{
  g_autoptr(OcClient) client = oc_client_new ("ftp://example.com", TOKEN, NULL);

  oc_client_start (client);
  g_assert_cmpint (oc_client_get_state (client), ==, OC_CLIENT_STATE_OFFLINE);
  g_assert_nonnull (oc_client_get_status_message (client));
}

static void
test_ca_file (void)
{
  g_autoptr(OcClient) client = oc_client_new ("https://127.0.0.1:1", TOKEN, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (oc_client_set_ca_file (client, "/nonexistent/ca.pem", &error));
  g_assert_error (error, OC_CLIENT_ERROR, OC_CLIENT_ERROR_TLS);
}

/* TLS: certificates are verified, and a private CA is trusted only when asked. */
static void
test_tls (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "tls", "server.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "tls", "server-key.pem", NULL);
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "tls", "ca.pem", NULL);
  OcHostileServer *server = oc_hostile_server_new_tls (TOKEN, 5, cert, key);
  g_autofree char *url = oc_hostile_server_get_url (server);
  g_autoptr(OcClient) untrusting = oc_client_new (url, TOKEN, NULL);
  g_autoptr(OcClient) trusting = oc_client_new (url, TOKEN, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (url, "https://"));

  /* The system's CAs do not know the test CA: no connection, and it says why. */
  oc_client_start (untrusting);
  g_assert_true (oc_test_wait_until (is_settled, untrusting, 10000));
  g_assert_cmpint (oc_client_get_state (untrusting), ==, OC_CLIENT_STATE_OFFLINE);
  g_assert_nonnull (strstr (oc_client_get_status_message (untrusting), "certificate"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (oc_client_get_store (untrusting))), ==, 0);

  g_assert_true (oc_client_set_ca_file (trusting, ca, &error));
  g_assert_no_error (error);
  oc_client_start (trusting);
  g_assert_true (oc_test_wait_until (is_live, trusting, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (oc_client_get_store (trusting))), ==, 5);

  g_clear_object (&trusting);
  g_clear_object (&untrusting);
  oc_test_run_for (20);
  oc_hostile_server_free (server);
}

/* Actions */

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} ActionResult;

static void
action_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ActionResult *res = user_data;

  res->ok = oc_client_action_finish (OC_CLIENT (object), result, &res->error);
  res->done = TRUE;
}

static gboolean
action_is_done (gpointer data)
{
  return ((ActionResult *) data)->done;
}

static void
test_action_retry (Fixture       *fixture,
                   gconstpointer  data)
{
  ActionResult first = { 0 }, second = { 0 };

  connect_live (fixture);

  /* Two 503s, then success: the same key each time, one effect. */
  oc_hostile_server_set_fail_actions (fixture->server, 2);
  oc_client_force_close_async (fixture->client, "c-000004", NULL, action_done, &first);
  g_assert_true (oc_test_wait_until (action_is_done, &first, 10000));
  g_assert_no_error (first.error);
  g_assert_true (first.ok);
  g_assert_cmpuint (oc_hostile_server_get_n_action_calls (fixture->server), ==, 3);
  g_assert_cmpuint (oc_hostile_server_get_n_action_keys (fixture->server), ==, 1);
  assert_store_matches (fixture);
  g_assert_null (oc_conversation_store_lookup (fixture->store, "c-000004"));

  /* A second call is a new action with a new key, and the server says no. */
  oc_client_force_close_async (fixture->client, "c-000004", NULL, action_done, &second);
  g_assert_true (oc_test_wait_until (action_is_done, &second, 10000));
  g_assert_false (second.ok);
  g_assert_error (second.error, OC_CLIENT_ERROR, OC_CLIENT_ERROR_STATE_CHANGED);
  g_assert_cmpstr (second.error->message, ==, "Someone closed it first.");
  g_assert_cmpuint (oc_hostile_server_get_n_action_keys (fixture->server), ==, 2);
  g_clear_error (&second.error);
}

static void
test_action_gives_up (Fixture       *fixture,
                      gconstpointer  data)
{
  ActionResult res = { 0 };

  oc_hostile_server_set_fail_actions (fixture->server, 10);
  oc_client_force_close_async (fixture->client, "c-000004", NULL, action_done, &res);
  g_assert_true (oc_test_wait_until (action_is_done, &res, 10000));
  g_assert_error (res.error, OC_CLIENT_ERROR, OC_CLIENT_ERROR_UNAVAILABLE);
  g_assert_cmpuint (oc_hostile_server_get_n_action_calls (fixture->server), ==, 3);
  g_clear_error (&res.error);
}

static void
test_action_bad_input (Fixture       *fixture,
                       gconstpointer  data)
{
  ActionResult res = { 0 };

  oc_client_force_close_async (fixture->client, "../../etc/passwd", NULL, action_done, &res);
  g_assert_true (oc_test_wait_until (action_is_done, &res, 10000));
  g_assert_error (res.error, OC_CLIENT_ERROR, OC_CLIENT_ERROR_BAD_REQUEST);
  g_assert_cmpuint (oc_hostile_server_get_n_action_calls (fixture->server), ==, 0);
  g_clear_error (&res.error);

  res = (ActionResult) { 0 };
  oc_client_send_message_async (fixture->client, "c-000001", "", NULL, action_done, &res);
  g_assert_true (oc_test_wait_until (action_is_done, &res, 10000));
  g_assert_error (res.error, OC_CLIENT_ERROR, OC_CLIENT_ERROR_BAD_REQUEST);
  g_clear_error (&res.error);

  res = (ActionResult) { 0 };
  oc_client_join_async (fixture->client, "c-000001", NULL, action_done, &res);
  g_assert_true (oc_test_wait_until (action_is_done, &res, 10000));
  g_assert_error (res.error, OC_CLIENT_ERROR, OC_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (res.error->message, ==, "No such action.");
  g_clear_error (&res.error);
}

/* Transcripts */

static gboolean
transcript_is_live (gpointer data)
{
  return oc_transcript_get_state (OC_TRANSCRIPT (data)) == OC_TRANSCRIPT_STATE_LIVE;
}

static gboolean
transcript_is_done (gpointer data)
{
  OcTranscriptState state = oc_transcript_get_state (OC_TRANSCRIPT (data));

  return state == OC_TRANSCRIPT_STATE_ENDED || state == OC_TRANSCRIPT_STATE_FAILED;
}

static gboolean
transcript_is_reconnecting (gpointer data)
{
  return oc_transcript_get_state (OC_TRANSCRIPT (data)) == OC_TRANSCRIPT_STATE_RECONNECTING;
}

typedef struct {
  OcTranscript *transcript;
  guint         n;
} CountData;

static gboolean
transcript_has (gpointer data)
{
  CountData *count = data;

  return g_list_model_get_n_items (G_LIST_MODEL (count->transcript)) >= count->n;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *n_signals = user_data;

  g_assert_cmpuint (removed, ==, 0);
  (*n_signals)++;
}

static void
assert_seqs_in_order (OcTranscript *transcript)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (transcript));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcMessage) message = g_list_model_get_item (G_LIST_MODEL (transcript), i);

      g_assert_cmpint (oc_message_get_seq (message), ==, i + 1);
    }
}

static void
test_transcript (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(OcTranscript) transcript = NULL;
  g_autoptr(OcMessage) first = NULL;
  guint n_signals = 0;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("history line %u <i>not markup</i>", i + 1);
      oc_hostile_server_add_message (fixture->server, 6, text);
    }

  transcript = oc_client_open_transcript (fixture->client, "c-000006");
  g_signal_connect (transcript, "items-changed", G_CALLBACK (on_items_changed), &n_signals);
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_CONNECTING);
  g_assert_cmpstr (oc_transcript_get_conversation_id (transcript), ==, "c-000006");

  g_assert_true (oc_test_wait_until (transcript_is_live, transcript, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 300);
  /* The history came in batches, not one signal a line. */
  g_assert_cmpuint (n_signals, <, 30);
  first = g_list_model_get_item (G_LIST_MODEL (transcript), 0);
  g_assert_cmpstr (oc_message_get_text (first), ==, "history line 1 <i>not markup</i>");
  g_assert_cmpint (oc_message_get_sender_role (first), ==, OC_SENDER_CUSTOMER);

  /* Live, with a duplicate that must be ignored. */
  oc_hostile_server_add_message (fixture->server, 6, "live 301");
  oc_hostile_server_resend_message (fixture->server, 6, 300);
  oc_hostile_server_resend_message (fixture->server, 6, 301);
  g_assert_true (oc_test_wait_until (transcript_has, &(CountData) { transcript, 301 }, 10000));
  oc_test_run_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 301);

  /* A drop resumes after the last seq: nothing twice, nothing missing. */
  oc_hostile_server_close_transcripts (fixture->server);
  g_assert_true (oc_test_wait_until (transcript_is_reconnecting, transcript, 10000));
  oc_hostile_server_add_message (fixture->server, 6, "while away 302");
  g_assert_true (oc_test_wait_until (transcript_is_live, transcript, 10000));
  g_assert_true (oc_test_wait_until (transcript_has, &(CountData) { transcript, 302 }, 10000));
  oc_hostile_server_add_message (fixture->server, 6, "live 303");
  g_assert_true (oc_test_wait_until (transcript_has, &(CountData) { transcript, 303 }, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 303);
  assert_seqs_in_order (transcript);

  oc_hostile_server_end_transcript (fixture->server, 6, "force-closed");
  g_assert_true (oc_test_wait_until (transcript_is_done, transcript, 10000));
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_ENDED);
  g_assert_cmpstr (oc_transcript_get_ended_reason (transcript), ==, "force-closed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 303);
}

static void
test_transcript_not_found (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(OcTranscript) transcript = oc_client_open_transcript (fixture->client, "c-999999");

  g_assert_true (oc_test_wait_until (transcript_is_done, transcript, 10000));
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_FAILED);
  g_assert_nonnull (oc_transcript_get_status_message (transcript));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 0);
}

static void
test_transcript_stop (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OcTranscript) transcript = NULL;

  oc_hostile_server_add_message (fixture->server, 2, "hello");
  transcript = oc_client_open_transcript (fixture->client, "c-000002");
  g_assert_true (oc_test_wait_until (transcript_is_live, transcript, 10000));
  oc_transcript_stop (transcript);
  oc_hostile_server_add_message (fixture->server, 2, "unseen");
  oc_test_run_for (200);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 1);
}

/* Runs last: nothing logged during the whole run carried the token. */
static void
test_token_not_logged (void)
{
  g_mutex_lock (&log_lock);
  g_assert_cmpuint (log_text->len, >, 0);
  g_assert_null (strstr (log_text->str, TOKEN));
  g_mutex_unlock (&log_lock);
}

static GLogWriterOutput
record_writer (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  /* The server thread logs too. */
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      {
        g_string_append (log_text, fields[i].value);
        g_string_append_c (log_text, '\n');
      }
  g_mutex_unlock (&log_lock);
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  log_text = g_string_new (NULL);
  g_log_set_writer_func (record_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  /* Our warnings about hostile input are expected here; criticals are not. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
    g_log_set_debug_enabled (FALSE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/client/hostile/connect", test_connect);
  ADD ("/client/hostile/auth-failed", test_auth_failed);
  ADD ("/client/hostile/bad-token-text", test_bad_token_text);
  ADD ("/client/hostile/stall", test_stall);
  ADD ("/client/hostile/malformed", test_malformed);
  ADD ("/client/hostile/oversized", test_oversized);
  ADD ("/client/hostile/answer-too-large", test_answer_too_large);
  ADD ("/client/hostile/duplicates", test_duplicates);
  ADD ("/client/hostile/gap", test_gap);
  ADD ("/client/hostile/resync-required", test_resync_required);
  ADD ("/client/hostile/resume", test_resume);
  ADD ("/client/hostile/stop", test_stop);
  g_test_add_func ("/client/hostile/unreachable", test_unreachable);
  g_test_add_func ("/client/hostile/bad-url", test_bad_url);
  g_test_add_func ("/client/hostile/ca-file", test_ca_file);
  g_test_add_func ("/client/hostile/tls", test_tls);
  ADD ("/client/hostile/action-retry", test_action_retry);
  ADD ("/client/hostile/action-gives-up", test_action_gives_up);
  ADD ("/client/hostile/action-bad-input", test_action_bad_input);
  ADD ("/client/transcript/history-live-ended", test_transcript);
  ADD ("/client/transcript/not-found", test_transcript_not_found);
  ADD ("/client/transcript/stop", test_transcript_stop);
  g_test_add_func ("/client/finally/token-not-logged", test_token_not_logged);

  return g_test_run ();
}
