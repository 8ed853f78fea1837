// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-enums.h"

G_BEGIN_DECLS

#define OC_TYPE_USERS (oc_users_get_type ())
G_DECLARE_FINAL_TYPE (OcUsers, oc_users, OC, USERS, GObject)

OcUsers    *oc_users_new        (void);
gboolean    oc_users_load_file  (OcUsers     *self,
                                 const char  *path,
                                 GError     **error);
char       *oc_users_add_random (OcUsers     *self,
                                 const char  *name,
                                 OcRole       role);
void        oc_users_add_digest (OcUsers     *self,
                                 const char  *name,
                                 OcRole       role,
                                 const guint8 digest[32]);
const char *oc_users_check      (OcUsers     *self,
                                 const char  *token,
                                 OcRole      *out_role);
guint       oc_users_get_count  (OcUsers     *self);

G_END_DECLS
