// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-conversation-view.h"
#include "oc-filter-button.h"

G_BEGIN_DECLS

#define OC_TYPE_FILTER_BAR (oc_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (OcFilterBar, oc_filter_bar, OC, FILTER_BAR, GtkWidget)

/* The id that stands for "no agent" among the agent filter's choices; never a
 * valid wire id, so it cannot collide with a real agent. */
#define OC_FILTER_UNASSIGNED "(unassigned)"

typedef enum {
  OC_FILTER_QUEUE,
  OC_FILTER_CHANNEL,
  OC_FILTER_STATUS,
  OC_FILTER_AGENT,
} OcFilterKind;

/*
 * Queue, channel, status and agent filters, a search entry, and "N of M
 * shown". Applies them to the view and keeps them in the server's settings.
 */
OcFilterBar    *oc_filter_bar_new              (void);
void            oc_filter_bar_set_settings     (OcFilterBar        *self,
                                                GSettings          *settings);
void            oc_filter_bar_set_view         (OcFilterBar        *self,
                                                OcConversationView *view);
void            oc_filter_bar_clear            (OcFilterBar        *self);
void            oc_filter_bar_set_loading      (OcFilterBar        *self,
                                                gboolean            loading);
OcFilterButton *oc_filter_bar_get_button       (OcFilterBar        *self,
                                                OcFilterKind        kind);
GtkEditable    *oc_filter_bar_get_search_entry (OcFilterBar        *self);
void            oc_filter_bar_focus_search     (OcFilterBar        *self);
const char     *oc_filter_bar_get_shown_text   (OcFilterBar        *self);
const char     *oc_filter_bar_get_shown_tooltip (OcFilterBar        *self);

G_END_DECLS
