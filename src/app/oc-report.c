// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-report"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-report-private.h"

enum {
  PROP_0,
  PROP_VIEW,
  PROP_CLOCK,
  PROP_SELECTED,
  PROP_N_SELECTED,
  PROP_COMPACT,
  N_PROPS
};

enum {
  CONVERSATION_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OcReport, oc_report, GTK_TYPE_WIDGET)

static void
oc_report_set_selected (OcReport       *self,
                        OcConversation *conversation)
{
  if (self->selected == conversation)
    return;

  g_set_object (&self->selected, conversation);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* "n-selected" and "selected" from the selection model: a count of a bitset
 * is cheap, whatever the number of rows selected. */
static void
oc_report_update_selected (OcReport *self)
{
  g_autoptr(GtkBitset) bits = NULL;
  g_autoptr(OcConversation) only = NULL;
  guint n = 0;

  if (self->selection != NULL)
    {
      bits = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      n = (guint) MIN (gtk_bitset_get_size (bits), G_MAXUINT);
      if (n == 1)
        only = g_list_model_get_item (G_LIST_MODEL (self->view), gtk_bitset_get_minimum (bits));
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_selected != n)
    {
      self->n_selected = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
    }
  oc_report_set_selected (self, only);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Selects again the chosen rows among @added rows from @position: a move
 * is an out and an in, which loses a row's selection. Looks the rows up or
 * the chosen ones, whichever are fewer. */
static void
oc_report_reselect (OcReport *self,
                    guint     position,
                    guint     added)
{
  g_autoptr(GtkBitset) bits = NULL;

  if (added == 0 || g_hash_table_size (self->chosen) == 0)
    return;

  bits = gtk_bitset_new_empty ();
  if (g_hash_table_size (self->chosen) < added)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->chosen);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint at = oc_conversation_view_get_position (self->view, key);

          if (at != G_MAXUINT && at >= position && at - position < added)
            gtk_bitset_add (bits, at);
        }
    }
  else
    for (guint i = position; i < position + added; i++)
      {
        g_autoptr(OcConversation) item = g_list_model_get_item (G_LIST_MODEL (self->view), i);

        if (item != NULL && g_hash_table_contains (self->chosen, item))
          gtk_bitset_add (bits, i);
      }

  if (!gtk_bitset_is_empty (bits))
    gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), bits, bits);
}

/* The report is two-line rows below this width. */
#define COMPACT_BELOW 640

/* What shows the rows now: the column view or the narrow list. */
static GtkWidget *
oc_report_get_rows_widget (OcReport *self)
{
  return self->compact ? GTK_WIDGET (self->compact_list) : GTK_WIDGET (self->column_view);
}

static GtkWidget *
oc_report_get_list_view (OcReport *self)
{
  if (self->compact)
    return GTK_WIDGET (self->compact_list);

  /* GtkColumnView scrolls through the GtkListView inside it. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;

  return NULL;
}

static gboolean
oc_report_scroll_idle_cb (gpointer data)
{
  OcReport *self = data;
  GtkWidget *list_view = oc_report_get_list_view (self);
  guint position = 0;

  self->scroll_idle_id = 0;

  if (list_view == NULL || self->view == NULL)
    return G_SOURCE_REMOVE;

  /* The selected row, or the top after a new sort or filter without one. */
  if (self->selected != NULL && self->n_selected == 1)
    position = oc_conversation_view_get_position (self->view, self->selected);
  else if (!self->scroll_to_top)
    return G_SOURCE_REMOVE;

  self->scroll_to_top = FALSE;
  if (position != G_MAXUINT && position < g_list_model_get_n_items (G_LIST_MODEL (self->view)))
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);

  return G_SOURCE_REMOVE;
}

/* Rows on either side of the estimated top row, since GTK's own place for it
 * may differ by a row or two, and at most this many pinned in all. */
#define PIN_MARGIN 4
#define MAX_PINS   96
/* Chosen rows pinned besides: a few, since pins cost the view. */
#define MAX_CHOSEN_PINS 16

/* GTK 4.8's list looks up by position every row in an items-changed that
 * holds a row it tracks (the top row it keeps in place, the selected one):
 * the view keeps those out of its ranges when told which they are. */
static gboolean
oc_report_pins_idle_cb (gpointer data)
{
  OcReport *self = data;
  GtkAdjustment *vadjustment;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items, first = 0, count = MAX_PINS;

  self->pins_idle_id = 0;
  if (self->view == NULL)
    return G_SOURCE_REMOVE;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->view));
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (oc_report_get_rows_widget (self)));
  if (vadjustment != NULL && n_items > 0)
    {
      double span = gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_lower (vadjustment);
      double row_height = span / n_items;

      /* Rows are one line each (two or three when narrow), so the
       * estimate holds within the margin. */
      if (row_height > 0)
        {
          double top = (gtk_adjustment_get_value (vadjustment) - gtk_adjustment_get_lower (vadjustment)) / row_height;

          first = (guint) MAX (top, 0.0);
          first = first > PIN_MARGIN ? first - PIN_MARGIN : 0;
          count = MIN ((guint) (gtk_adjustment_get_page_size (vadjustment) / row_height) + 1 + 2 * PIN_MARGIN,
                       MAX_PINS);
        }
    }

  for (guint i = first; i < n_items && i < first + count; i++)
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (self->view), i));
  /* The list's cursor is on a chosen row, most likely the one just picked. */
  if (self->selected != NULL)
    g_ptr_array_add (rows, g_object_ref (self->selected));
  else if (g_hash_table_size (self->chosen) <= MAX_CHOSEN_PINS)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->chosen);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (rows, g_object_ref (key));
    }

  oc_conversation_view_set_pinned (self->view, (OcConversation * const *) rows->pdata, rows->len);
  return G_SOURCE_REMOVE;
}

static void
oc_report_queue_pins (OcReport *self)
{
  if (self->pins_idle_id == 0)
    self->pins_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 15, oc_report_pins_idle_cb, self, NULL);
}

static void
vadjustment_changed_cb (OcReport   *self,
                        GParamSpec *pspec,
                        GObject    *column_view)
{
  g_signal_group_set_target (self->adjustment_signals,
                             gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (oc_report_get_rows_widget (self))));
  oc_report_queue_pins (self);
}

/* Many moves can land in one frame: scroll once, after them. */
static void
oc_report_queue_scroll (OcReport *self)
{
  if (self->scroll_idle_id == 0)
    self->scroll_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 15,
                                            oc_report_scroll_idle_cb, self, NULL);
}

static void
oc_report_update_empty (OcReport *self)
{
  guint n_shown = self->view ? g_list_model_get_n_items (G_LIST_MODEL (self->view)) : 0;
  guint n_total = self->store ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;

  if (n_shown > 0 || self->view == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (n_total == 0)
    {
      gtk_image_set_from_icon_name (self->empty_icon, "face-smile-symbolic");
      gtk_label_set_label (self->empty_title, _("No Ongoing Conversations"));
      gtk_label_set_label (self->empty_description,
                           _("Conversations appear here as soon as customers start them."));
      gtk_widget_set_visible (GTK_WIDGET (self->clear_filters_button), FALSE);
    }
  else
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (NULL,
                                      "%u conversation is going on, but the filters hide it.",
                                      "%u conversations are going on, but the filters hide them.",
                                      n_total), n_total);

      gtk_image_set_from_icon_name (self->empty_icon, "edit-find-symbolic");
      gtk_label_set_label (self->empty_title, _("No Conversations Match the Filters"));
      gtk_label_set_label (self->empty_description, text);
      gtk_widget_set_visible (GTK_WIDGET (self->clear_filters_button), TRUE);
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Runs before GtkMultiSelection sees the change. */
static void
view_items_changed_before_cb (OcReport   *self,
                              guint       position,
                              guint       removed,
                              guint       added,
                              GListModel *view)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (oc_report_get_rows_widget (self)));

  self->model_changing = TRUE;
  self->old_position = G_MAXUINT;
  if (self->selected != NULL && self->n_selected == 1)
    {
      g_autoptr(GtkBitset) bits = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

      self->old_position = gtk_bitset_get_minimum (bits);
    }
  /* GtkListView keeps its top row in place when rows arrive above it; a
   * report read from the top should stay at the top instead. */
  self->was_at_top = vadjustment == NULL ||
                     gtk_adjustment_get_value (vadjustment) <= gtk_adjustment_get_lower (vadjustment) + 0.5;
}

/* Runs after GtkMultiSelection and the column view have seen the change: a
 * move is an out and an in, which loses the selection; put it back. */
static void
view_items_changed_after_cb (OcReport   *self,
                             guint       position,
                             guint       removed,
                             guint       added,
                             GListModel *view)
{
  guint old_position = self->old_position;
  guint new_position = G_MAXUINT;

  oc_report_reselect (self, position, added);
  self->model_changing = FALSE;
  oc_report_update_selected (self);
  if (self->selected != NULL)
    new_position = oc_conversation_view_get_position (self->view, self->selected);
  oc_report_queue_pins (self);

  if (new_position != G_MAXUINT && (removed != added || new_position != old_position))
    oc_report_queue_scroll (self);

  /* A rebuild (new sort or filter) with nothing selected starts at the top,
   * and a report at the top stays there. */
  if (new_position == G_MAXUINT &&
      ((position == 0 && removed > 1 && added > 1) || (self->was_at_top && added > 0)))
    {
      self->scroll_to_top = TRUE;
      oc_report_queue_scroll (self);
    }

  if (removed == 0 || added == 0)
    oc_report_update_empty (self);
}

/* What the user picked becomes the chosen set: the rows in the changed
 * range as they are now, and none of those a filter hides (a new pick
 * replaces them, as a click on one row does for the visible ones). */
static void
selection_changed_cb (OcReport          *self,
                      guint              position,
                      guint              n_items,
                      GtkSelectionModel *selection)
{
  g_autoptr(GtkBitset) bits = NULL;

  /* Rows leaving and coming back are not the user's choice. */
  if (self->model_changing)
    return;

  bits = gtk_selection_model_get_selection_in_range (selection, position, n_items);
  for (guint i = position; i < position + n_items; i++)
    {
      g_autoptr(OcConversation) item = g_list_model_get_item (G_LIST_MODEL (self->view), i);

      if (item == NULL)
        continue;
      if (gtk_bitset_contains (bits, i))
        g_hash_table_add (self->chosen, g_steal_pointer (&item));
      else
        g_hash_table_remove (self->chosen, item);
    }

  oc_report_update_selected (self);
  if (g_hash_table_size (self->chosen) != self->n_selected)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->chosen);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (oc_conversation_view_get_position (self->view, key) == G_MAXUINT)
          g_hash_table_iter_remove (&iter);
    }
  oc_report_queue_pins (self);
}

static void
store_removed_cb (OcReport            *self,
                  OcConversation      *conversation,
                  const char          *reason,
                  OcConversationStore *store)
{
  gboolean only = g_hash_table_size (self->chosen) == 1;

  if (!g_hash_table_remove (self->chosen, conversation) || !only)
    return;

  oc_report_set_selected (self, NULL);

  if (g_strcmp0 (reason, "force-closed") == 0)
    oc_report_show_toast (self, _("The selected conversation was force-closed"));
  else if (g_strcmp0 (reason, "expired") == 0)
    oc_report_show_toast (self, _("The selected conversation was over 24 hours old and left the report"));
  else
    oc_report_show_toast (self, _("The selected conversation was closed"));
}

static void
store_items_changed_cb (OcReport   *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *store)
{
  if (gtk_stack_get_visible_child_name (self->stack) != NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->stack), "empty"))
    oc_report_update_empty (self);
}

static void
oc_report_activate_cb (OcReport      *self,
                       guint          position,
                       GtkColumnView *column_view)
{
  g_autoptr(OcConversation) conversation = NULL;

  if (self->view == NULL)
    return;

  conversation = g_list_model_get_item (G_LIST_MODEL (self->view), position);
  if (conversation == NULL)
    return;

  /* Enter acts on the row with the focus: make it the selected one too. */
  oc_report_select (self, conversation);
  g_signal_emit (self, signals[CONVERSATION_ACTIVATED], 0, conversation);
}

static void
oc_report_compact_activate_cb (OcReport    *self,
                               guint        position,
                               GtkListView *list_view)
{
  oc_report_activate_cb (self, position, self->column_view);
}

/* Narrow ------------------------------------------------------------------- */

static void
compact_setup_cb (GtkListItemFactory *factory,
                  GtkListItem        *item,
                  OcReport           *self)
{
  g_return_if_fail (self->store != NULL);

  gtk_list_item_set_child (item, GTK_WIDGET (oc_report_row_new (self->store, self->clock, self->settings)));
}

static void
compact_bind_cb (GtkListItemFactory *factory,
                 GtkListItem        *item,
                 OcReport           *self)
{
  oc_report_row_bind (OC_REPORT_ROW (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

/* Rows hold the store and clock they were made with, as cells do. */
static void
oc_report_set_compact_factory (OcReport *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect_object (factory, "setup", G_CALLBACK (compact_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (compact_bind_cb), self, 0);
  gtk_list_view_set_factory (self->compact_list, factory);
}

/* Only the list shown has the model: a hidden one would make rows too. */
static void
oc_report_give_model (OcReport *self)
{
  GtkSelectionModel *model = self->selection ? GTK_SELECTION_MODEL (self->selection) : NULL;

  gtk_column_view_set_model (self->column_view, self->compact ? NULL : model);
  gtk_list_view_set_model (self->compact_list, self->compact ? model : NULL);
}

static void
oc_report_set_compact (OcReport *self,
                       gboolean  compact)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus;

  if (self->compact == compact)
    return;

  had_focus = focus != NULL && gtk_widget_is_ancestor (focus, oc_report_get_rows_widget (self));
  self->compact = compact;
  oc_report_give_model (self);
  gtk_stack_set_visible_child_name (self->layout_stack, compact ? "compact" : "table");
  vadjustment_changed_cb (self, NULL, NULL);

  /* The selected row stays in sight, and the focus in the rows. */
  oc_report_queue_scroll (self);
  if (had_focus)
    oc_report_focus_rows (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

static gboolean
oc_report_layout_idle_cb (gpointer data)
{
  OcReport *self = data;

  self->layout_idle_id = 0;
  oc_report_set_compact (self, self->want_compact);
  return G_SOURCE_REMOVE;
}

/* libadwaita 1.2 has no breakpoints: the width the rows are given is the
 * page size of their horizontal adjustment. Switch after the allocation. */
static void
hadjustment_changed_cb (OcReport      *self,
                        GtkAdjustment *adjustment)
{
  GtkScrolledWindow *shown = self->compact ? self->compact_scroller : self->scrolled_window;
  double width = gtk_adjustment_get_page_size (adjustment);

  if (adjustment != gtk_scrolled_window_get_hadjustment (shown) || width <= 0)
    return;

  self->want_compact = width < COMPACT_BELOW;
  if (self->want_compact != self->compact && self->layout_idle_id == 0)
    self->layout_idle_id = g_idle_add (oc_report_layout_idle_cb, self);
}

/* Toast -------------------------------------------------------------------- */

static void
toast_dismissed_cb (OcReport *self,
                    AdwToast *toast)
{
  if (self->toast != toast)
    return;
  g_clear_weak_pointer (&self->toast);
  g_clear_pointer (&self->toast_text, g_free);
}

/**
 * oc_report_show_toast:
 * @text: what to say, as plain text
 *
 * Shows a short notice (an AdwToast) over the report, gone after a few
 * seconds or on its close button. A new notice replaces the one shown.
 */
void
oc_report_show_toast (OcReport   *self,
                      const char *text)
{
  g_autoptr(AdwToast) toast = NULL;
  GtkWidget *label;

  g_return_if_fail (OC_IS_REPORT (self));
  g_return_if_fail (text != NULL);

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);

  /* A label of our own: a toast's title is markup on libadwaita 1.2, and
   * these texts carry subjects and names. The role makes a screen reader
   * say it as it appears. */
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", text,
                        "wrap", TRUE,
                        "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                        NULL);
  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, label);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, G_CONNECT_SWAPPED);

  g_set_weak_pointer (&self->toast, toast);
  g_free (self->toast_text);
  self->toast_text = g_strdup (text);
  adw_toast_overlay_add_toast (self->toast_overlay, g_steal_pointer (&toast));
}

/**
 * oc_report_get_toast:
 *
 * Returns: (transfer none) (nullable): the notice shown now, or %NULL
 */
const char *
oc_report_get_toast (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), NULL);

  return self->toast != NULL ? self->toast_text : NULL;
}

/* Context menu ------------------------------------------------------------ */

/* A right click on a row, the Menu key and Shift+F10 select the row and
 * open the row menu beside it. */

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
      if (OC_IS_REPORT_ROW (picked))
        return oc_report_row_get_conversation (OC_REPORT_ROW (picked));

      /* The padding around a cell belongs to the row: look at its cells. */
      for (child = gtk_widget_get_first_child (picked); child; child = gtk_widget_get_next_sibling (child))
        {
          GtkWidget *cell = gtk_widget_get_first_child (child);

          if (OC_IS_REPORT_ROW (child))
            return oc_report_row_get_conversation (OC_REPORT_ROW (child));
          if (cell != NULL && OC_IS_REPORT_CELL (cell))
            return oc_report_cell_get_conversation (OC_REPORT_CELL (cell));
        }
    }

  return NULL;
}

/**
 * oc_report_popup_menu:
 * @x: where, in the report's coordinates
 * @y: where, in the report's coordinates
 *
 * Opens the row menu (Monitor, Assign…) at @x, @y; its actions apply to the
 * selected conversation, so select the row first.
 */
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

  if (!gtk_widget_compute_point (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)),
                                 GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    return;

  conversation = oc_report_pick_conversation (self, point.x, point.y);
  if (conversation == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  /* A click on one of several selected rows keeps them all. */
  if (!g_hash_table_contains (self->chosen, conversation))
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

  if (focus != NULL && gtk_widget_is_ancestor (focus, oc_report_get_rows_widget (self)) &&
      gtk_widget_compute_bounds (focus, widget, &bounds))
    {
      x = bounds.origin.x + 24;
      y = bounds.origin.y + bounds.size.height;
    }

  oc_report_popup_menu (self, x, y);
  return TRUE;
}

/* Tab and Shift+Tab ---------------------------------------------------------- */

/* Offers the focus to what comes after (or before) @widget in the tree, one
 * ancestor at a time; at the end of the window it starts over from the top. */
static gboolean
focus_past (GtkWidget        *widget,
            GtkDirectionType  direction)
{
  gboolean forward = direction == GTK_DIR_TAB_FORWARD;
  GtkRoot *root = gtk_widget_get_root (widget);

  for (GtkWidget *w = widget; w != NULL && w != GTK_WIDGET (root); w = gtk_widget_get_parent (w))
    for (GtkWidget *s = forward ? gtk_widget_get_next_sibling (w) : gtk_widget_get_prev_sibling (w);
         s != NULL;
         s = forward ? gtk_widget_get_next_sibling (s) : gtk_widget_get_prev_sibling (s))
      if (gtk_widget_get_visible (s) && gtk_widget_child_focus (s, direction))
        return TRUE;

  if (root == NULL)
    return FALSE;
  gtk_root_set_focus (root, NULL);
  return gtk_widget_child_focus (GTK_WIDGET (root), direction);
}

/* Ctrl+A takes the rows the filters show, Escape lets go of them (and,
 * with none selected, goes on: it closes a folded pane). Shortcuts, not a
 * key handler, so that the Keyboard Shortcuts window can be checked
 * against them; caught on the way down, before the list's own Ctrl+A. */
static gboolean
select_all_shortcut_cb (GtkWidget *widget,
                        GVariant  *args,
                        gpointer   user_data)
{
  return oc_report_select_all (OC_REPORT (widget));
}

static gboolean
unselect_shortcut_cb (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  OcReport *self = OC_REPORT (widget);

  return self->n_selected > 0 && oc_report_select (self, NULL);
}

/* GTK 4.8's list moves Tab from cell to cell and row to row, so Tab never
 * leaves it (only Ctrl+Tab does); the arrows move in the list. Tab goes on
 * to the action bar and Shift+Tab back to the filters, as everywhere else. */
static gboolean
oc_report_key_pressed_cb (OcReport              *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  GtkDirectionType direction;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return GDK_EVENT_PROPAGATE;

  return focus_past (GTK_WIDGET (self), direction);
}

/* GObject ------------------------------------------------------------------ */

static void
oc_report_dispose (GObject *object)
{
  OcReport *self = OC_REPORT (object);

  oc_report_set_view (self, NULL);
  g_clear_object (&self->view_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->selection_signals);
  g_clear_object (&self->adjustment_signals);

  g_clear_handle_id (&self->scroll_idle_id, g_source_remove);
  g_clear_handle_id (&self->pins_idle_id, g_source_remove);
  g_clear_handle_id (&self->layout_idle_id, g_source_remove);
  g_clear_weak_pointer (&self->toast);
  g_clear_pointer (&self->toast_text, g_free);
  g_clear_pointer (&self->row_popover, gtk_widget_unparent);
  _oc_report_columns_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_REPORT);
  /* Unnamed template children are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);

  g_clear_object (&self->clock);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->chosen, g_hash_table_unref);

  G_OBJECT_CLASS (oc_report_parent_class)->dispose (object);
}

static void
oc_report_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  OcReport *self = OC_REPORT (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    case PROP_N_SELECTED:
      g_value_set_uint (value, self->n_selected);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_report_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  OcReport *self = OC_REPORT (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      oc_report_set_view (self, g_value_get_object (value));
      break;
    case PROP_CLOCK:
      oc_report_set_clock (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_report_class_init (OcReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_report_dispose;
  object_class->get_property = oc_report_get_property;
  object_class->set_property = oc_report_set_property;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, OC_TYPE_CONVERSATION_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, OC_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, OC_TYPE_CONVERSATION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONVERSATION_ACTIVATED] =
    g_signal_new ("conversation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, OC_TYPE_CONVERSATION);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-report.ui");
  gtk_widget_class_bind_template_child (widget_class, OcReport, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OcReport, stack);
  gtk_widget_class_bind_template_child (widget_class, OcReport, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, OcReport, column_view);
  gtk_widget_class_bind_template_child (widget_class, OcReport, layout_stack);
  gtk_widget_class_bind_template_child (widget_class, OcReport, compact_scroller);
  gtk_widget_class_bind_template_child (widget_class, OcReport, compact_list);
  gtk_widget_class_bind_template_child (widget_class, OcReport, empty_icon);
  gtk_widget_class_bind_template_child (widget_class, OcReport, empty_title);
  gtk_widget_class_bind_template_child (widget_class, OcReport, empty_description);
  gtk_widget_class_bind_template_child (widget_class, OcReport, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, OcReport, row_menu);
  gtk_widget_class_bind_template_callback (widget_class, oc_report_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_report_compact_activate_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, menu_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, menu_key_cb, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "oc-report");

  /* The store's signal group looks "conversation-removed" up as it connects. */
  g_type_class_unref (g_type_class_ref (OC_TYPE_CONVERSATION_STORE));
}

static void
oc_report_init (OcReport *self)
{
  GtkEventController *key;
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->chosen = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->clock = g_object_ref (oc_clock_get_default ());

  self->view_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->view_signals, "items-changed",
                                  G_CALLBACK (view_items_changed_before_cb), self);
  g_signal_group_connect_data (self->view_signals, "items-changed",
                               G_CALLBACK (view_items_changed_after_cb), self, NULL,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->store_signals = g_signal_group_new (OC_TYPE_CONVERSATION_STORE);
  g_signal_group_connect_swapped (self->store_signals, "conversation-removed",
                                  G_CALLBACK (store_removed_cb), self);
  g_signal_group_connect_swapped (self->store_signals, "items-changed",
                                  G_CALLBACK (store_items_changed_cb), self);
  self->selection_signals = g_signal_group_new (GTK_TYPE_MULTI_SELECTION);
  g_signal_group_connect_swapped (self->selection_signals, "selection-changed",
                                  G_CALLBACK (selection_changed_cb), self);

  self->adjustment_signals = g_signal_group_new (GTK_TYPE_ADJUSTMENT);
  g_signal_group_connect_swapped (self->adjustment_signals, "value-changed",
                                  G_CALLBACK (oc_report_queue_pins), self);
  g_signal_group_connect_swapped (self->adjustment_signals, "changed",
                                  G_CALLBACK (oc_report_queue_pins), self);
  g_signal_connect_swapped (self->column_view, "notify::vadjustment",
                            G_CALLBACK (vadjustment_changed_cb), self);
  g_signal_connect_swapped (self->compact_list, "notify::vadjustment",
                            G_CALLBACK (vadjustment_changed_cb), self);
  vadjustment_changed_cb (self, NULL, G_OBJECT (self->column_view));
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scrolled_window), "changed",
                           G_CALLBACK (hadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->compact_scroller), "changed",
                           G_CALLBACK (hadjustment_changed_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *rows = i == 0 ? GTK_WIDGET (self->column_view) : GTK_WIDGET (self->compact_list);

      gesture = gtk_gesture_click_new ();
      gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
      /* Before the list's own click handling, which would eat it. */
      gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
      g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (right_click_pressed_cb), self);
      gtk_widget_add_controller (rows, GTK_EVENT_CONTROLLER (gesture));

      key = gtk_event_controller_key_new ();
      gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
      g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (oc_report_key_pressed_cb), self);
      gtk_widget_add_controller (rows, key);
    }

  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK),
                        gtk_callback_action_new (select_all_shortcut_cb, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                        gtk_callback_action_new (unselect_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  _oc_report_columns_init (self);
}

/**
 * oc_report_new:
 *
 * Returns: (transfer floating): a new, empty #OcReport; give it a view with
 *   oc_report_set_view()
 */
OcReport *
oc_report_new (void)
{
  return g_object_new (OC_TYPE_REPORT, NULL);
}

/**
 * oc_report_set_view:
 * @view: (nullable): the conversations to show, or %NULL for none
 *
 * Shows @view (and follows its store) in the columns; the column headers sort
 * it. The selection is dropped. The report keeps a reference.
 */
void
oc_report_set_view (OcReport           *self,
                    OcConversationView *view)
{
  g_return_if_fail (OC_IS_REPORT (self));
  g_return_if_fail (view == NULL || OC_IS_CONVERSATION_VIEW (view));

  if (self->view == view)
    return;

  if (self->view != NULL)
    {
      g_signal_group_set_target (self->view_signals, NULL);
      g_signal_group_set_target (self->store_signals, NULL);
      g_signal_group_set_target (self->selection_signals, NULL);
      g_clear_object (&self->selection);
      oc_report_give_model (self);
      g_clear_object (&self->store);
      oc_conversation_view_set_pinned (self->view, NULL, 0);
      g_clear_object (&self->view);
      g_hash_table_remove_all (self->chosen);
      oc_report_update_selected (self);
    }

  if (view != NULL)
    {
      self->view = g_object_ref (view);
      self->store = g_object_ref (oc_conversation_view_get_store (view));

      /* Connected before the selection exists, so it runs first. */
      g_signal_group_set_target (self->view_signals, view);
      g_signal_group_set_target (self->store_signals, self->store);

      self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (view)));
      g_signal_group_set_target (self->selection_signals, self->selection);

      _oc_report_columns_set_store (self);
      oc_report_set_compact_factory (self);
      _oc_report_columns_apply_sort (self);
      oc_report_give_model (self);
      oc_report_queue_pins (self);
    }

  oc_report_update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/**
 * oc_report_get_view:
 *
 * Returns: (transfer none) (nullable): the view shown
 */
OcConversationView *
oc_report_get_view (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), NULL);
  return self->view;
}

/**
 * oc_report_get_clock:
 *
 * Returns: (transfer none): the clock the times tick by
 */
OcClock *
oc_report_get_clock (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), NULL);
  return self->clock;
}

/**
 * oc_report_set_clock:
 * @clock: (nullable): the clock for wait and handle times; %NULL for
 *   oc_clock_get_default()
 *
 * Tests give their own clock to control "now". The cells are built again.
 */
void
oc_report_set_clock (OcReport *self,
                     OcClock  *clock)
{
  g_return_if_fail (OC_IS_REPORT (self));
  g_return_if_fail (clock == NULL || OC_IS_CLOCK (clock));

  if (clock == NULL)
    clock = oc_clock_get_default ();

  if (!g_set_object (&self->clock, clock))
    return;

  /* Cells hold the clock they were made with. */
  if (self->store != NULL)
    {
      _oc_report_columns_set_store (self);
      oc_report_set_compact_factory (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOCK]);
}

/**
 * oc_report_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected conversation while it is
 *   shown, or %NULL
 */
OcConversation *
oc_report_get_selected (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), NULL);
  return self->selected;
}

/**
 * oc_report_select:
 * @conversation: (nullable): the conversation to select, or %NULL to select
 *   none
 *
 * Selects @conversation and scrolls it into view.
 *
 * Returns: %FALSE when there is no view or @conversation is not shown in it
 */
gboolean
oc_report_select (OcReport       *self,
                  OcConversation *conversation)
{
  guint position;

  g_return_val_if_fail (OC_IS_REPORT (self), FALSE);
  g_return_val_if_fail (conversation == NULL || OC_IS_CONVERSATION (conversation), FALSE);

  if (self->view == NULL)
    return FALSE;

  if (conversation == NULL)
    {
      gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
      /* Hidden ones too: nothing is chosen now. */
      g_hash_table_remove_all (self->chosen);
      oc_report_update_selected (self);
      return TRUE;
    }

  position = oc_conversation_view_get_position (self->view, conversation);
  if (position == G_MAXUINT)
    return FALSE;

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  oc_report_queue_scroll (self);

  return TRUE;
}

/**
 * oc_report_select_all:
 *
 * Selects every row the filters show (Ctrl+A).
 *
 * Returns: %FALSE when there is no view
 */
gboolean
oc_report_select_all (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), FALSE);

  if (self->view == NULL)
    return FALSE;

  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
  return TRUE;
}

/**
 * oc_report_get_n_selected:
 *
 * Returns: how many rows shown are selected
 */
guint
oc_report_get_n_selected (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), 0);
  return self->n_selected;
}

/**
 * oc_report_get_selection:
 *
 * Returns: (transfer full) (element-type OcConversation): the selected
 *   conversations shown, in the report's order
 */
GPtrArray *
oc_report_get_selection (OcReport *self)
{
  GPtrArray *selection = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) bits = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (OC_IS_REPORT (self), selection);

  if (self->selection == NULL)
    return selection;

  bits = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, bits, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (selection, g_list_model_get_item (G_LIST_MODEL (self->view), position));

  return selection;
}

/**
 * oc_report_get_column_view:
 *
 * Returns: (transfer none): the #GtkColumnView inside, for focus and tests
 */
GtkColumnView *
oc_report_get_column_view (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), NULL);
  return self->column_view;
}

/**
 * oc_report_get_compact:
 *
 * Returns: whether the report is narrow and shows two-line rows (in
 *   oc_report_get_compact_list()) instead of the columns
 */
gboolean
oc_report_get_compact (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), FALSE);
  return self->compact;
}

/**
 * oc_report_get_compact_list:
 *
 * Returns: (transfer none): the #GtkListView of two-line rows, for tests
 */
GtkListView *
oc_report_get_compact_list (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), NULL);
  return self->compact_list;
}

/**
 * oc_report_get_column:
 * @column: which column
 *
 * Returns: (transfer none): @column's #GtkColumnViewColumn
 */
GtkColumnViewColumn *
oc_report_get_column (OcReport       *self,
                      OcReportColumn  column)
{
  g_return_val_if_fail (OC_IS_REPORT (self), NULL);
  g_return_val_if_fail (column < OC_N_REPORT_COLUMNS, NULL);
  return self->columns[column];
}

/**
 * oc_report_focus_rows:
 *
 * Gives the keyboard focus to the rows (the row last focused, or the first).
 *
 * Returns: whether the focus is in the rows now
 */
gboolean
oc_report_focus_rows (OcReport *self)
{
  GtkWidget *list = oc_report_get_list_view (self);

  g_return_val_if_fail (OC_IS_REPORT (self), FALSE);

  return list != NULL && gtk_widget_grab_focus (list);
}
