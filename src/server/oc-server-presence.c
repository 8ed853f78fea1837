// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-server"

#include "config.h"

#include "oc-protocol.h"
#include "oc-server-private.h"

/* Presence on a conversation (#22): who monitors it (a transcript socket
 * open) and who has joined, published as conversation.presence whenever
 * that changes, and in full to each events socket after its hello. It is
 * not a change: no revision of its own, nothing saved (sockets do not
 * outlive a restart). */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The watchers array of @conversation_id as JSON, or NULL when nobody
 * watches: monitoring users first by name, each once. */
static char *
build_watchers (OcServer   *self,
                const char *conversation_id)
{
  GPtrArray *subs = g_hash_table_lookup (self->transcript_subscribers, conversation_id);
  GPtrArray *joined = oc_world_get_joined (self->world, conversation_id);
  g_autoptr(GHashTable) monitoring = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) users = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = NULL;

  for (guint i = 0; subs != NULL && i < subs->len; i++)
    {
      OcSubscriber *sub = g_ptr_array_index (subs, i);

      /* The customer's stream is not someone watching. */
      if (sub->user != NULL && !sub->closing && !sub->customer && g_hash_table_add (monitoring, sub->user))
        g_ptr_array_add (users, sub->user);
    }
  for (guint i = 0; joined != NULL && i < joined->len; i++)
    if (!g_hash_table_contains (monitoring, g_ptr_array_index (joined, i)))
      g_ptr_array_add (users, g_ptr_array_index (joined, i));

  if (users->len == 0)
    return NULL;
  g_ptr_array_sort (users, compare_names);

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    {
      const char *user = g_ptr_array_index (users, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user");
      json_builder_add_string_value (builder, user);
      json_builder_set_member_name (builder, "monitoring");
      json_builder_add_boolean_value (builder, g_hash_table_contains (monitoring, user));
      json_builder_set_member_name (builder, "joined");
      json_builder_add_boolean_value (builder, oc_world_has_joined (self->world, conversation_id, user));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return oc_protocol_builder_to_string (builder, NULL);
}

static GBytes *
build_frame (OcServer   *self,
             const char *conversation_id,
             const char *watchers)
{
  g_autofree char *id = g_strescape (conversation_id, NULL);
  g_autoptr(GBytes) payload = NULL;
  char *text;

  /* Ids are plain ASCII without quotes (oc_protocol_is_valid_id). */
  text = g_strdup_printf ("{\"type\":\"conversation.presence\",\"revision\":%" G_GINT64_FORMAT
                          ",\"conversation_id\":\"%s\",\"watchers\":%s}",
                          oc_world_get_revision (self->world), id, watchers != NULL ? watchers : "[]");
  payload = g_bytes_new_take (text, strlen (text));
  return _oc_frame_text (payload);
}

/**
 * _oc_server_presence_changed:
 * @conversation_id: a conversation whose watchers may have changed
 *
 * Tells every events socket when who watches @conversation_id changed.
 */
void
_oc_server_presence_changed (OcServer   *self,
                             const char *conversation_id)
{
  g_autofree char *watchers = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GPtrArray) subs = NULL;
  const char *before;

  if (self->world == NULL)
    return;

  watchers = build_watchers (self, conversation_id);
  before = g_hash_table_lookup (self->presence, conversation_id);
  if (g_strcmp0 (before, watchers) == 0)
    return;

  frame = build_frame (self, conversation_id, watchers);
  if (watchers != NULL)
    g_hash_table_replace (self->presence, g_strdup (conversation_id), g_steal_pointer (&watchers));
  else
    g_hash_table_remove (self->presence, conversation_id);

  subs = g_ptr_array_copy (self->event_subscribers, NULL, NULL);
  for (guint i = 0; i < subs->len; i++)
    _oc_subscriber_send_frame (g_ptr_array_index (subs, i), frame);
}

/**
 * _oc_server_send_presence:
 * @sub: an events socket, just after its hello
 *
 * Sends who watches each conversation that anyone watches now.
 */
void
_oc_server_send_presence (OcServer     *self,
                          OcSubscriber *sub)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->presence);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GBytes) frame = build_frame (self, key, value);

      _oc_subscriber_send_frame (sub, frame);
    }
}
