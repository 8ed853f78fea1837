// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation-view"

#include "config.h"

#include <string.h>

#include "oc-conversation-store-private.h"
#include "oc-conversation-view-private.h"
#include "oc-agent.h"
#include "oc-queue.h"

/* The view's order. A changed row's place is found by comparing its current
 * fields with its neighbours' (a few comparisons); a whole sort reads every
 * row's key once (see _oc_view_sort_rows()). */

static inline int
sign (gint64 a,
      gint64 b)
{
  return (a > b) - (a < b);
}

/* Ties go to the id, which makes the order total; then the direction. */
static inline int
settle (const OcViewSort *sort,
        int               r,
        const char       *id_a,
        const char       *id_b)
{
  if (r == 0)
    r = strcmp (id_a, id_b);

  r = (r > 0) - (r < 0);
  return sort->descending ? -r : r;
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

/* What people read in the Agent and Queue columns: the name, or the id of
 * one the store does not know; NULL (unassigned) sorts after every name. */
static const char *
agent_label (OcConversationStore *store,
             const char          *id)
{
  OcAgent *agent = id != NULL ? oc_conversation_store_lookup_agent (store, id) : NULL;

  return agent != NULL ? oc_agent_get_name (agent) : id;
}

static const char *
queue_label (OcConversationStore *store,
             const char          *id)
{
  OcQueue *queue = id != NULL ? oc_conversation_store_lookup_queue (store, id) : NULL;

  return queue != NULL ? oc_queue_get_name (queue) : id;
}

static int
compare_labels (const char *a,
                const char *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  return g_ascii_strcasecmp (a, b);
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
    case OC_SORT_FLAG:
      if (oc_conversation_is_flagged (conversation))
        *key = oc_conversation_get_flag_raised_at (conversation);
      else
        *key = oc_conversation_get_flag_raised_at (conversation) != 0 ? G_MAXINT64 - 1 : G_MAXINT64;
      return TRUE;
    case OC_SORT_WATCHERS:
      *key = oc_conversation_get_n_watchers (conversation);
      return TRUE;
    case OC_SORT_NONE:
    case OC_SORT_SUBJECT:
    case OC_SORT_AGENT:
    case OC_SORT_QUEUE:
    case OC_SORT_CUSTOMER:
    case OC_SORT_AGENT_NAME:
    case OC_SORT_QUEUE_NAME:
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
    case OC_SORT_AGENT_NAME:
      return compare_labels (agent_label (sort->store, oc_conversation_get_agent_id (a)),
                             agent_label (sort->store, oc_conversation_get_agent_id (b)));
    case OC_SORT_QUEUE_NAME:
      return compare_labels (queue_label (sort->store, oc_conversation_get_queue_id (a)),
                             queue_label (sort->store, oc_conversation_get_queue_id (b)));
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

  return settle (sort, r, oc_conversation_get_id (ca), oc_conversation_get_id (cb));
}

static int
compare_pointers (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return _oc_view_sort_compare (*(gpointer const *) a, *(gpointer const *) b, user_data);
}

/*
 * Sorting the whole view. Each row's key is read once into an array, and the
 * sort compares the array, never the objects: a sort of 100,000 rows makes
 * about 1.7 million comparisons, and reading the rows' fields (type checks,
 * store lookups for names) in each cost seconds. The order is exactly
 * _oc_view_sort_compare()'s.
 */

typedef struct
{
  gint64          key;
  const char     *id;
  OcConversation *row;
} KeyedRow;

static int
compare_keyed (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const OcViewSort *sort = user_data;
  const KeyedRow *ka = a;
  const KeyedRow *kb = b;

  return settle (sort, sign (ka->key, kb->key), ka->id, kb->id);
}

static void
sort_keyed (const OcViewSort *sort,
            GPtrArray        *rows,
            KeyedRow         *keyed)
{
  g_qsort_with_data (keyed, rows->len, sizeof (KeyedRow), compare_keyed, (gpointer) sort);
  for (guint i = 0; i < rows->len; i++)
    rows->pdata[i] = keyed[i].row;
}

/* The id columns (agent, queue, by id or by name): only a few hundred
 * distinct ids, interned, so each gets its rank in the column's order once
 * and the rows sort by rank. Ids that compare equal share a rank, leaving the
 * tie to the conversation id as the comparator does. */

typedef struct
{
  const char *id;
  const char *label;
} RankedId;

static const char *
row_id_field (OcSortColumn    column,
              OcConversation *row)
{
  if (column == OC_SORT_AGENT || column == OC_SORT_AGENT_NAME)
    return oc_conversation_get_agent_id (row);
  return oc_conversation_get_queue_id (row);
}

static int
compare_ranked_labels (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  return compare_labels (((const RankedId *) a)->label, ((const RankedId *) b)->label);
}

static int
compare_ranked_ids (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return g_strcmp0 (((const RankedId *) a)->id, ((const RankedId *) b)->id);
}

static gboolean
is_id_column (OcSortColumn column)
{
  return column == OC_SORT_AGENT || column == OC_SORT_QUEUE ||
         column == OC_SORT_AGENT_NAME || column == OC_SORT_QUEUE_NAME;
}

static void
sort_by_id_rank (const OcViewSort *sort,
                 GPtrArray        *rows)
{
  g_autoptr(GHashTable) ranks = g_hash_table_new (NULL, NULL);  /* id -> rank + 1 */
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (RankedId));
  g_autofree KeyedRow *keyed = g_new (KeyedRow, rows->len);
  gboolean by_name = sort->column == OC_SORT_AGENT_NAME || sort->column == OC_SORT_QUEUE_NAME;
  GCompareDataFunc compare = by_name ? compare_ranked_labels : compare_ranked_ids;
  gint64 rank = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const char *id = row_id_field (sort->column, rows->pdata[i]);

      if (!g_hash_table_contains (ranks, id))
        {
          RankedId ranked = { id, id };

          if (sort->column == OC_SORT_AGENT_NAME)
            ranked.label = agent_label (sort->store, id);
          else if (sort->column == OC_SORT_QUEUE_NAME)
            ranked.label = queue_label (sort->store, id);
          g_array_append_val (ids, ranked);
          g_hash_table_insert (ranks, (gpointer) id, NULL);
        }
    }

  g_array_sort_with_data (ids, compare, NULL);
  for (guint i = 0; i < ids->len; i++)
    {
      RankedId *ranked = &g_array_index (ids, RankedId, i);

      if (i > 0 && compare (ranked - 1, ranked, NULL) != 0)
        rank++;
      g_hash_table_insert (ranks, (gpointer) ranked->id, GSIZE_TO_POINTER ((gsize) rank));
    }

  for (guint i = 0; i < rows->len; i++)
    {
      OcConversation *row = rows->pdata[i];

      keyed[i].row = row;
      keyed[i].id = oc_conversation_get_id (row);
      keyed[i].key = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (ranks, row_id_field (sort->column, row)));
    }
  sort_keyed (sort, rows, keyed);
}

/* The text columns: compare_text() is ASCII case-insensitive, then bytewise,
 * which is strcmp() on the ASCII-lowercased string, then on the string. The
 * lowercased copies are made once per sort, into one block, and their first
 * eight bytes, read as a big-endian number, settle most comparisons without
 * touching the strings. */

typedef struct
{
  guint64         prefix;
  const char     *folded;
  const char     *text;
  const char     *id;
  OcConversation *row;
} TextRow;

static int
compare_text_rows (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const OcViewSort *sort = user_data;
  const TextRow *ta = a;
  const TextRow *tb = b;
  int r = (ta->prefix > tb->prefix) - (ta->prefix < tb->prefix);

  if (r == 0)
    r = strcmp (ta->folded, tb->folded);
  if (r == 0)
    r = strcmp (ta->text, tb->text);

  return settle (sort, r, ta->id, tb->id);
}

static void
sort_by_text (const OcViewSort *sort,
              GPtrArray        *rows)
{
  g_autofree TextRow *texts = g_new (TextRow, rows->len);
  g_autofree char *block = NULL;
  gsize size = 0;
  char *out;

  for (guint i = 0; i < rows->len; i++)
    {
      OcConversation *row = rows->pdata[i];
      const char *text = sort->column == OC_SORT_SUBJECT ? oc_conversation_get_subject (row)
                                                         : oc_conversation_get_customer_name (row);

      texts[i].row = row;
      texts[i].id = oc_conversation_get_id (row);
      texts[i].text = text != NULL ? text : "";
      size += strlen (texts[i].text) + 1;
    }

  out = block = g_malloc (MAX (size, 1));
  for (guint i = 0; i < rows->len; i++)
    {
      const char *in = texts[i].text;
      guint64 prefix = 0;
      guint n = 0;

      texts[i].folded = out;
      for (; *in != '\0'; in++, out++)
        {
          *out = g_ascii_tolower (*in);
          if (n < 8)
            prefix |= (guint64) (guchar) *out << (8 * (7 - n++));
        }
      *out++ = '\0';
      texts[i].prefix = prefix;
    }

  g_qsort_with_data (texts, rows->len, sizeof (TextRow), compare_text_rows, (gpointer) sort);
  for (guint i = 0; i < rows->len; i++)
    rows->pdata[i] = texts[i].row;
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

  if (sort->func != NULL || rows->len == 0)
    {
      g_ptr_array_sort_with_data (rows, compare_pointers, (gpointer) sort);
      return;
    }

  if (column_key (sort->column, rows->pdata[0], &key))
    {
      g_autofree KeyedRow *keyed = g_new (KeyedRow, rows->len);

      for (guint i = 0; i < rows->len; i++)
        {
          keyed[i].row = rows->pdata[i];
          keyed[i].id = oc_conversation_get_id (keyed[i].row);
          column_key (sort->column, keyed[i].row, &keyed[i].key);
        }
      sort_keyed (sort, rows, keyed);
      return;
    }

  if (is_id_column (sort->column))
    sort_by_id_rank (sort, rows);
  else if (sort->column == OC_SORT_SUBJECT || sort->column == OC_SORT_CUSTOMER)
    sort_by_text (sort, rows);
  else
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
