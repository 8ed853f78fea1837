// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "fake-dataverse-private.h"

#define API "/api/data/v9.2/"
#define FORMATTED "@OData.Community.Display.V1.FormattedValue"
#define FAKE_TEAM_SUPERVISORS "7e000000-0000-0000-0000-000000000001"
#define FAKE_TEAM_EMPTY       "7e000000-0000-0000-0000-000000000002"

/* The tables and columns the fake knows, by their documented names. A
 * column outside these makes Dataverse answer 400; so does the fake. */
static const struct {
  const char *set;
  const char *entity;
  const char *key;
  const char *columns;
} tables[] = {
  { "msdyn_ocliveworkitems", "msdyn_ocliveworkitem", "activityid",
    "activityid,subject,statecode,statuscode,createdon,modifiedon,msdyn_firstwaitstartedon,"
    "msdyn_activeagentassignedon,msdyn_wrapupinitiatedon,msdyn_customersentimentlabel,"
    "_msdyn_cdsqueueid_value,_msdyn_activeagentid_value,_msdyn_liveworkstreamid_value,"
    "_msdyn_customer_value,msdyn_channel,msdyn_statusupdatedon,msdyn_isagentaccepted,msdyn_isagentsession,"
    "_msdyn_channelinstanceid_value,msdyn_conversationfirstwaittimeinseconds,msdyn_transfercount" },
  { "msdyn_liveworkstreams", "msdyn_liveworkstream", "msdyn_liveworkstreamid",
    "msdyn_liveworkstreamid,msdyn_name,msdyn_streamsource,msdyn_allowedpresences,"
    "_msdyn_defaultqueue_value,modifiedon" },
  { "queues", "queue", "queueid", "queueid,name,msdyn_isomnichannelqueue,msdyn_queuetype,modifiedon" },
  { "msdyn_presences", "msdyn_presence", "msdyn_presenceid",
    "msdyn_presenceid,msdyn_name,msdyn_basepresencestatus,msdyn_presencestatustext,modifiedon" },
  { "msdyn_agentstatuses", "msdyn_agentstatus", "msdyn_agentstatusid",
    "msdyn_agentstatusid,_msdyn_agentid_value,_msdyn_currentpresenceid_value,"
    "msdyn_availableunitscapacity,msdyn_presencemodifiedon,modifiedon" },
  { "systemusers", "systemuser", "systemuserid", "systemuserid,fullname,msdyn_capacity,isdisabled,modifiedon" },
  { "queuememberships", "queuemembership", "queuemembershipid", "queuemembershipid,queueid,systemuserid" },
  { "bookableresources", "bookableresource", "bookableresourceid",
    "bookableresourceid,_userid_value,name,modifiedon" },
  { "bookableresourcecharacteristics", "bookableresourcecharacteristic", "bookableresourcecharacteristicid",
    "bookableresourcecharacteristicid,_resource_value,_characteristic_value,_ratingvalue_value,modifiedon" },
  { "msdyn_transcripts", "msdyn_transcript", "msdyn_transcriptid",
    /* msdyn_voicetranscript_name: a call's transcript file (its format
     * is not published), as Microsoft's table reference lists it. */
    "msdyn_transcriptid,_msdyn_liveworkitemidid_value,createdon,modifiedon,msdyn_voicetranscript_name" },
  { "annotations", "annotation", "annotationid",
    "annotationid,documentbody,createdon,isdocument,_objectid_value,mimetype,filename,modifiedon" },
};

struct _FakeDataverse
{
  SoupServer *server;
  char       *url;
  char       *token;
  GHashTable *rows;            /* entity set -> GPtrArray of JsonObject */
  GPtrArray  *requests;
  GArray     *request_times;
  GPtrArray  *actions;
  guint       throttle_n;
  guint       throttle_seconds;
  GHashTable *broken_next;     /* entity sets */
  GHashTable *throttled_next;  /* entity set -> Retry-After seconds */
  guint       n_collection_requests;
  gboolean    api_access_role;
  gboolean    roles_through_team;
  guint       n_without_if_none_match;
  GHashTable *forbidden;       /* entity sets */
  gboolean    refuse_actions;
  char       *metadata;
  char       *user_id;
  /* Change tracking: a version for every change, as Dataverse keeps */
  GHashTable *tracked;         /* entity sets */
  guint64     version;
  GHashTable *versions;        /* JsonObject -> version of its last change */
  GPtrArray  *tombstones;      /* Tombstone */
};

typedef struct {
  char    *set;
  char    *id;
  guint64  version;
} Tombstone;

static void
tombstone_free (Tombstone *tombstone)
{
  g_free (tombstone->set);
  g_free (tombstone->id);
  g_free (tombstone);
}

int
fake_dataverse_find_table (const char *set)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_strcmp0 (tables[i].set, set) == 0)
      return (int) i;
  return -1;
}

gboolean
fake_dataverse_has_column (int         table,
                           const char *column)
{
  g_auto(GStrv) columns = g_strsplit (tables[table].columns, ",", -1);

  return g_strv_contains ((const char * const *) columns, column);
}

const char *
fake_dataverse_table_entity (int table)
{
  return tables[table].entity;
}

char *
fake_dataverse_time_ago (gint64 seconds_ago)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC - seconds_ago);

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

/* ------------------------------------------------------------------------ */
/* Answers */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "OData-Version", "4.0");
  soup_server_message_set_response (msg, "application/json; odata.metadata=minimal",
                                    SOUP_MEMORY_COPY, json, strlen (json));
}

static char *
node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  /* (Built, so that quotes in a message stay JSON.) */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = node_to_string (root);
  respond_json (msg, status, json);
}

/* ------------------------------------------------------------------------ */
/* Collections */

typedef struct {
  char     **columns;       /* "col" or "col desc", as $orderby lists them */
  const char *key;
  gboolean    flip_ties;
} Order;

static int
compare_column (JsonObject *x,
                JsonObject *y,
                const char *column)
{
  JsonNode *nx = json_object_get_member (x, column);
  JsonNode *ny = json_object_get_member (y, column);

  if (nx != NULL && ny != NULL && JSON_NODE_HOLDS_VALUE (nx) && JSON_NODE_HOLDS_VALUE (ny))
    {
      if (json_node_get_value_type (nx) == G_TYPE_STRING && json_node_get_value_type (ny) == G_TYPE_STRING)
        return g_strcmp0 (json_node_get_string (nx), json_node_get_string (ny));
      if (json_node_get_value_type (nx) == G_TYPE_INT64 && json_node_get_value_type (ny) == G_TYPE_INT64)
        return json_node_get_int (nx) < json_node_get_int (ny) ? -1 : json_node_get_int (nx) > json_node_get_int (ny);
    }
  return 0;
}

/* Rows equal in every $orderby column come in no promised order: like
 * Dataverse, whose paging cookie remembers only the last row's values, the
 * fake orders such ties one way on one request and the other way on the
 * next, so a client that pages without a unique order repeats and skips. */
static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Order *order = user_data;
  JsonObject *x = *(JsonObject * const *) a;
  JsonObject *y = *(JsonObject * const *) b;
  int cmp;

  for (guint i = 0; order->columns[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (order->columns[i], " ", 2);

      cmp = compare_column (x, y, parts[0]);
      if (cmp != 0)
        return parts[1] != NULL && g_str_equal (parts[1], "desc") ? -cmp : cmp;
    }
  cmp = compare_column (x, y, order->key);
  return order->flip_ties ? -cmp : cmp;
}

static guint
page_size_of (SoupServerMessage *msg)
{
  const char *prefer = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Prefer");
  const char *size = prefer ? strstr (prefer, "odata.maxpagesize=") : NULL;

  if (size == NULL)
    return 5000;
  return MAX ((guint) g_ascii_strtoull (size + strlen ("odata.maxpagesize="), NULL, 10), 1);
}

static gboolean
wants_annotations (SoupServerMessage *msg)
{
  const char *prefer = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Prefer");

  return prefer != NULL && (strstr (prefer, "FormattedValue") != NULL || strstr (prefer, "=\"*\"") != NULL);
}

static gboolean
wants_tracking (SoupServerMessage *msg)
{
  const char *prefer = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Prefer");

  return prefer != NULL && strstr (prefer, "odata.track-changes") != NULL;
}

static void
touch (FakeDataverse *self,
       JsonObject    *row)
{
  g_hash_table_insert (self->versions, row, GSIZE_TO_POINTER ((gsize) ++self->version));
}

static void
serve_collection (FakeDataverse     *self,
                  SoupServerMessage *msg,
                  int                table,
                  GHashTable        *params,
                  const char        *raw_query)
{
  const char *set = tables[table].set;
  GPtrArray *rows = g_hash_table_lookup (self->rows, set);
  g_autoptr(GPtrArray) matched = g_ptr_array_new ();
  g_auto(GStrv) select = NULL;
  g_autoptr(FakeFilter) filter = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  const char *select_text = g_hash_table_lookup (params, "$select");
  const char *filter_text = g_hash_table_lookup (params, "$filter");
  const char *orderby = g_hash_table_lookup (params, "$orderby");
  const char *skiptoken = g_hash_table_lookup (params, "$skiptoken");
  guint offset = skiptoken ? (guint) g_ascii_strtoull (skiptoken, NULL, 10) : 0;
  guint page_size = page_size_of (msg);
  gboolean annotations = wants_annotations (msg);
  const char *deltatoken = g_hash_table_lookup (params, "$deltatoken");
  gboolean tracking = wants_tracking (msg) || deltatoken != NULL;
  guint64 since = deltatoken ? g_ascii_strtoull (deltatoken, NULL, 10) : 0;
  g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (g_hash_table_contains (self->forbidden, set))
    {
      g_autofree char *text = g_strdup_printf ("Principal user is missing prvRead%s privilege", tables[table].entity);
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "0x80040220", text);
      return;
    }

  /* As Dataverse: only for a table that tracks changes, and then without
   * $filter, $orderby, $expand or $top. */
  if (tracking && !g_hash_table_contains (self->tracked, set))
    {
      g_autofree char *text = g_strdup_printf ("Change tracking is not enabled for the entity %s.", tables[table].entity);
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "0x80044198", text);
      return;
    }
  if (tracking)
    {
      static const char * const refused[] = { "$filter", "$orderby", "$expand", "$top" };

      for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
        if (g_hash_table_contains (params, refused[i]))
          {
            g_autofree char *text = g_strdup_printf ("The \"%s\" query parameter isn't supported when Change Tracking is enabled.",
                                                     refused[i]);
            respond_error (msg, SOUP_STATUS_BAD_REQUEST, "0x80060888", text);
            return;
          }
    }

  if (skiptoken != NULL && g_hash_table_contains (self->throttled_next, set))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", GPOINTER_TO_UINT (g_hash_table_lookup (self->throttled_next, set)));

      g_hash_table_remove (self->throttled_next, set);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
      respond_error (msg, 429, "0x80072321",
                     "Number of requests exceeded the limit of 6000 over time window of 300 seconds.");
      return;
    }

  if (skiptoken != NULL && g_hash_table_remove (self->broken_next, set))
    {
      respond_json (msg, SOUP_STATUS_OK, "{\"value\": [{\"activityid\": \"0b4e");
      return;
    }

  if (select_text != NULL)
    {
      select = g_strsplit (select_text, ",", -1);
      for (guint i = 0; select[i] != NULL; i++)
        if (!fake_dataverse_has_column (table, select[i]))
          {
            g_autofree char *text = g_strdup_printf ("Could not find a property named '%s' on type 'Microsoft.Dynamics.CRM.%s'.",
                                                     select[i], tables[table].entity);
            respond_error (msg, SOUP_STATUS_BAD_REQUEST, "0x80060888", text);
            return;
          }
    }

  if (filter_text != NULL)
    {
      g_autoptr(GPtrArray) tokens = fake_filter_tokenize (filter_text);
      FakeFilterParser parser = { (char **) tokens->pdata, 0, table, NULL };

      filter = fake_filter_parse (&parser);
      if (filter == NULL || tokens->pdata[parser.pos] != NULL)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "0x80060888",
                         parser.error ? parser.error : "Syntax error in $filter");
          g_free (parser.error);
          return;
        }
    }

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    if ((filter == NULL || fake_filter_matches (filter, g_ptr_array_index (rows, i))) &&
        (deltatoken == NULL ||
         GPOINTER_TO_SIZE (g_hash_table_lookup (self->versions, g_ptr_array_index (rows, i))) > since))
      g_ptr_array_add (matched, g_ptr_array_index (rows, i));

  /* A delta ends with the rows deleted since, as Microsoft's example shows. */
  for (guint i = 0; deltatoken != NULL && i < self->tombstones->len; i++)
    {
      Tombstone *tombstone = g_ptr_array_index (self->tombstones, i);
      JsonObject *entry;
      g_autofree char *context = NULL;

      if (!g_str_equal (tombstone->set, set) || tombstone->version <= since)
        continue;
      entry = json_object_new ();
      context = g_strdup_printf ("%s" API "$metadata#%s/$deletedEntity", self->url, set);
      json_object_set_string_member (entry, "@odata.context", context);
      json_object_set_string_member (entry, "id", tombstone->id);
      json_object_set_string_member (entry, "reason", "deleted");
      g_ptr_array_add (deleted, entry);
    }

  {
    g_auto(GStrv) columns = g_strsplit (orderby ? orderby : "", ",", -1);
    /* Without $orderby, Dataverse pages by the primary key: a stable order. */
    Order order = { columns, tables[table].key,
                    orderby != NULL && (self->n_collection_requests++ % 2) == 1 };

    for (guint i = 0; columns[i] != NULL; i++)
      {
        g_auto(GStrv) parts = g_strsplit (g_strstrip (columns[i]), " ", 2);

        if (!fake_dataverse_has_column (table, parts[0]))
          {
            respond_error (msg, SOUP_STATUS_BAD_REQUEST, "0x80060888", "Unknown $orderby column");
            return;
          }
      }
    g_ptr_array_sort_with_data (matched, compare_rows, &order);
  }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "@odata.context");
  json_builder_add_string_value (builder, "$metadata#fake");
  json_builder_set_member_name (builder, "value");
  json_builder_begin_array (builder);
  for (guint i = offset; i < matched->len + deleted->len && i < offset + page_size; i++)
    {
      JsonObject *row;
      g_autoptr(GList) members = NULL;

      if (i >= matched->len)
        {
          json_builder_add_value (builder, json_node_init_object (json_node_alloc (),
                                                                  g_ptr_array_index (deleted, i - matched->len)));
          continue;
        }
      row = g_ptr_array_index (matched, i);
      members = json_object_get_members (row);

      json_builder_begin_object (builder);
      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;
          g_autofree char *column = NULL;
          const char *at = strchr (name, '@');

          column = at ? g_strndup (name, at - name) : g_strdup (name);
          if (select != NULL && !g_strv_contains ((const char * const *) select, column))
            continue;
          if (at != NULL && !annotations)
            continue;
          json_builder_set_member_name (builder, name);
          json_builder_add_value (builder, json_node_copy (json_object_get_member (row, name)));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (offset + page_size < matched->len + deleted->len)
    {
      g_autoptr(GString) link = g_string_new (self->url);
      g_auto(GStrv) parts = g_strsplit (raw_query ? raw_query : "", "&", -1);

      g_string_append_printf (link, "%s%s?", API, set);
      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0' && !g_str_has_prefix (parts[i], "$skiptoken="))
          g_string_append_printf (link, "%s&", parts[i]);
      g_string_append_printf (link, "$skiptoken=%u", offset + page_size);
      json_builder_set_member_name (builder, "@odata.nextLink");
      json_builder_add_string_value (builder, link->str);
    }
  else if (tracking)
    {
      /* The last page of a tracked read: where the next changes will be. */
      g_autofree char *link = g_strdup_printf ("%s" API "%s?$select=%s&$deltatoken=%" G_GUINT64_FORMAT,
                                               self->url, set, select_text ? select_text : "", self->version);

      json_builder_set_member_name (builder, "@odata.deltaLink");
      json_builder_add_string_value (builder, link);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  body = node_to_string (root);
  respond_json (msg, SOUP_STATUS_OK, body);
}

/* ------------------------------------------------------------------------ */
/* Routing */

static GHashTable *
parse_query (const char *raw_query)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) parts = g_strsplit (raw_query ? raw_query : "", "&", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *eq = strchr (parts[i], '=');

      if (eq == NULL)
        continue;
      *eq = '\0';
      g_hash_table_replace (params, g_uri_unescape_string (parts[i], NULL),
                            g_uri_unescape_string (eq + 1, NULL));
    }
  return params;
}

static void
handle_action (FakeDataverse     *self,
               SoupServerMessage *msg,
               const char        *path)
{
  /* msdyn_ocliveworkitems(<id>)/Microsoft.Dynamics.CRM.<Message> */
  const char *open = strchr (path, '(');
  const char *close = open ? strchr (open, ')') : NULL;
  const char *name = close ? strstr (close, "/Microsoft.Dynamics.CRM.") : NULL;
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autofree char *id = NULL;

  if (name == NULL || !g_str_has_prefix (path, "msdyn_ocliveworkitems("))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "0x80060888", "Resource not found for the segment.");
      return;
    }
  id = g_strndup (open + 1, close - open - 1);
  g_ptr_array_add (self->actions, g_strdup_printf ("%s %s %.*s", name + strlen ("/Microsoft.Dynamics.CRM."), id,
                                                   (int) g_bytes_get_size (bytes),
                                                   (const char *) g_bytes_get_data (bytes, NULL)));
  if (self->refuse_actions)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "0x80040265",
                     "The conversation is not in a state that allows this operation.");
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* The supervisor's roles beyond "Basic User", as JSON objects. */
static char *
fake_roles_json (FakeDataverse *self)
{
  return g_strdup_printf ("{\"name\":\"Omnichannel supervisor\"}%s",
                          self->api_access_role ? ",{\"name\":\"Omnichannel API access\"}" : "");
}

/* teams?$select=teamid&$expand=teamroles_association($select=name)&$filter=teamid eq …:
 * the supervisor's two teams, one holding roles when they come through a
 * team and one holding none. */
static void
serve_teams (FakeDataverse     *self,
             SoupServerMessage *msg,
             GHashTable        *params)
{
  const char *expand = g_hash_table_lookup (params, "$expand");
  const char *filter = g_hash_table_lookup (params, "$filter");
  g_autoptr(GString) body = g_string_new ("{\"value\":[");

  if (g_hash_table_contains (self->forbidden, "teams"))
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "0x80040220", "Principal user is missing prvReadTeam privilege");
      return;
    }
  if (g_strcmp0 (expand, "teamroles_association($select=name)") != 0 ||
      g_strcmp0 (g_hash_table_lookup (params, "$select"), "teamid") != 0)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "0x80060888", "Unexpected teams query");
      return;
    }
  if (filter != NULL && strstr (filter, "teamid eq " FAKE_TEAM_SUPERVISORS) != NULL)
    {
      g_autofree char *roles = fake_roles_json (self);

      g_string_append_printf (body, "{\"teamid\":\"%s\",\"teamroles_association\":[%s]}",
                              FAKE_TEAM_SUPERVISORS, self->roles_through_team ? roles : "");
    }
  if (filter != NULL && strstr (filter, "teamid eq " FAKE_TEAM_EMPTY) != NULL)
    g_string_append_printf (body, "%s{\"teamid\":\"%s\",\"teamroles_association\":[]}",
                            body->str[body->len - 1] == '[' ? "" : ",", FAKE_TEAM_EMPTY);
  g_string_append (body, "]}");
  respond_json (msg, SOUP_STATUS_OK, body->str);
}

/* EntityDefinitions?$select=LogicalName&$filter=ChangeTrackingEnabled eq true,
 * as Microsoft's change-tracking article asks. */
static void
serve_entity_definitions (FakeDataverse     *self,
                          SoupServerMessage *msg,
                          GHashTable        *params)
{
  g_autoptr(GString) body = g_string_new ("{\"value\":[");

  if (g_hash_table_contains (self->forbidden, "EntityDefinitions"))
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "0x80040220", "Principal user is missing prvReadEntity privilege");
      return;
    }
  if (g_strcmp0 (g_hash_table_lookup (params, "$filter"), "ChangeTrackingEnabled eq true") != 0 ||
      g_strcmp0 (g_hash_table_lookup (params, "$select"), "LogicalName") != 0)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "0x80060888", "Unexpected EntityDefinitions query");
      return;
    }
  /* System tables track changes too (audit). */
  g_string_append (body, "{\"LogicalName\":\"audit\",\"MetadataId\":\"aa000000-0000-0000-0000-0000000000a1\"}");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_hash_table_contains (self->tracked, tables[i].set))
      g_string_append_printf (body, ",{\"LogicalName\":\"%s\",\"MetadataId\":\"aa000000-0000-0000-0000-0000000001%02u\"}",
                              tables[i].entity, i);
  g_string_append (body, "]}");
  respond_json (msg, SOUP_STATUS_OK, body->str);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *full_path,
         GHashTable        *unused,
         gpointer           user_data)
{
  FakeDataverse *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autofree char *expected = g_strconcat ("Bearer ", self->token, NULL);
  g_autofree char *decoded = raw_query ? g_uri_unescape_string (raw_query, NULL) : NULL;
  g_autoptr(GHashTable) params = parse_query (raw_query);
  const char *path;
  gint64 now = g_get_monotonic_time ();
  int table;

  g_ptr_array_add (self->requests, g_strdup_printf ("%s %s%s%s", method, full_path,
                                                    decoded ? "?" : "", decoded ? decoded : ""));
  g_array_append_val (self->request_times, now);
  if (g_strcmp0 (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "If-None-Match"),
                 "null") != 0)
    self->n_without_if_none_match++;

  if (g_strcmp0 (auth, expected) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                    "Bearer authorization_uri=https://login.example/authorize");
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  if (self->throttle_n > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", self->throttle_seconds);

      self->throttle_n--;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
      respond_error (msg, 429, "0x80072321",
                     "Number of requests exceeded the limit of 6000 over time window of 300 seconds.");
      return;
    }

  if (!g_str_has_prefix (full_path, API))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  path = full_path + strlen (API);

  if (g_str_equal (method, "POST"))
    {
      handle_action (self, msg, path);
      return;
    }

  if (g_str_equal (path, "$metadata"))
    {
      if (self->metadata == NULL)
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      else
        {
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY,
                                            self->metadata, strlen (self->metadata));
        }
      return;
    }

  if (g_str_equal (path, "WhoAmI"))
    {
      g_autofree char *body = g_strdup_printf ("{\"@odata.context\":\"$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse\","
                                               "\"BusinessUnitId\":\"aa000000-0000-0000-0000-000000000001\","
                                               "\"UserId\":\"%s\","
                                               "\"OrganizationId\":\"aa000000-0000-0000-0000-000000000002\"}",
                                               self->user_id);
      respond_json (msg, SOUP_STATUS_OK, body);
      return;
    }

  if (g_str_has_prefix (path, "systemusers("))
    {
      const char *expand = g_hash_table_lookup (params, "$expand");
      g_autofree char *roles = fake_roles_json (self);
      g_autofree char *body = NULL;

      /* Roles held through a team come with the team, not the user. */
      if (expand != NULL && strstr (expand, "teammembership_association($select=teamid)") != NULL)
        body = g_strdup_printf ("{\"fullname\":\"Sam Supervisor\",\"systemuserroles_association\":"
                                "[{\"name\":\"Basic User\"}%s%s],"
                                "\"teammembership_association\":[{\"teamid\":\"%s\"},{\"teamid\":\"%s\"}]}",
                                self->roles_through_team ? "" : ",", self->roles_through_team ? "" : roles,
                                FAKE_TEAM_SUPERVISORS, FAKE_TEAM_EMPTY);
      else
        body = g_strdup_printf ("{\"fullname\":\"Sam Supervisor\",\"systemuserroles_association\":"
                                "[{\"name\":\"Basic User\"}%s%s]}",
                                self->roles_through_team ? "" : ",", self->roles_through_team ? "" : roles);
      respond_json (msg, SOUP_STATUS_OK, body);
      return;
    }

  if (g_str_equal (path, "EntityDefinitions"))
    {
      serve_entity_definitions (self, msg, params);
      return;
    }

  if (g_str_equal (path, "teams"))
    {
      serve_teams (self, msg, params);
      return;
    }

  table = fake_dataverse_find_table (path);
  if (table < 0)
    {
      g_autofree char *text = g_strdup_printf ("Resource not found for the segment '%s'.", path);
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "0x80060888", text);
      return;
    }

  serve_collection (self, msg, table, params, raw_query);
}

/* ------------------------------------------------------------------------ */
/* Public */

FakeDataverse *
fake_dataverse_new (const char *token)
{
  FakeDataverse *self = g_new0 (FakeDataverse, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->token = g_strdup (token);
  self->user_id = g_strdup ("5e000000-0000-0000-0000-00000000000f");
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->request_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->actions = g_ptr_array_new_with_free_func (g_free);
  self->broken_next = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->throttled_next = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->forbidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tracked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->versions = g_hash_table_new (NULL, NULL);
  self->tombstones = g_ptr_array_new_with_free_func ((GDestroyNotify) tombstone_free);

  self->server = soup_server_new ("server-header", "fake-dataverse", NULL);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("fake-dataverse: %s", error->message);

  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return self;
}

void
fake_dataverse_free (FakeDataverse *self)
{
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_free (self->url);
  g_free (self->token);
  g_free (self->user_id);
  g_free (self->metadata);
  g_hash_table_unref (self->rows);
  g_ptr_array_unref (self->requests);
  g_array_unref (self->request_times);
  g_ptr_array_unref (self->actions);
  g_hash_table_unref (self->broken_next);
  g_hash_table_unref (self->throttled_next);
  g_hash_table_unref (self->forbidden);
  g_hash_table_unref (self->tracked);
  g_hash_table_unref (self->versions);
  g_ptr_array_unref (self->tombstones);
  g_free (self);
}

const char *
fake_dataverse_get_url (FakeDataverse *self)
{
  return self->url;
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    g_error ("fake-dataverse: bad row %s: %s", json, error ? error->message : "not an object");
  return json_object_ref (json_node_get_object (node));
}

void
fake_dataverse_add (FakeDataverse *self,
                    const char    *entity_set,
                    const char    *json)
{
  int table = fake_dataverse_find_table (entity_set);
  GPtrArray *rows;
  JsonObject *row;

  g_assert (table >= 0);
  row = parse_object (json);
  if (fake_dataverse_has_column (table, "modifiedon") && !json_object_has_member (row, "modifiedon"))
    {
      g_autofree char *now = fake_dataverse_time_ago (0);
      json_object_set_string_member (row, "modifiedon", now);
    }

  rows = g_hash_table_lookup (self->rows, entity_set);
  if (rows == NULL)
    {
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_hash_table_insert (self->rows, g_strdup (entity_set), rows);
    }
  g_ptr_array_add (rows, row);
  touch (self, row);
}

static guint
find_row (FakeDataverse *self,
          const char    *entity_set,
          const char    *id)
{
  int table = fake_dataverse_find_table (entity_set);
  GPtrArray *rows = g_hash_table_lookup (self->rows, entity_set);

  g_assert (table >= 0 && rows != NULL);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (rows, i),
                                                               tables[table].key, NULL), id) == 0)
      return i;
  g_error ("fake-dataverse: no %s %s", entity_set, id);
}

void
fake_dataverse_update (FakeDataverse *self,
                       const char    *entity_set,
                       const char    *id,
                       const char    *json)
{
  GPtrArray *rows = g_hash_table_lookup (self->rows, entity_set);
  JsonObject *row = g_ptr_array_index (rows, find_row (self, entity_set, id));
  g_autoptr(JsonObject) changes = parse_object (json);
  g_autoptr(GList) members = json_object_get_members (changes);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (row, l->data, json_node_copy (json_object_get_member (changes, l->data)));
  if (!json_object_has_member (changes, "modifiedon") && json_object_has_member (row, "modifiedon"))
    {
      g_autofree char *now = fake_dataverse_time_ago (0);
      json_object_set_string_member (row, "modifiedon", now);
    }
  touch (self, row);
}

void
fake_dataverse_remove (FakeDataverse *self,
                       const char    *entity_set,
                       const char    *id)
{
  GPtrArray *rows = g_hash_table_lookup (self->rows, entity_set);
  guint index = find_row (self, entity_set, id);
  Tombstone *tombstone = g_new0 (Tombstone, 1);

  tombstone->set = g_strdup (entity_set);
  tombstone->id = g_strdup (id);
  tombstone->version = ++self->version;
  g_ptr_array_add (self->tombstones, tombstone);
  g_hash_table_remove (self->versions, g_ptr_array_index (rows, index));
  g_ptr_array_remove_index (rows, index);
}

void
fake_dataverse_track_changes (FakeDataverse *self,
                              const char    *entity_set)
{
  g_hash_table_add (self->tracked, g_strdup (entity_set));
}

GPtrArray *
fake_dataverse_get_rows (FakeDataverse *self,
                         const char    *entity_set)
{
  return g_hash_table_lookup (self->rows, entity_set);
}

void
fake_dataverse_set_token (FakeDataverse *self,
                          const char    *token)
{
  g_free (self->token);
  self->token = g_strdup (token);
}

void
fake_dataverse_throttle (FakeDataverse *self,
                         guint          n,
                         guint          seconds)
{
  self->throttle_n = n;
  self->throttle_seconds = seconds;
}

void
fake_dataverse_break_next_page (FakeDataverse *self,
                                const char    *entity_set)
{
  g_hash_table_add (self->broken_next, g_strdup (entity_set));
}

void
fake_dataverse_throttle_next_page (FakeDataverse *self,
                                   const char    *entity_set,
                                   guint          seconds)
{
  g_hash_table_insert (self->throttled_next, g_strdup (entity_set), GUINT_TO_POINTER (seconds));
}

void
fake_dataverse_give_api_access_role (FakeDataverse *self)
{
  self->api_access_role = TRUE;
}

void
fake_dataverse_give_roles_through_team (FakeDataverse *self)
{
  self->roles_through_team = TRUE;
}

guint
fake_dataverse_count_without_if_none_match (FakeDataverse *self)
{
  return self->n_without_if_none_match;
}

void
fake_dataverse_forbid (FakeDataverse *self,
                       const char    *entity_set)
{
  g_hash_table_add (self->forbidden, g_strdup (entity_set));
}

void
fake_dataverse_refuse_actions (FakeDataverse *self,
                               gboolean       refuse)
{
  self->refuse_actions = refuse;
}

GPtrArray *
fake_dataverse_get_requests (FakeDataverse *self)
{
  return self->requests;
}

GArray *
fake_dataverse_get_request_times (FakeDataverse *self)
{
  return self->request_times;
}

guint
fake_dataverse_count_requests (FakeDataverse *self,
                               const char    *prefix)
{
  guint n = 0;

  for (guint i = 0; i < self->requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (self->requests, i), prefix))
      n++;
  return n;
}

GPtrArray *
fake_dataverse_get_actions (FakeDataverse *self)
{
  return self->actions;
}

void
fake_dataverse_set_metadata (FakeDataverse *self,
                             const char    *xml)
{
  g_free (self->metadata);
  self->metadata = g_strdup (xml);
}
