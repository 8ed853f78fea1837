#define G_LOG_DOMAIN "oc-hostile-server"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "oc-hostile-server.h"

typedef struct {
  char    *subject;
  gboolean live;
  gint64   revision;
} Conv;

typedef struct {
  GPtrArray *messages;      /* char *: the message objects' JSON, seq = index + 1 */
  char      *ended_reason;
} Transcript;

struct _OcHostileServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;

  SoupServer   *server;
  guint         port;
  GTlsCertificate *certificate;
  char         *authorization;
  gint64        created_at;

  Conv         *convs;
  guint         n_convs;
  Transcript   *transcripts;

  gint64        revision;
  gint64        log_start;  /* log[i] holds revision log_start + 1 + i */
  GPtrArray    *log;

  GPtrArray    *sockets;             /* events */
  GPtrArray    *transcript_sockets;
  guint         ping_interval;
  guint         ping_source;
  gsize         me_size;
  gboolean      stalled;
  guint         n_snapshots;
  gint64        last_since;

  guint         fail_actions;
  guint         n_action_calls;
  GHashTable   *action_keys;         /* key → answer body */

  GSource      *stream_source;
  guint         stream_rate;
  gint64        stream_start;
  gint64        stream_end;
  guint64       stream_sent;
  gboolean      stream_done;
};

/* ------------------------------------------------------------------------ */
/* JSON text */

static void
append_json_string (GString    *out,
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

  g_string_append_printf (out, "{\"id\":\"c-%06u\",\"revision\":%" G_GINT64_FORMAT ",\"subject\":",
                          index, conv->revision);
  append_json_string (out, conv->subject);
  g_string_append_printf (out,
                          ",\"status\":\"open\",\"channel\":\"chat\",\"queue_id\":\"q-1\","
                          "\"workstream_id\":\"ws-1\",\"agent_id\":null,\"customer_name\":\"Customer %u\","
                          "\"created_at\":\"%s\",\"status_since\":\"%s\",\"first_assigned_at\":null,"
                          "\"wait_seconds\":0,\"waiting_since\":\"%s\",\"sentiment\":\"neutral\","
                          "\"skills\":[\"billing\"]}",
                          index, created, created, created);
}

static char *
now_text (void)
{
  return format_time (g_get_real_time () / G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------------ */
/* Runs in the server thread */

static gpointer
copy_ref (gconstpointer src,
          gpointer      data)
{
  return g_object_ref ((gpointer) src);
}

static void
send_all (OcHostileServer *self,
          const char      *text)
{
  if (self->stalled)
    return;
  for (guint i = 0; i < self->sockets->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (self->sockets, i);

      if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (ws, text);
    }
}

static void
commit_event (OcHostileServer *self,
              GString         *frame)
{
  g_ptr_array_add (self->log, g_string_free (frame, FALSE));
  send_all (self, g_ptr_array_index (self->log, self->log->len - 1));
}

static void
do_upsert (OcHostileServer *self,
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

static void
do_remove (OcHostileServer *self,
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
  g_autofree char *now = now_text ();
  g_autofree char *hello = NULL;

  hello = g_strdup_printf ("{\"type\":\"hello\",\"revision\":%" G_GINT64_FORMAT
                           ",\"server_time\":\"%s\",\"ping_interval\":%u}",
                           self->revision, now, self->ping_interval);
  soup_websocket_connection_send_text (ws, hello);

  if (since < self->log_start)
    {
      g_autofree char *resync = g_strdup_printf ("{\"type\":\"resync-required\",\"revision\":%"
                                                 G_GINT64_FORMAT ",\"reason\":\"history gone\"}",
                                                 self->revision);
      soup_websocket_connection_send_text (ws, resync);
      return;
    }

  for (gint64 rev = since + 1; rev <= self->revision; rev++)
    soup_websocket_connection_send_text (ws, g_ptr_array_index (self->log, rev - self->log_start - 1));
}

static gboolean
ping_cb (gpointer user_data)
{
  OcHostileServer *self = user_data;
  g_autofree char *now = now_text ();
  g_autofree char *ping = NULL;

  ping = g_strdup_printf ("{\"type\":\"ping\",\"revision\":%" G_GINT64_FORMAT ",\"server_time\":\"%s\"}",
                          self->revision, now);
  send_all (self, ping);
  return G_SOURCE_CONTINUE;
}

static void
restart_pings (OcHostileServer *self)
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
  g_autofree char *now = now_text ();
  GString *out;
  gboolean first = TRUE;

  if (!check_auth (self, msg))
    return;

  self->n_snapshots++;
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

  do_remove (self, index, "force-closed");
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

static void
send_message_frame (SoupWebsocketConnection *ws,
                    const char              *message)
{
  g_autofree char *frame = g_strdup_printf ("{\"type\":\"message\",\"message\":%s}", message);

  soup_websocket_connection_send_text (ws, frame);
}

static void
send_ended (SoupWebsocketConnection *ws,
            const char              *reason)
{
  g_autofree char *frame = g_strdup_printf ("{\"type\":\"ended\",\"reason\":\"%s\"}", reason);

  soup_websocket_connection_send_text (ws, frame);
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

  g_object_set_data (G_OBJECT (ws), "index", GUINT_TO_POINTER (index));
  g_ptr_array_add (self->transcript_sockets, g_object_ref (ws));
  g_signal_connect (ws, "closed", G_CALLBACK (on_transcript_closed), self);

  for (guint i = (guint) MAX (after, 0); transcript->messages && i < transcript->messages->len; i++)
    send_message_frame (ws, g_ptr_array_index (transcript->messages, i));
  end = g_strdup_printf ("{\"type\":\"history-end\",\"last_seq\":%u}",
                         transcript->messages ? transcript->messages->len : 0);
  soup_websocket_connection_send_text (ws, end);
  if (transcript->ended_reason != NULL)
    send_ended (ws, transcript->ended_reason);
}

static gboolean
stream_tick_cb (gpointer user_data)
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

      g_snprintf (subject, sizeof subject, "t=%" G_GINT64_FORMAT, g_get_monotonic_time ());
      do_upsert (self, self->stream_sent % self->n_convs, subject);
      self->stream_sent++;
    }
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------ */
/* The thread and calls into it */

static gpointer
server_thread (gpointer data)
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
  restart_pings (self);

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

typedef struct {
  OcHostileServer *self;
  guint            index;
  const char      *text;
  gint64           number;
  gpointer         result;
  gint64           result_number;
  gboolean         done;
  void           (*func) (gpointer call);
} Call;

static gboolean
call_cb (gpointer data)
{
  Call *call = data;

  call->func (call);
  g_mutex_lock (&call->self->lock);
  call->done = TRUE;
  g_cond_broadcast (&call->self->cond);
  g_mutex_unlock (&call->self->lock);
  return G_SOURCE_REMOVE;
}

static void
run_sync (Call *call)
{
  g_main_context_invoke (call->self->context, call_cb, call);
  g_mutex_lock (&call->self->lock);
  while (!call->done)
    g_cond_wait (&call->self->cond, &call->self->lock);
  g_mutex_unlock (&call->self->lock);
}

#define CALL(self_, func_, ...) \
  Call call = { .self = (self_), .func = (func_), __VA_ARGS__ }; \
  run_sync (&call)

static OcHostileServer *
hostile_server_new (const char      *token,
                    guint            n_conversations,
                    GTlsCertificate *certificate)
{
  OcHostileServer *self = g_new0 (OcHostileServer, 1);

  self->certificate = certificate;
  self->authorization = g_strconcat ("Bearer ", token, NULL);
  self->created_at = g_get_real_time () / G_USEC_PER_SEC - 60;
  self->n_convs = MAX (n_conversations, 1);
  self->convs = g_new0 (Conv, self->n_convs);
  self->transcripts = g_new0 (Transcript, self->n_convs);
  for (guint i = 0; i < n_conversations; i++)
    {
      self->convs[i].subject = g_strdup_printf ("Question %u", i);
      self->convs[i].live = TRUE;
      self->convs[i].revision = 1;
    }
  self->revision = 1;
  self->log_start = 1;
  self->log = g_ptr_array_new_with_free_func (g_free);
  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->transcript_sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->ping_interval = 10;
  self->last_since = -1;
  self->action_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("hostile-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

OcHostileServer *
oc_hostile_server_new (const char *token,
                       guint       n_conversations)
{
  return hostile_server_new (token, n_conversations, NULL);
}

OcHostileServer *
oc_hostile_server_new_tls (const char *token,
                           guint       n_conversations,
                           const char *cert_file,
                           const char *key_file)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);

  if (certificate == NULL)
    g_error ("hostile server: cannot load %s: %s", cert_file, error->message);
  return hostile_server_new (token, n_conversations, certificate);
}

static void
quit_func (gpointer data)
{
  Call *call = data;

  g_main_loop_quit (call->self->loop);
}

void
oc_hostile_server_free (OcHostileServer *self)
{
  {
    CALL (self, quit_func);
  }
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  for (guint i = 0; i < self->n_convs; i++)
    {
      g_free (self->convs[i].subject);
      g_clear_pointer (&self->transcripts[i].messages, g_ptr_array_unref);
      g_free (self->transcripts[i].ended_reason);
    }
  g_free (self->convs);
  g_free (self->transcripts);
  g_ptr_array_unref (self->log);
  g_ptr_array_unref (self->sockets);
  g_ptr_array_unref (self->transcript_sockets);
  g_hash_table_unref (self->action_keys);
  g_free (self->authorization);
  g_clear_object (&self->certificate);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

char *
oc_hostile_server_get_url (OcHostileServer *self)
{
  return g_strdup_printf ("%s://127.0.0.1:%u", self->certificate ? "https" : "http", self->port);
}

static void
upsert_func (gpointer data)
{
  Call *call = data;

  do_upsert (call->self, call->index, call->text);
}

void
oc_hostile_server_upsert (OcHostileServer *self,
                          guint            index,
                          const char      *subject)
{
  g_return_if_fail (index < self->n_convs);
  CALL (self, upsert_func, .index = index, .text = subject);
}

static void
remove_func (gpointer data)
{
  Call *call = data;

  do_remove (call->self, call->index, "closed");
}

void
oc_hostile_server_remove (OcHostileServer *self,
                          guint            index)
{
  g_return_if_fail (index < self->n_convs);
  CALL (self, remove_func, .index = index);
}

static void
get_revision_func (gpointer data)
{
  Call *call = data;

  call->result_number = call->self->revision;
}

gint64
oc_hostile_server_get_revision (OcHostileServer *self)
{
  CALL (self, get_revision_func);
  return call.result_number;
}

static void
forget_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;

  g_ptr_array_set_size (self->log, 0);
  self->log_start = self->revision;
}

void
oc_hostile_server_forget_history (OcHostileServer *self)
{
  CALL (self, forget_func);
}

static void
get_subject_func (gpointer data)
{
  Call *call = data;
  Conv *conv = &call->self->convs[call->index];

  call->result = conv->live ? g_strdup (conv->subject) : NULL;
}

char *
oc_hostile_server_get_subject (OcHostileServer *self,
                               guint            index)
{
  g_return_val_if_fail (index < self->n_convs, NULL);
  CALL (self, get_subject_func, .index = index);
  return call.result;
}

static void
get_n_live_func (gpointer data)
{
  Call *call = data;

  for (guint i = 0; i < call->self->n_convs; i++)
    if (call->self->convs[i].live)
      call->result_number++;
}

guint
oc_hostile_server_get_n_live (OcHostileServer *self)
{
  CALL (self, get_n_live_func);
  return (guint) call.result_number;
}

static void
send_raw_func (gpointer data)
{
  Call *call = data;

  send_all (call->self, call->text);
}

void
oc_hostile_server_send_raw (OcHostileServer *self,
                            const char      *text)
{
  CALL (self, send_raw_func, .text = text);
}

void
oc_hostile_server_send_oversized (OcHostileServer *self,
                                  gsize            size)
{
  g_autofree char *text = g_malloc (size + 1);
  static const char head[] = "{\"type\":\"ping\",\"revision\":1}";

  memset (text, ' ', size);
  memcpy (text, head, strlen (head));
  text[size] = '\0';
  oc_hostile_server_send_raw (self, text);
}

static void
resend_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;
  gint64 i = call->number - self->log_start - 1;

  if (i >= 0 && i < self->log->len)
    send_all (self, g_ptr_array_index (self->log, i));
}

void
oc_hostile_server_resend (OcHostileServer *self,
                          gint64           revision)
{
  CALL (self, resend_func, .number = revision);
}

static void
set_ping_func (gpointer data)
{
  Call *call = data;

  call->self->ping_interval = (guint) call->number;
  restart_pings (call->self);
}

void
oc_hostile_server_set_ping_interval (OcHostileServer *self,
                                     guint            seconds)
{
  CALL (self, set_ping_func, .number = seconds);
}

static void
set_me_size_func (gpointer data)
{
  Call *call = data;

  call->self->me_size = (gsize) call->number;
}

void
oc_hostile_server_set_me_size (OcHostileServer *self,
                               gsize            size)
{
  CALL (self, set_me_size_func, .number = (gint64) size);
}

static void
set_stalled_func (gpointer data)
{
  Call *call = data;

  call->self->stalled = call->number != 0;
}

void
oc_hostile_server_set_stalled (OcHostileServer *self,
                               gboolean         stalled)
{
  CALL (self, set_stalled_func, .number = stalled);
}

static void
close_sockets_func (gpointer data)
{
  Call *call = data;
  g_autoptr(GPtrArray) sockets = g_ptr_array_copy (call->self->sockets, copy_ref, NULL);

  g_ptr_array_set_free_func (sockets, g_object_unref);
  for (guint i = 0; i < sockets->len; i++)
    soup_websocket_connection_close (g_ptr_array_index (sockets, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "bye");
}

void
oc_hostile_server_close_sockets (OcHostileServer *self)
{
  CALL (self, close_sockets_func);
}

static void
get_counts_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;

  switch (call->index)
    {
    case 0: call->result_number = self->sockets->len; break;
    case 1: call->result_number = self->n_snapshots; break;
    case 2: call->result_number = self->last_since; break;
    case 3: call->result_number = g_hash_table_size (self->action_keys); break;
    case 4: call->result_number = self->n_action_calls; break;
    case 5: call->result_number = self->stream_done; break;
    default: g_assert_not_reached ();
    }
}

static gint64
get_count (OcHostileServer *self,
           guint            which)
{
  CALL (self, get_counts_func, .index = which);
  return call.result_number;
}

guint
oc_hostile_server_get_n_sockets (OcHostileServer *self)
{
  return (guint) get_count (self, 0);
}

guint
oc_hostile_server_get_n_snapshots (OcHostileServer *self)
{
  return (guint) get_count (self, 1);
}

gint64
oc_hostile_server_get_last_since (OcHostileServer *self)
{
  return get_count (self, 2);
}

guint
oc_hostile_server_get_n_action_keys (OcHostileServer *self)
{
  return (guint) get_count (self, 3);
}

guint
oc_hostile_server_get_n_action_calls (OcHostileServer *self)
{
  return (guint) get_count (self, 4);
}

gboolean
oc_hostile_server_stream_done (OcHostileServer *self)
{
  return get_count (self, 5) != 0;
}

static void
add_message_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;
  Transcript *transcript = &self->transcripts[call->index];
  g_autofree char *now = now_text ();
  GString *message = g_string_new (NULL);

  if (transcript->messages == NULL)
    transcript->messages = g_ptr_array_new_with_free_func (g_free);
  g_string_append_printf (message, "{\"seq\":%u,\"at\":\"%s\",\"sender\":{\"role\":\"customer\","
                          "\"name\":\"Zoë\"},\"kind\":\"text\",\"text\":",
                          transcript->messages->len + 1, now);
  append_json_string (message, call->text);
  g_string_append_c (message, '}');
  g_ptr_array_add (transcript->messages, g_string_free (message, FALSE));

  for (guint i = 0; i < self->transcript_sockets->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (self->transcript_sockets, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (ws), "index")) == call->index &&
          soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        send_message_frame (ws, g_ptr_array_index (transcript->messages, transcript->messages->len - 1));
    }
}

void
oc_hostile_server_add_message (OcHostileServer *self,
                               guint            index,
                               const char      *text)
{
  g_return_if_fail (index < self->n_convs);
  CALL (self, add_message_func, .index = index, .text = text);
}

static void
resend_message_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;
  Transcript *transcript = &self->transcripts[call->index];

  if (transcript->messages == NULL || call->number < 1 || call->number > transcript->messages->len)
    return;
  for (guint i = 0; i < self->transcript_sockets->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (self->transcript_sockets, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (ws), "index")) == call->index)
        send_message_frame (ws, g_ptr_array_index (transcript->messages, call->number - 1));
    }
}

void
oc_hostile_server_resend_message (OcHostileServer *self,
                                  guint            index,
                                  gint64           seq)
{
  CALL (self, resend_message_func, .index = index, .number = seq);
}

static void
end_transcript_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;
  g_autoptr(GPtrArray) sockets = g_ptr_array_copy (self->transcript_sockets, copy_ref, NULL);

  g_ptr_array_set_free_func (sockets, g_object_unref);
  g_free (self->transcripts[call->index].ended_reason);
  self->transcripts[call->index].ended_reason = g_strdup (call->text);
  for (guint i = 0; i < sockets->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (sockets, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (ws), "index")) == call->index &&
          soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        send_ended (ws, call->text);
    }
}

void
oc_hostile_server_end_transcript (OcHostileServer *self,
                                  guint            index,
                                  const char      *reason)
{
  CALL (self, end_transcript_func, .index = index, .text = reason);
}

static void
close_transcripts_func (gpointer data)
{
  Call *call = data;
  g_autoptr(GPtrArray) sockets = g_ptr_array_copy (call->self->transcript_sockets, copy_ref, NULL);

  g_ptr_array_set_free_func (sockets, g_object_unref);
  for (guint i = 0; i < sockets->len; i++)
    soup_websocket_connection_close (g_ptr_array_index (sockets, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
}

void
oc_hostile_server_close_transcripts (OcHostileServer *self)
{
  CALL (self, close_transcripts_func);
}

static void
set_fail_func (gpointer data)
{
  Call *call = data;

  call->self->fail_actions = call->index;
}

void
oc_hostile_server_set_fail_actions (OcHostileServer *self,
                                    guint            n_failures)
{
  CALL (self, set_fail_func, .index = n_failures);
}

static void
start_stream_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;

  self->stream_rate = call->index;
  self->stream_start = g_get_monotonic_time ();
  self->stream_end = self->stream_start + call->number;
  self->stream_sent = 0;
  self->stream_done = FALSE;
  self->stream_source = g_timeout_source_new (1);
  g_source_set_callback (self->stream_source, stream_tick_cb, self, NULL);
  g_source_attach (self->stream_source, self->context);
  g_source_unref (self->stream_source);
}

void
oc_hostile_server_start_stream (OcHostileServer *self,
                                guint            rate,
                                double           seconds)
{
  CALL (self, start_stream_func, .index = rate, .number = (gint64) (seconds * G_USEC_PER_SEC));
}
