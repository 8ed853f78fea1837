// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-wallboard-list"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-wallboard-list.h"
#include "oc-wallboard-row.h"

struct _OcWallboardList
{
  GtkWidget            parent_instance;

  GtkWidget           *header_row;
  GtkWidget           *probe_row;
  GtkWidget           *placeholder;

  GPtrArray           *rows;         /* OcWallboardRow, our children */
  GPtrArray           *columns;      /* GtkSizeGroup, one per cell of a row */
  GPtrArray           *items;        /* OcConversation, most urgent first */
  OcConversationStore *store;
  OcWallboardFilter    filter;       /* thresholds only */
  gint64               now;

  guint                page;
  guint                rows_per_page;
  guint                fit_source;   /* idle that applies a new rows_per_page */
  guint                fit;
};

enum {
  PROP_0,
  PROP_PAGE,
  PROP_N_PAGES,
  PROP_ROWS_PER_PAGE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OcWallboardList, oc_wallboard_list, GTK_TYPE_WIDGET)

static guint
compute_n_pages (OcWallboardList *self)
{
  g_assert (OC_IS_WALLBOARD_LIST (self));

  if (self->items->len == 0 || self->rows_per_page == 0)
    return 1;
  return (self->items->len + self->rows_per_page - 1) / self->rows_per_page;
}

/* The header's type is smaller than the rows': one size group per column
 * keeps them in line all the same. */
static void
join_columns (OcWallboardList *self,
              GtkWidget       *row)
{
  guint i = 0;

  for (GtkWidget *cell = gtk_widget_get_first_child (row);
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell), i++)
    {
      if (i == self->columns->len)
        g_ptr_array_add (self->columns, gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL));
      if (!gtk_widget_get_hexpand (cell))
        gtk_size_group_add_widget (g_ptr_array_index (self->columns, i), cell);
    }
}

/* Puts the current page's conversations into the rows. */
static void
oc_wallboard_list_fill (OcWallboardList *self)
{
  guint first;

  g_assert (OC_IS_WALLBOARD_LIST (self));

  while (self->rows->len < self->rows_per_page)
    {
      GtkWidget *row = oc_wallboard_row_new ();

      gtk_widget_insert_before (row, GTK_WIDGET (self), self->placeholder);
      join_columns (self, row);
      g_ptr_array_add (self->rows, row);
    }
  while (self->rows->len > self->rows_per_page)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->rows, self->rows->len - 1);

      gtk_widget_unparent (row);
    }

  first = self->page * self->rows_per_page;
  for (guint i = 0; i < self->rows->len; i++)
    {
      OcWallboardRow *row = g_ptr_array_index (self->rows, i);
      guint index = first + i;

      if (index < self->items->len)
        {
          OcConversation *conversation = g_ptr_array_index (self->items, index);
          const char *queue_id = oc_conversation_get_queue_id (conversation);
          const char *queue_name = queue_id;
          OcQueue *queue = NULL;

          if (self->store != NULL && queue_id != NULL)
            queue = oc_conversation_store_lookup_queue (self->store, queue_id);
          if (queue != NULL && oc_queue_get_name (queue) != NULL)
            queue_name = oc_queue_get_name (queue);

          oc_wallboard_row_set_conversation (row, conversation, queue_name,
                                             oc_wallboard_attention_of (&self->filter, conversation, self->now),
                                             self->now);
          gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
        }
      else
        {
          gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
        }
    }

  gtk_widget_set_visible (self->placeholder, self->items->len == 0);
}

static void
set_page (OcWallboardList *self,
          guint            page)
{
  g_assert (OC_IS_WALLBOARD_LIST (self));

  if (self->page == page)
    return;
  self->page = page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* Applies a new page size; keeps the first row on screen on screen. */
static void
set_rows_per_page (OcWallboardList *self,
                   guint            rows_per_page)
{
  guint old_n_pages = compute_n_pages (self);
  guint first = self->page * self->rows_per_page;

  g_assert (OC_IS_WALLBOARD_LIST (self));
  g_assert (rows_per_page > 0);

  if (self->rows_per_page == rows_per_page)
    return;

  self->rows_per_page = rows_per_page;
  set_page (self, first / rows_per_page);
  oc_wallboard_list_fill (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROWS_PER_PAGE]);
  if (old_n_pages != compute_n_pages (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
}

static gboolean
apply_fit_cb (gpointer user_data)
{
  OcWallboardList *self = user_data;

  self->fit_source = 0;
  set_rows_per_page (self, self->fit);
  return G_SOURCE_REMOVE;
}

static int
row_height (OcWallboardList *self,
            int              width)
{
  int height;

  gtk_widget_measure (self->probe_row, GTK_ORIENTATION_VERTICAL, width,
                      &height, NULL, NULL, NULL);
  return MAX (height, 1);
}

static void
oc_wallboard_list_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  OcWallboardList *self = OC_WALLBOARD_LIST (widget);
  int header_min, header_nat, probe_min, probe_nat, place_min, place_nat;

  gtk_widget_measure (self->header_row, orientation, for_size, &header_min, &header_nat, NULL, NULL);
  gtk_widget_measure (self->probe_row, orientation, for_size, &probe_min, &probe_nat, NULL, NULL);
  gtk_widget_measure (self->placeholder, orientation, for_size, &place_min, &place_nat, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (MAX (header_min, probe_min), place_min);
      *natural = MAX (MAX (header_nat, probe_nat), place_nat);
    }
  else
    {
      /* Ask for one row: the rest is paged, so the window never grows. */
      *minimum = header_min + MAX (probe_min, place_min);
      *natural = header_nat + MAX (probe_nat * (int) MAX (self->rows_per_page, 1), place_nat);
    }
}

static void
oc_wallboard_list_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  OcWallboardList *self = OC_WALLBOARD_LIST (widget);
  int header_height, each, y;
  guint fit;

  gtk_widget_measure (self->header_row, GTK_ORIENTATION_VERTICAL, width,
                      &header_height, NULL, NULL, NULL);
  gtk_widget_allocate (self->header_row, width, header_height, -1, NULL);

  each = row_height (self, width);
  y = header_height;
  gtk_widget_allocate (self->probe_row, width, each, -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y)));

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (gtk_widget_get_visible (row))
        gtk_widget_allocate (row, width, each, -1,
                             gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y + (int) i * each)));
    }

  if (gtk_widget_get_visible (self->placeholder))
    gtk_widget_allocate (self->placeholder, width, MAX (height - header_height, 0), -1,
                         gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y)));

  /* A new size may fit more or fewer rows. Changing children now would
   * re-enter layout, so do it right after this frame. */
  fit = MAX ((height - header_height) / each, 1);
  if (fit != self->rows_per_page)
    {
      self->fit = fit;
      if (self->fit_source == 0)
        self->fit_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_fit_cb, self, NULL);
    }
}

static void
oc_wallboard_list_dispose (GObject *object)
{
  OcWallboardList *self = OC_WALLBOARD_LIST (object);

  g_clear_handle_id (&self->fit_source, g_source_remove);
  if (self->rows != NULL)
    {
      for (guint i = 0; i < self->rows->len; i++)
        gtk_widget_unparent (g_ptr_array_index (self->rows, i));
      g_ptr_array_set_size (self->rows, 0);
    }
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (object), OC_TYPE_WALLBOARD_LIST);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  G_OBJECT_CLASS (oc_wallboard_list_parent_class)->dispose (object);
}

static void
oc_wallboard_list_finalize (GObject *object)
{
  OcWallboardList *self = OC_WALLBOARD_LIST (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (oc_wallboard_list_parent_class)->finalize (object);
}

static void
oc_wallboard_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OcWallboardList *self = OC_WALLBOARD_LIST (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, compute_n_pages (self));
      break;
    case PROP_ROWS_PER_PAGE:
      g_value_set_uint (value, self->rows_per_page);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_wallboard_list_class_init (OcWallboardListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_wallboard_list_dispose;
  object_class->finalize = oc_wallboard_list_finalize;
  object_class->get_property = oc_wallboard_list_get_property;

  widget_class->measure = oc_wallboard_list_measure;
  widget_class->size_allocate = oc_wallboard_list_size_allocate;

  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROWS_PER_PAGE] =
    g_param_spec_uint ("rows-per-page", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-wallboard-list.ui");
  gtk_widget_class_bind_template_child (widget_class, OcWallboardList, header_row);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardList, probe_row);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardList, placeholder);

  gtk_widget_class_set_css_name (widget_class, "wallboard-list");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);

  g_type_ensure (OC_TYPE_WALLBOARD_ROW);
}

static void
oc_wallboard_list_init (OcWallboardList *self)
{
  self->rows = g_ptr_array_new ();
  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->rows_per_page = 1;

  gtk_widget_init_template (GTK_WIDGET (self));

  oc_wallboard_row_set_header (OC_WALLBOARD_ROW (self->header_row));
  /* Wide figures in every column, so the probe is as tall as any row. */
  oc_wallboard_row_set_header (OC_WALLBOARD_ROW (self->probe_row));
  gtk_widget_remove_css_class (self->probe_row, "header");
  gtk_widget_set_child_visible (self->probe_row, FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->probe_row),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  join_columns (self, self->header_row);
  join_columns (self, self->probe_row);

  oc_wallboard_list_fill (self);
}

/**
 * oc_wallboard_list_new:
 *
 * Returns: (transfer floating): a new, empty attention list
 */
GtkWidget *
oc_wallboard_list_new (void)
{
  return g_object_new (OC_TYPE_WALLBOARD_LIST, NULL);
}

/**
 * oc_wallboard_list_update:
 * @stats: the figures, whose attention list to show
 * @filter: what the wallboard shows
 * @store: the store, for queue names
 *
 * Shows @stats's attention list, refreshed in place: the page holds unless it
 * no longer exists.
 */
void
oc_wallboard_list_update (OcWallboardList         *self,
                          OcWallboardStats        *stats,
                          const OcWallboardFilter *filter,
                          OcConversationStore     *store)
{
  guint old_n_pages, old_n_items, n_pages;

  g_return_if_fail (OC_IS_WALLBOARD_LIST (self));
  g_return_if_fail (stats != NULL);
  g_return_if_fail (filter != NULL);

  old_n_pages = compute_n_pages (self);
  old_n_items = self->items->len;

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < stats->attention->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (stats->attention, i)));
  g_set_object (&self->store, store);
  self->filter.thresholds = filter->thresholds;
  self->now = stats->now;

  n_pages = compute_n_pages (self);
  if (self->page >= n_pages)
    set_page (self, 0);
  oc_wallboard_list_fill (self);

  if (old_n_pages != n_pages)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  if (old_n_items != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * oc_wallboard_list_next_page:
 *
 * Shows the next page, or the first after the last.
 */
void
oc_wallboard_list_next_page (OcWallboardList *self)
{
  g_return_if_fail (OC_IS_WALLBOARD_LIST (self));

  set_page (self, (self->page + 1) % compute_n_pages (self));
  oc_wallboard_list_fill (self);
}

/**
 * oc_wallboard_list_get_page:
 *
 * Returns: the page shown, from 0
 */
guint
oc_wallboard_list_get_page (OcWallboardList *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_LIST (self), 0);
  return self->page;
}

/**
 * oc_wallboard_list_get_n_pages:
 *
 * Returns: how many pages there are
 */
guint
oc_wallboard_list_get_n_pages (OcWallboardList *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_LIST (self), 1);
  return compute_n_pages (self);
}

/**
 * oc_wallboard_list_get_rows_per_page:
 *
 * Returns: how many rows fit the height the list is given
 */
guint
oc_wallboard_list_get_rows_per_page (OcWallboardList *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_LIST (self), 1);
  return self->rows_per_page;
}

/**
 * oc_wallboard_list_get_n_items:
 *
 * Returns: how many conversations the list holds over all pages
 */
guint
oc_wallboard_list_get_n_items (OcWallboardList *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_LIST (self), 0);
  return self->items->len;
}

/**
 * oc_wallboard_list_get_shown:
 *
 * Returns: (transfer full) (element-type OcConversation): the conversations
 *   on screen now, top to bottom (for tests)
 */
GPtrArray *
oc_wallboard_list_get_shown (OcWallboardList *self)
{
  GPtrArray *shown;

  g_return_val_if_fail (OC_IS_WALLBOARD_LIST (self), NULL);

  shown = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->rows->len; i++)
    {
      OcWallboardRow *row = g_ptr_array_index (self->rows, i);

      if (gtk_widget_get_visible (GTK_WIDGET (row)))
        g_ptr_array_add (shown, g_object_ref (oc_wallboard_row_get_conversation (row)));
    }
  return shown;
}
