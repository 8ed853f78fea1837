// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "oc-test-util.h"
#include "server-fixture.h"

void
wait_for_flag (gboolean *flag,
               double    seconds)
{
  if (!oc_test_wait_until (oc_test_flag_set, flag, (guint) (seconds * 1000)))
    g_error ("Timed out after %.1f s", seconds);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  OcServerOptions options = { .seed = 7, .speed = 0, .conversations = 0, .agents = 3 };

  fixture_start (f, &options);
}

void
fixture_start (Fixture               *f,
               const OcServerOptions *options)
{
  g_autoptr(GError) error = NULL;

  f->server = oc_server_new (options, &error);
  g_assert_no_error (error);
  g_assert_true (oc_server_listen (f->server, NULL, 0, &error));
  g_assert_no_error (error);
  f->world = oc_server_get_world (f->server);
  f->url = oc_server_get_url (f->server);
  f->supervisor = oc_server_add_user (f->server, "sam", OC_ROLE_SUPERVISOR);
  f->supervisor2 = oc_server_add_user (f->server, "kim", OC_ROLE_SUPERVISOR);
  f->viewer = oc_server_add_user (f->server, "wall", OC_ROLE_VIEWER);
  if (f->session == NULL)
    f->session = soup_session_new ();
}

void
fixture_stop (Fixture *f)
{
  oc_server_shutdown (f->server);
  g_clear_object (&f->server);
  f->world = NULL;
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->supervisor, g_free);
  g_clear_pointer (&f->supervisor2, g_free);
  g_clear_pointer (&f->viewer, g_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  if (f->server)
    oc_server_shutdown (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->supervisor, g_free);
  g_clear_pointer (&f->supervisor2, g_free);
  g_clear_pointer (&f->viewer, g_free);

  /* Let closing sockets finish. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct {
  OcServer *server;
  guint     n;
} SubscriberCount;

static gboolean
has_n_subscribers (gpointer data)
{
  SubscriberCount *count = data;

  return oc_server_get_n_subscribers (count->server) == count->n;
}

void
wait_for_subscribers (Fixture *f,
                      guint    n,
                      double   seconds)
{
  SubscriberCount count = { f->server, n };

  if (!oc_test_wait_until (has_n_subscribers, &count, (guint) (seconds * 1000)))
    g_error ("Still %u subscribers, not %u, after %.1f s",
             oc_server_get_n_subscribers (f->server), n, seconds);
}

static OcAgent *
add_agent (Fixture    *f,
           const char *id,
           OcPresence  presence,
           guint       used,
           guint       total,
           const char *queue_id)
{
  g_autoptr(OcAgent) agent = oc_agent_new (id);
  const char *queues[] = { queue_id, NULL };
  const char *skills[] = { "billing", NULL };
  guint levels[] = { 5 };

  oc_agent_set_name (agent, id);
  oc_agent_set_presence (agent, presence);
  oc_agent_set_capacity_total (agent, total);
  oc_agent_set_capacity_used (agent, used);
  oc_agent_set_queue_ids (agent, queues);
  oc_agent_set_skills (agent, skills, levels);
  oc_world_put_agent (f->world, agent);

  return agent;
}

OcConversation *
fixture_add_conversation (Fixture    *f,
                          const char *id,
                          OcStatus    status,
                          const char *queue_id,
                          const char *agent_id)
{
  g_autoptr(OcConversation) conversation = oc_conversation_new (id);
  gint64 now = oc_world_get_now (f->world);

  oc_conversation_set_subject (conversation, "Test <b>subject</b> & more");
  oc_conversation_set_status (conversation, status);
  oc_conversation_set_channel (conversation, OC_CHANNEL_CHAT);
  oc_conversation_set_queue_id (conversation, queue_id);
  oc_conversation_set_workstream_id (conversation, "ws-t");
  oc_conversation_set_customer_name (conversation, "Zoë Ødegård");
  oc_conversation_set_created_at (conversation, now - 60);
  oc_conversation_set_status_since (conversation, now - 30);
  if (agent_id != NULL)
    {
      oc_conversation_set_agent_id (conversation, agent_id);
      oc_conversation_set_first_assigned_at (conversation, now - 30);
    }
  if (status == OC_STATUS_OPEN || status == OC_STATUS_WAITING)
    oc_conversation_set_waiting_since (conversation, now - 30);
  oc_world_put_conversation (f->world, conversation);
  oc_world_append_message (f->world, conversation, OC_SENDER_CUSTOMER, "Zoë Ødegård",
                           OC_MESSAGE_KIND_TEXT, "Hello <b>there</b> &amp; hi");

  return conversation;
}

void
fixture_add_floor (Fixture *f)
{
  g_autoptr(OcWorkstream) workstream = oc_workstream_new ("ws-t");
  g_autoptr(OcQueue) q1 = oc_queue_new ("q-t1");
  g_autoptr(OcQueue) q2 = oc_queue_new ("q-t2");

  oc_workstream_set_name (workstream, "Test");
  oc_workstream_set_channel (workstream, OC_CHANNEL_CHAT);
  oc_workstream_set_allowed_presences (workstream, OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) |
                                                   OC_PRESENCE_BIT (OC_PRESENCE_BUSY));
  oc_world_put_workstream (f->world, workstream);
  oc_queue_set_name (q1, "Queue one");
  oc_queue_set_workstream_id (q1, "ws-t");
  oc_world_put_queue (f->world, q1);
  oc_queue_set_name (q2, "Queue two");
  oc_queue_set_workstream_id (q2, "ws-t");
  oc_world_put_queue (f->world, q2);

  add_agent (f, "a-t1", OC_PRESENCE_AVAILABLE, 3, 5, "q-t1");
  add_agent (f, "a-t2", OC_PRESENCE_AWAY, 0, 2, "q-t1");
  add_agent (f, "a-t3", OC_PRESENCE_AVAILABLE, 1, 1, "q-t1");
  add_agent (f, "a-t4", OC_PRESENCE_AVAILABLE, 0, 2, "q-t2");
  add_agent (f, "a-t5", OC_PRESENCE_AVAILABLE, 0, 2, "q-t1");

  fixture_add_conversation (f, "c-open", OC_STATUS_OPEN, "q-t1", NULL);
  fixture_add_conversation (f, "c-active", OC_STATUS_ACTIVE, "q-t1", "a-t1");
  fixture_add_conversation (f, "c-waiting", OC_STATUS_WAITING, "q-t1", "a-t1");
  fixture_add_conversation (f, "c-wrap", OC_STATUS_WRAP_UP, "q-t1", "a-t1");
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *reply = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                               "Retry-After"));
  reply->done = TRUE;
}

Reply *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *token,
         const char *body,
         gssize      body_length,
         const char *idempotency_key)
{
  g_autofree char *uri = g_strconcat (f->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  Reply *reply = g_new0 (Reply, 1);

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  if (idempotency_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", idempotency_key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length < 0 ? strlen (body) : (gsize) body_length);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, reply);
  wait_for_flag (&reply->done, 20);

  if (reply->status >= 400)
    {
      g_autofree char *message = NULL;

      g_assert_true (oc_protocol_parse_error_body (g_bytes_get_data (reply->body, NULL),
                                                   g_bytes_get_size (reply->body),
                                                   &reply->code, &message));
      g_assert_nonnull (message);
      g_assert_cmpstr (message, !=, "");
    }

  return reply;
}

Reply *
post (Fixture    *f,
      const char *path,
      const char *token,
      const char *body)
{
  return request (f, "POST", path, token, body, -1, NULL);
}

void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply->retry_after);
  g_free (reply->code);
  g_free (reply);
}

const char *
reply_text (Reply *reply)
{
  gsize size;
  const char *data = g_bytes_get_data (reply->body, &size);

  /* libsoup's bodies end in a NUL it does not count. */
  return data ? data : "";
}

JsonNode *
reply_json (Reply *reply)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = oc_protocol_parse_json (g_bytes_get_data (reply->body, NULL),
                                           g_bytes_get_size (reply->body), G_MAXSIZE, &error);

  g_assert_no_error (error);
  return node;
}

static void
message_cb (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    type,
            GBytes                  *message,
            Socket                  *s)
{
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_ptr_array_add (s->messages, g_strndup (data, size));
}

static void
closed_cb (SoupWebsocketConnection *connection,
           Socket                  *s)
{
  s->closed = TRUE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Socket *s = user_data;
  g_autoptr(GError) error = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  s->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (s->connection == NULL)
    {
      s->status = soup_message_get_status (msg);
      s->failed = TRUE;
      s->closed = TRUE;
      return;
    }

  s->status = soup_message_get_status (msg);
  g_signal_connect (s->connection, "message", G_CALLBACK (message_cb), s);
  g_signal_connect (s->connection, "closed", G_CALLBACK (closed_cb), s);
}

static gboolean
socket_opened (gpointer data)
{
  Socket *s = data;

  return s->connection != NULL || s->failed;
}

Socket *
socket_open (Fixture    *f,
             const char *path_and_query,
             const char *token)
{
  g_autofree char *uri = g_strconcat (f->url, path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  Socket *s = g_new0 (Socket, 1);

  s->messages = g_ptr_array_new_with_free_func (g_free);
  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }

  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, connected_cb, s);
  g_assert_true (oc_test_wait_until (socket_opened, s, 20000));

  return s;
}

static gboolean
socket_has_news (gpointer data)
{
  Socket *s = data;

  return s->next < s->messages->len || s->closed;
}

const char *
socket_next (Socket *s,
             double  seconds)
{
  if (!oc_test_wait_until (socket_has_news, s, (guint) (seconds * 1000)))
    g_error ("No message within %.1f s", seconds);

  if (s->next < s->messages->len)
    return g_ptr_array_index (s->messages, s->next++);

  return NULL;
}

OcEvent *
socket_next_event (Socket *s,
                   double  seconds)
{
  g_autoptr(GError) error = NULL;
  const char *text = socket_next (s, seconds);
  OcEvent *event;

  if (text == NULL)
    return NULL;

  event = oc_protocol_parse_event (text, strlen (text), OC_PROTOCOL_MAX_TRANSCRIPT_FRAME, &error);
  g_assert_no_error (error);
  g_assert_true (event->warnings == NULL || event->warnings->len == 0);

  return event;
}

GPtrArray *
audit_page (Fixture    *f,
            const char *query,
            const char *token,
            gint64     *next_before)
{
  g_autofree char *path = g_strconcat ("/api/v1/audit", query, NULL);
  g_autoptr(Reply) reply = request (f, "GET", path, token, NULL, -1, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  g_assert_cmpuint (reply->status, ==, 200);
  entries = oc_protocol_parse_audit_page (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body),
                                          next_before, NULL, &error);
  g_assert_no_error (error);
  return entries;
}

OcEvent *
socket_next_change (Socket *s,
                    double  seconds)
{
  OcEvent *event;

  while ((event = socket_next_event (s, seconds)) != NULL &&
         (event->type == OC_EVENT_AUDIT_ENTRY || event->type == OC_EVENT_CONVERSATION_PRESENCE))
    oc_event_free (event);
  return event;
}

void
socket_wait_closed (Socket *s,
                    double  seconds)
{
  wait_for_flag (&s->closed, seconds);
}

void
socket_free (Socket *s)
{
  if (s->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (s->connection, s);
      if (soup_websocket_connection_get_state (s->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (s->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&s->connection);
    }
  g_ptr_array_unref (s->messages);
  g_free (s);
}

/* Walks what arrived: the HTTP head first; after a 101, the server's frames
 * (unmasked) until a close frame; otherwise the body until the end. */
static void
raw_socket_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RawSocket *raw = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0)
    {
      raw->closed = TRUE;
      return;
    }
  g_byte_array_append (raw->in, raw->buffer, n);

  for (;;)
    {
      const guint8 *d = raw->in->data;
      gsize len = raw->in->len, header, payload;

      if (raw->head == NULL)
        {
          const guint8 *end = memmem (d, len, "\r\n\r\n", 4);

          if (end == NULL)
            break;
          raw->head = g_strndup ((const char *) d, end + 4 - d);
          g_byte_array_remove_range (raw->in, 0, end + 4 - d);
          continue;
        }
      if (!g_str_has_prefix (raw->head, "HTTP/1.1 101"))
        break;
      if (len < 2)
        break;
      payload = d[1] & 0x7f;
      header = 2;
      if (payload == 126)
        {
          if (len < 4)
            break;
          payload = ((gsize) d[2] << 8) | d[3];
          header = 4;
        }
      else if (payload == 127)
        {
          if (len < 10)
            break;
          payload = 0;
          for (guint i = 0; i < 8; i++)
            payload = (payload << 8) | d[2 + i];
          header = 10;
        }
      if (len < header + payload)
        break;
      if ((d[0] & 0x0f) == 0x8)
        {
          raw->close_code = payload >= 2 ? ((guint) d[header] << 8) | d[header + 1] : 0;
          raw->closed = TRUE;
          return;
        }
      g_byte_array_remove_range (raw->in, 0, header + payload);
    }

  g_input_stream_read_async (G_INPUT_STREAM (object), raw->buffer, sizeof raw->buffer,
                             G_PRIORITY_DEFAULT, NULL, raw_socket_read_cb, raw);
}

void
raw_socket_read (RawSocket *raw,
                 GIOStream *stream)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (stream), raw->buffer, sizeof raw->buffer,
                             G_PRIORITY_DEFAULT, NULL, raw_socket_read_cb, raw);
}
