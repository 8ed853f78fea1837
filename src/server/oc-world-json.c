// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-world"

#include "config.h"

#include "oc-protocol.h"
#include "oc-world-private.h"

/* The world's serialized forms, all made by the oc_protocol_write_*()
 * writers so the server and the client agree byte for byte. */

GBytes *
_oc_world_take_builder (JsonBuilder *builder)
{
  gsize length = 0;
  char *text = oc_protocol_builder_to_string (builder, &length);

  return g_bytes_new_take (text, length);
}

GBytes *
_oc_world_build_upsert (const char *type,
              gint64      revision,
              const char *member,
              GObject    *object)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, revision);
  json_builder_set_member_name (builder, member);
  if (OC_IS_AGENT (object))
    oc_protocol_write_agent (builder, OC_AGENT (object));
  else if (OC_IS_QUEUE (object))
    oc_protocol_write_queue (builder, OC_QUEUE (object));
  else
    oc_protocol_write_workstream (builder, OC_WORKSTREAM (object));
  json_builder_end_object (builder);

  return _oc_world_take_builder (builder);
}

/* The event is the cached conversation JSON inside a small envelope, so the
 * conversation is serialized once for the stream and the snapshots. */
GBytes *
_oc_world_build_conversation_upsert (gint64  revision,
                           GBytes *json)
{
  GString *text = g_string_sized_new (g_bytes_get_size (json) + 64);

  g_string_append_printf (text, "{\"type\":\"conversation.upsert\",\"revision\":%" G_GINT64_FORMAT ",\"conversation\":",
                          revision);
  g_string_append_len (text, g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_string_append_c (text, '}');

  return g_string_free_to_bytes (text);
}

/**
 * oc_world_get_conversation_json:
 * @conversation: a live conversation of the world
 *
 * The serialized form of @conversation by oc_protocol_write_conversation(),
 * cached until the conversation changes.
 *
 * Returns: (transfer full): the JSON object's bytes
 */
GBytes *
oc_world_get_conversation_json (OcWorld        *self,
                                OcConversation *conversation)
{
  OcWorldEntry *entry;
  GString *text;
  GBytes *json;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), NULL);

  entry = _oc_world_lookup_entry (self, oc_conversation_get_id (conversation));
  if (entry != NULL && entry->conversation == conversation && entry->json != NULL)
    return g_bytes_ref (entry->json);

  /* The same bytes as oc_protocol_write_conversation(), without a tree. */
  text = g_string_sized_new (512);
  oc_protocol_append_conversation (text, conversation);
  json = g_string_free_to_bytes (text);

  if (entry == NULL || entry->conversation != conversation)
    return json;

  entry->json = json;
  return g_bytes_ref (entry->json);
}

static void
append_array (GString    *text,
              const char *name,
              GPtrArray  *objects)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *json = NULL;
  gsize length = 0;

  json_builder_begin_array (builder);
  for (guint i = 0; i < objects->len; i++)
    {
      GObject *object = g_ptr_array_index (objects, i);

      if (OC_IS_AGENT (object))
        oc_protocol_write_agent (builder, OC_AGENT (object));
      else if (OC_IS_QUEUE (object))
        oc_protocol_write_queue (builder, OC_QUEUE (object));
      else
        oc_protocol_write_workstream (builder, OC_WORKSTREAM (object));
    }
  json_builder_end_array (builder);
  json = oc_protocol_builder_to_string (builder, &length);

  g_string_append_printf (text, ",\"%s\":", name);
  g_string_append_len (text, json, length);
}

/* Assembled from the writers' output piece by piece: the conversations'
 * JSON is cached, which keeps a 100,000-row snapshot cheap. */
/**
 * oc_world_build_snapshot:
 *
 * Returns: (transfer full): the whole world as GET /snapshot answers it
 */
GBytes *
oc_world_build_snapshot (OcWorld *self)
{
  g_autofree char *server_time = NULL;
  GString *text;
  g_autoptr(GPtrArray) conversations = NULL;
  gboolean first = TRUE;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  server_time = oc_protocol_format_time (oc_world_get_now (self));
  text = g_string_sized_new (4096 + 640 * (gsize) oc_world_get_n_conversations (self));
  g_string_append_printf (text, "{\"revision\":%" G_GINT64_FORMAT ",\"server_time\":\"%s\"",
                          oc_world_get_revision (self), server_time);
  append_array (text, "queues", oc_world_get_queues (self));
  append_array (text, "workstreams", oc_world_get_workstreams (self));
  append_array (text, "agents", oc_world_get_agents (self));
  g_string_append (text, ",\"conversations\":[");

  conversations = oc_world_list_conversations (self);
  for (guint i = 0; i < conversations->len; i++)
    {
      g_autoptr(GBytes) json = oc_world_get_conversation_json (self, g_ptr_array_index (conversations, i));

      if (!first)
        g_string_append_c (text, ',');
      first = FALSE;
      g_string_append_len (text, g_bytes_get_data (json, NULL), g_bytes_get_size (json));
    }

  g_string_append (text, "]}");

  return g_string_free_to_bytes (text);
}

/**
 * oc_world_build_message_frame:
 * @message: a transcript line
 *
 * Returns: (transfer full): the transcript socket's "message" frame for
 *   @message
 */
GBytes *
oc_world_build_message_frame (OcMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "message");
  json_builder_set_member_name (builder, "message");
  oc_protocol_write_message (builder, message);
  json_builder_end_object (builder);

  return _oc_world_take_builder (builder);
}
