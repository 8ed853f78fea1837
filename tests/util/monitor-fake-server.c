// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "monitor-fake-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "monitor-fake-server-private.h"

static GSource *
attach_timeout (FakeServer  *self,
                guint        ms,
                GSourceFunc  func)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

void
_fake_entry_clear (gpointer data)
{
  Entry *entry = data;

  g_clear_pointer (&entry->frame, g_bytes_unref);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static GBytes *
builder_to_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_take (data, length);
}

static void
write_conversation (FakeServer  *self,
                    JsonBuilder *b)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *created = format_time (now - 600);
  g_autofree char *assigned = format_time (now - 420);
  g_autofree char *since = format_time (now - 400);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, FAKE_CONVERSATION_ID);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, self->revision);
  json_builder_set_member_name (b, "subject");
  json_builder_add_string_value (b, "Charged twice for order #5521 <b>urgent</b> & more");
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, self->ended_reason != NULL ? "closed" : "active");
  json_builder_set_member_name (b, "channel");
  json_builder_add_string_value (b, self->channel);
  if (g_strcmp0 (self->channel, "messaging") == 0)
    {
      json_builder_set_member_name (b, "sub_channel");
      json_builder_add_string_value (b, "whatsapp");
    }
  json_builder_set_member_name (b, "queue_id");
  json_builder_add_string_value (b, "q-billing");
  json_builder_set_member_name (b, "workstream_id");
  json_builder_add_string_value (b, "ws-1");
  json_builder_set_member_name (b, "agent_id");
  json_builder_add_string_value (b, "a-7");
  json_builder_set_member_name (b, "customer_name");
  json_builder_add_string_value (b, "Zoë Ødegård");
  json_builder_set_member_name (b, "created_at");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "status_since");
  json_builder_add_string_value (b, since);
  json_builder_set_member_name (b, "first_assigned_at");
  json_builder_add_string_value (b, assigned);
  json_builder_set_member_name (b, "wait_seconds");
  json_builder_add_int_value (b, 129);
  json_builder_set_member_name (b, "sentiment");
  json_builder_add_string_value (b, "slightly-negative");
  json_builder_end_object (b);
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            GBytes            *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GBytes) body = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  body = builder_to_bytes (b);
  reply_json (msg, status, body);
}

static void
me_cb (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  FakeServer *self = user_data;
  g_autofree char *json =
    g_strdup_printf ("{\"user\": \"sam\", \"role\": \"%s\"}",
                     self->role == OC_ROLE_VIEWER ? "viewer" : "supervisor");
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  reply_json (msg, SOUP_STATUS_OK, body);
}

static void
snapshot_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FakeServer *self = user_data;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *now = format_time (g_get_real_time () / G_USEC_PER_SEC);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, self->revision);
  json_builder_set_member_name (b, "server_time");
  json_builder_add_string_value (b, now);

  json_builder_set_member_name (b, "queues");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, "q-billing");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Billing");
  json_builder_set_member_name (b, "workstream_id");
  json_builder_add_string_value (b, "ws-1");
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "workstreams");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, "ws-1");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Messaging");
  json_builder_set_member_name (b, "channel");
  json_builder_add_string_value (b, self->channel);
  json_builder_set_member_name (b, "allowed_presences");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "available");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "agents");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, "a-7");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Amina Hassan");
  json_builder_set_member_name (b, "presence");
  json_builder_add_string_value (b, "available");
  json_builder_set_member_name (b, "capacity");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "used");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, 3);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "skills");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "queue_ids");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "q-billing");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "conversations");
  json_builder_begin_array (b);
  if (self->ended_reason == NULL)
    write_conversation (self, b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  body = builder_to_bytes (b);
  reply_json (msg, SOUP_STATUS_OK, body);
}

/* libsoup refuses to send a text frame that is not UTF-8, so such a frame
 * is written by hand (unmasked, as a server does). Only safe while nothing
 * else is queued on @ws, so these frames go first on a connection. */
static void
send_invalid_text (SoupWebsocketConnection *ws,
                   GBytes                  *frame)
{
  GOutputStream *out = g_io_stream_get_output_stream (soup_websocket_connection_get_io_stream (ws));
  gsize length = g_bytes_get_size (frame);
  guint8 header[4] = { 0x81, 0, 0, 0 };
  gsize header_length = 2;

  g_assert_cmpuint (length, <, 65536);
  if (length < 126)
    header[1] = length;
  else
    {
      header[1] = 126;
      header[2] = length >> 8;
      header[3] = length & 0xff;
      header_length = 4;
    }
  g_output_stream_write_all (out, header, header_length, NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (frame, NULL), length, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
}

static void
send_text (SoupWebsocketConnection *ws,
           GBytes                  *frame)
{
  if (soup_websocket_connection_get_state (ws) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  if (g_utf8_validate (g_bytes_get_data (frame, NULL), g_bytes_get_size (frame), NULL))
    soup_websocket_connection_send_message (ws, SOUP_WEBSOCKET_DATA_TEXT, frame);
  else
    send_invalid_text (ws, frame);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              GPtrArray               *list)
{
  g_ptr_array_remove (list, ws);
}

static gboolean
ping_cb (gpointer user_data)
{
  FakeServer *self = user_data;
  g_autofree char *now = format_time (g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *json =
    g_strdup_printf ("{\"type\": \"ping\", \"revision\": %" G_GINT64_FORMAT ", \"server_time\": \"%s\"}",
                     self->revision, now);
  g_autoptr(GBytes) frame = g_bytes_new (json, strlen (json));

  for (guint i = 0; i < self->events->len; i++)
    send_text (g_ptr_array_index (self->events, i), frame);

  return G_SOURCE_CONTINUE;
}

static void
events_cb (SoupServer              *server,
           SoupServerMessage       *msg,
           const char              *path,
           SoupWebsocketConnection *ws,
           gpointer                 user_data)
{
  FakeServer *self = user_data;
  g_autofree char *now = format_time (g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *json =
    g_strdup_printf ("{\"type\": \"hello\", \"revision\": %" G_GINT64_FORMAT ", \"server_time\": \"%s\", \"ping_interval\": 2}",
                     self->revision, now);
  g_autoptr(GBytes) frame = g_bytes_new (json, strlen (json));

  g_ptr_array_add (self->events, g_object_ref (ws));
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed), self->events);
  send_text (ws, frame);
}

static void
transcript_cb (SoupServer              *server,
               SoupServerMessage       *msg,
               const char              *path,
               SoupWebsocketConnection *ws,
               gpointer                 user_data)
{
  FakeServer *self = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = query != NULL ? soup_form_decode (query) : NULL;
  const char *after_text = params != NULL ? g_hash_table_lookup (params, "after") : NULL;
  gint64 after = after_text != NULL ? g_ascii_strtoll (after_text, NULL, 10) : 0;
  gint64 reached = 0;
  g_autofree char *end = NULL;
  g_autoptr(GBytes) end_frame = NULL;

  self->n_connects++;
  self->last_after = after;
  g_ptr_array_add (self->transcripts, g_object_ref (ws));
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed), self->transcripts);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);

      if (entry->seq > 0)
        {
          reached = entry->seq;
          if (entry->seq > after)
            send_text (ws, entry->frame);
        }
      else if (!entry->sent && reached >= after)
        {
          /* One bad frame per connection: the client drops on it, and
           * resumes into the next one. */
          entry->sent = TRUE;
          send_text (ws, entry->frame);
          return;
        }
    }

  end = g_strdup_printf ("{\"type\": \"history-end\", \"last_seq\": %" G_GINT64_FORMAT "}", self->last_seq);
  end_frame = g_bytes_new (end, strlen (end));
  send_text (ws, end_frame);
}

static gboolean
message_is_too_long (SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *text;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    return TRUE;
  object = json_node_get_object (json_parser_get_root (parser));
  text = json_object_get_string_member_with_default (object, "text", "");

  return g_utf8_strlen (text, -1) > 65536;
}

static char *
message_text (SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    return g_strdup ("");

  return g_strdup (json_object_get_string_member_with_default (
                     json_node_get_object (json_parser_get_root (parser)), "text", ""));
}

static void
action_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  FakeServer *self = user_data;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GBytes) body = NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  if (self->role == OC_ROLE_VIEWER)
    {
      reply_error (msg, 403, "forbidden", "Viewers may not act.");
      return;
    }
  if (self->ended_reason != NULL)
    {
      reply_error (msg, 404, "not-found", "The conversation left the live set.");
      return;
    }

  if (g_str_has_suffix (path, "/join"))
    {
      self->joined = TRUE;
      _fake_server_add_message (self, "system", "", "event", "A supervisor joined the conversation.");
    }
  else if (g_str_has_suffix (path, "/leave"))
    {
      if (!self->joined)
        {
          reply_error (msg, 422, "not-joined", "You have not joined this conversation.");
          return;
        }
      self->joined = FALSE;
      _fake_server_add_message (self, "system", "", "event", "A supervisor left the conversation.");
    }
  else if (g_str_has_suffix (path, "/messages"))
    {
      g_autofree char *text = NULL;

      if (!self->joined)
        {
          reply_error (msg, 422, "not-joined", "Join the conversation before writing in it.");
          return;
        }
      if (self->refuse_status != 0)
        {
          reply_error (msg, self->refuse_status, self->refuse_code, self->refuse_message);
          self->refuse_status = 0;
          return;
        }
      if (message_is_too_long (msg))
        {
          reply_error (msg, 400, "bad-request", "The message is longer than 65,536 characters.");
          return;
        }
      text = message_text (msg);
      _fake_server_add_message (self, "supervisor", "sam", "text", text);
    }

  self->revision++;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, self->revision);
  json_builder_set_member_name (b, "conversation");
  write_conversation (self, b);
  json_builder_end_object (b);
  body = builder_to_bytes (b);
  reply_json (msg, SOUP_STATUS_OK, body);
}

static gboolean
listen_now (FakeServer *self)
{
  g_autoptr(GError) error = NULL;

  if (!soup_server_listen_local (self->server, self->port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("fake server: cannot listen on %u: %s\n", self->port, error->message);
      return FALSE;
    }

  if (self->port == 0)
    {
      GSList *uris = soup_server_get_uris (self->server);
      self->port = g_uri_get_port (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  return TRUE;
}

/* Runs on the server thread. */
void
_fake_server_start (FakeServer *self,
                    gpointer    data)
{
  self->server = soup_server_new (NULL, NULL);

  soup_server_add_handler (self->server, "/api/v1/me", me_cb, self, NULL);
  soup_server_add_handler (self->server, "/api/v1/snapshot", snapshot_cb, self, NULL);
  soup_server_add_websocket_handler (self->server, "/api/v1/events", NULL, NULL,
                                     events_cb, self, NULL);
  soup_server_add_websocket_handler (self->server,
                                     "/api/v1/conversations/" FAKE_CONVERSATION_ID "/transcript",
                                     NULL, NULL, transcript_cb, self, NULL);
  soup_server_add_handler (self->server, "/api/v1/conversations/" FAKE_CONVERSATION_ID "/join",
                           action_cb, self, NULL);
  soup_server_add_handler (self->server, "/api/v1/conversations/" FAKE_CONVERSATION_ID "/leave",
                           action_cb, self, NULL);
  soup_server_add_handler (self->server, "/api/v1/conversations/" FAKE_CONVERSATION_ID "/messages",
                           action_cb, self, NULL);

  g_assert_true (listen_now (self));
  self->ping_source = attach_timeout (self, 1000, ping_cb);
}

static gpointer
ref_copy (gconstpointer src,
          gpointer      data)
{
  return g_object_ref ((gpointer) src);
}

static void
close_all (GPtrArray *list)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_copy (list, ref_copy, NULL);

  g_ptr_array_set_free_func (copy, g_object_unref);
  for (guint i = 0; i < copy->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (copy, i);

      g_signal_handlers_disconnect_by_func (ws, on_ws_closed, list);
      /* A crash, not a goodbye: no close frame. */
      g_io_stream_close (soup_websocket_connection_get_io_stream (ws), NULL, NULL);
    }
  g_ptr_array_set_size (list, 0);
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

void
_fake_server_stop (FakeServer *self,
                   gpointer    data)
{
  clear_source (&self->relisten_source);
  clear_source (&self->ping_source);
  close_all (self->transcripts);
  close_all (self->events);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
}

gint64
_fake_server_add_message (FakeServer *self,
                          const char *role,
                          const char *name,
                          const char *kind,
                          const char *text)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *at = format_time (g_get_real_time () / G_USEC_PER_SEC);
  Entry entry = { 0, };

  entry.seq = ++self->last_seq;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "message");
  json_builder_set_member_name (b, "message");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, entry.seq);
  json_builder_set_member_name (b, "at");
  json_builder_add_string_value (b, at);
  json_builder_set_member_name (b, "sender");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, role);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, kind);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
  json_builder_end_object (b);
  entry.frame = builder_to_bytes (b);

  g_array_append_val (self->entries, entry);
  for (guint i = 0; i < self->transcripts->len; i++)
    send_text (g_ptr_array_index (self->transcripts, i), entry.frame);

  return entry.seq;
}

void
_fake_server_add_raw_frame (FakeServer *self,
                            GBytes     *frame)
{
  Entry entry = { 0, };

  entry.frame = g_bytes_ref (frame);
  if (self->transcripts->len > 0)
    {
      entry.sent = TRUE;
      send_text (g_ptr_array_index (self->transcripts, 0), frame);
    }
  g_array_append_val (self->entries, entry);
}

void
_fake_server_remove (FakeServer *self,
                     const char *reason)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) frame = NULL;

  self->revision++;
  json = g_strdup_printf ("{\"type\": \"conversation.removed\", \"revision\": %" G_GINT64_FORMAT
                          ", \"id\": \"" FAKE_CONVERSATION_ID "\", \"reason\": \"%s\"}",
                          self->revision, reason);
  frame = g_bytes_new (json, strlen (json));
  for (guint i = 0; i < self->events->len; i++)
    send_text (g_ptr_array_index (self->events, i), frame);
}

void
_fake_server_end (FakeServer *self,
                  const char *reason)
{
  g_autofree char *json = g_strdup_printf ("{\"type\": \"ended\", \"reason\": \"%s\"}", reason);
  g_autoptr(GBytes) frame = g_bytes_new (json, strlen (json));
  g_autoptr(GPtrArray) copy = g_ptr_array_copy (self->transcripts, ref_copy, NULL);

  g_ptr_array_set_free_func (copy, g_object_unref);
  g_free (self->ended_reason);
  self->ended_reason = g_strdup (reason);
  soup_server_remove_handler (self->server, "/api/v1/conversations/" FAKE_CONVERSATION_ID "/transcript");

  for (guint i = 0; i < copy->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (copy, i);

      send_text (ws, frame);
      if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, reason);
    }
}

static gboolean
relisten_cb (gpointer user_data)
{
  FakeServer *self = user_data;

  g_clear_pointer (&self->relisten_source, g_source_unref);
  listen_now (self);

  return G_SOURCE_REMOVE;
}

void
_fake_server_restart (FakeServer *self,
                      guint       down_ms)
{
  soup_server_disconnect (self->server);
  close_all (self->transcripts);
  close_all (self->events);
  clear_source (&self->relisten_source);
  self->relisten_source = attach_timeout (self, down_ms, relisten_cb);
}

void
_fake_server_refuse_next_message (FakeServer *self,
                                  guint       status,
                                  const char *code,
                                  const char *message)
{
  self->refuse_status = status;
  g_free (self->refuse_code);
  self->refuse_code = g_strdup (code);
  g_free (self->refuse_message);
  self->refuse_message = g_strdup (message);
}

