// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-dataverse"

#include "config.h"

#include "oc-dataverse-private.h"

/* What each step of a cycle asks the org for, and how a cycle's rows become
 * store changes (oc-dataverse-sync.c runs the steps). */

#define IDS_PER_REQUEST 40
#define MARK_MARGIN_S   60

/* ------------------------------------------------------------------------ */
/* Building each step's requests */

static char *
collection_url (OcDataverseSource *self,
                const char        *entity_set,
                const char        *select,
                const char        *filter,
                const char        *orderby)
{
  g_autoptr(GString) query = g_string_new (NULL);

  g_string_append_printf (query, "$select=%s", select);
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

/* "col eq a or col eq b …" in requests of a few ids each, so that no URL
 * grows past what servers accept. */
static void
add_id_chunks (OcDataverseSource *self,
               GPtrArray         *urls,
               const char        *entity_set,
               const char        *select,
               const char        *column,
               GPtrArray         *ids)
{
  for (guint start = 0; start < ids->len; start += IDS_PER_REQUEST)
    {
      g_autoptr(GString) filter = g_string_new (NULL);

      for (guint i = start; i < MIN (start + IDS_PER_REQUEST, ids->len); i++)
        g_string_append_printf (filter, "%s%s eq %s", i > start ? " or " : "", column,
                                (const char *) g_ptr_array_index (ids, i));
      g_ptr_array_add (urls, collection_url (self, entity_set, select, filter->str, NULL));
    }
}

void
_oc_dataverse_cycle_build_urls (OcDataverseSource *self)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  OcDataverseCycle *cycle = self->cycle;
  g_autofree char *filter = NULL;
  g_autofree char *since = NULL;

  switch (cycle->step)
    {
    case STEP_WORKSTREAMS:
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_liveworkstreams",
        "msdyn_liveworkstreamid,msdyn_name,msdyn_streamsource,msdyn_allowedpresences,_msdyn_defaultqueue_value",
        NULL, NULL));
      break;
    case STEP_QUEUES:
      /* Every user has a personal queue; only Omnichannel queues matter. */
      g_ptr_array_add (cycle->urls, collection_url (self, "queues", "queueid,name",
                                                    "msdyn_isomnichannelqueue eq true", "name"));
      break;
    case STEP_PRESENCES:
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_presences",
        "msdyn_presenceid,msdyn_name,msdyn_basepresencestatus,msdyn_presencestatustext", NULL, NULL));
      break;
    case STEP_AGENT_STATUSES:
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_agentstatuses", AGENT_STATUS_COLUMNS,
                                                    NULL, NULL));
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
        add_id_chunks (self, cycle->urls, "systemusers", "systemuserid,fullname,msdyn_capacity",
                       "systemuserid", ids);
      }
      break;
    case STEP_MEMBERSHIPS:
      {
        g_autoptr(GPtrArray) ids = g_ptr_array_new ();

        for (guint i = 0; i < cycle->world->queues->len; i++)
          g_ptr_array_add (ids, (gpointer) oc_queue_get_id (g_ptr_array_index (cycle->world->queues, i)));
        add_id_chunks (self, cycle->urls, "queuememberships", "queueid,systemuserid", "queueid", ids);
      }
      break;
    case STEP_RESOURCES:
      g_ptr_array_add (cycle->urls, collection_url (self, "bookableresources",
                                                    "bookableresourceid,_userid_value",
                                                    "_userid_value ne null", NULL));
      break;
    case STEP_CHARACTERISTICS:
      g_ptr_array_add (cycle->urls, collection_url (self, "bookableresourcecharacteristics",
                                                    "_resource_value,_characteristic_value,_ratingvalue_value",
                                                    NULL, NULL));
      break;
    case STEP_CONVERSATIONS:
      since = oc_protocol_format_time (oc_conversation_store_now (store) - OC_CONVERSATION_MAX_AGE);
      filter = g_strdup_printf ("statecode eq 0 and createdon ge %s", since);
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_ocliveworkitems", CONVERSATION_COLUMNS,
                                                    filter, "createdon"));
      break;
    case STEP_POLL_CONVERSATIONS:
      /* "ge", not "gt": modifiedon has whole seconds, and a row changed again
       * within the second we last saw must not be missed. */
      since = oc_protocol_format_time (self->conversations_mark);
      filter = g_strdup_printf ("modifiedon ge %s", since);
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_ocliveworkitems", CONVERSATION_COLUMNS,
                                                    filter, "modifiedon"));
      break;
    case STEP_POLL_AGENTS:
      since = oc_protocol_format_time (self->agents_mark);
      filter = g_strdup_printf ("modifiedon ge %s", since);
      g_ptr_array_add (cycle->urls, collection_url (self, "msdyn_agentstatuses", AGENT_STATUS_COLUMNS,
                                                    filter, NULL));
      break;
    case STEP_WHOAMI:
    case STEP_ME:
    case STEP_APPLY_FULL:
    case STEP_APPLY_POLL:
    default:
      g_assert_not_reached ();
    }
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

static void
add_agent_events (OcDataverseSource *self,
                  OcDataverseWorld  *world,
                  GPtrArray         *rows,
                  GPtrArray         *events,
                  gint64            *revision)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      OcAgent *agent = _oc_dataverse_agent_from_row (world, g_ptr_array_index (rows, i));
      OcEvent *event;

      if (agent == NULL)
        continue;
      /* One status row per agent is the rule; keep the first if not. */
      if (!g_hash_table_add (seen, g_strdup (oc_agent_get_id (agent))))
        {
          g_object_unref (agent);
          continue;
        }
      event = new_event (OC_EVENT_AGENT_UPSERT, revision);
      event->agent = agent;
      g_ptr_array_add (events, event);
    }
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

void
_oc_dataverse_cycle_apply_full (OcDataverseSource *self)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  OcDataverseCycle *cycle = self->cycle;
  g_autoptr(OcDataverseWorld) world = g_steal_pointer (&cycle->world);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_event_free);
  g_autoptr(GHashTable) open = NULL;
  gint64 revision = oc_conversation_store_get_revision (store);
  gint64 now = oc_conversation_store_now (store);
  GHashTableIter iter;
  gpointer value;

  self->agents_mark = newest (cycle->agent_rows, self->agents_mark);
  self->conversations_mark = newest (cycle->conversation_rows, self->conversations_mark);
  if (self->conversations_mark == 0)
    self->conversations_mark = now - MARK_MARGIN_S;
  if (self->agents_mark == 0)
    self->agents_mark = now - MARK_MARGIN_S;

  g_hash_table_iter_init (&iter, world->workstreams);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      OcEvent *event = new_event (OC_EVENT_WORKSTREAM_UPSERT, &revision);
      event->workstream = g_object_ref (value);
      g_ptr_array_add (events, event);
    }
  for (guint i = 0; i < world->queues->len; i++)
    {
      OcEvent *event = new_event (OC_EVENT_QUEUE_UPSERT, &revision);
      event->queue = g_object_ref (g_ptr_array_index (world->queues, i));
      g_ptr_array_add (events, event);
    }
  add_agent_events (self, world, cycle->agent_rows, events, &revision);
  open = add_conversation_events (self, world, cycle->conversation_rows, events, &revision);

  if (!self->loaded)
    {
      /* The first load replaces whatever the store held, in one change. */
      g_autoptr(OcSnapshot) snapshot = g_new0 (OcSnapshot, 1);

      snapshot->revision = revision;
      snapshot->queues = g_ptr_array_new_with_free_func (g_object_unref);
      snapshot->workstreams = g_ptr_array_new_with_free_func (g_object_unref);
      snapshot->agents = g_ptr_array_new_with_free_func (g_object_unref);
      snapshot->conversations = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < events->len; i++)
        {
          OcEvent *event = g_ptr_array_index (events, i);

          if (event->workstream)
            g_ptr_array_add (snapshot->workstreams, g_object_ref (event->workstream));
          else if (event->queue)
            g_ptr_array_add (snapshot->queues, g_object_ref (event->queue));
          else if (event->agent)
            g_ptr_array_add (snapshot->agents, g_object_ref (event->agent));
          else if (event->conversation)
            g_ptr_array_add (snapshot->conversations, g_object_ref (event->conversation));
        }
      oc_conversation_store_load_snapshot (store, snapshot);
    }
  else
    {
      /* Later loads change rows in place, so the view keeps its place, and
       * remove what is no longer open: closures the polls could not see. */
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(OcConversation) conversation = g_list_model_get_item (G_LIST_MODEL (store), i);
          const char *id = oc_conversation_get_id (conversation);
          OcEvent *event;

          if (g_hash_table_contains (open, id))
            continue;
          event = new_event (OC_EVENT_CONVERSATION_REMOVED, &revision);
          event->id = g_strdup (id);
          event->reason = g_strdup (oc_conversation_get_created_at (conversation) < now - OC_CONVERSATION_MAX_AGE
                                    ? "expired" : "closed");
          g_ptr_array_add (events, event);
        }
      apply_events (self, events);
    }

  g_clear_pointer (&self->world, _oc_dataverse_world_free);
  self->world = g_steal_pointer (&world);
  self->loaded = TRUE;
  self->last_full = g_get_monotonic_time ();
  self->full_loads++;
  g_debug ("Full load: %u conversations open, %u agent statuses, %u queues",
           g_hash_table_size (open), cycle->agent_rows ? cycle->agent_rows->len : 0,
           self->world->queues->len);
}

void
_oc_dataverse_cycle_apply_poll (OcDataverseSource *self)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  OcDataverseCycle *cycle = self->cycle;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_event_free);
  g_autoptr(GHashTable) open = NULL;
  gint64 revision = oc_conversation_store_get_revision (store);

  self->conversations_mark = newest (cycle->conversation_rows, self->conversations_mark);
  self->agents_mark = newest (cycle->agent_rows, self->agents_mark);

  add_agent_events (self, self->world, cycle->agent_rows, events, &revision);
  open = add_conversation_events (self, self->world, cycle->conversation_rows, events, &revision);
  apply_events (self, events);
  self->polls++;
}

