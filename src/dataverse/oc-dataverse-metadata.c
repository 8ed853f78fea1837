// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-dataverse"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-dataverse-private.h"

/*
 * The org's $metadata (OData CSDL XML) read for what the console needs to
 * know before it offers an action: which Actions exist, what they are bound
 * to and which parameters they take. Everything else in the (large)
 * document is skipped as it streams through GMarkupParseContext.
 */

typedef struct {
  GHashTable *actions;  /* name → GHashTable of parameter name → type */
  GHashTable *current;  /* the Action being read, or NULL */
  guint       depth;    /* element depth inside it */
} MetadataParser;

/* "edm:Action" and "Action" alike: a document may prefix its namespace. */
static const char *
local_name (const char *element)
{
  const char *colon = strrchr (element, ':');

  return colon != NULL ? colon + 1 : element;
}

static const char *
find_attribute (const char **names,
                const char **values,
                const char  *wanted)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], wanted))
      return values[i];
  return NULL;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  MetadataParser *parser = user_data;
  const char *name = local_name (element);

  if (parser->current != NULL)
    {
      parser->depth++;
      if (parser->depth == 1 && g_str_equal (name, "Parameter"))
        {
          const char *parameter = find_attribute (names, values, "Name");
          const char *type = find_attribute (names, values, "Type");

          if (parameter != NULL)
            g_hash_table_replace (parser->current, g_strdup (parameter), g_strdup (type ? type : ""));
        }
      return;
    }

  if (g_str_equal (name, "Action"))
    {
      const char *action = find_attribute (names, values, "Name");
      const char *bound = find_attribute (names, values, "IsBound");
      GHashTable *parameters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      /* The bound marker lives beside the parameters under a name no
       * parameter can have. */
      if (g_strcmp0 (bound, "true") == 0)
        g_hash_table_replace (parameters, g_strdup ("@IsBound"), g_strdup ("true"));
      if (action != NULL)
        g_hash_table_replace (parser->actions, g_strdup (action), parameters);
      else
        g_hash_table_unref (parameters);
      parser->current = action != NULL ? parameters : NULL;
      parser->depth = 0;
    }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  MetadataParser *parser = user_data;

  if (parser->current == NULL)
    return;
  if (parser->depth == 0)
    parser->current = NULL;
  else
    parser->depth--;
}

static const GMarkupParser metadata_parser = {
  start_element, end_element, NULL, NULL, NULL
};

/**
 * _oc_dataverse_metadata_parse:
 * @xml: the CSDL document, as GET <org>/api/data/v9.2/$metadata answers it
 * @length: its length in bytes
 * @error: return location for an %OC_SOURCE_ERROR_PROTOCOL
 *
 * Returns: (transfer full) (nullable): the Actions by name, each a table of
 *   its parameters (name → Type), with "@IsBound" present when bound; or
 *   %NULL when @xml is not well-formed XML
 */
GHashTable *
_oc_dataverse_metadata_parse (const char  *xml,
                              gsize        length,
                              GError     **error)
{
  g_autoptr(GHashTable) actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_hash_table_unref);
  MetadataParser parser = { actions, NULL, 0 };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;

  context = g_markup_parse_context_new (&metadata_parser, 0, &parser, NULL);
  if (!g_markup_parse_context_parse (context, xml, length, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      g_set_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                   _("The organisation’s $metadata could not be read: %s"), local_error->message);
      return NULL;
    }
  return g_steal_pointer (&actions);
}
