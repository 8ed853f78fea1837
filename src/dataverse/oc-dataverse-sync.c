// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-dataverse"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-dataverse-private.h"

/*
 * Keeping the store in step with the org, in cycles. A full cycle reads every
 * table we join (workstreams, queues, presences, agent statuses, users, queue
 * memberships, skills) and the open conversations of the last 24 h; a poll
 * cycle reads only the conversations and agent statuses modified since the
 * newest change seen. A cycle applies nothing until all its pages arrived, so
 * a bad page leaves the store as it was. Polls cannot see rows that leave a
 * filtered set without being modified, nor changes committed late: the full
 * cycle every few minutes catches those. Revisions are ours, counted on from
 * the store's. Below: what each step asks the org for, how a cycle's rows
 * become store changes, then scheduling and running the steps.
 */

#define MAX_SMALL_BODY  (256 * 1024)
#define IDS_PER_REQUEST 40
#define MARK_MARGIN_S   60

/* The steps of a cycle, in order: a full cycle runs from STEP_WHOAMI (or
 * STEP_WORKSTREAMS once the user is known) to STEP_APPLY_FULL, a poll from
 * STEP_POLL_CONVERSATIONS to STEP_APPLY_POLL. */
typedef enum {
  STEP_WHOAMI,
  STEP_ME,
  STEP_TEAM_ROLES,
  STEP_TRACKING,
  STEP_WORKSTREAMS,
  STEP_QUEUES,
  STEP_PRESENCES,
  STEP_AGENT_STATUSES,
  STEP_USERS,
  STEP_MEMBERSHIPS,
  STEP_RESOURCES,
  STEP_CHARACTERISTICS,
  STEP_CONVERSATIONS,
  STEP_APPLY_FULL,
  STEP_POLL_CONVERSATIONS,
  STEP_POLL_AGENTS,
  STEP_APPLY_POLL,
} OcDataverseStep;

#define CONVERSATION_COLUMNS \
  "activityid,subject,statecode,statuscode,createdon,modifiedon,msdyn_firstwaitstartedon," \
  "msdyn_activeagentassignedon,msdyn_wrapupinitiatedon,msdyn_customersentimentlabel," \
  "_msdyn_cdsqueueid_value,_msdyn_activeagentid_value,_msdyn_liveworkstreamid_value," \
  "_msdyn_customer_value,msdyn_statusupdatedon,msdyn_isagentaccepted,msdyn_isagentsession," \
  "_msdyn_channelinstanceid_value,msdyn_channel,msdyn_conversationfirstwaittimeinseconds," \
  "msdyn_transfercount"
#define AGENT_STATUS_COLUMNS \
  "msdyn_agentstatusid,_msdyn_agentid_value,_msdyn_currentpresenceid_value," \
  "msdyn_availableunitscapacity,msdyn_presencemodifiedon,modifiedon"

/* A table read with change tracking: where its changes will be, and its
 * rows as the last read left them (a delta brings only what changed). */
typedef struct {
  char       *delta_link;   /* NULL until a tracked read completed */
  GHashTable *rows;         /* key (lower-case id) -> JsonObject */
} DvTracked;

static DvTracked *
dv_tracked_new (void)
{
  DvTracked *tracked = g_new0 (DvTracked, 1);

  tracked->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) json_object_unref);
  return tracked;
}

static void
dv_tracked_free (DvTracked *tracked)
{
  g_free (tracked->delta_link);
  g_hash_table_unref (tracked->rows);
  g_free (tracked);
}

struct _OcDataverseCycle
{
  OcDataverseStep   step;
  OcDataverseWorld *world;              /* being built by a full cycle */
  GPtrArray        *urls;               /* char *: this step's requests still to send */
  GPtrArray        *rows;               /* JsonObject: this step's rows so far */
  GPtrArray        *agent_rows;
  GPtrArray        *conversation_rows;
  GPtrArray        *resource_rows;
  /* The signed-in user, read on the first full cycle */
  char             *user_name;
  GPtrArray        *role_names;         /* char *, NULL until the user's row came */
  GPtrArray        *team_ids;           /* char *: the teams the user is a member of */
  /* This step reads with change tracking (borrowed from self->tracking) */
  DvTracked        *tracked;
  gboolean          following_link;     /* … from its delta link */
  GPtrArray        *removed_agents;     /* char *: users whose status row a poll saw deleted */
};

/* The table each step reads, whether the console can do without it, and
 * for a step that may read with change tracking, the table's key. */
static const struct {
  const char *table;
  gboolean    required;
  const char *key;
} steps[] = {
  [STEP_WHOAMI]             = { "WhoAmI", TRUE },
  [STEP_ME]                 = { "systemuser", FALSE },
  [STEP_TEAM_ROLES]         = { "team", FALSE },
  [STEP_TRACKING]           = { "EntityDefinitions", FALSE },
  [STEP_WORKSTREAMS]        = { "msdyn_liveworkstream", TRUE, "msdyn_liveworkstreamid" },
  [STEP_QUEUES]             = { "queue", TRUE, "queueid" },
  [STEP_PRESENCES]          = { "msdyn_presence", TRUE, "msdyn_presenceid" },
  [STEP_AGENT_STATUSES]     = { "msdyn_agentstatus", TRUE, "msdyn_agentstatusid" },
  [STEP_USERS]              = { "systemuser", FALSE },
  [STEP_MEMBERSHIPS]        = { "queuemembership", FALSE },
  [STEP_RESOURCES]          = { "bookableresource", FALSE },
  [STEP_CHARACTERISTICS]    = { "bookableresourcecharacteristic", FALSE },
  [STEP_CONVERSATIONS]      = { "msdyn_ocliveworkitem", TRUE, "activityid" },
  [STEP_APPLY_FULL]         = { NULL, TRUE },
  [STEP_POLL_CONVERSATIONS] = { "msdyn_ocliveworkitem", TRUE },
  [STEP_POLL_AGENTS]        = { "msdyn_agentstatus", TRUE, "msdyn_agentstatusid" },
  [STEP_APPLY_POLL]         = { NULL, TRUE },
};

static void cycle_run_step (OcDataverseSource *self);

static void
cycle_free (OcDataverseCycle *cycle)
{
  g_clear_pointer (&cycle->world, _oc_dataverse_world_free);
  g_clear_pointer (&cycle->urls, g_ptr_array_unref);
  g_clear_pointer (&cycle->rows, g_ptr_array_unref);
  g_clear_pointer (&cycle->agent_rows, g_ptr_array_unref);
  g_clear_pointer (&cycle->conversation_rows, g_ptr_array_unref);
  g_clear_pointer (&cycle->resource_rows, g_ptr_array_unref);
  g_clear_pointer (&cycle->user_name, g_free);
  g_clear_pointer (&cycle->role_names, g_ptr_array_unref);
  g_clear_pointer (&cycle->team_ids, g_ptr_array_unref);
  g_clear_pointer (&cycle->removed_agents, g_ptr_array_unref);
  g_free (cycle);
}

static GPtrArray *
new_rows (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

/* ------------------------------------------------------------------------ */
/* Building each step's requests. Every collection is ordered by columns that
 * end in its primary key: paging cookies remember the last row's values, so
 * rows sharing a value at a page boundary would otherwise be read twice or
 * not at all. */

static char *
collection_url_expand (OcDataverseSource *self,
                       const char        *entity_set,
                       const char        *select,
                       const char        *expand,
                       const char        *filter,
                       const char        *orderby)
{
  g_autoptr(GString) query = g_string_new (NULL);

  g_string_append_printf (query, "$select=%s", select);
  if (expand != NULL)
    g_string_append_printf (query, "&$expand=%s", expand);
  if (filter != NULL)
    {
      g_autofree char *escaped = _oc_dataverse_escape_filter (filter);
      g_string_append_printf (query, "&$filter=%s", escaped);
    }
  if (orderby != NULL)
    g_string_append_printf (query, "&$orderby=%s", orderby);

  return _oc_dataverse_api_url (oc_source_get_server_url (OC_SOURCE (self)), entity_set,
                                query->str);
}

static char *
collection_url (OcDataverseSource *self,
                const char        *entity_set,
                const char        *select,
                const char        *filter,
                const char        *orderby)
{
  return collection_url_expand (self, entity_set, select, NULL, filter, orderby);
}

/* "col eq a or col eq b …" in requests of a few ids each, so that no URL
 * grows past what servers accept. */
static void
add_id_chunks (OcDataverseSource *self,
               GPtrArray         *urls,
               const char        *entity_set,
               const char        *select,
               const char        *expand,
               const char        *column,
               GPtrArray         *ids,
               const char        *orderby)
{
  for (guint start = 0; start < ids->len; start += IDS_PER_REQUEST)
    {
      g_autoptr(GString) filter = g_string_new (NULL);

      for (guint i = start; i < MIN (start + IDS_PER_REQUEST, ids->len); i++)
        g_string_append_printf (filter, "%s%s eq %s", i > start ? " or " : "", column,
                                (const char *) g_ptr_array_index (ids, i));
      g_ptr_array_add (urls, collection_url_expand (self, entity_set, select, expand, filter->str,
                                                    orderby));
    }
}

/* The step's table when the org tracks its changes. A poll reads changes
 * only once a full read left a delta link. */
static DvTracked *
step_tracking (OcDataverseSource *self,
               OcDataverseStep    step)
{
  DvTracked *tracked;

  if (steps[step].key == NULL || self->tracking == NULL)
    return NULL;
  tracked = g_hash_table_lookup (self->tracking, steps[step].table);
  if (tracked != NULL && step >= STEP_POLL_CONVERSATIONS && tracked->delta_link == NULL)
    return NULL;
  return tracked;
}

static void
cycle_build_urls (OcDataverseSource *self)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  OcDataverseCycle *cycle = self->cycle;
  g_autofree char *filter = NULL;
  g_autofree char *since = NULL;

  /* With change tracking, a delta link when there is one; else the step's
   * own query, but without $orderby, which change tracking refuses (as it
   * refuses $filter: a step that needs one gets the documented error and
   * is polled from then on, see on_rows_fetched()). */
  cycle->tracked = step_tracking (self, cycle->step);
  cycle->following_link = cycle->tracked != NULL && cycle->tracked->delta_link != NULL;
  if (cycle->following_link)
    {
      g_ptr_array_add (cycle->urls, g_strdup (cycle->tracked->delta_link));
      return;
    }
#define ORDER(columns) (cycle->tracked != NULL ? NULL : (columns))

  switch (cycle->step)
    {
    case STEP_TRACKING:
      /* Microsoft's way to find out which tables have change tracking. */
      g_ptr_array_add (cycle->urls,
                       _oc_dataverse_api_url (oc_source_get_server_url (OC_SOURCE (self)), "EntityDefinitions",
                                              "$select=LogicalName&$filter=ChangeTrackingEnabled%20eq%20true"));
      break;
    case STEP_TEAM_ROLES:
      /* A role held through a team counts as the user's own. */
      if (cycle->team_ids != NULL)
        add_id_chunks (self, cycle->urls, "teams", "teamid", "teamroles_association($select=name)",
                       "teamid", cycle->team_ids, "teamid");
      break;
    case STEP_WORKSTREAMS:
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_liveworkstreams",
        "msdyn_liveworkstreamid,msdyn_name,msdyn_streamsource,msdyn_allowedpresences,_msdyn_defaultqueue_value",
        NULL, ORDER ("msdyn_liveworkstreamid")));
      break;
    case STEP_QUEUES:
      /* Every user has a personal queue; only Omnichannel queues matter. */
      g_ptr_array_add (cycle->urls, collection_url (self, "queues", "queueid,name",
                                                    "msdyn_isomnichannelqueue eq true", ORDER ("name,queueid")));
      break;
    case STEP_PRESENCES:
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_presences",
        "msdyn_presenceid,msdyn_name,msdyn_basepresencestatus,msdyn_presencestatustext", NULL,
        ORDER ("msdyn_presenceid")));
      break;
    case STEP_AGENT_STATUSES:
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_agentstatuses", AGENT_STATUS_COLUMNS,
                                                    NULL, ORDER ("msdyn_agentstatusid")));
      break;
    case STEP_USERS:
      {
        g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

        for (guint i = 0; cycle->agent_rows && i < cycle->agent_rows->len; i++)
          {
            char *id = _oc_odata_get_id (g_ptr_array_index (cycle->agent_rows, i), "_msdyn_agentid_value");

            if (id == NULL || g_hash_table_contains (seen, id))
              {
                g_free (id);
                continue;
              }
            g_hash_table_add (seen, id);
            g_ptr_array_add (ids, id);
          }
        add_id_chunks (self, cycle->urls, "systemusers", "systemuserid,fullname,msdyn_capacity", NULL,
                       "systemuserid", ids, "systemuserid");
      }
      break;
    case STEP_MEMBERSHIPS:
      {
        g_autoptr(GPtrArray) ids = g_ptr_array_new ();

        for (guint i = 0; i < cycle->world->queues->len; i++)
          g_ptr_array_add (ids, (gpointer) oc_queue_get_id (g_ptr_array_index (cycle->world->queues, i)));
        add_id_chunks (self, cycle->urls, "queuememberships", "queueid,systemuserid", NULL, "queueid", ids,
                       "queuemembershipid");
      }
      break;
    case STEP_RESOURCES:
      g_ptr_array_add (cycle->urls, collection_url (self, "bookableresources",
                                                    "bookableresourceid,_userid_value",
                                                    "_userid_value ne null", "bookableresourceid"));
      break;
    case STEP_CHARACTERISTICS:
      g_ptr_array_add (cycle->urls, collection_url (self, "bookableresourcecharacteristics",
                                                    "_resource_value,_characteristic_value,_ratingvalue_value",
                                                    NULL, "bookableresourcecharacteristicid"));
      break;
    case STEP_CONVERSATIONS:
      since = oc_protocol_format_time (oc_conversation_store_now (store) - oc_conversation_store_get_max_age (store));
      /* The report's own scope (the rows an agent handles; see
       * _oc_dataverse_in_report_scope()), asked of the org so that bot and
       * record-routing rows do not travel. */
      filter = g_strdup_printf ("statecode eq 0 and msdyn_isagentsession eq true and "
                                "_msdyn_channelinstanceid_value eq null and createdon ge %s", since);
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_ocliveworkitems", CONVERSATION_COLUMNS,
                                                    filter, ORDER ("createdon,activityid")));
      break;
    case STEP_POLL_CONVERSATIONS:
      /* "ge", not "gt": modifiedon has whole seconds, and a row changed again
       * within the second we last saw must not be missed. */
      since = oc_protocol_format_time (self->conversations_mark);
      filter = g_strdup_printf ("modifiedon ge %s", since);
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_ocliveworkitems", CONVERSATION_COLUMNS,
                                                    filter, "modifiedon,activityid"));
      break;
    case STEP_POLL_AGENTS:
      since = oc_protocol_format_time (self->agents_mark);
      filter = g_strdup_printf ("modifiedon ge %s", since);
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_agentstatuses", AGENT_STATUS_COLUMNS,
                                                    filter, "modifiedon,msdyn_agentstatusid"));
      break;
    case STEP_WHOAMI:
    case STEP_ME:
    case STEP_APPLY_FULL:
    case STEP_APPLY_POLL:
    default:
      g_assert_not_reached ();
    }
#undef ORDER
}

/* ------------------------------------------------------------------------ */
/* Applying what a cycle read */

static gint64
newest (GPtrArray *rows,
        gint64     mark)
{
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    mark = MAX (mark, _oc_odata_get_time (g_ptr_array_index (rows, i), "modifiedon"));
  return mark;
}

static OcEvent *
new_event (OcEventType  type,
           gint64      *revision)
{
  OcEvent *event = g_new0 (OcEvent, 1);

  event->type = type;
  event->revision = ++(*revision);
  return event;
}

/* The agents of status rows; one status row per agent is the rule, the
 * first kept if not. */
static GPtrArray *
collect_agents (OcDataverseWorld *world,
                GPtrArray        *rows)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *agents = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      OcAgent *agent = _oc_dataverse_agent_from_row (world, g_ptr_array_index (rows, i));

      if (agent == NULL)
        continue;
      if (!g_hash_table_add (seen, g_strdup (oc_agent_get_id (agent))))
        {
          g_object_unref (agent);
          continue;
        }
      g_ptr_array_add (agents, agent);
    }
  return agents;
}

/* Conversation rows as upserts, and removals for rows that closed. Returns
 * the ids seen open. */
static GHashTable *
add_conversation_events (OcDataverseSource *self,
                         OcDataverseWorld  *world,
                         GPtrArray         *rows,
                         GPtrArray         *events,
                         gint64            *revision)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  GHashTable *open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint skipped = 0;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = _oc_odata_get_id (row, "activityid");
      OcConversation *previous = id ? oc_conversation_store_lookup (store, id) : NULL;
      OcConversation *conversation;
      gboolean closed = FALSE;
      OcEvent *event;

      conversation = _oc_dataverse_conversation_from_row (world, row, previous, &closed, &error);
      if (conversation == NULL)
        {
          skipped++;
          continue;
        }

      if (closed)
        {
          g_hash_table_remove (open, id);
          if (previous != NULL)
            {
              event = new_event (OC_EVENT_CONVERSATION_REMOVED, revision);
              event->id = g_strdup (id);
              event->reason = g_strdup ("closed");
              g_ptr_array_add (events, event);
            }
          g_object_unref (conversation);
          continue;
        }

      g_hash_table_add (open, g_strdup (id));
      event = new_event (OC_EVENT_CONVERSATION_UPSERT, revision);
      event->conversation = conversation;
      g_ptr_array_add (events, event);
    }

  if (skipped > 0)
    g_message ("Skipped %u conversation rows without a usable activityid", skipped);
  return open;
}

static void
apply_events (OcDataverseSource *self,
              GPtrArray         *events)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  guint applied;

  if (events->len == 0)
    return;
  applied = oc_conversation_store_apply_events (store, (OcEvent * const *) events->pdata,
                                                events->len);
  if (applied < events->len)
    g_warning ("The store applied %u of %u changes", applied, events->len);
}

static GPtrArray *
world_workstreams (OcDataverseWorld *world)
{
  GPtrArray *workstreams = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, world->workstreams);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (workstreams, g_object_ref (value));
  return workstreams;
}

static void
cycle_apply_full (OcDataverseSource *self)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  OcDataverseCycle *cycle = self->cycle;
  g_autoptr(OcDataverseWorld) world = g_steal_pointer (&cycle->world);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_event_free);
  g_autoptr(GPtrArray) workstreams = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GHashTable) open = NULL;
  gint64 revision = oc_conversation_store_get_revision (store);
  gint64 now = oc_conversation_store_now (store);

  self->agents_mark = newest (cycle->agent_rows, self->agents_mark);
  self->conversations_mark = newest (cycle->conversation_rows, self->conversations_mark);
  if (self->conversations_mark == 0)
    self->conversations_mark = now - MARK_MARGIN_S;
  if (self->agents_mark == 0)
    self->agents_mark = now - MARK_MARGIN_S;

  workstreams = world_workstreams (world);
  agents = collect_agents (world, cycle->agent_rows);

  if (!self->loaded)
    {
      /* The first load replaces whatever the store held, in one change. */
      g_autoptr(OcSnapshot) snapshot = g_new0 (OcSnapshot, 1);

      open = add_conversation_events (self, world, cycle->conversation_rows, events, &revision);
      snapshot->revision = revision;
      snapshot->queues = g_ptr_array_ref (world->queues);
      snapshot->workstreams = g_ptr_array_ref (workstreams);
      snapshot->agents = g_ptr_array_ref (agents);
      snapshot->conversations = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < events->len; i++)
        {
          OcEvent *event = g_ptr_array_index (events, i);

          if (event->conversation)
            g_ptr_array_add (snapshot->conversations, g_object_ref (event->conversation));
        }
      oc_conversation_store_load_snapshot (store, snapshot);
    }
  else
    {
      /* Later loads change rows in place, so the view keeps its place, and
       * remove what is no longer there: closures the polls could not see,
       * queues deactivated, work streams and agent statuses deleted. */
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

      oc_conversation_store_sync_directory (store, workstreams, world->queues, agents);
      open = add_conversation_events (self, world, cycle->conversation_rows, events, &revision);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(OcConversation) conversation = g_list_model_get_item (G_LIST_MODEL (store), i);
          const char *id = oc_conversation_get_id (conversation);
          OcEvent *event;

          if (g_hash_table_contains (open, id))
            continue;
          event = new_event (OC_EVENT_CONVERSATION_REMOVED, &revision);
          event->id = g_strdup (id);
          event->reason = g_strdup (oc_conversation_get_created_at (conversation) < now - oc_conversation_store_get_max_age (store)
                                    ? "expired" : "closed");
          g_ptr_array_add (events, event);
        }
      apply_events (self, events);
    }

  g_clear_pointer (&self->world, _oc_dataverse_world_free);
  self->world = g_steal_pointer (&world);
  if (self->user_id != NULL)
    {
      GPtrArray *mine = g_hash_table_lookup (self->world->agent_queues, self->user_id);

      /* (Null-terminated: a strv.) */
      _oc_source_set_member_queues (OC_SOURCE (self), mine ? (const char * const *) mine->pdata : NULL);
    }
  self->loaded = TRUE;
  self->last_full = g_get_monotonic_time ();
  self->full_loads++;
  g_debug ("Full load: %u conversations open, %u agent statuses, %u queues",
           g_hash_table_size (open), cycle->agent_rows ? cycle->agent_rows->len : 0,
           self->world->queues->len);
}

static void
cycle_apply_poll (OcDataverseSource *self)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  OcDataverseCycle *cycle = self->cycle;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_event_free);
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GHashTable) open = NULL;
  gint64 revision = oc_conversation_store_get_revision (store);

  self->conversations_mark = newest (cycle->conversation_rows, self->conversations_mark);
  self->agents_mark = newest (cycle->agent_rows, self->agents_mark);

  agents = collect_agents (self->world, cycle->agent_rows);
  for (guint i = 0; i < agents->len; i++)
    {
      OcEvent *event = new_event (OC_EVENT_AGENT_UPSERT, &revision);
      event->agent = g_object_ref (g_ptr_array_index (agents, i));
      g_ptr_array_add (events, event);
    }
  open = add_conversation_events (self, self->world, cycle->conversation_rows, events, &revision);
  apply_events (self, events);

  /* A delta says which agent statuses were deleted; the store learns it as
   * after a full read, from every agent there is now. */
  if (cycle->removed_agents != NULL && cycle->removed_agents->len > 0)
    {
      DvTracked *tracked = g_hash_table_lookup (self->tracking, steps[STEP_POLL_AGENTS].table);
      g_autoptr(GPtrArray) rows = new_rows ();
      g_autoptr(GPtrArray) all_agents = NULL;
      g_autoptr(GPtrArray) workstreams = world_workstreams (self->world);
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, tracked->rows);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (rows, json_object_ref (value));
      all_agents = collect_agents (self->world, rows);
      oc_conversation_store_sync_directory (store, workstreams, self->world->queues, all_agents);
    }
  self->polls++;
}

/* ------------------------------------------------------------------------ */
/* Saying how fresh the data is */

static char *
format_clock (gint64 real_time_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (real_time_us / G_USEC_PER_SEC);

  return when ? g_date_time_format (when, "%H:%M:%S") : g_strdup ("?");
}

static guint
seconds_of (guint ms)
{
  return MAX ((ms + 999) / 1000, 1);
}

static char *
live_message (OcDataverseSource *self)
{
  g_autofree char *clock = format_clock (oc_source_get_last_event_time (OC_SOURCE (self)));
  guint seconds = seconds_of (self->poll_interval_ms);

  /* Translators: Dynamics 365 is read by polling; the first figure is the
   * interval, then the local time of the last successful read. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Updated every %u s, last at %s",
                                       "Updated every %u s, last at %s", seconds),
                          seconds, clock);
}

/* ------------------------------------------------------------------------ */
/* Scheduling */

static gboolean
next_cycle_cb (gpointer user_data);

static void
schedule_next (OcDataverseSource *self,
               guint              delay_ms)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add (delay_ms, next_cycle_cb, self);
}

static void
cycle_begin (OcDataverseSource *self,
             gboolean           full)
{
  OcDataverseCycle *cycle;

  g_assert (self->cycle == NULL);

  self->cancellable = g_cancellable_new ();
  cycle = g_new0 (OcDataverseCycle, 1);
  cycle->urls = g_ptr_array_new_with_free_func (g_free);
  cycle->rows = new_rows ();
  if (full)
    {
      cycle->world = _oc_dataverse_world_new ();
      cycle->step = self->user_id == NULL ? STEP_WHOAMI : STEP_WORKSTREAMS;
    }
  else
    cycle->step = STEP_POLL_CONVERSATIONS;
  self->cycle = cycle;

  g_debug ("%s cycle", full ? "Full" : "Poll");
  cycle_run_step (self);
}

static gboolean renew_token (OcDataverseSource *self,
                             gboolean           refused);

static gboolean
next_cycle_cb (gpointer user_data)
{
  OcDataverseSource *self = user_data;
  gboolean full;

  self->timer = 0;
  /* Past its expiry time: renewed first, not refused first. */
  if (renew_token (self, FALSE))
    return G_SOURCE_REMOVE;
  full = !self->loaded || self->last_full == 0 ||
         g_get_monotonic_time () - self->last_full >= (gint64) self->resync_interval_ms * 1000;
  cycle_begin (self, full);
  return G_SOURCE_REMOVE;
}

static void
cycle_end (OcDataverseSource *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_pointer (&self->cycle, cycle_free);
}

static void
cycle_succeed (OcDataverseSource *self)
{
  g_autofree char *message = NULL;

  cycle_end (self);
  self->renewed = FALSE;
  oc_backoff_reset (&self->backoff);
  _oc_source_mark_heard (OC_SOURCE (self));
  _oc_source_notify_heard (OC_SOURCE (self));
  message = live_message (self);
  _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_LIVE, message);
  schedule_next (self, self->poll_interval_ms);
}

static void
renewed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OcDataverseSource) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!oc_entra_sign_in_refresh_finish (OC_ENTRA_SIGN_IN (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
        return;
      g_clear_object (&self->renew_cancellable);
      self->running = FALSE;
      g_message ("Could not renew the Dynamics 365 access token: %s", error->message);
      /* Translators: %s is why Microsoft Entra ID did not renew the sign-in. */
      message = g_strdup_printf (_("Your Microsoft sign-in could not be renewed: %s"), error->message);
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_AUTH_FAILED, message);
      return;
    }
  g_clear_object (&self->renew_cancellable);
  if (!self->running)
    return;
  oc_dataverse_source_set_token (self, oc_entra_sign_in_get_access_token (OC_ENTRA_SIGN_IN (object)));
  self->renewed = TRUE;
  g_debug ("Access token renewed");
  /* Started with a token that had expired: $metadata was refused too. */
  if (self->action_metadata == NULL)
    _oc_dataverse_metadata_fetch (self);
  schedule_next (self, 0);
}

/* Renews the access token with the sign-in's refresh token: after the org
 * refused it (@refused), once until a cycle works again, or when it reached
 * its expiry time. TRUE when a renewal was started; the next cycle begins
 * when it ends, the state and the store as they were meanwhile. */
static gboolean
renew_token (OcDataverseSource *self,
             gboolean           refused)
{
  const char *refresh_token = self->sign_in != NULL ? oc_entra_sign_in_get_refresh_token (self->sign_in) : NULL;
  gint64 expires_at;

  if (refresh_token == NULL || self->renew_cancellable != NULL)
    return FALSE;
  if (refused && self->renewed)
    return FALSE;
  expires_at = oc_entra_sign_in_get_expires_at (self->sign_in);
  if (!refused && (expires_at == 0 || g_get_monotonic_time () < expires_at))
    return FALSE;

  self->renew_cancellable = g_cancellable_new ();
  oc_entra_sign_in_refresh_async (self->sign_in, refresh_token, self->renew_cancellable,
                                  renewed_cb, g_object_ref (self));
  return TRUE;
}

static void
cycle_fail (OcDataverseSource *self,
            const GError      *error,
            guint              retry_after)
{
  g_autofree char *message = NULL;
  guint delay_ms;

  cycle_end (self);

  /* Expired: renewed silently, once, and the report goes on. */
  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED) &&
      renew_token (self, TRUE))
    return;
  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED))
    {
      self->running = FALSE;
      g_message ("Dynamics 365 refused the access token");
      if (self->sign_in != NULL)
        _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_AUTH_FAILED,
                              _("Dynamics 365 did not accept the renewed access token. Sign in again."));
      else
        _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_AUTH_FAILED,
                              _("Dynamics 365 did not accept the access token; it may have expired (they last about an hour). "
                                "Get a new one, for example with “az account get-access-token --resource ORG-URL”, and connect again."));
      return;
    }
  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN) ||
      g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS))
    {
      self->running = FALSE;
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_OFFLINE, error->message);
      return;
    }

  /* How old the figures are is the "last-event-time" property's to say:
   * the window's banner and the wallboard show it beside this message. */
  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RATE_LIMITED))
    {
      /* Service protection limits: wait as told, and never less than usual. */
      delay_ms = MAX (MAX (retry_after, 1) * 1000, self->poll_interval_ms);
      message = g_strdup_printf (_("Dynamics 365 asked to slow down (service protection limits); trying again in %u s."),
                                 seconds_of (delay_ms));
    }
  else
    {
      self->backoff.max_ms = MAX (self->resync_interval_ms, self->poll_interval_ms);
      delay_ms = MAX (oc_backoff_next_ms (&self->backoff), retry_after * 1000);
      delay_ms = MAX (delay_ms, MIN (self->poll_interval_ms, 1000));
      message = g_strdup_printf (_("%s Trying again in %u s."), error->message,
                                 seconds_of (delay_ms));
    }

  g_strstrip (message);
  g_message ("Dynamics 365 cycle failed, retrying in %u ms: %s", delay_ms, error->message);
  _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_RECONNECTING, message);
  schedule_next (self, delay_ms);
}

/* ------------------------------------------------------------------------ */
/* Running the steps */

/* The @member of each row in @array (a JSON array of rows), each value
 * once, into @values: a GUID when @is_id (roles by name, teams by id). */
static void
add_members (GPtrArray  *values,
             JsonNode   *array,
             const char *member,
             gboolean    is_id)
{
  JsonArray *rows;

  if (array == NULL || !JSON_NODE_HOLDS_ARRAY (array))
    return;
  rows = json_node_get_array (array);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *element = json_array_get_element (rows, i);
      JsonObject *row;
      char *value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      row = json_node_get_object (element);
      value = is_id ? _oc_odata_get_id (row, member) : g_strdup (_oc_odata_get_string (row, member));
      if (value != NULL && !g_ptr_array_find_with_equal_func (values, value, g_str_equal, NULL))
        g_ptr_array_add (values, value);
      else
        g_free (value);
    }
}

/* Who the user is and as what, from all their roles, their own and their
 * teams': security roles are named by the org, and the standard ones that
 * may act on conversations say "supervisor" or "administrator". */
static void
apply_identity (OcDataverseSource *self)
{
  OcDataverseCycle *cycle = self->cycle;
  OcRole role = OC_ROLE_VIEWER;
  gboolean api_access = FALSE;

  if (cycle->role_names == NULL)
    return;  /* the user's row could not be read */

  for (guint i = 0; i < cycle->role_names->len; i++)
    {
      g_autofree char *folded = g_utf8_casefold (g_ptr_array_index (cycle->role_names, i), -1);

      if (strstr (folded, "supervisor") != NULL || strstr (folded, "administrator") != NULL)
        role = OC_ROLE_SUPERVISOR;
      if (g_str_equal (folded, "omnichannel api access"))
        api_access = TRUE;
    }
  self->has_api_access_role = api_access;
  if (api_access)
    g_message ("The user holds the Omnichannel API access role; Microsoft says a supervisor must not");
  _oc_source_set_identity (OC_SOURCE (self), cycle->user_name ? cycle->user_name : self->user_id, role);
}

static void
step_done (OcDataverseSource *self)
{
  OcDataverseCycle *cycle = self->cycle;
  g_autoptr(GPtrArray) rows = g_steal_pointer (&cycle->rows);

  cycle->rows = new_rows ();

  switch (cycle->step)
    {
    case STEP_WORKSTREAMS:    _oc_dataverse_read_workstreams (cycle->world, rows); break;
    case STEP_QUEUES:         _oc_dataverse_read_queues (cycle->world, rows); break;
    case STEP_PRESENCES:      _oc_dataverse_read_presences (cycle->world, rows); break;
    case STEP_USERS:          _oc_dataverse_read_users (cycle->world, rows); break;
    case STEP_MEMBERSHIPS:    _oc_dataverse_read_memberships (cycle->world, rows); break;
    case STEP_RESOURCES:      cycle->resource_rows = g_steal_pointer (&rows); break;
    case STEP_TRACKING:
      /* Only the tables we read whole; each starts without a delta link. */
      g_clear_pointer (&self->tracking, g_hash_table_unref);
      self->tracking = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) dv_tracked_free);
      for (guint i = 0; i < rows->len; i++)
        {
          const char *name = _oc_odata_get_string (g_ptr_array_index (rows, i), "LogicalName");

          for (guint s = STEP_WORKSTREAMS; name != NULL && s <= STEP_CONVERSATIONS; s++)
            if (steps[s].key != NULL && g_str_equal (steps[s].table, name) &&
                !g_hash_table_contains (self->tracking, name))
              {
                g_debug ("Dynamics 365 tracks changes of %s", name);
                g_hash_table_insert (self->tracking, g_strdup (name), dv_tracked_new ());
              }
        }
      break;
    case STEP_TEAM_ROLES:
      for (guint i = 0; cycle->role_names != NULL && i < rows->len; i++)
        add_members (cycle->role_names,
                     json_object_get_member (g_ptr_array_index (rows, i), "teamroles_association"), "name", FALSE);
      apply_identity (self);
      break;
    case STEP_CHARACTERISTICS:
      if (cycle->resource_rows != NULL)
        _oc_dataverse_read_skills (cycle->world, cycle->resource_rows, rows);
      break;
    case STEP_AGENT_STATUSES:
    case STEP_POLL_AGENTS:
      cycle->agent_rows = g_steal_pointer (&rows);
      break;
    case STEP_CONVERSATIONS:
    case STEP_POLL_CONVERSATIONS:
      cycle->conversation_rows = g_steal_pointer (&rows);
      break;
    case STEP_WHOAMI:
    case STEP_ME:
    case STEP_APPLY_FULL:
    case STEP_APPLY_POLL:
    default:
      break;
    }

  cycle->step++;
  cycle_run_step (self);
}


/* A step failed: without an optional table the console still works. */
static void
step_failed (OcDataverseSource *self,
             const GError      *error,
             guint              retry_after)
{
  OcDataverseCycle *cycle = self->cycle;
  const char *table = steps[cycle->step].table;

  if (!steps[cycle->step].required &&
      (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN) ||
       g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_NOT_FOUND) ||
       g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST)))
    {
      g_message ("Reading %s failed; going on without it: %s", table, error->message);
      g_ptr_array_set_size (cycle->urls, 0);
      g_ptr_array_set_size (cycle->rows, 0);
      step_done (self);
      return;
    }

  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN))
    {
      g_autoptr(GError) explained =
        g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN,
                     _("Dynamics 365 does not let this user read the %s table (%s). "
                       "The user needs the Omnichannel supervisor role (see docs/dynamics.md)."),
                     table, error->message);
      cycle_fail (self, explained, retry_after);
      return;
    }

  cycle_fail (self, error, retry_after);
}

static void fetch_next (OcDataverseSource *self);

/* A tracked step's rows into its table's copy: a read without a delta link
 * replaces it; a delta changes it (deleted rows leave). The step goes on
 * with every row of the table, or for a poll with those that changed. */
static void
apply_changes (OcDataverseSource *self,
               GPtrArray         *rows)
{
  OcDataverseCycle *cycle = self->cycle;
  DvTracked *tracked = cycle->tracked;
  const char *key = steps[cycle->step].key;
  gboolean poll = cycle->step >= STEP_POLL_CONVERSATIONS;
  guint deleted = 0;

  if (!cycle->following_link)
    g_hash_table_remove_all (tracked->rows);

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      g_autofree char *id = NULL;

      if (_oc_odata_is_deleted (row))
        {
          JsonObject *gone;

          id = _oc_odata_get_id (row, "id");
          gone = id ? g_hash_table_lookup (tracked->rows, id) : NULL;
          if (gone != NULL && poll && cycle->step == STEP_POLL_AGENTS)
            {
              char *user_id = _oc_odata_get_id (gone, "_msdyn_agentid_value");

              if (cycle->removed_agents == NULL)
                cycle->removed_agents = g_ptr_array_new_with_free_func (g_free);
              if (user_id != NULL)
                g_ptr_array_add (cycle->removed_agents, user_id);
            }
          if (id != NULL)
            g_hash_table_remove (tracked->rows, id);
          deleted++;
          continue;
        }
      if ((id = _oc_odata_get_id (row, key)) == NULL)
        continue;
      g_hash_table_replace (tracked->rows, g_steal_pointer (&id), json_object_ref (row));
      if (poll)
        g_ptr_array_add (cycle->rows, json_object_ref (row));
    }

  if (!poll)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, tracked->rows);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (cycle->rows, json_object_ref (value));
    }
  g_debug ("%s: %u rows %s, %u deleted", steps[cycle->step].table, rows->len - deleted,
           cycle->following_link ? "changed" : "read", deleted);
}

/* The org refused a tracked read: a delta link that expired (they last
 * ExpireChangeTrackingInDays, 7 by default) is read anew; a table whose
 * query change tracking does not allow ("The \"$filter\" query parameter
 * isn't supported when Change Tracking is enabled") is polled. */
static gboolean
tracking_refused (OcDataverseSource *self,
                  const GError      *error)
{
  OcDataverseCycle *cycle = self->cycle;
  const char *table = steps[cycle->step].table;

  if (!g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST) &&
      !g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_NOT_FOUND) &&
      !g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN))
    return FALSE;

  if (cycle->following_link)
    {
      g_message ("Dynamics 365 refused the delta link of %s; reading it anew: %s", table, error->message);
      g_clear_pointer (&cycle->tracked->delta_link, g_free);
    }
  else
    {
      g_message ("Dynamics 365 refused change tracking for %s; polling it instead: %s", table, error->message);
      g_hash_table_remove (self->tracking, table);
    }
  /* (A poll without a link polls; the next full read makes a new one.) */
  cycle->tracked = NULL;
  g_ptr_array_set_size (cycle->urls, 0);
  g_ptr_array_set_size (cycle->rows, 0);
  cycle_run_step (self);
  return TRUE;
}

static void
on_changes_fetched (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  OcDataverseSource *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *delta_link = NULL;
  guint retry_after = 0;

  rows = _oc_dataverse_fetch_changes_finish (SOUP_SESSION (object), result, &delta_link,
                                             &retry_after, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rows == NULL)
    {
      if (!tracking_refused (self, error))
        step_failed (self, error, retry_after);
      return;
    }

  apply_changes (self, rows);
  g_free (self->cycle->tracked->delta_link);
  self->cycle->tracked->delta_link = g_steal_pointer (&delta_link);
  step_done (self);
}

static void
on_rows_fetched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OcDataverseSource *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint retry_after = 0;

  rows = _oc_dataverse_fetch_all_finish (SOUP_SESSION (object), result, &retry_after, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rows == NULL)
    {
      step_failed (self, error, retry_after);
      return;
    }

  g_ptr_array_extend_and_steal (self->cycle->rows, g_steal_pointer (&rows));
  if (self->cycle->urls->len > 0)
    fetch_next (self);
  else
    step_done (self);
}

static void
fetch_next (OcDataverseSource *self)
{
  g_autofree char *url = g_ptr_array_steal_index (self->cycle->urls, 0);

  if (self->cycle->tracked != NULL)
    {
      _oc_dataverse_fetch_changes_async (self->session, oc_source_get_server_url (OC_SOURCE (self)),
                                         self->authorization, url, self->page_size, self->cancellable,
                                         on_changes_fetched, self);
      return;
    }
  _oc_dataverse_fetch_all_async (self->session, oc_source_get_server_url (OC_SOURCE (self)),
                                 self->authorization, url, self->page_size, self->cancellable,
                                 on_rows_fetched, self);
}

/* WhoAmI and the user's own row are single objects, not collections. */
static void
on_object_fetched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OcDataverseSource *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *answer;

  bytes = oc_http_fetch_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes != NULL)
    node = oc_protocol_parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   MAX_SMALL_BODY, &error);
  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    g_clear_pointer (&node, json_node_unref);
  if (node == NULL)
    {
      if (error == NULL || error->domain != OC_SOURCE_ERROR)
        {
          g_autoptr(GError) protocol = g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                                                    _("Dynamics 365 gave an answer that cannot be read (%s)."),
                                                    error ? error->message : _("not an object"));
          step_failed (self, protocol, 0);
        }
      else
        step_failed (self, error, 0);
      return;
    }
  answer = json_node_get_object (node);

  if (self->cycle->step == STEP_WHOAMI)
    {
      g_autofree char *user_id = _oc_odata_get_id (answer, "UserId");

      if (user_id == NULL)
        {
          g_autoptr(GError) protocol = g_error_new_literal (OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                                                            _("Dynamics 365 did not say who the token belongs to."));
          step_failed (self, protocol, 0);
          return;
        }
      g_free (self->user_id);
      self->user_id = g_steal_pointer (&user_id);
      _oc_source_set_identity (OC_SOURCE (self), self->user_id, OC_ROLE_UNKNOWN);
    }
  else
    {
      OcDataverseCycle *cycle = self->cycle;

      /* The roles come with the row; those of the user's teams in the next
       * step (teammembership → teamroles), as Microsoft counts them too. */
      g_free (cycle->user_name);
      cycle->user_name = g_strdup (_oc_odata_get_string (answer, "fullname"));
      g_clear_pointer (&cycle->role_names, g_ptr_array_unref);
      cycle->role_names = g_ptr_array_new_with_free_func (g_free);
      add_members (cycle->role_names, json_object_get_member (answer, "systemuserroles_association"), "name", FALSE);
      g_clear_pointer (&cycle->team_ids, g_ptr_array_unref);
      cycle->team_ids = g_ptr_array_new_with_free_func (g_free);
      add_members (cycle->team_ids, json_object_get_member (answer, "teammembership_association"), "teamid", TRUE);
    }

  step_done (self);
}

static void
fetch_object (OcDataverseSource *self,
              const char        *path,
              const char        *query)
{
  g_autofree char *url = _oc_dataverse_api_url (oc_source_get_server_url (OC_SOURCE (self)),
                                                path, query);
  g_autoptr(SoupMessage) msg = _oc_dataverse_new_message (SOUP_METHOD_GET, url, self->authorization, 0);

  if (msg == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                                                     _("The organisation address is not a valid https:// address."));
      cycle_fail (self, error, 0);
      return;
    }
  oc_http_fetch_async (self->session, msg, MAX_SMALL_BODY, self->cancellable, on_object_fetched, self);
}

static void
cycle_run_step (OcDataverseSource *self)
{
  OcDataverseCycle *cycle = self->cycle;

  switch (cycle->step)
    {
    case STEP_WHOAMI:
      fetch_object (self, "WhoAmI", NULL);
      return;
    case STEP_ME:
      {
        g_autofree char *path = g_strdup_printf ("systemusers(%s)", self->user_id);
        fetch_object (self, path, "$select=fullname&$expand=systemuserroles_association($select=name),"
                                  "teammembership_association($select=teamid)");
      }
      return;
    case STEP_APPLY_FULL:
      cycle_apply_full (self);
      cycle_succeed (self);
      return;
    case STEP_APPLY_POLL:
      cycle_apply_poll (self);
      cycle_succeed (self);
      return;
    case STEP_TEAM_ROLES:
    case STEP_TRACKING:
    case STEP_WORKSTREAMS:
    case STEP_QUEUES:
    case STEP_PRESENCES:
    case STEP_AGENT_STATUSES:
    case STEP_USERS:
    case STEP_MEMBERSHIPS:
    case STEP_RESOURCES:
    case STEP_CHARACTERISTICS:
    case STEP_CONVERSATIONS:
    case STEP_POLL_CONVERSATIONS:
    case STEP_POLL_AGENTS:
    default:
      cycle_build_urls (self);
      if (cycle->urls->len == 0)
        step_done (self);
      else
        fetch_next (self);
      return;
    }
}

/* ------------------------------------------------------------------------ */

void
_oc_dataverse_sync_start (OcDataverseSource *self)
{
  g_assert (!self->running);

  self->running = TRUE;
  self->renewed = FALSE;
  oc_conversation_store_set_max_age (oc_source_get_store (OC_SOURCE (self)),
                                     (gint64) self->window_hours * 3600);
  oc_backoff_reset (&self->backoff);
  self->last_full = 0;
  /* The token may be another user's than last time; which tables are
   * tracked is found out again with who it is. */
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->tracking, g_hash_table_unref);
  _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_CONNECTING, NULL);
  cycle_begin (self, TRUE);
}

void
_oc_dataverse_sync_stop (OcDataverseSource *self)
{
  self->running = FALSE;
  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->renew_cancellable);
  g_clear_object (&self->renew_cancellable);
  cycle_end (self);
  g_clear_pointer (&self->tracking, g_hash_table_unref);
}
