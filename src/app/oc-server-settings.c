// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-server-settings"

#include "config.h"

#include <string.h>

#include "oc-backend.h"
#include "oc-server-settings.h"

#define SERVERS_PATH "/org/example/OngoingConversations/servers/"

/* The keys that were the application's before they were a server's. */
static const char * const moved_keys[] = {
  "column-order", "hidden-columns", "column-widths", "sort-column", "sort-descending",
  "filter-queues", "filter-channels", "filter-statuses", "filter-agents", "filter-search",
};

/**
 * oc_server_settings_identity:
 * @url: (nullable): the server's address
 * @demo: whether @url is the embedded demo server, whose port changes every run
 *
 * Returns: (transfer full): a stable name for the server: "demo", or the
 *   kind and the address without what does not make it another server (case
 *   of scheme and host, a default port, a trailing slash), such as
 *   "server:https://cc.example.com" or "dataverse:https://contoso.crm4.dynamics.com"
 */
char *
oc_server_settings_identity (const char *url,
                             gboolean    demo)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  GString *identity;
  int port;

  if (demo)
    return g_strdup ("demo");

  identity = g_string_new (oc_backend_is_dataverse_url (url) ? "dataverse:" : "server:");
  uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_string_append (identity, url != NULL ? url : "");
      return g_string_free (identity, FALSE);
    }

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  path = g_strdup (g_uri_get_path (uri));
  while (path[0] != '\0' && path[strlen (path) - 1] == '/')
    path[strlen (path) - 1] = '\0';
  port = g_uri_get_port (uri);
  if ((port == 443 && g_str_equal (scheme, "https")) || (port == 80 && g_str_equal (scheme, "http")))
    port = -1;

  g_string_append_printf (identity, "%s://%s", scheme, host);
  if (port > 0)
    g_string_append_printf (identity, ":%d", port);
  g_string_append (identity, path);

  return g_string_free (identity, FALSE);
}

/* A path element may not hold '/', and dconf's keys are kept plain:
 * anything but letters, digits, '-' and '.' becomes _XX. */
static char *
escape_identity (const char *identity)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = identity; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.')
        g_string_append_c (escaped, *p);
      else
        g_string_append_printf (escaped, "_%02X", (guchar) *p);
    }

  return g_string_free (escaped, FALSE);
}

/**
 * oc_server_settings_new:
 * @identity: from oc_server_settings_identity()
 *
 * Returns: (transfer full): the settings kept for that server
 */
GSettings *
oc_server_settings_new (const char *identity)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (identity != NULL, NULL);

  escaped = escape_identity (identity);
  path = g_strconcat (SERVERS_PATH, escaped, "/", NULL);
  return g_settings_new_with_path (OC_SERVER_SCHEMA_ID, path);
}

/**
 * oc_server_settings_migrate:
 * @app_settings: the application's settings
 *
 * Once: moves the filters, search, sort and columns that an older version
 * kept for every server alike to the server they were used with (the saved
 * "server-url", or the demo when none is saved), and forgets them there.
 *
 * Returns: whether anything was moved
 */
gboolean
oc_server_settings_migrate (GSettings *app_settings)
{
  g_autofree char *url = NULL;
  g_autofree char *identity = NULL;
  g_autoptr(GSettings) server = NULL;
  gboolean moved = FALSE;

  g_return_val_if_fail (G_IS_SETTINGS (app_settings), FALSE);

  if (g_settings_get_boolean (app_settings, "server-settings-migrated"))
    return FALSE;

  url = g_settings_get_string (app_settings, "server-url");
  identity = oc_server_settings_identity (url, url[0] == '\0');
  server = oc_server_settings_new (identity);

  g_settings_delay (server);
  for (guint i = 0; i < G_N_ELEMENTS (moved_keys); i++)
    {
      g_autoptr(GVariant) value = g_settings_get_user_value (app_settings, moved_keys[i]);

      if (value == NULL)
        continue;
      g_settings_set_value (server, moved_keys[i], value);
      moved = TRUE;
    }
  /* The server's first: an interrupted run moves them again rather than losing them. */
  g_settings_apply (server);
  g_settings_sync ();
  for (guint i = 0; i < G_N_ELEMENTS (moved_keys); i++)
    g_settings_reset (app_settings, moved_keys[i]);
  g_settings_set_boolean (app_settings, "server-settings-migrated", TRUE);

  if (moved)
    g_debug ("Filters and columns moved to %s", identity);
  return moved;
}
