// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-enums.h"

G_BEGIN_DECLS

#define OC_TYPE_SERVER (oc_server_get_type ())
G_DECLARE_FINAL_TYPE (OcServer, oc_server, OC, SERVER, GObject)

/*
 * The reference contact-center server of docs/protocol.md, with its simulator,
 * on libsoup's SoupServer. Runs in the caller's main context: the app's --demo
 * and the tests embed it; oc-server is a thin program around it.
 */
typedef struct {
  guint64      seed;           /* simulator seed (deterministic) */
  double       speed;          /* simulated seconds per real second; 0 = paused */
  guint        conversations;  /* live conversations to fill the floor with at start */
  guint        agents;         /* 0 = default (a few dozen) */
  const char  *state_file;     /* SQLite file, or NULL for memory only */
  const char  *users_file;     /* or NULL: tokens added with oc_server_add_user() */
  const char  *tls_cert_file;  /* both or neither */
  const char  *tls_key_file;
} OcServerOptions;

OcServer   *oc_server_new            (const OcServerOptions  *options,
                                      GError                **error);
/* Listens on @address (NULL: 127.0.0.1) and @port (0: a random free one). */
gboolean    oc_server_listen         (OcServer               *self,
                                      const char             *address,
                                      guint                   port,
                                      GError                **error);
guint       oc_server_get_port       (OcServer               *self);
/* "http://127.0.0.1:PORT" (https with TLS). */
char       *oc_server_get_url        (OcServer               *self);
/* Adds a user with a fresh random token and returns the token. */
char       *oc_server_add_user       (OcServer               *self,
                                      const char             *name,
                                      OcRole                  role);
/* Simulator control for tests: run, pause, or advance by @seconds now. */
void        oc_server_set_speed      (OcServer               *self,
                                      double                  speed);
void        oc_server_step           (OcServer               *self,
                                      double                  seconds);
void        oc_server_shutdown       (OcServer               *self);

G_END_DECLS
