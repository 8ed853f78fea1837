// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "oc-server-private.h"

/*
 * 200 subscribers on the events socket while the simulator makes about
 * 1,000 changes a second. The server runs in its own thread and main
 * context; the subscribers are raw sockets read in the main thread, so the
 * figures are the server's. Latency is from the moment the server hands a
 * change to its subscribers to the moment a subscriber has read it.
 *
 * Environment: OC_BENCH_SUBSCRIBERS (200), OC_BENCH_RATE (1000 changes/s),
 * OC_BENCH_SECONDS (5).
 */

#define MAX_REVISIONS (1 << 22)

typedef struct {
  GMainContext *context;
  OcServer     *server;
  guint         port;
  char         *token;
  gint64        base;          /* revision at start */
  gint64       *sent_at;       /* monotonic µs per revision - base */
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
  gboolean      quit;
  double        speed;
} Bench;

typedef struct {
  Bench      *bench;
  GSocket    *socket;
  GSource    *source;
  GByteArray *buffer;
  gboolean    upgraded;
  guint64     events;
} Subscriber;

static GArray *latencies;     /* gint64 µs */
static guint64 total_events;
static gboolean measuring;

static void
broadcast_hook (gint64   revision,
                gpointer user_data)
{
  Bench *bench = user_data;
  gint64 index = revision - bench->base;

  if (index >= 0 && index < MAX_REVISIONS)
    bench->sent_at[index] = g_get_monotonic_time ();
}

static gpointer
server_thread (gpointer data)
{
  Bench *bench = data;
  g_autoptr(GError) error = NULL;
  OcServerOptions options = { .seed = 1, .speed = 0, .conversations = 2000, .agents = 120 };

  g_main_context_push_thread_default (bench->context);

  bench->server = oc_server_new (&options, &error);
  g_assert_no_error (error);
  oc_server_listen (bench->server, NULL, 0, &error);
  g_assert_no_error (error);
  bench->port = oc_server_get_port (bench->server);
  bench->token = oc_server_add_user (bench->server, "bench", OC_ROLE_VIEWER);
  bench->base = oc_world_get_revision (oc_server_get_world (bench->server));
  oc_server_set_broadcast_hook (bench->server, broadcast_hook, bench);

  g_mutex_lock (&bench->mutex);
  bench->ready = TRUE;
  g_cond_broadcast (&bench->cond);
  g_mutex_unlock (&bench->mutex);

  while (!g_atomic_int_get (&bench->quit))
    g_main_context_iteration (bench->context, TRUE);

  oc_server_shutdown (bench->server);
  g_clear_object (&bench->server);
  g_main_context_pop_thread_default (bench->context);

  return NULL;
}

/* Runs @func in the server thread and waits for it. */
typedef struct {
  Bench       *bench;
  GSourceFunc  func;
  gpointer     data;
  gboolean     done;
} Call;

static gboolean
call_cb (gpointer data)
{
  Call *call = data;

  call->func (call->data);
  g_mutex_lock (&call->bench->mutex);
  call->done = TRUE;
  g_cond_broadcast (&call->bench->cond);
  g_mutex_unlock (&call->bench->mutex);

  return G_SOURCE_REMOVE;
}

static void
in_server (Bench       *bench,
           GSourceFunc  func,
           gpointer     data)
{
  Call call = { bench, func, data, FALSE };

  g_main_context_invoke (bench->context, call_cb, &call);
  g_mutex_lock (&bench->mutex);
  while (!call.done)
    g_cond_wait (&bench->cond, &bench->mutex);
  g_mutex_unlock (&bench->mutex);
}

typedef struct {
  Bench         *bench;
  struct rusage  usage;
  gint64         revision;
  double         sim_time;
  gint64         at;           /* monotonic µs, taken in the server thread */
  double         speed;
} Probe;

static gboolean
probe_cb (gpointer data)
{
  Probe *probe = data;

  getrusage (RUSAGE_THREAD, &probe->usage);
  probe->revision = oc_world_get_revision (oc_server_get_world (probe->bench->server));
  probe->sim_time = oc_simulator_get_time (oc_server_get_simulator (probe->bench->server));
  probe->at = g_get_monotonic_time ();
  if (probe->speed >= 0)
    oc_server_set_speed (probe->bench->server, probe->speed);

  return G_SOURCE_REMOVE;
}

static Probe
probe (Bench  *bench,
       double  speed)
{
  Probe p = { bench, { { 0 } }, 0, 0, 0, speed };

  in_server (bench, probe_cb, &p);
  return p;
}

static double
cpu_seconds (const struct rusage *u)
{
  return u->ru_utime.tv_sec + u->ru_utime.tv_usec / 1e6 + u->ru_stime.tv_sec + u->ru_stime.tv_usec / 1e6;
}

static void
handle_frames (Subscriber *sub)
{
  gsize pos = 0;
  GByteArray *b = sub->buffer;
  gint64 now = g_get_monotonic_time ();

  if (!sub->upgraded)
    {
      const char *end = g_strstr_len ((const char *) b->data, b->len, "\r\n\r\n");

      if (end == NULL)
        return;
      g_assert_true (g_str_has_prefix ((const char *) b->data, "HTTP/1.1 101"));
      pos = (const guint8 *) end - b->data + 4;
      sub->upgraded = TRUE;
    }

  while (pos + 2 <= b->len)
    {
      guint64 len = b->data[pos + 1] & 0x7f;
      gsize header = 2;
      const char *payload, *found;

      if (len == 126)
        {
          if (pos + 4 > b->len)
            break;
          len = (b->data[pos + 2] << 8) | b->data[pos + 3];
          header = 4;
        }
      else if (len == 127)
        {
          if (pos + 10 > b->len)
            break;
          len = 0;
          for (guint i = 0; i < 8; i++)
            len = (len << 8) | b->data[pos + 2 + i];
          header = 10;
        }
      if (pos + header + len > b->len)
        break;

      payload = (const char *) b->data + pos + header;
      if ((b->data[pos] & 0x0f) == 0x1 && len > 40 && memcmp (payload, "{\"type\":\"hello\"", 15) != 0 &&
          memcmp (payload, "{\"type\":\"ping\"", 14) != 0 &&
          (found = g_strstr_len (payload, MIN (len, 80), "\"revision\":")) != NULL)
        {
          gint64 revision = g_ascii_strtoll (found + 11, NULL, 10);
          gint64 index = revision - sub->bench->base;

          sub->events++;
          if (measuring)
            {
              total_events++;
              if (index >= 0 && index < MAX_REVISIONS && sub->bench->sent_at[index] != 0)
                {
                  gint64 latency = now - sub->bench->sent_at[index];
                  g_array_append_val (latencies, latency);
                }
            }
        }

      pos += header + len;
    }

  g_byte_array_remove_range (b, 0, pos);
}

static gboolean
readable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      data)
{
  Subscriber *sub = data;
  guint8 chunk[65536];

  for (;;)
    {
      gssize n = g_socket_receive (socket, (char *) chunk, sizeof chunk, NULL, NULL);

      if (n <= 0)
        break;
      g_byte_array_append (sub->buffer, chunk, n);
    }

  handle_frames (sub);
  return G_SOURCE_CONTINUE;
}

static Subscriber *
subscribe (Bench *bench)
{
  Subscriber *sub = g_new0 (Subscriber, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, bench->port);
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;

  sub->bench = bench;
  sub->buffer = g_byte_array_new ();
  sub->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_connect (sub->socket, address, NULL, &error);
  g_assert_no_error (error);

  request = g_strdup_printf ("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Authorization: Bearer %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                             bench->token);
  g_socket_send (sub->socket, request, strlen (request), NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (sub->socket, FALSE);

  sub->source = g_socket_create_source (sub->socket, G_IO_IN, NULL);
  g_source_set_callback (sub->source, (GSourceFunc) (void (*) (void)) readable_cb, sub, NULL);
  g_source_attach (sub->source, NULL);

  return sub;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint) (seconds * 1000), set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 n;

  if (value && g_ascii_string_to_unsigned (value, 10, 1, 1000000, &n, NULL))
    return (guint) n;
  return fallback;
}

static gint64
percentile (GArray *sorted,
            double  p)
{
  if (sorted->len == 0)
    return 0;
  return g_array_index (sorted, gint64, MIN (sorted->len - 1, (guint) (p * sorted->len)));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
print_memory (void)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "VmRSS") || g_str_has_prefix (lines[i], "VmHWM"))
      printf ("  %s\n", lines[i]);
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  guint n_subscribers = env_uint ("OC_BENCH_SUBSCRIBERS", 200);
  guint target_rate = env_uint ("OC_BENCH_RATE", 1000);
  guint seconds = env_uint ("OC_BENCH_SECONDS", 5);
  g_autoptr(GPtrArray) subscribers = g_ptr_array_new ();
  GThread *thread;
  Probe a, b, start, stop;
  double speed = 10, rate;
  guint connected;
  struct rusage self_start, self_stop;

  bench.context = g_main_context_new ();
  bench.sent_at = g_new0 (gint64, MAX_REVISIONS);
  g_mutex_init (&bench.mutex);
  g_cond_init (&bench.cond);
  latencies = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1 << 20);

  thread = g_thread_new ("oc-server", server_thread, &bench);
  g_mutex_lock (&bench.mutex);
  while (!bench.ready)
    g_cond_wait (&bench.cond, &bench.mutex);
  g_mutex_unlock (&bench.mutex);

  for (guint i = 0; i < n_subscribers; i++)
    g_ptr_array_add (subscribers, subscribe (&bench));

  do
    {
      run_for (0.05);
      connected = 0;
      for (guint i = 0; i < subscribers->len; i++)
        connected += ((Subscriber *) g_ptr_array_index (subscribers, i))->upgraded;
    }
  while (connected < n_subscribers);

  /* Find the speed that gives the target rate, from changes per simulated
   * second (which does not depend on how busy the server is). */
  for (guint round = 0; round < 2; round++)
    {
      a = probe (&bench, speed);
      run_for (1.5);
      b = probe (&bench, -1);
      rate = (b.revision - a.revision) / MAX (b.sim_time - a.sim_time, 0.001);
      if (rate > 0)
        speed = CLAMP (target_rate / rate, 0.1, 100000);
    }
  probe (&bench, speed);
  run_for (1.0);

  measuring = TRUE;
  getrusage (RUSAGE_THREAD, &self_start);
  start = probe (&bench, -1);
  run_for (seconds);
  stop = probe (&bench, -1);
  getrusage (RUSAGE_THREAD, &self_stop);
  measuring = FALSE;

  g_array_sort (latencies, compare_gint64);

  {
    /* The server thread's own clock: a busy server answers probes late. */
    double elapsed = (stop.at - start.at) / (double) G_USEC_PER_SEC;
    double changes = stop.revision - start.revision;
    double server_cpu = cpu_seconds (&stop.usage) - cpu_seconds (&start.usage);

    printf ("bench-server: %u subscribers, simulator speed %.1f\n", n_subscribers, speed);
    printf ("  changes made:       %.0f /s (%.0f simulated s in %.0f s)\n", changes / elapsed,
            stop.sim_time - start.sim_time, elapsed);
    printf ("  events delivered:   %.0f /s (%.0f per subscriber /s, %.1f%% of changes × subscribers)\n",
            total_events / elapsed, total_events / elapsed / n_subscribers,
            changes > 0 ? 100.0 * total_events / (changes * n_subscribers) : 0);
    printf ("  latency p50:        %.2f ms\n", percentile (latencies, 0.50) / 1000.0);
    printf ("  latency p99:        %.2f ms\n", percentile (latencies, 0.99) / 1000.0);
    printf ("  latency max:        %.2f ms\n", percentile (latencies, 1.0) / 1000.0);
    printf ("  server thread CPU:  %.2f s in %.0f s (%.0f%% of a core)\n", server_cpu, elapsed,
            100.0 * server_cpu / elapsed);
    printf ("  reader thread CPU:  %.0f%% of a core\n",
            100.0 * (cpu_seconds (&self_stop) - cpu_seconds (&self_start)) / elapsed);
    printf ("  server CPU per delivered event: %.2f µs\n",
            total_events > 0 ? server_cpu * 1e6 / total_events : 0);
    printf ("  live conversations: %u\n", oc_world_get_n_conversations (oc_server_get_world (bench.server)));
    printf ("  process memory:\n");
    print_memory ();
  }

  for (guint i = 0; i < subscribers->len; i++)
    {
      Subscriber *sub = g_ptr_array_index (subscribers, i);

      g_source_destroy (sub->source);
      g_source_unref (sub->source);
      g_socket_close (sub->socket, NULL);
      g_object_unref (sub->socket);
      g_byte_array_unref (sub->buffer);
      g_free (sub);
    }

  g_atomic_int_set (&bench.quit, TRUE);
  g_main_context_wakeup (bench.context);
  g_thread_join (thread);

  g_free (bench.sent_at);
  g_free (bench.token);
  g_main_context_unref (bench.context);

  return 0;
}
