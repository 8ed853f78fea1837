// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <malloc.h>
#include <string.h>

#include "oc-agent.h"
#include "oc-conversation.h"
#include "oc-conversation-private.h"
#include "oc-message.h"
#include "oc-queue.h"
#include "oc-workstream.h"

/* Records the names of notified properties, in order. */
typedef struct {
  GPtrArray *names;
} Recorder;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  Recorder *rec = user_data;

  g_ptr_array_add (rec->names, g_strdup (pspec->name));
}

static void
recorder_watch (Recorder *rec,
                gpointer  object)
{
  rec->names = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (object, "notify", G_CALLBACK (on_notify), rec);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
recorder_take (Recorder *rec)
{
  char *joined;

  g_ptr_array_sort (rec->names, compare_strings);
  g_ptr_array_add (rec->names, NULL);
  joined = g_strjoinv (",", (char **) rec->names->pdata);
  g_ptr_array_set_size (rec->names, 0);
  return joined;
}

static void
recorder_clear (Recorder *rec)
{
  g_clear_pointer (&rec->names, g_ptr_array_unref);
}

static OcConversation *
make_conversation (const char *id)
{
  OcConversation *c = oc_conversation_new (id);
  const char *skills[] = { "billing", "spanish", NULL };

  oc_conversation_set_revision (c, 10);
  oc_conversation_set_subject (c, "Refund");
  oc_conversation_set_status (c, OC_STATUS_ACTIVE);
  oc_conversation_set_channel (c, OC_CHANNEL_MESSAGING);
  oc_conversation_set_sub_channel (c, "whatsapp");
  oc_conversation_set_queue_id (c, "q-billing");
  oc_conversation_set_workstream_id (c, "ws-messaging");
  oc_conversation_set_agent_id (c, "a-007");
  oc_conversation_set_customer_name (c, "Zoë Ødegård");
  oc_conversation_set_created_at (c, 1000);
  oc_conversation_set_status_since (c, 1100);
  oc_conversation_set_first_assigned_at (c, 1050);
  oc_conversation_set_wait_seconds (c, 30);
  oc_conversation_set_waiting_since (c, 0);
  oc_conversation_set_sentiment (c, OC_SENTIMENT_NEUTRAL);
  oc_conversation_set_skills (c, skills);
  return c;
}

static void
test_conversation_notify_only_on_change (void)
{
  g_autoptr(OcConversation) c = make_conversation ("c-1");
  const char *same_skills[] = { "billing", "spanish", NULL };
  const char *other_skills[] = { "billing", NULL };
  Recorder rec;
  g_autofree char *got = NULL;

  recorder_watch (&rec, c);

  /* Setting every field to its current value notifies nothing. */
  oc_conversation_set_revision (c, 10);
  oc_conversation_set_subject (c, "Refund");
  oc_conversation_set_status (c, OC_STATUS_ACTIVE);
  oc_conversation_set_channel (c, OC_CHANNEL_MESSAGING);
  oc_conversation_set_sub_channel (c, "whatsapp");
  oc_conversation_set_queue_id (c, "q-billing");
  oc_conversation_set_agent_id (c, "a-007");
  oc_conversation_set_customer_name (c, "Zoë Ødegård");
  oc_conversation_set_wait_seconds (c, 30);
  oc_conversation_set_sentiment (c, OC_SENTIMENT_NEUTRAL);
  oc_conversation_set_skills (c, same_skills);
  g_object_set (c, "status", OC_STATUS_ACTIVE, "subject", "Refund", NULL);
  g_assert_cmpuint (rec.names->len, ==, 0);

  oc_conversation_set_status (c, OC_STATUS_WAITING);
  oc_conversation_set_status (c, OC_STATUS_WAITING);
  oc_conversation_set_agent_id (c, NULL);
  oc_conversation_set_skills (c, other_skills);
  oc_conversation_set_skills (c, other_skills);
  oc_conversation_set_skills (c, NULL);
  got = recorder_take (&rec);
  g_assert_cmpstr (got, ==, "agent-id,skills,skills,status");
  g_assert_null (oc_conversation_get_agent_id (c));
  g_assert_nonnull (oc_conversation_get_skills (c));
  g_assert_null (oc_conversation_get_skills (c)[0]);

  recorder_clear (&rec);
}

static void
test_conversation_properties (void)
{
  g_autoptr(OcConversation) c = make_conversation ("c-2");
  g_autofree char *id = NULL;
  g_autofree char *queue_id = NULL;
  g_auto(GStrv) skills = NULL;
  OcStatus status;
  OcSentiment sentiment;
  gint64 created_at;
  GParamSpec *pspec;

  g_object_get (c,
                "id", &id,
                "queue-id", &queue_id,
                "skills", &skills,
                "status", &status,
                "sentiment", &sentiment,
                "created-at", &created_at,
                NULL);
  g_assert_cmpstr (id, ==, "c-2");
  g_assert_cmpstr (queue_id, ==, "q-billing");
  g_assert_cmpuint (g_strv_length (skills), ==, 2);
  g_assert_cmpstr (skills[1], ==, "spanish");
  g_assert_cmpint (status, ==, OC_STATUS_ACTIVE);
  g_assert_cmpint (sentiment, ==, OC_SENTIMENT_NEUTRAL);
  g_assert_cmpint (created_at, ==, 1000);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (c), "status");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == OC_TYPE_STATUS);
  g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (c), "channel");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == OC_TYPE_CHANNEL);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (c), "waiting-since");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_INT64);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (c), "skills");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV);
}

static void
test_conversation_interned (void)
{
  g_autoptr(OcConversation) a = make_conversation ("c-a");
  g_autoptr(OcConversation) b = oc_conversation_new ("c-b");
  g_autofree char *queue = g_strdup ("q-billing");
  const char *skills[] = { "billing", NULL };

  oc_conversation_set_queue_id (b, queue);
  oc_conversation_set_skills (b, skills);
  /* Shared storage, not copies: one string per distinct id in the process. */
  g_assert_true (oc_conversation_get_queue_id (a) == oc_conversation_get_queue_id (b));
  g_assert_true (oc_conversation_get_queue_id (b) != queue);
  g_assert_true (oc_conversation_get_skills (a)[0] == oc_conversation_get_skills (b)[0]);
}

static void
test_conversation_update_from (void)
{
  g_autoptr(OcConversation) c = make_conversation ("c-3");
  g_autoptr(OcConversation) next = make_conversation ("c-3");
  const char *skills[] = { "billing", "french", NULL };
  Recorder rec;
  g_autofree char *got = NULL;

  recorder_watch (&rec, c);

  /* Equal content: nothing changes, nothing is notified. */
  g_assert_false (oc_conversation_update_from (c, next));
  g_assert_cmpuint (rec.names->len, ==, 0);

  oc_conversation_set_revision (next, 11);
  oc_conversation_set_status (next, OC_STATUS_WAITING);
  oc_conversation_set_waiting_since (next, 1200);
  oc_conversation_set_agent_id (next, NULL);
  oc_conversation_set_skills (next, skills);
  oc_conversation_set_customer_name (next, "Zoë Ødegård");   /* same text */

  g_assert_true (oc_conversation_update_from (c, next));
  got = recorder_take (&rec);
  g_assert_cmpstr (got, ==, "agent-id,revision,skills,status,waiting-since");

  g_assert_cmpint (oc_conversation_get_status (c), ==, OC_STATUS_WAITING);
  g_assert_cmpint (oc_conversation_get_revision (c), ==, 11);
  g_assert_null (oc_conversation_get_agent_id (c));
  g_assert_cmpstr (oc_conversation_get_skills (c)[1], ==, "french");
  g_assert_cmpint (oc_conversation_get_waiting_since (c), ==, 1200);

  g_assert_false (oc_conversation_update_from (c, next));
  g_assert_cmpuint (rec.names->len, ==, 0);

  recorder_clear (&rec);
}

static void
test_conversation_wait_time (void)
{
  g_autoptr(OcConversation) c = oc_conversation_new ("c-4");

  /* Not waiting: the figure is fixed. */
  oc_conversation_set_wait_seconds (c, 30);
  g_assert_false (oc_conversation_is_waiting (c));
  g_assert_cmpint (oc_conversation_get_wait_time (c, 5000), ==, 30);
  g_assert_cmpint (oc_conversation_get_wait_time (c, 9000), ==, 30);

  /* Waiting: earlier spells plus the running one. */
  oc_conversation_set_waiting_since (c, 4000);
  g_assert_true (oc_conversation_is_waiting (c));
  g_assert_cmpint (oc_conversation_get_wait_time (c, 4000), ==, 30);
  g_assert_cmpint (oc_conversation_get_wait_time (c, 4090), ==, 120);

  /* A server clock ahead of ours never shows less than the earlier spells. */
  g_assert_cmpint (oc_conversation_get_wait_time (c, 3000), ==, 30);
}

static void
test_conversation_handle_time (void)
{
  g_autoptr(OcConversation) c = oc_conversation_new ("c-5");

  g_assert_cmpint (oc_conversation_get_handle_time (c, 5000), ==, 0);
  oc_conversation_set_first_assigned_at (c, 4000);
  g_assert_cmpint (oc_conversation_get_handle_time (c, 4321), ==, 321);
  g_assert_cmpint (oc_conversation_get_handle_time (c, 3999), ==, 0);
}

static void
test_conversation_wait_key (void)
{
  g_autoptr(OcConversation) long_wait = oc_conversation_new ("w-long");
  g_autoptr(OcConversation) short_wait = oc_conversation_new ("w-short");
  g_autoptr(OcConversation) fixed_big = oc_conversation_new ("f-big");
  g_autoptr(OcConversation) fixed_small = oc_conversation_new ("f-small");
  gint64 now = 1764091940;

  oc_conversation_set_waiting_since (long_wait, now - 100);
  oc_conversation_set_wait_seconds (long_wait, 50);
  oc_conversation_set_waiting_since (short_wait, now - 120);
  oc_conversation_set_wait_seconds (fixed_big, 100000);
  oc_conversation_set_wait_seconds (fixed_small, 5);

  /* now - key is the shown wait time for a ticking conversation. */
  g_assert_cmpint (now - oc_conversation_get_wait_key (long_wait), ==,
                   oc_conversation_get_wait_time (long_wait, now));
  g_assert_cmpint (now - oc_conversation_get_wait_key (short_wait), ==,
                   oc_conversation_get_wait_time (short_wait, now));

  /* Ascending key: ticking ones first (longest wait first), then the rest. */
  g_assert_cmpint (oc_conversation_get_wait_key (long_wait), <,
                   oc_conversation_get_wait_key (short_wait));
  g_assert_cmpint (oc_conversation_get_wait_key (short_wait), <,
                   oc_conversation_get_wait_key (fixed_big));
  g_assert_cmpint (oc_conversation_get_wait_key (fixed_big), <,
                   oc_conversation_get_wait_key (fixed_small));
}

/* As the protocol reader makes them: every field at once. */
static OcConversation *
make_whole (const char         *id,
            const char         *subject,
            const char         *customer_name,
            const char * const *skills)
{
  OcConversationFields f = { 0, };

  f.id = g_strdup (id);
  f.subject = g_strdup (subject);
  f.customer_name = g_strdup (customer_name);
  f.queue_id = "q-billing";
  f.status = OC_STATUS_WAITING;
  if (skills != NULL)
    {
      guint n = g_strv_length ((char **) skills);

      f.skills = g_new0 (const char *, n + 1);
      for (guint i = 0; i < n; i++)
        f.skills[i] = g_intern_string (skills[i]);
    }
  return _oc_conversation_new_take (&f);
}

/* Id, subject and customer name share one allocation while they last; a new
 * text never moves the id (the store's index keys on that pointer), and
 * setting one text keeps the other. */
static void
test_conversation_texts (void)
{
  g_autoptr(OcConversation) c = make_whole ("c-1", "Refund", "Zoë", NULL);
  g_autoptr(OcConversation) other = make_whole ("c-1", "Parcel lost", "Ann", NULL);
  g_autoptr(OcConversation) empty = make_whole ("c-2", "", NULL, NULL);
  g_autoptr(OcConversation) name_only = make_whole ("c-3", NULL, "Bo", NULL);
  const char *id = oc_conversation_get_id (c);
  Recorder rec;
  g_autofree char *got = NULL;

  g_assert_cmpstr (id, ==, "c-1");
  g_assert_cmpstr (oc_conversation_get_subject (c), ==, "Refund");
  g_assert_cmpstr (oc_conversation_get_customer_name (c), ==, "Zoë");
  g_assert_cmpstr (oc_conversation_get_subject (empty), ==, "");
  g_assert_cmpstr (oc_conversation_get_customer_name (empty), ==, "");
  g_assert_cmpstr (oc_conversation_get_subject (name_only), ==, "");
  g_assert_cmpstr (oc_conversation_get_customer_name (name_only), ==, "Bo");

  recorder_watch (&rec, c);
  oc_conversation_set_subject (c, "Refund, charged twice");
  g_assert_true (oc_conversation_get_id (c) == id);
  g_assert_cmpstr (oc_conversation_get_id (c), ==, "c-1");
  g_assert_cmpstr (oc_conversation_get_subject (c), ==, "Refund, charged twice");
  g_assert_cmpstr (oc_conversation_get_customer_name (c), ==, "Zoë");
  oc_conversation_set_customer_name (c, NULL);
  g_assert_cmpstr (oc_conversation_get_subject (c), ==, "Refund, charged twice");
  g_assert_cmpstr (oc_conversation_get_customer_name (c), ==, "");
  oc_conversation_set_customer_name (c, "");   /* the same: not notified */
  oc_conversation_set_subject (c, NULL);
  g_assert_cmpstr (oc_conversation_get_subject (c), ==, "");
  got = recorder_take (&rec);
  g_assert_cmpstr (got, ==, "customer-name,subject,subject");
  g_clear_pointer (&got, g_free);

  /* An update changes both texts; the id stays put. */
  g_assert_true (oc_conversation_update_from (c, other));
  got = recorder_take (&rec);
  g_assert_cmpstr (got, ==, "customer-name,subject");
  g_assert_true (oc_conversation_get_id (c) == id);
  g_assert_cmpstr (oc_conversation_get_subject (c), ==, "Parcel lost");
  g_assert_cmpstr (oc_conversation_get_customer_name (c), ==, "Ann");
  g_assert_false (oc_conversation_update_from (c, other));
  g_clear_object (&other);
  g_assert_cmpstr (oc_conversation_get_customer_name (c), ==, "Ann");

  /* Whole again, into texts set one by one. */
  oc_conversation_set_subject (name_only, "Login");
  g_assert_true (oc_conversation_update_from (name_only, empty));
  g_assert_cmpstr (oc_conversation_get_subject (name_only), ==, "");
  g_assert_cmpstr (oc_conversation_get_customer_name (name_only), ==, "");
  g_assert_cmpstr (oc_conversation_get_id (name_only), ==, "c-3");
  recorder_clear (&rec);
}

/* Conversations that need the same skills share one array, which outlives
 * any one of them and is never changed under another. */
static void
test_conversation_skills_shared (void)
{
  const char *billing_french[] = { "billing", "french", NULL };
  const char *billing[] = { "billing", NULL };
  g_autoptr(OcConversation) a = make_whole ("c-a", NULL, NULL, billing_french);
  g_autoptr(OcConversation) b = oc_conversation_new ("c-b");
  g_autoptr(OcConversation) c = make_whole ("c-c", NULL, NULL, billing);
  const char * const *shared;

  oc_conversation_set_skills (b, (const char * const *) billing_french);
  shared = oc_conversation_get_skills (a);
  g_assert_true (oc_conversation_get_skills (b) == shared);

  /* One changes its skills: the other's stay. */
  oc_conversation_set_skills (a, (const char * const *) billing);
  g_assert_true (oc_conversation_get_skills (a) == oc_conversation_get_skills (c));
  g_assert_true (oc_conversation_get_skills (b) == shared);
  g_assert_cmpstr (oc_conversation_get_skills (b)[1], ==, "french");
  g_assert_null (oc_conversation_get_skills (b)[2]);

  /* Taken over by an update, kept when the update's object goes. */
  g_assert_true (oc_conversation_update_from (c, b));
  g_clear_object (&b);
  g_assert_true (oc_conversation_get_skills (c) == shared);
  g_assert_cmpstr (oc_conversation_get_skills (c)[0], ==, "billing");
  g_assert_cmpstr (oc_conversation_get_skills (c)[1], ==, "french");
  g_assert_false (oc_conversation_update_from (c, c));

  /* None is the empty array, and forgets the set. */
  oc_conversation_set_skills (c, NULL);
  g_assert_null (oc_conversation_get_skills (c)[0]);
  oc_conversation_set_skills (a, (const char * const *) billing_french);
  g_assert_cmpstr (oc_conversation_get_skills (a)[1], ==, "french");
}

/* Times are kept in 32 bits while they fit; any other gint64 reads back
 * as set, through an update too, and the derived figures follow it. */
static void
test_conversation_wide_times (void)
{
  const gint64 far = G_GINT64_CONSTANT (5000000000);   /* past 2106 */
  g_autoptr(OcConversation) c = make_whole ("c-1", "Refund", NULL, NULL);
  g_autoptr(OcConversation) narrow = make_whole ("c-1", "Refund", NULL, NULL);
  g_autoptr(OcConversation) copy = oc_conversation_new ("c-1");
  Recorder rec;
  g_autofree char *got = NULL;

  oc_conversation_set_created_at (c, G_MAXUINT32);
  g_assert_cmpint (oc_conversation_get_created_at (c), ==, G_MAXUINT32);
  oc_conversation_set_waiting_since (c, far);
  oc_conversation_set_wait_seconds (c, 30);
  g_assert_cmpint (oc_conversation_get_waiting_since (c), ==, far);
  g_assert_cmpint (oc_conversation_get_created_at (c), ==, G_MAXUINT32);
  g_assert_cmpint (oc_conversation_get_wait_seconds (c), ==, 30);
  g_assert_cmpint (oc_conversation_get_wait_time (c, far + 10), ==, 40);
  g_assert_cmpint (oc_conversation_get_wait_key (c), ==, far - 30);
  g_assert_true (oc_conversation_is_waiting (c));
  oc_conversation_set_first_assigned_at (c, -5);
  g_assert_cmpint (oc_conversation_get_first_assigned_at (c), ==, -5);
  g_assert_cmpint (oc_conversation_get_handle_time (c, 5), ==, 10);
  g_assert_false (oc_conversation_is_flagged (c));

  /* Into a conversation that holds them narrow, and back. */
  g_assert_true (oc_conversation_update_from (copy, c));
  g_assert_cmpint (oc_conversation_get_waiting_since (copy), ==, far);
  g_assert_cmpint (oc_conversation_get_first_assigned_at (copy), ==, -5);
  g_assert_cmpint (oc_conversation_get_created_at (copy), ==, G_MAXUINT32);
  g_assert_false (oc_conversation_update_from (copy, c));

  recorder_watch (&rec, c);
  g_assert_true (oc_conversation_update_from (c, narrow));
  got = recorder_take (&rec);
  g_assert_cmpstr (got, ==, "created-at,first-assigned-at,wait-seconds,waiting-since");
  g_assert_cmpint (oc_conversation_get_waiting_since (c), ==, 0);
  g_assert_cmpint (oc_conversation_get_created_at (c), ==, 0);
  g_assert_false (oc_conversation_is_waiting (c));
  oc_conversation_set_flag (c, "help", 100, 0, NULL);
  g_assert_true (oc_conversation_is_flagged (c));
  g_assert_cmpint (oc_conversation_get_flag_raised_at (c), ==, 100);
  recorder_clear (&rec);
}

static void
test_conversation_memory (void)
{
  const guint n = 20000;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  struct mallinfo2 before, after;
  gsize per_row;

  /* Warm up the type, the interned strings and the pspec pool. */
  g_ptr_array_add (rows, make_conversation ("c-warm"));

  before = mallinfo2 ();
  for (guint i = 0; i < n; i++)
    {
      char id[32];
      char subject[64];

      g_snprintf (id, sizeof id, "c-%06u", i);
      g_snprintf (subject, sizeof subject, "Refund for order #%u, charged twice", i);
      OcConversation *c = make_conversation (id);
      oc_conversation_set_subject (c, subject);
      oc_conversation_set_queue_id (c, (i % 2) ? "q-billing" : "q-general");
      g_ptr_array_add (rows, c);
    }
  after = mallinfo2 ();

  per_row = (after.uordblks - before.uordblks) / n;
  g_test_message ("heap per conversation: %" G_GSIZE_FORMAT " bytes", per_row);
  g_assert_cmpuint (per_row, <, 1024);
}

static void
test_agent_skills (void)
{
  g_autoptr(OcAgent) a = oc_agent_new ("a-7");
  const char *names[] = { "billing", "spanish", NULL };
  const guint levels[] = { 7, 4 };
  const guint levels2[] = { 7, 5 };
  Recorder rec;
  g_autofree char *got = NULL;

  recorder_watch (&rec, a);

  g_assert_cmpint (oc_agent_get_skill_level (a, "billing"), ==, -1);
  oc_agent_set_skills (a, names, levels);
  g_assert_cmpint (oc_agent_get_skill_level (a, "billing"), ==, 7);
  g_assert_cmpint (oc_agent_get_skill_level (a, "spanish"), ==, 4);
  g_assert_cmpint (oc_agent_get_skill_level (a, "french"), ==, -1);
  g_assert_cmpint (oc_agent_get_skill_level (a, NULL), ==, -1);
  g_assert_cmpuint (oc_agent_get_skill_level_at (a, 1), ==, 4);
  g_assert_cmpstr (oc_agent_get_skills (a)[0], ==, "billing");

  oc_agent_set_skills (a, names, levels);      /* same: no notify */
  oc_agent_set_skills (a, names, levels2);     /* a level moved */
  got = recorder_take (&rec);
  g_assert_cmpstr (got, ==, "skills,skills");
  g_assert_cmpint (oc_agent_get_skill_level (a, "spanish"), ==, 5);

  recorder_clear (&rec);
}

static void
test_agent_capacity (void)
{
  g_autoptr(OcAgent) a = oc_agent_new ("a-8");
  Recorder rec;
  g_autofree char *got1 = NULL;
  g_autofree char *got2 = NULL;
  g_autofree char *got3 = NULL;

  recorder_watch (&rec, a);

  oc_agent_set_capacity_total (a, 3);
  oc_agent_set_capacity_used (a, 1);
  g_assert_cmpuint (oc_agent_get_free_capacity (a), ==, 2);
  got1 = recorder_take (&rec);
  g_assert_cmpstr (got1, ==, "capacity-total,capacity-used,free-capacity,free-capacity");

  /* Over capacity (the server lowered total): none free, never wraps. */
  oc_agent_set_capacity_used (a, 5);
  g_assert_cmpuint (oc_agent_get_free_capacity (a), ==, 0);
  got2 = recorder_take (&rec);
  g_assert_cmpstr (got2, ==, "capacity-used,free-capacity");

  /* Still none free: free-capacity is not notified. */
  oc_agent_set_capacity_used (a, 4);
  got3 = recorder_take (&rec);
  g_assert_cmpstr (got3, ==, "capacity-used");

  recorder_clear (&rec);
}

static void
test_agent_update_from (void)
{
  g_autoptr(OcAgent) a = oc_agent_new ("a-9");
  g_autoptr(OcAgent) b = oc_agent_new ("a-9");
  const char *names[] = { "billing", NULL };
  const guint levels[] = { 3 };
  const guint levels2[] = { 4 };
  const char *queues[] = { "q-billing", "q-general", NULL };
  Recorder rec;
  g_autofree char *got = NULL;

  oc_agent_set_name (a, "Amina");
  oc_agent_set_skills (a, names, levels);
  oc_agent_set_queue_ids (a, queues);
  oc_agent_set_capacity_total (a, 2);
  oc_agent_set_name (b, "Amina");
  oc_agent_set_skills (b, names, levels);
  oc_agent_set_queue_ids (b, queues);
  oc_agent_set_capacity_total (b, 2);

  recorder_watch (&rec, a);
  g_assert_false (oc_agent_update_from (a, b));
  g_assert_cmpuint (rec.names->len, ==, 0);

  oc_agent_set_presence (b, OC_PRESENCE_AWAY);
  oc_agent_set_presence_text (b, "Lunch");
  oc_agent_set_skills (b, names, levels2);
  oc_agent_set_capacity_used (b, 2);
  g_assert_true (oc_agent_update_from (a, b));
  got = recorder_take (&rec);
  g_assert_cmpstr (got, ==, "capacity-used,free-capacity,presence,presence-text,skills");
  g_assert_cmpint (oc_agent_get_skill_level (a, "billing"), ==, 4);
  g_assert_cmpstr (oc_agent_get_presence_text (a), ==, "Lunch");
  g_assert_true (oc_agent_serves_queue (a, "q-general"));
  g_assert_false (oc_agent_serves_queue (a, "q-sales"));
  g_assert_false (oc_agent_serves_queue (a, NULL));

  recorder_clear (&rec);
}

static void
test_workstream_presence_mask (void)
{
  g_autoptr(OcWorkstream) ws = oc_workstream_new ("ws-chat");
  g_autoptr(OcWorkstream) ws2 = oc_workstream_new ("ws-chat");
  Recorder rec;
  g_autofree char *got = NULL;

  g_assert_false (oc_workstream_allows_presence (ws, OC_PRESENCE_AVAILABLE));
  oc_workstream_set_allowed_presences (ws, OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) |
                                           OC_PRESENCE_BIT (OC_PRESENCE_BUSY));
  g_assert_true (oc_workstream_allows_presence (ws, OC_PRESENCE_AVAILABLE));
  g_assert_true (oc_workstream_allows_presence (ws, OC_PRESENCE_BUSY));
  g_assert_false (oc_workstream_allows_presence (ws, OC_PRESENCE_BUSY_DND));
  g_assert_false (oc_workstream_allows_presence (ws, OC_PRESENCE_OFFLINE));
  g_assert_false (oc_workstream_allows_presence (ws, OC_PRESENCE_UNKNOWN));
  g_assert_false (oc_workstream_allows_presence (ws, (OcPresence) 40));

  recorder_watch (&rec, ws);
  oc_workstream_set_allowed_presences (ws2, OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE));
  oc_workstream_set_channel (ws2, OC_CHANNEL_CHAT);
  g_assert_true (oc_workstream_update_from (ws, ws2));
  got = recorder_take (&rec);
  g_assert_cmpstr (got, ==, "allowed-presences,channel");
  g_assert_false (oc_workstream_allows_presence (ws, OC_PRESENCE_BUSY));
  g_assert_false (oc_workstream_update_from (ws, ws2));
  recorder_clear (&rec);
}

static void
test_queue_update_from (void)
{
  g_autoptr(OcQueue) q = oc_queue_new ("q-1");
  g_autoptr(OcQueue) q2 = oc_queue_new ("q-1");
  Recorder rec;
  g_autofree char *got = NULL;

  oc_queue_set_name (q, "Billing");
  oc_queue_set_name (q2, "Billing");
  oc_queue_set_workstream_id (q2, "ws-chat");
  recorder_watch (&rec, q);
  g_assert_true (oc_queue_update_from (q, q2));
  got = recorder_take (&rec);
  g_assert_cmpstr (got, ==, "workstream-id");
  g_assert_cmpstr (oc_queue_get_workstream_id (q), ==, "ws-chat");
  g_assert_false (oc_queue_update_from (q, q2));
  recorder_clear (&rec);
}

static void
test_message_new (void)
{
  g_autoptr(OcMessage) m = oc_message_new (12, 1764090189, OC_SENDER_CUSTOMER, "Zoë",
                                           OC_MESSAGE_KIND_TEXT, "<b>hi</b> & bye");
  OcSender role;

  g_assert_cmpint (oc_message_get_seq (m), ==, 12);
  g_assert_cmpint (oc_message_get_at (m), ==, 1764090189);
  g_assert_cmpint (oc_message_get_sender_role (m), ==, OC_SENDER_CUSTOMER);
  g_assert_cmpstr (oc_message_get_sender_name (m), ==, "Zoë");
  g_assert_cmpint (oc_message_get_kind (m), ==, OC_MESSAGE_KIND_TEXT);
  g_assert_cmpstr (oc_message_get_text (m), ==, "<b>hi</b> & bye");
  g_object_get (m, "sender-role", &role, NULL);
  g_assert_cmpint (role, ==, OC_SENDER_CUSTOMER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/conversation/notify-only-on-change", test_conversation_notify_only_on_change);
  g_test_add_func ("/model/conversation/properties", test_conversation_properties);
  g_test_add_func ("/model/conversation/interned", test_conversation_interned);
  g_test_add_func ("/model/conversation/update-from", test_conversation_update_from);
  g_test_add_func ("/model/conversation/wait-time", test_conversation_wait_time);
  g_test_add_func ("/model/conversation/handle-time", test_conversation_handle_time);
  g_test_add_func ("/model/conversation/wait-key", test_conversation_wait_key);
  g_test_add_func ("/model/conversation/memory", test_conversation_memory);
  g_test_add_func ("/model/conversation/texts", test_conversation_texts);
  g_test_add_func ("/model/conversation/skills-shared", test_conversation_skills_shared);
  g_test_add_func ("/model/conversation/wide-times", test_conversation_wide_times);
  g_test_add_func ("/model/agent/skills", test_agent_skills);
  g_test_add_func ("/model/agent/capacity", test_agent_capacity);
  g_test_add_func ("/model/agent/update-from", test_agent_update_from);
  g_test_add_func ("/model/workstream/presence-mask", test_workstream_presence_mask);
  g_test_add_func ("/model/queue/update-from", test_queue_update_from);
  g_test_add_func ("/model/message/new", test_message_new);

  return g_test_run ();
}
