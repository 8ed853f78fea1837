// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OC_TYPE_ENTRA_SIGN_IN (oc_entra_sign_in_get_type ())
G_DECLARE_FINAL_TYPE (OcEntraSignIn, oc_entra_sign_in, OC, ENTRA_SIGN_IN, GObject)

#define OC_ENTRA_DEFAULT_AUTHORITY "https://login.microsoftonline.com"
#define OC_ENTRA_DEFAULT_TENANT    "organizations"
/* The application (client) ID Microsoft provides for the Dataverse Web API,
 * "preapproved for all Dataverse environments" (Use Insomnia with Dataverse
 * Web API, https://learn.microsoft.com/power-apps/developer/data-platform/webapi/insomnia;
 * the same ID in https://learn.microsoft.com/training/modules/dataverse-web-api/insomnia).
 * Also the entra-client-id setting's default. */
#define OC_ENTRA_DEFAULT_CLIENT_ID "51f81489-12ee-4a9e-aaae-a2591f45987d"

OcEntraSignIn *oc_entra_sign_in_new                  (const char           *authority,
                                                      const char           *tenant,
                                                      const char           *client_id,
                                                      const char           *org_url);
/* "<org>/user_impersonation offline_access" */
const char    *oc_entra_sign_in_get_scope            (OcEntraSignIn        *self);
/* Set once the device code is issued: what the user types, and where. */
const char    *oc_entra_sign_in_get_user_code        (OcEntraSignIn        *self);
const char    *oc_entra_sign_in_get_verification_uri (OcEntraSignIn        *self);
/* After a sign-in or refresh completed. */
const char    *oc_entra_sign_in_get_access_token     (OcEntraSignIn        *self);
const char    *oc_entra_sign_in_get_refresh_token    (OcEntraSignIn        *self);
void           oc_entra_sign_in_set_refresh_token    (OcEntraSignIn        *self,
                                                      const char           *refresh_token);
/* Monotonic µs at which the access token expires (a minute early), or 0. */
gint64         oc_entra_sign_in_get_expires_at       (OcEntraSignIn        *self);
/* Tests only: how long one of the authority's "seconds" lasts (1000 ms). */
void           oc_entra_sign_in_set_second_ms        (OcEntraSignIn        *self,
                                                      guint                 ms);

/* The device authorization grant: asks for a code (user-code and
 * verification-uri notify), then polls the token endpoint at the interval the
 * authority gives until the user signed in, declined, or the code expired
 * (OC_SOURCE_ERROR_UNAUTHORIZED with a message a person can read). */
void           oc_entra_sign_in_device_code_async    (OcEntraSignIn        *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       oc_entra_sign_in_device_code_finish   (OcEntraSignIn        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
/* grant_type=refresh_token: a new access token (and refresh token). */
void           oc_entra_sign_in_refresh_async        (OcEntraSignIn        *self,
                                                      const char           *refresh_token,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       oc_entra_sign_in_refresh_finish       (OcEntraSignIn        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
