// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-world"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-change-log.h"
#include "oc-protocol.h"
#include "oc-world.h"
#include "oc-world-private.h"

/* The world's objects, their indexes and the change events; by concern
 * apart: the action rules (oc-world-rules.c), transcripts and who joined
 * (oc-world-transcript.c) and the serialized forms (oc-world-json.c). */

enum {
  SIGNAL_CHANGE,
  SIGNAL_MESSAGE_ADDED,
  SIGNAL_CONVERSATION_REMOVED,
  SIGNAL_JOINED_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OcWorld, oc_world, G_TYPE_OBJECT)

G_DEFINE_QUARK (oc-world-error-quark, oc_world_error)

static void
oc_world_entry_free (OcWorldEntry *entry)
{
  g_clear_object (&entry->conversation);
  g_clear_pointer (&entry->json, g_bytes_unref);
  g_clear_pointer (&entry->transcript, g_ptr_array_unref);
  g_clear_pointer (&entry->joined, g_ptr_array_unref);
  g_free (entry);
}

static int
compare_open (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const OcWorldEntry *ea = a;
  const OcWorldEntry *eb = b;

  if (ea->open_key != eb->open_key)
    return ea->open_key < eb->open_key ? -1 : 1;
  return strcmp (oc_conversation_get_id (ea->conversation),
                 oc_conversation_get_id (eb->conversation));
}

static int
compare_age (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const OcWorldEntry *ea = a;
  const OcWorldEntry *eb = b;

  if (ea->age_key != eb->age_key)
    return ea->age_key < eb->age_key ? -1 : 1;
  return strcmp (oc_conversation_get_id (ea->conversation),
                 oc_conversation_get_id (eb->conversation));
}

static void
oc_world_finalize (GObject *object)
{
  OcWorld *self = (OcWorld *) object;

  g_clear_pointer (&self->log, oc_change_log_free);

  g_clear_pointer (&self->open_by_queue, g_hash_table_unref);
  g_clear_pointer (&self->by_age, g_sequence_free);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->workstream_by_id, g_hash_table_unref);
  g_clear_pointer (&self->queue_by_id, g_hash_table_unref);
  g_clear_pointer (&self->agent_by_id, g_hash_table_unref);
  g_clear_pointer (&self->workstreams, g_ptr_array_unref);
  g_clear_pointer (&self->queues, g_ptr_array_unref);
  g_clear_pointer (&self->agents, g_ptr_array_unref);

  G_OBJECT_CLASS (oc_world_parent_class)->finalize (object);
}

static void
oc_world_class_init (OcWorldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = oc_world_finalize;

  signals[SIGNAL_CHANGE] =
    g_signal_new ("change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_INT64, G_TYPE_OBJECT, G_TYPE_STRING, G_TYPE_BYTES);
  signals[SIGNAL_MESSAGE_ADDED] =
    g_signal_new ("message-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  OC_TYPE_CONVERSATION, OC_TYPE_MESSAGE);
  signals[SIGNAL_CONVERSATION_REMOVED] =
    g_signal_new ("conversation-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_JOINED_CHANGED] =
    g_signal_new ("joined-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
oc_world_init (OcWorld *self)
{
  self->workstreams = g_ptr_array_new_with_free_func (g_object_unref);
  self->queues = g_ptr_array_new_with_free_func (g_object_unref);
  self->agents = g_ptr_array_new_with_free_func (g_object_unref);
  self->workstream_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->queue_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->agent_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) oc_world_entry_free);
  self->open_by_queue = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify) g_sequence_free);
  self->by_age = g_sequence_new (NULL);
  self->log = oc_change_log_new (OC_WORLD_DEFAULT_LOG_CAPACITY);
  self->transcript_limit = OC_WORLD_DEFAULT_TRANSCRIPT_LIMIT;
}

OcWorld *
oc_world_new (void)
{
  return g_object_new (OC_TYPE_WORLD, NULL);
}

gint64
oc_world_get_revision (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), 0);

  return self->revision;
}

void
oc_world_set_revision (OcWorld *self,
                       gint64   revision)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (revision >= 0 && revision <= OC_PROTOCOL_MAX_REVISION);

  self->revision = revision;
}

/**
 * oc_world_skip_revisions:
 * @revision: the revision to continue after
 *
 * Continues numbering after @revision and forgets the change log, so that
 * no client is replayed across the skipped numbers: any since= from before
 * is answered with resync-required. For a restart after a crash, when
 * revisions past the saved ones may have reached clients.
 */
void
oc_world_skip_revisions (OcWorld *self,
                         gint64   revision)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (revision >= self->revision && revision <= OC_PROTOCOL_MAX_REVISION);

  self->revision = revision;
  oc_change_log_clear (self->log);
}

gint64
oc_world_get_now (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), 0);

  return g_get_real_time () / G_USEC_PER_SEC + (gint64) self->clock_offset;
}

double
oc_world_get_clock_offset (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), 0);

  return self->clock_offset;
}

void
oc_world_set_clock_offset (OcWorld *self,
                           double   offset)
{
  g_return_if_fail (OC_IS_WORLD (self));

  self->clock_offset = offset;
}

void
oc_world_advance_clock (OcWorld *self,
                        double   seconds)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (seconds >= 0);

  self->clock_offset += seconds;
}

OcWorldEntry *
_oc_world_lookup_entry (OcWorld    *self,
                        const char *id)
{
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->entries, id);
}

OcConversation *
oc_world_lookup_conversation (OcWorld    *self,
                              const char *id)
{
  OcWorldEntry *entry;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  entry = _oc_world_lookup_entry (self, id);
  return entry ? entry->conversation : NULL;
}

OcAgent *
oc_world_lookup_agent (OcWorld    *self,
                       const char *id)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  return id ? g_hash_table_lookup (self->agent_by_id, id) : NULL;
}

OcQueue *
oc_world_lookup_queue (OcWorld    *self,
                       const char *id)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  return id ? g_hash_table_lookup (self->queue_by_id, id) : NULL;
}

OcWorkstream *
oc_world_lookup_workstream (OcWorld    *self,
                            const char *id)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  return id ? g_hash_table_lookup (self->workstream_by_id, id) : NULL;
}

OcWorkstream *
oc_world_get_conversation_workstream (OcWorld        *self,
                                      OcConversation *conversation)
{
  OcWorkstream *workstream;
  OcQueue *queue;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), NULL);

  workstream = oc_world_lookup_workstream (self, oc_conversation_get_workstream_id (conversation));
  if (workstream != NULL)
    return workstream;

  queue = oc_world_lookup_queue (self, oc_conversation_get_queue_id (conversation));
  return queue ? oc_world_lookup_workstream (self, oc_queue_get_workstream_id (queue)) : NULL;
}

GPtrArray *
oc_world_get_workstreams (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  return self->workstreams;
}

GPtrArray *
oc_world_get_queues (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  return self->queues;
}

GPtrArray *
oc_world_get_agents (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  return self->agents;
}

guint
oc_world_get_n_conversations (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), 0);
  return g_hash_table_size (self->entries);
}

GPtrArray *
oc_world_list_conversations (OcWorld *self)
{
  GPtrArray *list;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  list = g_ptr_array_sized_new (g_hash_table_size (self->entries));
  for (GSequenceIter *iter = g_sequence_get_begin_iter (self->by_age);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      OcWorldEntry *entry = g_sequence_get (iter);
      g_ptr_array_add (list, entry->conversation);
    }

  return list;
}

GPtrArray *
oc_world_list_open (OcWorld    *self,
                    const char *queue_id,
                    guint       max)
{
  GPtrArray *list = g_ptr_array_new ();
  GSequence *open;

  g_return_val_if_fail (OC_IS_WORLD (self), list);

  open = queue_id ? g_hash_table_lookup (self->open_by_queue, queue_id) : NULL;
  if (open == NULL)
    return list;

  for (GSequenceIter *iter = g_sequence_get_begin_iter (open);
       !g_sequence_iter_is_end (iter) && list->len < max;
       iter = g_sequence_iter_next (iter))
    {
      OcWorldEntry *entry = g_sequence_get (iter);
      g_ptr_array_add (list, entry->conversation);
    }

  return list;
}

OcConversation *
oc_world_get_oldest (OcWorld *self)
{
  GSequenceIter *iter;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  iter = g_sequence_get_begin_iter (self->by_age);
  if (g_sequence_iter_is_end (iter))
    return NULL;

  return ((OcWorldEntry *) g_sequence_get (iter))->conversation;
}

/* Keeps the per-queue index of open conversations in step with status and
 * queue. The key is fixed on insertion so the sequence stays sorted. */
static void
update_open_index (OcWorld      *self,
                   OcWorldEntry *entry)
{
  OcConversation *conversation = entry->conversation;
  const char *queue_id = g_intern_string (oc_conversation_get_queue_id (conversation));
  gboolean is_open = oc_conversation_get_status (conversation) == OC_STATUS_OPEN;
  GSequence *open;

  if (entry->open_iter != NULL && (!is_open || entry->open_queue != queue_id))
    {
      g_sequence_remove (entry->open_iter);
      entry->open_iter = NULL;
      entry->open_queue = NULL;
    }

  if (!is_open || entry->open_iter != NULL || queue_id == NULL)
    return;

  open = g_hash_table_lookup (self->open_by_queue, queue_id);
  if (open == NULL)
    {
      open = g_sequence_new (NULL);
      g_hash_table_insert (self->open_by_queue, (gpointer) queue_id, open);
    }

  entry->open_key = oc_conversation_get_wait_key (conversation);
  entry->open_queue = queue_id;
  entry->open_iter = g_sequence_insert_sorted (open, entry, compare_open, NULL);
}

static OcWorldEntry *
add_entry (OcWorld        *self,
           OcConversation *conversation)
{
  OcWorldEntry *entry = g_new0 (OcWorldEntry, 1);

  entry->conversation = g_object_ref (conversation);
  entry->transcript = g_ptr_array_new_with_free_func (g_object_unref);
  entry->age_key = oc_conversation_get_created_at (conversation);
  entry->age_iter = g_sequence_insert_sorted (self->by_age, entry, compare_age, NULL);
  g_hash_table_insert (self->entries, (gpointer) oc_conversation_get_id (conversation), entry);
  update_open_index (self, entry);

  return entry;
}

static void
commit (OcWorld    *self,
        gint64      revision,
        GObject    *object,
        const char *removed_id,
        GBytes     *event)
{
  oc_change_log_append (self->log, revision, event);
  g_signal_emit (self, signals[SIGNAL_CHANGE], 0, revision, object, removed_id, event);
}

static void
put_object (OcWorld    *self,
            GPtrArray  *array,
            GHashTable *by_id,
            GObject    *object,
            const char *id,
            const char *type,
            const char *member)
{
  g_autoptr(GBytes) event = NULL;
  gint64 revision;

  if (g_hash_table_lookup (by_id, id) == NULL)
    {
      g_ptr_array_add (array, g_object_ref (object));
      g_hash_table_insert (by_id, (gpointer) id, object);
    }
  g_return_if_fail (g_hash_table_lookup (by_id, id) == object);

  revision = ++self->revision;
  event = _oc_world_build_upsert (type, revision, member, object);
  commit (self, revision, object, NULL, event);
}

void
oc_world_put_workstream (OcWorld      *self,
                         OcWorkstream *workstream)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_WORKSTREAM (workstream));

  put_object (self, self->workstreams, self->workstream_by_id, G_OBJECT (workstream),
              oc_workstream_get_id (workstream), "workstream.upsert", "workstream");
}

void
oc_world_put_queue (OcWorld *self,
                    OcQueue *queue)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_QUEUE (queue));

  put_object (self, self->queues, self->queue_by_id, G_OBJECT (queue),
              oc_queue_get_id (queue), "queue.upsert", "queue");
}

void
oc_world_put_agent (OcWorld *self,
                    OcAgent *agent)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_AGENT (agent));

  put_object (self, self->agents, self->agent_by_id, G_OBJECT (agent),
              oc_agent_get_id (agent), "agent.upsert", "agent");
}

void
oc_world_put_conversation (OcWorld        *self,
                           OcConversation *conversation)
{
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) event = NULL;
  OcWorldEntry *entry;
  gint64 revision;

  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_CONVERSATION (conversation));
  g_return_if_fail (oc_conversation_get_status (conversation) != OC_STATUS_CLOSED);

  entry = _oc_world_lookup_entry (self, oc_conversation_get_id (conversation));
  if (entry == NULL)
    entry = add_entry (self, conversation);
  g_return_if_fail (entry->conversation == conversation);

  revision = ++self->revision;
  oc_conversation_set_revision (conversation, revision);
  g_clear_pointer (&entry->json, g_bytes_unref);
  update_open_index (self, entry);

  json = oc_world_get_conversation_json (self, conversation);
  event = _oc_world_build_conversation_upsert (revision, json);
  commit (self, revision, G_OBJECT (conversation), NULL, event);
}

void
oc_world_remove_conversation (OcWorld        *self,
                              OcConversation *conversation,
                              const char     *reason)
{
  g_autoptr(OcConversation) held = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) event = NULL;
  g_autofree char *id = NULL;
  OcWorldEntry *entry;
  OcAgent *agent;
  gint64 revision;

  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_CONVERSATION (conversation));
  g_return_if_fail (reason != NULL);

  id = g_strdup (oc_conversation_get_id (conversation));
  entry = _oc_world_lookup_entry (self, id);
  g_return_if_fail (entry != NULL && entry->conversation == conversation);

  held = g_object_ref (conversation);
  agent = oc_world_lookup_agent (self, oc_conversation_get_agent_id (conversation));

  oc_world_set_status (self, conversation, OC_STATUS_CLOSED);
  revision = ++self->revision;
  oc_conversation_set_revision (conversation, revision);

  if (entry->open_iter)
    g_sequence_remove (entry->open_iter);
  g_sequence_remove (entry->age_iter);
  g_hash_table_remove (self->entries, id);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "conversation.removed");
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, revision);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_end_object (builder);
  event = _oc_world_take_builder (builder);

  commit (self, revision, NULL, id, event);
  g_signal_emit (self, signals[SIGNAL_CONVERSATION_REMOVED], 0, id, reason);

  if (agent != NULL && oc_agent_get_capacity_used (agent) > 0)
    {
      oc_agent_set_capacity_used (agent, oc_agent_get_capacity_used (agent) - 1);
      oc_world_put_agent (self, agent);
    }
}

/* Filling the world from saved state: no events, no new revisions. */

static void
load_object (GPtrArray  *array,
             GHashTable *by_id,
             GObject    *object,
             const char *id)
{
  GObject *old = g_hash_table_lookup (by_id, id);

  if (old != NULL)
    g_ptr_array_remove (array, old);
  g_ptr_array_add (array, g_object_ref (object));
  g_hash_table_insert (by_id, (gpointer) id, object);
}

void
oc_world_load_workstream (OcWorld      *self,
                          OcWorkstream *workstream)
{
  g_return_if_fail (OC_IS_WORLD (self));
  load_object (self->workstreams, self->workstream_by_id, G_OBJECT (workstream),
               oc_workstream_get_id (workstream));
}

void
oc_world_load_queue (OcWorld *self,
                     OcQueue *queue)
{
  g_return_if_fail (OC_IS_WORLD (self));
  load_object (self->queues, self->queue_by_id, G_OBJECT (queue), oc_queue_get_id (queue));
}

void
oc_world_load_agent (OcWorld *self,
                     OcAgent *agent)
{
  g_return_if_fail (OC_IS_WORLD (self));
  load_object (self->agents, self->agent_by_id, G_OBJECT (agent), oc_agent_get_id (agent));
}

void
oc_world_load_conversation (OcWorld        *self,
                            OcConversation *conversation)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_CONVERSATION (conversation));

  if (_oc_world_lookup_entry (self, oc_conversation_get_id (conversation)) != NULL)
    return;
  add_entry (self, conversation);
}

void
oc_world_load_event (OcWorld *self,
                     gint64   revision,
                     GBytes  *event)
{
  g_return_if_fail (OC_IS_WORLD (self));

  oc_change_log_append (self->log, revision, event);
}

gboolean
oc_world_collect_since (OcWorld   *self,
                        gint64     since,
                        GPtrArray *events)
{
  g_return_val_if_fail (OC_IS_WORLD (self), FALSE);

  return oc_change_log_collect (self->log, since, self->revision, events);
}

void
oc_world_set_log_capacity (OcWorld *self,
                           guint    capacity)
{
  g_return_if_fail (OC_IS_WORLD (self));

  oc_change_log_set_capacity (self->log, capacity);
}

void
oc_world_set_transcript_limit (OcWorld *self,
                               guint    limit)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (limit > 0);

  self->transcript_limit = limit;
}

void
_oc_world_emit_message_added (OcWorld        *self,
                              OcConversation *conversation,
                              OcMessage      *message)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE_ADDED], 0, conversation, message);
}

void
_oc_world_emit_joined_changed (OcWorld    *self,
                               const char *conversation_id,
                               const char *user,
                               gboolean    joined)
{
  g_signal_emit (self, signals[SIGNAL_JOINED_CHANGED], 0, conversation_id, user, joined);
}
