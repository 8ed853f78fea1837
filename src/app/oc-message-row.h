// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-message.h"

G_BEGIN_DECLS

#define OC_TYPE_MESSAGE_ROW (oc_message_row_get_type ())
G_DECLARE_FINAL_TYPE (OcMessageRow, oc_message_row, OC, MESSAGE_ROW, GtkWidget)

/* At most this many characters of one message are laid out; the rest is
 * counted in a note and can be copied whole. Pango needs ~80 ms to wrap
 * 8,192 characters here, ~5 ms for 1,000: a hostile line must not freeze
 * the list. */
#define OC_MESSAGE_ROW_MAX_CHARS 2048
/* A run of this many characters without a space wraps by characters: Pango's
 * word-char wrapping is quadratic in the length of an unbreakable word. */
#define OC_MESSAGE_ROW_LONG_WORD 48

GtkWidget  *oc_message_row_new            (void);
OcMessage  *oc_message_row_get_message    (OcMessageRow *self);
void        oc_message_row_set_message    (OcMessageRow *self,
                                           OcMessage    *message);
const char *oc_message_row_get_accessible_text (OcMessageRow *self);
const char *oc_message_row_get_shown_text (OcMessageRow *self);

const char *oc_message_row_role_label     (OcSender      role);
gboolean    oc_message_row_text_is_rtl    (const char   *text);

G_END_DECLS
