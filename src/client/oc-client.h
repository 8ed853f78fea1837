// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_CLIENT (oc_client_get_type ())
G_DECLARE_FINAL_TYPE (OcClient, oc_client, OC, CLIENT, OcSource)

OcClient      *oc_client_new                  (const char           *server_url,
                                               const char           *token,
                                               OcConversationStore  *store);
gboolean       oc_client_set_ca_file          (OcClient             *self,
                                               const char           *path,
                                               GError              **error);

G_END_DECLS
