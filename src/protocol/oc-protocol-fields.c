// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-protocol"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "oc-protocol-fields.h"

gboolean
_oc_field_fail (OcFieldCtx *ctx,
                const char *field,
                int         code,
                const char *what)
{
  /* Translators: "conversation.wait_seconds: out of range" */
  g_set_error (ctx->error, OC_PROTOCOL_ERROR, code, _("%s.%s%s: %s"),
               ctx->kind, ctx->prefix != NULL ? ctx->prefix : "", field, what);
  return FALSE;
}

void
_oc_field_warn_cut (OcFieldCtx *ctx,
                    const char *field,
                    guint       limit)
{
  if (ctx->warnings == NULL)
    return;

  /* Translators: "conversation c-42: subject cut to 1024 characters" */
  g_ptr_array_add (ctx->warnings,
                   g_strdup_printf (_("%s %s: %s%s cut to %u characters"),
                                    ctx->kind, ctx->id != NULL ? ctx->id : "?",
                                    ctx->prefix != NULL ? ctx->prefix : "", field, limit));
}

/* The member, or NULL when it is missing or null. */
static const OcJsonValue *
lookup (const OcJsonValue *object,
        const char        *field)
{
  const OcJsonValue *v = _oc_json_object_get (object, field);

  return v != NULL && v->type != OC_JSON_NULL ? v : NULL;
}

static gboolean
need_value (OcFieldCtx         *ctx,
            const OcJsonValue  *object,
            const char         *field,
            OcFieldNeed         need,
            const OcJsonValue **out)
{
  *out = lookup (object, field);
  if (*out == NULL && need == OC_FIELD_REQUIRED)
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_MISSING_FIELD, _("missing"));
  return TRUE;
}

static gboolean
field_container (OcFieldCtx         *ctx,
                 const OcJsonValue  *object,
                 const char         *field,
                 OcFieldNeed         need,
                 OcJsonType          type,
                 const OcJsonValue **out)
{
  const OcJsonValue *v;

  *out = NULL;
  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (v->type != type)
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE,
                           type == OC_JSON_OBJECT ? _("expected an object") : _("expected an array"));
  *out = v;
  return TRUE;
}

gboolean
_oc_field_object (OcFieldCtx         *ctx,
                  const OcJsonValue  *object,
                  const char         *field,
                  OcFieldNeed         need,
                  const OcJsonValue **out)
{
  return field_container (ctx, object, field, need, OC_JSON_OBJECT, out);
}

gboolean
_oc_field_array (OcFieldCtx         *ctx,
                 const OcJsonValue  *object,
                 const char         *field,
                 OcFieldNeed         need,
                 const OcJsonValue **out)
{
  return field_container (ctx, object, field, need, OC_JSON_ARRAY, out);
}

static gboolean
is_valid_id_n (const char *id,
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
 * Returns: whether @id is 1 to 128 bytes of `[A-Za-z0-9._:-]`.
 */
gboolean
oc_protocol_is_valid_id (const char *id)
{
  return id != NULL && is_valid_id_n (id, strlen (id));
}

gboolean
_oc_value_id (OcFieldCtx        *ctx,
              const OcJsonValue *value,
              const char        *field,
              char              *buf)
{
  if (value->type != OC_JSON_STRING)
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a string"));
  if (!is_valid_id_n (value->u.s, value->len))
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_INVALID_ID,
                           _("invalid id (1 to 128 bytes of A-Z a-z 0-9 . _ : -)"));
  memcpy (buf, value->u.s, value->len);
  buf[value->len] = '\0';
  return TRUE;
}

gboolean
_oc_field_id (OcFieldCtx        *ctx,
              const OcJsonValue *object,
              const char        *field,
              OcFieldNeed        need,
              char              *buf,
              gboolean          *present)
{
  const OcJsonValue *v;

  if (present != NULL)
    *present = FALSE;
  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (!_oc_value_id (ctx, v, field, buf))
    return FALSE;
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

/* Bytes of the first @limit characters of valid UTF-8 @s. */
static gsize
utf8_prefix_bytes (const char *s,
                   gsize       len,
                   guint       limit)
{
  gsize i = 0;

  for (guint chars = 0; chars < limit && i < len; chars++)
    i += g_utf8_skip[(guchar) s[i]];
  return MIN (i, len);
}

gboolean
_oc_value_string (OcFieldCtx        *ctx,
                  const OcJsonValue *value,
                  const char        *field,
                  guint              limit,
                  char             **out)
{
  gsize len;

  if (value->type != OC_JSON_STRING)
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a string"));
  if (memchr (value->u.s, '\0', value->len) != NULL)
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_MALFORMED, _("contains a NUL character"));

  len = value->len;
  /* A string of at most @limit bytes has at most @limit characters. */
  if (limit > 0 && len > limit)
    {
      gsize cut = utf8_prefix_bytes (value->u.s, len, limit);

      if (cut < len)
        {
          len = cut;
          _oc_field_warn_cut (ctx, field, limit);
        }
    }

  *out = g_strndup (value->u.s, len);
  return TRUE;
}

gboolean
_oc_field_string (OcFieldCtx        *ctx,
                  const OcJsonValue *object,
                  const char        *field,
                  OcFieldNeed        need,
                  guint              limit,
                  char             **out)
{
  const OcJsonValue *v;

  *out = NULL;
  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;
  return _oc_value_string (ctx, v, field, limit, out);
}

gboolean
_oc_field_int (OcFieldCtx        *ctx,
               const OcJsonValue *object,
               const char        *field,
               OcFieldNeed        need,
               gint64             min,
               gint64             max,
               gint64            *out)
{
  const OcJsonValue *v;
  gint64 value;

  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;

  if (v->type == OC_JSON_INT)
    value = v->u.i;
  else if (v->type == OC_JSON_DOUBLE)
    {
      double d = v->u.d;

      /* 1e3 is a whole number; 1.5, 1e400 and NaN are not integers we take. */
      if (!isfinite (d) || d != floor (d))
        return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_OUT_OF_RANGE,
                               _("out of range (not a whole number)"));
      if (d < (double) min || d > (double) max)
        return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_OUT_OF_RANGE, _("out of range"));
      value = (gint64) d;
    }
  else
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected an integer"));

  if (value < min || value > max)
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_OUT_OF_RANGE, _("out of range"));

  *out = value;
  return TRUE;
}

gboolean
_oc_field_time (OcFieldCtx        *ctx,
                const OcJsonValue *object,
                const char        *field,
                OcFieldNeed        need,
                gint64            *out,
                gboolean          *present)
{
  const OcJsonValue *v;

  if (present != NULL)
    *present = FALSE;
  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (v->type != OC_JSON_STRING)
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a time string"));
  if (!_oc_protocol_parse_time_n (v->u.s, v->len, OC_PROTOCOL_TIME_RFC3339, out))
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_INVALID_TIME,
                           _("invalid time (expected RFC 3339 such as 2026-11-25T17:32:20Z)"));
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

int
_oc_enum_lookup (GType       enum_type,
                 const char *nick,
                 gsize       len)
{
  GEnumClass *klass = g_type_class_peek (enum_type);
  GEnumValue *value;
  char buf[64];

  /* Enum classes stay referenced for the life of the process. */
  if (klass == NULL)
    klass = g_type_class_ref (enum_type);

  if (len >= sizeof buf)
    return 0;
  memcpy (buf, nick, len);
  buf[len] = '\0';

  value = g_enum_get_value_by_nick (klass, buf);
  return value != NULL ? value->value : 0;
}

gboolean
_oc_field_enum (OcFieldCtx        *ctx,
                const OcJsonValue *object,
                const char        *field,
                OcFieldNeed        need,
                GType              enum_type,
                int               *out)
{
  const OcJsonValue *v;

  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (v->type != OC_JSON_STRING)
    return _oc_field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a string"));

  /* A value this version does not know is "unknown", never an error. */
  *out = _oc_enum_lookup (enum_type, v->u.s, v->len);
  return TRUE;
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
 *
 * Fractional seconds are dropped and offsets applied; times before 1970 are
 * refused.
 *
 * Returns: %TRUE on success
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
