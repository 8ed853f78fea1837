// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-force-close-dialog.h"

G_BEGIN_DECLS

/* For tests: the widgets a user drives. */
GtkWidget *_oc_force_close_dialog_get_cancel  (OcForceCloseDialog *self);
GtkWidget *_oc_force_close_dialog_get_primary (OcForceCloseDialog *self);
GtkLabel  *_oc_force_close_dialog_get_consequence (OcForceCloseDialog *self);

G_END_DECLS
