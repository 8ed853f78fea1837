// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "oc-hostile-server.h"

/* Serves the hostile server's floor and floods it, to try the app by hand:
 *   _build/tests/util/oc-hostile-serve TOKEN 1000 2000 30 moves &
 *   OC_TOKEN=TOKEN _build/src/app/ongoing-conversations --server URL
 * Prints the URL; once an events socket is open and 3 s have passed, sends
 * RATE upserts a second for SECONDS ("moves": each changes wait_seconds and
 * waiting_since; "subject": only the subject), then keeps serving. */

typedef struct {
  OcHostileServer *server;
  guint            rate;
  double           seconds;
  gboolean         moves;
  guint            connected_ticks;
} Serve;

static gboolean
poll_cb (gpointer user_data)
{
  Serve *serve = user_data;

  if (oc_hostile_server_get_n_sockets (serve->server) == 0)
    return G_SOURCE_CONTINUE;
  if (++serve->connected_ticks < 30)
    return G_SOURCE_CONTINUE;

  fprintf (stderr, "flooding: %u upserts/s for %.0f s (%s)\n", serve->rate, serve->seconds,
           serve->moves ? "moves" : "subject");
  if (serve->moves)
    oc_hostile_server_start_stream_moves (serve->server, serve->rate, serve->seconds);
  else
    oc_hostile_server_start_stream (serve->server, serve->rate, serve->seconds);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;
  Serve serve = { 0, };

  if (argc < 6)
    {
      fprintf (stderr, "usage: %s TOKEN CONVERSATIONS RATE SECONDS moves|subject\n", argv[0]);
      return 2;
    }

  serve.server = oc_hostile_server_new (argv[1], (guint) atoi (argv[2]));
  serve.rate = (guint) atoi (argv[3]);
  serve.seconds = g_ascii_strtod (argv[4], NULL);
  serve.moves = g_strcmp0 (argv[5], "moves") == 0;
  url = oc_hostile_server_get_url (serve.server);
  printf ("%s\n", url);
  fflush (stdout);

  g_timeout_add (100, poll_cb, &serve);
  g_main_loop_run (loop);
  oc_hostile_server_free (serve.server);
  return 0;
}
