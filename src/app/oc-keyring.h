// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Access tokens in the desktop keyring (libsecret), one per server URL.
 * Built without libsecret, lookups find nothing and storing does nothing. */
gboolean oc_keyring_is_available  (void);
void     oc_keyring_lookup_async  (const char          *server_url,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
char    *oc_keyring_lookup_finish (GAsyncResult        *result,
                                   GError             **error);
void     oc_keyring_store         (const char          *server_url,
                                   const char          *token);
void     oc_keyring_forget        (const char          *server_url);
/* Microsoft Entra ID refresh tokens, one per organisation, apart from the
 * access tokens; oc_keyring_forget() removes both. */
void     oc_keyring_lookup_refresh_token_async (const char          *server_url,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
void     oc_keyring_store_refresh_token        (const char          *server_url,
                                                const char          *token);

G_END_DECLS
