// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-agent-picker.h"
#include "oc-transfer-dialog.h"

G_BEGIN_DECLS

/* For tests: the widgets a user drives. */
OcAgentPicker *_oc_transfer_dialog_get_picker  (OcTransferDialog *self);
GtkWidget     *_oc_transfer_dialog_get_primary (OcTransferDialog *self);

G_END_DECLS
