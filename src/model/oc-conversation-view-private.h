// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-conversation-view.h"

G_BEGIN_DECLS

/* The parts of OcConversationView, kept apart so they read on their own:
 * the membership test (-filter.c), the faceted counts (-facets.c) and the
 * order (-sort.c). The rows, and what callers set and read, are
 * oc-conversation-view.c's. */

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
  guint     flagged_only;  /* 1: only help flags up */
  OcIdSet   agents;
  gboolean  agent_filter;  /* FALSE: all */
  gboolean  unassigned;
  char     *search;        /* normalized and case-folded, or NULL */
  gboolean  search_ascii;
  /* During a pass over every row (see _oc_view_filter_begin_pass()) */
  GHashTable *agent_matches;  /* agent id (interned) -> whether its name matches, + 1 */
  GHashTable *folded;         /* text -> its folded copy, for texts past ASCII */
} OcViewFilter;

/* Both return TRUE when the filter changed. */
gboolean  _oc_id_set_set             (OcIdSet             *set,
                                      const char * const  *ids);
gboolean  _oc_view_filter_set_search (OcViewFilter        *filter,
                                      const char          *text);
gboolean  _oc_view_filter_matches    (const OcViewFilter  *filter,
                                      OcConversationStore *store,
                                      OcConversation      *conversation);
void      _oc_view_filter_clear      (OcViewFilter        *filter);
gboolean  _oc_id_set_contains        (const OcIdSet       *set,
                                      const char          *id);
/* Between these two, the filter remembers what it worked out about the
 * texts it read (an agent's name, a folded text), which nothing changes
 * meanwhile: a pass over 100,000 rows reads each agent's name once and each
 * text past ASCII is folded once. */
void      _oc_view_filter_begin_pass (OcViewFilter        *filter);
void      _oc_view_filter_end_pass   (OcViewFilter        *filter);
/* Whether @text holds the search (TRUE when there is none). */
gboolean  _oc_view_filter_text_contains (const OcViewFilter *filter,
                                         const char         *text);

/* The filter's tests, one bit each: a row is shown when it passes them all. */
typedef enum
{
  OC_VIEW_TEST_QUEUE   = 1 << OC_FACET_QUEUE,
  OC_VIEW_TEST_CHANNEL = 1 << OC_FACET_CHANNEL,
  OC_VIEW_TEST_STATUS  = 1 << OC_FACET_STATUS,
  OC_VIEW_TEST_AGENT   = 1 << OC_FACET_AGENT,
  OC_VIEW_TEST_SEARCH  = 1 << 4,
} OcViewTest;

#define OC_VIEW_TEST_ALL 0x1fu

/* The tests @conversation passes. The search, the only costly one, is tried
 * only when at most one other test fails: past that the row is neither shown
 * nor counted in any facet, whatever it says. */
guint     _oc_view_filter_test       (const OcViewFilter  *filter,
                                      OcConversationStore *store,
                                      OcConversation      *conversation);

/*
 * Faceted counts: for each facet, how many rows of each value pass every test
 * but that facet's own. Kept per row (the values and tests it was last counted
 * with, since the store changes a row before it tells), so an update costs a
 * lookup and a few increments.
 */
typedef struct _OcFacetRow OcFacetRow;

typedef struct
{
  OcFacetRow *rows;          /* by the conversation's slot; current when of this generation */
  guint       n_rows;        /* allocated */
  GHashTable *queues;        /* queue id (interned) -> count */
  GHashTable *agents;        /* agent id (interned) -> count */
  guint       unassigned;
  guint       channels[32];
  guint       statuses[32];
  guint       generation;
} OcViewFacets;

void      _oc_view_facets_init       (OcViewFacets        *facets);
void      _oc_view_facets_clear      (OcViewFacets        *facets);
/* Counts @conversation as it is now, passing @passed, instead of as before. */
void      _oc_view_facets_update     (OcViewFacets        *facets,
                                      OcConversation      *conversation,
                                      guint                passed);
void      _oc_view_facets_remove     (OcViewFacets        *facets,
                                      OcConversation      *conversation);
/* A recount from scratch: begin, then count every row of the store; the
 * records of rows it dropped without a word are stale from then on. */
void      _oc_view_facets_begin      (OcViewFacets        *facets);
void      _oc_view_facets_count      (OcViewFacets        *facets,
                                      OcConversation      *conversation,
                                      guint                passed);
/* Sizes the records for slots below @n_slots. */
void      _oc_view_facets_reserve    (OcViewFacets        *facets,
                                      guint                n_slots);
guint     _oc_view_facets_get        (const OcViewFacets  *facets,
                                      OcFacet              facet,
                                      const char          *id,
                                      guint                value);

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
 * order of _oc_view_sort_compare(). Returns the rows' slots in the new
 * order when it read them (free with g_free()), else NULL. */
guint32  *_oc_view_sort_rows            (const OcViewSort     *sort,
                                         GPtrArray            *rows);
void      _oc_view_sort_set_func        (OcViewSort           *sort,
                                         OcConversationCompareFunc func,
                                         gpointer             user_data,
                                         GDestroyNotify       destroy);

G_END_DECLS
