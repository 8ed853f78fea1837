// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-hostile-server"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "oc-hostile-server-private.h"

/* The server thread: the world as JSON, the HTTP and WebSocket handlers. */

/* ------------------------------------------------------------------------ */
/* JSON text */

void
_ohs_append_json_string (GString    *out,
                         const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static void
append_conversation (OcHostileServer *self,
                     GString         *out,
                     guint            index)
{
  Conv *conv = &self->convs[index];
  g_autofree char *created = format_time (self->created_at);
  g_autofree char *waiting = format_time (conv->waiting_since ? conv->waiting_since : self->created_at);

  g_string_append_printf (out, "{\"id\":\"c-%06u\",\"revision\":%" G_GINT64_FORMAT ",\"subject\":",
                          index, conv->revision);
  _ohs_append_json_string (out, conv->subject);
  g_string_append_printf (out,
                          ",\"status\":\"open\",\"channel\":\"chat\",\"queue_id\":\"q-1\","
                          "\"workstream_id\":\"ws-1\",\"agent_id\":null,\"customer_name\":\"Customer %u\","
                          "\"created_at\":\"%s\",\"status_since\":\"%s\",\"first_assigned_at\":null,"
                          "\"wait_seconds\":%" G_GINT64_FORMAT ",\"waiting_since\":\"%s\",\"sentiment\":\"neutral\","
                          "\"skills\":[\"billing\"]}",
                          index, created, waiting, conv->wait_seconds, waiting);
}

char *
_ohs_now_text (void)
{
  return format_time (g_get_real_time () / G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------------ */
/* Runs in the server thread */

gpointer
_ohs_copy_ref (gconstpointer src,
               gpointer      data)
{
  return g_object_ref ((gpointer) src);
}

/* A client may have gone while its frames were being made (one that stops
 * mid-handshake, say): libsoup refuses a frame for a socket not open, and a
 * test server must not fail for it. */
static void
send_text (SoupWebsocketConnection *ws,
           const char              *text)
{
  if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (ws, text);
}

void
_ohs_send_all (OcHostileServer *self,
               const char      *text)
{
  if (self->stalled)
    return;
  for (guint i = 0; i < self->sockets->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (self->sockets, i);

      send_text (ws, text);
    }
}

static void
commit_event (OcHostileServer *self,
              GString         *frame)
{
  g_ptr_array_add (self->log, g_string_free (frame, FALSE));
  _ohs_send_all (self, g_ptr_array_index (self->log, self->log->len - 1));
}

void
_ohs_do_upsert (OcHostileServer *self,
                guint            index,
                const char      *subject)
{
  GString *frame = g_string_new (NULL);
  Conv *conv = &self->convs[index];

  self->revision++;
  g_free (conv->subject);
  conv->subject = g_strdup (subject);
  conv->live = TRUE;
  conv->revision = self->revision;

  g_string_append_printf (frame, "{\"type\":\"conversation.upsert\",\"revision\":%" G_GINT64_FORMAT
                          ",\"conversation\":", self->revision);
  append_conversation (self, frame, index);
  g_string_append_c (frame, '}');
  commit_event (self, frame);
}

void
_ohs_do_remove (OcHostileServer *self,
                guint            index,
                const char      *reason)
{
  GString *frame = g_string_new (NULL);

  self->revision++;
  self->convs[index].live = FALSE;
  g_string_append_printf (frame, "{\"type\":\"conversation.removed\",\"revision\":%" G_GINT64_FORMAT
                          ",\"id\":\"c-%06u\",\"reason\":\"%s\"}", self->revision, index, reason);
  commit_event (self, frame);
}

static void
send_hello_and_replay (OcHostileServer         *self,
                       SoupWebsocketConnection *ws,
                       gint64                   since)
{
  g_autofree char *now = _ohs_now_text ();
  g_autofree char *hello = NULL;

  hello = g_strdup_printf ("{\"type\":\"hello\",\"revision\":%" G_GINT64_FORMAT
                           ",\"server_time\":\"%s\",\"ping_interval\":%u}",
                           self->revision, now, self->ping_interval);
  send_text (ws, hello);

  if (since < self->log_start)
    {
      g_autofree char *resync = g_strdup_printf ("{\"type\":\"resync-required\",\"revision\":%"
                                                 G_GINT64_FORMAT ",\"reason\":\"history gone\"}",
                                                 self->revision);
      send_text (ws, resync);
      return;
    }

  for (gint64 rev = since + 1; rev <= self->revision; rev++)
    send_text (ws, g_ptr_array_index (self->log, rev - self->log_start - 1));
}

static gboolean
ping_cb (gpointer user_data)
{
  OcHostileServer *self = user_data;
  g_autofree char *now = _ohs_now_text ();
  g_autofree char *ping = NULL;

  ping = g_strdup_printf ("{\"type\":\"ping\",\"revision\":%" G_GINT64_FORMAT ",\"server_time\":\"%s\"}",
                          self->revision, now);
  _ohs_send_all (self, ping);
  return G_SOURCE_CONTINUE;
}

void
_ohs_restart_pings (OcHostileServer *self)
{
  GSource *source;

  if (self->ping_source)
    {
      source = g_main_context_find_source_by_id (self->context, self->ping_source);
      if (source)
        g_source_destroy (source);
    }
  source = g_timeout_source_new_seconds (self->ping_interval);
  g_source_set_callback (source, ping_cb, self, NULL);
  self->ping_source = g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
check_auth (OcHostileServer   *self,
            SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  static const char body[] = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"The token is not valid (hostile server).\"}}";

  if (g_strcmp0 (auth, self->authorization) == 0)
    return TRUE;

  soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
  return FALSE;
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
me_handler (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  OcHostileServer *self = user_data;
  GString *body;

  if (!check_auth (self, msg))
    return;
  body = g_string_new ("{\"user\":\"tester\",\"role\":\"supervisor\"}");
  while (body->len < self->me_size)
    g_string_insert_c (body, body->len - 1, ' ');
  respond_json (msg, SOUP_STATUS_OK, g_string_free (body, FALSE));
}

static void
snapshot_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  OcHostileServer *self = user_data;
  g_autofree char *now = _ohs_now_text ();
  GString *out;
  gboolean first = TRUE;

  if (!check_auth (self, msg))
    return;

  self->n_snapshots++;
  if (self->snapshot_body != NULL)
    {
      respond_json (msg, SOUP_STATUS_OK, g_strdup (self->snapshot_body));
      return;
    }
  out = g_string_sized_new (self->n_convs * 480 + 1024);
  g_string_append_printf (out,
                          "{\"revision\":%" G_GINT64_FORMAT ",\"server_time\":\"%s\","
                          "\"queues\":[{\"id\":\"q-1\",\"name\":\"Billing\",\"workstream_id\":\"ws-1\"}],"
                          "\"workstreams\":[{\"id\":\"ws-1\",\"name\":\"Chat\",\"channel\":\"chat\","
                          "\"allowed_presences\":[\"available\",\"busy\"]}],"
                          "\"agents\":[{\"id\":\"a-1\",\"name\":\"Amina\",\"presence\":\"available\","
                          "\"capacity\":{\"used\":0,\"total\":3},\"skills\":[{\"name\":\"billing\",\"level\":5}],"
                          "\"queue_ids\":[\"q-1\"]}],"
                          "\"conversations\":[",
                          self->revision, now);
  for (guint i = 0; i < self->n_convs; i++)
    {
      if (!self->convs[i].live)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_conversation (self, out, i);
    }
  g_string_append (out, "]}");
  respond_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

static void
events_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  /* Refusing here (401) stops the upgrade; accepting leaves the status unset. */
  check_auth (user_data, msg);
}

static void
on_events_closed (SoupWebsocketConnection *ws,
                  gpointer                 user_data)
{
  OcHostileServer *self = user_data;

  g_ptr_array_remove (self->sockets, ws);
}

static gint64
query_number (SoupServerMessage *msg,
              const char        *name)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) form = query ? soup_form_decode (query) : NULL;
  const char *value = form ? g_hash_table_lookup (form, name) : NULL;
  gint64 number = 0;

  if (value != NULL)
    number = g_ascii_strtoll (value, NULL, 10);
  return number;
}

static void
events_ws_handler (SoupServer              *server,
                   SoupServerMessage       *msg,
                   const char              *path,
                   SoupWebsocketConnection *ws,
                   gpointer                 user_data)
{
  OcHostileServer *self = user_data;
  gint64 since = query_number (msg, "since");

  self->last_since = since;
  g_ptr_array_add (self->sockets, g_object_ref (ws));
  g_signal_connect (ws, "closed", G_CALLBACK (on_events_closed), self);
  if (!self->stalled)
    send_hello_and_replay (self, ws, since);
}

static gboolean
parse_conversation_path (OcHostileServer *self,
                         const char      *path,
                         guint           *index,
                         char           **verb)
{
  char id_verb[64] = "";
  unsigned int n;

  if (sscanf (path, "/api/v1/conversations/c-%6u/%63s", &n, id_verb) != 2 || n >= self->n_convs)
    return FALSE;
  *index = n;
  *verb = g_strdup (id_verb);
  return TRUE;
}

static void
conversations_handler (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  OcHostileServer *self = user_data;
  g_autofree char *verb = NULL;
  const char *key;
  guint index;

  if (!check_auth (self, msg))
    return;

  if (!parse_conversation_path (self, path, &index, &verb))
    {
      respond_json (msg, SOUP_STATUS_NOT_FOUND,
                    g_strdup ("{\"error\":{\"code\":\"not-found\",\"message\":\"No such conversation.\"}}"));
      return;
    }

  if (g_str_equal (verb, "transcript"))
    return;  /* the upgrade goes on */

  if (!g_str_equal (verb, "force-close") || g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      respond_json (msg, SOUP_STATUS_NOT_FOUND,
                    g_strdup ("{\"error\":{\"code\":\"not-found\",\"message\":\"No such action.\"}}"));
      return;
    }

  self->n_action_calls++;
  key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");
  if (key != NULL && !g_hash_table_contains (self->action_keys, key))
    g_hash_table_insert (self->action_keys, g_strdup (key), NULL);

  if (self->fail_actions > 0)
    {
      self->fail_actions--;
      respond_json (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                    g_strdup ("{\"error\":{\"code\":\"unavailable\",\"message\":\"Busy, try again.\"}}"));
      return;
    }

  if (key != NULL && g_hash_table_lookup (self->action_keys, key) != NULL)
    {
      respond_json (msg, SOUP_STATUS_OK, g_strdup (g_hash_table_lookup (self->action_keys, key)));
      return;
    }

  if (!self->convs[index].live)
    {
      respond_json (msg, SOUP_STATUS_CONFLICT,
                    g_strdup ("{\"error\":{\"code\":\"state-changed\",\"message\":\"Someone closed it first.\"}}"));
      return;
    }

  _ohs_do_remove (self, index, "force-closed");
  {
    char *answer = g_strdup_printf ("{\"revision\":%" G_GINT64_FORMAT ",\"conversation\":{}}", self->revision);

    if (key != NULL)
      g_hash_table_replace (self->action_keys, g_strdup (key), g_strdup (answer));
    respond_json (msg, SOUP_STATUS_OK, answer);
  }
}

static void
on_transcript_closed (SoupWebsocketConnection *ws,
                      gpointer                 user_data)
{
  OcHostileServer *self = user_data;

  g_ptr_array_remove (self->transcript_sockets, ws);
}

void
_ohs_send_message_frame (SoupWebsocketConnection *ws,
                         const char              *message)
{
  g_autofree char *frame = g_strdup_printf ("{\"type\":\"message\",\"message\":%s}", message);

  send_text (ws, frame);
}

void
_ohs_send_ended (SoupWebsocketConnection *ws,
                 const char              *reason)
{
  g_autofree char *frame = g_strdup_printf ("{\"type\":\"ended\",\"reason\":\"%s\"}", reason);

  send_text (ws, frame);
  if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

static void
transcript_ws_handler (SoupServer              *server,
                       SoupServerMessage       *msg,
                       const char              *path,
                       SoupWebsocketConnection *ws,
                       gpointer                 user_data)
{
  OcHostileServer *self = user_data;
  g_autofree char *verb = NULL;
  g_autofree char *end = NULL;
  Transcript *transcript;
  gint64 after = query_number (msg, "after");
  guint index;

  if (!parse_conversation_path (self, path, &index, &verb))
    return;
  transcript = &self->transcripts[index];

  self->n_transcript_connects++;
  g_object_set_data (G_OBJECT (ws), "index", GUINT_TO_POINTER (index));
  g_ptr_array_add (self->transcript_sockets, g_object_ref (ws));
  g_signal_connect (ws, "closed", G_CALLBACK (on_transcript_closed), self);

  for (guint i = (guint) MAX (after, 0); transcript->messages && i < transcript->messages->len; i++)
    _ohs_send_message_frame (ws, g_ptr_array_index (transcript->messages, i));
  end = g_strdup_printf ("{\"type\":\"history-end\",\"last_seq\":%u}",
                         transcript->messages ? transcript->messages->len : 0);
  send_text (ws, end);
  if (transcript->ended_reason != NULL)
    _ohs_send_ended (ws, transcript->ended_reason);
}

gboolean
_ohs_stream_tick_cb (gpointer user_data)
{
  OcHostileServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint64 target;

  if (now >= self->stream_end)
    {
      self->stream_done = TRUE;
      self->stream_source = NULL;
      return G_SOURCE_REMOVE;
    }

  target = (guint64) ((now - self->stream_start) * (double) self->stream_rate / G_USEC_PER_SEC);
  while (self->stream_sent < target)
    {
      char subject[64];

      guint index = self->stream_sent % self->n_convs;

      g_snprintf (subject, sizeof subject, "t=%" G_GINT64_FORMAT, g_get_monotonic_time ());
      if (self->stream_moves)
        {
          /* A new waiting spell with a new carried-over wait: the row moves
           * in an order by wait. */
          Conv *conv = &self->convs[index];

          conv->waiting_since = g_get_real_time () / G_USEC_PER_SEC -
                                g_rand_int_range (self->stream_rand, 0, 600);
          conv->wait_seconds = g_rand_int_range (self->stream_rand, 0, 3600);
        }
      _ohs_do_upsert (self, index, subject);
      self->stream_sent++;
    }
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------ */
/* The thread and calls into it */

gpointer
_ohs_server_thread (gpointer data)
{
  OcHostileServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "oc-hostile-server",
                                  "tls-certificate", self->certificate,
                                  NULL);
  soup_server_add_handler (self->server, "/api/v1/me", me_handler, self, NULL);
  soup_server_add_handler (self->server, "/api/v1/snapshot", snapshot_handler, self, NULL);
  soup_server_add_handler (self->server, "/api/v1/events", events_handler, self, NULL);
  soup_server_add_websocket_handler (self->server, "/api/v1/events", NULL, NULL,
                                     events_ws_handler, self, NULL);
  soup_server_add_handler (self->server, "/api/v1/conversations", conversations_handler, self, NULL);
  soup_server_add_websocket_handler (self->server, "/api/v1/conversations", NULL, NULL,
                                     transcript_ws_handler, self, NULL);
  if (!soup_server_listen_local (self->server, 0,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY |
                                 (self->certificate ? SOUP_SERVER_LISTEN_HTTPS : 0),
                                 &error))
    g_error ("hostile server cannot listen: %s", error->message);
  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  _ohs_restart_pings (self);

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  for (guint i = 0; i < self->sockets->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->sockets, i), self);
  for (guint i = 0; i < self->transcript_sockets->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->transcript_sockets, i), self);
  g_ptr_array_set_size (self->sockets, 0);
  g_ptr_array_set_size (self->transcript_sockets, 0);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  if (self->stream_source)
    g_source_destroy (self->stream_source);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}
