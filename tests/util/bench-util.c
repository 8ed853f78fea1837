// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "oc-filter-bar.h"
#include "oc-report.h"
#include "oc-summary-strip.h"

gsize
oc_bench_heap_in_use (void)
{
  struct mallinfo2 info;

  malloc_trim (0);
  info = mallinfo2 ();
  return info.uordblks + info.hblkhd;
}

gsize
oc_bench_resident_bytes (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%lu %lu", &size, &resident);
  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE);
}

double
oc_bench_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

void
oc_bench_print_load (const char *what)
{
  g_autofree char *loadavg = NULL;

  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  printf ("%s (load average %.14s)\n", what, loadavg ? loadavg : "?");
}

gboolean
oc_bench_keep_ticking (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
oc_bench_median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return values->len > 0 ? g_array_index (values, double, values->len / 2) : 0;
}

void
oc_bench_print_stats (const char *what,
                      GArray     *values)
{
  double sum = 0;
  guint over = 0;

  if (values->len == 0)
    {
      printf ("  %-34s none\n", what);
      return;
    }

  g_array_sort (values, compare_doubles);
  for (guint i = 0; i < values->len; i++)
    {
      sum += g_array_index (values, double, i);
      over += g_array_index (values, double, i) > 100.0;
    }
  printf ("  %-34s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  mean %7.2f ms  (%u, %u over 100 ms)\n", what,
          g_array_index (values, double, values->len / 2),
          g_array_index (values, double, MIN (values->len - 1, values->len * 99 / 100)),
          g_array_index (values, double, values->len - 1),
          sum / values->len, values->len, over);
}

guint
oc_bench_env_uint (const char *name,
                   guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

GtkWindow *
oc_bench_window_of (OcSummaryStrip *summary,
                    OcFilterBar    *filter_bar,
                    OcReport       *report)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_window_set_default_size (window, 1280, 800);
  gtk_widget_set_vexpand (GTK_WIDGET (report), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (summary));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (filter_bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (report));
  gtk_window_set_child (window, box);
  return window;
}

GtkWindow *
oc_bench_console_window (OcConversationView *view)
{
  OcSummaryStrip *summary = oc_summary_strip_new ();
  OcFilterBar *filter_bar = oc_filter_bar_new ();
  OcReport *report = oc_report_new ();
  GtkWindow *window = oc_bench_window_of (summary, filter_bar, report);

  oc_filter_bar_set_view (filter_bar, view);
  oc_report_set_view (report, view);
  oc_summary_strip_set_view (summary, view);
  return window;
}

void
oc_bench_spells_set (OcBenchSpells *spells,
                     gboolean       on)
{
  gint64 now = g_get_monotonic_time ();

  if (on && spells->since == 0)
    spells->since = now;
  else if (!on && spells->since != 0)
    {
      spells->total_us += now - spells->since;
      spells->longest_us = MAX (spells->longest_us, now - spells->since);
      spells->since = 0;
    }
}

void
oc_bench_spells_notify (GObject       *object,
                        GParamSpec    *pspec,
                        OcBenchSpells *spells)
{
  gboolean on = FALSE;

  g_object_get (object, pspec->name, &on, NULL);
  oc_bench_spells_set (spells, on);
}

#define PROBE_INTERVAL_US (20 * 1000)

/* Not g_main_context_invoke(): that runs @func in the calling thread
 * whenever the main thread is between two iterations, out of order. */
void
oc_bench_post (GSourceFunc    func,
               gpointer       data,
               GDestroyNotify notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, NULL);
  g_source_unref (source);
}

void
oc_bench_stop_init (OcBenchStop *stop)
{
  g_mutex_init (&stop->lock);
  g_cond_init (&stop->changed);
  stop->stop = FALSE;
}

void
oc_bench_stop_clear (OcBenchStop *stop)
{
  g_mutex_clear (&stop->lock);
  g_cond_clear (&stop->changed);
}

void
oc_bench_stop_set (OcBenchStop *stop)
{
  g_mutex_lock (&stop->lock);
  stop->stop = TRUE;
  g_cond_broadcast (&stop->changed);
  g_mutex_unlock (&stop->lock);
}

gboolean
oc_bench_stop_wait (OcBenchStop *stop,
                    gint64       until)
{
  gboolean stopped;

  g_mutex_lock (&stop->lock);
  while (!stop->stop && g_cond_wait_until (&stop->changed, &stop->lock, until))
    ;
  stopped = stop->stop;
  g_mutex_unlock (&stop->lock);
  return stopped;
}

struct _OcBenchProber
{
  gatomicrefcount  ref;
  GMutex           lock;
  GArray          *waits;    /* double ms, under lock */
  OcBenchStop      stop;
  GThread         *thread;
};

typedef struct {
  OcBenchProber *prober;
  gint64         posted;
} Ping;

static void
prober_unref (OcBenchProber *self)
{
  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_array_unref (self->waits);
  g_mutex_clear (&self->lock);
  oc_bench_stop_clear (&self->stop);
  g_free (self);
}

static void
ping_free (gpointer data)
{
  Ping *ping = data;

  prober_unref (ping->prober);
  g_free (ping);
}

static gboolean
ping_cb (gpointer data)
{
  Ping *ping = data;
  double ms = (g_get_monotonic_time () - ping->posted) / 1000.0;

  g_mutex_lock (&ping->prober->lock);
  g_array_append_val (ping->prober->waits, ms);
  g_mutex_unlock (&ping->prober->lock);
  return G_SOURCE_REMOVE;
}

static gpointer
prober_thread (gpointer data)
{
  OcBenchProber *self = data;
  gint64 next = g_get_monotonic_time ();

  do
    {
      Ping *ping = g_new0 (Ping, 1);

      g_atomic_ref_count_inc (&self->ref);
      ping->prober = self;
      ping->posted = g_get_monotonic_time ();
      oc_bench_post (ping_cb, ping, ping_free);
      next += PROBE_INTERVAL_US;
    }
  while (!oc_bench_stop_wait (&self->stop, next));
  return NULL;
}

OcBenchProber *
oc_bench_prober_start (void)
{
  OcBenchProber *self = g_new0 (OcBenchProber, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  oc_bench_stop_init (&self->stop);
  self->waits = g_array_new (FALSE, FALSE, sizeof (double));
  self->thread = g_thread_new ("bench-prober", prober_thread, self);
  return self;
}

GArray *
oc_bench_prober_take (OcBenchProber *self)
{
  GArray *waits;

  g_mutex_lock (&self->lock);
  waits = self->waits;
  self->waits = g_array_new (FALSE, FALSE, sizeof (double));
  g_mutex_unlock (&self->lock);
  return waits;
}

void
oc_bench_prober_stop (OcBenchProber *self)
{
  oc_bench_stop_set (&self->stop);
  g_thread_join (self->thread);
  prober_unref (self);
}
