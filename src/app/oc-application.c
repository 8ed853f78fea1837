// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-application"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "oc-application.h"
#include "oc-backend.h"
#include "oc-dataverse-source.h"
#include "oc-keyring.h"
#include "oc-preferences-window.h"
#include "oc-server-settings.h"
#include "oc-style.h"
#include "oc-token.h"
#include "oc-wallboard-window.h"
#include "oc-window.h"
#ifdef OC_HAVE_SERVER
#include "oc-server.h"
#endif

struct _OcApplication
{
  AdwApplication  parent_instance;

  gboolean        kiosk;
  GObject        *server;         /* the --demo OcServer, shared by every window */
  char           *demo_url;
  char           *demo_token;
  GCancellable   *cancellable;
};

/* What one launch asked for. Every launch, the first or a later one that
 * forwards its command line to the running instance, comes as one of these. */
typedef struct
{
  gboolean  demo;
  char     *server_url;
  char     *dataverse_url;  /* --dataverse */
  char     *token;          /* from --token-file or OC_TOKEN; never printed */
} OcLaunch;

G_DEFINE_FINAL_TYPE (OcApplication, oc_application, ADW_TYPE_APPLICATION)

static void
forget_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
oc_launch_clear (OcLaunch *launch)
{
  forget_secret (&launch->token);
  g_clear_pointer (&launch->server_url, g_free);
  g_clear_pointer (&launch->dataverse_url, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OcLaunch, oc_launch_clear)

/* Checks the options in the process that was launched, so that mistakes are
 * reported on its terminal with its exit code, and reads what only it can
 * read (files relative to its folder, its environment). What the running
 * instance needs travels in @options: "token" replaces --token-file and
 * OC_TOKEN, and --tls-ca-file becomes an absolute path. */
static int
oc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  const char *server = NULL;
  const char *token_file = NULL;
  const char *ca_file = NULL;
  const char *dataverse = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ongoing-conversations %s\n", PACKAGE_VERSION);
      return 0;
    }

  gboolean demo = g_variant_dict_contains (options, "demo");
  g_autoptr(GSettingsSchema) schema = NULL;

  /* g_settings_new() aborts on a missing schema: say what is wrong instead. */
  if (g_settings_schema_source_get_default () != NULL)
    schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema == NULL)
    {
      g_printerr (_("The settings schema %s is not installed. Install the app, or run it from the build folder with GSETTINGS_SCHEMA_DIR=BUILD-FOLDER/data.\n"),
                  APP_ID);
      return 1;
    }

  if (g_variant_dict_contains (options, "kiosk"))
    {
      /* Its own instance, so that a wallboard and a desk console can run
       * side by side in one session. */
      g_autofree char *kiosk_id = g_strconcat (g_application_get_application_id (app), ".Kiosk", NULL);

      g_application_set_application_id (app, kiosk_id);
      OC_APPLICATION (app)->kiosk = TRUE;
    }

  if (g_variant_dict_lookup (options, "dataverse", "&s", &dataverse))
    {
      g_autoptr(GError) error = NULL;

      if (demo || g_variant_dict_contains (options, "server"))
        {
          g_printerr (_("--dataverse cannot be combined with --server or --demo\n"));
          return 2;
        }
      if (!oc_dataverse_check_org_url (dataverse, &error))
        {
          g_printerr ("--dataverse: %s\n", error->message);
          return 2;
        }
    }

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_autoptr(GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
           g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
        {
          g_printerr (_("--server needs an http:// or https:// address, such as https://cc.example.com\n"));
          return 2;
        }
    }

  if (g_variant_dict_lookup (options, "tls-ca-file", "^&ay", &ca_file))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &error);
      g_autofree char *absolute = NULL;

      if (database == NULL)
        {
          g_printerr (_("--tls-ca-file: cannot use “%s”: %s\n"), ca_file, error->message);
          return 2;
        }
      absolute = g_canonicalize_filename (ca_file, NULL);
      g_variant_dict_insert (options, "tls-ca-file", "^ay", absolute);
    }

  if (g_variant_dict_lookup (options, "token-file", "^&ay", &token_file))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *token = NULL;

      /* "-": standard input, for a sandbox that cannot open the file. */
      if (g_strcmp0 (token_file, "-") == 0)
        token = oc_token_load_from_fd (STDIN_FILENO, &error);
      else
        token = oc_token_load_from_file (token_file, &error);

      if (token == NULL)
        {
          /* The message names the file and the problem, never the contents. */
          g_printerr ("%s\n", error->message);
          return 2;
        }
      g_variant_dict_remove (options, "token-file");
      g_variant_dict_insert (options, "token", "s", token);
      forget_secret (&token);
    }
  else if (g_getenv ("OC_TOKEN") != NULL && *g_getenv ("OC_TOKEN") != '\0')
    {
      if (!oc_token_is_valid (g_getenv ("OC_TOKEN")))
        {
          g_printerr (_("OC_TOKEN holds characters an access token cannot have\n"));
          return 2;
        }
      g_variant_dict_insert (options, "token", "s", g_getenv ("OC_TOKEN"));
    }

  return -1;
}

/**
 * oc_application_start_demo:
 * @url: (out) (transfer full): the demo server's address
 * @token: (out) (transfer full): a supervisor token for it
 * @error: %G_IO_ERROR_NOT_SUPPORTED in a build without the server, or why it
 *   could not listen
 *
 * Starts the embedded reference server on 127.0.0.1 (once per process).
 *
 * Returns: %TRUE once it listens
 */
gboolean
oc_application_start_demo (OcApplication  *self,
                           char          **url,
                           char          **token,
                           GError        **error)
{
  g_return_val_if_fail (OC_IS_APPLICATION (self), FALSE);

#ifdef OC_HAVE_SERVER
  if (self->server == NULL)
    {
      OcServerOptions options = {
        .seed = 20261125,
        .speed = 1.0,
        .conversations = 160,
        /* Enough seats for the floor that queues move and some agents have
         * room: a demo where nobody can be assigned shows nothing. */
        .agents = 80,
        /* A realistic floor; the end-to-end tests ask for markup-looking
         * names and subjects, to see them shown literally. */
        .hostile_text = g_strcmp0 (g_getenv ("OC_DEMO_HOSTILE_TEXT"), "1") == 0,
      };
      g_autoptr(OcServer) server = oc_server_new (&options, error);

      if (server == NULL || !oc_server_listen (server, "127.0.0.1", 0, error))
        return FALSE;

      self->demo_url = oc_server_get_url (server);
      self->demo_token = oc_server_add_user (server, "supervisor", OC_ROLE_SUPERVISOR);
      self->server = G_OBJECT (g_steal_pointer (&server));
    }

  *url = g_strdup (self->demo_url);
  *token = g_strdup (self->demo_token);
  return TRUE;
#else
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("This build has no demo server."));
  return FALSE;
#endif
}

/**
 * oc_application_is_demo_url:
 * @url: (nullable): a server address
 *
 * Returns: whether @url is the embedded --demo server's
 */
gboolean
oc_application_is_demo_url (OcApplication *self,
                            const char    *url)
{
  g_return_val_if_fail (OC_IS_APPLICATION (self), FALSE);

  return self->demo_url != NULL && g_strcmp0 (self->demo_url, url) == 0;
}

/* The window already showing @url, or being connected to it, if any: one
 * connection per server, however often it is asked for. */
static GtkWindow *
oc_application_find_window (OcApplication *self,
                            const char    *url)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      const char *shown = g_object_get_data (G_OBJECT (l->data), "oc-url");
      OcSource *source = OC_IS_WINDOW (l->data) ? oc_window_get_source (l->data) : NULL;

      if (source != NULL)
        shown = oc_source_get_server_url (source);
      if (shown != NULL && g_strcmp0 (shown, url) == 0)
        return l->data;
    }
  return NULL;
}

static void
show_wallboard (OcApplication *self,
                OcSource      *source,
                const char    *url)
{
  OcWallboardWindow *wallboard;

  oc_source_start (source);
  wallboard = oc_wallboard_window_new_for_source (GTK_APPLICATION (self), source);
  g_object_set_data_full (G_OBJECT (wallboard), "oc-url", g_strdup (url), g_free);
  gtk_window_present (GTK_WINDOW (wallboard));
}

typedef struct
{
  OcApplication *app;
  OcWindow      *window;  /* the console, unshown: keeps the app running meanwhile */
  OcSource      *source;
  char          *url;
} KioskOpen;

static void
kiosk_open_free (KioskOpen *open)
{
  g_clear_object (&open->app);
  g_clear_object (&open->source);
  g_clear_pointer (&open->url, g_free);
  g_free (open);
}

/* Entra ID hands out a new refresh token with each renewal: the one in the
 * keyring must follow, or the wall's next start could not renew. */
static void
kiosk_refresh_token_cb (OcEntraSignIn *sign_in,
                        GParamSpec    *pspec,
                        const char    *url)
{
  const char *refresh_token = oc_entra_sign_in_get_refresh_token (sign_in);

  if (refresh_token != NULL)
    oc_keyring_store_refresh_token (url, refresh_token);
}

static void
free_url_data (gpointer  data,
               GClosure *closure)
{
  g_free (data);
}

/* A wall runs all day, longer than an access token: with the refresh token a
 * console's Sign In with Microsoft kept, the board renews it instead of going
 * dark after an hour. Looked up before the source starts, so that its first
 * refusal can renew. */
static void
kiosk_refresh_token_found_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  KioskOpen *open = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *refresh_token = oc_keyring_lookup_finish (result, &error);

  if (error != NULL)
    g_debug ("The keyring could not be read: %s", error->message);
  if (refresh_token != NULL)
    {
      g_autoptr(OcEntraSignIn) sign_in = oc_backend_new_sign_in_with (open->url, refresh_token);

      g_signal_connect_data (sign_in, "notify::refresh-token",
                             G_CALLBACK (kiosk_refresh_token_cb),
                             g_strdup (open->url), free_url_data, 0);
      oc_backend_attach_sign_in (open->source, sign_in);
    }
  show_wallboard (open->app, open->source, open->url);
  gtk_window_destroy (GTK_WINDOW (open->window));
  kiosk_open_free (open);
}

/* Opens what the person asked for on @url: the wallboard in kiosk mode, the
 * console otherwise. @window is the console, not yet shown in kiosk mode: a
 * wall screen should not flash a desktop window before the board. */
static void
oc_application_open (OcApplication *self,
                     OcWindow      *window,
                     const char    *url,
                     const char    *token,
                     gboolean       dataverse,
                     gboolean       remember)
{
  if (self->kiosk)
    {
      g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
      g_autoptr(OcSource) source = NULL;
      g_autoptr(GError) error = NULL;

      source = oc_backend_new_source (url, token, dataverse, store, &error);
      if (source == NULL)
        {
          /* Nothing to show on a wall without a connection: say why where
           * whoever set the box up will look. Walls already up stay. */
          g_printerr ("%s\n", error->message);
          gtk_window_destroy (GTK_WINDOW (window));
          return;
        }
      if (oc_backend_attach_sign_in (source, NULL))
        {
          KioskOpen *open = g_new0 (KioskOpen, 1);

          open->app = g_object_ref (self);
          open->window = window;
          open->source = g_steal_pointer (&source);
          open->url = g_strdup (url);
          oc_keyring_lookup_refresh_token_async (url, NULL, kiosk_refresh_token_found_cb, open);
          return;
        }
      show_wallboard (self, source, url);
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }

  gtk_window_present (GTK_WINDOW (window));
  oc_window_connect (window, url, token, remember);
}

/* Nothing to open without asking: the console's start page, even on the way
 * to the wallboard. */
static void
oc_application_ask (OcApplication *self,
                    OcWindow      *window,
                    const char    *url,
                    const char    *message)
{
  gtk_window_present (GTK_WINDOW (window));
  oc_window_show_start_page (window, url, message);
}

typedef struct
{
  OcWindow *window;
  char     *url;
  gboolean  dataverse;
} KeyringLookup;

static void
keyring_lookup_free (KeyringLookup *lookup)
{
  g_object_set_data (G_OBJECT (lookup->window), "oc-url", NULL);
  g_clear_object (&lookup->window);
  g_free (lookup->url);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyringLookup, keyring_lookup_free)

static void
keyring_lookup_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KeyringLookup) lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = oc_keyring_lookup_finish (result, &error);
  GtkApplication *app;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  app = gtk_window_get_application (GTK_WINDOW (lookup->window));
  if (app == NULL)
    return;
  /* No keyring (no secret service on this desktop) is not the user's
   * problem to solve here: they type the token, as on a first start. */
  if (error != NULL)
    g_info ("Keyring lookup failed: %s", error->message);
  if (token != NULL)
    oc_application_open (OC_APPLICATION (app), lookup->window, lookup->url, token, lookup->dataverse, FALSE);
  else if (lookup->dataverse && !oc_backend_is_dataverse_url (lookup->url))
    /* The start page explains Dynamics 365 tokens only for addresses it
     * recognises; this one came from --dataverse. */
    oc_application_ask (OC_APPLICATION (app), lookup->window, lookup->url,
                        _("Dynamics 365 needs an access token: paste one below, or give it with --token-file or OC_TOKEN. “az account get-access-token --resource ORG-URL” prints one (see docs/dynamics.md)."));
  else
    oc_application_ask (OC_APPLICATION (app), lookup->window, lookup->url, NULL);

  if (token != NULL)
    memset (token, 0, strlen (token));
}

/* Opens a window for @launch, or presents the one already showing its
 * server. */
static void
oc_application_launch (OcApplication  *self,
                       const OcLaunch *launch)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url = NULL;
  GtkWindow *existing;
  OcWindow *window;
  KeyringLookup *lookup;

  if (launch->dataverse_url != NULL)
    url = g_strdup (launch->dataverse_url);
  else if (launch->demo)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *demo_token = NULL;

      if (!oc_application_start_demo (self, &url, &demo_token, &error))
        {
          oc_application_ask (self, oc_window_new (self), NULL, error->message);
          return;
        }
      existing = oc_application_find_window (self, url);
      if (existing != NULL)
        gtk_window_present (existing);
      else
        oc_application_open (self, oc_window_new (self), url, demo_token, FALSE, FALSE);
      return;
    }
  else
    url = launch->server_url ? g_strdup (launch->server_url) : g_settings_get_string (settings, "server-url");

  if (url != NULL && *url != '\0' && (existing = oc_application_find_window (self, url)) != NULL)
    {
      gtk_window_present (existing);
      return;
    }

  /* The console is where a missing server or token is asked for, even on the
   * way to the wallboard; it is only shown when it has something to show. */
  window = oc_window_new (self);
  if (launch->dataverse_url != NULL)
    oc_window_set_dataverse_url (window, launch->dataverse_url);

  if (url == NULL || *url == '\0')
    {
      oc_application_ask (self, window, NULL, NULL);
      return;
    }

  if (launch->token != NULL)
    {
      oc_application_open (self, window, url, launch->token, launch->dataverse_url != NULL, FALSE);
      return;
    }

  /* Look in the keyring without blocking. The console says so meanwhile,
   * unless this is a wall screen. */
  if (!self->kiosk)
    oc_application_ask (self, window, url, NULL);
  lookup = g_new0 (KeyringLookup, 1);
  lookup->window = g_object_ref (window);
  lookup->url = g_strdup (url);
  lookup->dataverse = launch->dataverse_url != NULL;
  g_object_set_data_full (G_OBJECT (window), "oc-url", g_strdup (url), g_free);
  oc_keyring_lookup_async (url, self->cancellable, keyring_lookup_cb, lookup);
}

/* The desktop's launcher, D-Bus activation and `gapplication launch`: show
 * what is open, or what a launch without options would open. */
static void
oc_application_activate (GApplication *app)
{
  OcApplication *self = OC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_auto(OcLaunch) launch = { 0 };

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  oc_application_launch (self, &launch);
}

/* Every launch from a command line, the first in this process or a later one
 * forwarded by its own process, which exits with what this returns. */
static int
oc_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  OcApplication *self = OC_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_auto(OcLaunch) launch = { 0 };
  const char *ca_file = NULL;

  launch.demo = g_variant_dict_contains (options, "demo");
  g_variant_dict_lookup (options, "server", "s", &launch.server_url);
  g_variant_dict_lookup (options, "dataverse", "s", &launch.dataverse_url);
  g_variant_dict_lookup (options, "token", "s", &launch.token);
  /* Checked by the launching process, and made absolute there. */
  if (g_variant_dict_lookup (options, "tls-ca-file", "^&ay", &ca_file))
    oc_backend_set_ca_file (ca_file);

  oc_application_launch (self, &launch);
  return 0;
}

static void
oc_application_shutdown (GApplication *app)
{
  OcApplication *self = OC_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (oc_application_parent_class)->shutdown (app);

#ifdef OC_HAVE_SERVER
  if (self->server != NULL)
    oc_server_shutdown (OC_SERVER (self->server));
#endif
  g_clear_object (&self->server);
}

static void
oc_application_finalize (GObject *object)
{
  OcApplication *self = OC_APPLICATION (object);

  forget_secret (&self->demo_token);
  g_clear_pointer (&self->demo_url, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (oc_application_parent_class)->finalize (object);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  static const char * const developers[] = { "The Ongoing Conversations developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", parent != NULL,
                        "application-name", _("Ongoing Conversations"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Watch every ongoing contact-center conversation live, and step in."),
                        "website", "https://example.org/ongoing-conversations",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developer-name", _("The Ongoing Conversations developers"),
                        "developers", developers,
                        /* Translators: your names, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (oc_preferences_window_new (parent)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* A notification's click: the window that has the conversation comes
 * forward with its row selected. */
static void
show_conversation_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  const char *id = g_variant_get_string (parameter, NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (user_data)); l != NULL; l = l->next)
    if (OC_IS_WINDOW (l->data) && oc_window_show_conversation (l->data, id))
      {
        gtk_window_present (l->data);
        return;
      }
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "quit", .activate = quit_action },
  { .name = "show-conversation", .activate = show_conversation_action, .parameter_type = "s" },
};

static void
oc_application_startup (GApplication *app)
{
  OcApplication *self = OC_APPLICATION (app);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  G_APPLICATION_CLASS (oc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  /* Filters and columns were once kept for every server alike. */
  oc_server_settings_migrate (settings);

  /* The desktop's usual keys, except on a wall screen, where no key may do
   * anything. */
  self->kiosk |= g_settings_get_boolean (settings, "kiosk-mode");
  if (!self->kiosk)
    {
      static const char * const quit_accels[] = { "<Control>q", NULL };
      static const char * const close_accels[] = { "<Control>w", NULL };
      static const char * const preferences_accels[] = { "<Control>comma", NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
      gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
      gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
    }
  else
    {
      static const char * const no_accels[] = { NULL };

      /* GtkApplication bound Ctrl+? to its help overlay (gtk/help-overlay.ui). */
      gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", no_accels);
    }

  oc_style_load_app_css ();
}

static void
oc_application_class_init (OcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = oc_application_finalize;
  app_class->handle_local_options = oc_application_handle_local_options;
  app_class->startup = oc_application_startup;
  app_class->activate = oc_application_activate;
  app_class->command_line = oc_application_command_line;
  app_class->shutdown = oc_application_shutdown;
}

static const GOptionEntry options[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start a simulated contact center on this computer (127.0.0.1) and connect to it"), NULL },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to the contact-center server at URL"), N_("URL") },
  { "token-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Read the access token from FILE (mode 0600), or from standard input if FILE is -"), N_("FILE") },
  { "tls-ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Trust the certificates in FILE (PEM) instead of the system's, for a server with a private CA"), N_("FILE") },
  { "dataverse", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Read the conversations of the Dynamics 365 organisation at URL (see docs/dynamics.md)"), N_("URL") },
  { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the read-only wallboard full screen, for a shared screen on the floor"), NULL },
  { NULL }
};

static void
oc_application_init (OcApplication *self)
{
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
      _("Watch every ongoing contact-center conversation live, and step in."));
  g_application_set_option_context_description (G_APPLICATION (self),
      _("Without --server, the last server used is opened, or a start page asks for one.\n"
        "The access token comes from --token-file, else the OC_TOKEN environment\n"
        "variable, else the keyring (saved there after a successful sign-in).\n"
        "The token is never printed or logged.\n"
        "\n"
        "Examples:\n"
        "  ongoing-conversations --demo\n"
        "  ongoing-conversations --server https://cc.example.com --token-file ~/.cc-token\n"
        "  ongoing-conversations --dataverse https://contoso.crm.dynamics.com --token-file ~/.d365-token"));
}

/**
 * oc_application_new:
 *
 * Returns: (transfer full): the application
 */
OcApplication *
oc_application_new (void)
{
  /* Tests run several instances at once on one session bus: each gives its
   * own id, so that none forwards its launch to another's. */
  const char *app_id = g_getenv ("OC_APPLICATION_ID");

  if (app_id == NULL || !g_application_id_is_valid (app_id))
    app_id = APP_ID;

  /* Resources stay where they are whatever the id (--kiosk adds ".Kiosk"). */
  return g_object_new (OC_TYPE_APPLICATION,
                       "application-id", app_id,
                       "resource-base-path", "/org/example/OngoingConversations",
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}
