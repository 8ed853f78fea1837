// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-enums.h"

G_BEGIN_DECLS

#define OC_TYPE_SERVER (oc_server_get_type ())
G_DECLARE_FINAL_TYPE (OcServer, oc_server, OC, SERVER, GObject)

typedef struct {
  guint64      seed;           /* simulator seed (deterministic) */
  double       speed;          /* simulated seconds per real second; 0 = paused */
  guint        conversations;  /* live conversations to fill the floor with at start */
  guint        agents;         /* 0 = default (a few dozen) */
  const char  *state_file;     /* SQLite file, or NULL for memory only */
  const char  *users_file;     /* or NULL: tokens added with oc_server_add_user() */
  const char  *tls_cert_file;  /* both or neither */
  const char  *tls_key_file;
  gboolean     hostile_text;   /* markup-looking names and lines, for testing clients */
  guint        audit_keep_days; /* older audit entries move to an archive at start; 0 = keep all */
} OcServerOptions;

OcServer   *oc_server_new            (const OcServerOptions  *options,
                                      GError                **error);
gboolean    oc_server_listen         (OcServer               *self,
                                      const char             *address,
                                      guint                   port,
                                      GError                **error);
guint       oc_server_get_port       (OcServer               *self);
char       *oc_server_get_url        (OcServer               *self);
char       *oc_server_add_user       (OcServer               *self,
                                      const char             *name,
                                      OcRole                  role);
void        oc_server_set_speed      (OcServer               *self,
                                      double                  speed);
void        oc_server_step           (OcServer               *self,
                                      double                  seconds);
void        oc_server_shutdown       (OcServer               *self);

G_END_DECLS
