// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation-view"

#include "config.h"

#include <string.h>

#include "oc-conversation-store-private.h"
#include "oc-conversation-view-private.h"
#include "oc-conversation-private.h"
#include "oc-agent.h"
#include "oc-queue.h"

/* The view's order. A changed row's place is found by comparing its current
 * fields with its neighbours' (a few comparisons); a whole sort reads every
 * row's key once (see _oc_view_sort_rows()). */

#ifdef __GNUC__
#define PREFETCH(p) __builtin_prefetch (p)
#else
#define PREFETCH(p) ((void) (p))
#endif

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
 * Sorting the whole view, without comparisons. Each row's place in
 * _oc_view_sort_compare()'s order (ascending) is the place of a byte string
 * of its own among the others': for a column with a number, its key
 * (unsigned, big-endian) then the id; for a text column, the ASCII-lowercased
 * text, a NUL, the text, a NUL, then the id and a NUL. Ids are unique and
 * have no NUL, so no two strings are equal and none, padded with zeros, reads
 * as another.
 * The strings are never made: an MSD radix sort reads them eight bytes at a
 * time ("chunks"), each row's fields once per depth at which it still ties
 * with another, and sorts each depth's chunks with an LSD radix sort on their
 * bytes. Descending is the ascending order reversed, as settle() negates the
 * whole comparison, tie included.
 */

typedef struct
{
  guint64         key;    /* the column's number, ordered as unsigned */
  const char     *text;   /* text columns: the text; else NULL */
  const char     *id;
  gsize           text_len;
  gsize           id_len;
  OcConversation *row;
  guint32         slot;
} SortRow;

/* The first chunks of each row are read when its fields are, in the
 * order the rows are in memory; only rows that tie past them are read again,
 * in the sorted order, which jumps about. */
#define N_EARLY 3

/* What the radix passes move. */
typedef struct
{
  guint64 chunk[N_EARLY];   /* from depth 0 on; the last one past it too */
  guint32 index;            /* into the SortRows */
} SortItem;

/* ASCII upper case to lower case in each byte of @x, at once. */
static inline guint64
fold_chunk (guint64 x)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 seven = G_GUINT64_CONSTANT (0x7f7f7f7f7f7f7f7f);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  guint64 low = x & seven;
  guint64 above_z = low + ones * (0x7f - 'Z');   /* high bit: > 'Z' */
  guint64 from_a = low + ones * (0x80 - 'A');    /* high bit: >= 'A' */
  guint64 upper = ~x & (from_a ^ above_z) & high;

  return x | upper >> 2;
}

/* Eight bytes of @bytes from @offset, big-endian, zeros past @len. */
static inline guint64
bytes_chunk (const char *bytes,
             gsize       len,
             gsize       offset,
             gboolean    fold)
{
  guint64 chunk = 0;

  if (offset + 8 <= len)
    {
      memcpy (&chunk, bytes + offset, 8);
      chunk = GUINT64_FROM_BE (chunk);
    }
  else
    for (guint i = 0; i < 8; i++)
      chunk = chunk << 8 | (offset + i < len ? (guchar) bytes[offset + i] : 0);

  return fold ? fold_chunk (chunk) : chunk;
}

/* The byte at @offset of the row's string. */
static inline guchar
text_byte (const SortRow *r,
           gsize          offset)
{
  guchar c;

  if (offset < r->text_len)
    {
      c = (guchar) r->text[offset];
      return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
  offset -= r->text_len;
  if (offset-- == 0)
    return 0;
  if (offset < r->text_len)
    return (guchar) r->text[offset];
  offset -= r->text_len;
  if (offset-- == 0)
    return 0;
  return offset < r->id_len ? (guchar) r->id[offset] : 0;
}

/* Eight bytes of the row's string from 8 * @depth on. */
static guint64
row_chunk (const SortRow *r,
           gsize          depth)
{
  gsize offset = depth * 8;
  guint64 chunk = 0;

  if (r->text == NULL)
    return depth == 0 ? r->key : bytes_chunk (r->id, r->id_len, offset - 8, FALSE);

  /* Most chunks lie within the lowercased text. */
  if (offset + 8 <= r->text_len)
    return bytes_chunk (r->text, r->text_len, offset, TRUE);
  for (guint i = 0; i < 8; i++)
    chunk = chunk << 8 | text_byte (r, offset + i);
  return chunk;
}

/* How many chunks the row's string has, counting a NUL at its end, so
 * that a string ends in a chunk only where it holds that NUL (which no
 * other string holds there but an equal one): past them it reads as zeros. */
static gsize
row_depth (const SortRow *r)
{
  gsize len = r->text == NULL ? 8 + r->id_len : 2 * r->text_len + 2 + r->id_len;

  return (len + 1 + 7) / 8;
}

#define SWAP_ITEMS(a, b) G_STMT_START { SortItem *swap = (a); (a) = (b); (b) = swap; } G_STMT_END

/* Sorts @items by their chunks, 8 bits a pass, skipping the bytes that all
 * share; @tmp is as long. Stable. */
static void
radix_sort_chunks (SortItem *items,
                   SortItem *tmp,
                   gsize     n,
                   guint     k)
{
  guint64 all_ones = G_MAXUINT64, any_ones = 0;
  guint counts[8][256];
  guint bytes[8], n_bytes = 0;
  SortItem *from = items, *to = tmp;

  /* A short run costs less by insertion than histograms. */
  if (n <= 64)
    {
      for (gsize i = 1; i < n; i++)
        {
          SortItem item = items[i];
          gsize j = i;

          for (; j > 0 && items[j - 1].chunk[k] > item.chunk[k]; j--)
            items[j] = items[j - 1];
          items[j] = item;
        }
      return;
    }

  /* Only the bytes that differ somewhere need counts and a pass. */
  for (gsize i = 0; i < n; i++)
    {
      all_ones &= items[i].chunk[k];
      any_ones |= items[i].chunk[k];
    }
  for (guint b = 0; b < 8; b++)
    if ((((all_ones ^ any_ones) >> (8 * b)) & 0xff) != 0)
      {
        memset (counts[n_bytes], 0, sizeof counts[n_bytes]);
        bytes[n_bytes++] = b;
      }
  for (gsize i = 0; i < n; i++)
    for (guint d = 0; d < n_bytes; d++)
      counts[d][(items[i].chunk[k] >> (8 * bytes[d])) & 0xff]++;

  for (guint d = 0; d < n_bytes; d++)
    {
      guint *count = counts[d];
      guint shift = 8 * bytes[d];
      guint sum = 0;

      for (guint v = 0; v < 256; v++)
        {
          guint c = count[v];
          count[v] = sum;
          sum += c;
        }
      for (gsize i = 0; i < n; i++)
        to[count[(from[i].chunk[k] >> shift) & 0xff]++] = from[i];

      SWAP_ITEMS (from, to);
    }

  if (from != items)
    memcpy (items, from, n * sizeof (SortItem));
}

typedef struct
{
  gsize lo, hi, depth;
} SortGroup;

/* The rows' order (ascending), as indices into @rows. */
static void
radix_sort_rows (const SortRow *rows,
                 SortItem      *items,
                 gsize          n)
{
  g_autofree SortItem *tmp = g_new (SortItem, n);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (SortGroup));
  SortGroup top = { 0, n, 0 };

  for (gsize i = 0; i < n; i++)
    {
      items[i].index = i;
      for (guint k = 0; k < N_EARLY; k++)
        items[i].chunk[k] = row_chunk (&rows[i], k);
    }

  g_array_append_val (stack, top);
  while (stack->len > 0)
    {
      SortGroup g = g_array_index (stack, SortGroup, stack->len - 1);
      gsize n_group = g.hi - g.lo;
      gsize run = g.lo;
      guint k = MIN (g.depth, N_EARLY - 1);

      g_array_set_size (stack, stack->len - 1);

      if (g.depth >= N_EARLY)
        for (gsize i = g.lo; i < g.hi; i++)
          items[i].chunk[k] = row_chunk (&rows[items[i].index], g.depth);
      radix_sort_chunks (items + g.lo, tmp + g.lo, n_group, k);

      /* Runs of one chunk tie so far: on to the next eight bytes. Two
       * strings never end in one run (they would be equal), but a row
       * given twice would: past the end, there is nothing to order. */
      for (gsize i = g.lo + 1; i <= g.hi; i++)
        if (i == g.hi || items[i].chunk[k] != items[run].chunk[k])
          {
            if (i - run > 1 && g.depth + 1 < row_depth (&rows[items[run].index]))
              {
                SortGroup next = { run, i, g.depth + 1 };
                g_array_append_val (stack, next);
              }
            run = i;
          }
    }
}

static guint32 *
sort_by_radix (const OcViewSort *sort,
               GPtrArray        *rows,
               SortRow          *keyed)
{
  g_autofree SortItem *items = g_new (SortItem, rows->len);
  guint n = rows->len;
  guint32 *slots = g_new (guint32, n);

  for (guint i = 0; i < n; i++)
    keyed[i].id_len = strlen (keyed[i].id);

  radix_sort_rows (keyed, items, n);

  for (guint i = 0; i < n; i++)
    {
      guint at = sort->descending ? n - 1 - i : i;

      rows->pdata[at] = keyed[items[i].index].row;
      slots[at] = keyed[items[i].index].slot;
    }
  return slots;
}

/* A signed key as an unsigned one in the same order. */
static inline guint64
unsigned_key (gint64 key)
{
  return (guint64) key ^ G_GUINT64_CONSTANT (0x8000000000000000);
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
key_by_id_rank (const OcViewSort *sort,
                GPtrArray        *rows,
                SortRow          *keyed)
{
  g_autoptr(GHashTable) ranks = g_hash_table_new (NULL, NULL);  /* id -> rank */
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (RankedId));
  gboolean by_name = sort->column == OC_SORT_AGENT_NAME || sort->column == OC_SORT_QUEUE_NAME;
  GCompareDataFunc compare = by_name ? compare_ranked_labels : compare_ranked_ids;
  guint64 rank = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const char *id = row_id_field (sort->column, rows->pdata[i]);

      /* The id field, kept for the second loop. */
      keyed[i].text = id;
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
      keyed[i].key = (guint64) GPOINTER_TO_SIZE (g_hash_table_lookup (ranks, keyed[i].text));
      keyed[i].text = NULL;
    }
}

static gboolean
is_arrival (const OcViewSort *sort)
{
  return sort->func == NULL && sort->column == OC_SORT_NONE;
}

guint32 *
_oc_view_sort_rows (const OcViewSort *sort,
                    GPtrArray        *rows)
{
  g_autofree SortRow *keyed = NULL;
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
      return NULL;
    }

  if (sort->func != NULL || rows->len <= 1)
    {
      g_ptr_array_sort_with_data (rows, compare_pointers, (gpointer) sort);
      return NULL;
    }

  keyed = g_new0 (SortRow, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      /* The rows are far apart in memory: ask for them ahead. */
      if (i + 8 < rows->len)
        PREFETCH (rows->pdata[i + 8]);
      keyed[i].row = rows->pdata[i];
      keyed[i].id = oc_conversation_get_id (keyed[i].row);
      keyed[i].slot = _oc_conversation_get_slot (keyed[i].row);
    }

  if (column_key (sort->column, rows->pdata[0], &key))
    for (guint i = 0; i < rows->len; i++)
      {
        column_key (sort->column, keyed[i].row, &key);
        keyed[i].key = unsigned_key (key);
      }
  else if (is_id_column (sort->column))
    key_by_id_rank (sort, rows, keyed);
  else if (sort->column == OC_SORT_SUBJECT || sort->column == OC_SORT_CUSTOMER)
    for (guint i = 0; i < rows->len; i++)
      {
        const char *text = sort->column == OC_SORT_SUBJECT ? oc_conversation_get_subject (keyed[i].row)
                                                           : oc_conversation_get_customer_name (keyed[i].row);

        keyed[i].text = text != NULL ? text : "";
        keyed[i].text_len = strlen (keyed[i].text);
      }
  else
    {
      g_ptr_array_sort_with_data (rows, compare_pointers, (gpointer) sort);
      return NULL;
    }

  return sort_by_radix (sort, rows, keyed);
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
