// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "oc-client.h"
#include "oc-dataverse-source.h"
#include "oc-source.h"
#include "oc-token.h"
#include "oc-test-util.h"

/* OcClient seen through OcSource: the same object, the same answers. */

static void
test_client_is_source (void)
{
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = oc_client_new ("http://127.0.0.1:1", "token", store);
  OcSource *source;
  OcSourceState state = -1;
  g_autoptr(OcConversationStore) got_store = NULL;
  g_autofree char *url = NULL;

  g_assert_true (OC_IS_SOURCE (client));
  source = OC_SOURCE (client);

  g_assert_true (oc_source_get_store (source) == store);
  g_assert_cmpstr (oc_source_get_server_url (source), ==, "http://127.0.0.1:1");
  g_assert_cmpint (oc_source_get_state (source), ==, OC_SOURCE_STATE_IDLE);
  g_assert_cmpint (oc_source_get_role (source), ==, OC_ROLE_UNKNOWN);

  /* The properties are OcSource's own. */
  g_object_get (source, "state", &state, "store", &got_store, "server-url", &url, NULL);
  g_assert_cmpint (state, ==, OC_SOURCE_STATE_IDLE);
  g_assert_true (got_store == store);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:1");
  g_assert_true (g_object_class_find_property (G_OBJECT_GET_CLASS (client), "status-message")->owner_type ==
                 OC_TYPE_SOURCE);
}

static void
test_client_capabilities (void)
{
  g_autoptr(OcClient) client = oc_client_new ("http://127.0.0.1:1", "token", NULL);
  OcSource *source = OC_SOURCE (client);

  g_assert_true (oc_source_can (source, OC_SOURCE_CAN_ASSIGN | OC_SOURCE_CAN_TRANSFER |
                                        OC_SOURCE_CAN_FORCE_CLOSE | OC_SOURCE_CAN_JOIN |
                                        OC_SOURCE_CAN_MONITOR_LIVE));
  g_assert_false (oc_source_can (source, OC_SOURCE_HAS_WORKSPACE));
  g_assert_null (oc_source_get_workspace_url (source, "c-1"));
}

static void
on_action_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (oc_source_action_finish (OC_SOURCE (object), result, error));
}

static void
test_client_action_through_source (void)
{
  g_autoptr(OcClient) client = oc_client_new ("http://127.0.0.1:1", "token", NULL);
  g_autoptr(GError) error = NULL;

  /* An id the protocol rejects fails before any request is sent. */
  oc_source_force_close_async (OC_SOURCE (client), "bad id with spaces", NULL,
                               on_action_done, &error);
  g_assert_true (oc_test_wait_until (oc_test_pointer_set, &error, 10000));
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_notify_on_change (void)
{
  g_autoptr(OcClient) client = oc_client_new ("ftp://example.com", "token", NULL);
  OcSource *source = OC_SOURCE (client);
  guint n_state = 0, n_message = 0;
  g_autofree char *message = NULL;

  g_signal_connect (client, "notify::state", G_CALLBACK (count_notify), &n_state);
  g_signal_connect (client, "notify::status-message", G_CALLBACK (count_notify), &n_message);

  /* An address the client cannot use: offline at once, saying why. */
  oc_source_start (source);
  g_assert_cmpint (oc_source_get_state (source), ==, OC_SOURCE_STATE_OFFLINE);
  g_assert_nonnull (oc_source_get_status_message (source));
  g_assert_cmpuint (n_state, ==, 1);
  g_assert_cmpuint (n_message, ==, 1);
  message = g_strdup (oc_source_get_status_message (source));

  /* The same state and message again: nothing to notify. */
  oc_source_start (source);
  g_assert_cmpint (oc_source_get_state (source), ==, OC_SOURCE_STATE_OFFLINE);
  g_assert_cmpstr (oc_source_get_status_message (source), ==, message);
  g_assert_cmpuint (n_state, ==, 1);
  g_assert_cmpuint (n_message, ==, 1);
}

static void
test_dataverse_is_source (void)
{
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcDataverseSource) dataverse =
    oc_dataverse_source_new ("https://contoso.crm.dynamics.com", "token", store);
  OcSource *source = OC_SOURCE (dataverse);
  g_autofree char *url = NULL;

  g_assert_true (oc_source_get_store (source) == store);
  g_assert_cmpstr (oc_source_get_server_url (source), ==, "https://contoso.crm.dynamics.com");
  g_assert_cmpint (oc_source_get_state (source), ==, OC_SOURCE_STATE_IDLE);
  g_assert_nonnull (oc_source_get_backend_name (source));
  g_assert_true (oc_source_can (source, OC_SOURCE_HAS_WORKSPACE));
  g_assert_false (oc_source_can (source, OC_SOURCE_CAN_MONITOR_LIVE));

  url = oc_source_get_workspace_url (source, "00000000-0000-0000-0000-000000000001");
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "https://contoso.crm.dynamics.com/main.aspx?"));
}

/* Writes @text into a pipe and reads a token back from it, as from
 * `--token-file -`. */
static char *
token_through_pipe (const char  *text,
                    GError     **error)
{
  int fds[2];
  char *token;

  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], text, strlen (text)), ==, (gssize) strlen (text));
  close (fds[1]);
  token = oc_token_load_from_fd (fds[0], error);
  close (fds[0]);
  return token;
}

static void
test_token_from_fd (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = token_through_pipe ("  abc.DEF-123\n", &error);
  g_autofree char *huge = g_strnfill (OC_TOKEN_MAX_BYTES + 1000, 'a');
  g_autofree char *none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "abc.DEF-123");

  none = token_through_pipe ("two words\n", &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  none = token_through_pipe ("", &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* More than a pipe's buffer would need a reader; the limit is far below. */
  none = token_through_pipe (huge, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/source/client/is-source", test_client_is_source);
  g_test_add_func ("/source/client/capabilities", test_client_capabilities);
  g_test_add_func ("/source/client/action", test_client_action_through_source);
  g_test_add_func ("/source/notify-on-change", test_notify_on_change);
  g_test_add_func ("/source/dataverse/is-source", test_dataverse_is_source);
  g_test_add_func ("/source/token/from-fd", test_token_from_fd);

  return g_test_run ();
}
