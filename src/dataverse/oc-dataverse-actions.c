// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-dataverse"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-dataverse-private.h"

/*
 * Supervisor actions on Dynamics 365. The CCaaS_* messages on
 * msdyn_ocliveworkitem are listed in Microsoft's table reference, but their
 * parameters are not published: the shapes below are our reading of them,
 * all in this one table so that checking them against a real org's $metadata
 * (see docs/dynamics.md) means changing only here. They are sent only when
 * the dataverse-actions-enabled setting is on; otherwise, and whenever the org
 * refuses, the error offers the conversation's page in the workspace.
 */

typedef struct {
  const char *verb;          /* ours */
  const char *message;       /* the Dataverse message, bound to msdyn_ocliveworkitem */
  const char *agent_param;   /* body member carrying the agent's systemuserid */
  const char *queue_param;   /* body member carrying the queueid */
} ActionShape;

static const ActionShape action_shapes[] = {
  { "assign-agent", "CCaaS_AssignConversation",                "AgentId", NULL },
  { "assign-queue", "CCaaS_InitiateQueueAssignment",           NULL,      "QueueId" },
  { "transfer",     "CCaaS_InitiateAgentTransferBySupervisor", "AgentId", NULL },
  { "force-close",  "CCaaS_ForceCloseConversation",            NULL,      NULL },
};

#define MAX_ACTION_ANSWER (1024 * 1024)

static const ActionShape *
find_shape (const char *verb)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_shapes); i++)
    if (g_strcmp0 (action_shapes[i].verb, verb) == 0)
      return &action_shapes[i];
  return NULL;
}

static const char *
missing_parameter (GHashTable        *parameters,
                   const ActionShape *shape)
{
  if (shape->agent_param != NULL && !g_hash_table_contains (parameters, shape->agent_param))
    return shape->agent_param;
  if (shape->queue_param != NULL && !g_hash_table_contains (parameters, shape->queue_param))
    return shape->queue_param;
  return NULL;
}

/**
 * _oc_dataverse_actions_check:
 * @metadata: what _oc_dataverse_metadata_parse() read from the org
 * @capability: %OC_SOURCE_CAN_ASSIGN, %OC_SOURCE_CAN_TRANSFER or
 *   %OC_SOURCE_CAN_FORCE_CLOSE
 *
 * Returns: (transfer full) (nullable): %NULL when every message this
 *   capability sends exists in @metadata, bound to msdyn_ocliveworkitem and
 *   with the parameters we send; otherwise why not, for a person
 */
char *
_oc_dataverse_actions_check (GHashTable           *metadata,
                             OcSourceCapabilities  capability)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_shapes); i++)
    {
      const ActionShape *shape = &action_shapes[i];
      GHashTable *parameters;
      gboolean bound = FALSE;
      GHashTableIter iter;
      gpointer key, value;
      const char *missing;

      if ((capability == OC_SOURCE_CAN_ASSIGN && !g_str_has_prefix (shape->verb, "assign-")) ||
          (capability == OC_SOURCE_CAN_TRANSFER && !g_str_equal (shape->verb, "transfer")) ||
          (capability == OC_SOURCE_CAN_FORCE_CLOSE && !g_str_equal (shape->verb, "force-close")))
        continue;

      parameters = g_hash_table_lookup (metadata, shape->message);
      if (parameters == NULL)
        /* Translators: %s is a Dataverse message name such as CCaaS_AssignConversation. */
        return g_strdup_printf (_("This organisation has no %s action, which this console sends; "
                                  "use the Customer Service workspace."), shape->message);

      g_hash_table_iter_init (&iter, parameters);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_has_suffix (value, ".msdyn_ocliveworkitem"))
          bound = TRUE;
      if (!g_hash_table_contains (parameters, "@IsBound") || !bound)
        return g_strdup_printf (_("The %s action of this organisation is not bound to conversations "
                                  "as this console expects; use the Customer Service workspace."),
                                shape->message);

      missing = missing_parameter (parameters, shape);
      if (missing != NULL)
        /* Translators: an action's parameter, then the action. */
        return g_strdup_printf (_("This organisation’s %2$s action takes no %1$s parameter, which this "
                                  "console sends; use the Customer Service workspace."),
                                missing, shape->message);
    }
  return NULL;
}

/**
 * _oc_dataverse_workspace_url:
 * @org_url: the organisation, such as https://contoso.crm.dynamics.com
 * @app: the model-driven app's unique name, or %NULL for the org's default
 * @conversation_id: an activityid
 *
 * Returns: (nullable): the conversation's form in the app, or %NULL when
 *   @org_url or @conversation_id cannot make one
 */
char *
_oc_dataverse_workspace_url (const char *org_url,
                             const char *app,
                             const char *conversation_id)
{
  g_autofree char *api = _oc_dataverse_api_url (org_url, "", NULL);
  g_autofree char *app_query = NULL;
  char *api_path;

  if (api == NULL || !oc_protocol_is_valid_id (conversation_id))
    return NULL;

  /* The org's base is what precedes the API path. */
  api_path = strstr (api, OC_DATAVERSE_API_PATH);
  g_assert (api_path != NULL);
  *api_path = '\0';

  if (app != NULL && *app != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (app, NULL, FALSE);
      app_query = g_strdup_printf ("appname=%s&", escaped);
    }

  return g_strdup_printf ("%s/main.aspx?%spagetype=entityrecord&etn=msdyn_ocliveworkitem&id=%s",
                          api, app_query ? app_query : "", conversation_id);
}

static GError *
offer_workspace (OcDataverseSource *self,
                 const char        *conversation_id,
                 OcSourceError      code,
                 const char        *why)
{
  g_autofree char *url = _oc_dataverse_workspace_url (oc_source_get_server_url (OC_SOURCE (self)),
                                                      self->workspace_app,
                                                      conversation_id);

  if (url == NULL)
    return g_error_new_literal (OC_SOURCE_ERROR, code, why);

  /* Translators: a reason, then the address of the conversation in Dynamics 365. */
  return g_error_new (OC_SOURCE_ERROR, code,
                      _("%s Open the conversation in the Customer Service workspace instead: %s"),
                      why, url);
}

typedef struct {
  char *conversation_id;
  SoupMessage *msg;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_pointer (&data->conversation_id, g_free);
  g_clear_object (&data->msg);
  g_free (data);
}

static void
action_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OcDataverseSource *self = g_task_get_source_object (task);
  ActionData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *why = NULL;
  OcSourceError code;

  answer = oc_http_fetch_finish (SOUP_SESSION (object), result, &error);
  if (answer != NULL)
    {
      g_debug ("Action on %s accepted (HTTP %u)", data->conversation_id,
               soup_message_get_status (data->msg));
      /* The store hears of the change at the next poll, like any other. */
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (error->domain != OC_SOURCE_ERROR)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_message ("Dynamics 365 refused the action on %s (HTTP %u)", data->conversation_id,
             soup_message_get_status (data->msg));

  switch (error->code)
    {
    case OC_SOURCE_ERROR_UNAUTHORIZED:
    case OC_SOURCE_ERROR_RATE_LIMITED:
    case OC_SOURCE_ERROR_UNAVAILABLE:
    case OC_SOURCE_ERROR_STATE_CHANGED:
    case OC_SOURCE_ERROR_TLS:
      code = error->code;
      break;
    default:
      /* A refusal, a missing privilege or a message this org does not have:
       * the workspace can still do it. */
      code = OC_SOURCE_ERROR_RULE_BROKEN;
      break;
    }

  if (self->has_api_access_role && code == OC_SOURCE_ERROR_RULE_BROKEN)
    /* Microsoft's own advice for a supervisor whose assignments fail. */
    why = g_strdup_printf (_("Dynamics 365 refused: %s%s Your user holds the Omnichannel API access role, "
                             "with which Microsoft says supervisors cannot assign conversations; "
                             "ask an administrator to remove it."),
                           error->message, g_str_has_suffix (error->message, ".") ? "" : ".");
  else
    /* Translators: the organisation's own reason follows. */
    why = g_strdup_printf (_("Dynamics 365 refused: %s"), error->message);
  g_task_return_error (task, offer_workspace (self, data->conversation_id, code, why));
}

static void
oc_dataverse_action_async (OcDataverseSource   *self,
                           const char          *verb,
                           const char          *conversation_id,
                           const char          *agent_id,
                           const char          *queue_id,
                           const char          *text,
                           gpointer             source_tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const ActionShape *shape;
  ActionData *data;
  gsize length = 0;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (!oc_protocol_is_valid_id (conversation_id))
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                               _("The conversation id is not valid."));
      return;
    }

  shape = find_shape (verb);
  if (shape == NULL)
    {
      /* Join, leave and messages: Dataverse has no door for live chat. */
      g_task_return_error (task, offer_workspace (self, conversation_id, OC_SOURCE_ERROR_RULE_BROKEN,
                                                  _("Dynamics 365 lets supervisors join and write in a conversation only from its own workspace.")));
      return;
    }

  if (!oc_dataverse_source_get_actions_enabled (self))
    {
      g_task_return_error (task, offer_workspace (self, conversation_id, OC_SOURCE_ERROR_RULE_BROKEN,
                                                  _("Acting on Dynamics 365 conversations from this console is turned off (setting dataverse-actions-enabled).")));
      return;
    }

  if (self->action_metadata != NULL)
    {
      OcSourceCapabilities capability = g_str_equal (verb, "transfer") ? OC_SOURCE_CAN_TRANSFER
                                        : g_str_equal (verb, "force-close") ? OC_SOURCE_CAN_FORCE_CLOSE
                                        : OC_SOURCE_CAN_ASSIGN;
      g_autofree char *why = _oc_dataverse_actions_check (self->action_metadata, capability);

      if (why != NULL)
        {
          g_task_return_error (task, offer_workspace (self, conversation_id, OC_SOURCE_ERROR_RULE_BROKEN, why));
          return;
        }
    }

  if ((shape->agent_param != NULL && !oc_protocol_is_valid_id (agent_id)) ||
      (shape->queue_param != NULL && !oc_protocol_is_valid_id (queue_id)))
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                               _("The agent or queue id is not valid."));
      return;
    }

  if (self->authorization == NULL)
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED,
                               _("The access token is empty or contains characters a token cannot have."));
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  if (shape->agent_param != NULL)
    {
      json_builder_set_member_name (builder, shape->agent_param);
      json_builder_add_string_value (builder, agent_id);
    }
  if (shape->queue_param != NULL)
    {
      json_builder_set_member_name (builder, shape->queue_param);
      json_builder_add_string_value (builder, queue_id);
    }
  json_builder_end_object (builder);
  body = oc_protocol_builder_to_string (builder, &length);

  path = g_strdup_printf ("msdyn_ocliveworkitems(%s)/Microsoft.Dynamics.CRM.%s",
                          conversation_id, shape->message);
  url = _oc_dataverse_api_url (oc_source_get_server_url (OC_SOURCE (self)), path, NULL);

  data = g_new0 (ActionData, 1);
  data->conversation_id = g_strdup (conversation_id);
  data->msg = _oc_dataverse_new_message (SOUP_METHOD_POST, url, self->authorization, 0);
  g_task_set_task_data (task, data, (GDestroyNotify) action_data_free);
  if (data->msg == NULL)
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                               _("The organisation address is not a valid https:// address."));
      return;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&body), length);
  soup_message_set_request_body_from_bytes (data->msg, "application/json", bytes);
  g_debug ("POST %s on %s", shape->message, conversation_id);
  oc_http_fetch_async (self->session, data->msg, MAX_ACTION_ANSWER,
                       cancellable, action_done_cb, g_steal_pointer (&task));
}

static void
dataverse_assign_async (OcSource            *source,
                        const char          *conversation_id,
                        const char          *agent_id,
                        const char          *queue_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source),
                             agent_id != NULL ? "assign-agent" : "assign-queue",
                             conversation_id, agent_id, queue_id, NULL,
                             dataverse_assign_async, cancellable, callback, user_data);
}

static void
dataverse_transfer_async (OcSource            *source,
                          const char          *conversation_id,
                          const char          *agent_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source), "transfer", conversation_id,
                             agent_id, NULL, NULL, dataverse_transfer_async,
                             cancellable, callback, user_data);
}

static void
dataverse_force_close_async (OcSource            *source,
                             const char          *conversation_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source), "force-close", conversation_id,
                             NULL, NULL, NULL, dataverse_force_close_async,
                             cancellable, callback, user_data);
}

static void
dataverse_join_async (OcSource            *source,
                      const char          *conversation_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source), "join", conversation_id,
                             NULL, NULL, NULL, dataverse_join_async,
                             cancellable, callback, user_data);
}

static void
dataverse_leave_async (OcSource            *source,
                       const char          *conversation_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source), "leave", conversation_id,
                             NULL, NULL, NULL, dataverse_leave_async,
                             cancellable, callback, user_data);
}

static void
dataverse_send_message_async (OcSource            *source,
                              const char          *conversation_id,
                              const char          *text,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  oc_dataverse_action_async (OC_DATAVERSE_SOURCE (source), "message", conversation_id,
                             NULL, NULL, text, dataverse_send_message_async,
                             cancellable, callback, user_data);
}

void
_oc_dataverse_class_actions_init (OcSourceClass *source_class)
{
  source_class->assign_async = dataverse_assign_async;
  source_class->transfer_async = dataverse_transfer_async;
  source_class->force_close_async = dataverse_force_close_async;
  source_class->join_async = dataverse_join_async;
  source_class->leave_async = dataverse_leave_async;
  source_class->send_message_async = dataverse_send_message_async;
}
