// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "oc-client.h"
#include "oc-test-util.h"
#include "server-fixture.h"

/* oc-server --state F killed with SIGKILL right after it answered an
 * action, then started again on the same file, ten times over while the
 * simulator moves the floor: no answered action is lost, none is missing
 * from the audit log (refusals included), a retry with the same
 * Idempotency-Key gets the same answer, and a client that held a revision
 * from before the crash is told to resync instead of being replayed
 * revisions that now mean other changes. */

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
  if (s->url != NULL)
    s->ready = TRUE;
  read_next_line (s);
}

static void
read_next_line (Server *s)
{
  g_data_input_stream_read_line_async (s->out, G_PRIORITY_DEFAULT, NULL, line_cb, s);
}

#define TOKEN "crash-test-token-0123456789"

typedef struct {
  char  *state_file;
  char  *users_file;
  guint  port;
} Setup;

static Server *
server_start (const Setup *setup,
              const char  *speed)
{
  const char *binary = g_getenv ("OC_SERVER_BINARY");
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", setup->port);
  Server *s = g_new0 (Server, 1);

  g_assert_nonnull (binary);
  s->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                                 binary, "--seed", "7", "--speed", speed, "--conversations", "60",
                                 "--port", port, "--state", setup->state_file,
                                 "--users", setup->users_file, NULL);
  g_assert_no_error (error);
  s->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->process));
  s->token = g_strdup (TOKEN);
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

/* SIGKILL: a crash. SIGTERM: a clean stop, which saves everything. */
static void
server_end (Server *s,
            int     signal_number)
{
  g_subprocess_send_signal (s->process, signal_number);
  g_subprocess_wait_async (s->process, NULL, exited_cb, s);
  wait_for_flag (&s->exited, 30);
  g_clear_object (&s->out);
  g_clear_object (&s->process);
  g_free (s->url);
  g_free (s->token);
  g_free (s);
}

static void
server_kill (Server *s)
{
  server_end (s, SIGKILL);
}

/* The fixture's request(), against the server in the other process. */
static Reply *
send (SoupSession *session,
      Server      *s,
      const char  *method,
      const char  *path,
      const char  *key)
{
  Fixture f = { .url = s->url, .session = session };

  return request (&f, method, path, s->token, g_str_equal (method, "POST") ? "{}" : NULL, -1, key);
}

/* The ids of the snapshot's conversations, and its revision. */
static GPtrArray *
snapshot_ids (SoupSession *session,
              Server      *s,
              gint64      *revision)
{
  g_autoptr(Reply) answer = send (session, s, "GET", "/api/v1/snapshot", NULL);
  g_autoptr(OcSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (answer->status, ==, 200);
  snapshot = oc_protocol_parse_snapshot (g_bytes_get_data (answer->body, NULL),
                                         g_bytes_get_size (answer->body), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < snapshot->conversations->len; i++)
    g_ptr_array_add (ids, g_strdup (oc_conversation_get_id (g_ptr_array_index (snapshot->conversations, i))));
  if (revision != NULL)
    *revision = snapshot->revision;
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

typedef struct {
  gint64   target;
  gboolean past;
  gboolean failed;
} Past;

static void
past_message_cb (SoupWebsocketConnection *ws,
                 SoupWebsocketDataType    type,
                 GBytes                  *message,
                 Past                    *past)
{
  g_autoptr(OcEvent) event = oc_protocol_parse_event (g_bytes_get_data (message, NULL),
                                                      g_bytes_get_size (message),
                                                      OC_PROTOCOL_MAX_EVENT_FRAME, NULL);

  if (event != NULL && event->revision > past->target)
    past->past = TRUE;
}

static void
past_connected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Past *past = user_data;
  SoupWebsocketConnection *ws = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, NULL);

  if (ws == NULL)
    {
      past->failed = TRUE;
      return;
    }
  g_object_set_data_full (G_OBJECT (ws), "past", past, NULL);
  g_signal_connect (ws, "message", G_CALLBACK (past_message_cb), past);
  g_object_set_data_full (G_OBJECT (object), "past-ws", ws, g_object_unref);
}

static gboolean
is_past (gpointer data)
{
  Past *past = data;

  return past->past || past->failed;
}

/* Waits for the server's events to pass @target: the floor moved on. */
static void
wait_server_past (SoupSession *session,
                  Server      *s,
                  gint64       target)
{
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/events", s->url);
  g_autofree char *header = g_strconcat ("Bearer ", s->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  Past past = { target, FALSE, FALSE };
  SoupWebsocketConnection *ws;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        past_connected_cb, &past);
  g_assert_true (oc_test_wait_until (is_past, &past, 60000));
  g_assert_false (past.failed);
  ws = g_object_get_data (G_OBJECT (session), "past-ws");
  g_signal_handlers_disconnect_by_data (ws, &past);
  soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_set_data (G_OBJECT (session), "past-ws", NULL);
}

/* Every entry of the audit log, page by page: "conversation\noutcome" ->
 * how many. Fails on a number seen twice: a crash must not reuse one. */
static GHashTable *
audit_counts (SoupSession *session,
              Server      *s)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seqs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 before = 0;

  do
    {
      g_autofree char *path = before > 0 ? g_strdup_printf ("/api/v1/audit?limit=1000&before=%" G_GINT64_FORMAT, before)
                                         : g_strdup ("/api/v1/audit?limit=1000");
      g_autoptr(Reply) answer = send (session, s, "GET", path, NULL);
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (answer->status, ==, 200);
      entries = oc_protocol_parse_audit_page (g_bytes_get_data (answer->body, NULL),
                                              g_bytes_get_size (answer->body), &before, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < entries->len; i++)
        {
          OcAuditEntry *entry = g_ptr_array_index (entries, i);
          char *key = g_strdup_printf ("%s\n%s", oc_audit_entry_get_conversation_id (entry),
                                       oc_enum_to_nick (OC_TYPE_AUDIT_OUTCOME, oc_audit_entry_get_outcome (entry)));
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

          g_assert_true (g_hash_table_add (seqs, g_memdup2 (&(gint64) { oc_audit_entry_get_seq (entry) },
                                                            sizeof (gint64))));
          g_hash_table_insert (counts, key, GUINT_TO_POINTER (n + 1));
        }
    }
  while (before > 0);

  return counts;
}

/* Counts one answered action among those the audit log must hold. */
static void
expect_audit (GHashTable *expected,
              const char *conversation_id,
              guint       status)
{
  char *key = g_strdup_printf ("%s\n%s", conversation_id, status == 200 ? "done" : "refused");
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (expected, key));

  g_hash_table_insert (expected, key, GUINT_TO_POINTER (n + 1));
}

/* Answered actions the audit log lacks. */
static guint
audit_missing (GHashTable  *expected,
               SoupSession *session,
               Server      *s)
{
  g_autoptr(GHashTable) counts = audit_counts (session, s);
  GHashTableIter iter;
  gpointer key, value;
  guint missing = 0;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint have = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      if (have < GPOINTER_TO_UINT (value))
        missing += GPOINTER_TO_UINT (value) - have;
    }
  return missing;
}

static gboolean
client_is_live (gpointer data)
{
  return oc_source_get_state (OC_SOURCE (data)) == OC_SOURCE_STATE_LIVE;
}

typedef struct {
  OcClient *client;
  gint64    revision;
} InStep;

static gboolean
client_reached (gpointer data)
{
  InStep *wait = data;

  return oc_source_get_state (OC_SOURCE (wait->client)) == OC_SOURCE_STATE_LIVE &&
         oc_conversation_store_get_revision (oc_source_get_store (OC_SOURCE (wait->client))) >= wait->revision;
}

/* Rows a live console holds that the server no longer has (ghosts), rows
 * it misses, and rows it holds at another revision (stale). */
static void
compare_store (OcConversationStore *store,
               SoupSession         *session,
               Server              *s,
               guint               *ghosts,
               guint               *missing,
               guint               *stale)
{
  g_autoptr(Reply) answer = send (session, s, "GET", "/api/v1/snapshot", NULL);
  g_autoptr(OcSnapshot) truth = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (answer->status, ==, 200);
  truth = oc_protocol_parse_snapshot (g_bytes_get_data (answer->body, NULL),
                                      g_bytes_get_size (answer->body), NULL);
  g_assert_nonnull (truth);
  for (guint i = 0; i < truth->conversations->len; i++)
    {
      OcConversation *t = g_ptr_array_index (truth->conversations, i);
      OcConversation *mine = oc_conversation_store_lookup (store, oc_conversation_get_id (t));

      g_hash_table_add (seen, (gpointer) oc_conversation_get_id (t));
      if (mine == NULL)
        (*missing)++;
      else if (oc_conversation_get_revision (mine) != oc_conversation_get_revision (t) ||
               oc_conversation_get_status (mine) != oc_conversation_get_status (t))
        (*stale)++;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(OcConversation) mine = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (!g_hash_table_contains (seen, oc_conversation_get_id (mine)))
        (*ghosts)++;
    }
}

static void
test_crash_loses_nothing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("oc-crash-XXXXXX", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = NULL;
  g_autofree char *users = NULL;
  g_autofree char *url = NULL;
  Setup setup = { 0 };
  Server *s;
  g_autoptr(GHashTable) audited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint lost = 0, changed_answers = 0, stale_replays = 0, unaudited = 0;
  guint ghosts = 0, missing = 0, stale = 0;

  /* One port for every run, so the console reconnects by itself; one user
   * whose token survives the restarts. */
  setup.port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  setup.state_file = g_build_filename (dir, "state.sqlite", NULL);
  setup.users_file = g_build_filename (dir, "users", NULL);
  {
    g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, TOKEN, -1);

    users = g_strdup_printf ("sam supervisor %s\n", digest);
    g_assert_true (g_file_set_contents (setup.users_file, users, -1, NULL));
  }

  s = server_start (&setup, "30");
  url = g_strdup (s->url);
  client = oc_client_new (url, TOKEN, store);
  /* It reconnects after every restart: no long backoff between them. */
  g_object_set (client, "reconnect-max-seconds", 1, NULL);
  oc_source_start (OC_SOURCE (client));
  g_assert_true (oc_test_wait_until (client_is_live, client, 30000));

  for (guint kill = 0; kill < KILLS; kill++)
    {
      g_autoptr(GPtrArray) ids = NULL;
      g_autofree char *key = NULL;
      g_autofree char *closed_id = NULL;
      g_autofree char *after = NULL;
      g_autoptr(Reply) first = NULL;
      g_autoptr(Reply) again = NULL;
      gint64 revision = 0;

      /* Force-close a live conversation while the simulator moves the
       * floor; it may close one first. */
      ids = snapshot_ids (session, s, NULL);
      for (guint i = 0; i < ids->len && (first == NULL || first->status != 200); i++)
        {
          g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/force-close",
                                                   (char *) g_ptr_array_index (ids, i));

          g_free (key);
          key = g_strdup_printf ("crash-%u-%u", kill, i);
          g_clear_pointer (&first, reply_free);
          first = send (session, s, "POST", path, key);
          expect_audit (audited, g_ptr_array_index (ids, i), first->status);
          if (first->status == 200)
            closed_id = g_strdup (g_ptr_array_index (ids, i));
        }
      g_assert_nonnull (closed_id);
      g_assert_nonnull (first);

      /* What a console holds: the floor at its latest revision, batched
       * simulator changes the crash will take with it included. */
      g_clear_pointer (&ids, g_ptr_array_unref);
      ids = snapshot_ids (session, s, &revision);
      g_assert_false (contains (ids, closed_id));
      g_assert_true (oc_test_wait_until (client_reached, &(InStep) { client, revision }, 30000));
      /* The console is away (a laptop closed) while the server crashes and
       * moves on past the revision it holds. */
      oc_source_stop (OC_SOURCE (client));
      revision = oc_conversation_store_get_revision (store);
      server_kill (s);

      s = server_start (&setup, "30");
      wait_server_past (session, s, revision + 20);

      g_clear_pointer (&ids, g_ptr_array_unref);
      ids = snapshot_ids (session, s, NULL);
      if (contains (ids, closed_id))
        lost++;
      /* Every answer given before the kill, done or refused, is in the
       * audit log after it. */
      unaudited = MAX (unaudited, audit_missing (audited, session, s));

      {
        g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/force-close", closed_id);

        again = send (session, s, "POST", path, key);
        if (again->status != first->status || !g_bytes_equal (again->body, first->body))
          changed_answers++;
      }

      /* Resuming from what it held must not replay numbers that now mean
       * other changes. */
      after = events_after_hello (session, s, revision);
      if (strstr (after, "\"resync-required\"") == NULL)
        stale_replays++;
      oc_source_start (OC_SOURCE (client));
      g_assert_true (oc_test_wait_until (client_is_live, client, 30000));

      /* Stop the floor cleanly and hold it still, then the console must
       * equal the server: nothing stale, no ghost, nothing missing. */
      server_end (s, SIGTERM);
      s = server_start (&setup, "0");
      {
        gint64 now = 0;

        g_clear_pointer (&ids, g_ptr_array_unref);
        ids = snapshot_ids (session, s, &now);
        g_assert_true (oc_test_wait_until (client_reached, &(InStep) { client, now }, 30000));
        compare_store (store, session, s, &ghosts, &missing, &stale);
      }

      g_test_message ("kill %u: %s closed; lost %u, unaudited %u, changed answers %u, stale replays %u, "
                      "console ghosts %u, missing %u, stale %u",
                      kill + 1, closed_id, lost, unaudited, changed_answers, stale_replays, ghosts, missing, stale);

      /* Load again for the next kill. */
      server_kill (s);
      s = server_start (&setup, "30");
    }

  oc_source_stop (OC_SOURCE (client));
  server_kill (s);
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (unaudited, ==, 0);
  g_assert_cmpuint (changed_answers, ==, 0);
  g_assert_cmpuint (stale_replays, ==, 0);
  g_assert_cmpuint (ghosts, ==, 0);
  g_assert_cmpuint (missing, ==, 0);
  g_assert_cmpuint (stale, ==, 0);

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
  g_free (setup.state_file);
  g_free (setup.users_file);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/crash/loses-nothing", test_crash_loses_nothing);

  return g_test_run ();
}
