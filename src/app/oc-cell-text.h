// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* At most this many characters of a cell's text reach Pango: a cell shows
 * far fewer, and a 100 kB subject must not be shaped. */
#define OC_CELL_TEXT_MAX_CHARS 2048

#define OC_TYPE_CELL_TEXT (oc_cell_text_get_type ())
G_DECLARE_DERIVABLE_TYPE (OcCellText, oc_cell_text, OC, CELL_TEXT, GtkWidget)

struct _OcCellTextClass
{
  GtkWidgetClass parent_class;
};

/*
 * One line of plain text in a report cell, with an optional symbolic icon
 * before it, cheap to measure: its height is the font's, its width request
 * none but the icon's (the column sets the width), and the text is shaped
 * and ellipsized only when drawn. One widget draws both, since the report
 * makes a cell for each column of up to 200 rows (#17). Styled as a "label";
 * #OcReportCell derives from it.
 */
OcCellText  *oc_cell_text_new          (void);
void         oc_cell_text_set_text     (OcCellText *self,
                                        const char *text);
const char  *oc_cell_text_get_text     (OcCellText *self);
void         oc_cell_text_set_icon_name (OcCellText *self,
                                         const char *icon_name);
const char  *oc_cell_text_get_icon_name (OcCellText *self);
void         oc_cell_text_set_xalign   (OcCellText *self,
                                        float       xalign);
float        oc_cell_text_get_xalign   (OcCellText *self);
void         oc_cell_text_set_fit_text (OcCellText *self,
                                        gboolean    fit_text);
void         oc_cell_text_set_tabular_figures (OcCellText *self,
                                               gboolean    tabular);
PangoLayout *oc_cell_text_get_layout   (OcCellText *self);

G_END_DECLS
