// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OC_TYPE_FILTER_BUTTON (oc_filter_button_get_type ())
G_DECLARE_FINAL_TYPE (OcFilterButton, oc_filter_button, OC, FILTER_BUTTON, GtkWidget)

/* One choice of a filter, listed with how many conversations it has now. */
typedef struct {
  char  *id;
  char  *label;
  guint  count;
} OcFilterChoice;

OcFilterChoice *oc_filter_choice_new  (const char     *id,
                                       const char     *label,
                                       guint           count);
void            oc_filter_choice_free (OcFilterChoice *choice);

/* Fills @choices (OcFilterChoice) with what exists now; called as the popover opens. */
typedef void (*OcFilterChoicesFunc) (OcFilterButton *button,
                                     GPtrArray      *choices,
                                     gpointer        user_data);

/*
 * A menu button whose popover lists check buttons, one per choice, with counts.
 * Nothing checked means "all". Properties: "title", "selected" (GStrv).
 * Signal "changed" when the user (or set_selected) changes the checked set.
 */
OcFilterButton     *oc_filter_button_new            (const char          *title);
void                oc_filter_button_set_choices_func (OcFilterButton    *self,
                                                     OcFilterChoicesFunc  func,
                                                     gpointer             user_data,
                                                     GDestroyNotify       destroy);
const char * const *oc_filter_button_get_selected   (OcFilterButton      *self);
void                oc_filter_button_set_selected   (OcFilterButton      *self,
                                                     const char * const  *ids);
void                oc_filter_button_toggle         (OcFilterButton      *self,
                                                     const char          *id);
GPtrArray          *oc_filter_button_refresh        (OcFilterButton      *self);
void                oc_filter_button_update_counts  (OcFilterButton      *self);
const char         *oc_filter_button_get_summary    (OcFilterButton      *self);

G_END_DECLS
