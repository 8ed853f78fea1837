// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OC_TYPE_WATCHER (oc_watcher_get_type ())
G_DECLARE_FINAL_TYPE (OcWatcher, oc_watcher, OC, WATCHER, GObject)

OcWatcher  *oc_watcher_new            (const char *user,
                                       gboolean    monitoring,
                                       gboolean    joined);
const char *oc_watcher_get_user       (OcWatcher  *self);
gboolean    oc_watcher_get_monitoring (OcWatcher  *self);
gboolean    oc_watcher_get_joined     (OcWatcher  *self);

G_END_DECLS
