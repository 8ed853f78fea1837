// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "oc-conversation-view.h"
#include "oc-protocol.h"
#include "store-test-util.h"

/* Figures for the store and the view at the size DESIGN.md targets. Prints,
 * asserts nothing about time. */

#define N_CONVERSATIONS 100000
#define N_QUEUES        10
#define N_AGENTS        500
#define BATCH           100
#define CHUNK           20000

static const char * const first_names[] = {
  "Zoë", "Amina", "Björn", "Chen", "Dmitri", "Élodie", "Farah", "Gustavo", "Hana", "Ivan",
  "Jun", "Kwame", "Lucía", "Mehmet", "Nadia", "Olu", "Priya", "Quentin", "Rosa", "Sven",
};
static const char * const last_names[] = {
  "Ødegård", "Haddad", "Nowak", "Okafor", "García", "Kowalski", "Nakamura", "Müller",
  "Smith", "Rossi", "Johansson", "Dubois", "Singh", "Cohen", "Yilmaz", "Andersen",
};
static const char * const topics[] = {
  "Refund for order", "Cannot log in to account", "Parcel not delivered, order",
  "Change of address for invoice", "Charged twice on card ending", "Upgrade plan",
  "Password reset loop, ticket", "Where is my replacement", "Cancel subscription",
  "Warranty claim for device",
};
static const char * const sub_channels[] = { "sms", "whatsapp", "teams", "facebook" };
static const char * const skills[] = { "billing", "spanish", "german", "technical", "vip", "returns" };

static gint64 now = G_GINT64_CONSTANT (1764000000);

static gint64
bench_clock (gpointer user_data)
{
  return now;
}

/* CPU time of this process: other work on a shared machine inflates wall
 * time, much less this. */
static gint64
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static double
seconds_since (gint64 start)
{
  return (cpu_now () - start) / (double) G_USEC_PER_SEC;
}

static void
randomize_live_fields (GRand          *rand,
                       OcConversation *c)
{
  OcStatus status = g_rand_int_range (rand, OC_STATUS_OPEN, OC_STATUS_CLOSED);
  gint64 created_at = oc_conversation_get_created_at (c);
  gint64 since = created_at + g_rand_int_range (rand, 0, (int) (now - created_at) + 1);
  g_autofree char *queue = g_strdup_printf ("q-%02d", g_rand_int_range (rand, 0, N_QUEUES));

  oc_conversation_set_status (c, status);
  oc_conversation_set_status_since (c, since);
  oc_conversation_set_queue_id (c, queue);
  oc_conversation_set_wait_seconds (c, g_rand_int_range (rand, 0, 600));
  oc_conversation_set_waiting_since (c, status == OC_STATUS_OPEN || status == OC_STATUS_WAITING ? since : 0);

  if (status == OC_STATUS_OPEN)
    {
      oc_conversation_set_agent_id (c, NULL);
      oc_conversation_set_first_assigned_at (c, 0);
    }
  else
    {
      g_autofree char *agent = g_strdup_printf ("a-%03d", g_rand_int_range (rand, 0, N_AGENTS));
      oc_conversation_set_agent_id (c, agent);
      oc_conversation_set_first_assigned_at (c, created_at + g_rand_int_range (rand, 0, 300));
    }
  oc_conversation_set_sentiment (c, g_rand_int_range (rand, OC_SENTIMENT_UNKNOWN, OC_SENTIMENT_VERY_POSITIVE + 1));
}

static OcConversation *
make_conversation (GRand *rand,
                   guint  n)
{
  g_autofree char *id = g_strdup_printf ("c-%07u", n);
  g_autofree char *subject = g_strdup_printf ("%s #%u", topics[g_rand_int_range (rand, 0, G_N_ELEMENTS (topics))],
                                              g_rand_int_range (rand, 1000, 99999));
  g_autofree char *customer = g_strdup_printf ("%s %s", first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                                               last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
  const char *required[3] = { NULL, NULL, NULL };
  OcConversation *c = oc_conversation_new (id);
  OcChannel channel = g_rand_int_range (rand, OC_CHANNEL_CHAT, OC_CHANNEL_VOICE + 1);
  guint n_skills = g_rand_int_range (rand, 0, 3);

  oc_conversation_set_subject (c, subject);
  oc_conversation_set_customer_name (c, customer);
  oc_conversation_set_channel (c, channel);
  if (channel == OC_CHANNEL_MESSAGING)
    oc_conversation_set_sub_channel (c, sub_channels[g_rand_int_range (rand, 0, G_N_ELEMENTS (sub_channels))]);
  oc_conversation_set_workstream_id (c, channel == OC_CHANNEL_VOICE ? "ws-voice" : channel == OC_CHANNEL_CHAT ? "ws-chat" : "ws-messaging");
  oc_conversation_set_created_at (c, now - g_rand_int_range (rand, 60, 20 * 3600));
  oc_conversation_set_revision (c, n + 1);
  for (guint i = 0; i < n_skills; i++)
    required[i] = skills[g_rand_int_range (rand, 0, G_N_ELEMENTS (skills))];
  if (n_skills == 2 && g_str_equal (required[0], required[1]))
    required[1] = NULL;
  oc_conversation_set_skills (c, required);
  randomize_live_fields (rand, c);

  return c;
}

static void
append_time (GString    *json,
             const char *name,
             gint64      t)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  if (t == 0)
    {
      g_string_append_printf (json, "\"%s\":null,", name);
      return;
    }
  dt = g_date_time_new_from_unix_utc (t);
  text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
  g_string_append_printf (json, "\"%s\":\"%s\",", name, text);
}

/* The wire form of docs/protocol.md, written by hand so the benchmark does
 * not depend on the protocol writers. Our strings need no escaping. */
static void
append_conversation_json (GString        *json,
                          OcConversation *c)
{
  const char * const *required = oc_conversation_get_skills (c);
  const char *agent = oc_conversation_get_agent_id (c);
  const char *sub_channel = oc_conversation_get_sub_channel (c);

  g_string_append_printf (json, "{\"id\":\"%s\",\"revision\":%" G_GINT64_FORMAT ",\"subject\":\"%s\","
                          "\"status\":\"%s\",\"channel\":\"%s\",",
                          oc_conversation_get_id (c), oc_conversation_get_revision (c),
                          oc_conversation_get_subject (c),
                          oc_enum_to_nick (OC_TYPE_STATUS, oc_conversation_get_status (c)),
                          oc_enum_to_nick (OC_TYPE_CHANNEL, oc_conversation_get_channel (c)));
  if (sub_channel != NULL)
    g_string_append_printf (json, "\"sub_channel\":\"%s\",", sub_channel);
  g_string_append_printf (json, "\"queue_id\":\"%s\",\"workstream_id\":\"%s\",",
                          oc_conversation_get_queue_id (c), oc_conversation_get_workstream_id (c));
  if (agent != NULL)
    g_string_append_printf (json, "\"agent_id\":\"%s\",", agent);
  else
    g_string_append (json, "\"agent_id\":null,");
  g_string_append_printf (json, "\"customer_name\":\"%s\",", oc_conversation_get_customer_name (c));
  append_time (json, "created_at", oc_conversation_get_created_at (c));
  append_time (json, "status_since", oc_conversation_get_status_since (c));
  append_time (json, "first_assigned_at", oc_conversation_get_first_assigned_at (c));
  append_time (json, "waiting_since", oc_conversation_get_waiting_since (c));
  g_string_append_printf (json, "\"wait_seconds\":%" G_GINT64_FORMAT ",\"sentiment\":\"%s\",\"skills\":[",
                          oc_conversation_get_wait_seconds (c),
                          oc_enum_to_nick (OC_TYPE_SENTIMENT, oc_conversation_get_sentiment (c)));
  for (guint i = 0; required[i] != NULL; i++)
    g_string_append_printf (json, "%s\"%s\"", i ? "," : "", required[i]);
  g_string_append (json, "]}");
}

static OcSnapshot *
make_snapshot (GRand *rand)
{
  OcSnapshot *snapshot = test_snapshot_new (N_CONVERSATIONS);

  test_snapshot_add_queues (snapshot, N_QUEUES);
  for (guint i = 0; i < N_AGENTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("a-%03u", i);
      g_autofree char *name = g_strdup_printf ("%s %s", first_names[i % G_N_ELEMENTS (first_names)],
                                               last_names[i % G_N_ELEMENTS (last_names)]);
      OcAgent *agent = oc_agent_new (id);

      oc_agent_set_name (agent, name);
      g_ptr_array_add (snapshot->agents, agent);
    }
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    g_ptr_array_add (snapshot->conversations, make_conversation (rand, i));

  return snapshot;
}

static char *
snapshot_to_json (OcSnapshot *snapshot,
                  gsize      *length)
{
  GString *json = g_string_sized_new (64 * 1024 * 1024);

  g_string_append_printf (json, "{\"revision\":%" G_GINT64_FORMAT ",\"server_time\":\"2025-11-24T16:00:00Z\",\"queues\":[",
                          snapshot->revision);
  for (guint i = 0; i < snapshot->queues->len; i++)
    {
      OcQueue *queue = g_ptr_array_index (snapshot->queues, i);
      g_string_append_printf (json, "%s{\"id\":\"%s\",\"name\":\"%s\",\"workstream_id\":\"ws-chat\"}",
                              i ? "," : "", oc_queue_get_id (queue), oc_queue_get_name (queue));
    }
  g_string_append (json, "],\"workstreams\":[{\"id\":\"ws-chat\",\"name\":\"Chat\",\"channel\":\"chat\","
                         "\"allowed_presences\":[\"available\",\"busy\"]}],\"agents\":[");
  for (guint i = 0; i < snapshot->agents->len; i++)
    {
      OcAgent *agent = g_ptr_array_index (snapshot->agents, i);
      g_string_append_printf (json, "%s{\"id\":\"%s\",\"name\":\"%s\",\"presence\":\"available\","
                              "\"capacity\":{\"used\":1,\"total\":3},"
                              "\"skills\":[{\"name\":\"billing\",\"level\":7}],\"queue_ids\":[\"q-00\",\"q-01\"]}",
                              i ? "," : "", oc_agent_get_id (agent), oc_agent_get_name (agent));
    }
  g_string_append (json, "],\"conversations\":[");
  for (guint i = 0; i < snapshot->conversations->len; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      append_conversation_json (json, g_ptr_array_index (snapshot->conversations, i));
    }
  g_string_append (json, "]}");

  *length = json->len;
  return g_string_free (json, FALSE);
}

/* A realistic mix: 90% changes of live rows, 5% arrivals, 5% departures. */
static GPtrArray *
make_events (OcConversationStore *store,
             GRand               *rand,
             gint64              *revision,
             guint               *next_id,
             guint                n_events)
{
  GPtrArray *events = g_ptr_array_new_full (n_events, NULL);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GHashTable) leaving = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n_events; i++)
    {
      int what = g_rand_int_range (rand, 0, 100);
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (store), g_rand_int_range (rand, 0, n_items));

      if (what < 5 || g_hash_table_contains (leaving, oc_conversation_get_id (c)))
        g_ptr_array_add (events, test_event_upsert (++*revision, make_conversation (rand, (*next_id)++)));
      else if (what < 10)
        {
          g_hash_table_add (leaving, (gpointer) oc_conversation_get_id (c));
          g_ptr_array_add (events, test_event_removed (++*revision, oc_conversation_get_id (c), "closed"));
        }
      else
        {
          OcConversation *copy = test_conversation_copy (c);

          randomize_live_fields (rand, copy);
          oc_conversation_set_revision (copy, *revision + 1);
          g_ptr_array_add (events, test_event_upsert (++*revision, copy));
        }
    }

  return events;
}

static void
free_events (GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    test_event_free (g_ptr_array_index (events, i));
  g_ptr_array_unref (events);
}

/* Applies @n_total events in batches of @batch; returns events a second. */
static double
measure_events (OcConversationStore *store,
                GRand               *rand,
                gint64              *revision,
                guint               *next_id,
                guint                n_total,
                guint                batch)
{
  double elapsed = 0;

  for (guint done = 0; done < n_total; done += CHUNK)
    {
      GPtrArray *events = make_events (store, rand, revision, next_id, CHUNK);
      gint64 start = cpu_now ();

      for (guint i = 0; i < events->len; i += batch)
        {
          guint n = MIN (batch, events->len - i);
          guint applied = oc_conversation_store_apply_events (store, (OcEvent * const *) events->pdata + i, n);

          if (applied != n)
            g_error ("applied %u of %u events", applied, n);
        }
      elapsed += seconds_since (start);
      free_events (events);
    }

  return n_total / elapsed;
}

/* Every sortable column, both ways, and every filter: what a click costs. */
static void
measure_sorts_and_filters (OcConversationView *view)
{
  static const struct { OcSortColumn column; const char *name; } columns[] = {
    { OC_SORT_NONE, "arrival" }, { OC_SORT_SUBJECT, "subject" }, { OC_SORT_STATUS, "status" },
    { OC_SORT_AGENT, "agent id" }, { OC_SORT_QUEUE, "queue id" }, { OC_SORT_CHANNEL, "channel" },
    { OC_SORT_WAIT, "wait" }, { OC_SORT_HANDLE, "handle" }, { OC_SORT_SENTIMENT, "sentiment" },
    { OC_SORT_CUSTOMER, "customer" }, { OC_SORT_CREATED, "created" },
    { OC_SORT_AGENT_NAME, "agent name" }, { OC_SORT_QUEUE_NAME, "queue name" },
  };
  static const char * const two_queues[] = { "q-03", "q-07", NULL };
  gint64 start;
  double worst = 0, t;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    for (int descending = 0; descending < 2; descending++)
      {
        start = cpu_now ();
        oc_conversation_view_set_sort (view, columns[i].column, descending);
        t = seconds_since (start);
        worst = MAX (worst, t);
        g_print ("sort by %-10s %-10s %6.1f ms\n", columns[i].name,
                 descending ? "descending" : "ascending", t * 1000);
      }

  oc_conversation_view_set_sort (view, OC_SORT_WAIT, FALSE);

#define FILTER_STEP(what, call) \
  G_STMT_START { \
    start = cpu_now (); \
    call; \
    t = seconds_since (start); \
    worst = MAX (worst, t); \
    g_print ("filter: %-32s %6.1f ms, %u rows\n", what, t * 1000, \
             g_list_model_get_n_items (G_LIST_MODEL (view))); \
  } G_STMT_END

  FILTER_STEP ("two queues", oc_conversation_view_set_queue_filter (view, two_queues));
  FILTER_STEP ("all queues", oc_conversation_view_set_queue_filter (view, NULL));
  FILTER_STEP ("channel voice", oc_conversation_view_set_channel_filter (view, 1u << OC_CHANNEL_VOICE));
  FILTER_STEP ("all channels", oc_conversation_view_set_channel_filter (view, 0));
  FILTER_STEP ("status open + waiting", oc_conversation_view_set_status_filter (view, (1u << OC_STATUS_OPEN) | (1u << OC_STATUS_WAITING)));
  FILTER_STEP ("all statuses", oc_conversation_view_set_status_filter (view, 0));
  FILTER_STEP ("search \"r\"", oc_conversation_view_set_search_text (view, "r"));
  FILTER_STEP ("search \"refund\"", oc_conversation_view_set_search_text (view, "refund"));
  FILTER_STEP ("search non-ASCII name", oc_conversation_view_set_search_text (view, "ødegård"));
  FILTER_STEP ("search cleared", oc_conversation_view_set_search_text (view, NULL));
#undef FILTER_STEP

  g_print ("slowest sort or filter change: %.1f ms  (goal < 150 ms)\n", worst * 1000);
}

static guint n_view_changes;

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added)
{
  n_view_changes++;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20251124);
  g_autoptr(OcConversationStore) store = NULL;
  g_autoptr(OcConversationView) view = NULL;
  static const char * const two_queues[] = { "q-03", "q-07", NULL };
  OcSnapshot *snapshot, *parsed;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  double parse_time, load_time;
  gsize json_length, rss_before, heap_before, heap_objects, heap_loaded, heap_view;
  gint64 revision = N_CONVERSATIONS;
  guint next_id = N_CONVERSATIONS;
  gint64 start;
  double rate;

  /* GLib 2.74's slice allocator keeps freed blocks for itself, out of
   * mallinfo2()'s sight; with plain malloc every byte is counted. */
  if (g_strcmp0 (getenv ("G_SLICE"), "always-malloc") != 0)
    {
      setenv ("G_SLICE", "always-malloc", 1);
      execv ("/proc/self/exe", argv);
      g_printerr ("could not re-execute with G_SLICE=always-malloc\n");
    }

  g_print ("(times are process CPU time)\n");
  g_print ("bench-store: %u conversations, %u queues, %u agents, batches of %u events\n",
           N_CONVERSATIONS, N_QUEUES, N_AGENTS, BATCH);

  snapshot = make_snapshot (rand);
  json = snapshot_to_json (snapshot, &json_length);
  test_snapshot_free (snapshot);
  g_print ("snapshot JSON: %.1f MiB\n", json_length / (1024.0 * 1024.0));

  /* Memory: the parsed objects alone, then the store around them. */
  heap_before = oc_bench_heap_in_use ();
  rss_before = oc_bench_resident_bytes ();
  start = cpu_now ();
  parsed = oc_protocol_parse_snapshot (json, json_length, &error);
  parse_time = seconds_since (start);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->conversations->len, ==, N_CONVERSATIONS);
  g_assert_cmpuint (parsed->warnings->len, ==, 0);
  heap_objects = oc_bench_heap_in_use ();

  store = oc_conversation_store_new ();
  oc_conversation_store_set_clock (store, bench_clock, NULL);

  start = cpu_now ();
  oc_conversation_store_load_snapshot (store, parsed);
  load_time = seconds_since (start);
  g_print ("parse %.3f s + load_snapshot %.3f s = %.3f s  (goal < 1 s)\n",
           parse_time, load_time, parse_time + load_time);

  g_clear_pointer (&parsed, oc_snapshot_free);
  heap_loaded = oc_bench_heap_in_use ();
  g_print ("heap per conversation: %.0f bytes (objects %.0f + store %.0f)  (goal < 1024)\n",
           (double) (heap_loaded - heap_before) / N_CONVERSATIONS,
           (double) (heap_objects - heap_before) / N_CONVERSATIONS,
           ((double) heap_loaded - (double) heap_objects) / N_CONVERSATIONS);
  g_print ("resident memory per conversation: %.0f bytes\n",
           ((double) oc_bench_resident_bytes () - (double) rss_before) / N_CONVERSATIONS);

  /* A resync to the same world: every row persists, updated in place. */
  start = cpu_now ();
  parsed = oc_protocol_parse_snapshot (json, json_length, &error);
  g_assert_no_error (error);
  parse_time = seconds_since (start);
  start = cpu_now ();
  oc_conversation_store_load_snapshot (store, parsed);
  g_print ("resync over a full store: parse %.3f s + merge %.3f s\n", parse_time, seconds_since (start));
  g_clear_pointer (&parsed, oc_snapshot_free);
  g_clear_pointer (&json, g_free);

  rate = measure_events (store, rand, &revision, &next_id, 200000, BATCH);
  g_print ("events applied, no view: %.0f /s  (goal > 200,000/s)\n", rate);
  rate = measure_events (store, rand, &revision, &next_id, 40000, 1);
  g_print ("events applied one at a time, no view: %.0f /s\n", rate);

  heap_loaded = oc_bench_heap_in_use ();
  start = cpu_now ();
  view = oc_conversation_view_new (store);
  g_print ("view of everything in arrival order: built in %.3f s, %u rows\n",
           seconds_since (start), g_list_model_get_n_items (G_LIST_MODEL (view)));
  start = cpu_now ();
  oc_conversation_view_set_sort (view, OC_SORT_WAIT, FALSE);
  g_print ("sort by wait: rebuilt in %.3f s\n", seconds_since (start));
  heap_view = oc_bench_heap_in_use ();
  g_print ("heap of the view: %.0f bytes a row\n",
           ((double) heap_view - (double) heap_loaded) / g_list_model_get_n_items (G_LIST_MODEL (view)));
  measure_sorts_and_filters (view);
  start = cpu_now ();
  oc_conversation_view_set_queue_filter (view, two_queues);
  g_print ("filter to two queues: rebuilt in %.3f s, %u rows\n",
           seconds_since (start), g_list_model_get_n_items (G_LIST_MODEL (view)));

  g_signal_connect (view, "items-changed", G_CALLBACK (count_changes), NULL);
  rate = measure_events (store, rand, &revision, &next_id, 200000, BATCH);
  g_print ("updates through the view (wait sort, two queues): %.0f /s, %.2f items-changed each  (goal > 100,000/s)\n",
           rate, n_view_changes / 200000.0);

  oc_conversation_view_set_queue_filter (view, NULL);
  n_view_changes = 0;
  rate = measure_events (store, rand, &revision, &next_id, 200000, BATCH);
  g_print ("updates through the view (wait sort, all %u rows): %.0f /s, %.2f items-changed each\n",
           g_list_model_get_n_items (G_LIST_MODEL (view)), rate, n_view_changes / 200000.0);

  oc_conversation_view_set_search_text (view, "refund");
  n_view_changes = 0;
  rate = measure_events (store, rand, &revision, &next_id, 100000, BATCH);
  g_print ("updates through the view (wait sort, search \"refund\", %u rows): %.0f /s\n",
           g_list_model_get_n_items (G_LIST_MODEL (view)), rate);

  start = cpu_now ();
  now += 6 * 3600;
  g_print ("expire after 6 h: %u rows expired", oc_conversation_store_expire (store));
  g_print (" in %.3f s\n", seconds_since (start));

  return 0;
}
