// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-client"

#include "config.h"

#include "oc-client-private.h"

/* OcClient behind OcSource: each vfunc is the public function of the same
 * name. The reference protocol can do everything, live. */

static void
client_start (OcSource *source)
{
  oc_client_start (OC_CLIENT (source));
}

static void
client_stop (OcSource *source)
{
  oc_client_stop (OC_CLIENT (source));
}

static OcSourceState
client_get_state (OcSource *source)
{
  return oc_client_get_state (OC_CLIENT (source));
}

static const char *
client_get_status_message (OcSource *source)
{
  return oc_client_get_status_message (OC_CLIENT (source));
}

static gint64
client_get_last_event_time (OcSource *source)
{
  return oc_client_get_last_event_time (OC_CLIENT (source));
}

static OcRole
client_get_role (OcSource *source)
{
  return oc_client_get_role (OC_CLIENT (source));
}

static const char *
client_get_user (OcSource *source)
{
  return oc_client_get_user (OC_CLIENT (source));
}

static const char *
client_get_server_url (OcSource *source)
{
  return oc_client_get_server_url (OC_CLIENT (source));
}

static OcConversationStore *
client_get_store (OcSource *source)
{
  return oc_client_get_store (OC_CLIENT (source));
}

static OcSourceCapabilities
client_get_capabilities (OcSource *source)
{
  return OC_SOURCE_CAN_ALL;
}

static void
client_assign_async (OcSource            *source,
                     const char          *conversation_id,
                     const char          *agent_id,
                     const char          *queue_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  oc_client_assign_async (OC_CLIENT (source), conversation_id, agent_id, queue_id,
                          cancellable, callback, user_data);
}

static void
client_transfer_async (OcSource            *source,
                       const char          *conversation_id,
                       const char          *agent_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  oc_client_transfer_async (OC_CLIENT (source), conversation_id, agent_id,
                            cancellable, callback, user_data);
}

static void
client_force_close_async (OcSource            *source,
                          const char          *conversation_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  oc_client_force_close_async (OC_CLIENT (source), conversation_id,
                               cancellable, callback, user_data);
}

static void
client_join_async (OcSource            *source,
                   const char          *conversation_id,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  oc_client_join_async (OC_CLIENT (source), conversation_id, cancellable, callback, user_data);
}

static void
client_leave_async (OcSource            *source,
                    const char          *conversation_id,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  oc_client_leave_async (OC_CLIENT (source), conversation_id, cancellable, callback, user_data);
}

static void
client_send_message_async (OcSource            *source,
                           const char          *conversation_id,
                           const char          *text,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  oc_client_send_message_async (OC_CLIENT (source), conversation_id, text,
                                cancellable, callback, user_data);
}

static gboolean
client_action_finish (OcSource      *source,
                      GAsyncResult  *result,
                      GError       **error)
{
  return oc_client_action_finish (OC_CLIENT (source), result, error);
}

static OcTranscript *
client_open_transcript (OcSource   *source,
                        const char *conversation_id)
{
  return oc_client_open_transcript (OC_CLIENT (source), conversation_id);
}

void
_oc_client_source_iface_init (OcSourceInterface *iface)
{
  iface->start = client_start;
  iface->stop = client_stop;
  iface->get_state = client_get_state;
  iface->get_status_message = client_get_status_message;
  iface->get_last_event_time = client_get_last_event_time;
  iface->get_role = client_get_role;
  iface->get_user = client_get_user;
  iface->get_server_url = client_get_server_url;
  iface->get_store = client_get_store;
  iface->get_capabilities = client_get_capabilities;
  iface->get_workspace_url = NULL;
  iface->assign_async = client_assign_async;
  iface->transfer_async = client_transfer_async;
  iface->force_close_async = client_force_close_async;
  iface->join_async = client_join_async;
  iface->leave_async = client_leave_async;
  iface->send_message_async = client_send_message_async;
  iface->action_finish = client_action_finish;
  iface->open_transcript = client_open_transcript;
}
