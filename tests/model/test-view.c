// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "oc-conversation-view.h"
#include "store-test-util.h"

#define T0 G_GINT64_CONSTANT (1764000000)
#define HOUR (60 * 60)

static gint64 fake_now = T0;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

static const char * const subjects[] = {
  "Refund for order #5521", "Zoë's parcel", "ÉCOLE login", "Straße address change",
  "billing issue", "Password reset", "refund again", "Größe falsch", "hello", "",
};
static const char * const customers[] = {
  "Zoë Ødegård", "ZOE ODEGARD", "Amir Haddad", "Łukasz Nowak", "ann lee", "Ann Lee", "",
};
static const char * const queue_names[] = { "Voice", "billing", "Billing" };
static const char * const agent_names[] = {
  "Amina", "Björn", "Chen Wei", "Dmitri", "Élodie", "Farah",
};

/* The world of one test: a store on a fake clock, its view, and a recorder. */
typedef struct
{
  OcConversationStore *store;
  OcConversationView  *view;
  ChangeRecorder       changes;
  GRand               *rand;
  gint64               revision;
  guint                next_id;
} Fixture;

static char *
random_id (Fixture *f)
{
  /* Not in arrival order, so that ties and arrival differ. */
  return g_strdup_printf ("c-%05u-%u", g_rand_int_range (f->rand, 0, 100000), f->next_id++);
}

static void
randomize (Fixture        *f,
           OcConversation *c,
           guint           n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      switch (g_rand_int_range (f->rand, 0, 10))
        {
        case 0:
          oc_conversation_set_status (c, g_rand_int_range (f->rand, OC_STATUS_OPEN, OC_STATUS_CLOSED));
          break;
        case 1:
          oc_conversation_set_channel (c, g_rand_int_range (f->rand, OC_CHANNEL_CHAT, OC_CHANNEL_VOICE + 1));
          break;
        case 2:
          {
            g_autofree char *queue = g_strdup_printf ("q-%d", g_rand_int_range (f->rand, 0, 5));
            oc_conversation_set_queue_id (c, queue);
          }
          break;
        case 3:
          {
            int a = g_rand_int_range (f->rand, -1, G_N_ELEMENTS (agent_names));
            g_autofree char *agent = a >= 0 ? g_strdup_printf ("a-%d", a) : NULL;
            oc_conversation_set_agent_id (c, agent);
          }
          break;
        case 4:
          oc_conversation_set_subject (c, subjects[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (subjects))]);
          break;
        case 5:
          oc_conversation_set_customer_name (c, customers[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (customers))]);
          break;
        case 6:
          /* Few distinct values: plenty of ties for the id to break. */
          oc_conversation_set_waiting_since (c, g_rand_boolean (f->rand) ? 0 : T0 - g_rand_int_range (f->rand, 0, 20) * 60);
          oc_conversation_set_wait_seconds (c, g_rand_int_range (f->rand, 0, 5) * 30);
          break;
        case 7:
          oc_conversation_set_first_assigned_at (c, g_rand_boolean (f->rand) ? 0 : T0 - g_rand_int_range (f->rand, 0, 30) * 60);
          break;
        case 8:
          oc_conversation_set_sentiment (c, g_rand_int_range (f->rand, OC_SENTIMENT_UNKNOWN, OC_SENTIMENT_VERY_POSITIVE + 1));
          break;
        default:
          oc_conversation_set_created_at (c, fake_now - g_rand_int_range (f->rand, 1, 23) * HOUR);
          break;
        }
    }
}

static OcConversation *
random_conversation (Fixture *f)
{
  g_autofree char *id = random_id (f);
  OcConversation *c = test_conversation_new (id, OC_STATUS_OPEN, "q-0", NULL, fake_now - HOUR);

  randomize (f, c, 12);
  return c;
}

static OcSnapshot *
random_snapshot (Fixture *f,
                 guint    n)
{
  OcSnapshot *snapshot = test_snapshot_new (++f->revision);

  for (guint i = 0; i < G_N_ELEMENTS (agent_names); i++)
    {
      g_autofree char *id = g_strdup_printf ("a-%u", i);
      OcAgent *agent = oc_agent_new (id);

      oc_agent_set_name (agent, agent_names[i]);
      g_ptr_array_add (snapshot->agents, agent);
    }
  /* Named queues whose names order otherwise than their ids (and one name
   * twice but for case); the others are known by id only. */
  for (guint i = 0; i < G_N_ELEMENTS (queue_names); i++)
    {
      g_autofree char *id = g_strdup_printf ("q-%u", i);
      OcQueue *queue = oc_queue_new (id);

      oc_queue_set_name (queue, queue_names[i]);
      g_ptr_array_add (snapshot->queues, queue);
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
  f->rand = g_rand_new_with_seed (GPOINTER_TO_UINT (data) + 7);
  f->revision = 1;
  f->store = oc_conversation_store_new ();
  oc_conversation_store_set_clock (f->store, fake_clock, NULL);

  snapshot = random_snapshot (f, 300);
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);

  f->view = oc_conversation_view_new (f->store);
  change_recorder_init (&f->changes, G_LIST_MODEL (f->view));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  change_recorder_clear (&f->changes);
  g_assert_finalize_object (f->view);
  g_assert_finalize_object (f->store);
  g_rand_free (f->rand);
}

static void
assert_changes (Fixture    *f,
                const char *expected)
{
  g_autofree char *got = change_recorder_format (&f->changes);

  g_assert_cmpstr (got, ==, expected);
  change_recorder_assert_shadow (&f->changes);
  change_recorder_reset (&f->changes);
}

static OcConversation *
view_item (Fixture *f,
           guint    position)
{
  g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (f->view), position);
  return c;   /* the store keeps it alive */
}

static void
apply_one (Fixture *f,
           OcEvent *event)
{
  GPtrArray *events = g_ptr_array_new ();

  g_ptr_array_add (events, event);
  g_assert_cmpuint (test_apply (f->store, events), ==, 1);
}

/* Upserts a copy of @c changed by @change. */
typedef void (*ChangeFunc) (OcConversation *c, gconstpointer data);

static void
update (Fixture        *f,
        OcConversation *c,
        ChangeFunc      change,
        gconstpointer   data)
{
  OcConversation *copy = test_conversation_copy (c);

  change (copy, data);
  apply_one (f, test_event_upsert (++f->revision, copy));
}

static void set_subject (OcConversation *c, gconstpointer s) { oc_conversation_set_subject (c, s); }
static void set_queue (OcConversation *c, gconstpointer s) { oc_conversation_set_queue_id (c, s); }
static void set_agent (OcConversation *c, gconstpointer s) { oc_conversation_set_agent_id (c, s); }
static void set_waiting_since (OcConversation *c, gconstpointer t) { oc_conversation_set_waiting_since (c, *(const gint64 *) t); }
static void raise_flag (OcConversation *c, gconstpointer t) { oc_conversation_set_flag (c, "help", *(const gint64 *) t, 0, NULL); }
static void lower_flag (OcConversation *c, gconstpointer t)
{
  oc_conversation_set_flag (c, "help", oc_conversation_get_flag_raised_at (c), *(const gint64 *) t, "sam");
}

/* The reference: filter and sort from scratch, written independently. */

typedef struct
{
  const char   *name;
  OcSortColumn  column;
  gboolean      descending;
  gboolean      custom;        /* by customer name, bytewise */
  const char   *queues[3];
  guint         channel_mask;
  guint         status_mask;
  const char   *agents[3];
  gboolean      agent_filter;
  gboolean      unassigned;
  const char   *search;
} Setting;

static char *
fold (const char *s)
{
  g_autofree char *n = g_utf8_normalize (s != NULL ? s : "", -1, G_NORMALIZE_ALL_COMPOSE);
  return g_utf8_casefold (n, -1);
}

static gboolean
reference_contains (const char *haystack,
                    const char *needle)
{
  g_autofree char *h = fold (haystack);
  g_autofree char *n = fold (needle);
  return strstr (h, n) != NULL;
}

static gboolean
strv_has (const char * const *strv,
          const char         *s)
{
  for (guint i = 0; strv[i] != NULL; i++)
    if (g_strcmp0 (strv[i], s) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
reference_matches (const Setting       *s,
                   OcConversationStore *store,
                   OcConversation      *c)
{
  const char *agent_id = oc_conversation_get_agent_id (c);

  if (s->status_mask && !(s->status_mask & (1u << oc_conversation_get_status (c))))
    return FALSE;
  if (s->channel_mask && !(s->channel_mask & (1u << oc_conversation_get_channel (c))))
    return FALSE;
  if (s->queues[0] && !strv_has (s->queues, oc_conversation_get_queue_id (c)))
    return FALSE;
  if (s->agent_filter)
    {
      if (agent_id == NULL ? !s->unassigned : !strv_has (s->agents, agent_id))
        return FALSE;
    }
  if (s->search)
    {
      OcAgent *agent = oc_conversation_store_lookup_agent (store, agent_id);

      return reference_contains (oc_conversation_get_subject (c), s->search) ||
             reference_contains (oc_conversation_get_customer_name (c), s->search) ||
             (agent && reference_contains (oc_agent_get_name (agent), s->search));
    }
  return TRUE;
}

typedef struct
{
  const Setting *setting;
  GHashTable    *arrival;   /* OcConversation -> store position + 1 */
  OcConversationStore *store;
} ReferenceSort;

/* The name a person reads, or the id when unknown; NULL last. */
static int
label_cmp (const char *a,
           const char *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  return g_ascii_strcasecmp (a, b);
}

static const char *
agent_label (OcConversationStore *store,
             OcConversation      *c)
{
  const char *id = oc_conversation_get_agent_id (c);
  OcAgent *agent = id ? oc_conversation_store_lookup_agent (store, id) : NULL;

  return agent ? oc_agent_get_name (agent) : id;
}

static const char *
queue_label (OcConversationStore *store,
             OcConversation      *c)
{
  const char *id = oc_conversation_get_queue_id (c);
  OcQueue *queue = id ? oc_conversation_store_lookup_queue (store, id) : NULL;

  return queue ? oc_queue_get_name (queue) : id;
}

static gint64
cmp64 (gint64 a,
       gint64 b)
{
  return a < b ? -1 : a > b;
}

static int
text_cmp (const char *a,
          const char *b)
{
  int r = g_ascii_strcasecmp (a, b);
  return r ? r : strcmp (a, b);
}

/* Raised flags first, oldest first; then lowered ones; then none. */
static gint64
flag_key (OcConversation *c)
{
  gint64 raised_at = oc_conversation_get_flag_raised_at (c);

  if (oc_conversation_is_flagged (c))
    return raised_at;
  return raised_at != 0 ? G_MAXINT64 - 1 : G_MAXINT64;
}

static int
reference_compare (gconstpointer pa,
                   gconstpointer pb,
                   gpointer      data)
{
  ReferenceSort *rs = data;
  OcConversation *a = *(OcConversation **) pa, *b = *(OcConversation **) pb;
  gint64 ha, hb;
  int r = 0;

  if (rs->setting->custom)
    r = strcmp (oc_conversation_get_customer_name (a), oc_conversation_get_customer_name (b));
  else
    switch (rs->setting->column)
      {
      case OC_SORT_NONE:
        r = cmp64 (GPOINTER_TO_UINT (g_hash_table_lookup (rs->arrival, a)),
                   GPOINTER_TO_UINT (g_hash_table_lookup (rs->arrival, b)));
        break;
      case OC_SORT_SUBJECT: r = text_cmp (oc_conversation_get_subject (a), oc_conversation_get_subject (b)); break;
      case OC_SORT_CUSTOMER: r = text_cmp (oc_conversation_get_customer_name (a), oc_conversation_get_customer_name (b)); break;
      case OC_SORT_STATUS: r = cmp64 (oc_conversation_get_status (a), oc_conversation_get_status (b)); break;
      case OC_SORT_CHANNEL: r = cmp64 (oc_conversation_get_channel (a), oc_conversation_get_channel (b)); break;
      case OC_SORT_SENTIMENT: r = cmp64 (oc_conversation_get_sentiment (a), oc_conversation_get_sentiment (b)); break;
      case OC_SORT_CREATED: r = cmp64 (oc_conversation_get_created_at (a), oc_conversation_get_created_at (b)); break;
      case OC_SORT_WAIT: r = cmp64 (oc_conversation_get_wait_key (a), oc_conversation_get_wait_key (b)); break;
      case OC_SORT_AGENT: r = g_strcmp0 (oc_conversation_get_agent_id (a), oc_conversation_get_agent_id (b)); break;
      case OC_SORT_QUEUE: r = g_strcmp0 (oc_conversation_get_queue_id (a), oc_conversation_get_queue_id (b)); break;
      case OC_SORT_AGENT_NAME: r = label_cmp (agent_label (rs->store, a), agent_label (rs->store, b)); break;
      case OC_SORT_QUEUE_NAME: r = label_cmp (queue_label (rs->store, a), queue_label (rs->store, b)); break;
      case OC_SORT_WATCHERS: r = cmp64 (oc_conversation_get_n_watchers (a), oc_conversation_get_n_watchers (b)); break;
      case OC_SORT_FLAG: r = cmp64 (flag_key (a), flag_key (b)); break;
      case OC_SORT_HANDLE:
        ha = oc_conversation_get_first_assigned_at (a);
        hb = oc_conversation_get_first_assigned_at (b);
        r = cmp64 (ha ? ha : G_MAXINT64, hb ? hb : G_MAXINT64);
        break;
      default:
        g_assert_not_reached ();
      }

  if (r == 0)
    r = strcmp (oc_conversation_get_id (a), oc_conversation_get_id (b));
  r = (r > 0) - (r < 0);
  return rs->setting->descending ? -r : r;
}

static void
assert_view_is_reference (Fixture       *f,
                          const Setting *s)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GHashTable) arrival = g_hash_table_new (NULL, NULL);
  ReferenceSort rs = { s, arrival, f->store };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (f->store), i);

      g_hash_table_insert (arrival, c, GUINT_TO_POINTER (i + 1));
      if (reference_matches (s, f->store, c))
        g_ptr_array_add (expected, c);
    }
  g_ptr_array_sort_with_data (expected, reference_compare, &rs);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      OcConversation *c = view_item (f, i);

      if (c != g_ptr_array_index (expected, i))
        g_error ("%s: row %u is %s, expected %s", s->name, i,
                 oc_conversation_get_id (c),
                 oc_conversation_get_id (g_ptr_array_index (expected, i)));
      g_assert_cmpuint (oc_conversation_view_get_position (f->view, c), ==, i);
    }
  change_recorder_assert_shadow (&f->changes);
}

static int
by_customer (OcConversation *a,
             OcConversation *b,
             gpointer        user_data)
{
  return strcmp (oc_conversation_get_customer_name (a), oc_conversation_get_customer_name (b));
}

static void
apply_setting (Fixture       *f,
               const Setting *s)
{
  oc_conversation_view_set_sort (f->view, s->column, s->descending);
  if (s->custom)
    oc_conversation_view_set_sort_func (f->view, by_customer, NULL, NULL);
  oc_conversation_view_set_queue_filter (f->view, s->queues[0] ? s->queues : NULL);
  oc_conversation_view_set_channel_filter (f->view, s->channel_mask);
  oc_conversation_view_set_status_filter (f->view, s->status_mask);
  oc_conversation_view_set_agent_filter (f->view, s->agent_filter ? s->agents : NULL, s->unassigned);
  oc_conversation_view_set_search_text (f->view, s->search);
}

static const Setting settings[] = {
  { "wait, two queues", OC_SORT_WAIT, FALSE, FALSE, { "q-1", "q-3" } },
  { "arrival, everything", OC_SORT_NONE, FALSE, FALSE },
  { "arrival reversed, agent a-1 and unassigned", OC_SORT_NONE, TRUE, FALSE, { NULL }, 0, 0, { "a-1" }, TRUE, TRUE },
  { "subject desc, open or waiting, search", OC_SORT_SUBJECT, TRUE, FALSE, { NULL }, 0,
    (1u << OC_STATUS_OPEN) | (1u << OC_STATUS_WAITING), { NULL }, FALSE, FALSE, "re" },
  { "custom by customer, voice and chat", OC_SORT_CUSTOMER, FALSE, TRUE, { NULL },
    (1u << OC_CHANNEL_VOICE) | (1u << OC_CHANNEL_CHAT) },
  { "handle desc, search non-ASCII", OC_SORT_HANDLE, TRUE, FALSE, { NULL }, 0, 0, { NULL }, FALSE, FALSE, "ZOË" },
  { "agent, search agent name", OC_SORT_AGENT, FALSE, FALSE, { NULL }, 0, 0, { NULL }, FALSE, FALSE, "élo" },
  { "status, assigned to a-2 or a-4", OC_SORT_STATUS, FALSE, FALSE, { NULL }, 0, 0, { "a-2", "a-4" }, TRUE, FALSE },
  { "sentiment desc", OC_SORT_SENTIMENT, TRUE },
  { "created", OC_SORT_CREATED, FALSE },
  { "queue desc", OC_SORT_QUEUE, TRUE },
  { "channel", OC_SORT_CHANNEL, FALSE },
  { "agent name, renames", OC_SORT_AGENT_NAME, FALSE },
  { "agent name desc, two queues", OC_SORT_AGENT_NAME, TRUE, FALSE, { "q-1", "q-3" } },
  { "queue name desc", OC_SORT_QUEUE_NAME, TRUE },
  { "customer desc", OC_SORT_CUSTOMER, TRUE },
  { "subject", OC_SORT_SUBJECT, FALSE },
};

static void
random_round (Fixture *f)
{
  GPtrArray *events = g_ptr_array_new ();
  guint n_events = g_rand_int_range (f->rand, 1, 9);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));

  for (guint i = 0; i < n_events; i++)
    {
      int what = g_rand_int_range (f->rand, 0, 1000);
      g_autoptr(OcConversation) c = NULL;

      if (n > 0)
        c = g_list_model_get_item (G_LIST_MODEL (f->store), g_rand_int_range (f->rand, 0, n));

      if (what < 70 || c == NULL)
        g_ptr_array_add (events, test_event_upsert (++f->revision, random_conversation (f)));
      else if (what < 100)
        g_ptr_array_add (events, test_event_removed (++f->revision, oc_conversation_get_id (c), "closed"));
      else if (what < 104)
        {
          g_autofree char *id = g_strdup_printf ("a-%d", g_rand_int_range (f->rand, 0, G_N_ELEMENTS (agent_names)));
          OcAgent *agent = oc_agent_new (id);

          oc_agent_set_name (agent, agent_names[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (agent_names))]);
          g_ptr_array_add (events, test_event_agent (++f->revision, agent));
        }
      else
        {
          OcConversation *copy = test_conversation_copy (c);

          randomize (f, copy, g_rand_int_range (f->rand, 1, 4));
          if (what < 120)
            oc_conversation_set_status (copy, OC_STATUS_CLOSED);
          g_ptr_array_add (events, test_event_upsert (++f->revision, copy));
        }
    }

  test_apply (f->store, events);

  if (g_rand_int_range (f->rand, 0, 200) == 0)
    {
      fake_now += HOUR;
      oc_conversation_store_expire (f->store);
    }
}

static void
test_random (Fixture       *f,
             gconstpointer  data)
{
  const Setting *s = &settings[GPOINTER_TO_UINT (data)];
  guint n_changes = 0;

  apply_setting (f, s);
  assert_view_is_reference (f, s);

  for (guint round = 1; round <= 3000; round++)
    {
      random_round (f);
      n_changes += f->changes.changes->len;
      change_recorder_reset (&f->changes);
      if (round % 250 == 0)
        assert_view_is_reference (f, s);

      if (round == 1500)
        {
          /* A resync in the middle: half new rows, the rest kept. */
          OcSnapshot *snapshot = random_snapshot (f, 150);
          guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));

          for (guint i = 0; i < n; i += 2)
            {
              g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (f->store), i);
              OcConversation *copy = test_conversation_copy (c);

              randomize (f, copy, 1);
              g_ptr_array_add (snapshot->conversations, copy);
            }
          change_recorder_reset (&f->changes);
          oc_conversation_store_load_snapshot (f->store, snapshot);
          test_snapshot_free (snapshot);
          g_assert_cmpuint (f->changes.changes->len, <=, 1);
          assert_view_is_reference (f, s);
        }
    }

  assert_view_is_reference (f, s);
  g_test_message ("%s: %u rows in the store, %u in the view, %u items-changed",
                  s->name, g_list_model_get_n_items (G_LIST_MODEL (f->store)),
                  g_list_model_get_n_items (G_LIST_MODEL (f->view)), n_changes);
}

static guint
pin_random_rows (Fixture *f)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->view));
  g_autoptr(GPtrArray) pins = g_ptr_array_new_with_free_func (g_object_unref);

  if (n > 0 && g_rand_int_range (f->rand, 0, 4) > 0)
    {
      /* What a list shows: a run of rows; and a selection elsewhere. */
      guint first = g_rand_int_range (f->rand, 0, n);
      guint run = g_rand_int_range (f->rand, 0, 12);

      for (guint i = first; i < MIN (n, first + run); i++)
        g_ptr_array_add (pins, g_list_model_get_item (G_LIST_MODEL (f->view), i));
      for (int k = g_rand_int_range (f->rand, 0, 3); k > 0; k--)
        g_ptr_array_add (pins, g_list_model_get_item (G_LIST_MODEL (f->view), g_rand_int_range (f->rand, 0, n)));
    }
  oc_conversation_view_set_pinned (f->view, (OcConversation * const *) pins->pdata, pins->len);
  return pins->len;
}

/* Many changes in one batch, as a flood brings them: moves that stay near,
 * moves far away, arrivals, departures, rows leaving and joining the
 * filter, with pinned rows. After each batch the view is the reference, and
 * every items-changed on the way was true to the model. */
static void
test_random_batches (Fixture       *f,
                     gconstpointer  data)
{
  const Setting *s = &settings[GPOINTER_TO_UINT (data) % G_N_ELEMENTS (settings)];
  guint n_batches = 150, n_changes = 0, n_emissions = 0;

  apply_setting (f, s);
  change_recorder_reset (&f->changes);
  f->changes.strict = TRUE;

  for (guint batch = 0; batch < n_batches; batch++)
    {
      GPtrArray *events = g_ptr_array_new ();
      guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));
      guint n_events = g_rand_int_range (f->rand, 1, 160);
      guint n_pins = pin_random_rows (f);
      guint n_removed = 0;

      for (guint i = 0; i < n_events; i++)
        {
          int what = g_rand_int_range (f->rand, 0, 100);
          g_autoptr(OcConversation) c = n > 0 ? g_list_model_get_item (G_LIST_MODEL (f->store),
                                                                       g_rand_int_range (f->rand, 0, n))
                                              : NULL;

          if (what < 8 || c == NULL)
            g_ptr_array_add (events, test_event_upsert (++f->revision, random_conversation (f)));
          else if (what < 12)
            {
              g_ptr_array_add (events, test_event_removed (++f->revision, oc_conversation_get_id (c), "closed"));
              n_removed++;
            }
          else
            {
              OcConversation *copy = test_conversation_copy (c);

              /* Mostly a field the order reads, sometimes one it does not. */
              randomize (f, copy, g_rand_int_range (f->rand, 1, 3));
              g_ptr_array_add (events, test_event_upsert (++f->revision, copy));
            }
        }
      test_apply (f->store, events);
      n_changes += n_events;

      assert_view_is_reference (f, s);
      /* However many rows moved, a batch is told in few signals: out, then
       * in, at most a short run row by row (four) between two pinned rows,
       * and each pinned row that moved on its own; departures from the
       * store are told as the store tells them. */
      g_assert_cmpuint (f->changes.changes->len, <=, 2 * (4 * (n_pins + 1) + n_pins) + n_removed);
      n_emissions += f->changes.changes->len;
      change_recorder_reset (&f->changes);
    }

  g_test_message ("%s: %u changes in %u batches, %u items-changed", s->name, n_changes, n_batches,
                  n_emissions);
}

static void
test_update_keeps_place (Fixture       *f,
                         gconstpointer  data)
{
  OcConversation *c, *before, *after;
  guint position;
  gint64 earlier;

  oc_conversation_view_set_sort (f->view, OC_SORT_WAIT, FALSE);
  change_recorder_reset (&f->changes);

  position = g_list_model_get_n_items (G_LIST_MODEL (f->view)) / 2;
  c = view_item (f, position);

  /* A field the sort does not read: nothing to tell. */
  update (f, c, set_subject, "Something else entirely");
  assert_changes (f, "");
  g_assert_cmpstr (oc_conversation_get_subject (c), ==, "Something else entirely");

  /* Moving to the very front: out of the old place, into the new. */
  earlier = T0 - 100 * HOUR;
  update (f, c, set_waiting_since, &earlier);
  {
    g_autofree char *expected = g_strdup_printf ("(%u,1,0)(0,0,1)", position);
    assert_changes (f, expected);
  }
  g_assert_true (view_item (f, 0) == c);

  /* A change of key that keeps its neighbours' order: nothing. */
  before = view_item (f, 0);
  after = view_item (f, 1);
  g_assert_true (before == c);
  earlier = oc_conversation_get_wait_key (after) - 10 + oc_conversation_get_wait_seconds (c);
  update (f, c, set_waiting_since, &earlier);
  assert_changes (f, "");
  g_assert_true (view_item (f, 0) == c);
}

static void
test_filter_rebuilds_once (Fixture       *f,
                           gconstpointer  data)
{
  static const char * const queues[] = { "q-1", "q-2", NULL };
  static const char * const same_queues[] = { "q-2", "q-1", "q-1", NULL };
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (f->view));
  guint n_queues = 0;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < n_all; i++)
    {
      const char *q = oc_conversation_get_queue_id (view_item (f, i));
      n_queues += g_strcmp0 (q, "q-1") == 0 || g_strcmp0 (q, "q-2") == 0;
    }

  oc_conversation_view_set_queue_filter (f->view, queues);
  expected = g_strdup_printf ("(0,%u,%u)", n_all, n_queues);
  assert_changes (f, expected);

  /* The same set again, in another order: no rebuild. */
  oc_conversation_view_set_queue_filter (f->view, same_queues);
  oc_conversation_view_set_sort (f->view, OC_SORT_NONE, FALSE);
  assert_changes (f, "");

  /* A sort change rebuilds once too. */
  oc_conversation_view_set_sort (f->view, OC_SORT_SUBJECT, FALSE);
  g_free (expected);
  expected = g_strdup_printf ("(0,%u,%u)", n_queues, n_queues);
  assert_changes (f, expected);
  g_assert_cmpint (oc_conversation_view_get_sort_column (f->view), ==, OC_SORT_SUBJECT);
  g_assert_false (oc_conversation_view_get_sort_descending (f->view));
}

static void
test_membership_moves (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const queues[] = { "q-1", NULL };
  OcConversation *c;
  guint position;
  g_autofree char *expected = NULL;

  oc_conversation_view_set_queue_filter (f->view, queues);
  oc_conversation_view_set_sort (f->view, OC_SORT_CREATED, FALSE);
  change_recorder_reset (&f->changes);

  position = 3;
  c = view_item (f, position);
  g_assert_true (oc_conversation_view_matches (f->view, c));

  update (f, c, set_queue, "q-4");
  expected = g_strdup_printf ("(%u,1,0)", position);
  assert_changes (f, expected);
  g_assert_cmpuint (oc_conversation_view_get_position (f->view, c), ==, G_MAXUINT);
  g_assert_false (oc_conversation_view_matches (f->view, c));

  update (f, c, set_queue, "q-1");
  g_free (expected);
  expected = g_strdup_printf ("(%u,0,1)", position);
  assert_changes (f, expected);
  g_assert_cmpuint (oc_conversation_view_get_position (f->view, c), ==, position);

  /* Leaving the store leaves the view with one items-changed. */
  apply_one (f, test_event_removed (++f->revision, oc_conversation_get_id (c), "force-closed"));
  g_free (expected);
  expected = g_strdup_printf ("(%u,1,0)", position);
  assert_changes (f, expected);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  OcConversation *c = view_item (f, 0);
  OcAgent *agent;
  guint n_before;
  g_autofree char *expected = NULL;

  oc_conversation_view_set_sort (f->view, OC_SORT_NONE, FALSE);
  update (f, c, set_subject, "Zoë’s ÉCOLE refund");
  update (f, c, set_agent, "a-3");
  oc_conversation_view_set_search_text (f->view, "  zoË ");
  g_assert_true (oc_conversation_view_matches (f->view, c));
  oc_conversation_view_set_search_text (f->view, "école");
  g_assert_true (oc_conversation_view_matches (f->view, c));
  oc_conversation_view_set_search_text (f->view, "REFUND");
  g_assert_true (oc_conversation_view_matches (f->view, c));
  oc_conversation_view_set_search_text (f->view, "zoe's");
  g_assert_false (oc_conversation_view_matches (f->view, c));

  /* By agent name, which follows a rename. */
  oc_conversation_view_set_search_text (f->view, "DMITRI");
  g_assert_true (oc_conversation_view_matches (f->view, c));
  change_recorder_reset (&f->changes);
  agent = oc_agent_new ("a-3");
  oc_agent_set_name (agent, "Dimitra");
  apply_one (f, test_event_agent (++f->revision, agent));
  g_assert_false (oc_conversation_view_matches (f->view, c));
  g_assert_cmpuint (oc_conversation_view_get_position (f->view, c), ==, G_MAXUINT);
  change_recorder_assert_shadow (&f->changes);

  /* Blank text is no search at all. */
  n_before = g_list_model_get_n_items (G_LIST_MODEL (f->view));
  change_recorder_reset (&f->changes);
  oc_conversation_view_set_search_text (f->view, "   ");
  g_assert_true (oc_conversation_view_matches (f->view, c));
  expected = g_strdup_printf ("(0,%u,%u)", n_before, g_list_model_get_n_items (G_LIST_MODEL (f->store)));
  assert_changes (f, expected);
}

static void
test_agent_filter (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const agents[] = { "a-1", NULL };
  static const char * const none[] = { NULL };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));
  guint n_unassigned = 0, n_a1 = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (f->store), i);
      const char *agent = oc_conversation_get_agent_id (c);

      n_unassigned += agent == NULL;
      n_a1 += g_strcmp0 (agent, "a-1") == 0;
    }
  g_assert_cmpuint (n_unassigned, >, 0);
  g_assert_cmpuint (n_a1, >, 0);

  oc_conversation_view_set_agent_filter (f->view, NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, n_unassigned);
  oc_conversation_view_set_agent_filter (f->view, agents, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, n_a1);
  oc_conversation_view_set_agent_filter (f->view, agents, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, n_a1 + n_unassigned);
  oc_conversation_view_set_agent_filter (f->view, none, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, 0);
  oc_conversation_view_set_agent_filter (f->view, NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, n);
}

/* Help flags (#22): the flagged-only filter follows raising and lowering,
 * and the flag sort puts the oldest request first, then lowered ones. */
static void
test_flags (Fixture       *f,
            gconstpointer  data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));
  gint64 early = T0 - 600, late = T0 - 60, now = T0;
  OcConversation *a, *b, *c;

  a = view_item (f, 1);
  b = view_item (f, 2);
  c = view_item (f, 3);
  oc_conversation_view_set_flagged_only (f->view, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, 0);

  update (f, b, raise_flag, &late);
  update (f, a, raise_flag, &early);
  update (f, c, raise_flag, &early);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, 3);
  update (f, c, lower_flag, &now);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, 2);

  oc_conversation_view_set_flagged_only (f->view, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, n);
  oc_conversation_view_set_sort (f->view, OC_SORT_FLAG, FALSE);
  g_assert_true (view_item (f, 0) == a);
  g_assert_true (view_item (f, 1) == b);
  g_assert_true (view_item (f, 2) == c);
}

static GPtrArray *
random_watchers (Fixture *f)
{
  static const char * const users[] = { "kim", "sam", "ola" };
  GPtrArray *watchers = g_ptr_array_new_with_free_func (g_object_unref);

  for (int i = g_rand_int_range (f->rand, 0, G_N_ELEMENTS (users) + 1) - 1; i >= 0; i--)
    g_ptr_array_add (watchers, oc_watcher_new (users[i], TRUE, g_rand_boolean (f->rand)));
  return watchers;
}

/* Who watches changes outside the conversation's record (#22); told through
 * the store, it moves the row in a view sorted by watchers, as one move, and
 * the order stays the one a sort from scratch gives. */
static void
test_watchers (Fixture       *f,
               gconstpointer  data)
{
  static const Setting by_watchers = { "watchers desc", OC_SORT_WATCHERS, TRUE };
  g_autoptr(GPtrArray) two = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->view));
  OcConversation *last;
  g_autofree char *moved = NULL;

  apply_setting (f, &by_watchers);
  assert_view_is_reference (f, &by_watchers);
  change_recorder_reset (&f->changes);

  last = view_item (f, n - 1);
  g_ptr_array_add (two, oc_watcher_new ("kim", TRUE, FALSE));
  g_ptr_array_add (two, oc_watcher_new ("sam", TRUE, TRUE));
  g_assert_true (oc_conversation_store_set_watchers (f->store, oc_conversation_get_id (last), two));
  g_assert_true (view_item (f, 0) == last);
  moved = g_strdup_printf ("(%u,1,0)(0,0,1)", n - 1);
  assert_changes (f, moved);

  /* The same list again changes nothing; an unknown id is refused. */
  g_assert_true (oc_conversation_store_set_watchers (f->store, oc_conversation_get_id (last), two));
  g_assert_false (oc_conversation_store_set_watchers (f->store, "nobody-has-this", two));
  assert_changes (f, "");

  for (guint round = 1; round <= 600; round++)
    {
      g_autoptr(OcConversation) c = NULL;
      g_autoptr(GPtrArray) watchers = random_watchers (f);

      n = g_list_model_get_n_items (G_LIST_MODEL (f->store));
      c = g_list_model_get_item (G_LIST_MODEL (f->store), g_rand_int_range (f->rand, 0, n));
      oc_conversation_store_set_watchers (f->store, oc_conversation_get_id (c), watchers);
      if (round % 7 == 0)
        random_round (f);
      if (round == 300)
        {
          oc_conversation_store_clear_watchers (f->store);
          assert_view_is_reference (f, &by_watchers);
        }
      if (round % 50 == 0)
        assert_view_is_reference (f, &by_watchers);
    }
}

static void
test_snapshot_rebuilds_once (Fixture       *f,
                             gconstpointer  data)
{
  OcSnapshot *snapshot = random_snapshot (f, 50);
  guint n_before = g_list_model_get_n_items (G_LIST_MODEL (f->view));
  g_autofree char *expected = NULL;

  oc_conversation_view_set_sort (f->view, OC_SORT_WAIT, TRUE);
  change_recorder_reset (&f->changes);
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);

  expected = g_strdup_printf ("(0,%u,50)", n_before);
  assert_changes (f, expected);
}

static void
test_first_load (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcConversationView) view = NULL;
  ChangeRecorder changes;
  OcSnapshot *snapshot;
  GPtrArray *events;
  g_autofree char *got = NULL;

  oc_conversation_store_set_clock (store, fake_clock, NULL);
  view = oc_conversation_view_new (store);
  oc_conversation_view_set_sort (view, OC_SORT_CREATED, TRUE);
  change_recorder_init (&changes, G_LIST_MODEL (view));

  /* A big arrival is one rebuild, not 2,000 inserts. */
  snapshot = random_snapshot (f, 2000);
  oc_conversation_store_load_snapshot (store, snapshot);
  test_snapshot_free (snapshot);
  got = change_recorder_format (&changes);
  g_assert_cmpstr (got, ==, "(0,0,2000)");
  change_recorder_assert_shadow (&changes);
  change_recorder_reset (&changes);

  /* A few arrivals: one insert each, in place. */
  events = g_ptr_array_new ();
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (events, test_event_upsert (f->revision + 1 + i, random_conversation (f)));
  g_assert_cmpuint (test_apply (store, events), ==, 3);
  g_assert_cmpuint (changes.changes->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      Change *c = &g_array_index (changes.changes, Change, i);
      g_assert_cmpuint (c->removed, ==, 0);
      g_assert_cmpuint (c->added, ==, 1);
    }
  change_recorder_assert_shadow (&changes);
  change_recorder_clear (&changes);
}

/* The ids of @model's rows, in order, "a b c". */
static char *
ids_of (GListModel *model)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (model, i);

      g_string_append_printf (ids, "%s%s", i ? " " : "", oc_conversation_get_id (c));
    }
  return g_string_free (ids, FALSE);
}

/* A first load a part at a time (begin_load, load_more, end_load) ends
 * where one load_snapshot() does: the same rows in the store's order and in
 * a sorted view's, the same revision; meanwhile the store says revision 0,
 * and the view tells every part as it comes (the recorder checks each). */
static void
test_load_in_parts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OcConversationStore) whole = oc_conversation_store_new ();
  g_autoptr(OcConversationStore) parts = oc_conversation_store_new ();
  g_autoptr(OcConversationView) whole_view = NULL;
  g_autoptr(OcConversationView) parts_view = NULL;
  g_autoptr(GPtrArray) part = g_ptr_array_new ();
  g_autofree char *whole_ids = NULL, *parts_ids = NULL;
  g_autofree char *whole_rows = NULL, *parts_rows = NULL;
  OcSnapshot *snapshot = random_snapshot (f, 1500);
  OcSnapshot head = *snapshot;
  g_autoptr(GPtrArray) no_conversations = g_ptr_array_new ();
  ChangeRecorder changes;
  guint n_parts = 0;

  /* What load_snapshot() skips: a closed row, an expired one, an id twice. */
  g_ptr_array_add (snapshot->conversations, test_conversation_new ("c-closed", OC_STATUS_CLOSED, "q-1", NULL, fake_now - HOUR));
  g_ptr_array_add (snapshot->conversations, test_conversation_new ("c-old", OC_STATUS_OPEN, "q-1", NULL, fake_now - 30 * HOUR));
  g_ptr_array_add (snapshot->conversations, test_conversation_copy (g_ptr_array_index (snapshot->conversations, 3)));
  oc_conversation_set_subject (g_ptr_array_index (snapshot->conversations, snapshot->conversations->len - 1), "later copy");

  oc_conversation_store_set_clock (whole, fake_clock, NULL);
  oc_conversation_store_set_clock (parts, fake_clock, NULL);
  whole_view = oc_conversation_view_new (whole);
  parts_view = oc_conversation_view_new (parts);
  oc_conversation_view_set_sort (whole_view, OC_SORT_WAIT, TRUE);
  oc_conversation_view_set_sort (parts_view, OC_SORT_WAIT, TRUE);
  change_recorder_init (&changes, G_LIST_MODEL (parts_view));
  changes.strict = TRUE;

  oc_conversation_store_load_snapshot (whole, snapshot);

  head.conversations = no_conversations;
  oc_conversation_store_begin_load (parts, &head);
  g_assert_nonnull (oc_conversation_store_lookup_agent (parts, "a-1"));
  /* Parts of 1,000 and less: above 1,024 the view rebuilds, below it places. */
  for (guint i = 0; i < snapshot->conversations->len; i += i == 0 ? 1000 : 7)
    {
      guint n = MIN (i == 0 ? 1000 : 7, snapshot->conversations->len - i);

      g_ptr_array_set_size (part, 0);
      for (guint k = 0; k < n; k++)
        g_ptr_array_add (part, g_ptr_array_index (snapshot->conversations, i + k));
      oc_conversation_store_load_more (parts, part);
      n_parts++;
      g_assert_cmpint (oc_conversation_store_get_revision (parts), ==, 0);
      change_recorder_assert_shadow (&changes);
    }
  oc_conversation_store_end_load (parts, snapshot->revision, 0);
  g_assert_cmpuint (n_parts, >, 50);

  g_assert_cmpint (oc_conversation_store_get_revision (parts), ==, oc_conversation_store_get_revision (whole));
  whole_ids = ids_of (G_LIST_MODEL (whole));
  parts_ids = ids_of (G_LIST_MODEL (parts));
  g_assert_cmpstr (parts_ids, ==, whole_ids);
  whole_rows = ids_of (G_LIST_MODEL (whole_view));
  parts_rows = ids_of (G_LIST_MODEL (parts_view));
  g_assert_cmpstr (parts_rows, ==, whole_rows);
  g_assert_null (oc_conversation_store_lookup (parts, "c-closed"));
  g_assert_null (oc_conversation_store_lookup (parts, "c-old"));
  g_assert_cmpstr (oc_conversation_get_subject (oc_conversation_store_lookup (parts, oc_conversation_get_id (g_ptr_array_index (snapshot->conversations, 3)))),
                   !=, "later copy");
  change_recorder_assert_shadow (&changes);

  /* Whole again: events apply. */
  {
    GPtrArray *events = g_ptr_array_new ();

    g_ptr_array_add (events, test_event_upsert (snapshot->revision + 1, random_conversation (f)));
    g_assert_cmpuint (test_apply (parts, events), ==, 1);
  }

  change_recorder_clear (&changes);
  test_snapshot_free (snapshot);
}

/* What a consumer reads while told of a rebuild: the new order, row by row
 * as GTK's list reads it, even after another consumer changed the view
 * again inside the same items-changed. */
typedef struct
{
  Fixture      *f;
  OcSortColumn  resort_to;  /* OC_SORT_NONE: leave the view alone */
  guint         n_checked;
} ReadDuring;

static void
read_rows_cb (GListModel *model,
              guint       position,
              guint       removed,
              guint       added,
              ReadDuring *r)
{
  OcConversationView *view = OC_CONVERSATION_VIEW (model);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (model, i);

      g_assert_cmpuint (oc_conversation_view_get_position (view, c), ==, i);
      if (i > 0)
        {
          g_autoptr(OcConversation) before = g_list_model_get_item (model, i - 1);

          g_assert_cmpint (oc_conversation_view_compare (view, before, c), <, 0);
        }
      r->n_checked++;
    }
  g_assert_null (g_list_model_get_item (model, n));
}

static void
resort_cb (GListModel *model,
           guint       position,
           guint       removed,
           guint       added,
           ReadDuring *r)
{
  OcSortColumn column = r->resort_to;

  if (column == OC_SORT_NONE)
    return;
  r->resort_to = OC_SORT_NONE;
  oc_conversation_view_set_sort (OC_CONVERSATION_VIEW (model), column, TRUE);
}

static void
test_read_during_rebuild (Fixture       *f,
                          gconstpointer  data)
{
  ReadDuring first = { f, OC_SORT_NONE, 0 };
  ReadDuring second = { f, OC_SORT_NONE, 0 };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->view));
  gulong reader, changer, late_reader;

  reader = g_signal_connect (f->view, "items-changed", G_CALLBACK (read_rows_cb), &first);
  oc_conversation_view_set_sort (f->view, OC_SORT_SUBJECT, FALSE);
  g_assert_cmpuint (first.n_checked, ==, n);

  /* A consumer between two readers sorts again: the later one reads the
   * order it made, the earlier one is told of that order too. */
  changer = g_signal_connect (f->view, "items-changed", G_CALLBACK (resort_cb), &first);
  late_reader = g_signal_connect (f->view, "items-changed", G_CALLBACK (read_rows_cb), &second);
  first.n_checked = 0;
  first.resort_to = OC_SORT_CUSTOMER;
  oc_conversation_view_set_sort (f->view, OC_SORT_CREATED, FALSE);
  g_assert_cmpint (oc_conversation_view_get_sort_column (f->view), ==, OC_SORT_CUSTOMER);
  g_assert_cmpuint (first.n_checked, ==, 2 * n);
  g_assert_cmpuint (second.n_checked, ==, 2 * n);

  /* And a batch placed after a rebuild reads from the tree again. */
  g_signal_handler_disconnect (f->view, changer);
  first.n_checked = second.n_checked = 0;
  update (f, view_item (f, 0), set_subject, "Moved by a batch");
  oc_conversation_view_set_sort (f->view, OC_SORT_SUBJECT, FALSE);
  g_assert_cmpuint (first.n_checked, >, 0);

  g_signal_handler_disconnect (f->view, reader);
  g_signal_handler_disconnect (f->view, late_reader);
  change_recorder_reset (&f->changes);
}

/* Rows that make a whole sort work: ids of every length that share long
 * prefixes, texts equal but for case, empty, non-ASCII, with bytes past
 * ASCII that fold to nothing, huge texts equal but for their last bytes,
 * ties on every column, flags up and lowered, rows without agent or queue. */
static void
add_hard_rows (Fixture *f)
{
  static const char * const ids[] = {
    "c", "c-1", "c-10", "c-1a", "c-1A", "c-01", "c-0000000000000001", "c-0000000000000001-",
    "c-0000000000000001-a", "c-00000000000000010", "conversation-with-a-long-shared-prefix-1",
    "conversation-with-a-long-shared-prefix-2", "conversation-with-a-long-shared-prefix-10",
    "Ω-1", "ω-1", "\\xc3\\x9f-1", "\\x7f", "~",
  };
  g_autofree char *huge = g_strnfill (70000, 'x');
  GPtrArray *events = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (ids) * 6; i++)
    {
      g_autofree char *id = i < G_N_ELEMENTS (ids) ? g_strcompress (ids[i])
                                                   : g_strdup_printf ("%s/%u", ids[i % G_N_ELEMENTS (ids)], i);
      OcConversation *c = test_conversation_new (id, OC_STATUS_OPEN, NULL, NULL, T0 - HOUR);
      g_autofree char *text = NULL;

      randomize (f, c, 12);
      switch (i % 9)
        {
        case 0: text = g_strdup (""); break;
        case 1: text = g_strdup_printf ("%s%c", huge, 'a' + (i % 3)); break;
        case 2: text = g_strdup_printf ("%s%c", huge, 'A' + (i % 3)); break;
        case 3: text = g_strdup (i % 2 ? "Refund" : "rEFUND"); break;
        case 4: text = g_strdup ("refund\\xc3\\xa9"); break;
        case 5: text = g_strdup ("Ödön \\xef\\xac\\x81le"); break;
        case 6: text = g_strdup ("abcdefgh"); break;
        case 7: text = g_strdup ("abcdefgh\\x01"); break;
        default: text = g_strdup ("ABCDEFG"); break;
        }
      {
        g_autofree char *unescaped = g_strcompress (text);

        oc_conversation_set_subject (c, unescaped);
        oc_conversation_set_customer_name (c, i % 2 ? unescaped : "");
      }
      if (i % 4 == 0)
        oc_conversation_set_queue_id (c, NULL);
      if (i % 5 == 0)
        oc_conversation_set_flag (c, "help", T0 - (i % 3) * 60, i % 2 ? T0 : 0, i % 2 ? "sam" : NULL);
      g_ptr_array_add (events, test_event_upsert (++f->revision, c));
    }
  test_apply (f->store, events);
}

static const OcSortColumn every_column[] = {
  OC_SORT_NONE, OC_SORT_SUBJECT, OC_SORT_STATUS, OC_SORT_AGENT, OC_SORT_QUEUE, OC_SORT_CHANNEL,
  OC_SORT_WAIT, OC_SORT_HANDLE, OC_SORT_SENTIMENT, OC_SORT_CUSTOMER, OC_SORT_CREATED,
  OC_SORT_AGENT_NAME, OC_SORT_QUEUE_NAME, OC_SORT_FLAG, OC_SORT_WATCHERS,
};

/* A whole sort by every column, both ways, from every other order, is the
 * reference's order, also after changes that moved rows one by one. */
static void
test_sort_every_column (Fixture       *f,
                        gconstpointer  data)
{
  add_hard_rows (f);
  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (every_column); i++)
        for (guint d = 0; d < 2; d++)
          {
            g_autofree char *name = g_strdup_printf ("column %d%s, round %u", every_column[i],
                                                     d == 1 ? " descending" : "", round);
            Setting s = { name, every_column[i], d == 1 };

            oc_conversation_view_set_sort (f->view, s.column, s.descending);
            assert_view_is_reference (f, &s);
            change_recorder_reset (&f->changes);
          }
      for (guint i = 0; i < 200; i++)
        random_round (f);
      change_recorder_reset (&f->changes);
    }
}

/* Every kind of filter change, narrowing and widening, with the sort kept,
 * is the reference's filter and order. */
static void
test_filter_every_change (Fixture       *f,
                          gconstpointer  data)
{
  static const Setting steps[] = {
    { "two queues", 0, FALSE, FALSE, { "q-1", "q-3" } },
    { "one of them", 0, FALSE, FALSE, { "q-3" } },
    { "all queues" },
    { "voice", 0, FALSE, FALSE, { NULL }, 1u << OC_CHANNEL_VOICE },
    { "voice, open", 0, FALSE, FALSE, { NULL }, 1u << OC_CHANNEL_VOICE, 1u << OC_STATUS_OPEN },
    { "agents", 0, FALSE, FALSE, { NULL }, 0, 0, { "a-1", "a-2" }, TRUE, FALSE },
    { "agents and unassigned", 0, FALSE, FALSE, { NULL }, 0, 0, { "a-1", "a-2" }, TRUE, TRUE },
    { "search", 0, FALSE, FALSE, { NULL }, 0, 0, { NULL }, FALSE, FALSE, "re" },
    { "narrower search", 0, FALSE, FALSE, { NULL }, 0, 0, { NULL }, FALSE, FALSE, "refund" },
    { "search in other case", 0, FALSE, FALSE, { NULL }, 0, 0, { NULL }, FALSE, FALSE, "REFUNDé" },
    { "search, a ligature", 0, FALSE, FALSE, { NULL }, 0, 0, { NULL }, FALSE, FALSE, "file" },
    { "search non-ASCII", 0, FALSE, FALSE, { NULL }, 0, 0, { NULL }, FALSE, FALSE, "ödö" },
    { "search an agent", 0, FALSE, FALSE, { NULL }, 0, 0, { NULL }, FALSE, FALSE, "björn" },
    { "search in a huge text", 0, FALSE, FALSE, { NULL }, 0, 0, { NULL }, FALSE, FALSE, "xxxxb" },
    { "search and a queue", 0, FALSE, FALSE, { "q-2" }, 0, 0, { NULL }, FALSE, FALSE, "r" },
    { "nothing" },
  };
  static const OcSortColumn columns[] = { OC_SORT_SUBJECT, OC_SORT_WAIT, OC_SORT_AGENT_NAME, OC_SORT_NONE };

  add_hard_rows (f);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        Setting s = steps[i];

        s.column = columns[c];
        s.descending = c % 2 == 1;
        apply_setting (f, &s);
        assert_view_is_reference (f, &s);
        change_recorder_reset (&f->changes);
        if (i % 4 == 3)
          {
            random_round (f);
            assert_view_is_reference (f, &s);
            change_recorder_reset (&f->changes);
          }
      }
}

/* The view lets go of every row it stopped showing: those a filter hides,
 * those moved and dropped in a batch, and those a snapshot replaced without
 * a word to the view (it rebuilds then). */
static void
test_lets_rows_go (Fixture       *f,
                   gconstpointer  data)
{
  const Setting *s = &settings[GPOINTER_TO_UINT (data) % G_N_ELEMENTS (settings)];
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));
  g_autofree gpointer *weak = g_new0 (gpointer, n);
  OcSnapshot *snapshot;
  Setting active;

  for (guint i = 0; i < n; i++)
    {
      weak[i] = view_item (f, i);
      g_object_add_weak_pointer (weak[i], &weak[i]);
    }

  apply_setting (f, s);
  for (guint round = 0; round < 200; round++)
    {
      if (round % 50 == 0)
        pin_random_rows (f);
      random_round (f);
    }
  oc_conversation_view_set_status_filter (f->view, 1 << OC_STATUS_WAITING);
  oc_conversation_view_set_status_filter (f->view, 0);
  oc_conversation_view_set_status_filter (f->view, 1 << OC_STATUS_ACTIVE);
  oc_conversation_view_set_pinned (f->view, NULL, 0);
  active = *s;
  active.name = "active";
  active.status_mask = 1 << OC_STATUS_ACTIVE;
  assert_view_is_reference (f, &active);

  snapshot = random_snapshot (f, 40);
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);

  for (guint i = 0; i < n; i++)
    if (weak[i] != NULL)
      g_error ("row %u (%s) is still held", i, oc_conversation_get_id (weak[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) g_test_add (path, Fixture, GUINT_TO_POINTER (data), fixture_set_up, func, fixture_tear_down)
  ADD ("/view/update/keeps-place", test_update_keeps_place, 0);
  ADD ("/view/update/membership", test_membership_moves, 1);
  ADD ("/view/filter/rebuilds-once", test_filter_rebuilds_once, 2);
  ADD ("/view/filter/search", test_search, 3);
  ADD ("/view/filter/agents", test_agent_filter, 4);
  ADD ("/view/filter/flags", test_flags, 7);
  ADD ("/view/sort/watchers", test_watchers, 8);
  ADD ("/view/snapshot/rebuilds-once", test_snapshot_rebuilds_once, 5);
  ADD ("/view/snapshot/first-load", test_first_load, 6);
  ADD ("/view/snapshot/load-in-parts", test_load_in_parts, 9);
  ADD ("/view/sort/read-during-rebuild", test_read_during_rebuild, 8);
  ADD ("/view/sort/every-column", test_sort_every_column, 9);
  ADD ("/view/filter/every-change", test_filter_every_change, 10);
  ADD ("/view/refs/lets-rows-go", test_lets_rows_go, 3);
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/view/random/%u", i);
      ADD (path, test_random, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/view/random-batches/%u", i);
      ADD (path, test_random_batches, i);
    }
#undef ADD

  return g_test_run ();
}
