/* The monitor pane against a scriptable server (tests/monitor-fake-server.c):
 * history then live, following the bottom, join/send/leave, viewers, the end
 * of a conversation, a hostile transcript and a server restart. */

#include "config.h"

#include <gtk/gtk.h>

#include "monitor-fake-server.h"
#include "oc-client.h"
#include "oc-conversation-store.h"
#include "oc-message-row.h"
#include "oc-monitor-header.h"
#include "oc-monitor-pane-private.h"
#include "oc-monitor-window.h"

#define WAIT_LIMIT_SECONDS 40

typedef struct {
  FakeServer          *fake;
  OcConversationStore *store;
  OcClient            *client;
  GtkWindow           *window;
  OcMonitorPane       *pane;
} Fixture;

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_limit_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @cond holds; a limit turns a hang into a failure. */
static void
wait_until_impl (Condition   cond,
                 gpointer    data,
                 const char *what)
{
  gboolean expired = FALSE;
  guint limit = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_cb, &expired);

  while (!cond (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (expired)
    g_error ("Gave up waiting for: %s", what);
  g_source_remove (limit);
}
#define wait_until(cond, data) wait_until_impl ((Condition) (cond), (data), #cond)

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  guint *frames = data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_done (guint *frames)
{
  return *frames >= 3;
}

/* Lets layout settle: a few frames drawn, and everything idle handled. */
static void
settle (Fixture *f)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (f->pane), tick_cb, &frames, NULL);

  wait_until (frames_done, &frames);
  gtk_widget_remove_tick_callback (GTK_WIDGET (f->pane), id);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GListModel *
pane_model (Fixture *f)
{
  return G_LIST_MODEL (f->pane->selection);
}

static guint
n_messages (Fixture *f)
{
  return g_list_model_get_n_items (pane_model (f));
}

static gint64
seq_at (Fixture *f,
        guint    position)
{
  g_autoptr(OcMessage) message = g_list_model_get_item (pane_model (f), position);

  return oc_message_get_seq (message);
}

static gint64
last_seq (Fixture *f)
{
  guint n = n_messages (f);

  return n > 0 ? seq_at (f, n - 1) : 0;
}

static gboolean
conversation_loaded (Fixture *f)
{
  return oc_conversation_store_lookup (f->store, FAKE_CONVERSATION_ID) != NULL
         && oc_client_get_role (f->client) != OC_ROLE_UNKNOWN;
}

static gboolean
transcript_live (Fixture *f)
{
  return f->pane->transcript != NULL
         && oc_transcript_get_state (f->pane->transcript) == OC_TRANSCRIPT_STATE_LIVE
         && last_seq (f) == fake_server_get_last_seq (f->fake);
}

static gboolean
caught_up (Fixture *f)
{
  return last_seq (f) == fake_server_get_last_seq (f->fake);
}

static void
fixture_open (Fixture    *f,
              OcRole      role,
              const char *channel,
              guint       n_history)
{
  g_autofree char *url = NULL;
  OcConversation *conversation;

  f->fake = fake_server_new (role, channel);
  for (guint i = 0; i < n_history; i++)
    {
      g_autofree char *text = g_strdup_printf ("History line %u", i + 1);
      fake_server_add_message (f->fake, i % 2 ? "agent" : "customer",
                               i % 2 ? "Amina Hassan" : "Zoë Ødegård", "text", text);
    }

  url = fake_server_get_url (f->fake);
  f->store = oc_conversation_store_new ();
  f->client = oc_client_new (url, "test-token", f->store);
  oc_client_start (f->client);
  wait_until (conversation_loaded, f);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 520, 820);
  f->pane = OC_MONITOR_PANE (oc_monitor_pane_new (f->client));
  gtk_window_set_child (f->window, GTK_WIDGET (f->pane));
  gtk_window_present (f->window);

  conversation = oc_conversation_store_lookup (f->store, FAKE_CONVERSATION_ID);
  oc_monitor_pane_set_conversation (f->pane, conversation);
  wait_until (transcript_live, f);
  settle (f);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  oc_client_stop (f->client);
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  fake_server_free (f->fake);
  /* Let sockets and idle releases finish before the next test. */
  for (guint i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (OC_IS_MESSAGE_ROW (widget))
    {
      if (oc_message_row_get_message (OC_MESSAGE_ROW (widget)) != NULL)
        g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static GPtrArray *
realized_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (f->pane->list_view), rows);
  return rows;
}

static OcMessageRow *
find_row (Fixture *f,
          gint64   seq)
{
  g_autoptr(GPtrArray) rows = realized_rows (f);

  for (guint i = 0; i < rows->len; i++)
    {
      OcMessage *message = oc_message_row_get_message (rows->pdata[i]);
      if (oc_message_get_seq (message) == seq)
        return rows->pdata[i];
    }
  return NULL;
}

static GtkWidget *
row_widget (OcMessageRow *row,
            const char   *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), OC_TYPE_MESSAGE_ROW, name));
}

static GtkLabel *
row_label (OcMessageRow *row,
           const char   *name)
{
  return GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), OC_TYPE_MESSAGE_ROW, name));
}

static GtkLabel *
header_label (Fixture    *f,
              const char *name)
{
  return GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->pane->header),
                                                   OC_TYPE_MONITOR_HEADER, name));
}

static gboolean
at_bottom (Fixture *f)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (f->pane->scrolled_window);

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
         >= gtk_adjustment_get_upper (adj) - 2.0;
}

static void
assert_seqs_contiguous (Fixture *f)
{
  guint n = n_messages (f);

  for (guint i = 0; i < n; i++)
    g_assert_cmpint (seq_at (f, i), ==, (gint64) i + 1);
}

/* ------------------------------------------------------------------------ */

static void
test_history_then_live (void)
{
  Fixture f = { 0, };
  OcMessageRow *row;

  fixture_open (&f, OC_ROLE_SUPERVISOR, "messaging", 40);

  g_assert_cmpuint (n_messages (&f), ==, 40);
  assert_seqs_contiguous (&f);

  /* The header: literal subject, names from the store. */
  g_assert_cmpstr (gtk_label_get_text (header_label (&f, "subject_label")), ==,
                   "Charged twice for order #5521 <b>urgent</b> & more");
  g_assert_cmpstr (gtk_label_get_text (header_label (&f, "agent_label")), ==, "Amina Hassan");
  g_assert_cmpstr (gtk_label_get_text (header_label (&f, "queue_label")), ==, "Billing");
  g_assert_cmpstr (gtk_label_get_text (header_label (&f, "customer_label")), ==, "Zoë Ødegård");

  /* It opened at the newest message. */
  g_assert_true (at_bottom (&f));
  g_assert_nonnull (find_row (&f, 40));

  /* Live messages arrive in order and the view follows them. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("Live line %u", i + 1);
      fake_server_add_message (f.fake, "customer", "Zoë Ødegård", "text", text);
    }
  wait_until (caught_up, &f);
  settle (&f);
  g_assert_cmpuint (n_messages (&f), ==, 45);
  assert_seqs_contiguous (&f);
  g_assert_true (at_bottom (&f));
  row = find_row (&f, 45);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (row_label (row, "text_label")), ==, "Live line 5");
  g_assert_true (g_str_has_prefix (oc_message_row_get_accessible_text (row), "Customer Zoë Ødegård, "));
  g_assert_true (g_str_has_suffix (oc_message_row_get_accessible_text (row), ": Live line 5"));
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->new_messages_revealer));

  /* Scrolled up, new messages are counted on a button instead. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (f.pane->scrolled_window), 0);
  settle (&f);
  g_assert_false (_oc_monitor_pane_get_following (f.pane));
  for (guint i = 0; i < 3; i++)
    fake_server_add_message (f.fake, "agent", "Amina Hassan", "text", "While you were up there");
  wait_until (caught_up, &f);
  settle (&f);
  g_assert_false (at_bottom (&f));
  g_assert_cmpuint (_oc_monitor_pane_get_n_new (f.pane), ==, 3);
  g_assert_true (gtk_revealer_get_reveal_child (f.pane->new_messages_revealer));
  g_assert_cmpstr (gtk_button_get_label (f.pane->new_messages_button), ==, "3 new messages");

  /* The button jumps down and follows again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.scroll-to-bottom", NULL));
  settle (&f);
  g_assert_true (at_bottom (&f));
  g_assert_true (_oc_monitor_pane_get_following (f.pane));
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->new_messages_revealer));
  g_assert_nonnull (find_row (&f, 48));

  fixture_close (&f);
}

static gboolean
joined (Fixture *f)
{
  return oc_monitor_pane_get_joined (f->pane);
}

static gboolean
not_joined (Fixture *f)
{
  return !oc_monitor_pane_get_joined (f->pane) && !f->pane->leave_pending;
}

static gboolean
error_shown (Fixture *f)
{
  return gtk_revealer_get_reveal_child (f->pane->error_revealer) && !f->pane->send_pending;
}

static gboolean
entry_empty (Fixture *f)
{
  return gtk_editable_get_text (GTK_EDITABLE (f->pane->entry))[0] == '\0';
}

static OcMessage *
find_message (Fixture    *f,
              OcSender    role,
              const char *text)
{
  for (guint i = 0; i < n_messages (f); i++)
    {
      g_autoptr(OcMessage) message = g_list_model_get_item (pane_model (f), i);

      if (oc_message_get_sender_role (message) == role
          && g_strcmp0 (oc_message_get_text (message), text) == 0)
        return message;
    }
  return NULL;
}

static gboolean
has_joined_note (Fixture *f)
{
  return find_message (f, OC_SENDER_SYSTEM, "A supervisor joined the conversation.") != NULL;
}

#define HOSTILE_TEXT "<b>Hello</b> &amp; <a href=\"https://evil.example\">click</a> <span>&lt;"

static gboolean
has_supervisor_message (Fixture *f)
{
  return find_message (f, OC_SENDER_SUPERVISOR, HOSTILE_TEXT) != NULL;
}

static gboolean
has_hold_message (Fixture *f)
{
  return find_message (f, OC_SENDER_SUPERVISOR, "Please hold on <3") != NULL;
}

static void
test_join_send_leave (void)
{
  Fixture f = { 0, };
  OcMessage *message;
  OcMessageRow *row;
  GtkLabel *label;

  fixture_open (&f, OC_ROLE_SUPERVISOR, "chat", 3);

  g_assert_true (gtk_widget_get_visible (f.pane->join_button));
  g_assert_true (gtk_widget_get_sensitive (f.pane->join_button));
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->composer_revealer));

  /* Join asks first and says what happens; nothing is sent yet. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join", NULL));
  g_assert_true (gtk_revealer_get_reveal_child (f.pane->confirm_revealer));
  settle (&f);
  g_assert_false (has_joined_note (&f));

  /* Cancel closes it; asking again and confirming joins. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join-cancel", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->confirm_revealer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join-confirm", NULL));
  wait_until (joined, &f);
  wait_until (has_joined_note, &f);
  settle (&f);
  g_assert_true (gtk_revealer_get_reveal_child (f.pane->composer_revealer));
  g_assert_false (gtk_widget_get_visible (f.pane->join_button));
  g_assert_true (gtk_widget_get_visible (f.pane->leave_button));
  row = find_row (&f, last_seq (&f));
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "event"));

  /* A message comes back over the transcript as the supervisor's, literal. */
  gtk_editable_set_text (GTK_EDITABLE (f.pane->entry), HOSTILE_TEXT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.send", NULL));
  wait_until (has_supervisor_message, &f);
  wait_until (entry_empty, &f);
  settle (&f);
  message = find_message (&f, OC_SENDER_SUPERVISOR, HOSTILE_TEXT);
  row = find_row (&f, oc_message_get_seq (message));
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "outgoing"));
  label = row_label (row, "text_label");
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpstr (gtk_label_get_text (label), ==, HOSTILE_TEXT);
  g_assert_cmpstr (pango_layout_get_text (gtk_label_get_layout (label)), ==, HOSTILE_TEXT);
  g_assert_true (at_bottom (&f));

  /* A refused message: the reason inline, the text kept. */
  fake_server_refuse_next_message (f.fake, 429, "rate-limited", "Too many messages; wait a second.");
  gtk_editable_set_text (GTK_EDITABLE (f.pane->entry), "Please hold on <3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.send", NULL));
  wait_until (error_shown, &f);
  g_assert_nonnull (strstr (gtk_label_get_text (f.pane->error_label), "Too many messages; wait a second."));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.pane->entry)), ==, "Please hold on <3");
  g_assert_null (find_message (&f, OC_SENDER_SUPERVISOR, "Please hold on <3"));

  /* Sending again works, and the error goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.send", NULL));
  wait_until (entry_empty, &f);
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->error_revealer));
  wait_until (has_hold_message, &f);

  /* Leaving is explicit. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.leave", NULL));
  wait_until (not_joined, &f);
  settle (&f);
  g_assert_true (gtk_widget_get_visible (f.pane->join_button));
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->composer_revealer));

  fixture_close (&f);
}

static void
test_viewer_cannot_join (void)
{
  Fixture f = { 0, };
  const char *tooltip;

  fixture_open (&f, OC_ROLE_VIEWER, "voice", 2);

  g_assert_cmpint (oc_client_get_role (f.client), ==, OC_ROLE_VIEWER);
  /* A disabled action does nothing when activated. */
  gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join", NULL);
  g_assert_false (f.pane->confirming);
  g_assert_false (gtk_widget_get_sensitive (f.pane->join_button));
  tooltip = gtk_widget_get_tooltip_text (f.pane->join_button);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "Viewers"));
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->confirm_revealer));

  fixture_close (&f);
}

static gboolean
transcript_ended (Fixture *f)
{
  return _oc_monitor_pane_is_ended (f->pane);
}

static void
test_ended (void)
{
  Fixture f = { 0, };
  const char *banner;

  fixture_open (&f, OC_ROLE_SUPERVISOR, "chat", 12);
  fake_server_end (f.fake, "force-closed");
  wait_until (transcript_ended, &f);
  settle (&f);

  g_assert_true (gtk_revealer_get_reveal_child (f.pane->banner_revealer));
  banner = gtk_label_get_text (f.pane->banner_label);
  g_assert_true (g_str_has_prefix (banner, "This conversation was closed by a supervisor"));
  /* The transcript stays readable. */
  g_assert_cmpuint (n_messages (&f), ==, 12);
  g_assert_nonnull (find_row (&f, 12));
  g_assert_false (gtk_widget_get_sensitive (f.pane->join_button));

  fixture_close (&f);
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
  Fixture f = { 0, };

  fixture_open (&f, OC_ROLE_SUPERVISOR, "chat", 20);
  g_assert_cmpuint (fake_server_get_n_connects (f.fake), ==, 1);

  fake_server_restart (f.fake, 800);
  wait_until (reconnecting, &f);
  g_assert_true (gtk_revealer_get_reveal_child (f.pane->banner_revealer));
  g_assert_cmpstr (gtk_label_get_text (f.pane->banner_label), ==, "Reconnecting…");

  /* Said while the server was down; the transcript must catch up. */
  for (guint i = 0; i < 5; i++)
    fake_server_add_message (f.fake, "customer", "Zoë Ødegård", "text", "Are you still there?");

  wait_until (transcript_live, &f);
  settle (&f);
  g_assert_cmpuint (n_messages (&f), ==, 25);
  assert_seqs_contiguous (&f);
  g_assert_cmpint (fake_server_get_last_after (f.fake), ==, 20);
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->banner_revealer));
  g_assert_true (at_bottom (&f));

  fixture_close (&f);
}

static void
test_clear (void)
{
  Fixture f = { 0, };

  fixture_open (&f, OC_ROLE_SUPERVISOR, "chat", 4);
  gtk_editable_set_text (GTK_EDITABLE (f.pane->entry), "a draft");

  oc_monitor_pane_set_conversation (f.pane, NULL);
  settle (&f);
  g_assert_cmpuint (n_messages (&f), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.pane->placeholder_label)));
  g_assert_false (gtk_widget_get_sensitive (f.pane->join_button));

  /* Coming back restores the draft. */
  oc_monitor_pane_set_conversation (f.pane, oc_conversation_store_lookup (f.store, FAKE_CONVERSATION_ID));
  wait_until (transcript_live, &f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.pane->entry)), ==, "a draft");

  fixture_close (&f);
}


/* ------------------------------------------------------------------------ */
/* A hostile transcript */

#define MARKUP_TEXT "<b>bold</b> &amp; <a href=\"https://evil.example/\">link</a> <span size=\"999999\">big</span> &#x41;"
#define HUGE_BYTES  (1024 * 1024)
#define N_FLOOD     10000

typedef struct {
  gint64 last;
  gint64 worst;
} Stall;

static gboolean
stall_probe_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last > 0)
    stall->worst = MAX (stall->worst, now - stall->last);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

static void
add_raw (FakeServer *fake,
         const char *data)
{
  g_autoptr(GBytes) frame = g_bytes_new (data, strlen (data));

  fake_server_add_raw_frame (fake, frame);
}

static void
assert_rows_sane (Fixture *f)
{
  g_autoptr(GPtrArray) rows = realized_rows (f);

  /* Virtualised: only what is near the viewport has a widget. */
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (rows->len, <, 250);

  for (guint i = 0; i < rows->len; i++)
    {
      OcMessageRow *row = rows->pdata[i];
      GtkLabel *label = row_label (row, "text_label");
      const char *shown = oc_message_row_get_shown_text (row);

      g_assert_true (g_utf8_validate (shown, -1, NULL));
      g_assert_false (gtk_label_get_use_markup (label));
      g_assert_cmpstr (gtk_label_get_text (label), ==, shown);
      g_assert_cmpstr (pango_layout_get_text (gtk_label_get_layout (label)), ==, shown);
      g_assert_cmpint (g_utf8_strlen (shown, -1), <=, OC_MESSAGE_ROW_MAX_CHARS);
    }
}

static void
scroll_to_seq (Fixture *f,
               gint64   seq)
{
  gtk_widget_activate_action (GTK_WIDGET (f->pane->list_view), "list.scroll-to-item", "u",
                              (guint) (seq - 1));
  settle (f);
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
      && (g_strcmp0 (log_domain, "oc-transcript") == 0 || g_strcmp0 (log_domain, "oc-client") == 0))
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
  Stall stall = { 0, };
  OcMessageRow *row;
  gint64 markup_seq, huge_seq, name_seq;
  guint probe;
  gint64 start;

  /* GLib resets this for every test case. */
  g_test_log_set_fatal_handler (log_fatal_cb, NULL);

  f.fake = fake_server_new (OC_ROLE_SUPERVISOR, "voice");
  /* A text frame that is not UTF-8, a lone surrogate, a nesting bomb: each
   * drops the connection once, and the transcript resumes past it. */
  add_raw (f.fake, "{\"type\": \"message\", \"message\": {\"seq\": 1, \"text\": \"\xc3\x28\xff\xfe\"}}");
  markup_seq = fake_server_add_message (f.fake, "customer", "<i>Mallory</i> &amp;", "voice-transcript", MARKUP_TEXT);
  /* A megabyte in one word: no break opportunity but characters. */
  memset (huge, 'W', HUGE_BYTES);
  huge[HUGE_BYTES] = '\0';
  huge_seq = fake_server_add_message (f.fake, "agent", "Amina", "text", huge);
  add_raw (f.fake, "{\"type\": \"message\", \"message\": {\"seq\": 3, \"at\": \"2026-11-25T17:03:09Z\", "
                   "\"sender\": {\"role\": \"bot\", \"name\": \"x\"}, \"kind\": \"text\", \"text\": \"\\ud800\"}}");
  {
    g_autofree char *opening = g_strnfill (5000, '[');
    g_autofree char *closing = g_strnfill (5000, ']');
    g_autofree char *bomb = g_strconcat (opening, closing, NULL);
    add_raw (f.fake, bomb);
  }
  name_seq = fake_server_add_message (f.fake, "bot", long_name, "text",
                                      "\u202Eevil RTL override\u202C, Z\u0351\u0360a\u0353l\u0316g\u0337o, "
                                      "emoji \U0001F600, zero\u200Bwidth, tab\tand\nnew\nlines");
  fake_server_add_message (f.fake, "robot-from-the-future", "Who?", "hologram", "Unknown role and kind");
  for (guint i = 0; i < N_FLOOD; i++)
    {
      g_autofree char *text = g_strdup_printf ("Flood %u: <b>%u</b> & more", i, i);
      fake_server_add_message (f.fake, i % 3 == 0 ? "customer" : "agent", "Flooder", "text", text);
    }

  {
    g_autofree char *url = fake_server_get_url (f.fake);
    f.store = oc_conversation_store_new ();
    f.client = oc_client_new (url, "test-token", f.store);
    oc_client_start (f.client);
    wait_until (conversation_loaded, &f);
  }
  f.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f.window, 520, 820);
  f.pane = OC_MONITOR_PANE (oc_monitor_pane_new (f.client));
  gtk_window_set_child (f.window, GTK_WIDGET (f.pane));
  gtk_window_present (f.window);
  /* Measure the transcript, not the first font load of the process. */
  settle (&f);
  probe = g_timeout_add (10, stall_probe_cb, &stall);
  start = g_get_monotonic_time ();
  oc_monitor_pane_set_conversation (f.pane, oc_conversation_store_lookup (f.store, FAKE_CONVERSATION_ID));
  wait_until (transcript_live, &f);
  settle (&f);
  g_test_message ("hostile history of %u messages shown in %.2f s; longest main-loop stall %.1f ms; %u reconnects",
                  n_messages (&f), (g_get_monotonic_time () - start) / 1e6, stall.worst / 1e3,
                  fake_server_get_n_connects (f.fake) - 1);

  /* Every message that parsed is there, in order, once. */
  g_assert_cmpuint (n_messages (&f), ==, N_FLOOD + 4);
  assert_seqs_contiguous (&f);
  g_assert_cmpuint (fake_server_get_n_connects (f.fake), >=, 3);
  g_assert_true (at_bottom (&f));
  assert_rows_sane (&f);

  /* Live flood on top, while following. */
  stall.worst = 0;
  for (guint i = 0; i < 2000; i++)
    fake_server_add_message (f.fake, "customer", "Flooder", "text", "<i>live</i> &lt;flood&gt;");
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
  fixture_close (&f);
}

static gboolean
close_requested_cb (OcMonitorPane *pane,
                    gboolean      *requested)
{
  *requested = TRUE;
  return FALSE;
}

static void
test_close_and_window (void)
{
  Fixture f = { 0, };
  gboolean requested = FALSE;
  OcMonitorWindow *window;
  OcMonitorPane *own;

  fixture_open (&f, OC_ROLE_SUPERVISOR, "chat", 2);

  g_signal_connect (f.pane, "close-requested", G_CALLBACK (close_requested_cb), &requested);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.close", NULL));
  g_assert_true (requested);

  window = oc_monitor_window_new (NULL, f.client, oc_monitor_pane_get_conversation (f.pane));
  own = oc_monitor_window_get_pane (window);
  g_assert_false (oc_monitor_pane_get_detachable (own));
  g_assert_true (oc_monitor_pane_get_conversation (own) == oc_monitor_pane_get_conversation (f.pane));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "Monitor: Charged twice"));
  gtk_window_destroy (GTK_WINDOW (window));

  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("oc-transcript", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, expected_warning_cb, NULL);
  g_log_set_handler ("oc-client", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, expected_warning_cb, NULL);
  gtk_init ();

  g_test_add_func ("/monitor/history-then-live", test_history_then_live);
  g_test_add_func ("/monitor/join-send-leave", test_join_send_leave);
  g_test_add_func ("/monitor/viewer-cannot-join", test_viewer_cannot_join);
  g_test_add_func ("/monitor/ended", test_ended);
  g_test_add_func ("/monitor/restart-resumes", test_restart_resumes);
  g_test_add_func ("/monitor/clear", test_clear);
  g_test_add_func ("/monitor/close-and-window", test_close_and_window);
  g_test_add_func ("/monitor/hostile-transcript", test_hostile_transcript);

  return g_test_run ();
}
