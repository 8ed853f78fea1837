// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OC_TYPE_WRAP_BOX (oc_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (OcWrapBox, oc_wrap_box, OC, WRAP_BOX, GtkWidget)

GtkWidget *oc_wrap_box_new         (void);
void       oc_wrap_box_append      (OcWrapBox *self,
                                    GtkWidget *child);
int        oc_wrap_box_get_spacing (OcWrapBox *self);
void       oc_wrap_box_set_spacing (OcWrapBox *self,
                                    int        spacing);

G_END_DECLS
