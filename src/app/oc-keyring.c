// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-keyring"

#include "config.h"

#include <glib/gi18n.h>

#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "oc-keyring.h"

#ifdef HAVE_LIBSECRET
/* Access tokens and Entra ID refresh tokens apart: a lookup of one never
 * finds the other (libsecret matches the schema name too). */
static const SecretSchema *
oc_keyring_schema (gboolean refresh)
{
  static const SecretSchema schema = {
    APP_ID ".Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  static const SecretSchema refresh_schema = {
    APP_ID ".RefreshToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return refresh ? &refresh_schema : &schema;
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_strdup (token), g_free);

  /* The keyring's copy lives in memory that is wiped when freed. */
  if (token != NULL)
    secret_password_free (token);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Not fatal: the person types the token again next time. */
  if (!secret_password_store_finish (result, &error))
    g_message ("Could not keep the access token in the keyring: %s", error->message);
}

/* Replaces what is kept for @server_url of that kind, in the background. */
static void
store (gboolean    refresh,
       const char *server_url,
       const char *label,
       const char *token)
{
  secret_password_store (oc_keyring_schema (refresh), SECRET_COLLECTION_DEFAULT, label, token,
                         NULL, store_cb, NULL,
                         "server", server_url,
                         NULL);
}
#endif

/**
 * oc_keyring_is_available:
 *
 * Returns: whether the build has libsecret; without it lookups find nothing
 *   and storing does nothing
 */
gboolean
oc_keyring_is_available (void)
{
#ifdef HAVE_LIBSECRET
  return TRUE;
#else
  return FALSE;
#endif
}

/**
 * oc_keyring_lookup_async:
 * @server_url: the server the token is for
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once with the answer
 * @user_data: data for @callback
 *
 * Looks up the access token stored for @server_url in the desktop keyring.
 */
static void
lookup_async (gboolean             refresh,
              const char          *server_url,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, oc_keyring_lookup_async);

#ifdef HAVE_LIBSECRET
  secret_password_lookup (oc_keyring_schema (refresh), cancellable, lookup_cb,
                          g_steal_pointer (&task),
                          "server", server_url,
                          NULL);
#else
  g_task_return_pointer (task, NULL, NULL);
#endif
}

void
oc_keyring_lookup_async (const char          *server_url,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  lookup_async (FALSE, server_url, cancellable, callback, user_data);
}

/**
 * oc_keyring_lookup_refresh_token_async:
 * @server_url: the Dynamics 365 organisation signed in to
 *
 * Like oc_keyring_lookup_async(), for the Entra ID refresh token kept by
 * oc_keyring_store_refresh_token(); finish with oc_keyring_lookup_finish().
 */
void
oc_keyring_lookup_refresh_token_async (const char          *server_url,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  lookup_async (TRUE, server_url, cancellable, callback, user_data);
}

/**
 * oc_keyring_lookup_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: the keyring's error
 *
 * Returns: (transfer full) (nullable): the token, or %NULL (and no error)
 *   when none is stored
 */
char *
oc_keyring_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * oc_keyring_store:
 * @server_url: the server the token is for
 * @token: the token
 *
 * Stores @token for @server_url in the desktop keyring, in the background;
 * a failure is logged, not reported.
 */
void
oc_keyring_store (const char *server_url,
                  const char *token)
{
#ifdef HAVE_LIBSECRET
  g_autofree char *label = g_strdup_printf (_("Ongoing Conversations access token for %s"), server_url);

  store (FALSE, server_url, label, token);
#endif
}

/**
 * oc_keyring_store_refresh_token:
 * @server_url: the Dynamics 365 organisation signed in to
 * @token: the Microsoft Entra ID refresh token
 *
 * Keeps @token for @server_url in the desktop keyring, replacing the one
 * kept before, so that a later start renews an expired access token without
 * asking. Without libsecret it is not kept: the sign-in lasts as long as the
 * connection.
 */
void
oc_keyring_store_refresh_token (const char *server_url,
                                const char *token)
{
#ifdef HAVE_LIBSECRET
  g_autofree char *label = g_strdup_printf (_("Ongoing Conversations sign-in for %s"), server_url);

  store (TRUE, server_url, label, token);
#endif
}

#ifdef HAVE_LIBSECRET
static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* No secret service on this desktop: nothing was kept there either. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_message ("Could not remove a token from the keyring: %s", error->message);
}
#endif

/**
 * oc_keyring_forget:
 * @server_url: the server whose token to remove
 *
 * Removes the token and the refresh token stored for @server_url from the
 * desktop keyring (Sign Out), in the background; a failure is logged, not reported.
 */
void
oc_keyring_forget (const char *server_url)
{
  g_return_if_fail (server_url != NULL);

#ifdef HAVE_LIBSECRET
  /* The sign-in goes too: Sign Out means the next start asks again. */
  secret_password_clear (oc_keyring_schema (FALSE), NULL, clear_cb, NULL,
                         "server", server_url,
                         NULL);
  secret_password_clear (oc_keyring_schema (TRUE), NULL, clear_cb, NULL,
                         "server", server_url,
                         NULL);
#endif
}
