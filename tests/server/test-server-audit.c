// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>

#include "oc-test-util.h"
#include "server-fixture.h"

/* The audit log (#22): every action a supervisor asks for is recorded with
 * who, what, where, when and the outcome, refusals included; it is read
 * page by page, filtered, by viewers too, arrives live on the events
 * socket, and survives a restart. */

static OcAuditEntry *
entry_at (GPtrArray *entries,
          guint      i)
{
  g_assert_cmpuint (i, <, entries->len);
  return g_ptr_array_index (entries, i);
}

static void
test_records_done_and_refused (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next = -1;

  fixture_add_floor (f);
  {
    /* a-t3 is full: refused. Then a-t1 takes it. */
    g_autoptr(Reply) full = post (f, "/api/v1/conversations/c-open/assign", f->supervisor, "{\"agent_id\": \"a-t3\"}");
    g_autoptr(Reply) done = post (f, "/api/v1/conversations/c-open/assign", f->supervisor, "{\"agent_id\": \"a-t1\"}");
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-active/join", f->supervisor2, "{}");
    g_autoptr(Reply) leave = post (f, "/api/v1/conversations/c-active/leave", f->supervisor, "{}");
    g_autoptr(Reply) viewer = post (f, "/api/v1/conversations/c-active/force-close", f->viewer, "{}");
    g_autoptr(Reply) closed = post (f, "/api/v1/conversations/c-wrap/force-close", f->supervisor, "{}");

    g_assert_cmpuint (full->status, ==, 422);
    g_assert_cmpuint (done->status, ==, 200);
    g_assert_cmpuint (join->status, ==, 200);
    g_assert_cmpuint (leave->status, ==, 422);
    g_assert_cmpuint (viewer->status, ==, 403);
    g_assert_cmpuint (closed->status, ==, 200);
  }

  entries = audit_page (f, "", f->supervisor, &next);
  g_assert_cmpuint (entries->len, ==, 6);
  g_assert_cmpint (next, ==, 0);

  /* Newest first, numbered from 1 in the order asked. */
  for (guint i = 0; i < entries->len; i++)
    {
      g_assert_cmpint (oc_audit_entry_get_seq (entry_at (entries, i)), ==, 6 - i);
      g_assert_cmpint (oc_audit_entry_get_at (entry_at (entries, i)), >=, before);
    }

  g_assert_cmpint (oc_audit_entry_get_action (entry_at (entries, 5)), ==, OC_AUDIT_ACTION_ASSIGN);
  g_assert_cmpint (oc_audit_entry_get_outcome (entry_at (entries, 5)), ==, OC_AUDIT_OUTCOME_REFUSED);
  g_assert_cmpstr (oc_audit_entry_get_code (entry_at (entries, 5)), ==, "capacity-full");
  g_assert_cmpstr (oc_audit_entry_get_reason (entry_at (entries, 5)), !=, "");
  g_assert_cmpstr (oc_audit_entry_get_agent_id (entry_at (entries, 5)), ==, "a-t3");
  g_assert_cmpstr (oc_audit_entry_get_user (entry_at (entries, 5)), ==, "sam");
  g_assert_cmpstr (oc_audit_entry_get_conversation_id (entry_at (entries, 5)), ==, "c-open");

  g_assert_cmpint (oc_audit_entry_get_outcome (entry_at (entries, 4)), ==, OC_AUDIT_OUTCOME_DONE);
  g_assert_cmpstr (oc_audit_entry_get_code (entry_at (entries, 4)), ==, "");
  g_assert_cmpstr (oc_audit_entry_get_agent_id (entry_at (entries, 4)), ==, "a-t1");

  g_assert_cmpint (oc_audit_entry_get_action (entry_at (entries, 3)), ==, OC_AUDIT_ACTION_JOIN);
  g_assert_cmpstr (oc_audit_entry_get_user (entry_at (entries, 3)), ==, "kim");

  g_assert_cmpint (oc_audit_entry_get_action (entry_at (entries, 2)), ==, OC_AUDIT_ACTION_LEAVE);
  g_assert_cmpstr (oc_audit_entry_get_code (entry_at (entries, 2)), ==, "not-joined");

  /* A viewer's attempt is refused and recorded under their name. */
  g_assert_cmpint (oc_audit_entry_get_action (entry_at (entries, 1)), ==, OC_AUDIT_ACTION_FORCE_CLOSE);
  g_assert_cmpstr (oc_audit_entry_get_user (entry_at (entries, 1)), ==, "wall");
  g_assert_cmpstr (oc_audit_entry_get_code (entry_at (entries, 1)), ==, "forbidden");

  g_assert_cmpint (oc_audit_entry_get_action (entry_at (entries, 0)), ==, OC_AUDIT_ACTION_FORCE_CLOSE);
  g_assert_cmpint (oc_audit_entry_get_outcome (entry_at (entries, 0)), ==, OC_AUDIT_OUTCOME_DONE);
  g_assert_cmpstr (oc_audit_entry_get_conversation_id (entry_at (entries, 0)), ==, "c-wrap");
}

static void
test_retry_recorded_once (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  gint64 next = -1;

  fixture_add_floor (f);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Reply) reply = request (f, "POST", "/api/v1/conversations/c-active/join", f->supervisor,
                                        "{}", -1, "retry-1");
      g_assert_cmpuint (reply->status, ==, 200);
    }

  /* The retries got the first answer and did nothing: one entry. */
  entries = audit_page (f, "", f->supervisor, &next);
  g_assert_cmpuint (entries->len, ==, 1);
}

static void
test_pages_and_filters (Fixture       *f,
                        gconstpointer  data)
{
  gint64 next = -1;

  fixture_add_floor (f);
  /* sam: join, leave three times (6 entries); kim: one join. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-active/join", f->supervisor, "{}");
      g_autoptr(Reply) leave = post (f, "/api/v1/conversations/c-active/leave", f->supervisor, "{}");
    }
  {
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-waiting/join", f->supervisor2, "{}");
  }

  {
    g_autoptr(GPtrArray) first = audit_page (f, "?limit=3", f->supervisor, &next);
    g_autofree char *query = NULL;
    g_autoptr(GPtrArray) second = NULL;
    g_autoptr(GPtrArray) third = NULL;

    g_assert_cmpuint (first->len, ==, 3);
    g_assert_cmpint (oc_audit_entry_get_seq (entry_at (first, 0)), ==, 7);
    g_assert_cmpint (next, ==, 5);

    query = g_strdup_printf ("?limit=3&before=%" G_GINT64_FORMAT, next);
    second = audit_page (f, query, f->supervisor, &next);
    g_assert_cmpuint (second->len, ==, 3);
    g_assert_cmpint (oc_audit_entry_get_seq (entry_at (second, 0)), ==, 4);
    g_assert_cmpint (next, ==, 2);

    g_free (query);
    query = g_strdup_printf ("?limit=3&before=%" G_GINT64_FORMAT, next);
    third = audit_page (f, query, f->supervisor, &next);
    g_assert_cmpuint (third->len, ==, 1);
    g_assert_cmpint (oc_audit_entry_get_seq (entry_at (third, 0)), ==, 1);
    g_assert_cmpint (next, ==, 0);
  }

  {
    g_autoptr(GPtrArray) kims = audit_page (f, "?user=kim", f->viewer, &next);
    g_autoptr(GPtrArray) joins = audit_page (f, "?action=join", f->viewer, &next);
    g_autoptr(GPtrArray) sams_leaves = audit_page (f, "?action=leave&user=sam&limit=2", f->viewer, &next);

    g_assert_cmpuint (kims->len, ==, 1);
    g_assert_cmpstr (oc_audit_entry_get_conversation_id (entry_at (kims, 0)), ==, "c-waiting");
    g_assert_cmpuint (joins->len, ==, 4);
    for (guint i = 0; i < joins->len; i++)
      g_assert_cmpint (oc_audit_entry_get_action (entry_at (joins, i)), ==, OC_AUDIT_ACTION_JOIN);
    g_assert_cmpuint (sams_leaves->len, ==, 2);
    g_assert_cmpint (next, ==, oc_audit_entry_get_seq (entry_at (sams_leaves, 1)));
  }

  {
    static const char * const bad[] = { "?limit=0", "?limit=1001", "?before=x", "?before=-1", "?action=dance", NULL };

    for (guint i = 0; bad[i] != NULL; i++)
      {
        g_autofree char *path = g_strconcat ("/api/v1/audit", bad[i], NULL);
        g_autoptr(Reply) reply = request (f, "GET", path, f->supervisor, NULL, -1, NULL);

        g_assert_cmpuint (reply->status, ==, 400);
      }
  }

  {
    /* Read-only, for every role. */
    g_autoptr(Reply) post_reply = post (f, "/api/v1/audit", f->supervisor, "{}");
    g_autoptr(Reply) anonymous = request (f, "GET", "/api/v1/audit", NULL, NULL, -1, NULL);

    g_assert_cmpuint (post_reply->status, ==, 405);
    g_assert_cmpuint (anonymous->status, ==, 401);
  }
}

static void
test_live_event (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Socket) s = NULL;
  gint64 revision;

  fixture_add_floor (f);
  s = socket_open (f, "/api/v1/events", f->viewer);
  {
    g_autoptr(OcEvent) hello = socket_next_event (s, 10);

    g_assert_nonnull (hello);
    g_assert_cmpint (hello->type, ==, OC_EVENT_HELLO);
  }
  wait_for_subscribers (f, 1, 10);

  {
    g_autoptr(Reply) refused = post (f, "/api/v1/conversations/c-open/transfer", f->supervisor,
                                     "{\"agent_id\": \"a-t1\"}");

    g_assert_cmpuint (refused->status, ==, 409);
  }
  revision = oc_world_get_revision (f->world);

  {
    g_autoptr(OcEvent) event = socket_next_event (s, 10);

    g_assert_nonnull (event);
    g_assert_cmpint (event->type, ==, OC_EVENT_AUDIT_ENTRY);
    /* Not a change: the server's revision as it is, no new one. */
    g_assert_cmpint (event->revision, ==, revision);
    g_assert_cmpint (oc_audit_entry_get_action (event->audit_entry), ==, OC_AUDIT_ACTION_TRANSFER);
    g_assert_cmpint (oc_audit_entry_get_outcome (event->audit_entry), ==, OC_AUDIT_OUTCOME_REFUSED);
    g_assert_cmpstr (oc_audit_entry_get_code (event->audit_entry), ==, "state-changed");
    g_assert_cmpint (oc_audit_entry_get_seq (event->audit_entry), ==, 1);
  }
}

static void
remove_state (const char *state)
{
  g_autofree char *wal = g_strconcat (state, "-wal", NULL);
  g_autofree char *shm = g_strconcat (state, "-shm", NULL);

  g_remove (state);
  g_remove (wal);
  g_remove (shm);
}

static void
test_survives_restart (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("oc-audit-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (dir, "state.sqlite", NULL);
  OcServerOptions options = { .seed = 7, .speed = 0, .conversations = 0, .agents = 3, .state_file = state };
  gint64 next = -1;

  fixture_stop (f);
  fixture_start (f, &options);
  fixture_add_floor (f);
  {
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-active/join", f->supervisor, "{}");
    g_autoptr(Reply) refused = post (f, "/api/v1/conversations/c-open/leave", f->supervisor2, "{}");
  }
  fixture_stop (f);

  fixture_start (f, &options);
  {
    g_autoptr(Reply) after = post (f, "/api/v1/conversations/c-active/leave", f->supervisor, "{}");
    g_autoptr(GPtrArray) entries = audit_page (f, "", f->supervisor, &next);

    g_assert_cmpuint (after->status, ==, 200);
    /* Kept, and numbered on after the last one saved. */
    g_assert_cmpuint (entries->len, ==, 3);
    g_assert_cmpint (oc_audit_entry_get_seq (entry_at (entries, 0)), ==, 3);
    g_assert_cmpint (oc_audit_entry_get_action (entry_at (entries, 0)), ==, OC_AUDIT_ACTION_LEAVE);
    g_assert_cmpint (oc_audit_entry_get_outcome (entry_at (entries, 1)), ==, OC_AUDIT_OUTCOME_REFUSED);
    g_assert_cmpstr (oc_audit_entry_get_user (entry_at (entries, 1)), ==, "kim");
    g_assert_cmpint (oc_audit_entry_get_action (entry_at (entries, 2)), ==, OC_AUDIT_ACTION_JOIN);
  }
  fixture_stop (f);

  remove_state (state);
  g_rmdir (dir);
}

/* Retention (#22): at start, entries older than the limit move, in order,
 * to a numbered archive beside the state; younger ones stay and are served;
 * the numbering goes on. */
static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("oc-audit-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (dir, "state.sqlite", NULL);
  g_autofree char *archive = g_strconcat (state, ".audit-1.jsonl", NULL);
  g_autofree char *second = g_strconcat (state, ".audit-2.jsonl", NULL);
  OcServerOptions options = { .seed = 7, .speed = 0, .conversations = 0, .agents = 3, .state_file = state,
                              .audit_keep_days = 90 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, next = -1;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OcState) saved = oc_state_open (state, &error);

    g_assert_no_error (error);
    for (guint seq = 1; seq <= 10; seq++)
      {
        g_autoptr(OcAuditEntry) entry = oc_audit_entry_new (seq, now - (seq <= 6 ? 100 : 89) * 86400, "sam",
                                                            OC_AUDIT_ACTION_JOIN, "c-x", OC_AUDIT_OUTCOME_DONE);

        oc_state_put_audit (saved, entry);
      }
    g_assert_true (oc_state_flush_durable (saved, &error));
    g_assert_true (oc_state_close (saved, &error));
  }

  fixture_stop (f);
  fixture_start (f, &options);
  {
    g_autoptr(GPtrArray) entries = audit_page (f, "", f->supervisor, &next);

    g_assert_cmpuint (entries->len, ==, 4);
    g_assert_cmpint (oc_audit_entry_get_seq (entry_at (entries, 0)), ==, 10);
    g_assert_cmpint (oc_audit_entry_get_seq (entry_at (entries, 3)), ==, 7);
  }
  g_assert_true (g_file_get_contents (archive, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);   /* six, and after the last newline nothing */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OcAuditEntry) entry = oc_protocol_parse_audit_entry (lines[i], strlen (lines[i]), G_MAXSIZE,
                                                                     NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (oc_audit_entry_get_seq (entry), ==, i + 1);
    }
  {
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-x/join", f->supervisor, "{}");
    g_autoptr(GPtrArray) entries = audit_page (f, "?limit=1", f->supervisor, &next);

    g_assert_cmpint (oc_audit_entry_get_seq (entry_at (entries, 0)), ==, 11);
  }
  fixture_stop (f);

  /* Nothing older left: no second archive. */
  fixture_start (f, &options);
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  fixture_stop (f);

  remove_state (state);
  g_remove (archive);
  g_rmdir (dir);
}

static void
test_memory_bound (Fixture       *f,
                   gconstpointer  data)
{
  OcAuditLog *log = oc_server_get_audit_log (f->server);
  gint64 next = -1;

  oc_audit_log_set_keep (log, 10);
  for (guint i = 0; i < 25; i++)
    oc_audit_log_append (log, 1, "sam", OC_AUDIT_ACTION_JOIN, "c-x", OC_AUDIT_OUTCOME_DONE, NULL, NULL, NULL, NULL);

  /* The latest ones stay readable; numbering does not restart. */
  g_assert_cmpuint (oc_audit_log_get_n_entries (log), <=, 11);
  g_assert_cmpint (oc_audit_log_get_last_seq (log), ==, 25);
  {
    g_autoptr(GPtrArray) entries = audit_page (f, "?limit=5", f->supervisor, &next);

    g_assert_cmpint (oc_audit_entry_get_seq (entry_at (entries, 0)), ==, 25);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/audit/done-and-refused", test_records_done_and_refused);
  ADD ("/server/audit/retry-recorded-once", test_retry_recorded_once);
  ADD ("/server/audit/pages-and-filters", test_pages_and_filters);
  ADD ("/server/audit/live-event", test_live_event);
  ADD ("/server/audit/survives-restart", test_survives_restart);
  ADD ("/server/audit/retention", test_retention);
  ADD ("/server/audit/memory-bound", test_memory_bound);
#undef ADD

  return g_test_run ();
}
