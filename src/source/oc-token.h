// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Access tokens from a file (--token-file). The keyring and OC_TOKEN are the
 * app's business; this only reads, checks and trims. */

#define OC_TOKEN_MAX_BYTES 4096

/* Reads the token in @path: the file must be a regular file that other users
 * cannot read (mode 0600 or stricter); surrounding whitespace is trimmed and
 * the rest must be printable ASCII without spaces. */
char     *oc_token_load_from_file (const char  *path,
                                   GError     **error);
/* TRUE when @token can travel in an Authorization header as it is. */
gboolean  oc_token_is_valid       (const char  *token);

G_END_DECLS
