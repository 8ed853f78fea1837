#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "oc-client.h"
#include "oc-conversation-store.h"
#include "oc-server.h"
#include "oc-wallboard-window-private.h"
#include "store-test-util.h"

#define T0 G_GINT64_CONSTANT (1764000000)

static GtkApplication *app;
static gint64 fake_now = T0;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

/* Runs the main loop until @done or @seconds pass; TRUE if @done. */
static gboolean
wait_for (gboolean (*done) (gpointer), gpointer data, guint seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static OcConversation *
conversation_new (const char  *id,
                  OcStatus     status,
                  OcChannel    channel,
                  const char  *queue_id,
                  gint64       waiting_for,    /* seconds, or -1: not waiting */
                  OcSentiment  sentiment)
{
  OcConversation *conversation = test_conversation_new (id, status, queue_id, NULL, T0 - 600);

  oc_conversation_set_channel (conversation, channel);
  oc_conversation_set_sentiment (conversation, sentiment);
  oc_conversation_set_customer_name (conversation, "<b>Not markup</b>");
  if (waiting_for >= 0)
    oc_conversation_set_waiting_since (conversation, T0 - waiting_for);
  return conversation;
}

static OcConversationStore *
store_new (GPtrArray *conversations)
{
  OcConversationStore *store = oc_conversation_store_new ();
  OcSnapshot *snapshot = test_snapshot_new (1);
  OcQueue *queue;

  oc_conversation_store_set_clock (store, fake_clock, NULL);
  queue = oc_queue_new ("q-billing");
  oc_queue_set_name (queue, "Billing");
  g_ptr_array_add (snapshot->queues, queue);
  queue = oc_queue_new ("q-sales");
  oc_queue_set_name (queue, "Sales");
  g_ptr_array_add (snapshot->queues, queue);
  for (guint i = 0; i < conversations->len; i++)
    g_ptr_array_add (snapshot->conversations, test_conversation_copy (g_ptr_array_index (conversations, i)));
  oc_conversation_store_load_snapshot (store, snapshot);
  test_snapshot_free (snapshot);
  return store;
}

static OcWallboardWindow *
wallboard_new (OcConversationStore *store,
               OcClient           **out_client)
{
  /* Never started: a client that has heard nothing, over the given store. */
  g_autoptr(OcClient) client = oc_client_new ("http://127.0.0.1:9", "viewer-token", store);
  OcWallboardWindow *window = oc_wallboard_window_new (app, client);

  if (out_client != NULL)
    *out_client = g_steal_pointer (&client);
  return window;
}

/* Nothing reachable --------------------------------------------------------- */

static void
collect_widgets (GtkWidget *widget,
                 GPtrArray *out)
{
  g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, out);
}

static guint
count_class_actions (GType type)
{
  GtkWidgetClass *klass = g_type_class_ref (type);
  const GVariantType *parameter_type;
  const char *name, *property;
  GType owner;
  guint n = 0;

  while (gtk_widget_class_query_action (klass, n, &owner, &name, &parameter_type, &property))
    n++;
  g_type_class_unref (klass);
  return n;
}

static int
controller_index (GtkWidget  *widget,
                  const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return (int) i;
    }
  return -1;
}

static void
test_kiosk_nothing_acts (void)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = NULL;
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  g_auto(GStrv) actions = NULL;
  OcWallboardWindow *window;

  g_ptr_array_add (conversations, conversation_new ("c1", OC_STATUS_OPEN, OC_CHANNEL_CHAT, "q-billing", 400, OC_SENTIMENT_NEGATIVE));
  store = store_new (conversations);
  window = wallboard_new (store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  drain ();

  /* No actions of its own: the window's action group is empty and its class
   * installs nothing beyond what every GtkApplicationWindow has. */
  actions = g_action_group_list_actions (G_ACTION_GROUP (window));
  g_assert_cmpstrv (actions, ((const char *[]) { NULL }));
  g_assert_cmpuint (count_class_actions (OC_TYPE_WALLBOARD_WINDOW), ==,
                    count_class_actions (GTK_TYPE_APPLICATION_WINDOW));

  /* Nothing that takes focus, nothing to type in or press. */
  collect_widgets (GTK_WIDGET (window), widgets);
  g_assert_cmpuint (widgets->len, >, 20);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (widget == GTK_WIDGET (window))
        continue;
      if (gtk_widget_get_focusable (widget))
        g_error ("%s is focusable", G_OBJECT_TYPE_NAME (widget));
      g_assert_false (GTK_IS_EDITABLE (widget));
      g_assert_false (GTK_IS_BUTTON (widget));
      g_assert_false (GTK_IS_MENU_BUTTON (widget));
      g_assert_false (GTK_IS_POPOVER (widget));
      if (GTK_IS_LABEL (widget))
        g_assert_false (gtk_label_get_selectable (GTK_LABEL (widget)));
    }
  g_assert_null (gtk_window_get_focus (GTK_WINDOW (window)));
  g_assert_null (gtk_window_get_titlebar (GTK_WINDOW (window)));
  g_assert_false (gtk_application_window_get_show_menubar (GTK_APPLICATION_WINDOW (window)));

  /* The key guard runs before the application's accelerators. */
  g_assert_cmpint (controller_index (GTK_WIDGET (window), "oc-kiosk-key-guard"), >=, 0);
  g_assert_cmpint (controller_index (GTK_WIDGET (window), "oc-kiosk-key-guard"), <,
                   controller_index (GTK_WIDGET (window), "gtk-application-shortcuts"));

  /* Pointer hidden, close refused. */
  g_assert_true (oc_wallboard_window_get_pointer_hidden (window));
  g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (GTK_WIDGET (window))), ==, "none");
  gtk_window_close (GTK_WINDOW (window));
  drain ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  drain ();
}

/* Real key presses through the X server, when xdotool is there. */
static guint probe_activations;

static void
probe_activate (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  probe_activations++;
}

static gboolean
press_ctrl_q (GtkWindow *window)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!GDK_IS_X11_SURFACE (surface))
    return FALSE;
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  if (!g_spawn_sync (NULL, (char *[]) { "xdotool", "windowfocus", "--sync", xid, "key", "ctrl+q", NULL },
                     NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    return FALSE;
  /* The server has made the events; a round trip puts them in our queue. */
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (window)));
  drain ();
  return TRUE;
#else
  return FALSE;
#endif
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_kiosk_keys_swallowed (void)
{
  g_autoptr(GSimpleAction) probe = g_simple_action_new ("probe", NULL);
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = NULL;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GtkWidget *plain;
  OcWallboardWindow *window;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  g_signal_connect (probe, "activate", G_CALLBACK (probe_activate), NULL);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (probe));
  gtk_application_set_accels_for_action (app, "app.probe", (const char *[]) { "<Control>q", NULL });

  /* First prove that keys reach an ordinary window of the application here. */
  probe_activations = 0;
  plain = gtk_application_window_new (app);
  gtk_window_present (GTK_WINDOW (plain));
  g_assert_true (wait_for (is_mapped, plain, 10));
  if (!press_ctrl_q (GTK_WINDOW (plain)) || probe_activations != 1)
    {
      gtk_window_destroy (GTK_WINDOW (plain));
      gtk_application_set_accels_for_action (app, "app.probe", (const char *[]) { NULL });
      g_action_map_remove_action (G_ACTION_MAP (app), "probe");
      g_test_skip ("synthetic key presses do not reach windows on this display");
      return;
    }
  gtk_window_destroy (GTK_WINDOW (plain));

  store = store_new (conversations);
  window = wallboard_new (store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, window, 10));
  g_assert_true (press_ctrl_q (GTK_WINDOW (window)));
  g_assert_cmpuint (probe_activations, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_application_set_accels_for_action (app, "app.probe", (const char *[]) { NULL });
  g_action_map_remove_action (G_ACTION_MAP (app), "probe");
  drain ();
}

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
  guint over_warning = 0, negative = 0;
  OcWallboardWindow *window;
  OcWallboardTile *tile;

  g_settings_set_uint (settings, "wait-warning-seconds", 60);
  g_settings_set_uint (settings, "wait-critical-seconds", 180);

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

      g_ptr_array_add (conversations, conversation_new (id, status, channel, queue, waited, sentiment));
      by_status[status]++;
      by_channel[channel]++;
      if (g_str_equal (queue, "q-billing"))
        billing_by_status[status]++;
      if (waits && waited >= 60)
        over_warning++;
      if (oc_sentiment_is_negative (sentiment))
        negative++;
    }
  store = store_new (conversations);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 60);

  window = wallboard_new (store, NULL);
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
  g_assert_cmpstr (oc_wallboard_tile_get_title (oc_wallboard_window_get_tile (window, "over-threshold")),
                   ==, "Waiting over 1:00");

  /* i = 58 waits longest: 58 * 7 = 406 s, over the critical 3:00. */
  tile = oc_wallboard_window_get_tile (window, "longest-wait");
  g_assert_cmpstr (oc_wallboard_tile_get_value (tile), ==, "6:46");
  g_assert_cmpint (oc_wallboard_tile_get_level (tile), ==, OC_WALLBOARD_LEVEL_CRITICAL);

  /* The clock runs: the figures follow at the next refresh. */
  fake_now += 60;
  oc_wallboard_window_refresh (window);
  g_assert_cmpstr (oc_wallboard_tile_get_value (tile), ==, "7:46");

  /* One queue, voice hidden. */
  g_settings_set_strv (settings, "kiosk-queues", (const char *[]) { "q-billing", NULL });
  g_settings_set_strv (settings, "kiosk-channels", (const char *[]) { "chat", "messaging", NULL });
  drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (oc_wallboard_window_get_tile (window, "voice"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (oc_wallboard_window_get_tile (window, "chat"))));

  g_settings_set_strv (settings, "kiosk-channels", (const char *[]) { NULL });
  drain ();
  assert_tile (window, "open", billing_by_status[OC_STATUS_OPEN]);
  assert_tile (window, "active", billing_by_status[OC_STATUS_ACTIVE]);
  assert_tile (window, "waiting", billing_by_status[OC_STATUS_WAITING]);
  assert_tile (window, "wrap-up", billing_by_status[OC_STATUS_WRAP_UP]);

  g_settings_reset (settings, "kiosk-queues");
  g_settings_reset (settings, "kiosk-channels");
  fake_now = T0;
  gtk_window_destroy (GTK_WINDOW (window));
  drain ();
}

static void
test_tiles_no_data (void)
{
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcConversationStore) store = store_new (conversations);
  OcWallboardWindow *window = wallboard_new (store, NULL);

  /* Nothing heard yet: no zeros that would claim a quiet floor. */
  oc_wallboard_window_refresh (window);
  g_assert_cmpstr (oc_wallboard_tile_get_value (oc_wallboard_window_get_tile (window, "open")), ==, "—");
  g_assert_cmpstr (oc_wallboard_tile_get_value (oc_wallboard_window_get_tile (window, "longest-wait")), ==, "—");
  g_assert_true (oc_wallboard_window_get_stale (window));
  g_assert_cmpstr (oc_wallboard_window_get_banner_text (window), ==, "Connecting to the server…");

  gtk_window_destroy (GTK_WINDOW (window));
  drain ();
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
        g_ptr_array_add (conversations, conversation_new (id, OC_STATUS_OPEN, OC_CHANNEL_VOICE, "q-billing",
                                                          10 + i * 13, OC_SENTIMENT_NEUTRAL));
      else if (attention)
        g_ptr_array_add (conversations, conversation_new (id, OC_STATUS_ACTIVE, OC_CHANNEL_CHAT, "q-sales",
                                                          -1, OC_SENTIMENT_NEGATIVE));
      else
        g_ptr_array_add (conversations, conversation_new (id, OC_STATUS_ACTIVE, OC_CHANNEL_CHAT, "q-sales",
                                                          -1, OC_SENTIMENT_POSITIVE));
      expected += attention;
    }
  store = store_new (conversations);

  window = wallboard_new (store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (layout_settled, window, 10));
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
  drain ();
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
is_live (gpointer data)
{
  return oc_client_get_state (data) == OC_CLIENT_STATE_LIVE;
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
  window = oc_wallboard_window_new (app, client);
  open_tile = oc_wallboard_window_get_tile (window, "open");

  oc_client_start (client);
  g_assert_true (wait_for (is_live, client, 30));
  /* The viewer's token is all a wallboard needs. */
  g_assert_cmpint (oc_client_get_role (client), ==, OC_ROLE_VIEWER);
  oc_wallboard_window_refresh (window);
  g_assert_null (oc_wallboard_window_get_banner_text (window));
  g_assert_false (oc_wallboard_window_get_stale (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), >, 0);
  g_assert_cmpstr (oc_wallboard_tile_get_value (open_tile), !=, "—");
  live_value = g_strdup (oc_wallboard_tile_get_value (open_tile));

  /* The server goes away: the board says how old its figures are and dims
   * them, but keeps them. */
  floor_stop (&f);
  g_assert_true (wait_for (is_not_live, client, 30));
  heard = g_date_time_new_from_unix_local (oc_client_get_last_event_time (client) / G_USEC_PER_SEC);
  expected = g_date_time_format (heard, "Reconnecting — data as of %H:%M");
  g_assert_cmpstr (oc_wallboard_window_get_banner_text (window), ==, expected);
  g_assert_true (oc_wallboard_window_get_stale (window));
  g_assert_cmpstr (oc_wallboard_tile_get_value (open_tile), ==, live_value);

  /* It comes back on the same port: the banner goes by itself. */
  floor_start (&f);
  g_assert_true (wait_for (is_live, client, 30));
  drain ();
  g_assert_null (oc_wallboard_window_get_banner_text (window));
  g_assert_false (oc_wallboard_window_get_stale (window));

  gtk_window_destroy (GTK_WINDOW (window));
  oc_client_stop (client);
  floor_stop (&f);
  drain ();
  floor_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);

  app = gtk_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Could not register the application: %s", error->message);

  /* As the application does at startup: the wallboard's look is in there. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/example/OngoingConversations/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/wallboard/kiosk/nothing-acts", test_kiosk_nothing_acts);
  g_test_add_func ("/wallboard/kiosk/keys-swallowed", test_kiosk_keys_swallowed);
  g_test_add_func ("/wallboard/tiles/match-store", test_tiles_match_store);
  g_test_add_func ("/wallboard/tiles/no-data", test_tiles_no_data);
  g_test_add_func ("/wallboard/paging/every-row", test_paging_shows_every_row);
  g_test_add_func ("/wallboard/stale/banner", test_stale_banner);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
