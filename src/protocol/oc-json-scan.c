// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-json-private.h"
#include "oc-protocol.h"

/* Length of the valid UTF-8 sequence at @p, or 0. Rejects overlong forms,
 * surrogates and code points over U+10FFFF. */
static inline guint
utf8_sequence_length (const guchar *p,
                      const guchar *end)
{
  guchar c = p[0];
  gsize left = end - p;

  if (c >= 0xC2 && c <= 0xDF)
    return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;

  if (c >= 0xE0 && c <= 0xEF)
    {
      guchar lo = 0x80, hi = 0xBF;

      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
      return left >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    }

  if (c >= 0xF0 && c <= 0xF4)
    {
      guchar lo = 0x80, hi = 0xBF;

      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
      return left >= 4 && p[1] >= lo && p[1] <= hi &&
             (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
    }

  return 0;
}

/* ASCII other than NUL, quote and backslash. */
static const guint8 plain_string_byte[256] = {
  0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/**
 * _oc_json_prescan:
 *
 * Rejects what no parser should see: too many bytes, bytes that are not
 * UTF-8, and nesting deeper than %OC_PROTOCOL_MAX_DEPTH (json-glib's parser
 * recurses once per level, so depth is checked without parsing: brackets
 * inside strings do not count).
 */
gboolean
_oc_json_prescan (const char  *data,
                  gsize        length,
                  gsize        max_length,
                  GError     **error)
{
  const guchar *p = (const guchar *) data;
  const guchar *end = p + length;
  gboolean in_string = FALSE;
  guint depth = 0;

  if (length > max_length)
    {
      g_set_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_LARGE,
                   _("Message of %zu bytes is over the limit of %zu bytes"),
                   length, max_length);
      return FALSE;
    }

  if (data == NULL && length > 0)
    {
      g_set_error_literal (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MALFORMED,
                           _("No data"));
      return FALSE;
    }

  while (p < end)
    {
      guchar c;

      if (in_string)
        {
          /* Most bytes of a message are plain string text: skip them fast. */
          while (p < end && plain_string_byte[*p])
            p++;
          if (p >= end)
            break;
          c = *p;
          if (c == '"')
            {
              in_string = FALSE;
              p++;
              continue;
            }
          if (c == '\\')
            {
              /* An escaped quote does not end the string. */
              p += (p + 1 < end && p[1] != 0 && p[1] < 0x80) ? 2 : 1;
              continue;
            }
        }
      else
        {
          c = *p;
          if (c == '"')
            in_string = TRUE;
          else if (c == '[' || c == '{')
            {
              if (++depth > OC_PROTOCOL_MAX_DEPTH)
                {
                  g_set_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_DEEP,
                               _("Nesting deeper than %d levels"), OC_PROTOCOL_MAX_DEPTH);
                  return FALSE;
                }
            }
          else if ((c == ']' || c == '}') && depth > 0)
            depth--;
          if (c != 0 && c < 0x80)
            {
              p++;
              continue;
            }
        }

      if (c == 0)
        {
          g_set_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MALFORMED,
                       _("NUL byte at offset %zu"),
                       (gsize) (p - (const guchar *) data));
          return FALSE;
        }
      else
        {
          guint n = utf8_sequence_length (p, end);

          if (n == 0)
            {
              g_set_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_INVALID_UTF8,
                           _("Invalid UTF-8 at offset %zu"),
                           (gsize) (p - (const guchar *) data));
              return FALSE;
            }
          p += n;
        }
    }

  return TRUE;
}

