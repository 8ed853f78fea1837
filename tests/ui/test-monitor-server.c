// SPDX-License-Identifier: GPL-3.0-or-later
/* The monitor pane against the reference server (src/server) over real
 * sockets: history then live messages in order, join / send / leave with the
 * server's own system notes, and a server restart mid-stream that resumes
 * without gaps or duplicates. With OC_SCREENSHOT_DIR set it also saves
 * monitor-pane.png and monitor-pane-voice.png there. */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "monitor-test-util.h"
#include "oc-server.h"

#define SEED 20261125

static OcServer *
start_server (const char *state_file,
              const char *users_file,
              guint       port)
{
  OcServerOptions options = {
    .seed = SEED,
    .speed = 0,
    .conversations = 80,
    .state_file = state_file,
    .users_file = users_file,
  };
  g_autoptr(GError) error = NULL;
  OcServer *server = oc_server_new (&options, &error);

  g_assert_no_error (error);
  g_assert_true (oc_server_listen (server, "127.0.0.1", port, &error));
  g_assert_no_error (error);
  return server;
}

/* An active conversation on @channel with at least @min_lines of history
 * (the store is in arrival order; the seed keeps the choice stable). */
static OcConversation *
pick_conversation (Fixture   *f,
                   OcChannel  channel)
{
  GListModel *model = G_LIST_MODEL (f->store);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (model, i);

      if (oc_conversation_get_status (c) == OC_STATUS_ACTIVE
          && oc_conversation_get_channel (c) == channel
          && oc_conversation_get_agent_id (c) != NULL)
        return c;
    }

  g_assert_not_reached ();
}

static gboolean
live_with_history (Fixture *f)
{
  return transcript_is_live (f) && n_messages (f) > 0;
}

static gboolean
has_left_note (Fixture *f)
{
  return find_message (f, OC_SENDER_SYSTEM, "A supervisor left the conversation.") != NULL;
}

#define SUPERVISOR_TEXT "Hi both, I'm Sam from the team <b>lead</b> & I'll stay a moment."

static gboolean
has_supervisor_message (Fixture *f)
{
  return find_message (f, OC_SENDER_SUPERVISOR, SUPERVISOR_TEXT) != NULL;
}

static void
maybe_screenshot (Fixture    *f,
                  const char *name)
{
  const char *dir = g_getenv ("OC_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  settle (f);
  path = g_build_filename (dir, name, NULL);
  save_screenshot (GTK_WIDGET (f->window), path);
  g_test_message ("saved %s", path);
}

static void
test_history_live_join (void)
{
  Fixture f = { 0, };
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  OcMessageRow *row;
  guint history;

  f.server = start_server (NULL, NULL, 0);
  url = oc_server_get_url (f.server);
  token = oc_server_add_user (f.server, "sam", OC_ROLE_SUPERVISOR);
  fixture_connect (&f, url, token);

  oc_monitor_pane_set_conversation (f.pane, pick_conversation (&f, OC_CHANNEL_MESSAGING));
  wait_until (live_with_history, &f);
  settle (&f);

  /* The history, from the first message, in order. */
  history = n_messages (&f);
  g_assert_cmpint (seq_at (&f, 0), ==, 1);
  assert_seqs_contiguous (&f);
  g_assert_true (at_bottom (&f));
  g_assert_nonnull (find_row (&f, last_seq (&f)));

  /* Live lines from the simulator arrive after it, still in order. */
  for (guint i = 0; i < 20 && n_messages (&f) == history; i++)
    {
      oc_server_step (f.server, 15);
      settle (&f);
    }
  g_assert_cmpuint (n_messages (&f), >, history);
  assert_seqs_contiguous (&f);
  g_assert_true (at_bottom (&f));
  row = find_row (&f, last_seq (&f));
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (row_label (row, "text_label")), ==,
                   oc_message_get_text (oc_message_row_get_message (row)));

  /* Join: the server tells everyone, and the composer opens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join", NULL));
  g_assert_true (gtk_revealer_get_reveal_child (f.pane->confirm_revealer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join-confirm", NULL));
  wait_until (joined, &f);
  wait_until (has_joined_note, &f);
  g_assert_true (gtk_revealer_get_reveal_child (f.pane->composer_revealer));

  /* What the supervisor writes comes back over the transcript, literally. */
  gtk_editable_set_text (GTK_EDITABLE (f.pane->entry), SUPERVISOR_TEXT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.send", NULL));
  wait_until (has_supervisor_message, &f);
  settle (&f);
  row = find_row (&f, oc_message_get_seq (find_message (&f, OC_SENDER_SUPERVISOR, SUPERVISOR_TEXT)));
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "outgoing"));
  g_assert_cmpstr (gtk_label_get_text (row_label (row, "text_label")), ==, SUPERVISOR_TEXT);
  assert_seqs_contiguous (&f);
  g_assert_true (at_bottom (&f));

  gtk_editable_set_text (GTK_EDITABLE (f.pane->entry), "Could you check the refund status?");
  maybe_screenshot (&f, "monitor-pane.png");
  gtk_editable_set_text (GTK_EDITABLE (f.pane->entry), "");

  /* Leaving is explicit, and said. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.leave", NULL));
  wait_until (left, &f);
  wait_until (has_left_note, &f);
  assert_seqs_contiguous (&f);

  fixture_disconnect (&f);
  oc_server_shutdown (f.server);
  g_clear_object (&f.server);
}

static gboolean
reconnecting (Fixture *f)
{
  return f->pane->transcript != NULL
         && oc_transcript_get_state (f->pane->transcript) == OC_TRANSCRIPT_STATE_RECONNECTING;
}

static void
test_restart_resumes (void)
{
  static const char token[] = "monitor-restart-token";
  g_autofree char *dir = g_dir_make_tmp ("oc-monitor-XXXXXX", NULL);
  g_autofree char *state_file = g_build_filename (dir, "state.sqlite", NULL);
  g_autofree char *users_file = g_build_filename (dir, "users", NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_autofree char *users = g_strdup_printf ("sam supervisor %s\n", digest);
  g_autofree char *url = NULL;
  Fixture f = { 0, };
  gint64 before;
  guint port;

  g_assert_true (g_file_set_contents_full (users_file, users, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  f.server = start_server (state_file, users_file, 0);
  port = oc_server_get_port (f.server);
  url = oc_server_get_url (f.server);
  fixture_connect (&f, url, token);
  oc_monitor_pane_set_conversation (f.pane, pick_conversation (&f, OC_CHANNEL_CHAT));
  wait_until (live_with_history, &f);
  before = last_seq (&f);

  /* The server goes away mid-stream… */
  oc_server_shutdown (f.server);
  g_clear_object (&f.server);
  wait_until (reconnecting, &f);
  settle (&f);
  g_assert_true (gtk_revealer_get_reveal_child (f.pane->banner_revealer));
  g_assert_cmpstr (gtk_label_get_text (f.pane->banner_label), ==, "Reconnecting…");

  /* …and comes back on the same port and state, having moved on. */
  f.server = start_server (state_file, users_file, port);
  for (guint i = 0; i < 20 && last_seq (&f) <= before; i++)
    {
      oc_server_step (f.server, 15);
      settle (&f);
    }
  wait_until (transcript_is_live, &f);
  settle (&f);
  g_assert_cmpint (last_seq (&f), >, before);
  g_assert_cmpint (seq_at (&f, 0), ==, 1);
  assert_seqs_contiguous (&f);
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->banner_revealer));
  g_assert_true (at_bottom (&f));

  fixture_disconnect (&f);
  oc_server_shutdown (f.server);
  g_clear_object (&f.server);
  g_unlink (state_file);
  g_unlink (users_file);
  g_rmdir (dir);
}

static void
test_voice (void)
{
  Fixture f = { 0, };
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint transcribed = 0;

  f.server = start_server (NULL, NULL, 0);
  url = oc_server_get_url (f.server);
  token = oc_server_add_user (f.server, "sam", OC_ROLE_SUPERVISOR);
  fixture_connect (&f, url, token);

  oc_monitor_pane_set_conversation (f.pane, pick_conversation (&f, OC_CHANNEL_VOICE));
  wait_until (live_with_history, &f);
  for (guint i = 0; i < 4; i++)
    {
      oc_server_step (f.server, 15);
      settle (&f);
    }

  /* Lines of a call are marked as transcribed, and read as such. */
  rows = realized_rows (&f);
  for (guint i = 0; i < rows->len; i++)
    {
      OcMessage *message = oc_message_row_get_message (rows->pdata[i]);

      if (oc_message_get_kind (message) != OC_MESSAGE_KIND_VOICE_TRANSCRIPT)
        continue;
      transcribed++;
      g_assert_true (gtk_widget_get_visible (row_widget (rows->pdata[i], "transcribed_label")));
      g_assert_nonnull (strstr (oc_message_row_get_accessible_text (rows->pdata[i]), "transcribed"));
    }
  g_assert_cmpuint (transcribed, >, 0);
  maybe_screenshot (&f, "monitor-pane-voice.png");

  fixture_disconnect (&f);
  oc_server_shutdown (f.server);
  g_clear_object (&f.server);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's test accessibility backend: accessible properties can be
   * asserted, and no AT-SPI bus is needed. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/monitor/server/history-live-join", test_history_live_join);
  g_test_add_func ("/monitor/server/restart-resumes", test_restart_resumes);
  g_test_add_func ("/monitor/server/voice", test_voice);

  return g_test_run ();
}
