// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Access tokens from a file (--token-file). The keyring and OC_TOKEN are the
 * app's business; this only reads, checks and trims. */

#define OC_TOKEN_MAX_BYTES 4096

char     *oc_token_load_from_file (const char  *path,
                                   GError     **error);
char     *oc_token_load_from_fd   (int          fd,
                                   GError     **error);
gboolean  oc_token_is_valid       (const char  *token);

G_END_DECLS
