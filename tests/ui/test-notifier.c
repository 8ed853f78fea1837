// SPDX-License-Identifier: GPL-3.0-or-later
/* Desktop notifications (#21): grouped, at most one a minute per kind, none
 * for the row being looked at, none when the preference is off, again once
 * a conversation crosses again; the click names the conversation. */
#include "config.h"

#include <gtk/gtk.h>
#include <unistd.h>

#include "oc-notifier.h"
#include "oc-test-util.h"
#include "store-test-util.h"

#define T0 G_GINT64_CONSTANT (1764000000)

typedef struct {
  char  *id;
  char  *title;
  char  *first;
  guint  count;
  gint64 at;     /* the store's clock when it went out */
} Sent;

typedef struct {
  OcConversationStore *store;
  GSettings           *settings;
  OcNotifier          *notifier;
  GPtrArray           *sent;      /* Sent */
  gint64               now;
  gint64               revision;
  OcConversation      *focused;
  gboolean             real_time; /* the clock runs: the notifier's timer acts */
} Fixture;

static void
sent_free (gpointer data)
{
  Sent *sent = data;

  g_free (sent->id);
  g_free (sent->title);
  g_free (sent->first);
  g_free (sent);
}

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->real_time ? g_get_real_time () / G_USEC_PER_SEC : f->now;
}

static void
catch_send (const char    *id,
            GNotification *notification,
            const char    *title,
            const char    *first_id,
            guint          count,
            gpointer       user_data)
{
  Fixture *f = user_data;
  Sent *sent = g_new0 (Sent, 1);

  sent->id = g_strdup (id);
  sent->first = g_strdup (first_id);
  sent->count = count;
  sent->title = g_strdup (title);
  sent->at = oc_conversation_store_now (f->store);
  g_ptr_array_add (f->sent, sent);
}

static OcConversation *
focus_cb (gpointer user_data)
{
  return ((Fixture *) user_data)->focused;
}

/* A chat conversation waiting @waited seconds now. */
static void
add_waiting (Fixture    *f,
             const char *id,
             gint64      waited,
             OcSentiment sentiment)
{
  GPtrArray *events = g_ptr_array_new ();
  OcConversation *c = test_conversation_new (id, OC_STATUS_OPEN, "q-00", NULL, f->now - waited);

  oc_conversation_set_waiting_since (c, f->now - waited);
  oc_conversation_set_sentiment (c, sentiment);
  oc_conversation_set_customer_name (c, "<b>Zoë</b>");
  g_ptr_array_add (events, test_event_upsert (++f->revision, c));
  test_apply (f->store, events);
}

static void
assign (Fixture    *f,
        const char *id)
{
  GPtrArray *events = g_ptr_array_new ();
  OcConversation *c = test_conversation_copy (oc_conversation_store_lookup (f->store, id));

  oc_conversation_set_status (c, OC_STATUS_ACTIVE);
  oc_conversation_set_agent_id (c, "a-1");
  oc_conversation_set_waiting_since (c, 0);
  oc_conversation_set_wait_seconds (c, 0);
  g_ptr_array_add (events, test_event_upsert (++f->revision, c));
  test_apply (f->store, events);
}

static Sent *
last_sent (Fixture *f)
{
  g_assert_cmpuint (f->sent->len, >, 0);
  return g_ptr_array_index (f->sent, f->sent->len - 1);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(OcSnapshot) snapshot = test_snapshot_new (1);

  oc_test_reset_settings (APP_ID);
  f->settings = g_settings_new (APP_ID);
  g_settings_set_uint (f->settings, "wait-critical-chat", 180);
  f->now = T0;
  f->revision = 1;
  f->store = oc_conversation_store_new ();
  oc_conversation_store_set_clock (f->store, fixture_clock, f);
  snapshot->server_time = T0;
  test_snapshot_add_queues (snapshot, 1);
  oc_conversation_store_load_snapshot (f->store, snapshot);
  f->sent = g_ptr_array_new_with_free_func (sent_free);
  f->notifier = oc_notifier_new (NULL, f->store, f->settings);
  oc_notifier_set_send_func (f->notifier, catch_send, f);
  oc_notifier_set_focus_func (f->notifier, focus_cb, f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->notifier);
  g_clear_object (&f->store);
  g_clear_object (&f->settings);
  g_ptr_array_unref (f->sent);
}

/* Five past the critical wait at once: one notification saying five; one
 * more ten seconds later waits for the minute to pass, then is told alone. */
static void
test_group_and_rate_limit (Fixture       *f,
                           gconstpointer  data)
{
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 0);

  add_waiting (f, "c-1", 100, OC_SENTIMENT_NEUTRAL);  /* under: not yet */
  for (guint i = 2; i <= 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%u", i);

      add_waiting (f, id, 200 + i, OC_SENTIMENT_NEUTRAL);
    }
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpstr (last_sent (f)->id, ==, "critical-wait");
  g_assert_cmpuint (last_sent (f)->count, ==, 5);
  g_assert_cmpstr (last_sent (f)->title, ==, "5 conversations over the critical wait");
  g_assert_cmpstr (last_sent (f)->first, ==, "c-2");

  /* The same five again: nothing new. */
  f->now += 10;
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 1);

  /* c-1 crosses 80 s later; the minute since the last is over by then. */
  f->now = T0 + 30;
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 1);
  f->now = T0 + 81;
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 2);
  g_assert_cmpuint (last_sent (f)->count, ==, 1);
  g_assert_cmpstr (last_sent (f)->first, ==, "c-1");
  g_assert_cmpstr (last_sent (f)->title, ==, "A conversation is over the critical wait");
}

/* Within the minute, what crosses waits and goes out together after. */
static void
test_held_back_then_grouped (Fixture       *f,
                             gconstpointer  data)
{
  add_waiting (f, "c-1", 300, OC_SENTIMENT_NEUTRAL);
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 1);

  f->now += 20;
  add_waiting (f, "c-2", 300, OC_SENTIMENT_NEUTRAL);
  oc_notifier_check (f->notifier);
  f->now += 20;
  add_waiting (f, "c-3", 300, OC_SENTIMENT_NEUTRAL);
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 1);

  f->now += 20;
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 2);
  g_assert_cmpuint (last_sent (f)->count, ==, 2);
  g_assert_cmpstr (last_sent (f)->first, ==, "c-2");
}

/* The row the supervisor is looking at never notifies. */
static void
test_focused_row (Fixture       *f,
                  gconstpointer  data)
{
  add_waiting (f, "c-1", 300, OC_SENTIMENT_NEUTRAL);
  add_waiting (f, "c-2", 300, OC_SENTIMENT_NEUTRAL);
  f->focused = oc_conversation_store_lookup (f->store, "c-1");
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpuint (last_sent (f)->count, ==, 1);
  g_assert_cmpstr (last_sent (f)->first, ==, "c-2");

  /* Looked away later: it was seen, not told again. */
  f->focused = NULL;
  f->now += 120;
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 1);
}

/* Sentiment is its own kind; each kind can be turned off. */
static void
test_kinds_and_preferences (Fixture       *f,
                            gconstpointer  data)
{
  g_settings_set_boolean (f->settings, "notify-critical-wait", FALSE);
  add_waiting (f, "c-1", 300, OC_SENTIMENT_NEUTRAL);
  add_waiting (f, "c-2", 10, OC_SENTIMENT_VERY_NEGATIVE);
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpstr (last_sent (f)->id, ==, "negative-sentiment");
  g_assert_cmpstr (last_sent (f)->title, ==, "A customer is very unhappy");
  g_assert_cmpstr (last_sent (f)->first, ==, "c-2");

  g_settings_set_boolean (f->settings, "notify-negative-sentiment", FALSE);
  add_waiting (f, "c-3", 10, OC_SENTIMENT_VERY_NEGATIVE);
  f->now += 120;
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 1);
}

/* Taken by an agent, then waiting past the limit again: told again. */
static void
test_crosses_again (Fixture       *f,
                    gconstpointer  data)
{
  add_waiting (f, "c-1", 300, OC_SENTIMENT_NEUTRAL);
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 1);

  assign (f, "c-1");
  f->now += 5;
  oc_notifier_check (f->notifier);
  add_waiting (f, "c-1", 400, OC_SENTIMENT_NEUTRAL);
  f->now += 60;
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 2);
  g_assert_cmpstr (last_sent (f)->first, ==, "c-1");
}

static gboolean
something_sent (gpointer data)
{
  return ((Fixture *) data)->sent->len > 0;
}

/* A wait reaches its channel's critical limit at an instant known when it
 * starts: the notifier's own timer tells it then, with nobody scanning or
 * calling oc_notifier_check(), and then waits for the next such instant. */
static void
test_crossing_on_time (Fixture       *f,
                       gconstpointer  data)
{
  gint64 crossing;

  f->real_time = TRUE;
  f->now = oc_conversation_store_now (f->store);
  add_waiting (f, "c-1", 178, OC_SENTIMENT_NEUTRAL);  /* at 180 in two seconds */
  add_waiting (f, "c-2", 10, OC_SENTIMENT_NEUTRAL);
  crossing = f->now + 2;
  g_assert_cmpuint (f->sent->len, ==, 0);
  g_assert_cmpint (oc_notifier_get_next_wakeup (f->notifier), ==, crossing);

  g_assert_true (oc_test_wait_until (something_sent, f, 10000));
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpint (last_sent (f)->at, ==, crossing);
  g_assert_cmpstr (last_sent (f)->first, ==, "c-1");
  g_assert_cmpuint (last_sent (f)->count, ==, 1);
  /* Next: c-2's instant, 170 s on; nothing else is due. */
  g_assert_cmpint (oc_notifier_get_next_wakeup (f->notifier), ==, f->now + 170);

  /* Taken by an agent: its instant is dropped, nothing is due at all. */
  assign (f, "c-2");
  g_assert_cmpint (oc_notifier_get_next_wakeup (f->notifier), ==, 0);
}

/* A change from the store (sentiment turning very negative) is told by
 * itself a moment later, grouped with what comes with it. */
static void
test_change_told_by_itself (Fixture       *f,
                            gconstpointer  data)
{
  f->real_time = TRUE;
  f->now = oc_conversation_store_now (f->store);
  add_waiting (f, "c-1", 10, OC_SENTIMENT_VERY_NEGATIVE);
  add_waiting (f, "c-2", 10, OC_SENTIMENT_VERY_NEGATIVE);
  g_assert_cmpuint (f->sent->len, ==, 0);

  g_assert_true (oc_test_wait_until (something_sent, f, 10000));
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpstr (last_sent (f)->id, ==, "negative-sentiment");
  g_assert_cmpuint (last_sent (f)->count, ==, 2);
}

/* The ids it keeps of what crossed are its own, not interned for the whole
 * process: a day's conversations come and go, and what they leave must go
 * with them. Once they are gone, one that comes back is told again. */
static void
test_ids_let_go (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first = g_strdup_printf ("c-let-go-%d", (int) getpid ());

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = i == 0 ? g_strdup (first) : g_strdup_printf ("%s-%u", first, i);

      add_waiting (f, id, 300, OC_SENTIMENT_VERY_NEGATIVE);
    }
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 2);
  g_assert_cmpuint (last_sent (f)->count, ==, 300);
  g_assert_true (g_quark_try_string (first) == 0);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = i == 0 ? g_strdup (first) : g_strdup_printf ("%s-%u", first, i);
      GPtrArray *events = g_ptr_array_new ();

      g_ptr_array_add (events, test_event_removed (++f->revision, id, "closed"));
      test_apply (f->store, events);
    }
  g_assert_true (g_quark_try_string (first) == 0);

  f->now += 120;
  add_waiting (f, first, 300, OC_SENTIMENT_NEUTRAL);
  oc_notifier_check (f->notifier);
  g_assert_cmpuint (f->sent->len, ==, 3);
  g_assert_cmpstr (last_sent (f)->first, ==, first);
  g_assert_cmpuint (last_sent (f)->count, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/notifier/group-and-rate-limit", test_group_and_rate_limit);
  ADD ("/notifier/held-back-then-grouped", test_held_back_then_grouped);
  ADD ("/notifier/focused-row", test_focused_row);
  ADD ("/notifier/kinds-and-preferences", test_kinds_and_preferences);
  ADD ("/notifier/crosses-again", test_crosses_again);
  ADD ("/notifier/crossing-on-time", test_crossing_on_time);
  ADD ("/notifier/change-told-by-itself", test_change_told_by_itself);
  ADD ("/notifier/ids-let-go", test_ids_let_go);
#undef ADD

  return g_test_run ();
}
