// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-protocol.h"
#include "oc-server-private.h"

/* The two WebSockets: the events stream (hello, replay or resync, live
 * changes, pings) and a conversation's transcript (history, history-end,
 * live lines, ended). The upgrade is done here rather than by SoupServer's
 * websocket handler so the connection's stream can be wrapped in an
 * OcCountingStream, which is how a slow subscriber is noticed. */

typedef struct {
  OcServer *server;
  gint64    since;            /* events: -1 when absent */
  gint64    after;            /* transcript */
  char     *conversation_id;  /* transcript, else NULL */
  char     *user;
  gboolean  customer;         /* transcript: ?audience=customer */
} Upgrade;

static void
upgrade_free (gpointer data)
{
  Upgrade *upgrade = data;

  g_free (upgrade->conversation_id);
  g_free (upgrade->user);
  g_free (upgrade);
}

static void
send_hello (OcSubscriber *sub,
            OcServer     *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *now = oc_protocol_format_time (oc_world_get_now (self->world));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "hello");
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, oc_world_get_revision (self->world));
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "ping_interval");
  json_builder_add_int_value (builder, self->ping_interval);
  json_builder_end_object (builder);

  _oc_subscriber_send_builder (sub, builder);
}

static void
send_typed (OcSubscriber *sub,
            const char   *type,
            gint64        revision,
            const char   *field,
            const char   *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  if (revision >= 0)
    {
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, revision);
    }
  json_builder_set_member_name (builder, field);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);

  _oc_subscriber_send_builder (sub, builder);
}

static void
complete_events (SoupServerMessage *msg,
                 Upgrade           *upgrade)
{
  OcServer *self = upgrade->server;
  g_autoptr(GPtrArray) replay = NULL;
  OcSubscriber *sub;

  if (self->world == NULL || !(sub = _oc_subscriber_new (self, msg)))
    return;

  send_hello (sub, self);

  if (upgrade->since >= 0)
    {
      replay = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

      if (oc_world_collect_since (self->world, upgrade->since, replay))
        for (guint i = 0; i < replay->len; i++)
          _oc_subscriber_send (sub, g_ptr_array_index (replay, i));
      else
        send_typed (sub, "resync-required", oc_world_get_revision (self->world), "reason",
                    upgrade->since > oc_world_get_revision (self->world) ? "unknown-revision" : "log-truncated");
    }

  _oc_server_send_presence (self, sub);
  g_ptr_array_add (self->event_subscribers, sub);
}

static void
send_ended (OcSubscriber *sub,
            const char   *reason)
{
  send_typed (sub, "ended", -1, "reason", reason);
  _oc_subscriber_close_when_flushed (sub, SOUP_WEBSOCKET_CLOSE_NORMAL);
}

static void
complete_transcript (SoupServerMessage *msg,
                     Upgrade           *upgrade)
{
  OcServer *self = upgrade->server;
  g_autoptr(JsonBuilder) builder = NULL;
  GPtrArray *transcript;
  GPtrArray *subs;
  OcSubscriber *sub;

  if (self->world == NULL || !(sub = _oc_subscriber_new (self, msg)))
    return;

  sub->conversation_id = g_strdup (upgrade->conversation_id);
  sub->user = g_strdup (upgrade->user);
  sub->customer = upgrade->customer;
  /* No JSON pings here: libsoup's protocol pings keep the socket alive. */
  soup_websocket_connection_set_keepalive_interval (sub->connection, self->ping_interval);

  subs = g_hash_table_lookup (self->transcript_subscribers, sub->conversation_id);
  if (subs == NULL)
    {
      subs = g_ptr_array_new ();
      g_hash_table_insert (self->transcript_subscribers, g_strdup (sub->conversation_id), subs);
    }
  g_ptr_array_add (subs, sub);

  if (oc_world_lookup_conversation (self->world, sub->conversation_id) == NULL)
    {
      /* It ended between the handshake and now. */
      send_ended (sub, "closed");
      return;
    }

  transcript = oc_world_get_transcript (self->world, sub->conversation_id);
  for (guint i = 0; transcript != NULL && i < transcript->len; i++)
    {
      OcMessage *message = g_ptr_array_index (transcript, i);
      g_autoptr(GBytes) frame = NULL;

      if (oc_message_get_seq (message) <= upgrade->after ||
          (sub->customer && oc_message_get_kind (message) == OC_MESSAGE_KIND_WHISPER))
        continue;
      frame = oc_world_build_message_frame (message);
      _oc_subscriber_send (sub, frame);
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "history-end");
  json_builder_set_member_name (builder, "last_seq");
  json_builder_add_int_value (builder, oc_world_get_last_seq (self->world, sub->conversation_id));
  json_builder_end_object (builder);
  _oc_subscriber_send_builder (sub, builder);

  _oc_server_presence_changed (self, sub->conversation_id);
}

static void
wrote_informational_cb (SoupServerMessage *msg,
                        Upgrade           *upgrade)
{
  g_autoptr(SoupServerMessage) held = g_object_ref (msg);

  if (soup_server_message_get_status (msg) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;

  if (upgrade->conversation_id != NULL)
    complete_transcript (msg, upgrade);
  else
    complete_events (msg, upgrade);
}

static gboolean
parse_query_int (GHashTable        *query,
                 const char        *name,
                 gint64             max,
                 gint64            *out,
                 SoupServerMessage *msg)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  guint64 value;

  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be a whole number from 0 to %lld."),
                                                  name, (long long) max);
      _oc_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", message);
      return FALSE;
    }

  *out = (gint64) value;
  return TRUE;
}

static void
start_upgrade (OcServer          *self,
               SoupServerMessage *msg,
               Upgrade           *upgrade)
{
  g_autoptr(GError) error = NULL;

  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("This is a WebSocket; the upgrade failed: %s"), error->message);

      _oc_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", message);
      upgrade_free (upgrade);
      return;
    }

  if (!soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL))
    {
      upgrade_free (upgrade);
      return;
    }

  upgrade->server = self;
  g_signal_connect_data (msg, "wrote-informational", G_CALLBACK (wrote_informational_cb),
                         upgrade, (GClosureNotify) (void (*) (void)) upgrade_free, 0);
}

void
_oc_server_handle_events (OcServer          *self,
                          SoupServerMessage *msg,
                          GHashTable        *query)
{
  Upgrade *upgrade = g_new0 (Upgrade, 1);

  upgrade->since = -1;
  if (!parse_query_int (query, "since", OC_PROTOCOL_MAX_REVISION, &upgrade->since, msg))
    {
      upgrade_free (upgrade);
      return;
    }

  start_upgrade (self, msg, upgrade);
}

void
_oc_server_handle_transcript (OcServer          *self,
                              SoupServerMessage *msg,
                              const char        *conversation_id,
                              const char        *user,
                              GHashTable        *query)
{
  Upgrade *upgrade;

  if (oc_world_lookup_conversation (self->world, conversation_id) == NULL)
    {
      _oc_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
                                _("There is no live conversation with this id; it may have ended."));
      return;
    }

  upgrade = g_new0 (Upgrade, 1);
  upgrade->conversation_id = g_strdup (conversation_id);
  upgrade->user = g_strdup (user);
  if (!parse_query_int (query, "after", G_MAXINT64, &upgrade->after, msg))
    {
      upgrade_free (upgrade);
      return;
    }
  {
    const char *audience = query != NULL ? g_hash_table_lookup (query, "audience") : NULL;

    if (audience != NULL && !g_str_equal (audience, "customer") && !g_str_equal (audience, "agent"))
      {
        _oc_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                                  _("“audience” is “agent” or “customer”."));
        upgrade_free (upgrade);
        return;
      }
    upgrade->customer = g_strcmp0 (audience, "customer") == 0;
  }

  start_upgrade (self, msg, upgrade);
}

static void
on_change (OcWorld    *world,
           gint64      revision,
           GObject    *object,
           const char *removed_id,
           GBytes     *event,
           OcServer   *self)
{
  g_autoptr(GPtrArray) subs = NULL;
  g_autoptr(GBytes) frame = NULL;

  if (self->hook != NULL)
    self->hook (revision, self->hook_data);

  if (self->event_subscribers->len == 0)
    return;

  /* On a copy: a send may close a subscriber. */
  subs = g_ptr_array_copy (self->event_subscribers, NULL, NULL);
  frame = _oc_frame_text (event);
  for (guint i = 0; i < subs->len; i++)
    _oc_subscriber_send_frame (g_ptr_array_index (subs, i), frame);
}

static void
on_message_added (OcWorld        *world,
                  OcConversation *conversation,
                  OcMessage      *message,
                  OcServer       *self)
{
  GPtrArray *subs = g_hash_table_lookup (self->transcript_subscribers, oc_conversation_get_id (conversation));
  g_autoptr(GPtrArray) copy = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) framed = NULL;

  if (subs == NULL)
    return;

  /* Serialized only when someone watches this conversation. */
  copy = g_ptr_array_copy (subs, NULL, NULL);
  payload = oc_world_build_message_frame (message);
  framed = _oc_frame_text (payload);
  for (guint i = 0; i < copy->len; i++)
    {
      OcSubscriber *sub = g_ptr_array_index (copy, i);

      /* Enforced here, not left to clients: a whisper is for the agent. */
      if (sub->customer && oc_message_get_kind (message) == OC_MESSAGE_KIND_WHISPER)
        continue;
      _oc_subscriber_send_frame (sub, framed);
    }
}

static void
on_conversation_removed (OcWorld    *world,
                         const char *id,
                         const char *reason,
                         OcServer   *self)
{
  GPtrArray *subs = g_hash_table_lookup (self->transcript_subscribers, id);
  g_autoptr(GPtrArray) copy = NULL;

  /* Its watchers go with it; consoles drop the conversation anyway. */
  g_hash_table_remove (self->presence, id);
  if (subs == NULL)
    return;

  copy = g_ptr_array_copy (subs, NULL, NULL);
  for (guint i = 0; i < copy->len; i++)
    send_ended (g_ptr_array_index (copy, i), reason);
}

/* Not a change: it carries the current revision, as a ping does, and is
 * not replayed; a console reads what it missed with GET /api/v1/audit. */
void
_oc_server_broadcast_audit (OcServer     *self,
                            OcAuditEntry *entry)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GPtrArray) subs = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) frame = NULL;
  gsize length = 0;
  char *text;

  if (self->world == NULL || self->event_subscribers->len == 0)
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "audit.entry");
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, oc_world_get_revision (self->world));
  json_builder_set_member_name (builder, "entry");
  oc_protocol_write_audit_entry (builder, entry);
  json_builder_end_object (builder);
  text = oc_protocol_builder_to_string (builder, &length);
  payload = g_bytes_new_take (text, length);
  frame = _oc_frame_text (payload);

  subs = g_ptr_array_copy (self->event_subscribers, NULL, NULL);
  for (guint i = 0; i < subs->len; i++)
    _oc_subscriber_send_frame (g_ptr_array_index (subs, i), frame);
}

static void
on_joined_changed (OcWorld    *world,
                   const char *conversation_id,
                   const char *user,
                   gboolean    joined,
                   OcServer   *self)
{
  _oc_server_presence_changed (self, conversation_id);
}

static gboolean
ping_cb (gpointer data)
{
  OcServer *self = data;
  gint64 now = g_get_monotonic_time ();
  gint64 idle = (gint64) self->ping_interval * G_USEC_PER_SEC;
  g_autoptr(GBytes) ping = NULL;

  for (guint i = 0; i < self->event_subscribers->len; i++)
    {
      OcSubscriber *sub = g_ptr_array_index (self->event_subscribers, i);

      if (now - sub->last_sent < idle)
        continue;

      if (ping == NULL)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autofree char *time = oc_protocol_format_time (oc_world_get_now (self->world));
          gsize length = 0;
          char *text;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "ping");
          json_builder_set_member_name (builder, "revision");
          json_builder_add_int_value (builder, oc_world_get_revision (self->world));
          json_builder_set_member_name (builder, "server_time");
          json_builder_add_string_value (builder, time);
          json_builder_end_object (builder);
          text = oc_protocol_builder_to_string (builder, &length);
          ping = g_bytes_new_take (text, length);
        }

      _oc_subscriber_send (sub, ping);
    }

  return G_SOURCE_CONTINUE;
}

void
_oc_server_restart_pings (OcServer *self)
{
  if (self->ping_source != NULL)
    {
      g_source_destroy (self->ping_source);
      g_clear_pointer (&self->ping_source, g_source_unref);
    }

  /* Checked four times an interval: no socket stays silent much longer
   * than the interval, far from the client's limit of twice that. */
  self->ping_source = _oc_server_add_timeout (self, MAX (1, self->ping_interval * 1000 / 4), ping_cb);
}

void
_oc_server_sockets_init (OcServer *self)
{
  self->event_subscribers = g_ptr_array_new ();
  self->transcript_subscribers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  self->presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->world_signals = g_signal_group_new (OC_TYPE_WORLD);
  g_signal_group_connect (self->world_signals, "change", G_CALLBACK (on_change), self);
  g_signal_group_connect (self->world_signals, "message-added", G_CALLBACK (on_message_added), self);
  g_signal_group_connect (self->world_signals, "conversation-removed",
                          G_CALLBACK (on_conversation_removed), self);
  g_signal_group_connect (self->world_signals, "joined-changed", G_CALLBACK (on_joined_changed), self);
  g_signal_group_set_target (self->world_signals, self->world);

  _oc_server_restart_pings (self);
}

static void
release (OcSubscriber *sub)
{
  /* The subscriber frees itself when its socket reports closed. */
  sub->server = NULL;
  _oc_subscriber_close_now (sub, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
}

void
_oc_server_sockets_shutdown (OcServer *self)
{
  GHashTableIter iter;
  GPtrArray *subs;

  if (self->ping_source != NULL)
    {
      g_source_destroy (self->ping_source);
      g_clear_pointer (&self->ping_source, g_source_unref);
    }

  g_clear_object (&self->world_signals);

  for (guint i = 0; self->event_subscribers && i < self->event_subscribers->len; i++)
    release (g_ptr_array_index (self->event_subscribers, i));
  if (self->event_subscribers)
    g_ptr_array_set_size (self->event_subscribers, 0);

  if (self->transcript_subscribers != NULL)
    {
      g_hash_table_iter_init (&iter, self->transcript_subscribers);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &subs))
        for (guint i = 0; i < subs->len; i++)
          release (g_ptr_array_index (subs, i));
      g_hash_table_remove_all (self->transcript_subscribers);
    }
}

/**
 * oc_server_get_n_subscribers:
 *
 * Returns: how many WebSocket subscribers are connected, events and
 *   transcript sockets together
 */
guint
oc_server_get_n_subscribers (OcServer *self)
{
  GHashTableIter iter;
  GPtrArray *subs;
  guint n;

  g_return_val_if_fail (OC_IS_SERVER (self), 0);

  n = self->event_subscribers ? self->event_subscribers->len : 0;
  if (self->transcript_subscribers != NULL)
    {
      g_hash_table_iter_init (&iter, self->transcript_subscribers);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &subs))
        n += subs->len;
    }

  return n;
}
