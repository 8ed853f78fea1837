// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-server"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "oc-server.h"

/* oc-server: the reference server as a program. */

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  g_autofree char *address = NULL;
  g_autofree char *users_file = NULL;
  g_autofree char *state_file = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  gint64 seed = 1;
  double speed = 1.0;
  int conversations = 200;
  int agents = 0;
  int port = 8080;
  gboolean print_token = FALSE;
  gboolean hostile_text = FALSE;
  int audit_keep_days = 90;
  gboolean show_version = FALSE;
  OcServerOptions options = { 0 };
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Simulator seed (same seed, same story)"), "N" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, N_("Simulated seconds per real second; 0 pauses"), "X" },
    { "conversations", 0, 0, G_OPTION_ARG_INT, &conversations, N_("Live conversations to keep on the floor"), "N" },
    { "agents", 0, 0, G_OPTION_ARG_INT, &agents, N_("Agents (0: a quarter of the conversations, 24 to 60)"), "N" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("Port to listen on (0: any free one)"), "PORT" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("IP address to listen on (default 127.0.0.1)"), "IP" },
    { "users", 0, 0, G_OPTION_ARG_FILENAME, &users_file, N_("Users file: lines of “name role sha256hex-of-token”"), "FILE" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_file, N_("SQLite file that keeps the world across restarts"), "FILE" },
    { "audit-keep-days", 0, 0, G_OPTION_ARG_INT, &audit_keep_days, N_("Days the state keeps audit entries; older ones move to numbered archive files at start (0: keep all)"), "DAYS" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_("PEM certificate (serves HTTPS)"), "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_("PEM private key"), "FILE" },
    { "hostile-text", 0, 0, G_OPTION_ARG_NONE, &hostile_text, N_("Mix markup-looking and hostile strings into names, subjects and messages, for testing clients"), NULL },
    { "print-token", 0, 0, G_OPTION_ARG_NONE, &print_token, N_("Add a demo supervisor and print its token on standard output"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  /* RFC 8996: TLS 1.2 at least. GLib's GnuTLS backend reads its priorities
   * from the environment once, before the first TLS connection; what an
   * administrator set there stays, less the old versions. */
  {
    const char *priority = g_getenv ("G_TLS_GNUTLS_PRIORITY");
    g_autofree char *modern = g_strconcat (priority != NULL ? priority : "NORMAL",
                                           ":-VERS-TLS1.1:-VERS-TLS1.0", NULL);

    g_setenv ("G_TLS_GNUTLS_PRIORITY", modern, TRUE);
  }

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("The Ongoing Conversations reference contact-center server, with a simulator."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (show_version)
    {
      g_print ("oc-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (seed < 0 || speed < 0 || conversations < 0 || agents < 0 || port < 0 || port > 65535)
    {
      g_printerr ("%s\n", _("Numbers must not be negative, and the port at most 65535"));
      return 2;
    }

  options.seed = (guint64) seed;
  options.hostile_text = hostile_text;
  options.audit_keep_days = CLAMP (audit_keep_days, 0, 100000);
  options.speed = speed;
  options.conversations = conversations;
  options.agents = agents;
  options.users_file = users_file;
  options.state_file = state_file;
  options.tls_cert_file = tls_cert;
  options.tls_key_file = tls_key;

  server = oc_server_new (&options, &error);
  if (server == NULL || !oc_server_listen (server, address, port, &error))
    {
      g_printerr ("oc-server: %s\n", error->message);
      return 1;
    }

  url = oc_server_get_url (server);
  g_printerr (_("Listening on %s\n"), url);

  if (print_token)
    {
      g_autofree char *token = oc_server_add_user (server, "demo", OC_ROLE_SUPERVISOR);

      /* Standard output only, for a script to capture; never logged. */
      g_print ("%s\n", token);
      fflush (stdout);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  oc_server_shutdown (server);

  return 0;
}
