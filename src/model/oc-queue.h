// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OC_TYPE_QUEUE (oc_queue_get_type ())
G_DECLARE_FINAL_TYPE (OcQueue, oc_queue, OC, QUEUE, GObject)

OcQueue    *oc_queue_new               (const char *id);
const char *oc_queue_get_id            (OcQueue    *self);
const char *oc_queue_get_name          (OcQueue    *self);
void        oc_queue_set_name          (OcQueue    *self,
                                        const char *name);
const char *oc_queue_get_workstream_id (OcQueue    *self);
void        oc_queue_set_workstream_id (OcQueue    *self,
                                        const char *workstream_id);
gboolean    oc_queue_update_from       (OcQueue    *self,
                                        OcQueue    *other);

G_END_DECLS
