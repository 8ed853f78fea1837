// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-application.h"
#include "oc-source.h"
#include "oc-filter-bar.h"
#include "oc-report.h"
#include "oc-summary-strip.h"

G_BEGIN_DECLS

#define OC_TYPE_WINDOW (oc_window_get_type ())
G_DECLARE_FINAL_TYPE (OcWindow, oc_window, OC, WINDOW, GtkApplicationWindow)

OcWindow       *oc_window_new               (OcApplication *application);
/* Connects to @url with @token (never shown, never logged). With @remember,
 * a connection that works is saved: the URL in GSettings, the token in the
 * keyring. */
void            oc_window_connect           (OcWindow      *self,
                                             const char    *url,
                                             const char    *token,
                                             gboolean       remember);
/* Treat @url as a Dynamics 365 organisation whatever its host name says
 * (--dataverse); hosts under *.dynamics.com are recognised anyway. */
void            oc_window_set_dataverse_url (OcWindow      *self,
                                             const char    *url);
void            oc_window_disconnect        (OcWindow      *self);
/* Shows the start page with @url filled in and @error (or none) under it. */
void            oc_window_show_start_page   (OcWindow      *self,
                                             const char    *url,
                                             const char    *error);

/* For tests and the actions. */
OcSource       *oc_window_get_source        (OcWindow      *self);
OcReport       *oc_window_get_report        (OcWindow      *self);
OcFilterBar    *oc_window_get_filter_bar    (OcWindow      *self);
OcSummaryStrip *oc_window_get_summary       (OcWindow      *self);
const char     *oc_window_get_page          (OcWindow      *self);
/* The "data as of" banner's text while it shows, else NULL. */
const char     *oc_window_get_banner        (OcWindow      *self);
const char     *oc_window_get_status_text   (OcWindow      *self);
/* The monitor pane beside the report, or NULL while it is closed. */
GtkWidget      *oc_window_get_monitor_pane  (OcWindow      *self);

G_END_DECLS
