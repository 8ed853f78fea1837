// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-protocol"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-protocol.h"
#include "oc-protocol-private.h"

/* What the reader and the writers share, as docs/protocol.md's Conventions
 * give it: the errors, ids, and RFC 3339 times both ways (the one place in
 * the code that reads or writes one). */

/**
 * oc_protocol_error_quark:
 *
 * The domain of #OcProtocolError, %OC_PROTOCOL_ERROR.
 *
 * Returns: the error domain
 */
G_DEFINE_QUARK (oc-protocol-error-quark, oc_protocol_error)

gboolean
_oc_protocol_is_valid_id_n (const char *id,
                            gsize       len)
{
  if (len == 0 || len > OC_PROTOCOL_MAX_ID_BYTES)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = id[i];

      if (!(g_ascii_isalnum (c) || c == '.' || c == '_' || c == ':' || c == '-'))
        return FALSE;
    }
  return TRUE;
}

/**
 * oc_protocol_is_valid_id:
 * @id: (nullable): a string
 *
 * Whether @id is an id of the protocol, for a server checking a path or a
 * request body and for a backend checking another service's ids.
 *
 * Returns: whether @id is 1 to 128 bytes of `[A-Za-z0-9._:-]`; %FALSE for
 *   %NULL
 */
gboolean
oc_protocol_is_valid_id (const char *id)
{
  return id != NULL && _oc_protocol_is_valid_id_n (id, strlen (id));
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static gint64
days_from_civil (gint64 y,
                 gint64 m,
                 gint64 d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static gboolean
read_digits (const char *p,
             guint       n,
             guint      *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (guint) (p[i] - '0');
    }
  *out = v;
  return TRUE;
}

/* RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM). Fractions are
 * dropped; the result must not be before 1970. No GDateTime: a snapshot has
 * 400,000 of these, and bench-protocol shows GDateTime far slower. */
gboolean
_oc_protocol_parse_time_n (const char          *s,
                           gsize                len,
                           OcProtocolTimeFlags  flags,
                           gint64              *out_unix)
{
  static const guint8 month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  guint year, month, day, hour, minute, second;
  guint max_day;
  gint64 offset = 0;
  gint64 t;
  gsize i;

  if (len < 19 ||
      !read_digits (s, 4, &year) || s[4] != '-' ||
      !read_digits (s + 5, 2, &month) || s[7] != '-' ||
      !read_digits (s + 8, 2, &day) ||
      (s[10] != 'T' && s[10] != 't') ||
      !read_digits (s + 11, 2, &hour) || s[13] != ':' ||
      !read_digits (s + 14, 2, &minute) || s[16] != ':' ||
      !read_digits (s + 17, 2, &second))
    return FALSE;

  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60)
    return FALSE;
  max_day = month_days[month - 1];
  if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    max_day = 29;
  if (day < 1 || day > max_day)
    return FALSE;

  i = 19;
  if (i < len && s[i] == '.')
    {
      i++;
      if (i >= len || !g_ascii_isdigit (s[i]))
        return FALSE;
      while (i < len && g_ascii_isdigit (s[i]))
        i++;
    }

  if (i >= len)
    {
      /* No zone: UTC for those who ask, not RFC 3339 for anyone else. */
      if ((flags & OC_PROTOCOL_TIME_NO_ZONE_IS_UTC) == 0)
        return FALSE;
    }
  else if (s[i] == 'Z' || s[i] == 'z')
    i++;
  else if (s[i] == '+' || s[i] == '-')
    {
      guint oh, om;

      if (len - i < 6 || !read_digits (s + i + 1, 2, &oh) || s[i + 3] != ':' ||
          !read_digits (s + i + 4, 2, &om) || oh > 23 || om > 59)
        return FALSE;
      offset = (gint64) oh * 3600 + om * 60;
      if (s[i] == '-')
        offset = -offset;
      i += 6;
    }
  else
    return FALSE;

  if (i != len)
    return FALSE;

  /* A leap second (:60) reads as the first second of the next minute. */
  t = days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (t < 0)
    return FALSE;

  *out_unix = t;
  return TRUE;
}

/**
 * oc_protocol_parse_time:
 * @text: (nullable): an RFC 3339 time such as `2026-11-25T17:32:20Z`
 * @flags: %OC_PROTOCOL_TIME_NO_ZONE_IS_UTC to read a time without a zone
 *   (`2026-11-25T17:32:20`) as UTC, as Dataverse may write one
 * @out_unix: (out) (optional): Unix seconds
 * @error: return location for a #GError, or %NULL
 *
 * Reads an RFC 3339 date-time: the only reader of times in the code. Lower
 * case `t` and `z` are taken, fractional seconds dropped, offsets applied,
 * and a leap second reads as the first second of the next minute. Other
 * ISO 8601 forms that GDateTime takes (week dates, no dashes) are refused.
 *
 * Errors: %OC_PROTOCOL_ERROR_INVALID_TIME for %NULL, anything else than such
 * a time, or a time before 1970.
 *
 * Returns: %TRUE on success, with @out_unix set
 */
gboolean
oc_protocol_parse_time (const char           *text,
                        OcProtocolTimeFlags   flags,
                        gint64               *out_unix,
                        GError              **error)
{
  gint64 t;

  if (text == NULL || !_oc_protocol_parse_time_n (text, strlen (text), flags, &t))
    {
      g_set_error_literal (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_INVALID_TIME,
                           _("Invalid time (expected RFC 3339 such as 2026-11-25T17:32:20Z)"));
      return FALSE;
    }

  if (out_unix != NULL)
    *out_unix = t;
  return TRUE;
}

/* The latest instant RFC 3339's four-digit year can carry. */
#define MAX_TIME G_GINT64_CONSTANT (253402300799)

/* Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant). */
static void
civil_from_days (gint64  z,
                 gint64 *year,
                 guint  *month,
                 guint  *day)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = (guint) (doy - (153 * mp + 2) / 5 + 1);
  *month = (guint) (mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

static char *
put_digits (char  *p,
            guint  value,
            guint  n)
{
  for (guint i = n; i > 0; i--)
    {
      p[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }
  return p + n;
}

/* Writes `YYYY-MM-DDTHH:MM:SSZ` and a NUL into @buf: no printf, no heap, as
 * the appender writes up to four of these a conversation. */
void
_oc_protocol_format_time_buf (gint64 unix_time,
                              char   buf[OC_PROTOCOL_TIME_BUF])
{
  gint64 t = CLAMP (unix_time, 0, MAX_TIME);
  guint secs = (guint) (t % 86400);
  gint64 year;
  guint month, day;
  char *p = buf;

  civil_from_days (t / 86400, &year, &month, &day);
  p = put_digits (p, (guint) year, 4);
  *p++ = '-';
  p = put_digits (p, month, 2);
  *p++ = '-';
  p = put_digits (p, day, 2);
  *p++ = 'T';
  p = put_digits (p, secs / 3600, 2);
  *p++ = ':';
  p = put_digits (p, secs / 60 % 60, 2);
  *p++ = ':';
  p = put_digits (p, secs % 60, 2);
  *p++ = 'Z';
  *p = '\0';
}

/**
 * oc_protocol_format_time:
 * @unix_time: Unix seconds
 *
 * Writes a time as the protocol does (UTC, whole seconds, a `Z`): the only
 * writer of times in the code, for the server and for Dataverse `$filter`s.
 *
 * Returns: (transfer full): `YYYY-MM-DDTHH:MM:SSZ`; times outside 1970 …
 *   9999 are clamped to that range
 */
char *
oc_protocol_format_time (gint64 unix_time)
{
  char buf[OC_PROTOCOL_TIME_BUF];

  _oc_protocol_format_time_buf (unix_time, buf);
  return g_strdup (buf);
}
