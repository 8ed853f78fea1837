// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation"

#include "config.h"

#include "oc-conversation.h"
#include "oc-conversation-private.h"
#include "oc-model-private.h"
#include "oc-watcher.h"

/**
 * OcConversation:
 *
 * One conversation of the floor, a row of #OcConversationStore. Times are
 * Unix seconds (UTC); 0 means "not set". Ids of queues, agents and
 * workstreams are interned: they repeat across 100,000 rows.
 */

/* What few conversations have: a help flag, someone watching. Apart, it
 * costs those without it one pointer instead of five fields. */
typedef struct
{
  char        *flag_reason;      /* NULL when no flag was raised */
  const char  *flag_lowered_by;  /* interned */
  GPtrArray   *watchers;         /* OcWatcher; NULL when nobody watches */
  gint64       flag_raised_at;
  gint64       flag_lowered_at;
} Rare;

static const Rare no_rare;

/* For reading: never NULL. */
#define RARE(self) ((const Rare *) ((self)->rare != NULL ? (self)->rare : &no_rare))

/* Kept small on purpose: 100,000 of these live in the store (< 1 KiB each,
 * strings included). Queue, workstream and agent ids, the sub-channel and the
 * skill names repeat across rows, so they are interned and never freed. */
struct _OcConversation
{
  GObject      parent_instance;

  char        *id;
  char        *subject;
  char        *customer_name;
  const char  *sub_channel;    /* interned */
  const char  *queue_id;       /* interned */
  const char  *workstream_id;  /* interned */
  const char  *agent_id;       /* interned */
  const char **skills;         /* NULL-terminated, interned items; NULL if none */
  Rare        *rare;           /* NULL while it has neither flag nor watchers */

  gint64       revision;
  gint64       created_at;
  gint64       status_since;
  gint64       first_assigned_at;
  gint64       wait_seconds;
  gint64       waiting_since;

  guint8       status;
  guint8       channel;
  guint8       sentiment;
  guint8       estimates;      /* OcEstimate of the wait (low nibble) and of the handle time */
  guint32      slot;           /* see _oc_conversation_get_slot(); fits the padding */
};

/* For writing: made when first needed. */
static Rare *
rare_mut (OcConversation *self)
{
  if (self->rare == NULL)
    self->rare = g_new0 (Rare, 1);
  return self->rare;
}

/* Slots are handed out densely, the lowest free one first, so that a
 * per-view array indexed by them is about as long as the store, even after a
 * resync had two worlds alive for a moment. Conversations are made in the
 * parser's thread too, hence the lock. */
G_LOCK_DEFINE_STATIC (slots);
static guint32  next_slot;
static GArray  *free_slots;   /* guint32, a binary min-heap */

static guint32
slot_take (void)
{
  guint32 *heap, slot, last;
  guint n, i = 0;

  if (free_slots == NULL || free_slots->len == 0)
    return next_slot++;

  heap = (guint32 *) (gpointer) free_slots->data;
  n = free_slots->len - 1;
  slot = heap[0];
  last = heap[n];
  while (2 * i + 1 < n)
    {
      guint child = 2 * i + 1;

      if (child + 1 < n && heap[child + 1] < heap[child])
        child++;
      if (heap[child] >= last)
        break;
      heap[i] = heap[child];
      i = child;
    }
  heap[i] = last;
  g_array_set_size (free_slots, n);
  return slot;
}

static void
slot_give (guint32 slot)
{
  guint32 *heap;
  guint i;

  if (free_slots == NULL)
    free_slots = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_array_set_size (free_slots, free_slots->len + 1);
  heap = (guint32 *) (gpointer) free_slots->data;
  for (i = free_slots->len - 1; i > 0 && heap[(i - 1) / 2] > slot; i = (i - 1) / 2)
    heap[i] = heap[(i - 1) / 2];
  heap[i] = slot;
}

/* Both estimates in one byte: the struct stays within its padding. */
static inline guint8
pack_estimates (OcEstimate wait,
                OcEstimate handle)
{
  return (guint8) ((wait & 0x0f) | ((handle & 0x0f) << 4));
}

G_DEFINE_FINAL_TYPE (OcConversation, oc_conversation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REVISION,
  PROP_SUBJECT,
  PROP_STATUS,
  PROP_CHANNEL,
  PROP_SUB_CHANNEL,
  PROP_QUEUE_ID,
  PROP_WORKSTREAM_ID,
  PROP_AGENT_ID,
  PROP_CUSTOMER_NAME,
  PROP_CREATED_AT,
  PROP_STATUS_SINCE,
  PROP_FIRST_ASSIGNED_AT,
  PROP_WAIT_SECONDS,
  PROP_WAITING_SINCE,
  PROP_SENTIMENT,
  PROP_WAIT_ESTIMATE,
  PROP_HANDLE_ESTIMATE,
  PROP_SKILLS,
  PROP_FLAG_REASON,
  PROP_FLAG_RAISED_AT,
  PROP_FLAG_LOWERED_AT,
  PROP_FLAG_LOWERED_BY,
  PROP_FLAGGED,
  PROP_WATCHERS,
  PROP_N_WATCHERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Sorts after every real instant; see oc_conversation_get_wait_key(). */
#define NOT_TICKING_BASE (G_GINT64_CONSTANT (1) << 62)

static void
oc_conversation_finalize (GObject *object)
{
  OcConversation *self = OC_CONVERSATION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  g_clear_pointer (&self->skills, g_free);
  if (self->rare != NULL)
    {
      g_clear_pointer (&self->rare->flag_reason, g_free);
      g_clear_pointer (&self->rare->watchers, g_ptr_array_unref);
      g_clear_pointer (&self->rare, g_free);
    }

  G_LOCK (slots);
  slot_give (self->slot);
  G_UNLOCK (slots);

  G_OBJECT_CLASS (oc_conversation_parent_class)->finalize (object);
}

static void
oc_conversation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OcConversation *self = OC_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_ID:                g_value_set_string (value, self->id); break;
    case PROP_REVISION:          g_value_set_int64 (value, self->revision); break;
    case PROP_SUBJECT:           g_value_set_string (value, oc_conversation_get_subject (self)); break;
    case PROP_STATUS:            g_value_set_enum (value, self->status); break;
    case PROP_CHANNEL:           g_value_set_enum (value, self->channel); break;
    case PROP_SUB_CHANNEL:       g_value_set_static_string (value, self->sub_channel); break;
    case PROP_QUEUE_ID:          g_value_set_static_string (value, self->queue_id); break;
    case PROP_WORKSTREAM_ID:     g_value_set_static_string (value, self->workstream_id); break;
    case PROP_AGENT_ID:          g_value_set_static_string (value, self->agent_id); break;
    case PROP_CUSTOMER_NAME:     g_value_set_string (value, oc_conversation_get_customer_name (self)); break;
    case PROP_CREATED_AT:        g_value_set_int64 (value, self->created_at); break;
    case PROP_STATUS_SINCE:      g_value_set_int64 (value, self->status_since); break;
    case PROP_FIRST_ASSIGNED_AT: g_value_set_int64 (value, self->first_assigned_at); break;
    case PROP_WAIT_SECONDS:      g_value_set_int64 (value, self->wait_seconds); break;
    case PROP_WAITING_SINCE:     g_value_set_int64 (value, self->waiting_since); break;
    case PROP_SENTIMENT:         g_value_set_enum (value, self->sentiment); break;
    case PROP_WAIT_ESTIMATE:     g_value_set_enum (value, oc_conversation_get_wait_estimate (self)); break;
    case PROP_HANDLE_ESTIMATE:   g_value_set_enum (value, oc_conversation_get_handle_estimate (self)); break;
    case PROP_SKILLS:            g_value_set_boxed (value, oc_conversation_get_skills (self)); break;
    case PROP_FLAG_REASON:       g_value_set_string (value, oc_conversation_get_flag_reason (self)); break;
    case PROP_FLAG_RAISED_AT:    g_value_set_int64 (value, RARE (self)->flag_raised_at); break;
    case PROP_FLAG_LOWERED_AT:   g_value_set_int64 (value, RARE (self)->flag_lowered_at); break;
    case PROP_FLAG_LOWERED_BY:   g_value_set_static_string (value, RARE (self)->flag_lowered_by); break;
    case PROP_FLAGGED:           g_value_set_boolean (value, oc_conversation_is_flagged (self)); break;
    case PROP_WATCHERS:          g_value_set_boxed (value, RARE (self)->watchers); break;
    case PROP_N_WATCHERS:        g_value_set_uint (value, oc_conversation_get_n_watchers (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_conversation_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OcConversation *self = OC_CONVERSATION (object);
  const Rare *rare = RARE (self);

  switch (prop_id)
    {
    case PROP_ID:                self->id = g_value_dup_string (value); break;
    case PROP_REVISION:          oc_conversation_set_revision (self, g_value_get_int64 (value)); break;
    case PROP_SUBJECT:           oc_conversation_set_subject (self, g_value_get_string (value)); break;
    case PROP_STATUS:            oc_conversation_set_status (self, g_value_get_enum (value)); break;
    case PROP_CHANNEL:           oc_conversation_set_channel (self, g_value_get_enum (value)); break;
    case PROP_SUB_CHANNEL:       oc_conversation_set_sub_channel (self, g_value_get_string (value)); break;
    case PROP_QUEUE_ID:          oc_conversation_set_queue_id (self, g_value_get_string (value)); break;
    case PROP_WORKSTREAM_ID:     oc_conversation_set_workstream_id (self, g_value_get_string (value)); break;
    case PROP_AGENT_ID:          oc_conversation_set_agent_id (self, g_value_get_string (value)); break;
    case PROP_CUSTOMER_NAME:     oc_conversation_set_customer_name (self, g_value_get_string (value)); break;
    case PROP_CREATED_AT:        oc_conversation_set_created_at (self, g_value_get_int64 (value)); break;
    case PROP_STATUS_SINCE:      oc_conversation_set_status_since (self, g_value_get_int64 (value)); break;
    case PROP_FIRST_ASSIGNED_AT: oc_conversation_set_first_assigned_at (self, g_value_get_int64 (value)); break;
    case PROP_WAIT_SECONDS:      oc_conversation_set_wait_seconds (self, g_value_get_int64 (value)); break;
    case PROP_WAITING_SINCE:     oc_conversation_set_waiting_since (self, g_value_get_int64 (value)); break;
    case PROP_SENTIMENT:         oc_conversation_set_sentiment (self, g_value_get_enum (value)); break;
    case PROP_WAIT_ESTIMATE:     oc_conversation_set_wait_estimate (self, g_value_get_enum (value)); break;
    case PROP_HANDLE_ESTIMATE:   oc_conversation_set_handle_estimate (self, g_value_get_enum (value)); break;
    case PROP_SKILLS:            oc_conversation_set_skills (self, g_value_get_boxed (value)); break;
    case PROP_FLAG_REASON:       oc_conversation_set_flag (self, g_value_get_string (value), rare->flag_raised_at,
                                                           rare->flag_lowered_at, rare->flag_lowered_by); break;
    case PROP_FLAG_RAISED_AT:    oc_conversation_set_flag (self, rare->flag_reason, g_value_get_int64 (value),
                                                           rare->flag_lowered_at, rare->flag_lowered_by); break;
    case PROP_FLAG_LOWERED_AT:   oc_conversation_set_flag (self, rare->flag_reason, rare->flag_raised_at,
                                                           g_value_get_int64 (value), rare->flag_lowered_by); break;
    case PROP_FLAG_LOWERED_BY:   oc_conversation_set_flag (self, rare->flag_reason, rare->flag_raised_at,
                                                           rare->flag_lowered_at, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_conversation_class_init (OcConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = oc_conversation_finalize;
  object_class->get_property = oc_conversation_get_property;
  object_class->set_property = oc_conversation_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVISION] =
    g_param_spec_int64 ("revision", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, "", rw);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, OC_TYPE_STATUS, OC_STATUS_UNKNOWN, rw);
  properties[PROP_CHANNEL] =
    g_param_spec_enum ("channel", NULL, NULL, OC_TYPE_CHANNEL, OC_CHANNEL_UNKNOWN, rw);
  properties[PROP_SUB_CHANNEL] =
    g_param_spec_string ("sub-channel", NULL, NULL, NULL, rw);
  properties[PROP_QUEUE_ID] =
    g_param_spec_string ("queue-id", NULL, NULL, NULL, rw);
  properties[PROP_WORKSTREAM_ID] =
    g_param_spec_string ("workstream-id", NULL, NULL, NULL, rw);
  properties[PROP_AGENT_ID] =
    g_param_spec_string ("agent-id", NULL, NULL, NULL, rw);
  properties[PROP_CUSTOMER_NAME] =
    g_param_spec_string ("customer-name", NULL, NULL, "", rw);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_STATUS_SINCE] =
    g_param_spec_int64 ("status-since", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_FIRST_ASSIGNED_AT] =
    g_param_spec_int64 ("first-assigned-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_WAIT_SECONDS] =
    g_param_spec_int64 ("wait-seconds", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_WAITING_SINCE] =
    g_param_spec_int64 ("waiting-since", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_SENTIMENT] =
    g_param_spec_enum ("sentiment", NULL, NULL, OC_TYPE_SENTIMENT, OC_SENTIMENT_UNKNOWN, rw);
  /* Why the wait or handle time is a wall-clock estimate: a source that
   * lacks the stored figure says so, for the report to label it. */
  properties[PROP_WAIT_ESTIMATE] =
    g_param_spec_enum ("wait-estimate", NULL, NULL, OC_TYPE_ESTIMATE, OC_ESTIMATE_NONE, rw);
  properties[PROP_HANDLE_ESTIMATE] =
    g_param_spec_enum ("handle-estimate", NULL, NULL, OC_TYPE_ESTIMATE, OC_ESTIMATE_NONE, rw);
  properties[PROP_SKILLS] =
    g_param_spec_boxed ("skills", NULL, NULL, G_TYPE_STRV, rw);
  /* A help flag an agent raised (#22), and who lowered it when. */
  properties[PROP_FLAG_REASON] =
    g_param_spec_string ("flag-reason", NULL, NULL, "", rw);
  properties[PROP_FLAG_RAISED_AT] =
    g_param_spec_int64 ("flag-raised-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_FLAG_LOWERED_AT] =
    g_param_spec_int64 ("flag-lowered-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_FLAG_LOWERED_BY] =
    g_param_spec_string ("flag-lowered-by", NULL, NULL, NULL, rw);
  properties[PROP_FLAGGED] =
    g_param_spec_boolean ("flagged", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Who monitors or joined it now: not on the wire with the conversation,
   * set by the store from presence events. */
  properties[PROP_WATCHERS] =
    g_param_spec_boxed ("watchers", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_WATCHERS] =
    g_param_spec_uint ("n-watchers", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_conversation_init (OcConversation *self)
{
  G_LOCK (slots);
  self->slot = slot_take ();
  G_UNLOCK (slots);
}

guint
_oc_conversation_get_slot (OcConversation *self)
{
  return self->slot;
}

/**
 * oc_conversation_new:
 * @id: the conversation's id
 *
 * Returns: (transfer full): a conversation with every other field unset
 */
OcConversation *
oc_conversation_new (const char *id)
{
  return g_object_new (OC_TYPE_CONVERSATION, "id", id, NULL);
}

OcConversation *
_oc_conversation_new_take (OcConversationFields *f)
{
  OcConversation *self = g_object_new (OC_TYPE_CONVERSATION, NULL);

  self->id = g_steal_pointer (&f->id);
  self->subject = g_steal_pointer (&f->subject);
  self->customer_name = g_steal_pointer (&f->customer_name);
  /* Stored as the setters store them: "" is NULL. */
  if (self->subject != NULL && self->subject[0] == '\0')
    g_clear_pointer (&self->subject, g_free);
  if (self->customer_name != NULL && self->customer_name[0] == '\0')
    g_clear_pointer (&self->customer_name, g_free);
  self->sub_channel = g_intern_string (f->sub_channel);
  self->queue_id = g_intern_string (f->queue_id);
  self->workstream_id = g_intern_string (f->workstream_id);
  self->agent_id = g_intern_string (f->agent_id);
  self->skills = g_steal_pointer (&f->skills);
  if (self->skills != NULL && self->skills[0] == NULL)
    g_clear_pointer (&self->skills, g_free);
  self->revision = f->revision;
  self->created_at = f->created_at;
  self->status_since = f->status_since;
  self->first_assigned_at = f->first_assigned_at;
  self->wait_seconds = f->wait_seconds;
  self->waiting_since = f->waiting_since;
  self->status = (guint8) f->status;
  self->channel = (guint8) f->channel;
  self->sentiment = (guint8) f->sentiment;
  self->estimates = pack_estimates (f->wait_estimate, f->handle_estimate);
  if (f->flag_reason != NULL && f->flag_reason[0] == '\0')
    g_clear_pointer (&f->flag_reason, g_free);
  if (f->flag_reason != NULL || f->flag_lowered_by != NULL || f->flag_raised_at != 0 || f->flag_lowered_at != 0)
    {
      Rare *rare = rare_mut (self);

      rare->flag_reason = g_steal_pointer (&f->flag_reason);
      rare->flag_lowered_by = g_intern_string (f->flag_lowered_by);
      rare->flag_raised_at = f->flag_raised_at;
      rare->flag_lowered_at = f->flag_lowered_at;
    }

  return self;
}

/**
 * oc_conversation_get_id:
 *
 * Returns: (transfer none): the conversation's id
 */
const char *
oc_conversation_get_id (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), NULL);
  return self->id;
}

#define DEFINE_INT64_ACCESSORS(field, PROP)                                  \
gint64                                                                       \
oc_conversation_get_##field (OcConversation *self)                          \
{                                                                            \
  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);                       \
  return self->field;                                                        \
}                                                                            \
void                                                                         \
oc_conversation_set_##field (OcConversation *self, gint64 field)            \
{                                                                            \
  g_return_if_fail (OC_IS_CONVERSATION (self));                              \
  if (self->field == field)                                                  \
    return;                                                                  \
  self->field = field;                                                       \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);              \
}

/**
 * oc_conversation_get_revision:
 *
 * Returns: the floor revision at which the conversation last changed
 */
/**
 * oc_conversation_set_revision:
 * @revision: a floor revision
 *
 * Sets #OcConversation:revision, notifying only when it changes.
 */
DEFINE_INT64_ACCESSORS (revision, PROP_REVISION)
/**
 * oc_conversation_get_created_at:
 *
 * Returns: when the conversation began, in Unix seconds; 0 when unset
 */
/**
 * oc_conversation_set_created_at:
 * @created_at: Unix seconds, 0 for unset
 *
 * Sets #OcConversation:created-at, notifying only when it changes.
 */
DEFINE_INT64_ACCESSORS (created_at, PROP_CREATED_AT)
/**
 * oc_conversation_get_status_since:
 *
 * Returns: when the conversation entered its current status, in Unix seconds; 0 when unset
 */
/**
 * oc_conversation_set_status_since:
 * @status_since: Unix seconds, 0 for unset
 *
 * Sets #OcConversation:status-since, notifying only when it changes.
 */
DEFINE_INT64_ACCESSORS (status_since, PROP_STATUS_SINCE)
/**
 * oc_conversation_get_first_assigned_at:
 *
 * Returns: when an agent first accepted the conversation, in Unix seconds; 0 when unset
 */
/**
 * oc_conversation_set_first_assigned_at:
 * @first_assigned_at: Unix seconds, 0 for unset
 *
 * Sets #OcConversation:first-assigned-at, notifying only when it changes.
 */
DEFINE_INT64_ACCESSORS (first_assigned_at, PROP_FIRST_ASSIGNED_AT)
/**
 * oc_conversation_get_wait_seconds:
 *
 * Returns: the seconds waited in earlier, finished spells (the running one
 *   is oc_conversation_get_wait_time()'s to add)
 */
/**
 * oc_conversation_set_wait_seconds:
 * @wait_seconds: seconds waited in finished spells
 *
 * Sets #OcConversation:wait-seconds, notifying only when it changes.
 */
DEFINE_INT64_ACCESSORS (wait_seconds, PROP_WAIT_SECONDS)
/**
 * oc_conversation_get_waiting_since:
 *
 * Returns: when the running wait spell began (0: not waiting), in Unix seconds
 */
/**
 * oc_conversation_set_waiting_since:
 * @waiting_since: Unix seconds, 0 for unset
 *
 * Sets #OcConversation:waiting-since, notifying only when it changes.
 */
DEFINE_INT64_ACCESSORS (waiting_since, PROP_WAITING_SINCE)

#define DEFINE_ENUM_ACCESSORS(Type, field, PROP)                             \
Type                                                                         \
oc_conversation_get_##field (OcConversation *self)                          \
{                                                                            \
  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);                       \
  return (Type) self->field;                                                 \
}                                                                            \
void                                                                         \
oc_conversation_set_##field (OcConversation *self, Type field)              \
{                                                                            \
  g_return_if_fail (OC_IS_CONVERSATION (self));                              \
  g_return_if_fail ((guint) field <= G_MAXUINT8);                            \
  if (self->field == (guint8) field)                                         \
    return;                                                                  \
  self->field = (guint8) field;                                              \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);              \
}

/**
 * oc_conversation_get_status:
 *
 * Returns: the conversation's status
 */
/**
 * oc_conversation_set_status:
 * @status: the new status
 *
 * Sets #OcConversation:status, notifying only when it changes.
 */
DEFINE_ENUM_ACCESSORS (OcStatus, status, PROP_STATUS)
/**
 * oc_conversation_get_channel:
 *
 * Returns: the channel the conversation came in on
 */
/**
 * oc_conversation_set_channel:
 * @channel: the channel
 *
 * Sets #OcConversation:channel, notifying only when it changes.
 */
DEFINE_ENUM_ACCESSORS (OcChannel, channel, PROP_CHANNEL)
/**
 * oc_conversation_get_sentiment:
 *
 * Returns: the customer's sentiment as last measured
 */
/**
 * oc_conversation_set_sentiment:
 * @sentiment: the sentiment
 *
 * Sets #OcConversation:sentiment, notifying only when it changes.
 */
DEFINE_ENUM_ACCESSORS (OcSentiment, sentiment, PROP_SENTIMENT)
/* One of the two estimates changed to @estimates: @pspec says which. */
static void
set_estimates (OcConversation *self,
               guint8          estimates,
               GParamSpec     *pspec)
{
  if (self->estimates == estimates)
    return;
  self->estimates = estimates;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/**
 * oc_conversation_get_wait_estimate:
 *
 * Returns: why the wait time is an estimate, %OC_ESTIMATE_NONE when it is
 *   measured from what the source stores
 */
OcEstimate
oc_conversation_get_wait_estimate (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), OC_ESTIMATE_NONE);
  return (OcEstimate) (self->estimates & 0x0f);
}

/**
 * oc_conversation_set_wait_estimate:
 * @wait_estimate: why the wait time is an estimate
 *
 * Sets #OcConversation:wait-estimate, notifying only when it changes.
 */
void
oc_conversation_set_wait_estimate (OcConversation *self,
                                   OcEstimate      wait_estimate)
{
  g_return_if_fail (OC_IS_CONVERSATION (self));
  g_return_if_fail ((guint) wait_estimate <= 0x0f);

  set_estimates (self, pack_estimates (wait_estimate, oc_conversation_get_handle_estimate (self)),
                 properties[PROP_WAIT_ESTIMATE]);
}

/**
 * oc_conversation_get_handle_estimate:
 *
 * Returns: why the handle time is an estimate, %OC_ESTIMATE_NONE when it is
 *   measured from what the source stores
 */
OcEstimate
oc_conversation_get_handle_estimate (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), OC_ESTIMATE_NONE);
  return (OcEstimate) (self->estimates >> 4);
}

/**
 * oc_conversation_set_handle_estimate:
 * @handle_estimate: why the handle time is an estimate
 *
 * Sets #OcConversation:handle-estimate, notifying only when it changes.
 */
void
oc_conversation_set_handle_estimate (OcConversation *self,
                                     OcEstimate      handle_estimate)
{
  g_return_if_fail (OC_IS_CONVERSATION (self));
  g_return_if_fail ((guint) handle_estimate <= 0x0f);

  set_estimates (self, pack_estimates (oc_conversation_get_wait_estimate (self), handle_estimate),
                 properties[PROP_HANDLE_ESTIMATE]);
}

/* Subject and customer name read as "" when unset, so cells need no NULL check. */
#define DEFINE_STRING_ACCESSORS(field, PROP)                                 \
const char *                                                                 \
oc_conversation_get_##field (OcConversation *self)                          \
{                                                                            \
  g_return_val_if_fail (OC_IS_CONVERSATION (self), NULL);                    \
  return self->field != NULL ? self->field : "";                             \
}                                                                            \
void                                                                         \
oc_conversation_set_##field (OcConversation *self, const char *field)       \
{                                                                            \
  g_return_if_fail (OC_IS_CONVERSATION (self));                              \
  _oc_notify_string (G_OBJECT (self), properties[PROP], &self->field, field);    \
}

/**
 * oc_conversation_get_subject:
 *
 * Returns: (transfer none): the subject, "" when unset
 */
/**
 * oc_conversation_set_subject:
 * @subject: (nullable): the subject; %NULL or "" for none
 *
 * Sets #OcConversation:subject (a copy), notifying only when it changes.
 */
DEFINE_STRING_ACCESSORS (subject, PROP_SUBJECT)
/**
 * oc_conversation_get_customer_name:
 *
 * Returns: (transfer none): the customer's name, "" when unset
 */
/**
 * oc_conversation_set_customer_name:
 * @customer_name: (nullable): the name; %NULL or "" for none
 *
 * Sets #OcConversation:customer-name (a copy), notifying only when it changes.
 */
DEFINE_STRING_ACCESSORS (customer_name, PROP_CUSTOMER_NAME)

#define DEFINE_INTERNED_ACCESSORS(field, PROP)                               \
const char *                                                                 \
oc_conversation_get_##field (OcConversation *self)                          \
{                                                                            \
  g_return_val_if_fail (OC_IS_CONVERSATION (self), NULL);                    \
  return self->field;                                                        \
}                                                                            \
void                                                                         \
oc_conversation_set_##field (OcConversation *self, const char *field)       \
{                                                                            \
  g_return_if_fail (OC_IS_CONVERSATION (self));                              \
  _oc_notify_interned (G_OBJECT (self), properties[PROP],                        \
                       &self->field, field);                                     \
}

/**
 * oc_conversation_get_sub_channel:
 *
 * Returns: (transfer none) (nullable): the sub-channel, such as "sms" or "whatsapp" (interned), or %NULL
 */
/**
 * oc_conversation_set_sub_channel:
 * @sub_channel: (nullable): the new value
 *
 * Sets #OcConversation:sub-channel (interned), notifying only when it changes.
 */
DEFINE_INTERNED_ACCESSORS (sub_channel, PROP_SUB_CHANNEL)
/**
 * oc_conversation_get_queue_id:
 *
 * Returns: (transfer none) (nullable): the id of the conversation's queue (interned), or %NULL
 */
/**
 * oc_conversation_set_queue_id:
 * @queue_id: (nullable): the new value
 *
 * Sets #OcConversation:queue-id (interned), notifying only when it changes.
 */
DEFINE_INTERNED_ACCESSORS (queue_id, PROP_QUEUE_ID)
/**
 * oc_conversation_get_workstream_id:
 *
 * Returns: (transfer none) (nullable): the id of the conversation's workstream (interned), or %NULL
 */
/**
 * oc_conversation_set_workstream_id:
 * @workstream_id: (nullable): the new value
 *
 * Sets #OcConversation:workstream-id (interned), notifying only when it changes.
 */
DEFINE_INTERNED_ACCESSORS (workstream_id, PROP_WORKSTREAM_ID)
/**
 * oc_conversation_get_agent_id:
 *
 * Returns: (transfer none) (nullable): the id of the agent it is assigned to; %NULL when unassigned (interned)
 */
/**
 * oc_conversation_set_agent_id:
 * @agent_id: (nullable): the new value
 *
 * Sets #OcConversation:agent-id (interned), notifying only when it changes.
 */
DEFINE_INTERNED_ACCESSORS (agent_id, PROP_AGENT_ID)

/**
 * oc_conversation_get_skills:
 *
 * Returns: (transfer none) (array zero-terminated=1): the skills it needs,
 *   interned; never %NULL (empty when none)
 */
const char * const *
oc_conversation_get_skills (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), NULL);
  return _oc_strv_or_empty (self->skills);
}

/**
 * oc_conversation_set_skills:
 * @skills: (nullable) (array zero-terminated=1): the skills it needs
 *
 * Sets #OcConversation:skills (interned copies), notifying only when it
 * changes.
 */
void
oc_conversation_set_skills (OcConversation     *self,
                            const char * const *skills)
{
  g_return_if_fail (OC_IS_CONVERSATION (self));

  _oc_notify_interned_strv (G_OBJECT (self), properties[PROP_SKILLS], &self->skills, skills);
}

/**
 * oc_conversation_get_wait_time:
 * @now: the current Unix time
 *
 * Returns: seconds waited so far: earlier spells plus the running one
 */
gint64
oc_conversation_get_wait_time (OcConversation *self,
                               gint64          now)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);

  if (self->waiting_since == 0)
    return self->wait_seconds;

  /* A server clock ahead of ours must not show a negative spell. */
  return self->wait_seconds + MAX (now - self->waiting_since, 0);
}

/**
 * oc_conversation_get_handle_time:
 * @now: the current Unix time
 *
 * Returns: seconds since an agent first accepted it, 0 when none has
 */
gint64
oc_conversation_get_handle_time (OcConversation *self,
                                 gint64          now)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);

  if (self->first_assigned_at == 0)
    return 0;

  return MAX (now - self->first_assigned_at, 0);
}

/**
 * oc_conversation_get_wait_key:
 *
 * A sort key for the wait time that does not move as the clock runs.
 *
 * For a waiting conversation it is the instant its shown wait time counts from
 * (`waiting_since - wait_seconds`), so ascending keys are descending wait times
 * and `now - key` is the wait time.
 *
 * A conversation that is not waiting has a fixed wait time; its key is
 * `2^62 - wait_seconds`. That is far beyond any real instant, so in ascending
 * order every ticking conversation comes first (longest wait first), then the
 * non-ticking ones, also longest wait first. Interleaving the two groups by
 * the shown figure would need a re-sort every second, which is what this key
 * exists to avoid.
 *
 * Returns: the key; smaller means "has waited longer".
 */
gint64
oc_conversation_get_wait_key (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);

  if (self->waiting_since != 0)
    return self->waiting_since - self->wait_seconds;

  return NOT_TICKING_BASE - self->wait_seconds;
}

/**
 * oc_conversation_is_waiting:
 *
 * Returns: whether a wait spell is running (#OcConversation:waiting-since is
 *   set), so its wait time ticks
 */
gboolean
oc_conversation_is_waiting (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), FALSE);
  return self->waiting_since != 0;
}

/**
 * oc_conversation_update_from:
 * @self: the conversation to change
 * @other: a conversation with the same id holding the new values
 *
 * Copies every field, notifying (once each, after all are copied) only the
 * properties whose value changed.
 *
 * Returns: %TRUE if anything changed
 */
gboolean
oc_conversation_update_from (OcConversation *self,
                             OcConversation *other)
{
  GObject *object = (GObject *) self;
  gboolean changed = FALSE;

  g_return_val_if_fail (OC_IS_CONVERSATION (self), FALSE);
  g_return_val_if_fail (OC_IS_CONVERSATION (other), FALSE);

  if (self == other)
    return FALSE;

  g_object_freeze_notify (object);

#define COPY_FROM(to, from, field, PROP)                                     \
  if ((to)->field != (from)->field)                                          \
    {                                                                        \
      (to)->field = (from)->field;                                           \
      g_object_notify_by_pspec (object, properties[PROP]);                   \
      changed = TRUE;                                                        \
    }
#define COPY_SCALAR(field, PROP) COPY_FROM (self, other, field, PROP)

  if (self->rare != NULL || other->rare != NULL)
    {
      gboolean was_flagged = oc_conversation_is_flagged (self);
      const Rare *theirs = RARE (other);
      Rare *ours = rare_mut (self);

      changed |= _oc_notify_string (object, properties[PROP_FLAG_REASON], &ours->flag_reason, theirs->flag_reason);
      COPY_FROM (ours, theirs, flag_raised_at, PROP_FLAG_RAISED_AT)
      COPY_FROM (ours, theirs, flag_lowered_at, PROP_FLAG_LOWERED_AT)
      COPY_FROM (ours, theirs, flag_lowered_by, PROP_FLAG_LOWERED_BY)
      if (was_flagged != oc_conversation_is_flagged (self))
        g_object_notify_by_pspec (object, properties[PROP_FLAGGED]);
    }
  COPY_SCALAR (revision, PROP_REVISION)
  changed |= _oc_notify_string (object, properties[PROP_SUBJECT], &self->subject, other->subject);
  COPY_SCALAR (status, PROP_STATUS)
  COPY_SCALAR (channel, PROP_CHANNEL)
  /* Interned on both sides: pointer equality is value equality. */
  COPY_SCALAR (sub_channel, PROP_SUB_CHANNEL)
  COPY_SCALAR (queue_id, PROP_QUEUE_ID)
  COPY_SCALAR (workstream_id, PROP_WORKSTREAM_ID)
  COPY_SCALAR (agent_id, PROP_AGENT_ID)
  changed |= _oc_notify_string (object, properties[PROP_CUSTOMER_NAME],
                                &self->customer_name, other->customer_name);
  COPY_SCALAR (created_at, PROP_CREATED_AT)
  COPY_SCALAR (status_since, PROP_STATUS_SINCE)
  COPY_SCALAR (first_assigned_at, PROP_FIRST_ASSIGNED_AT)
  COPY_SCALAR (wait_seconds, PROP_WAIT_SECONDS)
  COPY_SCALAR (waiting_since, PROP_WAITING_SINCE)
  COPY_SCALAR (sentiment, PROP_SENTIMENT)
  if (self->estimates != other->estimates)
    {
      if ((self->estimates & 0x0f) != (other->estimates & 0x0f))
        g_object_notify_by_pspec (object, properties[PROP_WAIT_ESTIMATE]);
      if ((self->estimates >> 4) != (other->estimates >> 4))
        g_object_notify_by_pspec (object, properties[PROP_HANDLE_ESTIMATE]);
      self->estimates = other->estimates;
      changed = TRUE;
    }
  changed |= _oc_notify_interned_strv (object, properties[PROP_SKILLS], &self->skills,
                                       (const char * const *) other->skills);

#undef COPY_SCALAR
#undef COPY_FROM

  g_object_thaw_notify (object);

  return changed;
}

/**
 * oc_conversation_set_flag:
 * @reason: (nullable): why the agent raised it
 * @raised_at: when, Unix seconds; 0 for no flag
 * @lowered_at: when a supervisor lowered it, 0 while it is up
 * @lowered_by: (nullable): who lowered it
 *
 * Sets the help flag's fields, notifying those that change (and
 * #OcConversation:flagged when it does).
 */
void
oc_conversation_set_flag (OcConversation *self,
                          const char     *reason,
                          gint64          raised_at,
                          gint64          lowered_at,
                          const char     *lowered_by)
{
  GObject *object = (GObject *) self;
  gboolean was_flagged;
  const char *by;
  Rare *rare;

  g_return_if_fail (OC_IS_CONVERSATION (self));

  if (reason != NULL && reason[0] == '\0')
    reason = NULL;
  by = g_intern_string (lowered_by);
  /* No flag, never had one: nothing to keep. */
  if (self->rare == NULL && reason == NULL && raised_at == 0 && lowered_at == 0 && by == NULL)
    return;

  was_flagged = oc_conversation_is_flagged (self);
  rare = rare_mut (self);
  g_object_freeze_notify (object);
  if (reason != rare->flag_reason)
    _oc_notify_string (object, properties[PROP_FLAG_REASON], &rare->flag_reason, reason);
  if (rare->flag_raised_at != raised_at)
    {
      rare->flag_raised_at = raised_at;
      g_object_notify_by_pspec (object, properties[PROP_FLAG_RAISED_AT]);
    }
  if (rare->flag_lowered_at != lowered_at)
    {
      rare->flag_lowered_at = lowered_at;
      g_object_notify_by_pspec (object, properties[PROP_FLAG_LOWERED_AT]);
    }
  if (rare->flag_lowered_by != by)
    {
      rare->flag_lowered_by = by;
      g_object_notify_by_pspec (object, properties[PROP_FLAG_LOWERED_BY]);
    }
  if (was_flagged != oc_conversation_is_flagged (self))
    g_object_notify_by_pspec (object, properties[PROP_FLAGGED]);
  g_object_thaw_notify (object);
}

/**
 * oc_conversation_get_flag_reason:
 *
 * Returns: (transfer none): why the agent raised the help flag, "" when unset
 */
const char *
oc_conversation_get_flag_reason (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), NULL);
  return RARE (self)->flag_reason != NULL ? RARE (self)->flag_reason : "";
}

/**
 * oc_conversation_get_flag_raised_at:
 *
 * Returns: when the help flag was raised, Unix seconds; 0 when never
 */
gint64
oc_conversation_get_flag_raised_at (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);
  return RARE (self)->flag_raised_at;
}

/**
 * oc_conversation_get_flag_lowered_at:
 *
 * Returns: when a supervisor lowered the flag, Unix seconds; 0 while it is up
 */
gint64
oc_conversation_get_flag_lowered_at (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);
  return RARE (self)->flag_lowered_at;
}

/**
 * oc_conversation_get_flag_lowered_by:
 *
 * Returns: (transfer none) (nullable): who lowered the flag (interned)
 */
const char *
oc_conversation_get_flag_lowered_by (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), NULL);
  return RARE (self)->flag_lowered_by;
}

/**
 * oc_conversation_is_flagged:
 *
 * Returns: whether an agent's help flag is up: raised and not lowered
 */
gboolean
oc_conversation_is_flagged (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), FALSE);
  return RARE (self)->flag_raised_at != 0 && RARE (self)->flag_lowered_at == 0;
}

/**
 * oc_conversation_get_watchers:
 *
 * Returns: (transfer none) (nullable) (element-type OcWatcher): who monitors
 *   or joined the conversation, sorted by name; %NULL when nobody
 */
GPtrArray *
oc_conversation_get_watchers (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), NULL);
  return RARE (self)->watchers;
}

/**
 * oc_conversation_get_n_watchers:
 *
 * Returns: how many users monitor or joined the conversation
 */
guint
oc_conversation_get_n_watchers (OcConversation *self)
{
  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);
  return RARE (self)->watchers != NULL ? RARE (self)->watchers->len : 0;
}

/**
 * oc_conversation_set_watchers:
 * @watchers: (nullable) (element-type OcWatcher): the whole list, as a
 *   presence event gives it
 *
 * Replaces who watches the conversation, notifying when it changed.
 */
void
oc_conversation_set_watchers (OcConversation *self,
                              GPtrArray      *watchers)
{
  GPtrArray *current;
  guint before;

  g_return_if_fail (OC_IS_CONVERSATION (self));

  current = RARE (self)->watchers;
  if (watchers != NULL && watchers->len == 0)
    watchers = NULL;
  if (watchers == NULL && current == NULL)
    return;
  if (watchers != NULL && current != NULL && watchers->len == current->len)
    {
      gboolean same = TRUE;

      for (guint i = 0; same && i < watchers->len; i++)
        {
          OcWatcher *a = g_ptr_array_index (watchers, i), *b = g_ptr_array_index (current, i);

          same = g_str_equal (oc_watcher_get_user (a), oc_watcher_get_user (b)) &&
                 oc_watcher_get_monitoring (a) == oc_watcher_get_monitoring (b) &&
                 oc_watcher_get_joined (a) == oc_watcher_get_joined (b);
        }
      if (same)
        return;
    }

  before = oc_conversation_get_n_watchers (self);
  if (watchers != NULL)
    g_ptr_array_ref (watchers);
  g_clear_pointer (&rare_mut (self)->watchers, g_ptr_array_unref);
  self->rare->watchers = watchers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHERS]);
  if (before != oc_conversation_get_n_watchers (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WATCHERS]);
}
