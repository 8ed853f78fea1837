// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_FRAME_PACER (oc_frame_pacer_get_type ())

G_DECLARE_FINAL_TYPE (OcFramePacer, oc_frame_pacer, OC, FRAME_PACER, GObject)

OcFramePacer *oc_frame_pacer_new        (GtkWidget    *widget);
void          oc_frame_pacer_set_source (OcFramePacer *self,
                                         OcSource     *source);
OcSource     *oc_frame_pacer_get_source (OcFramePacer *self);

G_END_DECLS
