// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OC_SERVER_SCHEMA_ID APP_ID ".Server"

/*
 * What the report keeps per server (filters, search, sort, columns, named
 * views): a relocatable schema under /org/example/OngoingConversations/servers/,
 * one path per server identity, so a demo's filters never reach a real floor.
 */
char      *oc_server_settings_identity (const char *url,
                                        gboolean    demo);
GSettings *oc_server_settings_new      (const char *identity);
gboolean   oc_server_settings_migrate  (GSettings  *app_settings);

G_END_DECLS
