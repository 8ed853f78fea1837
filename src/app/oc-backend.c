// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-backend"

#include "config.h"

#include <string.h>

#include "oc-backend.h"
#include "oc-client.h"
#include "oc-dataverse-source.h"

/* Where Microsoft hosts Dataverse organisations: commercial, US government,
 * China (21Vianet) and the German sovereign cloud. */
static const char * const dataverse_domains[] = {
  ".dynamics.com",
  ".microsoftdynamics.us",
  ".appsplatform.us",
  ".dynamics.cn",
  ".microsoftdynamics.de",
};

/**
 * oc_backend_is_dataverse_url:
 * @url: (nullable): a server address
 *
 * Returns: whether @url is a Dynamics 365 organisation by its host name
 *   (*.dynamics.com and the sovereign clouds' domains)
 */
gboolean
oc_backend_is_dataverse_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;

  if (url == NULL)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  for (guint i = 0; i < G_N_ELEMENTS (dataverse_domains); i++)
    if (g_str_has_suffix (host, dataverse_domains[i]))
      return TRUE;

  return FALSE;
}

static gboolean
ms_from_seconds (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) * GPOINTER_TO_UINT (user_data));
  return TRUE;
}

/* --tls-ca-file, for this run only: it wins over the setting. */
static char *ca_file_override;

/**
 * oc_backend_set_ca_file:
 * @path: (nullable): a PEM file of certificates to trust, or %NULL to use the
 *   tls-ca-file setting again
 *
 * Trusts @path instead of the system's certificates for the reference
 * protocol's servers made from now on (--tls-ca-file).
 */
void
oc_backend_set_ca_file (const char *path)
{
  g_free (ca_file_override);
  ca_file_override = g_strdup (path);
}

/**
 * oc_backend_new_source:
 * @url: the server or organisation
 * @token: the access token
 * @dataverse: treat @url as a Dynamics 365 organisation whatever its host (a
 *   proxy, a test double)
 * @store: the store the source fills
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): a new, not yet started source for
 *   @url, with the user's settings bound; %NULL with @error set when the
 *   trusted certificates (--tls-ca-file, or the tls-ca-file setting) cannot
 *   be read
 */
OcSource *
oc_backend_new_source (const char           *url,
                       const char           *token,
                       gboolean              dataverse,
                       OcConversationStore  *store,
                       GError              **error)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (store), NULL);

  if (dataverse || oc_backend_is_dataverse_url (url))
    {
      OcDataverseSource *source = oc_dataverse_source_new (url, token, store);

      /* The source lives as long as the connection; the bindings go with it. */
      g_settings_bind_with_mapping (settings, "dataverse-poll-seconds", source, "poll-interval-ms",
                                    G_SETTINGS_BIND_GET, ms_from_seconds, NULL,
                                    GUINT_TO_POINTER (1000), NULL);
      g_settings_bind_with_mapping (settings, "dataverse-resync-minutes", source, "resync-interval-ms",
                                    G_SETTINGS_BIND_GET, ms_from_seconds, NULL,
                                    GUINT_TO_POINTER (60 * 1000), NULL);
      g_settings_bind (settings, "dataverse-actions-enabled", source, "actions-enabled",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "dataverse-workspace-app", source, "workspace-app",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "dataverse-window-hours", source, "window-hours",
                       G_SETTINGS_BIND_GET);
      return OC_SOURCE (source);
    }
  else
    {
      g_autoptr(OcClient) client = oc_client_new (url, token, store);
      g_autofree char *ca_file = ca_file_override != NULL ? g_strdup (ca_file_override)
                                                          : g_settings_get_string (settings, "tls-ca-file");

      /* A private CA: trusted instead of the system's, never instead of
       * checking. A file that cannot be read is said, not passed over. */
      if (ca_file != NULL && *ca_file != '\0' && !oc_client_set_ca_file (client, ca_file, error))
        return NULL;
      g_settings_bind (settings, "reconnect-max-seconds", client, "reconnect-max-seconds",
                       G_SETTINGS_BIND_GET);
      return OC_SOURCE (g_steal_pointer (&client));
    }
}

/**
 * oc_backend_new_sign_in:
 * @org_url: the Dynamics 365 organisation to sign in to
 *
 * Returns: (transfer full): a sign-in with the tenant, application (client)
 *   ID and authority of the entra-* settings (empty ones: Microsoft's
 *   defaults), for the scope @org_url/user_impersonation
 */
OcEntraSignIn *
oc_backend_new_sign_in (const char *org_url)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *authority = g_settings_get_string (settings, "entra-authority");
  g_autofree char *tenant = g_settings_get_string (settings, "entra-tenant");
  g_autofree char *client_id = g_settings_get_string (settings, "entra-client-id");

  g_return_val_if_fail (org_url != NULL, NULL);

  g_strstrip (authority);
  g_strstrip (tenant);
  g_strstrip (client_id);
  return oc_entra_sign_in_new (authority, tenant, client_id, org_url);
}

/**
 * oc_backend_new_sign_in_with:
 * @org_url: the Dynamics 365 organisation signed in to
 * @refresh_token: a refresh token kept from an earlier sign-in; wiped here,
 *   so that it lives in the sign-in only
 *
 * Returns: (transfer full): oc_backend_new_sign_in() holding @refresh_token
 */
OcEntraSignIn *
oc_backend_new_sign_in_with (const char *org_url,
                             char       *refresh_token)
{
  OcEntraSignIn *sign_in = oc_backend_new_sign_in (org_url);

  g_return_val_if_fail (refresh_token != NULL, sign_in);

  oc_entra_sign_in_set_refresh_token (sign_in, refresh_token);
  memset (refresh_token, 0, strlen (refresh_token));
  return sign_in;
}

/**
 * oc_backend_attach_sign_in:
 * @source: a source from oc_backend_new_source()
 * @sign_in: the sign-in its token came from
 *
 * Returns: whether @source is a Dynamics 365 one, which now renews an
 *   expired token through @sign_in
 */
gboolean
oc_backend_attach_sign_in (OcSource      *source,
                           OcEntraSignIn *sign_in)
{
  g_return_val_if_fail (OC_IS_SOURCE (source), FALSE);

  if (!OC_IS_DATAVERSE_SOURCE (source))
    return FALSE;
  oc_dataverse_source_set_sign_in (OC_DATAVERSE_SOURCE (source), sign_in);
  return TRUE;
}
