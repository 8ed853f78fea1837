// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-application.h"
#include "oc-source.h"
#include "oc-filter-bar.h"
#include "oc-agents-panel.h"
#include "oc-report.h"
#include "oc-summary-strip.h"

G_BEGIN_DECLS

#define OC_TYPE_WINDOW (oc_window_get_type ())
G_DECLARE_FINAL_TYPE (OcWindow, oc_window, OC, WINDOW, GtkApplicationWindow)

OcWindow       *oc_window_new               (OcApplication *application);
void            oc_window_connect           (OcWindow      *self,
                                             const char    *url,
                                             const char    *token,
                                             gboolean       remember);
void            oc_window_set_dataverse_url (OcWindow      *self,
                                             const char    *url);
void            oc_window_disconnect        (OcWindow      *self);
void            oc_window_sign_out          (OcWindow      *self);
void            oc_window_show_start_page   (OcWindow      *self,
                                             const char    *url,
                                             const char    *error);
void            oc_window_show_view         (OcWindow      *self,
                                             const char    *name);
gboolean        oc_window_show_conversation (OcWindow      *self,
                                             const char    *id);

/* For tests and the actions. */
OcSource       *oc_window_get_source        (OcWindow      *self);
OcReport       *oc_window_get_report        (OcWindow      *self);
OcFilterBar    *oc_window_get_filter_bar    (OcWindow      *self);
OcSummaryStrip *oc_window_get_summary       (OcWindow      *self);
const char     *oc_window_get_page          (OcWindow      *self);
const char     *oc_window_get_banner        (OcWindow      *self);
const char     *oc_window_get_status_text   (OcWindow      *self);
GtkWidget      *oc_window_get_monitor_pane  (OcWindow      *self);
OcAgentsPanel  *oc_window_get_agents_panel  (OcWindow      *self);

G_END_DECLS
