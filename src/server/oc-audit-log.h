// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-audit-entry.h"

G_BEGIN_DECLS

#define OC_TYPE_AUDIT_LOG (oc_audit_log_get_type ())
G_DECLARE_FINAL_TYPE (OcAuditLog, oc_audit_log, OC, AUDIT_LOG, GObject)

/* Entries kept in memory for reading; the state file keeps every one. */
#define OC_AUDIT_LOG_DEFAULT_KEEP  100000
#define OC_AUDIT_LOG_DEFAULT_PAGE  100
#define OC_AUDIT_LOG_MAX_PAGE      1000

OcAuditLog   *oc_audit_log_new      (void);
OcAuditEntry *oc_audit_log_append   (OcAuditLog     *self,
                                     gint64          at,
                                     const char     *user,
                                     OcAuditAction   action,
                                     const char     *conversation_id,
                                     OcAuditOutcome  outcome,
                                     const char     *code,
                                     const char     *reason,
                                     const char     *agent_id,
                                     const char     *queue_id);
void          oc_audit_log_load     (OcAuditLog     *self,
                                     OcAuditEntry   *entry);
void          oc_audit_log_set_keep (OcAuditLog     *self,
                                     guint           keep);
guint         oc_audit_log_get_n_entries (OcAuditLog *self);
gint64        oc_audit_log_get_last_seq  (OcAuditLog *self);
GPtrArray    *oc_audit_log_query    (OcAuditLog     *self,
                                     gint64          before,
                                     guint           limit,
                                     const char     *user,
                                     OcAuditAction   action,
                                     gint64         *next_before);

G_END_DECLS
