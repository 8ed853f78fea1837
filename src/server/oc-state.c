// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-state"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-protocol.h"
#include "oc-state-private.h"

/**
 * OcState:
 *
 * The world kept in SQLite so a restart resumes: objects are stored as
 * their protocol JSON, written through in batches (one transaction every
 * %OC_STATE_FLUSH_MS while anything changed) and read back at start. The
 * writing half is oc-state-write.c.
 */
G_DEFINE_FINAL_TYPE (OcState, oc_state, G_TYPE_OBJECT)

static const char schema[] =
  "PRAGMA journal_mode=WAL;"
  "PRAGMA synchronous=NORMAL;"
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS workstreams (id TEXT PRIMARY KEY, json TEXT NOT NULL, pos INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS queues (id TEXT PRIMARY KEY, json TEXT NOT NULL, pos INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS agents (id TEXT PRIMARY KEY, json TEXT NOT NULL, pos INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, json TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS messages (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  json TEXT NOT NULL, PRIMARY KEY (conversation_id, seq));"
  "CREATE TABLE IF NOT EXISTS joined (conversation_id TEXT NOT NULL, user TEXT NOT NULL,"
  "  PRIMARY KEY (conversation_id, user));"
  "CREATE TABLE IF NOT EXISTS events (revision INTEGER PRIMARY KEY, json TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS idempotency (user TEXT NOT NULL, key TEXT NOT NULL,"
  "  status INTEGER NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (user, key));"
  /* Append-only: rows are inserted, never changed or deleted. */
  "CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);";

static void
pending_message_free (PendingMessage *p)
{
  g_free (p->conversation_id);
  g_object_unref (p->message);
  g_free (p);
}

static void
pending_join_free (PendingJoin *p)
{
  g_free (p->conversation_id);
  g_free (p->user);
  g_free (p);
}

static void
pending_idempotency_free (PendingIdempotency *p)
{
  g_free (p->user);
  g_free (p->key);
  g_free (p->body);
  g_free (p);
}

static void
unref_if_set (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

gboolean
_oc_state_sql_error (OcState  *self,
           GError  **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("State file: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_oc_state_exec (OcState     *self,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _oc_state_sql_error (self, error);
  return TRUE;
}

sqlite3_stmt *
_oc_state_prepare (OcState     *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _oc_state_sql_error (self, error);
      return NULL;
    }
  return stmt;
}

static void
oc_state_dispose (GObject *object)
{
  OcState *self = (OcState *) object;

  if (self->db != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!oc_state_flush (self, &error))
        g_warning ("Could not save the last changes: %s", error->message);
    }

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  g_clear_object (&self->world_signals);
  g_clear_object (&self->world);

  G_OBJECT_CLASS (oc_state_parent_class)->dispose (object);
}

static void
oc_state_finalize (GObject *object)
{
  OcState *self = (OcState *) object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->conversations, g_hash_table_unref);
  g_clear_pointer (&self->objects, g_hash_table_unref);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->event_revisions, g_array_unref);
  g_clear_pointer (&self->joins, g_ptr_array_unref);
  g_clear_pointer (&self->idempotency, g_ptr_array_unref);
  g_clear_pointer (&self->audit, g_ptr_array_unref);

  G_OBJECT_CLASS (oc_state_parent_class)->finalize (object);
}

static void
oc_state_class_init (OcStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oc_state_dispose;
  object_class->finalize = oc_state_finalize;
}

static void
oc_state_init (OcState *self)
{
  self->conversations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_if_set);
  self->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_message_free);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->event_revisions = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->joins = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_join_free);
  self->idempotency = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_idempotency_free);
  self->audit = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * oc_state_open:
 * @path: the SQLite file, created when missing
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the state in @path with its tables
 *   made, or %NULL with @error set when the file cannot be opened or written
 */
OcState *
oc_state_open (const char  *path,
               GError     **error)
{
  g_autoptr(OcState) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (OC_TYPE_STATE, NULL);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot open the state file %s: %s"),
                   path, self->db ? sqlite3_errmsg (self->db) : "?");
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 2000);
  if (!_oc_state_exec (self, schema, error))
    return NULL;

  return g_steal_pointer (&self);
}

static char *
get_meta (OcState    *self,
          const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = _oc_state_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * oc_state_has_world:
 *
 * Returns: whether the file holds a saved world
 */
gboolean
oc_state_has_world (OcState *self)
{
  g_autofree char *revision = NULL;

  g_return_val_if_fail (OC_IS_STATE (self), FALSE);

  revision = get_meta (self, "revision");
  return revision != NULL;
}

typedef gboolean (*RowFunc) (OcState       *self,
                             OcWorld       *world,
                             sqlite3_stmt  *stmt,
                             GError       **error);

static gboolean
each_row (OcState     *self,
          OcWorld     *world,
          const char  *sql,
          RowFunc      func,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _oc_state_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!func (self, world, stmt, error))
      return FALSE;

  if (rc != SQLITE_DONE)
    return _oc_state_sql_error (self, error);

  return TRUE;
}

#define LOAD_OBJECT(fn, Type, parse, load)                                   \
static gboolean                                                              \
fn (OcState *self, OcWorld *world, sqlite3_stmt *stmt, GError **error)       \
{                                                                            \
  const char *text = (const char *) sqlite3_column_text (stmt, 0);           \
  g_autoptr(Type) object = parse (text ? text : "", sqlite3_column_bytes (stmt, 0), \
                                  G_MAXSIZE, NULL, error);                   \
                                                                             \
  if (object == NULL)                                                        \
    return FALSE;                                                            \
  load (world, object);                                                      \
  return TRUE;                                                               \
}

LOAD_OBJECT (load_workstream_row, OcWorkstream, oc_protocol_parse_workstream, oc_world_load_workstream)
LOAD_OBJECT (load_queue_row, OcQueue, oc_protocol_parse_queue, oc_world_load_queue)
LOAD_OBJECT (load_agent_row, OcAgent, oc_protocol_parse_agent, oc_world_load_agent)
LOAD_OBJECT (load_conversation_row, OcConversation, oc_protocol_parse_conversation, oc_world_load_conversation)

static gboolean
load_message_row (OcState       *self,
                  OcWorld       *world,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  const char *text = (const char *) sqlite3_column_text (stmt, 1);
  g_autoptr(OcMessage) message = oc_protocol_parse_message (text ? text : "", sqlite3_column_bytes (stmt, 1),
                                                            G_MAXSIZE, NULL, error);

  if (message == NULL)
    return FALSE;
  oc_world_load_message (world, (const char *) sqlite3_column_text (stmt, 0), message);
  return TRUE;
}

static gboolean
load_joined_row (OcState       *self,
                 OcWorld       *world,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  oc_world_load_joined (world, (const char *) sqlite3_column_text (stmt, 0),
                        (const char *) sqlite3_column_text (stmt, 1));
  return TRUE;
}

static gboolean
load_event_row (OcState       *self,
                OcWorld       *world,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(GBytes) event = g_bytes_new (sqlite3_column_text (stmt, 1), sqlite3_column_bytes (stmt, 1));

  oc_world_load_event (world, sqlite3_column_int64 (stmt, 0), event);
  return TRUE;
}

/**
 * oc_state_load:
 * @world: an empty world to fill
 * @error: return location for a #GError
 *
 * Loads the saved world into @world, without events: objects, transcripts,
 * who joined, the change log, the revision and the clock offset. After a run
 * that did not stop cleanly, revisions continue after the last ones
 * reserved.
 *
 * Returns: %TRUE when loaded; %FALSE with @error set when the file holds no
 *   world (%G_IO_ERROR_NOT_FOUND) or a row cannot be read
 */
gboolean
oc_state_load (OcState  *self,
               OcWorld  *world,
               GError  **error)
{
  g_autofree char *revision = NULL;
  g_autofree char *offset = NULL;

  g_return_val_if_fail (OC_IS_STATE (self), FALSE);
  g_return_val_if_fail (OC_IS_WORLD (world), FALSE);

  revision = get_meta (self, "revision");
  offset = get_meta (self, "clock_offset");
  if (revision == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The state file holds no world"));
      return FALSE;
    }

  if (!each_row (self, world, "SELECT json FROM workstreams ORDER BY pos", load_workstream_row, error) ||
      !each_row (self, world, "SELECT json FROM queues ORDER BY pos", load_queue_row, error) ||
      !each_row (self, world, "SELECT json FROM agents ORDER BY pos", load_agent_row, error) ||
      !each_row (self, world, "SELECT json FROM conversations", load_conversation_row, error) ||
      !each_row (self, world, "SELECT conversation_id, user FROM joined", load_joined_row, error) ||
      !each_row (self, world, "SELECT conversation_id, json FROM messages ORDER BY conversation_id, seq",
                 load_message_row, error) ||
      !each_row (self, world, "SELECT revision, json FROM events ORDER BY revision", load_event_row, error))
    return FALSE;

  oc_world_set_revision (world, g_ascii_strtoll (revision, NULL, 10));
  {
    g_autofree char *reserved = get_meta (self, "reserved_revision");
    gint64 mark = reserved != NULL ? g_ascii_strtoll (reserved, NULL, 10) : 0;

    /* The last run stopped without oc_state_close(): it may have sent
     * revisions past the saved ones. Continue after all it could have
     * used, so none means two different changes. */
    if (mark > oc_world_get_revision (world))
      {
        g_message ("The last run did not stop cleanly: continuing after revision %" G_GINT64_FORMAT
                   " (saved %s); clients resynchronise", mark, revision);
        oc_world_skip_revisions (world, mark);
      }
    self->reserved_revision = mark;
  }
  if (offset != NULL)
    oc_world_set_clock_offset (world, g_ascii_strtod (offset, NULL));

  return TRUE;
}


/**
 * oc_state_archive_audit:
 * @before: Unix seconds: entries received earlier move out
 * @archive_prefix: the archive is the first free `@archive_prefix.audit-N.jsonl`
 * @n_moved: (out) (optional): how many moved
 * @error: return location for a #GError
 *
 * Bounds the audit log in the state (#22): moves the entries older than
 * @before, one JSON object a line, oldest first, into a new numbered archive
 * file, written and synced before they leave the state, so a crash between
 * the two keeps them twice, never nowhere. The newest entry always stays:
 * it carries the numbering on.
 *
 * Returns: %FALSE with @error set when the archive or the state could not
 *   be written (then nothing left the state)
 */
gboolean
oc_state_archive_audit (OcState     *self,
                        gint64       before,
                        const char  *archive_prefix,
                        guint       *n_moved,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *cutoff = oc_protocol_format_time (before);
  g_autofree char *path = NULL;
  gint64 last = 0;
  guint n = 0;
  int rc;

  g_return_val_if_fail (OC_IS_STATE (self), FALSE);

  if (n_moved != NULL)
    *n_moved = 0;
  /* Times are RFC 3339 in UTC ("…Z"): as text they sort as times. */
  stmt = _oc_state_prepare (self, "SELECT seq, json FROM audit WHERE json_extract (json, '$.at') < ? "
                                  "AND seq < (SELECT MAX (seq) FROM audit) ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, cutoff, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      last = sqlite3_column_int64 (stmt, 0);
      g_string_append_len (lines, (const char *) sqlite3_column_text (stmt, 1), sqlite3_column_bytes (stmt, 1));
      g_string_append_c (lines, '\n');
      n++;
    }
  if (rc != SQLITE_DONE)
    return _oc_state_sql_error (self, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (n == 0)
    return TRUE;

  for (guint i = 1; path == NULL || g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_free (path);
      path = g_strdup_printf ("%s.audit-%u.jsonl", archive_prefix, i);
    }
  if (!g_file_set_contents_full (path, lines->str, lines->len, G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_DURABLE, 0600, error))
    return FALSE;

  stmt = _oc_state_prepare (self, "DELETE FROM audit WHERE json_extract (json, '$.at') < ? AND seq <= ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, cutoff, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, last);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _oc_state_sql_error (self, error);
  if (n_moved != NULL)
    *n_moved = n;
  return TRUE;
}

/**
 * oc_state_load_audit:
 * @log: an empty audit log to fill
 * @keep: how many of the latest entries to read back
 * @error: return location for a #GError
 *
 * Reads the latest @keep entries of the audit log, oldest first, so that
 * @log continues numbering after the last one saved.
 *
 * Returns: %FALSE with @error set when an entry cannot be read
 */
gboolean
oc_state_load_audit (OcState     *self,
                     OcAuditLog  *log,
                     guint        keep,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (OC_IS_STATE (self), FALSE);
  g_return_val_if_fail (OC_IS_AUDIT_LOG (log), FALSE);

  stmt = _oc_state_prepare (self, "SELECT json FROM (SELECT seq, json FROM audit ORDER BY seq DESC LIMIT ?) "
                                  "ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, keep);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(OcAuditEntry) entry = oc_protocol_parse_audit_entry (text ? text : "", sqlite3_column_bytes (stmt, 0),
                                                                     G_MAXSIZE, NULL, error);
      if (entry == NULL)
        return FALSE;
      oc_audit_log_load (log, entry);
    }
  if (rc != SQLITE_DONE)
    return _oc_state_sql_error (self, error);
  return TRUE;
}
