// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "bench-util.h"
#include "oc-notifier.h"
#include "store-test-util.h"

/* The notifier over 100,000 conversations, most of them waiting, fed at the
 * report's rate (5,000 events/s in frames of 80): what a frame costs with
 * the notifier following the store against the store alone, what building
 * it costs, and what a second of the clock costs (the waits that reach
 * their limit in it). Prints, asserts nothing about time. */

#define N_CONVERSATIONS 100000
#define FRAME_EVENTS    80
#define N_FRAMES        1000

static gint64 now = G_GINT64_CONSTANT (1764000000);

static gint64
bench_clock (gpointer user_data)
{
  return now;
}

static void
count_sent (const char *id, GNotification *notification, const char *title,
            const char *first_id, guint count, gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* Open and waiting for up to ten minutes, or with an agent. */
static void
shuffle (GRand          *rand,
         OcConversation *c)
{
  gboolean waiting = g_rand_int_range (rand, 0, 3) > 0;

  oc_conversation_set_status (c, waiting ? OC_STATUS_OPEN : OC_STATUS_ACTIVE);
  oc_conversation_set_agent_id (c, waiting ? NULL : "a-1");
  oc_conversation_set_channel (c, g_rand_int_range (rand, OC_CHANNEL_CHAT, OC_CHANNEL_VOICE + 1));
  oc_conversation_set_waiting_since (c, waiting ? now - g_rand_int_range (rand, 0, 600) : 0);
  oc_conversation_set_sentiment (c, g_rand_int_range (rand, 0, 1000) == 0 ? OC_SENTIMENT_VERY_NEGATIVE
                                                                          : OC_SENTIMENT_NEUTRAL);
}

static double
run_frames (OcConversationStore *store,
            GRand               *rand,
            gint64              *revision)
{
  double total = 0;

  for (guint frame = 0; frame < N_FRAMES; frame++)
    {
      GPtrArray *events = g_ptr_array_new ();
      double start;

      for (guint i = 0; i < FRAME_EVENTS; i++)
        {
          g_autofree char *id = g_strdup_printf ("c-%06d", g_rand_int_range (rand, 0, N_CONVERSATIONS));
          OcConversation *c = test_conversation_copy (oc_conversation_store_lookup (store, id));

          shuffle (rand, c);
          g_ptr_array_add (events, test_event_upsert (++*revision, c));
        }
      start = oc_bench_cpu_ms ();
      test_apply (store, events);
      total += oc_bench_cpu_ms () - start;
    }
  return total / N_FRAMES;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (21);
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(OcNotifier) notifier = NULL;
  OcSnapshot *snapshot = test_snapshot_new (1);
  gint64 revision = 1;
  double alone, followed, start, built, seconds_ms = 0;
  guint sent = 0;

  settings = g_settings_new (APP_ID);
  oc_conversation_store_set_clock (store, bench_clock, NULL);
  test_snapshot_add_queues (snapshot, 20);
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%06u", i);
      OcConversation *c = test_conversation_new (id, OC_STATUS_OPEN, "q-00", NULL, now - 3600);

      shuffle (rand, c);
      g_ptr_array_add (snapshot->conversations, c);
    }
  oc_conversation_store_load_snapshot (store, snapshot);
  test_snapshot_free (snapshot);

  alone = run_frames (store, rand, &revision);

  start = oc_bench_cpu_ms ();
  notifier = oc_notifier_new (NULL, store, settings);
  built = oc_bench_cpu_ms () - start;
  oc_notifier_set_send_func (notifier, count_sent, &sent);

  followed = run_frames (store, rand, &revision);

  /* Ten minutes of the clock, a second at a time. */
  for (guint s = 0; s < 600; s++)
    {
      now++;
      start = oc_bench_cpu_ms ();
      oc_notifier_check (notifier);
      seconds_ms += oc_bench_cpu_ms () - start;
    }

  {
    g_autofree char *line =
      g_strdup_printf ("notifier over %u conversations: built in %.1f ms; a frame of %u events %.3f ms with it, "
                       "%.3f ms without (%.1f %% of a core more at 5,000 events/s); a second of the clock %.3f ms; "
                       "%u notifications",
                       N_CONVERSATIONS, built, FRAME_EVENTS, followed, alone,
                       (followed - alone) * (5000.0 / FRAME_EVENTS) / 10, seconds_ms / 600, sent);
    oc_bench_print_load (line);
  }
  return 0;
}
