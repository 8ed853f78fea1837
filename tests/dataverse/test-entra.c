// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <libsoup/soup.h>

#include "fake-entra.h"
#include "oc-entra-sign-in.h"
#include "oc-source.h"
#include "oc-test-util.h"

/* OcEntraSignIn against the fake login authority: the device code grant
 * honours the interval, authorization_pending and slow_down, ends on a
 * decline or an expired code with a message, and a refresh renews tokens. */

/* One of the authority's seconds lasts this long here. */
#define SECOND_MS 20

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
on_device_code (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Result *r = user_data;

  r->ok = oc_entra_sign_in_device_code_finish (OC_ENTRA_SIGN_IN (object), result, &r->error);
  r->done = TRUE;
}

static void
on_refresh (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->ok = oc_entra_sign_in_refresh_finish (OC_ENTRA_SIGN_IN (object), result, &r->error);
  r->done = TRUE;
}

static OcEntraSignIn *
new_sign_in (FakeEntra *entra)
{
  OcEntraSignIn *sign_in = oc_entra_sign_in_new (fake_entra_get_url (entra), NULL, NULL,
                                                 "https://contoso.crm.dynamics.com/");

  oc_entra_sign_in_set_second_ms (sign_in, SECOND_MS);
  return sign_in;
}

static void
test_device_code (void)
{
  FakeEntra *entra = fake_entra_new ();
  g_autoptr(OcEntraSignIn) sign_in = new_sign_in (entra);
  GPtrArray *requests = fake_entra_get_requests (entra);
  GArray *times = fake_entra_get_request_times (entra);
  Result r = { 0 };
  gint64 gap;

  g_assert_cmpstr (oc_entra_sign_in_get_scope (sign_in), ==,
                   "https://contoso.crm.dynamics.com/user_impersonation offline_access");
  oc_entra_sign_in_device_code_async (sign_in, NULL, on_device_code, &r);
  g_assert_true (oc_test_wait_until (oc_test_flag_set, &r.done, 10000));
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  g_assert_cmpstr (oc_entra_sign_in_get_user_code (sign_in), ==, FAKE_ENTRA_USER_CODE);
  g_assert_cmpstr (oc_entra_sign_in_get_verification_uri (sign_in), ==, "https://microsoft.com/devicelogin");
  g_assert_cmpstr (oc_entra_sign_in_get_access_token (sign_in), ==, "access-1");
  g_assert_cmpstr (oc_entra_sign_in_get_refresh_token (sign_in), ==, "refresh-1");
  g_assert_cmpint (oc_entra_sign_in_get_expires_at (sign_in), >, g_get_monotonic_time ());

  /* The code, two pending, one slow_down, then the tokens. */
  g_assert_cmpuint (requests->len, ==, 5);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (requests, 0), "devicecode "));
  g_assert_nonnull (strstr (g_ptr_array_index (requests, 0),
                            "scope=https%3A%2F%2Fcontoso.crm.dynamics.com%2Fuser_impersonation+offline_access"));
  g_assert_nonnull (strstr (g_ptr_array_index (requests, 0), "client_id=" OC_ENTRA_DEFAULT_CLIENT_ID));
  for (guint i = 1; i < requests->len; i++)
    g_assert_nonnull (strstr (g_ptr_array_index (requests, i),
                              "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"));

  /* Polls wait the interval (1 s); after slow_down, 5 s more. */
  for (guint i = 1; i < 4; i++)
    {
      gap = g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1);
      g_assert_cmpint (gap, >=, SECOND_MS * 1000);
    }
  gap = g_array_index (times, gint64, 4) - g_array_index (times, gint64, 3);
  g_assert_cmpint (gap, >=, 6 * SECOND_MS * 1000);

  g_clear_object (&sign_in);
  fake_entra_free (entra);
}

static void
test_declined (void)
{
  FakeEntra *entra = fake_entra_new ();
  g_autoptr(OcEntraSignIn) sign_in = new_sign_in (entra);
  Result r = { 0 };

  fake_entra_set_script (entra, 1, 0);
  fake_entra_decline (entra);
  oc_entra_sign_in_device_code_async (sign_in, NULL, on_device_code, &r);
  g_assert_true (oc_test_wait_until (oc_test_flag_set, &r.done, 10000));
  g_assert_false (r.ok);
  g_assert_error (r.error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (r.error->message, "declined"));
  g_assert_null (oc_entra_sign_in_get_access_token (sign_in));
  g_clear_error (&r.error);

  g_clear_object (&sign_in);
  fake_entra_free (entra);
}

static void
test_expired (void)
{
  FakeEntra *entra = fake_entra_new ();
  g_autoptr(OcEntraSignIn) sign_in = new_sign_in (entra);
  Result r = { 0 };

  /* Never signed in: the code runs out while still pending. */
  fake_entra_set_script (entra, G_MAXUINT / 2, 0);
  fake_entra_set_expires_in (entra, 3);
  oc_entra_sign_in_device_code_async (sign_in, NULL, on_device_code, &r);
  g_assert_true (oc_test_wait_until (oc_test_flag_set, &r.done, 10000));
  g_assert_error (r.error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (r.error->message, "expired"));
  g_clear_error (&r.error);

  g_clear_object (&sign_in);
  fake_entra_free (entra);
}

static gboolean
has_user_code (gpointer data)
{
  return oc_entra_sign_in_get_user_code (data) != NULL;
}

static void
test_cancel (void)
{
  FakeEntra *entra = fake_entra_new ();
  g_autoptr(OcEntraSignIn) sign_in = new_sign_in (entra);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GPtrArray *requests = fake_entra_get_requests (entra);
  Result r = { 0 };

  fake_entra_set_script (entra, G_MAXUINT / 2, 0);
  oc_entra_sign_in_set_second_ms (sign_in, 60 * 1000);
  oc_entra_sign_in_device_code_async (sign_in, cancellable, on_device_code, &r);
  g_assert_true (oc_test_wait_until (has_user_code, sign_in, 5000));
  /* Cancel ends the minute-long wait at once. */
  g_cancellable_cancel (cancellable);
  g_assert_true (oc_test_wait_until (oc_test_flag_set, &r.done, 5000));
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (requests->len, ==, 1);
  g_clear_error (&r.error);

  g_clear_object (&sign_in);
  fake_entra_free (entra);
}

static void
test_refresh (void)
{
  FakeEntra *entra = fake_entra_new ();
  g_autoptr(OcEntraSignIn) sign_in = new_sign_in (entra);
  g_autoptr(OcEntraSignIn) later = new_sign_in (entra);
  Result r = { 0 };

  fake_entra_set_script (entra, 0, 0);
  oc_entra_sign_in_device_code_async (sign_in, NULL, on_device_code, &r);
  g_assert_true (oc_test_wait_until (oc_test_flag_set, &r.done, 10000));
  g_assert_true (r.ok);

  /* Another start of the app, with the refresh token from the keyring. */
  r = (Result) { 0 };
  oc_entra_sign_in_refresh_async (later, oc_entra_sign_in_get_refresh_token (sign_in), NULL, on_refresh, &r);
  g_assert_true (oc_test_wait_until (oc_test_flag_set, &r.done, 10000));
  g_assert_no_error (r.error);
  g_assert_cmpstr (oc_entra_sign_in_get_access_token (later), ==, "access-2");
  g_assert_cmpstr (oc_entra_sign_in_get_refresh_token (later), ==, "refresh-2");
  g_assert_cmpstr (fake_entra_get_access_token (entra), ==, "access-2");

  /* The old refresh token was replaced: renewing with it fails clearly. */
  r = (Result) { 0 };
  oc_entra_sign_in_refresh_async (later, "refresh-1", NULL, on_refresh, &r);
  g_assert_true (oc_test_wait_until (oc_test_flag_set, &r.done, 10000));
  g_assert_error (r.error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (r.error->message, "Sign in again"));
  g_clear_error (&r.error);
  /* A failed renewal keeps what the last good one gave. */
  g_assert_cmpstr (oc_entra_sign_in_get_access_token (later), ==, "access-2");

  g_clear_object (&later);
  g_clear_object (&sign_in);
  fake_entra_free (entra);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/entra/device-code/pending-slow-down-success", test_device_code);
  g_test_add_func ("/entra/device-code/declined", test_declined);
  g_test_add_func ("/entra/device-code/expired", test_expired);
  g_test_add_func ("/entra/device-code/cancel", test_cancel);
  g_test_add_func ("/entra/refresh", test_refresh);
  return g_test_run ();
}
