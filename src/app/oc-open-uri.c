// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-open-uri"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-open-uri.h"

static OcOpenUriHandler test_handler;

/**
 * oc_open_uri_set_test_handler:
 * @handler: (nullable): gets each URI instead of a browser and returns whether
 *   it "opened" it; %NULL restores the browser
 *
 * For tests.
 */
void
oc_open_uri_set_test_handler (OcOpenUriHandler handler)
{
  test_handler = handler;
}

static void
launch_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Opens @uri for @task, which it returns; both public calls go through it. */
static void
launch_for_task (GTask      *task,
                 GtkWidget  *widget,
                 const char *uri)
{
  g_autoptr(GdkAppLaunchContext) context = NULL;

  if (test_handler != NULL)
    {
      if (test_handler (uri))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("No web browser is set up."));
      g_object_unref (task);
      return;
    }

  /* Not gtk_show_uri(): deprecated in GTK 4.10, and GtkUriLauncher is not
   * in 4.8. GIO goes through the portal itself when sandboxed. */
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context),
                                           g_task_get_cancellable (task), launch_cb, task);
}

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
void
oc_open_uri_async (GtkWidget           *widget,
                   const char          *uri,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (uri != NULL);

  task = g_task_new (widget, cancellable, callback, user_data);
  g_task_set_source_tag (task, oc_open_uri_async);
  launch_for_task (g_steal_pointer (&task), widget, uri);
}

/**
 * oc_open_uri_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: the launcher's error, such as when no browser is installed
 *
 * Returns: %TRUE once a browser opened the address.
 */
gboolean
oc_open_uri_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

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
void
oc_open_workspace_async (GtkWidget           *widget,
                         OcSource            *source,
                         const char          *conversation_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *uri;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (OC_IS_SOURCE (source));

  task = g_task_new (widget, cancellable, callback, user_data);
  g_task_set_source_tag (task, oc_open_workspace_async);

  uri = oc_source_get_workspace_url (source, conversation_id);
  if (uri == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("This backend has no web workspace."));
      return;
    }

  /* Kept for the finish: a caller shows it when no browser starts. */
  g_task_set_task_data (task, uri, g_free);
  launch_for_task (g_steal_pointer (&task), widget, uri);
}

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
gboolean
oc_open_workspace_finish (GAsyncResult  *result,
                          char         **out_uri,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == oc_open_workspace_async, FALSE);

  if (out_uri != NULL)
    *out_uri = g_strdup (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_boolean (G_TASK (result), error);
}

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
char *
oc_open_workspace_problem (GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;

  if (oc_open_workspace_finish (result, NULL, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return NULL;

  /* Translators: %s says why no web browser could be started. */
  return g_strdup_printf (_("The workspace could not be opened: %s"), error->message);
}
