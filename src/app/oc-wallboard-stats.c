// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-wallboard-stats"

#include "config.h"

#include "oc-agent.h"
#include "oc-wallboard-stats.h"

typedef struct {
  OcConversation *conversation;  /* borrowed for the length of one pass */
  OcAttention     attention;
  OcSentiment     sentiment;
  gint64          wait;
} Candidate;

/**
 * oc_wallboard_filter_matches:
 * @filter: what the wallboard shows
 * @conversation: a conversation
 *
 * Returns: whether @filter keeps @conversation (its queue and channel)
 */
gboolean
oc_wallboard_filter_matches (const OcWallboardFilter *filter,
                             OcConversation          *conversation)
{
  OcChannel channel;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), FALSE);

  if (!oc_status_is_live (oc_conversation_get_status (conversation)))
    return FALSE;

  channel = oc_conversation_get_channel (conversation);
  if (filter->channel_mask != 0 && (filter->channel_mask & (1u << channel)) == 0)
    return FALSE;

  if (filter->queue_ids != NULL && filter->queue_ids[0] != NULL)
    {
      const char *queue_id = oc_conversation_get_queue_id (conversation);

      if (queue_id == NULL || !g_strv_contains ((const char * const *) filter->queue_ids, queue_id))
        return FALSE;
    }

  return TRUE;
}

/**
 * oc_wallboard_attention_of:
 * @filter: what the wallboard shows, for the thresholds
 * @conversation: a conversation
 * @now: Unix seconds
 *
 * Returns: how urgent @conversation is at @now
 */
OcAttention
oc_wallboard_attention_of (const OcWallboardFilter *filter,
                           OcConversation          *conversation,
                           gint64                   now)
{
  g_return_val_if_fail (filter != NULL, OC_ATTENTION_NONE);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), OC_ATTENTION_NONE);

  if (oc_conversation_is_waiting (conversation))
    {
      switch (oc_wait_thresholds_level (&filter->thresholds, oc_conversation_get_channel (conversation),
                                        oc_conversation_get_wait_time (conversation, now)))
        {
        case OC_WAIT_LEVEL_CRITICAL: return OC_ATTENTION_CRITICAL;
        case OC_WAIT_LEVEL_WARNING:  return OC_ATTENTION_WARNING;
        case OC_WAIT_LEVEL_FINE:
        default:                     break;
        }
    }

  if (oc_sentiment_is_negative (oc_conversation_get_sentiment (conversation)))
    return OC_ATTENTION_NEGATIVE;

  if (oc_conversation_is_waiting (conversation))
    return OC_ATTENTION_WAITING;

  return OC_ATTENTION_NONE;
}

/* Most urgent first: level, then the longer wait, then the worse mood, then
 * the id so that equal rows keep a stable order from one refresh to the next
 * (paging would otherwise show a row twice and skip another). */
static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  if (ca->attention != cb->attention)
    return ca->attention > cb->attention ? -1 : 1;
  if (ca->wait != cb->wait)
    return ca->wait > cb->wait ? -1 : 1;
  if (ca->sentiment != cb->sentiment)
    return ca->sentiment < cb->sentiment ? -1 : 1;
  return g_strcmp0 (oc_conversation_get_id (ca->conversation),
                    oc_conversation_get_id (cb->conversation));
}

static int
compare_candidates_qsort (gconstpointer a,
                          gconstpointer b,
                          gpointer      user_data)
{
  return compare_candidates (a, b);
}

/* The kept candidates are a heap with the least urgent on top, so that a
 * floor of 100,000 costs one comparison for most rows, not a full sort. */
static void
heap_sift_down (Candidate *heap,
                guint      len,
                guint      i)
{
  for (;;)
    {
      guint least = i, left = 2 * i + 1, right = 2 * i + 2;
      Candidate tmp;

      if (left < len && compare_candidates (&heap[left], &heap[least]) > 0)
        least = left;
      if (right < len && compare_candidates (&heap[right], &heap[least]) > 0)
        least = right;
      if (least == i)
        return;
      tmp = heap[i];
      heap[i] = heap[least];
      heap[least] = tmp;
      i = least;
    }
}

static void
heap_sift_up (Candidate *heap,
              guint      i)
{
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      Candidate tmp;

      if (compare_candidates (&heap[i], &heap[parent]) <= 0)
        return;
      tmp = heap[i];
      heap[i] = heap[parent];
      heap[parent] = tmp;
      i = parent;
    }
}

/**
 * oc_wallboard_stats_compute:
 * @conversations: (array length=n_conversations): the store's rows
 * @n_conversations: how many
 * @filter: which queues and channels, and the thresholds
 * @now: the instant to compute wait times for (Unix seconds)
 *
 * One pass. The attention list holds references, so the result stays valid
 * after the store changes.
 *
 * Returns: (transfer full): the figures
 */
OcWallboardStats *
oc_wallboard_stats_compute (OcConversation * const *conversations,
                            guint                   n_conversations,
                            const OcWallboardFilter *filter,
                            gint64                   now)
{
  g_autofree Candidate *heap = NULL;
  OcWallboardStats *stats;
  guint heap_len = 0;

  g_return_val_if_fail (conversations != NULL || n_conversations == 0, NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  stats = g_new0 (OcWallboardStats, 1);
  stats->now = now;
  stats->attention = g_ptr_array_new_with_free_func (g_object_unref);
  heap = g_new (Candidate, MAX (filter->max_attention, 1));

  for (guint i = 0; i < n_conversations; i++)
    {
      OcConversation *conversation = conversations[i];
      OcStatus status;
      OcChannel channel;
      OcSentiment sentiment;
      Candidate candidate;
      OcWaitLevel level;
      gint64 wait = 0;

      if (!oc_wallboard_filter_matches (filter, conversation))
        continue;

      status = oc_conversation_get_status (conversation);
      channel = oc_conversation_get_channel (conversation);
      sentiment = oc_conversation_get_sentiment (conversation);

      stats->total++;
      if ((guint) status < G_N_ELEMENTS (stats->by_status))
        stats->by_status[status]++;
      if ((guint) channel < G_N_ELEMENTS (stats->by_channel))
        stats->by_channel[channel]++;
      if (oc_sentiment_is_negative (sentiment))
        stats->negative++;
      if (oc_conversation_is_flagged (conversation))
        stats->flagged++;

      if (oc_conversation_is_waiting (conversation))
        {
          wait = oc_conversation_get_wait_time (conversation, now);
          stats->waiting++;
          if ((guint) channel < G_N_ELEMENTS (stats->waiting_by_channel))
            stats->waiting_by_channel[channel]++;
          level = oc_wait_thresholds_level (&filter->thresholds, channel, wait);
          if (stats->waiting == 1 || wait > stats->longest_wait)
            {
              stats->longest_wait = wait;
              stats->longest_wait_level = level;
            }
          /* Two waits as long, one over its channel's limit: say so. */
          else if (wait == stats->longest_wait)
            stats->longest_wait_level = MAX (stats->longest_wait_level, level);
          if (level >= OC_WAIT_LEVEL_WARNING)
            stats->over_warning++;
          if (level >= OC_WAIT_LEVEL_CRITICAL)
            stats->over_critical++;
        }

      candidate.attention = oc_wallboard_attention_of (filter, conversation, now);
      if (candidate.attention == OC_ATTENTION_NONE)
        continue;
      candidate.conversation = conversation;
      candidate.sentiment = sentiment;
      candidate.wait = wait;
      stats->attention_total++;

      if (heap_len < filter->max_attention)
        {
          heap[heap_len] = candidate;
          heap_sift_up (heap, heap_len++);
        }
      else if (heap_len > 0 && compare_candidates (&candidate, &heap[0]) < 0)
        {
          heap[0] = candidate;
          heap_sift_down (heap, heap_len, 0);
        }
    }

  g_qsort_with_data (heap, heap_len, sizeof (Candidate), compare_candidates_qsort, NULL);
  for (guint i = 0; i < heap_len; i++)
    g_ptr_array_add (stats->attention, g_object_ref (heap[i].conversation));

  return stats;
}

/**
 * oc_wallboard_stats_free:
 * @stats: (nullable) (transfer full): figures from oc_wallboard_stats_compute()
 */
void
oc_wallboard_stats_free (OcWallboardStats *stats)
{
  if (stats == NULL)
    return;
  g_clear_pointer (&stats->attention, g_ptr_array_unref);
  g_free (stats);
}

/**
 * oc_wallboard_count_agents:
 * @agents: (element-type OcAgent): the store's agents
 * @filter: what the wallboard shows: an agent counts when they serve one of
 *   its queues (any, when it names none)
 * @counts: (out caller-allocates): the counts
 *
 * Counts the agents by presence; offline and unknown ones are not counted.
 * One pass over the agents, which the wallboard's one-second refresh affords
 * at thousands of them.
 */
void
oc_wallboard_count_agents (GListModel              *agents,
                           const OcWallboardFilter *filter,
                           OcWallboardAgents       *counts)
{
  gboolean all_queues;
  guint n;

  g_return_if_fail (G_IS_LIST_MODEL (agents));
  g_return_if_fail (filter != NULL);
  g_return_if_fail (counts != NULL);

  *counts = (OcWallboardAgents) { 0 };
  all_queues = filter->queue_ids == NULL || filter->queue_ids[0] == NULL;
  n = g_list_model_get_n_items (agents);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (agents, i);
      gboolean shown = all_queues;

      for (guint q = 0; !shown && filter->queue_ids[q] != NULL; q++)
        shown = oc_agent_serves_queue (agent, filter->queue_ids[q]);
      if (!shown)
        continue;

      switch (oc_agent_get_presence (agent))
        {
        case OC_PRESENCE_AVAILABLE: counts->available++; break;
        case OC_PRESENCE_BUSY:
        case OC_PRESENCE_BUSY_DND:  counts->busy++; break;
        case OC_PRESENCE_AWAY:      counts->away++; break;
        case OC_PRESENCE_OFFLINE:
        case OC_PRESENCE_UNKNOWN:
        default:
          break;
        }
    }
}
