// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-conversation-view.h"
#include "oc-filter-bar.h"
#include "oc-report.h"
#include "oc-summary-strip.h"

G_BEGIN_DECLS

/* What the benchmarks share: a frame clock kept running, one way to print a
 * series of times, the heap and the load. */

/* A tick callback that queues a draw every frame, as an animation would:
 * the interval between paints is then what the main loop can give. */
gboolean oc_bench_keep_ticking (GtkWidget     *widget,
                                GdkFrameClock *clock,
                                gpointer       data);
/* Sorts @values (double, milliseconds) and prints p50, p99, max, mean, the
 * count and how many passed 100 ms, after @what. */
void     oc_bench_print_stats  (const char    *what,
                                GArray        *values);

/* Sorts @values (double) and returns the middle one, 0 for none. */
double   oc_bench_median       (GArray        *values);

/* @name from the environment as a whole number, else @fallback: how a run
 * is made longer or heavier by hand. */
guint    oc_bench_env_uint     (const char    *name,
                                guint          fallback);

/* Bytes malloc has handed out and not had back (GLib's slices included
 * when they come from malloc), after giving free pages back. */
gsize    oc_bench_heap_in_use  (void);
/* The process's resident set, in bytes. */
gsize    oc_bench_resident_bytes (void);
/* CPU time this process has used, in milliseconds: what a step costs
 * whatever else the machine runs. */
double   oc_bench_cpu_ms       (void);
/* Prints @what with the load average, so that each figure can be read
 * against how busy the machine was. */
void     oc_bench_print_load   (const char    *what);

/* How long a flag (such as OcSource:catching-up) was on, in spells: call
 * oc_bench_spells_set() at each change, and with %FALSE to end the run. */
typedef struct {
  gint64 since;       /* µs, monotonic; 0 while off */
  gint64 total_us;
  gint64 longest_us;
} OcBenchSpells;

void           oc_bench_spells_set   (OcBenchSpells  *spells,
                                      gboolean        on);
/* A "notify::" handler for a boolean property, with the spells as data. */
void           oc_bench_spells_notify (GObject       *object,
                                       GParamSpec    *pspec,
                                       OcBenchSpells *spells);

/* A thread's stop signal that is also its clock: oc_bench_stop_wait()
 * returns TRUE as soon as oc_bench_stop_set() was called, else FALSE at
 * @until (monotonic µs), so a paced thread stops at once, not a tick later. */
typedef struct {
  GMutex   lock;
  GCond    changed;
  gboolean stop;
} OcBenchStop;

void           oc_bench_stop_init    (OcBenchStop    *stop);
void           oc_bench_stop_clear   (OcBenchStop    *stop);
void           oc_bench_stop_set     (OcBenchStop    *stop);
gboolean       oc_bench_stop_wait    (OcBenchStop    *stop,
                                      gint64          until);

/* Main-loop latency as a D-Bus call or an input event sees it: a thread
 * posts a default-priority idle every 20 ms, which records how long it
 * waited. _take() returns the waits so far (double ms) and starts afresh;
 * _stop() joins the thread (a ping still queued is dropped when it runs). */
typedef struct _OcBenchProber OcBenchProber;

/* From another thread: @func runs on the main thread, at the default
 * priority (as libsoup's frames and GDBus's calls do), after what was posted
 * before it. */
void           oc_bench_post         (GSourceFunc     func,
                                      gpointer        data,
                                      GDestroyNotify  notify);

OcBenchProber *oc_bench_prober_start (void);
GArray        *oc_bench_prober_take  (OcBenchProber *prober);
void           oc_bench_prober_stop  (OcBenchProber *prober);

/* A window of the console's widgets over @view, as the main window has
 * them: summary strip, filter bar and report (which sorts by wait). */
GtkWindow *oc_bench_console_window (OcConversationView *view);
/* The same window around those widgets, whatever they show. */
GtkWindow *oc_bench_window_of      (OcSummaryStrip     *summary,
                                    OcFilterBar        *filter_bar,
                                    OcReport           *report);

G_END_DECLS
