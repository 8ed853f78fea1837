#define G_LOG_DOMAIN "oc-conversation-view"

#include "config.h"

#include <string.h>

#include "oc-conversation-store-private.h"
#include "oc-conversation-view-private.h"

/* The view's order. It reads the rows' current fields on every comparison;
 * the view never searches for a changed row with it. */

static inline int
sign (gint64 a,
      gint64 b)
{
  return (a > b) - (a < b);
}

static int
compare_text (const char *a,
              const char *b)
{
  int r;

  /* Case-insensitive on ASCII, then bytewise: locale collation per
   * comparison would cost microseconds on every move. */
  r = g_ascii_strcasecmp (a != NULL ? a : "", b != NULL ? b : "");
  return r != 0 ? r : g_strcmp0 (a, b);
}

static gint64
handle_key (OcConversation *conversation)
{
  gint64 first_assigned_at = oc_conversation_get_first_assigned_at (conversation);

  /* Not handled yet: shortest handle time, so last when ascending. */
  return first_assigned_at != 0 ? first_assigned_at : G_MAXINT64;
}

static int
compare_column (const OcViewSort *sort,
                OcConversation   *a,
                OcConversation   *b)
{
  switch (sort->column)
    {
    case OC_SORT_SUBJECT:
      return compare_text (oc_conversation_get_subject (a), oc_conversation_get_subject (b));
    case OC_SORT_STATUS:
      return sign (oc_conversation_get_status (a), oc_conversation_get_status (b));
    case OC_SORT_AGENT:
      return g_strcmp0 (oc_conversation_get_agent_id (a), oc_conversation_get_agent_id (b));
    case OC_SORT_QUEUE:
      return g_strcmp0 (oc_conversation_get_queue_id (a), oc_conversation_get_queue_id (b));
    case OC_SORT_CHANNEL:
      return sign (oc_conversation_get_channel (a), oc_conversation_get_channel (b));
    case OC_SORT_WAIT:
      return sign (oc_conversation_get_wait_key (a), oc_conversation_get_wait_key (b));
    case OC_SORT_HANDLE:
      return sign (handle_key (a), handle_key (b));
    case OC_SORT_SENTIMENT:
      return sign (oc_conversation_get_sentiment (a), oc_conversation_get_sentiment (b));
    case OC_SORT_CUSTOMER:
      return compare_text (oc_conversation_get_customer_name (a), oc_conversation_get_customer_name (b));
    case OC_SORT_CREATED:
      return sign (oc_conversation_get_created_at (a), oc_conversation_get_created_at (b));
    case OC_SORT_NONE:
    default:
      return _oc_conversation_store_compare_arrival (sort->store, a, b);
    }
}

/* The view's total order: the column (or custom function), then the id. */
int
_oc_view_sort_compare (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  const OcViewSort *sort = user_data;
  OcConversation *ca = (OcConversation *) a;
  OcConversation *cb = (OcConversation *) b;
  int r;

  if (ca == cb)
    return 0;

  if (sort->func != NULL)
    r = sort->func (ca, cb, sort->func_data);
  else
    r = compare_column (sort, ca, cb);

  if (r == 0)
    r = strcmp (oc_conversation_get_id (ca), oc_conversation_get_id (cb));

  r = (r > 0) - (r < 0);
  return sort->descending ? -r : r;
}

int
_oc_view_sort_compare_pointers (gconstpointer a,
                                gconstpointer b,
                                gpointer      user_data)
{
  return _oc_view_sort_compare (*(gpointer const *) a, *(gpointer const *) b, user_data);
}

gboolean
_oc_view_sort_is_arrival (const OcViewSort *sort)
{
  return sort->func == NULL && sort->column == OC_SORT_NONE;
}

void
_oc_view_sort_set_func (OcViewSort                *sort,
                        OcConversationCompareFunc  func,
                        gpointer                   user_data,
                        GDestroyNotify             destroy)
{
  if (sort->func_destroy != NULL)
    sort->func_destroy (sort->func_data);

  sort->func = func;
  sort->func_data = user_data;
  sort->func_destroy = destroy;
}
