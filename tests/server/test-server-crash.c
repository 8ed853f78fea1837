// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "oc-test-util.h"
#include "server-fixture.h"

/* oc-server --state F killed with SIGKILL right after it answered an
 * action, then started again on the same file, ten times over while the
 * simulator moves the floor: no answered action is lost, a retry with the
 * same Idempotency-Key gets the same answer, and a client that held a
 * revision from before the crash is told to resync instead of being
 * replayed revisions that now mean other changes. */

#define KILLS 10

typedef struct {
  GSubprocess      *process;
  GDataInputStream *out;
  char             *url;
  char             *token;
  gboolean          ready;
  gboolean          exited;
} Server;

static void read_next_line (Server *s);

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Server *s = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, NULL);

  if (line == NULL)
    return;
  if (g_str_has_prefix (line, "Listening on "))
    s->url = g_strdup (line + strlen ("Listening on "));
  else if (s->token == NULL && strlen (line) >= 20 && strchr (line, ' ') == NULL)
    s->token = g_strdup (line);
  if (s->url != NULL && s->token != NULL)
    s->ready = TRUE;
  read_next_line (s);
}

static void
read_next_line (Server *s)
{
  g_data_input_stream_read_line_async (s->out, G_PRIORITY_DEFAULT, NULL, line_cb, s);
}

static Server *
server_start (const char *state_file)
{
  const char *binary = g_getenv ("OC_SERVER_BINARY");
  g_autoptr(GError) error = NULL;
  Server *s = g_new0 (Server, 1);

  g_assert_nonnull (binary);
  s->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                                 binary, "--seed", "7", "--speed", "30", "--conversations", "60",
                                 "--port", "0", "--state", state_file, "--print-token", NULL);
  g_assert_no_error (error);
  s->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->process));
  read_next_line (s);
  wait_for_flag (&s->ready, 30);
  return s;
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Server *s = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  s->exited = TRUE;
}

static void
server_kill (Server *s)
{
  g_subprocess_send_signal (s->process, SIGKILL);
  g_subprocess_wait_async (s->process, NULL, exited_cb, s);
  wait_for_flag (&s->exited, 30);
  g_clear_object (&s->out);
  g_clear_object (&s->process);
  g_free (s->url);
  g_free (s->token);
  g_free (s);
}

typedef struct {
  guint    status;
  char    *body;
  gboolean done;
} Answer;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Answer *answer = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);

  answer->status = soup_message_get_status (msg);
  answer->body = body != NULL ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;
  answer->done = TRUE;
}

static Answer
send (SoupSession *session,
      Server      *s,
      const char  *method,
      const char  *path,
      const char  *key)
{
  g_autofree char *uri = g_strconcat (s->url, path, NULL);
  g_autofree char *header = g_strconcat ("Bearer ", s->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  Answer answer = { 0 };

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  if (key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  if (g_str_equal (method, "POST"))
    {
      g_autoptr(GBytes) empty = g_bytes_new_static ("{}", 2);
      soup_message_set_request_body_from_bytes (msg, "application/json", empty);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &answer);
  wait_for_flag (&answer.done, 30);
  return answer;
}

/* The ids of the snapshot's conversations, and its revision. */
static GPtrArray *
snapshot_ids (SoupSession *session,
              Server      *s,
              gint64      *revision)
{
  Answer answer = send (session, s, "GET", "/api/v1/snapshot", NULL);
  g_autoptr(OcSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (answer.status, ==, 200);
  snapshot = oc_protocol_parse_snapshot (answer.body, strlen (answer.body), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < snapshot->conversations->len; i++)
    g_ptr_array_add (ids, g_strdup (oc_conversation_get_id (g_ptr_array_index (snapshot->conversations, i))));
  if (revision != NULL)
    *revision = snapshot->revision;
  g_free (answer.body);
  return ids;
}

static gboolean
contains (GPtrArray  *ids,
          const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return TRUE;
  return FALSE;
}

typedef struct {
  GPtrArray *messages;   /* char * */
  gboolean   closed;
  SoupWebsocketConnection *ws;
  gboolean   failed;
} Events;

static void
events_message_cb (SoupWebsocketConnection *ws,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   Events                  *events)
{
  g_ptr_array_add (events->messages, g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
}

static void
events_connected_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Events *events = user_data;

  events->ws = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, NULL);
  if (events->ws == NULL)
    {
      events->failed = TRUE;
      return;
    }
  g_signal_connect (events->ws, "message", G_CALLBACK (events_message_cb), events);
}

static gboolean
has_message (gpointer data)
{
  Events *events = data;

  return events->failed || events->messages->len >= 2;
}

/* Connects with ?since=@since and returns the second message (the first is
 * hello): a replayed event, or resync-required. */
static char *
events_after_hello (SoupSession *session,
                    Server      *s,
                    gint64       since)
{
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/events?since=%" G_GINT64_FORMAT, s->url, since);
  g_autofree char *header = g_strconcat ("Bearer ", s->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  Events events = { g_ptr_array_new_with_free_func (g_free), FALSE, NULL, FALSE };
  char *second;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        events_connected_cb, &events);
  g_assert_true (oc_test_wait_until (has_message, &events, 30000));
  g_assert_false (events.failed);
  second = g_strdup (g_ptr_array_index (events.messages, 1));
  g_signal_handlers_disconnect_by_data (events.ws, &events);
  soup_websocket_connection_close (events.ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&events.ws);
  g_ptr_array_unref (events.messages);
  return second;
}

static void
test_crash_loses_nothing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("oc-crash-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (dir, "state.sqlite", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  Server *s = server_start (state);
  guint lost = 0, changed_answers = 0, stale_replays = 0;

  for (guint kill = 0; kill < KILLS; kill++)
    {
      g_autoptr(GPtrArray) ids = NULL;
      g_autofree char *key = g_strdup_printf ("crash-%u", kill);
      g_autofree char *closed_id = NULL;
      g_autofree char *after = NULL;
      Answer first = { 0 };
      Answer again;
      gint64 revision = 0;

      /* Force-close a live conversation; the simulator may close one first. */
      ids = snapshot_ids (session, s, NULL);
      for (guint i = 0; i < ids->len && first.status != 200; i++)
        {
          g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/force-close",
                                                   (char *) g_ptr_array_index (ids, i));
          g_autofree char *try_key = g_strdup_printf ("%s-%u", key, i);

          g_free (first.body);
          first = send (session, s, "POST", path, try_key);
          if (first.status == 200)
            {
              closed_id = g_strdup (g_ptr_array_index (ids, i));
              g_free (key);
              key = g_steal_pointer (&try_key);
            }
        }
      g_assert_cmpuint (first.status, ==, 200);

      /* What a console holds: the floor at its latest revision. */
      g_clear_pointer (&ids, g_ptr_array_unref);
      ids = snapshot_ids (session, s, &revision);
      g_assert_false (contains (ids, closed_id));

      server_kill (s);
      s = server_start (state);

      g_clear_pointer (&ids, g_ptr_array_unref);
      ids = snapshot_ids (session, s, NULL);
      if (contains (ids, closed_id))
        lost++;

      {
        g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/force-close", closed_id);

        again = send (session, s, "POST", path, key);
        if (again.status != first.status || g_strcmp0 (again.body, first.body) != 0)
          changed_answers++;
      }

      after = events_after_hello (session, s, revision);
      if (strstr (after, "\"resync-required\"") == NULL)
        stale_replays++;

      g_test_message ("kill %u: %s closed, lost %u, changed answers %u, stale replays %u",
                      kill + 1, closed_id, lost, changed_answers, stale_replays);
      g_free (first.body);
      g_free (again.body);
    }

  server_kill (s);
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (changed_answers, ==, 0);
  g_assert_cmpuint (stale_replays, ==, 0);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_remove (path);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/crash/loses-nothing", test_crash_loses_nothing);

  return g_test_run ();
}
