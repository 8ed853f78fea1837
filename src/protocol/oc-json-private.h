// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A small, strict JSON reader (oc-json.c): the one parser of the protocol.
 * For the hot paths (snapshots of 100,000 conversations, thousands of events
 * a second) it reads into an arena, where json-glib builds a GHashTable per
 * object (bench-protocol prints both); for everyone else it builds json-glib's
 * tree, since json-glib's own parser takes more than JSON. Values are views:
 * unescaped strings point into the input, which must outlive the document. */

typedef enum {
  OC_JSON_NULL,
  OC_JSON_BOOL,
  OC_JSON_INT,
  OC_JSON_DOUBLE,
  OC_JSON_STRING,
  OC_JSON_ARRAY,
  OC_JSON_OBJECT,
} OcJsonType;

typedef struct _OcJsonValue  OcJsonValue;
typedef struct _OcJsonMember OcJsonMember;
typedef struct _OcJsonDoc    OcJsonDoc;

struct _OcJsonValue
{
  OcJsonType type;
  guint32    len;       /* string bytes, array items or object members */
  union {
    gboolean      b;
    gint64        i;
    double        d;
    const char   *s;    /* not NUL-terminated; may hold "\u0000" as a NUL */
    OcJsonValue  *items;
    OcJsonMember *members;
  } u;
};

struct _OcJsonMember
{
  const char  *key;
  guint32      key_len;
  OcJsonValue  value;
};

typedef void (*OcJsonItemFunc) (const char        *array_name,
                                guint              index,
                                const OcJsonValue *item,
                                gpointer           user_data);

/* Prescans (size, UTF-8, nesting depth), then reads one JSON value (RFC 8259,
 * nothing more: no comments, no trailing commas, no NaN) followed only by
 * white space. */
OcJsonDoc         *_oc_json_doc_parse  (const char   *data,
                                        gsize         length,
                                        gsize         max_length,
                                        GError      **error);
/* As _oc_json_doc_parse(), except that the items of the root object's arrays
 * named in @stream_names go to @func (valid during the call only), in order,
 * and those arrays stay empty in the tree. */
OcJsonDoc         *_oc_json_doc_parse_streaming (const char          *data,
                                                 gsize                length,
                                                 gsize                max_length,
                                                 const char * const  *stream_names,
                                                 OcJsonItemFunc       func,
                                                 gpointer             user_data,
                                                 GError             **error);
/* One item of a root array found by _oc_json_split(): which array (an index
 * into the names), and where its bytes are. */
typedef struct
{
  guint  name;
  guint  index;
  gsize  offset;
  gsize  length;
} OcJsonSpan;
/* Follows only the structure of @data (strings, brackets, commas: no
 * decoding, no UTF-8 or depth checks) to find the items of the root
 * object's arrays named in @names; @skeleton gets the document with those
 * arrays emptied. For reading one bad item apart from the rest. FALSE when
 * even the structure cannot be followed. */
gboolean           _oc_json_split      (const char         *data,
                                        gsize               length,
                                        const char * const *names,
                                        GString            *skeleton,
                                        GArray             *spans);
const OcJsonValue *_oc_json_doc_root   (OcJsonDoc    *doc);
void               _oc_json_doc_free   (OcJsonDoc    *doc);

/* The value of the last member named @key, or NULL. */
const OcJsonValue *_oc_json_object_get (const OcJsonValue *object,
                                        const char        *key);

/* The json-glib tree of a value, sealed (immutable). */
JsonNode          *_oc_json_value_to_node (const OcJsonValue *v);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcJsonDoc, _oc_json_doc_free)

G_END_DECLS
