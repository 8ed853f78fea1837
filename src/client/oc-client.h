// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-source.h"

G_BEGIN_DECLS

/*
 * OcSource over a reference protocol server: GET /me and /snapshot, then the
 * events WebSocket, reconnecting with a backoff. Besides OcSource's it has
 * "reconnect-max-seconds" (guint, read-write: the longest backoff between
 * reconnection attempts; bind it to the GSettings key of the same name).
 * Actions carry an Idempotency-Key and are retried only when that is safe.
 */

#define OC_TYPE_CLIENT (oc_client_get_type ())
G_DECLARE_FINAL_TYPE (OcClient, oc_client, OC, CLIENT, OcSource)

OcClient      *oc_client_new                  (const char           *server_url,
                                               const char           *token,
                                               OcConversationStore  *store);
gboolean       oc_client_set_ca_file          (OcClient             *self,
                                               const char           *path,
                                               GError              **error);

G_END_DECLS
