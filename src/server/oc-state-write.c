// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-state"

#include "config.h"

#include "oc-protocol.h"
#include "oc-state-private.h"

/* The writing half: the full save, and the batched write-through. */

static char *
write_object (GObject *object,
              gsize   *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (OC_IS_AGENT (object))
    oc_protocol_write_agent (builder, OC_AGENT (object));
  else if (OC_IS_QUEUE (object))
    oc_protocol_write_queue (builder, OC_QUEUE (object));
  else if (OC_IS_WORKSTREAM (object))
    oc_protocol_write_workstream (builder, OC_WORKSTREAM (object));
  else
    oc_protocol_write_message (builder, OC_MESSAGE (object));

  return oc_protocol_builder_to_string (builder, length);
}

static const char *
table_of (GObject *object)
{
  if (OC_IS_AGENT (object))
    return "agents";
  if (OC_IS_QUEUE (object))
    return "queues";
  return "workstreams";
}

static const char *
id_of (GObject *object)
{
  if (OC_IS_AGENT (object))
    return oc_agent_get_id (OC_AGENT (object));
  if (OC_IS_QUEUE (object))
    return oc_queue_get_id (OC_QUEUE (object));
  return oc_workstream_get_id (OC_WORKSTREAM (object));
}

static gboolean
step_done (OcState       *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return _oc_state_sql_error (self, error);
  return TRUE;
}

static gboolean
put_object_row (OcState  *self,
                GObject  *object,
                GError  **error)
{
  /* New objects go last, changed ones keep their place: snapshots list
   * them in the same order after a restart. */
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %1$s (id, json, pos) VALUES (?, ?, "
                                          "(SELECT COALESCE (MAX (pos), 0) + 1 FROM %1$s)) "
                                          "ON CONFLICT (id) DO UPDATE SET json = excluded.json",
                                          table_of (object));
  g_autoptr(sqlite3_stmt) stmt = _oc_state_prepare (self, sql, error);
  g_autofree char *json = NULL;
  gsize length = 0;

  if (stmt == NULL)
    return FALSE;

  json = write_object (object, &length);
  sqlite3_bind_text (stmt, 1, id_of (object), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, json, length, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

static gboolean
put_conversation_row (OcState         *self,
                      sqlite3_stmt    *stmt,
                      OcConversation  *conversation,
                      GError         **error)
{
  g_autoptr(GBytes) json = oc_world_get_conversation_json (self->world, conversation);

  sqlite3_bind_text (stmt, 1, oc_conversation_get_id (conversation), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, g_bytes_get_data (json, NULL), g_bytes_get_size (json), SQLITE_STATIC);
  return step_done (self, stmt, error);
}

static gboolean
put_message_row (OcState       *self,
                 sqlite3_stmt  *stmt,
                 const char    *conversation_id,
                 OcMessage     *message,
                 GError       **error)
{
  g_autofree char *json = NULL;
  gsize length = 0;

  json = write_object (G_OBJECT (message), &length);
  sqlite3_bind_text (stmt, 1, conversation_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, oc_message_get_seq (message));
  sqlite3_bind_text (stmt, 3, json, length, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

static gboolean
put_meta (OcState  *self,
          OcWorld  *world,
          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _oc_state_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);
  char revision[32];
  char offset[G_ASCII_DTOSTR_BUF_SIZE];

  if (stmt == NULL)
    return FALSE;

  g_snprintf (revision, sizeof revision, "%" G_GINT64_FORMAT, oc_world_get_revision (world));
  g_ascii_dtostr (offset, sizeof offset, oc_world_get_clock_offset (world));

  sqlite3_bind_text (stmt, 1, "revision", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, revision, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, "clock_offset", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, offset, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

static gboolean
rollback (OcState *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/**
 * oc_state_save_all:
 * @world: the world to save
 * @error: return location for a #GError
 *
 * Writes the whole world now, in one transaction, replacing what the file
 * held: for a world just built from scratch.
 *
 * Returns: %TRUE when written; %FALSE with @error set (the transaction is
 *   rolled back)
 */
gboolean
oc_state_save_all (OcState  *self,
                   OcWorld  *world,
                   GError  **error)
{
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(sqlite3_stmt) conv_stmt = NULL;
  g_autoptr(sqlite3_stmt) msg_stmt = NULL;
  GPtrArray *lists[3];

  g_return_val_if_fail (OC_IS_STATE (self), FALSE);
  g_return_val_if_fail (OC_IS_WORLD (world), FALSE);

  if (self->world == NULL)
    self->world = g_object_ref (world);

  if (!_oc_state_exec (self, "BEGIN;"
                   "DELETE FROM workstreams; DELETE FROM queues; DELETE FROM agents;"
                   "DELETE FROM conversations; DELETE FROM messages; DELETE FROM joined;"
                   "DELETE FROM events;", error))
    return FALSE;

  lists[0] = oc_world_get_workstreams (world);
  lists[1] = oc_world_get_queues (world);
  lists[2] = oc_world_get_agents (world);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      if (!put_object_row (self, g_ptr_array_index (lists[l], i), error))
        return rollback (self);

  conv_stmt = _oc_state_prepare (self, "INSERT OR REPLACE INTO conversations (id, json) VALUES (?, ?)", error);
  msg_stmt = _oc_state_prepare (self, "INSERT OR REPLACE INTO messages (conversation_id, seq, json) VALUES (?, ?, ?)", error);
  if (conv_stmt == NULL || msg_stmt == NULL)
    return rollback (self);

  conversations = oc_world_list_conversations (world);
  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *conversation = g_ptr_array_index (conversations, i);
      const char *id = oc_conversation_get_id (conversation);
      GPtrArray *transcript = oc_world_get_transcript (world, id);

      if (!put_conversation_row (self, conv_stmt, conversation, error))
        return rollback (self);
      for (guint m = 0; transcript != NULL && m < transcript->len; m++)
        if (!put_message_row (self, msg_stmt, id, g_ptr_array_index (transcript, m), error))
          return rollback (self);
    }

  if (!put_meta (self, world, error) || !_oc_state_exec (self, "COMMIT", error))
    return rollback (self);

  return TRUE;
}

static void schedule_flush (OcState *self);

gboolean
_oc_state_put_reserved_revision (OcState  *self,
                                 gint64    revision,
                                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, revision);
  if (!_oc_state_exec (self, "PRAGMA synchronous=FULL", error) ||
      !(stmt = _oc_state_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('reserved_revision', ?)",
                                  error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    return FALSE;
  self->reserved_revision = revision;
  return _oc_state_exec (self, "PRAGMA synchronous=NORMAL", error);
}

/* Reserves the next block of revisions before the first of them goes out:
 * one durable write every OC_STATE_REVISION_BLOCK changes. */
static void
reserve_revisions (OcState *self,
                   gint64   revision)
{
  g_autoptr(GError) error = NULL;

  if (revision <= self->reserved_revision)
    return;
  if (!_oc_state_put_reserved_revision (self, revision + OC_STATE_REVISION_BLOCK, &error))
    g_warning ("Could not reserve revisions: %s", error->message);
}

static void
on_change (OcWorld    *world,
           gint64      revision,
           GObject    *object,
           const char *removed_id,
           GBytes     *event,
           OcState    *self)
{
  reserve_revisions (self, revision);
  g_array_append_val (self->event_revisions, revision);
  g_ptr_array_add (self->events, g_bytes_ref (event));

  if (removed_id != NULL)
    g_hash_table_insert (self->conversations, g_strdup (removed_id), NULL);
  else if (OC_IS_CONVERSATION (object))
    g_hash_table_insert (self->conversations,
                         g_strdup (oc_conversation_get_id (OC_CONVERSATION (object))),
                         g_object_ref (object));
  else if (object != NULL)
    g_hash_table_insert (self->objects,
                         g_strdup_printf ("%s\n%s", table_of (object), id_of (object)),
                         g_object_ref (object));

  schedule_flush (self);
}

static void
on_message_added (OcWorld        *world,
                  OcConversation *conversation,
                  OcMessage      *message,
                  OcState        *self)
{
  PendingMessage *p = g_new0 (PendingMessage, 1);

  p->conversation_id = g_strdup (oc_conversation_get_id (conversation));
  p->message = g_object_ref (message);
  g_ptr_array_add (self->messages, p);
  schedule_flush (self);
}

static void
on_joined_changed (OcWorld    *world,
                   const char *conversation_id,
                   const char *user,
                   gboolean    joined,
                   OcState    *self)
{
  PendingJoin *p = g_new0 (PendingJoin, 1);

  p->conversation_id = g_strdup (conversation_id);
  p->user = g_strdup (user);
  p->joined = joined;
  g_ptr_array_add (self->joins, p);
  schedule_flush (self);
}

/**
 * oc_state_attach:
 * @world: the world to follow
 *
 * Follows @world's changes from now on, writing them through in batches:
 * one transaction every %OC_STATE_FLUSH_MS while anything changed.
 */
void
oc_state_attach (OcState *self,
                 OcWorld *world)
{
  g_return_if_fail (OC_IS_STATE (self));
  g_return_if_fail (OC_IS_WORLD (world));

  g_set_object (&self->world, world);
  reserve_revisions (self, oc_world_get_revision (world) + 1);
  if (self->world_signals == NULL)
    {
      self->world_signals = g_signal_group_new (OC_TYPE_WORLD);
      g_signal_group_connect (self->world_signals, "change", G_CALLBACK (on_change), self);
      g_signal_group_connect (self->world_signals, "message-added", G_CALLBACK (on_message_added), self);
      g_signal_group_connect (self->world_signals, "joined-changed", G_CALLBACK (on_joined_changed), self);
    }
  g_signal_group_set_target (self->world_signals, world);
}

/**
 * oc_state_put_idempotency:
 * @user: the user who sent the action
 * @key: the action's Idempotency-Key
 * @status: the HTTP status answered
 * @body: the body answered
 * @at: when, in Unix seconds
 *
 * Queues the answer to an action for the next write, so that a retry after
 * a restart gets the same answer.
 */
void
oc_state_put_idempotency (OcState    *self,
                          const char *user,
                          const char *key,
                          guint       status,
                          const char *body,
                          gint64      at)
{
  PendingIdempotency *p;

  g_return_if_fail (OC_IS_STATE (self));

  p = g_new0 (PendingIdempotency, 1);
  p->user = g_strdup (user);
  p->key = g_strdup (key);
  p->status = status;
  p->body = g_strdup (body);
  p->at = at;
  g_ptr_array_add (self->idempotency, p);
  schedule_flush (self);
}

/**
 * oc_state_load_idempotency:
 * @not_before: Unix seconds; older records are deleted
 * @func: (scope call): called for each record kept
 * @user_data: (closure func): data for @func
 *
 * Deletes the records older than @not_before and hands the rest to @func.
 */
void
oc_state_load_idempotency (OcState                *self,
                           gint64                  not_before,
                           OcStateIdempotencyFunc  func,
                           gpointer                user_data)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_if_fail (OC_IS_STATE (self));

  _oc_state_exec (self, "BEGIN", NULL);
  stmt = _oc_state_prepare (self, "DELETE FROM idempotency WHERE at < ?", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, not_before);
      step_done (self, stmt, NULL);
    }
  _oc_state_exec (self, "COMMIT", NULL);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _oc_state_prepare (self, "SELECT user, key, status, body, at FROM idempotency", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
          sqlite3_column_int (stmt, 2), (const char *) sqlite3_column_text (stmt, 3),
          sqlite3_column_int64 (stmt, 4), user_data);
}

/**
 * oc_state_put_audit:
 * @entry: an entry just appended to the audit log
 *
 * Queues @entry for the next write. The server answers the action only
 * after oc_state_flush_durable(), so no answered action misses its entry.
 */
void
oc_state_put_audit (OcState      *self,
                    OcAuditEntry *entry)
{
  g_return_if_fail (OC_IS_STATE (self));
  g_return_if_fail (OC_IS_AUDIT_ENTRY (entry));

  g_ptr_array_add (self->audit, g_object_ref (entry));
  schedule_flush (self);
}

static gboolean
oc_state_flush_cb (gpointer data)
{
  OcState *self = data;
  g_autoptr(GError) error = NULL;

  if (!oc_state_flush (self, &error))
    g_warning ("Could not save changes: %s", error->message);

  return G_SOURCE_REMOVE;
}

static void
schedule_flush (OcState *self)
{
  /* On the thread-default context: the server may run in a thread. */
  if (self->flush_source == NULL)
    {
      self->flush_source = g_timeout_source_new (OC_STATE_FLUSH_MS);
      g_source_set_callback (self->flush_source, oc_state_flush_cb, self, NULL);
      g_source_attach (self->flush_source, g_main_context_get_thread_default ());
    }
}

static gboolean
flush_pending (OcState  *self,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) event_stmt = NULL;
  g_autoptr(sqlite3_stmt) msg_stmt = NULL;
  g_autoptr(sqlite3_stmt) conv_stmt = NULL;
  g_autoptr(sqlite3_stmt) join_stmt = NULL;
  g_autoptr(sqlite3_stmt) unjoin_stmt = NULL;
  g_autoptr(sqlite3_stmt) idem_stmt = NULL;
  g_autoptr(sqlite3_stmt) audit_stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (!(event_stmt = _oc_state_prepare (self, "INSERT OR REPLACE INTO events (revision, json) VALUES (?, ?)", error)) ||
      !(msg_stmt = _oc_state_prepare (self, "INSERT OR REPLACE INTO messages (conversation_id, seq, json) VALUES (?, ?, ?)", error)) ||
      !(conv_stmt = _oc_state_prepare (self, "INSERT OR REPLACE INTO conversations (id, json) VALUES (?, ?)", error)) ||
      !(join_stmt = _oc_state_prepare (self, "INSERT OR IGNORE INTO joined (conversation_id, user) VALUES (?, ?)", error)) ||
      !(unjoin_stmt = _oc_state_prepare (self, "DELETE FROM joined WHERE conversation_id = ? AND user = ?", error)) ||
      !(idem_stmt = _oc_state_prepare (self, "INSERT OR REPLACE INTO idempotency (user, key, status, body, at) VALUES (?, ?, ?, ?, ?)", error)) ||
      !(audit_stmt = _oc_state_prepare (self, "INSERT INTO audit (seq, json) VALUES (?, ?)", error)))
    return FALSE;

  for (guint i = 0; i < self->audit->len; i++)
    {
      OcAuditEntry *entry = g_ptr_array_index (self->audit, i);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *json = NULL;
      gsize length = 0;

      oc_protocol_write_audit_entry (builder, entry);
      json = oc_protocol_builder_to_string (builder, &length);
      sqlite3_bind_int64 (audit_stmt, 1, oc_audit_entry_get_seq (entry));
      sqlite3_bind_text (audit_stmt, 2, json, length, SQLITE_STATIC);
      if (!step_done (self, audit_stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < self->events->len; i++)
    {
      GBytes *event = g_ptr_array_index (self->events, i);

      sqlite3_bind_int64 (event_stmt, 1, g_array_index (self->event_revisions, gint64, i));
      sqlite3_bind_text (event_stmt, 2, g_bytes_get_data (event, NULL), g_bytes_get_size (event), SQLITE_STATIC);
      if (!step_done (self, event_stmt, error))
        return FALSE;
    }

  if (self->events->len > 0)
    {
      g_autofree char *trim = g_strdup_printf ("DELETE FROM events WHERE revision <= %" G_GINT64_FORMAT,
                                               g_array_index (self->event_revisions, gint64, self->events->len - 1) -
                                               OC_WORLD_DEFAULT_LOG_CAPACITY);
      if (!_oc_state_exec (self, trim, error))
        return FALSE;
    }

  for (guint i = 0; i < self->messages->len; i++)
    {
      PendingMessage *p = g_ptr_array_index (self->messages, i);

      if (!put_message_row (self, msg_stmt, p->conversation_id, p->message, error))
        return FALSE;
    }

  for (guint i = 0; i < self->joins->len; i++)
    {
      PendingJoin *p = g_ptr_array_index (self->joins, i);
      sqlite3_stmt *stmt = p->joined ? join_stmt : unjoin_stmt;

      sqlite3_bind_text (stmt, 1, p->conversation_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, p->user, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  /* After the messages: a conversation gone in this batch takes its
   * transcript and joins with it. */
  g_hash_table_iter_init (&iter, self->conversations);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (value != NULL)
        {
          if (!put_conversation_row (self, conv_stmt, value, error))
            return FALSE;
          continue;
        }

      for (guint t = 0; t < 3; t++)
        {
          static const char * const deletes[] = {
            "DELETE FROM conversations WHERE id = ?",
            "DELETE FROM messages WHERE conversation_id = ?",
            "DELETE FROM joined WHERE conversation_id = ?",
          };
          g_autoptr(sqlite3_stmt) stmt = _oc_state_prepare (self, deletes[t], error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
          if (!step_done (self, stmt, error))
            return FALSE;
        }
    }

  g_hash_table_iter_init (&iter, self->objects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!put_object_row (self, value, error))
      return FALSE;

  for (guint i = 0; i < self->idempotency->len; i++)
    {
      PendingIdempotency *p = g_ptr_array_index (self->idempotency, i);

      sqlite3_bind_text (idem_stmt, 1, p->user, -1, SQLITE_STATIC);
      sqlite3_bind_text (idem_stmt, 2, p->key, -1, SQLITE_STATIC);
      sqlite3_bind_int (idem_stmt, 3, p->status);
      sqlite3_bind_text (idem_stmt, 4, p->body, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (idem_stmt, 5, p->at);
      if (!step_done (self, idem_stmt, error))
        return FALSE;
    }

  return self->world == NULL || put_meta (self, self->world, error);
}

/**
 * oc_state_flush_durable:
 *
 * Writes what is pending now, as oc_state_flush() does, and returns only
 * once it is on disk (the commit is synced): for an action, whose answer
 * may be sent only after its change and its idempotency record are kept.
 *
 * Returns: %FALSE with @error set when SQLite could not write it
 */
gboolean
oc_state_flush_durable (OcState  *self,
                        GError  **error)
{
  gboolean ok;

  g_return_val_if_fail (OC_IS_STATE (self), FALSE);

  if (!_oc_state_exec (self, "PRAGMA synchronous=FULL", error))
    return FALSE;
  ok = oc_state_flush (self, error);
  _oc_state_exec (self, "PRAGMA synchronous=NORMAL", NULL);
  return ok;
}

/**
 * oc_state_close:
 *
 * The last flush of a clean stop: writes what is pending and gives back
 * the revisions reserved but not used, so the next start continues from
 * the last one without making clients resync.
 *
 * Returns: %FALSE with @error set when SQLite could not write it
 */
gboolean
oc_state_close (OcState  *self,
                GError  **error)
{
  g_return_val_if_fail (OC_IS_STATE (self), FALSE);

  if (!oc_state_flush (self, error))
    return FALSE;
  if (self->world == NULL)
    return TRUE;
  return _oc_state_put_reserved_revision (self, oc_world_get_revision (self->world), error);
}

/**
 * oc_state_flush:
 * @error: return location for a #GError
 *
 * Writes every queued change now, in one transaction.
 *
 * Returns: %TRUE when written (or nothing was queued); %FALSE with @error
 *   set
 */
gboolean
oc_state_flush (OcState  *self,
                GError  **error)
{
  gboolean ok;

  g_return_val_if_fail (OC_IS_STATE (self), FALSE);

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }

  if (self->events->len == 0 && self->messages->len == 0 && self->joins->len == 0 &&
      self->idempotency->len == 0 && self->audit->len == 0 && g_hash_table_size (self->conversations) == 0 &&
      g_hash_table_size (self->objects) == 0)
    return TRUE;

  if (!_oc_state_exec (self, "BEGIN", error))
    return FALSE;

  ok = flush_pending (self, error) && _oc_state_exec (self, "COMMIT", error);
  if (!ok)
    rollback (self);

  /* Dropped either way: retrying a batch that failed would fail again. */
  g_ptr_array_set_size (self->events, 0);
  g_array_set_size (self->event_revisions, 0);
  g_ptr_array_set_size (self->messages, 0);
  g_ptr_array_set_size (self->joins, 0);
  g_ptr_array_set_size (self->idempotency, 0);
  g_ptr_array_set_size (self->audit, 0);
  g_hash_table_remove_all (self->conversations);
  g_hash_table_remove_all (self->objects);

  return ok;
}
