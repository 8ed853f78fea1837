#pragma once

#include <gtk/gtk.h>

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

/* Tests: @handler gets each URI instead of a browser; it returns whether it
 * "opened" it. NULL restores the browser. */
typedef gboolean (*OcOpenUriHandler) (const char *uri);
void     oc_open_uri_set_test_handler (OcOpenUriHandler handler);

G_END_DECLS
