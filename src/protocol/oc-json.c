// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-json-private.h"
#include "oc-protocol.h"

/* Our strict JSON reader, in the order it works: the document and the arena
 * its values live in, the prescan that rejects what no parser should see, the
 * reader proper, and the json-glib tree of what it read. */

typedef struct _Block Block;
struct _Block
{
  Block  *next;
  gsize   used;
  gsize   size;
  gint64  data[];   /* gint64 for 8-byte alignment */
};

struct _OcJsonDoc
{
  Block       *blocks;
  OcJsonValue  root;
};

#define BLOCK_SIZE (256 * 1024)

/* Everything allocated after a mark can be freed at once (a streamed item). */
typedef struct {
  Block *block;
  gsize  used;
} OcJsonArenaMark;

static gpointer
doc_alloc (OcJsonDoc *doc,
           gsize      size)
{
  Block *block = doc->blocks;
  gpointer ret;

  size = (size + 7) & ~(gsize) 7;
  if (block == NULL || block->size - block->used < size)
    {
      gsize block_size = MAX (size, BLOCK_SIZE);

      block = g_malloc (sizeof (Block) + block_size);
      block->used = 0;
      block->size = block_size;
      block->next = doc->blocks;
      doc->blocks = block;
    }

  ret = (char *) block->data + block->used;
  block->used += size;
  return ret;
}

static OcJsonArenaMark
arena_mark (OcJsonDoc *doc)
{
  return (OcJsonArenaMark) { doc->blocks, doc->blocks != NULL ? doc->blocks->used : 0 };
}

/* Frees everything allocated since @mark. One spare block is kept at the
 * head, so streaming items that overflow a block do not map and unmap a new
 * one for every item. */
static void
arena_reset (OcJsonDoc       *doc,
             OcJsonArenaMark  mark)
{
  Block *spare = NULL;

  while (doc->blocks != mark.block)
    {
      Block *block = doc->blocks;

      doc->blocks = block->next;
      if (spare == NULL && block->size == BLOCK_SIZE)
        spare = block;
      else
        g_free (block);
    }
  if (doc->blocks != NULL)
    doc->blocks->used = mark.used;
  if (spare != NULL)
    {
      spare->used = 0;
      spare->next = doc->blocks;
      doc->blocks = spare;
    }
}

void
_oc_json_doc_free (OcJsonDoc *doc)
{
  Block *block;

  if (doc == NULL)
    return;

  while ((block = doc->blocks) != NULL)
    {
      doc->blocks = block->next;
      g_free (block);
    }
  g_free (doc);
}

const OcJsonValue *
_oc_json_doc_root (OcJsonDoc *doc)
{
  return &doc->root;
}

const OcJsonValue *
_oc_json_object_get (const OcJsonValue *object,
                     const char        *key)
{
  const OcJsonValue *found = NULL;
  gsize key_len;

  if (object == NULL || object->type != OC_JSON_OBJECT)
    return NULL;

  key_len = strlen (key);
  /* Last one wins, as in json-glib. */
  for (guint32 i = 0; i < object->len; i++)
    {
      const OcJsonMember *m = &object->u.members[i];

      if (m->key_len == key_len && memcmp (m->key, key, key_len) == 0)
        found = &m->value;
    }

  return found;
}

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

/* Rejects what no parser should see: too many bytes, bytes that are not
 * UTF-8, and nesting deeper than %OC_PROTOCOL_MAX_DEPTH (json-glib's parser
 * recurses once per level, so depth is checked without parsing: brackets
 * inside strings do not count). */
static gboolean
prescan (const char  *data,
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

/* The reader proper. Recursive, but never deeper than OC_PROTOCOL_MAX_DEPTH:
 * it checks depth itself too, so it would be safe without the prescan. */

typedef struct {
  const guchar *start;
  const guchar *p;
  const guchar *end;
  OcJsonDoc    *doc;
  GArray       *items;     /* OcJsonValue, scratch stack of open arrays */
  GArray       *members;   /* OcJsonMember, scratch stack of open objects */
  guint         depth;
  GError      **error;
  /* Streaming of the root object's big arrays (see _oc_json_doc_parse). */
  const char * const *stream_names;
  OcJsonItemFunc      stream_func;
  gpointer            stream_data;
} Reader;

static gboolean read_value (Reader *r, OcJsonValue *out);

static gboolean
reader_fail (Reader     *r,
             int         code,
             const char *what)
{
  g_set_error (r->error, OC_PROTOCOL_ERROR, code,
               _("Malformed JSON at offset %zu: %s"),
               (gsize) (r->p - r->start), what);
  return FALSE;
}

static inline void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader  *r,
           guint32 *out)
{
  guint32 v = 0;

  if (r->end - r->p < 4)
    return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("short \\u escape"));

  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (r->p[i]);

      if (h < 0)
        return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("bad \\u escape"));
      v = (v << 4) | (guint32) h;
    }
  r->p += 4;
  *out = v;
  return TRUE;
}

/* @r->p is just past the opening quote. */
static gboolean
read_string (Reader      *r,
             const char **out,
             guint32     *out_len)
{
  const guchar *begin = r->p;
  const guchar *q = r->p;
  gboolean escaped = FALSE;
  char *buf, *w;

  /* First find the end, so an unescaped string needs no copy at all. */
  while (q < r->end && *q != '"')
    {
      if (*q < 0x20)
        {
          r->p = q;
          return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("control character in a string"));
        }
      if (*q == '\\')
        {
          escaped = TRUE;
          q++;
        }
      q++;
    }
  if (q >= r->end)
    return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("unterminated string"));

  if ((gsize) (q - begin) > G_MAXUINT32)
    return reader_fail (r, OC_PROTOCOL_ERROR_TOO_LARGE, _("string too long"));

  if (!escaped)
    {
      *out = (const char *) begin;
      *out_len = (guint32) (q - begin);
      r->p = q + 1;
      return TRUE;
    }

  /* Decoded text is never longer than its escaped form. */
  buf = w = doc_alloc (r->doc, q - begin);
  while (r->p < q)
    {
      guchar c = *r->p;

      if (c != '\\')
        {
          *w++ = (char) c;
          r->p++;
          continue;
        }

      r->p++;
      c = *r->p++;
      switch (c)
        {
        case '"':  *w++ = '"';  break;
        case '\\': *w++ = '\\'; break;
        case '/':  *w++ = '/';  break;
        case 'b':  *w++ = '\b'; break;
        case 'f':  *w++ = '\f'; break;
        case 'n':  *w++ = '\n'; break;
        case 'r':  *w++ = '\r'; break;
        case 't':  *w++ = '\t'; break;
        case 'u':
          {
            guint32 cp, lo;

            if (!read_hex4 (r, &cp))
              return FALSE;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
              return reader_fail (r, OC_PROTOCOL_ERROR_INVALID_UTF8, _("lone surrogate in \\u escape"));
            if (cp >= 0xD800 && cp <= 0xDBFF)
              {
                if (q - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u')
                  return reader_fail (r, OC_PROTOCOL_ERROR_INVALID_UTF8, _("lone surrogate in \\u escape"));
                r->p += 2;
                if (!read_hex4 (r, &lo))
                  return FALSE;
                if (lo < 0xDC00 || lo > 0xDFFF)
                  return reader_fail (r, OC_PROTOCOL_ERROR_INVALID_UTF8, _("lone surrogate in \\u escape"));
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              }
            w += g_unichar_to_utf8 (cp, w);
          }
          break;
        default:
          r->p--;
          return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("bad escape"));
        }
    }

  r->p = q + 1;
  *out = buf;
  *out_len = (guint32) (w - buf);
  return TRUE;
}

static gboolean
read_number (Reader      *r,
             OcJsonValue *out)
{
  const guchar *begin = r->p;
  const guchar *q = r->p;
  gboolean negative = FALSE;
  gboolean is_int = TRUE;
  guint digits = 0;
  guint64 acc = 0;

  if (*q == '-')
    {
      negative = TRUE;
      q++;
    }
  if (q >= r->end || !g_ascii_isdigit (*q))
    return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("bad number"));
  if (*q == '0' && q + 1 < r->end && g_ascii_isdigit (q[1]))
    return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("leading zero in a number"));
  while (q < r->end && g_ascii_isdigit (*q))
    {
      if (digits < 19)
        acc = acc * 10 + (guint64) (*q - '0');
      digits++;
      q++;
    }
  if (q < r->end && *q == '.')
    {
      is_int = FALSE;
      q++;
      if (q >= r->end || !g_ascii_isdigit (*q))
        return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("bad number"));
      while (q < r->end && g_ascii_isdigit (*q))
        q++;
    }
  if (q < r->end && (*q == 'e' || *q == 'E'))
    {
      is_int = FALSE;
      q++;
      if (q < r->end && (*q == '+' || *q == '-'))
        q++;
      if (q >= r->end || !g_ascii_isdigit (*q))
        return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("bad number"));
      while (q < r->end && g_ascii_isdigit (*q))
        q++;
    }

  r->p = q;

  /* 19 digits always fit a guint64: every gint64 is exact, as in json-glib;
   * longer integers go through double (json-glib wraps them around) and
   * fail the range checks of every field. */
  if (is_int && digits <= 19 &&
      (acc <= (guint64) G_MAXINT64 || (negative && acc == (guint64) G_MAXINT64 + 1)))
    {
      out->type = OC_JSON_INT;
      out->u.i = negative ? (gint64) (0 - acc) : (gint64) acc;
    }
  else
    {
      gsize len = q - begin;
      char small[64];
      g_autofree char *big = NULL;
      char *text = small;

      if (len >= sizeof small)
        text = big = g_malloc (len + 1);
      memcpy (text, begin, len);
      text[len] = '\0';
      out->type = OC_JSON_DOUBLE;
      out->u.d = g_ascii_strtod (text, NULL);
    }
  return TRUE;
}

static gboolean
read_literal (Reader     *r,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("unexpected character"));
  r->p += len;
  return TRUE;
}

static gboolean
enter (Reader *r)
{
  if (++r->depth > OC_PROTOCOL_MAX_DEPTH)
    {
      g_set_error (r->error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_DEEP,
                   _("Nesting deeper than %d levels"), OC_PROTOCOL_MAX_DEPTH);
      return FALSE;
    }
  r->p++;
  skip_space (r);
  return TRUE;
}

/* With @streamed set (an array member of the root object), the items go
 * to the caller one by one and each item's memory is reused for the next,
 * so a snapshot of 100,000 conversations never holds more than one of them
 * as a tree; in the tree that array is left empty. */
static gboolean
read_array (Reader      *r,
            const char  *streamed,
            OcJsonValue *out)
{
  guint base = r->items->len;
  guint index = 0;
  guint n;

  if (!enter (r))
    return FALSE;

  if (r->p < r->end && *r->p == ']')
    r->p++;
  else
    for (;;)
      {
        OcJsonArenaMark mark = arena_mark (r->doc);
        OcJsonValue v;

        if (!read_value (r, &v))
          return FALSE;
        if (streamed != NULL)
          {
            r->stream_func (streamed, index++, &v, r->stream_data);
            arena_reset (r->doc, mark);
          }
        else
          g_array_append_val (r->items, v);
        skip_space (r);
        if (r->p < r->end && *r->p == ',')
          {
            r->p++;
            continue;
          }
        if (r->p < r->end && *r->p == ']')
          {
            r->p++;
            break;
          }
        return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("expected , or ]"));
      }

  n = r->items->len - base;
  out->type = OC_JSON_ARRAY;
  out->len = n;
  out->u.items = NULL;
  if (n > 0)
    {
      out->u.items = doc_alloc (r->doc, n * sizeof (OcJsonValue));
      memcpy (out->u.items, &g_array_index (r->items, OcJsonValue, base), n * sizeof (OcJsonValue));
    }
  g_array_set_size (r->items, base);
  r->depth--;
  return TRUE;
}

static const char *
stream_name (Reader             *r,
             const OcJsonMember *m)
{
  if (r->stream_names == NULL || r->depth != 1)
    return NULL;

  for (guint i = 0; r->stream_names[i] != NULL; i++)
    if (strlen (r->stream_names[i]) == m->key_len &&
        memcmp (r->stream_names[i], m->key, m->key_len) == 0)
      return r->stream_names[i];
  return NULL;
}

static gboolean
read_object (Reader      *r,
             OcJsonValue *out)
{
  guint base = r->members->len;
  guint n;

  if (!enter (r))
    return FALSE;

  if (r->p < r->end && *r->p == '}')
    r->p++;
  else
    for (;;)
      {
        OcJsonMember m;
        const char *name;

        if (r->p >= r->end || *r->p != '"')
          return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("expected a member name"));
        r->p++;
        if (!read_string (r, &m.key, &m.key_len))
          return FALSE;
        skip_space (r);
        if (r->p >= r->end || *r->p != ':')
          return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("expected :"));
        r->p++;
        skip_space (r);
        if (r->p < r->end && *r->p == '[' && (name = stream_name (r, &m)) != NULL)
          {
            if (!read_array (r, name, &m.value))
              return FALSE;
          }
        else if (!read_value (r, &m.value))
          return FALSE;
        g_array_append_val (r->members, m);
        skip_space (r);
        if (r->p < r->end && *r->p == ',')
          {
            r->p++;
            skip_space (r);
            continue;
          }
        if (r->p < r->end && *r->p == '}')
          {
            r->p++;
            break;
          }
        return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("expected , or }"));
      }

  n = r->members->len - base;
  out->type = OC_JSON_OBJECT;
  out->len = n;
  out->u.members = NULL;
  if (n > 0)
    {
      out->u.members = doc_alloc (r->doc, n * sizeof (OcJsonMember));
      memcpy (out->u.members, &g_array_index (r->members, OcJsonMember, base), n * sizeof (OcJsonMember));
    }
  g_array_set_size (r->members, base);
  r->depth--;
  return TRUE;
}

static gboolean
read_value (Reader      *r,
            OcJsonValue *out)
{
  skip_space (r);
  if (r->p >= r->end)
    return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("unexpected end"));

  out->len = 0;
  switch (*r->p)
    {
    case '{':
      return read_object (r, out);
    case '[':
      return read_array (r, NULL, out);
    case '"':
      out->type = OC_JSON_STRING;
      r->p++;
      return read_string (r, &out->u.s, &out->len);
    case 't':
      out->type = OC_JSON_BOOL;
      out->u.b = TRUE;
      return read_literal (r, "true");
    case 'f':
      out->type = OC_JSON_BOOL;
      out->u.b = FALSE;
      return read_literal (r, "false");
    case 'n':
      out->type = OC_JSON_NULL;
      return read_literal (r, "null");
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (r, out);
    default:
      return reader_fail (r, OC_PROTOCOL_ERROR_MALFORMED, _("unexpected character"));
    }
}

/* ------------------------------------------------------------------------ */
/* Structure only, for recovery (_oc_json_split) */

static const guchar *
split_skip_space (const guchar *p,
                  const guchar *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

/* Past the string that starts at @p (on its quote), or NULL. */
static const guchar *
split_skip_string (const guchar *p,
                   const guchar *end)
{
  for (p++; p < end; p++)
    {
      if (*p == '\\')
        p++;
      else if (*p == '"')
        return p + 1;
    }
  return NULL;
}

/* Past the value that starts at @p, however deep, or NULL. */
static const guchar *
split_skip_value (const guchar *p,
                  const guchar *end)
{
  gsize depth = 0;

  if (p >= end)
    return NULL;
  if (*p == '"')
    return split_skip_string (p, end);
  if (*p != '[' && *p != '{')
    {
      while (p < end && *p != ',' && *p != ']' && *p != '}' &&
             *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        p++;
      return p;
    }

  while (p < end)
    {
      if (*p == '"')
        {
          if (!(p = split_skip_string (p, end)))
            return NULL;
          continue;
        }
      if (*p == '[' || *p == '{')
        depth++;
      else if (*p == ']' || *p == '}')
        {
          if (--depth == 0)
            return p + 1;
        }
      p++;
    }
  return NULL;
}

gboolean
_oc_json_split (const char         *data,
                gsize               length,
                const char * const *names,
                GString            *skeleton,
                GArray             *spans)
{
  const guchar *start = (const guchar *) data;
  const guchar *end = start + length;
  const guchar *p;
  gboolean first = TRUE;

  g_return_val_if_fail (names != NULL && skeleton != NULL && spans != NULL, FALSE);

  if (data == NULL)
    return FALSE;
  p = split_skip_space (start, end);
  if (p >= end || *p != '{')
    return FALSE;
  p++;
  g_string_append_c (skeleton, '{');

  for (;;)
    {
      const guchar *key, *key_end, *value, *value_end;
      guint which = G_MAXUINT;

      p = split_skip_space (p, end);
      if (p < end && *p == '}' && first)
        break;
      if (p >= end || *p != '"' || !(key_end = split_skip_string (p, end)))
        return FALSE;
      key = p;
      p = split_skip_space (key_end, end);
      if (p >= end || *p != ':')
        return FALSE;
      value = split_skip_space (p + 1, end);

      for (guint i = 0; names[i] != NULL; i++)
        if ((gsize) (key_end - key - 2) == strlen (names[i]) &&
            memcmp (key + 1, names[i], key_end - key - 2) == 0)
          which = i;

      if (!first)
        g_string_append_c (skeleton, ',');
      first = FALSE;
      g_string_append_len (skeleton, (const char *) key, key_end - key);
      g_string_append_c (skeleton, ':');

      if (which != G_MAXUINT && value < end && *value == '[')
        {
          guint index = 0;

          /* A repeated member replaces the earlier one, as json-glib would. */
          for (guint i = spans->len; i > 0; i--)
            if (g_array_index (spans, OcJsonSpan, i - 1).name == which)
              g_array_remove_index (spans, i - 1);

          p = split_skip_space (value + 1, end);
          if (p < end && *p == ']')
            p++;
          else
            for (;;)
              {
                OcJsonSpan span = { which, index++, p - start, 0 };

                if (!(value_end = split_skip_value (p, end)))
                  return FALSE;
                span.length = value_end - p;
                g_array_append_val (spans, span);
                p = split_skip_space (value_end, end);
                if (p < end && *p == ',')
                  {
                    p = split_skip_space (p + 1, end);
                    continue;
                  }
                if (p < end && *p == ']')
                  {
                    p++;
                    break;
                  }
                return FALSE;
              }
          g_string_append (skeleton, "[]");
        }
      else
        {
          if (!(value_end = split_skip_value (value, end)))
            return FALSE;
          g_string_append_len (skeleton, (const char *) value, value_end - value);
          p = value_end;
        }

      p = split_skip_space (p, end);
      if (p < end && *p == ',')
        {
          p++;
          continue;
        }
      if (p < end && *p == '}')
        break;
      return FALSE;
    }

  g_string_append_c (skeleton, '}');
  p = split_skip_space (p + 1, end);
  return p == end;
}

/**
 * _oc_json_doc_parse:
 *
 * Prescans, then reads one JSON value (RFC 8259, nothing more: no comments,
 * no trailing commas, no NaN) followed only by white space.
 */
OcJsonDoc *
_oc_json_doc_parse (const char  *data,
                    gsize        length,
                    gsize        max_length,
                    GError     **error)
{
  return _oc_json_doc_parse_streaming (data, length, max_length, NULL, NULL, NULL, error);
}

/**
 * _oc_json_doc_parse_streaming:
 * @stream_names: (nullable): names of array members of the root object to
 *   stream
 * @func: called with each item of those arrays, in order, as it is read
 *
 * As _oc_json_doc_parse(), except that the items of the named arrays go to
 * @func (valid during the call only) and the arrays stay empty in the tree.
 */
OcJsonDoc *
_oc_json_doc_parse_streaming (const char          *data,
                              gsize                length,
                              gsize                max_length,
                              const char * const  *stream_names,
                              OcJsonItemFunc       func,
                              gpointer             user_data,
                              GError             **error)
{
  g_autoptr(OcJsonDoc) doc = NULL;
  g_autoptr(GArray) items = NULL;
  g_autoptr(GArray) members = NULL;
  Reader r;

  if (!prescan (data, length, max_length, error))
    return NULL;

  doc = g_new0 (OcJsonDoc, 1);
  items = g_array_sized_new (FALSE, FALSE, sizeof (OcJsonValue), 64);
  members = g_array_sized_new (FALSE, FALSE, sizeof (OcJsonMember), 64);
  r = (Reader) {
    .start = (const guchar *) data,
    .p = (const guchar *) data,
    .end = (const guchar *) data + length,
    .doc = doc,
    .items = items,
    .members = members,
    .error = error,
    .stream_names = func != NULL ? stream_names : NULL,
    .stream_func = func,
    .stream_data = user_data,
  };

  if (!read_value (&r, &doc->root))
    return NULL;
  skip_space (&r);
  if (r.p != r.end)
    {
      reader_fail (&r, OC_PROTOCOL_ERROR_MALFORMED, _("trailing data"));
      return NULL;
    }

  return g_steal_pointer (&doc);
}

/* A NUL-terminated scratch copy: json-glib wants C strings. */
static const char *
scratch_string (GString    *scratch,
                const char *s,
                gsize       len)
{
  g_string_truncate (scratch, 0);
  g_string_append_len (scratch, s, len);
  return scratch->str;
}

static JsonNode *
value_to_node (const OcJsonValue *v,
               GString           *scratch)
{
  JsonNode *node = json_node_alloc ();

  switch (v->type)
    {
    case OC_JSON_NULL:
      return json_node_init_null (node);
    case OC_JSON_BOOL:
      return json_node_init_boolean (node, v->u.b);
    case OC_JSON_INT:
      return json_node_init_int (node, v->u.i);
    case OC_JSON_DOUBLE:
      return json_node_init_double (node, v->u.d);
    case OC_JSON_STRING:
      /* A "\u0000" ends the string here, as in json-glib's own parser. */
      return json_node_init_string (node, scratch_string (scratch, v->u.s, v->len));
    case OC_JSON_ARRAY:
      {
        JsonArray *array = json_array_sized_new (v->len);

        for (guint32 i = 0; i < v->len; i++)
          json_array_add_element (array, value_to_node (&v->u.items[i], scratch));
        json_node_init_array (node, array);
        json_array_unref (array);
        return node;
      }
    case OC_JSON_OBJECT:
      {
        JsonObject *object = json_object_new ();

        /* A repeated member replaces the earlier one, as in json-glib. */
        for (guint32 i = 0; i < v->len; i++)
          {
            const OcJsonMember *m = &v->u.members[i];
            JsonNode *member = value_to_node (&m->value, scratch);

            json_object_set_member (object, scratch_string (scratch, m->key, m->key_len), member);
          }
        json_node_init_object (node, object);
        json_object_unref (object);
        return node;
      }
    default:
      g_assert_not_reached ();
    }
}

/**
 * _oc_json_value_to_node:
 * @v: a value of a parsed document
 *
 * Builds the json-glib tree of @v, for readers that walk JsonObjects (the
 * Dataverse rows, request bodies): the text is parsed once, by our reader.
 *
 * Returns: (transfer full): a sealed (immutable) node
 */
JsonNode *
_oc_json_value_to_node (const OcJsonValue *v)
{
  g_autoptr(GString) scratch = g_string_sized_new (256);
  JsonNode *node = value_to_node (v, scratch);

  json_node_seal (node);
  return node;
}
