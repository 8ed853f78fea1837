// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-source"

#include "config.h"

#include "oc-source.h"

G_DEFINE_QUARK (oc-source-error-quark, oc_source_error)

G_DEFINE_ENUM_TYPE (OcSourceState, oc_source_state,
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_AUTH_FAILED, "auth-failed"))

G_DEFINE_INTERFACE (OcSource, oc_source, G_TYPE_OBJECT)

G_DEFINE_FLAGS_TYPE (OcSourceCapabilities, oc_source_capabilities,
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_ASSIGN, "can-assign"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_TRANSFER, "can-transfer"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_FORCE_CLOSE, "can-force-close"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_MONITOR_LIVE, "can-monitor-live"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_JOIN, "can-join"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_HAS_WORKSPACE, "has-workspace"))

static void
oc_source_default_init (OcSourceInterface *iface)
{
  /* Implementations override these (the status ones through
   * _oc_source_status_install(), see oc-source-private.h). */
  g_object_interface_install_property (iface,
    g_param_spec_enum ("state", NULL, NULL, OC_TYPE_SOURCE_STATE, OC_SOURCE_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_string ("status-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_int64 ("last-event-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_enum ("role", NULL, NULL, OC_TYPE_ROLE, OC_ROLE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_object ("store", NULL, NULL, OC_TYPE_CONVERSATION_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

/**
 * oc_source_start:
 *
 * Connects, fills the store and keeps it current until oc_source_stop() or an
 * authentication failure.
 */
void
oc_source_start (OcSource *self)
{
  g_return_if_fail (OC_IS_SOURCE (self));

  OC_SOURCE_GET_IFACE (self)->start (self);
}

/**
 * oc_source_stop:
 *
 * Stops following; the store keeps its contents.
 */
void
oc_source_stop (OcSource *self)
{
  g_return_if_fail (OC_IS_SOURCE (self));

  OC_SOURCE_GET_IFACE (self)->stop (self);
}

OcSourceState
oc_source_get_state (OcSource *self)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), OC_SOURCE_STATE_IDLE);

  return OC_SOURCE_GET_IFACE (self)->get_state (self);
}

const char *
oc_source_get_status_message (OcSource *self)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  return OC_SOURCE_GET_IFACE (self)->get_status_message (self);
}

gint64
oc_source_get_last_event_time (OcSource *self)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), 0);

  return OC_SOURCE_GET_IFACE (self)->get_last_event_time (self);
}

OcRole
oc_source_get_role (OcSource *self)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), OC_ROLE_UNKNOWN);

  return OC_SOURCE_GET_IFACE (self)->get_role (self);
}

const char *
oc_source_get_user (OcSource *self)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  return OC_SOURCE_GET_IFACE (self)->get_user (self);
}

const char *
oc_source_get_server_url (OcSource *self)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  return OC_SOURCE_GET_IFACE (self)->get_server_url (self);
}

OcConversationStore *
oc_source_get_store (OcSource *self)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  return OC_SOURCE_GET_IFACE (self)->get_store (self);
}

/**
 * oc_source_get_capabilities:
 *
 * Returns: what this backend can do now; a UI offers only these and says
 *   why the rest is missing
 */
OcSourceCapabilities
oc_source_get_capabilities (OcSource *self)
{
  OcSourceInterface *iface;

  g_return_val_if_fail (OC_IS_SOURCE (self), 0);

  iface = OC_SOURCE_GET_IFACE (self);
  if (iface->get_capabilities == NULL)
    return OC_SOURCE_CAN_ALL;
  return iface->get_capabilities (self);
}

/**
 * oc_source_can:
 * @capabilities: one or more flags
 *
 * Returns: %TRUE when the backend has all of @capabilities
 */
gboolean
oc_source_can (OcSource             *self,
               OcSourceCapabilities  capabilities)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), FALSE);

  return (oc_source_get_capabilities (self) & capabilities) == capabilities;
}

/**
 * oc_source_get_workspace_url:
 * @conversation_id: the conversation to open
 *
 * For backends whose own web workspace can do what this console cannot
 * (Dynamics 365's Customer Service workspace), the page of @conversation_id.
 *
 * Returns: (transfer full) (nullable): an https:// address, or %NULL
 */
char *
oc_source_get_workspace_url (OcSource   *self,
                             const char *conversation_id)
{
  OcSourceInterface *iface;

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);

  iface = OC_SOURCE_GET_IFACE (self);
  if (iface->get_workspace_url == NULL)
    return NULL;
  return iface->get_workspace_url (self, conversation_id);
}

void
oc_source_assign_async (OcSource            *self,
                        const char          *conversation_id,
                        const char          *agent_id,
                        const char          *queue_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  OC_SOURCE_GET_IFACE (self)->assign_async (self, conversation_id, agent_id, queue_id,
                                            cancellable, callback, user_data);
}

void
oc_source_transfer_async (OcSource            *self,
                          const char          *conversation_id,
                          const char          *agent_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  OC_SOURCE_GET_IFACE (self)->transfer_async (self, conversation_id, agent_id,
                                              cancellable, callback, user_data);
}

void
oc_source_force_close_async (OcSource            *self,
                             const char          *conversation_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  OC_SOURCE_GET_IFACE (self)->force_close_async (self, conversation_id,
                                                 cancellable, callback, user_data);
}

void
oc_source_join_async (OcSource            *self,
                      const char          *conversation_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  OC_SOURCE_GET_IFACE (self)->join_async (self, conversation_id, cancellable, callback, user_data);
}

void
oc_source_leave_async (OcSource            *self,
                       const char          *conversation_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  OC_SOURCE_GET_IFACE (self)->leave_async (self, conversation_id, cancellable, callback, user_data);
}

void
oc_source_send_message_async (OcSource            *self,
                              const char          *conversation_id,
                              const char          *text,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (text != NULL);

  OC_SOURCE_GET_IFACE (self)->send_message_async (self, conversation_id, text,
                                                  cancellable, callback, user_data);
}

/**
 * oc_source_action_finish:
 *
 * Returns: %TRUE when the backend accepted the action; otherwise @error is an
 *   OC_SOURCE_ERROR whose message a person can read
 */
gboolean
oc_source_action_finish (OcSource      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return OC_SOURCE_GET_IFACE (self)->action_finish (self, result, error);
}

/**
 * oc_source_open_transcript:
 * @conversation_id: the conversation to show
 *
 * Returns: (transfer full): the conversation's messages as the backend has
 *   them; it follows live ones only with %OC_SOURCE_CAN_MONITOR_LIVE
 */
OcTranscript *
oc_source_open_transcript (OcSource   *self,
                           const char *conversation_id)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);

  return OC_SOURCE_GET_IFACE (self)->open_transcript (self, conversation_id);
}

/**
 * oc_source_get_backend_name:
 *
 * Returns: (nullable): what kind of backend this is, translated, to name it
 *   to the user ("Dynamics 365"), or %NULL for a reference protocol server
 */
const char *
oc_source_get_backend_name (OcSource *self)
{
  OcSourceInterface *iface;

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  iface = OC_SOURCE_GET_IFACE (self);
  return iface->get_backend_name != NULL ? iface->get_backend_name (self) : NULL;
}
