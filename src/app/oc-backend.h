// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-conversation-store.h"
#include "oc-entra-sign-in.h"
#include "oc-source.h"

G_BEGIN_DECLS

/*
 * Which backend a server address means, and the OcSource for it with the
 * user's settings bound: the reference protocol (OcClient) or a Dynamics 365
 * organisation (OcDataverseSource). The window, dialogs and wallboard take
 * what this returns and never ask which one it is.
 */

gboolean  oc_backend_is_dataverse_url (const char           *url);

void      oc_backend_set_ca_file      (const char           *path);
OcSource *oc_backend_new_source       (const char           *url,
                                       const char           *token,
                                       gboolean              dataverse,
                                       OcConversationStore  *store,
                                       GError              **error);

/* Sign In with Microsoft for @org_url with the entra-* settings. */
OcEntraSignIn *oc_backend_new_sign_in    (const char           *org_url);
OcEntraSignIn *oc_backend_new_sign_in_with (const char         *org_url,
                                            char               *refresh_token);
/* Lets a Dynamics 365 @source renew its token through @sign_in; FALSE for
 * a source of another backend. */
gboolean       oc_backend_attach_sign_in (OcSource             *source,
                                          OcEntraSignIn        *sign_in);

G_END_DECLS
