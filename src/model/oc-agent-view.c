// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-agent-view"

#include "config.h"

#include <string.h>

#include "oc-agent-view.h"
#include "oc-agent-load-private.h"
#include "oc-conversation-private.h"
#include "oc-conversation-store-private.h"
#include "oc-store-follower.h"
#include "oc-conversation-view-private.h"

/*
 * The agents panel's model: one OcAgentLoad per agent of the store,
 * filtered and sorted on a GSequence with a hash from row to node, as
 * OcConversationView keeps conversations. What each agent holds comes from
 * an index kept on the store's signals, so a change touches one
 * conversation and at most two agents, never a scan.
 *
 * The index is a flat array indexed by the conversations' slots: which
 * agent holds it and what it was counted as (16 bytes a conversation, no
 * hash table, no reference). Each agent keeps counts, and only its longest
 * handle time needs more than a count: its conversations with an assigned
 * time are a binary min-heap of slots (4 bytes each).
 */

/* Above this many conversations at once, indexing them all again is
 * cheaper than one at a time. */
#define REINDEX_THRESHOLD 1024

struct _OcAgentView
{
  GObject              parent_instance;

  OcConversationStore *store;
  OcStoreFollower      follower;
  GSignalGroup        *agents_signals;
  GPtrArray           *agents;        /* OcAgent, owned: the store's list as last told */
  GHashTable          *loads;         /* interned agent id -> OcAgentLoad, owned */
  struct _Entry       *entries;       /* by slot */
  guint                n_entries;
  GArray              *holders;       /* Holder, by the loads' index */
  GArray              *free_holders;  /* guint indices of holders with no load */

  GSequence           *rows;          /* OcAgentLoad, owned */
  GSequence           *moving;        /* the row between its two move signals */
  GHashTable          *iters;         /* OcAgentLoad -> GSequenceIter */
  guint                n_items;

  OcViewFilter         filter;        /* its queues and search only */
  guint                presence_mask; /* 0: all */
  OcAgentSortColumn    sort_column;
  gboolean             descending;

  guint                presence_counts[OC_PRESENCE_OFFLINE + 1];
};

/* What a conversation was counted as, so that it is uncounted the same way
 * whatever it has become since. */
typedef struct _Entry {
  gint64  assigned;      /* its first-assigned-at, > 0 when in the heap */
  guint32 heap_pos;      /* in its holder's heap, when assigned > 0 */
  guint32 holder : 29;   /* the holder's index + 1; 0: held by nobody */
  guint32 channel : 3;   /* as counted; UNCOUNTED_CHANNEL: out of range */
} Entry;

G_STATIC_ASSERT (sizeof (Entry) == 16);

#define UNCOUNTED_CHANNEL 7
#define MAX_HOLDERS ((1u << 29) - 1)

/* One per load, at its index. */
typedef struct {
  OcAgentLoad *load;        /* NULL: free */
  guint32     *heap;        /* slots, a min-heap by (assigned, slot) */
  guint32      n_heap;
  guint32      heap_alloc;
} Holder;

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  PRESENCE_COUNTS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
oc_agent_view_get_item_type (GListModel *model)
{
  return OC_TYPE_AGENT_LOAD;
}

static guint
oc_agent_view_get_n_items (GListModel *model)
{
  return OC_AGENT_VIEW (model)->n_items;
}

static gpointer
oc_agent_view_get_item (GListModel *model,
                        guint       position)
{
  OcAgentView *self = OC_AGENT_VIEW (model);

  if (position >= self->n_items)
    return NULL;

  return g_object_ref (g_sequence_get (g_sequence_get_iter_at_pos (self->rows, position)));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = oc_agent_view_get_item_type;
  iface->get_n_items = oc_agent_view_get_n_items;
  iface->get_item = oc_agent_view_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (OcAgentView, oc_agent_view, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Order */

static int
cmp_int64 (gint64 a,
           gint64 b)
{
  return (a > b) - (a < b);
}

static guint
strv_len (const char * const *strv)
{
  return strv != NULL ? g_strv_length ((char **) strv) : 0;
}

static int
compare_column (OcAgentView *self,
                OcAgentLoad *a,
                OcAgentLoad *b)
{
  OcAgent *x = oc_agent_load_get_agent (a);
  OcAgent *y = oc_agent_load_get_agent (b);
  gint64 ha, hb;
  int r;

  switch (self->sort_column)
    {
    case OC_AGENT_SORT_PRESENCE:
      r = cmp_int64 (oc_agent_get_presence (x), oc_agent_get_presence (y));
      /* Earlier since is longer in it: first. */
      return r != 0 ? r : cmp_int64 (oc_agent_get_presence_since (x), oc_agent_get_presence_since (y));

    case OC_AGENT_SORT_CAPACITY:
      r = cmp_int64 (oc_agent_get_capacity_used (x), oc_agent_get_capacity_used (y));
      return r != 0 ? r : cmp_int64 (oc_agent_get_capacity_total (x), oc_agent_get_capacity_total (y));

    case OC_AGENT_SORT_HELD:
      return cmp_int64 (oc_agent_load_get_n_held (a), oc_agent_load_get_n_held (b));

    case OC_AGENT_SORT_HANDLE:
      /* Earlier start is longer handle: first. */
      ha = oc_agent_load_get_oldest_assigned_at (a);
      hb = oc_agent_load_get_oldest_assigned_at (b);
      return cmp_int64 (ha, hb);

    case OC_AGENT_SORT_QUEUES:
      return cmp_int64 (strv_len (oc_agent_get_queue_ids (x)), strv_len (oc_agent_get_queue_ids (y)));

    case OC_AGENT_SORT_SKILLS:
      return cmp_int64 (strv_len (oc_agent_get_skills (x)), strv_len (oc_agent_get_skills (y)));

    case OC_AGENT_SORT_NAME:
    default:
      return 0;
    }
}

/* The column decides, reversed when descending; ties go by name, then id,
 * always ascending, so the order is total and stable. */
static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  OcAgentView *self = user_data;
  OcAgentLoad *la = (OcAgentLoad *) a;
  OcAgentLoad *lb = (OcAgentLoad *) b;
  int r;

  if (la == lb)
    return 0;

  /* An agent holding nothing has no handle time: last, whichever way. */
  if (self->sort_column == OC_AGENT_SORT_HANDLE &&
      (oc_agent_load_get_oldest_assigned_at (la) == 0) != (oc_agent_load_get_oldest_assigned_at (lb) == 0))
    return oc_agent_load_get_oldest_assigned_at (la) == 0 ? 1 : -1;

  r = compare_column (self, la, lb);
  if (r == 0 && self->sort_column == OC_AGENT_SORT_NAME)
    r = strcmp (_oc_agent_load_get_name_key (la), _oc_agent_load_get_name_key (lb));
  if (r != 0)
    return self->descending ? -r : r;

  r = strcmp (_oc_agent_load_get_name_key (la), _oc_agent_load_get_name_key (lb));
  if (r != 0)
    return r;
  return strcmp (_oc_agent_load_get_agent_id (la), _oc_agent_load_get_agent_id (lb));
}

/* Membership */

static gboolean
serves_any (OcAgentView *self,
            OcAgent     *agent)
{
  const char * const *queue_ids = oc_agent_get_queue_ids (agent);

  for (guint i = 0; queue_ids[i] != NULL; i++)
    if (_oc_id_set_contains (&self->filter.queues, queue_ids[i]))
      return TRUE;
  return FALSE;
}

static gboolean
test_load (OcAgentView *self,
           OcAgentLoad *load)
{
  OcAgent *agent = oc_agent_load_get_agent (load);
  guint presence;

  if (agent == NULL)
    return FALSE;

  presence = oc_agent_get_presence (agent);
  if (self->presence_mask != 0 && (presence >= 32 || (self->presence_mask & (1u << presence)) == 0))
    return FALSE;

  if (self->filter.queues.ids != NULL && !serves_any (self, agent))
    return FALSE;

  return _oc_view_filter_text_contains (&self->filter, oc_agent_get_name (agent));
}

/* Rows */

static void
emit_changed (OcAgentView *self,
              guint        position,
              guint        removed,
              guint        added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static gboolean
is_in_place (OcAgentView   *self,
             GSequenceIter *iter)
{
  gpointer row = g_sequence_get (iter);
  GSequenceIter *next = g_sequence_iter_next (iter);

  if (!g_sequence_iter_is_begin (iter) &&
      compare_rows (g_sequence_get (g_sequence_iter_prev (iter)), row, self) >= 0)
    return FALSE;

  return g_sequence_iter_is_end (next) || compare_rows (row, g_sequence_get (next), self) < 0;
}

/* Brings one row up to date: in or out, and in its place. */
static void
reconsider (OcAgentView *self,
            OcAgentLoad *load)
{
  GSequenceIter *iter = g_hash_table_lookup (self->iters, load);
  gboolean member = test_load (self, load);
  guint position;

  if (iter == NULL)
    {
      if (!member)
        return;
      iter = g_sequence_insert_sorted (self->rows, g_object_ref (load), compare_rows, self);
      g_hash_table_insert (self->iters, load, iter);
      self->n_items++;
      emit_changed (self, g_sequence_iter_get_position (iter), 0, 1);
      return;
    }

  position = g_sequence_iter_get_position (iter);
  if (!member)
    {
      g_hash_table_remove (self->iters, load);
      g_sequence_remove (iter);
      self->n_items--;
      emit_changed (self, position, 1, 0);
      return;
    }

  if (is_in_place (self, iter))
    return;

  /* Out, told, then in, told: a reader between the two signals finds the
   * model without the row (the node parks aside, its iter stays valid). */
  g_sequence_move (iter, g_sequence_get_end_iter (self->moving));
  self->n_items--;
  emit_changed (self, position, 1, 0);

  g_sequence_move (iter, g_sequence_search (self->rows, load, compare_rows, self));
  self->n_items++;
  emit_changed (self, g_sequence_iter_get_position (iter), 0, 1);
}

static gint
compare_for_sort (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return compare_rows (*(OcAgentLoad **) a, *(OcAgentLoad **) b, user_data);
}

/* Membership and order from scratch; one items-changed. */
static void
rebuild_rows (OcAgentView *self)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  /* Freed at the end: the new rows are built while the old ones still stand. */
  g_autoptr(GSequence) old_rows = g_steal_pointer (&self->rows);
  guint old_n_items = self->n_items;
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init (&it, self->loads);
  while (g_hash_table_iter_next (&it, NULL, &value))
    if (test_load (self, value))
      g_ptr_array_add (members, value);
  g_ptr_array_sort_with_data (members, compare_for_sort, self);

  (void) old_rows;
  g_hash_table_remove_all (self->iters);
  self->rows = g_sequence_new (g_object_unref);
  for (guint i = 0; i < members->len; i++)
    {
      OcAgentLoad *load = g_ptr_array_index (members, i);

      g_hash_table_insert (self->iters, load, g_sequence_append (self->rows, g_object_ref (load)));
    }
  self->n_items = members->len;

  if (old_n_items > 0 || self->n_items > 0)
    emit_changed (self, 0, old_n_items, self->n_items);
}

/* Loads */

static OcAgentLoad *
ensure_load (OcAgentView *self,
             const char  *agent_id)
{
  OcAgentLoad *load = g_hash_table_lookup (self->loads, agent_id);

  if (load == NULL)
    {
      Holder *holder;
      guint index;

      if (self->free_holders->len > 0)
        {
          index = g_array_index (self->free_holders, guint, self->free_holders->len - 1);
          g_array_set_size (self->free_holders, self->free_holders->len - 1);
        }
      else
        {
          index = self->holders->len;
          g_assert (index < MAX_HOLDERS);
          g_array_set_size (self->holders, index + 1);
        }
      load = _oc_agent_load_new (agent_id);
      _oc_agent_load_set_index (load, index);
      holder = &g_array_index (self->holders, Holder, index);
      holder->load = load;
      g_hash_table_insert (self->loads, (gpointer) _oc_agent_load_get_agent_id (load), load);
    }
  return load;
}

static inline Holder *
holder_of (OcAgentView *self,
           OcAgentLoad *load)
{
  return &g_array_index (self->holders, Holder, _oc_agent_load_get_index (load));
}

/* Its index is free again; it holds nothing, so no entry names it. */
static void
release_holder (OcAgentView *self,
                OcAgentLoad *load)
{
  guint index = _oc_agent_load_get_index (load);
  Holder *holder = holder_of (self, load);

  g_clear_pointer (&holder->heap, g_free);
  holder->n_heap = holder->heap_alloc = 0;
  holder->load = NULL;
  g_array_append_val (self->free_holders, index);
}

/* A load with neither an agent nor anything held is forgotten. */
static void
maybe_drop_load (OcAgentView *self,
                 OcAgentLoad *load)
{
  if (_oc_agent_load_is_empty (load) && !g_hash_table_contains (self->iters, load))
    {
      release_holder (self, load);
      g_hash_table_remove (self->loads, _oc_agent_load_get_agent_id (load));
    }
}

static void
count_presence (OcAgentView *self,
                OcAgentLoad *load)
{
  OcAgent *agent = oc_agent_load_get_agent (load);
  int now = agent != NULL ? (int) oc_agent_get_presence (agent) : -1;
  int before = _oc_agent_load_swap_counted_presence (load, now);

  if (before == now)
    return;
  if (before >= 0 && (guint) before < G_N_ELEMENTS (self->presence_counts))
    self->presence_counts[before]--;
  if (now >= 0 && (guint) now < G_N_ELEMENTS (self->presence_counts))
    self->presence_counts[now]++;
  g_signal_emit (self, signals[PRESENCE_COUNTS_CHANGED], 0);
}

/* Who holds what */

/* The agent a conversation occupies now, or NULL. */
static const char *
held_by (OcConversation *conversation)
{
  const char *agent_id = oc_conversation_get_agent_id (conversation);

  if (agent_id == NULL || *agent_id == '\0')
    return NULL;

  switch (oc_conversation_get_status (conversation))
    {
    case OC_STATUS_ACTIVE:
    case OC_STATUS_WAITING:
    case OC_STATUS_WRAP_UP:
      return agent_id;

    case OC_STATUS_UNKNOWN:
    case OC_STATUS_OPEN:
    case OC_STATUS_CLOSED:
    default:
      return NULL;
    }
}

/* The heaps: a holder's conversations with an assigned time, earliest on
 * top, each entry knowing its place so that it leaves in O(log n). */

static gint64
heap_key (gconstpointer owner,
          guint32       slot)
{
  return ((const OcAgentView *) owner)->entries[slot].assigned;
}

static void
heap_place (gpointer owner,
            guint32  slot,
            guint32  pos)
{
  ((OcAgentView *) owner)->entries[slot].heap_pos = pos;
}

static void
heap_add (OcAgentView *self,
          Holder      *holder,
          guint32      slot)
{
  if (holder->n_heap == holder->heap_alloc)
    {
      holder->heap_alloc = MAX (holder->heap_alloc + holder->heap_alloc / 2, 4);
      holder->heap = g_renew (guint32, holder->heap, holder->heap_alloc);
    }
  holder->heap[holder->n_heap++] = slot;
  _oc_slot_heap_sift (holder->heap, holder->n_heap, holder->n_heap - 1, heap_key, heap_place, self);
}

static void
heap_remove (OcAgentView *self,
             Holder      *holder,
             guint32      slot)
{
  guint32 pos = self->entries[slot].heap_pos;
  guint32 last = holder->heap[--holder->n_heap];

  if (pos < holder->n_heap)
    {
      holder->heap[pos] = last;
      _oc_slot_heap_sift (holder->heap, holder->n_heap, pos, heap_key, heap_place, self);
    }
  /* Emptied by a burst: give the room back. */
  if (holder->n_heap == 0 && holder->heap_alloc > 64)
    {
      g_clear_pointer (&holder->heap, g_free);
      holder->heap_alloc = 0;
    }
}

static inline gint64
heap_oldest (OcAgentView *self,
             Holder      *holder)
{
  return holder->n_heap > 0 ? self->entries[holder->heap[0]].assigned : 0;
}

/* Entries */

/* The entry of @slot; NULL past the end. */
static inline Entry *
entry_of (OcAgentView *self,
          guint        slot)
{
  return slot < self->n_entries ? &self->entries[slot] : NULL;
}

static Entry *
entry_make (OcAgentView *self,
            guint        slot)
{
  return _oc_slot_array_ensure ((gpointer *) &self->entries, &self->n_entries, sizeof (Entry), slot);
}

static inline guint
counted_channel (OcConversation *conversation)
{
  guint channel = oc_conversation_get_channel (conversation);

  return channel <= OC_CHANNEL_VOICE ? channel : UNCOUNTED_CHANNEL;
}

/* Who holds what */

static void
unindex (OcAgentView    *self,
         OcConversation *conversation)
{
  guint slot = _oc_conversation_get_slot (conversation);
  Entry *entry = entry_of (self, slot);
  OcAgentFigures figures;
  OcAgentLoad *load;
  Holder *holder;

  if (entry == NULL || entry->holder == 0)
    return;

  holder = &g_array_index (self->holders, Holder, entry->holder - 1);
  load = holder->load;
  figures = *_oc_agent_load_get_figures (load);
  figures.n_held--;
  if (entry->channel != UNCOUNTED_CHANNEL)
    figures.n_on[entry->channel]--;
  if (entry->assigned > 0)
    heap_remove (self, holder, slot);
  memset (entry, 0, sizeof *entry);
  figures.oldest_assigned_at = heap_oldest (self, holder);

  _oc_agent_load_set_figures (load, &figures);
  reconsider (self, load);
  maybe_drop_load (self, load);
}

/* Puts @conversation under the agent holding it now; the figures of that
 * agent (and of the one it left, if any) are recounted. */
static void
reindex (OcAgentView    *self,
         OcConversation *conversation)
{
  guint slot = _oc_conversation_get_slot (conversation);
  const char *agent_id = held_by (conversation);
  OcAgentLoad *after = agent_id != NULL ? ensure_load (self, agent_id) : NULL;
  guint after_holder = after != NULL ? _oc_agent_load_get_index (after) + 1 : 0;
  gint64 assigned = oc_conversation_get_first_assigned_at (conversation);
  OcAgentFigures figures;
  Holder *holder;
  Entry *entry;

  entry = entry_of (self, slot);
  if (entry != NULL && entry->holder != 0 && entry->holder != after_holder)
    unindex (self, conversation);
  if (after == NULL)
    return;

  /* Its channel or its start may have moved since it was counted. */
  entry = entry_make (self, slot);
  holder = holder_of (self, after);
  figures = *_oc_agent_load_get_figures (after);
  if (entry->holder == after_holder)
    {
      if (entry->channel != UNCOUNTED_CHANNEL)
        figures.n_on[entry->channel]--;
    }
  else
    {
      entry->holder = after_holder;
      figures.n_held++;
    }
  entry->channel = counted_channel (conversation);
  if (entry->channel != UNCOUNTED_CHANNEL)
    figures.n_on[entry->channel]++;

  assigned = MAX (assigned, 0);
  if (entry->assigned != assigned)
    {
      if (entry->assigned > 0)
        heap_remove (self, holder, slot);
      entry->assigned = assigned;
      if (assigned > 0)
        heap_add (self, holder, slot);
    }
  figures.oldest_assigned_at = heap_oldest (self, holder);

  _oc_agent_load_set_figures (after, &figures);
  reconsider (self, after);
}

/* The whole index again from the store's rows (a snapshot, a burst): the
 * entries, counts and heaps built in bulk, then each agent's figures set
 * (and notified) once. */
static void
reindex_all (OcAgentView *self)
{
  const OcRowTree *rows = _oc_conversation_store_get_rows (self->store);
  OcRowTreeIter iter;
  g_autoptr(GArray) figures = g_array_new (FALSE, TRUE, sizeof (OcAgentFigures));
  guint n_slots = 0;
  GHashTableIter it;
  gpointer value;

  for (gboolean more = oc_row_tree_iter_init_nth (rows, 0, &iter); more; more = oc_row_tree_iter_next (&iter))
    n_slots = MAX (n_slots, _oc_conversation_get_slot (oc_row_tree_iter_get (&iter)) + 1);

  /* Sized to the store (slots are dense), rather than grown row by row. */
  g_free (self->entries);
  self->entries = g_new0 (Entry, n_slots);
  self->n_entries = n_slots;
  for (guint i = 0; i < self->holders->len; i++)
    g_array_index (self->holders, Holder, i).n_heap = 0;

  for (gboolean more = oc_row_tree_iter_init_nth (rows, 0, &iter); more; more = oc_row_tree_iter_next (&iter))
    {
      OcConversation *conversation = oc_row_tree_iter_get (&iter);
      const char *agent_id = held_by (conversation);
      Entry *entry = &self->entries[_oc_conversation_get_slot (conversation)];
      OcAgentFigures *f;
      guint index;

      if (agent_id == NULL)
        continue;
      index = _oc_agent_load_get_index (ensure_load (self, agent_id));
      if (index >= figures->len)
        g_array_set_size (figures, self->holders->len);
      f = &g_array_index (figures, OcAgentFigures, index);

      entry->holder = index + 1;
      entry->channel = counted_channel (conversation);
      entry->assigned = MAX (oc_conversation_get_first_assigned_at (conversation), 0);
      f->n_held++;
      if (entry->channel != UNCOUNTED_CHANNEL)
        f->n_on[entry->channel]++;
      if (entry->assigned > 0)
        g_array_index (self->holders, Holder, index).n_heap++;
    }
  g_array_set_size (figures, self->holders->len);

  /* Each heap exactly as large as it is, filled in slot order, then made a
   * heap bottom-up in O(n). */
  for (guint i = 0; i < self->holders->len; i++)
    {
      Holder *holder = &g_array_index (self->holders, Holder, i);

      holder->heap_alloc = holder->n_heap;
      holder->heap = g_renew (guint32, holder->heap, holder->heap_alloc);
      holder->n_heap = 0;
    }
  for (guint slot = 0; slot < n_slots; slot++)
    {
      Entry *entry = &self->entries[slot];
      Holder *holder;

      if (entry->holder == 0 || entry->assigned <= 0)
        continue;
      holder = &g_array_index (self->holders, Holder, entry->holder - 1);
      heap_place (self, slot, holder->n_heap);
      holder->heap[holder->n_heap++] = slot;
    }
  for (guint i = 0; i < self->holders->len; i++)
    {
      Holder *holder = &g_array_index (self->holders, Holder, i);
      OcAgentFigures *f = &g_array_index (figures, OcAgentFigures, i);

      for (guint32 pos = holder->n_heap / 2; pos-- > 0;)
        _oc_slot_heap_sift_down (holder->heap, holder->n_heap, pos, heap_key, heap_place, self);
      if (holder->load == NULL)
        continue;
      f->oldest_assigned_at = heap_oldest (self, holder);
      _oc_agent_load_set_figures (holder->load, f);
    }

  g_hash_table_iter_init (&it, self->loads);
  while (g_hash_table_iter_next (&it, NULL, &value))
    if (_oc_agent_load_is_empty (value))
      {
        release_holder (self, value);
        g_hash_table_iter_remove (&it);
      }

  rebuild_rows (self);
}

static void
follow_changed (gpointer        owner,
                OcConversation *conversation)
{
  reindex (owner, conversation);
}

static void
follow_removed (gpointer        owner,
                OcConversation *conversation)
{
  unindex (owner, conversation);
}

static void
follow_reload (gpointer owner)
{
  reindex_all (owner);
}

static const OcStoreFollowerFuncs follower_funcs = {
  .changed = follow_changed,
  .removed = follow_removed,
  .reload = follow_reload,
};

/* Agents */

static void
on_agent_notify (OcAgent     *agent,
                 GParamSpec  *pspec,
                 OcAgentView *self)
{
  OcAgentLoad *load = g_hash_table_lookup (self->loads, oc_agent_get_id (agent));

  if (load == NULL)
    return;

  if (g_str_equal (pspec->name, "name"))
    _oc_agent_load_update_name_key (load);
  else if (g_str_equal (pspec->name, "presence"))
    count_presence (self, load);
  reconsider (self, load);
}

static void
forget_agent (OcAgentView *self,
              OcAgent     *agent)
{
  OcAgentLoad *load = g_hash_table_lookup (self->loads, oc_agent_get_id (agent));

  g_signal_handlers_disconnect_by_func (agent, on_agent_notify, self);
  if (load == NULL || oc_agent_load_get_agent (load) != agent)
    return;

  _oc_agent_load_set_agent (load, NULL);
  count_presence (self, load);
  reconsider (self, load);
  maybe_drop_load (self, load);
}

static void
learn_agent (OcAgentView *self,
             OcAgent     *agent)
{
  OcAgentLoad *load = ensure_load (self, oc_agent_get_id (agent));

  g_signal_connect (agent, "notify", G_CALLBACK (on_agent_notify), self);
  _oc_agent_load_set_agent (load, agent);
  count_presence (self, load);
}

static void
on_agents_changed (GListModel  *agents,
                   guint        position,
                   guint        removed,
                   guint        added,
                   OcAgentView *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean bulk = removed + added > REINDEX_THRESHOLD;

  for (guint i = 0; i < removed; i++)
    g_ptr_array_add (gone, g_object_ref (g_ptr_array_index (self->agents, position + i)));
  g_ptr_array_remove_range (self->agents, position, removed);

  for (guint i = 0; i < added; i++)
    {
      OcAgent *agent = g_list_model_get_item (agents, position + i);

      g_ptr_array_insert (self->agents, position + i, agent);
    }

  /* An agent that stays in the list (replaced in one items-changed) is
   * neither forgotten nor learnt twice. */
  for (guint i = 0; i < gone->len; i++)
    {
      OcAgent *agent = g_ptr_array_index (gone, i);
      gboolean kept = FALSE;

      for (guint k = 0; k < added && !kept; k++)
        kept = g_ptr_array_index (self->agents, position + k) == agent;
      if (!kept)
        forget_agent (self, agent);
    }

  for (guint i = 0; i < added; i++)
    {
      OcAgent *agent = g_ptr_array_index (self->agents, position + i);
      gboolean known = FALSE;

      for (guint k = 0; k < gone->len && !known; k++)
        known = g_ptr_array_index (gone, k) == agent;
      if (known)
        continue;
      learn_agent (self, agent);
      if (!bulk)
        reconsider (self, g_hash_table_lookup (self->loads, oc_agent_get_id (agent)));
    }

  if (bulk)
    rebuild_rows (self);
}

/* GObject */

static void
oc_agent_view_constructed (GObject *object)
{
  OcAgentView *self = OC_AGENT_VIEW (object);
  GListModel *agents;
  guint n;

  G_OBJECT_CLASS (oc_agent_view_parent_class)->constructed (object);

  g_return_if_fail (self->store != NULL);

  oc_store_follower_init (&self->follower, self->store, REINDEX_THRESHOLD, &follower_funcs, self);

  agents = oc_conversation_store_get_agents (self->store);
  n = g_list_model_get_n_items (agents);
  for (guint i = 0; i < n; i++)
    {
      OcAgent *agent = g_list_model_get_item (agents, i);

      g_ptr_array_add (self->agents, agent);
      learn_agent (self, agent);
    }
  self->agents_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->agents_signals, "items-changed", G_CALLBACK (on_agents_changed), self);
  g_signal_group_set_target (self->agents_signals, agents);

  /* Nobody listens yet, so its items-changed goes unheard. */
  reindex_all (self);
}

static void
oc_agent_view_dispose (GObject *object)
{
  OcAgentView *self = OC_AGENT_VIEW (object);

  for (guint i = 0; self->agents != NULL && i < self->agents->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->agents, i), on_agent_notify, self);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  oc_store_follower_clear (&self->follower);
  g_clear_object (&self->agents_signals);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (oc_agent_view_parent_class)->dispose (object);
}

static void
oc_agent_view_finalize (GObject *object)
{
  OcAgentView *self = OC_AGENT_VIEW (object);

  g_clear_pointer (&self->iters, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_sequence_free);
  g_clear_pointer (&self->moving, g_sequence_free);
  for (guint i = 0; i < self->holders->len; i++)
    g_free (g_array_index (self->holders, Holder, i).heap);
  g_clear_pointer (&self->holders, g_array_unref);
  g_clear_pointer (&self->free_holders, g_array_unref);
  g_clear_pointer (&self->entries, g_free);
  g_clear_pointer (&self->loads, g_hash_table_unref);
  _oc_view_filter_clear (&self->filter);

  G_OBJECT_CLASS (oc_agent_view_parent_class)->finalize (object);
}

static void
oc_agent_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OcAgentView *self = OC_AGENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_agent_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OcAgentView *self = OC_AGENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_agent_view_class_init (OcAgentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = oc_agent_view_constructed;
  object_class->dispose = oc_agent_view_dispose;
  object_class->finalize = oc_agent_view_finalize;
  object_class->get_property = oc_agent_view_get_property;
  object_class->set_property = oc_agent_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, OC_TYPE_CONVERSATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OcAgentView::presence-counts-changed:
   *
   * oc_agent_view_count_presence() would answer differently for some
   * presence.
   */
  signals[PRESENCE_COUNTS_CHANGED] =
    g_signal_new ("presence-counts-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__VOID,
                  G_TYPE_NONE, 0);
}

static void
oc_agent_view_init (OcAgentView *self)
{
  self->agents = g_ptr_array_new_with_free_func (g_object_unref);
  self->loads = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->holders = g_array_new (FALSE, TRUE, sizeof (Holder));
  self->free_holders = g_array_new (FALSE, FALSE, sizeof (guint));
  self->rows = g_sequence_new (g_object_unref);
  self->moving = g_sequence_new (NULL);
  self->iters = g_hash_table_new (NULL, NULL);
}

/**
 * oc_agent_view_new:
 * @store: the store whose agents to show
 *
 * Creates the agents panel's model: a #GListModel of #OcAgentLoad, one per
 * agent of @store that passes the filters, sorted by name until told
 * otherwise. It follows the store's agents and conversations live: a change
 * of presence or load moves one row with O(log n) work.
 *
 * Returns: (transfer full): a new #OcAgentView
 */
OcAgentView *
oc_agent_view_new (OcConversationStore *store)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (store), NULL);

  return g_object_new (OC_TYPE_AGENT_VIEW, "store", store, NULL);
}

/**
 * oc_agent_view_get_store:
 *
 * Returns: (transfer none): the store
 */
OcConversationStore *
oc_agent_view_get_store (OcAgentView *self)
{
  g_return_val_if_fail (OC_IS_AGENT_VIEW (self), NULL);
  return self->store;
}

/**
 * oc_agent_view_set_queue_filter:
 * @queue_ids: (nullable) (array zero-terminated=1): show the agents who serve
 *   any of these queues; %NULL for every agent
 */
void
oc_agent_view_set_queue_filter (OcAgentView        *self,
                                const char * const *queue_ids)
{
  g_return_if_fail (OC_IS_AGENT_VIEW (self));

  if (_oc_id_set_set (&self->filter.queues, queue_ids))
    rebuild_rows (self);
}

/**
 * oc_agent_view_set_presence_filter:
 * @presence_mask: OC_PRESENCE_BIT()s of the presences to show; 0 for all
 */
void
oc_agent_view_set_presence_filter (OcAgentView *self,
                                   guint        presence_mask)
{
  g_return_if_fail (OC_IS_AGENT_VIEW (self));

  if (self->presence_mask == presence_mask)
    return;
  self->presence_mask = presence_mask;
  rebuild_rows (self);
}

/**
 * oc_agent_view_set_search_text:
 * @text: (nullable): show the agents whose name holds @text, ignoring case
 *   and accents' composition; %NULL or blank for all
 */
void
oc_agent_view_set_search_text (OcAgentView *self,
                               const char  *text)
{
  g_return_if_fail (OC_IS_AGENT_VIEW (self));

  if (_oc_view_filter_set_search (&self->filter, text))
    rebuild_rows (self);
}

/**
 * oc_agent_view_set_sort:
 * @column: what to sort by
 * @descending: whether to reverse the column's order (ties stay by name)
 */
void
oc_agent_view_set_sort (OcAgentView       *self,
                        OcAgentSortColumn  column,
                        gboolean           descending)
{
  g_return_if_fail (OC_IS_AGENT_VIEW (self));

  descending = !!descending;
  if (self->sort_column == column && self->descending == descending)
    return;
  self->sort_column = column;
  self->descending = descending;
  rebuild_rows (self);
}

OcAgentSortColumn
oc_agent_view_get_sort_column (OcAgentView *self)
{
  g_return_val_if_fail (OC_IS_AGENT_VIEW (self), OC_AGENT_SORT_NAME);
  return self->sort_column;
}

gboolean
oc_agent_view_get_sort_descending (OcAgentView *self)
{
  g_return_val_if_fail (OC_IS_AGENT_VIEW (self), FALSE);
  return self->descending;
}

/**
 * oc_agent_view_lookup:
 * @agent_id: (nullable): an agent's id
 *
 * Returns: (transfer none) (nullable): the figures of the agent with
 *   @agent_id, shown or filtered out; %NULL for an agent the store does not
 *   know and who holds nothing
 */
OcAgentLoad *
oc_agent_view_lookup (OcAgentView *self,
                      const char  *agent_id)
{
  g_return_val_if_fail (OC_IS_AGENT_VIEW (self), NULL);

  return agent_id != NULL ? g_hash_table_lookup (self->loads, agent_id) : NULL;
}

/**
 * oc_agent_view_get_position:
 *
 * Returns: @load's position in the view, or G_MAXUINT when it is not shown
 */
guint
oc_agent_view_get_position (OcAgentView *self,
                            OcAgentLoad *load)
{
  GSequenceIter *iter;

  g_return_val_if_fail (OC_IS_AGENT_VIEW (self), G_MAXUINT);

  iter = load != NULL ? g_hash_table_lookup (self->iters, load) : NULL;
  return iter != NULL ? (guint) g_sequence_iter_get_position (iter) : G_MAXUINT;
}

/**
 * oc_agent_view_matches:
 *
 * Returns: whether @load passes the view's filters now
 */
gboolean
oc_agent_view_matches (OcAgentView *self,
                       OcAgentLoad *load)
{
  g_return_val_if_fail (OC_IS_AGENT_VIEW (self), FALSE);
  g_return_val_if_fail (OC_IS_AGENT_LOAD (load), FALSE);

  return test_load (self, load);
}

/**
 * oc_agent_view_count_presence:
 * @presence: a presence
 *
 * Returns: how many of the store's agents are in @presence now, whatever
 *   the filters
 */
guint
oc_agent_view_count_presence (OcAgentView *self,
                              OcPresence   presence)
{
  g_return_val_if_fail (OC_IS_AGENT_VIEW (self), 0);

  return (guint) presence < G_N_ELEMENTS (self->presence_counts) ? self->presence_counts[presence] : 0;
}
