// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation-view"

#include "config.h"

#include <string.h>

#include "oc-conversation-view-private.h"
#include "oc-conversation-private.h"

/* What a row was last counted with. */
struct _OcFacetRow
{
  GQuark      queue;       /* 0 for none */
  GQuark      agent;       /* 0 when unassigned */
  guint       generation;
  guint8      channel;
  guint8      status;
  guint8      passed;
};

/* One a conversation slot, in every view: quarks keep it at 16 bytes. */
G_STATIC_ASSERT (sizeof (OcFacetRow) == 16);

#define FACET_TESTS (OC_VIEW_TEST_QUEUE | OC_VIEW_TEST_CHANNEL | \
                     OC_VIEW_TEST_STATUS | OC_VIEW_TEST_AGENT)

void
_oc_view_facets_init (OcViewFacets *facets)
{
  /* 0 marks a record as unused: generations start at 1. */
  facets->generation = 1;
  /* Ids are interned by the conversation, so they outlive the tables. */
  facets->queues = g_hash_table_new (g_str_hash, g_str_equal);
  facets->agents = g_hash_table_new (g_str_hash, g_str_equal);
}

void
_oc_view_facets_clear (OcViewFacets *facets)
{
  g_clear_pointer (&facets->rows, g_free);
  facets->n_rows = 0;
  g_clear_pointer (&facets->queues, g_hash_table_unref);
  g_clear_pointer (&facets->agents, g_hash_table_unref);
}

static void
adjust (GHashTable *counts,
        const char *id,
        int         delta)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, id)) + delta;

  if (count == 0)
    g_hash_table_remove (counts, id);
  else
    g_hash_table_insert (counts, (gpointer) id, GUINT_TO_POINTER (count));
}

/* A row counts in a facet when it fails no test but, perhaps, the facet's own. */
static void
count_row (OcViewFacets     *facets,
           const OcFacetRow *row,
           int               delta)
{
  guint failed = ~row->passed & OC_VIEW_TEST_ALL;

  /* Failing the search or two facets: it counts nowhere (most rows, when
   * filters are set). */
  if ((failed & OC_VIEW_TEST_SEARCH) != 0 || (failed & (failed - 1)) != 0)
    return;

  if ((failed & ~OC_VIEW_TEST_QUEUE) == 0 && row->queue != 0)
    adjust (facets->queues, g_quark_to_string (row->queue), delta);

  if ((failed & ~OC_VIEW_TEST_CHANNEL) == 0 && row->channel < G_N_ELEMENTS (facets->channels))
    facets->channels[row->channel] += delta;

  if ((failed & ~OC_VIEW_TEST_STATUS) == 0 && row->status < G_N_ELEMENTS (facets->statuses))
    facets->statuses[row->status] += delta;

  if ((failed & ~OC_VIEW_TEST_AGENT) == 0)
    {
      if (row->agent == 0)
        facets->unassigned += delta;
      else
        adjust (facets->agents, g_quark_to_string (row->agent), delta);
    }
}

static void
row_init (OcFacetRow     *row,
          OcConversation *conversation,
          guint           passed,
          guint           generation)
{
  GQuark agent = _oc_conversation_get_agent_quark (conversation);
  guint channel = oc_conversation_get_channel (conversation);
  guint status = oc_conversation_get_status (conversation);

  row->queue = _oc_conversation_get_queue_quark (conversation);
  row->agent = agent != 0 && *g_quark_to_string (agent) != '\0' ? agent : 0;
  row->channel = MIN (channel, G_MAXUINT8);
  row->status = MIN (status, G_MAXUINT8);
  row->passed = passed;
  row->generation = generation;
}

static gboolean
row_equal (const OcFacetRow *a,
           const OcFacetRow *b)
{
  return a->queue == b->queue && a->agent == b->agent &&
         a->channel == b->channel && a->status == b->status && a->passed == b->passed;
}

void
_oc_view_facets_reserve (OcViewFacets *facets,
                         guint         n_slots)
{
  if (n_slots <= facets->n_rows)
    return;

  facets->rows = g_renew (OcFacetRow, facets->rows, n_slots);
  memset (facets->rows + facets->n_rows, 0, (n_slots - facets->n_rows) * sizeof (OcFacetRow));
  facets->n_rows = n_slots;
}

/* The record of @conversation, made room for. */
static OcFacetRow *
row_slot (OcViewFacets   *facets,
          OcConversation *conversation)
{
  guint slot = _oc_conversation_get_slot (conversation);

  if (slot >= facets->n_rows)
    _oc_view_facets_reserve (facets, MAX (slot + 1, facets->n_rows + facets->n_rows / 2));
  return &facets->rows[slot];
}

/* The record of @conversation, or NULL when it is not counted. */
static OcFacetRow *
row_lookup (const OcViewFacets *facets,
            OcConversation     *conversation)
{
  guint slot = _oc_conversation_get_slot (conversation);

  if (slot >= facets->n_rows || facets->rows[slot].generation != facets->generation)
    return NULL;
  return &facets->rows[slot];
}

void
_oc_view_facets_update (OcViewFacets   *facets,
                        OcConversation *conversation,
                        guint           passed)
{
  OcFacetRow *row = row_lookup (facets, conversation);
  OcFacetRow now;

  row_init (&now, conversation, passed, facets->generation);

  if (row == NULL)
    row = row_slot (facets, conversation);
  else if (row_equal (row, &now))
    return;
  else
    count_row (facets, row, -1);

  *row = now;
  count_row (facets, row, +1);
}

void
_oc_view_facets_remove (OcViewFacets   *facets,
                        OcConversation *conversation)
{
  OcFacetRow *row = row_lookup (facets, conversation);

  if (row == NULL)
    return;

  count_row (facets, row, -1);
  row->generation = 0;
}

void
_oc_view_facets_begin (OcViewFacets *facets)
{
  g_hash_table_remove_all (facets->queues);
  g_hash_table_remove_all (facets->agents);
  facets->unassigned = 0;
  memset (facets->channels, 0, sizeof facets->channels);
  memset (facets->statuses, 0, sizeof facets->statuses);

  /* Every record goes stale at once; after a wrap none may look current. */
  if (++facets->generation == 0)
    {
      if (facets->rows != NULL)
        memset (facets->rows, 0, facets->n_rows * sizeof (OcFacetRow));
      facets->generation = 1;
    }
}

void
_oc_view_facets_count (OcViewFacets   *facets,
                       OcConversation *conversation,
                       guint           passed)
{
  OcFacetRow *row = row_slot (facets, conversation);

  /* Records are reused: a recount after a filter change allocates nothing. */
  row_init (row, conversation, passed, facets->generation);
  count_row (facets, row, +1);
}

guint
_oc_view_facets_get (const OcViewFacets *facets,
                     OcFacet             facet,
                     const char         *id,
                     guint               value)
{
  switch (facet)
    {
    case OC_FACET_QUEUE:
      return id != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (facets->queues, id)) : 0;
    case OC_FACET_AGENT:
      if (id == NULL || *id == '\0')
        return facets->unassigned;
      return GPOINTER_TO_UINT (g_hash_table_lookup (facets->agents, id));
    case OC_FACET_CHANNEL:
      return value < G_N_ELEMENTS (facets->channels) ? facets->channels[value] : 0;
    case OC_FACET_STATUS:
      return value < G_N_ELEMENTS (facets->statuses) ? facets->statuses[value] : 0;
    default:
      g_return_val_if_reached (0);
    }
}
