// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A fake Microsoft Entra ID login authority for the sign-in tests: a
 * SoupServer on 127.0.0.1 answering POST /{tenant}/oauth2/v2.0/devicecode
 * and /{tenant}/oauth2/v2.0/token as the Microsoft identity platform
 * documents the device authorization grant and the refresh token grant.
 * By default a device code is answered "authorization_pending" twice,
 * "slow_down" once, then with tokens. Access tokens are "access-N",
 * refresh tokens "refresh-N"; only the latest refresh token is honoured.
 * It runs in the caller's main context.
 */
typedef struct _FakeEntra FakeEntra;

FakeEntra  *fake_entra_new              (void);
void        fake_entra_free             (FakeEntra  *self);
/* "http://127.0.0.1:PORT", the authority to sign in against. */
const char *fake_entra_get_url          (FakeEntra  *self);
/* Answers before success: @pending "authorization_pending", then @slow_down
 * "slow_down". */
void        fake_entra_set_script       (FakeEntra  *self,
                                         guint       pending,
                                         guint       slow_down);
/* The user declines: the poll after the script gets "authorization_declined". */
void        fake_entra_decline          (FakeEntra  *self);
/* The device code's expires_in, in seconds (900). */
void        fake_entra_set_expires_in   (FakeEntra  *self,
                                         guint       seconds);
/* The access tokens' expires_in, in seconds (3600). */
void        fake_entra_set_token_lifetime (FakeEntra *self,
                                         guint       seconds);
/* The latest access token issued, or NULL. */
const char *fake_entra_get_access_token (FakeEntra  *self);
/* Each request: "devicecode client_id=… scope=…" or "token grant_type=…". */
GPtrArray  *fake_entra_get_requests     (FakeEntra  *self);
/* Monotonic µs of each request, parallel to the above. */
GArray     *fake_entra_get_request_times (FakeEntra *self);

#define FAKE_ENTRA_USER_CODE "FAKE-CODE"

G_END_DECLS
