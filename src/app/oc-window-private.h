// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "oc-agents-panel.h"
#include "oc-connection-indicator.h"
#include "oc-frame-pacer.h"
#include "oc-notifier.h"
#include "oc-start-page.h"
#include "oc-views-button.h"
#include "oc-window.h"

G_BEGIN_DECLS

struct _OcWindow
{
  GtkApplicationWindow   parent_instance;

  /* template */
  OcConnectionIndicator *indicator;
  GtkMenuButton         *menu_button;
  GtkLabel              *subtitle_label;
  GtkRevealer           *banner_revealer;
  GtkRevealer           *progress_revealer;
  GtkLabel              *progress_label;
  GtkProgressBar        *progress_bar;
  GtkLabel              *banner_label;
  GtkButton             *banner_button;
  GtkStack              *main_stack;
  AdwViewStack          *view_stack;
  AdwViewSwitcher       *view_switcher;
  OcViewsButton         *views_button;
  OcAgentsPanel         *agents_panel;
  AdwFlap               *flap;
#if ADW_CHECK_VERSION (1, 4, 0)
  AdwOverlaySplitView   *split_view;  /* the monitor pane's host there (see oc-window-actions.c) */
#endif
  GMenu                 *columns_section;
  OcStartPage           *start_page;
  GtkSpinner            *loading_spinner;
  GtkLabel              *loading_title;
  GtkLabel              *loading_detail;
  GtkLabel              *error_title;
  GtkLabel              *error_detail;
  OcSummaryStrip        *summary;
  OcFilterBar           *filter_bar;
  OcReport              *report;
  GtkActionBar          *action_bar;
  GtkLabel              *selection_label;
  GtkButton             *monitor_button;
  GtkButton             *assign_button;
  GtkButton             *transfer_button;
  GtkButton             *force_close_button;
  GtkButton             *workspace_button;

  GSettings             *settings;
  OcSource              *source;
  OcConversationStore   *store;
  OcConversationView    *view;
  OcConversation        *watched;     /* the selection, watched for status changes */
  GSignalGroup          *watched_signals;
  GSignalGroup          *source_signals;
  OcFramePacer          *pacer;           /* the source's changes, once a frame */
  GtkWidget             *monitor_pane;  /* beside the report once opened */
  GSignalGroup          *monitor_pane_signals;
  OcNotifier            *notifier;        /* desktop notifications, not in kiosk mode */

  char                  *floor_subtitle;  /* which floor; who is signed in is added */
  char                  *url;
  char                  *token;       /* kept to retry; never printed */
  gboolean               remember;
  gboolean               ever_live;
  gboolean               rows_shown;    /* the report was shown for this connection */
  gboolean               member_queues_applied;
  gboolean               froze_clock;   /* the report's clock, while not live */
  OcClock               *frozen_clock;
  guint                  fail_idle_id;
  char                  *pending_error;
  char                  *dataverse_url; /* --dataverse: this URL is Dynamics 365 */
  /* Sign In with Microsoft: renews the connection's token; its refresh
   * token is kept in the keyring while remembered. */
  OcEntraSignIn         *sign_in;
  GCancellable          *keyring_cancellable;
  OcSource              *pending_source; /* started once the keyring answered */
  gboolean               narrow;        /* the action bar shows icons only */
  guint                  narrow_idle_id;
  int                    wide_action_width;  /* the action bar's words and buttons, measured with words */
  int                    narrow_room;        /* its width when it last went to icons */
};

/* Below this width the action bar drops its words (the buttons keep their
 * icons, tooltips and accessible names). */
#define OC_WINDOW_NARROW_WIDTH 640

/* oc-window-actions.c */
void _oc_window_class_actions_init (GtkWidgetClass *widget_class);
void _oc_window_actions_init       (OcWindow       *self);
void _oc_window_update_actions     (OcWindow       *self);
void _oc_window_close_monitor      (OcWindow       *self);

G_END_DECLS
