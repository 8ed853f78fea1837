// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A small, strict JSON reader for the hot paths (snapshots of 100,000
 * conversations, thousands of events a second). json-glib builds a GHashTable
 * per object and tokenizes through GScanner: 2.2 s for a 52 MB snapshot here,
 * where this reader with its arena takes a fraction of that. Values are views:
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

/* Size, UTF-8 and nesting depth, in one pass, before any parsing. */
gboolean           _oc_json_prescan    (const char   *data,
                                        gsize         length,
                                        gsize         max_length,
                                        GError      **error);
OcJsonDoc         *_oc_json_doc_parse  (const char   *data,
                                        gsize         length,
                                        gsize         max_length,
                                        GError      **error);
OcJsonDoc         *_oc_json_doc_parse_streaming (const char          *data,
                                                 gsize                length,
                                                 gsize                max_length,
                                                 const char * const  *stream_names,
                                                 OcJsonItemFunc       func,
                                                 gpointer             user_data,
                                                 GError             **error);
const OcJsonValue *_oc_json_doc_root   (OcJsonDoc    *doc);
void               _oc_json_doc_free   (OcJsonDoc    *doc);

/* For the readers in oc-json*.c only. */
OcJsonDoc         *_oc_json_doc_new          (void);
OcJsonValue       *_oc_json_doc_root_mutable (OcJsonDoc *doc);
gpointer           _oc_json_doc_alloc        (OcJsonDoc *doc,
                                              gsize      size);

/* Everything allocated after a mark can be freed at once (a streamed item). */
typedef struct {
  gpointer block;
  gsize    used;
} OcJsonArenaMark;

OcJsonArenaMark    _oc_json_arena_mark       (OcJsonDoc       *doc);
void               _oc_json_arena_reset      (OcJsonDoc       *doc,
                                              OcJsonArenaMark  mark);

/* The json-glib tree of a value (oc-json-node.c). */
JsonNode          *_oc_json_value_to_node (const OcJsonValue *v);

/* The value of the last member named @key, or NULL. */
const OcJsonValue *_oc_json_object_get (const OcJsonValue *object,
                                        const char        *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcJsonDoc, _oc_json_doc_free)

G_END_DECLS
