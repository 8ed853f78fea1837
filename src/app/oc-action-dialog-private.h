// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-action-dialog.h"

G_BEGIN_DECLS

/* For tests: what the message area shows (NULL when hidden). */
gboolean     _oc_action_dialog_get_message_shown (OcActionDialog *self);
const char  *_oc_action_dialog_get_message_title (OcActionDialog *self);
const char  *_oc_action_dialog_get_message_text  (OcActionDialog *self);
const char  *_oc_action_dialog_get_summary       (OcActionDialog *self);

G_END_DECLS
