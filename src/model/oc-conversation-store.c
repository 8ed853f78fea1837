// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation-store"

#include "config.h"

#include <string.h>

#include "oc-conversation-store.h"
#include "oc-conversation-store-private.h"
#include "oc-id-list-private.h"
#include "oc-conversation-private.h"
#include "oc-row-tree.h"

/*
 * Rows live in an OcRowTree (a counted B+tree of 64-row leaves) in arrival
 * order, indexed by id. A tree rather than an array: a removal anywhere
 * costs O(log n) whatever the batch size, where compacting an array is O(n)
 * per batch with removals. The tree finds a row's leaf by the
 * conversation's slot (_oc_conversation_get_slot(): taken when the object is
 * made, given back when it is finalized, so the store's reference keeps it
 * the row's own), and a row's position needs no search: about 10 B a row
 * plus 8 B a slot, where a GSequence node was 48 B. The view keeps a tree of
 * its own over the same conversations, with its own array by slot: the two
 * share nothing but the slot numbers, and neither conflicts with the other.
 * get_item is O(log n), and a step from the row read last (a cursor) for
 * reads in order.
 *
 * A batch of events is applied in two steps. Updates of rows already in the
 * model happen at once, each followed by "conversation-updated", so a listener
 * (the view) sees one changed row at a time. Arrivals and departures are
 * collected and flushed at the end: departures in runs of adjacent rows, each
 * run announced ("conversation-removed") then removed with one items-changed,
 * last run first so earlier positions hold; arrivals appended with one
 * items-changed, merged into the last run's when that run ends the list.
 */

/**
 * OcConversationStore:
 *
 * A #GListModel of #OcConversation in arrival order, with an index by id,
 * and the floor's agents, queues and workstreams as lists of their own.
 * Fed by oc_conversation_store_load_snapshot() and
 * oc_conversation_store_apply_events().
 */
struct _OcConversationStore
{
  GObject      parent_instance;

  OcRowTree   *rows;          /* OcConversation, owned, in arrival order */
  GHashTable  *index;         /* the rows, as a set by id (see IdKey) */
  guint        n_items;
  /* The row last read by position (when cursor_set): consumers read rows
   * in order (a recount, GTK's list), and the next one is a step away
   * rather than a walk from the root. Any change of the rows forgets it. */
  OcRowTreeIter cursor;
  guint        cursor_position;
  gint64       revision;
  guint        unreadable;    /* of the last snapshot */
  gint64       max_age;       /* seconds a row may live after its creation */

  OcClockFunc  clock_func;
  gpointer     clock_data;

  OcIdList     agents;
  OcIdList     queues;
  OcIdList     workstreams;

  /* Pending changes of the batch being applied. */
  GPtrArray   *removals;          /* Removal */
  GHashTable  *removal_index;     /* OcConversation -> Removal */
  GPtrArray   *added;             /* OcConversation, owned */
  GHashTable  *added_index;       /* id -> OcConversation */

  guint        loading : 1;
  guint        in_batch : 1;
  guint        partial : 1;   /* between begin_load and end_load */
  guint        cursor_set : 1;
};

enum {
  CONVERSATION_UPDATED,
  CONVERSATION_REMOVED,
  BATCH_DONE,
  RESYNC_NEEDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_UNREADABLE,
  PROP_MAX_AGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
oc_conversation_store_get_item_type (GListModel *model)
{
  return OC_TYPE_CONVERSATION;
}

static guint
oc_conversation_store_get_n_items (GListModel *model)
{
  return OC_CONVERSATION_STORE (model)->n_items;
}

static gpointer
oc_conversation_store_get_item (GListModel *model,
                                guint       position)
{
  OcConversationStore *self = OC_CONVERSATION_STORE (model);

  if (position >= self->n_items)
    return NULL;

  if (self->cursor_set && position == self->cursor_position)
    ;
  else if (self->cursor_set && position == self->cursor_position + 1 &&
           oc_row_tree_iter_next (&self->cursor))
    ;
  else if (self->cursor_set && position + 1 == self->cursor_position &&
           oc_row_tree_iter_prev (&self->cursor))
    ;
  else
    self->cursor_set = oc_row_tree_iter_init_nth (self->rows, position, &self->cursor);

  g_assert (self->cursor_set);
  self->cursor_position = position;
  return g_object_ref (oc_row_tree_iter_get (&self->cursor));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = oc_conversation_store_get_item_type;
  iface->get_n_items = oc_conversation_store_get_n_items;
  iface->get_item = oc_conversation_store_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (OcConversationStore, oc_conversation_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/*
 * The index is a set of the rows, hashed and compared by their ids: a
 * GHashTable whose keys are its values keeps no array of values (8 B a
 * bucket fewer than id -> row). A lookup by id passes an IdKey, which the
 * hash and equal functions tell from a row by its class pointer, NULL here
 * and never in an object.
 */
typedef struct
{
  GTypeInstance  no_instance;   /* g_class NULL */
  const char    *id;
} IdKey;

static inline const char *
index_key_id (gconstpointer key)
{
  if (((const GTypeInstance *) key)->g_class == NULL)
    return ((const IdKey *) key)->id;
  return oc_conversation_get_id ((OcConversation *) key);
}

static guint
index_hash (gconstpointer key)
{
  return g_str_hash (index_key_id (key));
}

static gboolean
index_equal (gconstpointer a,
             gconstpointer b)
{
  return strcmp (index_key_id (a), index_key_id (b)) == 0;
}

static GHashTable *
index_new (void)
{
  return g_hash_table_new (index_hash, index_equal);
}

/* The row of @index with @id, or NULL. */
static OcConversation *
index_lookup (GHashTable *index,
              const char *id)
{
  IdKey key = { { NULL }, id };

  return id != NULL ? g_hash_table_lookup (index, &key) : NULL;
}

static guint
row_slot (gconstpointer row)
{
  return _oc_conversation_get_slot ((OcConversation *) row);
}

static void
unref_row (gpointer row,
           gpointer user_data)
{
  g_object_unref (row);
}

/* Whatever pointed into the rows is stale now: the cursor. */
static void
rows_changed (OcConversationStore *self)
{
  self->cursor_set = FALSE;
}

typedef struct
{
  OcConversation *conversation;  /* owned */
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

static gboolean
is_expired (OcConversationStore *self,
            OcConversation      *conversation,
            gint64               now)
{
  gint64 created_at = oc_conversation_get_created_at (conversation);

  /* Without a creation time we cannot age it; keep it rather than drop it. */
  return created_at > 0 && now - created_at > self->max_age;
}

static void
batch_init (OcConversationStore *self)
{
  self->removals = g_ptr_array_new_with_free_func (removal_free);
  self->removal_index = g_hash_table_new (NULL, NULL);
  self->added = g_ptr_array_new_with_free_func (g_object_unref);
  self->added_index = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
batch_clear (OcConversationStore *self)
{
  g_clear_pointer (&self->removal_index, g_hash_table_unref);
  g_clear_pointer (&self->removals, g_ptr_array_unref);
  g_clear_pointer (&self->added_index, g_hash_table_unref);
  g_clear_pointer (&self->added, g_ptr_array_unref);
}

static guint
batch_n_removed (OcConversationStore *self)
{
  return self->removals->len;
}

static void
batch_mark_removed (OcConversationStore *self,
                              OcConversation      *conversation,
                              const char          *reason,
                              OcConversation      *update)
{
  Removal *removal = g_hash_table_lookup (self->removal_index, conversation);

  if (removal == NULL)
    {
      removal = g_new0 (Removal, 1);
      removal->conversation = g_object_ref (conversation);
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

/* Appends @conversation, whose reference the rows take. */
static void
append_row (OcConversationStore *self,
            OcConversation      *conversation)
{
  oc_row_tree_insert_at (self->rows, oc_row_tree_get_n_items (self->rows), conversation);
  g_hash_table_add (self->index, conversation);
}

/* Appends the batch's arrivals to the rows; returns how many. */
static guint
batch_append_added (OcConversationStore *self)
{
  gsize n_added = 0;
  gpointer *added = g_ptr_array_steal (self->added, &n_added);

  if (n_added > 0)
    rows_changed (self);
  for (gsize i = 0; i < n_added; i++)
    append_row (self, added[i]);

  g_free (added);
  g_hash_table_remove_all (self->added_index);
  self->n_items += n_added;
  return n_added;
}

static void
batch_flush (OcConversationStore *self)
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
      removal->position = oc_row_tree_get_position (self->rows, removal->conversation);
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
          g_signal_emit (self, signals[CONVERSATION_REMOVED], 0, removal->conversation, removal->reason);
        }

      for (guint k = first; k <= last; k++)
        {
          Removal *removal = g_ptr_array_index (removals, k);

          g_hash_table_remove (self->index, removal->conversation);
          oc_row_tree_remove (self->rows, removal->conversation);
          g_object_unref (removal->conversation);   /* the rows' reference */
        }
      rows_changed (self);

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

static void
batch_upsert (OcConversationStore *self,
                        OcConversation      *update,
                        gint64               now)
{
  const char *id;
  OcConversation *existing;
  gboolean leaving;

  if (update == NULL || (id = oc_conversation_get_id (update)) == NULL)
    return;

  leaving = oc_conversation_get_status (update) == OC_STATUS_CLOSED || is_expired (self, update, now);

  existing = index_lookup (self->index, id);
  if (existing != NULL)
    {
      if (leaving)
        {
          batch_mark_removed (self, existing,
                              oc_conversation_get_status (update) == OC_STATUS_CLOSED
                                ? "closed" : "expired",
                              update);
        }
      else
        {
          gboolean revived = batch_unmark_removed (self, existing);

          if (oc_conversation_update_from (existing, update) || revived)
            g_signal_emit (self, signals[CONVERSATION_UPDATED], 0, existing);
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

static void
batch_remove_id (OcConversationStore *self,
                           const char          *id,
                           const char          *reason)
{
  OcConversation *row;
  OcConversation *added;

  if (id == NULL)
    return;

  row = index_lookup (self->index, id);
  if (row != NULL)
    {
      batch_mark_removed (self, row, reason, NULL);
      return;
    }

  added = g_hash_table_lookup (self->added_index, id);
  if (added != NULL)
    batch_drop_added (self, added);
}

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
oc_conversation_store_dispose (GObject *object)
{
  OcConversationStore *self = OC_CONVERSATION_STORE (object);

  g_clear_pointer (&self->index, g_hash_table_unref);
  rows_changed (self);
  if (self->rows != NULL)
    {
      oc_row_tree_foreach (self->rows, unref_row, NULL);
      g_clear_pointer (&self->rows, oc_row_tree_free);
    }
  self->n_items = 0;
  _oc_id_list_clear (&self->agents);
  _oc_id_list_clear (&self->queues);
  _oc_id_list_clear (&self->workstreams);

  G_OBJECT_CLASS (oc_conversation_store_parent_class)->dispose (object);
}

static void
oc_conversation_store_finalize (GObject *object)
{
  OcConversationStore *self = OC_CONVERSATION_STORE (object);

  batch_clear (self);

  G_OBJECT_CLASS (oc_conversation_store_parent_class)->finalize (object);
}

static void
oc_conversation_store_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  OcConversationStore *self = OC_CONVERSATION_STORE (object);

  switch (prop_id)
    {
    case PROP_UNREADABLE:
      g_value_set_uint (value, self->unreadable);
      break;
    case PROP_MAX_AGE:
      g_value_set_int64 (value, self->max_age);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_conversation_store_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  OcConversationStore *self = OC_CONVERSATION_STORE (object);

  switch (prop_id)
    {
    case PROP_MAX_AGE:
      oc_conversation_store_set_max_age (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_conversation_store_class_init (OcConversationStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oc_conversation_store_dispose;
  object_class->finalize = oc_conversation_store_finalize;
  object_class->get_property = oc_conversation_store_get_property;
  object_class->set_property = oc_conversation_store_set_property;

  /**
   * OcConversationStore:unreadable:
   *
   * How many conversations the last snapshot held that could not be read
   * and are not in the store: the report says so rather than pretend the
   * floor is complete.
   */
  properties[PROP_UNREADABLE] =
    g_param_spec_uint ("unreadable", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * OcConversationStore:max-age:
   *
   * How long, in seconds, a conversation stays after it was created:
   * %OC_CONVERSATION_MAX_AGE (the report's 24 hours) unless the source
   * keeps a longer window (Dynamics 365 keeps open ones up to 3 days).
   */
  properties[PROP_MAX_AGE] =
    g_param_spec_int64 ("max-age", NULL, NULL, 60, G_MAXINT32, OC_CONVERSATION_MAX_AGE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OcConversationStore::conversation-updated:
   * @conversation: the row that changed
   *
   * An existing row changed in place (its properties notified); no
   * items-changed is emitted for it.
   */
  signals[CONVERSATION_UPDATED] =
    g_signal_new ("conversation-updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, OC_TYPE_CONVERSATION);
  g_signal_set_va_marshaller (signals[CONVERSATION_UPDATED],
                              G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__OBJECTv);

  /**
   * OcConversationStore::conversation-removed:
   * @conversation: the row that leaves
   * @reason: why: "closed", "force-closed", "expired", "resync", …
   *
   * Emitted before the row leaves the model.
   */
  signals[CONVERSATION_REMOVED] =
    g_signal_new ("conversation-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, OC_TYPE_CONVERSATION, G_TYPE_STRING);

  /**
   * OcConversationStore::batch-done:
   *
   * Emitted at the end of oc_conversation_store_apply_events() and
   * oc_conversation_store_expire(), after every other signal of the batch:
   * a listener that gathered the batch's changes (the view, which places
   * the moved rows all at once) acts on them now.
   */
  signals[BATCH_DONE] =
    g_signal_new ("batch-done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__VOID,
                  G_TYPE_NONE, 0);

  /**
   * OcConversationStore::resync-needed:
   *
   * The events had a revision gap, or the server asked for a resync: the
   * caller should load a fresh snapshot.
   */
  signals[RESYNC_NEEDED] =
    g_signal_new ("resync-needed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__VOID,
                  G_TYPE_NONE, 0);
}

static void
oc_conversation_store_init (OcConversationStore *self)
{
  self->rows = oc_row_tree_new (row_slot);
  self->index = index_new ();
  self->clock_func = real_clock;
  self->max_age = OC_CONVERSATION_MAX_AGE;

  _oc_id_list_init (&self->agents, &_oc_id_list_agents);
  _oc_id_list_init (&self->queues, &_oc_id_list_queues);
  _oc_id_list_init (&self->workstreams, &_oc_id_list_workstreams);
  batch_init (self);
}

static gboolean
is_change_event (OcEventType type)
{
  switch (type)
    {
    case OC_EVENT_CONVERSATION_UPSERT:
    case OC_EVENT_CONVERSATION_REMOVED:
    case OC_EVENT_AGENT_UPSERT:
    case OC_EVENT_QUEUE_UPSERT:
    case OC_EVENT_WORKSTREAM_UPSERT:
      return TRUE;

    case OC_EVENT_UNKNOWN:
    case OC_EVENT_HELLO:
    case OC_EVENT_RESYNC_REQUIRED:
    case OC_EVENT_PING:
    case OC_EVENT_MESSAGE:
    case OC_EVENT_HISTORY_END:
    case OC_EVENT_ENDED:
    default:
      return FALSE;
    }
}

/**
 * oc_conversation_store_new:
 *
 * Returns: (transfer full): an empty store at revision 0, on the real clock.
 */
OcConversationStore *
oc_conversation_store_new (void)
{
  return g_object_new (OC_TYPE_CONVERSATION_STORE, NULL);
}

/**
 * oc_conversation_store_set_clock:
 * @func: (nullable) (scope forever): returns "now" in Unix seconds; %NULL for
 *   the real clock
 * @user_data: (closure func): data for @func
 *
 * Replaces the clock used for ageing; tests pass a fake one. The store does
 * not free @user_data.
 */
void
oc_conversation_store_set_clock (OcConversationStore *self,
                                 OcClockFunc          func,
                                 gpointer             user_data)
{
  g_return_if_fail (OC_IS_CONVERSATION_STORE (self));

  self->clock_func = func != NULL ? func : real_clock;
  self->clock_data = func != NULL ? user_data : NULL;
}

/**
 * oc_conversation_store_now:
 *
 * Returns: "now" in Unix seconds by the store's clock (see
 *   oc_conversation_store_set_clock())
 */
gint64
oc_conversation_store_now (OcConversationStore *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), 0);

  return self->clock_func (self->clock_data);
}

/**
 * oc_conversation_store_get_revision:
 *
 * Returns: the revision of the last change applied, 0 before any
 */
/**
 * oc_conversation_store_get_unreadable:
 *
 * Returns: how many conversations of the last snapshot could not be read
 *   (and so are not in the store)
 */
guint
oc_conversation_store_get_unreadable (OcConversationStore *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), 0);

  return self->unreadable;
}

gint64
oc_conversation_store_get_revision (OcConversationStore *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), 0);

  return self->revision;
}

/* Whether a snapshot's @conversation becomes a row: not closed, not
 * expired, and the first of its id in @index. */
static gboolean
snapshot_admits (OcConversationStore *self,
                 GHashTable          *index,
                 OcConversation      *conversation,
                 gint64               now)
{
  const char *id = oc_conversation_get_id (conversation);

  return id != NULL &&
         oc_conversation_get_status (conversation) != OC_STATUS_CLOSED &&
         !is_expired (self, conversation, now) &&
         index_lookup (index, id) == NULL;
}

/**
 * oc_conversation_store_load_snapshot:
 * @snapshot: a parsed snapshot; the store takes references to its objects
 *
 * Replaces every row in one items-changed. A conversation whose id was
 * already here keeps its object, updated in place, so selections and open
 * dialogs survive a resync; the ones that are gone get
 * #OcConversationStore::conversation-removed (reason "resync") first. Closed
 * and expired rows of the snapshot are skipped. Agents, queues and
 * workstreams are replaced the same way, one items-changed per list. It also
 * ends a load begun with oc_conversation_store_begin_load() (an empty
 * snapshot starts afresh).
 */
void
oc_conversation_store_load_snapshot (OcConversationStore *self,
                                     OcSnapshot          *snapshot)
{
  g_autoptr(GHashTable) old_index = NULL;
  g_autoptr(GPtrArray) members = NULL;
  OcRowTree *old_rows;
  GHashTable *index;
  OcRowTreeIter iter;
  guint old_n_items, n_slots = 0;
  gboolean more;
  gint64 now;

  g_return_if_fail (OC_IS_CONVERSATION_STORE (self));
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (!self->in_batch);

  now = oc_conversation_store_now (self);
  self->loading = TRUE;

  _oc_id_list_replace (&self->workstreams, snapshot->workstreams);
  _oc_id_list_replace (&self->queues, snapshot->queues);
  _oc_id_list_replace (&self->agents, snapshot->agents);

  /* The new rows, referenced: an existing object where the id was here. */
  members = g_ptr_array_sized_new (snapshot->conversations != NULL ? snapshot->conversations->len : 0);
  index = index_new ();

  for (guint i = 0; snapshot->conversations != NULL && i < snapshot->conversations->len; i++)
    {
      OcConversation *conversation = g_ptr_array_index (snapshot->conversations, i);
      const char *id = oc_conversation_get_id (conversation);
      OcConversation *existing;

      if (!snapshot_admits (self, index, conversation, now))
        continue;

      existing = index_lookup (self->index, id);
      if (existing != NULL)
        {
          oc_conversation_update_from (existing, conversation);
          conversation = existing;
        }

      g_ptr_array_add (members, g_object_ref (conversation));
      g_hash_table_add (index, conversation);
      n_slots = MAX (n_slots, _oc_conversation_get_slot (conversation) + 1);
    }

  /* Tell about the rows that do not persist while they are still here. */
  for (more = oc_row_tree_iter_init_nth (self->rows, 0, &iter);
       more;
       more = oc_row_tree_iter_next (&iter))
    {
      OcConversation *conversation = oc_row_tree_iter_get (&iter);

      if (g_hash_table_lookup (index, conversation) != conversation)
        g_signal_emit (self, signals[CONVERSATION_REMOVED], 0, conversation, "resync");
    }

  /* A tree of its own: the old one stays whole (and its references held)
   * until the items-changed that replaces it has been told. */
  old_rows = g_steal_pointer (&self->rows);
  old_index = g_steal_pointer (&self->index);
  old_n_items = self->n_items;
  rows_changed (self);
  self->rows = oc_row_tree_new (row_slot);
  oc_row_tree_reserve (self->rows, n_slots);
  oc_row_tree_set_all (self->rows, members->pdata, NULL, members->len);
  self->index = index;
  self->n_items = members->len;
  self->revision = snapshot->revision;
  if (self->unreadable != snapshot->unreadable)
    {
      self->unreadable = snapshot->unreadable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREADABLE]);
    }

  self->partial = FALSE;
  if (old_n_items > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);

  /* The old index hashes the old rows: it goes first. */
  g_clear_pointer (&old_index, g_hash_table_unref);
  oc_row_tree_foreach (old_rows, unref_row, NULL);
  oc_row_tree_free (old_rows);

  self->loading = FALSE;
}

/**
 * oc_conversation_store_begin_load:
 * @head: a snapshot without its conversations (its revision, its lists)
 *
 * Starts loading a snapshot a part at a time into an empty store, so that
 * the first rows can be shown before the rest is read: the parts follow
 * with oc_conversation_store_load_more(), and
 * oc_conversation_store_end_load() ends it. The agents, queues and work
 * streams are replaced now, as oc_conversation_store_load_snapshot()
 * replaces them. Until the end the store is at revision 0 and takes no
 * events, so what it holds is never taken for the snapshot's whole floor.
 * A store that holds rows takes a snapshot in one step instead, which keeps
 * its rows (selections, open dialogs) across it.
 */
void
oc_conversation_store_begin_load (OcConversationStore *self,
                                  OcSnapshot          *head)
{
  g_return_if_fail (OC_IS_CONVERSATION_STORE (self));
  g_return_if_fail (head != NULL);
  g_return_if_fail (!self->in_batch && !self->loading);
  g_return_if_fail (self->n_items == 0);

  _oc_id_list_replace (&self->workstreams, head->workstreams);
  _oc_id_list_replace (&self->queues, head->queues);
  _oc_id_list_replace (&self->agents, head->agents);
  self->revision = 0;
  self->partial = TRUE;
}

/**
 * oc_conversation_store_load_more:
 * @conversations: (element-type OcConversation): the snapshot's next
 *   conversations, in its order; the store takes references to them
 *
 * Appends @conversations as oc_conversation_store_load_snapshot() would
 * place them (closed and expired ones, and ids already here, skipped), in
 * one items-changed at the end of the list: consumers follow them as
 * arrivals, so a part no larger than their reload threshold (1,024 rows)
 * costs them that part only.
 */
void
oc_conversation_store_load_more (OcConversationStore *self,
                                 GPtrArray           *conversations)
{
  guint position, n_added = 0;
  gint64 now;

  g_return_if_fail (OC_IS_CONVERSATION_STORE (self));
  g_return_if_fail (conversations != NULL);
  g_return_if_fail (self->partial && !self->in_batch && !self->loading);

  now = oc_conversation_store_now (self);
  position = self->n_items;
  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *conversation = g_ptr_array_index (conversations, i);

      if (!snapshot_admits (self, self->index, conversation, now))
        continue;
      append_row (self, g_object_ref (conversation));
      n_added++;
    }
  if (n_added > 0)
    rows_changed (self);

  self->n_items += n_added;
  if (n_added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n_added);
}

/**
 * oc_conversation_store_end_load:
 * @revision: the snapshot's revision
 * @unreadable: how many of its conversations could not be read
 *
 * Ends a load begun with oc_conversation_store_begin_load(): every part is
 * in, and the store is at @revision, where the events resume.
 */
void
oc_conversation_store_end_load (OcConversationStore *self,
                                gint64               revision,
                                guint                unreadable)
{
  g_return_if_fail (OC_IS_CONVERSATION_STORE (self));
  g_return_if_fail (self->partial);

  self->partial = FALSE;
  self->revision = revision;
  if (self->unreadable != unreadable)
    {
      self->unreadable = unreadable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREADABLE]);
    }
}

/**
 * oc_conversation_store_get_max_age:
 *
 * Returns: seconds a conversation stays after its creation
 */
gint64
oc_conversation_store_get_max_age (OcConversationStore *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), OC_CONVERSATION_MAX_AGE);

  return self->max_age;
}

/**
 * oc_conversation_store_set_max_age:
 * @max_age: seconds, at least a minute
 *
 * Sets #OcConversationStore:max-age. Rows already older stay until the next
 * oc_conversation_store_expire().
 */
void
oc_conversation_store_set_max_age (OcConversationStore *self,
                                   gint64               max_age)
{
  g_return_if_fail (OC_IS_CONVERSATION_STORE (self));

  max_age = CLAMP (max_age, 60, G_MAXINT32);
  if (self->max_age == max_age)
    return;
  self->max_age = max_age;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_AGE]);
}

/**
 * oc_conversation_store_sync_directory:
 * @workstreams: (element-type OcWorkstream): every work stream there is now
 * @queues: (element-type OcQueue): every queue there is now
 * @agents: (element-type OcAgent): every agent there is now
 *
 * For a source that reads whole tables and cannot announce removals (a
 * Dataverse reload): updates the work streams, queues and agents that
 * persist in place, adds the new ones and removes the ones that are gone,
 * leaving conversations and the revision as they are. A list that did not
 * change emits nothing. The store takes references to the objects.
 */
void
oc_conversation_store_sync_directory (OcConversationStore *self,
                                      GPtrArray           *workstreams,
                                      GPtrArray           *queues,
                                      GPtrArray           *agents)
{
  g_return_if_fail (OC_IS_CONVERSATION_STORE (self));
  g_return_if_fail (!self->in_batch);

  _oc_id_list_sync (&self->workstreams, workstreams);
  _oc_id_list_sync (&self->queues, queues);
  _oc_id_list_sync (&self->agents, agents);
}

/**
 * oc_conversation_store_apply_events:
 * @events: (array length=n_events): parsed events, in arrival order
 * @n_events: the length of @events
 *
 * Applies the change events that follow the store's revision, coalescing
 * arrivals and departures into as few items-changed as it can. An event at
 * or below the revision is a duplicate (a replay after reconnecting) and is
 * skipped; one further ahead is a gap: the batch stops there (what came
 * before stands) and #OcConversationStore::resync-needed is emitted, as it
 * is for a resync-required event. Hello, ping and unknown events are
 * ignored. The store takes references to the events' objects rather than
 * copying them.
 *
 * Returns: the number of change events applied
 */
guint
oc_conversation_store_apply_events (OcConversationStore *self,
                                    OcEvent * const     *events,
                                    guint                n_events)
{
  gboolean resync = FALSE;
  guint applied = 0;
  gint64 now;

  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), 0);
  g_return_val_if_fail (events != NULL || n_events == 0, 0);
  g_return_val_if_fail (!self->in_batch, 0);
  /* Events follow a whole snapshot, never a part of one. */
  g_return_val_if_fail (!self->partial, 0);

  now = oc_conversation_store_now (self);
  self->in_batch = TRUE;

  for (guint i = 0; i < n_events; i++)
    {
      const OcEvent *event = events[i];

      if (event == NULL)
        continue;

      if (event->type == OC_EVENT_RESYNC_REQUIRED)
        {
          resync = TRUE;
          break;
        }

      if (!is_change_event (event->type) || event->revision <= self->revision)
        continue;

      if (event->revision != self->revision + 1)
        {
          g_debug ("Revision gap: at %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT,
                   self->revision, event->revision);
          resync = TRUE;
          break;
        }

      self->revision = event->revision;
      applied++;

      switch (event->type)
        {
        case OC_EVENT_CONVERSATION_UPSERT:
          batch_upsert (self, event->conversation, now);
          break;

        case OC_EVENT_CONVERSATION_REMOVED:
          batch_remove_id (self, event->id, event->reason);
          break;

        case OC_EVENT_AGENT_UPSERT:
          _oc_id_list_upsert (&self->agents, event->agent);
          break;

        case OC_EVENT_QUEUE_UPSERT:
          _oc_id_list_upsert (&self->queues, event->queue);
          break;

        case OC_EVENT_WORKSTREAM_UPSERT:
          _oc_id_list_upsert (&self->workstreams, event->workstream);
          break;

        case OC_EVENT_UNKNOWN:
        case OC_EVENT_HELLO:
        case OC_EVENT_RESYNC_REQUIRED:
        case OC_EVENT_PING:
        case OC_EVENT_MESSAGE:
        case OC_EVENT_HISTORY_END:
        case OC_EVENT_ENDED:
        default:
          g_assert_not_reached ();
        }
    }

  batch_flush (self);
  self->in_batch = FALSE;
  g_signal_emit (self, signals[BATCH_DONE], 0);

  if (resync)
    g_signal_emit (self, signals[RESYNC_NEEDED], 0);

  return applied;
}

/**
 * oc_conversation_store_expire:
 *
 * Drops the rows created more than #OcConversationStore:max-age seconds ago by
 * the store's clock, with "conversation-removed" (reason "expired") each.
 *
 * Returns: how many left
 */
guint
oc_conversation_store_expire (OcConversationStore *self)
{
  OcRowTreeIter iter;
  gboolean more;
  guint n_expired;
  gint64 now;

  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), 0);
  g_return_val_if_fail (!self->in_batch, 0);

  now = oc_conversation_store_now (self);
  self->in_batch = TRUE;

  for (more = oc_row_tree_iter_init_nth (self->rows, 0, &iter);
       more;
       more = oc_row_tree_iter_next (&iter))
    {
      OcConversation *conversation = oc_row_tree_iter_get (&iter);

      if (is_expired (self, conversation, now))
        batch_mark_removed (self, conversation, "expired", NULL);
    }

  n_expired = batch_n_removed (self);
  batch_flush (self);
  self->in_batch = FALSE;
  g_signal_emit (self, signals[BATCH_DONE], 0);

  return n_expired;
}

/**
 * oc_conversation_store_lookup:
 * @id: (nullable): a conversation's id
 *
 * Returns: (transfer none) (nullable): the live conversation with @id
 */
OcConversation *
oc_conversation_store_lookup (OcConversationStore *self,
                              const char          *id)
{
  OcConversation *row;

  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), NULL);

  if (id == NULL)
    return NULL;

  row = index_lookup (self->index, id);
  if (row != NULL)
    return row;

  /* During a batch, rows that arrived but are not flushed yet. */
  return g_hash_table_lookup (self->added_index, id);
}

/**
 * oc_conversation_store_lookup_agent:
 * @id: (nullable): an agent's id
 *
 * Returns: (transfer none) (nullable): the agent with @id
 */
OcAgent *
oc_conversation_store_lookup_agent (OcConversationStore *self,
                                    const char          *id)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), NULL);

  return _oc_id_list_lookup (&self->agents, id);
}

/**
 * oc_conversation_store_lookup_queue:
 * @id: (nullable): a queue's id
 *
 * Returns: (transfer none) (nullable): the queue with @id
 */
OcQueue *
oc_conversation_store_lookup_queue (OcConversationStore *self,
                                    const char          *id)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), NULL);

  return _oc_id_list_lookup (&self->queues, id);
}

/**
 * oc_conversation_store_lookup_workstream:
 * @id: (nullable): a workstream's id
 *
 * Returns: (transfer none) (nullable): the workstream with @id
 */
OcWorkstream *
oc_conversation_store_lookup_workstream (OcConversationStore *self,
                                         const char          *id)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), NULL);

  return _oc_id_list_lookup (&self->workstreams, id);
}

/**
 * oc_conversation_store_get_agents:
 *
 * Returns: (transfer none): a live #GListModel of #OcAgent in snapshot order,
 *   for dialogs
 */
GListModel *
oc_conversation_store_get_agents (OcConversationStore *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), NULL);

  return G_LIST_MODEL (self->agents.list);
}

/**
 * oc_conversation_store_get_queues:
 *
 * Returns: (transfer none): a live #GListModel of #OcQueue, for dialogs
 */
GListModel *
oc_conversation_store_get_queues (OcConversationStore *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), NULL);

  return G_LIST_MODEL (self->queues.list);
}

/**
 * oc_conversation_store_get_workstreams:
 *
 * Returns: (transfer none): a live #GListModel of #OcWorkstream, for dialogs
 */
GListModel *
oc_conversation_store_get_workstreams (OcConversationStore *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), NULL);

  return G_LIST_MODEL (self->workstreams.list);
}

const OcRowTree *
_oc_conversation_store_get_rows (OcConversationStore *self)
{
  g_assert (OC_IS_CONVERSATION_STORE (self));

  return self->rows;
}

/* Who watches is no field of the record and has no revision (#22); it still
 * moves a row sorted by it, so the row is told as updated. */
static gboolean
set_watchers (OcConversationStore *self,
              OcConversation      *conversation,
              GPtrArray           *watchers)
{
  GPtrArray *before = oc_conversation_get_watchers (conversation);

  oc_conversation_set_watchers (conversation, watchers);
  /* The conversation keeps its list unless it changed. */
  if (oc_conversation_get_watchers (conversation) == before)
    return FALSE;
  g_signal_emit (self, signals[CONVERSATION_UPDATED], 0, conversation);
  return TRUE;
}

/**
 * oc_conversation_store_set_watchers:
 * @id: a conversation's id
 * @watchers: (nullable) (element-type OcWatcher): who watches it now, as a
 *   presence event gives it
 *
 * Replaces who watches a conversation; when that changed, the row is told
 * with "conversation-updated", so a view sorted by watchers moves it.
 *
 * Returns: %FALSE when the store does not hold @id (yet)
 */
gboolean
oc_conversation_store_set_watchers (OcConversationStore *self,
                                    const char          *id,
                                    GPtrArray           *watchers)
{
  OcConversation *conversation;

  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (self), FALSE);
  g_return_val_if_fail (!self->loading, FALSE);

  conversation = oc_conversation_store_lookup (self, id);
  if (conversation == NULL)
    return FALSE;
  set_watchers (self, conversation, watchers);
  return TRUE;
}

/**
 * oc_conversation_store_clear_watchers:
 *
 * Forgets who watches every conversation (a new connection tells it
 * afresh), as one batch: the rows that had watchers are told with
 * "conversation-updated", then "batch-done".
 */
void
oc_conversation_store_clear_watchers (OcConversationStore *self)
{
  OcRowTreeIter iter;
  gboolean more;

  g_return_if_fail (OC_IS_CONVERSATION_STORE (self));
  g_return_if_fail (!self->in_batch && !self->loading);

  self->in_batch = TRUE;
  for (more = oc_row_tree_iter_init_nth (self->rows, 0, &iter);
       more;
       more = oc_row_tree_iter_next (&iter))
    set_watchers (self, oc_row_tree_iter_get (&iter), NULL);
  self->in_batch = FALSE;
  g_signal_emit (self, signals[BATCH_DONE], 0);
}

gboolean
_oc_conversation_store_is_loading (OcConversationStore *self)
{
  g_assert (OC_IS_CONVERSATION_STORE (self));

  return self->loading;
}

gboolean
_oc_conversation_store_in_batch (OcConversationStore *self)
{
  g_assert (OC_IS_CONVERSATION_STORE (self));

  return self->in_batch;
}

int
_oc_conversation_store_compare_arrival (OcConversationStore *self,
                                        OcConversation      *a,
                                        OcConversation      *b)
{
  OcConversation *ra = index_lookup (self->index, oc_conversation_get_id (a));
  OcConversation *rb = index_lookup (self->index, oc_conversation_get_id (b));
  guint pa, pb;

  if (ra == NULL || rb == NULL)
    return (ra == NULL) - (rb == NULL);

  pa = oc_row_tree_get_position (self->rows, ra);
  pb = oc_row_tree_get_position (self->rows, rb);
  return (pa > pb) - (pa < pb);
}
