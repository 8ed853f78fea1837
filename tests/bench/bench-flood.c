// SPDX-License-Identifier: GPL-3.0-or-later
/* The console under a flood (issue #16 point 7), on a display (Xvfb): the
 * report, summary strip and filter bar over an OcClient against the hostile
 * server's 1,000 conversations, which sends 2,000 upserts a second for 10 s,
 * first changing only the subject, then a new waiting spell each (so every
 * row moves in the order by wait, the report's default).
 *
 * Main-loop latency is measured as a D-Bus call to the app sees it: a thread
 * posts a default-priority idle to the main context every 20 ms (GDBus hands
 * method calls over the same way) and the idle records how long it waited.
 * Prints p50/p99/max of that, the frame intervals, how long "catching-up"
 * was on, and, after the flood, whether the store equals the server and the
 * view equals a from-scratch filter-and-sort. Asserts nothing about time.
 * OC_BENCH_SECONDS, OC_BENCH_RATE and OC_BENCH_CONVERSATIONS change the load;
 * OC_BENCH_CATCH_UP_SECONDS (600) is how long the store may take to catch up
 * before it is compared as it is, which the line then says. */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "oc-client.h"
#include "oc-client-private.h"
#include "oc-filter-bar.h"
#include "oc-frame-pacer.h"
#include "oc-hostile-server.h"
#include "oc-report.h"
#include "oc-summary-strip.h"
#include "bench-util.h"
#include "oc-test-util.h"

#define TOKEN "bench-token"
typedef struct {
  OcHostileServer     *server;
  OcClient            *client;
  OcConversationStore *store;
  OcConversationView  *view;
  GArray              *intervals;   /* double ms */
  GArray              *layouts;     /* double ms: the frame's layout phase */
  GArray              *paints;      /* double ms: its paint phase */
  gint64               last_paint;
  gint64               phase_start;
  OcBenchSpells        catching_up;
} Bench;

/* Connected after GTK's own handlers: each runs when GTK's part of the
 * phase is done. */
static void
update_cb (GdkFrameClock *clock,
           Bench         *b)
{
  b->phase_start = g_get_monotonic_time ();
}

/* Records the phase that just ended and starts the next one. */
static void
end_phase (Bench  *b,
           GArray *phases)
{
  gint64 now = g_get_monotonic_time ();
  double ms = (now - b->phase_start) / 1000.0;

  if (b->phase_start != 0)
    g_array_append_val (phases, ms);
  b->phase_start = now;
}

static void
layout_cb (GdkFrameClock *clock,
           Bench         *b)
{
  end_phase (b, b->layouts);
}

static void
paint_cb (GdkFrameClock *clock,
          Bench         *b)
{
  end_phase (b, b->paints);
  b->phase_start = 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->last_paint != 0)
    {
      double interval = (now - b->last_paint) / 1000.0;
      g_array_append_val (b->intervals, interval);
    }
  b->last_paint = now;
}

static gboolean
is_live (gpointer data)
{
  return oc_source_get_state (OC_SOURCE (data)) == OC_SOURCE_STATE_LIVE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gboolean
stream_done (gpointer data)
{
  return oc_hostile_server_stream_done (((Bench *) data)->server);
}

static gboolean
caught_up (gpointer data)
{
  Bench *b = data;

  return oc_conversation_store_get_revision (b->store) == oc_hostile_server_get_revision (b->server) &&
         !oc_source_get_catching_up (OC_SOURCE (b->client));
}

/* The store against the server, the view against a new one. The store is
 * compared only as far as it got: when it did not catch up in time, the rows
 * still queued differ, and that is said rather than counted as a loss. */
static void
check_exact (Bench    *b,
             gboolean  caught)
{
  g_autoptr(OcConversationView) fresh = oc_conversation_view_new (b->store);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (b->view));
  guint store_differs = 0;
  gint64 store_revision = oc_conversation_store_get_revision (b->store);
  gint64 server_revision = oc_hostile_server_get_revision (b->server);
  gboolean view_same;

  oc_conversation_view_set_sort (fresh, oc_conversation_view_get_sort_column (b->view),
                                 oc_conversation_view_get_sort_descending (b->view));
  view_same = n == g_list_model_get_n_items (G_LIST_MODEL (fresh));
  for (guint i = 0; view_same && i < n; i++)
    {
      g_autoptr(OcConversation) x = g_list_model_get_item (G_LIST_MODEL (b->view), i);
      g_autoptr(OcConversation) y = g_list_model_get_item (G_LIST_MODEL (fresh), i);

      view_same = x == y;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (b->store)); i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (b->store), i);
      guint index = (guint) g_ascii_strtoull (oc_conversation_get_id (c) + 2, NULL, 10);
      g_autofree char *subject = oc_hostile_server_get_subject (b->server, index);

      store_differs += g_strcmp0 (subject, oc_conversation_get_subject (c)) != 0 ||
                       oc_hostile_server_get_wait_seconds (b->server, index) !=
                       oc_conversation_get_wait_seconds (c) ||
                       oc_hostile_server_get_waiting_since (b->server, index) !=
                       oc_conversation_get_waiting_since (c);
    }

  /* The server must not have moved on while the rows were compared. */
  if (oc_hostile_server_get_revision (b->server) != server_revision)
    printf ("  after the flood: the server changed during the comparison; not compared\n");
  else if (caught && store_revision == server_revision)
    printf ("  after the flood: store at the server's revision, %u rows differ from the server "
            "(subject, wait_seconds, waiting_since); view %s a from-scratch sort (%u rows)\n",
            store_differs, view_same ? "equals" : "DIFFERS FROM", n);
  else
    printf ("  after the flood: NOT CAUGHT UP in time: store at revision %" G_GINT64_FORMAT
            " of the server's %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " events behind), so %u rows "
            "still differ from the server; view %s a from-scratch sort (%u rows)\n",
            store_revision, server_revision, server_revision - store_revision, store_differs,
            view_same ? "equals" : "DIFFERS FROM", n);
}

static void
flood (Bench      *b,
       const char *what,
       gboolean    moves,
       guint       rate,
       double      seconds,
       guint       catch_up_seconds)
{
  OcBenchProber *prober;
  g_autoptr(GArray) latencies = NULL;
  const OcClientStats *stats = _oc_client_get_stats (b->client);
  guint coalesced = stats->coalesced_events, deferred = stats->deferred_flushes;
  gint64 start, end;
  gboolean caught;

  g_array_set_size (b->intervals, 0);
  g_array_set_size (b->layouts, 0);
  g_array_set_size (b->paints, 0);
  b->last_paint = 0;
  b->catching_up.total_us = 0;

  prober = oc_bench_prober_start ();
  start = g_get_monotonic_time ();
  if (rate > 0 && moves)
    oc_hostile_server_start_stream_moves (b->server, rate, seconds);
  else if (rate > 0)
    oc_hostile_server_start_stream (b->server, rate, seconds);
  if (rate > 0)
    oc_test_wait_until (stream_done, b, (guint) (seconds * 1000) + 30000);
  else
    oc_test_wait_until (never, NULL, (guint) (seconds * 1000));
  end = g_get_monotonic_time ();
  caught = oc_test_wait_until (caught_up, b, catch_up_seconds * 1000);
  /* A spell still on counts to here, and goes on. */
  if (b->catching_up.since != 0)
    {
      oc_bench_spells_set (&b->catching_up, FALSE);
      oc_bench_spells_set (&b->catching_up, TRUE);
    }

  latencies = oc_bench_prober_take (prober);
  oc_bench_prober_stop (prober);

  printf ("%s: %u upserts/s for %.0f s on %u conversations\n", what, rate, seconds,
          g_list_model_get_n_items (G_LIST_MODEL (b->store)));
  oc_bench_print_stats ("main-loop latency (D-Bus-like)", latencies);
  oc_bench_print_stats ("frame interval", b->intervals);
  oc_bench_print_stats ("layout phase", b->layouts);
  oc_bench_print_stats ("paint phase", b->paints);
  printf ("  catching up %.1f s; %s %.1f s after the flood ended; %u upserts coalesced, "
          "%u flushes left events for the next frame\n",
          b->catching_up.total_us / (double) G_USEC_PER_SEC, caught ? "caught up" : "STILL BEHIND",
          (g_get_monotonic_time () - end) / (double) G_USEC_PER_SEC,
          stats->coalesced_events - coalesced, stats->deferred_flushes - deferred);
  if (rate > 0)
    check_exact (b, caught);
  (void) start;
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { 0, };
  g_autofree char *url = NULL;
  g_autofree char *loadavg = NULL;
  GtkWindow *window;
  g_autoptr(OcFramePacer) pacer = NULL;
  guint seconds = oc_bench_env_uint ("OC_BENCH_SECONDS", 10);
  guint rate = oc_bench_env_uint ("OC_BENCH_RATE", 2000);
  guint n_conversations = oc_bench_env_uint ("OC_BENCH_CONVERSATIONS", 1000);
  guint catch_up_seconds = oc_bench_env_uint ("OC_BENCH_CATCH_UP_SECONDS", 600);

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  g_log_set_debug_enabled (FALSE);
  setvbuf (stdout, NULL, _IOLBF, 0);

  b.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  b.layouts = g_array_new (FALSE, FALSE, sizeof (double));
  b.paints = g_array_new (FALSE, FALSE, sizeof (double));
  b.server = oc_hostile_server_new (TOKEN, n_conversations);
  url = oc_hostile_server_get_url (b.server);
  b.store = oc_conversation_store_new ();
  b.client = oc_client_new (url, TOKEN, b.store);
  b.view = oc_conversation_view_new (b.store);
  g_signal_connect (b.client, "notify::catching-up", G_CALLBACK (oc_bench_spells_notify), &b.catching_up);

  /* The widgets as the console has them; the report sorts by wait. */
  window = oc_bench_console_window (b.view);
  pacer = oc_frame_pacer_new (GTK_WIDGET (window));
  oc_frame_pacer_set_source (pacer, OC_SOURCE (b.client));
  gtk_window_present (window);
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

    g_signal_connect (clock, "update", G_CALLBACK (update_cb), &b);
    g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), &b);
    g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), &b);
    g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &b);
  }
  gtk_widget_add_tick_callback (GTK_WIDGET (window), oc_bench_keep_ticking, NULL, NULL);

  oc_source_start (OC_SOURCE (b.client));
  if (!oc_test_wait_until (is_live, b.client, 60000))
    g_error ("client did not get live: %s", oc_source_get_status_message (OC_SOURCE (b.client)));

  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  printf ("GTK %d.%d.%d, renderer %s, sorted by %s, load average %.14s\n",
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
          g_getenv ("GSK_RENDERER"),
          oc_conversation_view_get_sort_column (b.view) == OC_SORT_WAIT ? "wait" : "another column",
          loadavg ? loadavg : "?");

  flood (&b, "idle", FALSE, 0, 3, catch_up_seconds);
  flood (&b, "subject only", FALSE, rate, seconds, catch_up_seconds);
  flood (&b, "wait_seconds and waiting_since", TRUE, rate, seconds, catch_up_seconds);

  gtk_window_destroy (window);
  oc_source_stop (OC_SOURCE (b.client));
  g_clear_object (&b.client);
  g_clear_object (&b.view);
  g_clear_object (&b.store);
  oc_test_wait_until (oc_hostile_server_idle, b.server, 10000);
  oc_hostile_server_free (b.server);
  g_array_unref (b.intervals);
  g_array_unref (b.layouts);
  g_array_unref (b.paints);
  return 0;
}
