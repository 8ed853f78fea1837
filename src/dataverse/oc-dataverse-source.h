// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-conversation-store.h"
#include "oc-source.h"

G_BEGIN_DECLS

/*
 * OcSource over a Dynamics 365 organisation: reads the Omnichannel tables
 * through the Dataverse Web API v9.2 (OData), polls for changes every
 * "poll-interval-ms" and reloads everything every "resync-interval-ms" to
 * catch what polling cannot see. Actions call the org's CCaaS_* messages
 * only when "actions-enabled"; otherwise, or when the org refuses, they fail
 * with a message naming the conversation's page in the Customer Service
 * workspace (oc_source_get_workspace_url()). There are no live transcripts:
 * a transcript holds what the org has saved and then ends.
 *
 * Properties besides OcSource's ("server-url" is the organisation):
 * "poll-interval-ms", "resync-interval-ms", "page-size", "actions-enabled",
 * "workspace-app".
 */

#define OC_TYPE_DATAVERSE_SOURCE (oc_dataverse_source_get_type ())
G_DECLARE_FINAL_TYPE (OcDataverseSource, oc_dataverse_source, OC, DATAVERSE_SOURCE, OcSource)

#define OC_DATAVERSE_DEFAULT_POLL_MS       5000
#define OC_DATAVERSE_DEFAULT_RESYNC_MS     (3 * 60 * 1000)
#define OC_DATAVERSE_DEFAULT_PAGE_SIZE     500
#define OC_DATAVERSE_DEFAULT_WORKSPACE_APP "msdyn_CustomerServiceWorkspace"

OcDataverseSource *oc_dataverse_source_new            (const char          *org_url,
                                                       const char          *token,
                                                       OcConversationStore *store);
/* Replaces the token, such as after "state" became auth-failed; the token is
 * never logged. Call oc_source_start() again to reconnect. */
void               oc_dataverse_source_set_token      (OcDataverseSource   *self,
                                                       const char          *token);
void               oc_dataverse_source_set_actions_enabled (OcDataverseSource *self,
                                                       gboolean             enabled);
gboolean           oc_dataverse_source_get_actions_enabled (OcDataverseSource *self);
void               oc_dataverse_source_set_poll_interval_ms (OcDataverseSource *self,
                                                       guint                interval_ms);
guint              oc_dataverse_source_get_poll_interval_ms (OcDataverseSource *self);
/* Checks an organisation address: https://, or http:// to a loopback host
 * only (a bearer token never crosses a network in clear text). */
gboolean           oc_dataverse_check_org_url         (const char          *org_url,
                                                       GError             **error);

G_END_DECLS
