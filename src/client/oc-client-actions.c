// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-client-private.h"
#include "oc-protocol.h"

/* Actions: one POST each, with an Idempotency-Key made once per call so that
 * a retry after a lost answer acts only once on the server. */

#define MAX_ACTION_RETRIES   2
#define MAX_ACTION_ANSWER    (1024 * 1024)
#define RETRY_BASE_MS        300
/* A 429 is waited out this many times, when it asks for this long at most;
 * a longer wait is the user's to decide (the error says how long). */
#define MAX_RATE_WAITS        3
#define MAX_RATE_WAIT_SECONDS 10

typedef struct {
  char    *path;
  GBytes  *body;
  char    *idempotency_key;
  guint    attempt;
  guint    rate_waits;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_pointer (&data->path, g_free);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_pointer (&data->idempotency_key, g_free);
  g_free (data);
}

static void action_send (GTask *task);

static gboolean
action_retry_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    action_send (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
action_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ActionData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;

  answer = oc_http_fetch_finish (SOUP_SESSION (object), result, &error);
  if (answer == NULL)
    {
      /* Unreachable or 503: the action may or may not have happened, and the
       * same key makes asking again safe. Anything else is an answer. */
      if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAVAILABLE) &&
          data->attempt < MAX_ACTION_RETRIES)
        {
          guint delay = RETRY_BASE_MS << data->attempt;

          data->attempt++;
          g_debug ("Retrying %s (%u of %u) in %u ms: %s", data->path,
                   data->attempt, MAX_ACTION_RETRIES, delay, error->message);
          g_timeout_add_full (G_PRIORITY_DEFAULT, delay, action_retry_cb,
                              g_steal_pointer (&task), g_object_unref);
          return;
        }
      /* Too many too fast (a supervisor's burst of messages): wait as long
       * as the server asks, when that is short, and send it then. */
      if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RATE_LIMITED) &&
          data->rate_waits < MAX_RATE_WAITS)
        {
          guint seconds = oc_http_fetch_get_retry_after (result);

          if (seconds > 0 && seconds <= MAX_RATE_WAIT_SECONDS)
            {
              data->rate_waits++;
              g_debug ("%s rate-limited; sending again in %u s", data->path, seconds);
              g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, action_retry_cb,
                                          g_steal_pointer (&task), g_object_unref);
              return;
            }
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  node = oc_protocol_parse_json (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                 MAX_ACTION_ANSWER, &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                               _("The server's answer could not be read (%s)."),
                               error ? error->message : _("not a JSON object"));
      return;
    }

  /* The store learns the change from the events stream, in revision order;
   * applying the answer here could let an older state overwrite a newer one. */
  g_task_return_boolean (task, TRUE);
}

static void
action_send (GTask *task)
{
  OcClient *self = g_task_get_source_object (task);
  ActionData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;

  msg = oc_http_new_message (SOUP_METHOD_POST, oc_source_get_server_url (OC_SOURCE (self)),
                             data->path, NULL, _oc_client_get_authorization (self));
  if (msg == NULL)
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                               _("The server address is not a valid http:// or https:// address."));
      g_object_unref (task);
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Idempotency-Key", data->idempotency_key);
  soup_message_set_request_body_from_bytes (msg, "application/json", data->body);

  oc_http_fetch_async (_oc_client_get_session (self), msg, MAX_ACTION_ANSWER,
                       g_task_get_cancellable (task), action_done_cb, task);
}

/* Takes @builder's object as the body of POST conversations/@id/@verb. */
static void
oc_client_post_action (OcClient            *self,
                       const char          *conversation_id,
                       const char          *verb,
                       JsonBuilder         *builder,
                       const char          *idempotency_key,
                       gpointer             source_tag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ActionData *data;
  char *body;
  gsize length = 0;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (!oc_protocol_is_valid_id (conversation_id))
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                               _("The conversation id is not valid."));
      return;
    }
  if (_oc_client_get_authorization (self) == NULL)
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED,
                               _("The access token is empty or contains characters a token cannot have."));
      return;
    }

  body = oc_protocol_builder_to_string (builder, &length);
  data = g_new0 (ActionData, 1);
  data->path = g_strdup_printf ("conversations/%s/%s", conversation_id, verb);
  data->body = g_bytes_new_take (body, length);
  data->idempotency_key = idempotency_key != NULL ? g_strdup (idempotency_key) : g_uuid_string_random ();
  g_task_set_task_data (task, data, (GDestroyNotify) action_data_free);

  action_send (g_steal_pointer (&task));
}

static JsonBuilder *
begin_body (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  return builder;
}

/* The body of an action that changes the conversation, naming the revision
 * the console shows: the server refuses it (state changed) when someone
 * else changed the conversation in between, rather than letting the later
 * action silently undo the earlier one. */
static JsonBuilder *
begin_change_body (OcClient   *self,
                   const char *conversation_id)
{
  JsonBuilder *builder = begin_body ();
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  OcConversation *conversation = store != NULL && conversation_id != NULL
                               ? oc_conversation_store_lookup (store, conversation_id) : NULL;

  if (conversation != NULL && oc_conversation_get_revision (conversation) > 0)
    {
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, oc_conversation_get_revision (conversation));
    }
  return builder;
}

/* Fails @task when @id is set and not an id the protocol accepts. */
static gboolean
check_optional_id (GTask      *task,
                   const char *id)
{
  if (id == NULL || oc_protocol_is_valid_id (id))
    return TRUE;

  g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                           _("The agent or queue id is not valid."));
  return FALSE;
}

/* Exactly one of @agent_id and @queue_id is set. */
static void
client_assign_with_key_async (OcSource            *source,
                              const char          *conversation_id,
                              const char          *agent_id,
                              const char          *queue_id,
                              const char          *idempotency_key,
                              GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  OcClient *self = OC_CLIENT (source);
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_if_fail ((agent_id == NULL) != (queue_id == NULL));

  if (!oc_protocol_is_valid_id (agent_id ? agent_id : queue_id))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, client_assign_with_key_async);
      check_optional_id (task, agent_id ? agent_id : queue_id);
      return;
    }

  builder = begin_change_body (self, conversation_id);
  json_builder_set_member_name (builder, agent_id ? "agent_id" : "queue_id");
  json_builder_add_string_value (builder, agent_id ? agent_id : queue_id);
  json_builder_end_object (builder);

  oc_client_post_action (self, conversation_id, "assign", builder, idempotency_key, client_assign_with_key_async,
                         cancellable, callback, user_data);
}

static void
client_assign_async (OcSource            *source,
                     const char          *conversation_id,
                     const char          *agent_id,
                     const char          *queue_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  client_assign_with_key_async (source, conversation_id, agent_id, queue_id, NULL,
                                cancellable, callback, user_data);
}

static void
client_transfer_async (OcSource            *source,
                       const char          *conversation_id,
                       const char          *agent_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  OcClient *self = OC_CLIENT (source);
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_if_fail (agent_id != NULL);

  if (!oc_protocol_is_valid_id (agent_id))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, client_transfer_async);
      check_optional_id (task, agent_id);
      return;
    }

  builder = begin_change_body (self, conversation_id);
  json_builder_set_member_name (builder, "agent_id");
  json_builder_add_string_value (builder, agent_id);
  json_builder_end_object (builder);

  oc_client_post_action (self, conversation_id, "transfer", builder, NULL, client_transfer_async,
                         cancellable, callback, user_data);
}

static void
post_empty (OcSource            *source,
            const char          *conversation_id,
            const char          *verb,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = begin_body ();

  json_builder_end_object (builder);
  oc_client_post_action (OC_CLIENT (source), conversation_id, verb, builder, NULL, source_tag,
                         cancellable, callback, user_data);
}

static void
client_force_close_with_key_async (OcSource            *source,
                                   const char          *conversation_id,
                                   const char          *idempotency_key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = begin_change_body (OC_CLIENT (source), conversation_id);

  json_builder_end_object (builder);
  oc_client_post_action (OC_CLIENT (source), conversation_id, "force-close", builder, idempotency_key,
                         client_force_close_with_key_async, cancellable, callback, user_data);
}

static void
client_force_close_async (OcSource            *source,
                          const char          *conversation_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  client_force_close_with_key_async (source, conversation_id, NULL, cancellable, callback, user_data);
}

static void
client_join_async (OcSource            *source,
                   const char          *conversation_id,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  post_empty (source, conversation_id, "join", client_join_async,
              cancellable, callback, user_data);
}

static void
client_leave_async (OcSource            *source,
                    const char          *conversation_id,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  post_empty (source, conversation_id, "leave", client_leave_async,
              cancellable, callback, user_data);
}

/* A message or a whisper: {"text": …}, refused here when the server would. */
static void
post_text (OcSource            *source,
           const char          *conversation_id,
           const char          *verb,
           const char          *text,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  OcClient *self = OC_CLIENT (source);
  g_autoptr(JsonBuilder) builder = NULL;
  glong n_chars;

  n_chars = g_utf8_validate (text, -1, NULL) ? g_utf8_strlen (text, -1) : -1;
  if (n_chars < 1 || n_chars > OC_PROTOCOL_MAX_TEXT)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, source_tag);
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                               n_chars < 1 ? _("The message is empty.")
                                           : _("The message is longer than 65,536 characters."));
      return;
    }

  builder = begin_body ();
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);

  oc_client_post_action (self, conversation_id, verb, builder, NULL, source_tag, cancellable, callback, user_data);
}

static void
client_send_message_async (OcSource            *source,
                           const char          *conversation_id,
                           const char          *text,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  post_text (source, conversation_id, "messages", text, client_send_message_async,
             cancellable, callback, user_data);
}

static void
client_whisper_async (OcSource            *source,
                      const char          *conversation_id,
                      const char          *text,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  post_text (source, conversation_id, "whisper", text, client_whisper_async,
             cancellable, callback, user_data);
}

static void
client_lower_flag_async (OcSource            *source,
                         const char          *conversation_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  post_empty (source, conversation_id, "lower-flag", client_lower_flag_async,
              cancellable, callback, user_data);
}

/* The reference server answers each action with the conversation as it now
 * is; oc_source_action_finish() gives only whether it worked, since the store
 * learns the change from the events stream. */
void
_oc_client_class_actions_init (OcSourceClass *source_class)
{
  source_class->assign_async = client_assign_async;
  source_class->assign_with_key_async = client_assign_with_key_async;
  source_class->transfer_async = client_transfer_async;
  source_class->force_close_async = client_force_close_async;
  source_class->force_close_with_key_async = client_force_close_with_key_async;
  source_class->join_async = client_join_async;
  source_class->leave_async = client_leave_async;
  source_class->send_message_async = client_send_message_async;
  source_class->whisper_async = client_whisper_async;
  source_class->lower_flag_async = client_lower_flag_async;
}
