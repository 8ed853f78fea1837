// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-entra-sign-in.h"

G_BEGIN_DECLS

#define OC_TYPE_START_PAGE (oc_start_page_get_type ())
G_DECLARE_FINAL_TYPE (OcStartPage, oc_start_page, OC, START_PAGE, GtkWidget)

/*
 * Asks for a server address and an access token. Signals:
 *  - "connect" (const char *url, const char *token): both checked for shape;
 *  - "demo": the user wants the built-in demo server;
 *  - "signed-in" (const char *url, OcEntraSignIn *sign_in): Sign In with
 *    Microsoft for the Dynamics 365 organisation @url worked; @sign_in holds
 *    the access and refresh tokens.
 */
OcStartPage *oc_start_page_new       (void);
void         oc_start_page_set_url   (OcStartPage *self,
                                      const char  *url);
const char  *oc_start_page_get_url   (OcStartPage *self);
void         oc_start_page_set_token (OcStartPage *self,
                                      const char  *token);
void         oc_start_page_set_error (OcStartPage *self,
                                      const char  *message);
const char  *oc_start_page_get_error (OcStartPage *self);
void         oc_start_page_set_error_detail (OcStartPage *self,
                                             const char  *detail);
const char  *oc_start_page_get_error_detail (OcStartPage *self);
void         oc_start_page_set_busy  (OcStartPage *self,
                                      gboolean     busy);
const char  *oc_start_page_get_hint  (OcStartPage *self);
gboolean     oc_start_page_submit    (OcStartPage *self);
gboolean     oc_start_page_load_token_file (OcStartPage *self,
                                            GFile       *file);
void         oc_start_page_set_dataverse_url (OcStartPage *self,
                                              const char  *url);
OcEntraSignIn *oc_start_page_get_sign_in   (OcStartPage *self);

G_END_DECLS
