// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "oc-client.h"
#include "oc-server.h"
#include "source-test-util.h"
#include "wallboard-test-util.h"

/* What the wallboard shows: tiles that match the store, every attention row
 * in turn, and a banner when the data is not live. */

/* Tiles --------------------------------------------------------------------- */

static void
assert_tile (OcWallboardWindow *window,
             const char        *name,
             guint              expected)
{
  OcWallboardTile *tile = oc_wallboard_window_get_tile (window, name);
  g_autofree char *value = g_strdup_printf ("%u", expected);
  g_autofree char *spoken = NULL;

  g_assert_nonnull (tile);
  g_assert_cmpstr (oc_wallboard_tile_get_value (tile), ==, value);
  spoken = g_strdup_printf ("%s: %s", oc_wallboard_tile_get_title (tile), value);
  g_assert_true (g_str_has_prefix (oc_wallboard_tile_get_accessible_text (tile), spoken));
}

static void
test_tiles_match_store (void)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint by_status[OC_STATUS_CLOSED + 1] = { 0 };
  guint by_channel[OC_CHANNEL_VOICE + 1] = { 0 };
  guint billing_by_status[OC_STATUS_CLOSED + 1] = { 0 };
  guint over_warning = 0, over_critical = 0, negative = 0, flagged = 0;
  /* Each channel its own limits, as the report has them. */
  const gint64 warning[] = { [OC_CHANNEL_CHAT] = 60, [OC_CHANNEL_MESSAGING] = 300, [OC_CHANNEL_VOICE] = 30 };
  const gint64 critical[] = { [OC_CHANNEL_CHAT] = 180, [OC_CHANNEL_MESSAGING] = 900, [OC_CHANNEL_VOICE] = 120 };
  OcWallboardWindow *window;
  OcWallboardTile *tile;

  g_settings_set_uint (settings, "wait-warning-chat", 60);
  g_settings_set_uint (settings, "wait-critical-chat", 180);
  g_settings_set_uint (settings, "wait-warning-messaging", 300);
  g_settings_set_uint (settings, "wait-critical-messaging", 900);
  g_settings_set_uint (settings, "wait-warning-voice", 30);
  g_settings_set_uint (settings, "wait-critical-voice", 120);

  /* A floor of 60 conversations, every mix of status, channel, queue, wait
   * and sentiment; the expected counts are kept here by hand. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%02u", i);
      OcStatus status = OC_STATUS_OPEN + i % 4;
      OcChannel channel = OC_CHANNEL_CHAT + i % 3;
      const char *queue = i % 5 == 0 ? "q-sales" : "q-billing";
      gboolean waits = status == OC_STATUS_OPEN || status == OC_STATUS_WAITING;
      gint64 waited = waits ? (gint64) i * 7 : -1;
      OcSentiment sentiment = OC_SENTIMENT_VERY_NEGATIVE + i % 7;

      g_ptr_array_add (conversations, wb_conversation_new (id, status, channel, queue, waited, sentiment));
      /* Some agents ask for help; one flag was raised and lowered again. */
      if (i % 11 == 0)
        {
          oc_conversation_set_flag (g_ptr_array_index (conversations, i), "Customer asks for a manager",
                                    1700000000, i == 0 ? 1700000100 : 0, i == 0 ? "sam" : NULL);
          if (i != 0)
            flagged++;
        }
      by_status[status]++;
      by_channel[channel]++;
      if (g_str_equal (queue, "q-billing"))
        billing_by_status[status]++;
      if (waits && waited >= warning[channel])
        over_warning++;
      if (waits && waited >= critical[channel])
        over_critical++;
      if (oc_sentiment_is_negative (sentiment))
        negative++;
    }
  store = wb_store_new (conversations);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 60);

  window = wb_window_new (store);
  oc_wallboard_window_refresh (window);

  assert_tile (window, "open", by_status[OC_STATUS_OPEN]);
  assert_tile (window, "active", by_status[OC_STATUS_ACTIVE]);
  assert_tile (window, "waiting", by_status[OC_STATUS_WAITING]);
  assert_tile (window, "wrap-up", by_status[OC_STATUS_WRAP_UP]);
  assert_tile (window, "chat", by_channel[OC_CHANNEL_CHAT]);
  assert_tile (window, "messaging", by_channel[OC_CHANNEL_MESSAGING]);
  assert_tile (window, "voice", by_channel[OC_CHANNEL_VOICE]);
  assert_tile (window, "over-threshold", over_warning);
  assert_tile (window, "negative", negative);
  g_assert_cmpuint (flagged, ==, 5);
  assert_tile (window, "help-flags", flagged);
  /* A chat at 3:00 and a message at 6:46 are not alike: no one limit to name. */
  tile = oc_wallboard_window_get_tile (window, "over-threshold");
  g_assert_cmpstr (oc_wallboard_tile_get_title (tile), ==, "Over Wait Threshold");
  {
    g_autofree char *detail = g_strdup_printf ("%u critical", over_critical);
    g_assert_cmpstr (oc_wallboard_tile_get_detail (tile), ==, detail);
  }
  /* Voice at 0:35 is over its 0:30, chat at 0:42 is not over its 1:00. */
  g_assert_cmpuint (over_warning, <, 30);
  g_assert_cmpuint (over_critical, >, 0);

  /* i = 58 waits longest: 58 * 7 = 406 s, a message: past its warning
   * (5:00) but not its critical (15:00), though a chat that long would be. */
  tile = oc_wallboard_window_get_tile (window, "longest-wait");
  g_assert_cmpstr (oc_wallboard_tile_get_value (tile), ==, "6:46");
  g_assert_cmpint (oc_wallboard_tile_get_level (tile), ==, OC_WALLBOARD_LEVEL_WARNING);

  /* The attention list puts the critical ones (chat and voice) first, each
   * judged by its own channel. */
  {
    g_autoptr(OcWallboardStats) stats = NULL;
    OcWallboardFilter filter = { .max_attention = 100 };
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    oc_wait_thresholds_load (&filter.thresholds, settings);
    for (guint i = 0; i < conversations->len; i++)
      g_ptr_array_add (rows, g_ptr_array_index (conversations, i));
    stats = oc_wallboard_stats_compute ((OcConversation * const *) rows->pdata, rows->len, &filter, wb_now);
    g_assert_cmpuint (stats->over_warning, ==, over_warning);
    g_assert_cmpuint (stats->over_critical, ==, over_critical);
    g_assert_cmpint (oc_wallboard_attention_of (&filter, g_ptr_array_index (stats->attention, 0), wb_now),
                     ==, OC_ATTENTION_CRITICAL);
    g_assert_cmpint (oc_conversation_get_channel (g_ptr_array_index (stats->attention, 0)), !=,
                     OC_CHANNEL_MESSAGING);
  }

  /* The clock runs: the figures follow at the next refresh. */
  wb_now += 60;
  oc_wallboard_window_refresh (window);
  g_assert_cmpstr (oc_wallboard_tile_get_value (tile), ==, "7:46");

  /* A tighter limit for messaging moves the same wait to critical. */
  g_settings_set_uint (settings, "wait-critical-messaging", 400);
  wb_drain ();
  oc_wallboard_window_refresh (window);
  g_assert_cmpint (oc_wallboard_tile_get_level (tile), ==, OC_WALLBOARD_LEVEL_CRITICAL);

  /* Chat alone: its limits are named on the tile. */
  g_settings_set_strv (settings, "kiosk-channels", (const char *[]) { "chat", NULL });
  wb_drain ();
  tile = oc_wallboard_window_get_tile (window, "over-threshold");
  g_assert_cmpstr (oc_wallboard_tile_get_title (tile), ==, "Waiting over 1:00");
  g_assert_true (g_str_has_suffix (oc_wallboard_tile_get_detail (tile), " over 3:00"));
  tile = oc_wallboard_window_get_tile (window, "longest-wait");

  /* One queue, voice hidden. */
  g_settings_set_strv (settings, "kiosk-queues", (const char *[]) { "q-billing", NULL });
  g_settings_set_strv (settings, "kiosk-channels", (const char *[]) { "chat", "messaging", NULL });
  wb_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (oc_wallboard_window_get_tile (window, "voice"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (oc_wallboard_window_get_tile (window, "chat"))));

  g_settings_set_strv (settings, "kiosk-channels", (const char *[]) { NULL });
  wb_drain ();
  assert_tile (window, "open", billing_by_status[OC_STATUS_OPEN]);
  assert_tile (window, "active", billing_by_status[OC_STATUS_ACTIVE]);
  assert_tile (window, "waiting", billing_by_status[OC_STATUS_WAITING]);
  assert_tile (window, "wrap-up", billing_by_status[OC_STATUS_WRAP_UP]);

  g_settings_reset (settings, "kiosk-queues");
  g_settings_reset (settings, "kiosk-channels");
  g_settings_reset (settings, "wait-critical-messaging");
  wb_now = WB_T0;
  gtk_window_destroy (GTK_WINDOW (window));
  wb_drain ();
}

static void
test_tiles_no_data (void)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = wb_store_new (conversations);
  OcWallboardWindow *window = wb_window_new (store);

  /* Nothing heard yet: no zeros that would claim a quiet floor. */
  oc_wallboard_window_refresh (window);
  g_assert_cmpstr (oc_wallboard_tile_get_value (oc_wallboard_window_get_tile (window, "open")), ==, "—");
  g_assert_cmpstr (oc_wallboard_tile_get_value (oc_wallboard_window_get_tile (window, "longest-wait")), ==, "—");
  g_assert_true (oc_wallboard_window_get_stale (window));
  g_assert_cmpstr (oc_wallboard_window_get_banner_text (window), ==, "Connecting to the server…");

  gtk_window_destroy (GTK_WINDOW (window));
  wb_drain ();
}

/* The optional agents tile: off by default; on, it counts the agents of the
 * wallboard's queues by presence, live. */
static OcAgent *
agent_new (const char *id,
           OcPresence  presence,
           const char *queue)
{
  const char *queues[] = { queue, NULL };
  OcAgent *agent = oc_agent_new (id);

  oc_agent_set_name (agent, id);
  oc_agent_set_presence (agent, presence);
  oc_agent_set_capacity_total (agent, 3);
  oc_agent_set_queue_ids (agent, queues);
  return agent;
}

static void
test_agents_tile (void)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  static const struct { const char *id; OcPresence presence; const char *queue; } floor[] = {
    { "a1", OC_PRESENCE_AVAILABLE, "q-billing" }, { "a2", OC_PRESENCE_AVAILABLE, "q-sales" },
    { "a3", OC_PRESENCE_BUSY, "q-billing" },      { "a4", OC_PRESENCE_BUSY_DND, "q-billing" },
    { "a5", OC_PRESENCE_AWAY, "q-sales" },        { "a6", OC_PRESENCE_OFFLINE, "q-billing" },
  };
  const char *sales[] = { "q-sales", NULL };
  GPtrArray *events = g_ptr_array_new ();  /* test_apply takes it */
  OcWallboardWindow *window;
  OcWallboardTile *tile;

  g_ptr_array_add (conversations, wb_conversation_new ("c1", OC_STATUS_OPEN, OC_CHANNEL_CHAT, "q-billing", 10,
                                                       OC_SENTIMENT_NEUTRAL));
  store = wb_store_new (conversations);
  for (guint i = 0; i < G_N_ELEMENTS (floor); i++)
    g_ptr_array_add (events, test_event_agent (oc_conversation_store_get_revision (store) + 1 + i,
                                               agent_new (floor[i].id, floor[i].presence, floor[i].queue)));
  test_apply (store, events);
  window = wb_window_new (store);

  oc_wallboard_window_refresh (window);
  tile = oc_wallboard_window_get_tile (window, "agents");
  g_assert_nonnull (tile);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (tile)));

  g_settings_set_boolean (settings, "kiosk-agents-tile", TRUE);
  wb_drain ();
  oc_wallboard_window_refresh (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (tile)));
  g_assert_cmpstr (oc_wallboard_tile_get_value (tile), ==, "2");
  g_assert_cmpstr (oc_wallboard_tile_get_detail (tile), ==, "2 busy · 1 away");
  g_assert_true (g_str_has_prefix (oc_wallboard_tile_get_accessible_text (tile), "Agents available: 2"));

  /* The wallboard's queues narrow it. */
  g_settings_set_strv (settings, "kiosk-queues", sales);
  wb_drain ();
  oc_wallboard_window_refresh (window);
  g_assert_cmpstr (oc_wallboard_tile_get_value (tile), ==, "1");
  g_assert_cmpstr (oc_wallboard_tile_get_detail (tile), ==, "0 busy · 1 away");

  /* Live: the one available sales agent goes on a break. */
  events = g_ptr_array_new ();
  g_ptr_array_add (events, test_event_agent (oc_conversation_store_get_revision (store) + 1,
                                             agent_new ("a2", OC_PRESENCE_AWAY, "q-sales")));
  test_apply (store, events);
  oc_wallboard_window_refresh (window);
  g_assert_cmpstr (oc_wallboard_tile_get_value (tile), ==, "0");
  g_assert_cmpstr (oc_wallboard_tile_get_detail (tile), ==, "0 busy · 2 away");
  g_assert_cmpint (oc_wallboard_tile_get_level (tile), ==, OC_WALLBOARD_LEVEL_WARNING);

  g_settings_reset (settings, "kiosk-queues");
  g_settings_reset (settings, "kiosk-agents-tile");
  wb_drain ();
  oc_wallboard_window_refresh (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (tile)));
  gtk_window_destroy (GTK_WINDOW (window));
  wb_drain ();
}

/* Paging -------------------------------------------------------------------- */

static gboolean
layout_settled (gpointer data)
{
  OcWallboardList *list = oc_wallboard_window_get_list (data);

  /* The page size follows the allocation one idle later. */
  return gtk_widget_get_mapped (GTK_WIDGET (list)) &&
         oc_wallboard_list_get_rows_per_page (list) > 1 &&
         !g_main_context_pending (NULL);
}

static void
test_paging_shows_every_row (void)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  OcWallboardWindow *window;
  OcWallboardList *list;
  guint n_pages, rows_per_page;
  guint expected = 0;

  /* 45 that need attention (waiting, or negative), 15 that do not. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%02u", i);
      gboolean attention = i % 4 != 3;

      if (attention && i % 2 == 0)
        g_ptr_array_add (conversations, wb_conversation_new (id, OC_STATUS_OPEN, OC_CHANNEL_VOICE, "q-billing",
                                                          10 + i * 13, OC_SENTIMENT_NEUTRAL));
      else if (attention)
        g_ptr_array_add (conversations, wb_conversation_new (id, OC_STATUS_ACTIVE, OC_CHANNEL_CHAT, "q-sales",
                                                          -1, OC_SENTIMENT_NEGATIVE));
      else
        g_ptr_array_add (conversations, wb_conversation_new (id, OC_STATUS_ACTIVE, OC_CHANNEL_CHAT, "q-sales",
                                                          -1, OC_SENTIMENT_POSITIVE));
      expected += attention;
    }
  store = wb_store_new (conversations);

  window = wb_window_new (store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wb_wait_for (layout_settled, window, 10));
  oc_wallboard_window_refresh (window);

  list = oc_wallboard_window_get_list (window);
  rows_per_page = oc_wallboard_list_get_rows_per_page (list);
  n_pages = oc_wallboard_list_get_n_pages (list);
  g_test_message ("%u rows a page, %u pages", rows_per_page, n_pages);
  g_assert_cmpuint (oc_wallboard_list_get_n_items (list), ==, expected);
  g_assert_cmpuint (n_pages, ==, (expected + rows_per_page - 1) / rows_per_page);
  g_assert_cmpuint (n_pages, >, 1);

  for (guint page = 0; page < n_pages; page++)
    {
      g_autoptr(GPtrArray) shown = oc_wallboard_list_get_shown (list);
      g_autofree char *label = g_strdup_printf ("Page %u of %u", page + 1, n_pages);

      g_assert_cmpuint (oc_wallboard_list_get_page (list), ==, page);
      g_assert_cmpstr (oc_wallboard_window_get_page_text (window), ==, label);
      g_assert_cmpuint (shown->len, >, 0);
      g_assert_cmpuint (shown->len, <=, rows_per_page);
      for (guint i = 0; i < shown->len; i++)
        {
          const char *id = oc_conversation_get_id (g_ptr_array_index (shown, i));

          /* Once each, and only the ones that need attention. */
          g_assert_false (g_hash_table_contains (seen, id));
          g_assert_cmpuint (g_ascii_strtoull (id + 1, NULL, 10) % 4, !=, 3);
          g_hash_table_add (seen, g_strdup (id));
        }
      /* The timer's tick, and a refresh between pages as the clock runs. */
      oc_wallboard_window_refresh (window);
      oc_wallboard_window_next_page (window);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, expected);
  /* Round again to the first page. */
  g_assert_cmpuint (oc_wallboard_list_get_page (list), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  wb_drain ();
}

/* Stale data ---------------------------------------------------------------- */

typedef struct {
  char     *dir;
  char     *users_file;
  char     *state_file;
  char     *token;
  OcServer *server;
  guint     port;
} Floor;

/* A server whose viewer token survives a restart: it is in a users file. */
static void
floor_start (Floor *f)
{
  OcServerOptions options = {
    .seed = 3,
    .conversations = 40,
    .users_file = f->users_file,
    .state_file = f->state_file,
  };
  g_autoptr(GError) error = NULL;

  f->server = oc_server_new (&options, &error);
  g_assert_no_error (error);
  oc_server_listen (f->server, NULL, f->port, &error);
  g_assert_no_error (error);
  f->port = oc_server_get_port (f->server);
}

static void
floor_stop (Floor *f)
{
  oc_server_shutdown (f->server);
  g_clear_object (&f->server);
}

static void
floor_init (Floor *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *users = NULL;

  f->dir = g_dir_make_tmp ("test-wallboard-XXXXXX", &error);
  g_assert_no_error (error);
  f->users_file = g_build_filename (f->dir, "users", NULL);
  f->state_file = g_build_filename (f->dir, "state.sqlite", NULL);
  f->token = g_uuid_string_random ();
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, f->token, -1);
  users = g_strdup_printf ("wall viewer %s\n", digest);
  g_file_set_contents (f->users_file, users, -1, &error);
  g_assert_no_error (error);
}

static void
floor_clear (Floor *f)
{
  g_remove (f->users_file);
  g_remove (f->state_file);
  g_rmdir (f->dir);
  g_free (f->users_file);
  g_free (f->state_file);
  g_free (f->token);
  g_free (f->dir);
}

static gboolean
is_not_live (gpointer data)
{
  return !is_live (data);
}

static void
test_stale_banner (void)
{
  Floor f = { 0 };
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = NULL;
  g_autoptr(GDateTime) heard = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *live_value = NULL;
  OcWallboardWindow *window;
  OcWallboardTile *open_tile;

  floor_init (&f);
  floor_start (&f);
  url = oc_server_get_url (f.server);
  client = oc_client_new (url, f.token, store);
  window = oc_wallboard_window_new (wb_app, client);
  open_tile = oc_wallboard_window_get_tile (window, "open");

  oc_source_start (OC_SOURCE (client));
  g_assert_true (wb_wait_for (is_live, client, 30));
  /* The viewer's token is all a wallboard needs. */
  g_assert_cmpint (oc_source_get_role (OC_SOURCE (client)), ==, OC_ROLE_VIEWER);
  oc_wallboard_window_refresh (window);
  g_assert_null (oc_wallboard_window_get_banner_text (window));
  g_assert_false (oc_wallboard_window_get_stale (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), >, 0);
  g_assert_cmpstr (oc_wallboard_tile_get_value (open_tile), !=, "—");
  live_value = g_strdup (oc_wallboard_tile_get_value (open_tile));

  /* The server goes away: the board says how old its figures are and dims
   * them, but keeps them. */
  floor_stop (&f);
  g_assert_true (wb_wait_for (is_not_live, client, 30));
  heard = g_date_time_new_from_unix_local (oc_source_get_last_event_time (OC_SOURCE (client)) / G_USEC_PER_SEC);
  expected = g_date_time_format (heard, "Reconnecting — data as of %H:%M");
  g_assert_cmpstr (oc_wallboard_window_get_banner_text (window), ==, expected);
  g_assert_true (oc_wallboard_window_get_stale (window));
  g_assert_cmpstr (oc_wallboard_tile_get_value (open_tile), ==, live_value);

  /* It comes back on the same port: the banner goes by itself. */
  floor_start (&f);
  g_assert_true (wb_wait_for (is_live, client, 30));
  wb_drain ();
  g_assert_null (oc_wallboard_window_get_banner_text (window));
  g_assert_false (oc_wallboard_window_get_stale (window));

  gtk_window_destroy (GTK_WINDOW (window));
  oc_source_stop (OC_SOURCE (client));
  floor_stop (&f);
  wb_drain ();
  floor_clear (&f);
}

static gboolean
is_auth_failed (gpointer data)
{
  return oc_source_get_state (OC_SOURCE (data)) == OC_SOURCE_STATE_AUTH_FAILED;
}

static void
test_stale_gives_up_never (void)
{
  Floor f = { 0 };
  g_autoptr(OcConversationStore) store = oc_conversation_store_new ();
  g_autoptr(OcClient) client = NULL;
  g_autofree char *url = NULL;
  g_autofree char *other = NULL;
  g_autofree char *users = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(GError) error = NULL;
  OcWallboardWindow *window;

  /* The server knows another token: the client is refused and stops. */
  floor_init (&f);
  other = g_strdup_printf ("wall viewer %064d\n", 0);
  g_file_set_contents (f.users_file, other, -1, &error);
  g_assert_no_error (error);
  floor_start (&f);
  url = oc_server_get_url (f.server);
  client = oc_client_new (url, f.token, store);
  window = oc_wallboard_window_new (wb_app, client);
  oc_source_start (OC_SOURCE (client));
  g_assert_true (wb_wait_for (is_auth_failed, client, 30));
  g_assert_cmpstr (oc_wallboard_window_get_banner_text (window), ==,
                   "Not signed in — the server refused the token");
  g_assert_true (oc_wallboard_window_get_stale (window));

  /* Someone fixes the server's users; nobody goes to the screen. The board
   * starts its client again on its own (the timer, fired now). */
  oc_server_shutdown (f.server);
  g_clear_object (&f.server);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, f.token, -1);
  users = g_strdup_printf ("wall viewer %s\n", digest);
  g_file_set_contents (f.users_file, users, -1, &error);
  g_assert_no_error (error);
  floor_start (&f);
  g_assert_true (oc_wallboard_window_retry_now (window));
  g_assert_true (wb_wait_for (is_live, client, 30));
  g_assert_null (oc_wallboard_window_get_banner_text (window));
  /* Live: nothing left to retry. */
  g_assert_false (oc_wallboard_window_retry_now (window));

  gtk_window_destroy (GTK_WINDOW (window));
  oc_source_stop (OC_SOURCE (client));
  floor_stop (&f);
  wb_drain ();
  floor_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wb_init (&argc, &argv);

  g_test_add_func ("/wallboard/tiles/match-store", test_tiles_match_store);
  g_test_add_func ("/wallboard/tiles/no-data", test_tiles_no_data);
  g_test_add_func ("/wallboard/tiles/agents", test_agents_tile);
  g_test_add_func ("/wallboard/paging/every-row", test_paging_shows_every_row);
  g_test_add_func ("/wallboard/stale/banner", test_stale_banner);
  g_test_add_func ("/wallboard/stale/gives-up-never", test_stale_gives_up_never);

  status = g_test_run ();
  wb_shutdown ();
  return status;
}
