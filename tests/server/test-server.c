// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "server-fixture.h"

/* HTTP: auth, /me, /snapshot and every action rule, allowed and refused. */

typedef gpointer (*MemberParser) (const char *data, gsize length, gsize max_length,
                                  GPtrArray *warnings, GError **error);

/* The object in member @name of an answer, read as the protocol reads it. */
static gpointer
parse_member (JsonNode     *answer,
              const char   *name,
              MemberParser  parse)
{
  g_autofree char *json = json_to_string (json_object_get_member (json_node_get_object (answer), name), FALSE);

  return parse (json, strlen (json), G_MAXSIZE, NULL, NULL);
}

static char *
conversation_json (Fixture    *f,
                   const char *id)
{
  OcConversation *conversation = oc_world_lookup_conversation (f->world, id);
  g_autoptr(GBytes) json = NULL;

  if (conversation == NULL)
    return g_strdup ("(gone)");
  json = oc_world_get_conversation_json (f->world, conversation);
  return g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
}

static guint
agent_used (Fixture    *f,
            const char *id)
{
  return oc_agent_get_capacity_used (oc_world_lookup_agent (f->world, id));
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  const char *paths[] = { "/api/v1/me", "/api/v1/snapshot", "/api/v1/nothing" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(Reply) none = request (f, "GET", paths[i], NULL, NULL, 0, NULL);
      g_autoptr(Reply) wrong = request (f, "GET", paths[i], "not-a-token", NULL, 0, NULL);
      g_autoptr(Reply) almost = NULL;
      g_autofree char *truncated = g_strndup (f->supervisor, strlen (f->supervisor) - 1);

      almost = request (f, "GET", paths[i], truncated, NULL, 0, NULL);
      g_assert_cmpuint (none->status, ==, 401);
      g_assert_cmpstr (none->code, ==, "unauthorized");
      g_assert_cmpuint (wrong->status, ==, 401);
      g_assert_cmpuint (almost->status, ==, 401);
    }

  {
    g_autoptr(Reply) action = post (f, "/api/v1/conversations/c-x/force-close", "bad", "{}");
    g_autoptr(Socket) events = socket_open (f, "/api/v1/events", NULL);
    g_autoptr(Socket) bad = socket_open (f, "/api/v1/events", "bad");

    g_assert_cmpuint (action->status, ==, 401);
    g_assert_true (events->failed);
    g_assert_cmpuint (events->status, ==, 401);
    g_assert_true (bad->failed);
    g_assert_cmpuint (bad->status, ==, 401);
  }
}

static void
test_me (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(Reply) sup = request (f, "GET", "/api/v1/me", f->supervisor, NULL, 0, NULL);
  g_autoptr(Reply) view = request (f, "GET", "/api/v1/me", f->viewer, NULL, 0, NULL);
  g_autoptr(Reply) post_me = request (f, "POST", "/api/v1/me", f->supervisor, "{}", -1, NULL);
  g_autoptr(Reply) missing = request (f, "GET", "/api/v1/nope", f->supervisor, NULL, 0, NULL);
  g_autoptr(Reply) outside = request (f, "GET", "/index.html", f->supervisor, NULL, 0, NULL);
  g_autofree char *user = NULL;
  OcRole role = OC_ROLE_UNKNOWN;

  g_assert_cmpuint (sup->status, ==, 200);
  g_assert_true (oc_protocol_parse_me (reply_text (sup), g_bytes_get_size (sup->body), &user, &role, NULL));
  g_assert_cmpstr (user, ==, "sam");
  g_assert_cmpint (role, ==, OC_ROLE_SUPERVISOR);
  g_clear_pointer (&user, g_free);

  g_assert_cmpuint (view->status, ==, 200);
  g_assert_true (oc_protocol_parse_me (reply_text (view), g_bytes_get_size (view->body), &user, &role, NULL));
  g_assert_cmpstr (user, ==, "wall");
  g_assert_cmpint (role, ==, OC_ROLE_VIEWER);

  g_assert_cmpuint (post_me->status, ==, 405);
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpstr (missing->code, ==, "not-found");
  g_assert_cmpuint (outside->status, ==, 404);
}

static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(OcSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  fixture_add_floor (f);
  reply = request (f, "GET", "/api/v1/snapshot", f->viewer, NULL, 0, NULL);
  g_assert_cmpuint (reply->status, ==, 200);

  snapshot = oc_protocol_parse_snapshot (reply_text (reply), g_bytes_get_size (reply->body), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->warnings->len, ==, 0);
  g_assert_cmpint (snapshot->revision, ==, oc_world_get_revision (f->world));
  g_assert_cmpuint (snapshot->conversations->len, ==, oc_world_get_n_conversations (f->world));
  g_assert_cmpuint (snapshot->agents->len, ==, oc_world_get_agents (f->world)->len);
  g_assert_cmpuint (snapshot->queues->len, ==, oc_world_get_queues (f->world)->len);
  g_assert_cmpuint (snapshot->workstreams->len, ==, oc_world_get_workstreams (f->world)->len);

  for (guint i = 0; i < snapshot->conversations->len; i++)
    {
      OcConversation *c = g_ptr_array_index (snapshot->conversations, i);

      if (g_strcmp0 (oc_conversation_get_id (c), "c-active") != 0)
        continue;
      found = TRUE;
      g_assert_cmpint (oc_conversation_get_status (c), ==, OC_STATUS_ACTIVE);
      g_assert_cmpstr (oc_conversation_get_agent_id (c), ==, "a-t1");
      g_assert_cmpstr (oc_conversation_get_subject (c), ==, "Test <b>subject</b> & more");
      g_assert_cmpstr (oc_conversation_get_customer_name (c), ==, "Zoë Ødegård");
    }
  g_assert_true (found);
}

static void
test_assign_agent (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(OcConversation) answered = NULL;
  OcConversation *c;
  gint64 revision;

  fixture_add_floor (f);
  revision = oc_world_get_revision (f->world);

  reply = post (f, "/api/v1/conversations/c-open/assign", f->supervisor, "{\"agent_id\": \"a-t5\", \"note\": [1]}");
  g_assert_cmpuint (reply->status, ==, 200);

  c = oc_world_lookup_conversation (f->world, "c-open");
  g_assert_cmpint (oc_conversation_get_status (c), ==, OC_STATUS_ACTIVE);
  g_assert_cmpstr (oc_conversation_get_agent_id (c), ==, "a-t5");
  g_assert_cmpint (oc_conversation_get_first_assigned_at (c), >, 0);
  g_assert_cmpint (oc_conversation_get_waiting_since (c), ==, 0);
  g_assert_cmpuint (agent_used (f, "a-t5"), ==, 1);
  /* The conversation, then the agent. */
  g_assert_cmpint (oc_world_get_revision (f->world), ==, revision + 2);
  g_assert_cmpint (oc_conversation_get_revision (c), ==, revision + 1);

  node = reply_json (reply);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "revision"), ==, revision + 2);
  answered = parse_member (node, "conversation", (MemberParser) oc_protocol_parse_conversation);
  g_assert_nonnull (answered);
  g_assert_cmpstr (oc_conversation_get_agent_id (answered), ==, "a-t5");
  g_assert_cmpint (oc_conversation_get_status (answered), ==, OC_STATUS_ACTIVE);
}

/* Two supervisors look at c-open at the same revision; sam assigns it to
 * q-t2, then kim, who did not see that, assigns it to the first queue's
 * agent: kim is refused with 409 and shown the conversation as it is now,
 * instead of silently overwriting sam's choice. Without a revision the
 * action goes through as before. */
static void
test_stale_action (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  g_autoptr(Reply) bad = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(OcConversation) now = NULL;
  g_autofree char *body = NULL;
  JsonObject *error;
  gint64 seen;

  fixture_add_floor (f);
  seen = oc_conversation_get_revision (oc_world_lookup_conversation (f->world, "c-open"));
  body = g_strdup_printf ("{\"queue_id\": \"q-t2\", \"revision\": %" G_GINT64_FORMAT "}", seen);
  first = post (f, "/api/v1/conversations/c-open/assign", f->supervisor, body);
  g_assert_cmpuint (first->status, ==, 200);

  g_free (body);
  body = g_strdup_printf ("{\"agent_id\": \"a-t5\", \"revision\": %" G_GINT64_FORMAT "}", seen);
  second = post (f, "/api/v1/conversations/c-open/assign", f->supervisor2, body);
  g_assert_cmpuint (second->status, ==, 409);
  g_assert_cmpstr (second->code, ==, "state-changed");
  g_assert_cmpstr (oc_conversation_get_queue_id (oc_world_lookup_conversation (f->world, "c-open")), ==, "q-t2");
  g_assert_null (oc_conversation_get_agent_id (oc_world_lookup_conversation (f->world, "c-open")));

  node = reply_json (second);
  error = json_object_get_object_member (json_node_get_object (node), "error");
  g_assert_nonnull (error);
  {
    g_autoptr(JsonNode) error_node = json_node_init_object (json_node_alloc (), error);

    now = parse_member (error_node, "conversation", (MemberParser) oc_protocol_parse_conversation);
  }
  g_assert_nonnull (now);
  g_assert_cmpstr (oc_conversation_get_queue_id (now), ==, "q-t2");

  bad = post (f, "/api/v1/conversations/c-open/force-close", f->supervisor2, "{\"revision\": \"old\"}");
  g_assert_cmpuint (bad->status, ==, 400);
}

static void
test_assign_queue (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Reply) reply = NULL;
  OcConversation *c;

  fixture_add_floor (f);
  reply = post (f, "/api/v1/conversations/c-open/assign", f->supervisor, "{\"queue_id\": \"q-t2\", \"agent_id\": null}");
  g_assert_cmpuint (reply->status, ==, 200);

  c = oc_world_lookup_conversation (f->world, "c-open");
  g_assert_cmpstr (oc_conversation_get_queue_id (c), ==, "q-t2");
  g_assert_cmpint (oc_conversation_get_status (c), ==, OC_STATUS_OPEN);
  g_assert_null (oc_conversation_get_agent_id (c));
}

typedef struct {
  const char *path;
  const char *body;   /* NULL: a 100 KiB body */
  const char *token;  /* "viewer", "none" or NULL for the supervisor */
  guint       status;
  const char *code;
} Refusal;

static const Refusal refusals[] = {
  { "c-active/assign", "{\"agent_id\": \"a-t5\"}", NULL, 409, "state-changed" },
  { "c-wrap/assign", "{\"queue_id\": \"q-t2\"}", NULL, 409, "state-changed" },
  { "c-open/assign", "{\"agent_id\": \"a-t2\"}", NULL, 422, "presence-not-allowed" },
  { "c-open/assign", "{\"agent_id\": \"a-t3\"}", NULL, 422, "capacity-full" },
  { "c-open/assign", "{\"agent_id\": \"a-t4\"}", NULL, 422, "not-in-queue" },
  { "c-open/assign", "{\"queue_id\": \"q-t1\"}", NULL, 422, "same-queue" },
  { "c-nope/assign", "{\"agent_id\": \"a-t5\"}", NULL, 404, "not-found" },
  { "c-open/assign", "{\"agent_id\": \"a-nope\"}", NULL, 404, "not-found" },
  { "c-open/assign", "{\"queue_id\": \"q-nope\"}", NULL, 404, "not-found" },
  { "c-open/assign", "{\"agent_id\": \"a-t5\", \"queue_id\": \"q-t2\"}", NULL, 400, "bad-request" },
  { "c-open/assign", "{}", NULL, 400, "bad-request" },
  { "c-open/assign", "{\"agent_id\": 5}", NULL, 400, "bad-request" },
  { "c-open/assign", "{\"agent_id\": \"has space\"}", NULL, 400, "bad-request" },
  { "c-open/assign", "{\"agent_id\": \"a-t5\"", NULL, 400, "bad-request" },
  { "c-open/assign", "[\"a-t5\"]", NULL, 400, "bad-request" },
  { "c-open/assign", "", NULL, 400, "bad-request" },
  { "c-open/assign", "{\"agent_id\": \"\xff\xfe\"}", NULL, 400, "bad-request" },
  { "c-open/assign", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", NULL, 400, "bad-request" },
  { "c-open/assign", NULL, NULL, 413, "payload-too-large" },
  { "c-open/assign", "{\"agent_id\": \"a-t5\"}", "viewer", 403, "forbidden" },
  { "c-open/assign", "{\"agent_id\": \"a-t5\"}", "none", 401, "unauthorized" },
  { "c-open/transfer", "{\"agent_id\": \"a-t5\"}", NULL, 409, "state-changed" },
  { "c-wrap/transfer", "{\"agent_id\": \"a-t5\"}", NULL, 409, "state-changed" },
  { "c-active/transfer", "{\"agent_id\": \"a-t1\"}", NULL, 422, "same-agent" },
  { "c-active/transfer", "{\"agent_id\": \"a-t4\"}", NULL, 422, "not-in-queue" },
  { "c-active/transfer", "{\"agent_id\": \"a-t2\"}", NULL, 422, "presence-not-allowed" },
  { "c-waiting/transfer", "{\"agent_id\": \"a-t3\"}", NULL, 422, "capacity-full" },
  { "c-active/transfer", "{\"agent_id\": \"a-nope\"}", NULL, 404, "not-found" },
  { "c-active/transfer", "{}", NULL, 400, "bad-request" },
  { "c-active/transfer", "{\"agent_id\": [\"a-t5\"]}", NULL, 400, "bad-request" },
  { "c-active/transfer", "{\"agent_id\": \"a-t5\"}", "viewer", 403, "forbidden" },
  { "c-nope/force-close", "{}", NULL, 404, "not-found" },
  { "c-open/force-close", "{}", "viewer", 403, "forbidden" },
  { "c-open/force-close", "nope", NULL, 400, "bad-request" },
  { "c-open/join", "{}", NULL, 409, "state-changed" },
  { "c-active/join", "{}", "viewer", 403, "forbidden" },
  { "c-nope/join", "{}", NULL, 404, "not-found" },
  { "c-active/leave", "{}", NULL, 422, "not-joined" },
  { "c-active/messages", "{\"text\": \"hi\"}", NULL, 422, "not-joined" },
  { "c-active/messages", "{\"text\": \"hi\"}", "viewer", 403, "forbidden" },
  { "c-active/messages", "{\"text\": 3}", NULL, 400, "bad-request" },
  { "c-nope/messages", "{\"text\": \"hi\"}", NULL, 404, "not-found" },
};

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  const char *ids[] = { "c-open", "c-active", "c-waiting", "c-wrap" };
  g_autofree char *big = NULL;

  fixture_add_floor (f);

  big = g_strnfill (100 * 1024, ' ');
  big[0] = '{';
  big[100 * 1024 - 1] = '}';

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      const Refusal *r = &refusals[i];
      g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s", r->path);
      g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(Reply) reply = NULL;
      const char *token = f->supervisor;
      gint64 revision = oc_world_get_revision (f->world);
      guint used[5];

      if (g_strcmp0 (r->token, "viewer") == 0)
        token = f->viewer;
      else if (g_strcmp0 (r->token, "none") == 0)
        token = NULL;

      for (guint c = 0; c < G_N_ELEMENTS (ids); c++)
        g_ptr_array_add (before, conversation_json (f, ids[c]));
      for (guint a = 0; a < 5; a++)
        {
          g_autofree char *agent = g_strdup_printf ("a-t%u", a + 1);
          used[a] = agent_used (f, agent);
        }

      {
        g_autofree char *shown = g_strescape (r->body ? r->body : "(100 KiB)", NULL);
        g_test_message ("POST %s %s", r->path, shown);
      }
      reply = request (f, "POST", path, token, r->body ? r->body : big, -1, NULL);
      g_assert_cmpuint (reply->status, ==, r->status);
      g_assert_cmpstr (reply->code, ==, r->code);

      /* Refused means untouched. */
      g_assert_cmpint (oc_world_get_revision (f->world), ==, revision);
      for (guint c = 0; c < G_N_ELEMENTS (ids); c++)
        {
          g_autofree char *after = conversation_json (f, ids[c]);
          g_assert_cmpstr (after, ==, g_ptr_array_index (before, c));
        }
      for (guint a = 0; a < 5; a++)
        {
          g_autofree char *agent = g_strdup_printf ("a-t%u", a + 1);
          g_assert_cmpuint (agent_used (f, agent), ==, used[a]);
        }
    }
}

/* A body announced at 10 GB is refused from its headers, before any of it
 * is sent: the answer and the close come while the client still waits to
 * send. The world is untouched. */
static void
test_too_large_from_headers (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GUri) uri = g_uri_parse (f->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  RawSocket raw = { g_byte_array_new (), NULL, FALSE, 0, { 0 } };
  gint64 revision;

  fixture_add_floor (f);
  revision = oc_world_get_revision (f->world);

  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri),
                                                NULL, &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("POST /api/v1/conversations/c-open/force-close HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: 10000000000\r\n"
                          "\r\n{", f->supervisor);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);

  raw_socket_read (&raw, G_IO_STREAM (connection));
  wait_for_flag (&raw.closed, 20);

  g_assert_true (g_str_has_prefix (raw.head, "HTTP/1.1 413 "));
  g_assert_nonnull (memmem (raw.in->data, raw.in->len, "\"code\":\"payload-too-large\"", 26));
  g_byte_array_unref (raw.in);
  g_free (raw.head);
  g_assert_cmpint (oc_world_get_revision (f->world), ==, revision);
  g_assert_nonnull (oc_world_lookup_conversation (f->world, "c-open"));
}

/* 200 consoles connecting at once are all taken into the listen queue
 * while the server is busy (here: its main loop is not running): none is
 * left to SYN retries, which a short backlog (10) would cause. */
static void
test_listen_backlog (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GUri) uri = g_uri_parse (f->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, g_uri_get_port (uri));
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GError) error = NULL;
      GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, &error);

      g_assert_no_error (error);
      g_socket_set_blocking (socket, FALSE);
      if (!g_socket_connect (socket, address, NULL, &error))
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
      g_ptr_array_add (sockets, socket);
    }

  for (guint i = 0; i < sockets->len; i++)
    {
      GSocket *socket = g_ptr_array_index (sockets, i);
      g_autoptr(GError) error = NULL;

      /* A handshake the kernel completes takes microseconds; a dropped SYN
       * is retried only after a second. */
      g_socket_condition_timed_wait (socket, G_IO_OUT, 900 * 1000, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_socket_check_connect_result (socket, &error));
      g_assert_no_error (error);
    }
}

static void
chunked_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Reply *reply = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  reply->status = soup_message_get_status (msg);
  reply->done = TRUE;
}

/* The right token twice is still two Authorization headers: refused. */
static void
test_auth_twice (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *uri = g_strconcat (f->url, "/api/v1/me", NULL);
  g_autofree char *header = g_strconcat ("Bearer ", f->supervisor, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(Reply) reply = g_new0 (Reply, 1);

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", header);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", header);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, chunked_sent_cb, reply);
  wait_for_flag (&reply->done, 20);
  g_assert_cmpuint (reply->status, ==, 401);
}

/* A body without Content-Length is cut off at the limit as it arrives. */
static void
test_chunked_too_large (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *uri = g_strconcat (f->url, "/api/v1/conversations/c-open/force-close", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autofree char *header = g_strconcat ("Bearer ", f->supervisor, NULL);
  g_autoptr(GBytes) big = g_bytes_new_take (g_strnfill (200 * 1024, ' '), 200 * 1024);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (big);
  g_autoptr(Reply) reply = g_new0 (Reply, 1);

  fixture_add_floor (f);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_message_set_request_body (msg, "application/json", stream, -1);
  g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_request_headers (msg)), ==,
                   SOUP_ENCODING_CHUNKED);

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, chunked_sent_cb, reply);
  wait_for_flag (&reply->done, 20);
  g_assert_cmpuint (reply->status, ==, 413);
  g_assert_nonnull (oc_world_lookup_conversation (f->world, "c-open"));
}

static void
test_transfer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Reply) active = NULL;
  g_autoptr(Reply) waiting = NULL;
  OcConversation *c;

  fixture_add_floor (f);

  active = post (f, "/api/v1/conversations/c-active/transfer", f->supervisor, "{\"agent_id\": \"a-t5\"}");
  g_assert_cmpuint (active->status, ==, 200);
  c = oc_world_lookup_conversation (f->world, "c-active");
  g_assert_cmpstr (oc_conversation_get_agent_id (c), ==, "a-t5");
  g_assert_cmpint (oc_conversation_get_status (c), ==, OC_STATUS_ACTIVE);
  g_assert_cmpuint (agent_used (f, "a-t5"), ==, 1);
  g_assert_cmpuint (agent_used (f, "a-t1"), ==, 2);

  waiting = post (f, "/api/v1/conversations/c-waiting/transfer", f->supervisor, "{\"agent_id\": \"a-t5\"}");
  g_assert_cmpuint (waiting->status, ==, 200);
  c = oc_world_lookup_conversation (f->world, "c-waiting");
  g_assert_cmpstr (oc_conversation_get_agent_id (c), ==, "a-t5");
  g_assert_cmpint (oc_conversation_get_status (c), ==, OC_STATUS_WAITING);
  g_assert_cmpuint (agent_used (f, "a-t5"), ==, 2);
  g_assert_cmpuint (agent_used (f, "a-t1"), ==, 1);

  /* a-t5 is full now. */
  {
    g_autoptr(Reply) full = post (f, "/api/v1/conversations/c-wrap/assign", f->supervisor, "{\"agent_id\": \"a-t5\"}");
    g_autoptr(Reply) full2 = NULL;

    g_assert_cmpuint (full->status, ==, 409);
    fixture_add_conversation (f, "c-more", OC_STATUS_ACTIVE, "q-t1", "a-t1");
    full2 = post (f, "/api/v1/conversations/c-more/transfer", f->supervisor, "{\"agent_id\": \"a-t5\"}");
    g_assert_cmpuint (full2->status, ==, 422);
    g_assert_cmpstr (full2->code, ==, "capacity-full");
  }
}

static void
test_force_close (Fixture       *f,
                  gconstpointer  data)
{
  const char *ids[] = { "c-open", "c-active", "c-waiting", "c-wrap" };

  fixture_add_floor (f);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/force-close", ids[i]);
      g_autoptr(Reply) reply = NULL;
      g_autoptr(Reply) again = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(OcConversation) answered = NULL;
      guint used = agent_used (f, "a-t1");
      gboolean had_agent = oc_conversation_get_agent_id (oc_world_lookup_conversation (f->world, ids[i])) != NULL;

      reply = post (f, path, f->supervisor, "{}");
      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_null (oc_world_lookup_conversation (f->world, ids[i]));
      g_assert_cmpuint (agent_used (f, "a-t1"), ==, had_agent ? used - 1 : used);

      node = reply_json (reply);
      answered = parse_member (node, "conversation", (MemberParser) oc_protocol_parse_conversation);
      g_assert_cmpint (oc_conversation_get_status (answered), ==, OC_STATUS_CLOSED);

      again = post (f, path, f->supervisor, "{}");
      g_assert_cmpuint (again->status, ==, 404);
    }

  g_assert_cmpuint (oc_world_get_n_conversations (f->world), ==, 0);
}

static const char *
last_text (Fixture    *f,
           const char *id)
{
  GPtrArray *transcript = oc_world_get_transcript (f->world, id);

  return oc_message_get_text (g_ptr_array_index (transcript, transcript->len - 1));
}

static void
test_join_leave_messages (Fixture       *f,
                          gconstpointer  data)
{
  fixture_add_floor (f);

  {
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-active/join", f->supervisor, "{}");
    g_autoptr(Reply) again = NULL;
    GPtrArray *transcript = oc_world_get_transcript (f->world, "c-active");
    OcMessage *last = g_ptr_array_index (transcript, transcript->len - 1);
    guint len = transcript->len;

    g_assert_cmpuint (join->status, ==, 200);
    g_assert_cmpstr (oc_message_get_text (last), ==, "A supervisor joined the conversation.");
    g_assert_cmpint (oc_message_get_sender_role (last), ==, OC_SENDER_SYSTEM);
    g_assert_cmpint (oc_message_get_kind (last), ==, OC_MESSAGE_KIND_EVENT);

    /* Joining twice says nothing new. */
    again = post (f, "/api/v1/conversations/c-active/join", f->supervisor, "{}");
    g_assert_cmpuint (again->status, ==, 200);
    g_assert_cmpuint (oc_world_get_transcript (f->world, "c-active")->len, ==, len);
  }

  {
    g_autoptr(Reply) message = post (f, "/api/v1/conversations/c-active/messages", f->supervisor,
                                     "{\"text\": \"I'm here <b>to help</b> & listen 🙂\"}");
    g_autoptr(Reply) other = post (f, "/api/v1/conversations/c-active/messages", f->supervisor2,
                                   "{\"text\": \"me too\"}");
    g_autoptr(Reply) empty = post (f, "/api/v1/conversations/c-active/messages", f->supervisor, "{\"text\": \"\"}");
    g_autoptr(Reply) missing = post (f, "/api/v1/conversations/c-active/messages", f->supervisor, "{}");
    g_autoptr(JsonNode) node = reply_json (message);
    g_autoptr(OcMessage) answered = NULL;

    g_assert_cmpuint (message->status, ==, 200);
    answered = parse_member (node, "message", (MemberParser) oc_protocol_parse_message);
    g_assert_nonnull (answered);
    g_assert_cmpstr (oc_message_get_text (answered), ==, "I'm here <b>to help</b> & listen 🙂");
    g_assert_cmpint (oc_message_get_sender_role (answered), ==, OC_SENDER_SUPERVISOR);
    g_assert_cmpstr (oc_message_get_sender_name (answered), ==, "sam");
    g_assert_cmpint (oc_message_get_seq (answered), ==, oc_world_get_last_seq (f->world, "c-active"));
    g_assert_cmpstr (last_text (f, "c-active"), ==, "I'm here <b>to help</b> & listen 🙂");

    /* Joining is per supervisor. */
    g_assert_cmpuint (other->status, ==, 422);
    g_assert_cmpstr (other->code, ==, "not-joined");
    g_assert_cmpuint (empty->status, ==, 400);
    g_assert_cmpuint (missing->status, ==, 400);
  }

  {
    g_autoptr(Reply) leave = post (f, "/api/v1/conversations/c-active/leave", f->supervisor, "{}");
    g_autoptr(Reply) after = post (f, "/api/v1/conversations/c-active/messages", f->supervisor, "{\"text\": \"x\"}");

    g_assert_cmpuint (leave->status, ==, 200);
    g_assert_cmpstr (last_text (f, "c-active"), ==, "A supervisor left the conversation.");
    g_assert_cmpuint (after->status, ==, 422);
    g_assert_cmpstr (after->code, ==, "not-joined");
  }

  {
    g_autoptr(Reply) wrap = post (f, "/api/v1/conversations/c-wrap/join", f->supervisor, "{}");
    g_autoptr(Reply) waiting = post (f, "/api/v1/conversations/c-waiting/join", f->supervisor, "{}");

    g_assert_cmpuint (wrap->status, ==, 200);
    g_assert_cmpuint (waiting->status, ==, 200);
  }
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  guint ok = 0, limited = 0;

  fixture_add_floor (f);
  {
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-active/join", f->supervisor, "{}");
    g_assert_cmpuint (join->status, ==, 200);
  }

  /* Bursts of five pass; a burst of twenty does not. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(Reply) reply = post (f, "/api/v1/conversations/c-active/messages", f->supervisor, "{\"text\": \"spam\"}");

      if (reply->status == 200)
        ok++;
      else
        {
          g_assert_cmpuint (reply->status, ==, 429);
          g_assert_cmpstr (reply->code, ==, "rate-limited");
          g_assert_nonnull (reply->retry_after);
          g_assert_cmpint (atoi (reply->retry_after), >=, 1);
          limited++;
        }
    }

  g_assert_cmpuint (ok, >=, 5);
  g_assert_cmpuint (limited, >, 0);
}

static void
test_idempotency (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  g_autoptr(Reply) other_user = NULL;
  g_autoptr(Reply) refused = NULL;
  g_autoptr(Reply) refused_again = NULL;
  g_autoptr(Reply) bad_key = NULL;
  g_autofree char *long_key = g_strnfill (129, 'k');
  gint64 revision;

  fixture_add_floor (f);
  revision = oc_world_get_revision (f->world);

  first = request (f, "POST", "/api/v1/conversations/c-open/assign", f->supervisor,
                   "{\"agent_id\": \"a-t5\"}", -1, "key-1");
  second = request (f, "POST", "/api/v1/conversations/c-open/assign", f->supervisor,
                    "{\"agent_id\": \"a-t5\"}", -1, "key-1");
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpstr (reply_text (first), ==, reply_text (second));
  /* Acted once. */
  g_assert_cmpuint (agent_used (f, "a-t5"), ==, 1);
  g_assert_cmpint (oc_world_get_revision (f->world), ==, revision + 2);

  /* The key belongs to its user: another one with it acts (and is refused). */
  other_user = request (f, "POST", "/api/v1/conversations/c-open/assign", f->supervisor2,
                        "{\"agent_id\": \"a-t5\"}", -1, "key-1");
  g_assert_cmpuint (other_user->status, ==, 409);

  /* A refusal is an answer too. */
  refused = request (f, "POST", "/api/v1/conversations/c-wrap/assign", f->supervisor,
                     "{\"queue_id\": \"q-t2\"}", -1, "key-2");
  g_assert_cmpuint (refused->status, ==, 409);
  refused_again = request (f, "POST", "/api/v1/conversations/c-wrap/assign", f->supervisor,
                           "{\"queue_id\": \"q-t2\"}", -1, "key-2");
  g_assert_cmpuint (refused_again->status, ==, 409);
  g_assert_cmpstr (reply_text (refused), ==, reply_text (refused_again));

  bad_key = request (f, "POST", "/api/v1/conversations/c-wrap/force-close", f->supervisor, "{}", -1, long_key);
  g_assert_cmpuint (bad_key->status, ==, 400);
  g_assert_nonnull (oc_world_lookup_conversation (f->world, "c-wrap"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/auth/unauthorized", test_auth);
  ADD ("/server/auth/twice", test_auth_twice);
  ADD ("/server/me", test_me);
  ADD ("/server/snapshot", test_snapshot);
  ADD ("/server/assign/agent", test_assign_agent);
  ADD ("/server/assign/queue", test_assign_queue);
  ADD ("/server/actions/stale", test_stale_action);
  ADD ("/server/actions/refused", test_refusals);
  ADD ("/server/actions/chunked-too-large", test_chunked_too_large);
  ADD ("/server/actions/too-large-from-headers", test_too_large_from_headers);
  ADD ("/server/listen-backlog", test_listen_backlog);
  ADD ("/server/transfer", test_transfer);
  ADD ("/server/force-close", test_force_close);
  ADD ("/server/join-leave-messages", test_join_leave_messages);
  ADD ("/server/messages/rate-limit", test_rate_limit);
  ADD ("/server/idempotency", test_idempotency);
#undef ADD

  return g_test_run ();
}
