// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "oc-hostile-fixture.h"

/* Every log line of the run, for test_token_not_logged(). */
static GString *log_text;
static GMutex log_lock;

void
oc_hostile_fixture_set_up (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *url = NULL;

  fixture->server = oc_hostile_server_new (TOKEN, N_CONVERSATIONS);
  url = oc_hostile_server_get_url (fixture->server);
  fixture->store = oc_conversation_store_new ();
  fixture->client = oc_client_new (url, TOKEN, fixture->store);
  /* Hostile frames grow the backoff; keep the waits short. */
  g_object_set (fixture->client, "reconnect-max-seconds", 1, NULL);
}

void
oc_hostile_fixture_tear_down (Fixture       *fixture,
                              gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  /* Let the client's sockets finish closing before the server goes. */
  g_assert_true (oc_test_wait_until (oc_hostile_server_idle, fixture->server, 10000));
  oc_hostile_server_free (fixture->server);
}

gboolean
store_caught_up (gpointer data)
{
  Fixture *fixture = data;

  return oc_source_get_state (OC_SOURCE (fixture->client)) == OC_SOURCE_STATE_LIVE &&
         oc_conversation_store_get_revision (fixture->store) ==
         oc_hostile_server_get_revision (fixture->server);
}

void
assert_store_matches (Fixture *fixture)
{
  guint n_live = 0;

  g_assert_true (oc_test_wait_until (store_caught_up, fixture, 10000));

  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%06u", i);
      g_autofree char *subject = oc_hostile_server_get_subject (fixture->server, i);
      OcConversation *conversation = oc_conversation_store_lookup (fixture->store, id);

      if (subject == NULL)
        {
          g_assert_null (conversation);
          continue;
        }
      n_live++;
      g_assert_nonnull (conversation);
      g_assert_cmpstr (oc_conversation_get_subject (conversation), ==, subject);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, n_live);
}

void
connect_live (Fixture *fixture)
{
  oc_source_start (OC_SOURCE (fixture->client));
  g_assert_true (oc_test_wait_until (is_live, fixture->client, 10000));
}

void
test_token_not_logged (void)
{
  g_mutex_lock (&log_lock);
  g_assert_cmpuint (log_text->len, >, 0);
  g_assert_null (strstr (log_text->str, TOKEN));
  g_mutex_unlock (&log_lock);
}

static GLogWriterOutput
record_writer (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  /* The server thread logs too. */
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      {
        g_string_append (log_text, fields[i].value);
        g_string_append_c (log_text, '\n');
      }
  g_mutex_unlock (&log_lock);
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
oc_hostile_test_init (int    *argc,
                      char ***argv)
{
  log_text = g_string_new (NULL);
  g_log_set_writer_func (record_writer, NULL, NULL);
  g_test_init (argc, argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
    g_log_set_debug_enabled (FALSE);
}
