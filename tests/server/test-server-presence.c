// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "oc-test-util.h"
#include "server-fixture.h"

/* Presence on a conversation (#22): who monitors (a transcript socket
 * open) or joined it arrives on the events socket as it changes, in full
 * after each hello, and goes when a monitor's socket closes or drops. */

/* The next conversation.presence on @s, past changes and audit entries. */
static OcEvent *
next_presence (Socket *s)
{
  OcEvent *event;

  while ((event = socket_next_event (s, 10)) != NULL && event->type != OC_EVENT_CONVERSATION_PRESENCE)
    oc_event_free (event);
  g_assert_nonnull (event);
  return event;
}

/* "kim:m sam:j" for kim monitoring and sam joined (":mj" both). */
static char *
describe (OcEvent *event)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < event->watchers->len; i++)
    {
      OcWatcher *w = g_ptr_array_index (event->watchers, i);

      g_string_append_printf (text, "%s%s:%s%s", i > 0 ? " " : "", oc_watcher_get_user (w),
                              oc_watcher_get_monitoring (w) ? "m" : "", oc_watcher_get_joined (w) ? "j" : "");
    }
  return g_string_free (text, FALSE);
}

static void
expect_presence (Socket     *s,
                 const char *conversation_id,
                 const char *watchers)
{
  g_autoptr(OcEvent) event = next_presence (s);
  g_autofree char *text = describe (event);

  g_assert_cmpstr (event->id, ==, conversation_id);
  g_assert_cmpstr (text, ==, watchers);
}

static Socket *
open_events (Fixture *f)
{
  Socket *s = socket_open (f, "/api/v1/events", f->viewer);
  g_autoptr(OcEvent) hello = socket_next_event (s, 10);

  g_assert_nonnull (hello);
  g_assert_cmpint (hello->type, ==, OC_EVENT_HELLO);
  return s;
}

static void
test_monitor_and_join (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Socket) events = NULL;
  g_autoptr(Socket) kim = NULL;
  g_autoptr(Socket) kim_again = NULL;

  fixture_add_floor (f);
  events = open_events (f);
  wait_for_subscribers (f, 1, 10);

  kim = socket_open (f, "/api/v1/conversations/c-active/transcript", f->supervisor2);
  expect_presence (events, "c-active", "kim:m");

  {
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-active/join", f->supervisor, "{}");

    g_assert_cmpuint (join->status, ==, 200);
    expect_presence (events, "c-active", "kim:m sam:j");
  }

  /* A second monitor of kim's changes nothing; the next news is sam's
   * leave, so nothing came for it. */
  kim_again = socket_open (f, "/api/v1/conversations/c-active/transcript", f->supervisor2);
  g_assert_nonnull (socket_next (kim_again, 10));
  {
    g_autoptr(Reply) leave = post (f, "/api/v1/conversations/c-active/leave", f->supervisor, "{}");

    g_assert_cmpuint (leave->status, ==, 200);
    expect_presence (events, "c-active", "kim:m");
  }

  /* A new console hears who watches right after its hello. */
  {
    g_autoptr(Socket) late = open_events (f);

    expect_presence (late, "c-active", "kim:m");
  }

  /* Still monitoring while one of kim's two sockets is open. */
  g_clear_pointer (&kim_again, socket_free);
  {
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-waiting/join", f->supervisor, "{}");

    expect_presence (events, "c-waiting", "sam:j");
  }
  g_clear_pointer (&kim, socket_free);
  expect_presence (events, "c-active", "");
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  *done = TRUE;
}

static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GUri) uri = g_uri_parse (f->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(Socket) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *upgrade = NULL;
  gboolean written = FALSE;

  fixture_add_floor (f);
  events = open_events (f);
  wait_for_subscribers (f, 1, 10);

  /* kim's monitor on a raw connection, which then goes without a close
   * frame: a laptop lid shut, a crash. */
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  upgrade = g_strdup_printf ("GET /api/v1/conversations/c-active/transcript HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Sec-WebSocket-Version: 13\r\n"
                             "Authorization: Bearer %s\r\n\r\n", f->supervisor2);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                   upgrade, strlen (upgrade), G_PRIORITY_DEFAULT, NULL, written_cb, &written);
  wait_for_flag (&written, 10);
  expect_presence (events, "c-active", "kim:m");

  g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);
  expect_presence (events, "c-active", "");
}

static void
test_removed_conversation (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(Socket) events = NULL;

  fixture_add_floor (f);
  events = open_events (f);
  wait_for_subscribers (f, 1, 10);
  {
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-wrap/join", f->supervisor, "{}");
    g_autoptr(Reply) close = NULL;

    expect_presence (events, "c-wrap", "sam:j");
    close = post (f, "/api/v1/conversations/c-wrap/force-close", f->supervisor, "{}");
    g_assert_cmpuint (close->status, ==, 200);
  }

  /* Gone with the conversation: a new console hears of no one there. */
  {
    g_autoptr(Socket) late = open_events (f);
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-active/join", f->supervisor, "{}");

    expect_presence (late, "c-active", "sam:j");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/presence/monitor-and-join", test_monitor_and_join);
  ADD ("/server/presence/drop", test_drop);
  ADD ("/server/presence/removed-conversation", test_removed_conversation);
#undef ADD

  return g_test_run ();
}
