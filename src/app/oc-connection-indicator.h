// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_CONNECTION_INDICATOR (oc_connection_indicator_get_type ())
G_DECLARE_FINAL_TYPE (OcConnectionIndicator, oc_connection_indicator, OC, CONNECTION_INDICATOR, GtkWidget)

/*
 * The header bar's word on the connection, from OcSource's state: "Live",
 * "Reconnecting since 14:03:11", "Offline: <reason>". Never claims more than
 * the source knows. Property "since" is when the current state began (µs).
 */
OcConnectionIndicator *oc_connection_indicator_new        (void);
void                   oc_connection_indicator_set_source (OcConnectionIndicator *self,
                                                           OcSource              *source);
const char            *oc_connection_indicator_get_text   (OcConnectionIndicator *self);
gint64                 oc_connection_indicator_get_live_until (OcConnectionIndicator *self);

void                   oc_connection_indicator_set_compact (OcConnectionIndicator *self,
                                                            gboolean               compact);

G_END_DECLS
