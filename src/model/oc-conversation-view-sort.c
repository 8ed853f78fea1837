// SPDX-License-Identifier: GPL-3.0-or-later
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

/* The columns that sort by a number: their key, read once per row when
 * the whole view is sorted. */
static gboolean
column_key (OcSortColumn    column,
            OcConversation *conversation,
            gint64         *key)
{
  switch (column)
    {
    case OC_SORT_STATUS:
      *key = oc_conversation_get_status (conversation);
      return TRUE;
    case OC_SORT_CHANNEL:
      *key = oc_conversation_get_channel (conversation);
      return TRUE;
    case OC_SORT_WAIT:
      *key = oc_conversation_get_wait_key (conversation);
      return TRUE;
    case OC_SORT_HANDLE:
      *key = handle_key (conversation);
      return TRUE;
    case OC_SORT_SENTIMENT:
      *key = oc_conversation_get_sentiment (conversation);
      return TRUE;
    case OC_SORT_CREATED:
      *key = oc_conversation_get_created_at (conversation);
      return TRUE;
    case OC_SORT_NONE:
    case OC_SORT_SUBJECT:
    case OC_SORT_AGENT:
    case OC_SORT_QUEUE:
    case OC_SORT_CUSTOMER:
    default:
      return FALSE;
    }
}

static int
compare_column (const OcViewSort *sort,
                OcConversation   *a,
                OcConversation   *b)
{
  gint64 ka, kb;

  if (column_key (sort->column, a, &ka))
    {
      column_key (sort->column, b, &kb);
      return sign (ka, kb);
    }

  switch (sort->column)
    {
    case OC_SORT_SUBJECT:
      return compare_text (oc_conversation_get_subject (a), oc_conversation_get_subject (b));
    case OC_SORT_AGENT:
      return g_strcmp0 (oc_conversation_get_agent_id (a), oc_conversation_get_agent_id (b));
    case OC_SORT_QUEUE:
      return g_strcmp0 (oc_conversation_get_queue_id (a), oc_conversation_get_queue_id (b));
    case OC_SORT_CUSTOMER:
      return compare_text (oc_conversation_get_customer_name (a), oc_conversation_get_customer_name (b));
    case OC_SORT_NONE:
    default:
      return _oc_conversation_store_compare_arrival (sort->store, a, b);
    }
}

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

static int
compare_pointers (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return _oc_view_sort_compare (*(gpointer const *) a, *(gpointer const *) b, user_data);
}

typedef struct
{
  gint64          key;
  OcConversation *row;
} KeyedRow;

/* The same order as _oc_view_sort_compare() on keys read beforehand: a sort
 * of 100,000 rows then walks an array instead of 100,000 objects. */
static int
compare_keyed (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const OcViewSort *sort = user_data;
  const KeyedRow *ka = a;
  const KeyedRow *kb = b;
  int r = sign (ka->key, kb->key);

  if (r == 0)
    r = strcmp (oc_conversation_get_id (ka->row), oc_conversation_get_id (kb->row));

  r = (r > 0) - (r < 0);
  return sort->descending ? -r : r;
}

static gboolean
is_arrival (const OcViewSort *sort)
{
  return sort->func == NULL && sort->column == OC_SORT_NONE;
}

void
_oc_view_sort_rows (const OcViewSort *sort,
                    GPtrArray        *rows)
{
  gint64 key;

  if (is_arrival (sort))
    {
      /* Already in arrival order: the store iterates in it. */
      if (sort->descending)
        for (guint i = 0, j = rows->len; i + 1 < j; i++, j--)
          {
            gpointer tmp = rows->pdata[i];
            rows->pdata[i] = rows->pdata[j - 1];
            rows->pdata[j - 1] = tmp;
          }
      return;
    }

  if (sort->func == NULL && rows->len > 0 && column_key (sort->column, rows->pdata[0], &key))
    {
      g_autofree KeyedRow *keyed = g_new (KeyedRow, rows->len);

      for (guint i = 0; i < rows->len; i++)
        {
          keyed[i].row = rows->pdata[i];
          column_key (sort->column, keyed[i].row, &keyed[i].key);
        }
      g_qsort_with_data (keyed, rows->len, sizeof (KeyedRow), compare_keyed, (gpointer) sort);
      for (guint i = 0; i < rows->len; i++)
        rows->pdata[i] = keyed[i].row;
      return;
    }

  g_ptr_array_sort_with_data (rows, compare_pointers, (gpointer) sort);
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
