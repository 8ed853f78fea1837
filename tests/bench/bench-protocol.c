// SPDX-License-Identifier: GPL-3.0-or-later
/* Figures for the protocol hot paths: write and parse a snapshot of 100,000
 * conversations, parse 100,000 upsert events. Prints; asserts nothing about
 * time. */
#include "config.h"

#include "oc-protocol.h"

#define N_CONVERSATIONS 100000

static OcConversation *
make_conversation (guint i)
{
  char id[32], subject[96], agent[16], customer[64];
  const char *skills[] = { "billing", i % 3 ? "spanish" : "french", NULL };
  OcConversation *c;

  g_snprintf (id, sizeof id, "c-%06u", i);
  g_snprintf (subject, sizeof subject, "Refund for order #%u, charged twice", i);
  g_snprintf (agent, sizeof agent, "a-%03u", i % 500);
  g_snprintf (customer, sizeof customer, "Zoë Ødegård %u", i);

  c = oc_conversation_new (id);
  oc_conversation_set_revision (c, 1000 + i);
  oc_conversation_set_subject (c, subject);
  oc_conversation_set_status (c, 1 + i % 4);
  oc_conversation_set_channel (c, 1 + i % 3);
  oc_conversation_set_sub_channel (c, "whatsapp");
  oc_conversation_set_queue_id (c, i % 2 ? "q-billing" : "q-general");
  oc_conversation_set_workstream_id (c, "ws-messaging");
  oc_conversation_set_agent_id (c, i % 5 ? agent : NULL);
  oc_conversation_set_customer_name (c, customer);
  oc_conversation_set_created_at (c, 1764089882);
  oc_conversation_set_status_since (c, 1764090100);
  oc_conversation_set_first_assigned_at (c, i % 5 ? 1764090011 : 0);
  oc_conversation_set_wait_seconds (c, i % 300);
  oc_conversation_set_waiting_since (c, i % 4 == 2 ? 1764090200 : 0);
  oc_conversation_set_sentiment (c, i % 8);
  oc_conversation_set_skills (c, skills);
  return c;
}

int
main (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(OcSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  gint64 t0, t1;
  double best = G_MAXDOUBLE;

  t0 = g_get_monotonic_time ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, 200000);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_string_value (builder, "2026-11-25T17:32:20Z");
  json_builder_set_member_name (builder, "queues");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "workstreams");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "agents");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "conversations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autoptr(OcConversation) c = make_conversation (i);
      oc_protocol_write_conversation (builder, c);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  data = oc_protocol_builder_to_string (builder, &length);
  t1 = g_get_monotonic_time ();
  g_print ("write snapshot: %d conversations, %.1f MB in %.3f s\n",
           N_CONVERSATIONS, length / 1e6, (t1 - t0) / 1e6);

  {
    g_autoptr(GString) fast = g_string_sized_new (length + 1024);

    t0 = g_get_monotonic_time ();
    g_string_append (fast, "{\"revision\":200000,\"server_time\":\"2026-11-25T17:32:20Z\","
                           "\"queues\":[],\"workstreams\":[],\"agents\":[],\"conversations\":[");
    for (guint i = 0; i < N_CONVERSATIONS; i++)
      {
        g_autoptr(OcConversation) c = make_conversation (i);

        if (i > 0)
          g_string_append_c (fast, ',');
        oc_protocol_append_conversation (fast, c);
      }
    g_string_append (fast, "]}");
    t1 = g_get_monotonic_time ();
    g_assert_cmpstr (fast->str, ==, data);
    g_print ("append snapshot (same bytes): %.3f s\n", (t1 - t0) / 1e6);
  }

  for (int round = 0; round < 3; round++)
    {
      g_clear_pointer (&snapshot, oc_snapshot_free);
      t0 = g_get_monotonic_time ();
      snapshot = oc_protocol_parse_snapshot (data, length, &error);
      t1 = g_get_monotonic_time ();
      g_assert_no_error (error);
      g_assert_cmpuint (snapshot->conversations->len, ==, N_CONVERSATIONS);
      best = MIN (best, (t1 - t0) / 1e6);
      g_print ("parse snapshot: %.3f s (%u warnings)\n", (t1 - t0) / 1e6, snapshot->warnings->len);
    }
  g_print ("parse snapshot best: %.3f s, %.0f MB/s\n", best, length / 1e6 / best);

  {
    g_autoptr(JsonBuilder) eb = json_builder_new ();
    g_autoptr(OcConversation) c = make_conversation (42);
    g_autofree char *event = NULL;
    gsize event_length;

    json_builder_begin_object (eb);
    json_builder_set_member_name (eb, "type");
    json_builder_add_string_value (eb, "conversation.upsert");
    json_builder_set_member_name (eb, "revision");
    json_builder_add_int_value (eb, 200001);
    json_builder_set_member_name (eb, "conversation");
    oc_protocol_write_conversation (eb, c);
    json_builder_end_object (eb);
    event = oc_protocol_builder_to_string (eb, &event_length);

    t0 = g_get_monotonic_time ();
    for (guint i = 0; i < N_CONVERSATIONS; i++)
      {
        OcEvent *e = oc_protocol_parse_event (event, event_length, OC_PROTOCOL_MAX_EVENT_FRAME, &error);
        g_assert_no_error (error);
        oc_event_free (e);
      }
    t1 = g_get_monotonic_time ();
    g_print ("parse event: %.2f us each\n", (double) (t1 - t0) / N_CONVERSATIONS);
  }

  return 0;
}
