// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-audit-list.h"
#include "oc-conversation-store.h"
#include "oc-transcript.h"

G_BEGIN_DECLS

#define OC_SOURCE_ERROR (oc_source_error_quark ())

/* Why an action or a connection failed, for the UI to explain it. */
typedef enum {
  OC_SOURCE_ERROR_STATE_CHANGED,  /* 409: another supervisor acted first */
  OC_SOURCE_ERROR_RULE_BROKEN,    /* 422: presence, capacity, queue… (see the message) */
  OC_SOURCE_ERROR_FORBIDDEN,      /* 403: the role may not act */
  OC_SOURCE_ERROR_NOT_FOUND,      /* 404 */
  OC_SOURCE_ERROR_UNAUTHORIZED,   /* 401 */
  OC_SOURCE_ERROR_BAD_REQUEST,    /* 400, 413 */
  OC_SOURCE_ERROR_RATE_LIMITED,   /* 429 */
  OC_SOURCE_ERROR_UNAVAILABLE,    /* 503, unreachable, timed out */
  OC_SOURCE_ERROR_PROTOCOL,       /* the server's answer made no sense */
  OC_SOURCE_ERROR_TLS,            /* certificate not trusted */
} OcSourceError;

typedef enum {
  OC_SOURCE_STATE_IDLE,
  OC_SOURCE_STATE_CONNECTING,
  OC_SOURCE_STATE_LIVE,
  OC_SOURCE_STATE_RECONNECTING,
  OC_SOURCE_STATE_OFFLINE,        /* gave up or stopped; see status-message */
  OC_SOURCE_STATE_AUTH_FAILED,
} OcSourceState;

#define OC_TYPE_SOURCE_STATE (oc_source_state_get_type ())
GType          oc_source_state_get_type       (void) G_GNUC_CONST;
GQuark         oc_source_error_quark          (void);

/* What the connected backend can do, so the UI can say it plainly. */
typedef enum /*< flags >*/ {
  OC_SOURCE_CAN_ASSIGN        = 1 << 0,
  OC_SOURCE_CAN_TRANSFER      = 1 << 1,
  OC_SOURCE_CAN_FORCE_CLOSE   = 1 << 2,
  OC_SOURCE_CAN_MONITOR_LIVE  = 1 << 3,  /* the transcript follows live messages */
  OC_SOURCE_CAN_JOIN          = 1 << 4,  /* join, leave and send messages */
  OC_SOURCE_HAS_WORKSPACE     = 1 << 5,  /* get_workspace_url() gives a web page */
  OC_SOURCE_CAN_WHISPER       = 1 << 6,  /* write to the agent only */
  OC_SOURCE_CAN_LOWER_FLAG    = 1 << 7,  /* agents' help flags, and lowering them */
  OC_SOURCE_HAS_PRESENCE      = 1 << 8,  /* who monitors or joined each conversation */
  OC_SOURCE_HAS_AUDIT_LOG     = 1 << 9,  /* the server's audit log, live */
} OcSourceCapabilities;

#define OC_SOURCE_CAN_ALL (OC_SOURCE_CAN_ASSIGN | OC_SOURCE_CAN_TRANSFER | \
                           OC_SOURCE_CAN_FORCE_CLOSE | OC_SOURCE_CAN_MONITOR_LIVE | \
                           OC_SOURCE_CAN_JOIN | OC_SOURCE_CAN_WHISPER | \
                           OC_SOURCE_CAN_LOWER_FLAG | OC_SOURCE_HAS_PRESENCE | \
                           OC_SOURCE_HAS_AUDIT_LOG)

#define OC_TYPE_SOURCE_CAPABILITIES (oc_source_capabilities_get_type ())
GType oc_source_capabilities_get_type (void) G_GNUC_CONST;

#define OC_TYPE_SOURCE (oc_source_get_type ())
G_DECLARE_DERIVABLE_TYPE (OcSource, oc_source, OC, SOURCE, GObject)

struct _OcSourceClass
{
  GObjectClass parent_class;

  void                  (*start)             (OcSource            *self);
  void                  (*stop)              (OcSource            *self);
  /* Waiting out a reconnection backoff: try now instead. Unset: stop and
   * start again. */
  void                  (*reconnect_now)     (OcSource            *self);
  /* Unset: OC_SOURCE_CAN_ALL. */
  OcSourceCapabilities  (*get_capabilities)  (OcSource            *self);
  /* Unset: no workspace. */
  char *                (*get_workspace_url) (OcSource            *self,
                                              const char          *conversation_id);
  /* Unset: NULL, the reference protocol. */
  const char *          (*get_backend_name)  (OcSource            *self);

  /* Each completes a GTask of @self returning a boolean, which
   * oc_source_action_finish() propagates. */
  void                  (*assign_async)      (OcSource            *self,
                                              const char          *conversation_id,
                                              const char          *agent_id,
                                              const char          *queue_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  void                  (*transfer_async)    (OcSource            *self,
                                              const char          *conversation_id,
                                              const char          *agent_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  void                  (*force_close_async) (OcSource            *self,
                                              const char          *conversation_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  void                  (*join_async)        (OcSource            *self,
                                              const char          *conversation_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  void                  (*leave_async)       (OcSource            *self,
                                              const char          *conversation_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  void                  (*send_message_async)(OcSource            *self,
                                              const char          *conversation_id,
                                              const char          *text,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

  OcTranscript *        (*open_transcript)   (OcSource            *self,
                                              const char          *conversation_id);
  /* Unset: refused with OC_SOURCE_ERROR_FORBIDDEN and the reason below. */
  void                  (*whisper_async)     (OcSource            *self,
                                              const char          *conversation_id,
                                              const char          *text,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  void                  (*lower_flag_async)  (OcSource            *self,
                                              const char          *conversation_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  /* Why a capability the backend lacks is not there, for a person. Unset:
   * a general sentence. */
  const char *          (*get_unavailable_reason) (OcSource            *self,
                                                   OcSourceCapabilities capability);
  /* With the caller's Idempotency-Key, so that a retry after a reconnect
   * acts once (#21). Unset: the plain ones, the key unused. */
  void                  (*force_close_with_key_async) (OcSource            *self,
                                                       const char          *conversation_id,
                                                       const char          *idempotency_key,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
  void                  (*assign_with_key_async)      (OcSource            *self,
                                                       const char          *conversation_id,
                                                       const char          *agent_id,
                                                       const char          *queue_id,
                                                       const char          *idempotency_key,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
  /* The audit page older than the oldest entry held, added to the audit
   * log; completes a GTask of @self returning a boolean (#22). Unset:
   * refused with the reason OC_SOURCE_HAS_AUDIT_LOG is missing. */
  void                  (*load_older_audit_async)     (OcSource            *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
  /* The window showing the store begins a frame: apply what waits, once a
   * frame, before its layout (#17). Unset: the backend keeps its own pace. */
  void                  (*begin_frame)                (OcSource            *self);
};

void                  oc_source_start               (OcSource            *self);
void                  oc_source_stop                (OcSource            *self);
void                  oc_source_reconnect_now       (OcSource            *self);
OcSourceState         oc_source_get_state           (OcSource            *self);
const char           *oc_source_get_status_message  (OcSource            *self);
gint64                oc_source_get_last_event_time (OcSource            *self);
gboolean              oc_source_get_catching_up     (OcSource            *self);
gboolean              oc_source_get_loading         (OcSource            *self,
                                                     guint               *done,
                                                     guint               *total);
OcRole                oc_source_get_role            (OcSource            *self);
const char * const   *oc_source_get_member_queues   (OcSource            *self);
const char           *oc_source_get_user            (OcSource            *self);
const char           *oc_source_get_server_url      (OcSource            *self);
OcConversationStore  *oc_source_get_store           (OcSource            *self);
OcSourceCapabilities  oc_source_get_capabilities    (OcSource            *self);
gboolean              oc_source_can                 (OcSource            *self,
                                                     OcSourceCapabilities capabilities);
char                 *oc_source_get_workspace_url   (OcSource            *self,
                                                     const char          *conversation_id);
const char           *oc_source_get_backend_name    (OcSource            *self);
void                  oc_source_begin_frame         (OcSource            *self);

void                  oc_source_assign_async        (OcSource            *self,
                                                     const char          *conversation_id,
                                                     const char          *agent_id,
                                                     const char          *queue_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void                  oc_source_transfer_async      (OcSource            *self,
                                                     const char          *conversation_id,
                                                     const char          *agent_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void                  oc_source_force_close_async   (OcSource            *self,
                                                     const char          *conversation_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void                  oc_source_force_close_with_key_async (OcSource            *self,
                                                     const char          *conversation_id,
                                                     const char          *idempotency_key,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void                  oc_source_assign_with_key_async (OcSource          *self,
                                                     const char          *conversation_id,
                                                     const char          *agent_id,
                                                     const char          *queue_id,
                                                     const char          *idempotency_key,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void                  oc_source_join_async          (OcSource            *self,
                                                     const char          *conversation_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void                  oc_source_leave_async         (OcSource            *self,
                                                     const char          *conversation_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void                  oc_source_send_message_async  (OcSource            *self,
                                                     const char          *conversation_id,
                                                     const char          *text,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void                  oc_source_whisper_async       (OcSource            *self,
                                                     const char          *conversation_id,
                                                     const char          *text,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void                  oc_source_lower_flag_async    (OcSource            *self,
                                                     const char          *conversation_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
const char           *oc_source_get_unavailable_reason (OcSource            *self,
                                                        OcSourceCapabilities capability);
OcAuditList          *oc_source_get_audit_log       (OcSource            *self);
gboolean              oc_source_get_audit_has_older (OcSource            *self);
void                  oc_source_load_older_audit_async  (OcSource            *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean              oc_source_load_older_audit_finish (OcSource            *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
gboolean              oc_source_action_finish       (OcSource            *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

OcTranscript         *oc_source_open_transcript     (OcSource            *self,
                                                     const char          *conversation_id);

G_END_DECLS
