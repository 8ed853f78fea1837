// SPDX-License-Identifier: GPL-3.0-or-later
/* OcTranscript against the scripted server: history in batches, live lines,
 * duplicates ignored, resume after a drop, ended, 404, stop, and frames it
 * cannot read that would come again on every resume. */

#include "config.h"

#include "oc-hostile-fixture.h"
#include "oc-client-transcript.h"
#include "oc-protocol.h"

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

  transcript = oc_source_open_transcript (OC_SOURCE (fixture->client), "c-000006");
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

  /* Live, with duplicates that must be ignored: the next line, sent after
   * them, arrives after them too. */
  oc_hostile_server_add_message (fixture->server, 6, "live 301");
  oc_hostile_server_resend_message (fixture->server, 6, 300);
  oc_hostile_server_resend_message (fixture->server, 6, 301);
  oc_hostile_server_add_message (fixture->server, 6, "live 302");
  g_assert_true (oc_test_wait_until (transcript_has, &(CountData) { transcript, 302 }, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 302);
  assert_seqs_in_order (transcript);

  /* A drop resumes after the last seq: nothing twice, nothing missing. */
  oc_hostile_server_close_transcripts (fixture->server);
  g_assert_true (oc_test_wait_until (transcript_is_reconnecting, transcript, 10000));
  oc_hostile_server_add_message (fixture->server, 6, "while away 303");
  g_assert_true (oc_test_wait_until (transcript_is_live, transcript, 10000));
  g_assert_true (oc_test_wait_until (transcript_has, &(CountData) { transcript, 303 }, 10000));
  oc_hostile_server_add_message (fixture->server, 6, "live 304");
  g_assert_true (oc_test_wait_until (transcript_has, &(CountData) { transcript, 304 }, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 304);
  assert_seqs_in_order (transcript);

  oc_hostile_server_end_transcript (fixture->server, 6, "force-closed");
  g_assert_true (oc_test_wait_until (transcript_is_done, transcript, 10000));
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_ENDED);
  g_assert_cmpstr (oc_transcript_get_ended_reason (transcript), ==, "force-closed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 304);
}

static void
test_transcript_not_found (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(OcTranscript) transcript = oc_source_open_transcript (OC_SOURCE (fixture->client), "c-999999");

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
  g_autoptr(OcTranscript) later = NULL;

  oc_hostile_server_add_message (fixture->server, 2, "hello");
  transcript = oc_source_open_transcript (OC_SOURCE (fixture->client), "c-000002");
  g_assert_true (oc_test_wait_until (transcript_is_live, transcript, 10000));
  oc_transcript_stop (transcript);
  g_assert_true (oc_test_wait_until (oc_hostile_server_idle, fixture->server, 10000));
  oc_hostile_server_add_message (fixture->server, 2, "unseen");

  /* A transcript opened after it gets the line; the stopped one neither
   * gets it nor connects again. */
  later = oc_source_open_transcript (OC_SOURCE (fixture->client), "c-000002");
  g_assert_true (oc_test_wait_until (transcript_has, &(CountData) { later, 2 }, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 1);
  g_assert_cmpuint (oc_hostile_server_get_n_transcript_connects (fixture->server), ==, 2);
}

typedef struct {
  OcTranscript    *transcript;
  OcHostileServer *server;
  guint            n_connects;
} LoopData;

static gboolean
reconnected_n_times (gpointer data)
{
  LoopData *loop = data;

  return oc_hostile_server_get_n_transcript_connects (loop->server) >= loop->n_connects ||
         transcript_is_done (loop->transcript);
}

static gboolean
connected_again (gpointer data)
{
  LoopData *loop = data;

  return oc_hostile_server_get_n_transcript_connects (loop->server) > loop->n_connects;
}

/* A message the client cannot read but whose seq it can: resuming after the
 * seq before it would fetch it again, forever. It is passed over (shown as
 * unreadable) and the transcript goes on, on the same socket. */
static void
test_transcript_unreadable_message (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(OcTranscript) transcript = NULL;
  g_autoptr(OcMessage) first = NULL;
  g_autoptr(OcMessage) unreadable = NULL;
  g_autoptr(OcMessage) last = NULL;
  LoopData loop;

  oc_hostile_server_add_message (fixture->server, 3, "before");
  oc_hostile_server_add_raw_message (fixture->server, 3,
      "{\"seq\":2,\"at\":\"not a time\",\"sender\":{\"role\":\"agent\"},"
      "\"kind\":\"text\",\"text\":\"lost\"}");
  oc_hostile_server_add_message (fixture->server, 3, "after");

  transcript = oc_source_open_transcript (OC_SOURCE (fixture->client), "c-000003");
  loop = (LoopData) { transcript, fixture->server, 2 };
  g_assert_true (oc_test_wait_until (transcript_has, &(CountData) { transcript, 3 }, 10000));
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_LIVE);

  /* Long enough for a drop to reconnect (the backoff starts at 0.5 s). */
  g_assert_false (oc_test_wait_until (reconnected_n_times, &loop, 2000));
  g_assert_cmpuint (oc_hostile_server_get_n_transcript_connects (fixture->server), ==, 1);
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_LIVE);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 3);
  assert_seqs_in_order (transcript);
  first = g_list_model_get_item (G_LIST_MODEL (transcript), 0);
  unreadable = g_list_model_get_item (G_LIST_MODEL (transcript), 1);
  last = g_list_model_get_item (G_LIST_MODEL (transcript), 2);
  g_assert_cmpstr (oc_message_get_text (first), ==, "before");
  g_assert_cmpint (oc_message_get_sender_role (unreadable), ==, OC_SENDER_SYSTEM);
  g_assert_null (strstr (oc_message_get_text (unreadable), "lost"));
  g_assert_cmpstr (oc_message_get_text (last), ==, "after");

  /* Live lines still come. */
  oc_hostile_server_add_message (fixture->server, 3, "live 4");
  g_assert_true (oc_test_wait_until (transcript_has, &(CountData) { transcript, 4 }, 10000));
  assert_seqs_in_order (transcript);
}

/* A frame that cannot be read at all, not even its seq, and comes again on
 * every resume: after a few tries the transcript fails with a reason rather
 * than fetching the history forever. */
static void
test_transcript_unreadable_frame (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(OcTranscript) transcript = NULL;
  LoopData loop;
  guint n_connects;

  oc_hostile_server_add_message (fixture->server, 4, "before");
  oc_hostile_server_add_raw_message (fixture->server, 4, "{\"seq\":2,\"at\":");
  oc_hostile_server_add_message (fixture->server, 4, "after");

  transcript = oc_source_open_transcript (OC_SOURCE (fixture->client), "c-000004");
  loop = (LoopData) { transcript, fixture->server, 12 };
  oc_test_wait_until (reconnected_n_times, &loop, 20000);
  n_connects = oc_hostile_server_get_n_transcript_connects (fixture->server);
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_FAILED);
  g_assert_cmpuint (n_connects, <, 12);
  g_assert_nonnull (oc_transcript_get_status_message (transcript));
  /* What came before it stays. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 1);

  /* Nothing to wait for but a retry that must not come: watch for one
   * through a window longer than the backoff. */
  loop.n_connects = n_connects;
  g_assert_false (oc_test_wait_until (connected_again, &loop, 1500));
  g_assert_cmpuint (oc_hostile_server_get_n_transcript_connects (fixture->server), ==, n_connects);
}

/* The same for a frame over the size limit: the socket closes before the
 * client sees its seq. */
static void
test_transcript_oversized_frame (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(OcTranscript) transcript = NULL;
  g_autofree char *huge = g_malloc (OC_PROTOCOL_MAX_TRANSCRIPT_FRAME + 2);
  LoopData loop;

  memset (huge, 'x', OC_PROTOCOL_MAX_TRANSCRIPT_FRAME + 1);
  huge[OC_PROTOCOL_MAX_TRANSCRIPT_FRAME + 1] = '\0';
  oc_hostile_server_add_message (fixture->server, 5, "before");
  oc_hostile_server_add_message (fixture->server, 5, huge);

  transcript = oc_source_open_transcript (OC_SOURCE (fixture->client), "c-000005");
  loop = (LoopData) { transcript, fixture->server, 12 };
  oc_test_wait_until (reconnected_n_times, &loop, 20000);
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_FAILED);
  g_assert_cmpuint (oc_hostile_server_get_n_transcript_connects (fixture->server), <, 12);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 1);
}

static gboolean
transcript_not_live (gpointer data)
{
  return !transcript_is_live (data);
}

static gboolean
transcript_went_silent (gpointer data)
{
  OcTranscript *transcript = data;
  const char *message = oc_transcript_get_status_message (transcript);

  return oc_transcript_get_state (transcript) == OC_TRANSCRIPT_STATE_RECONNECTING &&
         message != NULL && strstr (message, "silent") != NULL;
}

/* A server that stops answering, pings included, is noticed after twice the
 * ping interval; the transcript resumes when it is back, nothing lost. */
static void
test_transcript_server_freezes (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(OcTranscript) transcript = NULL;

  oc_hostile_server_add_message (fixture->server, 3, "before");
  transcript = oc_source_open_transcript (OC_SOURCE (fixture->client), "c-000003");
  oc_client_transcript_set_keepalive_seconds (OC_CLIENT_TRANSCRIPT (transcript), 1);
  /* The keepalive applies from the next connection: drop this one. */
  g_assert_true (oc_test_wait_until (transcript_is_live, transcript, 10000));
  oc_hostile_server_close_transcripts (fixture->server);
  g_assert_true (oc_test_wait_until (transcript_is_reconnecting, transcript, 10000));
  g_assert_true (oc_test_wait_until (transcript_is_live, transcript, 10000));

  /* Healthy but quiet: pongs keep it live past the limit. Only time shows
   * that, so watch for a drop through three keepalive periods. */
  g_assert_false (oc_test_wait_until (transcript_not_live, transcript, 3000));
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_LIVE);

  oc_hostile_server_freeze (fixture->server);
  g_assert_true (oc_test_wait_until (transcript_went_silent, transcript, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 1);

  /* Back once the client has noticed; the call below waits for the thread. */
  oc_hostile_server_thaw (fixture->server);
  oc_hostile_server_add_message (fixture->server, 3, "after");
  g_assert_true (oc_test_wait_until (transcript_has, &(CountData) { transcript, 2 }, 15000));
  g_assert_true (oc_test_wait_until (transcript_is_live, transcript, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 2);
  assert_seqs_in_order (transcript);
}

/* Stopping (or dropping) a transcript cancels its connection; an answer that
 * was already on its way (here the server's 401) must not reach the
 * transcript: with the last reference gone it would be freed memory.
 * Stopped at each point of the handshake in turn, the stopped one keeps
 * saying it was stopped. */
static void
test_transcript_stop_while_connecting (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *url = oc_hostile_server_get_url (fixture->server);
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) refused = oc_client_new (url, "not-the-token", store);
  for (guint k = 0; k < 100; k++)
    {
      g_autoptr(OcTranscript) transcript = oc_source_open_transcript (OC_SOURCE (refused), "c-000002");
      g_autoptr(OcTranscript) probe = NULL;
      g_autofree char *stopped = NULL;

      for (guint i = 0; i < k; i++)
        g_main_context_iteration (NULL, FALSE);
      oc_transcript_stop (transcript);
      stopped = g_strdup (oc_transcript_get_status_message (transcript));

      /* Opened after it on the same session: once this one is refused and
       * every socket closed, the stopped one's answer came too. */
      probe = oc_source_open_transcript (OC_SOURCE (refused), "c-000002");
      g_assert_true (oc_test_wait_until (transcript_is_done, probe, 10000));
      g_assert_true (oc_test_wait_until (oc_hostile_server_idle, fixture->server, 10000));
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_FAILED);
      g_assert_cmpstr (oc_transcript_get_status_message (transcript), ==, stopped);
    }
}

int
main (int   argc,
      char *argv[])
{
  oc_hostile_test_init (&argc, &argv);

  ADD ("/client/transcript/history-live-ended", test_transcript);
  ADD ("/client/transcript/not-found", test_transcript_not_found);
  ADD ("/client/transcript/stop", test_transcript_stop);
  ADD ("/client/transcript/stop-while-connecting", test_transcript_stop_while_connecting);
  ADD ("/client/transcript/unreadable-message-passed-over", test_transcript_unreadable_message);
  ADD ("/client/transcript/unreadable-frame-fails", test_transcript_unreadable_frame);
  ADD ("/client/transcript/oversized-frame-fails", test_transcript_oversized_frame);
  ADD ("/client/transcript/server-freezes", test_transcript_server_freezes);

  g_test_add_func ("/client/finally/token-not-logged", test_token_not_logged);

  return g_test_run ();
}
