// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation-view"

#include "config.h"

#include "oc-conversation-view.h"
#include "oc-conversation-view-private.h"

/* What a caller sets and reads on the view: the filters, the sort, and the
 * faceted counts. A change of filter or sort rebuilds once. */

/**
 * oc_conversation_view_set_queue_filter:
 * @queue_ids: (nullable) (array zero-terminated=1): queues to show; %NULL or
 *   empty for all
 */
void
oc_conversation_view_set_queue_filter (OcConversationView *self,
                                       const char * const *queue_ids)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  if (queue_ids != NULL && queue_ids[0] == NULL)
    queue_ids = NULL;

  if (_oc_id_set_set (&self->filter.queues, queue_ids))
    _oc_conversation_view_rebuild (self);
}

/**
 * oc_conversation_view_set_channel_filter:
 * @channel_mask: bit (1 << #OcChannel) per channel to show; 0 for all
 */
void
oc_conversation_view_set_channel_filter (OcConversationView *self,
                                         guint               channel_mask)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  if (self->filter.channel_mask == channel_mask)
    return;

  self->filter.channel_mask = channel_mask;
  _oc_conversation_view_rebuild (self);
}

/**
 * oc_conversation_view_set_status_filter:
 * @status_mask: bit (1 << #OcStatus) per status to show; 0 for all
 */
void
oc_conversation_view_set_status_filter (OcConversationView *self,
                                        guint               status_mask)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  if (self->filter.status_mask == status_mask)
    return;

  self->filter.status_mask = status_mask;
  _oc_conversation_view_rebuild (self);
}

/**
 * oc_conversation_view_set_agent_filter:
 * @agent_ids: (nullable) (array zero-terminated=1): agents whose rows to show
 * @unassigned: whether to show unassigned rows too
 *
 * %NULL and %FALSE show every row.
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
    _oc_conversation_view_rebuild (self);
}

/**
 * oc_conversation_view_set_search_text:
 * @text: (nullable): words to look for; %NULL or blank for none
 *
 * Matches, ignoring case, rows whose subject, customer name or agent name
 * contains @text.
 */
void
oc_conversation_view_set_search_text (OcConversationView *self,
                                      const char         *text)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  if (_oc_view_filter_set_search (&self->filter, text))
    _oc_conversation_view_rebuild (self);
}

/**
 * oc_conversation_view_set_sort:
 * @column: the column to sort by; %OC_SORT_NONE for arrival order
 * @descending: reverse the order
 *
 * Drops a custom sort function set before. Ties are broken by id.
 */
void
oc_conversation_view_set_sort (OcConversationView *self,
                               OcSortColumn        column,
                               gboolean            descending)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (column <= OC_SORT_CREATED);

  descending = !!descending;

  if (self->sort.column == column && self->sort.descending == descending && self->sort.func == NULL)
    return;

  _oc_view_sort_set_func (&self->sort, NULL, NULL, NULL);
  self->sort.column = column;
  self->sort.descending = descending;
  _oc_conversation_view_rebuild (self);
}

/**
 * oc_conversation_view_set_sort_func:
 * @func: (nullable): compares two rows in place of the sort column; %NULL to
 *   sort by the column again
 *
 * The descending flag still applies, and ties are still broken by id. The view
 * re-sorts when an agent's name changes, as @func may depend on it; for
 * anything else @func reads, call this again to re-sort.
 */
void
oc_conversation_view_set_sort_func (OcConversationView        *self,
                                    OcConversationCompareFunc  func,
                                    gpointer                   user_data,
                                    GDestroyNotify             destroy)
{
  g_return_if_fail (OC_IS_CONVERSATION_VIEW (self));

  _oc_view_sort_set_func (&self->sort, func, user_data, destroy);
  _oc_conversation_view_rebuild (self);
}

OcSortColumn
oc_conversation_view_get_sort_column (OcConversationView *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), OC_SORT_NONE);

  return self->sort.column;
}

gboolean
oc_conversation_view_get_sort_descending (OcConversationView *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION_VIEW (self), FALSE);

  return self->sort.descending;
}

/**
 * oc_conversation_view_count_queue:
 * @queue_id: a queue's id
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
