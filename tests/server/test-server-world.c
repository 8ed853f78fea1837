// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "oc-sim-data.h"
#include "server-fixture.h"

/* The simulator, expiry, the state file and the users file. */

static int
oc_test_compare_gint64 (gconstpointer a,
                        gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static char *
describe_world (OcWorld *world)
{
  g_autoptr(GPtrArray) conversations = oc_world_list_conversations (world);
  GString *text = g_string_new (NULL);
  GPtrArray *agents = oc_world_get_agents (world);

  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *c = g_ptr_array_index (conversations, i);

      g_string_append_printf (text, "%s %d %s %s %d %" G_GINT64_FORMAT "\n",
                              oc_conversation_get_id (c), oc_conversation_get_status (c),
                              oc_conversation_get_queue_id (c), oc_conversation_get_agent_id (c),
                              oc_conversation_get_sentiment (c),
                              oc_world_get_last_seq (world, oc_conversation_get_id (c)));
    }
  for (guint i = 0; i < agents->len; i++)
    {
      OcAgent *a = g_ptr_array_index (agents, i);

      g_string_append_printf (text, "%s %d %u\n", oc_agent_get_id (a), oc_agent_get_presence (a),
                              oc_agent_get_capacity_used (a));
    }

  return g_string_free (text, FALSE);
}

static void
test_deterministic (void)
{
  OcServerOptions options = { .seed = 11, .conversations = 40 };
  g_autoptr(OcServer) a = oc_server_new (&options, NULL);
  g_autoptr(OcServer) b = oc_server_new (&options, NULL);
  gint64 start_a = oc_world_get_revision (oc_server_get_world (a));
  gint64 start_b = oc_world_get_revision (oc_server_get_world (b));
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  g_autofree char *text_c = NULL;

  oc_server_step (a, 600);
  oc_server_step (b, 600);

  text_a = describe_world (oc_server_get_world (a));
  text_b = describe_world (oc_server_get_world (b));
  g_assert_cmpstr (text_a, ==, text_b);
  g_assert_cmpint (oc_world_get_revision (oc_server_get_world (a)) - start_a, ==,
                   oc_world_get_revision (oc_server_get_world (b)) - start_b);
  g_assert_cmpint (oc_world_get_revision (oc_server_get_world (a)) - start_a, >, 50);

  /* Another seed, another story. */
  options.seed = 12;
  {
    g_autoptr(OcServer) c = oc_server_new (&options, NULL);

    oc_server_step (c, 600);
    text_c = describe_world (oc_server_get_world (c));
    g_assert_cmpstr (text_a, !=, text_c);
  }
}

static guint
count_hostile_texts (OcWorld *world)
{
  g_autoptr(GPtrArray) conversations = oc_world_list_conversations (world);
  GPtrArray *agents = oc_world_get_agents (world);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  guint hostile = 0;

  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *c = g_ptr_array_index (conversations, i);

      g_ptr_array_add (texts, (gpointer) oc_conversation_get_subject (c));
      g_ptr_array_add (texts, (gpointer) oc_conversation_get_customer_name (c));
    }
  for (guint i = 0; i < agents->len; i++)
    g_ptr_array_add (texts, (gpointer) oc_agent_get_name (g_ptr_array_index (agents, i)));

  for (guint i = 0; i < texts->len; i++)
    for (guint j = 0; j < oc_sim_n_hostile_texts; j++)
      if (g_strcmp0 (g_ptr_array_index (texts, i), oc_sim_hostile_texts[j]) == 0)
        hostile++;

  return hostile;
}

/* The demo's floor reads like a real one; hostile strings come only when
 * asked for, and then the rest of the seed's story is the same. */
static void
test_simulator_hostile_text (void)
{
  OcServerOptions options = { .seed = 5, .conversations = 200 };
  g_autoptr(OcServer) plain = oc_server_new (&options, NULL);
  g_autoptr(OcServer) hostile = NULL;
  g_autofree char *plain_story = NULL;
  g_autofree char *hostile_story = NULL;

  options.hostile_text = TRUE;
  hostile = oc_server_new (&options, NULL);
  oc_server_step (plain, 300);
  oc_server_step (hostile, 300);

  g_assert_cmpuint (count_hostile_texts (oc_server_get_world (plain)), ==, 0);
  g_assert_cmpuint (count_hostile_texts (oc_server_get_world (hostile)), >, 10);

  plain_story = describe_world (oc_server_get_world (plain));
  hostile_story = describe_world (oc_server_get_world (hostile));
  g_assert_cmpstr (plain_story, ==, hostile_story);
}

typedef struct {
  guint upserts;
  guint agent_upserts;
  guint closed;
  guint expired;
  GHashTable *statuses;   /* status -> 1 */
} Tally;

static void
tally_change (OcWorld    *world,
              gint64      revision,
              GObject    *object,
              const char *removed_id,
              GBytes     *event,
              Tally      *tally)
{
  if (OC_IS_CONVERSATION (object))
    {
      tally->upserts++;
      g_hash_table_add (tally->statuses, GINT_TO_POINTER (oc_conversation_get_status (OC_CONVERSATION (object))));
    }
  else if (OC_IS_AGENT (object))
    tally->agent_upserts++;
}

static void
tally_removed (OcWorld    *world,
               const char *id,
               const char *reason,
               Tally      *tally)
{
  if (g_str_equal (reason, "closed"))
    tally->closed++;
  else if (g_str_equal (reason, "expired"))
    tally->expired++;
}

/* Every agent's used capacity is the number of its live, assigned
 * conversations, and never above its total. */
static void
assert_capacity_consistent (OcWorld *world)
{
  g_autoptr(GPtrArray) conversations = oc_world_list_conversations (world);
  GPtrArray *agents = oc_world_get_agents (world);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *c = g_ptr_array_index (conversations, i);
      const char *agent = oc_conversation_get_agent_id (c);

      if (oc_conversation_get_status (c) == OC_STATUS_OPEN)
        {
          g_assert_null (agent);
          g_assert_cmpint (oc_conversation_get_waiting_since (c), >, 0);
          continue;
        }
      g_assert_nonnull (agent);
      g_hash_table_insert (counts, (gpointer) agent,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, agent)) + 1));
      g_assert_true (oc_agent_serves_queue (oc_world_lookup_agent (world, agent), oc_conversation_get_queue_id (c)));
      g_assert_cmpint (oc_conversation_get_first_assigned_at (c), >, 0);
    }

  for (guint i = 0; i < agents->len; i++)
    {
      OcAgent *a = g_ptr_array_index (agents, i);

      g_assert_cmpuint (oc_agent_get_capacity_used (a), ==,
                        GPOINTER_TO_UINT (g_hash_table_lookup (counts, oc_agent_get_id (a))));
      g_assert_cmpuint (oc_agent_get_capacity_used (a), <=, oc_agent_get_capacity_total (a));
    }
}

static void
test_simulator_story (void)
{
  OcServerOptions options = { .seed = 5, .conversations = 80 };
  g_autoptr(OcServer) server = oc_server_new (&options, NULL);
  OcWorld *world = oc_server_get_world (server);
  Tally tally = { 0 };
  g_autoptr(GPtrArray) conversations = NULL;
  gboolean voice_line = FALSE, sub_channel = FALSE, non_latin = FALSE, long_wait = FALSE;
  gint64 now;

  tally.statuses = g_hash_table_new (NULL, NULL);
  g_signal_connect (world, "change", G_CALLBACK (tally_change), &tally);
  g_signal_connect (world, "conversation-removed", G_CALLBACK (tally_removed), &tally);

  assert_capacity_consistent (world);
  for (guint minute = 0; minute < 20; minute++)
    {
      oc_server_step (server, 60);
      assert_capacity_consistent (world);
    }

  g_assert_cmpuint (tally.upserts, >, 100);
  g_assert_cmpuint (tally.agent_upserts, >, 10);
  g_assert_cmpuint (tally.closed, >, 5);
  for (OcStatus s = OC_STATUS_OPEN; s <= OC_STATUS_WRAP_UP; s++)
    g_assert_true (g_hash_table_contains (tally.statuses, GINT_TO_POINTER (s)));

  now = oc_world_get_now (world);
  conversations = oc_world_list_conversations (world);
  g_assert_cmpuint (conversations->len, >, 40);
  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *c = g_ptr_array_index (conversations, i);
      GPtrArray *transcript = oc_world_get_transcript (world, oc_conversation_get_id (c));

      if (oc_conversation_get_channel (c) == OC_CHANNEL_MESSAGING)
        {
          const char *sub = oc_conversation_get_sub_channel (c);
          sub_channel |= sub != NULL;
          g_assert_true (g_strcmp0 (sub, "sms") == 0 || g_strcmp0 (sub, "whatsapp") == 0 ||
                         g_strcmp0 (sub, "teams") == 0);
        }
      if (!g_str_is_ascii (oc_conversation_get_customer_name (c) ? oc_conversation_get_customer_name (c) : ""))
        non_latin = TRUE;
      if (oc_conversation_get_wait_time (c, now) > 300)
        long_wait = TRUE;

      for (guint m = 0; transcript && m < transcript->len; m++)
        {
          OcMessage *message = g_ptr_array_index (transcript, m);

          if (oc_message_get_kind (message) == OC_MESSAGE_KIND_VOICE_TRANSCRIPT)
            {
              g_assert_cmpint (oc_conversation_get_channel (c), ==, OC_CHANNEL_VOICE);
              voice_line = TRUE;
            }
          if (m > 0)
            g_assert_cmpint (oc_message_get_seq (message), ==,
                             oc_message_get_seq (g_ptr_array_index (transcript, m - 1)) + 1);
        }
    }

  g_assert_true (voice_line);
  g_assert_true (sub_channel);
  g_assert_true (non_latin);
  g_assert_true (long_wait);

  g_hash_table_unref (tally.statuses);
}

/* The app's default wait thresholds (the gschema's wait-warning-* and
 * wait-critical-*): chat, messaging, voice. */
static const gint64 default_warning[] = { [OC_CHANNEL_CHAT] = 60, [OC_CHANNEL_MESSAGING] = 600,
                                          [OC_CHANNEL_VOICE] = 30 };
static const gint64 default_critical[] = { [OC_CHANNEL_CHAT] = 180, [OC_CHANNEL_MESSAGING] = 1800,
                                           [OC_CHANNEL_VOICE] = 120 };

/* The demo's floor (oc-application.c's seed and sizes), before any
 * simulated second: waits of minutes with a few past the thresholds,
 * handle times of minutes to about an hour, wrap-ups just begun; only a few
 * messaging threads are hours old. */
static void
test_simulator_prefill (void)
{
  OcServerOptions options = { .seed = 20261125, .conversations = 160, .agents = 80 };
  g_autoptr(OcServer) server = oc_server_new (&options, NULL);
  OcWorld *world = oc_server_get_world (server);
  g_autoptr(GPtrArray) conversations = oc_world_list_conversations (world);
  g_autoptr(GArray) open_waits = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = oc_world_get_now (world);
  guint fine = 0, warning = 0, critical = 0, old_threads = 0, counted[OC_STATUS_CLOSED + 1] = { 0 };

  g_assert_cmpuint (conversations->len, ==, 160);
  assert_capacity_consistent (world);

  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *c = g_ptr_array_index (conversations, i);
      OcStatus status = oc_conversation_get_status (c);
      OcChannel channel = oc_conversation_get_channel (c);
      gint64 created = oc_conversation_get_created_at (c);
      gint64 assigned = oc_conversation_get_first_assigned_at (c);
      gint64 since = oc_conversation_get_status_since (c);

      counted[status]++;
      g_assert_cmpint (channel, >=, OC_CHANNEL_CHAT);
      g_assert_cmpint (channel, <=, OC_CHANNEL_VOICE);
      g_assert_cmpint (created, <=, now);
      g_assert_cmpint (created, >, now - 24 * 3600);
      g_assert_cmpint (since, >=, created);
      g_assert_cmpint (since, <=, now);

      if (oc_conversation_is_waiting (c))
        {
          gint64 wait = oc_conversation_get_wait_time (c, now);
          gint64 spell = now - oc_conversation_get_waiting_since (c);

          /* Minutes; never the hours a day-old created time would give. */
          g_assert_cmpint (spell, >=, 0);
          g_assert_cmpint (spell, <, 3600);
          if (status == OC_STATUS_OPEN)
            g_array_append_val (open_waits, wait);

          if (wait >= default_critical[channel])
            critical++;
          else if (wait >= default_warning[channel])
            warning++;
          else
            fine++;
        }

      if (status == OC_STATUS_OPEN)
        {
          g_assert_cmpint (assigned, ==, 0);
          continue;
        }

      g_assert_cmpint (assigned, >=, created);
      /* Routed, so the queue wait before it was short. */
      g_assert_cmpint (oc_conversation_get_wait_seconds (c), ==, assigned - created);
      g_assert_cmpint (assigned - created, <, default_critical[channel] * 2);

      if (now - assigned > 2 * 3600)
        {
          g_assert_cmpint (channel, ==, OC_CHANNEL_MESSAGING);
          g_assert_cmpint (status, !=, OC_STATUS_WRAP_UP);
          old_threads++;
        }
      if (status == OC_STATUS_WRAP_UP)
        g_assert_cmpint (now - since, <=, 300);
    }

  /* Every status on the floor, most conversations being handled. */
  g_assert_cmpuint (counted[OC_STATUS_OPEN], >, 10);
  g_assert_cmpuint (counted[OC_STATUS_ACTIVE], >, counted[OC_STATUS_OPEN]);
  g_assert_cmpuint (counted[OC_STATUS_WAITING], >, 5);
  g_assert_cmpuint (counted[OC_STATUS_WRAP_UP], >, 2);
  g_assert_cmpuint (old_threads, <=, 5);

  /* Thresholds have something to show, but most waits are fine. */
  g_assert_cmpuint (warning, >, 0);
  g_assert_cmpuint (critical, >, 0);
  g_assert_cmpuint (fine, >, warning + critical);

  /* The typical open conversation arrived a minute or two ago. */
  g_array_sort (open_waits, (GCompareFunc) oc_test_compare_gint64);
  g_assert_cmpint (g_array_index (open_waits, gint64, open_waits->len / 2), <, 300);
}

static gboolean
takes_calls (OcAgent *agent)
{
  return oc_agent_serves_queue (agent, "q-sales") || oc_agent_serves_queue (agent, "q-vip");
}

/* The demo's floor for half an hour: callers (who only available agents
 * may take) are answered within a minute or two, a few wait longer, and
 * none is kept for long; agents who take calls end them, come back from
 * breaks and have room again. */
static void
test_simulator_voice_moves (void)
{
  OcServerOptions options = { .seed = 20261125, .conversations = 160, .agents = 80 };
  g_autoptr(OcServer) server = oc_server_new (&options, NULL);
  OcWorld *world = oc_server_get_world (server);
  g_autoptr(GHashTable) waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) freed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) came_back = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *agents = oc_world_get_agents (world);
  g_autofree OcPresence *before = g_new0 (OcPresence, agents->len);
  gint64 longest_late = 0;

  for (guint a = 0; a < agents->len; a++)
    before[a] = oc_agent_get_presence (g_ptr_array_index (agents, a));

  for (guint step = 1; step <= 180; step++)
    {
      g_autoptr(GPtrArray) conversations = NULL;
      gint64 now;

      oc_server_step (server, 10);
      assert_capacity_consistent (world);
      now = oc_world_get_now (world);
      conversations = oc_world_list_conversations (world);

      for (guint i = 0; i < conversations->len; i++)
        {
          OcConversation *c = g_ptr_array_index (conversations, i);
          const char *id = oc_conversation_get_id (c);

          if (oc_conversation_get_channel (c) != OC_CHANNEL_VOICE)
            continue;
          if (oc_conversation_get_status (c) == OC_STATUS_OPEN)
            {
              g_hash_table_add (waiting, g_strdup (id));
              /* After the first ten minutes, nobody holds for long. */
              if (step > 60)
                longest_late = MAX (longest_late, oc_conversation_get_wait_time (c, now));
            }
          else if (g_hash_table_remove (waiting, id))
            {
              gint64 wait = oc_conversation_get_first_assigned_at (c) - oc_conversation_get_created_at (c);

              g_array_append_val (waits, wait);
            }
        }

      for (guint a = 0; a < agents->len; a++)
        {
          OcAgent *agent = g_ptr_array_index (agents, a);
          OcPresence presence = oc_agent_get_presence (agent);

          if (takes_calls (agent) && presence == OC_PRESENCE_AVAILABLE && oc_agent_get_free_capacity (agent) > 0)
            g_hash_table_add (freed, (gpointer) oc_agent_get_id (agent));
          if (presence == OC_PRESENCE_AVAILABLE && before[a] != OC_PRESENCE_AVAILABLE)
            g_hash_table_add (came_back, (gpointer) oc_agent_get_id (agent));
          before[a] = presence;
        }
    }

  g_array_sort (waits, (GCompareFunc) oc_test_compare_gint64);
  g_test_message ("%u callers answered; waits: median %" G_GINT64_FORMAT " s, 90th %" G_GINT64_FORMAT
                  " s, longest %" G_GINT64_FORMAT " s; longest hold after ten minutes %" G_GINT64_FORMAT " s",
                  waits->len, g_array_index (waits, gint64, waits->len / 2),
                  g_array_index (waits, gint64, waits->len * 9 / 10),
                  g_array_index (waits, gint64, waits->len - 1), longest_late);

  /* Calls keep being answered, typically within a minute or two... */
  g_assert_cmpuint (waits->len, >=, 30);
  g_assert_cmpint (g_array_index (waits, gint64, waits->len / 2), <=, 120);
  g_assert_cmpint (g_array_index (waits, gint64, waits->len * 9 / 10), <=, 360);
  /* ...a few wait longer, but the queue does not pile up. */
  g_assert_cmpint (g_array_index (waits, gint64, waits->len - 1), >, 60);
  g_assert_cmpint (longest_late, <=, 300);
  g_assert_cmpuint (g_hash_table_size (waiting), <=, 10);

  /* Many of the agents who take calls had room for one at some point, and
   * agents come back from breaks and sign in. */
  g_assert_cmpuint (g_hash_table_size (freed), >=, 20);
  g_assert_cmpuint (g_hash_table_size (came_back), >=, 10);
}

typedef struct {
  gint64 last;
  guint  events;
  guint  messages;
} WireCheck;

static void
wire_change (OcWorld    *world,
             gint64      revision,
             GObject    *object,
             const char *removed_id,
             GBytes     *event,
             WireCheck  *check)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) parsed = oc_protocol_parse_event (g_bytes_get_data (event, NULL), g_bytes_get_size (event),
                                                       OC_PROTOCOL_MAX_EVENT_FRAME, &error);

  g_assert_no_error (error);
  g_assert_true (parsed->warnings == NULL || parsed->warnings->len == 0);
  g_assert_cmpint (parsed->revision, ==, revision);
  g_assert_cmpint (parsed->type, !=, OC_EVENT_UNKNOWN);
  if (check->last != 0)
    g_assert_cmpint (revision, ==, check->last + 1);
  check->last = revision;
  check->events++;
}

static void
wire_message (OcWorld        *world,
              OcConversation *conversation,
              OcMessage      *message,
              WireCheck      *check)
{
  g_autoptr(GBytes) frame = oc_world_build_message_frame (message);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) parsed = oc_protocol_parse_event (g_bytes_get_data (frame, NULL), g_bytes_get_size (frame),
                                                       OC_PROTOCOL_MAX_TRANSCRIPT_FRAME, &error);

  g_assert_no_error (error);
  g_assert_cmpint (parsed->type, ==, OC_EVENT_MESSAGE);
  g_assert_cmpstr (oc_message_get_text (parsed->message), ==, oc_message_get_text (message));
  check->messages++;
}

typedef struct {
  OcWorld    *world;
  GHashTable *last;          /* agent id -> OcAgent as last read off the wire */
  guint       presence_moves;
  guint       load_moves;
  guint       presences_seen; /* OC_PRESENCE_BIT mask */
} AgentWire;

/* Every agent.upsert carries presence_since: it moves to the event's time
 * when the presence changes and stays put when only the load does. */
static void
agent_wire_change (OcWorld    *world,
                   gint64      revision,
                   GObject    *object,
                   const char *removed_id,
                   GBytes     *event,
                   AgentWire  *check)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) parsed = NULL;
  OcAgent *before;
  OcAgent *after;

  if (!OC_IS_AGENT (object))
    return;

  parsed = oc_protocol_parse_event (g_bytes_get_data (event, NULL), g_bytes_get_size (event),
                                    OC_PROTOCOL_MAX_EVENT_FRAME, &error);
  g_assert_no_error (error);
  g_assert_cmpint (parsed->type, ==, OC_EVENT_AGENT_UPSERT);
  after = parsed->agent;
  before = g_hash_table_lookup (check->last, oc_agent_get_id (after));
  g_assert_nonnull (before);

  g_assert_cmpint (oc_agent_get_presence_since (after), >, 0);
  g_assert_cmpint (oc_agent_get_presence_since (after), <=, oc_world_get_now (check->world));
  if (oc_agent_get_presence (after) != oc_agent_get_presence (before))
    {
      g_assert_cmpint (oc_agent_get_presence_since (after), ==, oc_world_get_now (check->world));
      check->presence_moves++;
    }
  else
    g_assert_cmpint (oc_agent_get_presence_since (after), ==, oc_agent_get_presence_since (before));
  if (oc_agent_get_capacity_used (after) != oc_agent_get_capacity_used (before))
    check->load_moves++;
  check->presences_seen |= OC_PRESENCE_BIT (oc_agent_get_presence (after));

  g_hash_table_replace (check->last, (gpointer) oc_agent_get_id (after), g_object_ref (after));
}

static void
test_simulator_agent_moves (void)
{
  OcServerOptions options = { .seed = 3, .conversations = 120, .agents = 60 };
  g_autoptr(OcServer) server = oc_server_new (&options, NULL);
  OcWorld *world = oc_server_get_world (server);
  g_autoptr(GBytes) snapshot = oc_world_build_snapshot (world);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcSnapshot) parsed = oc_protocol_parse_snapshot (g_bytes_get_data (snapshot, NULL),
                                                             g_bytes_get_size (snapshot), &error);
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  AgentWire check = { world, last, 0, 0, 0 };

  g_assert_no_error (error);
  g_assert_cmpuint (parsed->agents->len, ==, 60);
  for (guint i = 0; i < parsed->agents->len; i++)
    {
      OcAgent *agent = g_ptr_array_index (parsed->agents, i);

      /* A floor that just opened: everyone entered their presence lately. */
      g_assert_cmpint (oc_agent_get_presence_since (agent), >, oc_world_get_now (world) - 900);
      g_assert_cmpint (oc_agent_get_presence_since (agent), <=, oc_world_get_now (world));
      g_hash_table_insert (last, (gpointer) oc_agent_get_id (agent), g_object_ref (agent));
    }

  g_signal_connect (world, "change", G_CALLBACK (agent_wire_change), &check);
  for (guint minute = 0; minute < 30; minute++)
    oc_server_step (server, 60);

  g_assert_cmpuint (check.presence_moves, >, 20);
  g_assert_cmpuint (check.load_moves, >, 50);
  g_assert_cmpuint (check.presences_seen & OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE), !=, 0);
  g_assert_cmpuint (check.presences_seen & OC_PRESENCE_BIT (OC_PRESENCE_BUSY), !=, 0);
  g_assert_cmpuint (check.presences_seen & OC_PRESENCE_BIT (OC_PRESENCE_AWAY), !=, 0);
}

/* What the simulator produces reads back cleanly with the client's parser. */
static void
test_simulator_wire (void)
{
  OcServerOptions options = { .seed = 9, .conversations = 500 };
  g_autoptr(OcServer) server = oc_server_new (&options, NULL);
  OcWorld *world = oc_server_get_world (server);
  WireCheck check = { 0 };
  g_autoptr(GBytes) snapshot = NULL;
  g_autoptr(OcSnapshot) parsed = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (world, "change", G_CALLBACK (wire_change), &check);
  g_signal_connect (world, "message-added", G_CALLBACK (wire_message), &check);
  oc_server_step (server, 300);
  g_assert_cmpuint (check.events, >, 100);
  g_assert_cmpuint (check.messages, >, 100);

  snapshot = oc_world_build_snapshot (world);
  parsed = oc_protocol_parse_snapshot (g_bytes_get_data (snapshot, NULL), g_bytes_get_size (snapshot), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->warnings->len, ==, 0);
  g_assert_cmpuint (parsed->conversations->len, ==, oc_world_get_n_conversations (world));
  g_assert_cmpint (parsed->revision, ==, oc_world_get_revision (world));
}

static void
test_expire (Fixture       *f,
             gconstpointer  data)
{
  Tally tally = { 0 };
  OcConversation *old;

  fixture_add_floor (f);
  old = fixture_add_conversation (f, "c-old", OC_STATUS_OPEN, "q-t1", NULL);
  /* Made now, but dated a day minus five seconds ago: created_at is fixed. */
  g_object_ref (old);
  oc_world_remove_conversation (f->world, old, "closed");
  oc_conversation_set_status (old, OC_STATUS_OPEN);
  oc_conversation_set_created_at (old, oc_world_get_now (f->world) - OC_WORLD_MAX_AGE + 5);
  oc_world_put_conversation (f->world, old);
  g_object_unref (old);

  g_signal_connect (f->world, "conversation-removed", G_CALLBACK (tally_removed), &tally);
  oc_server_step (f->server, 3);
  g_assert_nonnull (oc_world_lookup_conversation (f->world, "c-old"));
  g_assert_cmpuint (tally.expired, ==, 0);

  {
    g_autoptr(Socket) s = socket_open (f, "/api/v1/events", f->viewer);
    g_autoptr(OcEvent) hello = socket_next_change (s, 5);
    g_autoptr(OcEvent) removed = NULL;

    oc_server_step (f->server, 5);
    g_assert_null (oc_world_lookup_conversation (f->world, "c-old"));
    g_assert_cmpuint (tally.expired, ==, 1);
    removed = socket_next_change (s, 5);
    g_assert_cmpint (removed->type, ==, OC_EVENT_CONVERSATION_REMOVED);
    g_assert_cmpstr (removed->id, ==, "c-old");
    g_assert_cmpstr (removed->reason, ==, "expired");
  }

  /* The others are a minute old and stay. */
  g_assert_nonnull (oc_world_lookup_conversation (f->world, "c-active"));
}

static void
test_state_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("oc-server-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "state.db", NULL);
  OcServerOptions options = { .seed = 3, .conversations = 30, .state_file = path };
  Fixture f = { 0 };
  g_autoptr(Reply) first = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *conversation_id = NULL;
  gint64 revision, last_seq;
  g_autofree char *users_path = g_build_filename (dir, "users", NULL);
  g_autofree char *line = NULL;

  /* The same token before and after the restart: a users file. */
  line = g_strdup_printf ("sam supervisor %s\n",
                          "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"); /* "foo" */
  g_assert_true (g_file_set_contents (users_path, line, -1, NULL));
  options.users_file = users_path;

  fixture_start (&f, &options);
  oc_server_step (f.server, 120);

  /* Pick an open conversation and an agent who can take it. */
  {
    g_autoptr(GPtrArray) conversations = oc_world_list_conversations (f.world);
    GPtrArray *agents = oc_world_get_agents (f.world);
    g_autofree char *path_assign = NULL;
    g_autofree char *body = NULL;

    for (guint i = 0; i < conversations->len && conversation_id == NULL; i++)
      {
        OcConversation *c = g_ptr_array_index (conversations, i);

        if (oc_conversation_get_status (c) != OC_STATUS_OPEN)
          continue;
        for (guint a = 0; a < agents->len && body == NULL; a++)
          if (oc_world_agent_can_take (f.world, g_ptr_array_index (agents, a), c, NULL))
            {
              conversation_id = g_strdup (oc_conversation_get_id (c));
              body = g_strdup_printf ("{\"agent_id\": \"%s\"}", oc_agent_get_id (g_ptr_array_index (agents, a)));
            }
      }
    g_assert_nonnull (conversation_id);

    path_assign = g_strdup_printf ("/api/v1/conversations/%s/assign", conversation_id);
    first = request (&f, "POST", path_assign, "foo", body, -1, "restart-key");
    g_assert_cmpuint (first->status, ==, 200);
  }

  {
    g_autofree char *join = g_strdup_printf ("/api/v1/conversations/%s/join", conversation_id);
    g_autoptr(Reply) reply = post (&f, join, "foo", "{}");
    g_assert_cmpuint (reply->status, ==, 200);
  }

  revision = oc_world_get_revision (f.world);
  last_seq = oc_world_get_last_seq (f.world, conversation_id);
  before = describe_world (f.world);
  fixture_stop (&f);

  /* Another seed: the saved world wins over a new one. */
  options.seed = 4;
  fixture_start (&f, &options);
  after = describe_world (f.world);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (oc_world_get_revision (f.world), ==, revision);
  g_assert_cmpint (oc_world_get_last_seq (f.world, conversation_id), ==, last_seq);

  /* The retry gets the first answer; joined survived; the log replays. */
  {
    g_autofree char *path_assign = g_strdup_printf ("/api/v1/conversations/%s/assign", conversation_id);
    g_autofree char *say = g_strdup_printf ("/api/v1/conversations/%s/messages", conversation_id);
    g_autofree char *since = g_strdup_printf ("/api/v1/events?since=%" G_GINT64_FORMAT, revision - 3);
    g_autoptr(Reply) retry = request (&f, "POST", path_assign, "foo", "{\"agent_id\": \"x\"}", -1, "restart-key");
    g_autoptr(Reply) message = post (&f, say, "foo", "{\"text\": \"still here\"}");
    g_autoptr(Socket) s = socket_open (&f, since, "foo");
    g_autoptr(OcEvent) hello = socket_next_change (s, 5);

    g_assert_cmpuint (retry->status, ==, 200);
    g_assert_cmpstr (reply_text (retry), ==, reply_text (first));
    g_assert_cmpuint (message->status, ==, 200);
    for (gint64 r = revision - 2; r <= revision; r++)
      {
        g_autoptr(OcEvent) event = socket_next_change (s, 5);
        g_assert_cmpint (event->revision, ==, r);
      }
  }

  /* Time goes on from the saved world. */
  oc_server_step (f.server, 60);
  g_assert_cmpint (oc_world_get_revision (f.world), >, revision);
  fixture_stop (&f);

  g_clear_object (&f.session);
  g_remove (path);
  g_remove (users_path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
}

static void
test_users_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("oc-users-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "users", NULL);
  const char *bad[] = {
    "sam supervisor\n",
    "sam boss 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n",
    "sam supervisor 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7a\n",
    "sam supervisor zz26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n",
  };
  g_autoptr(OcUsers) users = oc_users_new ();
  g_autoptr(GError) error = NULL;
  OcRole role = OC_ROLE_UNKNOWN;

  g_assert_true (g_file_set_contents (path,
                                      "# comment\n\n"
                                      "sam\tsupervisor 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n"
                                      "  wall viewer FCDE2B2EDBA56BF408601FB721FE9B5C338D10EE429EA04FAE5511B68FBF8FB9  \n",
                                      -1, NULL));
  g_assert_true (oc_users_load_file (users, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (oc_users_get_count (users), ==, 2);
  g_assert_cmpstr (oc_users_check (users, "foo", &role), ==, "sam");
  g_assert_cmpint (role, ==, OC_ROLE_SUPERVISOR);
  g_assert_cmpstr (oc_users_check (users, "bar", &role), ==, "wall");
  g_assert_cmpint (role, ==, OC_ROLE_VIEWER);
  g_assert_null (oc_users_check (users, "baz", NULL));
  g_assert_null (oc_users_check (users, "", NULL));
  g_assert_null (oc_users_check (users, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(OcUsers) other = oc_users_new ();
      g_autoptr(GError) line_error = NULL;
      OcServerOptions options = { .users_file = path };
      g_autoptr(OcServer) server = NULL;
      g_autoptr(GError) server_error = NULL;

      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      g_assert_false (oc_users_load_file (other, path, &line_error));
      g_assert_nonnull (strstr (line_error->message, "line 1"));
      g_assert_cmpuint (oc_users_get_count (other), ==, 0);

      server = oc_server_new (&options, &server_error);
      g_assert_null (server);
      g_assert_nonnull (server_error);
    }

  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/simulator/deterministic", test_deterministic);
  g_test_add_func ("/server/simulator/story", test_simulator_story);
  g_test_add_func ("/server/simulator/hostile-text", test_simulator_hostile_text);
  g_test_add_func ("/server/simulator/prefill", test_simulator_prefill);
  g_test_add_func ("/server/simulator/wire", test_simulator_wire);
  g_test_add_func ("/server/simulator/voice-moves", test_simulator_voice_moves);
  g_test_add_func ("/server/simulator/agent-moves", test_simulator_agent_moves);
  g_test_add ("/server/expire", Fixture, NULL, fixture_setup, test_expire, fixture_teardown);
  g_test_add_func ("/server/state/restart", test_state_restart);
  g_test_add_func ("/server/users-file", test_users_file);

  return g_test_run ();
}
