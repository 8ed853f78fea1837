// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "oc-agent-view.h"
#include "oc-conversation-private.h"
#include "store-test-util.h"

/* OcAgentView: after any run of agent and conversation changes, its rows
 * and each agent's figures equal what a computation from scratch gives. */

#define NOW G_GINT64_CONSTANT (1764000000)
#define N_AGENTS 30
#define N_QUEUES 4

static const char * const names[] = {
  "Zoë Ødegård", "amina haddad", "Björn Nowak", "Chen Okafor", "Élodie García",
  "Farah Kowalski", "أمينة الحسن", "Ivan Müller", "zoe smith", "Quentin Rossi",
};

typedef struct {
  OcConversationStore *store;
  OcAgentView         *view;
  ChangeRecorder       recorder;
  GRand               *rand;
  gint64               revision;
  guint                next_id;
  GPtrArray           *live;     /* char * ids of conversations sent and not removed */
} Fixture;

static gint64
fixed_clock (gpointer user_data)
{
  return NOW;
}

static OcAgent *
random_agent (Fixture *f,
              guint    index)
{
  g_autofree char *id = g_strdup_printf ("a-%02u", index);
  OcAgent *agent = oc_agent_new (id);
  const char *queues[N_QUEUES + 1] = { NULL };
  const char *skills[] = { "billing", "spanish", "voice", NULL };
  guint levels[] = { 3, 5, 7 };
  guint n = 0;

  oc_agent_set_name (agent, names[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (names))]);
  oc_agent_set_presence (agent, g_rand_int_range (f->rand, OC_PRESENCE_UNKNOWN, OC_PRESENCE_OFFLINE + 1));
  oc_agent_set_presence_since (agent, NOW - g_rand_int_range (f->rand, 0, 4) * 60);
  oc_agent_set_capacity_total (agent, g_rand_int_range (f->rand, 0, 5));
  oc_agent_set_capacity_used (agent, g_rand_int_range (f->rand, 0, 5));
  for (guint q = 0; q < N_QUEUES; q++)
    if (g_rand_boolean (f->rand))
      queues[n++] = g_intern_string (q == 0 ? "q-00" : q == 1 ? "q-01" : q == 2 ? "q-02" : "q-03");
  oc_agent_set_queue_ids (agent, queues);
  skills[g_rand_int_range (f->rand, 0, 4)] = NULL;
  oc_agent_set_skills (agent, skills, levels);
  return agent;
}

static void
randomize_conversation (Fixture        *f,
                        OcConversation *c)
{
  static const OcStatus statuses[] = { OC_STATUS_OPEN, OC_STATUS_ACTIVE, OC_STATUS_WAITING, OC_STATUS_WRAP_UP };
  g_autofree char *agent_id = g_strdup_printf ("a-%02d", g_rand_int_range (f->rand, 0, N_AGENTS + 3));

  oc_conversation_set_status (c, statuses[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (statuses))]);
  oc_conversation_set_channel (c, g_rand_int_range (f->rand, OC_CHANNEL_UNKNOWN, OC_CHANNEL_VOICE + 1));
  /* Some agents the store does not know (a-30 …), and some unassigned. */
  oc_conversation_set_agent_id (c, g_rand_int_range (f->rand, 0, 5) == 0 ? NULL : agent_id);
  oc_conversation_set_first_assigned_at (c, g_rand_int_range (f->rand, 0, 3) == 0
                                              ? 0 : NOW - g_rand_int_range (f->rand, 1, 5) * 100);
}

static OcConversation *
new_conversation (Fixture *f)
{
  g_autofree char *id = g_strdup_printf ("c-%05u", f->next_id++);
  OcConversation *c = test_conversation_new (id, OC_STATUS_OPEN, "q-00", NULL, NOW - 60);

  randomize_conversation (f, c);
  g_ptr_array_add (f->live, g_strdup (id));
  return c;
}

static OcSnapshot *
random_snapshot (Fixture *f,
                 guint    n_agents,
                 guint    n_conversations)
{
  OcSnapshot *snapshot = test_snapshot_new (++f->revision);

  snapshot->server_time = NOW;
  test_snapshot_add_queues (snapshot, N_QUEUES);
  for (guint i = 0; i < n_agents; i++)
    g_ptr_array_add (snapshot->agents, random_agent (f, i));
  g_ptr_array_set_size (f->live, 0);
  for (guint i = 0; i < n_conversations; i++)
    g_ptr_array_add (snapshot->conversations, new_conversation (f));
  return snapshot;
}

/* From scratch: what each agent holds. */
static void
scratch_figures (Fixture  *f,
                 OcAgent  *agent,
                 guint    *n_held,
                 guint     n_on[4],
                 gint64   *oldest)
{
  GListModel *model = G_LIST_MODEL (f->store);
  guint n = g_list_model_get_n_items (model);

  *n_held = 0;
  *oldest = 0;
  memset (n_on, 0, 4 * sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (model, i);
      OcStatus status = oc_conversation_get_status (c);
      gint64 assigned = oc_conversation_get_first_assigned_at (c);

      if (g_strcmp0 (oc_conversation_get_agent_id (c), oc_agent_get_id (agent)) != 0 ||
          (status != OC_STATUS_ACTIVE && status != OC_STATUS_WAITING && status != OC_STATUS_WRAP_UP))
        continue;
      (*n_held)++;
      n_on[oc_conversation_get_channel (c)]++;
      if (assigned > 0 && (*oldest == 0 || assigned < *oldest))
        *oldest = assigned;
    }
}

typedef struct {
  const char * const *queues;
  guint               presence_mask;
  const char         *search;       /* already folded: the test's names are simple */
  OcAgentSortColumn   column;
  gboolean            descending;
  Fixture            *f;
} Spec;

static gboolean
spec_matches (const Spec *spec,
              OcAgent    *agent)
{
  g_autofree char *folded = g_utf8_casefold (oc_agent_get_name (agent), -1);
  gboolean serves = spec->queues == NULL;

  for (guint i = 0; spec->queues != NULL && spec->queues[i] != NULL; i++)
    serves |= oc_agent_serves_queue (agent, spec->queues[i]);

  return serves &&
         (spec->presence_mask == 0 || (spec->presence_mask & OC_PRESENCE_BIT (oc_agent_get_presence (agent))) != 0) &&
         (spec->search == NULL || strstr (folded, spec->search) != NULL);
}

static gint64
spec_key (const Spec  *spec,
          OcAgentLoad *load,
          gint64      *second)
{
  OcAgent *agent = oc_agent_load_get_agent (load);
  gint64 oldest;

  *second = 0;
  switch (spec->column)
    {
    case OC_AGENT_SORT_PRESENCE:
      *second = oc_agent_get_presence_since (agent);
      return oc_agent_get_presence (agent);
    case OC_AGENT_SORT_CAPACITY:
      *second = oc_agent_get_capacity_total (agent);
      return oc_agent_get_capacity_used (agent);
    case OC_AGENT_SORT_HELD:
      return oc_agent_load_get_n_held (load);
    case OC_AGENT_SORT_HANDLE:
      /* None sorts after any. */
      oldest = oc_agent_load_get_oldest_assigned_at (load);
      return oldest == 0 ? G_MAXINT64 : oldest;
    case OC_AGENT_SORT_QUEUES:
      return g_strv_length ((char **) oc_agent_get_queue_ids (agent));
    case OC_AGENT_SORT_SKILLS:
      return g_strv_length ((char **) oc_agent_get_skills (agent));
    case OC_AGENT_SORT_NAME:
    default:
      return 0;
    }
}

static int
spec_compare (gconstpointer pa,
              gconstpointer pb,
              gpointer      user_data)
{
  const Spec *spec = user_data;
  OcAgentLoad *a = *(OcAgentLoad **) pa, *b = *(OcAgentLoad **) pb;
  gint64 a2, b2, a1 = spec_key (spec, a, &a2), b1 = spec_key (spec, b, &b2);
  int by_name = g_utf8_collate (oc_agent_get_name (oc_agent_load_get_agent (a)),
                                oc_agent_get_name (oc_agent_load_get_agent (b)));
  int r = a1 != b1 ? (a1 < b1 ? -1 : 1) : a2 != b2 ? (a2 < b2 ? -1 : 1) : 0;

  if (spec->column == OC_AGENT_SORT_NAME)
    r = by_name;
  /* Handle: "none" stays last both ways. */
  if (spec->column == OC_AGENT_SORT_HANDLE && (a1 == G_MAXINT64) != (b1 == G_MAXINT64))
    return a1 == G_MAXINT64 ? 1 : -1;
  if (r != 0)
    return spec->descending ? -r : r;
  if (by_name != 0)
    return by_name;
  return strcmp (oc_agent_get_id (oc_agent_load_get_agent (a)), oc_agent_get_id (oc_agent_load_get_agent (b)));
}

static void
assert_view (Fixture    *f,
             const Spec *spec)
{
  GListModel *agents = oc_conversation_store_get_agents (f->store);
  guint n = g_list_model_get_n_items (agents);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  guint counts[OC_PRESENCE_OFFLINE + 1] = { 0 };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (agents, i);
      OcAgentLoad *load = oc_agent_view_lookup (f->view, oc_agent_get_id (agent));
      guint n_held, n_on[4];
      gint64 oldest;

      g_assert_nonnull (load);
      g_assert_true (oc_agent_load_get_agent (load) == agent);
      scratch_figures (f, agent, &n_held, n_on, &oldest);
      g_assert_cmpuint (oc_agent_load_get_n_held (load), ==, n_held);
      for (OcChannel c = OC_CHANNEL_CHAT; c <= OC_CHANNEL_VOICE; c++)
        g_assert_cmpuint (oc_agent_load_get_n_held_on (load, c), ==, n_on[c]);
      g_assert_cmpint (oc_agent_load_get_oldest_assigned_at (load), ==, oldest);
      g_assert_cmpint (oc_agent_load_get_longest_handle (load, NOW), ==, oldest ? NOW - oldest : 0);
      counts[oc_agent_get_presence (agent)]++;

      if (spec_matches (spec, agent))
        g_ptr_array_add (expected, load);
    }
  g_ptr_array_sort_with_data (expected, spec_compare, (gpointer) spec);

  for (OcPresence p = OC_PRESENCE_UNKNOWN; p <= OC_PRESENCE_OFFLINE; p++)
    g_assert_cmpuint (oc_agent_view_count_presence (f->view, p), ==, counts[p]);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(OcAgentLoad) row = g_list_model_get_item (G_LIST_MODEL (f->view), i);

      g_assert_true (row == g_ptr_array_index (expected, i));
      g_assert_cmpuint (oc_agent_view_get_position (f->view, row), ==, i);
    }
  change_recorder_assert_shadow (&f->recorder);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OcSnapshot) snapshot = NULL;

  f->rand = g_rand_new_with_seed (GPOINTER_TO_UINT (data) + 1);
  f->live = g_ptr_array_new_with_free_func (g_free);
  f->store = oc_conversation_store_new ();
  oc_conversation_store_set_clock (f->store, fixed_clock, NULL);
  snapshot = random_snapshot (f, N_AGENTS, 120);
  oc_conversation_store_load_snapshot (f->store, snapshot);
  f->view = oc_agent_view_new (f->store);
  change_recorder_init (&f->recorder, G_LIST_MODEL (f->view));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  change_recorder_clear (&f->recorder);
  g_clear_object (&f->view);
  g_clear_object (&f->store);
  g_ptr_array_unref (f->live);
  g_rand_free (f->rand);
}

static void
random_round (Fixture *f)
{
  GPtrArray *events = g_ptr_array_new ();  /* test_apply takes it */
  guint n = g_rand_int_range (f->rand, 1, 8);

  for (guint i = 0; i < n; i++)
    {
      guint what = g_rand_int_range (f->rand, 0, 10);

      if (what < 3)
        {
          /* An agent changes (or a new one comes). */
          g_autoptr(OcAgent) agent = random_agent (f, g_rand_int_range (f->rand, 0, N_AGENTS + 3));

          g_ptr_array_add (events, test_event_agent (++f->revision, g_steal_pointer (&agent)));
        }
      else if (what < 5 || f->live->len == 0)
        {
          g_autoptr(OcConversation) c = new_conversation (f);

          g_ptr_array_add (events, test_event_upsert (++f->revision, g_steal_pointer (&c)));
        }
      else if (what < 9)
        {
          const char *id = g_ptr_array_index (f->live, g_rand_int_range (f->rand, 0, f->live->len));
          OcConversation *existing = oc_conversation_store_lookup (f->store, id);
          g_autoptr(OcConversation) c = existing != NULL ? test_conversation_copy (existing)
                                                         : test_conversation_new (id, OC_STATUS_OPEN, "q-00", NULL, NOW - 60);

          randomize_conversation (f, c);
          g_ptr_array_add (events, test_event_upsert (++f->revision, g_steal_pointer (&c)));
        }
      else
        {
          guint k = g_rand_int_range (f->rand, 0, f->live->len);
          const char *id = g_ptr_array_index (f->live, k);

          g_ptr_array_add (events, test_event_removed (++f->revision, id, "closed"));
          g_ptr_array_remove_index_fast (f->live, k);
        }
    }
  test_apply (f->store, events);
}

static void
test_random (Fixture       *f,
             gconstpointer  data)
{
  static const char * const some_queues[] = { "q-01", "q-03", NULL };
  Spec spec = { NULL, 0, NULL, OC_AGENT_SORT_NAME, FALSE, f };

  assert_view (f, &spec);
  for (guint round = 0; round < 300; round++)
    {
      random_round (f);
      assert_view (f, &spec);

      if (round % 25 == 12)
        {
          spec.column = g_rand_int_range (f->rand, OC_AGENT_SORT_NAME, OC_AGENT_SORT_SKILLS + 1);
          spec.descending = g_rand_boolean (f->rand);
          oc_agent_view_set_sort (f->view, spec.column, spec.descending);
          assert_view (f, &spec);
        }
      if (round % 40 == 20)
        {
          spec.queues = g_rand_boolean (f->rand) ? some_queues : NULL;
          spec.presence_mask = g_rand_boolean (f->rand)
                                 ? OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) | OC_PRESENCE_BIT (OC_PRESENCE_BUSY) : 0;
          spec.search = g_rand_int_range (f->rand, 0, 3) == 0 ? "zo" : NULL;
          oc_agent_view_set_queue_filter (f->view, spec.queues);
          oc_agent_view_set_presence_filter (f->view, spec.presence_mask);
          oc_agent_view_set_search_text (f->view, spec.search ? "ZO" : "  ");
          assert_view (f, &spec);
        }
      if (round % 100 == 99)
        {
          /* A reload: fewer agents, a new floor. */
          g_autoptr(OcSnapshot) snapshot = random_snapshot (f, N_AGENTS - 5, 80);

          oc_conversation_store_load_snapshot (f->store, snapshot);
          assert_view (f, &spec);
        }
    }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* A figure that moves notifies, so a bound cell follows; and a change of
 * load moves only that agent's row. */
static void
test_live_figures (Fixture       *f,
                   gconstpointer  data)
{
  GPtrArray *events = g_ptr_array_new ();  /* test_apply takes it */
  g_autoptr(OcConversation) c = test_conversation_new ("c-live", OC_STATUS_ACTIVE, "q-00", "a-03", NOW - 60);
  OcAgentLoad *load = oc_agent_view_lookup (f->view, "a-03");
  guint before = oc_agent_load_get_n_held (load);
  guint notified = 0;

  oc_agent_view_set_sort (f->view, OC_AGENT_SORT_HELD, TRUE);
  g_signal_connect (load, "notify::n-held", G_CALLBACK (count_notify), &notified);
  oc_conversation_set_first_assigned_at (c, NOW - 30);
  g_ptr_array_add (events, test_event_upsert (++f->revision, g_steal_pointer (&c)));
  change_recorder_reset (&f->recorder);
  test_apply (f->store, events);

  g_assert_cmpuint (oc_agent_load_get_n_held (load), ==, before + 1);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (oc_agent_load_get_n_held_on (load, OC_CHANNEL_CHAT), >=, 1);
  g_assert_cmpint (oc_agent_load_get_longest_handle (load, NOW), >=, 30);
  /* At most out and in. */
  g_assert_cmpuint (f->recorder.changes->len, <=, 2);
}

/* The figures of @agent_id as the panel reads them; no load at all is
 * nothing held. */
static void
assert_figures (Fixture    *f,
                const char *agent_id,
                guint       n_held,
                guint       n_chat,
                guint       n_voice,
                gint64      oldest)
{
  OcAgentLoad *load = oc_agent_view_lookup (f->view, agent_id);

  if (n_held == 0 && load == NULL)
    return;
  g_assert_nonnull (load);
  g_assert_cmpuint (oc_agent_load_get_n_held (load), ==, n_held);
  g_assert_cmpuint (oc_agent_load_get_n_held_on (load, OC_CHANNEL_CHAT), ==, n_chat);
  g_assert_cmpuint (oc_agent_load_get_n_held_on (load, OC_CHANNEL_VOICE), ==, n_voice);
  g_assert_cmpint (oc_agent_load_get_oldest_assigned_at (load), ==, oldest);
}

static OcConversation *
held_conversation (const char *id,
                   OcStatus    status,
                   const char *agent_id,
                   OcChannel   channel,
                   gint64      assigned)
{
  OcConversation *c = test_conversation_new (id, status, "q-00", agent_id, NOW - 600);

  oc_conversation_set_channel (c, channel);
  oc_conversation_set_first_assigned_at (c, assigned);
  return c;
}

/* Sends @c (taken) as an upsert. */
static void
upsert (Fixture        *f,
        OcConversation *c)
{
  GPtrArray *events = g_ptr_array_new ();  /* test_apply takes it */

  g_ptr_array_add (events, test_event_upsert (++f->revision, c));
  test_apply (f->store, events);
}

static void
remove_conversation (Fixture    *f,
                     const char *id)
{
  GPtrArray *events = g_ptr_array_new ();  /* test_apply takes it */

  g_ptr_array_add (events, test_event_removed (++f->revision, id, "closed"));
  test_apply (f->store, events);
}

/* A floor of @n_agents agents (a-00 …) and no conversation. */
static void
empty_floor (Fixture *f,
             guint    n_agents)
{
  g_autoptr(OcSnapshot) snapshot = random_snapshot (f, n_agents, 0);

  oc_conversation_store_load_snapshot (f->store, snapshot);
}

/* The index keeps no reference on a conversation and finds it by its
 * slot: once one leaves and is finalized, the next to take its slot starts
 * from nothing, not from what the one before was counted as. */
static void
test_slot_reused (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) spare = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *reuser = NULL;
  OcConversation *gone;
  guint slot;
  Spec spec = { NULL, 0, NULL, OC_AGENT_SORT_HANDLE, FALSE, f };

  empty_floor (f, 4);
  oc_agent_view_set_sort (f->view, OC_AGENT_SORT_HANDLE, FALSE);
  upsert (f, held_conversation ("c-old", OC_STATUS_ACTIVE, "a-01", OC_CHANNEL_VOICE, NOW - 900));
  upsert (f, held_conversation ("c-other", OC_STATUS_WAITING, "a-01", OC_CHANNEL_CHAT, NOW - 100));
  assert_figures (f, "a-01", 2, 1, 1, NOW - 900);

  gone = oc_conversation_store_lookup (f->store, "c-old");
  slot = _oc_conversation_get_slot (gone);
  g_object_add_weak_pointer (G_OBJECT (gone), (gpointer *) &gone);
  remove_conversation (f, "c-old");
  g_assert_null (gone);
  assert_figures (f, "a-01", 1, 1, 0, NOW - 100);
  assert_view (f, &spec);

  /* The smallest free slot goes first: take them until the old one. */
  for (guint i = 0; reuser == NULL; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-new-%u", i);
      OcConversation *c = held_conversation (id, OC_STATUS_WRAP_UP, "a-02", OC_CHANNEL_CHAT, NOW - 300);

      g_assert_cmpuint (i, <, 100000);
      if (_oc_conversation_get_slot (c) != slot)
        {
          g_ptr_array_add (spare, c);
          continue;
        }
      reuser = g_steal_pointer (&id);
      upsert (f, c);
    }
  g_assert_cmpuint (_oc_conversation_get_slot (oc_conversation_store_lookup (f->store, reuser)), ==, slot);
  assert_figures (f, "a-01", 1, 1, 0, NOW - 100);
  assert_figures (f, "a-02", 1, 1, 0, NOW - 300);
  assert_view (f, &spec);

  /* It changes and leaves without touching the agent of the one before. */
  upsert (f, held_conversation (reuser, OC_STATUS_ACTIVE, "a-02", OC_CHANNEL_VOICE, NOW - 50));
  assert_figures (f, "a-01", 1, 1, 0, NOW - 100);
  assert_figures (f, "a-02", 1, 0, 1, NOW - 50);
  assert_view (f, &spec);
  remove_conversation (f, reuser);
  assert_figures (f, "a-01", 1, 1, 0, NOW - 100);
  assert_figures (f, "a-02", 0, 0, 0, 0);
  assert_view (f, &spec);
}

/* A conversation moving between agents, changing channel and start, and
 * leaving their hold: both agents follow, each notified once a change,
 * and an agent the store does not know has a load only while holding. */
static void
test_moves (Fixture       *f,
            gconstpointer  data)
{
  Spec spec = { NULL, 0, NULL, OC_AGENT_SORT_HELD, TRUE, f };
  OcAgentLoad *a1, *a2;
  guint n1 = 0, n2 = 0, oldest1 = 0;

  empty_floor (f, 4);
  oc_agent_view_set_sort (f->view, OC_AGENT_SORT_HELD, TRUE);
  a1 = oc_agent_view_lookup (f->view, "a-01");
  a2 = oc_agent_view_lookup (f->view, "a-02");
  g_signal_connect (a1, "notify::n-held", G_CALLBACK (count_notify), &n1);
  g_signal_connect (a2, "notify::n-held", G_CALLBACK (count_notify), &n2);
  g_signal_connect (a1, "notify::oldest-assigned-at", G_CALLBACK (count_notify), &oldest1);

  upsert (f, held_conversation ("c-1", OC_STATUS_ACTIVE, "a-01", OC_CHANNEL_CHAT, NOW - 500));
  upsert (f, held_conversation ("c-2", OC_STATUS_ACTIVE, "a-01", OC_CHANNEL_CHAT, NOW - 200));
  assert_figures (f, "a-01", 2, 2, 0, NOW - 500);
  g_assert_cmpuint (n1, ==, 2);
  g_assert_cmpuint (oldest1, ==, 1);

  /* Same agent, another channel and a later start: counts stay. */
  upsert (f, held_conversation ("c-1", OC_STATUS_WAITING, "a-01", OC_CHANNEL_VOICE, NOW - 100));
  assert_figures (f, "a-01", 2, 1, 1, NOW - 200);
  g_assert_cmpuint (n1, ==, 2);
  g_assert_cmpuint (oldest1, ==, 2);
  assert_view (f, &spec);

  /* To another agent. */
  upsert (f, held_conversation ("c-2", OC_STATUS_ACTIVE, "a-02", OC_CHANNEL_CHAT, NOW - 200));
  assert_figures (f, "a-01", 1, 0, 1, NOW - 100);
  assert_figures (f, "a-02", 1, 1, 0, NOW - 200);
  g_assert_cmpuint (n1, ==, 3);
  g_assert_cmpuint (n2, ==, 1);
  assert_view (f, &spec);

  /* No longer held: open again, then assigned to nobody. */
  upsert (f, held_conversation ("c-1", OC_STATUS_OPEN, "a-01", OC_CHANNEL_VOICE, NOW - 100));
  assert_figures (f, "a-01", 0, 0, 0, 0);
  upsert (f, held_conversation ("c-1", OC_STATUS_ACTIVE, NULL, OC_CHANNEL_VOICE, NOW - 100));
  assert_figures (f, "a-01", 0, 0, 0, 0);
  g_assert_cmpuint (n1, ==, 4);
  assert_view (f, &spec);

  /* An agent the store does not know: a load while it holds, none after. */
  upsert (f, held_conversation ("c-1", OC_STATUS_ACTIVE, "a-99", OC_CHANNEL_CHAT, 0));
  assert_figures (f, "a-99", 1, 1, 0, 0);
  g_assert_null (oc_agent_load_get_agent (oc_agent_view_lookup (f->view, "a-99")));
  upsert (f, held_conversation ("c-2", OC_STATUS_ACTIVE, "a-99", OC_CHANNEL_VOICE, NOW - 40));
  assert_figures (f, "a-99", 2, 1, 1, NOW - 40);
  assert_figures (f, "a-02", 0, 0, 0, 0);
  remove_conversation (f, "c-1");
  upsert (f, held_conversation ("c-2", OC_STATUS_WRAP_UP, "a-03", OC_CHANNEL_VOICE, NOW - 40));
  g_assert_null (oc_agent_view_lookup (f->view, "a-99"));
  assert_figures (f, "a-03", 1, 0, 1, NOW - 40);
  assert_view (f, &spec);

  /* And back: a new load for it, its old index reused. */
  upsert (f, held_conversation ("c-2", OC_STATUS_WRAP_UP, "a-99", OC_CHANNEL_CHAT, NOW - 30));
  assert_figures (f, "a-99", 1, 1, 0, NOW - 30);
  assert_figures (f, "a-03", 0, 0, 0, 0);
  assert_view (f, &spec);

  g_signal_handlers_disconnect_by_func (a1, count_notify, &n1);
  g_signal_handlers_disconnect_by_func (a1, count_notify, &oldest1);
  g_signal_handlers_disconnect_by_func (a2, count_notify, &n2);
}

/* One agent holding hundreds, their starts moving, some leaving and coming
 * back: the longest handle time stays the earliest start of those held. */
static void
test_many_held (Fixture       *f,
                gconstpointer  data)
{
  Spec spec = { NULL, 0, NULL, OC_AGENT_SORT_HANDLE, TRUE, f };

  empty_floor (f, 3);
  oc_agent_view_set_sort (f->view, OC_AGENT_SORT_HANDLE, TRUE);
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%03u", i);

      upsert (f, held_conversation (id, OC_STATUS_ACTIVE, "a-01", i % 3 + 1,
                                    g_rand_int_range (f->rand, 0, 4) == 0
                                      ? 0 : NOW - g_rand_int_range (f->rand, 1, 5000)));
    }
  assert_view (f, &spec);

  for (guint round = 0; round < 600; round++)
    {
      g_autofree char *id = g_strdup_printf ("c-%03u", g_rand_int_range (f->rand, 0, 400));
      guint what = g_rand_int_range (f->rand, 0, 10);
      gint64 assigned = what == 0 ? 0 : NOW - g_rand_int_range (f->rand, 1, 5000);

      if (what < 6)
        upsert (f, held_conversation (id, OC_STATUS_ACTIVE, "a-01", OC_CHANNEL_CHAT, assigned));
      else if (what < 8)
        upsert (f, held_conversation (id, OC_STATUS_WAITING, "a-02", OC_CHANNEL_VOICE, assigned));
      else if (what < 9)
        upsert (f, held_conversation (id, OC_STATUS_OPEN, NULL, OC_CHANNEL_VOICE, 0));
      else
        remove_conversation (f, id);
      if (round % 10 == 0)
        assert_view (f, &spec);
    }
  assert_view (f, &spec);
}

/* A resync replaces every conversation (the old ones finalized, their
 * slots taken by the new): the figures are those of the new floor, each
 * agent notified at most once a figure, and changes after it still add up. */
static void
test_resync (Fixture       *f,
             gconstpointer  data)
{
  Spec spec = { NULL, 0, NULL, OC_AGENT_SORT_NAME, FALSE, f };
  OcAgentLoad *load = oc_agent_view_lookup (f->view, "a-03");
  guint notified = 0;

  g_signal_connect (load, "notify::n-held", G_CALLBACK (count_notify), &notified);
  for (guint i = 0; i < 4; i++)
    {
      /* Fewer, as many, more, none. */
      static const guint sizes[] = { 60, 60, 300, 0 };
      g_autoptr(OcSnapshot) snapshot = random_snapshot (f, N_AGENTS, sizes[i]);

      notified = 0;
      oc_conversation_store_load_snapshot (f->store, snapshot);
      g_assert_cmpuint (notified, <=, 1);
      assert_view (f, &spec);

      for (guint round = 0; round < 40; round++)
        {
          random_round (f);
          assert_view (f, &spec);
        }
    }

  /* The same ids again, changed: the store keeps their objects (and slots)
   * and updates them in place. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(OcSnapshot) snapshot = test_snapshot_new (++f->revision);

      snapshot->server_time = NOW;
      test_snapshot_add_queues (snapshot, N_QUEUES);
      for (guint a = 0; a < N_AGENTS; a++)
        g_ptr_array_add (snapshot->agents, random_agent (f, a));
      for (guint k = 0; k < f->live->len; k++)
        {
          const char *id = g_ptr_array_index (f->live, k);
          OcConversation *existing = oc_conversation_store_lookup (f->store, id);
          OcConversation *c = existing != NULL ? test_conversation_copy (existing)
                                               : test_conversation_new (id, OC_STATUS_OPEN, "q-00", NULL, NOW - 60);

          randomize_conversation (f, c);
          g_ptr_array_add (snapshot->conversations, c);
        }
      oc_conversation_store_load_snapshot (f->store, snapshot);
      assert_view (f, &spec);

      for (guint round = 0; round < 40; round++)
        {
          random_round (f);
          assert_view (f, &spec);
        }
    }
  g_signal_handlers_disconnect_by_func (load, count_notify, &notified);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *path = g_strdup_printf ("/agent-view/random/%u", i);

      g_test_add (path, Fixture, GUINT_TO_POINTER (i), fixture_set_up, test_random, fixture_tear_down);
    }
  g_test_add ("/agent-view/live-figures", Fixture, NULL, fixture_set_up, test_live_figures, fixture_tear_down);
  g_test_add ("/agent-view/slot-reused", Fixture, NULL, fixture_set_up, test_slot_reused, fixture_tear_down);
  g_test_add ("/agent-view/moves", Fixture, NULL, fixture_set_up, test_moves, fixture_tear_down);
  g_test_add ("/agent-view/many-held", Fixture, NULL, fixture_set_up, test_many_held, fixture_tear_down);
  g_test_add ("/agent-view/resync", Fixture, NULL, fixture_set_up, test_resync, fixture_tear_down);

  return g_test_run ();
}
