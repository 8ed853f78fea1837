// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-audit-entry"

#include "config.h"

#include "oc-audit-entry.h"

/**
 * OcAuditEntry:
 *
 * One line of the server's audit log: who did what to which conversation,
 * when, and whether it was done or refused (with the refusal's code and
 * message). Immutable: its properties are construct-only.
 */
struct _OcAuditEntry
{
  GObject         parent_instance;

  gint64          seq;
  gint64          at;
  char           *user;
  char           *conversation_id;
  char           *code;
  char           *reason;
  char           *agent_id;
  char           *queue_id;
  OcAuditAction   action;
  OcAuditOutcome  outcome;
};

G_DEFINE_FINAL_TYPE (OcAuditEntry, oc_audit_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEQ,
  PROP_AT,
  PROP_USER,
  PROP_ACTION,
  PROP_CONVERSATION_ID,
  PROP_OUTCOME,
  PROP_CODE,
  PROP_REASON,
  PROP_AGENT_ID,
  PROP_QUEUE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
oc_audit_entry_finalize (GObject *object)
{
  OcAuditEntry *self = OC_AUDIT_ENTRY (object);

  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->conversation_id, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->agent_id, g_free);
  g_clear_pointer (&self->queue_id, g_free);

  G_OBJECT_CLASS (oc_audit_entry_parent_class)->finalize (object);
}

static void
oc_audit_entry_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OcAuditEntry *self = OC_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_SEQ:             g_value_set_int64 (value, self->seq); break;
    case PROP_AT:              g_value_set_int64 (value, self->at); break;
    case PROP_USER:            g_value_set_string (value, oc_audit_entry_get_user (self)); break;
    case PROP_ACTION:          g_value_set_enum (value, self->action); break;
    case PROP_CONVERSATION_ID: g_value_set_string (value, oc_audit_entry_get_conversation_id (self)); break;
    case PROP_OUTCOME:         g_value_set_enum (value, self->outcome); break;
    case PROP_CODE:            g_value_set_string (value, oc_audit_entry_get_code (self)); break;
    case PROP_REASON:          g_value_set_string (value, oc_audit_entry_get_reason (self)); break;
    case PROP_AGENT_ID:        g_value_set_string (value, self->agent_id); break;
    case PROP_QUEUE_ID:        g_value_set_string (value, self->queue_id); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_audit_entry_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OcAuditEntry *self = OC_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_SEQ:             self->seq = g_value_get_int64 (value); break;
    case PROP_AT:              self->at = g_value_get_int64 (value); break;
    case PROP_USER:            self->user = g_value_dup_string (value); break;
    case PROP_ACTION:          self->action = g_value_get_enum (value); break;
    case PROP_CONVERSATION_ID: self->conversation_id = g_value_dup_string (value); break;
    case PROP_OUTCOME:         self->outcome = g_value_get_enum (value); break;
    case PROP_CODE:            self->code = g_value_dup_string (value); break;
    case PROP_REASON:          self->reason = g_value_dup_string (value); break;
    case PROP_AGENT_ID:        self->agent_id = g_value_dup_string (value); break;
    case PROP_QUEUE_ID:        self->queue_id = g_value_dup_string (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_audit_entry_class_init (OcAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = oc_audit_entry_finalize;
  object_class->get_property = oc_audit_entry_get_property;
  object_class->set_property = oc_audit_entry_set_property;

  properties[PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_AT] =
    g_param_spec_int64 ("at", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, "", co);
  properties[PROP_ACTION] =
    g_param_spec_enum ("action", NULL, NULL, OC_TYPE_AUDIT_ACTION, OC_AUDIT_ACTION_UNKNOWN, co);
  properties[PROP_CONVERSATION_ID] =
    g_param_spec_string ("conversation-id", NULL, NULL, "", co);
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, OC_TYPE_AUDIT_OUTCOME, OC_AUDIT_OUTCOME_UNKNOWN, co);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, "", co);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, "", co);
  properties[PROP_AGENT_ID] =
    g_param_spec_string ("agent-id", NULL, NULL, NULL, co);
  properties[PROP_QUEUE_ID] =
    g_param_spec_string ("queue-id", NULL, NULL, NULL, co);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_audit_entry_init (OcAuditEntry *self)
{
}

/**
 * oc_audit_entry_new:
 * @seq: its place in the audit log, increasing from 1
 * @at: when, in Unix seconds
 * @user: the supervisor who acted
 * @action: what they did
 * @conversation_id: on which conversation
 * @outcome: done or refused
 *
 * Returns: (transfer full): a new #OcAuditEntry without refusal or target
 */
OcAuditEntry *
oc_audit_entry_new (gint64          seq,
                    gint64          at,
                    const char     *user,
                    OcAuditAction   action,
                    const char     *conversation_id,
                    OcAuditOutcome  outcome)
{
  return oc_audit_entry_new_full (seq, at, user, action, conversation_id, outcome,
                                  NULL, NULL, NULL, NULL);
}

/**
 * oc_audit_entry_new_full:
 * @seq: its place in the audit log, increasing from 1
 * @at: when, in Unix seconds
 * @user: the supervisor who acted
 * @action: what they did
 * @conversation_id: on which conversation
 * @outcome: done or refused
 * @code: (nullable): the refusal's error code, such as `capacity-full`
 * @reason: (nullable): the refusal's message for a person
 * @agent_id: (nullable): the agent an assign or transfer named
 * @queue_id: (nullable): the queue an assign named
 *
 * Returns: (transfer full): a new #OcAuditEntry
 */
OcAuditEntry *
oc_audit_entry_new_full (gint64          seq,
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
  return g_object_new (OC_TYPE_AUDIT_ENTRY,
                       "seq", seq,
                       "at", at,
                       "user", user,
                       "action", action,
                       "conversation-id", conversation_id,
                       "outcome", outcome,
                       "code", code,
                       "reason", reason,
                       "agent-id", agent_id,
                       "queue-id", queue_id,
                       NULL);
}

/**
 * oc_audit_entry_get_seq:
 *
 * Returns: the entry's place in the log; later entries have larger ones
 */
gint64
oc_audit_entry_get_seq (OcAuditEntry *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (self), 0);
  return self->seq;
}

/**
 * oc_audit_entry_get_at:
 *
 * Returns: when the action was asked for, in Unix seconds
 */
gint64
oc_audit_entry_get_at (OcAuditEntry *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (self), 0);
  return self->at;
}

/**
 * oc_audit_entry_get_user:
 *
 * Returns: (transfer none): the supervisor's user name, "" when unset
 */
const char *
oc_audit_entry_get_user (OcAuditEntry *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (self), NULL);
  return self->user != NULL ? self->user : "";
}

/**
 * oc_audit_entry_get_action:
 *
 * Returns: what the supervisor did
 */
OcAuditAction
oc_audit_entry_get_action (OcAuditEntry *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (self), OC_AUDIT_ACTION_UNKNOWN);
  return self->action;
}

/**
 * oc_audit_entry_get_conversation_id:
 *
 * Returns: (transfer none): the conversation acted on, "" when unset
 */
const char *
oc_audit_entry_get_conversation_id (OcAuditEntry *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (self), NULL);
  return self->conversation_id != NULL ? self->conversation_id : "";
}

/**
 * oc_audit_entry_get_outcome:
 *
 * Returns: whether the action was done or refused
 */
OcAuditOutcome
oc_audit_entry_get_outcome (OcAuditEntry *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (self), OC_AUDIT_OUTCOME_UNKNOWN);
  return self->outcome;
}

/**
 * oc_audit_entry_get_code:
 *
 * Returns: (transfer none): a refusal's error code, "" when done
 */
const char *
oc_audit_entry_get_code (OcAuditEntry *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (self), NULL);
  return self->code != NULL ? self->code : "";
}

/**
 * oc_audit_entry_get_reason:
 *
 * Returns: (transfer none): a refusal's message for a person, "" when done
 */
const char *
oc_audit_entry_get_reason (OcAuditEntry *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (self), NULL);
  return self->reason != NULL ? self->reason : "";
}

/**
 * oc_audit_entry_get_agent_id:
 *
 * Returns: (transfer none) (nullable): the agent an assign or transfer named
 */
const char *
oc_audit_entry_get_agent_id (OcAuditEntry *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (self), NULL);
  return self->agent_id;
}

/**
 * oc_audit_entry_get_queue_id:
 *
 * Returns: (transfer none) (nullable): the queue an assign named
 */
const char *
oc_audit_entry_get_queue_id (OcAuditEntry *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (self), NULL);
  return self->queue_id;
}
