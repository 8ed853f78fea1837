// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-http.h"
#include "oc-protocol.h"
#include "oc-token.h"

#define READ_CHUNK          (1024 * 1024)
/* Untrusted text shown in a dialog: long enough for any honest reason. */
#define MAX_SERVER_MESSAGE  512

/**
 * oc_backoff_reset:
 * @backoff: a backoff
 *
 * Starts again from the shortest wait, as after a healthy connection.
 */
void
oc_backoff_reset (OcBackoff *backoff)
{
  backoff->attempt = 0;
}

/**
 * oc_backoff_next_ms:
 * @backoff: a backoff
 *
 * Counts one more attempt.
 *
 * Returns: how long to wait before it, in ms: %OC_BACKOFF_BASE_MS doubled per
 *   earlier attempt up to @backoff's max_ms (OC_SOURCE_DEFAULT_RECONNECT_MAX s
 *   when 0), ±20 %
 */
guint
oc_backoff_next_ms (OcBackoff *backoff)
{
  guint max_ms = backoff->max_ms > 0 ? backoff->max_ms : OC_SOURCE_DEFAULT_RECONNECT_MAX * 1000;
  double delay = OC_BACKOFF_BASE_MS;

  for (guint i = 0; i < backoff->attempt && delay < max_ms; i++)
    delay *= 2;
  delay = MIN (delay, (double) max_ms);
  if (backoff->attempt < 64)
    backoff->attempt++;

  return (guint) (delay * g_random_double_range (0.8, 1.2));
}

/**
 * oc_http_build_uri:
 * @base_url: (nullable): the server, such as "https://cc.example.com/prefix"
 * @path: the API path below /api/v1/
 * @query: (nullable): an escaped query string, without the "?"
 *
 * Returns: (transfer full) (nullable): "<base>/api/v1/<path>[?<query>]", or
 *   %NULL when @base_url is not an http:// or https:// address with a host
 */
GUri *
oc_http_build_uri (const char *base_url,
                   const char *path,
                   const char *query)
{
  g_autoptr(GUri) base = NULL;
  g_autofree char *base_path = NULL;
  g_autofree char *full_path = NULL;
  const char *scheme;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (base_url == NULL)
    return NULL;
  base = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  if (base == NULL)
    return NULL;
  scheme = g_uri_get_scheme (base);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;
  if (g_uri_get_host (base) == NULL || *g_uri_get_host (base) == '\0')
    return NULL;

  /* A server may live under a prefix (https://host/cc/); keep it. */
  base_path = g_strdup (g_uri_get_path (base));
  len = strlen (base_path);
  while (len > 0 && base_path[len - 1] == '/')
    base_path[--len] = '\0';
  full_path = g_strconcat (base_path, "/api/v1/", path, NULL);

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      scheme,
                      NULL,
                      g_uri_get_host (base),
                      g_uri_get_port (base),
                      full_path,
                      query,
                      NULL);
}

/**
 * oc_http_new_message:
 * @method: such as %SOUP_METHOD_GET
 * @base_url: (nullable): the server
 * @path: the API path below /api/v1/
 * @query: (nullable): an escaped query string, without the "?"
 * @authorization: (nullable): the Authorization header's value
 *
 * Returns: (transfer full) (nullable): a request that accepts JSON, or %NULL
 *   when oc_http_build_uri() cannot make its address
 */
SoupMessage *
oc_http_new_message (const char *method,
                     const char *base_url,
                     const char *path,
                     const char *query,
                     const char *authorization)
{
  g_autoptr(GUri) uri = oc_http_build_uri (base_url, path, query);
  SoupMessage *msg;

  if (uri == NULL)
    return NULL;

  msg = soup_message_new_from_uri (method, uri);
  /* A redirect to another origin would have us trust its answers as the
   * server's: our API never redirects, so none is followed. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "Authorization", authorization);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "application/json");
  return msg;
}

/**
 * oc_http_new_session:
 *
 * Returns: (transfer full): a session that verifies certificates, with our
 *   user agent and a 30 s timeout on each request
 */
SoupSession *
oc_http_new_session (void)
{
  /* The default TLS database verifies certificates; nothing here relaxes it.
   * The timeout guards HTTP requests; the events socket has its own watch. */
  return soup_session_new_with_options ("user-agent", "OngoingConversations/" PACKAGE_VERSION,
                                        "timeout", 30,
                                        "max-conns-per-host", 8,
                                        NULL);
}

/**
 * oc_http_authorization_new:
 * @token: (nullable): an access token
 *
 * Returns: (transfer full) (nullable): "Bearer <token>", or %NULL when
 *   @token is empty or could split or corrupt the header (see
 *   oc_token_is_valid())
 */
char *
oc_http_authorization_new (const char *token)
{
  if (!oc_token_is_valid (token))
    return NULL;

  return g_strconcat ("Bearer ", token, NULL);
}

/* ------------------------------------------------------------------------ */
/* Errors */

static const struct {
  const char    *code;
  OcSourceError  error;
} error_codes[] = {
  { "state-changed",        OC_SOURCE_ERROR_STATE_CHANGED },
  { "presence-not-allowed", OC_SOURCE_ERROR_RULE_BROKEN },
  { "capacity-full",        OC_SOURCE_ERROR_RULE_BROKEN },
  { "not-in-queue",         OC_SOURCE_ERROR_RULE_BROKEN },
  { "same-agent",           OC_SOURCE_ERROR_RULE_BROKEN },
  { "same-queue",           OC_SOURCE_ERROR_RULE_BROKEN },
  { "not-joined",           OC_SOURCE_ERROR_RULE_BROKEN },
  { "forbidden",            OC_SOURCE_ERROR_FORBIDDEN },
  { "not-found",            OC_SOURCE_ERROR_NOT_FOUND },
  { "unauthorized",         OC_SOURCE_ERROR_UNAUTHORIZED },
  { "bad-request",          OC_SOURCE_ERROR_BAD_REQUEST },
  { "payload-too-large",    OC_SOURCE_ERROR_BAD_REQUEST },
  { "rate-limited",         OC_SOURCE_ERROR_RATE_LIMITED },
  { "unavailable",          OC_SOURCE_ERROR_UNAVAILABLE },
};

static OcSourceError
error_from_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return OC_SOURCE_ERROR_BAD_REQUEST;
    case SOUP_STATUS_UNAUTHORIZED:
      return OC_SOURCE_ERROR_UNAUTHORIZED;
    case SOUP_STATUS_FORBIDDEN:
      return OC_SOURCE_ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      return OC_SOURCE_ERROR_NOT_FOUND;
    case SOUP_STATUS_CONFLICT:
      return OC_SOURCE_ERROR_STATE_CHANGED;
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      return OC_SOURCE_ERROR_RULE_BROKEN;
    case 429: /* Too Many Requests; libsoup 3.2 has no name for it */
      return OC_SOURCE_ERROR_RATE_LIMITED;
    default:
      if (status >= 500 && status < 600)
        return OC_SOURCE_ERROR_UNAVAILABLE;
      return OC_SOURCE_ERROR_PROTOCOL;
    }
}

static char *
fallback_message (OcSourceError code,
                  guint         status)
{
  switch (code)
    {
    case OC_SOURCE_ERROR_STATE_CHANGED:
      return g_strdup (_("The conversation changed in the meantime; another supervisor may have acted first."));
    case OC_SOURCE_ERROR_RULE_BROKEN:
      return g_strdup (_("The server refused the action because it breaks a rule."));
    case OC_SOURCE_ERROR_FORBIDDEN:
      return g_strdup (_("Your role does not allow this action."));
    case OC_SOURCE_ERROR_NOT_FOUND:
      return g_strdup (_("The conversation is no longer available."));
    case OC_SOURCE_ERROR_UNAUTHORIZED:
      return g_strdup (_("The server did not accept the access token."));
    case OC_SOURCE_ERROR_BAD_REQUEST:
      return g_strdup (_("The server could not understand the request."));
    case OC_SOURCE_ERROR_RATE_LIMITED:
      return g_strdup (_("Too many requests; try again in a moment."));
    case OC_SOURCE_ERROR_UNAVAILABLE:
      return g_strdup (_("The server cannot act right now; try again later."));
    case OC_SOURCE_ERROR_TLS:
      return g_strdup (_("The server's certificate is not trusted."));
    case OC_SOURCE_ERROR_PROTOCOL:
    default:
      return g_strdup_printf (_("The server gave an answer that cannot be understood (HTTP %u)."), status);
    }
}

/**
 * oc_http_error_new:
 * @msg: a request that was answered with an error status
 * @body: (nullable): the answer's body
 *
 * Reads the server's error code and message from @body when it has them;
 * otherwise the status decides the code and a message of ours is used.
 *
 * Returns: (transfer full): an %OC_SOURCE_ERROR a person can read
 */
GError *
oc_http_error_new (SoupMessage *msg,
                   GBytes      *body)
{
  g_autofree char *code_text = NULL;
  g_autofree char *message = NULL;
  guint status = soup_message_get_status (msg);
  OcSourceError code = error_from_status (status);
  gboolean known_code = FALSE;

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                           "Location");
      g_autofree char *shown = location != NULL && g_utf8_validate (location, -1, NULL)
                             ? g_utf8_substring (location, 0, MIN (g_utf8_strlen (location, -1), 200))
                             : g_strdup ("?");

      return g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                          _("The server sent the request on to another address (%s); the console does "
                            "not follow redirects. Check the server address."), shown);
    }

  if (body != NULL &&
      oc_protocol_parse_error_body (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                    &code_text, &message))
    {
      for (guint i = 0; code_text != NULL && i < G_N_ELEMENTS (error_codes); i++)
        if (g_strcmp0 (code_text, error_codes[i].code) == 0)
          {
            code = error_codes[i].error;
            known_code = TRUE;
            break;
          }
    }

  /* The code decides only when we know it and the status agrees in spirit:
   * a 2xx-looking "error" is still a protocol error. */
  if (known_code && status < 400)
    code = OC_SOURCE_ERROR_PROTOCOL;

  if (message != NULL && g_utf8_validate (message, -1, NULL) && *g_strstrip (message) != '\0')
    {
      if (g_utf8_strlen (message, -1) > MAX_SERVER_MESSAGE)
        {
          char *cut = g_utf8_substring (message, 0, MAX_SERVER_MESSAGE);
          g_free (message);
          message = g_strconcat (cut, "…", NULL);
          g_free (cut);
        }
    }
  else
    {
      g_clear_pointer (&message, g_free);
      message = fallback_message (code, status);
    }

  if (code == OC_SOURCE_ERROR_RATE_LIMITED)
    {
      const char *retry_after = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                              "Retry-After");
      guint64 seconds;

      if (retry_after != NULL &&
          g_ascii_string_to_unsigned (retry_after, 10, 1, 3600, &seconds, NULL))
        {
          char *longer = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%s (Try again in %u second.)",
                                                       "%s (Try again in %u seconds.)",
                                                       (gulong) seconds),
                                          message, (guint) seconds);
          g_free (message);
          message = longer;
        }
    }

  return g_error_new_literal (OC_SOURCE_ERROR, code, message);
}

/**
 * oc_http_error_from_transport:
 * @error: a GIO, TLS or libsoup error
 *
 * Returns: (transfer full): @error as an %OC_SOURCE_ERROR (%OC_SOURCE_ERROR_TLS,
 *   _UNAVAILABLE or _PROTOCOL); a copy when it is one already or
 *   %G_IO_ERROR_CANCELLED
 */
GError *
oc_http_error_from_transport (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == OC_SOURCE_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS,
                        _("The server's certificate is not trusted (%s)."), error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new_literal (OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAVAILABLE,
                                _("The server did not answer in time."));

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                        _("The server's answer could not be read (%s)."), error->message);

  return g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAVAILABLE,
                      _("Cannot reach the server (%s)."), error->message);
}

/**
 * oc_http_websocket_connect_finish:
 * @session: the session soup_session_websocket_connect_async() ran on
 * @result: the result given to its callback
 * @status: (out): the answer's HTTP status, 0 without one
 * @error: return location for an error
 *
 * Finishes soup_session_websocket_connect_async().
 *
 * Returns: (transfer full) (nullable): the connection, or %NULL with @error
 *   an %OC_SOURCE_ERROR (the answer's, or the transport's mapped) or
 *   %G_IO_ERROR_CANCELLED, always when the attempt's cancellable was cancelled
 */
SoupWebsocketConnection *
oc_http_websocket_connect_finish (SoupSession   *session,
                                  GAsyncResult  *result,
                                  guint         *status,
                                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  SoupWebsocketConnection *ws;
  SoupMessage *msg;

  *status = 0;
  ws = soup_session_websocket_connect_finish (session, result, &local_error);

  /* A cancelled attempt says so whatever else came back (an answer's 401,
   * even a connection): callers rely on CANCELLED to know that the object
   * which started it may be gone, and must not be told anything else. */
  if (G_IS_TASK (result) && g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      /* Closed with a close frame, not just dropped. */
      if (ws != NULL)
        oc_http_websocket_close_later (g_steal_pointer (&ws));
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      return NULL;
    }
  if (ws != NULL)
    return ws;

  msg = soup_session_get_async_result_message (session, result);
  *status = msg ? soup_message_get_status (msg) : 0;
  if (*status >= 300)
    g_propagate_error (error, oc_http_error_new (msg, NULL));
  else
    g_propagate_error (error, oc_http_error_from_transport (local_error));
  return NULL;
}

static gboolean
release_later_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/**
 * oc_http_websocket_close_later:
 * @ws: (transfer full): a connection whose handlers are disconnected
 *
 * Closes @ws when it is open, and drops the reference once the main loop is
 * idle: the caller may be inside one of its signals, which must finish
 * before @ws goes.
 */
void
oc_http_websocket_close_later (SoupWebsocketConnection *ws)
{
  g_return_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (ws));

  if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT, release_later_cb, ws, g_object_unref);
}

/* ------------------------------------------------------------------------ */
/* Reading a whole body with a limit */

typedef struct {
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *buffer;
  gsize         filled;
  gsize         max_bytes;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->msg);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
  g_free (data);
}

static void fetch_read_cb (GObject *object, GAsyncResult *result, gpointer user_data);

/* Reads straight into the body buffer: a 38 MB snapshot is ~40 reads with no
 * copy of its own. */
static void
fetch_read_next (GTask *task)
{
  FetchData *data = g_task_get_task_data (task);
  gsize used = data->filled;

  if (data->buffer->len < used + READ_CHUNK)
    g_byte_array_set_size (data->buffer, used + READ_CHUNK);
  g_input_stream_read_async (data->stream, data->buffer->data + used, READ_CHUNK,
                             G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                             fetch_read_cb, task);
}

static void
fetch_finish_body (GTask *task)
{
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  guint status = soup_message_get_status (data->msg);

  g_byte_array_set_size (data->buffer, data->filled);
  body = g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer));
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, oc_http_error_new (data->msg, body));
}

static void
fetch_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n_read < 0)
    {
      g_task_return_error (task, oc_http_error_from_transport (error));
      return;
    }

  if (n_read == 0)
    {
      fetch_finish_body (task);
      return;
    }

  if (data->filled + (gsize) n_read > data->max_bytes)
    {
      /* An error answer may be cut short; its status still tells enough. */
      if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (data->msg)))
        {
          g_task_return_error (task, oc_http_error_new (data->msg, NULL));
          return;
        }
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                               _("The server's answer is larger than the %zu bytes allowed."),
                               data->max_bytes);
      return;
    }

  data->filled += n_read;
  fetch_read_next (g_steal_pointer (&task));
}

static void
fetch_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset length;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      g_task_return_error (task, oc_http_error_from_transport (error));
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (data->msg));
  if (length > 0 && (guint64) length > data->max_bytes &&
      SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (data->msg)))
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                               _("The server's answer is larger than the %zu bytes allowed."),
                               data->max_bytes);
      return;
    }

  /* Room for the whole body plus the last read's spare chunk. */
  data->buffer = g_byte_array_sized_new (length > 0 ? (guint) MIN (length, (goffset) data->max_bytes) + READ_CHUNK
                                                    : READ_CHUNK);
  fetch_read_next (g_steal_pointer (&task));
}

/**
 * oc_http_fetch_async:
 * @session: the session to send on
 * @msg: the request
 * @max_bytes: the largest body to accept
 * @cancellable: (nullable): to give up
 * @callback: called once, with the whole body or a failure
 * @user_data: for @callback
 *
 * Sends @msg and reads its whole body. Finish with oc_http_fetch_finish().
 */
void
oc_http_fetch_async (SoupSession         *session,
                     SoupMessage         *msg,
                     gsize                max_bytes,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (msg));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, oc_http_fetch_async);
  data = g_new0 (FetchData, 1);
  data->msg = g_object_ref (msg);
  data->max_bytes = max_bytes;
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                           fetch_sent_cb, g_steal_pointer (&task));
}

/**
 * oc_http_fetch_finish:
 * @session: the session given to oc_http_fetch_async()
 * @result: the result given to its callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the body of a 2xx answer, or %NULL
 *   with @error an %OC_SOURCE_ERROR: a non-2xx status carrying the server's
 *   message (oc_http_error_new()), a body over the limit
 *   (%OC_SOURCE_ERROR_PROTOCOL) or a transport failure
 *   (oc_http_error_from_transport()); or %G_IO_ERROR_CANCELLED
 */
GBytes *
oc_http_fetch_finish (SoupSession   *session,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * oc_http_fetch_get_retry_after:
 * @result: the result oc_http_fetch_finish() was given
 *
 * Returns: the seconds a 429 or 503 answer's `Retry-After` asks to wait
 *   (1 to 3600), or 0 when it gave none (or a date)
 */
guint
oc_http_fetch_get_retry_after (GAsyncResult *result)
{
  FetchData *data;
  const char *header;
  guint64 seconds;

  g_return_val_if_fail (G_IS_TASK (result), 0);

  data = g_task_get_task_data (G_TASK (result));
  if (data == NULL || data->msg == NULL)
    return 0;
  header = soup_message_headers_get_one (soup_message_get_response_headers (data->msg), "Retry-After");
  if (header == NULL || !g_ascii_string_to_unsigned (header, 10, 1, 3600, &seconds, NULL))
    return 0;
  return (guint) seconds;
}
