// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-json-private.h"
#include "oc-protocol.h"

static gboolean
convert_node (OcJsonDoc    *doc,
              JsonNode     *node,
              OcJsonValue  *out,
              guint         depth,
              GError      **error)
{
  memset (out, 0, sizeof *out);

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      out->type = OC_JSON_NULL;
      return TRUE;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          out->type = OC_JSON_BOOL;
          out->u.b = json_node_get_boolean (node);
          return TRUE;
        case G_TYPE_INT64:
          out->type = OC_JSON_INT;
          out->u.i = json_node_get_int (node);
          return TRUE;
        case G_TYPE_DOUBLE:
          out->type = OC_JSON_DOUBLE;
          out->u.d = json_node_get_double (node);
          return TRUE;
        case G_TYPE_STRING:
          {
            const char *s = json_node_get_string (node);
            gsize len = s != NULL ? strlen (s) : 0;

            if (len > G_MAXUINT32 || !g_utf8_validate (s != NULL ? s : "", len, NULL))
              {
                g_set_error_literal (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_INVALID_UTF8,
                                     _("Invalid UTF-8 in a string"));
                return FALSE;
              }
            out->type = OC_JSON_STRING;
            out->u.s = s != NULL ? s : "";
            out->len = (guint32) len;
            return TRUE;
          }
        default:
          out->type = OC_JSON_NULL;
          return TRUE;
        }

    case JSON_NODE_ARRAY:
    case JSON_NODE_OBJECT:
      if (depth + 1 > OC_PROTOCOL_MAX_DEPTH)
        {
          g_set_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_DEEP,
                       _("Nesting deeper than %d levels"), OC_PROTOCOL_MAX_DEPTH);
          return FALSE;
        }

      if (JSON_NODE_TYPE (node) == JSON_NODE_ARRAY)
        {
          JsonArray *array = json_node_get_array (node);
          guint n = json_array_get_length (array);

          out->type = OC_JSON_ARRAY;
          out->len = n;
          out->u.items = n > 0 ? _oc_json_doc_alloc (doc, n * sizeof (OcJsonValue)) : NULL;
          for (guint i = 0; i < n; i++)
            if (!convert_node (doc, json_array_get_element (array, i),
                               &out->u.items[i], depth + 1, error))
              return FALSE;
        }
      else
        {
          JsonObject *object = json_node_get_object (node);
          g_autoptr(GList) names = json_object_get_members (object);
          guint n = g_list_length (names);
          guint i = 0;

          out->type = OC_JSON_OBJECT;
          out->len = n;
          out->u.members = n > 0 ? _oc_json_doc_alloc (doc, n * sizeof (OcJsonMember)) : NULL;
          for (GList *l = names; l != NULL; l = l->next, i++)
            {
              OcJsonMember *m = &out->u.members[i];

              m->key = l->data;
              m->key_len = (guint32) strlen (l->data);
              if (!convert_node (doc, json_object_get_member (object, l->data),
                                 &m->value, depth + 1, error))
                return FALSE;
            }
        }
      return TRUE;

    default:
      g_set_error_literal (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MALFORMED,
                           _("Unexpected JSON node"));
      return FALSE;
    }
}

/**
 * _oc_json_doc_from_node:
 *
 * Wraps a json-glib tree (for objects that came from oc_protocol_parse_json()
 * or a JsonBuilder) so the same field readers apply to it.
 */
OcJsonDoc *
_oc_json_doc_from_node (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(OcJsonDoc) doc = _oc_json_doc_new ();

  if (node == NULL)
    {
      g_set_error_literal (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MALFORMED,
                           _("No JSON value"));
      return NULL;
    }

  if (!convert_node (doc, node, _oc_json_doc_root_mutable (doc), 0, error))
    return NULL;

  return g_steal_pointer (&doc);
}
