// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-monitor-header.h"
#include "oc-stepping-bar.h"
#include "oc-monitor-pane.h"

G_BEGIN_DECLS

struct _OcMonitorPane
{
  GtkWidget        parent_instance;

  OcSource        *source;
  OcConversation  *conversation;
  OcTranscript    *transcript;
  GCancellable    *cancellable;
  /* Conversations this pane joined and has not left: leaving is explicit,
   * so coming back to one shows the composer again. */
  GHashTable      *joined_ids;
  GHashTable      *drafts;        /* conversation id -> unsent text */
  char            *ended_reason;
  char            *last_error;

  GSignalGroup    *transcript_signals;
  GSignalGroup    *conversation_signals;
  GSignalGroup    *store_signals;
  GSignalGroup    *source_signals;

  guint            n_new;
  GdkFrameClock   *frame_clock;
  /* The adjustment's value as last seen: the reader's scroll goes up. */
  double           last_value;
  guint            following : 1;
  guint            follow_pending : 1;
  guint            scrolling : 1;
  guint            confirming : 1;
  guint            join_pending : 1;
  guint            leave_pending : 1;
  guint            send_pending : 1;
  guint            detachable : 1;

  /* Template children */
  OcMonitorHeader *header;
  OcSteppingBar   *stepping_bar;
  GtkWidget       *detach_button;
  GtkRevealer     *banner_revealer;
  GtkWidget       *banner;
  GtkSpinner      *banner_spinner;
  GtkImage        *banner_icon;
  GtkLabel        *banner_label;
  GtkScrolledWindow *scrolled_window;
  GtkListView     *list_view;
  GtkNoSelection  *selection;
  GtkLabel        *placeholder_label;
  GtkRevealer     *new_messages_revealer;
  GtkButton       *new_messages_button;
  GtkLabel        *hint_label;
  GtkWidget       *join_button;
  GtkWidget       *workspace_button;
  GtkWidget       *leave_button;
  GtkRevealer     *confirm_revealer;
  GtkWidget       *confirm_button;
  GtkRevealer     *composer_revealer;
  GtkEntry        *entry;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
};

void _oc_monitor_pane_class_actions_init (GtkWidgetClass *widget_class);
void _oc_monitor_pane_update_actions     (OcMonitorPane  *self);
void _oc_monitor_pane_show_error         (OcMonitorPane  *self,
                                          const char     *message);
void _oc_monitor_pane_scroll_to_bottom   (OcMonitorPane  *self);
gboolean _oc_monitor_pane_is_ended       (OcMonitorPane  *self);

void _oc_monitor_pane_emit_close_requested (OcMonitorPane *self);
void _oc_monitor_pane_notify_joined        (OcMonitorPane *self);

/* For tests: how the list follows new messages. */
gboolean _oc_monitor_pane_get_following  (OcMonitorPane  *self);
guint    _oc_monitor_pane_get_n_new      (OcMonitorPane  *self);

G_END_DECLS
