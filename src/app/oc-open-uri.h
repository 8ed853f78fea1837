// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"

G_BEGIN_DECLS

void     oc_open_uri_async  (GtkWidget           *widget,
                             const char          *uri,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
gboolean oc_open_uri_finish (GAsyncResult        *result,
                             GError             **error);

void     oc_open_workspace_async  (GtkWidget           *widget,
                                   OcSource            *source,
                                   const char          *conversation_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean oc_open_workspace_finish (GAsyncResult        *result,
                                   char               **out_uri,
                                   GError             **error);

char    *oc_open_workspace_problem (GAsyncResult      *result);

typedef gboolean (*OcOpenUriHandler) (const char *uri);
void     oc_open_uri_set_test_handler (OcOpenUriHandler handler);

G_END_DECLS
