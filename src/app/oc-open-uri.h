// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"

G_BEGIN_DECLS

/* Opens @uri in the user's web browser (through the OpenURI portal inside a
 * Flatpak), for the Dynamics 365 workspace. Fails with the launcher's error,
 * such as when no browser is installed. */
void     oc_open_uri_async  (GtkWidget           *widget,
                             const char          *uri,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
gboolean oc_open_uri_finish (GAsyncResult        *result,
                             GError             **error);

/* Opens @conversation_id's page in @source's web workspace (Dynamics 365).
 * Does nothing and returns FALSE when the source has none. The finish
 * returns NULL once opened (or cancelled), else a sentence to show. */
gboolean oc_open_workspace_async  (GtkWidget           *widget,
                                   OcSource            *source,
                                   const char          *conversation_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
char    *oc_open_workspace_finish (GAsyncResult        *result);

/* Tests: @handler gets each URI instead of a browser; it returns whether it
 * "opened" it. NULL restores the browser. */
typedef gboolean (*OcOpenUriHandler) (const char *uri);
void     oc_open_uri_set_test_handler (OcOpenUriHandler handler);

G_END_DECLS
