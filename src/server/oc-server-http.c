// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "oc-protocol.h"
#include "oc-server-private.h"

/* HTTP: authentication, routing, GET /me and /snapshot, and the actions
 * with their idempotency and rate limits. */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              char              *body,  /* taken */
              gsize              length)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

static char *
error_body (const char *code,
            const char *message,
            gsize      *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return oc_protocol_builder_to_string (builder, length);
}

void
_oc_server_respond_error (SoupServerMessage *msg,
                          guint              status,
                          const char        *code,
                          const char        *message)
{
  gsize length = 0;
  char *body = error_body (code, message, &length);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer");
  respond_json (msg, status, body, length);
}

/* Refuses an over-large body as soon as its headers say so, and stops
 * keeping a chunked one once it passes the limit. */
static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  gsize *total = g_object_get_data (G_OBJECT (msg), "oc-body-size");

  if (total == NULL || soup_server_message_get_status (msg) != 0)
    return;

  *total += g_bytes_get_size (chunk);
  if (*total > OC_PROTOCOL_MAX_REQUEST_BODY)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      _oc_server_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large",
                                _("The request body is larger than 64 KiB."));
    }
}

/* libsoup answers only once it has read the whole body, so a client that
 * announces gigabytes would wait (and we would read) for nothing: answer
 * 413 from the headers on the connection itself. Then a lingering close:
 * stop writing, read and drop what the client still sends for a while, so
 * that closing does not reset the connection before it has read the answer. */
#define REFUSAL_LINGER_BYTES   (1024 * 1024)
#define REFUSAL_LINGER_SECONDS 2

typedef struct
{
  GIOStream    *stream;
  GCancellable *cancellable;
  char         *answer;
  gsize         discarded;
  guint         timeout;
  char          buffer[16 * 1024];
} Refusal;

static void
refusal_free (Refusal *refusal)
{
  g_clear_handle_id (&refusal->timeout, g_source_remove);
  g_io_stream_close_async (refusal->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&refusal->stream);
  g_clear_object (&refusal->cancellable);
  g_free (refusal->answer);
  g_free (refusal);
}

static gboolean
refusal_timeout_cb (gpointer user_data)
{
  Refusal *refusal = user_data;

  refusal->timeout = 0;
  g_cancellable_cancel (refusal->cancellable);
  return G_SOURCE_REMOVE;
}

static void
refusal_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refusal *refusal = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0 || (refusal->discarded += n) > REFUSAL_LINGER_BYTES)
    {
      refusal_free (refusal);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (object), refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_LOW, refusal->cancellable, refusal_read_cb, refusal);
}

static void
refusal_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refusal *refusal = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      g_debug ("The 413 answer was not written: %s", error->message);
      refusal_free (refusal);
      return;
    }

  if (G_IS_SOCKET_CONNECTION (refusal->stream))
    g_socket_shutdown (g_socket_connection_get_socket (G_SOCKET_CONNECTION (refusal->stream)),
                       FALSE, TRUE, NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream),
                             refusal->buffer, sizeof refusal->buffer, G_PRIORITY_LOW,
                             refusal->cancellable, refusal_read_cb, refusal);
}

static void
refuse_from_headers (SoupServerMessage *msg)
{
  g_autofree char *body = NULL;
  Refusal *refusal;
  gsize length = 0;
  GIOStream *stream;

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  body = error_body ("payload-too-large", _("The request body is larger than 64 KiB."), &length);
  refusal = g_new0 (Refusal, 1);
  refusal->stream = stream;
  refusal->cancellable = g_cancellable_new ();
  refusal->answer = g_strdup_printf ("HTTP/1.1 413 Payload Too Large\r\n"
                                     "Content-Type: application/json\r\n"
                                     "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                     "Connection: close\r\n"
                                     "\r\n%s", length, body);
  refusal->timeout = g_timeout_add_seconds (REFUSAL_LINGER_SECONDS, refusal_timeout_cb, refusal);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   refusal->answer, strlen (refusal->answer),
                                   G_PRIORITY_DEFAULT, refusal->cancellable,
                                   refusal_written_cb, refusal);
}

static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > OC_PROTOCOL_MAX_REQUEST_BODY)
    {
      refuse_from_headers (msg);
      return;
    }

  g_object_set_data_full (G_OBJECT (msg), "oc-body-size", g_new0 (gsize, 1), g_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);
}

static void
count_authorization (const char *name,
                     const char *value,
                     gpointer    user_data)
{
  guint *count = user_data;

  if (g_ascii_strcasecmp (name, "Authorization") == 0)
    (*count)++;
}

static const char *
authenticate (OcServer          *self,
              SoupServerMessage *msg,
              OcRole            *role)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header;
  guint count = 0;

  /* Two Authorization headers name two identities (a proxy added one, or a
   * client is confused): which one counts is not ours to guess. */
  soup_message_headers_foreach (headers, count_authorization, &count);
  if (count != 1)
    return NULL;

  header = soup_message_headers_get_one (headers, "Authorization");
  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;

  header += 7;
  while (*header == ' ')
    header++;

  return oc_users_check (self->users, header, role);
}

static void
handle_me (OcServer          *self,
           SoupServerMessage *msg,
           const char        *user,
           OcRole             role)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gsize length = 0;
  char *body;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, oc_enum_to_nick (OC_TYPE_ROLE, role));
  json_builder_end_object (builder);

  body = oc_protocol_builder_to_string (builder, &length);
  respond_json (msg, SOUP_STATUS_OK, body, length);
}

static void
handle_snapshot (OcServer          *self,
                 SoupServerMessage *msg)
{
  g_autoptr(GBytes) snapshot = oc_world_build_snapshot (self->world);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), snapshot);
}

static gboolean
query_int (GHashTable *query,
           const char *name,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  guint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

/* GET /api/v1/audit?before=SEQ&limit=N&user=NAME&action=ACTION: a page of
 * the audit log, newest first. Viewers may read it too. */
static void
handle_audit (OcServer          *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) page = NULL;
  const char *user = query != NULL ? g_hash_table_lookup (query, "user") : NULL;
  const char *action_nick = query != NULL ? g_hash_table_lookup (query, "action") : NULL;
  OcAuditAction action = OC_AUDIT_ACTION_UNKNOWN;
  gint64 before = 0, limit = OC_AUDIT_LOG_DEFAULT_PAGE, next_before = 0;
  gsize length = 0;
  char *body;

  if (!query_int (query, "before", 1, OC_PROTOCOL_MAX_REVISION, &before) ||
      !query_int (query, "limit", 1, OC_AUDIT_LOG_MAX_PAGE, &limit))
    {
      _oc_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                                _("“before” must be a whole number from 1 and “limit” from 1 to 1000."));
      return;
    }
  if (action_nick != NULL &&
      (action = oc_enum_from_nick (OC_TYPE_AUDIT_ACTION, action_nick)) == OC_AUDIT_ACTION_UNKNOWN)
    {
      _oc_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", _("“action” is not an action."));
      return;
    }

  page = oc_audit_log_query (self->audit, before, limit, user, action, &next_before);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < page->len; i++)
    oc_protocol_write_audit_entry (builder, g_ptr_array_index (page, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_before");
  if (next_before > 0)
    json_builder_add_int_value (builder, next_before);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  body = oc_protocol_builder_to_string (builder, &length);
  respond_json (msg, SOUP_STATUS_OK, body, length);
}

static gboolean
valid_idempotency_key (const char *key)
{
  gsize length = strlen (key);

  if (length == 0 || length > 128)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (key[i] < 0x20 || key[i] > 0x7e)
      return FALSE;
  return TRUE;
}

static void
remember_idempotency (OcServer   *self,
                      const char *user,
                      const char *key,
                      guint       status,
                      const char *body,
                      gint64      at)
{
  OcIdempotencyRecord *record = g_new0 (OcIdempotencyRecord, 1);

  record->status = status;
  record->body = g_strdup (body);
  record->at = at;
  g_hash_table_replace (self->idempotency, g_strdup_printf ("%s\n%s", user, key), record);

  if (self->state != NULL)
    oc_state_put_idempotency (self->state, user, key, status, body, at);

  /* Forget day-old answers now and then, not on every request. */
  if (g_hash_table_size (self->idempotency) % 1024 == 0)
    {
      GHashTableIter iter;
      OcIdempotencyRecord *value;

      g_hash_table_iter_init (&iter, self->idempotency);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &value))
        if (value->at < at - OC_SERVER_IDEMPOTENCY_TTL)
          g_hash_table_iter_remove (&iter);
    }
}

/* A token bucket per user: OC_SERVER_MESSAGE_RATE a second, bursts of as
 * many. Returns 0 when allowed, else the seconds to wait. */
static guint
rate_limit (OcServer   *self,
            const char *user)
{
  double *bucket = g_hash_table_lookup (self->rate, user);
  double now = g_get_monotonic_time () / (double) G_USEC_PER_SEC;

  if (bucket == NULL)
    {
      bucket = g_new (double, 2);
      bucket[0] = OC_SERVER_MESSAGE_RATE;
      bucket[1] = now;
      g_hash_table_insert (self->rate, g_strdup (user), bucket);
    }

  bucket[0] = MIN (OC_SERVER_MESSAGE_RATE, bucket[0] + (now - bucket[1]) * OC_SERVER_MESSAGE_RATE);
  bucket[1] = now;

  if (bucket[0] >= 1.0)
    {
      bucket[0] -= 1.0;
      return 0;
    }

  return (guint) MAX (1, ceil ((1.0 - bucket[0]) / OC_SERVER_MESSAGE_RATE));
}

typedef struct {
  guint       status;
  char       *body;
  gsize       length;
  /* For the audit log: what a refusal said, and whom the action named. */
  const char *code;
  char       *reason;
  char       *agent_id;
  char       *queue_id;
} Answer;

static void
answer_error (Answer     *answer,
              guint       status,
              const char *code,
              const char *message)
{
  answer->status = status;
  answer->body = error_body (code, message, &answer->length);
  answer->code = code;
  answer->reason = g_strdup (message);
}

static void
answer_world_error (Answer       *answer,
                    const GError *error)
{
  guint status = 500;
  const char *code = oc_world_error_get_code (error, &status);

  answer_error (answer, status, code, error->message);
}

/* Reads an optional id member: absent or null gives NULL. */
static gboolean
get_id_member (JsonObject  *object,
               const char  *name,
               const char **out,
               Answer      *answer)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *message = NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    message = g_strdup_printf (_("“%s” must be a string."), name);
  else if (!oc_protocol_is_valid_id (json_node_get_string (node)))
    message = g_strdup_printf (_("“%s” is not a valid id."), name);

  if (message != NULL)
    {
      answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad-request", message);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

static char *
conversation_answer (OcServer       *self,
                     OcConversation *conversation,
                     gsize          *length)
{
  g_autoptr(GBytes) json = oc_world_get_conversation_json (self->world, conversation);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "{\"revision\":%" G_GINT64_FORMAT ",\"conversation\":",
                          oc_world_get_revision (self->world));
  g_string_append_len (text, g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_string_append_c (text, '}');
  *length = text->len;

  return g_string_free (text, FALSE);
}

static char *
message_answer (OcServer  *self,
                OcMessage *message,
                gsize     *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, oc_world_get_revision (self->world));
  json_builder_set_member_name (builder, "message");
  oc_protocol_write_message (builder, message);
  json_builder_end_object (builder);

  return oc_protocol_builder_to_string (builder, length);
}

/* Runs one action; the answer is whatever the client gets, and what a retry
 * with the same Idempotency-Key gets again. */
/* The optional "revision" of an action: the conversation's revision as the
 * supervisor saw it. -1 when absent. */
static gboolean
get_revision_member (JsonObject *object,
                     gint64     *out,
                     Answer     *answer)
{
  JsonNode *node = json_object_get_member (object, "revision");

  *out = -1;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > OC_PROTOCOL_MAX_REVISION)
    {
      answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad-request",
                    _("“revision” must be a whole number from 0."));
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

/* 409 when the conversation changed after the supervisor saw it at
 * @revision: another supervisor acted, or the floor moved it. The answer
 * carries the conversation as it is now, for the client to show. */
static gboolean
check_unchanged (OcServer   *self,
                 const char *conversation_id,
                 gint64      revision,
                 Answer     *answer)
{
  OcConversation *conversation;
  g_autoptr(GBytes) json = NULL;
  g_autofree char *error = NULL;
  gsize error_length = 0;
  GString *text;

  if (revision < 0)
    return TRUE;
  conversation = oc_world_lookup_conversation (self->world, conversation_id);
  if (conversation == NULL || oc_conversation_get_revision (conversation) == revision)
    return TRUE;

  error = error_body ("state-changed",
                      _("The conversation changed after you looked at it; look at it again before acting."),
                      &error_length);
  g_assert (error_length >= 2 && g_str_has_suffix (error, "}}"));
  /* {"error": {…, "conversation": {…}}}: the error object, reopened. */
  json = oc_world_get_conversation_json (self->world, conversation);
  text = g_string_new_len (error, error_length - 2);
  g_string_append (text, ",\"conversation\":");
  g_string_append_len (text, g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_string_append (text, "}}");
  answer->status = SOUP_STATUS_CONFLICT;
  answer->code = "state-changed";
  answer->reason = g_strdup (_("The conversation changed after you looked at it; look at it again before acting."));
  answer->length = text->len;
  answer->body = g_string_free (text, FALSE);
  return FALSE;
}

static void
run_action (OcServer          *self,
            SoupServerMessage *msg,
            const char        *user,
            const char        *conversation_id,
            const char        *verb,
            Answer            *answer)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcConversation) closed = NULL;
  g_autoptr(OcMessage) message = NULL;
  JsonObject *object;
  gint64 revision;
  gboolean ok = FALSE;

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  node = oc_protocol_parse_json (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                 OC_PROTOCOL_MAX_REQUEST_BODY, &error);
  if (node == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The body is not valid JSON: %s"), error->message);
      answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad-request", text);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad-request", _("The body must be a JSON object."));
      return;
    }
  object = json_node_get_object (node);

  if (!get_revision_member (object, &revision, answer) ||
      !check_unchanged (self, conversation_id, revision, answer))
    return;

  if (g_str_equal (verb, "assign"))
    {
      const char *agent_id, *queue_id;

      if (!get_id_member (object, "agent_id", &agent_id, answer) ||
          !get_id_member (object, "queue_id", &queue_id, answer))
        return;
      answer->agent_id = g_strdup (agent_id);
      answer->queue_id = g_strdup (queue_id);
      if ((agent_id == NULL) == (queue_id == NULL))
        {
          answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad-request",
                        _("Give either “agent_id” or “queue_id”."));
          return;
        }
      ok = oc_world_assign (self->world, conversation_id, agent_id, queue_id, &error);
    }
  else if (g_str_equal (verb, "transfer"))
    {
      const char *agent_id;

      if (!get_id_member (object, "agent_id", &agent_id, answer))
        return;
      answer->agent_id = g_strdup (agent_id);
      if (agent_id == NULL)
        {
          answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad-request", _("“agent_id” is missing."));
          return;
        }
      ok = oc_world_transfer (self->world, conversation_id, agent_id, &error);
    }
  else if (g_str_equal (verb, "force-close"))
    ok = (closed = oc_world_force_close (self->world, conversation_id, &error)) != NULL;
  else if (g_str_equal (verb, "join"))
    ok = oc_world_join (self->world, conversation_id, user, &error);
  else if (g_str_equal (verb, "leave"))
    ok = oc_world_leave (self->world, conversation_id, user, &error);
  else if (g_str_equal (verb, "lower-flag"))
    ok = oc_world_lower_flag (self->world, conversation_id, user, &error);
  else /* messages, whisper */
    {
      JsonNode *text = json_object_get_member (object, "text");

      if (text == NULL || !JSON_NODE_HOLDS_VALUE (text) || json_node_get_value_type (text) != G_TYPE_STRING)
        {
          answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad-request", _("“text” must be a string."));
          return;
        }
      if (g_str_equal (verb, "whisper"))
        message = oc_world_whisper (self->world, conversation_id, user, json_node_get_string (text), &error);
      else
        message = oc_world_post_message (self->world, conversation_id, user, json_node_get_string (text), &error);
      ok = message != NULL;
    }

  if (!ok)
    {
      answer_world_error (answer, error);
      return;
    }

  answer->status = SOUP_STATUS_OK;
  if (message != NULL)
    answer->body = message_answer (self, message, &answer->length);
  else
    answer->body = conversation_answer (self,
                                        closed ? closed : oc_world_lookup_conversation (self->world, conversation_id),
                                        &answer->length);
}

static OcAuditAction
audit_action_of (const char *verb)
{
  if (g_str_equal (verb, "messages"))
    return OC_AUDIT_ACTION_MESSAGE;
  return oc_enum_from_nick (OC_TYPE_AUDIT_ACTION, verb);
}

/* Every action asked for is recorded, done or refused; the entry is saved
 * with the action's change, before the answer. */
static OcAuditEntry *
record_audit (OcServer     *self,
              const char   *user,
              const char   *conversation_id,
              const char   *verb,
              const Answer *answer)
{
  OcAuditEntry *entry;

  entry = oc_audit_log_append (self->audit, g_get_real_time () / G_USEC_PER_SEC, user,
                               audit_action_of (verb), conversation_id,
                               answer->status == SOUP_STATUS_OK ? OC_AUDIT_OUTCOME_DONE : OC_AUDIT_OUTCOME_REFUSED,
                               answer->code, answer->reason, answer->agent_id, answer->queue_id);
  if (self->state != NULL)
    oc_state_put_audit (self->state, entry);
  return entry;
}

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->reason, g_free);
  g_clear_pointer (&answer->agent_id, g_free);
  g_clear_pointer (&answer->queue_id, g_free);
}

static gboolean
is_action (const char *verb)
{
  static const char * const verbs[] = { "assign", "transfer", "force-close", "join", "leave", "messages",
                                        "lower-flag", "whisper", NULL };

  return g_strv_contains (verbs, verb);
}

static void
handle_action (OcServer          *self,
               SoupServerMessage *msg,
               const char        *user,
               OcRole             role,
               const char        *conversation_id,
               const char        *verb)
{
  const char *key;
  g_autofree char *record_key = NULL;
  OcIdempotencyRecord *record;
  Answer answer = { 0 };
  OcAuditEntry *entry;

  /* A viewer's attempt is recorded too: worth knowing. */
  if (role != OC_ROLE_SUPERVISOR)
    {
      answer_error (&answer, SOUP_STATUS_FORBIDDEN, "forbidden", _("Viewers cannot act on conversations."));
      entry = record_audit (self, user, conversation_id, verb, &answer);
      if (self->state != NULL && !oc_state_flush_durable (self->state, NULL))
        g_warning ("Could not save an audit entry");
      else
        _oc_server_broadcast_audit (self, entry);
      respond_json (msg, answer.status, answer.body, answer.length);
      answer_clear (&answer);
      return;
    }

  key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");
  if (key != NULL && !valid_idempotency_key (key))
    {
      _oc_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                                _("Idempotency-Key must be 1 to 128 printable ASCII characters."));
      return;
    }

  if (key != NULL)
    {
      record_key = g_strdup_printf ("%s\n%s", user, key);
      record = g_hash_table_lookup (self->idempotency, record_key);
      if (record != NULL &&
          record->at >= g_get_real_time () / G_USEC_PER_SEC - OC_SERVER_IDEMPOTENCY_TTL)
        {
          respond_json (msg, record->status, g_strdup (record->body), strlen (record->body));
          return;
        }
    }

  /* Whispers share the messages' budget: both are text a person typed. */
  if (g_str_equal (verb, "messages") || g_str_equal (verb, "whisper"))
    {
      guint wait = rate_limit (self, user);

      if (wait > 0)
        {
          char seconds[16];

          g_snprintf (seconds, sizeof seconds, "%u", wait);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
          _oc_server_respond_error (msg, 429, "rate-limited",
                                    _("Too many messages; wait a moment before sending more."));
          return;
        }
    }

  run_action (self, msg, user, conversation_id, verb, &answer);
  entry = record_audit (self, user, conversation_id, verb, &answer);
  answer_clear (&answer);

  if (key != NULL && answer.status < 500)
    remember_idempotency (self, user, key, answer.status, answer.body,
                          g_get_real_time () / G_USEC_PER_SEC);

  /* An answered action must survive a crash: its change and its
   * idempotency record are on disk before the answer leaves. */
  if (self->state != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!oc_state_flush_durable (self->state, &error))
        {
          g_warning ("Could not save an action: %s", error->message);
          g_free (answer.body);
          _oc_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                                    _("The server could not save the change; try again."));
          return;
        }
    }

  /* Only once saved: an entry a console saw is never numbered again. */
  _oc_server_broadcast_audit (self, entry);
  respond_json (msg, answer.status, answer.body, answer.length);
}

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  OcServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = NULL;
  const char *user;
  OcRole role = OC_ROLE_UNKNOWN;
  guint n_parts;
  const char *allowed = "GET";

  if (self->world == NULL)
    {
      _oc_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                                _("The server is shutting down."));
      return;
    }

  user = authenticate (self, msg, &role);
  if (user == NULL)
    {
      _oc_server_respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                                _("A valid token is needed (Authorization: Bearer …)."));
      return;
    }

  /* "", "api", "v1", … */
  parts = g_strsplit (path, "/", 8);
  n_parts = g_strv_length (parts);

  if (n_parts == 4 && g_str_equal (parts[3], "me") && g_str_equal (parts[2], "v1"))
    {
      if (g_str_equal (method, "GET"))
        {
          handle_me (self, msg, user, role);
          return;
        }
    }
  else if (n_parts == 4 && g_str_equal (parts[3], "snapshot") && g_str_equal (parts[2], "v1"))
    {
      if (g_str_equal (method, "GET"))
        {
          handle_snapshot (self, msg);
          return;
        }
    }
  else if (n_parts == 4 && g_str_equal (parts[3], "audit") && g_str_equal (parts[2], "v1"))
    {
      if (g_str_equal (method, "GET"))
        {
          handle_audit (self, msg, query);
          return;
        }
    }
  else if (n_parts == 4 && g_str_equal (parts[3], "events") && g_str_equal (parts[2], "v1"))
    {
      if (g_str_equal (method, "GET"))
        {
          _oc_server_handle_events (self, msg, query);
          return;
        }
    }
  else if (n_parts == 6 && g_str_equal (parts[2], "v1") && g_str_equal (parts[3], "conversations") &&
           oc_protocol_is_valid_id (parts[4]) &&
           (g_str_equal (parts[5], "transcript") || is_action (parts[5])))
    {
      if (g_str_equal (parts[5], "transcript"))
        {
          if (g_str_equal (method, "GET"))
            {
              _oc_server_handle_transcript (self, msg, parts[4], user, query);
              return;
            }
        }
      else
        {
          allowed = "POST";
          if (g_str_equal (method, "POST"))
            {
              handle_action (self, msg, user, role, parts[4], parts[5]);
              return;
            }
        }
    }
  else
    {
      _oc_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", _("There is nothing at this path."));
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  _oc_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
                            _("This method is not allowed here."));
}

static void
fallback_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  _oc_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", _("There is nothing at this path."));
}

void
_oc_server_http_init (OcServer *self)
{
  soup_server_add_early_handler (self->soup, "/api", early_handler, self, NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, "/api", api_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, fallback_handler, self, NULL);
}
