#define G_LOG_DOMAIN "oc-wallboard-stats"

#include "config.h"

#include "oc-wallboard-stats.h"

typedef struct {
  OcConversation *conversation;  /* owned */
  OcAttention     attention;
  OcSentiment     sentiment;
  gint64          wait;
} Candidate;

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

OcAttention
oc_wallboard_attention_of (const OcWallboardFilter *filter,
                           OcConversation          *conversation,
                           gint64                   now)
{
  g_return_val_if_fail (filter != NULL, OC_ATTENTION_NONE);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), OC_ATTENTION_NONE);

  if (oc_conversation_is_waiting (conversation))
    {
      gint64 wait = oc_conversation_get_wait_time (conversation, now);

      if (filter->critical_seconds > 0 && wait >= filter->critical_seconds)
        return OC_ATTENTION_CRITICAL;
      if (filter->warning_seconds > 0 && wait >= filter->warning_seconds)
        return OC_ATTENTION_WARNING;
    }

  if (oc_sentiment_is_negative (oc_conversation_get_sentiment (conversation)))
    return OC_ATTENTION_NEGATIVE;

  if (oc_conversation_is_waiting (conversation))
    return OC_ATTENTION_WAITING;

  return OC_ATTENTION_NONE;
}

static void
clear_candidate (gpointer data)
{
  Candidate *candidate = data;

  g_clear_object (&candidate->conversation);
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

/**
 * oc_wallboard_stats_compute:
 * @conversations: a #GListModel of #OcConversation (the store)
 * @filter: which queues and channels, and the thresholds
 * @now: the instant to compute wait times for (Unix seconds)
 *
 * One pass over @conversations. The attention list holds references, so
 * the result stays valid after the store changes.
 *
 * Returns: (transfer full): the figures
 */
OcWallboardStats *
oc_wallboard_stats_compute (GListModel              *conversations,
                            const OcWallboardFilter *filter,
                            gint64                   now)
{
  g_autoptr(GArray) candidates = NULL;
  OcWallboardStats *stats;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (conversations), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  stats = g_new0 (OcWallboardStats, 1);
  stats->now = now;
  stats->attention = g_ptr_array_new_with_free_func (g_object_unref);
  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_clear_func (candidates, clear_candidate);

  n = g_list_model_get_n_items (conversations);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) conversation = g_list_model_get_item (conversations, i);
      OcStatus status;
      OcChannel channel;
      OcSentiment sentiment;
      OcAttention attention;
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

      if (oc_conversation_is_waiting (conversation))
        {
          wait = oc_conversation_get_wait_time (conversation, now);
          stats->waiting++;
          if ((guint) channel < G_N_ELEMENTS (stats->waiting_by_channel))
            stats->waiting_by_channel[channel]++;
          stats->longest_wait = MAX (stats->longest_wait, wait);
          if (filter->warning_seconds > 0 && wait >= filter->warning_seconds)
            stats->over_warning++;
          if (filter->critical_seconds > 0 && wait >= filter->critical_seconds)
            stats->over_critical++;
        }

      attention = oc_wallboard_attention_of (filter, conversation, now);
      if (attention != OC_ATTENTION_NONE)
        {
          Candidate candidate = { g_object_ref (conversation), attention, sentiment, wait };

          g_array_append_val (candidates, candidate);
        }
    }

  g_array_sort (candidates, compare_candidates);
  stats->attention_total = candidates->len;
  for (guint i = 0; i < candidates->len && i < filter->max_attention; i++)
    g_ptr_array_add (stats->attention,
                     g_object_ref (g_array_index (candidates, Candidate, i).conversation));

  return stats;
}

void
oc_wallboard_stats_free (OcWallboardStats *stats)
{
  if (stats == NULL)
    return;
  g_clear_pointer (&stats->attention, g_ptr_array_unref);
  g_free (stats);
}

char *
oc_wallboard_format_duration (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d",
                            seconds / 3600, (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}
