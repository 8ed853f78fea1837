// SPDX-License-Identifier: GPL-3.0-or-later
/* The console's report under load, on a display (Xvfb): 100,000 live
 * conversations and 5,000 updates a second for 30 s through the real store,
 * view and widgets. Prints frame intervals (GdkFrameClock), the main-thread
 * time spent applying updates per frame, startup to first paint, and memory.
 * Asserts nothing about time. OC_BENCH_SECONDS, OC_BENCH_RATE and
 * OC_BENCH_CONVERSATIONS change the load. */
#include "config.h"

#include "bench-util.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "oc-agent.h"
#include "oc-filter-bar.h"
#include "oc-queue.h"
#include "oc-report.h"
#include "oc-summary-strip.h"
#include "store-test-util.h"

#define N_QUEUES 10
#define N_AGENTS 500
#define TICK_MS  5

static const char * const topics[] = {
  "Refund for order", "Cannot log in", "Parcel not delivered", "Change of address",
  "Charged twice", "Upgrade plan", "Password reset", "Replacement", "Cancel subscription",
  "Warranty claim",
};
static const OcStatus statuses[] = {
  OC_STATUS_OPEN, OC_STATUS_ACTIVE, OC_STATUS_WAITING, OC_STATUS_WRAP_UP,
};

typedef struct {
  OcConversationStore *store;
  OcConversationView  *view;
  GtkWindow           *window;
  GRand               *rand;
  guint                n_conversations;
  guint                rate;
  gint64               revision;
  gint64               now;
  gint64               started;          /* µs, monotonic */
  gint64               first_paint;      /* µs after started */
  gint64               load_end;
  gint64               generated;
  gint64               last_paint;
  gint64               update_start;     /* frame phase, for paint cost */
  gint64               apply_in_frame;   /* µs applying updates since the last paint */
  GArray              *intervals;        /* double ms */
  GArray              *apply_per_frame;  /* double ms */
  GArray              *frame_work;       /* double ms: update..after-paint */
  guint64              applied;
  double               owed;             /* updates due but not sent yet */
  gint64               last_tick;
  gint64               cpu_at_load;
  gboolean             running;
  GMainLoop           *loop;
} Bench;

/* CPU time of the main thread: on a shared machine wall time also counts
 * other processes. */
static gint64
thread_cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%lu %lu", &size, &resident);
  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE);
}

static OcConversation *
make_conversation (Bench *b,
                   guint  i)
{
  g_autofree char *id = g_strdup_printf ("c-%06u", i);
  g_autofree char *queue = g_strdup_printf ("q-%02u", i % N_QUEUES);
  g_autofree char *agent = g_strdup_printf ("a-%03u", i % N_AGENTS);
  g_autofree char *subject = g_strdup_printf ("%s #%u", topics[i % G_N_ELEMENTS (topics)], i);
  g_autofree char *customer = g_strdup_printf ("Customer %u", i);
  OcStatus status = statuses[g_rand_int_range (b->rand, 0, G_N_ELEMENTS (statuses))];
  OcConversation *c = test_conversation_new (id, status, queue,
                                             status == OC_STATUS_OPEN ? NULL : agent,
                                             b->now - g_rand_int_range (b->rand, 0, 20000));

  oc_conversation_set_subject (c, subject);
  oc_conversation_set_customer_name (c, customer);
  oc_conversation_set_channel (c, 1 + i % 3);
  oc_conversation_set_sentiment (c, g_rand_int_range (b->rand, 0, 8));
  if (status == OC_STATUS_OPEN || status == OC_STATUS_WAITING)
    oc_conversation_set_waiting_since (c, b->now - g_rand_int_range (b->rand, 0, 3600));
  if (status != OC_STATUS_OPEN)
    oc_conversation_set_first_assigned_at (c, b->now - g_rand_int_range (b->rand, 0, 3600));
  return c;
}

/* One update as the server would send it: a status change that restarts or
 * ends a waiting spell (so the row moves in the wait order), or a new subject. */
static OcEvent *
make_update (Bench *b)
{
  g_autofree char *id = g_strdup_printf ("c-%06u", g_rand_int_range (b->rand, 0, b->n_conversations));
  OcConversation *current = oc_conversation_store_lookup (b->store, id);
  OcConversation *copy = test_conversation_copy (current);
  OcStatus status = statuses[g_rand_int_range (b->rand, 0, G_N_ELEMENTS (statuses))];

  oc_conversation_set_status (copy, status);
  oc_conversation_set_agent_id (copy, status == OC_STATUS_OPEN ? NULL : "a-007");
  oc_conversation_set_waiting_since (copy, status == OC_STATUS_OPEN || status == OC_STATUS_WAITING
                                           ? b->now - g_rand_int_range (b->rand, 0, 60) : 0);
  oc_conversation_set_sentiment (copy, g_rand_int_range (b->rand, 0, 8));
  oc_conversation_set_revision (copy, ++b->revision);

  return test_event_upsert (b->revision, copy);
}

static gboolean
tick_cb (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  gint64 start;
  guint n;

  if (!b->running)
    return G_SOURCE_REMOVE;

  /* Keep the rate whatever the timer's jitter: send what is due. */
  b->owed += b->rate * (now - b->last_tick) / (double) G_USEC_PER_SEC;
  b->last_tick = now;
  n = (guint) b->owed;
  b->owed -= n;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (events, make_update (b));

  start = thread_cpu_now ();
  oc_conversation_store_apply_events (b->store, (OcEvent * const *) events->pdata, events->len);
  b->apply_in_frame += thread_cpu_now () - start;
  b->applied += n;

  for (guint i = 0; i < events->len; i++)
    test_event_free (g_ptr_array_index (events, i));

  return G_SOURCE_CONTINUE;
}

static void
frame_update_cb (GdkFrameClock *clock,
                 Bench         *b)
{
  b->update_start = thread_cpu_now ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->first_paint == 0)
    b->first_paint = now - b->started;

  if (b->running && b->last_paint != 0)
    {
      double interval = (now - b->last_paint) / 1000.0;
      double apply = b->apply_in_frame / 1000.0;
      double work = b->update_start ? (thread_cpu_now () - b->update_start) / 1000.0 : 0;

      g_array_append_val (b->intervals, interval);
      g_array_append_val (b->apply_per_frame, apply);
      g_array_append_val (b->frame_work, work);
    }

  b->apply_in_frame = 0;
  b->last_paint = now;
}

static gboolean
stop_cb (gpointer data)
{
  Bench *b = data;

  b->running = FALSE;
  g_main_loop_quit (b->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { 0, };
  g_autoptr(OcClock) clock = NULL;
  OcSnapshot *snapshot;
  OcReport *report;
  OcFilterBar *filter_bar;
  OcSummaryStrip *summary;
  GtkWidget *box;
  GdkFrameClock *frame_clock;
  gsize rss_before, rss_loaded, rss_end;
  guint seconds = oc_bench_env_uint ("OC_BENCH_SECONDS", 30);
  gint64 t;

  b.started = g_get_monotonic_time ();
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();

  b.n_conversations = oc_bench_env_uint ("OC_BENCH_CONVERSATIONS", 100000);
  b.rate = oc_bench_env_uint ("OC_BENCH_RATE", 5000);
  b.rand = g_rand_new_with_seed (7);
  b.now = g_get_real_time () / G_USEC_PER_SEC;
  b.revision = 1;
  b.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  b.apply_per_frame = g_array_new (FALSE, FALSE, sizeof (double));
  b.frame_work = g_array_new (FALSE, FALSE, sizeof (double));
  b.loop = g_main_loop_new (NULL, FALSE);

  rss_before = resident_bytes ();

  /* The floor, as a snapshot. */
  t = g_get_monotonic_time ();
  b.store = oc_conversation_store_new ();
  b.view = oc_conversation_view_new (b.store);
  snapshot = test_snapshot_new (b.revision);
  test_snapshot_add_queues (snapshot, N_QUEUES);
  for (guint i = 0; i < N_AGENTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("a-%03u", i);
      g_autofree char *name = g_strdup_printf ("Agent %u", i);
      OcAgent *agent = oc_agent_new (id);
      oc_agent_set_name (agent, name);
      g_ptr_array_add (snapshot->agents, agent);
    }
  for (guint i = 0; i < b.n_conversations; i++)
    g_ptr_array_add (snapshot->conversations, make_conversation (&b, i));
  b.generated = g_get_monotonic_time () - t;

  /* The widgets, as the console has them, sorted by wait (the default). */
  b.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (b.window, 1280, 800);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  summary = oc_summary_strip_new ();
  filter_bar = oc_filter_bar_new ();
  report = oc_report_new ();
  gtk_widget_set_vexpand (GTK_WIDGET (report), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (summary));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (filter_bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (report));
  gtk_window_set_child (b.window, box);
  oc_filter_bar_set_view (filter_bar, b.view);
  oc_report_set_view (report, b.view);
  oc_summary_strip_set_view (summary, b.view);

  t = g_get_monotonic_time ();
  oc_conversation_store_load_snapshot (b.store, snapshot);
  b.load_end = g_get_monotonic_time () - t;
  test_snapshot_free (snapshot);
  rss_loaded = resident_bytes ();

  gtk_window_present (b.window);
  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.window));
  g_signal_connect (frame_clock, "update", G_CALLBACK (frame_update_cb), &b);
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), &b);

  while (b.first_paint == 0)
    g_main_context_iteration (NULL, TRUE);

  {
    g_autofree char *loadavg = NULL;
    g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
    printf ("conversations %u, updates %u/s for %u s, GTK %d.%d.%d, renderer %s, load average %.14s\n",
            b.n_conversations, b.rate, seconds, gtk_get_major_version (), gtk_get_minor_version (),
            gtk_get_micro_version (), g_getenv ("GSK_RENDERER"), loadavg ? loadavg : "?");
  }
  printf ("%-34s %.0f ms, of which making the test data %.0f ms and loading the snapshot into store, view and report %.0f ms\n",
          "startup to first paint", b.first_paint / 1000.0, b.generated / 1000.0, b.load_end / 1000.0);

  /* Idle first: the baseline of this machine. */
  gtk_widget_add_tick_callback (GTK_WIDGET (b.window), oc_bench_keep_ticking, NULL, NULL);
  b.running = TRUE;
  b.last_paint = 0;
  g_timeout_add_seconds (3, stop_cb, &b);
  g_main_loop_run (b.loop);
  oc_bench_print_stats ("idle frame interval", b.intervals);
  g_array_set_size (b.intervals, 0);
  g_array_set_size (b.apply_per_frame, 0);
  g_array_set_size (b.frame_work, 0);

  /* Then the load. */
  b.running = TRUE;
  b.last_paint = 0;
  b.last_tick = g_get_monotonic_time ();
  b.cpu_at_load = thread_cpu_now ();
  g_timeout_add (TICK_MS, tick_cb, &b);
  g_timeout_add_seconds (seconds, stop_cb, &b);
  g_main_loop_run (b.loop);

  rss_end = resident_bytes ();
  printf ("%-34s %.0f%% of one core\n", "main thread CPU under load",
          100.0 * (thread_cpu_now () - b.cpu_at_load) / (seconds * (double) G_USEC_PER_SEC));
  printf ("%-34s %.0f/s (%" G_GUINT64_FORMAT " in %u s)\n", "updates applied",
          b.applied / (double) seconds, b.applied, seconds);
  oc_bench_print_stats ("frame interval under load", b.intervals);
  oc_bench_print_stats ("applying updates per frame (CPU)", b.apply_per_frame);
  oc_bench_print_stats ("layout and paint per frame (CPU)", b.frame_work);
  printf ("%-34s %.1f MiB before, %.1f MiB loaded (%.0f B a conversation), %.1f MiB at the end\n",
          "resident memory", rss_before / 1048576.0, rss_loaded / 1048576.0,
          (rss_loaded - rss_before) / (double) b.n_conversations, rss_end / 1048576.0);

  gtk_window_destroy (b.window);
  g_clear_object (&b.view);
  g_clear_object (&b.store);
  g_rand_free (b.rand);
  g_array_unref (b.intervals);
  g_array_unref (b.apply_per_frame);
  g_array_unref (b.frame_work);
  g_main_loop_unref (b.loop);
  (void) clock;

  return 0;
}
