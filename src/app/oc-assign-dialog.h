// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-action-dialog.h"

G_BEGIN_DECLS

#define OC_TYPE_ASSIGN_DIALOG (oc_assign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OcAssignDialog, oc_assign_dialog, OC, ASSIGN_DIALOG, OcActionDialog)

GtkWidget *oc_assign_dialog_new     (GtkWindow      *parent,
                                     OcSource       *source,
                                     OcConversation *conversation);
void       oc_assign_dialog_present (GtkWindow      *parent,
                                     OcSource       *source,
                                     OcConversation *conversation);
void       oc_assign_dialog_present_for_agent (GtkWindow      *parent,
                                               OcSource       *source,
                                               OcConversation *conversation,
                                               OcAgent        *agent);

G_END_DECLS
