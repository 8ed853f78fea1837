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

/* A real org's document runs to tens of megabytes. */
#define MAX_METADATA_BYTES (4 * OC_DATAVERSE_MAX_PAGE_BYTES)

static void
metadata_fetched_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OcDataverseSource) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = oc_http_fetch_finish (SOUP_SESSION (object), result, &error);
  GHashTable *metadata;

  if (body == NULL)
    {
      /* Unknown: the actions-enabled setting alone decides, as before. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No $metadata: %s", error->message);
      return;
    }

  metadata = _oc_dataverse_metadata_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  if (metadata == NULL)
    {
      g_debug ("%s", error->message);
      return;
    }
  g_clear_pointer (&self->action_metadata, g_hash_table_unref);
  self->action_metadata = metadata;
  /* The window's buttons say now why an action is not offered. */
  _oc_source_notify_capabilities (OC_SOURCE (self));
}

void
_oc_dataverse_metadata_fetch (OcDataverseSource *self)
{
  g_autofree char *url = _oc_dataverse_api_url (oc_source_get_server_url (OC_SOURCE (self)), "$metadata", NULL);
  g_autoptr(SoupMessage) msg = NULL;

  g_assert (OC_IS_DATAVERSE_SOURCE (self));

  g_cancellable_cancel (self->metadata_cancellable);
  g_clear_object (&self->metadata_cancellable);
  g_clear_pointer (&self->action_metadata, g_hash_table_unref);
  if (url == NULL || self->authorization == NULL)
    return;

  self->metadata_cancellable = g_cancellable_new ();
  msg = _oc_dataverse_new_message ("GET", url, self->authorization, 0);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/xml");
  oc_http_fetch_async (self->session, msg, MAX_METADATA_BYTES, self->metadata_cancellable,
                       metadata_fetched_cb, g_object_ref (self));
}
