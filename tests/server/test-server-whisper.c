// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "oc-test-util.h"
#include "server-fixture.h"

/* Whisper (#22): a supervisor writes to the agent only, without joining,
 * in any channel. The transcript marks it (kind whisper) for supervisors
 * and the agent; the customer's stream never carries one, live or in its
 * history. */

static OcEvent *
next_message (Socket *s)
{
  OcEvent *event = socket_next_event (s, 10);

  g_assert_nonnull (event);
  g_assert_cmpint (event->type, ==, OC_EVENT_MESSAGE);
  return event;
}

/* Reads @s up to its history-end; returns how many whispers it carried. */
static guint
whispers_in_history (Socket *s)
{
  guint whispers = 0;
  OcEvent *event;

  while ((event = socket_next_event (s, 10)) != NULL && event->type != OC_EVENT_HISTORY_END)
    {
      if (event->type == OC_EVENT_MESSAGE && oc_message_get_kind (event->message) == OC_MESSAGE_KIND_WHISPER)
        whispers++;
      oc_event_free (event);
    }
  g_assert_nonnull (event);
  oc_event_free (event);
  return whispers;
}

static void
test_never_to_customer (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Socket) agent = NULL;
  g_autoptr(Socket) customer = NULL;

  fixture_add_floor (f);
  agent = socket_open (f, "/api/v1/conversations/c-active/transcript", f->supervisor2);
  customer = socket_open (f, "/api/v1/conversations/c-active/transcript?audience=customer", f->viewer);
  g_assert_cmpuint (whispers_in_history (agent), ==, 0);
  g_assert_cmpuint (whispers_in_history (customer), ==, 0);

  {
    /* sam has not joined: whispering needs no join. */
    g_autoptr(Reply) whisper = post (f, "/api/v1/conversations/c-active/whisper", f->supervisor,
                                     "{\"text\": \"Offer the <b>refund</b>\"}");
    g_autoptr(OcEvent) seen = NULL;

    g_assert_cmpuint (whisper->status, ==, 200);
    g_assert_false (oc_world_has_joined (f->world, "c-active", "sam"));
    seen = next_message (agent);
    g_assert_cmpint (oc_message_get_kind (seen->message), ==, OC_MESSAGE_KIND_WHISPER);
    g_assert_cmpint (oc_message_get_sender_role (seen->message), ==, OC_SENDER_SUPERVISOR);
    g_assert_cmpstr (oc_message_get_sender_name (seen->message), ==, "sam");
    g_assert_cmpstr (oc_message_get_text (seen->message), ==, "Offer the <b>refund</b>");
  }

  {
    /* Then a line for everyone: the customer's next message is that one,
     * so the whisper before it never came. */
    g_autoptr(Reply) join = post (f, "/api/v1/conversations/c-active/join", f->supervisor, "{}");
    g_autoptr(OcEvent) joined = next_message (customer);
    g_autoptr(OcEvent) agent_joined = next_message (agent);

    g_assert_cmpuint (join->status, ==, 200);
    g_assert_cmpint (oc_message_get_kind (joined->message), ==, OC_MESSAGE_KIND_EVENT);
    g_assert_cmpstr (oc_message_get_text (joined->message), ==, "A supervisor joined the conversation.");
    g_assert_cmpint (oc_message_get_seq (agent_joined->message), ==, oc_message_get_seq (joined->message));
  }

  /* Nor does a customer stream opened afterwards replay it. */
  {
    g_autoptr(Socket) late = socket_open (f, "/api/v1/conversations/c-active/transcript?audience=customer",
                                          f->viewer);
    g_autoptr(Socket) late_agent = socket_open (f, "/api/v1/conversations/c-active/transcript", f->viewer);

    g_assert_cmpuint (whispers_in_history (late), ==, 0);
    g_assert_cmpuint (whispers_in_history (late_agent), ==, 1);
  }

  {
    g_autoptr(Reply) bad = request (f, "GET", "/api/v1/conversations/c-active/transcript?audience=everyone",
                                    f->viewer, NULL, -1, NULL);

    g_assert_cmpuint (bad->status, ==, 400);
  }
}

static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  OcConversation *call;

  fixture_add_floor (f);
  call = fixture_add_conversation (f, "c-call", OC_STATUS_ACTIVE, "q-t1", "a-t1");
  oc_conversation_set_channel (call, OC_CHANNEL_VOICE);
  oc_world_put_conversation (f->world, call);

  {
    /* A call: text beside the voice. */
    g_autoptr(Reply) voice = post (f, "/api/v1/conversations/c-call/whisper", f->supervisor, "{\"text\": \"Ask for the order number\"}");
    g_autoptr(Reply) nobody = post (f, "/api/v1/conversations/c-open/whisper", f->supervisor, "{\"text\": \"x\"}");
    g_autoptr(Reply) empty = post (f, "/api/v1/conversations/c-active/whisper", f->supervisor, "{\"text\": \"\"}");
    g_autoptr(Reply) viewer = post (f, "/api/v1/conversations/c-active/whisper", f->viewer, "{\"text\": \"x\"}");
    g_autoptr(Reply) missing = post (f, "/api/v1/conversations/c-gone/whisper", f->supervisor, "{\"text\": \"x\"}");

    g_assert_cmpuint (voice->status, ==, 200);
    g_assert_cmpuint (nobody->status, ==, 422);
    g_assert_cmpstr (nobody->code, ==, "no-agent");
    g_assert_cmpuint (empty->status, ==, 400);
    g_assert_cmpuint (viewer->status, ==, 403);
    g_assert_cmpuint (missing->status, ==, 404);
  }

  {
    g_autoptr(GPtrArray) entries = audit_page (f, "?action=whisper", f->viewer, NULL);

    g_assert_cmpuint (entries->len, ==, 5);
    g_assert_cmpint (oc_audit_entry_get_outcome (g_ptr_array_index (entries, 4)), ==, OC_AUDIT_OUTCOME_DONE);
    g_assert_cmpstr (oc_audit_entry_get_conversation_id (g_ptr_array_index (entries, 4)), ==, "c-call");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/whisper/never-to-customer", test_never_to_customer);
  ADD ("/server/whisper/rules", test_rules);
#undef ADD

  return g_test_run ();
}
