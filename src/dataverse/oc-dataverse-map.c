// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-dataverse"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-source.h"
#include "oc-conversation-private.h"
#include "oc-dataverse-private.h"

/* Dataverse rows into our domain objects. Option-set values are those of
 * Microsoft's table references; a value we do not know becomes "unknown",
 * never an error. */

/* msdyn_ocliveworkitem.statuscode */
enum {
  DV_STATUS_OPEN = 1,
  DV_STATUS_ACTIVE = 2,
  DV_STATUS_WAITING = 3,
  DV_STATUS_CLOSED = 4,
  DV_STATUS_WRAP_UP = 5,
};

/* msdyn_presence.msdyn_basepresencestatus */
#define DV_PRESENCE_AVAILABLE 192360000
#define DV_PRESENCE_BUSY      192360001
#define DV_PRESENCE_BUSY_DND  192360002
#define DV_PRESENCE_AWAY      192360003
#define DV_PRESENCE_OFFLINE   192360004

typedef struct {
  OcPresence  presence;
  char       *name;
} DvPresence;

typedef struct {
  char    *name;
  gint64   capacity;   /* -1 when unknown */
} DvUser;

typedef struct {
  const char *name;    /* interned */
  guint       level;
} DvSkill;

static void
dv_presence_free (DvPresence *presence)
{
  g_free (presence->name);
  g_free (presence);
}

static void
dv_user_free (DvUser *user)
{
  g_free (user->name);
  g_free (user);
}

/* Untrusted text gets the protocol's limits. */
static char *
cut_text (const char *text,
          glong       max_chars)
{
  if (text == NULL)
    return NULL;
  if (g_utf8_strlen (text, max_chars + 1) <= max_chars)
    return g_strdup (text);
  return g_utf8_substring (text, 0, max_chars);
}

/* ------------------------------------------------------------------------ */
/* Option sets */

OcStatus
_oc_dataverse_map_status (gint64 statecode,
                          gint64 statuscode)
{
  if (statecode != 0)
    return OC_STATUS_CLOSED;

  switch (statuscode)
    {
    case DV_STATUS_OPEN:    return OC_STATUS_OPEN;
    case DV_STATUS_ACTIVE:  return OC_STATUS_ACTIVE;
    case DV_STATUS_WAITING: return OC_STATUS_WAITING;
    case DV_STATUS_CLOSED:  return OC_STATUS_CLOSED;
    case DV_STATUS_WRAP_UP: return OC_STATUS_WRAP_UP;
    default:                return OC_STATUS_UNKNOWN;
    }
}

OcSentiment
_oc_dataverse_map_sentiment (gint64 label)
{
  /* 7 very negative … 10 neutral … 13 very positive; 0 is "not available". */
  if (label >= 7 && label <= 13)
    return OC_SENTIMENT_VERY_NEGATIVE + (OcSentiment) (label - 7);
  return OC_SENTIMENT_UNKNOWN;
}

OcChannel
_oc_dataverse_map_channel (gint64       streamsource,
                           const char  *formatted,
                           const char **sub_channel)
{
  *sub_channel = NULL;

  switch (streamsource)
    {
    case 192360000:   /* live chat */
      return OC_CHANNEL_CHAT;
    case 192370000:   /* voice */
    case 192440000:   /* voice call */
      return OC_CHANNEL_VOICE;
    case 192340000:
      *sub_channel = g_intern_static_string ("SMS");
      return OC_CHANNEL_MESSAGING;
    case 192300000:
      *sub_channel = g_intern_static_string ("WhatsApp");
      return OC_CHANNEL_MESSAGING;
    case 19241000:
      *sub_channel = g_intern_static_string ("Teams");
      return OC_CHANNEL_MESSAGING;
    default:
      /* Facebook, LINE, custom channels…: messaging, named as the org names
       * them; without even a label we cannot tell. */
      if (formatted == NULL || *formatted == '\0')
        return OC_CHANNEL_UNKNOWN;
      {
        g_autofree char *cut = cut_text (formatted, OC_PROTOCOL_MAX_NAME);
        *sub_channel = g_intern_string (cut);
      }
      return OC_CHANNEL_MESSAGING;
    }
}

OcPresence
_oc_dataverse_map_presence (gint64 base)
{
  switch (base)
    {
    case DV_PRESENCE_AVAILABLE: return OC_PRESENCE_AVAILABLE;
    case DV_PRESENCE_BUSY:      return OC_PRESENCE_BUSY;
    case DV_PRESENCE_BUSY_DND:  return OC_PRESENCE_BUSY_DND;
    case DV_PRESENCE_AWAY:      return OC_PRESENCE_AWAY;
    case DV_PRESENCE_OFFLINE:   return OC_PRESENCE_OFFLINE;
    default:                    return OC_PRESENCE_UNKNOWN;
    }
}

guint
_oc_dataverse_map_presences (const char *allowed)
{
  g_auto(GStrv) values = NULL;
  guint mask = 0;

  if (allowed == NULL)
    return 0;

  values = g_strsplit (allowed, ",", 64);
  for (guint i = 0; values[i] != NULL; i++)
    {
      gint64 value;
      OcPresence presence;

      if (!g_ascii_string_to_signed (g_strstrip (values[i]), 10, 0, G_MAXINT32, &value, NULL))
        continue;
      presence = _oc_dataverse_map_presence (value);
      if (presence != OC_PRESENCE_UNKNOWN)
        mask |= OC_PRESENCE_BIT (presence);
    }
  return mask;
}

/* ------------------------------------------------------------------------ */
/* The world */

OcDataverseWorld *
_oc_dataverse_world_new (void)
{
  OcDataverseWorld *world = g_new0 (OcDataverseWorld, 1);

  world->workstreams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  world->sub_channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world->queue_streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  world->presences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) dv_presence_free);
  world->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) dv_user_free);
  world->agent_queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
  world->agent_skills = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_array_unref);
  world->queues = g_ptr_array_new_with_free_func (g_object_unref);
  return world;
}

void
_oc_dataverse_world_free (OcDataverseWorld *world)
{
  if (world == NULL)
    return;
  g_clear_pointer (&world->workstreams, g_hash_table_unref);
  g_clear_pointer (&world->sub_channels, g_hash_table_unref);
  g_clear_pointer (&world->queue_streams, g_hash_table_unref);
  g_clear_pointer (&world->presences, g_hash_table_unref);
  g_clear_pointer (&world->users, g_hash_table_unref);
  g_clear_pointer (&world->agent_queues, g_hash_table_unref);
  g_clear_pointer (&world->agent_skills, g_hash_table_unref);
  g_clear_pointer (&world->queues, g_ptr_array_unref);
  g_free (world);
}

void
_oc_dataverse_read_workstreams (OcDataverseWorld *world,
                                GPtrArray        *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      g_autofree char *id = _oc_odata_get_id (row, "msdyn_liveworkstreamid");
      g_autofree char *default_queue = _oc_odata_get_id (row, "_msdyn_defaultqueue_value");
      g_autofree char *name = cut_text (_oc_odata_get_string (row, "msdyn_name"), OC_PROTOCOL_MAX_NAME);
      OcWorkstream *workstream;
      const char *sub_channel = NULL;
      gint64 source = -1;
      OcChannel channel;

      if (id == NULL)
        continue;

      _oc_odata_get_int (row, "msdyn_streamsource", &source);
      channel = _oc_dataverse_map_channel (source, _oc_odata_get_formatted (row, "msdyn_streamsource"),
                                           &sub_channel);

      workstream = oc_workstream_new (id);
      oc_workstream_set_name (workstream, name);
      oc_workstream_set_channel (workstream, channel);
      oc_workstream_set_allowed_presences (workstream,
        _oc_dataverse_map_presences (_oc_odata_get_string (row, "msdyn_allowedpresences")));

      g_hash_table_replace (world->sub_channels, g_strdup (id), (gpointer) sub_channel);
      if (default_queue != NULL)
        g_hash_table_replace (world->queue_streams, g_steal_pointer (&default_queue), g_strdup (id));
      g_hash_table_replace (world->workstreams, g_steal_pointer (&id), workstream);
    }
}

void
_oc_dataverse_read_queues (OcDataverseWorld *world,
                           GPtrArray        *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      g_autofree char *id = _oc_odata_get_id (row, "queueid");
      g_autofree char *name = cut_text (_oc_odata_get_string (row, "name"), OC_PROTOCOL_MAX_NAME);
      OcQueue *queue;

      if (id == NULL)
        continue;

      queue = oc_queue_new (id);
      oc_queue_set_name (queue, name);
      /* Routing rules decide which workstream feeds a queue; the one that
       * names it as default queue is the best we can read. */
      oc_queue_set_workstream_id (queue, g_hash_table_lookup (world->queue_streams, id));
      g_ptr_array_add (world->queues, queue);
    }
}

void
_oc_dataverse_read_presences (OcDataverseWorld *world,
                              GPtrArray        *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      g_autofree char *id = _oc_odata_get_id (row, "msdyn_presenceid");
      const char *text = _oc_odata_get_string (row, "msdyn_presencestatustext");
      DvPresence *presence;
      gint64 base = -1;

      if (id == NULL)
        continue;

      _oc_odata_get_int (row, "msdyn_basepresencestatus", &base);
      if (text == NULL || *text == '\0')
        text = _oc_odata_get_string (row, "msdyn_name");

      presence = g_new0 (DvPresence, 1);
      presence->presence = _oc_dataverse_map_presence (base);
      presence->name = cut_text (text, OC_PROTOCOL_MAX_NAME);
      g_hash_table_replace (world->presences, g_steal_pointer (&id), presence);
    }
}

void
_oc_dataverse_read_users (OcDataverseWorld *world,
                          GPtrArray        *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      g_autofree char *id = _oc_odata_get_id (row, "systemuserid");
      DvUser *user;

      if (id == NULL)
        continue;

      user = g_new0 (DvUser, 1);
      user->name = cut_text (_oc_odata_get_string (row, "fullname"), OC_PROTOCOL_MAX_NAME);
      if (!_oc_odata_get_int (row, "msdyn_capacity", &user->capacity) || user->capacity < 0)
        user->capacity = -1;
      g_hash_table_replace (world->users, g_steal_pointer (&id), user);
    }
}

void
_oc_dataverse_read_memberships (OcDataverseWorld *world,
                                GPtrArray        *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      g_autofree char *queue_id = _oc_odata_get_id (row, "queueid");
      g_autofree char *user_id = _oc_odata_get_id (row, "systemuserid");
      GPtrArray *queues;

      if (queue_id == NULL || user_id == NULL)
        continue;

      queues = g_hash_table_lookup (world->agent_queues, user_id);
      if (queues == NULL)
        {
          queues = g_ptr_array_new_null_terminated (4, g_free, TRUE);
          g_hash_table_insert (world->agent_queues, g_strdup (user_id), queues);
        }
      if (!g_ptr_array_find_with_equal_func (queues, queue_id, g_str_equal, NULL))
        g_ptr_array_add (queues, g_steal_pointer (&queue_id));
    }
}

void
_oc_dataverse_read_skills (OcDataverseWorld *world,
                           GPtrArray        *resources,
                           GPtrArray        *characteristics)
{
  g_autoptr(GHashTable) resource_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < resources->len; i++)
    {
      JsonObject *row = g_ptr_array_index (resources, i);
      char *resource_id = _oc_odata_get_id (row, "bookableresourceid");
      char *user_id = _oc_odata_get_id (row, "_userid_value");

      if (resource_id != NULL && user_id != NULL)
        g_hash_table_replace (resource_users, resource_id, user_id);
      else
        {
          g_free (resource_id);
          g_free (user_id);
        }
    }

  for (guint i = 0; i < characteristics->len; i++)
    {
      JsonObject *row = g_ptr_array_index (characteristics, i);
      g_autofree char *resource_id = _oc_odata_get_id (row, "_resource_value");
      const char *user_id = resource_id ? g_hash_table_lookup (resource_users, resource_id) : NULL;
      const char *name = _oc_odata_get_formatted (row, "_characteristic_value");
      const char *rating = _oc_odata_get_formatted (row, "_ratingvalue_value");
      g_autofree char *cut = NULL;
      GArray *skills;
      DvSkill skill = { NULL, 1 };
      gint64 level;

      if (user_id == NULL || name == NULL || *name == '\0')
        continue;

      /* Rating values are named by the org; a number is a level, anything
       * else still means the agent has the skill. */
      if (rating != NULL && g_ascii_string_to_signed (rating, 10, 0, G_MAXINT32, &level, NULL))
        skill.level = (guint) MIN (level, OC_PROTOCOL_MAX_SKILL_LEVEL);
      cut = cut_text (name, OC_PROTOCOL_MAX_NAME);
      skill.name = g_intern_string (cut);

      skills = g_hash_table_lookup (world->agent_skills, user_id);
      if (skills == NULL)
        {
          skills = g_array_new (FALSE, FALSE, sizeof (DvSkill));
          g_hash_table_insert (world->agent_skills, g_strdup (user_id), skills);
        }
      if (skills->len < OC_PROTOCOL_MAX_SKILLS)
        g_array_append_val (skills, skill);
    }
}

/* ------------------------------------------------------------------------ */
/* Agents */

static gboolean
is_standard_presence_name (const char *name)
{
  static const char * const names[] = { "Available", "Busy", "Busy - DND", "Do not disturb",
                                        "Away", "Offline", "Appear away", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

OcAgent *
_oc_dataverse_agent_from_row (OcDataverseWorld *world,
                              JsonObject       *row)
{
  g_autofree char *user_id = _oc_odata_get_id (row, "_msdyn_agentid_value");
  g_autofree char *presence_id = _oc_odata_get_id (row, "_msdyn_currentpresenceid_value");
  g_autofree char *fallback_name = NULL;
  DvUser *user;
  DvPresence *presence;
  GPtrArray *queues;
  GArray *skills;
  OcAgent *agent;
  gint64 available = 0;
  gint64 total;

  if (user_id == NULL)
    return NULL;

  user = g_hash_table_lookup (world->users, user_id);
  presence = presence_id ? g_hash_table_lookup (world->presences, presence_id) : NULL;

  agent = oc_agent_new (user_id);
  if (user != NULL && user->name != NULL)
    oc_agent_set_name (agent, user->name);
  else
    {
      fallback_name = cut_text (_oc_odata_get_formatted (row, "_msdyn_agentid_value"),
                                OC_PROTOCOL_MAX_NAME);
      oc_agent_set_name (agent, fallback_name);
    }

  /* When the agent's presence last changed: how long they have been in it. */
  oc_agent_set_presence_since (agent, _oc_odata_get_time (row, "msdyn_presencemodifiedon"));
  if (presence != NULL)
    {
      oc_agent_set_presence (agent, presence->presence);
      if (presence->name != NULL && !is_standard_presence_name (presence->name))
        oc_agent_set_presence_text (agent, presence->name);
    }

  /* Capacity in units: the user's total, of which msdyn_agentstatus says how
   * much is free. Capacity profiles are not read. */
  _oc_odata_get_int (row, "msdyn_availableunitscapacity", &available);
  available = CLAMP (available, 0, OC_PROTOCOL_MAX_CAPACITY);
  total = user != NULL && user->capacity >= 0 ? MIN (user->capacity, OC_PROTOCOL_MAX_CAPACITY) : available;
  total = MAX (total, available);
  oc_agent_set_capacity_total (agent, (guint) total);
  oc_agent_set_capacity_used (agent, (guint) (total - available));

  queues = g_hash_table_lookup (world->agent_queues, user_id);
  if (queues != NULL)
    oc_agent_set_queue_ids (agent, (const char * const *) queues->pdata);

  skills = g_hash_table_lookup (world->agent_skills, user_id);
  if (skills != NULL && skills->len > 0)
    {
      g_autofree const char **names = g_new0 (const char *, skills->len + 1);
      g_autofree guint *levels = g_new0 (guint, skills->len);

      for (guint i = 0; i < skills->len; i++)
        {
          names[i] = g_array_index (skills, DvSkill, i).name;
          levels[i] = g_array_index (skills, DvSkill, i).level;
        }
      oc_agent_set_skills (agent, names, levels);
    }

  return agent;
}

/* ------------------------------------------------------------------------ */
/* Conversations */

/* Microsoft's report counts the conversations an agent handles: agent
 * sessions (not a bot's alone), outside channel instances, and not record
 * routing ("Entity Records" in the multi-select msdyn_channel). A poll reads
 * changed rows of every kind, so the rule is applied here too. */
static gboolean
in_report_scope (JsonObject *row)
{
  const char *channels = _oc_odata_get_string (row, "msdyn_channel");
  g_autofree char *instance = _oc_odata_get_id (row, "_msdyn_channelinstanceid_value");

  if (!_oc_odata_get_bool (row, "msdyn_isagentsession", TRUE) || instance != NULL)
    return FALSE;
  if (channels != NULL)
    {
      g_auto(GStrv) values = g_strsplit (channels, ",", -1);

      for (guint i = 0; values[i] != NULL; i++)
        if (g_str_equal (g_strstrip (values[i]), "192350000"))
          return FALSE;
    }
  return TRUE;
}

OcConversation *
_oc_dataverse_conversation_from_row (OcDataverseWorld  *world,
                                     JsonObject        *row,
                                     OcConversation    *previous,
                                     gboolean          *closed,
                                     GError           **error)
{
  OcConversationFields f = { 0 };
  g_autofree char *queue_id = NULL;
  g_autofree char *agent_id = NULL;
  g_autofree char *workstream_id = NULL;
  OcWorkstream *workstream;
  gint64 statecode = 0;
  gint64 statuscode = -1;
  gint64 sentiment = 0;
  gint64 first_wait, assigned, wrap_up, modified, status_updated;
  gint64 first_wait_seconds = 0, transfers = 0;
  gboolean accepted, first_wait_done = FALSE;
  OcConversation *conversation;

  f.id = _oc_odata_get_id (row, "activityid");
  if (f.id == NULL)
    {
      g_set_error_literal (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                           _("a conversation without a usable activityid"));
      return NULL;
    }

  _oc_odata_get_int (row, "statecode", &statecode);
  _oc_odata_get_int (row, "statuscode", &statuscode);
  f.status = _oc_dataverse_map_status (statecode, statuscode);
  /* Out of the report's scope reads as leaving it. */
  *closed = f.status == OC_STATUS_CLOSED || !in_report_scope (row);

  f.subject = cut_text (_oc_odata_get_string (row, "subject"), OC_PROTOCOL_MAX_SUBJECT);
  f.customer_name = cut_text (_oc_odata_get_formatted (row, "_msdyn_customer_value"),
                              OC_PROTOCOL_MAX_NAME);

  queue_id = _oc_odata_get_id (row, "_msdyn_cdsqueueid_value");
  agent_id = _oc_odata_get_id (row, "_msdyn_activeagentid_value");
  workstream_id = _oc_odata_get_id (row, "_msdyn_liveworkstreamid_value");
  f.queue_id = queue_id;
  f.agent_id = agent_id;
  f.workstream_id = workstream_id;

  workstream = workstream_id ? g_hash_table_lookup (world->workstreams, workstream_id) : NULL;
  if (workstream != NULL)
    {
      f.channel = oc_workstream_get_channel (workstream);
      f.sub_channel = g_hash_table_lookup (world->sub_channels, workstream_id);
    }

  if (_oc_odata_get_int (row, "msdyn_customersentimentlabel", &sentiment))
    f.sentiment = _oc_dataverse_map_sentiment (sentiment);

  f.created_at = _oc_odata_get_time (row, "createdon");
  first_wait = _oc_odata_get_time (row, "msdyn_firstwaitstartedon");
  assigned = _oc_odata_get_time (row, "msdyn_activeagentassignedon");
  wrap_up = _oc_odata_get_time (row, "msdyn_wrapupinitiatedon");
  modified = _oc_odata_get_time (row, "modifiedon");
  status_updated = _oc_odata_get_time (row, "msdyn_statusupdatedon");
  accepted = _oc_odata_get_bool (row, "msdyn_isagentaccepted", assigned != 0);
  _oc_odata_get_int (row, "msdyn_transfercount", &transfers);
  if (first_wait == 0)
    first_wait = f.created_at;

  /* The first wait: stored once an agent accepted; else measured up to the
   * last assignment, which after a transfer is the second agent's (so it
   * counts only while there was none). */
  if (_oc_odata_get_int (row, "msdyn_conversationfirstwaittimeinseconds", &first_wait_seconds) &&
      first_wait_seconds >= 0)
    first_wait_done = TRUE;
  else if (assigned != 0 && accepted && transfers <= 0)
    {
      first_wait_seconds = assigned - first_wait;
      first_wait_done = TRUE;
    }
  else if (transfers > 0)
    {
      /* Accepted once, but when is not kept: count none rather than the
       * first agent's handling. Both times are then the console's guess,
       * and the report says so. */
      first_wait_seconds = 0;
      first_wait_done = TRUE;
      f.wait_estimate = OC_ESTIMATE_TRANSFERRED;
      f.handle_estimate = OC_ESTIMATE_TRANSFERRED;
    }
  if (first_wait_done)
    {
      f.wait_seconds = CLAMP (first_wait_seconds, 0, OC_PROTOCOL_MAX_SECONDS);
      f.first_assigned_at = first_wait + f.wait_seconds;
    }
  else
    f.first_assigned_at = accepted ? assigned : 0;

  /* When the status began: Dataverse keeps it (msdyn_statusupdatedon); an
   * org that does not fill it leaves the nearest we can read. */
  switch (f.status)
    {
    case OC_STATUS_OPEN:
      f.status_since = first_wait;
      break;
    case OC_STATUS_ACTIVE:
      f.status_since = assigned;
      break;
    case OC_STATUS_WRAP_UP:
      f.status_since = wrap_up;
      break;
    case OC_STATUS_WAITING:
    case OC_STATUS_UNKNOWN:
    case OC_STATUS_CLOSED:
    default:
      f.status_since = modified;
      break;
    }
  if (status_updated != 0)
    f.status_since = status_updated;
  else if (previous != NULL && oc_conversation_get_status (previous) == f.status &&
           oc_conversation_get_status_since (previous) != 0)
    f.status_since = oc_conversation_get_status_since (previous);
  if (f.status_since == 0)
    f.status_since = f.created_at;

  /* Wait runs until an agent accepts: while open, waiting, or active but
   * not accepted yet. A later spell starts with its status. */
  if (f.status == OC_STATUS_OPEN || f.status == OC_STATUS_WAITING ||
      (f.status == OC_STATUS_ACTIVE && !accepted))
    {
      if (!first_wait_done)
        {
          f.waiting_since = first_wait;
          f.wait_seconds = 0;
        }
      else
        f.waiting_since = f.status_since;

      /* What the wall clock adds here that Dataverse does not store: a
       * first wait is kept only once an agent accepts; an active status
       * began at the offer, not when this spell began; and without
       * msdyn_statusupdatedon no spell's start is stored at all. */
      if (f.wait_estimate != OC_ESTIMATE_NONE)
        ;
      else if (f.status == OC_STATUS_ACTIVE && !first_wait_done)
        f.wait_estimate = OC_ESTIMATE_NOT_ACCEPTED;
      else if (first_wait_done && (f.status == OC_STATUS_ACTIVE || status_updated == 0))
        f.wait_estimate = OC_ESTIMATE_SPELL_START;
    }

  conversation = _oc_conversation_new_take (&f);
  return conversation;
}
