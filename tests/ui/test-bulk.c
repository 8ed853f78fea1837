// SPDX-License-Identifier: GPL-3.0-or-later
/* Bulk force close against the hostile test server (#21): each outcome
 * reported, a refusal with the server's reason, and a connection that drops
 * mid-way losing no action and applying none twice. */
#include "config.h"

#include <gtk/gtk.h>

#include "oc-bulk-action.h"
#include "oc-hostile-fixture.h"
#include "store-test-util.h"

static GPtrArray *
pick (Fixture *f,
      guint    first,
      guint    n)
{
  GPtrArray *picked = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%06u", i);
      OcConversation *c = oc_conversation_store_lookup (f->store, id);

      g_assert_nonnull (c);
      g_ptr_array_add (picked, g_object_ref (c));
    }
  return picked;
}

static gboolean
bulk_finished (gpointer bulk)
{
  return oc_bulk_action_get_finished (bulk);
}

static void
test_drop_midway (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) picked = NULL;
  g_autoptr(OcBulkAction) bulk = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  guint live_before;

  connect_live (f);
  g_assert_true (oc_test_wait_until (store_caught_up, f, 10000));
  picked = pick (f, 1, 4);
  live_before = oc_hostile_server_get_n_live (f->server);

  /* More 503s than the client's own retries: the first conversation's
   * request fails twice over and is sent again, with its key, later. */
  oc_hostile_server_set_fail_actions (f->server, 7);
  bulk = oc_bulk_action_new (OC_SOURCE (f->client), picked);
  g_assert_cmpuint (oc_bulk_action_count (bulk, OC_BULK_OUTCOME_PENDING), ==, 4);
  oc_bulk_action_run (bulk);
  /* And the events socket drops while it runs. */
  oc_hostile_server_close_sockets (f->server);

  g_assert_true (oc_test_wait_until (bulk_finished, bulk, 60000));
  g_assert_cmpuint (oc_bulk_action_count (bulk, OC_BULK_OUTCOME_DONE), ==, 4);
  g_assert_cmpuint (oc_bulk_action_count (bulk, OC_BULK_OUTCOME_REFUSED), ==, 0);

  /* Sent more often than four times, under four keys only, and each closed once. */
  for (guint i = 0; i < 4; i++)
    g_hash_table_add (keys, (gpointer) oc_bulk_action_get_key (bulk, i));
  g_assert_cmpuint (g_hash_table_size (keys), ==, 4);
  g_assert_cmpuint (oc_hostile_server_get_n_action_calls (f->server), >, 8);
  g_assert_cmpuint (oc_hostile_server_get_n_action_keys (f->server), ==, 4);
  g_assert_cmpuint (oc_hostile_server_get_n_live (f->server), ==, live_before - 4);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *subject = oc_hostile_server_get_subject (f->server, i);
      g_assert_null (subject);
    }
}

static void
test_partial_refusal (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) picked = NULL;
  g_autoptr(OcBulkAction) bulk = NULL;

  connect_live (f);
  g_assert_true (oc_test_wait_until (store_caught_up, f, 10000));
  picked = pick (f, 10, 5);

  /* One already gone from the report is skipped, not sent. */
  oc_hostile_server_remove (f->server, 10);
  g_assert_true (oc_test_wait_until (store_caught_up, f, 10000));
  bulk = oc_bulk_action_new (OC_SOURCE (f->client), picked);
  g_assert_cmpuint (oc_bulk_action_count (bulk, OC_BULK_OUTCOME_SKIPPED), ==, 1);
  g_assert_cmpuint (oc_bulk_action_count (bulk, OC_BULK_OUTCOME_PENDING), ==, 4);

  /* Two closed by someone else after the confirmation: refused, each
   * with the server's reason. */
  oc_hostile_server_remove (f->server, 12);
  oc_hostile_server_remove (f->server, 14);
  oc_bulk_action_run (bulk);
  g_assert_true (oc_test_wait_until (bulk_finished, bulk, 30000));

  g_assert_cmpuint (oc_bulk_action_count (bulk, OC_BULK_OUTCOME_DONE), ==, 2);
  g_assert_cmpuint (oc_bulk_action_count (bulk, OC_BULK_OUTCOME_REFUSED), ==, 2);
  g_assert_cmpint (oc_bulk_action_get_outcome (bulk, 0), ==, OC_BULK_OUTCOME_SKIPPED);
  g_assert_cmpint (oc_bulk_action_get_outcome (bulk, 1), ==, OC_BULK_OUTCOME_DONE);
  g_assert_cmpint (oc_bulk_action_get_outcome (bulk, 2), ==, OC_BULK_OUTCOME_REFUSED);
  g_assert_cmpint (oc_bulk_action_get_outcome (bulk, 4), ==, OC_BULK_OUTCOME_REFUSED);
  g_assert_nonnull (strstr (oc_bulk_action_get_reason (bulk, 2), "Someone closed it first"));
  g_assert_nonnull (strstr (oc_bulk_action_get_reason (bulk, 4), "Someone closed it first"));
  g_assert_null (oc_bulk_action_get_reason (bulk, 3));
}

/* Assign to a queue skips those already in it (#21), and the confirmation
 * says so, the way Force close says "already closed" (test-window sends
 * them: this server does not assign). */
static void
test_assign_already_in_queue (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) picked = NULL;
  g_autoptr(OcBulkAction) bulk = NULL;
  g_autoptr(OcBulkAction) closing = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *none = NULL;

  connect_live (f);
  g_assert_true (oc_test_wait_until (store_caught_up, f, 10000));
  /* All four are in Billing (q-1); two as the report shows them after a
   * move elsewhere. */
  picked = pick (f, 30, 4);
  for (guint i = 2; i < 4; i++)
    {
      OcConversation *moved = test_conversation_copy (picked->pdata[i]);

      oc_conversation_set_queue_id (moved, "q-2");
      g_object_unref (picked->pdata[i]);
      picked->pdata[i] = moved;
    }

  bulk = oc_bulk_action_new_assign_queue (OC_SOURCE (f->client), picked, "q-1");
  g_assert_cmpuint (oc_bulk_action_count (bulk, OC_BULK_OUTCOME_IN_QUEUE), ==, 2);
  g_assert_cmpuint (oc_bulk_action_count (bulk, OC_BULK_OUTCOME_PENDING), ==, 2);
  g_assert_cmpint (oc_bulk_action_get_outcome (bulk, 0), ==, OC_BULK_OUTCOME_IN_QUEUE);
  g_assert_cmpint (oc_bulk_action_get_outcome (bulk, 2), ==, OC_BULK_OUTCOME_PENDING);
  skipped = oc_bulk_action_describe_skipped (bulk, "Billing");
  g_assert_cmpstr (skipped, ==, "2 are already in Billing and are skipped.");

  /* Force close knows no queue: nothing is skipped for it. */
  closing = oc_bulk_action_new (OC_SOURCE (f->client), picked);
  none = oc_bulk_action_describe_skipped (closing, NULL);
  g_assert_cmpstr (none, ==, "");
}

int
main (int    argc,
      char **argv)
{
  oc_hostile_test_init (&argc, &argv);

  ADD ("/bulk/drop-midway", test_drop_midway);
  ADD ("/bulk/partial-refusal", test_partial_refusal);
  ADD ("/bulk/assign-already-in-queue", test_assign_already_in_queue);

  return g_test_run ();
}
