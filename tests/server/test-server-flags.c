// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "oc-test-util.h"
#include "server-fixture.h"

/* Help flags (#22): an agent raises one with a reason (the simulator, at a
 * realistic rate), a supervisor lowers it, and the conversation keeps who
 * lowered it when; lowering is audited, refusals too. */

static OcConversation *
answered_conversation (Reply *reply)
{
  g_autoptr(JsonNode) node = reply_json (reply);
  g_autofree char *json = json_to_string (json_object_get_member (json_node_get_object (node), "conversation"),
                                          FALSE);

  return oc_protocol_parse_conversation (json, strlen (json), G_MAXSIZE, NULL, NULL);
}

static const char *
last_line (Fixture    *f,
           const char *id)
{
  GPtrArray *transcript = oc_world_get_transcript (f->world, id);

  return oc_message_get_text (g_ptr_array_index (transcript, transcript->len - 1));
}

static void
test_raise_and_lower (Fixture       *f,
                      gconstpointer  data)
{
  OcConversation *active;
  g_autoptr(Socket) events = NULL;

  fixture_add_floor (f);
  events = socket_open (f, "/api/v1/events", f->viewer);
  {
    g_autoptr(OcEvent) hello = socket_next_event (events, 10);

    g_assert_cmpint (hello->type, ==, OC_EVENT_HELLO);
  }
  wait_for_subscribers (f, 1, 10);

  {
    g_autoptr(Reply) none = post (f, "/api/v1/conversations/c-active/lower-flag", f->supervisor, "{}");

    g_assert_cmpuint (none->status, ==, 422);
    g_assert_cmpstr (none->code, ==, "no-flag");
  }

  active = oc_world_lookup_conversation (f->world, "c-active");
  oc_world_raise_flag (f->world, active, "Customer wants a <b>manager</b>");
  g_assert_true (oc_conversation_is_flagged (active));
  g_assert_cmpstr (last_line (f, "c-active"), ==, "The agent asked for help: Customer wants a <b>manager</b>");

  /* The change reaches consoles with the flag in the conversation. */
  {
    g_autoptr(OcEvent) event = socket_next_change (events, 10);

    g_assert_cmpint (event->type, ==, OC_EVENT_CONVERSATION_UPSERT);
    g_assert_true (oc_conversation_is_flagged (event->conversation));
    g_assert_cmpstr (oc_conversation_get_flag_reason (event->conversation), ==, "Customer wants a <b>manager</b>");
  }

  {
    g_autoptr(Reply) viewer = post (f, "/api/v1/conversations/c-active/lower-flag", f->viewer, "{}");
    g_autoptr(Reply) lowered = post (f, "/api/v1/conversations/c-active/lower-flag", f->supervisor, "{}");
    g_autoptr(Reply) again = post (f, "/api/v1/conversations/c-active/lower-flag", f->supervisor2, "{}");
    g_autoptr(OcConversation) answer = NULL;

    g_assert_cmpuint (viewer->status, ==, 403);
    g_assert_cmpuint (lowered->status, ==, 200);
    answer = answered_conversation (lowered);
    g_assert_nonnull (answer);
    g_assert_false (oc_conversation_is_flagged (answer));
    g_assert_cmpstr (oc_conversation_get_flag_lowered_by (answer), ==, "sam");
    g_assert_cmpint (oc_conversation_get_flag_lowered_at (answer), >=, oc_conversation_get_flag_raised_at (answer));
    g_assert_cmpstr (oc_conversation_get_flag_reason (answer), ==, "Customer wants a <b>manager</b>");
    g_assert_cmpstr (last_line (f, "c-active"), ==, "A supervisor lowered the help flag.");

    /* Someone else lowered it first. */
    g_assert_cmpuint (again->status, ==, 422);
    g_assert_cmpstr (again->code, ==, "no-flag");
  }

  {
    g_autoptr(GPtrArray) entries = audit_page (f, "?action=lower-flag", f->viewer, NULL);
    static const char * const expected[][2] = {
      { "kim", "no-flag" }, { "sam", "" }, { "wall", "forbidden" }, { "sam", "no-flag" },
    };

    g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < entries->len; i++)
      {
        OcAuditEntry *entry = g_ptr_array_index (entries, i);

        g_assert_cmpstr (oc_audit_entry_get_user (entry), ==, expected[i][0]);
        g_assert_cmpstr (oc_audit_entry_get_code (entry), ==, expected[i][1]);
        g_assert_cmpstr (oc_audit_entry_get_conversation_id (entry), ==, "c-active");
      }
  }

  /* Raised again: up again, the last lowering forgotten. */
  oc_world_raise_flag (f->world, active, "Again");
  g_assert_true (oc_conversation_is_flagged (active));
  g_assert_null (oc_conversation_get_flag_lowered_by (active));
}

static void
test_simulator_rate (Fixture       *f,
                     gconstpointer  data)
{
  OcServerOptions options = { .seed = 3, .speed = 0, .conversations = 200, .agents = 0 };
  g_autoptr(GHashTable) raised = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint seen = 0;

  fixture_stop (f);
  fixture_start (f, &options);

  /* An hour of the floor, looking every simulated ten seconds. */
  for (guint t = 0; t < 360; t++)
    {
      g_autoptr(GPtrArray) all = NULL;

      oc_server_step (f->server, 10);
      all = oc_world_list_conversations (f->world);
      for (guint i = 0; i < all->len; i++)
        {
          OcConversation *c = g_ptr_array_index (all, i);

          if (oc_conversation_is_flagged (c))
            {
              g_autofree char *key = g_strdup_printf ("%s@%" G_GINT64_FORMAT, oc_conversation_get_id (c),
                                                      oc_conversation_get_flag_raised_at (c));

              g_assert_cmpstr (oc_conversation_get_flag_reason (c), !=, "");
              if (g_hash_table_add (raised, g_steal_pointer (&key)))
                seen++;
            }
        }
    }

  g_test_message ("flags raised in a simulated hour on a floor of 200: %u", seen);
  /* Now and then, not never and not on every conversation. */
  g_assert_cmpuint (seen, >=, 5);
  g_assert_cmpuint (seen, <=, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/flags/raise-and-lower", test_raise_and_lower);
  ADD ("/server/flags/simulator-rate", test_simulator_rate);
#undef ADD

  return g_test_run ();
}
