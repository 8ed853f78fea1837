// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "oc-enums.h"

G_BEGIN_DECLS

#define OC_TYPE_WORKSTREAM (oc_workstream_get_type ())
G_DECLARE_FINAL_TYPE (OcWorkstream, oc_workstream, OC, WORKSTREAM, GObject)

/* Allowed presences are a bit mask: bit (1 << OcPresence) per presence. */
#define OC_PRESENCE_BIT(p) (1u << (p))

OcWorkstream *oc_workstream_new                   (const char   *id);
const char   *oc_workstream_get_id                (OcWorkstream *self);
const char   *oc_workstream_get_name              (OcWorkstream *self);
void          oc_workstream_set_name              (OcWorkstream *self,
                                                   const char   *name);
OcChannel     oc_workstream_get_channel           (OcWorkstream *self);
void          oc_workstream_set_channel           (OcWorkstream *self,
                                                   OcChannel     channel);
guint         oc_workstream_get_allowed_presences (OcWorkstream *self);
void          oc_workstream_set_allowed_presences (OcWorkstream *self,
                                                   guint         mask);
gboolean      oc_workstream_allows_presence       (OcWorkstream *self,
                                                   OcPresence    presence);
gboolean      oc_workstream_update_from           (OcWorkstream *self,
                                                   OcWorkstream *other);

G_END_DECLS
