// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation-view"

#include "config.h"

#include <string.h>

#include "oc-conversation-view.h"
#include "oc-conversation-view-private.h"
#include "oc-conversation-store-private.h"

/*
 * Rows are kept sorted on a GSequence (a balanced tree with positions), with a
 * hash table from conversation to its node. The comparator reads the rows'
 * current fields, so a changed row is never looked up through it: the hash
 * table finds its node, its neighbours tell whether it is still in place, and
 * g_sequence_sort_changed() moves it when it is not. Everything else in the
 * tree is in order at that moment because the store reports one change at a
 * time.
 *
 * The store announces each departure ("conversation-removed") before its
 * items-changed; the view drops the row then and counts the announcement, so
 * that a removal it was not told about (a snapshot) makes it rebuild.
 */

/* Above this many arrivals at once, one rebuild is cheaper for the view's
 * consumers than one items-changed per row. */
#define REBUILD_THRESHOLD 1024

/**
 * OcConversationView:
 *
 * The filtered, sorted projection of an #OcConversationStore that the
 * report shows, as a #GListModel. An update moves its row with O(log n)
 * work and at most two items-changed (out of the old place, into the new);
 * none when the place holds. Changing the filter or the sort rebuilds once.
 */
struct _OcConversationView
{
  GObject              parent_instance;

  OcConversationStore *store;
  GSignalGroup        *store_signals;
  GSignalGroup        *agents_signals;   /* the store's agent list */
  GSequence           *rows;     /* OcConversation, owned */
  GSequence           *moving;   /* the row between its two move signals */
  GHashTable          *iters;    /* OcConversation -> GSequenceIter */
  guint                n_items;
  guint                pending_removed;

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

static GType
oc_conversation_view_get_item_type (GListModel *model)
{
  return OC_TYPE_CONVERSATION;
}

static guint
oc_conversation_view_get_n_items (GListModel *model)
{
  return OC_CONVERSATION_VIEW (model)->n_items;
}

static gpointer
oc_conversation_view_get_item (GListModel *model,
                               guint       position)
{
  OcConversationView *self = OC_CONVERSATION_VIEW (model);

  if (position >= self->n_items)
    return NULL;

  return g_object_ref (g_sequence_get (g_sequence_get_iter_at_pos (self->rows, position)));
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
insert_row (OcConversationView *self,
            OcConversation     *conversation)
{
  GSequenceIter *iter;

  iter = g_sequence_insert_sorted (self->rows, g_object_ref (conversation), _oc_view_sort_compare, &self->sort);
  g_hash_table_insert (self->iters, conversation, iter);
  self->n_items++;

  return g_sequence_iter_get_position (iter);
}

static guint
remove_row (OcConversationView *self,
            GSequenceIter      *iter)
{
  guint position = g_sequence_iter_get_position (iter);

  g_hash_table_remove (self->iters, g_sequence_get (iter));
  g_sequence_remove (iter);
  self->n_items--;

  return position;
}

static gboolean
is_in_place (OcConversationView *self,
             GSequenceIter      *iter)
{
  gpointer row = g_sequence_get (iter);
  GSequenceIter *next;

  if (!g_sequence_iter_is_begin (iter) &&
      _oc_view_sort_compare (g_sequence_get (g_sequence_iter_prev (iter)), row, &self->sort) >= 0)
    return FALSE;

  next = g_sequence_iter_next (iter);
  if (!g_sequence_iter_is_end (next) &&
      _oc_view_sort_compare (row, g_sequence_get (next), &self->sort) >= 0)
    return FALSE;

  return TRUE;
}

/* Brings one changed row up to date: in or out, and in its place. */
static void
reconsider (OcConversationView *self,
            OcConversation     *conversation)
{
  GSequenceIter *iter = g_hash_table_lookup (self->iters, conversation);
  guint passed = _oc_view_filter_test (&self->filter, self->store, conversation);
  gboolean member = passed == OC_VIEW_TEST_ALL;
  guint old_position, new_position;

  _oc_view_facets_update (&self->facets, conversation, passed);

  if (iter == NULL)
    {
      if (member)
        emit_changed (self, insert_row (self, conversation), 0, 1);
      return;
    }

  if (!member)
    {
      emit_changed (self, remove_row (self, iter), 1, 0);
      return;
    }

  if (is_in_place (self, iter))
    return;

  /* Out, told, then in, told: whoever reads the model between the two
   * signals (GtkListView does) must find it without the row, not already
   * moved. The node itself parks in a side sequence, so the iter stays valid. */
  old_position = g_sequence_iter_get_position (iter);
  g_sequence_move (iter, g_sequence_get_end_iter (self->moving));
  self->n_items--;
  emit_changed (self, old_position, 1, 0);

  g_sequence_move (iter, g_sequence_search (self->rows, conversation,
                                            _oc_view_sort_compare, &self->sort));
  self->n_items++;
  new_position = g_sequence_iter_get_position (iter);
  emit_changed (self, new_position, 0, 1);
}

/* Recomputes membership, order and counts from the store; one items-changed. */
static void
rebuild (OcConversationView *self)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  g_autoptr(GSequence) old_rows = NULL;
  GSequence *seq = _oc_conversation_store_get_sequence (self->store);
  guint old_n_items = self->n_items;

  _oc_view_facets_begin (&self->facets);
  for (GSequenceIter *iter = g_sequence_get_begin_iter (seq);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      OcConversation *conversation = g_sequence_get (iter);
      guint passed = _oc_view_filter_test (&self->filter, self->store, conversation);

      _oc_view_facets_count (&self->facets, conversation, passed);
      if (passed == OC_VIEW_TEST_ALL)
        g_ptr_array_add (members, conversation);
    }
  _oc_view_facets_end (&self->facets, g_sequence_get_length (seq));

  _oc_view_sort_rows (&self->sort, members);

  old_rows = g_steal_pointer (&self->rows);
  g_hash_table_remove_all (self->iters);
  self->rows = g_sequence_new (g_object_unref);

  for (guint i = 0; i < members->len; i++)
    {
      OcConversation *conversation = g_ptr_array_index (members, i);
      GSequenceIter *iter = g_sequence_append (self->rows, g_object_ref (conversation));

      g_hash_table_insert (self->iters, conversation, iter);
    }

  self->n_items = members->len;

  if (old_n_items > 0 || self->n_items > 0)
    emit_changed (self, 0, old_n_items, self->n_items);
}

static void
on_conversation_updated (OcConversationStore *store,
                         OcConversation      *conversation,
                         OcConversationView  *self)
{
  if (_oc_conversation_store_is_loading (store))
    return;

  reconsider (self, conversation);
}

static void
on_conversation_removed (OcConversationStore *store,
                         OcConversation      *conversation,
                         const char          *reason,
                         OcConversationView  *self)
{
  GSequenceIter *iter;

  /* A snapshot ends with one items-changed over everything: rebuild then. */
  if (_oc_conversation_store_is_loading (store))
    return;

  self->pending_removed++;
  _oc_view_facets_remove (&self->facets, conversation);

  iter = g_hash_table_lookup (self->iters, conversation);
  if (iter != NULL)
    emit_changed (self, remove_row (self, iter), 1, 0);
}

static void
on_store_items_changed (GListModel         *store,
                        guint               position,
                        guint               removed,
                        guint               added,
                        OcConversationView *self)
{
  GSequenceIter *iter;

  if (removed > 0)
    {
      if (removed > self->pending_removed)
        {
          self->pending_removed = 0;
          rebuild (self);
          return;
        }
      self->pending_removed -= removed;
    }

  if (added == 0)
    return;

  if (added > REBUILD_THRESHOLD)
    {
      rebuild (self);
      return;
    }

  iter = g_sequence_get_iter_at_pos (_oc_conversation_store_get_sequence (self->store), position);
  for (guint i = 0; i < added; i++, iter = g_sequence_iter_next (iter))
    {
      OcConversation *conversation = g_sequence_get (iter);
      guint passed = _oc_view_filter_test (&self->filter, self->store, conversation);

      _oc_view_facets_update (&self->facets, conversation, passed);
      if (!g_hash_table_contains (self->iters, conversation) && passed == OC_VIEW_TEST_ALL)
        emit_changed (self, insert_row (self, conversation), 0, 1);
    }
}

/* Agent names take part in the search and maybe in a custom sort. */
static void
on_agent_name_changed (OcAgent            *agent,
                       GParamSpec         *pspec,
                       OcConversationView *self)
{
  GSequence *seq;
  const char *agent_id;

  if (_oc_conversation_store_is_loading (self->store))
    return;

  if (self->sort.func != NULL || self->sort.column == OC_SORT_AGENT_NAME)
    {
      rebuild (self);
      return;
    }

  if (self->filter.search == NULL)
    return;

  agent_id = oc_agent_get_id (agent);
  seq = _oc_conversation_store_get_sequence (self->store);
  for (GSequenceIter *iter = g_sequence_get_begin_iter (seq);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      OcConversation *conversation = g_sequence_get (iter);

      if (g_strcmp0 (oc_conversation_get_agent_id (conversation), agent_id) == 0)
        reconsider (self, conversation);
    }
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
      GSignalGroup *signals;

      if (g_hash_table_contains (self->watched_agents, agent))
        continue;

      signals = g_signal_group_new (OC_TYPE_AGENT);
      g_signal_group_connect (signals, "notify::name", G_CALLBACK (on_agent_name_changed), self);
      g_signal_group_set_target (signals, agent);
      g_hash_table_insert (self->watched_agents, g_object_ref (agent), signals);

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

  self->store_signals = g_signal_group_new (OC_TYPE_CONVERSATION_STORE);
  g_signal_group_connect (self->store_signals, "conversation-updated",
                          G_CALLBACK (on_conversation_updated), self);
  g_signal_group_connect (self->store_signals, "conversation-removed",
                          G_CALLBACK (on_conversation_removed), self);
  g_signal_group_connect (self->store_signals, "items-changed",
                          G_CALLBACK (on_store_items_changed), self);
  g_signal_group_set_target (self->store_signals, self->store);

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
  g_clear_object (&self->store_signals);
  g_clear_object (&self->agents_signals);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (oc_conversation_view_parent_class)->dispose (object);
}

static void
oc_conversation_view_finalize (GObject *object)
{
  OcConversationView *self = OC_CONVERSATION_VIEW (object);

  g_clear_pointer (&self->iters, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_sequence_free);
  g_clear_pointer (&self->moving, g_sequence_free);
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
}

static void
oc_conversation_view_init (OcConversationView *self)
{
  self->rows = g_sequence_new (g_object_unref);
  self->moving = g_sequence_new (g_object_unref);
  self->iters = g_hash_table_new (NULL, NULL);
  self->watched_agents = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  _oc_view_facets_init (&self->facets);
  self->sort.column = OC_SORT_NONE;
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
  rebuild (self);
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
    rebuild (self);
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
    rebuild (self);
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
    rebuild (self);
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
  g_return_if_fail (column <= OC_SORT_QUEUE_NAME);

  descending = !!descending;

  if (self->sort.column == column && self->sort.descending == descending && self->sort.func == NULL)
    return;

  _oc_view_sort_set_func (&self->sort, NULL, NULL, NULL);
  self->sort.column = column;
  self->sort.descending = descending;
  rebuild (self);
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
  rebuild (self);
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
  GSequenceIter *iter;

  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), G_MAXUINT);

  iter = g_hash_table_lookup (self->iters, conversation);
  if (iter == NULL || g_sequence_iter_get_sequence (iter) != self->rows)
    return G_MAXUINT;
  return (guint) g_sequence_iter_get_position (iter);
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
