// SPDX-License-Identifier: GPL-3.0-or-later
/* The monitor pane's stepping-in bar (#22) against the reference server:
 * it says who else already watches, whispers to the agent (marked in the
 * transcript), shows the agent's help flag and lowers it. With
 * OC_SCREENSHOT_DIR set it saves monitor-stepping.png there. */

#include "config.h"

#include <gtk/gtk.h>

#include "monitor-test-util.h"
#include "oc-server.h"
#include "oc-server-private.h"
#include "oc-stepping-bar.h"
#include "oc-world.h"

#define WHISPER_TEXT "Offer the <b>refund</b>, I approve it"

typedef struct {
  Fixture         f;
  OcConversation *target;
  const char     *prefix;
} Stepping;

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             const char *label_prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (label_prefix == NULL ||
           (gtk_widget_get_visible (child) && gtk_widget_is_visible (child) &&
            g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), label_prefix))))
        return child;
      if ((found = find_widget (child, type, label_prefix)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
shows_label (Stepping *s)
{
  return find_widget (GTK_WIDGET (s->f.pane), GTK_TYPE_LABEL, s->prefix) != NULL;
}

static gboolean
shows_no_label (Stepping *s)
{
  return !shows_label (s);
}

static void
wait_label (Stepping   *s,
            const char *prefix)
{
  s->prefix = prefix;
  wait_until (shows_label, s);
}

static gboolean
has_whisper (Fixture *f)
{
  OcMessage *message = find_message (f, OC_SENDER_SUPERVISOR, WHISPER_TEXT);

  return message != NULL && oc_message_get_kind (message) == OC_MESSAGE_KIND_WHISPER;
}

static gboolean
shows_whisper_mark (Fixture *f)
{
  return find_widget (GTK_WIDGET (f->pane), GTK_TYPE_LABEL, "Whisper") != NULL;
}

static gboolean
not_flagged (Stepping *s)
{
  return oc_conversation_get_flag_lowered_at (s->target) != 0;
}

static void
test_watch_whisper_flag (void)
{
  Stepping s = { 0 };
  OcServerOptions options = { .seed = 20261125, .speed = 0, .conversations = 60 };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *sam = NULL;
  g_autofree char *kim = NULL;
  g_autoptr(OcConversationStore) kim_store = oc_conversation_store_new ();
  g_autoptr(OcClient) kim_client = NULL;
  g_autoptr(OcTranscript) kim_transcript = NULL;
  GtkWidget *bar, *entry;
  GListModel *model;
  OcServer *server;

  server = oc_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (oc_server_listen (server, "127.0.0.1", 0, &error));
  s.f.server = server;
  url = oc_server_get_url (server);
  sam = oc_server_add_user (server, "sam", OC_ROLE_SUPERVISOR);
  kim = oc_server_add_user (server, "kim", OC_ROLE_SUPERVISOR);
  fixture_connect (&s.f, url, sam);

  model = G_LIST_MODEL (s.f.store);
  for (guint i = 0; i < g_list_model_get_n_items (model) && s.target == NULL; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (model, i);

      if (oc_conversation_get_status (c) == OC_STATUS_ACTIVE && oc_conversation_get_agent_id (c) != NULL &&
          oc_conversation_get_flag_raised_at (c) == 0)
        s.target = c;
    }
  g_assert_nonnull (s.target);

  /* kim already monitors it when sam opens it: the pane says so. */
  kim_client = oc_client_new (url, kim, kim_store);
  oc_source_start (OC_SOURCE (kim_client));
  kim_transcript = oc_source_open_transcript (OC_SOURCE (kim_client), oc_conversation_get_id (s.target));
  oc_monitor_pane_set_conversation (s.f.pane, s.target);
  wait_label (&s, "Already here: kim (monitoring)");

  /* Whisper, without joining: marked in the transcript. */
  bar = find_widget (GTK_WIDGET (s.f.pane), OC_TYPE_STEPPING_BAR, NULL);
  entry = find_widget (bar, GTK_TYPE_ENTRY, NULL);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_sensitive (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), WHISPER_TEXT);
  g_assert_true (gtk_widget_activate_action (bar, "stepping.whisper", NULL));
  wait_until (has_whisper, &s.f);
  wait_until (shows_whisper_mark, &s.f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_false (oc_world_has_joined (oc_server_get_world (server), oc_conversation_get_id (s.target), "sam"));

  /* The agent raises a flag; sam lowers it. */
  oc_world_raise_flag (oc_server_get_world (server),
                       oc_world_lookup_conversation (oc_server_get_world (server), oc_conversation_get_id (s.target)),
                       "Customer wants a manager");
  wait_label (&s, "The agent asks for help: Customer wants a manager");
  if (g_getenv ("OC_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("OC_SCREENSHOT_DIR"), "monitor-stepping.png", NULL);

      settle (&s.f);
      save_screenshot (GTK_WIDGET (s.f.window), path);
    }
  g_assert_true (gtk_widget_activate_action (bar, "stepping.lower-flag", NULL));
  wait_until (not_flagged, &s);
  wait_label (&s, "Help flag lowered by sam at");

  /* kim closes the monitor: nobody else is here. */
  oc_transcript_stop (kim_transcript);
  s.prefix = "Already here";
  wait_until (shows_no_label, &s);

  oc_source_stop (OC_SOURCE (kim_client));
  fixture_disconnect (&s.f);
  oc_server_shutdown (server);
  g_object_unref (server);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stepping/watch-whisper-flag", test_watch_whisper_flag);

  return g_test_run ();
}
