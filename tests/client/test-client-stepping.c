// SPDX-License-Identifier: GPL-3.0-or-later
/* Stepping in (#22) as a console reads it: who watches a conversation on
 * the conversation, help flags, whisper and lower-flag, and the audit log
 * as a list model, live and from a page. */

#include "config.h"

#include "oc-client.h"
#include "oc-conversation-store.h"
#include "oc-server.h"
#include "oc-server-private.h"
#include "oc-world.h"
#include "oc-test-util.h"
#include "source-test-util.h"

typedef struct {
  OcServer            *server;
  char                *sam;
  char                *kim;
  char                *wall;
  OcConversationStore *store;
  OcClient            *client;     /* sam's console */
  OcConversation      *target;     /* active, with an agent, in sam's store */
} Floor;

static OcClient *
connect_as (Floor               *f,
            const char          *token,
            OcConversationStore *store)
{
  g_autofree char *url = oc_server_get_url (f->server);
  OcClient *client = oc_client_new (url, token, store);

  oc_source_start (OC_SOURCE (client));
  g_assert_true (oc_test_wait_until (is_live, client, 20000));
  return client;
}

static void
floor_open (Floor *f)
{
  OcServerOptions options = { .seed = 42, .speed = 0, .conversations = 60 };
  g_autoptr(GError) error = NULL;
  GListModel *list;

  f->server = oc_server_new (&options, &error);
  g_assert_no_error (error);
  oc_server_listen (f->server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  f->sam = oc_server_add_user (f->server, "sam", OC_ROLE_SUPERVISOR);
  f->kim = oc_server_add_user (f->server, "kim", OC_ROLE_SUPERVISOR);
  f->wall = oc_server_add_user (f->server, "wall", OC_ROLE_VIEWER);
  f->store = oc_conversation_store_new ();
  f->client = connect_as (f, f->sam, f->store);

  list = G_LIST_MODEL (f->store);
  for (guint i = 0; i < g_list_model_get_n_items (list) && f->target == NULL; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (list, i);

      if (oc_conversation_get_status (c) == OC_STATUS_ACTIVE && oc_conversation_get_agent_id (c) != NULL &&
          !oc_conversation_is_flagged (c))
        f->target = c;
    }
  g_assert_nonnull (f->target);
}

static void
floor_close (Floor *f)
{
  oc_source_stop (OC_SOURCE (f->client));
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  oc_server_shutdown (f->server);
  g_clear_object (&f->server);
  g_free (f->sam);
  g_free (f->kim);
  g_free (f->wall);
}

static gboolean
n_watchers_is (gpointer data)
{
  gpointer *args = data;

  return oc_conversation_get_n_watchers (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static void
wait_watchers (OcConversation *conversation,
               guint           n)
{
  gpointer args[2] = { conversation, GUINT_TO_POINTER (n) };

  g_assert_true (oc_test_wait_until (n_watchers_is, args, 20000));
}

static void
test_presence (void)
{
  Floor f = { 0 };
  g_autoptr(OcConversationStore) kim_store = oc_conversation_store_new ();
  g_autoptr(OcClient) kim = NULL;
  g_autoptr(OcTranscript) transcript = NULL;
  OcWatcher *watcher;

  floor_open (&f);
  kim = connect_as (&f, f.kim, kim_store);

  /* kim opens the monitor: sam's console shows kim watching. */
  transcript = oc_source_open_transcript (OC_SOURCE (kim), oc_conversation_get_id (f.target));
  wait_watchers (f.target, 1);
  watcher = g_ptr_array_index (oc_conversation_get_watchers (f.target), 0);
  g_assert_cmpstr (oc_watcher_get_user (watcher), ==, "kim");
  g_assert_true (oc_watcher_get_monitoring (watcher));
  g_assert_false (oc_watcher_get_joined (watcher));

  /* sam joins too: both, by name. */
  {
    ActionResult res = { 0 };

    oc_source_join_async (OC_SOURCE (f.client), oc_conversation_get_id (f.target), NULL, action_done, &res);
    g_assert_true (oc_test_wait_until (action_is_done, &res, 20000));
    g_assert_true (res.ok);
  }
  wait_watchers (f.target, 2);
  watcher = g_ptr_array_index (oc_conversation_get_watchers (f.target), 1);
  g_assert_cmpstr (oc_watcher_get_user (watcher), ==, "sam");
  g_assert_true (oc_watcher_get_joined (watcher));

  /* A console that reconnects hears it again after its hello. */
  oc_source_stop (OC_SOURCE (f.client));
  oc_source_start (OC_SOURCE (f.client));
  g_assert_true (oc_test_wait_until (is_live, f.client, 20000));
  wait_watchers (oc_conversation_store_lookup (f.store, oc_conversation_get_id (f.target)), 2);

  /* kim closes the monitor: only sam is left. */
  oc_transcript_stop (transcript);
  g_clear_object (&transcript);
  wait_watchers (oc_conversation_store_lookup (f.store, oc_conversation_get_id (f.target)), 1);

  oc_source_stop (OC_SOURCE (kim));
  floor_close (&f);
}

typedef struct {
  OcAuditList *list;
  guint        n;
} ListWait;

static gboolean
list_has (gpointer data)
{
  ListWait *wait = data;

  return g_list_model_get_n_items (G_LIST_MODEL (wait->list)) >= wait->n;
}

static gboolean
is_flagged (gpointer data)
{
  return oc_conversation_is_flagged (data);
}

static gboolean
not_flagged (gpointer data)
{
  return !oc_conversation_is_flagged (data);
}

static void
test_flag_whisper_audit (void)
{
  Floor f = { 0 };
  g_autoptr(OcConversationStore) wall_store = oc_conversation_store_new ();
  g_autoptr(OcClient) wall = NULL;
  OcConversation *on_server;
  OcAuditList *log;
  const char *id;

  floor_open (&f);
  wall = connect_as (&f, f.wall, wall_store);
  id = oc_conversation_get_id (f.target);

  /* The agent raises a flag: the consoles show it. */
  on_server = oc_world_lookup_conversation (oc_server_get_world (f.server), id);
  oc_world_raise_flag (oc_server_get_world (f.server), on_server, "Customer wants a manager");
  g_assert_true (oc_test_wait_until (is_flagged, f.target, 20000));
  g_assert_cmpstr (oc_conversation_get_flag_reason (f.target), ==, "Customer wants a manager");

  {
    ActionResult whisper = { 0 }, lower = { 0 }, viewer = { 0 };

    oc_source_whisper_async (OC_SOURCE (f.client), id, "I approve the refund", NULL, action_done, &whisper);
    g_assert_true (oc_test_wait_until (action_is_done, &whisper, 20000));
    g_assert_true (whisper.ok);

    oc_source_lower_flag_async (OC_SOURCE (f.client), id, NULL, action_done, &lower);
    g_assert_true (oc_test_wait_until (action_is_done, &lower, 20000));
    g_assert_true (lower.ok);

    /* A viewer's console may not: refused, and recorded too. */
    oc_source_lower_flag_async (OC_SOURCE (wall), id, NULL, action_done, &viewer);
    g_assert_true (oc_test_wait_until (action_is_done, &viewer, 20000));
    g_assert_error (viewer.error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN);
    g_clear_error (&viewer.error);
  }
  /* Lowered, with who, on every console. */
  g_assert_true (oc_test_wait_until (not_flagged, f.target, 20000));
  g_assert_cmpstr (oc_conversation_get_flag_lowered_by (f.target), ==, "sam");
  g_assert_true (oc_test_wait_until (not_flagged, oc_conversation_store_lookup (wall_store, id), 20000));

  /* The viewer's console lists the three actions live, newest first. */
  log = oc_source_get_audit_log (OC_SOURCE (wall));
  g_assert_true (oc_test_wait_until (list_has, &(ListWait) { log, 3 }, 20000));
  {
    g_autoptr(OcAuditEntry) last = g_list_model_get_item (G_LIST_MODEL (log), 0);
    g_autoptr(OcAuditEntry) middle = g_list_model_get_item (G_LIST_MODEL (log), 1);
    g_autoptr(OcAuditEntry) first = g_list_model_get_item (G_LIST_MODEL (log), 2);

    g_assert_cmpint (oc_audit_entry_get_action (first), ==, OC_AUDIT_ACTION_WHISPER);
    g_assert_cmpint (oc_audit_entry_get_action (middle), ==, OC_AUDIT_ACTION_LOWER_FLAG);
    g_assert_cmpstr (oc_audit_entry_get_user (middle), ==, "sam");
    g_assert_cmpint (oc_audit_entry_get_outcome (last), ==, OC_AUDIT_OUTCOME_REFUSED);
    g_assert_cmpstr (oc_audit_entry_get_user (last), ==, "wall");
  }

  /* A console that starts later reads them from the page. */
  {
    g_autoptr(OcConversationStore) late_store = oc_conversation_store_new ();
    g_autoptr(OcClient) late = connect_as (&f, f.kim, late_store);
    OcAuditList *late_log = oc_source_get_audit_log (OC_SOURCE (late));

    g_assert_true (oc_test_wait_until (list_has, &(ListWait) { late_log, 3 }, 20000));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (late_log)), ==, 3);
    g_assert_false (oc_conversation_is_flagged (oc_conversation_store_lookup (late_store, id)));
    g_assert_cmpstr (oc_conversation_get_flag_lowered_by (oc_conversation_store_lookup (late_store, id)), ==, "sam");
    oc_source_stop (OC_SOURCE (late));
  }

  oc_source_stop (OC_SOURCE (wall));
  floor_close (&f);
}

static void
older_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ActionResult *res = user_data;

  res->ok = oc_source_load_older_audit_finish (OC_SOURCE (object), result, &res->error);
  res->done = TRUE;
}

static void
load_older (OcClient *client)
{
  ActionResult res = { 0 };

  oc_source_load_older_audit_async (OC_SOURCE (client), NULL, older_loaded, &res);
  g_assert_true (oc_test_wait_until (action_is_done, &res, 20000));
  g_assert_no_error (res.error);
  g_assert_true (res.ok);
}

/* More entries than a page: the latest page first, then older ones on
 * request until the server has no more, with the live ones on top. */
static void
test_audit_older (void)
{
  Floor f = { 0 };
  OcAuditLog *server_log;
  g_autoptr(OcConversationStore) wall_store = oc_conversation_store_new ();
  g_autoptr(OcClient) wall = NULL;
  OcAuditList *log;

  floor_open (&f);
  server_log = oc_server_get_audit_log (f.server);
  for (guint i = 0; i < 1200; i++)
    oc_audit_log_append (server_log, g_get_real_time () / G_USEC_PER_SEC, i % 2 ? "sam" : "kim",
                         OC_AUDIT_ACTION_JOIN, "c-000001", OC_AUDIT_OUTCOME_DONE, NULL, NULL, NULL, NULL);

  wall = connect_as (&f, f.wall, wall_store);
  log = oc_source_get_audit_log (OC_SOURCE (wall));
  g_assert_true (oc_test_wait_until (list_has, &(ListWait) { log, 500 }, 20000));
  assert_audit_seqs (G_LIST_MODEL (log), 1200, 701);
  g_assert_true (oc_source_get_audit_has_older (OC_SOURCE (wall)));

  load_older (wall);
  assert_audit_seqs (G_LIST_MODEL (log), 1200, 201);
  g_assert_true (oc_source_get_audit_has_older (OC_SOURCE (wall)));

  /* A live entry lands on top meanwhile. */
  {
    ActionResult whisper = { 0 };

    oc_source_whisper_async (OC_SOURCE (f.client), oc_conversation_get_id (f.target), "Older ones?", NULL,
                             action_done, &whisper);
    g_assert_true (oc_test_wait_until (action_is_done, &whisper, 20000));
    g_assert_true (whisper.ok);
    g_assert_true (oc_test_wait_until (list_has, &(ListWait) { log, 1001 }, 20000));
  }

  load_older (wall);
  assert_audit_seqs (G_LIST_MODEL (log), 1201, 1);
  g_assert_false (oc_source_get_audit_has_older (OC_SOURCE (wall)));

  oc_source_stop (OC_SOURCE (wall));
  floor_close (&f);
}

static void
test_audit_list (void)
{
  g_autoptr(OcAuditList) list = oc_audit_list_new ();
  static const gint64 seqs[] = { 5, 3, 9, 3, 1, 7, 9 };

  for (guint i = 0; i < G_N_ELEMENTS (seqs); i++)
    {
      g_autoptr(OcAuditEntry) entry = oc_audit_entry_new (seqs[i], 1, "sam", OC_AUDIT_ACTION_JOIN, "c-1",
                                                          OC_AUDIT_OUTCOME_DONE);

      oc_audit_list_add (list, entry);
    }

  /* Newest first, each seq once, whatever the order they came in. */
  {
    static const gint64 expected[] = { 9, 7, 5, 3, 1 };

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autoptr(OcAuditEntry) entry = g_list_model_get_item (G_LIST_MODEL (list), i);

        g_assert_cmpint (oc_audit_entry_get_seq (entry), ==, expected[i]);
      }
  }

  /* Bounded: the oldest go. */
  oc_audit_list_set_capacity (list, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpint (oc_audit_list_get_oldest_seq (list), ==, 7);
  {
    g_autoptr(OcAuditEntry) old = oc_audit_entry_new (2, 1, "sam", OC_AUDIT_ACTION_JOIN, "c-1", OC_AUDIT_OUTCOME_DONE);

    g_assert_false (oc_audit_list_add (list, old));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/stepping/presence", test_presence);
  g_test_add_func ("/client/stepping/flag-whisper-audit", test_flag_whisper_audit);
  g_test_add_func ("/client/stepping/audit-list", test_audit_list);
  g_test_add_func ("/client/stepping/audit-older", test_audit_older);

  return g_test_run ();
}
