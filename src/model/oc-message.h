// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "oc-enums.h"

G_BEGIN_DECLS

#define OC_TYPE_MESSAGE (oc_message_get_type ())
G_DECLARE_FINAL_TYPE (OcMessage, oc_message, OC, MESSAGE, GObject)

OcMessage     *oc_message_new             (gint64         seq,
                                           gint64         at,
                                           OcSender       sender_role,
                                           const char    *sender_name,
                                           OcMessageKind  kind,
                                           const char    *text);
gint64         oc_message_get_seq         (OcMessage     *self);
gint64         oc_message_get_at          (OcMessage     *self);
OcSender       oc_message_get_sender_role (OcMessage     *self);
const char    *oc_message_get_sender_name (OcMessage     *self);
OcMessageKind  oc_message_get_kind        (OcMessage     *self);
const char    *oc_message_get_text        (OcMessage     *self);

G_END_DECLS
