// SPDX-License-Identifier: GPL-3.0-or-later
/* The protocol's hand-written paths beside json-glib and GDateTime doing the
 * same work, in the same run, so each hand-written path shows what it earns:
 * write and parse a snapshot of 100,000 conversations, parse an event, read a
 * Dataverse-like page into a json-glib tree, and read and write RFC 3339
 * times. Best of three rounds; prints figures and asserts nothing about time.
 * (tests/test-protocol.c checks that the two paths give the same bytes.) */
#include "config.h"

#include <string.h>

#include "oc-json-private.h"
#include "oc-protocol.h"

#define N_CONVERSATIONS 100000
#define N_TIMES         400000   /* four to a conversation of a snapshot */
#define N_PAGE_ROWS     5000
#define ROUNDS          3

typedef void (*BenchFunc) (gpointer data);

/* Best of ROUNDS for each, the two taking turns, so a load on the machine
 * weighs on both alike. */
static void
compare (BenchFunc  hand,
         BenchFunc  other,
         gpointer   data,
         double    *hand_best,
         double    *other_best)
{
  *hand_best = *other_best = G_MAXDOUBLE;
  for (int round = 0; round < ROUNDS; round++)
    {
      gint64 t0 = g_get_monotonic_time ();

      hand (data);
      *hand_best = MIN (*hand_best, (g_get_monotonic_time () - t0) / 1e6);
      t0 = g_get_monotonic_time ();
      other (data);
      *other_best = MIN (*other_best, (g_get_monotonic_time () - t0) / 1e6);
    }
}

static void
print_row (const char *what,
           double      hand,
           double      other,
           double      scale,
           const char *unit)
{
  g_print ("%-44s %10.3f %-3s %10.3f %-3s %6.1fx\n",
           what, hand * scale, unit, other * scale, unit, other / hand);
}

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

/* Snapshot writing: the appender, and JsonBuilder with the generator. */

typedef struct {
  GPtrArray *conversations;
  char      *appended;
  char      *built;
  gsize      length;
} Writing;

static void
write_appender (gpointer data)
{
  Writing *w = data;
  GString *out = g_string_sized_new (w->length + 1024);

  g_string_append (out, "{\"revision\":200000,\"server_time\":\"2026-11-25T17:32:20Z\","
                        "\"queues\":[],\"workstreams\":[],\"agents\":[],\"conversations\":[");
  for (guint i = 0; i < w->conversations->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      oc_protocol_append_conversation (out, w->conversations->pdata[i]);
    }
  g_string_append (out, "]}");
  g_free (w->appended);
  w->appended = g_string_free (out, FALSE);
}

static void
begin_empty_array (JsonBuilder *builder,
                   const char  *name)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
}

static void
write_builder (gpointer data)
{
  Writing *w = data;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, 200000);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_string_value (builder, "2026-11-25T17:32:20Z");
  begin_empty_array (builder, "queues");
  begin_empty_array (builder, "workstreams");
  begin_empty_array (builder, "agents");
  json_builder_set_member_name (builder, "conversations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < w->conversations->len; i++)
    oc_protocol_write_conversation (builder, w->conversations->pdata[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  g_free (w->built);
  w->built = oc_protocol_builder_to_string (builder, &w->length);
}

/* Parsing: our reader into objects, and json-glib's parser into its tree
 * only (reading the objects out of that tree would come on top). */

typedef struct {
  const char *data;
  gsize       length;
  guint       repeat;
} Parsing;

static void
parse_snapshot_ours (gpointer data)
{
  Parsing *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcSnapshot) snapshot = oc_protocol_parse_snapshot (p->data, p->length, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->conversations->len, ==, N_CONVERSATIONS);
  g_assert_cmpuint (snapshot->warnings->len, ==, 0);
}

static void
parse_events_ours (gpointer data)
{
  Parsing *p = data;

  for (guint i = 0; i < p->repeat; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OcEvent) event = oc_protocol_parse_event (p->data, p->length, OC_PROTOCOL_MAX_EVENT_FRAME, &error);

      g_assert_no_error (error);
    }
}

static void
parse_json_ours (gpointer data)
{
  Parsing *p = data;

  for (guint i = 0; i < p->repeat; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = oc_protocol_parse_json (p->data, p->length, G_MAXSIZE, &error);

      g_assert_no_error (error);
    }
}

static void
parse_json_glib (gpointer data)
{
  Parsing *p = data;

  for (guint i = 0; i < p->repeat; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, p->data, (gssize) p->length, &error);
      g_assert_no_error (error);
    }
}

/* How oc_protocol_parse_json() read before: our reader as a check only,
 * then json-glib's parser again. */
static void
parse_json_twice (gpointer data)
{
  Parsing *p = data;

  for (guint i = 0; i < p->repeat; i++)
    {
      g_autoptr(OcJsonDoc) doc = _oc_json_doc_parse (p->data, p->length, G_MAXSIZE, NULL);

      g_assert_nonnull (doc);
      parse_json_glib (&(Parsing) { p->data, p->length, 1 });
    }
}

static char *
dataverse_page (guint rows)
{
  GString *page = g_string_new ("{\"@odata.context\":\"https://org.example/api/data/v9.2/$metadata#msdyn_ocliveworkitems\",\"value\":[");

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (page,
      "%s{\"@odata.etag\":\"W/\\\"%u\\\"\",\"activityid\":\"%08x-0000-4000-8000-%012u\","
      "\"subject\":\"Refund for order #%u \\u2014 charged twice\",\"statecode\":%u,"
      "\"statecode@OData.Community.Display.V1.FormattedValue\":\"Active\",\"statuscode\":%u,"
      "\"createdon\":\"2026-11-25T16:58:02Z\",\"modifiedon\":\"2026-11-25T17:01:40Z\","
      "\"msdyn_firstwaitstartedon\":null,\"msdyn_customersentimentlabel\":%u,"
      "\"_msdyn_cdsqueueid_value\":\"%08x-0000-4000-8000-000000000001\",\"_msdyn_activeagentid_value\":null}",
      i > 0 ? "," : "", 1000 + i, i, i, i, i % 2, 1 + i % 5, i % 8, i % 7);
  g_string_append (page, "]}");
  return g_string_free (page, FALSE);
}

/* RFC 3339: by hand, and with GDateTime. */

typedef struct {
  char   **texts;
  gint64  *times;
} Times;

static void
parse_times_ours (gpointer data)
{
  Times *t = data;

  for (guint i = 0; i < N_TIMES; i++)
    {
      gint64 v = 0;

      oc_protocol_parse_time (t->texts[i], OC_PROTOCOL_TIME_RFC3339, &v, NULL);
      g_assert_cmpint (v, ==, t->times[i]);
    }
}

static void
parse_times_gdatetime (gpointer data)
{
  Times *t = data;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  for (guint i = 0; i < N_TIMES; i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (t->texts[i], utc);

      g_assert_cmpint (g_date_time_to_unix (when), ==, t->times[i]);
    }
}

static void
format_times_ours (gpointer data)
{
  Times *t = data;

  for (guint i = 0; i < N_TIMES; i++)
    g_free (oc_protocol_format_time (t->times[i]));
}

static void
format_times_gdatetime (gpointer data)
{
  Times *t = data;

  for (guint i = 0; i < N_TIMES; i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (t->times[i]);

      g_free (g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ"));
    }
}

int
main (void)
{
  Writing w = { g_ptr_array_new_with_free_func (g_object_unref), NULL, NULL, 0 };
  Times times = { g_new0 (char *, N_TIMES + 1), g_new (gint64, N_TIMES) };
  g_autofree char *page = dataverse_page (N_PAGE_ROWS);
  g_autofree char *event = NULL;
  double hand, other;

  for (guint i = 0; i < N_CONVERSATIONS; i++)
    g_ptr_array_add (w.conversations, make_conversation (i));
  for (guint i = 0; i < N_TIMES; i++)
    {
      times.times[i] = G_GINT64_CONSTANT (1764089882) + (gint64) i * 7919;
      times.texts[i] = oc_protocol_format_time (times.times[i]);
    }
  {
    g_autoptr(GString) e = g_string_new ("{\"type\":\"conversation.upsert\",\"revision\":200001,\"conversation\":");

    oc_protocol_append_conversation (e, w.conversations->pdata[42]);
    g_string_append_c (e, '}');
    event = g_string_free (g_steal_pointer (&e), FALSE);
  }

  g_print ("%-44s %14s %14s %7s\n", "", "hand-written", "json-glib", "ratio");
  {
    Parsing p = { page, strlen (page), 10 };
    double twice, unused;

    compare (parse_json_ours, parse_json_glib, &p, &hand, &other);
    compare (parse_json_twice, parse_json_glib, &p, &twice, &unused);
    print_row ("Dataverse page to a json-glib tree", hand / p.repeat, other / p.repeat, 1e3, "ms");
    g_print ("  %u rows, %.1f MB. Ours is the one path whatever the ratio:\n"
             "  json-glib's parser takes more than JSON (/protocol/json/strict).\n"
             "  Before, our reader checked and json-glib parsed again: %.3f ms\n",
             N_PAGE_ROWS, p.length / 1e6, twice / p.repeat * 1e3);
  }
  {
    Parsing p = { event, strlen (event), N_CONVERSATIONS };

    compare (parse_events_ours, parse_json_glib, &p, &hand, &other);
    print_row ("parse one event (into objects / tree only)", hand / N_CONVERSATIONS, other / N_CONVERSATIONS,
               1e6, "us");
  }

  compare (write_appender, write_builder, &w, &hand, &other);
  g_assert_cmpstr (w.appended, ==, w.built);
  print_row ("write snapshot (appender / JsonBuilder)", hand, other, 1, "s");
  g_print ("  %u conversations, %.1f MB, the same bytes\n", N_CONVERSATIONS, w.length / 1e6);
  {
    Parsing p = { w.built, w.length, 1 };

    compare (parse_snapshot_ours, parse_json_glib, &p, &hand, &other);
    print_row ("parse snapshot (into objects / tree only)", hand, other, 1, "s");
    g_print ("  ours %.0f MB/s, into %u conversations\n", w.length / 1e6 / hand, N_CONVERSATIONS);
  }

  g_print ("%-44s %14s %14s %7s\n", "", "hand-written", "GDateTime", "ratio");
  compare (parse_times_ours, parse_times_gdatetime, &times, &hand, &other);
  print_row ("parse RFC 3339 time", hand / N_TIMES, other / N_TIMES, 1e9, "ns");
  compare (format_times_ours, format_times_gdatetime, &times, &hand, &other);
  print_row ("format RFC 3339 time", hand / N_TIMES, other / N_TIMES, 1e9, "ns");
  g_print ("  a snapshot of %u conversations holds %u times\n", N_CONVERSATIONS, N_TIMES);

  g_strfreev (times.texts);
  g_free (times.times);
  g_free (w.appended);
  g_free (w.built);
  g_ptr_array_unref (w.conversations);
  return 0;
}
