// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-force-close-dialog.h"

G_BEGIN_DECLS

/* For tests: what the dialog shows besides its heading and body. */
const char *_oc_force_close_dialog_get_consequence   (OcForceCloseDialog *self);
const char *_oc_force_close_dialog_get_summary       (OcForceCloseDialog *self);
/* NULL while no message shows. */
const char *_oc_force_close_dialog_get_message_title (OcForceCloseDialog *self);
const char *_oc_force_close_dialog_get_message_text  (OcForceCloseDialog *self);
GtkWidget  *_oc_force_close_dialog_get_message_area  (OcForceCloseDialog *self);
gboolean    _oc_force_close_dialog_get_busy          (OcForceCloseDialog *self);

G_END_DECLS
