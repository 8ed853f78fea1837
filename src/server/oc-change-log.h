// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A bounded ring of serialized change events with consecutive revisions:
 * what the events socket replays for ?since=. */
typedef struct _OcChangeLog OcChangeLog;

OcChangeLog *oc_change_log_new          (guint        capacity);
void         oc_change_log_free         (OcChangeLog *self);
void         oc_change_log_clear        (OcChangeLog *self);
void         oc_change_log_append       (OcChangeLog *self,
                                         gint64       revision,
                                         GBytes      *event);
gboolean     oc_change_log_collect      (OcChangeLog *self,
                                         gint64       since,
                                         gint64       current,
                                         GPtrArray   *events);
void         oc_change_log_set_capacity (OcChangeLog *self,
                                         guint        capacity);
guint        oc_change_log_get_length   (OcChangeLog *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcChangeLog, oc_change_log_free)

G_END_DECLS
