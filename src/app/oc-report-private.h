// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "oc-report.h"
#include "oc-report-row.h"

G_BEGIN_DECLS

struct _OcReport
{
  GtkWidget             parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkScrolledWindow    *scrolled_window;
  GtkColumnView        *column_view;
  GtkStack             *layout_stack;
  GtkScrolledWindow    *compact_scroller;
  GtkListView          *compact_list;
  GtkImage             *empty_icon;
  GtkLabel             *empty_title;
  GtkLabel             *empty_description;
  GtkButton            *clear_filters_button;
  GMenuModel           *row_menu;

  GtkWidget            *row_popover;
  GSettings            *settings;
  OcClock              *clock;
  OcConversationView   *view;
  OcConversationStore  *store;
  GtkMultiSelection    *selection;
  GSignalGroup         *view_signals;
  GSignalGroup         *store_signals;
  GSignalGroup         *selection_signals;

  /* The conversations the user picked (a set of refs), followed while rows
   * move and kept while a filter hides them; "selected" is the one of them
   * while exactly one is visible and selected. */
  GHashTable           *chosen;
  OcConversation       *selected;
  guint                 n_selected;
  guint                 old_position;   /* of "selected", before a change */
  gboolean              model_changing;
  guint                 scroll_idle_id;
  gboolean              scroll_to_top;
  gboolean              was_at_top;
  AdwToast             *toast;          /* the one shown, weak */
  char                 *toast_text;
  /* The rows GtkListView keeps in place (those shown, the selected one) are
   * pinned in the view; see oc_conversation_view_set_pinned(). */
  GSignalGroup         *adjustment_signals;
  guint                 pins_idle_id;

  GtkColumnViewColumn  *columns[OC_N_REPORT_COLUMNS];
  int                   widths[OC_N_REPORT_COLUMNS];  /* each one's, while hidden too */
  int                   default_widths[OC_N_REPORT_COLUMNS];  /* fit the titles; 0 until measured */
  GSignalGroup         *sorter_signals;   /* the column view's sorter */
  GSignalGroup         *columns_signals;  /* the column view's column list */
  GSimpleActionGroup   *column_actions;
  GMenuModel           *header_menu;
  guint                 save_columns_id;
  gboolean              restoring;
  GSettings            *server_settings;  /* columns and sort, per server */
  GSignalGroup         *server_settings_signals;
  gboolean              writing;          /* to server_settings: not read back */

  /* Below COMPACT_BELOW px wide the rows are two lines in compact_list;
   * the selection model is given to the one shown. */
  gboolean              compact;
  gboolean              want_compact;
  guint                 layout_idle_id;
};

/* oc-report-columns.c */
void         _oc_report_columns_init        (OcReport     *self);
void         _oc_report_columns_set_store   (OcReport     *self);
void         _oc_report_columns_apply_sort  (OcReport     *self);
void         _oc_report_columns_dispose     (OcReport     *self);
const char  *_oc_report_column_id           (OcReportColumn column);
const char  *_oc_report_column_title        (OcReportColumn column);

G_END_DECLS
