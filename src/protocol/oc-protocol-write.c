// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-protocol"

#include "config.h"

#include <string.h>

#include "oc-protocol.h"
#include "oc-protocol-private.h"

/* Two writers. JsonBuilder for every object, for callers that compose a
 * message around it; and an appender for conversations, for the server's
 * snapshot of 100,000 of them, several times faster (bench-protocol prints
 * both). They must give the same bytes: tests/protocol/test-protocol.c and
 * the fuzz target check it. */

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_enum (JsonBuilder *builder,
          const char  *name,
          GType        type,
          int          value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, oc_enum_to_nick (type, value));
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       value)
{
  char text[OC_PROTOCOL_TIME_BUF];

  _oc_protocol_format_time_buf (value, text);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

/* 0 means "not set" and is written as null. */
static void
add_time_or_null (JsonBuilder *builder,
                  const char  *name,
                  gint64       value)
{
  if (value != 0)
    add_time (builder, name, value);
  else
    {
      json_builder_set_member_name (builder, name);
      json_builder_add_null_value (builder);
    }
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *strv)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

/**
 * oc_protocol_write_conversation:
 * @builder: a builder at a value position (after a member name, in an
 *   array, or empty)
 * @conversation: the conversation
 *
 * Adds the conversation as documented in docs/protocol.md, in its field
 * order. Unset optional times and a missing agent are null; a missing
 * sub-channel, and the help flag when none was raised, are left out. oc_protocol_append_conversation() writes the same
 * bytes faster.
 */
void
oc_protocol_write_conversation (JsonBuilder    *builder,
                                OcConversation *conversation)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (OC_IS_CONVERSATION (conversation));

  json_builder_begin_object (builder);
  add_string (builder, "id", oc_conversation_get_id (conversation));
  add_int (builder, "revision", oc_conversation_get_revision (conversation));
  add_string (builder, "subject", oc_conversation_get_subject (conversation));
  add_enum (builder, "status", OC_TYPE_STATUS, oc_conversation_get_status (conversation));
  add_enum (builder, "channel", OC_TYPE_CHANNEL, oc_conversation_get_channel (conversation));
  if (oc_conversation_get_sub_channel (conversation) != NULL)
    add_string (builder, "sub_channel", oc_conversation_get_sub_channel (conversation));
  add_string_or_null (builder, "queue_id", oc_conversation_get_queue_id (conversation));
  add_string_or_null (builder, "workstream_id", oc_conversation_get_workstream_id (conversation));
  add_string_or_null (builder, "agent_id", oc_conversation_get_agent_id (conversation));
  add_string (builder, "customer_name", oc_conversation_get_customer_name (conversation));
  add_time (builder, "created_at", oc_conversation_get_created_at (conversation));
  add_time (builder, "status_since", oc_conversation_get_status_since (conversation));
  add_time_or_null (builder, "first_assigned_at", oc_conversation_get_first_assigned_at (conversation));
  add_int (builder, "wait_seconds", oc_conversation_get_wait_seconds (conversation));
  add_time_or_null (builder, "waiting_since", oc_conversation_get_waiting_since (conversation));
  add_enum (builder, "sentiment", OC_TYPE_SENTIMENT, oc_conversation_get_sentiment (conversation));
  add_strv (builder, "skills", oc_conversation_get_skills (conversation));
  if (oc_conversation_get_flag_raised_at (conversation) != 0)
    {
      json_builder_set_member_name (builder, "flag");
      json_builder_begin_object (builder);
      add_string (builder, "reason", oc_conversation_get_flag_reason (conversation));
      add_time (builder, "raised_at", oc_conversation_get_flag_raised_at (conversation));
      add_time_or_null (builder, "lowered_at", oc_conversation_get_flag_lowered_at (conversation));
      add_string_or_null (builder, "lowered_by", oc_conversation_get_flag_lowered_by (conversation));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

/**
 * oc_protocol_write_agent:
 * @builder: a builder at a value position
 * @agent: the agent
 *
 * Adds the agent as documented in docs/protocol.md; `presence_text` is left
 * out when unset, `presence_since` is null when not known.
 */
void
oc_protocol_write_agent (JsonBuilder *builder,
                         OcAgent     *agent)
{
  const char * const *skills;

  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (OC_IS_AGENT (agent));

  json_builder_begin_object (builder);
  add_string (builder, "id", oc_agent_get_id (agent));
  add_string (builder, "name", oc_agent_get_name (agent));
  add_enum (builder, "presence", OC_TYPE_PRESENCE, oc_agent_get_presence (agent));
  if (oc_agent_get_presence_text (agent) != NULL)
    add_string (builder, "presence_text", oc_agent_get_presence_text (agent));
  add_time_or_null (builder, "presence_since", oc_agent_get_presence_since (agent));

  json_builder_set_member_name (builder, "capacity");
  json_builder_begin_object (builder);
  add_int (builder, "used", oc_agent_get_capacity_used (agent));
  add_int (builder, "total", oc_agent_get_capacity_total (agent));
  json_builder_end_object (builder);

  skills = oc_agent_get_skills (agent);
  json_builder_set_member_name (builder, "skills");
  json_builder_begin_array (builder);
  for (guint i = 0; skills[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "name", skills[i]);
      add_int (builder, "level", oc_agent_get_skill_level_at (agent, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_strv (builder, "queue_ids", oc_agent_get_queue_ids (agent));
  json_builder_end_object (builder);
}

/**
 * oc_protocol_write_queue:
 * @builder: a builder at a value position
 * @queue: the queue
 *
 * Adds the queue as documented in docs/protocol.md; a missing workstream is
 * null.
 */
void
oc_protocol_write_queue (JsonBuilder *builder,
                         OcQueue     *queue)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (OC_IS_QUEUE (queue));

  json_builder_begin_object (builder);
  add_string (builder, "id", oc_queue_get_id (queue));
  add_string (builder, "name", oc_queue_get_name (queue));
  add_string_or_null (builder, "workstream_id", oc_queue_get_workstream_id (queue));
  json_builder_end_object (builder);
}

/**
 * oc_protocol_write_workstream:
 * @builder: a builder at a value position
 * @workstream: the workstream
 *
 * Adds the workstream as documented in docs/protocol.md, its allowed
 * presences in the order of #OcPresence.
 */
void
oc_protocol_write_workstream (JsonBuilder  *builder,
                              OcWorkstream *workstream)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (OC_IS_WORKSTREAM (workstream));

  json_builder_begin_object (builder);
  add_string (builder, "id", oc_workstream_get_id (workstream));
  add_string (builder, "name", oc_workstream_get_name (workstream));
  add_enum (builder, "channel", OC_TYPE_CHANNEL, oc_workstream_get_channel (workstream));
  json_builder_set_member_name (builder, "allowed_presences");
  json_builder_begin_array (builder);
  for (OcPresence p = OC_PRESENCE_AVAILABLE; p <= OC_PRESENCE_OFFLINE; p++)
    if (oc_workstream_allows_presence (workstream, p))
      json_builder_add_string_value (builder, oc_enum_to_nick (OC_TYPE_PRESENCE, p));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * oc_protocol_write_message:
 * @builder: a builder at a value position
 * @message: the message
 *
 * Adds the transcript message as documented in docs/protocol.md.
 */
void
oc_protocol_write_message (JsonBuilder *builder,
                           OcMessage   *message)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (OC_IS_MESSAGE (message));

  json_builder_begin_object (builder);
  add_int (builder, "seq", oc_message_get_seq (message));
  add_time (builder, "at", oc_message_get_at (message));
  json_builder_set_member_name (builder, "sender");
  json_builder_begin_object (builder);
  add_enum (builder, "role", OC_TYPE_SENDER, oc_message_get_sender_role (message));
  add_string (builder, "name", oc_message_get_sender_name (message));
  json_builder_end_object (builder);
  add_enum (builder, "kind", OC_TYPE_MESSAGE_KIND, oc_message_get_kind (message));
  add_string (builder, "text", oc_message_get_text (message));
  json_builder_end_object (builder);
}

/**
 * oc_protocol_write_audit_entry:
 * @builder: a builder at a value position
 * @entry: the audit entry
 *
 * Adds the audit entry as documented in docs/protocol.md: `code` and
 * `reason` only for a refusal, `agent_id` and `queue_id` only when set.
 */
void
oc_protocol_write_audit_entry (JsonBuilder  *builder,
                               OcAuditEntry *entry)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (OC_IS_AUDIT_ENTRY (entry));

  json_builder_begin_object (builder);
  add_int (builder, "seq", oc_audit_entry_get_seq (entry));
  add_time (builder, "at", oc_audit_entry_get_at (entry));
  add_string (builder, "user", oc_audit_entry_get_user (entry));
  add_enum (builder, "action", OC_TYPE_AUDIT_ACTION, oc_audit_entry_get_action (entry));
  add_string (builder, "conversation_id", oc_audit_entry_get_conversation_id (entry));
  add_enum (builder, "outcome", OC_TYPE_AUDIT_OUTCOME, oc_audit_entry_get_outcome (entry));
  if (oc_audit_entry_get_outcome (entry) == OC_AUDIT_OUTCOME_REFUSED)
    {
      add_string (builder, "code", oc_audit_entry_get_code (entry));
      add_string (builder, "reason", oc_audit_entry_get_reason (entry));
    }
  if (oc_audit_entry_get_agent_id (entry) != NULL)
    add_string (builder, "agent_id", oc_audit_entry_get_agent_id (entry));
  if (oc_audit_entry_get_queue_id (entry) != NULL)
    add_string (builder, "queue_id", oc_audit_entry_get_queue_id (entry));
  json_builder_end_object (builder);
}

/**
 * oc_protocol_builder_to_string:
 * @builder: a builder whose root value is complete
 * @length: (out) (optional): bytes written, without the NUL
 *
 * Writes the builder's root as compact JSON, as json-glib's generator does
 * but with U+001F escaped (json-glib 1.6 writes it raw, which is not JSON).
 *
 * Returns: (transfer full): the NUL-terminated JSON text
 */
char *
oc_protocol_builder_to_string (JsonBuilder *builder,
                               gsize       *length)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  GString *fixed;

  g_return_val_if_fail (JSON_IS_BUILDER (builder), NULL);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);

  /* json-glib 1.6.6 escapes every control character but U+001F, which it
   * writes raw: invalid JSON that strict readers (ours) refuse. The byte can
   * only occur inside a string there, so escaping it in place is exact. */
  if (memchr (data, 0x1F, len) == NULL)
    {
      if (length != NULL)
        *length = len;
      return g_steal_pointer (&data);
    }

  fixed = g_string_sized_new (len + 32);
  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == 0x1F)
        g_string_append (fixed, "\\u001f");
      else
        g_string_append_c (fixed, data[i]);
    }
  if (length != NULL)
    *length = fixed->len;
  return g_string_free (fixed, FALSE);
}

/* As json-glib's generator escapes (lower-case \u00xx), U+001F included. */
static void
append_string (GString    *out,
               const char *s)
{
  const char *run = s;
  const char *p;

  g_string_append_c (out, '"');
  for (p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape = NULL;
      char buf[8];

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
        continue;

      switch (c)
        {
        case '"':  escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
          g_snprintf (buf, sizeof buf, "\\u%04x", c);
          escape = buf;
          break;
        }
      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* Every member but the first ("id", written by hand). */
static void
append_member (GString    *out,
               const char *name)
{
  g_string_append (out, ",\"");
  g_string_append (out, name);
  g_string_append (out, "\":");
}

static void
append_string_member (GString    *out,
                      const char *name,
                      const char *value)
{
  append_member (out, name);
  if (value != NULL)
    append_string (out, value);
  else
    g_string_append (out, "null");
}

static void
append_int_member (GString    *out,
                   const char *name,
                   gint64      value)
{
  append_member (out, name);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
append_time_member (GString    *out,
                    const char *name,
                    gint64      value,
                    gboolean    zero_is_null)
{
  char text[OC_PROTOCOL_TIME_BUF];

  append_member (out, name);
  if (value == 0 && zero_is_null)
    {
      g_string_append (out, "null");
      return;
    }
  _oc_protocol_format_time_buf (value, text);
  g_string_append_c (out, '"');
  g_string_append_len (out, text, OC_PROTOCOL_TIME_BUF - 1);
  g_string_append_c (out, '"');
}

/**
 * oc_protocol_append_conversation:
 * @out: where to append
 * @conversation: the conversation
 *
 * Appends the very bytes oc_protocol_write_conversation() and
 * oc_protocol_builder_to_string() give, without building a json-glib tree:
 * several times faster (bench-protocol prints both), for the server's
 * snapshot of 100,000 conversations.
 */
void
oc_protocol_append_conversation (GString        *out,
                                 OcConversation *conversation)
{
  const char * const *skills;
  const char *id;

  g_return_if_fail (out != NULL);
  g_return_if_fail (OC_IS_CONVERSATION (conversation));

  id = oc_conversation_get_id (conversation);
  g_string_append (out, "{\"id\":");
  append_string (out, id != NULL ? id : "");
  append_int_member (out, "revision", oc_conversation_get_revision (conversation));
  append_string_member (out, "subject", oc_conversation_get_subject (conversation));
  append_string_member (out, "status", oc_enum_to_nick (OC_TYPE_STATUS, oc_conversation_get_status (conversation)));
  append_string_member (out, "channel", oc_enum_to_nick (OC_TYPE_CHANNEL, oc_conversation_get_channel (conversation)));
  if (oc_conversation_get_sub_channel (conversation) != NULL)
    append_string_member (out, "sub_channel", oc_conversation_get_sub_channel (conversation));
  append_string_member (out, "queue_id", oc_conversation_get_queue_id (conversation));
  append_string_member (out, "workstream_id", oc_conversation_get_workstream_id (conversation));
  append_string_member (out, "agent_id", oc_conversation_get_agent_id (conversation));
  append_string_member (out, "customer_name", oc_conversation_get_customer_name (conversation));
  append_time_member (out, "created_at", oc_conversation_get_created_at (conversation), FALSE);
  append_time_member (out, "status_since", oc_conversation_get_status_since (conversation), FALSE);
  append_time_member (out, "first_assigned_at", oc_conversation_get_first_assigned_at (conversation), TRUE);
  append_int_member (out, "wait_seconds", oc_conversation_get_wait_seconds (conversation));
  append_time_member (out, "waiting_since", oc_conversation_get_waiting_since (conversation), TRUE);
  append_string_member (out, "sentiment",
                        oc_enum_to_nick (OC_TYPE_SENTIMENT, oc_conversation_get_sentiment (conversation)));

  append_member (out, "skills");
  g_string_append_c (out, '[');
  skills = oc_conversation_get_skills (conversation);
  for (guint i = 0; skills[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_string (out, skills[i]);
    }
  g_string_append_c (out, ']');

  if (oc_conversation_get_flag_raised_at (conversation) != 0)
    {
      append_member (out, "flag");
      g_string_append (out, "{\"reason\":");
      append_string (out, oc_conversation_get_flag_reason (conversation));
      append_time_member (out, "raised_at", oc_conversation_get_flag_raised_at (conversation), FALSE);
      append_time_member (out, "lowered_at", oc_conversation_get_flag_lowered_at (conversation), TRUE);
      append_string_member (out, "lowered_by", oc_conversation_get_flag_lowered_by (conversation));
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
}
