// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libsoup/soup.h>

#include "oc-source.h"

G_BEGIN_DECLS

/* What every HTTP backend shares: addresses, requests with a bounded body,
 * errors mapped to OC_SOURCE_ERROR, and the reconnection backoff. */

/* The longest wait between reconnection attempts, unless set. */
#define OC_SOURCE_DEFAULT_RECONNECT_MAX 30
#define OC_BACKOFF_BASE_MS       500

/* Exponential backoff: base doubling up to a maximum, with ±20 % jitter so
 * that a floor of consoles does not reconnect in lockstep after a restart. */
typedef struct {
  guint attempt;
  guint max_ms;
} OcBackoff;

void          oc_backoff_reset             (OcBackoff   *backoff);
guint         oc_backoff_next_ms           (OcBackoff   *backoff);

GUri         *oc_http_build_uri            (const char  *base_url,
                                            const char  *path,
                                            const char  *query);
SoupMessage  *oc_http_new_message          (const char  *method,
                                            const char  *base_url,
                                            const char  *path,
                                            const char  *query,
                                            const char  *authorization);
SoupSession  *oc_http_new_session          (void);

void          oc_http_fetch_async          (SoupSession          *session,
                                            SoupMessage          *msg,
                                            gsize                 max_bytes,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GBytes       *oc_http_fetch_finish         (SoupSession          *session,
                                            GAsyncResult         *result,
                                            GError              **error);
guint         oc_http_fetch_get_retry_after (GAsyncResult        *result);

GError       *oc_http_error_new            (SoupMessage          *msg,
                                            GBytes               *body);
GError       *oc_http_error_from_transport (const GError         *error);

SoupWebsocketConnection *
              oc_http_websocket_connect_finish (SoupSession   *session,
                                                GAsyncResult  *result,
                                                guint         *status,
                                                GError       **error);
void          oc_http_websocket_close_later (SoupWebsocketConnection *ws);

char         *oc_http_authorization_new    (const char           *token);

G_END_DECLS
