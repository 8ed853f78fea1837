// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_AUDIT_WINDOW (oc_audit_window_get_type ())
G_DECLARE_FINAL_TYPE (OcAuditWindow, oc_audit_window, OC, AUDIT_WINDOW, GtkWindow)

/* The server's audit log (#22), live: who did what to which conversation,
 * when, done or refused; filtered by supervisor and action; exported as CSV. */
OcAuditWindow *oc_audit_window_new            (OcSource      *source);
GListModel    *oc_audit_window_get_shown      (OcAuditWindow *self);
void           oc_audit_window_set_filter     (OcAuditWindow *self,
                                               const char    *supervisor,
                                               OcAuditAction  action);
char          *oc_audit_window_build_csv      (GListModel    *entries);

G_END_DECLS
