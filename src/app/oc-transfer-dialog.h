// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-action-dialog.h"

G_BEGIN_DECLS

#define OC_TYPE_TRANSFER_DIALOG (oc_transfer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OcTransferDialog, oc_transfer_dialog, OC, TRANSFER_DIALOG, OcActionDialog)

/* Transfers an active or waiting conversation to another agent of its queue. */
GtkWidget *oc_transfer_dialog_new     (GtkWindow      *parent,
                                       OcSource       *source,
                                       OcConversation *conversation);
/* Creates the dialog, modal and transient for @parent, and shows it. */
void       oc_transfer_dialog_present (GtkWindow      *parent,
                                       OcSource       *source,
                                       OcConversation *conversation);

G_END_DECLS
