// SPDX-License-Identifier: GPL-3.0-or-later
/* OcStoreFollower (#21): what the report's view, the agents view and the
 * notifier each learn of the store's changes, told the same way: an update,
 * an arrival, a departure while the row is still there, one "settled" per
 * batch, and a reload for a snapshot. */
#include "config.h"

#include "oc-store-follower.h"
#include "store-test-util.h"

#define T0 G_GINT64_CONSTANT (1764000000)

typedef struct {
  OcConversationStore *store;
  OcStoreFollower      follower;
  GString             *log;
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  return T0;
}

static void
log_changed (gpointer        owner,
             OcConversation *conversation)
{
  g_string_append_printf (((Fixture *) owner)->log, "c:%s;", oc_conversation_get_id (conversation));
}

static void
log_removed (gpointer        owner,
             OcConversation *conversation)
{
  Fixture *f = owner;

  /* Still there while it is told. */
  g_assert_true (oc_conversation_store_lookup (f->store, oc_conversation_get_id (conversation)) == conversation);
  g_string_append_printf (f->log, "r:%s;", oc_conversation_get_id (conversation));
}

static void
log_reload (gpointer owner)
{
  g_string_append (((Fixture *) owner)->log, "reload;");
}

static void
log_settled (gpointer owner)
{
  g_string_append (((Fixture *) owner)->log, "settled;");
}

static const OcStoreFollowerFuncs funcs = {
  .changed = log_changed,
  .removed = log_removed,
  .reload = log_reload,
  .settled = log_settled,
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = oc_conversation_store_new ();
  oc_conversation_store_set_clock (f->store, fake_clock, NULL);
  f->log = g_string_new (NULL);
  oc_store_follower_init (&f->follower, f->store, 2, &funcs, f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  oc_store_follower_clear (&f->follower);
  oc_store_follower_clear (&f->follower);
  g_string_free (f->log, TRUE);
  g_assert_finalize_object (f->store);
}

static OcEvent *
upsert (gint64      revision,
        const char *id,
        OcStatus    status)
{
  /* The event takes the conversation. */
  return test_event_upsert (revision, test_conversation_new (id, status, "q-00", NULL, T0));
}

static void
test_batches (Fixture       *f,
              gconstpointer  data)
{
  GPtrArray *events = g_ptr_array_new ();

  g_ptr_array_add (events, upsert (1, "c-1", OC_STATUS_OPEN));
  g_ptr_array_add (events, upsert (2, "c-2", OC_STATUS_OPEN));
  test_apply (f->store, events);
  g_assert_cmpstr (f->log->str, ==, "c:c-1;c:c-2;settled;");

  g_string_truncate (f->log, 0);
  events = g_ptr_array_new ();
  g_ptr_array_add (events, upsert (3, "c-1", OC_STATUS_ACTIVE));
  g_ptr_array_add (events, upsert (4, "c-2", OC_STATUS_CLOSED));
  test_apply (f->store, events);
  g_assert_cmpstr (f->log->str, ==, "c:c-1;r:c-2;settled;");

  /* More arrivals at once than the threshold: one reload. */
  g_string_truncate (f->log, 0);
  events = g_ptr_array_new ();
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("n-%u", i);

      g_ptr_array_add (events, upsert (5 + i, id, OC_STATUS_OPEN));
    }
  test_apply (f->store, events);
  g_assert_cmpstr (f->log->str, ==, "reload;settled;");
}

/* A snapshot swaps everything in one items-changed: told as a reload, with
 * nothing row by row before it. */
static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  GPtrArray *events = g_ptr_array_new ();
  OcSnapshot *snapshot = test_snapshot_new (10);
  g_autoptr(OcConversation) kept = test_conversation_new ("c-1", OC_STATUS_ACTIVE, "q-00", NULL, T0);

  g_ptr_array_add (events, upsert (1, "c-1", OC_STATUS_OPEN));
  g_ptr_array_add (events, upsert (2, "c-2", OC_STATUS_OPEN));
  test_apply (f->store, events);
  g_string_truncate (f->log, 0);

  g_ptr_array_add (snapshot->conversations, g_object_ref (kept));
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);
  g_assert_cmpstr (f->log->str, ==, "reload;");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store-follower/batches", test_batches);
  ADD ("/store-follower/snapshot", test_snapshot);
#undef ADD

  return g_test_run ();
}
