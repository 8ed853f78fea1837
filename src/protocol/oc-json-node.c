// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-json"

#include "config.h"

#include <string.h>

#include "oc-json-private.h"

/* @v's string as a NUL-terminated scratch copy: json-glib wants C strings. */
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
