#pragma once

#include "oc-conversation-view.h"

G_BEGIN_DECLS

/* The membership test and the order of OcConversationView, kept apart so
 * they read on their own. */

typedef struct
{
  const char **ids;    /* interned, NULL-terminated; NULL when unset */
  guint        n_ids;
  GHashTable  *hash;   /* for large sets only */
} OcIdSet;

typedef struct
{
  OcIdSet   queues;        /* unset: all */
  guint     channel_mask;  /* 0: all */
  guint     status_mask;   /* 0: all */
  OcIdSet   agents;
  gboolean  agent_filter;  /* FALSE: all */
  gboolean  unassigned;
  char     *search;        /* normalized and case-folded, or NULL */
  gboolean  search_ascii;
} OcViewFilter;

/* Both return TRUE when the filter changed. */
gboolean  _oc_id_set_set             (OcIdSet             *set,
                                      const char * const  *ids);
gboolean  _oc_view_filter_set_search (OcViewFilter        *filter,
                                      const char          *text);
gboolean  _oc_id_set_contains        (const OcIdSet       *set,
                                      const char          *id);
gboolean  _oc_view_filter_matches    (const OcViewFilter  *filter,
                                      OcConversationStore *store,
                                      OcConversation      *conversation);
void      _oc_view_filter_clear      (OcViewFilter        *filter);
/* Normalized (NFKC) and case-folded, for matching; NULL on bad UTF-8. */
char     *_oc_fold_text              (const char          *text);

typedef struct
{
  OcConversationStore       *store;   /* for arrival order; unowned */
  OcSortColumn               column;
  gboolean                   descending;
  OcConversationCompareFunc  func;    /* replaces the column when set */
  gpointer                   func_data;
  GDestroyNotify             func_destroy;
} OcViewSort;

/* A total order: the column (or function), then the id; @sort is the
 * OcViewSort. */
int       _oc_view_sort_compare          (gconstpointer        a,
                                          gconstpointer        b,
                                          gpointer             sort);
/* Sorts @rows (OcConversation, in the store's arrival order) into the
 * order of _oc_view_sort_compare(). */
void      _oc_view_sort_rows            (const OcViewSort     *sort,
                                         GPtrArray            *rows);
gboolean  _oc_view_sort_is_arrival      (const OcViewSort     *sort);
void      _oc_view_sort_set_func        (OcViewSort           *sort,
                                         OcConversationCompareFunc func,
                                         gpointer             user_data,
                                         GDestroyNotify       destroy);

G_END_DECLS
