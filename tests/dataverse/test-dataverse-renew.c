// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "dataverse-fixture.h"
#include "fake-dataverse-metadata.h"
#include "fake-entra.h"

/* A source signed in through Microsoft Entra ID (the fake authority) renews
 * its access token with the refresh token when the org refuses it or it
 * reaches its expiry time: once, silently, the store and the state as they
 * were; only when the renewal fails, or the org refuses the renewed token
 * too, does it become auth-failed, saying to sign in again (#20). */

#define SECOND_MS 20

typedef struct {
  Fixture        f;
  FakeEntra     *entra;
  OcEntraSignIn *sign_in;
  GPtrArray     *states;   /* each state after the first live, as a nick */
  gboolean       live;
} RenewFixture;

static gboolean
flag_done (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_signed_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (oc_entra_sign_in_device_code_finish (OC_ENTRA_SIGN_IN (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
on_state (OcSource     *source,
          GParamSpec   *pspec,
          RenewFixture *r)
{
  OcSourceState state = oc_source_get_state (source);

  if (r->live)
    g_ptr_array_add (r->states, g_strdup (oc_enum_to_nick (OC_TYPE_SOURCE_STATE, state)));
  if (state == OC_SOURCE_STATE_LIVE)
    r->live = TRUE;
}

/* Signed in (access-1, refresh-1) with a token that lasts @lifetime of the
 * authority's seconds, the org taking access-1, and live. */
static void
renew_set_up (RenewFixture *r,
              guint         lifetime)
{
  gboolean done = FALSE;

  fixture_set_up (&r->f, NULL);
  r->states = g_ptr_array_new_with_free_func (g_free);
  r->entra = fake_entra_new ();
  fake_entra_set_script (r->entra, 0, 0);
  fake_entra_set_token_lifetime (r->entra, lifetime);
  r->sign_in = oc_entra_sign_in_new (fake_entra_get_url (r->entra), NULL, NULL,
                                     fake_dataverse_get_url (r->f.fake));
  oc_entra_sign_in_set_second_ms (r->sign_in, SECOND_MS);
  oc_entra_sign_in_device_code_async (r->sign_in, NULL, on_signed_in, &done);
  g_assert_true (oc_test_wait_until (flag_done, &done, WAIT_MS));
  g_assert_cmpstr (oc_entra_sign_in_get_access_token (r->sign_in), ==, "access-1");

  fake_dataverse_set_token (r->f.fake, "access-1");
  oc_dataverse_source_set_token (r->f.source, "access-1");
  oc_dataverse_source_set_sign_in (r->f.source, r->sign_in);
  g_signal_connect (r->f.source, "notify::state", G_CALLBACK (on_state), r);
}

static void
renew_tear_down (RenewFixture *r)
{
  g_signal_handlers_disconnect_by_data (r->f.source, r);
  fixture_tear_down (&r->f, NULL);
  g_clear_object (&r->sign_in);
  fake_entra_free (r->entra);
  g_ptr_array_unref (r->states);
}

static guint
count_refreshes (RenewFixture *r)
{
  GPtrArray *requests = fake_entra_get_requests (r->entra);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (strstr (g_ptr_array_index (requests, i), "grant_type=refresh_token") != NULL)
      n++;
  return n;
}

typedef struct {
  OcDataverseSource *source;
  guint              polls;
} PollsSince;

static gboolean
polled_since (gpointer data)
{
  PollsSince *since = data;

  return since->source->polls >= since->polls + 2;
}

/* The org stops taking access-1 (it expired): one refresh, access-2, and the
 * polls go on; the state never leaves live and no conversation goes. */
static void
test_refused_renewed (void)
{
  RenewFixture r = { 0 };
  PollsSince since;
  guint n;

  renew_set_up (&r, 3600);
  start_live (&r.f);
  n = g_list_model_get_n_items (G_LIST_MODEL (r.f.store));
  g_assert_cmpuint (n, >, 0);

  fake_dataverse_set_token (r.f.fake, "access-2");
  since.source = r.f.source;
  since.polls = r.f.source->polls;
  g_assert_true (oc_test_wait_until (polled_since, &since, WAIT_MS));

  g_assert_cmpuint (count_refreshes (&r), ==, 1);
  g_assert_cmpstr (oc_entra_sign_in_get_refresh_token (r.sign_in), ==, "refresh-2");
  g_assert_cmpint (oc_source_get_state (OC_SOURCE (r.f.source)), ==, OC_SOURCE_STATE_LIVE);
  for (guint i = 0; i < r.states->len; i++)
    g_assert_cmpstr (g_ptr_array_index (r.states, i), ==, "live");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (r.f.store)), ==, n);
  renew_tear_down (&r);
}

/* The org refuses the renewed token too: renewed once, not again. */
static void
test_refused_twice (void)
{
  RenewFixture r = { 0 };

  renew_set_up (&r, 3600);
  start_live (&r.f);
  fake_dataverse_set_token (r.f.fake, "someone-else");
  wait_for_state (&r.f, OC_SOURCE_STATE_AUTH_FAILED);
  g_assert_cmpuint (count_refreshes (&r), ==, 1);
  g_assert_cmpstr (oc_source_get_status_message (OC_SOURCE (r.f.source)), ==,
                   "Dynamics 365 did not accept the renewed access token. Sign in again.");
  renew_tear_down (&r);
}

/* The authority no longer honours the refresh token (revoked, or another
 * console renewed it since). */
static void
test_renewal_fails (void)
{
  RenewFixture r = { 0 };

  renew_set_up (&r, 3600);
  oc_entra_sign_in_set_refresh_token (r.sign_in, "revoked");
  start_live (&r.f);
  fake_dataverse_set_token (r.f.fake, "access-2");
  wait_for_state (&r.f, OC_SOURCE_STATE_AUTH_FAILED);
  g_assert_cmpuint (count_refreshes (&r), ==, 1);
  g_assert_true (g_str_has_prefix (oc_source_get_status_message (OC_SOURCE (r.f.source)),
                                   "Your Microsoft sign-in could not be renewed: "));
  renew_tear_down (&r);
}

/* The org takes the newest token the authority issued, as a real one takes
 * any valid token: the old one is refused only once a new one exists. */
static void
org_takes_newest (OcEntraSignIn *sign_in,
                  GParamSpec    *pspec,
                  RenewFixture  *r)
{
  fake_dataverse_set_token (r->f.fake, fake_entra_get_access_token (r->entra));
}

/* The token reaches its expiry time (61 s less the minute's margin: one of
 * the authority's seconds): renewed before the org is asked with it, so
 * renewed with nothing refused first. */
static void
test_expiry_time (void)
{
  RenewFixture r = { 0 };
  PollsSince since;

  renew_set_up (&r, 61);
  /* The renewed tokens last: one renewal, not one per poll. */
  fake_entra_set_token_lifetime (r.entra, 3600);
  g_signal_connect (r.sign_in, "notify::refresh-token", G_CALLBACK (org_takes_newest), &r);
  start_live (&r.f);
  since.source = r.f.source;
  since.polls = r.f.source->polls;
  g_assert_true (oc_test_wait_until (polled_since, &since, WAIT_MS));

  g_assert_cmpuint (count_refreshes (&r), ==, 1);
  g_assert_cmpstr (fake_entra_get_access_token (r.entra), ==, "access-2");
  for (guint i = 0; i < r.states->len; i++)
    g_assert_cmpstr (g_ptr_array_index (r.states, i), ==, "live");
  g_signal_handlers_disconnect_by_data (r.sign_in, &r);
  renew_tear_down (&r);
}

static gboolean
force_close_withdrawn (gpointer data)
{
  return !oc_source_can (OC_SOURCE (data), OC_SOURCE_CAN_FORCE_CLOSE);
}

/* Started with a token that expired since (a start the next morning): the
 * org refuses the first reads and $metadata alike; renewed, it loads, and
 * reads $metadata again to know which actions it takes. */
static void
test_expired_at_start (void)
{
  RenewFixture r = { 0 };

  renew_set_up (&r, 3600);
  fake_dataverse_set_metadata (r.f.fake, fake_dataverse_metadata_document (FAKE_DATAVERSE_METADATA_MISSING_PARAMETER));
  oc_dataverse_source_set_actions_enabled (r.f.source, TRUE);
  fake_dataverse_set_token (r.f.fake, "access-2");
  start_live (&r.f);
  g_assert_cmpuint (count_refreshes (&r), ==, 1);
  g_assert_true (oc_test_wait_until (force_close_withdrawn, r.f.source, WAIT_MS));
  g_assert_true (oc_source_can (OC_SOURCE (r.f.source), OC_SOURCE_CAN_ASSIGN));
  renew_tear_down (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dataverse/renew/refused-renewed", test_refused_renewed);
  g_test_add_func ("/dataverse/renew/refused-twice", test_refused_twice);
  g_test_add_func ("/dataverse/renew/renewal-fails", test_renewal_fails);
  g_test_add_func ("/dataverse/renew/expiry-time", test_expiry_time);
  g_test_add_func ("/dataverse/renew/expired-at-start", test_expired_at_start);

  return g_test_run ();
}
