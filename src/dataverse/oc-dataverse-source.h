// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-conversation-store.h"
#include "oc-entra-sign-in.h"
#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_DATAVERSE_SOURCE (oc_dataverse_source_get_type ())
G_DECLARE_FINAL_TYPE (OcDataverseSource, oc_dataverse_source, OC, DATAVERSE_SOURCE, OcSource)

#define OC_DATAVERSE_DEFAULT_POLL_MS       5000
#define OC_DATAVERSE_DEFAULT_RESYNC_MS     (3 * 60 * 1000)
#define OC_DATAVERSE_DEFAULT_PAGE_SIZE     500
#define OC_DATAVERSE_DEFAULT_WINDOW_HOURS  72
#define OC_DATAVERSE_DEFAULT_WORKSPACE_APP "msdyn_CustomerServiceWorkspace"

OcDataverseSource *oc_dataverse_source_new            (const char          *org_url,
                                                       const char          *token,
                                                       OcConversationStore *store);
void               oc_dataverse_source_set_token      (OcDataverseSource   *self,
                                                       const char          *token);
void               oc_dataverse_source_set_sign_in    (OcDataverseSource   *self,
                                                       OcEntraSignIn       *sign_in);
void               oc_dataverse_source_set_actions_enabled (OcDataverseSource *self,
                                                       gboolean             enabled);
gboolean           oc_dataverse_source_get_actions_enabled (OcDataverseSource *self);
void               oc_dataverse_source_set_poll_interval_ms (OcDataverseSource *self,
                                                       guint                interval_ms);
guint              oc_dataverse_source_get_poll_interval_ms (OcDataverseSource *self);
gboolean           oc_dataverse_check_org_url         (const char          *org_url,
                                                       GError             **error);

G_END_DECLS
