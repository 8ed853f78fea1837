// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"
#include "oc-client.h"
#include "oc-style.h"

#include "fake-session-manager.h"
#include "oc-test-util.h"
#include "wallboard-test-util.h"

GtkApplication *wb_app;
static GTestDBus *private_bus;
gint64 wb_now = WB_T0;

static gint64
fake_clock (gpointer user_data)
{
  return wb_now;
}

gboolean
wb_wait_for (gboolean (*done) (gpointer),
             gpointer   data,
             guint      seconds)
{
  return oc_test_wait_until (done, data, seconds * 1000);
}

void
wb_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

OcConversation *
wb_conversation_new (const char  *id,
                     OcStatus     status,
                     OcChannel    channel,
                     const char  *queue_id,
                     gint64       waiting_for,
                     OcSentiment  sentiment)
{
  OcConversation *conversation = test_conversation_new (id, status, queue_id, NULL, WB_T0 - 600);

  oc_conversation_set_channel (conversation, channel);
  oc_conversation_set_sentiment (conversation, sentiment);
  oc_conversation_set_customer_name (conversation, "<b>Not markup</b>");
  if (waiting_for >= 0)
    oc_conversation_set_waiting_since (conversation, WB_T0 - waiting_for);
  return conversation;
}

OcConversationStore *
wb_store_new (GPtrArray *conversations)
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

OcWallboardWindow *
wb_window_new (OcConversationStore *store)
{
  /* Never started: a client that has heard nothing, over the given store. */
  g_autoptr(OcClient) client = oc_client_new ("http://127.0.0.1:9", "viewer-token", store);

  return oc_wallboard_window_new (wb_app, client);
}

gboolean
wb_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

void
wb_init (int    *argc,
         char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  /* A session bus of our own: the stand-in session manager must not answer
   * the other test programs running beside us. It has no accessibility bus;
   * the tests read the wallboard's accessible labels through its own API. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  display = g_strdup (g_getenv ("DISPLAY"));
  private_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (private_bus);
  /* GTestDBus unsets DISPLAY (against X11 autolaunch); the tests need it. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  gtk_test_init (argc, argv, NULL);

  /* Before the application starts: it looks for a session manager then. */
  fake_session_manager_start ();
  wb_app = gtk_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (wb_app), NULL, &error))
    g_error ("Could not register the application: %s", error->message);

  /* As the application does at startup: the wallboard's look is in there. */
  oc_style_load_app_css ();
}

void
wb_shutdown (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_clear_object (&wb_app);
  /* Not _down() (nor an unref, which calls it): that waits for the shared
   * connection to go, and GTK and the session manager's thread hold it to
   * the end. Stopping the daemon must not end the program either. */
  if (bus != NULL)
    g_dbus_connection_set_exit_on_close (bus, FALSE);
  g_test_dbus_stop (private_bus);
}
