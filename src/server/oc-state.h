// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-audit-log.h"
#include "oc-world.h"

G_BEGIN_DECLS

#define OC_TYPE_STATE (oc_state_get_type ())
G_DECLARE_FINAL_TYPE (OcState, oc_state, OC, STATE, GObject)

#define OC_STATE_FLUSH_MS 250
/* Revisions reserved ahead in one durable write. */
#define OC_STATE_REVISION_BLOCK 10000

typedef void (*OcStateIdempotencyFunc) (const char *user,
                                        const char *key,
                                        guint       status,
                                        const char *body,
                                        gint64      at,
                                        gpointer    user_data);

OcState  *oc_state_open             (const char              *path,
                                     GError                 **error);
gboolean  oc_state_has_world        (OcState                 *self);
gboolean  oc_state_load             (OcState                 *self,
                                     OcWorld                 *world,
                                     GError                 **error);
gboolean  oc_state_save_all         (OcState                 *self,
                                     OcWorld                 *world,
                                     GError                 **error);
void      oc_state_attach           (OcState                 *self,
                                     OcWorld                 *world);
void      oc_state_put_idempotency  (OcState                 *self,
                                     const char              *user,
                                     const char              *key,
                                     guint                    status,
                                     const char              *body,
                                     gint64                   at);
void      oc_state_load_idempotency (OcState                 *self,
                                     gint64                   not_before,
                                     OcStateIdempotencyFunc   func,
                                     gpointer                 user_data);
void      oc_state_put_audit        (OcState                 *self,
                                     OcAuditEntry            *entry);
gboolean  oc_state_load_audit       (OcState                 *self,
                                     OcAuditLog              *log,
                                     guint                    keep,
                                     GError                 **error);
gboolean  oc_state_archive_audit    (OcState                 *self,
                                     gint64                   before,
                                     const char              *archive_prefix,
                                     guint                   *n_moved,
                                     GError                 **error);
gboolean  oc_state_flush            (OcState                 *self,
                                     GError                 **error);
gboolean  oc_state_flush_durable    (OcState                 *self,
                                     GError                 **error);
gboolean  oc_state_close            (OcState                 *self,
                                     GError                 **error);

G_END_DECLS
