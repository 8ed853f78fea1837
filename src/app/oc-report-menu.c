// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-report"

#include "config.h"

#include "oc-report-private.h"

/* The report's context menu: a right click on a row, the Menu key and
 * Shift+F10 select the row and open the row menu beside it. */

static OcConversation *
oc_report_pick_conversation (OcReport *self,
                             double    x,
                             double    y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  for (; picked != NULL && picked != GTK_WIDGET (self); picked = gtk_widget_get_parent (picked))
    {
      GtkWidget *child;

      if (OC_IS_REPORT_CELL (picked))
        return oc_report_cell_get_conversation (OC_REPORT_CELL (picked));

      /* The padding around a cell belongs to the row: look at its cells. */
      for (child = gtk_widget_get_first_child (picked); child; child = gtk_widget_get_next_sibling (child))
        {
          GtkWidget *cell = gtk_widget_get_first_child (child);
          if (cell != NULL && OC_IS_REPORT_CELL (cell))
            return oc_report_cell_get_conversation (OC_REPORT_CELL (cell));
        }
    }

  return NULL;
}

void
oc_report_popup_menu (OcReport *self,
                      double    x,
                      double    y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  g_return_if_fail (OC_IS_REPORT (self));

  if (self->row_popover == NULL)
    {
      self->row_popover = gtk_popover_menu_new_from_model (self->row_menu);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->row_popover), FALSE);
      gtk_widget_set_halign (self->row_popover, GTK_ALIGN_START);
      gtk_widget_set_parent (self->row_popover, GTK_WIDGET (self));
    }

  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

static void
right_click_pressed_cb (OcReport        *self,
                        int              n_press,
                        double           x,
                        double           y,
                        GtkGestureClick *gesture)
{
  OcConversation *conversation;
  graphene_point_t point;

  if (!gtk_widget_compute_point (GTK_WIDGET (self->column_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    return;

  conversation = oc_report_pick_conversation (self, point.x, point.y);
  if (conversation == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  oc_report_select (self, conversation);
  oc_report_popup_menu (self, point.x, point.y);
}

/* Menu key and Shift+F10: the menu opens at the focused row. */
static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   data)
{
  OcReport *self = OC_REPORT (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  graphene_rect_t bounds;
  double x = 24, y = 24;

  if (self->selected == NULL)
    return FALSE;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)) &&
      gtk_widget_compute_bounds (focus, widget, &bounds))
    {
      x = bounds.origin.x + 24;
      y = bounds.origin.y + bounds.size.height;
    }

  oc_report_popup_menu (self, x, y);
  return TRUE;
}

void
_oc_report_menu_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, menu_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, menu_key_cb, NULL);
}

void
_oc_report_menu_init (OcReport *self)
{
  GtkGesture *gesture = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  /* Before the column view's own click handling, which would eat it. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (right_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));
}
