// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_APPLICATION (oc_application_get_type ())
G_DECLARE_FINAL_TYPE (OcApplication, oc_application, OC, APPLICATION, AdwApplication)

OcApplication *oc_application_new        (void);
gboolean       oc_application_start_demo (OcApplication  *self,
                                          char          **url,
                                          char          **token,
                                          GError        **error);

gboolean       oc_application_is_demo_url (OcApplication *self,
                                           const char    *url);

G_END_DECLS
