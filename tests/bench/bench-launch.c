// SPDX-License-Identifier: GPL-3.0-or-later
/* Launch to rows painted, end to end: oc-server with OC_BENCH_CONVERSATIONS
 * (100,000) conversations on 127.0.0.1 (simulator paused, so every run reads
 * the same floor), then OC_BENCH_LAUNCHES (3) launches of the console against
 * it, one after the other, each a process of its own under this display.
 * Prints, per launch and as the median:
 *  - launch to rows painted: from the spawn of the process to the end of the
 *    first frame that shows the report with rows;
 *  - snapshot arrival to first paint: from the last byte of the snapshot
 *    (the client's "Downloaded a snapshot" note) to that frame;
 *  - on the way: the process up, the window's first frame, the snapshot
 *    parsed and loaded (the client's notes; for a first load read a part at
 *    a time, its first part), loaded to painted, and the CPU time the
 *    console took to rows painted (all threads, main thread);
 *  - snapshot arrival to all rows loaded (the client's note that the last
 *    part is in), the main thread's CPU time to then, and the longest frame
 *    interval from rows painted to the first frame after all are loaded:
 *    what a click or a key waited for at most meanwhile.
 * The console runs in this executable (`bench-launch --app URL TOKEN-FILE`),
 * as the real one does, with a log writer and a frame clock handler that
 * print those moments. Asserts nothing about time. */
#include "config.h"

#include "bench-util.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oc-application.h"
#include "oc-window.h"

#define TOKEN "bench-launch-token-0123456789abcdef"

/* The console's side ------------------------------------------------------ */

static gboolean rows_painted;
static gboolean all_loaded;
static gint64 last_frame, longest_frame;   /* µs, from rows painted on */
static GHashTable *marked;                 /* names marked once */

/* The moment, and the CPU time of the process and of its main thread so
 * far: on a busy machine the wall time is mostly waiting for a core. */
static void
mark (const char *what)
{
  struct timespec process, thread;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &process);
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &thread);
  printf ("mark %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", what,
          g_get_monotonic_time (), (gint64) process.tv_sec * G_USEC_PER_SEC + process.tv_nsec / 1000,
          (gint64) thread.tv_sec * G_USEC_PER_SEC + thread.tv_nsec / 1000);
  fflush (stdout);
}

/* The first time only: a first load notes its first part, then the whole. */
static void
mark_once (const char *what)
{
  if (marked == NULL)
    marked = g_hash_table_new (g_str_hash, g_str_equal);
  if (g_hash_table_contains (marked, what))
    return;
  g_hash_table_add (marked, (gpointer) what);
  mark (what);
}

static GLogWriterOutput
writer (GLogLevelFlags   log_level,
        const GLogField *fields,
        gsize            n_fields,
        gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  /* The client's notes mark the snapshot's way; its other notes are noise. */
  if ((log_level & G_LOG_LEVEL_DEBUG) && g_strcmp0 (domain, "oc-client") == 0)
    {
      if (message != NULL && g_str_has_prefix (message, "Downloaded a snapshot"))
        mark_once ("arrived");
      else if (message != NULL && g_str_has_prefix (message, "Parsed a snapshot"))
        mark_once ("parsed");
      else if (message != NULL && g_str_has_prefix (message, "Loaded a snapshot's first"))
        mark_once ("loaded");
      else if (message != NULL && g_str_has_prefix (message, "Snapshot of"))
        {
          mark_once ("loaded");
          mark_once ("all-loaded");
          all_loaded = TRUE;
        }
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Every frame from rows painted on, whether it paints or not: how long
 * each waited, until the first after the last part is in. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  longest_frame = MAX (longest_frame, now - last_frame);
  last_frame = now;
  if (!all_loaded)
    return G_SOURCE_CONTINUE;

  printf ("longest-frame %" G_GINT64_FORMAT "\n", longest_frame);
  fflush (stdout);
  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                OcWindow      *window)
{
  static gboolean first = TRUE;
  OcSource *source = oc_window_get_source (window);

  if (first)
    {
      first = FALSE;
      mark ("window");
    }

  if (rows_painted)
    return;

  if (source == NULL || g_strcmp0 (oc_window_get_page (window), "report") != 0 ||
      g_list_model_get_n_items (G_LIST_MODEL (oc_source_get_store (source))) == 0)
    return;

  rows_painted = TRUE;
  last_frame = g_get_monotonic_time ();
  mark ("painted");
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, NULL, NULL);
}

static void
realize_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (after_paint_cb), window, 0);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  if (!OC_IS_WINDOW (window))
    return;
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realize_cb (GTK_WIDGET (window));
  else
    g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
}

static int
run_console (const char *url,
             const char *token_file)
{
  g_autoptr(OcApplication) app = NULL;
  char *argv[] = { "ongoing-conversations", "--server", (char *) url, "--token-file", (char *) token_file, NULL };

  mark ("started");
  g_log_set_writer_func (writer, NULL, NULL);
  app = oc_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv);

  return rows_painted ? 0 : 1;
}

/* The benchmark's side ---------------------------------------------------- */

typedef struct
{
  double launch_to_painted;
  double arrived_to_painted;
  double launch_to_started;
  double launch_to_window;
  double arrived_to_parsed;
  double parsed_to_loaded;
  double loaded_to_painted;
  double process_cpu;      /* to rows painted */
  double main_cpu;
  double arrived_to_all_loaded;
  double all_loaded_main_cpu;
  double longest_frame;    /* from rows painted to all loaded */
} Launch;

/* oc-server's log, read line by line in a thread of its own into a file (a
 * pipe nobody reads would stop the server once full), and the address it
 * listens on, told through a condition as soon as it says so. */
typedef struct {
  GMutex         lock;
  GCond          changed;
  GInputStream  *stderr_pipe;
  FILE          *file;
  GRegex        *listening;
  char          *url;     /* under lock */
  gboolean       ended;   /* under lock: the server closed its log */
  GThread       *thread;
} ServerLog;

static gpointer
drain_log (gpointer data)
{
  ServerLog *log = data;
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (log->stderr_pipe);
  char *line;

  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
    {
      g_autoptr(GMatchInfo) match = NULL;

      fprintf (log->file, "%s\n", line);
      fflush (log->file);
      if (g_regex_match (log->listening, line, 0, &match))
        {
          g_mutex_lock (&log->lock);
          if (log->url == NULL)
            log->url = g_match_info_fetch (match, 1);
          g_cond_broadcast (&log->changed);
          g_mutex_unlock (&log->lock);
        }
      g_free (line);
    }

  g_mutex_lock (&log->lock);
  log->ended = TRUE;
  g_cond_broadcast (&log->changed);
  g_mutex_unlock (&log->lock);
  return NULL;
}

static GSubprocess *
start_server (const char  *binary,
              const char  *users,
              const char  *log_path,
              guint        n_conversations,
              ServerLog   *log,
              char       **url)
{
  g_autofree char *count = g_strdup_printf ("%u", n_conversations);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  GSubprocess *server;
  gint64 start = g_get_monotonic_time ();
  /* A server that neither listens nor exits must fail the benchmark, not hang it. */
  gint64 deadline = start + 60 * G_USEC_PER_SEC;

  server = g_subprocess_launcher_spawn (launcher, &error, binary, "--port", "0", "--users", users,
                                        "--seed", "1", "--speed", "0", "--conversations", count, NULL);
  if (server == NULL)
    g_error ("could not start %s: %s", binary, error->message);

  g_mutex_init (&log->lock);
  g_cond_init (&log->changed);
  log->stderr_pipe = g_object_ref (g_subprocess_get_stderr_pipe (server));
  log->file = fopen (log_path, "w");
  if (log->file == NULL)
    g_error ("could not write %s", log_path);
  log->listening = g_regex_new ("Listening on (http://\\S+)", 0, 0, NULL);
  log->thread = g_thread_new ("oc-server log", drain_log, log);

  g_mutex_lock (&log->lock);
  while (log->url == NULL && !log->ended)
    if (!g_cond_wait_until (&log->changed, &log->lock, deadline))
      g_error ("oc-server did not listen within 60 s (its log: %s)", log_path);
  if (log->url == NULL)
    g_error ("oc-server exited before it listened (its log: %s)", log_path);
  *url = g_strdup (log->url);
  g_mutex_unlock (&log->lock);

  printf ("%-36s %.0f ms (%s, %u conversations, simulator paused)\n", "oc-server up in",
          (g_get_monotonic_time () - start) / 1000.0, *url, n_conversations);
  return server;
}

/* After the server exited: its log is read to the end. */
static void
server_log_clear (ServerLog *log)
{
  g_thread_join (log->thread);
  fclose (log->file);
  g_clear_object (&log->stderr_pipe);
  g_clear_pointer (&log->listening, g_regex_unref);
  g_clear_pointer (&log->url, g_free);
  g_mutex_clear (&log->lock);
  g_cond_clear (&log->changed);
}

static gboolean
launch_once (const char *self_path,
             const char *url,
             const char *token_file,
             Launch     *out)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) console = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 spawned, process_cpu = 0, main_cpu = 0, all_loaded_cpu = 0, longest = 0;
  char *line;

#define AT(name) ((double) (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (marks, name)))
#define SPAN(from, to) ((AT (to) - AT (from)) / 1000.0)

  /* Only the client's notes: the console's own log stays as it would be. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "oc-client", TRUE);
  spawned = g_get_monotonic_time ();
  console = g_subprocess_launcher_spawn (launcher, &error, self_path, "--app", url, token_file, NULL);
  if (console == NULL)
    g_error ("could not launch the console: %s", error->message);

  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (console));
  while ((line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL)) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (line, " ", 5);

      if (g_strv_length (parts) == 2 && g_str_equal (parts[0], "longest-frame"))
        longest = g_ascii_strtoll (parts[1], NULL, 10);
      if (g_strv_length (parts) == 5 && g_str_equal (parts[0], "mark"))
        {
          g_hash_table_insert (marks, g_strdup (parts[1]),
                               GSIZE_TO_POINTER ((gsize) (g_ascii_strtoll (parts[2], NULL, 10) - spawned)));
          if (g_str_equal (parts[1], "painted"))
            {
              process_cpu = g_ascii_strtoll (parts[3], NULL, 10);
              main_cpu = g_ascii_strtoll (parts[4], NULL, 10);
            }
          else if (g_str_equal (parts[1], "all-loaded"))
            all_loaded_cpu = g_ascii_strtoll (parts[4], NULL, 10);
        }
      g_free (line);
    }
  g_subprocess_wait (console, NULL, NULL);

  if (!g_hash_table_contains (marks, "painted") || !g_hash_table_contains (marks, "arrived"))
    {
      printf ("  the console did not paint rows (exit status %d)\n", g_subprocess_get_exit_status (console));
      return FALSE;
    }

  out->launch_to_painted = AT ("painted") / 1000.0;
  out->launch_to_started = AT ("started") / 1000.0;
  out->launch_to_window = AT ("window") / 1000.0;
  out->arrived_to_painted = SPAN ("arrived", "painted");
  out->arrived_to_parsed = SPAN ("arrived", "parsed");
  out->parsed_to_loaded = SPAN ("parsed", "loaded");
  out->loaded_to_painted = SPAN ("loaded", "painted");
  out->process_cpu = process_cpu / 1000.0;
  out->main_cpu = main_cpu / 1000.0;
  out->arrived_to_all_loaded = g_hash_table_contains (marks, "all-loaded") ? SPAN ("arrived", "all-loaded") : -1;
  out->all_loaded_main_cpu = all_loaded_cpu / 1000.0;
  out->longest_frame = longest / 1000.0;
#undef SPAN
#undef AT

  printf ("  launch to rows painted %6.0f ms, snapshot arrival to first paint %5.0f ms "
          "(process up %4.0f, window painted %5.0f; parse %4.0f, load %4.0f, loaded to painted %4.0f; "
          "CPU to rows painted %4.0f, of which main thread %4.0f)\n",
          out->launch_to_painted, out->arrived_to_painted, out->launch_to_started, out->launch_to_window,
          out->arrived_to_parsed, out->parsed_to_loaded, out->loaded_to_painted, out->process_cpu,
          out->main_cpu);
  printf ("    snapshot arrival to all rows loaded %5.0f ms (main thread CPU to then %4.0f ms); "
          "longest frame interval from rows painted to all loaded %4.0f ms\n",
          out->arrived_to_all_loaded, out->all_loaded_main_cpu, out->longest_frame);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *users = NULL, *token_file = NULL, *url = NULL, *line = NULL, *log = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(GSubprocess) server = NULL;
  ServerLog server_log = { 0 };
  g_autoptr(GArray) painted = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) arrival = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_loaded_at = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) longest = g_array_new (FALSE, FALSE, sizeof (double));
  const char *binary = g_getenv ("OC_SERVER_BINARY");
  guint n_conversations = oc_bench_env_uint ("OC_BENCH_CONVERSATIONS", 100000);
  guint n_launches = oc_bench_env_uint ("OC_BENCH_LAUNCHES", 3);

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  if (argc == 4 && g_str_equal (argv[1], "--app"))
    return run_console (argv[2], argv[3]);

  if (binary == NULL)
    g_error ("OC_SERVER_BINARY is not set (meson test sets it)");

  dir = g_dir_make_tmp ("oc-bench-launch-XXXXXX", &error);
  g_assert_no_error (error);
  users = g_build_filename (dir, "users", NULL);
  token_file = g_build_filename (dir, "token", NULL);
  log = g_build_filename (dir, "oc-server.log", NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, TOKEN, -1);
  line = g_strdup_printf ("bench supervisor %s\n", digest);
  g_file_set_contents (users, line, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (token_file, TOKEN, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);

  printf ("bench-launch: GTK %d.%d.%d, renderer %s\n", gtk_get_major_version (), gtk_get_minor_version (),
          gtk_get_micro_version (), g_getenv ("GSK_RENDERER"));
  server = start_server (binary, users, log, n_conversations, &server_log, &url);

  oc_bench_print_load ("launches");
  for (guint i = 0; i < n_launches; i++)
    {
      Launch launch;

      if (launch_once (argv[0], url, token_file, &launch))
        {
          g_array_append_val (painted, launch.launch_to_painted);
          g_array_append_val (arrival, launch.arrived_to_painted);
          g_array_append_val (all_loaded_at, launch.arrived_to_all_loaded);
          g_array_append_val (longest, launch.longest_frame);
        }
    }

  printf ("%-36s %.0f ms  (goal < 1500 ms)\n", "launch to rows painted, median", oc_bench_median (painted));
  printf ("%-36s %.0f ms  (goal < 500 ms)\n", "snapshot arrival to paint, median", oc_bench_median (arrival));
  printf ("%-36s %.0f ms\n", "snapshot arrival to all rows loaded, median", oc_bench_median (all_loaded_at));
  printf ("%-36s %.0f ms\n", "longest frame while loading, median", oc_bench_median (longest));
  oc_bench_print_load ("after the launches");

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  server_log_clear (&server_log);
  g_unlink (token_file);
  g_unlink (users);
  g_unlink (log);
  g_rmdir (dir);

  return 0;
}
