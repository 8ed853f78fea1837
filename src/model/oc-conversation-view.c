// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation-view"

#include "config.h"

#include "oc-conversation-view.h"
#include "oc-conversation-view-private.h"
#include "oc-conversation-store-private.h"
#include "oc-store-follower.h"
#include "oc-conversation-private.h"
#include "oc-row-tree.h"

/*
 * Rows are kept sorted in an OcRowTree (a counted B+tree of 64-row leaves),
 * which finds a row's leaf from the conversation's slot (a small number of
 * its own) without a search: about 10 B a row plus 8 B a slot, where a
 * GSequence node and an array of nodes cost 56 B. The comparator reads the
 * rows' current fields, so a changed row is never looked up through it: its
 * slot finds it.
 *
 * A batch of the store's changes is placed at once, when the store says the
 * batch is done ("batch-done"): until then the changed and arrived rows are
 * only noted (the tree, and what consumers read, stays as they were told).
 * Then every noted row that is still in order with its neighbours stays; the
 * others leave the tree, which is then in order, and go back in by search.
 * The moves are told in few items-changed: first the departures, then the
 * arrivals, each as one range over the rows between the first and the last
 * of them (the rows in between leave and come back), from the end of the
 * list to its start so that earlier positions hold. A consumer that keeps
 * rows in place (what a list widget shows, its selection) pins them: a range
 * never spans a pinned row, and a pinned row that moves is told on its own.
 * So a frame costs a list widget what it shows, not how many rows moved.
 *
 * The store announces each departure ("conversation-removed") before its
 * items-changed; the view drops the row then and counts the announcement, so
 * that a removal it was not told about (a snapshot) makes it rebuild.
 */

/* Above this many arrivals at once, one rebuild is cheaper for the view's
 * consumers than one items-changed per row. */
#define REBUILD_THRESHOLD 1024
/* A run of this many moves or fewer is told row by row, which reads best
 * and costs consumers no more. */
#define SMALL_RUN 4
/* How far past changed neighbours a noted row looks for its order; beyond
 * that it is taken out and put back, which is always right. */
#define MAX_WALK 8

/**
 * OcConversationView:
 *
 * The filtered, sorted projection of an #OcConversationStore that the
 * report shows, as a #GListModel. An update moves its row with O(log n)
 * work; the moves of one batch of the store's events are told in a few
 * items-changed whatever their number (see oc_conversation_view_set_pinned()),
 * none when every place holds. Changing the filter or the sort rebuilds once.
 */
struct _OcConversationView
{
  GObject              parent_instance;

  OcConversationStore *store;
  OcStoreFollower      follower;
  GSignalGroup        *agents_signals;   /* the store's agent list */
  OcRowTree           *rows;     /* OcConversation, a reference each */
  GHashTable          *parking;  /* while placing: row -> Placement, the rows it moves */
  GHashTable          *noted;    /* OcConversation (owned): to place at the batch's end */
  GPtrArray           *pinned;   /* OcConversation, owned */
  GPtrArray           *told;     /* the rows in order while a rebuild is told; else NULL */
  gboolean             placing;

  OcViewFilter         filter;
  OcViewFacets         facets;

  OcViewSort           sort;

  GHashTable          *watched_agents;  /* OcAgent (owned) -> GSignalGroup */
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FILTER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
oc_conversation_view_get_item_type (GListModel *model)
{
  return OC_TYPE_CONVERSATION;
}

static guint
oc_conversation_view_get_n_items (GListModel *model)
{
  return oc_row_tree_get_n_items (OC_CONVERSATION_VIEW (model)->rows);
}

static gpointer
oc_conversation_view_get_item (GListModel *model,
                               guint       position)
{
  OcConversationView *self = OC_CONVERSATION_VIEW (model);
  OcConversation *row;

  if (position >= oc_row_tree_get_n_items (self->rows))
    return NULL;

  /* GTK 4.8's list asks for every row of a rebuild, in order, when it
   * tracks one of them: read the new order flat rather than walk the tree
   * 100,000 times. */
  if (self->told != NULL)
    return g_object_ref (g_ptr_array_index (self->told, position));

  row = oc_row_tree_get_nth (self->rows, position);
  return g_object_ref (row);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = oc_conversation_view_get_item_type;
  iface->get_n_items = oc_conversation_view_get_n_items;
  iface->get_item = oc_conversation_view_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (OcConversationView, oc_conversation_view, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
emit_changed (OcConversationView *self,
              guint               position,
              guint               removed,
              guint               added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static guint
row_slot (gconstpointer row)
{
  return _oc_conversation_get_slot ((OcConversation *) row);
}

static guint
n_rows (OcConversationView *self)
{
  return oc_row_tree_get_n_items (self->rows);
}

/* Takes @row out of the tree and drops the view's reference. */
static guint
remove_row (OcConversationView *self,
            OcConversation     *row)
{
  guint position = oc_row_tree_remove (self->rows, row);

  self->told = NULL;
  g_object_unref (row);

  return position;
}

typedef struct
{
  OcConversation *row;
  gpointer        before;    /* the row it goes back in before; NULL: the end */
  guint           position;  /* before it left; after, where it goes in */
  guint           segment;   /* between which pinned rows */
  gboolean        held;      /* the view has a reference: shown when the placement began */
  gboolean        member;
  gboolean        moves;
  gboolean        alone;     /* pinned: told on its own */
} Placement;

/* Whether the view holds a reference on @conversation: it is in the tree,
 * or a placement took it out to put it back. */
static gboolean
is_held (OcConversationView *self,
         OcConversation     *conversation)
{
  Placement *p;

  if (oc_row_tree_contains (self->rows, conversation))
    return TRUE;
  if (self->parking == NULL)
    return FALSE;
  p = g_hash_table_lookup (self->parking, conversation);
  return p != NULL && p->held;
}

/* A changed row: counted now, placed when the batch is done. */
static void
reconsider (OcConversationView *self,
            OcConversation     *conversation)
{
  guint passed = _oc_view_filter_test (&self->filter, self->store, conversation);

  _oc_view_facets_update (&self->facets, conversation, passed);

  /* Neither shown nor to be shown: nothing to place. */
  if (passed != OC_VIEW_TEST_ALL && !is_held (self, conversation))
    return;

  if (!g_hash_table_contains (self->noted, conversation))
    g_hash_table_add (self->noted, g_object_ref (conversation));
}

static int
compare_placement_position (gconstpointer a,
                            gconstpointer b)
{
  const Placement *pa = *(Placement * const *) a;
  const Placement *pb = *(Placement * const *) b;

  return (pa->position > pb->position) - (pa->position < pb->position);
}

static int
compare_placement_order (gconstpointer a,
                         gconstpointer b,
                         gpointer      sort)
{
  const Placement *pa = *(Placement * const *) a;
  const Placement *pb = *(Placement * const *) b;

  return _oc_view_sort_compare (pa->row, pb->row, sort);
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint ua = *(const guint *) a, ub = *(const guint *) b;

  return (ua > ub) - (ua < ub);
}

static guint
count_below (GArray *bounds,
             guint   position)
{
  guint lo = 0, hi = bounds->len;

  /* How many pinned positions are below @position. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (bounds, guint, mid) < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* A noted row still in order stays: it is after the nearest row before it
 * that stays (the rows before it were decided first) and before the nearest
 * row after it that was not noted. */
static gboolean
stays_in_place (OcConversationView *self,
                GHashTable         *noted,
                Placement          *p)
{
  OcRowTreeIter start, iter;
  guint steps = 0;

  if (!oc_row_tree_iter_init_at (self->rows, p->row, &start))
    g_assert_not_reached ();

  iter = start;
  while (oc_row_tree_iter_prev (&iter))
    {
      OcConversation *row = oc_row_tree_iter_get (&iter);
      Placement *q = g_hash_table_lookup (noted, row);

      if (q == NULL || !q->moves)
        {
          if (_oc_view_sort_compare (row, p->row, &self->sort) >= 0)
            return FALSE;
          break;
        }
      if (++steps > MAX_WALK)
        return FALSE;
    }

  steps = 0;
  iter = start;
  while (oc_row_tree_iter_next (&iter))
    {
      OcConversation *row = oc_row_tree_iter_get (&iter);

      if (!g_hash_table_contains (noted, row))
        return _oc_view_sort_compare (p->row, row, &self->sort) < 0;
      if (++steps > MAX_WALK)
        return FALSE;
    }

  return TRUE;
}

/* Departures, last run first: each run of moving rows between two pinned
 * ones leaves with one items-changed over its span (row by row when short),
 * so earlier positions hold. */
static void
place_departures (OcConversationView *self,
                  GPtrArray          *leaving)   /* Placement, by position */
{
  guint i = leaving->len;

  while (i > 0)
    {
      guint last = i - 1, first = last;
      Placement *top = g_ptr_array_index (leaving, last);
      guint n;

      while (first > 0 && !top->alone)
        {
          Placement *p = g_ptr_array_index (leaving, first - 1);

          if (p->alone || p->segment != top->segment)
            break;
          first--;
        }
      n = last - first + 1;

      if (n <= SMALL_RUN)
        {
          for (guint k = last + 1; k-- > first;)
            {
              Placement *p = g_ptr_array_index (leaving, k);

              oc_row_tree_remove (self->rows, p->row);
              emit_changed (self, p->position, 1, 0);
            }
        }
      else
        {
          guint lo = ((Placement *) g_ptr_array_index (leaving, first))->position;
          guint span = top->position - lo + 1;

          for (guint k = first; k <= last; k++)
            oc_row_tree_remove (self->rows, ((Placement *) g_ptr_array_index (leaving, k))->row);
          emit_changed (self, lo, span, span - n);
        }

      i = first;
    }
}

static void
put_back (OcConversationView *self,
          Placement          *p)
{
  oc_row_tree_insert_before (self->rows, p->before, p->row);
  if (!p->held)
    {
      g_object_ref (p->row);
      p->held = TRUE;
    }
}

/* Arrivals, in order, first run first: the tree holds the rows that stayed
 * and those that arrived before; each arriving row goes before the row it
 * was found to precede, after the arrivals before it with the same place. */
static void
place_arrivals (OcConversationView *self,
                GPtrArray          *arriving)   /* Placement, in the view's order */
{
  guint i = 0;

  while (i < arriving->len)
    {
      guint first = i, last = i;
      Placement *bottom = g_ptr_array_index (arriving, first);
      Placement *top;
      guint n;

      while (last + 1 < arriving->len && !bottom->alone)
        {
          Placement *p = g_ptr_array_index (arriving, last + 1);

          if (p->alone || p->segment != bottom->segment)
            break;
          last++;
        }
      top = g_ptr_array_index (arriving, last);
      n = last - first + 1;

      if (n <= SMALL_RUN)
        {
          for (guint k = first; k <= last; k++)
            {
              Placement *p = g_ptr_array_index (arriving, k);

              put_back (self, p);
              emit_changed (self, oc_row_tree_get_position (self->rows, p->row), 0, 1);
            }
        }
      else
        {
          guint lo, span;

          for (guint k = first; k <= last; k++)
            put_back (self, g_ptr_array_index (arriving, k));
          lo = oc_row_tree_get_position (self->rows, bottom->row);
          span = oc_row_tree_get_position (self->rows, top->row) - lo + 1;
          emit_changed (self, lo, span - n, span);
        }

      i = last + 1;
    }
}

/* The positions of the pinned rows that stay, in order; moving pinned rows
 * are marked to be told alone. */
static GArray *
pinned_positions (OcConversationView *self,
                  GHashTable         *noted)
{
  GArray *bounds = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < self->pinned->len; i++)
    {
      OcConversation *row = g_ptr_array_index (self->pinned, i);
      Placement *p = g_hash_table_lookup (noted, row);
      guint position;

      if (p != NULL && (p->moves || !p->held))
        p->alone = TRUE;
      else if ((position = oc_row_tree_get_position (self->rows, row)) != G_MAXUINT)
        g_array_append_val (bounds, position);   /* shown, and it did not move */
    }

  g_array_sort (bounds, (GCompareFunc) compare_guint);
  return bounds;
}

/* Whether the moves leave and reach one stretch between two pinned rows,
 * with none of them pinned and too many to tell row by row: then one
 * items-changed tells them all. An arriving row's stretch is how many
 * pinned rows come before it in the order. */
static gboolean
all_in_one_run (OcConversationView *self,
                GArray             *bounds,
                GPtrArray          *leaving,
                GPtrArray          *arriving)
{
  g_autoptr(GPtrArray) pins = g_ptr_array_new ();
  guint segment;

  if (leaving->len == 0 || arriving->len == 0 || leaving->len + arriving->len <= SMALL_RUN)
    return FALSE;

  segment = ((Placement *) g_ptr_array_index (leaving, 0))->segment;
  for (guint i = 0; i < leaving->len; i++)
    {
      Placement *p = g_ptr_array_index (leaving, i);
      if (p->alone || p->segment != segment)
        return FALSE;
    }

  for (guint i = 0; i < bounds->len; i++)
    g_ptr_array_add (pins, oc_row_tree_get_nth (self->rows, g_array_index (bounds, guint, i)));
  for (guint i = 0; i < arriving->len; i++)
    {
      Placement *p = g_ptr_array_index (arriving, i);
      guint lo = 0, hi = pins->len;

      if (p->alone)
        return FALSE;
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (_oc_view_sort_compare (g_ptr_array_index (pins, mid), p->row, &self->sort) < 0)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo != segment)
        return FALSE;
    }
  return TRUE;
}

/* All out, all in, then one items-changed from the first place that changed
 * to the last: before and after it the rows are the same. */
static void
place_in_one (OcConversationView *self,
              GPtrArray          *leaving,    /* by position */
              GPtrArray          *arriving)   /* in the view's order */
{
  guint n_old = n_rows (self), n_new, start, tail;
  guint first_out = ((Placement *) g_ptr_array_index (leaving, 0))->position;
  guint last_out = ((Placement *) g_ptr_array_index (leaving, leaving->len - 1))->position;
  guint first_in, last_in;

  for (guint i = 0; i < leaving->len; i++)
    oc_row_tree_remove (self->rows, ((Placement *) g_ptr_array_index (leaving, i))->row);

  for (guint i = 0; i < arriving->len; i++)
    {
      Placement *p = g_ptr_array_index (arriving, i);
      oc_row_tree_search (self->rows, p->row, _oc_view_sort_compare, &self->sort, &p->before);
    }
  for (guint i = 0; i < arriving->len; i++)
    put_back (self, g_ptr_array_index (arriving, i));

  n_new = n_rows (self);
  first_in = oc_row_tree_get_position (self->rows, ((Placement *) g_ptr_array_index (arriving, 0))->row);
  last_in = oc_row_tree_get_position (self->rows, ((Placement *) g_ptr_array_index (arriving, arriving->len - 1))->row);
  start = MIN (first_out, first_in);
  tail = MIN (n_old - 1 - last_out, n_new - 1 - last_in);
  emit_changed (self, start, n_old - tail - start, n_new - tail - start);
}

/* Places the rows noted since the last time, see the comment at the top. */
static void
place_noted (OcConversationView *self)
{
  g_autoptr(GHashTable) noted = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GPtrArray) leaving = g_ptr_array_new ();
  g_autoptr(GPtrArray) arriving = g_ptr_array_new ();
  g_autoptr(GArray) bounds = NULL;
  g_autofree Placement *placements = NULL;
  GHashTableIter hash_iter;
  gpointer key;
  guint n_noted, i = 0;

  /* A consumer that changes the view while told of a rebuild. */
  self->told = NULL;

  n_noted = g_hash_table_size (self->noted);
  if (n_noted == 0 || self->placing)
    return;

  self->placing = TRUE;

  /* The refs stay in the old table until the end. */
  noted = g_steal_pointer (&self->noted);
  self->noted = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  placements = g_new0 (Placement, n_noted);

  g_hash_table_iter_init (&hash_iter, noted);
  while (g_hash_table_iter_next (&hash_iter, &key, NULL))
    {
      Placement *p = &placements[i++];

      p->row = key;
      p->member = _oc_view_filter_test (&self->filter, self->store, p->row) == OC_VIEW_TEST_ALL;
      p->position = oc_row_tree_get_position (self->rows, p->row);
      p->held = p->position != G_MAXUINT;   /* nothing is parked yet */
      if (p->held)
        g_ptr_array_add (shown, p);
      else
        {
          p->moves = TRUE;
          if (p->member)
            g_ptr_array_add (arriving, p);
        }
      g_hash_table_iter_replace (&hash_iter, p);
    }

  g_ptr_array_sort (shown, compare_placement_position);
  for (i = 0; i < shown->len; i++)
    {
      Placement *p = g_ptr_array_index (shown, i);

      p->moves = !p->member || !stays_in_place (self, noted, p);
      if (p->moves)
        {
          g_ptr_array_add (leaving, p);
          if (p->member)
            g_ptr_array_add (arriving, p);
        }
    }

  if (leaving->len == 0 && arriving->len == 0)
    {
      self->placing = FALSE;
      return;
    }

  /* From here rows leave the tree and come back: see is_held(). */
  self->parking = noted;

  /* Out: segments between the pinned rows as the consumers know them. */
  bounds = pinned_positions (self, noted);
  for (i = 0; i < leaving->len; i++)
    {
      Placement *p = g_ptr_array_index (leaving, i);
      p->segment = count_below (bounds, p->position);
    }
  g_ptr_array_sort_with_data (arriving, compare_placement_order, &self->sort);

  if (all_in_one_run (self, bounds, leaving, arriving))
    place_in_one (self, leaving, arriving);
  else
    {
      place_departures (self, leaving);

      /* In: the tree is in order now; the same pinned rows, at their new places. */
      g_clear_pointer (&bounds, g_array_unref);
      bounds = pinned_positions (self, noted);
      for (i = 0; i < arriving->len; i++)
        {
          Placement *p = g_ptr_array_index (arriving, i);

          p->position = oc_row_tree_search (self->rows, p->row, _oc_view_sort_compare, &self->sort, &p->before);
          p->segment = count_below (bounds, p->position);
        }
      place_arrivals (self, arriving);
    }

  /* Those that left for good. */
  for (i = 0; i < leaving->len; i++)
    {
      Placement *p = g_ptr_array_index (leaving, i);

      if (!p->member)
        g_object_unref (p->row);   /* the noted table keeps it until the end */
    }

  self->parking = NULL;
  self->placing = FALSE;
}

/* Outside a batch (a rename from a directory sync) nobody says when it is
 * done: place at once. */
static void
place_unless_batch (OcConversationView *self)
{
  if (!_oc_conversation_store_in_batch (self->store))
    place_noted (self);
}

/* Puts @members (sorted) in the rows, one items-changed; @slots, when not
 * NULL, are theirs, which saves reading each row again (they are far apart in
 * memory). The tree is built anew from the order, in O(n); the references
 * are the caller's. */
static void
set_rows (OcConversationView *self,
          GPtrArray          *members,
          const guint32      *slots)
{
  guint old_n_items = n_rows (self);

  oc_row_tree_set_all (self->rows, members->pdata, slots, members->len);

  /* Until a consumer changes the view, which clears it. */
  self->told = members;
  if (old_n_items > 0 || members->len > 0)
    emit_changed (self, 0, old_n_items, members->len);
  self->told = NULL;
}

static void
collect_row (gpointer row,
             gpointer rows)
{
  g_ptr_array_add (rows, row);
}

/* The references of rows the view holds that the store no longer has (it
 * dropped them without a word, as a snapshot does). */
static void
drop_vanished (OcConversationView *self,
               const OcRowTree    *store_rows,
               guint               n_slots)
{
  g_autofree guint8 *in_store = g_new0 (guint8, n_slots);
  g_autoptr(GPtrArray) held = g_ptr_array_sized_new (n_rows (self));
  OcRowTreeIter iter;

  for (gboolean more = oc_row_tree_iter_init_nth (store_rows, 0, &iter);
       more;
       more = oc_row_tree_iter_next (&iter))
    in_store[_oc_conversation_get_slot (oc_row_tree_iter_get (&iter))] = 1;

  /* A held row keeps its slot, so a slot of the store's is never one of these. */
  oc_row_tree_foreach (self->rows, collect_row, held);
  for (guint i = 0; i < held->len; i++)
    {
      guint slot = _oc_conversation_get_slot (g_ptr_array_index (held, i));

      if (slot >= n_slots || !in_store[slot])
        g_object_unref (g_ptr_array_index (held, i));
    }
}

/* Recomputes membership, order and counts from the store; one items-changed.
 * The members are sorted even when the filter only narrowed: reading the
 * rows that stay off the tree reads them in the order, far apart in
 * memory, which cost more than sorting them (read in the store's order).
 * The references change in the same pass, while each row is read anyway. */
static void
rebuild (OcConversationView *self)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  const OcRowTree *store_rows = _oc_conversation_store_get_rows (self->store);
  g_autofree guint32 *slots = NULL;
  guint n_slots = 0, n_held = 0;
  OcRowTreeIter iter;

  /* Told in the middle of placing a batch, it would tear the tree apart. */
  g_return_if_fail (!self->placing);

  /* Whatever was noted is placed by the new order. */
  g_hash_table_remove_all (self->noted);

  /* Sized to the store (slots are dense), rather than grown row by row. */
  _oc_view_facets_reserve (&self->facets, oc_row_tree_get_n_items (store_rows));

  _oc_view_facets_begin (&self->facets);
  _oc_view_filter_begin_pass (&self->filter);
  for (gboolean more = oc_row_tree_iter_init_nth (store_rows, 0, &iter);
       more;
       more = oc_row_tree_iter_next (&iter))
    {
      OcConversation *conversation = oc_row_tree_iter_get (&iter);
      guint passed = _oc_view_filter_test (&self->filter, self->store, conversation);
      gboolean held = oc_row_tree_contains (self->rows, conversation);

      _oc_view_facets_count (&self->facets, conversation, passed);
      n_slots = MAX (n_slots, _oc_conversation_get_slot (conversation) + 1);
      n_held += held;
      if (passed == OC_VIEW_TEST_ALL)
        {
          g_ptr_array_add (members, conversation);
          if (!held)
            g_object_ref (conversation);
        }
      else if (held)
        g_object_unref (conversation);   /* the store keeps its own */
    }
  _oc_view_filter_end_pass (&self->filter);

  if (n_held < n_rows (self))
    drop_vanished (self, store_rows, n_slots);
  oc_row_tree_reserve (self->rows, n_slots);

  slots = _oc_view_sort_rows (&self->sort, members);
  set_rows (self, members, slots);
}

/* A new order, the same rows: neither the filter nor the counts change, and
 * the members are read in the store's (arrival) order, as the sort wants. */
static void
resort (OcConversationView *self)
{
  g_autoptr(GPtrArray) members = g_ptr_array_sized_new (n_rows (self));
  const OcRowTree *store_rows = _oc_conversation_store_get_rows (self->store);
  g_autofree guint32 *slots = NULL;
  OcRowTreeIter iter;

  for (gboolean more = oc_row_tree_iter_init_nth (store_rows, 0, &iter);
       more;
       more = oc_row_tree_iter_next (&iter))
    {
      OcConversation *conversation = oc_row_tree_iter_get (&iter);

      if (oc_row_tree_contains (self->rows, conversation))
        g_ptr_array_add (members, conversation);
    }

  /* Rows the store no longer has (none, when the view kept up): rebuild. */
  if (members->len != n_rows (self))
    {
      rebuild (self);
      return;
    }

  slots = _oc_view_sort_rows (&self->sort, members);
  set_rows (self, members, slots);
}

static void
follow_changed (gpointer        owner,
                OcConversation *conversation)
{
  reconsider (owner, conversation);
}

static void
follow_removed (gpointer        owner,
                OcConversation *conversation)
{
  OcConversationView *self = owner;

  _oc_view_facets_remove (&self->facets, conversation);
  g_hash_table_remove (self->noted, conversation);

  /* The tree may hold noted rows out of order, but a removal by slot needs
   * no order. */
  if (oc_row_tree_contains (self->rows, conversation))
    emit_changed (self, remove_row (self, conversation), 1, 0);
}

static void
follow_reload (gpointer owner)
{
  rebuild (owner);
}

static void
follow_settled (gpointer owner)
{
  place_noted (owner);
}

static const OcStoreFollowerFuncs follower_funcs = {
  .changed = follow_changed,
  .removed = follow_removed,
  .reload = follow_reload,
  .settled = follow_settled,
};

/* Agent names take part in the search and maybe in a custom sort. */
static void
on_agent_name_changed (OcAgent            *agent,
                       GParamSpec         *pspec,
                       OcConversationView *self)
{
  const OcRowTree *store_rows;
  OcRowTreeIter iter;
  const char *agent_id;

  if (_oc_conversation_store_is_loading (self->store))
    return;

  if (self->sort.func != NULL || self->sort.column == OC_SORT_AGENT_NAME)
    {
      /* The search may read the name too. */
      if (self->filter.search != NULL)
        rebuild (self);
      else
        resort (self);
      return;
    }

  if (self->filter.search == NULL)
    return;

  agent_id = oc_agent_get_id (agent);
  store_rows = _oc_conversation_store_get_rows (self->store);
  for (gboolean more = oc_row_tree_iter_init_nth (store_rows, 0, &iter);
       more;
       more = oc_row_tree_iter_next (&iter))
    {
      OcConversation *conversation = oc_row_tree_iter_get (&iter);

      if (g_strcmp0 (oc_conversation_get_agent_id (conversation), agent_id) == 0)
        reconsider (self, conversation);
    }
  place_unless_batch (self);
}

static void
on_agents_changed (GListModel         *agents,
                   guint               position,
                   guint               removed,
                   guint               added,
                   OcConversationView *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (agents, i);
      GSignalGroup *group;

      if (g_hash_table_contains (self->watched_agents, agent))
        continue;

      group = g_signal_group_new (OC_TYPE_AGENT);
      g_signal_group_connect (group, "notify::name", G_CALLBACK (on_agent_name_changed), self);
      g_signal_group_set_target (group, agent);
      g_hash_table_insert (self->watched_agents, g_object_ref (agent), group);

      /* A newly known agent may give its rows a name to match. */
      on_agent_name_changed (agent, NULL, self);
    }
}

static void
oc_conversation_view_constructed (GObject *object)
{
  OcConversationView *self = OC_CONVERSATION_VIEW (object);
  GListModel *agents;

  G_OBJECT_CLASS (oc_conversation_view_parent_class)->constructed (object);

  g_return_if_fail (self->store != NULL);
  self->sort.store = self->store;

  oc_store_follower_init (&self->follower, self->store, REBUILD_THRESHOLD, &follower_funcs, self);

  agents = oc_conversation_store_get_agents (self->store);
  self->agents_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->agents_signals, "items-changed", G_CALLBACK (on_agents_changed), self);
  g_signal_group_set_target (self->agents_signals, agents);
  on_agents_changed (agents, 0, 0, g_list_model_get_n_items (agents), self);

  /* Nobody can listen yet, so the initial items-changed goes unheard. */
  rebuild (self);
}

static void
oc_conversation_view_dispose (GObject *object)
{
  OcConversationView *self = OC_CONVERSATION_VIEW (object);

  g_clear_pointer (&self->watched_agents, g_hash_table_unref);
  oc_store_follower_clear (&self->follower);
  if (self->noted != NULL)
    g_hash_table_remove_all (self->noted);
  if (self->pinned != NULL)
    g_ptr_array_set_size (self->pinned, 0);
  g_clear_object (&self->agents_signals);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (oc_conversation_view_parent_class)->dispose (object);
}

static void
oc_conversation_view_finalize (GObject *object)
{
  OcConversationView *self = OC_CONVERSATION_VIEW (object);

  g_clear_pointer (&self->noted, g_hash_table_unref);
  g_clear_pointer (&self->pinned, g_ptr_array_unref);
  if (self->rows != NULL)
    oc_row_tree_foreach (self->rows, (GFunc) (void (*) (void)) g_object_unref, NULL);
  g_clear_pointer (&self->rows, oc_row_tree_free);
  _oc_view_filter_clear (&self->filter);
  _oc_view_facets_clear (&self->facets);

  _oc_view_sort_set_func (&self->sort, NULL, NULL, NULL);

  G_OBJECT_CLASS (oc_conversation_view_parent_class)->finalize (object);
}

static void
oc_conversation_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OcConversationView *self = OC_CONVERSATION_VIEW (object);

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
oc_conversation_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  OcConversationView *self = OC_CONVERSATION_VIEW (object);

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
oc_conversation_view_class_init (OcConversationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = oc_conversation_view_constructed;
  object_class->dispose = oc_conversation_view_dispose;
  object_class->finalize = oc_conversation_view_finalize;
  object_class->get_property = oc_conversation_view_get_property;
  object_class->set_property = oc_conversation_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         OC_TYPE_CONVERSATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OcConversationView::filter-changed:
   *
   * Emitted after the rebuild that a new filter caused, so that whoever
   * counts the shown rows recounts; the moves of rows emit only
   * items-changed.
   */
  signals[FILTER_CHANGED] =
    g_signal_new ("filter-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__VOID,
                  G_TYPE_NONE, 0);
}

static void
oc_conversation_view_init (OcConversationView *self)
{
  self->rows = oc_row_tree_new (row_slot);
  self->noted = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->pinned = g_ptr_array_new_with_free_func (g_object_unref);
  self->watched_agents = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  _oc_view_facets_init (&self->facets);
  self->sort.column = OC_SORT_NONE;
}

static void
refilter (OcConversationView *self)
{
  rebuild (self);
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

static void
set_mask (OcConversationView *self,
          guint              *mask,
          guint               value)
{
  g_assert (OC_IS_CONVERSATION_VIEW (self));

  if (*mask == value)
    return;

  *mask = value;
  refilter (self);
}

/**
 * oc_conversation_view_new:
 * @store: the store to project
 *
 * Returns: (transfer full): a view showing every row of @store in arrival
 *   order until filters and a sort are set; it keeps a reference to @store
 */
OcConversationView *
oc_conversation_view_new (OcConversationStore *store)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (store), NULL);

  return g_object_new (OC_TYPE_CONVERSATION_VIEW, "store", store, NULL);
}

/**
 * oc_conversation_view_get_store:
 *
 * Returns: (transfer none): the store this view projects
 */
OcConversationStore *
oc_conversation_view_get_store (OcConversationView *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), NULL);

  return self->store;
}

/**
 * oc_conversation_view_set_queue_filter:
 * @queue_ids: (nullable) (array zero-terminated=1): queues to show; %NULL or
 *   empty for all
 *
 * Rebuilds the view once when the filter changed. The ids are interned;
 * the array is not kept.
 */
void
oc_conversation_view_set_queue_filter (OcConversationView *self,
                                       const char * const *queue_ids)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  if (queue_ids != NULL && queue_ids[0] == NULL)
    queue_ids = NULL;

  if (_oc_id_set_set (&self->filter.queues, queue_ids))
    refilter (self);
}

/**
 * oc_conversation_view_set_channel_filter:
 * @channel_mask: bit (1 << #OcChannel) per channel to show; 0 for all
 *
 * Rebuilds the view once when the filter changed.
 */
void
oc_conversation_view_set_channel_filter (OcConversationView *self,
                                         guint               channel_mask)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  set_mask (self, &self->filter.channel_mask, channel_mask);
}

/**
 * oc_conversation_view_set_flagged_only:
 * @flagged_only: show only rows whose help flag is up
 *
 * Rebuilds the view once when the filter changed. Like the search, it is
 * not a facet: the facets count within it.
 */
void
oc_conversation_view_set_flagged_only (OcConversationView *self,
                                       gboolean            flagged_only)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  set_mask (self, &self->filter.flagged_only, flagged_only ? 1 : 0);
}

/**
 * oc_conversation_view_set_status_filter:
 * @status_mask: bit (1 << #OcStatus) per status to show; 0 for all
 *
 * Rebuilds the view once when the filter changed.
 */
void
oc_conversation_view_set_status_filter (OcConversationView *self,
                                        guint               status_mask)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  set_mask (self, &self->filter.status_mask, status_mask);
}

/**
 * oc_conversation_view_set_agent_filter:
 * @agent_ids: (nullable) (array zero-terminated=1): agents whose rows to show
 * @unassigned: whether to show unassigned rows too
 *
 * %NULL and %FALSE show every row; otherwise rows whose agent is in
 * @agent_ids, plus unassigned rows when @unassigned. Rebuilds the view once
 * when the filter changed.
 */
void
oc_conversation_view_set_agent_filter (OcConversationView *self,
                                       const char * const *agent_ids,
                                       gboolean            unassigned)
{
  gboolean active;
  gboolean changed;

  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  unassigned = !!unassigned;
  active = agent_ids != NULL || unassigned;

  changed = _oc_id_set_set (&self->filter.agents, agent_ids);
  changed |= self->filter.agent_filter != active || self->filter.unassigned != unassigned;
  self->filter.agent_filter = active;
  self->filter.unassigned = unassigned;

  if (changed)
    refilter (self);
}

/**
 * oc_conversation_view_set_search_text:
 * @text: (nullable): words to look for; %NULL or blank for none
 *
 * Shows only the rows whose subject, customer name or agent name contains
 * @text, ignoring case (Unicode case folding, after NFKC). Rebuilds the view
 * once when the search changed.
 */
void
oc_conversation_view_set_search_text (OcConversationView *self,
                                      const char         *text)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  if (_oc_view_filter_set_search (&self->filter, text))
    refilter (self);
}

/**
 * oc_conversation_view_set_sort:
 * @column: the column to sort by; %OC_SORT_NONE for arrival order
 * @descending: reverse the order
 *
 * Sorts by @column, dropping a custom sort function set before, and rebuilds
 * the view once when the order changed. Ties are broken by id.
 */
void
oc_conversation_view_set_sort (OcConversationView *self,
                               OcSortColumn        column,
                               gboolean            descending)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (column <= OC_SORT_WATCHERS);

  descending = !!descending;

  if (self->sort.column == column && self->sort.descending == descending && self->sort.func == NULL)
    return;

  _oc_view_sort_set_func (&self->sort, NULL, NULL, NULL);
  self->sort.column = column;
  self->sort.descending = descending;
  resort (self);
}

/**
 * oc_conversation_view_set_sort_func:
 * @func: (nullable) (scope notified): compares two rows in place of the sort
 *   column; %NULL to sort by the column again
 * @user_data: (closure func): data for @func
 * @destroy: (destroy user_data) (nullable): frees @user_data when the view
 *   drops @func
 *
 * Sorts with @func and rebuilds the view. The descending flag still applies,
 * and ties are still broken by id. The view re-sorts when an agent's name
 * changes, as @func may depend on it; for anything else @func reads, call
 * this again to re-sort.
 */
void
oc_conversation_view_set_sort_func (OcConversationView        *self,
                                    OcConversationCompareFunc  func,
                                    gpointer                   user_data,
                                    GDestroyNotify             destroy)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  _oc_view_sort_set_func (&self->sort, func, user_data, destroy);
  resort (self);
}

/**
 * oc_conversation_view_get_sort_column:
 *
 * Returns: the column set by oc_conversation_view_set_sort()
 */
OcSortColumn
oc_conversation_view_get_sort_column (OcConversationView *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), OC_SORT_NONE);

  return self->sort.column;
}

/**
 * oc_conversation_view_get_sort_descending:
 *
 * Returns: whether the order is reversed
 */
gboolean
oc_conversation_view_get_sort_descending (OcConversationView *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), FALSE);

  return self->sort.descending;
}

/**
 * oc_conversation_view_get_position:
 * @conversation: a row of the store
 *
 * Returns: the row's position in O(log n), or %G_MAXUINT when it is not shown
 */
guint
oc_conversation_view_get_position (OcConversationView *self,
                                   OcConversation     *conversation)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), G_MAXUINT);

  /* A row a placement took out is not shown until it is back. */
  return oc_row_tree_get_position (self->rows, conversation);
}

/**
 * oc_conversation_view_matches:
 * @conversation: a row of the store
 *
 * Returns: whether @conversation passes the view's filters
 */
gboolean
oc_conversation_view_matches (OcConversationView *self,
                              OcConversation     *conversation)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), FALSE);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), FALSE);

  return _oc_view_filter_matches (&self->filter, self->store, conversation);
}

/**
 * oc_conversation_view_compare:
 * @a: a row of the store
 * @b: a row of the store
 *
 * Returns: <0, 0 or >0 as @a comes before, is, or comes after @b in the
 *   view's order (ties broken by id, so 0 only for the same row)
 */
int
oc_conversation_view_compare (OcConversationView *self,
                              OcConversation     *a,
                              OcConversation     *b)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), 0);
  g_return_val_if_fail (OC_IS_CONVERSATION (a) && OC_IS_CONVERSATION (b), 0);

  return _oc_view_sort_compare (a, b, &self->sort);
}

/**
 * oc_conversation_view_set_pinned:
 * @rows: (array length=n_rows) (nullable): rows a consumer keeps in place
 * @n_rows: the length of @rows
 *
 * Tells which rows a consumer keeps in place, such as what a list widget
 * shows and its selected row: an items-changed that tells a batch's moves
 * never spans them, and one of them that moves is told on its own. A list
 * widget that looks a row up by position when it was inside a range (GTK's
 * do, for the rows they track) then costs what it shows, not the length of
 * the range. Only the cost depends on this: the view is exact either way.
 * The view keeps references until the next call.
 */
void
oc_conversation_view_set_pinned (OcConversationView     *self,
                                 OcConversation * const *rows,
                                 guint                   n_rows)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (rows != NULL || n_rows == 0);

  g_ptr_array_set_size (self->pinned, 0);
  for (guint i = 0; i < n_rows; i++)
    if (rows[i] != NULL)
      g_ptr_array_add (self->pinned, g_object_ref (rows[i]));
}

/**
 * oc_conversation_view_count_queue:
 * @queue_id: (nullable): a queue's id
 *
 * Faceted counts, this one and the three after it, tell what checking one
 * more value would add: the facet's own selection does not narrow them.
 * They are kept up to date with every change, so reading one is O(1).
 *
 * Returns: how many rows of @queue_id pass the view's other filters
 */
guint
oc_conversation_view_count_queue (OcConversationView *self,
                                  const char         *queue_id)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), 0);

  return _oc_view_facets_get (&self->facets, OC_FACET_QUEUE, queue_id, 0);
}

/**
 * oc_conversation_view_count_channel:
 * @channel: a channel
 *
 * Returns: how many rows on @channel pass the view's other filters
 */
guint
oc_conversation_view_count_channel (OcConversationView *self,
                                    OcChannel           channel)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), 0);

  return _oc_view_facets_get (&self->facets, OC_FACET_CHANNEL, NULL, channel);
}

/**
 * oc_conversation_view_count_status:
 * @status: a status
 *
 * Returns: how many rows in @status pass the view's other filters
 */
guint
oc_conversation_view_count_status (OcConversationView *self,
                                   OcStatus            status)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), 0);

  return _oc_view_facets_get (&self->facets, OC_FACET_STATUS, NULL, status);
}

/**
 * oc_conversation_view_count_agent:
 * @agent_id: (nullable): an agent's id, or %NULL for unassigned rows
 *
 * Returns: how many rows of @agent_id pass the view's other filters
 */
guint
oc_conversation_view_count_agent (OcConversationView *self,
                                  const char         *agent_id)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), 0);

  return _oc_view_facets_get (&self->facets, OC_FACET_AGENT, agent_id, 0);
}
