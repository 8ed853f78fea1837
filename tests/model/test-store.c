// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "oc-conversation-store.h"
#include "store-test-util.h"

#define T0 G_GINT64_CONSTANT (1764000000)   /* 2025-11-24, a fixed "now" */
#define HOUR (60 * 60)

static gint64 fake_now = T0;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

/* A store on the fake clock, with everything it says written down. */
typedef struct
{
  OcConversationStore *store;
  ChangeRecorder       changes;
  GPtrArray           *updated;   /* OcConversation, in order */
  GString             *removed;   /* "id:reason;" in order */
  guint                n_resync;
} Fixture;

static void
on_updated (OcConversationStore *store,
            OcConversation      *conversation,
            Fixture             *f)
{
  g_ptr_array_add (f->updated, conversation);
}

static void
on_removed (OcConversationStore *store,
            OcConversation      *conversation,
            const char          *reason,
            Fixture             *f)
{
  /* Announced before it leaves: still there. */
  g_assert_true (oc_conversation_store_lookup (store, oc_conversation_get_id (conversation)) == conversation);
  g_string_append_printf (f->removed, "%s:%s;", oc_conversation_get_id (conversation), reason);
}

static void
on_resync (OcConversationStore *store,
           Fixture             *f)
{
  f->n_resync++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fake_now = T0;
  f->store = oc_conversation_store_new ();
  oc_conversation_store_set_clock (f->store, fake_clock, NULL);
  change_recorder_init (&f->changes, G_LIST_MODEL (f->store));
  f->updated = g_ptr_array_new ();
  f->removed = g_string_new (NULL);
  g_signal_connect (f->store, "conversation-updated", G_CALLBACK (on_updated), f);
  g_signal_connect (f->store, "conversation-removed", G_CALLBACK (on_removed), f);
  g_signal_connect (f->store, "resync-needed", G_CALLBACK (on_resync), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  change_recorder_clear (&f->changes);
  g_ptr_array_unref (f->updated);
  g_string_free (f->removed, TRUE);
  g_assert_finalize_object (f->store);
}

static void
fixture_reset (Fixture *f)
{
  change_recorder_reset (&f->changes);
  g_ptr_array_set_size (f->updated, 0);
  g_string_truncate (f->removed, 0);
  f->n_resync = 0;
}

static void
assert_changes (Fixture    *f,
                const char *expected)
{
  g_autofree char *got = change_recorder_format (&f->changes);

  g_assert_cmpstr (got, ==, expected);
  change_recorder_assert_shadow (&f->changes);
}

/* "a,b,c": the ids of the store's rows in order. */
static char *
store_ids (OcConversationStore *store)
{
  GString *s = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_string_append_printf (s, "%s%s", i ? "," : "", oc_conversation_get_id (c));
    }
  return g_string_free (s, FALSE);
}

static void
assert_ids (Fixture    *f,
            const char *expected)
{
  g_autofree char *got = store_ids (f->store);
  g_assert_cmpstr (got, ==, expected);
}

/* Loads rows with the given comma-separated ids, created an hour ago. */
static void
load (Fixture    *f,
      gint64      revision,
      const char *ids)
{
  g_auto(GStrv) split = g_strsplit (ids, ",", -1);
  OcSnapshot *snapshot = test_snapshot_new (revision);

  for (guint i = 0; split[i] != NULL; i++)
    g_ptr_array_add (snapshot->conversations,
                     test_conversation_new (split[i], OC_STATUS_OPEN, "q-1", NULL, T0 - HOUR));

  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);
}

static GPtrArray *
events_new (void)
{
  return g_ptr_array_new ();
}

static OcConversation *
changed_copy (Fixture    *f,
              const char *id)
{
  return test_conversation_copy (oc_conversation_store_lookup (f->store, id));
}

static void
test_load (Fixture       *f,
           gconstpointer  data)
{
  load (f, 100, "a,b,c");

  assert_changes (f, "(0,0,3)");
  assert_ids (f, "a,b,c");
  g_assert_cmpint (oc_conversation_store_get_revision (f->store), ==, 100);
  g_assert_nonnull (oc_conversation_store_lookup (f->store, "b"));
  g_assert_null (oc_conversation_store_lookup (f->store, "z"));
  g_assert_cmpstr (f->removed->str, ==, "");
}

static void
test_upsert_new (Fixture       *f,
                 gconstpointer  data)
{
  GPtrArray *events = events_new ();

  load (f, 100, "a,b,c");
  fixture_reset (f);

  g_ptr_array_add (events, test_event_upsert (101, test_conversation_new ("d", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_ptr_array_add (events, test_event_upsert (102, test_conversation_new ("e", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_assert_cmpuint (test_apply (f->store, events), ==, 2);

  /* Two arrivals, one trailing items-changed. */
  assert_changes (f, "(3,0,2)");
  assert_ids (f, "a,b,c,d,e");
  g_assert_cmpint (oc_conversation_store_get_revision (f->store), ==, 102);
  g_assert_cmpuint (f->updated->len, ==, 0);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_update_in_place (Fixture       *f,
                      gconstpointer  data)
{
  GPtrArray *events = events_new ();
  OcConversation *b, *update;
  guint n_subject_notify = 0;

  load (f, 100, "a,b,c");
  fixture_reset (f);
  b = oc_conversation_store_lookup (f->store, "b");
  g_signal_connect (b, "notify::subject", G_CALLBACK (count_notify), &n_subject_notify);

  update = changed_copy (f, "b");
  oc_conversation_set_subject (update, "Refund for order #5521");
  oc_conversation_set_status (update, OC_STATUS_ACTIVE);
  g_ptr_array_add (events, test_event_upsert (101, update));
  g_assert_cmpuint (test_apply (f->store, events), ==, 1);

  assert_changes (f, "");
  g_assert_true (oc_conversation_store_lookup (f->store, "b") == b);
  g_assert_cmpstr (oc_conversation_get_subject (b), ==, "Refund for order #5521");
  g_assert_cmpint (oc_conversation_get_status (b), ==, OC_STATUS_ACTIVE);
  g_assert_cmpuint (n_subject_notify, ==, 1);
  g_assert_cmpuint (f->updated->len, ==, 1);
  g_assert_true (g_ptr_array_index (f->updated, 0) == (gpointer) b);

  /* The same values again: nothing to say. */
  events = events_new ();
  g_ptr_array_add (events, test_event_upsert (102, test_conversation_copy (b)));
  g_assert_cmpuint (test_apply (f->store, events), ==, 1);
  g_assert_cmpuint (f->updated->len, ==, 1);
  g_assert_cmpuint (n_subject_notify, ==, 1);
  g_signal_handlers_disconnect_by_func (b, count_notify, &n_subject_notify);
}

static void
test_removed (Fixture       *f,
              gconstpointer  data)
{
  GPtrArray *events = events_new ();

  load (f, 100, "a,b,c");
  fixture_reset (f);

  g_ptr_array_add (events, test_event_removed (101, "b", "force-closed"));
  g_ptr_array_add (events, test_event_removed (102, "nobody", "closed"));
  g_assert_cmpuint (test_apply (f->store, events), ==, 2);

  assert_changes (f, "(1,1,0)");
  assert_ids (f, "a,c");
  g_assert_cmpstr (f->removed->str, ==, "b:force-closed;");
  g_assert_null (oc_conversation_store_lookup (f->store, "b"));
}

static OcStatus status_when_removed;

static void
remember_status (OcConversationStore *store,
                 OcConversation      *conversation,
                 const char          *reason)
{
  status_when_removed = oc_conversation_get_status (conversation);
}

static void
test_closed_by_upsert (Fixture       *f,
                       gconstpointer  data)
{
  GPtrArray *events = events_new ();
  OcConversation *update;

  load (f, 100, "a,b,c");
  fixture_reset (f);
  g_signal_connect (f->store, "conversation-removed", G_CALLBACK (remember_status), NULL);

  update = changed_copy (f, "c");
  oc_conversation_set_status (update, OC_STATUS_CLOSED);
  g_ptr_array_add (events, test_event_upsert (101, update));
  test_apply (f->store, events);

  assert_changes (f, "(2,1,0)");
  assert_ids (f, "a,b");
  g_assert_cmpstr (f->removed->str, ==, "c:closed;");
  /* Listeners see the closing values, and no in-place update. */
  g_assert_cmpint (status_when_removed, ==, OC_STATUS_CLOSED);
  g_assert_cmpuint (f->updated->len, ==, 0);
  g_signal_handlers_disconnect_by_func (f->store, remember_status, NULL);
}

static void
test_coalesce (Fixture       *f,
               gconstpointer  data)
{
  GPtrArray *events = events_new ();
  OcConversation *update;

  load (f, 100, "a,b,c,d,e,f");
  fixture_reset (f);

  g_ptr_array_add (events, test_event_removed (101, "b", "closed"));
  g_ptr_array_add (events, test_event_upsert (102, test_conversation_new ("x", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_ptr_array_add (events, test_event_removed (103, "c", "closed"));
  g_ptr_array_add (events, test_event_removed (104, "f", "expired"));
  update = changed_copy (f, "a");
  oc_conversation_set_agent_id (update, "a-7");
  g_ptr_array_add (events, test_event_upsert (105, update));
  g_ptr_array_add (events, test_event_upsert (106, test_conversation_new ("y", OC_STATUS_OPEN, "q-1", NULL, T0)));
  /* Arrives and leaves within the batch: never seen. */
  g_ptr_array_add (events, test_event_upsert (107, test_conversation_new ("z", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_ptr_array_add (events, test_event_removed (108, "z", "closed"));
  /* Updated before it is flushed: arrives with the new values. */
  update = test_conversation_new ("y", OC_STATUS_WAITING, "q-1", NULL, T0);
  g_ptr_array_add (events, test_event_upsert (109, update));
  g_assert_cmpuint (test_apply (f->store, events), ==, 9);

  /* Last run (f) merged with the arrivals, then b,c in one. */
  assert_changes (f, "(5,1,2)(1,2,0)");
  assert_ids (f, "a,d,e,x,y");
  g_assert_cmpuint (f->updated->len, ==, 1);
  g_assert_cmpstr (f->removed->str, ==, "f:expired;b:closed;c:closed;");
  g_assert_cmpint (oc_conversation_get_status (oc_conversation_store_lookup (f->store, "y")), ==, OC_STATUS_WAITING);
  g_assert_cmpint (oc_conversation_store_get_revision (f->store), ==, 109);
}

static void
test_revived_in_batch (Fixture       *f,
                       gconstpointer  data)
{
  GPtrArray *events = events_new ();
  OcConversation *b = NULL, *update;

  load (f, 100, "a,b,c");
  fixture_reset (f);
  b = oc_conversation_store_lookup (f->store, "b");

  update = changed_copy (f, "b");
  oc_conversation_set_status (update, OC_STATUS_CLOSED);
  g_ptr_array_add (events, test_event_upsert (101, update));
  update = changed_copy (f, "b");
  oc_conversation_set_status (update, OC_STATUS_WAITING);
  g_ptr_array_add (events, test_event_upsert (102, update));
  test_apply (f->store, events);

  assert_changes (f, "");
  g_assert_cmpstr (f->removed->str, ==, "");
  g_assert_true (oc_conversation_store_lookup (f->store, "b") == b);
  g_assert_cmpint (oc_conversation_get_status (b), ==, OC_STATUS_WAITING);
  g_assert_cmpuint (f->updated->len, ==, 1);
}

static void
test_ageing (Fixture       *f,
             gconstpointer  data)
{
  OcSnapshot *snapshot = test_snapshot_new (100);
  GPtrArray *events;

  g_ptr_array_add (snapshot->conversations, test_conversation_new ("old", OC_STATUS_OPEN, "q-1", NULL, T0 - 23 * HOUR));
  g_ptr_array_add (snapshot->conversations, test_conversation_new ("new", OC_STATUS_OPEN, "q-1", NULL, T0 - HOUR));
  g_ptr_array_add (snapshot->conversations, test_conversation_new ("older", OC_STATUS_OPEN, "q-1", NULL, T0 - 22 * HOUR));
  /* Already too old when it arrives: never loaded. */
  g_ptr_array_add (snapshot->conversations, test_conversation_new ("stale", OC_STATUS_OPEN, "q-1", NULL, T0 - 25 * HOUR));
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);
  assert_ids (f, "old,new,older");
  fixture_reset (f);

  g_assert_cmpuint (oc_conversation_store_expire (f->store), ==, 0);
  assert_changes (f, "");

  fake_now = T0 + HOUR + 1;
  g_assert_cmpint (oc_conversation_store_now (f->store), ==, T0 + HOUR + 1);
  g_assert_cmpuint (oc_conversation_store_expire (f->store), ==, 1);
  assert_changes (f, "(0,1,0)");
  g_assert_cmpstr (f->removed->str, ==, "old:expired;");

  fake_now = T0 + 2 * HOUR + 1;
  fixture_reset (f);
  g_assert_cmpuint (oc_conversation_store_expire (f->store), ==, 1);
  assert_changes (f, "(1,1,0)");
  assert_ids (f, "new");

  /* An upsert of a row past its age removes it; a new one is not added. */
  fixture_reset (f);
  events = events_new ();
  g_ptr_array_add (events, test_event_upsert (101, test_conversation_new ("new", OC_STATUS_ACTIVE, "q-1", NULL, T0 - 30 * HOUR)));
  g_ptr_array_add (events, test_event_upsert (102, test_conversation_new ("ancient", OC_STATUS_OPEN, "q-1", NULL, T0 - 30 * HOUR)));
  g_assert_cmpuint (test_apply (f->store, events), ==, 2);
  assert_changes (f, "(0,1,0)");
  g_assert_cmpstr (f->removed->str, ==, "new:expired;");
  assert_ids (f, "");
}

static void
test_duplicate_revision (Fixture       *f,
                         gconstpointer  data)
{
  GPtrArray *events = events_new ();
  OcConversation *update;

  load (f, 100, "a,b");
  fixture_reset (f);

  /* A replay after reconnecting: 99 and 100 are old news. */
  update = changed_copy (f, "a");
  oc_conversation_set_subject (update, "stale");
  g_ptr_array_add (events, test_event_upsert (99, update));
  g_ptr_array_add (events, test_event_removed (100, "b", "closed"));
  g_ptr_array_add (events, test_event_upsert (101, test_conversation_new ("c", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_ptr_array_add (events, test_event_upsert (101, test_conversation_new ("d", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_assert_cmpuint (test_apply (f->store, events), ==, 1);

  assert_changes (f, "(2,0,1)");
  assert_ids (f, "a,b,c");
  g_assert_cmpstr (oc_conversation_get_subject (oc_conversation_store_lookup (f->store, "a")), ==, "a");
  g_assert_cmpuint (f->n_resync, ==, 0);
  g_assert_cmpint (oc_conversation_store_get_revision (f->store), ==, 101);
}

static void
test_gap (Fixture       *f,
          gconstpointer  data)
{
  GPtrArray *events = events_new ();

  load (f, 100, "a,b");
  fixture_reset (f);

  g_ptr_array_add (events, test_event_upsert (101, test_conversation_new ("c", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_ptr_array_add (events, test_event_upsert (103, test_conversation_new ("d", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_ptr_array_add (events, test_event_upsert (104, test_conversation_new ("e", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_assert_cmpuint (test_apply (f->store, events), ==, 1);

  /* What came before the gap stands; nothing after it. */
  assert_changes (f, "(2,0,1)");
  assert_ids (f, "a,b,c");
  g_assert_cmpuint (f->n_resync, ==, 1);
  g_assert_cmpint (oc_conversation_store_get_revision (f->store), ==, 101);

  /* The server asking for it has the same effect. */
  events = events_new ();
  g_ptr_array_add (events, test_event_simple (OC_EVENT_RESYNC_REQUIRED, 300));
  g_ptr_array_add (events, test_event_upsert (102, test_conversation_new ("f", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_assert_cmpuint (test_apply (f->store, events), ==, 0);
  g_assert_cmpuint (f->n_resync, ==, 2);
  assert_ids (f, "a,b,c");
}

static void
test_ignored_events (Fixture       *f,
                     gconstpointer  data)
{
  GPtrArray *events = events_new ();

  load (f, 100, "a");
  fixture_reset (f);

  g_ptr_array_add (events, test_event_simple (OC_EVENT_HELLO, 500));
  g_ptr_array_add (events, test_event_simple (OC_EVENT_PING, 700));
  g_ptr_array_add (events, test_event_simple (OC_EVENT_UNKNOWN, 900));
  g_assert_cmpuint (test_apply (f->store, events), ==, 0);

  assert_changes (f, "");
  g_assert_cmpuint (f->n_resync, ==, 0);
  g_assert_cmpint (oc_conversation_store_get_revision (f->store), ==, 100);
}

static void
test_snapshot_merge (Fixture       *f,
                     gconstpointer  data)
{
  OcSnapshot *snapshot = test_snapshot_new (100);
  OcConversation *a, *b, *c, *b2;
  OcAgent *agent_1, *agent_2;
  ChangeRecorder agent_changes;
  GListModel *agents = oc_conversation_store_get_agents (f->store);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%u", i);
      g_ptr_array_add (snapshot->conversations, test_conversation_new (id, OC_STATUS_OPEN, "q-1", NULL, T0 - HOUR));
    }
  g_ptr_array_add (snapshot->agents, oc_agent_new ("a-1"));
  g_ptr_array_add (snapshot->agents, oc_agent_new ("a-2"));
  g_ptr_array_add (snapshot->queues, oc_queue_new ("q-1"));
  g_ptr_array_add (snapshot->workstreams, oc_workstream_new ("ws-chat"));
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);

  a = oc_conversation_store_lookup (f->store, "c-0");
  b = oc_conversation_store_lookup (f->store, "c-1");
  c = oc_conversation_store_lookup (f->store, "c-2");
  agent_1 = oc_conversation_store_lookup_agent (f->store, "a-1");
  agent_2 = oc_conversation_store_lookup_agent (f->store, "a-2");
  g_assert_nonnull (oc_conversation_store_lookup_queue (f->store, "q-1"));
  g_assert_nonnull (oc_conversation_store_lookup_workstream (f->store, "ws-chat"));
  g_object_add_weak_pointer (G_OBJECT (a), (gpointer *) &a);
  g_object_add_weak_pointer (G_OBJECT (agent_1), (gpointer *) &agent_1);
  fixture_reset (f);
  change_recorder_init (&agent_changes, agents);

  /* A resync: c-0 is gone, c-1 changed, c-3 is new, c-2 as it was. */
  snapshot = test_snapshot_new (250);
  b2 = test_conversation_new ("c-1", OC_STATUS_ACTIVE, "q-2", "a-2", T0 - HOUR);
  g_ptr_array_add (snapshot->conversations, b2);
  g_ptr_array_add (snapshot->conversations, test_conversation_new ("c-3", OC_STATUS_OPEN, "q-1", NULL, T0));
  g_ptr_array_add (snapshot->conversations, test_conversation_new ("c-2", OC_STATUS_OPEN, "q-1", NULL, T0 - HOUR));
  g_ptr_array_add (snapshot->conversations, test_conversation_new ("c-9", OC_STATUS_CLOSED, "q-1", NULL, T0 - HOUR));
  g_ptr_array_add (snapshot->agents, oc_agent_new ("a-2"));
  g_ptr_array_add (snapshot->agents, oc_agent_new ("a-3"));
  oc_agent_set_name (g_ptr_array_index (snapshot->agents, 0), "Amina");
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);

  assert_changes (f, "(0,3,3)");
  assert_ids (f, "c-1,c-3,c-2");
  g_assert_cmpstr (f->removed->str, ==, "c-0:resync;");
  g_assert_cmpuint (f->updated->len, ==, 0);
  g_assert_null (a);
  g_assert_true (oc_conversation_store_lookup (f->store, "c-1") == b);
  g_assert_true (oc_conversation_store_lookup (f->store, "c-2") == c);
  g_assert_cmpint (oc_conversation_get_status (b), ==, OC_STATUS_ACTIVE);
  g_assert_cmpstr (oc_conversation_get_queue_id (b), ==, "q-2");
  g_assert_cmpint (oc_conversation_store_get_revision (f->store), ==, 250);

  /* Agents: one items-changed, the persisting one keeps its object. */
  {
    g_autofree char *got = change_recorder_format (&agent_changes);
    g_assert_cmpstr (got, ==, "(0,2,2)");
  }
  change_recorder_assert_shadow (&agent_changes);
  g_assert_true (oc_conversation_store_lookup_agent (f->store, "a-2") == agent_2);
  g_assert_cmpstr (oc_agent_get_name (agent_2), ==, "Amina");
  g_assert_null (oc_conversation_store_lookup_agent (f->store, "a-1"));
  g_assert_null (agent_1);   /* dropped from the list, and freed */
  g_assert_null (oc_conversation_store_lookup_queue (f->store, "q-1"));
  change_recorder_clear (&agent_changes);
}

static void
test_agent_upsert (Fixture       *f,
                   gconstpointer  data)
{
  OcSnapshot *snapshot = test_snapshot_new (100);
  GListModel *agents = oc_conversation_store_get_agents (f->store);
  ChangeRecorder agent_changes;
  GPtrArray *events = events_new ();
  OcAgent *agent, *update;
  g_autofree char *got = NULL;

  g_ptr_array_add (snapshot->agents, oc_agent_new ("a-1"));
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);
  agent = oc_conversation_store_lookup_agent (f->store, "a-1");
  change_recorder_init (&agent_changes, agents);

  update = oc_agent_new ("a-1");
  oc_agent_set_name (update, "Sam");
  oc_agent_set_presence (update, OC_PRESENCE_AWAY);
  g_ptr_array_add (events, test_event_agent (101, update));
  g_ptr_array_add (events, test_event_agent (102, oc_agent_new ("a-2")));
  g_assert_cmpuint (test_apply (f->store, events), ==, 2);

  got = change_recorder_format (&agent_changes);
  g_assert_cmpstr (got, ==, "(1,0,1)");
  change_recorder_assert_shadow (&agent_changes);
  g_assert_true (oc_conversation_store_lookup_agent (f->store, "a-1") == agent);
  g_assert_cmpstr (oc_agent_get_name (agent), ==, "Sam");
  g_assert_cmpint (oc_agent_get_presence (agent), ==, OC_PRESENCE_AWAY);
  g_assert_nonnull (oc_conversation_store_lookup_agent (f->store, "a-2"));
  g_assert_cmpint (oc_conversation_store_get_revision (f->store), ==, 102);
  change_recorder_clear (&agent_changes);
}

/* Many random batches: the store stays equal to a plain list kept beside it. */
static void
test_random_batches (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  gint64 revision = 1;
  guint next_id = 0;

  load (f, revision, "seed");
  g_ptr_array_add (expected, g_strdup ("seed"));

  for (guint round = 0; round < 2000; round++)
    {
      GPtrArray *events = events_new ();
      guint n = g_rand_int_range (rand, 1, 12);
      g_autoptr(GPtrArray) leaving = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) arriving = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < n; i++)
        {
          int what = g_rand_int_range (rand, 0, 10);

          if (what < 4 || expected->len < 5)
            {
              g_autofree char *id = g_strdup_printf ("c-%u", next_id++);
              g_ptr_array_add (events, test_event_upsert (++revision, test_conversation_new (id, OC_STATUS_OPEN, "q-1", NULL, T0)));
              g_ptr_array_add (arriving, g_steal_pointer (&id));
            }
          else
            {
              guint k = g_rand_int_range (rand, 0, expected->len);
              char *id = g_ptr_array_index (expected, k);

              if (what < 7)
                g_ptr_array_add (events, test_event_removed (++revision, id, "closed"));
              else
                {
                  OcConversation *update = changed_copy (f, id);
                  oc_conversation_set_status (update, what < 8 ? OC_STATUS_CLOSED : OC_STATUS_ACTIVE);
                  g_ptr_array_add (events, test_event_upsert (++revision, update));
                  if (what >= 8)
                    continue;
                }
              g_ptr_array_add (leaving, g_strdup (id));
              g_ptr_array_remove_index (expected, k);
            }
        }

      test_apply (f->store, events);
      for (guint i = 0; i < arriving->len; i++)
        g_ptr_array_add (expected, g_strdup (g_ptr_array_index (arriving, i)));

      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, expected->len);
      change_recorder_assert_shadow (&f->changes);
    }

  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (f->store), i);
      g_assert_cmpstr (oc_conversation_get_id (c), ==, g_ptr_array_index (expected, i));
    }
}

static const char *
id_at (Fixture *f,
       guint    position)
{
  g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (f->store), position);

  return c != NULL ? oc_conversation_get_id (c) : NULL;   /* the store keeps it */
}

/* Rows read by position in any order, the next, the previous, the same
 * again or far away, are the rows at those positions, also right after
 * rows before the last one read left or others arrived. */
static void
test_read_by_position (Fixture       *f,
                       gconstpointer  data)
{
  GPtrArray *events;

  load (f, 100, "a,b,c,d,e,f,g");
  g_assert_cmpstr (id_at (f, 3), ==, "d");
  g_assert_cmpstr (id_at (f, 3), ==, "d");
  g_assert_cmpstr (id_at (f, 4), ==, "e");
  g_assert_cmpstr (id_at (f, 3), ==, "d");
  g_assert_cmpstr (id_at (f, 2), ==, "c");
  g_assert_cmpstr (id_at (f, 6), ==, "g");
  g_assert_null (id_at (f, 7));
  g_assert_cmpstr (id_at (f, 0), ==, "a");
  assert_ids (f, "a,b,c,d,e,f,g");

  /* Last read: "d" at 3; "b" leaves, so 3 is "e" now and 4 is "f". */
  g_assert_cmpstr (id_at (f, 3), ==, "d");
  events = events_new ();
  g_ptr_array_add (events, test_event_removed (101, "b", "closed"));
  test_apply (f->store, events);
  g_assert_cmpstr (id_at (f, 4), ==, "f");
  g_assert_cmpstr (id_at (f, 3), ==, "e");

  /* Arrivals go at the end and move no row read before. */
  events = events_new ();
  g_ptr_array_add (events, test_event_upsert (102, test_conversation_new ("h", OC_STATUS_OPEN, "q-1", NULL, T0)));
  test_apply (f->store, events);
  g_assert_cmpstr (id_at (f, 4), ==, "f");
  g_assert_cmpstr (id_at (f, 6), ==, "h");
  assert_ids (f, "a,c,d,e,f,g,h");

  /* A snapshot replaces every row. */
  g_assert_cmpstr (id_at (f, 1), ==, "c");
  load (f, 200, "x,y,z");
  g_assert_cmpstr (id_at (f, 2), ==, "z");
  g_assert_cmpstr (id_at (f, 1), ==, "y");
  g_assert_null (id_at (f, 3));
  assert_ids (f, "x,y,z");
}

/* "r-0000,r-0001,…" for @first … @first + @n - 1. */
static char *
numbered_ids (guint first,
              guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = first; i < first + n; i++)
    g_string_append_printf (s, "%sr-%04u", i > first ? "," : "", i);
  return g_string_free (s, FALSE);
}

/* Every row read forwards, backwards and by jumps is @expected's. */
static void
assert_reads (Fixture   *f,
              GPtrArray *expected)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (expected->len);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (id_at (f, i), ==, g_ptr_array_index (expected, i));
  for (guint i = expected->len; i > 0; i--)
    g_assert_cmpstr (id_at (f, i - 1), ==, g_ptr_array_index (expected, i - 1));
  for (guint k = 0; k < 200 && expected->len > 0; k++)
    {
      guint i = g_rand_int_range (rand, 0, expected->len);
      g_assert_cmpstr (id_at (f, i), ==, g_ptr_array_index (expected, i));
    }
  g_assert_null (id_at (f, expected->len));
}

/* Over many leaves of the rows' tree: a run removed in the middle, single
 * rows elsewhere, a run at the end merged with the arrivals; each run told
 * at its position, last first; then reads by position see the rest. */
static void
test_removals_in_the_middle (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *ids = numbered_ids (0, 1000);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *events = events_new ();
  gint64 revision = 100;

  load (f, revision, ids);
  for (guint i = 0; i < 1000; i++)
    g_ptr_array_add (expected, g_strdup_printf ("r-%04u", i));
  assert_reads (f, expected);
  fixture_reset (f);

  for (guint i = 100; i < 200; i++)
    {
      g_autofree char *id = g_strdup_printf ("r-%04u", i);
      g_ptr_array_add (events, test_event_removed (++revision, id, "closed"));
    }
  g_ptr_array_add (events, test_event_removed (++revision, "r-0500", "closed"));
  g_ptr_array_add (events, test_event_removed (++revision, "r-0999", "closed"));
  g_ptr_array_add (events, test_event_upsert (++revision, test_conversation_new ("n-1", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_ptr_array_add (events, test_event_removed (++revision, "r-0998", "closed"));
  g_ptr_array_add (events, test_event_upsert (++revision, test_conversation_new ("n-2", OC_STATUS_OPEN, "q-1", NULL, T0)));
  g_ptr_array_add (events, test_event_removed (++revision, "r-0300", "expired"));
  test_apply (f->store, events);

  assert_changes (f, "(998,2,2)(500,1,0)(300,1,0)(100,100,0)");
  g_ptr_array_remove_range (expected, 998, 2);
  g_ptr_array_remove_index (expected, 500);
  g_ptr_array_remove_index (expected, 300);
  g_ptr_array_remove_range (expected, 100, 100);
  g_ptr_array_add (expected, g_strdup ("n-1"));
  g_ptr_array_add (expected, g_strdup ("n-2"));
  assert_reads (f, expected);
  g_assert_null (oc_conversation_store_lookup (f->store, "r-0150"));
  g_assert_nonnull (oc_conversation_store_lookup (f->store, "r-0200"));

  /* Every other row of what is left, from the end of the list back: each
   * one a run of its own. */
  fixture_reset (f);
  events = events_new ();
  for (guint i = 0; i < expected->len; i += 2)
    g_ptr_array_add (events, test_event_removed (++revision, g_ptr_array_index (expected, i), "closed"));
  test_apply (f->store, events);
  g_assert_cmpuint (f->changes.changes->len, ==, (expected->len + 1) / 2);
  change_recorder_assert_shadow (&f->changes);
  for (guint i = 0; i < expected->len; i++)
    g_ptr_array_remove_index (expected, i);
  assert_reads (f, expected);
}

static gboolean
in_ids (const char  *id,
        const char **ids,
        guint        n)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      return TRUE;
  return FALSE;
}

/* A resync over many rows: the ones that persist keep their objects in the
 * snapshot's order, the others are told and let go of, and the rows built
 * anew take removals and arrivals like any. */
static void
test_snapshot_keeps_objects (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *ids = numbered_ids (0, 600);
  g_autoptr(GPtrArray) before = g_ptr_array_new ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) told = g_string_new (NULL);
  OcSnapshot *snapshot;
  OcConversation *gone;
  GPtrArray *events;

  load (f, 100, ids);
  for (guint i = 0; i < 600; i++)
    g_ptr_array_add (before, oc_conversation_store_lookup (f->store, id_at (f, i)));
  gone = g_ptr_array_index (before, 301);
  g_object_add_weak_pointer (G_OBJECT (gone), (gpointer *) &gone);
  fixture_reset (f);

  /* The even rows from the end back, each followed by a new one. */
  snapshot = test_snapshot_new (200);
  for (guint i = 600; i > 0; i -= 2)
    {
      g_autofree char *id = g_strdup_printf ("r-%04u", i - 2);
      g_autofree char *fresh = g_strdup_printf ("s-%04u", i - 2);

      g_ptr_array_add (snapshot->conversations, test_conversation_new (id, OC_STATUS_ACTIVE, "q-2", NULL, T0 - HOUR));
      g_ptr_array_add (snapshot->conversations, test_conversation_new (fresh, OC_STATUS_OPEN, "q-1", NULL, T0));
      g_ptr_array_add (expected, g_steal_pointer (&id));
      g_ptr_array_add (expected, g_steal_pointer (&fresh));
    }
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);

  assert_changes (f, "(0,600,600)");
  for (guint i = 1; i < 600; i += 2)
    g_string_append_printf (told, "r-%04u:resync;", i);
  g_assert_cmpstr (f->removed->str, ==, told->str);
  g_assert_null (gone);
  for (guint i = 0; i < 600; i += 2)
    {
      OcConversation *row = g_ptr_array_index (before, i);

      g_assert_true (oc_conversation_store_lookup (f->store, oc_conversation_get_id (row)) == row);
      g_assert_cmpint (oc_conversation_get_status (row), ==, OC_STATUS_ACTIVE);
    }
  assert_reads (f, expected);

  /* Then a batch on the rebuilt rows. */
  fixture_reset (f);
  events = events_new ();
  {
    const char *leaving[] = { "s-0598", "r-0300", "s-0300", "r-0298", "s-0000" };

    for (guint i = 0; i < G_N_ELEMENTS (leaving); i++)
      g_ptr_array_add (events, test_event_removed (201 + i, leaving[i], "closed"));
    g_ptr_array_add (events, test_event_upsert (206, test_conversation_new ("t-1", OC_STATUS_OPEN, "q-1", NULL, T0)));
    test_apply (f->store, events);
    change_recorder_assert_shadow (&f->changes);
    for (guint i = expected->len; i > 0; i--)
      if (in_ids (g_ptr_array_index (expected, i - 1), leaving, G_N_ELEMENTS (leaving)))
        g_ptr_array_remove_index (expected, i - 1);
  }
  g_ptr_array_add (expected, g_strdup ("t-1"));
  /* s-0000 ended the list: its run takes the arrival. */
  assert_changes (f, "(599,1,1)(298,3,0)(1,1,0)");
  assert_reads (f, expected);
}

/* The store lets go of its rows when it goes. */
static void
test_dispose_releases_rows (Fixture       *f,
                            gconstpointer  data)
{
  OcConversationStore *store = oc_conversation_store_new ();
  OcSnapshot *snapshot = test_snapshot_new (100);
  OcConversation *row;

  oc_conversation_store_set_clock (store, fake_clock, NULL);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = g_strdup_printf ("r-%04u", i);
      g_ptr_array_add (snapshot->conversations, test_conversation_new (id, OC_STATUS_OPEN, "q-1", NULL, T0 - HOUR));
    }
  oc_conversation_store_load_snapshot (store, snapshot);
  test_snapshot_free (snapshot);
  row = oc_conversation_store_lookup (store, "r-0150");
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);

  g_assert_finalize_object (store);
  g_assert_null (row);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/load", test_load);
  ADD ("/store/apply/upsert-new", test_upsert_new);
  ADD ("/store/apply/update-in-place", test_update_in_place);
  ADD ("/store/apply/removed", test_removed);
  ADD ("/store/apply/closed-by-upsert", test_closed_by_upsert);
  ADD ("/store/apply/coalesce", test_coalesce);
  ADD ("/store/apply/revived-in-batch", test_revived_in_batch);
  ADD ("/store/apply/agent-upsert", test_agent_upsert);
  ADD ("/store/apply/ignored-events", test_ignored_events);
  ADD ("/store/apply/random-batches", test_random_batches);
  ADD ("/store/ageing", test_ageing);
  ADD ("/store/read-by-position", test_read_by_position);
  ADD ("/store/revision/duplicate", test_duplicate_revision);
  ADD ("/store/revision/gap", test_gap);
  ADD ("/store/snapshot/merge", test_snapshot_merge);
  ADD ("/store/snapshot/keeps-objects", test_snapshot_keeps_objects);
  ADD ("/store/apply/removals-in-the-middle", test_removals_in_the_middle);
  ADD ("/store/dispose-releases-rows", test_dispose_releases_rows);
#undef ADD

  return g_test_run ();
}
