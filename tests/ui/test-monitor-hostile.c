// SPDX-License-Identifier: GPL-3.0-or-later
/* The monitor pane against a hostile transcript: markup, a megabyte in one
 * word, frames that are not UTF-8 or not JSON, names with control characters,
 * unknown roles, and ten thousand messages. It must show everything that
 * parses literally, stay virtualised, resume past what does not, and never
 * crash. Prints how long the history took and the longest main-loop stall. */

#include "config.h"

#include <gtk/gtk.h>

#include "monitor-fake-server.h"
#include "monitor-test-util.h"
#include "oc-test-util.h"

#define MARKUP_TEXT "<b>bold</b> &amp; <a href=\"https://evil.example/\">link</a> <span size=\"999999\">big</span> &#x41;"
#define HUGE_BYTES  (1024 * 1024)
#define N_FLOOD     10000

static void
add_raw (FakeServer *fake,
         const char *data)
{
  g_autoptr(GBytes) frame = g_bytes_new (data, strlen (data));

  fake_server_add_raw_frame (fake, frame);
}

/* The client warns when it drops a connection over a bad frame; in the
 * hostile test that is the expected outcome, not a failure. */
static gboolean
log_fatal_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  if ((log_level & G_LOG_LEVEL_WARNING)
      && (g_strcmp0 (log_domain, "oc-client-transcript") == 0 || g_strcmp0 (log_domain, "oc-client") == 0))
    return FALSE;

  return TRUE;
}

static void
expected_warning_cb (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  g_test_message ("expected: %s: %s", log_domain, message);
}

static void
test_hostile_transcript (void)
{
  Fixture f = { 0, };
  g_autofree char *huge = g_malloc (HUGE_BYTES + 1);
  g_autofree char *long_name = g_strnfill (2000, 'N');
  OcTestStall stall = { 0, };
  OcMessageRow *row;
  gint64 markup_seq, huge_seq, name_seq;
  guint probe;
  gint64 start;

  /* GLib resets this for every test case. */
  g_test_log_set_fatal_handler (log_fatal_cb, NULL);

  f.server = fake_server_new (OC_ROLE_SUPERVISOR, "voice");
  /* A text frame that is not UTF-8, a lone surrogate, a nesting bomb: each
   * drops the connection once, and the transcript resumes past it. */
  add_raw (f.server, "{\"type\": \"message\", \"message\": {\"seq\": 1, \"text\": \"\xc3\x28\xff\xfe\"}}");
  markup_seq = fake_server_add_message (f.server, "customer", "<i>Mallory</i> &amp;", "voice-transcript", MARKUP_TEXT);
  /* A megabyte in one word: no break opportunity but characters. */
  memset (huge, 'W', HUGE_BYTES);
  huge[HUGE_BYTES] = '\0';
  huge_seq = fake_server_add_message (f.server, "agent", "Amina", "text", huge);
  add_raw (f.server, "{\"type\": \"message\", \"message\": {\"seq\": 3, \"at\": \"2026-11-25T17:03:09Z\", "
                   "\"sender\": {\"role\": \"bot\", \"name\": \"x\"}, \"kind\": \"text\", \"text\": \"\\ud800\"}}");
  {
    g_autofree char *opening = g_strnfill (5000, '[');
    g_autofree char *closing = g_strnfill (5000, ']');
    g_autofree char *bomb = g_strconcat (opening, closing, NULL);
    add_raw (f.server, bomb);
  }
  name_seq = fake_server_add_message (f.server, "bot", long_name, "text",
                                      "\u202Eevil RTL override\u202C, Z\u0351\u0360a\u0353l\u0316g\u0337o, "
                                      "emoji \U0001F600, zero\u200Bwidth, tab\tand\nnew\nlines");
  fake_server_add_message (f.server, "robot-from-the-future", "Who?", "hologram", "Unknown role and kind");
  for (guint i = 0; i < N_FLOOD; i++)
    {
      g_autofree char *text = g_strdup_printf ("Flood %u: <b>%u</b> & more", i, i);
      fake_server_add_message (f.server, i % 3 == 0 ? "customer" : "agent", "Flooder", "text", text);
    }

  {
    g_autofree char *url = fake_server_get_url (f.server);
    fixture_connect (&f, url, "test-token");
  }
  /* Measure the transcript, not the first font load of the process. */
  settle (&f);
  probe = g_timeout_add (10, oc_test_stall_tick, &stall);
  start = g_get_monotonic_time ();
  oc_monitor_pane_set_conversation (f.pane, oc_conversation_store_lookup (f.store, FAKE_CONVERSATION_ID));
  wait_until (transcript_live, &f);
  settle (&f);
  g_test_message ("hostile history of %u messages shown in %.2f s; longest main-loop stall %.1f ms; %u reconnects",
                  n_messages (&f), (g_get_monotonic_time () - start) / 1e6, stall.worst / 1e3,
                  fake_server_get_n_connects (f.server) - 1);

  /* Every message that parsed is there, in order, once. */
  g_assert_cmpuint (n_messages (&f), ==, N_FLOOD + 4);
  assert_seqs_contiguous (&f);
  g_assert_cmpuint (fake_server_get_n_connects (f.server), >=, 3);
  g_assert_true (at_bottom (&f));
  assert_rows_sane (&f);

  /* Live flood on top, while following. */
  stall.worst = 0;
  for (guint i = 0; i < 2000; i++)
    fake_server_add_message (f.server, "customer", "Flooder", "text", "<i>live</i> &lt;flood&gt;");
  wait_until (caught_up, &f);
  settle (&f);
  g_test_message ("2,000 live messages: longest main-loop stall %.1f ms", stall.worst / 1e3);
  g_assert_true (at_bottom (&f));
  assert_rows_sane (&f);

  /* Up to the hostile ones: literal, shortened, never markup. */
  scroll_to_seq (&f, markup_seq);
  row = find_row (&f, markup_seq);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (row_label (row, "text_label")), ==, MARKUP_TEXT);
  g_assert_cmpstr (gtk_label_get_text (row_label (row, "name_label")), ==, "<i>Mallory</i> &amp;");
  g_assert_true (gtk_widget_get_visible (row_widget (row, "transcribed_label")));
  g_assert_nonnull (strstr (oc_message_row_get_accessible_text (row), MARKUP_TEXT));
  assert_rows_sane (&f);

  scroll_to_seq (&f, huge_seq);
  row = find_row (&f, huge_seq);
  g_assert_nonnull (row);
  g_assert_cmpint (g_utf8_strlen (oc_message_row_get_shown_text (row), -1), ==, OC_MESSAGE_ROW_MAX_CHARS);
  g_assert_true (gtk_widget_get_visible (row_widget (row, "shortened_box")));

  scroll_to_seq (&f, name_seq);
  row = find_row (&f, name_seq);
  g_assert_nonnull (row);
  assert_rows_sane (&f);

  /* Unknown role and kind are shown as such. */
  scroll_to_seq (&f, name_seq + 1);
  row = find_row (&f, name_seq + 1);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (row_label (row, "role_label")), ==, "Unknown");

  g_source_remove (probe);
  fixture_disconnect (&f);
  fake_server_free (f.server);
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

  g_log_set_handler ("oc-client-transcript", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, expected_warning_cb, NULL);
  g_log_set_handler ("oc-client", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, expected_warning_cb, NULL);

  g_test_add_func ("/monitor/hostile-transcript", test_hostile_transcript);

  return g_test_run ();
}
