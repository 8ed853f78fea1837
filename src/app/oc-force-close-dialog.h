// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_FORCE_CLOSE_DIALOG (oc_force_close_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OcForceCloseDialog, oc_force_close_dialog, OC, FORCE_CLOSE_DIALOG, AdwMessageDialog)

GtkWidget *oc_force_close_dialog_new     (GtkWindow      *parent,
                                          OcSource       *source,
                                          OcConversation *conversation);
void       oc_force_close_dialog_present (GtkWindow      *parent,
                                          OcSource       *source,
                                          OcConversation *conversation);

G_END_DECLS
