// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Style providers for a whole display, in one place. GTK 4.10 deprecated
 * GtkStyleContext but kept its two display-wide functions, which remain the
 * only C API for this (docs.gtk.org lists them undeprecated); should a later
 * GTK replace them, only this file changes. The same for a widget's text colour, which GTK
 * 4.8 gives only through the style context.
 */
void oc_style_add_provider    (GdkDisplay       *display,
                               GtkStyleProvider *provider,
                               guint             priority);
void oc_style_remove_provider (GdkDisplay       *display,
                               GtkStyleProvider *provider);
void oc_style_get_color       (GtkWidget        *widget,
                               GdkRGBA          *color);
void oc_style_load_app_css    (void);

G_END_DECLS
