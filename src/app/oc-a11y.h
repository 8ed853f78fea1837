// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8 names a button with a mnemonic label twice over AT-SPI, the raw
 * label and then its text ("_Cancel Cancel"); later GTK names it once. Gives
 * every such button under @root (itself included) its plain label as name.
 * Call after building a template, and after changing a button's label. */
void oc_a11y_fix_button_names (GtkWidget *root);

G_END_DECLS
