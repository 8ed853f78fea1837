// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-conversation.h"
#include "oc-wallboard-stats.h"

G_BEGIN_DECLS

#define OC_TYPE_WALLBOARD_ROW (oc_wallboard_row_get_type ())
G_DECLARE_FINAL_TYPE (OcWallboardRow, oc_wallboard_row, OC, WALLBOARD_ROW, GtkWidget)

/*
 * One line of the wallboard's attention list: wait, channel, queue, customer,
 * subject, sentiment, in columns of fixed width (in characters, so they scale
 * with the type). A row shows a conversation as it was at one refresh; it
 * holds a reference only to remember which one.
 */
GtkWidget      *oc_wallboard_row_new              (void);
void            oc_wallboard_row_set_header       (OcWallboardRow *self);
void            oc_wallboard_row_set_conversation (OcWallboardRow *self,
                                                   OcConversation *conversation,
                                                   const char     *queue_name,
                                                   OcAttention     attention,
                                                   gint64          now);
OcConversation *oc_wallboard_row_get_conversation (OcWallboardRow *self);
const char     *oc_wallboard_row_get_accessible_text (OcWallboardRow *self);

G_END_DECLS
