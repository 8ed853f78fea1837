// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-protocol"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-protocol.h"
#include "oc-protocol-fields.h"

#define ID_BUF (OC_PROTOCOL_MAX_ID_BYTES + 1)

static const struct {
  const char  *name;
  OcEventType  type;
} event_types[] = {
  { "hello", OC_EVENT_HELLO },
  { "conversation.upsert", OC_EVENT_CONVERSATION_UPSERT },
  { "conversation.removed", OC_EVENT_CONVERSATION_REMOVED },
  { "agent.upsert", OC_EVENT_AGENT_UPSERT },
  { "queue.upsert", OC_EVENT_QUEUE_UPSERT },
  { "workstream.upsert", OC_EVENT_WORKSTREAM_UPSERT },
  { "resync-required", OC_EVENT_RESYNC_REQUIRED },
  { "ping", OC_EVENT_PING },
  { "message", OC_EVENT_MESSAGE },
  { "history-end", OC_EVENT_HISTORY_END },
  { "ended", OC_EVENT_ENDED },
};

static gboolean
read_event_body (OcEvent           *event,
                 const OcJsonValue *root,
                 OcFieldCtx        *ctx)
{
  const OcJsonValue *object = NULL;
  gint64 ping_interval = 0;
  GPtrArray *warnings = ctx->warnings;
  GError **error = ctx->error;
  /* Change events and the others of the events socket carry a revision; the
   * transcript socket's do not. */
  OcFieldNeed revision_need = event->type >= OC_EVENT_MESSAGE ? OC_FIELD_OPTIONAL : OC_FIELD_REQUIRED;

  if (!_oc_field_int (ctx, root, "revision", revision_need, 0, OC_PROTOCOL_MAX_REVISION, &event->revision))
    return FALSE;

  switch (event->type)
    {
    case OC_EVENT_HELLO:
      if (!_oc_field_time (ctx, root, "server_time", OC_FIELD_REQUIRED, &event->server_time, NULL) ||
          !_oc_field_int (ctx, root, "ping_interval", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_SECONDS, &ping_interval))
        return FALSE;
      event->ping_interval = (guint) ping_interval;
      return TRUE;

    case OC_EVENT_PING:
      return _oc_field_time (ctx, root, "server_time", OC_FIELD_REQUIRED, &event->server_time, NULL);

    case OC_EVENT_CONVERSATION_UPSERT:
      return _oc_field_object (ctx, root, "conversation", OC_FIELD_REQUIRED, &object) &&
             (event->conversation = _oc_read_conversation (object, warnings, error)) != NULL;

    case OC_EVENT_AGENT_UPSERT:
      return _oc_field_object (ctx, root, "agent", OC_FIELD_REQUIRED, &object) &&
             (event->agent = _oc_read_agent (object, warnings, error)) != NULL;

    case OC_EVENT_QUEUE_UPSERT:
      return _oc_field_object (ctx, root, "queue", OC_FIELD_REQUIRED, &object) &&
             (event->queue = _oc_read_queue (object, warnings, error)) != NULL;

    case OC_EVENT_WORKSTREAM_UPSERT:
      return _oc_field_object (ctx, root, "workstream", OC_FIELD_REQUIRED, &object) &&
             (event->workstream = _oc_read_workstream (object, warnings, error)) != NULL;

    case OC_EVENT_MESSAGE:
      return _oc_field_object (ctx, root, "message", OC_FIELD_REQUIRED, &object) &&
             (event->message = _oc_read_message (object, warnings, error)) != NULL;

    case OC_EVENT_CONVERSATION_REMOVED:
      {
        char id[ID_BUF];

        if (!_oc_field_id (ctx, root, "id", OC_FIELD_REQUIRED, id, NULL))
          return FALSE;
        event->id = g_strdup (id);
        return _oc_field_string (ctx, root, "reason", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &event->reason);
      }

    case OC_EVENT_RESYNC_REQUIRED:
    case OC_EVENT_ENDED:
      return _oc_field_string (ctx, root, "reason", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &event->reason);

    case OC_EVENT_HISTORY_END:
      return _oc_field_int (ctx, root, "last_seq", OC_FIELD_OPTIONAL, 0, OC_PROTOCOL_MAX_REVISION, &event->last_seq);

    case OC_EVENT_UNKNOWN:
    default:
      return TRUE;
    }
}

/**
 * oc_protocol_parse_event:
 * @max_length: %OC_PROTOCOL_MAX_EVENT_FRAME or %OC_PROTOCOL_MAX_TRANSCRIPT_FRAME
 *
 * Reads one WebSocket message of the events or the transcript socket. A type
 * this version does not know gives %OC_EVENT_UNKNOWN, to be ignored.
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 */
OcEvent *
oc_protocol_parse_event (const char  *data,
                         gsize        length,
                         gsize        max_length,
                         GError     **error)
{
  g_autoptr(OcJsonDoc) doc = NULL;
  g_autoptr(OcEvent) event = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  OcFieldCtx ctx = { "event", NULL, NULL, warnings, error };
  const OcJsonValue *root, *type;

  doc = _oc_json_doc_parse (data, length, max_length, error);
  if (doc == NULL)
    return NULL;
  root = _oc_json_doc_root (doc);
  if (!_oc_field_expect_root (&ctx, root))
    return NULL;

  type = _oc_json_object_get (root, "type");
  if (type == NULL || type->type == OC_JSON_NULL)
    {
      _oc_field_fail (&ctx, "type", OC_PROTOCOL_ERROR_MISSING_FIELD, _("missing"));
      return NULL;
    }
  if (type->type != OC_JSON_STRING)
    {
      _oc_field_fail (&ctx, "type", OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a string"));
      return NULL;
    }

  event = g_new0 (OcEvent, 1);
  event->type = OC_EVENT_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (event_types); i++)
    if (strlen (event_types[i].name) == type->len &&
        memcmp (event_types[i].name, type->u.s, type->len) == 0)
      event->type = event_types[i].type;

  if (event->type == OC_EVENT_UNKNOWN)
    {
      /* Not ours to judge: keep the revision when it reads well. */
      OcFieldCtx quiet = { "event", NULL, NULL, NULL, NULL };

      _oc_field_int (&quiet, root, "revision", OC_FIELD_OPTIONAL, 0, OC_PROTOCOL_MAX_REVISION, &event->revision);
      return g_steal_pointer (&event);
    }

  if (!read_event_body (event, root, &ctx))
    return NULL;

  if (warnings->len > 0)
    event->warnings = g_steal_pointer (&warnings);
  return g_steal_pointer (&event);
}

/**
 * oc_protocol_parse_error_body:
 * @code: (out) (optional): the error code, such as `state-changed`
 * @message: (out) (optional): the message for a person
 *
 * Returns: %TRUE when @data is `{"error": {"code": …, "message": …}}`
 */
gboolean
oc_protocol_parse_error_body (const char  *data,
                              gsize        length,
                              char       **code,
                              char       **message)
{
  g_autoptr(OcJsonDoc) doc = NULL;
  OcFieldCtx ctx = { "error", NULL, NULL, NULL, NULL };
  const OcJsonValue *body;
  g_autofree char *code_s = NULL;
  g_autofree char *message_s = NULL;

  doc = _oc_json_doc_parse (data, length, OC_PROTOCOL_MAX_EVENT_FRAME, NULL);
  if (doc == NULL)
    return FALSE;

  if (_oc_json_doc_root (doc)->type != OC_JSON_OBJECT ||
      !_oc_field_object (&ctx, _oc_json_doc_root (doc), "error", OC_FIELD_REQUIRED, &body) ||
      !_oc_field_string (&ctx, body, "code", OC_FIELD_REQUIRED, OC_PROTOCOL_MAX_NAME, &code_s) ||
      !_oc_field_string (&ctx, body, "message", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_SUBJECT, &message_s))
    return FALSE;

  if (code != NULL)
    *code = g_steal_pointer (&code_s);
  if (message != NULL)
    *message = g_steal_pointer (&message_s);
  return TRUE;
}

/**
 * oc_protocol_parse_me:
 * @user: (out) (optional): the user name
 * @role: (out) (optional): the role; `unknown` for a role we do not know
 *
 * Reads the body of `GET /api/v1/me`.
 */
gboolean
oc_protocol_parse_me (const char  *data,
                      gsize        length,
                      char       **user,
                      OcRole      *role,
                      GError     **error)
{
  g_autoptr(OcJsonDoc) doc = NULL;
  OcFieldCtx ctx = { "me", NULL, NULL, NULL, error };
  const OcJsonValue *root;
  g_autofree char *user_s = NULL;
  int role_v = 0;

  doc = _oc_json_doc_parse (data, length, OC_PROTOCOL_MAX_REQUEST_BODY, error);
  if (doc == NULL)
    return FALSE;
  root = _oc_json_doc_root (doc);

  if (!_oc_field_expect_root (&ctx, root) ||
      !_oc_field_string (&ctx, root, "user", OC_FIELD_REQUIRED, OC_PROTOCOL_MAX_NAME, &user_s) ||
      !_oc_field_enum (&ctx, root, "role", OC_FIELD_REQUIRED, OC_TYPE_ROLE, &role_v))
    return FALSE;

  if (user != NULL)
    *user = g_steal_pointer (&user_s);
  if (role != NULL)
    *role = role_v;
  return TRUE;
}
