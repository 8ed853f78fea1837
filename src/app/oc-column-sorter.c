// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-column-sorter"

#include "config.h"

#include "oc-column-sorter.h"

struct _OcColumnSorter
{
  GtkSorter    parent_instance;
  OcSortColumn column;
};

G_DEFINE_FINAL_TYPE (OcColumnSorter, oc_column_sorter, GTK_TYPE_SORTER)

/* Two marker objects: comparing them answers "less" and records who answered.
 * GtkColumnViewSorter asks its primary column first and inverts the answer
 * when descending, which is exactly what oc_column_sorter_read_primary() needs. */
static GObject *probe_a, *probe_b;
static OcColumnSorter *probe_answered;

static GtkOrdering
oc_column_sorter_compare (GtkSorter *sorter,
                          gpointer   item1,
                          gpointer   item2)
{
  OcColumnSorter *self = OC_COLUMN_SORTER (sorter);

  if (item1 == probe_a && item2 == probe_b)
    {
      probe_answered = self;
      return GTK_ORDERING_SMALLER;
    }

  /* Real rows are ordered by OcConversationView, never by GTK. */
  return GTK_ORDERING_EQUAL;
}

static GtkSorterOrder
oc_column_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
oc_column_sorter_class_init (OcColumnSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = oc_column_sorter_compare;
  sorter_class->get_order = oc_column_sorter_get_order;
}

static void
oc_column_sorter_init (OcColumnSorter *self)
{
}

/**
 * oc_column_sorter_new:
 * @column: the view's sort column the header stands for
 *
 * Returns: (transfer full): a new sorter that sorts nothing itself
 */
OcColumnSorter *
oc_column_sorter_new (OcSortColumn column)
{
  OcColumnSorter *self = g_object_new (OC_TYPE_COLUMN_SORTER, NULL);

  self->column = column;

  return self;
}

/**
 * oc_column_sorter_get_column:
 *
 * Returns: the sort column it names
 */
OcSortColumn
oc_column_sorter_get_column (OcColumnSorter *self)
{
  g_return_val_if_fail (OC_IS_COLUMN_SORTER (self), OC_SORT_NONE);
  return self->column;
}

/**
 * oc_column_sorter_read_primary:
 * @column_view_sorter: a #GtkColumnView's sorter
 * @column: (out): the primary column
 * @descending: (out): whether it sorts in descending order
 *
 * Reads the primary column and order the user picked (GTK 4.8 has no API for
 * it).
 *
 * Returns: %FALSE when nothing is sorted
 */
gboolean
oc_column_sorter_read_primary (GtkSorter    *column_view_sorter,
                               OcSortColumn *column,
                               gboolean     *descending)
{
  GtkOrdering order;

  g_return_val_if_fail (GTK_IS_SORTER (column_view_sorter), FALSE);

  if (probe_a == NULL)
    {
      probe_a = g_object_new (G_TYPE_OBJECT, NULL);
      probe_b = g_object_new (G_TYPE_OBJECT, NULL);
    }

  probe_answered = NULL;
  order = gtk_sorter_compare (column_view_sorter, probe_a, probe_b);

  if (probe_answered == NULL || order == GTK_ORDERING_EQUAL)
    {
      *column = OC_SORT_NONE;
      *descending = FALSE;
      return FALSE;
    }

  *column = probe_answered->column;
  *descending = order == GTK_ORDERING_LARGER;
  probe_answered = NULL;

  return TRUE;
}
