// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-token"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "oc-token.h"

/**
 * oc_token_is_valid:
 * @token: (nullable): an access token
 *
 * Returns: %TRUE when @token can travel in an Authorization header as it is:
 *   1 to %OC_TOKEN_MAX_BYTES of printable ASCII without spaces
 */
gboolean
oc_token_is_valid (const char *token)
{
  gsize len;

  if (token == NULL)
    return FALSE;
  len = strlen (token);
  if (len == 0 || len > OC_TOKEN_MAX_BYTES)
    return FALSE;
  for (const char *p = token; *p; p++)
    if (*p <= ' ' || *p >= 0x7f)
      return FALSE;
  return TRUE;
}

/**
 * oc_token_load_from_file:
 * @path: the token file
 * @error: return location for an error
 *
 * Reads the token in @path. The file must be a regular file that other users
 * cannot read (mode 0600 or stricter); surrounding whitespace is trimmed and
 * the rest must pass oc_token_is_valid().
 *
 * Returns: (transfer full): the token, or %NULL with @error set (G_FILE_ERROR
 *   or G_IO_ERROR with a message that names the file and says what to do)
 */
char *
oc_token_load_from_file (const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  char buffer[OC_TOKEN_MAX_BYTES + 64];
  struct stat st;
  gssize n_read;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* Check the file we actually read (fstat on the open descriptor), so the
   * check and the read cannot see two different files. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot open the token file “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("The token file “%s” is not a regular file."), path);
      close (fd);
      return NULL;
    }

  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The token file “%s” can be read by other users; make it private with “chmod 600”."),
                   path);
      close (fd);
      return NULL;
    }

  if (st.st_size > (off_t) sizeof buffer - 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The token file “%s” is too large to hold a token."), path);
      close (fd);
      return NULL;
    }

  n_read = read (fd, buffer, sizeof buffer - 1);
  close (fd);
  if (n_read < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot read the token file “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  buffer[n_read] = '\0';
  contents = g_strdup (g_strstrip (buffer));
  memset (buffer, 0, sizeof buffer);

  if (!oc_token_is_valid (contents))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The token file “%s” does not hold a token (one line of printable characters)."),
                   path);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

/**
 * oc_token_load_from_fd:
 * @fd: a descriptor to read to its end, such as standard input (a pipe)
 * @error: return location for an error
 *
 * Reads a token from @fd (--token-file -): for a sandbox that cannot open
 * the file, `ongoing-conversations --token-file - < ~/.cc-token`. Reading
 * stops after %OC_TOKEN_MAX_BYTES and a little more, so that an endless
 * stream is refused rather than read forever. @fd stays open.
 *
 * Returns: (transfer full): the trimmed token, or %NULL with @error set
 */
char *
oc_token_load_from_fd (int      fd,
                       GError **error)
{
  g_autofree char *contents = NULL;
  char buffer[OC_TOKEN_MAX_BYTES + 64];
  gsize length = 0;

  while (length < sizeof buffer - 1)
    {
      gssize n_read = read (fd, buffer + length, sizeof buffer - 1 - length);

      if (n_read < 0 && errno == EINTR)
        continue;
      if (n_read < 0)
        {
          int saved = errno;

          memset (buffer, 0, sizeof buffer);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Cannot read the token from standard input: %s"), g_strerror (saved));
          return NULL;
        }
      if (n_read == 0)
        break;
      length += (gsize) n_read;
    }

  buffer[length] = '\0';
  contents = g_strdup (g_strstrip (buffer));
  memset (buffer, 0, sizeof buffer);

  if (length == sizeof buffer - 1 || !oc_token_is_valid (contents))
    {
      if (contents != NULL)
        memset (contents, 0, strlen (contents));
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Standard input does not hold a token (one line of printable characters)."));
      return NULL;
    }

  return g_steal_pointer (&contents);
}
