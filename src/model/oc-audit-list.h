// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-audit-entry.h"

G_BEGIN_DECLS

#define OC_TYPE_AUDIT_LIST (oc_audit_list_get_type ())
G_DECLARE_FINAL_TYPE (OcAuditList, oc_audit_list, OC, AUDIT_LIST, GObject)

#define OC_AUDIT_LIST_DEFAULT_CAPACITY 10000

OcAuditList *oc_audit_list_new          (void);
gboolean     oc_audit_list_add          (OcAuditList  *self,
                                         OcAuditEntry *entry);
guint        oc_audit_list_add_all      (OcAuditList  *self,
                                         GPtrArray    *entries);
guint        oc_audit_list_add_older    (OcAuditList  *self,
                                         GPtrArray    *entries);
void         oc_audit_list_clear        (OcAuditList  *self);
void         oc_audit_list_set_capacity (OcAuditList  *self,
                                         guint         capacity);
gint64       oc_audit_list_get_oldest_seq (OcAuditList *self);

G_END_DECLS
