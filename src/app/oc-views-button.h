// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "oc-report.h"

G_BEGIN_DECLS

#define OC_TYPE_VIEWS_BUTTON (oc_views_button_get_type ())
G_DECLARE_FINAL_TYPE (OcViewsButton, oc_views_button, OC, VIEWS_BUTTON, GtkWidget)

/*
 * Named views in the header bar: the current filters, search, sort and
 * columns saved under a name in the server's settings, applied from the menu
 * or with Ctrl+1…Ctrl+9; Save View…, rename and delete. Actions "views.apply"
 * (u, from 0), "views.save", "views.rename", "views.delete".
 */
OcViewsButton *oc_views_button_new          (void);
void           oc_views_button_attach       (OcViewsButton *self,
                                             GSettings     *settings,
                                             OcReport      *report);
guint          oc_views_button_get_n_views  (OcViewsButton *self);
char          *oc_views_button_get_name     (OcViewsButton *self,
                                             guint          index);
int            oc_views_button_get_current  (OcViewsButton *self);
void           oc_views_button_save         (OcViewsButton *self,
                                             const char    *name);
gboolean       oc_views_button_apply        (OcViewsButton *self,
                                             guint          index);
void           oc_views_button_rename       (OcViewsButton *self,
                                             guint          index,
                                             const char    *name);
void           oc_views_button_delete       (OcViewsButton *self,
                                             guint          index);
GMenuModel    *oc_views_button_get_menu     (OcViewsButton *self);
AdwMessageDialog *oc_views_button_get_dialog (OcViewsButton *self);
void           oc_views_button_set_compact  (OcViewsButton *self,
                                             gboolean       compact);

G_END_DECLS
