// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "oc-enums.h"

G_BEGIN_DECLS

#define OC_TYPE_AUDIT_ENTRY (oc_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (OcAuditEntry, oc_audit_entry, OC, AUDIT_ENTRY, GObject)

OcAuditEntry   *oc_audit_entry_new                 (gint64          seq,
                                                    gint64          at,
                                                    const char     *user,
                                                    OcAuditAction   action,
                                                    const char     *conversation_id,
                                                    OcAuditOutcome  outcome);
OcAuditEntry   *oc_audit_entry_new_full            (gint64          seq,
                                                    gint64          at,
                                                    const char     *user,
                                                    OcAuditAction   action,
                                                    const char     *conversation_id,
                                                    OcAuditOutcome  outcome,
                                                    const char     *code,
                                                    const char     *reason,
                                                    const char     *agent_id,
                                                    const char     *queue_id);
gint64          oc_audit_entry_get_seq             (OcAuditEntry   *self);
gint64          oc_audit_entry_get_at              (OcAuditEntry   *self);
const char     *oc_audit_entry_get_user            (OcAuditEntry   *self);
OcAuditAction   oc_audit_entry_get_action          (OcAuditEntry   *self);
const char     *oc_audit_entry_get_conversation_id (OcAuditEntry   *self);
OcAuditOutcome  oc_audit_entry_get_outcome         (OcAuditEntry   *self);
const char     *oc_audit_entry_get_code            (OcAuditEntry   *self);
const char     *oc_audit_entry_get_reason          (OcAuditEntry   *self);
const char     *oc_audit_entry_get_agent_id        (OcAuditEntry   *self);
const char     *oc_audit_entry_get_queue_id        (OcAuditEntry   *self);

G_END_DECLS
