// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-audit-log"

#include "config.h"

#include "oc-audit-log.h"

/**
 * OcAuditLog:
 *
 * The server's record of what supervisors did: append-only, numbered from
 * 1 without reuse (across restarts too: it continues after the last entry
 * the state file holds). The latest entries stay in memory for
 * `GET /api/v1/audit`; OcState writes each one before the action that made
 * it is answered.
 */
struct _OcAuditLog
{
  GObject    parent_instance;

  GPtrArray *entries;   /* OcAuditEntry, oldest first */
  gint64     last_seq;
  guint      keep;
};

G_DEFINE_FINAL_TYPE (OcAuditLog, oc_audit_log, G_TYPE_OBJECT)

static void
oc_audit_log_finalize (GObject *object)
{
  OcAuditLog *self = OC_AUDIT_LOG (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (oc_audit_log_parent_class)->finalize (object);
}

static void
oc_audit_log_class_init (OcAuditLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = oc_audit_log_finalize;
}

static void
oc_audit_log_init (OcAuditLog *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->keep = OC_AUDIT_LOG_DEFAULT_KEEP;
}

OcAuditLog *
oc_audit_log_new (void)
{
  return g_object_new (OC_TYPE_AUDIT_LOG, NULL);
}

static void
trim (OcAuditLog *self)
{
  /* In steps of a tenth, not one entry at a time: removing from the front
   * of the array moves all of it. */
  if (self->entries->len > self->keep + self->keep / 10)
    g_ptr_array_remove_range (self->entries, 0, self->entries->len - self->keep);
}

/**
 * oc_audit_log_append:
 * @at: when the action was asked for, Unix seconds
 * @user: who asked
 * @action: what
 * @conversation_id: on which conversation
 * @outcome: done or refused
 * @code: (nullable): a refusal's error code
 * @reason: (nullable): a refusal's message
 * @agent_id: (nullable): the agent named by an assign or transfer
 * @queue_id: (nullable): the queue named by an assign
 *
 * Returns: (transfer none): the new entry, numbered after the last one
 */
OcAuditEntry *
oc_audit_log_append (OcAuditLog     *self,
                     gint64          at,
                     const char     *user,
                     OcAuditAction   action,
                     const char     *conversation_id,
                     OcAuditOutcome  outcome,
                     const char     *code,
                     const char     *reason,
                     const char     *agent_id,
                     const char     *queue_id)
{
  OcAuditEntry *entry;

  g_return_val_if_fail (OC_IS_AUDIT_LOG (self), NULL);

  entry = oc_audit_entry_new_full (++self->last_seq, at, user, action, conversation_id, outcome,
                                   outcome == OC_AUDIT_OUTCOME_REFUSED ? code : NULL,
                                   outcome == OC_AUDIT_OUTCOME_REFUSED ? reason : NULL,
                                   agent_id, queue_id);
  g_ptr_array_add (self->entries, entry);
  trim (self);
  return entry;
}

/**
 * oc_audit_log_load:
 * @entry: an entry read back from the state, after every earlier one
 *
 * Takes a saved entry back; the next one appended continues after it.
 */
void
oc_audit_log_load (OcAuditLog   *self,
                   OcAuditEntry *entry)
{
  g_return_if_fail (OC_IS_AUDIT_LOG (self));
  g_return_if_fail (OC_IS_AUDIT_ENTRY (entry));

  g_ptr_array_add (self->entries, g_object_ref (entry));
  self->last_seq = MAX (self->last_seq, oc_audit_entry_get_seq (entry));
  trim (self);
}

void
oc_audit_log_set_keep (OcAuditLog *self,
                       guint       keep)
{
  g_return_if_fail (OC_IS_AUDIT_LOG (self));

  self->keep = MAX (keep, 1);
  trim (self);
}

guint
oc_audit_log_get_n_entries (OcAuditLog *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_LOG (self), 0);
  return self->entries->len;
}

gint64
oc_audit_log_get_last_seq (OcAuditLog *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_LOG (self), 0);
  return self->last_seq;
}

/**
 * oc_audit_log_query:
 * @before: only entries with a smaller seq; 0 for the newest
 * @limit: at most this many
 * @user: (nullable): only this supervisor's
 * @action: only this action, or %OC_AUDIT_ACTION_UNKNOWN for all
 * @next_before: (out): the @before of the next page, 0 when none is left
 *
 * One page of the log, newest first.
 *
 * Returns: (transfer container) (element-type OcAuditEntry): the entries
 */
GPtrArray *
oc_audit_log_query (OcAuditLog    *self,
                    gint64         before,
                    guint          limit,
                    const char    *user,
                    OcAuditAction  action,
                    gint64        *next_before)
{
  GPtrArray *page;
  guint i;

  g_return_val_if_fail (OC_IS_AUDIT_LOG (self), NULL);

  page = g_ptr_array_new_with_free_func (g_object_unref);
  *next_before = 0;

  for (i = self->entries->len; i > 0; i--)
    {
      OcAuditEntry *entry = g_ptr_array_index (self->entries, i - 1);

      if (before > 0 && oc_audit_entry_get_seq (entry) >= before)
        continue;
      if (user != NULL && g_strcmp0 (oc_audit_entry_get_user (entry), user) != 0)
        continue;
      if (action != OC_AUDIT_ACTION_UNKNOWN && oc_audit_entry_get_action (entry) != action)
        continue;
      if (page->len == limit)
        {
          /* One more matches: there is a next page, from the last one kept. */
          *next_before = oc_audit_entry_get_seq (g_ptr_array_index (page, page->len - 1));
          break;
        }
      g_ptr_array_add (page, g_object_ref (entry));
    }

  return page;
}
