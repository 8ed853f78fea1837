// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation"

#include "config.h"

#include "oc-conversation.h"
#include "oc-conversation-private.h"
#include "oc-model-private.h"
#include "oc-watcher.h"

#include <string.h>

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
  gint64      *wide;             /* the times (Time), once one did not fit 32 bits */
  gint64       flag_raised_at;
  gint64       flag_lowered_at;
} Rare;

/* The times other than the revision: Unix seconds and durations, which fit
 * 32 unsigned bits until 2106. One that does not (any gint64 is taken) moves
 * all five to the rare record, for good. */
typedef enum
{
  TIME_CREATED_AT,
  TIME_STATUS_SINCE,
  TIME_FIRST_ASSIGNED_AT,
  TIME_WAIT_SECONDS,
  TIME_WAITING_SINCE,
  N_TIMES
} Time;

static const Rare no_rare;

/* For reading: never NULL. */
#define RARE(self) ((const Rare *) ((self)->rare != NULL ? (self)->rare : &no_rare))

/* Kept small on purpose: 100,000 of these live in the store, and 128 bytes
 * is a slice size of its own. Queue, workstream and agent ids, the
 * sub-channel and the skill names repeat across rows, so they are interned
 * (as quarks: half a pointer) and never freed. */
struct _OcConversation
{
  GObject      parent_instance;

  /* Never moves while the object lives: the store's index keys on it. A
   * conversation made whole (_oc_conversation_new_take()) has its texts in
   * the same allocation, right after it, until one of them changes. */
  char        *id;
  char        *texts;          /* "subject\0customer name\0"; NULL when both are "" */
  const char **skills;         /* a shared SkillSet's items; NULL if none */
  Rare        *rare;           /* NULL while it has neither flag nor watchers */

  gint64       revision;

  GQuark       sub_channel;
  GQuark       queue_id;
  GQuark       workstream_id;
  GQuark       agent_id;

  /* While they fit; see Time. */
  guint32      created_at;
  guint32      status_since;
  guint32      first_assigned_at;
  guint32      wait_seconds;
  guint32      waiting_since;

  guint8       status;
  guint8       channel;
  guint8       sentiment;
  guint8       estimates;      /* OcEstimate of the wait (low nibble) and of the handle time */
  guint32      slot : 31;      /* see _oc_conversation_get_slot() */
  guint32      texts_apart : 1; /* texts is a block of its own, not the id's tail */
};

#if GLIB_SIZEOF_VOID_P == 8
G_STATIC_ASSERT (sizeof (struct _OcConversation) == 112);
#endif

/* Conversations that need the same skills share one array of them: a few
 * sets repeat across 100,000 rows. Counted, so that a set nobody needs any
 * more goes (a server can make up any number of them). */
typedef struct
{
  guint        refs;     /* under the lock */
  const char  *items[];  /* interned, NULL-terminated */
} SkillSet;

G_LOCK_DEFINE_STATIC (skill_sets);
static GHashTable *skill_sets;   /* a SkillSet's items -> themselves */

#define SKILL_SET_OF(shared) \
  ((SkillSet *) (gpointer) ((char *) (shared) - G_STRUCT_OFFSET (SkillSet, items)))

/* Over NULL-terminated arrays of interned strings: pointers are values. */
static guint
skills_hash (gconstpointer key)
{
  const char * const *items = key;
  guint hash = 5381;

  for (; *items != NULL; items++)
    hash = hash * 33 + g_direct_hash (*items);
  return hash;
}

static gboolean
skills_equal (gconstpointer a,
              gconstpointer b)
{
  const char * const *x = a, * const *y = b;

  for (; *x != NULL && *x == *y; x++, y++)
    ;
  return *x == *y;
}

/* The shared array holding @items (interned, NULL-terminated, not empty),
 * with a reference for the caller. */
static const char **
skills_ref (const char * const *items)
{
  const char **shared;

  G_LOCK (skill_sets);
  if (skill_sets == NULL)
    skill_sets = g_hash_table_new (skills_hash, skills_equal);
  shared = g_hash_table_lookup (skill_sets, items);
  if (shared != NULL)
    SKILL_SET_OF (shared)->refs++;
  else
    {
      guint n = g_strv_length ((char **) items);
      SkillSet *set = g_malloc (sizeof (SkillSet) + (n + 1) * sizeof (const char *));

      set->refs = 1;
      memcpy (set->items, items, (n + 1) * sizeof (const char *));
      shared = set->items;
      g_hash_table_add (skill_sets, shared);
    }
  G_UNLOCK (skill_sets);
  return shared;
}

static void
skills_unref (const char **shared)
{
  SkillSet *set;

  if (shared == NULL)
    return;
  set = SKILL_SET_OF (shared);
  G_LOCK (skill_sets);
  if (--set->refs == 0)
    g_hash_table_remove (skill_sets, shared);
  else
    set = NULL;
  G_UNLOCK (skill_sets);
  g_free (set);
}

/* @self's skills become @shared (a reference of the caller's, or NULL). */
static void
skills_replace (OcConversation  *self,
                const char     **shared)
{
  skills_unref (self->skills);
  self->skills = shared;
}

/* What an interned id is stored as: g_intern_string() is a quark's string. */
#define QUARK_OF(string) g_quark_from_string (string)
#define STRING_OF(quark) g_quark_to_string (quark)

static inline const char *
texts_subject (OcConversation *self)
{
  return self->texts != NULL ? self->texts : "";
}

static inline const char *
texts_customer_name (OcConversation *self)
{
  return self->texts != NULL ? self->texts + strlen (self->texts) + 1 : "";
}

/* Whether the texts are a block of their own, not the tail of the id's. */
static inline gboolean
texts_own (OcConversation *self)
{
  return self->texts != NULL && self->texts_apart;
}

/* Both texts at once, in a block of their own (the id stays where it is). */
static void
texts_set (OcConversation *self,
           const char     *subject,
           const char     *customer_name)
{
  gsize subject_len = strlen (subject), name_len = strlen (customer_name);
  char *texts = NULL;

  if (subject_len + name_len > 0)
    {
      texts = g_malloc (subject_len + name_len + 2);
      memcpy (texts, subject, subject_len + 1);
      memcpy (texts + subject_len + 1, customer_name, name_len + 1);
    }
  if (texts_own (self))
    g_free (self->texts);
  self->texts = texts;
  self->texts_apart = texts != NULL;
}

/* For writing: made when first needed. */
static Rare *
rare_mut (OcConversation *self)
{
  if (self->rare == NULL)
    self->rare = g_new0 (Rare, 1);
  return self->rare;
}

#define WIDE(self) ((self)->rare != NULL ? (self)->rare->wide : NULL)
/* Time @index, held in @field while the times fit. */
#define TIME(self, field, index) \
  (G_UNLIKELY (WIDE (self) != NULL) ? WIDE (self)[index] : (gint64) (self)->field)

static void
times_widen (OcConversation *self)
{
  gint64 *wide = g_new (gint64, N_TIMES);

  wide[TIME_CREATED_AT] = self->created_at;
  wide[TIME_STATUS_SINCE] = self->status_since;
  wide[TIME_FIRST_ASSIGNED_AT] = self->first_assigned_at;
  wide[TIME_WAIT_SECONDS] = self->wait_seconds;
  wide[TIME_WAITING_SINCE] = self->waiting_since;
  rare_mut (self)->wide = wide;
}

/* Stores @value as time @index, @narrow its field; returns whether it
 * changed. */
static gboolean
time_set (OcConversation *self,
          guint32        *narrow,
          Time            index,
          gint64          value)
{
  gint64 *wide = WIDE (self);

  if (G_UNLIKELY (wide != NULL))
    {
      if (wide[index] == value)
        return FALSE;
      wide[index] = value;
      return TRUE;
    }
  if ((gint64) *narrow == value)
    return FALSE;
  if (G_LIKELY (value >= 0 && value <= G_MAXUINT32))
    {
      *narrow = (guint32) value;
      return TRUE;
    }
  times_widen (self);
  WIDE (self)[index] = value;
  return TRUE;
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

  if (texts_own (self))
    g_free (self->texts);
  self->texts = NULL;
  g_clear_pointer (&self->id, g_free);
  skills_replace (self, NULL);
  if (self->rare != NULL)
    {
      g_clear_pointer (&self->rare->flag_reason, g_free);
      g_clear_pointer (&self->rare->watchers, g_ptr_array_unref);
      g_clear_pointer (&self->rare->wide, g_free);
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
    case PROP_SUB_CHANNEL:       g_value_set_static_string (value, STRING_OF (self->sub_channel)); break;
    case PROP_QUEUE_ID:          g_value_set_static_string (value, STRING_OF (self->queue_id)); break;
    case PROP_WORKSTREAM_ID:     g_value_set_static_string (value, STRING_OF (self->workstream_id)); break;
    case PROP_AGENT_ID:          g_value_set_static_string (value, STRING_OF (self->agent_id)); break;
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
  self->slot = slot_take () & G_MAXINT32;
  G_UNLOCK (slots);
}

guint
_oc_conversation_get_slot (OcConversation *self)
{
  return self->slot;
}

static inline gboolean
slot_before (guint32 a,
             gint64  key_a,
             guint32 b,
             gint64  key_b)
{
  return key_a != key_b ? key_a < key_b : a < b;
}

void
_oc_slot_heap_sift_down (guint32         *heap,
                         guint32          n,
                         guint32          pos,
                         OcSlotKeyFunc    key,
                         OcSlotPlaceFunc  place,
                         gpointer         owner)
{
  guint32 slot = heap[pos];
  gint64 k = key (owner, slot);

  for (;;)
    {
      guint32 child = 2 * pos + 1;
      gint64 kc;

      if (child >= n)
        break;
      kc = key (owner, heap[child]);
      if (child + 1 < n)
        {
          gint64 kr = key (owner, heap[child + 1]);

          if (slot_before (heap[child + 1], kr, heap[child], kc))
            {
              child++;
              kc = kr;
            }
        }
      if (!slot_before (heap[child], kc, slot, k))
        break;
      heap[pos] = heap[child];
      place (owner, heap[pos], pos);
      pos = child;
    }
  heap[pos] = slot;
  place (owner, slot, pos);
}

void
_oc_slot_heap_sift (guint32         *heap,
                    guint32          n,
                    guint32          pos,
                    OcSlotKeyFunc    key,
                    OcSlotPlaceFunc  place,
                    gpointer         owner)
{
  guint32 slot = heap[pos];
  gint64 k = key (owner, slot);
  guint32 start = pos;

  while (pos > 0 && slot_before (slot, k, heap[(pos - 1) / 2], key (owner, heap[(pos - 1) / 2])))
    {
      heap[pos] = heap[(pos - 1) / 2];
      place (owner, heap[pos], pos);
      pos = (pos - 1) / 2;
    }
  heap[pos] = slot;
  place (owner, slot, pos);
  /* Not moved up: it may have to go down. */
  if (pos == start)
    _oc_slot_heap_sift_down (heap, n, pos, key, place, owner);
}

gpointer
_oc_slot_array_ensure (gpointer *array,
                       guint    *n_elements,
                       gsize     element_size,
                       guint     slot)
{
  if (slot >= *n_elements)
    {
      guint n = MAX (slot + 1, *n_elements + *n_elements / 4 + 64);

      *array = g_realloc_n (*array, n, element_size);
      memset ((char *) *array + (gsize) *n_elements * element_size, 0,
              (gsize) (n - *n_elements) * element_size);
      *n_elements = n;
    }
  return (char *) *array + (gsize) slot * element_size;
}

GQuark
_oc_conversation_get_queue_quark (OcConversation *self)
{
  return self->queue_id;
}

GQuark
_oc_conversation_get_agent_quark (OcConversation *self)
{
  return self->agent_id;
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
  g_autofree char *id = g_steal_pointer (&f->id);
  g_autofree char *subject = g_steal_pointer (&f->subject);
  g_autofree char *customer_name = g_steal_pointer (&f->customer_name);

  /* Id and texts in one allocation: one malloc header and rounding, not three. */
  if (id != NULL)
    {
      gsize id_len = strlen (id);
      gsize subject_len = subject != NULL ? strlen (subject) : 0;
      gsize name_len = customer_name != NULL ? strlen (customer_name) : 0;
      gsize texts_len = subject_len + name_len > 0 ? subject_len + name_len + 2 : 0;

      self->id = g_malloc (id_len + 1 + texts_len);
      memcpy (self->id, id, id_len + 1);
      if (texts_len > 0)
        {
          self->texts = self->id + id_len + 1;
          memcpy (self->texts, subject != NULL ? subject : "", subject_len + 1);
          memcpy (self->texts + subject_len + 1, customer_name != NULL ? customer_name : "", name_len + 1);
        }
    }
  else
    texts_set (self, subject != NULL ? subject : "", customer_name != NULL ? customer_name : "");
  self->sub_channel = QUARK_OF (f->sub_channel);
  self->queue_id = QUARK_OF (f->queue_id);
  self->workstream_id = QUARK_OF (f->workstream_id);
  self->agent_id = QUARK_OF (f->agent_id);
  if (f->skills != NULL && f->skills[0] != NULL)
    self->skills = skills_ref (f->skills);
  g_clear_pointer (&f->skills, g_free);
  self->revision = f->revision;
  time_set (self, &self->created_at, TIME_CREATED_AT, f->created_at);
  time_set (self, &self->status_since, TIME_STATUS_SINCE, f->status_since);
  time_set (self, &self->first_assigned_at, TIME_FIRST_ASSIGNED_AT, f->first_assigned_at);
  time_set (self, &self->wait_seconds, TIME_WAIT_SECONDS, f->wait_seconds);
  time_set (self, &self->waiting_since, TIME_WAITING_SINCE, f->waiting_since);
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

#define DEFINE_TIME_ACCESSORS(field, PROP, INDEX)                            \
gint64                                                                       \
oc_conversation_get_##field (OcConversation *self)                          \
{                                                                            \
  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);                       \
  return TIME (self, field, INDEX);                                          \
}                                                                            \
void                                                                         \
oc_conversation_set_##field (OcConversation *self, gint64 field)            \
{                                                                            \
  g_return_if_fail (OC_IS_CONVERSATION (self));                              \
  if (time_set (self, &self->field, INDEX, field))                           \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);            \
}
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
DEFINE_TIME_ACCESSORS (created_at, PROP_CREATED_AT, TIME_CREATED_AT)
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
DEFINE_TIME_ACCESSORS (status_since, PROP_STATUS_SINCE, TIME_STATUS_SINCE)
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
DEFINE_TIME_ACCESSORS (first_assigned_at, PROP_FIRST_ASSIGNED_AT, TIME_FIRST_ASSIGNED_AT)
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
DEFINE_TIME_ACCESSORS (wait_seconds, PROP_WAIT_SECONDS, TIME_WAIT_SECONDS)
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
DEFINE_TIME_ACCESSORS (waiting_since, PROP_WAITING_SINCE, TIME_WAITING_SINCE)

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

/* Subject and customer name read as "" when unset, so cells need no NULL
 * check; setting one keeps the other. */
#define DEFINE_STRING_ACCESSORS(field, PROP, SUBJECT, NAME)                  \
const char *                                                                 \
oc_conversation_get_##field (OcConversation *self)                          \
{                                                                            \
  g_return_val_if_fail (OC_IS_CONVERSATION (self), NULL);                    \
  return texts_##field (self);                                               \
}                                                                            \
void                                                                         \
oc_conversation_set_##field (OcConversation *self, const char *field)       \
{                                                                            \
  g_return_if_fail (OC_IS_CONVERSATION (self));                              \
  if (field == NULL)                                                         \
    field = "";                                                              \
  if (g_str_equal (texts_##field (self), field))                             \
    return;                                                                  \
  texts_set (self, SUBJECT, NAME);                                           \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);              \
}

/**
 * oc_conversation_get_subject:
 *
 * Returns: (transfer none): the subject, "" when unset; valid until the
 *   subject or the customer name changes (they are stored together)
 */
/**
 * oc_conversation_set_subject:
 * @subject: (nullable): the subject; %NULL or "" for none
 *
 * Sets #OcConversation:subject (a copy), notifying only when it changes.
 */
DEFINE_STRING_ACCESSORS (subject, PROP_SUBJECT, subject, texts_customer_name (self))
/**
 * oc_conversation_get_customer_name:
 *
 * Returns: (transfer none): the customer's name, "" when unset; valid until
 *   the customer name or the subject changes (they are stored together)
 */
/**
 * oc_conversation_set_customer_name:
 * @customer_name: (nullable): the name; %NULL or "" for none
 *
 * Sets #OcConversation:customer-name (a copy), notifying only when it changes.
 */
DEFINE_STRING_ACCESSORS (customer_name, PROP_CUSTOMER_NAME, texts_subject (self), customer_name)

#define DEFINE_INTERNED_ACCESSORS(field, PROP)                               \
const char *                                                                 \
oc_conversation_get_##field (OcConversation *self)                          \
{                                                                            \
  g_return_val_if_fail (OC_IS_CONVERSATION (self), NULL);                    \
  return STRING_OF (self->field);                                            \
}                                                                            \
void                                                                         \
oc_conversation_set_##field (OcConversation *self, const char *field)       \
{                                                                            \
  GQuark quark;                                                              \
  g_return_if_fail (OC_IS_CONVERSATION (self));                              \
  quark = QUARK_OF (field);                                                  \
  if (self->field == quark)                                                  \
    return;                                                                  \
  self->field = quark;                                                       \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);              \
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
  g_autofree const char **interned = NULL;
  guint n;

  g_return_if_fail (OC_IS_CONVERSATION (self));

  n = skills != NULL ? g_strv_length ((char **) skills) : 0;
  /* Compare first without interning: most updates leave skills alone. */
  if (g_strv_equal ((const char * const *) _oc_strv_or_empty (self->skills),
                    n > 0 ? skills : _oc_strv_or_empty (NULL)))
    return;
  if (n > 0)
    {
      interned = g_new (const char *, n + 1);
      for (guint i = 0; i < n; i++)
        interned[i] = g_intern_string (skills[i]);
      interned[n] = NULL;
    }
  skills_replace (self, interned != NULL ? skills_ref (interned) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILLS]);
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
  gint64 waiting_since, wait_seconds;

  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);

  waiting_since = TIME (self, waiting_since, TIME_WAITING_SINCE);
  wait_seconds = TIME (self, wait_seconds, TIME_WAIT_SECONDS);
  if (waiting_since == 0)
    return wait_seconds;

  /* A server clock ahead of ours must not show a negative spell. */
  return wait_seconds + MAX (now - waiting_since, 0);
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
  gint64 first_assigned_at;

  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);

  first_assigned_at = TIME (self, first_assigned_at, TIME_FIRST_ASSIGNED_AT);
  if (first_assigned_at == 0)
    return 0;

  return MAX (now - first_assigned_at, 0);
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
  gint64 waiting_since, wait_seconds;

  g_return_val_if_fail (OC_IS_CONVERSATION (self), 0);

  waiting_since = TIME (self, waiting_since, TIME_WAITING_SINCE);
  wait_seconds = TIME (self, wait_seconds, TIME_WAIT_SECONDS);
  if (waiting_since != 0)
    return waiting_since - wait_seconds;

  return NOT_TICKING_BASE - wait_seconds;
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
  return TIME (self, waiting_since, TIME_WAITING_SINCE) != 0;
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
  gboolean subject_changed, name_changed;

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
#define COPY_TIME(field, PROP, INDEX)                                        \
  if (time_set (self, &self->field, INDEX, TIME (other, field, INDEX)))      \
    {                                                                        \
      g_object_notify_by_pspec (object, properties[PROP]);                   \
      changed = TRUE;                                                        \
    }

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
  /* Both texts at the subject's place, each notified at its own. */
  subject_changed = !g_str_equal (texts_subject (self), texts_subject (other));
  name_changed = !g_str_equal (texts_customer_name (self), texts_customer_name (other));
  if (subject_changed || name_changed)
    {
      texts_set (self, texts_subject (other), texts_customer_name (other));
      changed = TRUE;
    }
  if (subject_changed)
    g_object_notify_by_pspec (object, properties[PROP_SUBJECT]);
  COPY_SCALAR (status, PROP_STATUS)
  COPY_SCALAR (channel, PROP_CHANNEL)
  /* Interned on both sides: pointer equality is value equality. */
  COPY_SCALAR (sub_channel, PROP_SUB_CHANNEL)
  COPY_SCALAR (queue_id, PROP_QUEUE_ID)
  COPY_SCALAR (workstream_id, PROP_WORKSTREAM_ID)
  COPY_SCALAR (agent_id, PROP_AGENT_ID)
  if (name_changed)
    g_object_notify_by_pspec (object, properties[PROP_CUSTOMER_NAME]);
  COPY_TIME (created_at, PROP_CREATED_AT, TIME_CREATED_AT)
  COPY_TIME (status_since, PROP_STATUS_SINCE, TIME_STATUS_SINCE)
  COPY_TIME (first_assigned_at, PROP_FIRST_ASSIGNED_AT, TIME_FIRST_ASSIGNED_AT)
  COPY_TIME (wait_seconds, PROP_WAIT_SECONDS, TIME_WAIT_SECONDS)
  COPY_TIME (waiting_since, PROP_WAITING_SINCE, TIME_WAITING_SINCE)
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
  /* Shared: the same skills are the same array. */
  if (self->skills != other->skills)
    {
      skills_replace (self, other->skills != NULL ? skills_ref (other->skills) : NULL);
      g_object_notify_by_pspec (object, properties[PROP_SKILLS]);
      changed = TRUE;
    }

#undef COPY_TIME
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
