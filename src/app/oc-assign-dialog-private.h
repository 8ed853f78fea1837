// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-agent-picker.h"
#include "oc-assign-dialog.h"

G_BEGIN_DECLS

/* For tests: the widgets a user drives. */
GtkStack      *_oc_assign_dialog_get_stack       (OcAssignDialog *self);
OcAgentPicker *_oc_assign_dialog_get_picker      (OcAssignDialog *self);
GtkListView   *_oc_assign_dialog_get_queue_view  (OcAssignDialog *self);
GtkWidget     *_oc_assign_dialog_get_primary     (OcAssignDialog *self);

G_END_DECLS
