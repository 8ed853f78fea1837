// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "oc-test-util.h"
#include "server-fixture.h"

/* The events and transcript WebSockets. */

static void
test_events_live (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Socket) s = NULL;
  g_autoptr(OcEvent) hello = NULL;
  g_autoptr(Reply) reply = NULL;
  gint64 revision;
  gboolean saw_conversation = FALSE, saw_agent = FALSE;

  fixture_add_floor (f);
  revision = oc_world_get_revision (f->world);

  s = socket_open (f, "/api/v1/events", f->viewer);
  g_assert_false (s->failed);
  hello = socket_next_change (s, 5);
  g_assert_cmpint (hello->type, ==, OC_EVENT_HELLO);
  g_assert_cmpint (hello->revision, ==, revision);
  g_assert_cmpuint (hello->ping_interval, ==, OC_SERVER_DEFAULT_PING_INTERVAL);
  g_assert_cmpint (hello->server_time, >, 0);

  reply = post (f, "/api/v1/conversations/c-open/assign", f->supervisor, "{\"agent_id\": \"a-t5\"}");
  g_assert_cmpuint (reply->status, ==, 200);

  /* Each change is revision + 1. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(OcEvent) event = socket_next_change (s, 5);

      g_assert_cmpint (event->revision, ==, ++revision);
      if (event->type == OC_EVENT_CONVERSATION_UPSERT)
        {
          saw_conversation = TRUE;
          g_assert_cmpstr (oc_conversation_get_id (event->conversation), ==, "c-open");
          g_assert_cmpint (oc_conversation_get_status (event->conversation), ==, OC_STATUS_ACTIVE);
          g_assert_cmpint (oc_conversation_get_revision (event->conversation), ==, revision);
        }
      else
        {
          g_assert_cmpint (event->type, ==, OC_EVENT_AGENT_UPSERT);
          g_assert_cmpstr (oc_agent_get_id (event->agent), ==, "a-t5");
          g_assert_cmpuint (oc_agent_get_capacity_used (event->agent), ==, 1);
          saw_agent = TRUE;
        }
    }
  g_assert_true (saw_conversation && saw_agent);

  {
    g_autoptr(Reply) close = post (f, "/api/v1/conversations/c-wrap/force-close", f->supervisor, "{}");
    g_autoptr(OcEvent) removed = socket_next_change (s, 5);
    g_autoptr(OcEvent) agent = socket_next_change (s, 5);

    g_assert_cmpuint (close->status, ==, 200);
    g_assert_cmpint (removed->type, ==, OC_EVENT_CONVERSATION_REMOVED);
    g_assert_cmpint (removed->revision, ==, ++revision);
    g_assert_cmpstr (removed->id, ==, "c-wrap");
    g_assert_cmpstr (removed->reason, ==, "force-closed");
    g_assert_cmpint (agent->type, ==, OC_EVENT_AGENT_UPSERT);
    g_assert_cmpint (agent->revision, ==, ++revision);
  }
}

static void
test_events_since (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Socket) s = NULL;
  g_autoptr(OcEvent) hello = NULL;
  g_autofree char *path = NULL;
  gint64 since, now;

  fixture_add_floor (f);
  since = oc_world_get_revision (f->world) - 3;
  {
    g_autoptr(Reply) reply = post (f, "/api/v1/conversations/c-open/assign", f->supervisor, "{\"queue_id\": \"q-t2\"}");
    g_assert_cmpuint (reply->status, ==, 200);
  }
  now = oc_world_get_revision (f->world);

  path = g_strdup_printf ("/api/v1/events?since=%" G_GINT64_FORMAT, since);
  s = socket_open (f, path, f->viewer);
  hello = socket_next_change (s, 5);
  g_assert_cmpint (hello->type, ==, OC_EVENT_HELLO);
  g_assert_cmpint (hello->revision, ==, now);

  /* Replay of everything after since, in order, then live. */
  for (gint64 r = since + 1; r <= now; r++)
    {
      g_autoptr(OcEvent) event = socket_next_change (s, 5);
      g_assert_cmpint (event->revision, ==, r);
      if (r == now)
        {
          g_assert_cmpint (event->type, ==, OC_EVENT_CONVERSATION_UPSERT);
          g_assert_cmpstr (oc_conversation_get_queue_id (event->conversation), ==, "q-t2");
        }
    }

  {
    g_autoptr(Reply) reply = post (f, "/api/v1/conversations/c-open/assign", f->supervisor, "{\"queue_id\": \"q-t1\"}");
    g_autoptr(OcEvent) live = socket_next_change (s, 5);

    g_assert_cmpint (live->revision, ==, now + 1);
  }

  /* Up to date: hello and nothing else until something happens. */
  {
    g_autofree char *current = g_strdup_printf ("/api/v1/events?since=%" G_GINT64_FORMAT,
                                                oc_world_get_revision (f->world));
    g_autoptr(Socket) s2 = socket_open (f, current, f->viewer);
    g_autoptr(OcEvent) hello2 = socket_next_change (s2, 5);
    g_autoptr(Reply) reply = post (f, "/api/v1/conversations/c-open/assign", f->supervisor, "{\"queue_id\": \"q-t2\"}");
    g_autoptr(OcEvent) next = socket_next_change (s2, 5);

    g_assert_cmpint (hello2->type, ==, OC_EVENT_HELLO);
    g_assert_cmpint (next->type, ==, OC_EVENT_CONVERSATION_UPSERT);
    g_assert_cmpint (next->revision, ==, hello2->revision + 1);
  }
}

static void
test_events_resync (Fixture       *f,
                    gconstpointer  data)
{
  gint64 old;
  const char *bad[] = { "abc", "-1", "1.5", "99999999999999999999" };

  fixture_add_floor (f);
  old = oc_world_get_revision (f->world) - 5;
  oc_world_set_log_capacity (f->world, 2);

  {
    g_autofree char *path = g_strdup_printf ("/api/v1/events?since=%" G_GINT64_FORMAT, old);
    g_autoptr(Socket) s = socket_open (f, path, f->viewer);
    g_autoptr(OcEvent) hello = socket_next_change (s, 5);
    g_autoptr(OcEvent) resync = socket_next_change (s, 5);

    g_assert_cmpint (hello->type, ==, OC_EVENT_HELLO);
    g_assert_cmpint (resync->type, ==, OC_EVENT_RESYNC_REQUIRED);
    g_assert_cmpint (resync->revision, ==, oc_world_get_revision (f->world));
    g_assert_nonnull (resync->reason);
  }

  /* A revision from the future (another server's) resyncs too. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/events?since=%" G_GINT64_FORMAT,
                                             oc_world_get_revision (f->world) + 10);
    g_autoptr(Socket) s = socket_open (f, path, f->viewer);
    g_autoptr(OcEvent) hello = socket_next_change (s, 5);
    g_autoptr(OcEvent) resync = socket_next_change (s, 5);

    g_assert_cmpint (resync->type, ==, OC_EVENT_RESYNC_REQUIRED);
  }

  /* Within the two kept: replayed. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/events?since=%" G_GINT64_FORMAT,
                                             oc_world_get_revision (f->world) - 2);
    g_autoptr(Socket) s = socket_open (f, path, f->viewer);
    g_autoptr(OcEvent) hello = socket_next_change (s, 5);
    g_autoptr(OcEvent) first = socket_next_change (s, 5);

    g_assert_cmpint (first->revision, ==, oc_world_get_revision (f->world) - 1);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/events?since=%s", bad[i]);
      g_autoptr(Socket) s = socket_open (f, path, f->viewer);

      g_assert_true (s->failed);
      g_assert_cmpuint (s->status, ==, 400);
    }
}

static void
test_events_ping (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Socket) s = NULL;
  g_autoptr(OcEvent) hello = NULL;
  g_autoptr(OcEvent) ping = NULL;

  oc_server_set_ping_interval (f->server, 1);
  s = socket_open (f, "/api/v1/events", f->viewer);
  hello = socket_next_change (s, 5);
  g_assert_cmpuint (hello->ping_interval, ==, 1);

  ping = socket_next_change (s, 5);
  g_assert_cmpint (ping->type, ==, OC_EVENT_PING);
  g_assert_cmpint (ping->revision, ==, oc_world_get_revision (f->world));
  g_assert_cmpint (ping->server_time, >, 0);
}

static void
test_events_frame_limit (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Socket) s = socket_open (f, "/api/v1/events", f->viewer);
  g_autoptr(OcEvent) hello = socket_next_change (s, 5);
  g_autofree char *big = g_strnfill (OC_SERVER_MAX_INCOMING_FRAME + 1, 'x');

  g_assert_cmpuint (oc_server_get_n_subscribers (f->server), ==, 1);
  soup_websocket_connection_send_text (s->connection, big);
  /* libsoup 3.2 drops the connection outright (no 1009 frame). */
  socket_wait_closed (s, 10);
  wait_for_subscribers (f, 0, 10);
}

/* One message in many frames, each under the frame limit, adds up past
 * the message limit: the server closes with 1009 instead of keeping it.
 * Without a limit on the whole message, libsoup would keep all of it. */
static void
test_events_message_limit (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GUri) uri = g_uri_parse (f->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) frames = NULL;
  g_autofree char *upgrade = NULL;
  RawSocket raw = { g_byte_array_new (), NULL, FALSE, 0, { 0 } };
  const guint frame_payload = 32 * 1024;
  guint8 *chunk = g_malloc0 (frame_payload);

  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri),
                                                NULL, &error);
  g_assert_no_error (error);
  upgrade = g_strdup_printf ("GET /api/v1/events HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Sec-WebSocket-Version: 13\r\n"
                             "Authorization: Bearer %s\r\n\r\n", f->viewer);
  g_byte_array_append (out, (const guint8 *) upgrade, strlen (upgrade));
  /* 40 frames of 32 KiB, masked with a zero key, the first a text frame
   * and the rest continuations, none final: 1.25 MiB in one message. */
  for (guint i = 0; i < 40; i++)
    {
      const guint8 header[8] = { i == 0 ? 0x01 : 0x00, 0x80 | 126,
                                 (guint8) (frame_payload >> 8), (guint8) frame_payload, 0, 0, 0, 0 };

      g_byte_array_append (out, header, sizeof header);
      memset (chunk, 'x', frame_payload);
      g_byte_array_append (out, chunk, frame_payload);
    }
  g_free (chunk);
  frames = g_byte_array_free_to_bytes (g_steal_pointer (&out));

  g_output_stream_write_bytes_async (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                     frames, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  raw_socket_read (&raw, G_IO_STREAM (connection));
  wait_for_flag (&raw.closed, 20);
  g_byte_array_unref (raw.in);
  g_free (raw.head);
  g_assert_cmpuint (raw.close_code, ==, SOUP_WEBSOCKET_CLOSE_TOO_BIG);
}

static void
test_transcript (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Socket) s = NULL;
  gint64 last_seq;
  guint history = 0;

  fixture_add_floor (f);
  oc_world_append_message (f->world, oc_world_lookup_conversation (f->world, "c-active"),
                           OC_SENDER_AGENT, "a-t1", OC_MESSAGE_KIND_TEXT, "Let me check.");
  last_seq = oc_world_get_last_seq (f->world, "c-active");
  g_assert_cmpint (last_seq, ==, 2);

  s = socket_open (f, "/api/v1/conversations/c-active/transcript", f->viewer);
  g_assert_false (s->failed);

  for (;;)
    {
      g_autoptr(OcEvent) event = socket_next_change (s, 5);

      if (event->type == OC_EVENT_HISTORY_END)
        {
          g_assert_cmpint (event->last_seq, ==, last_seq);
          break;
        }
      g_assert_cmpint (event->type, ==, OC_EVENT_MESSAGE);
      g_assert_cmpint (oc_message_get_seq (event->message), ==, ++history);
    }
  g_assert_cmpuint (history, ==, 2);

  /* Live: a supervisor joins and writes. */
  {
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-active/join", f->supervisor, "{}");
    g_autoptr(Reply) say = post (f, "/api/v1/conversations/c-active/messages", f->supervisor, "{\"text\": \"<i>hello</i>\"}");
    g_autoptr(OcEvent) joined = socket_next_change (s, 5);
    g_autoptr(OcEvent) said = socket_next_change (s, 5);

    g_assert_cmpuint (join->status, ==, 200);
    g_assert_cmpuint (say->status, ==, 200);
    g_assert_cmpint (joined->type, ==, OC_EVENT_MESSAGE);
    g_assert_cmpstr (oc_message_get_text (joined->message), ==, "A supervisor joined the conversation.");
    g_assert_cmpint (oc_message_get_seq (joined->message), ==, last_seq + 1);
    g_assert_cmpstr (oc_message_get_text (said->message), ==, "<i>hello</i>");
    g_assert_cmpint (oc_message_get_sender_role (said->message), ==, OC_SENDER_SUPERVISOR);
  }

  /* Force-close: the last line, ended, then a normal close. */
  {
    g_autoptr(Reply) close = post (f, "/api/v1/conversations/c-active/force-close", f->supervisor, "{}");
    g_autoptr(OcEvent) line = socket_next_change (s, 5);
    g_autoptr(OcEvent) ended = socket_next_change (s, 5);

    g_assert_cmpuint (close->status, ==, 200);
    g_assert_cmpint (line->type, ==, OC_EVENT_MESSAGE);
    g_assert_cmpstr (oc_message_get_text (line->message), ==, "A supervisor ended the conversation.");
    g_assert_cmpint (oc_message_get_sender_role (line->message), ==, OC_SENDER_SYSTEM);
    g_assert_cmpint (oc_message_get_kind (line->message), ==, OC_MESSAGE_KIND_EVENT);
    g_assert_cmpint (ended->type, ==, OC_EVENT_ENDED);
    g_assert_cmpstr (ended->reason, ==, "force-closed");

    socket_wait_closed (s, 10);
    g_assert_cmpint (soup_websocket_connection_get_close_code (s->connection), ==, SOUP_WEBSOCKET_CLOSE_NORMAL);
  }

  /* Gone: the upgrade is refused. */
  {
    g_autoptr(Socket) gone = socket_open (f, "/api/v1/conversations/c-active/transcript", f->viewer);

    g_assert_true (gone->failed);
    g_assert_cmpuint (gone->status, ==, 404);
  }
}

static void
test_transcript_after (Fixture       *f,
                       gconstpointer  data)
{
  OcConversation *c;
  g_autoptr(Socket) s = NULL;
  g_autoptr(OcEvent) first = NULL;

  fixture_add_floor (f);
  c = oc_world_lookup_conversation (f->world, "c-waiting");
  for (guint i = 0; i < 5; i++)
    oc_world_append_message (f->world, c, OC_SENDER_CUSTOMER, "Zoë", OC_MESSAGE_KIND_TEXT, "again");

  s = socket_open (f, "/api/v1/conversations/c-waiting/transcript?after=4", f->viewer);
  first = socket_next_change (s, 5);
  g_assert_cmpint (first->type, ==, OC_EVENT_MESSAGE);
  g_assert_cmpint (oc_message_get_seq (first->message), ==, 5);
  {
    g_autoptr(OcEvent) second = socket_next_change (s, 5);
    g_autoptr(OcEvent) end = socket_next_change (s, 5);

    g_assert_cmpint (oc_message_get_seq (second->message), ==, 6);
    g_assert_cmpint (end->type, ==, OC_EVENT_HISTORY_END);
    g_assert_cmpint (end->last_seq, ==, 6);
  }

  {
    g_autoptr(Socket) bad = socket_open (f, "/api/v1/conversations/c-waiting/transcript?after=x", f->viewer);
    g_autoptr(Socket) none = socket_open (f, "/api/v1/conversations/c-nope/transcript", f->viewer);
    g_autoptr(Socket) anon = socket_open (f, "/api/v1/conversations/c-waiting/transcript", NULL);

    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_cmpuint (none->status, ==, 404);
    g_assert_cmpuint (anon->status, ==, 401);
  }
}

static void
test_transcript_closed_by_simulator (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(Socket) s = NULL;
  g_autoptr(OcEvent) ended = NULL;

  fixture_add_floor (f);
  s = socket_open (f, "/api/v1/conversations/c-wrap/transcript", f->viewer);
  while (TRUE)
    {
      g_autoptr(OcEvent) event = socket_next_change (s, 5);
      if (event->type == OC_EVENT_HISTORY_END)
        break;
    }

  oc_world_remove_conversation (f->world, oc_world_lookup_conversation (f->world, "c-wrap"), "closed");
  ended = socket_next_change (s, 5);
  g_assert_cmpint (ended->type, ==, OC_EVENT_ENDED);
  g_assert_cmpstr (ended->reason, ==, "closed");
  socket_wait_closed (s, 10);
}

/* A subscriber that never reads: raw TCP with a small receive buffer. */
static void
test_slow_subscriber (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *request_text = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autofree char *subject = g_strnfill (900, 's');
  RawSocket raw = { received, NULL, FALSE, 0, { 0 } };
  OcConversation *c;
  guint n_before;

  fixture_add_floor (f);
  oc_server_set_send_queue_limit (f->server, 64 * 1024);
  n_before = oc_server_get_n_subscribers (f->server);

  sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_option (sock, SOL_SOCKET, SO_RCVBUF, 4096, NULL);
  address = g_inet_socket_address_new (loopback, oc_server_get_port (f->server));
  g_assert_true (g_socket_connect (sock, address, NULL, &error));
  g_socket_set_blocking (sock, FALSE);

  request_text = g_strdup_printf ("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  "Authorization: Bearer %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                                  f->viewer);
  g_assert_cmpint (g_socket_send (sock, request_text, strlen (request_text), NULL, &error), ==, strlen (request_text));

  wait_for_subscribers (f, n_before + 1, 10);

  /* Changes pile up unread until the server gives up on us. */
  c = oc_world_lookup_conversation (f->world, "c-open");
  oc_conversation_set_subject (c, subject);
  for (guint i = 0; i < 20000 && oc_server_get_n_subscribers (f->server) > n_before; i++)
    {
      oc_world_put_conversation (f->world, c);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  /* Drain what was sent; the close frame (1008, "too slow") comes last. */
  connection = g_socket_connection_factory_create_connection (sock);
  raw_socket_read (&raw, G_IO_STREAM (connection));
  g_assert_true (oc_test_wait_until (oc_test_flag_set, &raw.closed, 20000));
  g_assert_cmpuint (raw.close_code, ==, 1008);
  g_assert_cmpmem (raw.in->data + 4, (raw.in->data[1] & 0x7f) - 2, "too slow", 8);
  g_free (raw.head);
  wait_for_subscribers (f, n_before, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/events/live", test_events_live);
  ADD ("/server/events/since", test_events_since);
  ADD ("/server/events/resync", test_events_resync);
  ADD ("/server/events/ping", test_events_ping);
  ADD ("/server/events/frame-limit", test_events_frame_limit);
  ADD ("/server/events/message-limit", test_events_message_limit);
  ADD ("/server/transcript/history-live-ended", test_transcript);
  ADD ("/server/transcript/after", test_transcript_after);
  ADD ("/server/transcript/closed", test_transcript_closed_by_simulator);
  ADD ("/server/events/slow-subscriber", test_slow_subscriber);
#undef ADD

  return g_test_run ();
}
