// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-users"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "oc-users.h"

typedef struct {
  char   *name;
  OcRole  role;
  guint8  digest[32];
} OcUser;

/**
 * OcUsers:
 *
 * Who may talk to the server. Only SHA-256 digests of tokens are kept; a
 * token is checked against every user in constant time per user.
 *
 * Users file: one user a line, `name role sha256hex-of-token`; blank lines
 * and lines starting with '#' are ignored (docs/server.md).
 */
struct _OcUsers
{
  GObject    parent_instance;
  GPtrArray *users;  /* OcUser */
};

G_DEFINE_FINAL_TYPE (OcUsers, oc_users, G_TYPE_OBJECT)

static void
oc_user_free (OcUser *user)
{
  g_free (user->name);
  g_free (user);
}

static void
sha256 (const char *text,
        guint8      digest[32])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = 32;

  g_checksum_update (checksum, (const guchar *) text, strlen (text));
  g_checksum_get_digest (checksum, digest, &len);
}

/* Looks at every byte whatever the data, so timing says nothing about where
 * a guess went wrong. */
static gboolean
digest_equal (const guint8 *a,
              const guint8 *b)
{
  guint8 diff = 0;

  for (guint i = 0; i < 32; i++)
    diff |= a[i] ^ b[i];

  return diff == 0;
}

static gboolean
parse_hex_digest (const char *hex,
                  guint8      digest[32])
{
  if (strlen (hex) != 64)
    return FALSE;

  for (guint i = 0; i < 32; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      digest[i] = (guint8) (hi << 4 | lo);
    }

  return TRUE;
}

static void
oc_users_finalize (GObject *object)
{
  OcUsers *self = (OcUsers *) object;

  g_clear_pointer (&self->users, g_ptr_array_unref);

  G_OBJECT_CLASS (oc_users_parent_class)->finalize (object);
}

static void
oc_users_class_init (OcUsersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oc_users_finalize;
}

static void
oc_users_init (OcUsers *self)
{
  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_user_free);
}

/**
 * oc_users_new:
 *
 * Returns: (transfer full): an empty user list
 */
OcUsers *
oc_users_new (void)
{
  return g_object_new (OC_TYPE_USERS, NULL);
}

/**
 * oc_users_load_file:
 * @self: an #OcUsers
 * @path: the users file
 * @error: return location for an error naming the line at fault
 *
 * Adds the users of @path. Nothing is added when any line is wrong.
 */
gboolean
oc_users_load_file (OcUsers     *self,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) parsed = NULL;

  g_return_val_if_fail (OC_IS_USERS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;

  parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_user_free);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_auto(GStrv) fields = NULL;
      OcUser *user;
      int role;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      fields = g_regex_split_simple ("\\s+", line, 0, 0);
      if (g_strv_length (fields) != 3)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s, line %u: expected “name role sha256hex”"), path, i + 1);
          return FALSE;
        }

      role = oc_enum_from_nick (OC_TYPE_ROLE, fields[1]);
      if (role == OC_ROLE_UNKNOWN)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s, line %u: the role must be “supervisor” or “viewer”"), path, i + 1);
          return FALSE;
        }

      user = g_new0 (OcUser, 1);
      user->name = g_strdup (fields[0]);
      user->role = role;
      g_ptr_array_add (parsed, user);

      if (!g_utf8_validate (fields[0], -1, NULL) ||
          !parse_hex_digest (fields[2], user->digest))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s, line %u: the token digest must be 64 hexadecimal digits"),
                       path, i + 1);
          return FALSE;
        }
    }

  g_ptr_array_extend_and_steal (self->users, g_steal_pointer (&parsed));

  return TRUE;
}

/**
 * oc_users_add_digest:
 * @name: the user's name
 * @role: the user's role
 * @digest: the SHA-256 digest of the user's token
 *
 * Adds @name with a known token digest (from a users file).
 */
void
oc_users_add_digest (OcUsers      *self,
                     const char   *name,
                     OcRole        role,
                     const guint8  digest[32])
{
  OcUser *user;

  g_return_if_fail (OC_IS_USERS (self));
  g_return_if_fail (name != NULL);

  user = g_new0 (OcUser, 1);
  user->name = g_strdup (name);
  user->role = role;
  memcpy (user->digest, digest, 32);
  g_ptr_array_add (self->users, user);
}

/**
 * oc_users_add_random:
 * @name: the user's name
 * @role: the user's role
 *
 * Adds @name with a fresh random token; only its SHA-256 digest is kept.
 *
 * Returns: (transfer full): the token, base64url without padding
 */
char *
oc_users_add_random (OcUsers    *self,
                     const char *name,
                     OcRole      role)
{
  guint8 raw[32];
  guint8 digest[32];
  gsize got = 0;
  char *token;

  g_return_val_if_fail (OC_IS_USERS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* GRand is predictable; tokens need the kernel's randomness. */
  while (got < sizeof raw)
    {
      gssize n = getrandom (raw + got, sizeof raw - got, 0);

      if (n > 0)
        got += n;
    }

  token = g_base64_encode (raw, sizeof raw);
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  *strchr (token, '=') = '\0';

  sha256 (token, digest);
  oc_users_add_digest (self, name, role, digest);

  return token;
}

/**
 * oc_users_check:
 * @token: (nullable): a bearer token
 * @out_role: (out) (optional): where to store the user's role
 *
 * Looks @token up, comparing digests in constant time per user.
 *
 * Returns: (transfer none) (nullable): the user's name, owned by @self, or
 *   %NULL when no user has @token
 */
const char *
oc_users_check (OcUsers    *self,
                const char *token,
                OcRole     *out_role)
{
  OcUser *found = NULL;
  guint8 digest[32];

  g_return_val_if_fail (OC_IS_USERS (self), NULL);

  if (token == NULL || token[0] == '\0')
    return NULL;

  sha256 (token, digest);

  /* No early exit: every user is compared. */
  for (guint i = 0; i < self->users->len; i++)
    {
      OcUser *user = g_ptr_array_index (self->users, i);

      if (digest_equal (digest, user->digest) && found == NULL)
        found = user;
    }

  if (found == NULL)
    return NULL;

  if (out_role)
    *out_role = found->role;

  return found->name;
}

/**
 * oc_users_get_count:
 *
 * Returns: how many users there are
 */
guint
oc_users_get_count (OcUsers *self)
{
  g_return_val_if_fail (OC_IS_USERS (self), 0);

  return self->users->len;
}
