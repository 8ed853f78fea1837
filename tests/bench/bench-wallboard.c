// SPDX-License-Identifier: GPL-3.0-or-later
/* Soak: the wallboard against the embedded server with the simulator at high
 * speed for a simulated day, with server restarts on the way. Prints resident
 * memory at the start, after each part and at the end (and what one refresh
 * costs on a floor of 100,000), asserts nothing about time. The embedded
 * server's memory is in the figures too. Needs a display: run under Xvfb.
 *
 *   bench-wallboard [--simulated-hours 24] [--speed 1440] [--conversations 2000]
 *                   [--restarts 2] [--big 100000] [--state]
 */
#include "config.h"
#include "oc-style.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "oc-client.h"
#include "oc-server.h"
#include "oc-test-util.h"
#include "source-test-util.h"
#include "oc-wallboard-stats.h"
#include "oc-wallboard-window-private.h"

static double   simulated_hours = 24;
static double   speed = 1440;
static int      conversations = 2000;
static int      restarts = 2;
static int      big = 100000;
static gboolean use_state = FALSE;

static GOptionEntry entries[] = {
  { "simulated-hours", 0, 0, G_OPTION_ARG_DOUBLE, &simulated_hours, "Simulated hours to run", "H" },
  { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "Simulated seconds per real second", "X" },
  { "conversations", 0, 0, G_OPTION_ARG_INT, &conversations, "Live conversations at the start", "N" },
  { "restarts", 0, 0, G_OPTION_ARG_INT, &restarts, "Server restarts during the run", "N" },
  { "big", 0, 0, G_OPTION_ARG_INT, &big, "Conversations for the refresh-cost figure (0: skip)", "N" },
  { "state", 0, 0, G_OPTION_ARG_NONE, &use_state, "Give the server a state file (slow at high speed)", NULL },
  { NULL }
};

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

/* What the process holds once the allocator has handed back what it can:
 * growth here is memory still in use, not a heap that has not shrunk. */
static long
rss_trimmed_kib (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return rss_kib ();
}

static void
run_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, g_get_monotonic_time () + 1000 < end);
}

static gboolean
is_not_live (gpointer client)
{
  return !is_live (client);
}

static gboolean
wait_state (OcClient *client,
            gboolean  live,
            double    seconds)
{
  return oc_test_wait_until (live ? is_live : is_not_live, client, (guint) (seconds * 1000));
}

typedef struct {
  OcServer *server;
  guint     port;
} Server;

/* The viewer's token is in a users file, so it still works after a restart. */
static gboolean
server_start (Server     *server,
              const char *users_file,
              const char *state_file,
              guint       port)
{
  OcServerOptions options = {
    .seed = 7,
    .speed = 0,
    .conversations = (guint) conversations,
    .users_file = users_file,
    .state_file = use_state ? state_file : NULL,
  };
  g_autoptr(GError) error = NULL;

  server->server = oc_server_new (&options, &error);
  if (server->server == NULL || !oc_server_listen (server->server, NULL, port, &error))
    {
      g_printerr ("server: %s\n", error->message);
      return FALSE;
    }
  server->port = oc_server_get_port (server->server);
  return TRUE;
}

static void
server_stop (Server *server)
{
  oc_server_shutdown (server->server);
  g_clear_object (&server->server);
}

/* One refresh over a store of @n conversations: what a second of the
 * wallboard costs at the largest floor the project plans for. */
static void
measure_refresh (int n)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  OcWallboardFilter filter = {
    .thresholds = { .warning = { 60, 60, 600, 30 }, .critical = { 180, 180, 1800, 120 } },
    .max_attention = 200,
  };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 start;
  double best = G_MAXDOUBLE;

  for (int i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%d", i);
      OcConversation *conversation = oc_conversation_new (id);

      oc_conversation_set_status (conversation, OC_STATUS_OPEN + i % 4);
      oc_conversation_set_channel (conversation, OC_CHANNEL_CHAT + i % 3);
      oc_conversation_set_queue_id (conversation, i % 2 ? "q-1" : "q-2");
      oc_conversation_set_sentiment (conversation, OC_SENTIMENT_VERY_NEGATIVE + i % 7);
      if (i % 4 == 0 || i % 4 == 2)
        oc_conversation_set_waiting_since (conversation, now - i % 900);
      g_ptr_array_add (rows, conversation);
    }

  for (int round = 0; round < 5; round++)
    {
      g_autoptr(OcWallboardStats) stats = NULL;

      start = g_get_monotonic_time ();
      stats = oc_wallboard_stats_compute ((OcConversation * const *) rows->pdata, rows->len, &filter, now);
      best = MIN (best, (g_get_monotonic_time () - start) / 1000.0);
    }
  printf ("refresh of %d conversations: %.1f ms (best of 5; once a second)\n", n, best);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- wallboard soak");
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(OcConversationStore) store = NULL;
  g_autoptr(OcClient) client = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *state_file = NULL;
  g_autofree char *users_file = NULL;
  g_autofree char *users = NULL;
  g_autofree char *token = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *url = NULL;
  Server server = { 0 };
  OcWallboardWindow *window;
  double real_seconds, slice;
  long rss_start, rss_end, rss_peak, trimmed_start, trimmed_end;
  guint pages = 0, reconnects = 0, stale_banners = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (!gtk_init_check ())
    {
      printf ("no display: run under Xvfb (xvfb-run -a)\n");
      return 77;
    }

  if (big > 0)
    measure_refresh (big);

  app = gtk_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  oc_style_load_app_css ();
  settings = g_settings_new (APP_ID);
  g_settings_set_uint (settings, "kiosk-page-seconds", 3);

  dir = g_dir_make_tmp ("bench-wallboard-XXXXXX", &error);
  g_assert_no_error (error);
  state_file = g_build_filename (dir, "state.sqlite", NULL);
  users_file = g_build_filename (dir, "users", NULL);
  token = g_uuid_string_random ();
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  users = g_strdup_printf ("wall viewer %s\n", digest);
  if (!g_file_set_contents (users_file, users, -1, &error))
    g_error ("%s", error->message);
  if (!server_start (&server, users_file, state_file, 0))
    return 1;
  url = oc_server_get_url (server.server);

  store = oc_conversation_store_new ();
  client = oc_client_new (url, token, store);
  oc_source_start (OC_SOURCE (client));
  window = oc_wallboard_window_new (app, client);
  gtk_window_present (GTK_WINDOW (window));

  if (!wait_state (client, TRUE, 30))
    {
      g_printerr ("the client never got live: %s\n", oc_source_get_status_message (OC_SOURCE (client)));
      return 1;
    }

  /* Warm up: a simulated hour, so caches, pools and glyphs are in place. */
  oc_server_set_speed (server.server, speed);
  run_for (3600.0 / speed + 2);
  rss_start = rss_kib ();
  trimmed_start = rss_trimmed_kib ();
  rss_peak = rss_start;
  printf ("start: %u conversations in the store, RSS %ld KiB (%ld KiB trimmed)\n",
          g_list_model_get_n_items (G_LIST_MODEL (store)), rss_start, trimmed_start);

  real_seconds = simulated_hours * 3600.0 / speed;
  slice = real_seconds / (restarts + 1);
  for (int part = 0; part <= restarts; part++)
    {
      gint64 end = g_get_monotonic_time () + (gint64) (slice * G_USEC_PER_SEC);
      guint last_page = oc_wallboard_list_get_page (oc_wallboard_window_get_list (window));

      while (g_get_monotonic_time () < end)
        {
          guint page;

          run_for (1);
          page = oc_wallboard_list_get_page (oc_wallboard_window_get_list (window));
          pages += page != last_page;
          last_page = page;
          rss_peak = MAX (rss_peak, rss_kib ());
        }
      printf ("after %4.1f simulated h: %u conversations, RSS %ld KiB (%ld KiB trimmed)\n",
              simulated_hours * (part + 1) / (restarts + 1),
              g_list_model_get_n_items (G_LIST_MODEL (store)), rss_kib (), rss_trimmed_kib ());

      if (part < restarts)
        {
          /* The server goes away and a new one comes up on the same port:
           * the board must say so, then recover by itself. */
          guint port = server.port;

          server_stop (&server);
          if (!wait_state (client, FALSE, 30))
            g_printerr ("the client did not notice the server going\n");
          if (oc_wallboard_window_get_banner_text (window) == NULL)
            g_printerr ("no banner while the server was down\n");
          else
            stale_banners++;
          run_for (2);
          if (!server_start (&server, users_file, state_file, port))
            return 1;
          /* Full speed only once the client is back: a fresh simulator at
           * this speed routes its whole floor in one tick, which starves the
           * shared main loop for seconds. */
          if (wait_state (client, TRUE, 60))
            reconnects++;
          else
            g_printerr ("the client did not come back: %s\n", oc_source_get_status_message (OC_SOURCE (client)));
          oc_server_set_speed (server.server, speed);
        }
    }

  rss_end = rss_kib ();
  trimmed_end = rss_trimmed_kib ();
  printf ("end: %u conversations in the store, revision %" G_GINT64_FORMAT "\n",
          g_list_model_get_n_items (G_LIST_MODEL (store)),
          oc_conversation_store_get_revision (store));
  printf ("simulated %.1f h at %.0fx in %.0f s; %d server restarts, %u stale banners, %u reconnected; %u page turns\n",
          simulated_hours, speed, real_seconds, restarts, stale_banners, reconnects, pages);
  printf ("RSS start %ld KiB, end %ld KiB, peak %ld KiB, growth %+ld KiB\n",
          rss_start, rss_end, rss_peak, rss_end - rss_start);
  printf ("RSS trimmed start %ld KiB, end %ld KiB, growth %+ld KiB\n",
          trimmed_start, trimmed_end, trimmed_end - trimmed_start);

  gtk_window_destroy (GTK_WINDOW (window));
  oc_source_stop (OC_SOURCE (client));
  server_stop (&server);
  g_remove (users_file);
  g_remove (state_file);
  g_rmdir (dir);
  return 0;
}
