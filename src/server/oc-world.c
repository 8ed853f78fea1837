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

/**
 * OcWorld:
 *
 * The server's state: queues, workstreams, agents, the live conversations
 * with their transcripts, the revision counter and a bounded log of change
 * events for ?since= replay. Every change goes through here, gets the next
 * revision, and is announced once with its serialized event.
 */
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

  /**
   * OcWorld::change:
   * @revision: the change's revision
   * @object: (nullable): the object that changed, %NULL for a removal
   * @removed_id: (nullable): the id of the conversation removed, or %NULL
   * @event: the change event, already serialized
   *
   * One change event; the sockets broadcast it and the state writes it.
   */
  signals[SIGNAL_CHANGE] =
    g_signal_new ("change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_INT64, G_TYPE_OBJECT, G_TYPE_STRING, G_TYPE_BYTES);
  /**
   * OcWorld::message-added:
   * @conversation: the conversation
   * @message: the new transcript line
   */
  signals[SIGNAL_MESSAGE_ADDED] =
    g_signal_new ("message-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  OC_TYPE_CONVERSATION, OC_TYPE_MESSAGE);
  /**
   * OcWorld::conversation-removed:
   * @id: the conversation's id
   * @reason: why it left
   */
  signals[SIGNAL_CONVERSATION_REMOVED] =
    g_signal_new ("conversation-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, G_TYPE_STRING);
  /**
   * OcWorld::joined-changed:
   * @conversation_id: the conversation's id
   * @user: the supervisor
   * @joined: whether @user joined (%TRUE) or left
   */
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

/**
 * oc_world_new:
 *
 * Returns: (transfer full): an empty world at revision 0, with the default
 *   change-log capacity and transcript limit
 */
OcWorld *
oc_world_new (void)
{
  return g_object_new (OC_TYPE_WORLD, NULL);
}

/**
 * oc_world_get_revision:
 *
 * Returns: the revision of the last change
 */
gint64
oc_world_get_revision (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), 0);

  return self->revision;
}

/**
 * oc_world_set_revision:
 * @revision: the revision to continue from
 *
 * Sets the revision counter, without an event. Only before anything
 * happened, or when loading saved state.
 */
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

/**
 * oc_world_get_now:
 *
 * Returns: "now" in Unix seconds: the real clock plus what
 *   oc_world_advance_clock() added
 */
gint64
oc_world_get_now (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), 0);

  return g_get_real_time () / G_USEC_PER_SEC + (gint64) self->clock_offset;
}

/**
 * oc_world_get_clock_offset:
 *
 * Returns: the seconds the world's clock runs ahead of the real one
 */
double
oc_world_get_clock_offset (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), 0);

  return self->clock_offset;
}

/**
 * oc_world_set_clock_offset:
 * @offset: seconds ahead of the real clock
 *
 * Sets the clock offset, as loaded from saved state.
 */
void
oc_world_set_clock_offset (OcWorld *self,
                           double   offset)
{
  g_return_if_fail (OC_IS_WORLD (self));

  self->clock_offset = offset;
}

/**
 * oc_world_advance_clock:
 * @seconds: how far to move on; not negative
 *
 * Moves the world's clock on by @seconds (the simulator's time passing
 * faster than real time).
 */
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

/**
 * oc_world_lookup_conversation:
 * @id: (nullable): a conversation's id
 *
 * Returns: (transfer none) (nullable): the live conversation with @id, or
 *   %NULL when there is none (closed ones are gone)
 */
OcConversation *
oc_world_lookup_conversation (OcWorld    *self,
                              const char *id)
{
  OcWorldEntry *entry;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  entry = _oc_world_lookup_entry (self, id);
  return entry ? entry->conversation : NULL;
}

/**
 * oc_world_lookup_agent:
 * @id: (nullable): an agent's id
 *
 * Returns: (transfer none) (nullable): the agent with @id, or %NULL
 */
OcAgent *
oc_world_lookup_agent (OcWorld    *self,
                       const char *id)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  return id ? g_hash_table_lookup (self->agent_by_id, id) : NULL;
}

/**
 * oc_world_lookup_queue:
 * @id: (nullable): a queue's id
 *
 * Returns: (transfer none) (nullable): the queue with @id, or %NULL
 */
OcQueue *
oc_world_lookup_queue (OcWorld    *self,
                       const char *id)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  return id ? g_hash_table_lookup (self->queue_by_id, id) : NULL;
}

/**
 * oc_world_lookup_workstream:
 * @id: (nullable): a workstream's id
 *
 * Returns: (transfer none) (nullable): the workstream with @id, or %NULL
 */
OcWorkstream *
oc_world_lookup_workstream (OcWorld    *self,
                            const char *id)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  return id ? g_hash_table_lookup (self->workstream_by_id, id) : NULL;
}

/**
 * oc_world_get_conversation_workstream:
 * @conversation: a conversation
 *
 * Returns: (transfer none) (nullable): the workstream governing
 *   @conversation: its own, or else its queue's; %NULL when neither is known
 */
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

/**
 * oc_world_get_workstreams:
 *
 * Returns: (transfer none) (element-type OcWorkstream): every workstream, in
 *   the order they were added
 */
GPtrArray *
oc_world_get_workstreams (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  return self->workstreams;
}

/**
 * oc_world_get_queues:
 *
 * Returns: (transfer none) (element-type OcQueue): every queue, in the order
 *   they were added
 */
GPtrArray *
oc_world_get_queues (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  return self->queues;
}

/**
 * oc_world_get_agents:
 *
 * Returns: (transfer none) (element-type OcAgent): every agent, in the order
 *   they were added
 */
GPtrArray *
oc_world_get_agents (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  return self->agents;
}

/**
 * oc_world_get_n_conversations:
 *
 * Returns: how many conversations are live
 */
guint
oc_world_get_n_conversations (OcWorld *self)
{
  g_return_val_if_fail (OC_IS_WORLD (self), 0);
  return g_hash_table_size (self->entries);
}

/**
 * oc_world_list_conversations:
 *
 * Returns: (transfer container) (element-type OcConversation): the live
 *   conversations, oldest first; the array is new, its objects borrowed
 */
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

/**
 * oc_world_list_open:
 * @queue_id: a queue's id
 * @max: the most to return
 *
 * Returns: (transfer container) (element-type OcConversation): up to @max
 *   open conversations of @queue_id, longest waiting first; the array is new,
 *   its objects borrowed
 */
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

/**
 * oc_world_get_oldest:
 *
 * Returns: (transfer none) (nullable): the oldest live conversation, or %NULL
 */
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

/**
 * oc_world_put_workstream:
 * @workstream: a workstream, added when the world does not know it
 *
 * The changes, this one and the three after it: each takes the next
 * revision, stamps it on the object when it has one, logs the serialized
 * event and emits #OcWorld::change. The world keeps a reference to an
 * object it adds.
 */
void
oc_world_put_workstream (OcWorld      *self,
                         OcWorkstream *workstream)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_WORKSTREAM (workstream));

  put_object (self, self->workstreams, self->workstream_by_id, G_OBJECT (workstream),
              oc_workstream_get_id (workstream), "workstream.upsert", "workstream");
}

/**
 * oc_world_put_queue:
 * @queue: a queue, added when the world does not know it
 *
 * Announces @queue as changed (a queue.upsert), as oc_world_put_workstream()
 * does.
 */
void
oc_world_put_queue (OcWorld *self,
                    OcQueue *queue)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_QUEUE (queue));

  put_object (self, self->queues, self->queue_by_id, G_OBJECT (queue),
              oc_queue_get_id (queue), "queue.upsert", "queue");
}

/**
 * oc_world_put_agent:
 * @agent: an agent, added when the world does not know it
 *
 * Announces @agent as changed (an agent.upsert), as
 * oc_world_put_workstream() does.
 */
void
oc_world_put_agent (OcWorld *self,
                    OcAgent *agent)
{
  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_AGENT (agent));

  put_object (self, self->agents, self->agent_by_id, G_OBJECT (agent),
              oc_agent_get_id (agent), "agent.upsert", "agent");
}

/**
 * oc_world_put_conversation:
 * @conversation: a live conversation, added when the world does not know it
 *
 * Announces @conversation as changed (a conversation.upsert), as
 * oc_world_put_workstream() does, and refreshes its place in the open and
 * age indexes.
 */
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

/**
 * oc_world_remove_conversation:
 * @conversation: a live conversation of the world
 * @reason: why it leaves: "closed", "force-closed", "expired", …
 *
 * Closes @conversation and removes it: a conversation.removed with @reason,
 * then #OcWorld::conversation-removed, then, when its agent had capacity in
 * use, an agent.upsert that frees one unit. Its transcript goes with it.
 */
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

/**
 * oc_world_load_workstream:
 * @workstream: a workstream from saved state
 *
 * Loading, this one and the loaders after it: adds without an event or a
 * new revision, replacing an object with the same id. The world keeps a
 * reference.
 */
void
oc_world_load_workstream (OcWorld      *self,
                          OcWorkstream *workstream)
{
  g_return_if_fail (OC_IS_WORLD (self));
  load_object (self->workstreams, self->workstream_by_id, G_OBJECT (workstream),
               oc_workstream_get_id (workstream));
}

/**
 * oc_world_load_queue:
 * @queue: a queue from saved state
 *
 * Adds @queue without an event, as oc_world_load_workstream() does.
 */
void
oc_world_load_queue (OcWorld *self,
                     OcQueue *queue)
{
  g_return_if_fail (OC_IS_WORLD (self));
  load_object (self->queues, self->queue_by_id, G_OBJECT (queue), oc_queue_get_id (queue));
}

/**
 * oc_world_load_agent:
 * @agent: an agent from saved state
 *
 * Adds @agent without an event, as oc_world_load_workstream() does.
 */
void
oc_world_load_agent (OcWorld *self,
                     OcAgent *agent)
{
  g_return_if_fail (OC_IS_WORLD (self));
  load_object (self->agents, self->agent_by_id, G_OBJECT (agent), oc_agent_get_id (agent));
}

/**
 * oc_world_load_conversation:
 * @conversation: a conversation from saved state
 *
 * Adds @conversation without an event; one whose id is already live is
 * ignored.
 */
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

/**
 * oc_world_load_event:
 * @revision: the event's revision
 * @event: a serialized change event
 *
 * Appends @event to the change log, for ?since= replay after a restart.
 */
void
oc_world_load_event (OcWorld *self,
                     gint64   revision,
                     GBytes  *event)
{
  g_return_if_fail (OC_IS_WORLD (self));

  oc_change_log_append (self->log, revision, event);
}

/**
 * oc_world_collect_since:
 * @since: the last revision the client has
 * @events: (element-type GBytes): an array to fill
 *
 * Fills @events with a reference to every change event after @since.
 *
 * Returns: %TRUE when the log reaches back that far, %FALSE (and @events
 *   untouched or partial) when it does not and the client must resync
 */
gboolean
oc_world_collect_since (OcWorld   *self,
                        gint64     since,
                        GPtrArray *events)
{
  g_return_val_if_fail (OC_IS_WORLD (self), FALSE);

  return oc_change_log_collect (self->log, since, self->revision, events);
}

/**
 * oc_world_set_log_capacity:
 * @capacity: how many change events to keep
 *
 * Bounds the change log kept for ?since= replay.
 */
void
oc_world_set_log_capacity (OcWorld *self,
                           guint    capacity)
{
  g_return_if_fail (OC_IS_WORLD (self));

  oc_change_log_set_capacity (self->log, capacity);
}

/**
 * oc_world_set_transcript_limit:
 * @limit: how many lines to keep per conversation; more than 0
 *
 * Bounds each transcript: only the most recent @limit lines are kept.
 */
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
