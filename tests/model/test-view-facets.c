// SPDX-License-Identifier: GPL-3.0-or-later
/* The view's faceted counts: each filter's per-value counts follow every
 * other filter but not its own, through updates, arrivals, departures,
 * renames, resyncs and filter changes, checked against a count from scratch. */
#include "config.h"

#include <string.h>

#include "oc-conversation-view.h"
#include "store-test-util.h"

#define T0 G_GINT64_CONSTANT (1764000000)
#define HOUR (60 * 60)
#define N_QUEUES 5
#define N_AGENTS 6

static gint64 fake_now = T0;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

static const char * const subjects[] = {
  "Refund for order", "Zoë's parcel", "ÉCOLE login", "billing issue", "refund again", "",
};
static const char * const customers[] = { "Zoë Ødegård", "Amir Haddad", "ann lee", "" };
static const char * const agent_names[] = { "Amina", "Björn", "Chen", "Dmitri", "Élodie", "Farah" };
static const char * const searches[] = { NULL, NULL, "re", "zoë", "AMINA", "élo", "nothing-matches" };

typedef struct
{
  OcConversationStore *store;
  OcConversationView  *view;
  GRand               *rand;
  gint64               revision;
  guint                next_id;

  /* The filters as the test last set them. */
  char                *queues[N_QUEUES + 1];
  guint                channel_mask;
  guint                status_mask;
  char                *agents[N_AGENTS + 1];
  gboolean             agent_filter;
  gboolean             unassigned;
  const char          *search;
} Fixture;

static char *
queue_id (guint i)
{
  return g_strdup_printf ("q-%u", i);
}

static char *
agent_id (guint i)
{
  return g_strdup_printf ("a-%u", i);
}

static void
randomize (Fixture        *f,
           OcConversation *c,
           guint           n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      switch (g_rand_int_range (f->rand, 0, 6))
        {
        case 0:
          oc_conversation_set_status (c, g_rand_int_range (f->rand, OC_STATUS_UNKNOWN, OC_STATUS_CLOSED));
          break;
        case 1:
          oc_conversation_set_channel (c, g_rand_int_range (f->rand, OC_CHANNEL_UNKNOWN, OC_CHANNEL_VOICE + 1));
          break;
        case 2:
          {
            g_autofree char *queue = queue_id (g_rand_int_range (f->rand, 0, N_QUEUES));
            oc_conversation_set_queue_id (c, queue);
          }
          break;
        case 3:
          {
            int a = g_rand_int_range (f->rand, -1, N_AGENTS);
            g_autofree char *agent = a >= 0 ? agent_id (a) : NULL;
            oc_conversation_set_agent_id (c, agent);
          }
          break;
        case 4:
          oc_conversation_set_subject (c, subjects[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (subjects))]);
          break;
        default:
          oc_conversation_set_customer_name (c, customers[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (customers))]);
          break;
        }
    }
}

static OcConversation *
random_conversation (Fixture *f)
{
  g_autofree char *id = g_strdup_printf ("c-%u", f->next_id++);
  OcConversation *c = test_conversation_new (id, OC_STATUS_OPEN, "q-0", NULL,
                                             fake_now - g_rand_int_range (f->rand, 1, 20) * HOUR);

  randomize (f, c, 10);
  return c;
}

static OcSnapshot *
random_snapshot (Fixture *f,
                 guint    n)
{
  OcSnapshot *snapshot = test_snapshot_new (++f->revision);

  for (guint i = 0; i < N_AGENTS; i++)
    {
      g_autofree char *id = agent_id (i);
      OcAgent *agent = oc_agent_new (id);

      oc_agent_set_name (agent, agent_names[i]);
      g_ptr_array_add (snapshot->agents, agent);
    }
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (snapshot->conversations, random_conversation (f));

  return snapshot;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  OcSnapshot *snapshot;

  fake_now = T0;
  f->rand = g_rand_new_with_seed (GPOINTER_TO_UINT (data) + 11);
  f->store = oc_conversation_store_new ();
  oc_conversation_store_set_clock (f->store, fake_clock, NULL);

  snapshot = random_snapshot (f, 300);
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);

  f->view = oc_conversation_view_new (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; f->queues[i]; i++)
    g_free (f->queues[i]);
  for (guint i = 0; f->agents[i]; i++)
    g_free (f->agents[i]);
  g_assert_finalize_object (f->view);
  g_assert_finalize_object (f->store);
  g_rand_free (f->rand);
}

/* The reference, written apart from the view: the four facets and the
 * search, each tested on its own. */

enum { QUEUE, CHANNEL, STATUS, AGENT, SEARCH, N_TESTS };

static gboolean
strv_has (char * const *strv,
          const char   *s)
{
  for (guint i = 0; strv[i] != NULL; i++)
    if (g_strcmp0 (strv[i], s) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *hn = g_utf8_normalize (haystack ? haystack : "", -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *nn = g_utf8_normalize (needle, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *h = g_utf8_casefold (hn, -1);
  g_autofree char *n = g_utf8_casefold (nn, -1);

  return strstr (h, n) != NULL;
}

static gboolean
reference_passes (Fixture        *f,
                  OcConversation *c,
                  guint           test)
{
  const char *agent = oc_conversation_get_agent_id (c);

  switch (test)
    {
    case QUEUE:
      return f->queues[0] == NULL || strv_has (f->queues, oc_conversation_get_queue_id (c));
    case CHANNEL:
      return f->channel_mask == 0 || (f->channel_mask & (1u << oc_conversation_get_channel (c)));
    case STATUS:
      return f->status_mask == 0 || (f->status_mask & (1u << oc_conversation_get_status (c)));
    case AGENT:
      if (!f->agent_filter)
        return TRUE;
      return agent == NULL ? f->unassigned : strv_has (f->agents, agent);
    case SEARCH:
      {
        OcAgent *a = oc_conversation_store_lookup_agent (f->store, agent);

        return f->search == NULL ||
               contains_folded (oc_conversation_get_subject (c), f->search) ||
               contains_folded (oc_conversation_get_customer_name (c), f->search) ||
               (a != NULL && contains_folded (oc_agent_get_name (a), f->search));
      }
    default:
      g_assert_not_reached ();
    }
}

static void
assert_counts (Fixture    *f,
               const char *when)
{
  guint queues[N_QUEUES] = { 0 }, agents[N_AGENTS] = { 0 }, unassigned = 0;
  guint channels[OC_CHANNEL_VOICE + 1] = { 0 }, statuses[OC_STATUS_CLOSED + 1] = { 0 };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));
  guint n_shown = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (f->store), i);
      const char *agent = oc_conversation_get_agent_id (c);
      gboolean passes[N_TESTS];
      guint n_failed = 0;

      for (guint t = 0; t < N_TESTS; t++)
        {
          passes[t] = reference_passes (f, c, t);
          n_failed += !passes[t];
        }
      n_shown += n_failed == 0;

      if (n_failed - !passes[QUEUE] == 0)
        queues[oc_conversation_get_queue_id (c)[2] - '0']++;
      if (n_failed - !passes[CHANNEL] == 0)
        channels[oc_conversation_get_channel (c)]++;
      if (n_failed - !passes[STATUS] == 0)
        statuses[oc_conversation_get_status (c)]++;
      if (n_failed - !passes[AGENT] == 0)
        {
          if (agent == NULL)
            unassigned++;
          else
            agents[agent[2] - '0']++;
        }
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (f->view)) != n_shown)
    g_error ("%s: %u shown, expected %u", when, g_list_model_get_n_items (G_LIST_MODEL (f->view)), n_shown);

  for (guint i = 0; i < N_QUEUES; i++)
    {
      g_autofree char *id = queue_id (i);
      guint got = oc_conversation_view_count_queue (f->view, id);

      if (got != queues[i])
        g_error ("%s: queue %s counts %u, expected %u", when, id, got, queues[i]);
    }
  for (guint i = 0; i < N_AGENTS; i++)
    {
      g_autofree char *id = agent_id (i);
      guint got = oc_conversation_view_count_agent (f->view, id);

      if (got != agents[i])
        g_error ("%s: agent %s counts %u, expected %u", when, id, got, agents[i]);
    }
  if (oc_conversation_view_count_agent (f->view, NULL) != unassigned)
    g_error ("%s: unassigned counts %u, expected %u", when,
             oc_conversation_view_count_agent (f->view, NULL), unassigned);
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (oc_conversation_view_count_channel (f->view, i) != channels[i])
      g_error ("%s: channel %u counts %u, expected %u", when, i,
               oc_conversation_view_count_channel (f->view, i), channels[i]);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (oc_conversation_view_count_status (f->view, i) != statuses[i])
      g_error ("%s: status %u counts %u, expected %u", when, i,
               oc_conversation_view_count_status (f->view, i), statuses[i]);

  /* Values nobody has count nothing. */
  g_assert_cmpuint (oc_conversation_view_count_queue (f->view, "q-none"), ==, 0);
  g_assert_cmpuint (oc_conversation_view_count_agent (f->view, "a-none"), ==, 0);
  g_assert_cmpuint (oc_conversation_view_count_channel (f->view, 31), ==, 0);
  g_assert_cmpuint (oc_conversation_view_count_status (f->view, 1000), ==, 0);
}

/* Sets one filter at random, on the view and in the fixture. */
static void
random_filter (Fixture *f)
{
  switch (g_rand_int_range (f->rand, 0, 5))
    {
    case QUEUE:
      {
        guint n = 0;

        for (guint i = 0; f->queues[i]; i++)
          g_clear_pointer (&f->queues[i], g_free);
        for (guint i = 0; i < N_QUEUES; i++)
          if (g_rand_int_range (f->rand, 0, 3) == 0)
            f->queues[n++] = queue_id (i);
        oc_conversation_view_set_queue_filter (f->view, (const char * const *) f->queues);
      }
      break;
    case CHANNEL:
      f->channel_mask = g_rand_int_range (f->rand, 0, 16) & ~1u;
      oc_conversation_view_set_channel_filter (f->view, f->channel_mask);
      break;
    case STATUS:
      f->status_mask = g_rand_int_range (f->rand, 0, 64) & (g_rand_boolean (f->rand) ? ~0u : 0u);
      oc_conversation_view_set_status_filter (f->view, f->status_mask);
      break;
    case AGENT:
      {
        guint n = 0;

        for (guint i = 0; f->agents[i]; i++)
          g_clear_pointer (&f->agents[i], g_free);
        f->unassigned = g_rand_boolean (f->rand);
        for (guint i = 0; i < N_AGENTS; i++)
          if (g_rand_int_range (f->rand, 0, 3) == 0)
            f->agents[n++] = agent_id (i);
        f->agent_filter = n > 0 || f->unassigned;
        oc_conversation_view_set_agent_filter (f->view, n > 0 ? (const char * const *) f->agents : NULL,
                                               f->unassigned);
      }
      break;
    default:
      f->search = searches[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (searches))];
      oc_conversation_view_set_search_text (f->view, f->search);
      break;
    }
}

static void
random_events (Fixture *f)
{
  GPtrArray *events = g_ptr_array_new ();
  guint n_events = g_rand_int_range (f->rand, 1, 9);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));

  for (guint i = 0; i < n_events; i++)
    {
      int what = g_rand_int_range (f->rand, 0, 100);
      g_autoptr(OcConversation) c = NULL;

      if (n > 0)
        c = g_list_model_get_item (G_LIST_MODEL (f->store), g_rand_int_range (f->rand, 0, n));

      if (what < 10 || c == NULL)
        g_ptr_array_add (events, test_event_upsert (++f->revision, random_conversation (f)));
      else if (what < 14)
        g_ptr_array_add (events, test_event_removed (++f->revision, oc_conversation_get_id (c), "closed"));
      else if (what < 16)
        {
          g_autofree char *id = agent_id (g_rand_int_range (f->rand, 0, N_AGENTS));
          OcAgent *agent = oc_agent_new (id);

          oc_agent_set_name (agent, agent_names[g_rand_int_range (f->rand, 0, N_AGENTS)]);
          g_ptr_array_add (events, test_event_agent (++f->revision, agent));
        }
      else
        {
          OcConversation *copy = test_conversation_copy (c);

          randomize (f, copy, g_rand_int_range (f->rand, 1, 4));
          /* A departure that changes the row on its way out. */
          if (what < 20)
            oc_conversation_set_status (copy, OC_STATUS_CLOSED);
          g_ptr_array_add (events, test_event_upsert (++f->revision, copy));
        }
    }

  test_apply (f->store, events);
}

static void
test_random (Fixture       *f,
             gconstpointer  data)
{
  for (guint round = 1; round <= 2000; round++)
    {
      g_autofree char *when = NULL;

      random_events (f);
      if (g_rand_int_range (f->rand, 0, 10) == 0)
        random_filter (f);

      if (round == 1000)
        {
          /* A resync: some rows kept (changed), the rest new. */
          OcSnapshot *snapshot = random_snapshot (f, 100);
          guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));

          for (guint i = 0; i < n; i += 2)
            {
              g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (f->store), i);
              OcConversation *copy = test_conversation_copy (c);

              randomize (f, copy, 1);
              g_ptr_array_add (snapshot->conversations, copy);
            }
          oc_conversation_store_load_snapshot (f->store, snapshot);
          test_snapshot_free (snapshot);
        }

      if (round % 400 == 0)
        {
          /* Old rows expire. */
          fake_now += 6 * HOUR;
          oc_conversation_store_expire (f->store);
        }

      when = g_strdup_printf ("round %u", round);
      if (round % 5 == 0)
        assert_counts (f, when);
    }
}

/* Channel voice is checked: the queue counts are voice rows only, while the
 * channel counts still show chat and messaging to add. */
static void
test_own_selection (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const queues[] = { "q-1", NULL };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));
  guint voice_q1 = 0, chat_q1 = 0, q1 = 0, voice = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (f->store), i);
      gboolean in_q1 = g_strcmp0 (oc_conversation_get_queue_id (c), "q-1") == 0;
      OcChannel channel = oc_conversation_get_channel (c);

      q1 += in_q1;
      voice += channel == OC_CHANNEL_VOICE;
      voice_q1 += in_q1 && channel == OC_CHANNEL_VOICE;
      chat_q1 += in_q1 && channel == OC_CHANNEL_CHAT;
    }
  g_assert_cmpuint (voice_q1, >, 0);
  g_assert_cmpuint (chat_q1, >, 0);
  g_assert_cmpuint (voice_q1, <, q1);

  /* No filter: every row counts everywhere. */
  g_assert_cmpuint (oc_conversation_view_count_queue (f->view, "q-1"), ==, q1);
  g_assert_cmpuint (oc_conversation_view_count_channel (f->view, OC_CHANNEL_VOICE), ==, voice);

  oc_conversation_view_set_channel_filter (f->view, 1u << OC_CHANNEL_VOICE);
  g_assert_cmpuint (oc_conversation_view_count_queue (f->view, "q-1"), ==, voice_q1);
  g_assert_cmpuint (oc_conversation_view_count_channel (f->view, OC_CHANNEL_VOICE), ==, voice);

  oc_conversation_view_set_queue_filter (f->view, queues);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, voice_q1);
  g_assert_cmpuint (oc_conversation_view_count_queue (f->view, "q-1"), ==, voice_q1);
  g_assert_cmpuint (oc_conversation_view_count_channel (f->view, OC_CHANNEL_VOICE), ==, voice_q1);
  g_assert_cmpuint (oc_conversation_view_count_channel (f->view, OC_CHANNEL_CHAT), ==, chat_q1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) g_test_add (path, Fixture, GUINT_TO_POINTER (data), fixture_set_up, func, fixture_tear_down)
  ADD ("/view/facets/own-selection", test_own_selection, 0);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *path = g_strdup_printf ("/view/facets/random/%u", i);
      ADD (path, test_random, i + 1);
    }
#undef ADD

  return g_test_run ();
}
