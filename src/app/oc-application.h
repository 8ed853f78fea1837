// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_APPLICATION (oc_application_get_type ())
G_DECLARE_FINAL_TYPE (OcApplication, oc_application, OC, APPLICATION, GtkApplication)

OcApplication *oc_application_new        (void);
/* Starts the embedded reference server on 127.0.0.1 (once) and returns its URL
 * and a supervisor token for it. */
gboolean       oc_application_start_demo (OcApplication  *self,
                                          char          **url,
                                          char          **token,
                                          GError        **error);

/* Whether @url is the embedded --demo server's. */
gboolean       oc_application_is_demo_url (OcApplication *self,
                                           const char    *url);

G_END_DECLS
