// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-dataverse"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-dataverse-private.h"

/* The Dataverse Web API as we use it: GET with OData paging, formatted values
 * requested as annotations, and a tolerant reading of each row. */

/* ------------------------------------------------------------------------ */
/* Addresses */

static char *
org_base (const char *org_url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  gsize len;

  if (org_url == NULL)
    return NULL;
  uri = g_uri_parse (org_url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 &&
      g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return NULL;

  path = g_strdup (g_uri_get_path (uri));
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';

  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                     g_uri_get_host (uri), g_uri_get_port (uri), path, NULL, NULL);
}

char *
_oc_dataverse_api_url (const char *org_url,
                       const char *path,
                       const char *query)
{
  g_autofree char *base = org_base (org_url);

  if (base == NULL)
    return NULL;

  return g_strconcat (base, OC_DATAVERSE_API_PATH, path,
                      query != NULL ? "?" : "", query != NULL ? query : "", NULL);
}

char *
_oc_dataverse_escape_filter (const char *filter)
{
  /* Quotes, brackets and commas are OData syntax; the rest is escaped. */
  return g_uri_escape_string (filter, "'(),:", FALSE);
}

static int
effective_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/* The token goes only where it came from: a nextLink elsewhere is refused. */
gboolean
_oc_dataverse_same_origin (const char *org_url,
                           const char *url)
{
  g_autoptr(GUri) a = NULL;
  g_autoptr(GUri) b = NULL;

  if (org_url == NULL || url == NULL)
    return FALSE;
  a = g_uri_parse (org_url, G_URI_FLAGS_ENCODED, NULL);
  b = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (a == NULL || b == NULL || g_uri_get_host (a) == NULL || g_uri_get_host (b) == NULL)
    return FALSE;

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         effective_port (a) == effective_port (b);
}

static SoupMessage *
new_message (const char *method,
             const char *url,
             const char *authorization,
             guint       page_size,
             gboolean    track_changes)
{
  SoupMessage *msg;
  SoupMessageHeaders *headers;
  g_autofree char *prefer = NULL;

  if (url == NULL)
    return NULL;
  msg = soup_message_new (method, url);
  if (msg == NULL)
    return NULL;
  /* As oc_http_new_message(): no answer from another origin is trusted. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (msg);
  if (authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "OData-MaxVersion", "4.0");
  soup_message_headers_replace (headers, "OData-Version", "4.0");
  /* Microsoft's examples send it on every request: an answer cached on the
   * way must never stand in for the org's current rows. */
  soup_message_headers_replace (headers, "If-None-Match", "null");

  /* Labels of option sets and lookups come with the values, so one request
   * gives both; maxpagesize keeps each answer small. */
  if (page_size > 0)
    prefer = g_strdup_printf ("odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\","
                              "odata.maxpagesize=%u", page_size);
  else
    prefer = g_strdup ("odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"");
  /* Asks for a delta link with the rows (change tracking). */
  if (track_changes)
    {
      char *tracked = g_strconcat (prefer, ",odata.track-changes", NULL);
      g_free (prefer);
      prefer = tracked;
    }
  soup_message_headers_replace (headers, "Prefer", prefer);

  return msg;
}

SoupMessage *
_oc_dataverse_new_message (const char *method,
                           const char *url,
                           const char *authorization,
                           guint       page_size)
{
  return new_message (method, url, authorization, page_size, FALSE);
}

guint
_oc_dataverse_retry_after (SoupMessage *msg)
{
  const char *value;
  g_autofree char *trimmed = NULL;
  guint64 seconds = 0;

  value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  if (value == NULL)
    return 0;

  trimmed = g_strstrip (g_strdup (value));
  if (!g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT32, &seconds, NULL))
    {
      /* Or an HTTP date. */
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (when == NULL)
        return 0;
      seconds = (guint64) MAX (g_date_time_difference (when, now) / G_USEC_PER_SEC, 1);
    }

  return (guint) CLAMP (seconds, 1, OC_DATAVERSE_MAX_RETRY_AFTER);
}

/* ------------------------------------------------------------------------ */
/* Fetching every page */

typedef struct {
  char        *org_url;
  char        *authorization;
  char        *url;            /* the page being fetched */
  guint        page_size;
  guint        pages;
  guint        retry_after;
  gboolean     track_changes;
  char        *delta_link;     /* @odata.deltaLink of the last page */
  SoupMessage *msg;
  GPtrArray   *rows;           /* JsonObject */
} FetchAll;

static void
fetch_all_free (FetchAll *data)
{
  if (data->authorization != NULL)
    memset (data->authorization, 0, strlen (data->authorization));
  g_clear_pointer (&data->authorization, g_free);
  g_clear_pointer (&data->org_url, g_free);
  g_clear_pointer (&data->url, g_free);
  g_clear_pointer (&data->delta_link, g_free);
  g_clear_object (&data->msg);
  g_clear_pointer (&data->rows, g_ptr_array_unref);
  g_free (data);
}

static void fetch_page (GTask *task);

static gboolean
read_page (FetchAll    *data,
           GBytes      *bytes,
           char       **next_link,
           GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *page;
  JsonNode *value;
  JsonArray *array;
  guint n;

  node = oc_protocol_parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 OC_DATAVERSE_MAX_PAGE_BYTES, &local_error);
  if (node == NULL)
    {
      g_set_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                   _("Dynamics 365 sent a page that cannot be read (%s)."), local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (value = json_object_get_member (page = json_node_get_object (node), "value")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (value))
    {
      g_set_error_literal (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                           _("Dynamics 365 sent a page without a list of rows."));
      return FALSE;
    }

  array = json_node_get_array (value);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *row = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (row))
        {
          g_set_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                       _("Dynamics 365 sent a page whose row %u is not an object."), i + 1);
          return FALSE;
        }
    }
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (data->rows, json_object_ref (json_array_get_object_element (array, i)));

  /* The last page of a tracked read says where its changes will be. */
  if (data->track_changes && json_object_has_member (page, "@odata.deltaLink"))
    {
      const char *link = _oc_odata_get_string (page, "@odata.deltaLink");

      if (link == NULL || !_oc_dataverse_same_origin (data->org_url, link))
        {
          g_set_error_literal (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                               _("Dynamics 365 sent a change-tracking link that is not an address on the organisation."));
          return FALSE;
        }
      g_free (data->delta_link);
      data->delta_link = g_strdup (link);
    }

  *next_link = NULL;
  if (json_object_has_member (page, "@odata.nextLink"))
    {
      JsonNode *link = json_object_get_member (page, "@odata.nextLink");
      const char *url;

      if (!JSON_NODE_HOLDS_VALUE (link) || json_node_get_value_type (link) != G_TYPE_STRING)
        {
          g_set_error_literal (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                               _("Dynamics 365 sent a next-page link that is not an address."));
          return FALSE;
        }
      url = json_node_get_string (link);
      if (!_oc_dataverse_same_origin (data->org_url, url))
        {
          g_set_error_literal (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                               _("Dynamics 365 sent a next-page link to another server; it was not followed."));
          return FALSE;
        }
      if (g_strcmp0 (url, data->url) == 0 || data->pages >= OC_DATAVERSE_MAX_PAGES)
        {
          g_set_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                       _("Dynamics 365 kept sending more pages (%u); reading stopped."), data->pages);
          return FALSE;
        }
      *next_link = g_strdup (url);
    }

  return TRUE;
}

static void
page_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchAll *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *next_link = NULL;

  bytes = oc_http_fetch_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RATE_LIMITED) ||
          g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAVAILABLE))
        data->retry_after = _oc_dataverse_retry_after (data->msg);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->pages++;
  if (!read_page (data, bytes, &next_link, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (next_link == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&data->rows), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  g_free (data->url);
  data->url = g_steal_pointer (&next_link);
  fetch_page (g_steal_pointer (&task));
}

static void
fetch_page (GTask *task)
{
  FetchAll *data = g_task_get_task_data (task);

  g_clear_object (&data->msg);
  data->msg = new_message (SOUP_METHOD_GET, data->url, data->authorization, data->page_size,
                           data->track_changes);
  if (data->msg == NULL)
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                               _("Dynamics 365 gave an address that cannot be used."));
      g_object_unref (task);
      return;
    }

  oc_http_fetch_async (g_task_get_source_object (task), data->msg, OC_DATAVERSE_MAX_PAGE_BYTES,
                       g_task_get_cancellable (task), page_fetched_cb, task);
}

static void
fetch_start (SoupSession         *session,
             const char          *org_url,
             const char          *authorization,
             const char          *url,
             guint                page_size,
             gboolean             track_changes,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchAll *data;

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, _oc_dataverse_fetch_all_async);

  data = g_new0 (FetchAll, 1);
  data->track_changes = track_changes;
  data->org_url = g_strdup (org_url);
  data->authorization = g_strdup (authorization);
  data->url = g_strdup (url);
  data->page_size = page_size;
  data->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_all_free);

  if (url == NULL)
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                               _("The organisation address is not a valid https:// address."));
      return;
    }

  fetch_page (g_steal_pointer (&task));
}

void
_oc_dataverse_fetch_all_async (SoupSession         *session,
                               const char          *org_url,
                               const char          *authorization,
                               const char          *url,
                               guint                page_size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SOUP_IS_SESSION (session));

  fetch_start (session, org_url, authorization, url, page_size, FALSE, cancellable, callback,
               user_data);
}

void
_oc_dataverse_fetch_changes_async (SoupSession         *session,
                                   const char          *org_url,
                                   const char          *authorization,
                                   const char          *url,
                                   guint                page_size,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SOUP_IS_SESSION (session));

  fetch_start (session, org_url, authorization, url, page_size, TRUE, cancellable, callback,
               user_data);
}

GPtrArray *
_oc_dataverse_fetch_changes_finish (SoupSession   *session,
                                    GAsyncResult  *result,
                                    char         **delta_link,
                                    guint         *retry_after,
                                    GError       **error)
{
  FetchAll *data;
  GPtrArray *rows;

  rows = _oc_dataverse_fetch_all_finish (session, result, retry_after, error);
  data = g_task_get_task_data (G_TASK (result));
  if (rows != NULL)
    *delta_link = g_steal_pointer (&data->delta_link);
  return rows;
}

gboolean
_oc_odata_is_deleted (JsonObject *row)
{
  const char *context = _oc_odata_get_string (row, "@odata.context");

  return context != NULL && g_str_has_suffix (context, "/$deletedEntity");
}

GPtrArray *
_oc_dataverse_fetch_all_finish (SoupSession   *session,
                                GAsyncResult  *result,
                                guint         *retry_after,
                                GError       **error)
{
  FetchAll *data;

  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (retry_after != NULL)
    *retry_after = data->retry_after;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Reading one row */

const char *
_oc_odata_get_string (JsonObject *row,
                      const char *column)
{
  JsonNode *node = json_object_get_member (row, column);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
_oc_odata_get_formatted (JsonObject *row,
                         const char *column)
{
  g_autofree char *name = g_strconcat (column, OC_DATAVERSE_FORMATTED, NULL);

  return _oc_odata_get_string (row, name);
}

gboolean
_oc_odata_get_int (JsonObject *row,
                   const char *column,
                   gint64     *value)
{
  JsonNode *node = json_object_get_member (row, column);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        if (!(d >= -9007199254740992.0 && d <= 9007199254740992.0))
          return FALSE;
        *value = (gint64) d;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

gboolean
_oc_odata_get_bool (JsonObject *row,
                    const char *column,
                    gboolean    fallback)
{
  JsonNode *node = json_object_get_member (row, column);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

gint64
_oc_odata_get_time (JsonObject *row,
                    const char *column)
{
  const char *text = _oc_odata_get_string (row, column);
  gint64 when = 0;

  /* Dataverse writes UTC with a Z; a value without a zone is read as UTC. */
  if (text == NULL || !oc_protocol_parse_time (text, OC_PROTOCOL_TIME_NO_ZONE_IS_UTC, &when, NULL))
    return 0;
  return when;
}

char *
_oc_odata_get_id (JsonObject *row,
                  const char *column)
{
  const char *text = _oc_odata_get_string (row, column);

  if (text == NULL || !oc_protocol_is_valid_id (text))
    return NULL;
  return g_ascii_strdown (text, -1);
}
