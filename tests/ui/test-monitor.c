// SPDX-License-Identifier: GPL-3.0-or-later
/* The monitor pane against a scriptable server (tests/monitor-fake-server.c):
 * history then live, following the bottom, join/send/leave, viewers, the end
 * of a conversation and a server restart. The hostile transcript is in
 * test-monitor-hostile.c, the reference server in test-monitor-server.c. */

#include "config.h"

#include "oc-client.h"
#include "oc-message-row.h"
#include "oc-test-util.h"

#include <gtk/gtk.h>

#include "monitor-fake-server.h"
#include "monitor-test-util.h"
#include "oc-clock.h"
#include "oc-format.h"
#include "oc-monitor-window.h"

static void
fixture_open (Fixture    *f,
              OcRole      role,
              const char *channel,
              guint       n_history)
{
  g_autofree char *url = NULL;

  f->server = fake_server_new (role, channel);
  for (guint i = 0; i < n_history; i++)
    {
      g_autofree char *text = g_strdup_printf ("History line %u", i + 1);
      fake_server_add_message (f->server, i % 2 ? "agent" : "customer",
                               i % 2 ? "Amina Hassan" : "Zoë Ødegård", "text", text);
    }

  url = fake_server_get_url (f->server);
  fixture_connect (f, url, "test-token");
  oc_monitor_pane_set_conversation (f->pane, oc_conversation_store_lookup (f->store, FAKE_CONVERSATION_ID));
  wait_until (transcript_live, f);
  settle (f);
}

static void
fixture_close (Fixture *f)
{
  fixture_disconnect (f);
  fake_server_free (f->server);
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
  g_assert_cmpstr (gtk_label_get_text (header_label (&f, "channel_label")), ==, "WhatsApp");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (header_label (&f, "channel_label"))), ==,
                   "Messaging · WhatsApp");

  /* Times follow the app's clock, tick by tick. */
  {
    OcClock *clock = oc_clock_get_default ();
    OcConversation *c = oc_monitor_pane_get_conversation (f.pane);
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;
    g_autofree char *wait = NULL;
    g_autofree char *handle = NULL;
    g_autofree char *later = NULL;

    oc_clock_freeze_at (clock, now);
    wait = oc_format_duration (oc_conversation_get_wait_time (c, now));
    handle = oc_format_duration (oc_conversation_get_handle_time (c, now));
    g_assert_cmpstr (gtk_label_get_text (header_label (&f, "wait_label")), ==, wait);
    g_assert_cmpstr (gtk_label_get_text (header_label (&f, "handle_label")), ==, handle);

    oc_clock_freeze_at (clock, now + 3600);
    later = oc_format_duration (oc_conversation_get_handle_time (c, now + 3600));
    g_assert_cmpstr (gtk_label_get_text (header_label (&f, "handle_label")), ==, later);
    g_assert_cmpstr (later, !=, handle);
    oc_clock_freeze_at (clock, 0);
  }

  /* It opened at the newest message. */
  g_assert_true (at_bottom (&f));
  g_assert_nonnull (find_row (&f, 40));

  /* Live messages arrive in order and the view follows them. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("Live line %u", i + 1);
      fake_server_add_message (f.server, "customer", "Zoë Ødegård", "text", text);
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
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       oc_message_row_get_accessible_text (row));
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->new_messages_revealer));

  /* Scrolled up, new messages are counted on a button instead. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (f.pane->scrolled_window), 0);
  settle (&f);
  g_assert_false (_oc_monitor_pane_get_following (f.pane));
  for (guint i = 0; i < 3; i++)
    fake_server_add_message (f.server, "agent", "Amina Hassan", "text", "While you were up there");
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
error_shown (Fixture *f)
{
  return gtk_revealer_get_reveal_child (f->pane->error_revealer) && !f->pane->send_pending;
}

static gboolean
entry_empty (Fixture *f)
{
  return gtk_editable_get_text (GTK_EDITABLE (f->pane->entry))[0] == '\0';
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
  fake_server_refuse_next_message (f.server, 429, "rate-limited", "Too many messages; wait a second.");
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
  wait_until (left, &f);
  settle (&f);
  g_assert_true (gtk_widget_get_visible (f.pane->join_button));
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->composer_revealer));

  fixture_close (&f);
}

/* The row of @seq is realized and drawn inside the transcript's viewport:
 * not merely in the model, or above or below what the reader sees. */
static gboolean
row_in_view (Fixture *f,
             gint64   seq)
{
  OcMessageRow *row = find_row (f, seq);
  graphene_rect_t bounds;
  int height = gtk_widget_get_height (GTK_WIDGET (f->pane->scrolled_window));

  if (row == NULL || !gtk_widget_get_mapped (GTK_WIDGET (row))
      || !gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (f->pane->scrolled_window), &bounds))
    return FALSE;

  return bounds.size.height > 0
         && bounds.origin.y >= -1.0
         && bounds.origin.y + bounds.size.height <= height + 1.0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
flag_set (gboolean *flag)
{
  return *flag;
}

/* Runs until the frame clock has painted once more: whatever arrived before
 * is in that frame, or it is late. */
static void
one_frame (Fixture *f)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->pane));
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  gtk_widget_queue_draw (GTK_WIDGET (f->pane));
  wait_until (flag_set, &painted);
  g_signal_handler_disconnect (clock, id);
}

static gboolean
has_n_messages (Fixture *f)
{
  return n_messages (f) == (guint) GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->pane), "want"));
}

static void
wait_for_n_messages (Fixture *f,
                     guint    n)
{
  g_object_set_data (G_OBJECT (f->pane), "want", GUINT_TO_POINTER (n));
  wait_until (has_n_messages, f);
}

/* The wheel (or a touchpad) over the transcript, as GtkScrolledWindow gets
 * it: its scroll controller's signal. */
static void
wheel (Fixture *f,
       double   dy)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->pane->scrolled_window));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      /* The bubble-phase one scrolls; the capture-phase one only tracks
       * kinetic scrolling. */
      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller)
          && gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_BUBBLE)
        {
          g_signal_emit_by_name (controller, "scroll", 0.0, dy, &handled);
          break;
        }
    }
  g_assert_true (handled);
}

static void
test_follow_newest (void)
{
  Fixture f = { 0, };
  GtkAdjustment *adj;
  double value;

  fixture_open (&f, OC_ROLE_SUPERVISOR, "chat", 40);
  adj = gtk_scrolled_window_get_vadjustment (f.pane->scrolled_window);

  /* It opens at the newest line, drawn in the viewport, not at the oldest. */
  g_assert_true (at_bottom (&f));
  g_assert_true (row_in_view (&f, 40));
  g_assert_false (row_in_view (&f, 1));

  /* A new line is laid out and drawn in the frame it arrives. */
  fake_server_add_message (f.server, "customer", "Zoë Ødegård", "text", "Are you there?");
  wait_for_n_messages (&f, 41);
  one_frame (&f);
  g_assert_true (row_in_view (&f, 41));
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj),
                                  gtk_adjustment_get_upper (adj), 2.0);

  /* The wheel scrolls up: the rows move, and following stops. */
  for (guint i = 0; i < 4; i++)
    {
      wheel (&f, -3.0);
      settle (&f);
    }
  g_assert_false (row_in_view (&f, 41));
  g_assert_false (at_bottom (&f));
  g_assert_false (_oc_monitor_pane_get_following (f.pane));

  /* Scrolled up, a new line does not move the view; the pill counts it. */
  value = gtk_adjustment_get_value (adj);
  fake_server_add_message (f.server, "agent", "Amina Hassan", "text", "One moment");
  wait_for_n_messages (&f, 42);
  settle (&f);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adj), value, 0.5);
  g_assert_false (row_in_view (&f, 42));
  g_assert_true (gtk_revealer_get_reveal_child (f.pane->new_messages_revealer));
  g_assert_cmpstr (gtk_button_get_label (f.pane->new_messages_button), ==, "1 new message");

  /* The pill scrolls down to the newest line and follows again. */
  g_signal_emit_by_name (f.pane->new_messages_button, "clicked");
  settle (&f);
  g_assert_true (row_in_view (&f, 42));
  g_assert_true (_oc_monitor_pane_get_following (f.pane));
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->new_messages_revealer));

  /* The wheel down from higher up reaches the bottom and follows again. */
  wheel (&f, -6.0);
  settle (&f);
  g_assert_false (row_in_view (&f, 42));
  for (guint i = 0; i < 20 && !at_bottom (&f); i++)
    {
      wheel (&f, 3.0);
      settle (&f);
    }
  g_assert_true (row_in_view (&f, 42));
  g_assert_true (_oc_monitor_pane_get_following (f.pane));

  /* Keys: Page Up is the scrolled window's "scroll-child" binding; Ctrl+End
   * jumps back to the newest line. */
  {
    gboolean moved = FALSE;

    g_signal_emit_by_name (f.pane->scrolled_window, "scroll-child", GTK_SCROLL_PAGE_BACKWARD, FALSE, &moved);
    g_assert_true (moved);
    settle (&f);
    g_assert_false (row_in_view (&f, 42));
    g_assert_false (_oc_monitor_pane_get_following (f.pane));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.scroll-to-bottom", NULL));
    settle (&f);
    g_assert_true (row_in_view (&f, 42));
  }

  /* After Join, the "joined" line and the supervisor's own message are drawn
   * in the frame they arrive, with no resize. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join-confirm", NULL));
  wait_until (has_joined_note, &f);
  one_frame (&f);
  g_assert_true (row_in_view (&f, last_seq (&f)));
  wait_until (joined, &f);
  settle (&f);
  gtk_editable_set_text (GTK_EDITABLE (f.pane->entry), "Please hold on <3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.send", NULL));
  wait_until (has_hold_message, &f);
  one_frame (&f);
  g_assert_true (row_in_view (&f, oc_message_get_seq (find_message (&f, OC_SENDER_SUPERVISOR, "Please hold on <3"))));

  fixture_close (&f);
}

static void
test_viewer_cannot_join (void)
{
  Fixture f = { 0, };
  const char *tooltip;

  fixture_open (&f, OC_ROLE_VIEWER, "voice", 2);

  g_assert_cmpint (oc_source_get_role (OC_SOURCE (f.client)), ==, OC_ROLE_VIEWER);
  /* A disabled action does nothing when activated. */
  gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join", NULL);
  g_assert_false (f.pane->confirming);
  g_assert_false (gtk_widget_get_sensitive (f.pane->join_button));
  tooltip = gtk_widget_get_tooltip_text (f.pane->join_button);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "Viewers"));
  gtk_test_accessible_assert_property (f.pane->join_button, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip);
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
  fake_server_end (f.server, "force-closed");
  wait_until (transcript_ended, &f);
  settle (&f);

  g_assert_true (gtk_revealer_get_reveal_child (f.pane->banner_revealer));
  banner = gtk_label_get_text (f.pane->banner_label);
  g_assert_true (g_str_has_prefix (banner, "This conversation was closed by a supervisor"));
  /* The transcript stays readable. */
  g_assert_cmpuint (n_messages (&f), ==, 12);
  g_assert_nonnull (find_row (&f, 12));
  g_assert_false (gtk_widget_get_sensitive (f.pane->join_button));

  /* The header no longer looks live: it says Closed, and its times stand
   * still however far the clock moves. */
  {
    OcClock *clock = oc_clock_get_default ();
    g_autofree char *handle = g_strdup (gtk_label_get_text (header_label (&f, "handle_label")));
    g_autofree char *wait = g_strdup (gtk_label_get_text (header_label (&f, "wait_label")));

    g_assert_cmpstr (gtk_label_get_text (header_label (&f, "status_label")), ==, "Closed");
    oc_clock_freeze_at (clock, g_get_real_time () / G_USEC_PER_SEC + 3600);
    oc_monitor_header_refresh (f.pane->header);
    g_assert_cmpstr (gtk_label_get_text (header_label (&f, "handle_label")), ==, handle);
    g_assert_cmpstr (gtk_label_get_text (header_label (&f, "wait_label")), ==, wait);
    oc_clock_freeze_at (clock, 0);
  }

  fixture_close (&f);
}

static void
test_removed (void)
{
  Fixture f = { 0, };

  fixture_open (&f, OC_ROLE_SUPERVISOR, "chat", 5);
  gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.join", NULL);
  g_assert_true (gtk_revealer_get_reveal_child (f.pane->confirm_revealer));

  /* Only the events stream says so: the store drops it, the pane follows. */
  fake_server_remove (f.server, "expired");
  wait_until (transcript_ended, &f);
  settle (&f);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (f.pane->banner_label),
                                   "This conversation left the live set after 24 hours"));
  g_assert_false (gtk_revealer_get_reveal_child (f.pane->confirm_revealer));
  g_assert_false (gtk_widget_get_sensitive (f.pane->join_button));
  g_assert_cmpuint (n_messages (&f), ==, 5);
  g_assert_nonnull (find_row (&f, 5));

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
  g_assert_cmpuint (fake_server_get_n_connects (f.server), ==, 1);

  fake_server_restart (f.server, 800);
  wait_until (reconnecting, &f);
  g_assert_true (gtk_revealer_get_reveal_child (f.pane->banner_revealer));
  g_assert_cmpstr (gtk_label_get_text (f.pane->banner_label), ==, "Reconnecting…");

  /* Said while the server was down; the transcript must catch up. */
  for (guint i = 0; i < 5; i++)
    fake_server_add_message (f.server, "customer", "Zoë Ødegård", "text", "Are you still there?");

  wait_until (transcript_live, &f);
  settle (&f);
  g_assert_cmpuint (n_messages (&f), ==, 25);
  assert_seqs_contiguous (&f);
  g_assert_cmpint (fake_server_get_last_after (f.server), ==, 20);
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

static void
assert_controls_named (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget))
    {
      const char *label = gtk_button_get_label (GTK_BUTTON (widget));

      if (label == NULL && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                             GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("A %s (%s) has no accessible name", G_OBJECT_TYPE_NAME (widget),
                 gtk_widget_get_tooltip_text (widget));
      return;
    }
  if (GTK_IS_ENTRY (widget) || GTK_IS_LIST_VIEW (widget))
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_controls_named (child);
}

static void
test_accessible (void)
{
  Fixture f = { 0, };
  OcMessageRow *row;

  fixture_open (&f, OC_ROLE_SUPERVISOR, "chat", 2);
  fake_server_add_message (f.server, "system", "", "event", "The conversation was transferred to Amina.");
  wait_until (caught_up, &f);
  settle (&f);

  /* Every button, the entry and the list have a name. */
  assert_controls_named (GTK_WIDGET (f.pane));
  gtk_test_accessible_assert_property (f.pane->join_button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Join conversation");
  gtk_test_accessible_assert_property (f.pane->list_view, GTK_ACCESSIBLE_PROPERTY_LABEL, "Transcript");
  gtk_test_accessible_assert_property (f.pane->entry, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Message to send as supervisor");

  /* A message reads "<role> <name>, <time>: <text>"; a note "<role>, <time>: <text>". */
  row = find_row (&f, 1);
  {
    g_autofree char *time = oc_format_clock_time (oc_message_get_at (oc_message_row_get_message (row)));
    g_autofree char *expected = g_strdup_printf ("Customer Zoë Ødegård, %s: History line 1", time);

    gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  }
  row = find_row (&f, 3);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "event"));
  {
    g_autofree char *time = oc_format_clock_time (oc_message_get_at (oc_message_row_get_message (row)));
    g_autofree char *expected = g_strdup_printf ("System, %s: The conversation was transferred to Amina.", time);

    gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  }

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

  /* "Open in own window": a monitor window on the same conversation, and
   * the pane asks its host to close it. */
  requested = FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.pane), "monitor.detach", NULL));
  g_assert_true (requested);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    OcMonitorWindow *detached = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

        if (OC_IS_MONITOR_WINDOW (item))
          detached = OC_MONITOR_WINDOW (item);
      }
    g_assert_nonnull (detached);
    g_assert_true (oc_monitor_pane_get_conversation (oc_monitor_window_get_pane (detached))
                   == oc_monitor_pane_get_conversation (f.pane));
    /* Its own pane closes it. */
    gtk_widget_activate_action (GTK_WIDGET (oc_monitor_window_get_pane (detached)), "monitor.close", NULL);
  }

  window = oc_monitor_window_new (NULL, OC_SOURCE (f.client), oc_monitor_pane_get_conversation (f.pane));
  own = oc_monitor_window_get_pane (window);
  g_assert_false (oc_monitor_pane_get_detachable (own));
  g_assert_true (oc_monitor_pane_get_conversation (own) == oc_monitor_pane_get_conversation (f.pane));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "Monitor: Charged twice"));
  gtk_window_destroy (GTK_WINDOW (window));

  fixture_close (&f);
}

static GtkLabel *
find_label_with_text (GtkWidget  *root,
                      const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_label_with_text (c, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Right-to-left text lines up on the right of its bubble in an LTR console,
 * by its first letter (not digits or emoji). */
/* Mapped and given its size: there is something to take a picture of. */
static gboolean
laid_out (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* A sender's name keeps its natural width (up to 20 characters) beside a
 * short line, instead of shrinking to "…" (#18 point 10). */
static void
test_sender_name_width (void)
{
  static const char * const names[] = { "Sun-hee Park", "María José García-López" };
  GtkWidget *row = g_object_ref_sink (oc_message_row_new ());

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(OcMessage) message = oc_message_new (i + 1, 1700000000, OC_SENDER_CUSTOMER, names[i],
                                                     OC_MESSAGE_KIND_TEXT, "Hi");
      g_autoptr(GtkWidget) same = g_object_ref_sink (gtk_label_new (names[i]));
      int minimum, natural, whole;
      GtkLabel *label;

      oc_message_row_set_message (OC_MESSAGE_ROW (row), message);
      label = find_label_with_text (row, names[i]);
      g_assert_nonnull (label);
      gtk_widget_add_css_class (same, "heading");
      gtk_widget_measure (same, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &whole, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
      if (g_utf8_strlen (names[i], -1) <= 20)
        g_assert_cmpint (minimum, >=, whole * 9 / 10);  /* width-chars is an average width */
      else
        g_assert_cmpint (minimum, >=, whole / 2);
    }

  g_object_unref (row);
}

static void
test_rtl_text (void)
{
  static const struct { const char *text; gboolean rtl; } cases[] = {
    { "שלום, איך אפשר לעזור?", TRUE },
    { "123 مرحبا بك", TRUE },
    { "😀 ܫܠܡܐ", TRUE },
    { "Hello שלום", FALSE },
    { "42 — ok", FALSE },
    { "", FALSE },
  };
  GtkWidget *row = g_object_ref_sink (oc_message_row_new ());

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OcMessage) message = oc_message_new (i + 1, 1700000000, OC_SENDER_CUSTOMER, "Dana",
                                                     OC_MESSAGE_KIND_TEXT, cases[i].text);
      GtkLabel *label;

      g_assert_cmpint (oc_message_row_text_is_rtl (cases[i].text), ==, cases[i].rtl);
      if (cases[i].text[0] == '\0')
        continue;
      oc_message_row_set_message (OC_MESSAGE_ROW (row), message);
      label = find_label_with_text (row, cases[i].text);
      g_assert_nonnull (label);
      g_assert_cmpfloat (gtk_label_get_xalign (label), ==, cases[i].rtl ? 1.0 : 0.0);
    }

  g_object_unref (row);

  /* To look at: OC_SCREENSHOT_DIR=dir gives monitor-rtl.png. */
  if (g_getenv ("OC_SCREENSHOT_DIR") != NULL)
    {
      GtkWidget *window = gtk_window_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      g_autofree char *path = g_build_filename (g_getenv ("OC_SCREENSHOT_DIR"), "monitor-rtl.png", NULL);

      for (guint i = 0; i < 4; i++)
        {
          g_autoptr(OcMessage) message = oc_message_new (i + 1, 1700000000, i % 2 ? OC_SENDER_AGENT : OC_SENDER_CUSTOMER,
                                                         i % 2 ? "Ana" : "Dana", OC_MESSAGE_KIND_TEXT, cases[i].text);
          GtkWidget *r = oc_message_row_new ();

          oc_message_row_set_message (OC_MESSAGE_ROW (r), message);
          gtk_box_append (GTK_BOX (box), r);
        }
      gtk_window_set_child (GTK_WINDOW (window), box);
      gtk_window_set_default_size (GTK_WINDOW (window), 520, -1);
      gtk_window_present (GTK_WINDOW (window));
      wait_until (laid_out, box);
      save_screenshot (box, path);
      gtk_window_destroy (GTK_WINDOW (window));
    }
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

  g_test_add_func ("/monitor/history-then-live", test_history_then_live);
  g_test_add_func ("/monitor/join-send-leave", test_join_send_leave);
  g_test_add_func ("/monitor/follow-newest", test_follow_newest);
  g_test_add_func ("/monitor/viewer-cannot-join", test_viewer_cannot_join);
  g_test_add_func ("/monitor/ended", test_ended);
  g_test_add_func ("/monitor/removed", test_removed);
  g_test_add_func ("/monitor/restart-resumes", test_restart_resumes);
  g_test_add_func ("/monitor/clear", test_clear);
  g_test_add_func ("/monitor/close-and-window", test_close_and_window);
  g_test_add_func ("/monitor/accessible", test_accessible);
  g_test_add_func ("/monitor/rtl-text", test_rtl_text);
  g_test_add_func ("/monitor/sender-name-width", test_sender_name_width);

  return g_test_run ();
}
