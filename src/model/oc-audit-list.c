// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-audit-list"

#include "config.h"

#include "oc-audit-list.h"

/**
 * OcAuditList:
 *
 * The audit log as a console holds it: a #GListModel of #OcAuditEntry,
 * newest first, each seq once. Entries come from two sides (a page read
 * over HTTP and the live events) in any order and overlapping; each lands
 * in its place by seq. Only the latest #OcAuditList:capacity are kept.
 */
struct _OcAuditList
{
  GObject    parent_instance;

  GPtrArray *entries;   /* OcAuditEntry, seq descending */
  guint      capacity;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OcAuditList, oc_audit_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return OC_TYPE_AUDIT_ENTRY;
}

static guint
get_n_items (GListModel *model)
{
  return OC_AUDIT_LIST (model)->entries->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  OcAuditList *self = OC_AUDIT_LIST (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
oc_audit_list_finalize (GObject *object)
{
  OcAuditList *self = OC_AUDIT_LIST (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (oc_audit_list_parent_class)->finalize (object);
}

static void
oc_audit_list_class_init (OcAuditListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oc_audit_list_finalize;
}

static void
oc_audit_list_init (OcAuditList *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->capacity = OC_AUDIT_LIST_DEFAULT_CAPACITY;
}

OcAuditList *
oc_audit_list_new (void)
{
  return g_object_new (OC_TYPE_AUDIT_LIST, NULL);
}

/* Where @seq goes: the first position whose entry has a smaller seq. */
static guint
position_of (OcAuditList *self,
             gint64       seq,
             gboolean    *present)
{
  guint low = 0, high = self->entries->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      gint64 at = oc_audit_entry_get_seq (g_ptr_array_index (self->entries, mid));

      if (at == seq)
        {
          *present = TRUE;
          return mid;
        }
      if (at > seq)
        low = mid + 1;
      else
        high = mid;
    }
  *present = FALSE;
  return low;
}

static void
trim (OcAuditList *self)
{
  guint n = self->entries->len;

  if (n <= self->capacity)
    return;
  g_ptr_array_remove_range (self->entries, self->capacity, n - self->capacity);
  g_list_model_items_changed (G_LIST_MODEL (self), self->capacity, n - self->capacity, 0);
}

/**
 * oc_audit_list_add:
 * @entry: an entry, from a page or an event
 *
 * Puts @entry in its place, unless an entry with its seq is there already
 * or it is older than every one kept in a full list.
 *
 * Returns: %TRUE when added
 */
gboolean
oc_audit_list_add (OcAuditList  *self,
                   OcAuditEntry *entry)
{
  gboolean present;
  guint position;

  g_return_val_if_fail (OC_IS_AUDIT_LIST (self), FALSE);
  g_return_val_if_fail (OC_IS_AUDIT_ENTRY (entry), FALSE);

  position = position_of (self, oc_audit_entry_get_seq (entry), &present);
  if (present || position >= self->capacity)
    return FALSE;

  g_ptr_array_insert (self->entries, position, g_object_ref (entry));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  trim (self);
  return TRUE;
}

/**
 * oc_audit_list_add_all:
 * @entries: (element-type OcAuditEntry): a page, in any order
 *
 * Returns: how many were new
 */
guint
oc_audit_list_add_all (OcAuditList *self,
                       GPtrArray   *entries)
{
  guint added = 0;

  g_return_val_if_fail (OC_IS_AUDIT_LIST (self), 0);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    added += oc_audit_list_add (self, g_ptr_array_index (entries, i));
  return added;
}

/**
 * oc_audit_list_add_older:
 * @entries: (element-type OcAuditEntry): a page older than the entries held,
 *   asked for by the user
 *
 * Adds @entries like oc_audit_list_add_all(), making room for them: the
 * capacity grows rather than refusing what was asked for.
 *
 * Returns: how many were new
 */
guint
oc_audit_list_add_older (OcAuditList *self,
                         GPtrArray   *entries)
{
  g_return_val_if_fail (OC_IS_AUDIT_LIST (self), 0);

  if (entries != NULL)
    self->capacity = MAX (self->capacity, self->entries->len + entries->len);
  return oc_audit_list_add_all (self, entries);
}

/**
 * oc_audit_list_clear:
 *
 * Forgets every entry (another server, another user).
 */
void
oc_audit_list_clear (OcAuditList *self)
{
  guint n;

  g_return_if_fail (OC_IS_AUDIT_LIST (self));

  n = self->entries->len;
  if (n == 0)
    return;
  g_ptr_array_set_size (self->entries, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

void
oc_audit_list_set_capacity (OcAuditList *self,
                            guint        capacity)
{
  g_return_if_fail (OC_IS_AUDIT_LIST (self));

  self->capacity = MAX (capacity, 1);
  trim (self);
}

/**
 * oc_audit_list_get_oldest_seq:
 *
 * Returns: the seq of the oldest entry held, 0 when empty: the `before` of
 *   the next older page
 */
gint64
oc_audit_list_get_oldest_seq (OcAuditList *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_LIST (self), 0);

  if (self->entries->len == 0)
    return 0;
  return oc_audit_entry_get_seq (g_ptr_array_index (self->entries, self->entries->len - 1));
}
