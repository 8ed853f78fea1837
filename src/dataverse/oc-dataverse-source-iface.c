// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-dataverse"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-dataverse-private.h"

/* OcDataverseSource as an OcSource. */

static void
source_start (OcSource *source)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (source);
  g_autoptr(GError) error = NULL;

  if (self->running)
    return;

  if (!oc_dataverse_check_org_url (self->org_url, &error))
    {
      _oc_dataverse_source_set_state (self, OC_SOURCE_STATE_OFFLINE, error->message);
      return;
    }
  if (self->authorization == NULL)
    {
      _oc_dataverse_source_set_state (self, OC_SOURCE_STATE_AUTH_FAILED,
                                      _("The access token is empty or contains characters a token cannot have."));
      return;
    }

  _oc_dataverse_sync_start (self);
}

static void
source_stop (OcSource *source)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (source);

  if (!self->running)
    return;

  _oc_dataverse_sync_stop (self);
  _oc_dataverse_source_set_state (self, OC_SOURCE_STATE_OFFLINE, _("Disconnected."));
}

static OcSourceState
source_get_state (OcSource *source)
{
  return OC_DATAVERSE_SOURCE (source)->status.state;
}

static const char *
source_get_status_message (OcSource *source)
{
  return OC_DATAVERSE_SOURCE (source)->status.status_message;
}

static gint64
source_get_last_event_time (OcSource *source)
{
  return OC_DATAVERSE_SOURCE (source)->status.last_event_time;
}

static OcRole
source_get_role (OcSource *source)
{
  return OC_DATAVERSE_SOURCE (source)->status.role;
}

static const char *
source_get_user (OcSource *source)
{
  return OC_DATAVERSE_SOURCE (source)->status.user;
}

static const char *
source_get_server_url (OcSource *source)
{
  return OC_DATAVERSE_SOURCE (source)->org_url;
}

static OcConversationStore *
source_get_store (OcSource *source)
{
  return OC_DATAVERSE_SOURCE (source)->store;
}

static OcSourceCapabilities
source_get_capabilities (OcSource *source)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (source);
  OcSourceCapabilities capabilities = OC_SOURCE_HAS_WORKSPACE;

  /* Monitoring live and joining have no Dataverse path at all; the others
   * only when the supervisor turned them on. */
  if (self->actions_enabled)
    capabilities |= OC_SOURCE_CAN_ASSIGN | OC_SOURCE_CAN_TRANSFER | OC_SOURCE_CAN_FORCE_CLOSE;
  return capabilities;
}

static char *
source_get_workspace_url (OcSource   *source,
                          const char *conversation_id)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (source);

  return _oc_dataverse_workspace_url (self->org_url, self->workspace_app, conversation_id);
}

static void
source_assign_async (OcSource            *source,
                     const char          *conversation_id,
                     const char          *agent_id,
                     const char          *queue_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  _oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source),
                              agent_id != NULL ? "assign-agent" : "assign-queue",
                              conversation_id, agent_id, queue_id, NULL,
                              source_assign_async, cancellable, callback, user_data);
}

static void
source_transfer_async (OcSource            *source,
                       const char          *conversation_id,
                       const char          *agent_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  _oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source), "transfer", conversation_id,
                              agent_id, NULL, NULL, source_transfer_async,
                              cancellable, callback, user_data);
}

static void
source_force_close_async (OcSource            *source,
                          const char          *conversation_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  _oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source), "force-close", conversation_id,
                              NULL, NULL, NULL, source_force_close_async,
                              cancellable, callback, user_data);
}

static void
source_join_async (OcSource            *source,
                   const char          *conversation_id,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  _oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source), "join", conversation_id,
                              NULL, NULL, NULL, source_join_async,
                              cancellable, callback, user_data);
}

static void
source_leave_async (OcSource            *source,
                    const char          *conversation_id,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  _oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source), "leave", conversation_id,
                              NULL, NULL, NULL, source_leave_async,
                              cancellable, callback, user_data);
}

static void
source_send_message_async (OcSource            *source,
                           const char          *conversation_id,
                           const char          *text,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  _oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source), "message", conversation_id,
                              NULL, NULL, text, source_send_message_async,
                              cancellable, callback, user_data);
}

static gboolean
source_action_finish (OcSource      *source,
                      GAsyncResult  *result,
                      GError       **error)
{
  return _oc_dataverse_action_finish (OC_DATAVERSE_SOURCE (source), result, error);
}

static const char *
source_get_backend_name (OcSource *source)
{
  return _("Dynamics 365");
}

static OcTranscript *
source_open_transcript (OcSource   *source,
                        const char *conversation_id)
{
  return _oc_dataverse_open_transcript (OC_DATAVERSE_SOURCE (source), conversation_id);
}

void
_oc_dataverse_source_iface_init (OcSourceInterface *iface)
{
  iface->start = source_start;
  iface->stop = source_stop;
  iface->get_state = source_get_state;
  iface->get_status_message = source_get_status_message;
  iface->get_last_event_time = source_get_last_event_time;
  iface->get_role = source_get_role;
  iface->get_user = source_get_user;
  iface->get_server_url = source_get_server_url;
  iface->get_store = source_get_store;
  iface->get_capabilities = source_get_capabilities;
  iface->get_workspace_url = source_get_workspace_url;
  iface->assign_async = source_assign_async;
  iface->transfer_async = source_transfer_async;
  iface->force_close_async = source_force_close_async;
  iface->join_async = source_join_async;
  iface->leave_async = source_leave_async;
  iface->send_message_async = source_send_message_async;
  iface->action_finish = source_action_finish;
  iface->open_transcript = source_open_transcript;
  iface->get_backend_name = source_get_backend_name;
}
