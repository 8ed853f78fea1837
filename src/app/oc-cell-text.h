// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* At most this many characters of a cell's text reach Pango: a cell shows
 * far fewer, and a 100 kB subject must not be shaped. */
#define OC_CELL_TEXT_MAX_CHARS 2048

#define OC_TYPE_CELL_TEXT (oc_cell_text_get_type ())
G_DECLARE_FINAL_TYPE (OcCellText, oc_cell_text, OC, CELL_TEXT, GtkWidget)

/*
 * One line of plain text in a report cell, cheap to measure: its height is
 * the font's, its width request none (the column sets the width), and the
 * text is shaped and ellipsized only when drawn. Styled as a "label".
 */
OcCellText  *oc_cell_text_new          (void);
void         oc_cell_text_set_text     (OcCellText *self,
                                        const char *text);
const char  *oc_cell_text_get_text     (OcCellText *self);
void         oc_cell_text_set_xalign   (OcCellText *self,
                                        float       xalign);
float        oc_cell_text_get_xalign   (OcCellText *self);
void         oc_cell_text_set_fit_text (OcCellText *self,
                                        gboolean    fit_text);
void         oc_cell_text_set_tabular_figures (OcCellText *self,
                                               gboolean    tabular);
PangoLayout *oc_cell_text_get_layout   (OcCellText *self);

G_END_DECLS
