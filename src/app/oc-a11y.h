// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void oc_a11y_fix_button_names (GtkWidget *root);

G_END_DECLS
