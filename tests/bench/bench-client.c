// SPDX-License-Identifier: GPL-3.0-or-later
/* Event-to-store latency at 1,000 and 5,000 events a second, and the time to
 * resync 100,000 conversations. The server runs in its own thread and stamps
 * each event with g_get_monotonic_time(); the store's "conversation-updated"
 * handler reads the stamp back. Prints figures; asserts nothing about time. */

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

#include "oc-client.h"
#include "oc-client-private.h"
#include "oc-conversation-store.h"
#include "oc-hostile-server.h"
#include "oc-test-util.h"
#include "source-test-util.h"

#define TOKEN "bench-token"

typedef struct {
  GArray *latencies;   /* gint64 µs */
  guint   items_changed;
  guint   updated;
} Probe;

static void
on_updated (OcConversationStore *store,
            OcConversation      *conversation,
            gpointer             user_data)
{
  Probe *probe = user_data;
  const char *subject = oc_conversation_get_subject (conversation);
  gint64 sent, latency;

  probe->updated++;
  if (subject == NULL || strncmp (subject, "t=", 2) != 0)
    return;
  sent = g_ascii_strtoll (subject + 2, NULL, 10);
  latency = g_get_monotonic_time () - sent;
  g_array_append_val (probe->latencies, latency);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  ((Probe *) user_data)->items_changed++;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *sorted,
               double  p)
{
  guint i;

  if (sorted->len == 0)
    return 0;
  i = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, gint64, i) / 1000.0;
}

/* CPU time of the calling (main) thread: the client's cost, not the server's. */
static gint64
thread_cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

typedef struct {
  OcHostileServer     *server;
  OcConversationStore *store;
  OcClient            *client;
  guint                snapshots;
} Waiter;

static gboolean
stream_done_and_caught_up (gpointer data)
{
  Waiter *w = data;

  return oc_hostile_server_stream_done (w->server) &&
         oc_conversation_store_get_revision (w->store) == oc_hostile_server_get_revision (w->server);
}

static gboolean
resynced (gpointer data)
{
  Waiter *w = data;

  return _oc_client_get_stats (w->client)->snapshots > w->snapshots &&
         oc_source_get_state (OC_SOURCE (w->client)) == OC_SOURCE_STATE_LIVE &&
         oc_conversation_store_get_revision (w->store) == oc_hostile_server_get_revision (w->server);
}

static void
bench_latency (guint rate,
               double seconds,
               guint n_conversations)
{
  OcHostileServer *server = oc_hostile_server_new (TOKEN, n_conversations);
  g_autofree char *url = oc_hostile_server_get_url (server);
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = oc_client_new (url, TOKEN, store);
  Probe probe = { g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 0 };
  Waiter w = { server, store, client, 0 };
  OcTestStall stall = { 0, 0 };
  guint stall_source;
  gulong h1, h2;
  gint64 start, cpu_start;
  double elapsed;

  oc_source_start (OC_SOURCE (client));
  if (!oc_test_wait_until (is_live, client, 60000))
    g_error ("client did not get live: %s", oc_source_get_status_message (OC_SOURCE (client)));

  h1 = g_signal_connect (store, "conversation-updated", G_CALLBACK (on_updated), &probe);
  h2 = g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &probe);
  stall_source = g_timeout_add (1, oc_test_stall_tick, &stall);

  start = g_get_monotonic_time ();
  cpu_start = thread_cpu_us ();
  oc_hostile_server_start_stream (server, rate, seconds);
  if (!oc_test_wait_until (stream_done_and_caught_up, &w, (guint) (seconds * 1000) + 30000))
    g_printerr ("warning: the store did not catch up\n");
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  cpu_start = thread_cpu_us () - cpu_start;

  g_source_remove (stall_source);
  g_signal_handler_disconnect (store, h1);
  g_signal_handler_disconnect (store, h2);
  g_array_sort (probe.latencies, compare_int64);

  printf ("latency %5u events/s over %.0f s (%u conversations): %u events, "
          "p50 %.2f ms, p99 %.2f ms, max %.2f ms; %u items-changed; "
          "longest main-loop gap %.1f ms; client main thread %.0f %% of a core; state %s\n",
          rate, seconds, n_conversations, probe.latencies->len,
          percentile_ms (probe.latencies, 0.50), percentile_ms (probe.latencies, 0.99),
          percentile_ms (probe.latencies, 1.0), probe.items_changed,
          stall.worst / 1000.0, 100.0 * cpu_start / (elapsed * G_USEC_PER_SEC),
          oc_source_get_state (OC_SOURCE (client)) == OC_SOURCE_STATE_LIVE ? "live" : "not live");

  g_array_unref (probe.latencies);
  g_clear_object (&client);
  g_assert_true (oc_test_wait_until (oc_hostile_server_idle, server, 10000));
  oc_hostile_server_free (server);
}

static void
bench_resync (guint n_conversations)
{
  OcHostileServer *server = oc_hostile_server_new (TOKEN, n_conversations);
  g_autofree char *url = oc_hostile_server_get_url (server);
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = oc_client_new (url, TOKEN, store);
  Waiter w = { server, store, client, 0 };
  OcTestStall stall = { 0, 0 };
  g_autofree char *frame = NULL;
  guint stall_source;
  gint64 start;
  double first, again;

  stall_source = g_timeout_add (1, oc_test_stall_tick, &stall);
  start = g_get_monotonic_time ();
  oc_source_start (OC_SOURCE (client));
  if (!oc_test_wait_until (resynced, &w, 120000))
    g_error ("first snapshot did not load: %s", oc_source_get_status_message (OC_SOURCE (client)));
  first = (g_get_monotonic_time () - start) / 1000.0;
  printf ("connect + first snapshot of %u conversations: %.0f ms (longest main-loop gap %.1f ms)\n",
          g_list_model_get_n_items (G_LIST_MODEL (store)), first, stall.worst / 1000.0);

  /* A resync with a full store: every row merges into its existing object. */
  for (guint i = 0; i < 100; i++)
    oc_hostile_server_upsert (server, i * (n_conversations / 100), "changed before resync");
  w.snapshots = _oc_client_get_stats (client)->snapshots;
  stall.worst = 0;
  stall.last = 0;
  frame = g_strdup_printf ("{\"type\":\"resync-required\",\"revision\":%" G_GINT64_FORMAT
                           ",\"reason\":\"bench\"}", oc_hostile_server_get_revision (server));
  start = g_get_monotonic_time ();
  oc_hostile_server_send_raw (server, frame);
  if (!oc_test_wait_until (resynced, &w, 120000))
    g_error ("resync did not finish: %s", oc_source_get_status_message (OC_SOURCE (client)));
  again = (g_get_monotonic_time () - start) / 1000.0;
  printf ("resync of %u conversations into a full store: %.0f ms (longest main-loop gap %.1f ms)\n",
          g_list_model_get_n_items (G_LIST_MODEL (store)), again, stall.worst / 1000.0);

  g_source_remove (stall_source);
  g_clear_object (&client);
  g_assert_true (oc_test_wait_until (oc_hostile_server_idle, server, 10000));
  oc_hostile_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 5.0;
  const char *only = argc > 2 ? argv[2] : NULL;

  g_log_set_debug_enabled (FALSE);
  setvbuf (stdout, NULL, _IOLBF, 0);

  if (only == NULL || g_str_equal (only, "latency"))
    {
      bench_latency (1000, seconds, 20000);
      bench_latency (5000, seconds, 20000);
    }
  if (only == NULL || g_str_equal (only, "resync"))
    bench_resync (100000);
  return 0;
}
