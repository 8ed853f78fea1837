// SPDX-License-Identifier: GPL-3.0-or-later
/* OcClient's actions against the scripted server: idempotent retries on 503,
 * the server's refusals mapped to OcSourceError, ids checked before sending. */

#include "config.h"

#include "oc-client.h"
#include "oc-hostile-fixture.h"

static void
test_action_retry (Fixture       *fixture,
                   gconstpointer  data)
{
  ActionResult first = { 0 }, second = { 0 };

  connect_live (fixture);

  /* Two 503s, then success: the same key each time, one effect. */
  oc_hostile_server_set_fail_actions (fixture->server, 2);
  oc_source_force_close_async (OC_SOURCE (fixture->client), "c-000004", NULL, action_done, &first);
  g_assert_true (oc_test_wait_until (action_is_done, &first, 10000));
  g_assert_no_error (first.error);
  g_assert_true (first.ok);
  g_assert_cmpuint (oc_hostile_server_get_n_action_calls (fixture->server), ==, 3);
  g_assert_cmpuint (oc_hostile_server_get_n_action_keys (fixture->server), ==, 1);
  assert_store_matches (fixture);
  g_assert_null (oc_conversation_store_lookup (fixture->store, "c-000004"));

  /* A second call is a new action with a new key, and the server says no. */
  oc_source_force_close_async (OC_SOURCE (fixture->client), "c-000004", NULL, action_done, &second);
  g_assert_true (oc_test_wait_until (action_is_done, &second, 10000));
  g_assert_false (second.ok);
  g_assert_error (second.error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_STATE_CHANGED);
  g_assert_cmpstr (second.error->message, ==, "Someone closed it first.");
  g_assert_cmpuint (oc_hostile_server_get_n_action_keys (fixture->server), ==, 2);
  g_clear_error (&second.error);
}

static void
test_action_gives_up (Fixture       *fixture,
                      gconstpointer  data)
{
  ActionResult res = { 0 };

  oc_hostile_server_set_fail_actions (fixture->server, 10);
  oc_source_force_close_async (OC_SOURCE (fixture->client), "c-000004", NULL, action_done, &res);
  g_assert_true (oc_test_wait_until (action_is_done, &res, 10000));
  g_assert_error (res.error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAVAILABLE);
  g_assert_cmpuint (oc_hostile_server_get_n_action_calls (fixture->server), ==, 3);
  g_clear_error (&res.error);
}

static void
test_action_bad_input (Fixture       *fixture,
                       gconstpointer  data)
{
  ActionResult res = { 0 };

  oc_source_force_close_async (OC_SOURCE (fixture->client), "../../etc/passwd", NULL, action_done, &res);
  g_assert_true (oc_test_wait_until (action_is_done, &res, 10000));
  g_assert_error (res.error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST);
  g_assert_cmpuint (oc_hostile_server_get_n_action_calls (fixture->server), ==, 0);
  g_clear_error (&res.error);

  res = (ActionResult) { 0 };
  oc_source_send_message_async (OC_SOURCE (fixture->client), "c-000001", "", NULL, action_done, &res);
  g_assert_true (oc_test_wait_until (action_is_done, &res, 10000));
  g_assert_error (res.error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST);
  g_clear_error (&res.error);

  res = (ActionResult) { 0 };
  oc_source_join_async (OC_SOURCE (fixture->client), "c-000001", NULL, action_done, &res);
  g_assert_true (oc_test_wait_until (action_is_done, &res, 10000));
  g_assert_error (res.error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_NOT_FOUND);
  g_assert_cmpstr (res.error->message, ==, "No such action.");
  g_clear_error (&res.error);
}

int
main (int   argc,
      char *argv[])
{
  oc_hostile_test_init (&argc, &argv);

  ADD ("/client/actions/retry", test_action_retry);
  ADD ("/client/actions/gives-up", test_action_gives_up);
  ADD ("/client/actions/bad-input", test_action_bad_input);

  g_test_add_func ("/client/finally/token-not-logged", test_token_not_logged);

  return g_test_run ();
}
