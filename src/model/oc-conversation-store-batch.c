// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation-store"

#include "config.h"

#include "oc-conversation-store-private.h"

/*
 * Rows live in a GSequence in arrival order, indexed by id. A GSequence
 * rather than an array: a removal anywhere costs O(log n) whatever the batch
 * size, where compacting an array is O(n) per batch with removals. get_item is
 * O(log n), which GTK's list widgets (a screenful of rows) never notice.
 *
 * A batch of events is applied in two steps. Updates of rows already in the
 * model happen at once, each followed by "conversation-updated", so a listener
 * (the view) sees one changed row at a time. Arrivals and departures are
 * collected and flushed at the end: departures in runs of adjacent rows, each
 * run announced ("conversation-removed") then removed with one items-changed,
 * last run first so earlier positions hold; arrivals appended with one
 * items-changed, merged into the last run's when that run ends the list.
 */

typedef struct
{
  OcConversation *conversation;  /* owned */
  GSequenceIter  *iter;
  const char     *reason;        /* interned */
  /* The closing upsert, applied just before the row leaves so that a sorted
   * view never meets a row whose fields moved under it. */
  OcConversation *update;        /* owned, or NULL */
  guint           position;
} Removal;

static void
removal_free (gpointer data)
{
  Removal *removal = data;

  g_clear_object (&removal->conversation);
  g_clear_object (&removal->update);
  g_free (removal);
}

gboolean
_oc_conversation_is_expired (OcConversation *conversation,
                             gint64          now)
{
  gint64 created_at = oc_conversation_get_created_at (conversation);

  /* Without a creation time we cannot age it; keep it rather than drop it. */
  return created_at > 0 && now - created_at > OC_CONVERSATION_MAX_AGE;
}

void
_oc_store_batch_init (OcConversationStore *self)
{
  self->removals = g_ptr_array_new_with_free_func (removal_free);
  self->removal_index = g_hash_table_new (NULL, NULL);
  self->added = g_ptr_array_new_with_free_func (g_object_unref);
  self->added_index = g_hash_table_new (g_str_hash, g_str_equal);
}

void
_oc_store_batch_clear (OcConversationStore *self)
{
  g_clear_pointer (&self->removal_index, g_hash_table_unref);
  g_clear_pointer (&self->removals, g_ptr_array_unref);
  g_clear_pointer (&self->added_index, g_hash_table_unref);
  g_clear_pointer (&self->added, g_ptr_array_unref);
}

guint
_oc_store_batch_n_removed (OcConversationStore *self)
{
  return self->removals->len;
}

void
_oc_store_batch_mark_removed (OcConversationStore *self,
                              OcConversation      *conversation,
                              GSequenceIter       *iter,
                              const char          *reason,
                              OcConversation      *update)
{
  Removal *removal = g_hash_table_lookup (self->removal_index, conversation);

  if (removal == NULL)
    {
      removal = g_new0 (Removal, 1);
      removal->conversation = g_object_ref (conversation);
      removal->iter = iter;
      g_ptr_array_add (self->removals, removal);
      g_hash_table_insert (self->removal_index, conversation, removal);
    }

  removal->reason = g_intern_string (reason != NULL ? reason : "closed");
  if (update != NULL)
    g_set_object (&removal->update, update);
}

/* A row marked for removal came back to life within the same batch. */
static gboolean
batch_unmark_removed (OcConversationStore *self,
                      OcConversation      *conversation)
{
  Removal *removal = g_hash_table_lookup (self->removal_index, conversation);

  if (removal == NULL)
    return FALSE;

  g_hash_table_remove (self->removal_index, conversation);
  g_ptr_array_remove_fast (self->removals, removal);
  return TRUE;
}

static void
batch_drop_added (OcConversationStore *self,
                  OcConversation      *conversation)
{
  g_hash_table_remove (self->added_index, oc_conversation_get_id (conversation));
  g_ptr_array_remove (self->added, conversation);
}

static int
compare_removal_position (gconstpointer a,
                          gconstpointer b)
{
  const Removal *ra = *(Removal * const *) a;
  const Removal *rb = *(Removal * const *) b;

  return ra->position < rb->position ? -1 : ra->position > rb->position;
}

/* Appends the batch's arrivals to the rows; returns how many. */
static guint
batch_append_added (OcConversationStore *self)
{
  gsize n_added = 0;
  gpointer *added = g_ptr_array_steal (self->added, &n_added);

  for (gsize i = 0; i < n_added; i++)
    {
      OcConversation *conversation = added[i];
      GSequenceIter *iter = g_sequence_append (self->rows, conversation);

      g_hash_table_insert (self->index, (gpointer) oc_conversation_get_id (conversation), iter);
    }

  g_free (added);
  g_hash_table_remove_all (self->added_index);
  self->n_items += n_added;
  return n_added;
}

void
_oc_store_batch_flush (OcConversationStore *self)
{
  g_autoptr(GPtrArray) removals = NULL;
  gboolean appended = FALSE;
  guint i;

  if (self->removals->len == 0 && self->added->len == 0)
    return;

  removals = g_steal_pointer (&self->removals);
  self->removals = g_ptr_array_new_with_free_func (removal_free);
  g_hash_table_remove_all (self->removal_index);

  for (i = 0; i < removals->len; i++)
    {
      Removal *removal = g_ptr_array_index (removals, i);
      removal->position = g_sequence_iter_get_position (removal->iter);
    }
  g_ptr_array_sort (removals, compare_removal_position);

  /* Runs of adjacent rows, last run first. */
  i = removals->len;
  while (i > 0)
    {
      guint last = i - 1;
      guint first = last;
      guint position, n_removed, n_added = 0;

      while (first > 0 &&
             ((Removal *) g_ptr_array_index (removals, first - 1))->position ==
             ((Removal *) g_ptr_array_index (removals, first))->position - 1)
        first--;

      position = ((Removal *) g_ptr_array_index (removals, first))->position;
      n_removed = last - first + 1;

      for (guint k = first; k <= last; k++)
        {
          Removal *removal = g_ptr_array_index (removals, k);

          if (removal->update != NULL)
            oc_conversation_update_from (removal->conversation, removal->update);
          _oc_conversation_store_emit_removed (self, removal->conversation, removal->reason);
        }

      for (guint k = first; k <= last; k++)
        {
          Removal *removal = g_ptr_array_index (removals, k);

          g_hash_table_remove (self->index, oc_conversation_get_id (removal->conversation));
          g_sequence_remove (removal->iter);
        }

      if (!appended && position + n_removed == self->n_items)
        {
          self->n_items -= n_removed;
          n_added = batch_append_added (self);
          appended = TRUE;
        }
      else
        self->n_items -= n_removed;

      g_list_model_items_changed (G_LIST_MODEL (self), position, n_removed, n_added);
      i = first;
    }

  if (!appended && self->added->len > 0)
    {
      guint position = self->n_items;
      guint n_added = batch_append_added (self);

      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n_added);
    }
}

void
_oc_store_batch_upsert (OcConversationStore *self,
                        OcConversation      *update,
                        gint64               now)
{
  const char *id;
  GSequenceIter *iter;
  OcConversation *existing;
  gboolean leaving;

  if (update == NULL || (id = oc_conversation_get_id (update)) == NULL)
    return;

  leaving = oc_conversation_get_status (update) == OC_STATUS_CLOSED || _oc_conversation_is_expired (update, now);

  iter = g_hash_table_lookup (self->index, id);
  if (iter != NULL)
    {
      existing = g_sequence_get (iter);

      if (leaving)
        {
          _oc_store_batch_mark_removed (self, existing, iter,
                              oc_conversation_get_status (update) == OC_STATUS_CLOSED
                                ? "closed" : "expired",
                              update);
        }
      else
        {
          gboolean revived = batch_unmark_removed (self, existing);

          if (oc_conversation_update_from (existing, update) || revived)
            _oc_conversation_store_emit_updated (self, existing);
        }
      return;
    }

  existing = g_hash_table_lookup (self->added_index, id);
  if (existing != NULL)
    {
      /* Not in the model yet: nobody to tell. */
      if (leaving)
        batch_drop_added (self, existing);
      else
        oc_conversation_update_from (existing, update);
      return;
    }

  if (leaving)
    return;

  g_ptr_array_add (self->added, g_object_ref (update));
  g_hash_table_insert (self->added_index, (gpointer) id, update);
}

void
_oc_store_batch_remove_id (OcConversationStore *self,
                           const char          *id,
                           const char          *reason)
{
  GSequenceIter *iter;
  OcConversation *added;

  if (id == NULL)
    return;

  iter = g_hash_table_lookup (self->index, id);
  if (iter != NULL)
    {
      _oc_store_batch_mark_removed (self, g_sequence_get (iter), iter, reason, NULL);
      return;
    }

  added = g_hash_table_lookup (self->added_index, id);
  if (added != NULL)
    batch_drop_added (self, added);
}
