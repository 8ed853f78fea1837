// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"

G_BEGIN_DECLS

/**
 * oc_open_uri_async:
 * @widget: the widget asking; its display launches the browser
 * @uri: the address to open
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once, when the browser started or failed to
 * @user_data: data for @callback
 *
 * Opens @uri in the user's web browser (through the OpenURI portal inside a
 * Flatpak), for the Dynamics 365 workspace.
 */
void     oc_open_uri_async  (GtkWidget           *widget,
                             const char          *uri,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
/**
 * oc_open_uri_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: the launcher's error, such as when no browser is installed
 *
 * Returns: %TRUE once a browser opened the address.
 */
gboolean oc_open_uri_finish (GAsyncResult        *result,
                             GError             **error);

/**
 * oc_open_workspace_async:
 * @widget: the widget asking; its display launches the browser
 * @source: the source whose web workspace (Dynamics 365) to open
 * @conversation_id: the conversation whose page to open
 * @cancellable: (nullable): a #GCancellable
 * @callback: called exactly once
 * @user_data: data for @callback
 *
 * Opens @conversation_id's page in @source's web workspace.
 */
void     oc_open_workspace_async  (GtkWidget           *widget,
                                   OcSource            *source,
                                   const char          *conversation_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
/**
 * oc_open_workspace_finish:
 * @result: the #GAsyncResult given to the callback
 * @out_uri: (out) (optional) (transfer full) (nullable): the address it
 *   tried, to show so it can be opened by hand; %NULL when there is none
 * @error: %G_IO_ERROR_NOT_FOUND when the source has no workspace, else the
 *   launcher's error (%G_IO_ERROR_CANCELLED when cancelled)
 *
 * Returns: %TRUE once a browser opened the page.
 */
gboolean oc_open_workspace_finish (GAsyncResult        *result,
                                   char               **out_uri,
                                   GError             **error);

/**
 * oc_open_workspace_problem:
 * @result: the #GAsyncResult of oc_open_workspace_async()
 *
 * Finishes oc_open_workspace_async() for a caller that only reports
 * failure; call it instead of oc_open_workspace_finish().
 *
 * Returns: (transfer full) (nullable): a sentence to show, or %NULL once
 *   opened, when cancelled or when the source has no workspace.
 */
char    *oc_open_workspace_problem (GAsyncResult      *result);

/* Tests: @handler gets each URI instead of a browser; it returns whether it
 * "opened" it. NULL restores the browser. */
typedef gboolean (*OcOpenUriHandler) (const char *uri);
void     oc_open_uri_set_test_handler (OcOpenUriHandler handler);

G_END_DECLS
