// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_CLIENT (oc_client_get_type ())
G_DECLARE_FINAL_TYPE (OcClient, oc_client, OC, CLIENT, GObject)


/*
 * Properties: "state" (OcSourceState), "status-message" (why offline or
 * reconnecting, readable), "last-event-time" (gint64, g_get_real_time() µs of
 * the last message heard), "role" (OcRole), "user" (string), "server-url",
 * "reconnect-max-seconds" (guint, read-write: the longest backoff between
 * reconnection attempts; bind it to the GSettings key of the same name).
 */
OcClient      *oc_client_new                  (const char           *server_url,
                                               const char           *token,
                                               OcConversationStore  *store);
/* A PEM bundle to trust instead of the system's CAs (private CA). */
gboolean       oc_client_set_ca_file          (OcClient             *self,
                                               const char           *path,
                                               GError              **error);
void           oc_client_start                (OcClient             *self);
void           oc_client_stop                 (OcClient             *self);
OcSourceState  oc_client_get_state            (OcClient             *self);
const char    *oc_client_get_status_message   (OcClient             *self);
gint64         oc_client_get_last_event_time  (OcClient             *self);
OcRole         oc_client_get_role             (OcClient             *self);
const char    *oc_client_get_user             (OcClient             *self);
const char    *oc_client_get_server_url       (OcClient             *self);
OcConversationStore *oc_client_get_store      (OcClient             *self);

/* Actions. Each carries an Idempotency-Key and is retried only when safe.
 * _finish returns the conversation as the server answered it (or NULL). */
void            oc_client_assign_async        (OcClient             *self,
                                               const char           *conversation_id,
                                               const char           *agent_id,
                                               const char           *queue_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void            oc_client_transfer_async      (OcClient             *self,
                                               const char           *conversation_id,
                                               const char           *agent_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void            oc_client_force_close_async   (OcClient             *self,
                                               const char           *conversation_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void            oc_client_join_async          (OcClient             *self,
                                               const char           *conversation_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void            oc_client_leave_async         (OcClient             *self,
                                               const char           *conversation_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void            oc_client_send_message_async  (OcClient             *self,
                                               const char           *conversation_id,
                                               const char           *text,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* Finishes any of the actions above. */
gboolean        oc_client_action_finish       (OcClient             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* A live transcript for one conversation (history, then live messages). */
OcTranscript   *oc_client_open_transcript     (OcClient             *self,
                                               const char           *conversation_id);

G_END_DECLS
