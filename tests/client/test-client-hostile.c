// SPDX-License-Identifier: GPL-3.0-or-later
/* OcClient against a scripted server that misbehaves: malformed, oversized,
 * duplicated and out-of-order frames, silence, 401s, untrusted TLS. */

#include "config.h"

#include <stdio.h>

#include "oc-client.h"
#include "oc-hostile-fixture.h"

static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (fixture->client)), ==, OC_SOURCE_STATE_IDLE);
  connect_live (fixture);

  g_assert_cmpstr (oc_source_get_user (OC_SOURCE (fixture->client)), ==, "tester");
  g_assert_cmpint (oc_source_get_role (OC_SOURCE (fixture->client)), ==, OC_ROLE_SUPERVISOR);
  g_assert_null (oc_source_get_status_message (OC_SOURCE (fixture->client)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_CONVERSATIONS);
  g_assert_nonnull (oc_conversation_store_lookup_agent (fixture->store, "a-1"));
  g_assert_nonnull (oc_conversation_store_lookup_queue (fixture->store, "q-1"));

  oc_hostile_server_upsert (fixture->server, 3, "Refund, <b>please</b> & soon");
  oc_hostile_server_upsert (fixture->server, 4, "Zoë Ødegård asks");
  oc_hostile_server_remove (fixture->server, 5);
  assert_store_matches (fixture);
  g_assert_cmpint (oc_source_get_last_event_time (OC_SOURCE (fixture->client)), >, 0);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->snapshots, ==, 1);
}

static gboolean
connected_again (gpointer client)
{
  return _oc_client_get_stats (client)->connects > 1;
}

static void
test_auth_failed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = oc_hostile_server_get_url (fixture->server);
  g_autoptr(OcClient) client = oc_client_new (url, "wrong-token", NULL);

  oc_source_start (OC_SOURCE (client));
  g_assert_true (oc_test_wait_until (is_settled, client, 10000));
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (client)), ==, OC_SOURCE_STATE_AUTH_FAILED);
  g_assert_nonnull (oc_source_get_status_message (OC_SOURCE (client)));
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (client)), "not valid"));

  /* It does not hammer the server with a token it knows is wrong. Nothing
   * to wait for but a retry that must not come: watch for one through a
   * window longer than the first backoff. */
  g_assert_false (oc_test_wait_until (connected_again, client, 800));
  g_assert_cmpuint (_oc_client_get_stats (client)->connects, ==, 1);
}

static void
test_bad_token_text (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = oc_hostile_server_get_url (fixture->server);
  g_autoptr(OcClient) client = oc_client_new (url, "line\r\nX-Injected: 1", NULL);

  oc_source_start (OC_SOURCE (client));
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (client)), ==, OC_SOURCE_STATE_AUTH_FAILED);
}

static void
test_stall (Fixture       *fixture,
            gconstpointer  data)
{
  oc_hostile_server_set_ping_interval (fixture->server, 1);
  connect_live (fixture);

  oc_hostile_server_set_stalled (fixture->server, TRUE);
  g_assert_true (oc_test_wait_until (is_reconnecting, fixture->client, 10000));
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (fixture->client)), "silent"));

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
      g_assert_nonnull (oc_source_get_status_message (OC_SOURCE (fixture->client)));
      g_assert_cmpuint (_oc_client_get_stats (fixture->client)->malformed_frames, ==, before + 1);
      assert_store_matches (fixture);
    }

  stats = _oc_client_get_stats (fixture->client);
  g_assert_cmpuint (stats->malformed_frames, ==, G_N_ELEMENTS (frames));
  /* Repeated bad connections ended in a fresh snapshot at least once. */
  g_assert_cmpuint (stats->snapshots, >=, 2);
}

/* A first load, a part at a time (#17) ----------------------------------- */

static gboolean
first_part_in (gpointer data)
{
  Fixture *fixture = data;

  return _oc_client_get_stats (fixture->client)->load_parts >= 1;
}

/* Started with parts of 3 after a first of 2, held after the first. */
static void
start_held (Fixture *fixture)
{
  _oc_client_set_load_parts (fixture->client, 2, 3);
  _oc_client_hold_load (fixture->client, TRUE);
  oc_source_start (OC_SOURCE (fixture->client));
  g_assert_true (oc_test_wait_until (first_part_in, fixture, 10000));
}

/* The first rows are in the store while the rest waits; the store is not
 * at the snapshot's revision and no events socket is open until the last
 * part is in; what changed meanwhile arrives after, by replay, none lost. */
static void
test_first_load_parts (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 snapshot_revision = oc_hostile_server_get_revision (fixture->server);
  guint done = 0, total = 0;

  start_held (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);
  g_assert_true (oc_source_get_loading (OC_SOURCE (fixture->client), &done, &total));
  g_assert_cmpuint (done, ==, 2);
  g_assert_cmpuint (total, ==, N_CONVERSATIONS);
  g_assert_cmpint (oc_conversation_store_get_revision (fixture->store), ==, 0);
  /* The names resolve from the first row on. */
  g_assert_nonnull (oc_conversation_store_lookup_agent (fixture->store, "a-1"));
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (fixture->client)), ==, OC_SOURCE_STATE_CONNECTING);

  /* Changes during the load: to a row already in, one still to come, a
   * departure. */
  oc_hostile_server_upsert (fixture->server, 0, "changed while loading (in)");
  oc_hostile_server_upsert (fixture->server, 30, "changed while loading (to come)");
  oc_hostile_server_remove (fixture->server, 31);

  /* Time passes (a round trip to the server) and nothing moves: still
   * held, no socket, revision 0. */
  g_assert_cmpuint (oc_hostile_server_get_n_snapshots (fixture->server), ==, 1);
  g_assert_cmpint (oc_hostile_server_get_last_since (fixture->server), ==, -1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);
  g_assert_cmpint (oc_conversation_store_get_revision (fixture->store), ==, 0);
  g_assert_cmpstr (oc_conversation_get_subject (oc_conversation_store_lookup (fixture->store, "c-000000")),
                   !=, "changed while loading (in)");

  _oc_client_hold_load (fixture->client, FALSE);
  assert_store_matches (fixture);
  /* The events resumed from the snapshot, not from anything part way. */
  g_assert_cmpint (oc_hostile_server_get_last_since (fixture->server), ==, snapshot_revision);
  g_assert_false (oc_source_get_loading (OC_SOURCE (fixture->client), NULL, NULL));
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->load_parts, ==, 1 + (N_CONVERSATIONS - 2 + 2) / 3);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->snapshots, ==, 1);
  g_assert_cmpuint (oc_hostile_server_get_n_snapshots (fixture->server), ==, 1);
}

/* The rows of a first load in parts come in the order one load gives. */
static void
test_first_load_order (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(OcConversationStore) whole = oc_conversation_store_new ();
  g_autofree char *url = oc_hostile_server_get_url (fixture->server);
  g_autoptr(OcClient) one_part = oc_client_new (url, TOKEN, whole);
  Fixture other = { fixture->server, whole, one_part };

  _oc_client_set_load_parts (fixture->client, 1, 4);
  connect_live (fixture);
  connect_live (&other);
  g_assert_cmpuint (_oc_client_get_stats (one_part)->load_parts, ==, 1);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->load_parts, >, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (whole)), ==, N_CONVERSATIONS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_CONVERSATIONS);
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autoptr(OcConversation) a = g_list_model_get_item (G_LIST_MODEL (whole), i);
      g_autoptr(OcConversation) b = g_list_model_get_item (G_LIST_MODEL (fixture->store), i);

      g_assert_cmpstr (oc_conversation_get_id (a), ==, oc_conversation_get_id (b));
    }
  g_assert_cmpint (oc_conversation_store_get_revision (whole), ==,
                   oc_conversation_store_get_revision (fixture->store));
  oc_source_stop (OC_SOURCE (one_part));
}

static gboolean
load_abandoned (gpointer client)
{
  return _oc_client_get_stats (client)->loads_abandoned > 0;
}

/* Stopped part way (or the client gone): nothing of the snapshot stays to
 * be taken for the whole; the next start loads it all afresh. */
static void
test_first_load_stopped (Fixture       *fixture,
                         gconstpointer  data)
{
  start_held (fixture);
  oc_source_stop (OC_SOURCE (fixture->client));
  g_assert_true (load_abandoned (fixture->client));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
  g_assert_cmpint (oc_conversation_store_get_revision (fixture->store), ==, 0);
  g_assert_false (oc_source_get_loading (OC_SOURCE (fixture->client), NULL, NULL));
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->snapshots, ==, 0);

  oc_hostile_server_upsert (fixture->server, 1, "changed while stopped");
  _oc_client_hold_load (fixture->client, FALSE);
  connect_live (fixture);
  assert_store_matches (fixture);
  g_assert_cmpuint (oc_hostile_server_get_n_snapshots (fixture->server), ==, 2);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->snapshots, ==, 1);

  /* Gone part way, with the worker still reading: no crash, nothing left. */
  {
    g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
    g_autofree char *url = oc_hostile_server_get_url (fixture->server);
    OcClient *client = oc_client_new (url, TOKEN, store);
    Fixture other = { fixture->server, store, client };

    start_held (&other);
    g_clear_object (&client);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
    g_assert_cmpint (oc_conversation_store_get_revision (store), ==, 0);
  }
}

typedef struct {
  Fixture *fixture;
  guint    snapshots;   /* asked for before */
} Refusal;

/* A snapshot asked for since, and refused. */
static gboolean
snapshot_refused (gpointer data)
{
  Refusal *refusal = data;
  Fixture *fixture = refusal->fixture;
  const char *message = oc_source_get_status_message (OC_SOURCE (fixture->client));

  return oc_hostile_server_get_n_snapshots (fixture->server) > refusal->snapshots &&
         is_reconnecting (fixture->client) && message != NULL &&
         strstr (message, "snapshot that cannot be read") != NULL;
}

/* A snapshot broken anywhere (in its head, among its conversations, at its
 * end) is refused as a whole before any row of it is shown, with the same
 * words as before; the next good one loads. */
static void
test_first_load_malformed (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char * const bodies[] = {
    "{\"revision\": 5, \"queues\": [], \"workstreams\": [], \"agents\": [], \"conversations\": [{}, {}, {}, {]}",
    "{\"revision\": 5, \"queues\": [], \"workstreams\": [], \"agents\": [], \"conversations\": [{}, {}, {\"id\": \"c-1\"",
    "{\"revision\": 5, \"queues\": [], \"workstreams\": [], \"agents\": [], \"conversations\": [{}, {}]} and more",
    "{\"revision\": \"\xff\", \"queues\": [], \"workstreams\": [], \"agents\": [], \"conversations\": [{}, {}]}",
    "{\"queues\": [], \"workstreams\": [], \"agents\": [], \"conversations\": [{}, {}]}",
    "not json at all",
  };

  _oc_client_set_load_parts (fixture->client, 1, 1);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      Refusal refusal = { fixture, oc_hostile_server_get_n_snapshots (fixture->server) };

      g_test_message ("body %u", i);
      oc_hostile_server_set_snapshot_body (fixture->server, bodies[i]);
      if (i == 0)
        oc_source_start (OC_SOURCE (fixture->client));
      g_assert_true (oc_test_wait_until (snapshot_refused, &refusal, 10000));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
      g_assert_cmpint (oc_conversation_store_get_revision (fixture->store), ==, 0);
      g_assert_false (oc_source_get_loading (OC_SOURCE (fixture->client), NULL, NULL));
    }
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->load_parts, ==, 0);

  oc_hostile_server_set_snapshot_body (fixture->server, NULL);
  assert_store_matches (fixture);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->load_parts, >, 1);
}

static void
test_oversized (Fixture       *fixture,
                gconstpointer  data)
{
  connect_live (fixture);

  oc_hostile_server_send_oversized (fixture->server, 2 * 1024 * 1024);
  g_assert_true (oc_test_wait_until (is_reconnecting, fixture->client, 10000));
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (fixture->client)), "larger"));
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
  oc_source_start (OC_SOURCE (fixture->client));
  g_assert_true (oc_test_wait_until (is_reconnecting, fixture->client, 10000));
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (fixture->client)), "larger than"));
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

/* An expensive listener, as a report over a sorted view can be: 1 ms of work
 * per changed row. */
static void
on_updated_slowly (OcConversationStore *store,
                   OcConversation      *conversation,
                   guint               *n_updated)
{
  gint64 until = g_get_monotonic_time () + 1000;

  (*n_updated)++;
  while (g_get_monotonic_time () < until)
    ;
}

/* Four times that: a backlog that lasts longer than a few frames even with
 * every repeat folded, which is when the client says it is catching up. */
static void
on_updated_very_slowly (OcConversationStore *store,
                        OcConversation      *conversation,
                        guint               *n_updated)
{
  gint64 until = g_get_monotonic_time () + 4000;

  (*n_updated)++;
  while (g_get_monotonic_time () < until)
    ;
}

typedef struct {
  Fixture *fixture;
  gint64   first, last;      /* revisions of the flood */
  gboolean seen_between;     /* the main loop ran with part of it applied */
} Between;

static gboolean
between_tick (gpointer data)
{
  Between *between = data;
  gint64 revision = oc_conversation_store_get_revision (between->fixture->store);

  if (revision >= between->first && revision < between->last)
    between->seen_between = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
on_catching_up (OcSource   *source,
                GParamSpec *pspec,
                guint      *n_on)
{
  if (oc_source_get_catching_up (source))
    (*n_on)++;
}

static gboolean
caught_up_and_calm (gpointer data)
{
  Fixture *fixture = data;

  return store_caught_up (fixture) && !oc_source_get_catching_up (OC_SOURCE (fixture->client));
}

static void
test_flood (Fixture       *fixture,
            gconstpointer  data)
{
  Between between = { fixture, 0, 0, FALSE };
  guint n_updated = 0, n_catching_up = 0, n_upserts = 0;
  gulong handler, notify;
  guint tick;

  connect_live (fixture);
  handler = g_signal_connect (fixture->store, "conversation-updated",
                              G_CALLBACK (on_updated_very_slowly), &n_updated);
  notify = g_signal_connect (fixture->client, "notify::catching-up",
                             G_CALLBACK (on_catching_up), &n_catching_up);
  tick = g_timeout_add (1, between_tick, &between);

  /* 304 upserts of 38 conversations reach the socket before the client's
   * loop runs again: 1.2 s of work if each were applied, and 150 ms, many
   * flushes' worth, even if all repeats were folded. */
  between.first = oc_hostile_server_get_revision (fixture->server) + 1;
  for (guint round = 0; round < 8; round++)
    for (guint i = 0; i < N_CONVERSATIONS; i++)
      {
        g_autofree char *subject = g_strdup_printf ("round %u of %u", round, i);

        if (i == 20 || i == 21)
          continue;
        oc_hostile_server_upsert (fixture->server, i, subject);
        n_upserts++;
      }
  /* Never coalesced across a removal: 20 is back with its last subject, 21
   * is gone. */
  oc_hostile_server_upsert (fixture->server, 20, "before leaving");
  oc_hostile_server_remove (fixture->server, 20);
  oc_hostile_server_upsert (fixture->server, 20, "back again");
  oc_hostile_server_upsert (fixture->server, 21, "about to leave");
  oc_hostile_server_upsert (fixture->server, 21, "leaving");
  oc_hostile_server_remove (fixture->server, 21);
  between.last = oc_hostile_server_get_revision (fixture->server);

  g_assert_true (oc_test_wait_until (caught_up_and_calm, fixture, 20000));
  g_source_remove (tick);
  g_signal_handler_disconnect (fixture->client, notify);
  g_signal_handler_disconnect (fixture->store, handler);

  assert_store_matches (fixture);
  g_assert_null (oc_conversation_store_lookup (fixture->store, "c-000021"));
  g_assert_cmpstr (oc_conversation_get_subject (oc_conversation_store_lookup (fixture->store, "c-000020")),
                   ==, "back again");
  /* Applied in parts, with the loop running in between, and said so ... */
  g_assert_true (between.seen_between);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->deferred_flushes, >, 0);
  g_assert_cmpuint (n_catching_up, >, 0);
  /* ... and repeats still queued were folded into one. */
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->coalesced_events, >, 0);
  g_assert_cmpuint (n_updated, <, n_upserts);
}

/* Many upserts of each conversation, each a new subject and a new waiting
 * spell, reach the client faster than it may apply them: once it has caught
 * up, every conversation holds what the server sent last for it, whatever
 * was folded into what. */
static void
test_flood_moves (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 wait_seconds[N_CONVERSATIONS], waiting_since[N_CONVERSATIONS];
  char *subjects[N_CONVERSATIONS] = { NULL, };
  guint n_updated = 0;
  gulong handler;
  GRand *rand = g_rand_new_with_seed (7);

  connect_live (fixture);
  handler = g_signal_connect (fixture->store, "conversation-updated",
                              G_CALLBACK (on_updated_slowly), &n_updated);

  /* 25 rounds in a shuffled order each, all on the socket before the
   * client's loop runs again. */
  for (guint round = 0; round < 25; round++)
    for (guint k = 0; k < N_CONVERSATIONS; k++)
      {
        guint i = (guint) g_rand_int_range (rand, 0, N_CONVERSATIONS);

        g_free (subjects[i]);
        subjects[i] = g_strdup_printf ("move %u.%u", round, k);
        wait_seconds[i] = g_rand_int_range (rand, 0, 3600);
        waiting_since[i] = now - g_rand_int_range (rand, 0, 600);
        oc_hostile_server_upsert_waiting (fixture->server, i, subjects[i], wait_seconds[i],
                                          waiting_since[i]);
      }

  g_assert_true (oc_test_wait_until (caught_up_and_calm, fixture, 20000));
  g_signal_handler_disconnect (fixture->store, handler);
  g_assert_cmpint (oc_conversation_store_get_revision (fixture->store), ==,
                   oc_hostile_server_get_revision (fixture->server));
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->deferred_flushes, >, 0);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->coalesced_events, >, 0);

  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%06u", i);
      OcConversation *conversation = oc_conversation_store_lookup (fixture->store, id);

      g_assert_nonnull (conversation);
      g_assert_cmpint (oc_conversation_get_status (conversation), ==, OC_STATUS_OPEN);
      if (subjects[i] == NULL)
        continue;
      g_assert_cmpstr (oc_conversation_get_subject (conversation), ==, subjects[i]);
      g_assert_cmpint (oc_conversation_get_wait_seconds (conversation), ==, wait_seconds[i]);
      g_assert_cmpint (oc_conversation_get_waiting_since (conversation), ==, waiting_since[i]);
      g_free (subjects[i]);
    }
  g_rand_free (rand);
  assert_store_matches (fixture);
}

/* What a frame sees of the flushes: GTK's layout and paint run at
 * G_PRIORITY_HIGH_IDLE + 20. */
typedef struct {
  Fixture *fixture;
  guint    posted_at;      /* flushes when the frame was asked for; 0: none asked */
  guint    frames;
  guint    overtaken;      /* frames a flush ran before */
} Frames;

static gboolean
frame_cb (gpointer data)
{
  Frames *frames = data;

  frames->frames++;
  if (_oc_client_get_stats (frames->fixture->client)->flushes != frames->posted_at)
    frames->overtaken++;
  frames->posted_at = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
no_frame_asked (gpointer data)
{
  return ((Frames *) data)->posted_at == 0;
}

/* A change, as the report's widgets see it: they ask for a frame. */
static void
on_batch_ask_frame (OcConversationStore *store,
                    Frames              *frames)
{
  if (frames->posted_at != 0)
    return;
  /* The flush under way counts already. */
  frames->posted_at = _oc_client_get_stats (frames->fixture->client)->flushes + 1;
  g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, frame_cb, frames, NULL);
}

/* A flood that costs more than a frame interval a flush: the frame that a
 * flush asked for is drawn before the next flush, however soon that one is
 * due; flushes that always came first would never let the window paint. */
static void
test_flood_frames (Fixture       *fixture,
                   gconstpointer  data)
{
  Frames frames = { fixture, 0, 0, 0 };
  guint n_updated = 0;
  gulong updated, batch;

  connect_live (fixture);
  updated = g_signal_connect (fixture->store, "conversation-updated",
                              G_CALLBACK (on_updated_slowly), &n_updated);
  batch = g_signal_connect (fixture->store, "batch-done", G_CALLBACK (on_batch_ask_frame), &frames);

  for (guint round = 0; round < 8; round++)
    for (guint i = 0; i < N_CONVERSATIONS; i++)
      {
        g_autofree char *subject = g_strdup_printf ("frame %u of %u", round, i);

        oc_hostile_server_upsert (fixture->server, i, subject);
      }

  g_assert_true (oc_test_wait_until (caught_up_and_calm, fixture, 20000));
  g_signal_handler_disconnect (fixture->store, batch);
  g_signal_handler_disconnect (fixture->store, updated);
  /* The last frame asked for, if it is still to come. */
  g_assert_true (oc_test_wait_until (no_frame_asked, &frames, 10000));

  assert_store_matches (fixture);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->deferred_flushes, >, 0);
  g_assert_cmpuint (frames.frames, >, 1);
  g_assert_cmpuint (frames.overtaken, ==, 0);
}

/* A window's frame clock, as OcFramePacer is: it answers "frame-wanted" with
 * a frame soon after (an idle here), and the client applies what waits in
 * oc_source_begin_frame(). */
typedef struct {
  Fixture  *fixture;
  gboolean  answering;   /* FALSE: the window stopped painting */
  gboolean  in_frame;
  guint     wanted;
  guint     frames;
  guint     batches_in_frame;
  guint     batches_outside;
  guint     idle;
} Pace;

static gboolean
pace_frame_cb (gpointer data)
{
  Pace *pace = data;

  pace->idle = 0;
  pace->frames++;
  pace->in_frame = TRUE;
  oc_source_begin_frame (OC_SOURCE (pace->fixture->client));
  pace->in_frame = FALSE;
  return G_SOURCE_REMOVE;
}

static void
on_frame_wanted (OcSource *source,
                 Pace     *pace)
{
  pace->wanted++;
  if (pace->answering && pace->idle == 0)
    pace->idle = g_idle_add (pace_frame_cb, pace);
}

static void
on_paced_batch (OcConversationStore *store,
                Pace                *pace)
{
  if (pace->in_frame)
    pace->batches_in_frame++;
  else
    pace->batches_outside++;
}

static gboolean
subject_is (Fixture    *fixture,
            guint       index,
            const char *subject)
{
  g_autofree char *id = g_strdup_printf ("c-%06u", index);
  OcConversation *conversation = oc_conversation_store_lookup (fixture->store, id);

  return conversation != NULL && g_strcmp0 (oc_conversation_get_subject (conversation), subject) == 0;
}

static gboolean
paced_caught_up (gpointer data)
{
  Pace *pace = data;

  return subject_is (pace->fixture, N_CONVERSATIONS - 1, "paced 3") && pace->idle == 0;
}

static gboolean
fallback_applied (gpointer data)
{
  return subject_is (((Pace *) data)->fixture, 2, "while hidden");
}

/* Paced by frames (#17): once a window begins frames, events wait for the
 * next one, which the client asks for, and are applied at its start, so
 * that the frame lays them out and paints them; a window that stops
 * painting (hidden) does not stop the store: the client's timer takes over. */
static void
test_paced (Fixture       *fixture,
            gconstpointer  data)
{
  Pace pace = { fixture, TRUE, };
  gulong wanted, batch;

  connect_live (fixture);
  wanted = g_signal_connect (fixture->client, "frame-wanted", G_CALLBACK (on_frame_wanted), &pace);
  batch = g_signal_connect (fixture->store, "batch-done", G_CALLBACK (on_paced_batch), &pace);
  /* The first frame says the client is paced. */
  pace_frame_cb (&pace);

  for (guint round = 1; round <= 3; round++)
    for (guint i = 0; i < N_CONVERSATIONS; i++)
      {
        g_autofree char *subject = g_strdup_printf ("paced %u", round);

        oc_hostile_server_upsert (fixture->server, i, subject);
      }
  g_assert_true (oc_test_wait_until (paced_caught_up, &pace, 10000));
  assert_store_matches (fixture);
  g_assert_cmpuint (pace.wanted, >, 0);
  g_assert_cmpuint (pace.batches_in_frame, >, 0);
  /* Every batch at the start of a frame, none by the timer. */
  g_assert_cmpuint (pace.batches_outside, ==, 0);

  /* Hidden: frames are asked for and none come; the timer applies them. */
  pace.answering = FALSE;
  pace.wanted = 0;
  oc_hostile_server_upsert (fixture->server, 2, "while hidden");
  g_assert_true (oc_test_wait_until (fallback_applied, &pace, 10000));
  g_assert_cmpuint (pace.wanted, >, 0);
  g_assert_cmpuint (pace.batches_outside, >, 0);
  assert_store_matches (fixture);

  g_signal_handler_disconnect (fixture->store, batch);
  g_signal_handler_disconnect (fixture->client, wanted);
  g_clear_handle_id (&pace.idle, g_source_remove);
}

/* What a pipeline test sees of each conversation: the sequence numbers of
 * its subjects ("s<k>"), which the server sent in increasing order. */
typedef struct {
  guint last[N_CONVERSATIONS];
  guint regressions;          /* an older state after a newer one */
} Sequence;

static void
on_sequenced (OcConversationStore *store,
              OcConversation      *conversation,
              Sequence            *sequence)
{
  const char *id = oc_conversation_get_id (conversation);
  const char *subject = oc_conversation_get_subject (conversation);
  guint index, k;

  if (subject == NULL || subject[0] != 's' || sscanf (id, "c-%06u", &index) != 1 ||
      index >= N_CONVERSATIONS)
    return;
  k = (guint) g_ascii_strtoull (subject + 1, NULL, 10);
  if (k <= sequence->last[index])
    sequence->regressions++;
  sequence->last[index] = k;
}

static gboolean
has_two_snapshots_and_live (gpointer data)
{
  Fixture *fixture = data;

  return oc_hostile_server_get_n_snapshots (fixture->server) >= 2 &&
         oc_source_get_state (OC_SOURCE (fixture->client)) == OC_SOURCE_STATE_LIVE;
}

/* Thousands of frames, parsed in the client's worker and taken back in
 * order: the same conversation many times, removals and returns, and a
 * resync (a fresh snapshot) in the middle of the stream. Afterwards the
 * store is exactly the server's world, and no conversation ever went back to
 * an older state (an event applied twice, or out of order). */
static void
test_pipeline (Fixture       *fixture,
               gconstpointer  data)
{
  Sequence sequence = { { 0, }, 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  gulong updated;
  guint k = 0;

  connect_live (fixture);
  updated = g_signal_connect (fixture->store, "conversation-updated", G_CALLBACK (on_sequenced), &sequence);

  for (guint round = 0; round < 50; round++)
    {
      /* The snapshot was taken while frames were still coming: now the
       * stream goes on from it. */
      if (round == 30)
        g_assert_true (oc_test_wait_until (has_two_snapshots_and_live, fixture, 20000));

      for (guint n = 0; n < 100; n++)
        {
          guint i = (guint) g_rand_int_range (rand, 0, N_CONVERSATIONS);
          g_autofree char *subject = g_strdup_printf ("s%u", ++k);

          if (g_rand_int_range (rand, 0, 25) == 0)
            oc_hostile_server_remove (fixture->server, i);
          else
            oc_hostile_server_upsert (fixture->server, i, subject);
        }
      if (round == 20)
        {
          g_autofree char *resync =
            g_strdup_printf ("{\"type\":\"resync-required\",\"revision\":%" G_GINT64_FORMAT
                             ",\"reason\":\"test\"}", oc_hostile_server_get_revision (fixture->server));

          oc_hostile_server_send_raw (fixture->server, resync);
        }
    }

  assert_store_matches (fixture);
  g_signal_handler_disconnect (fixture->store, updated);

  g_assert_cmpint (oc_conversation_store_get_revision (fixture->store), ==,
                   oc_hostile_server_get_revision (fixture->server));
  g_assert_cmpuint (sequence.regressions, ==, 0);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->resyncs, >=, 1);
  g_assert_cmpuint (oc_hostile_server_get_n_snapshots (fixture->server), >=, 2);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->frames_taken, >, 4000);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->malformed_frames, ==, 0);
}

/* What /client/hostile/arrivals sees of the conversations that came by an
 * event: each one the store adopted, until a flush is done. */
typedef struct {
  OcConversationStore *store;
  GThread             *main_thread;
  GPtrArray           *fresh;        /* GWeakRef *, arrived since the last check */
  guint                arrived;
  guint                shared;       /* still referenced elsewhere after a flush */
  gint                 finalized_elsewhere;  /* atomic */
} Arrivals;

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
on_arrival_finalized (gpointer  data,
                      GObject  *where_the_object_was)
{
  Arrivals *arrivals = data;

  if (g_thread_self () != arrivals->main_thread)
    g_atomic_int_inc (&arrivals->finalized_elsewhere);
}

static void
on_arrivals_changed (GListModel *store,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Arrivals   *arrivals)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(OcConversation) conversation = g_list_model_get_item (store, i);
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, conversation);
      g_ptr_array_add (arrivals->fresh, ref);
      g_object_weak_ref (G_OBJECT (conversation), on_arrival_finalized, arrivals);
      arrivals->arrived++;
    }
}

/* At the end of each flush that heard something: the store's reference (if
 * it still holds the row) and ours are the only ones. */
static void
on_flushed (OcClient   *client,
            GParamSpec *pspec,
            Arrivals   *arrivals)
{
  for (guint i = 0; i < arrivals->fresh->len; i++)
    {
      g_autoptr(OcConversation) conversation = g_weak_ref_get (g_ptr_array_index (arrivals->fresh, i));
      guint expected;

      if (conversation == NULL)
        continue;
      expected = 1 + (oc_conversation_store_lookup (arrivals->store, oc_conversation_get_id (conversation)) == conversation);
      /* Read on purpose: an extra reference is one another thread may drop last. */
      if ((guint) g_atomic_int_get (&G_OBJECT (conversation)->ref_count) != expected)
        arrivals->shared++;
    }
  g_ptr_array_set_size (arrivals->fresh, 0);
}

/* Conversations that arrive by events are shown and watched on the main
 * thread: the client lets go of its references to them there, in the flush
 * that applied them, so that none is finalized in the thread that frees the
 * applied events (as one removed again before that thread got to it was). */
static void
test_arrivals (Fixture       *fixture,
               gconstpointer  data)
{
  Arrivals arrivals = {
    .store = fixture->store,
    .main_thread = g_thread_self (),
    .fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) weak_ref_free),
  };
  gulong changed, flushed;
  guint k = 0;

  connect_live (fixture);
  changed = g_signal_connect (fixture->store, "items-changed", G_CALLBACK (on_arrivals_changed), &arrivals);
  flushed = g_signal_connect (fixture->client, "notify::last-event-time", G_CALLBACK (on_flushed), &arrivals);

  for (guint round = 0; round < 20; round++)
    {
      /* Gone first, so that each comes back as a new row, not revived. */
      for (guint i = 0; i < N_CONVERSATIONS; i++)
        oc_hostile_server_remove (fixture->server, i);
      assert_store_matches (fixture);
      for (guint i = 0; i < N_CONVERSATIONS; i++)
        {
          g_autofree char *subject = g_strdup_printf ("s%u", ++k);

          oc_hostile_server_upsert (fixture->server, i, subject);
        }
      assert_store_matches (fixture);
    }

  g_signal_handler_disconnect (fixture->client, flushed);
  g_signal_handler_disconnect (fixture->store, changed);
  /* The last ones go with the store, here. */
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);

  g_assert_cmpuint (arrivals.arrived, ==, 20 * N_CONVERSATIONS);
  g_assert_cmpint (g_atomic_int_get (&arrivals.finalized_elsewhere), ==, 0);
  g_assert_cmpuint (arrivals.shared, ==, 0);
  g_ptr_array_unref (arrivals.fresh);
}

static gboolean
has_overrun (gpointer client)
{
  return _oc_client_get_stats (client)->parse_overruns > 0;
}

/* A server that sends faster than the worker parses: past the backlog the
 * client allows, it starts again from a snapshot instead of holding on to
 * ever more frames; afterwards the store is the server's. */
static void
test_parse_backlog (Fixture       *fixture,
                    gconstpointer  data)
{
  connect_live (fixture);
  _oc_client_set_max_backlog (fixture->client, 2);

  for (guint round = 0; round < 100 && !has_overrun (fixture->client); round++)
    for (guint i = 0; i < N_CONVERSATIONS; i++)
      {
        g_autofree char *subject = g_strdup_printf ("burst %u of %u", round, i);

        oc_hostile_server_upsert (fixture->server, i, subject);
      }
  g_assert_true (oc_test_wait_until (has_overrun, fixture->client, 20000));
  _oc_client_set_max_backlog (fixture->client, G_MAXUINT);

  assert_store_matches (fixture);
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->resyncs, >=, 1);
  g_assert_cmpuint (oc_hostile_server_get_n_snapshots (fixture->server), >=, 2);
}

static gboolean
subject_is_not_seen (gpointer store)
{
  OcConversation *conversation = oc_conversation_store_lookup (store, "c-000001");

  return conversation != NULL && g_strcmp0 (oc_conversation_get_subject (conversation), "not seen") == 0;
}

static void
test_stop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *url = oc_hostile_server_get_url (fixture->server);
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) later = oc_client_new (url, TOKEN, store);

  connect_live (fixture);
  oc_source_stop (OC_SOURCE (fixture->client));
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (fixture->client)), ==, OC_SOURCE_STATE_OFFLINE);
  g_assert_true (oc_test_wait_until (oc_hostile_server_idle, fixture->server, 10000));
  oc_hostile_server_upsert (fixture->server, 1, "not seen");

  /* A client started after it sees the change; the stopped one neither
   * sees it nor connects again. */
  oc_source_start (OC_SOURCE (later));
  g_assert_true (oc_test_wait_until (subject_is_not_seen, store, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_CONVERSATIONS);
  g_assert_cmpstr (oc_conversation_get_subject (oc_conversation_store_lookup (fixture->store, "c-000001")),
                   !=, "not seen");
  g_assert_cmpuint (_oc_client_get_stats (fixture->client)->connects, ==, 1);
  oc_source_stop (OC_SOURCE (later));
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
  oc_source_start (OC_SOURCE (client));
  g_assert_true (oc_test_wait_until (is_reconnecting, client, 10000));
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (client)), "Cannot reach"));
}

typedef struct {
  char  *target;   /* where the first server sends everyone */
  guint  hits;     /* requests the other origin received */
} Redirect;

static void
redirect_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Redirect *redirect = user_data;
  g_autofree char *location = g_strconcat (redirect->target, path, NULL);

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

static void
other_origin_handler (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  Redirect *redirect = user_data;
  static const char me[] = "{\"user\": \"someone-else\", \"role\": \"supervisor\"}";

  redirect->hits++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, me, strlen (me));
}

static char *
listen_local (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *url;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* "http://127.0.0.1:PORT/": without the slash, as a server address. */
  url[strlen (url) - 1] = '\0';
  return url;
}

static gboolean
is_settled_or_reconnecting (gpointer client)
{
  return (is_settled (client) || is_reconnecting (client)) &&
         oc_source_get_status_message (OC_SOURCE (client)) != NULL;
}

/* A server that redirects to another origin does not get its answers
 * accepted (the token was never sent there, and neither is the trust): the
 * console says the server redirected, and the other origin is never asked. */
static void
test_redirect (void)
{
  g_autoptr(SoupServer) first = soup_server_new (NULL, NULL);
  g_autoptr(SoupServer) other = soup_server_new (NULL, NULL);
  g_autoptr(OcClient) client = NULL;
  g_autofree char *first_url = NULL;
  Redirect redirect = { NULL, 0 };

  soup_server_add_handler (first, NULL, redirect_handler, &redirect, NULL);
  soup_server_add_handler (other, NULL, other_origin_handler, &redirect, NULL);
  first_url = listen_local (first);
  redirect.target = listen_local (other);

  client = oc_client_new (first_url, TOKEN, NULL);
  oc_source_start (OC_SOURCE (client));
  g_assert_true (oc_test_wait_until (is_settled_or_reconnecting, client, 10000));
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (client)), !=, OC_SOURCE_STATE_LIVE);
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (client)), "redirect"));
  g_assert_cmpstr (oc_source_get_user (OC_SOURCE (client)), !=, "someone-else");
  g_assert_cmpuint (redirect.hits, ==, 0);

  oc_source_stop (OC_SOURCE (client));
  g_free (redirect.target);
}

static void
test_bad_url (void)
{
  g_autoptr(OcClient) client = oc_client_new ("ftp://example.com", TOKEN, NULL);

  oc_source_start (OC_SOURCE (client));
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (client)), ==, OC_SOURCE_STATE_OFFLINE);
  g_assert_nonnull (oc_source_get_status_message (OC_SOURCE (client)));
}

static void
test_ca_file (void)
{
  g_autoptr(OcClient) client = oc_client_new ("https://127.0.0.1:1", TOKEN, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (oc_client_set_ca_file (client, "/nonexistent/ca.pem", &error));
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS);
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
  oc_source_start (OC_SOURCE (untrusting));
  g_assert_true (oc_test_wait_until (is_settled, untrusting, 10000));
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (untrusting)), ==, OC_SOURCE_STATE_OFFLINE);
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (untrusting)), "certificate"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (oc_source_get_store (OC_SOURCE (untrusting)))), ==, 0);

  g_assert_true (oc_client_set_ca_file (trusting, ca, &error));
  g_assert_no_error (error);
  oc_source_start (OC_SOURCE (trusting));
  g_assert_true (oc_test_wait_until (is_live, trusting, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (oc_source_get_store (OC_SOURCE (trusting)))), ==, 5);

  g_clear_object (&trusting);
  g_clear_object (&untrusting);
  g_assert_true (oc_test_wait_until (oc_hostile_server_idle, server, 10000));
  oc_hostile_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  oc_hostile_test_init (&argc, &argv);

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
  ADD ("/client/hostile/flood", test_flood);
  ADD ("/client/hostile/flood-moves", test_flood_moves);
  ADD ("/client/hostile/pipeline", test_pipeline);
  ADD ("/client/hostile/flood-frames", test_flood_frames);
  ADD ("/client/hostile/paced", test_paced);
  ADD ("/client/hostile/parse-backlog", test_parse_backlog);
  ADD ("/client/hostile/arrivals", test_arrivals);
  ADD ("/client/hostile/stop", test_stop);
  ADD ("/client/hostile/first-load/parts", test_first_load_parts);
  ADD ("/client/hostile/first-load/order", test_first_load_order);
  ADD ("/client/hostile/first-load/stopped", test_first_load_stopped);
  ADD ("/client/hostile/first-load/malformed", test_first_load_malformed);
  g_test_add_func ("/client/hostile/unreachable", test_unreachable);
  g_test_add_func ("/client/hostile/bad-url", test_bad_url);
  g_test_add_func ("/client/hostile/redirect", test_redirect);
  g_test_add_func ("/client/hostile/ca-file", test_ca_file);
  g_test_add_func ("/client/hostile/tls", test_tls);

  g_test_add_func ("/client/finally/token-not-logged", test_token_not_logged);

  return g_test_run ();
}
