// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-action-dialog.h"

G_BEGIN_DECLS

#define OC_TYPE_TRANSFER_DIALOG (oc_transfer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OcTransferDialog, oc_transfer_dialog, OC, TRANSFER_DIALOG, OcActionDialog)

GtkWidget *oc_transfer_dialog_new     (GtkWindow      *parent,
                                       OcSource       *source,
                                       OcConversation *conversation);
void       oc_transfer_dialog_present (GtkWindow      *parent,
                                       OcSource       *source,
                                       OcConversation *conversation);

G_END_DECLS
