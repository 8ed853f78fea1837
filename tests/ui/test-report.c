// SPDX-License-Identifier: GPL-3.0-or-later
/* The report's widgets over a store filled by hand: filters, sorting by the
 * column headers, selection that survives updates, the wait thresholds, the
 * summary strip. Needs a display (suite "ui"). */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "oc-test-util.h"

#include "oc-agent.h"
#include "oc-cell-text.h"
#include "oc-filter-bar.h"
#include "oc-format.h"
#include "oc-protocol.h"
#include "oc-queue.h"
#include "oc-report.h"
#include "oc-server-settings.h"
#include "oc-report-row.h"
#include "oc-summary-strip.h"
#include "store-test-util.h"
#include "widget-test-util.h"

#define N_CONVERSATIONS 300

typedef struct {
  OcConversationStore *store;
  OcConversationView  *view;
  OcClock             *clock;
  GtkWindow           *window;
  OcReport            *report;
  OcFilterBar         *filter_bar;
  OcSummaryStrip      *summary;
  GSettings           *server_settings;
  gint64               revision;
  gint64               now;
} Fixture;

static const char * const queues[] = { "q-billing", "q-tech", "q-sales" };
static const char * const queue_names[] = { "Billing", "Technical", "Sales" };
static const char * const agents[] = { "a-1", "a-2", "a-3", NULL };
static const char * const agent_names[] = { "Zoë", "Amina", "Bob" };
static const OcStatus statuses[] = { OC_STATUS_OPEN, OC_STATUS_ACTIVE, OC_STATUS_WAITING, OC_STATUS_WRAP_UP };
static const char * const words[] = { "Refund", "Login", "Invoice", "Delivery", "Upgrade" };

static GtkWidget *spin_widget;

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

/* Holds once two frames are painted; asks for the next one until then. */
static gboolean
painted_twice (gpointer data)
{
  guint *painted = data;

  if (*painted >= 2)
    return TRUE;
  gtk_widget_queue_draw (spin_widget);
  return FALSE;
}

/* Runs the main loop until the window has laid out and painted twice, so
 * what a test reads is what is on screen. */
static void
spin (void)
{
  GdkFrameClock *clock;
  guint painted = 0;
  gulong id;

  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (spin_widget == NULL || (clock = gtk_widget_get_frame_clock (spin_widget)) == NULL)
    return;

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  /* Gives up quietly: a test then asserts on what is there. */
  oc_test_wait_until (painted_twice, &painted, 5000);
  g_signal_handler_disconnect (clock, id);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static void
spin_until_drawn (Fixture *f)
{
  g_assert_true (oc_test_wait_until (is_mapped, f->report, 10000));
  spin ();
}

static OcConversation *
make_conversation (Fixture *f,
                   guint    i)
{
  g_autofree char *id = g_strdup_printf ("c-%04u", i);
  g_autofree char *subject = g_strdup_printf ("%s %u", words[i % G_N_ELEMENTS (words)], i);
  g_autofree char *customer = g_strdup_printf ("Customer %u", (i * 7) % 101);
  OcStatus status = statuses[i % G_N_ELEMENTS (statuses)];
  const char *agent = status == OC_STATUS_OPEN ? NULL : agents[i % 3];
  OcConversation *c = test_conversation_new (id, status, queues[i % 3], agent, f->now - 600 - i);

  oc_conversation_set_subject (c, subject);
  oc_conversation_set_customer_name (c, customer);
  oc_conversation_set_channel (c, 1 + (i / 4) % 3);
  oc_conversation_set_sentiment (c, i % 8);
  if (oc_conversation_get_channel (c) == OC_CHANNEL_MESSAGING)
    oc_conversation_set_sub_channel (c, "whatsapp");
  if (status == OC_STATUS_OPEN || status == OC_STATUS_WAITING)
    oc_conversation_set_waiting_since (c, f->now - (i * 13) % 900);
  if (agent != NULL)
    oc_conversation_set_first_assigned_at (c, f->now - 300);

  return c;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) unused = NULL;
  OcSnapshot *snapshot;
  GtkWidget *box;

  oc_test_reset_settings (APP_ID);
  f->server_settings = oc_server_settings_new ("demo");
  oc_test_reset_all_keys (f->server_settings);

  f->now = g_get_real_time () / G_USEC_PER_SEC;
  f->revision = 10;
  f->store = oc_conversation_store_new ();
  f->view = oc_conversation_view_new (f->store);
  f->clock = oc_clock_new ();
  oc_clock_freeze_at (f->clock, f->now);

  snapshot = test_snapshot_new (f->revision);
  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    {
      OcQueue *queue = oc_queue_new (queues[i]);
      oc_queue_set_name (queue, queue_names[i]);
      g_ptr_array_add (snapshot->queues, queue);
    }
  for (guint i = 0; agents[i]; i++)
    {
      OcAgent *agent = oc_agent_new (agents[i]);
      oc_agent_set_name (agent, agent_names[i]);
      g_ptr_array_add (snapshot->agents, agent);
    }
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    g_ptr_array_add (snapshot->conversations, make_conversation (f, i));
  oc_conversation_store_load_snapshot (f->store, snapshot);
  test_snapshot_free (snapshot);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 700);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  f->summary = oc_summary_strip_new ();
  f->filter_bar = oc_filter_bar_new ();
  f->report = oc_report_new ();
  gtk_widget_set_vexpand (GTK_WIDGET (f->report), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->summary));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->filter_bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->report));
  gtk_window_set_child (f->window, box);

  oc_report_set_clock (f->report, f->clock);
  oc_summary_strip_set_clock (f->summary, f->clock);
  oc_filter_bar_set_settings (f->filter_bar, f->server_settings);
  oc_report_set_server_settings (f->report, f->server_settings);
  oc_filter_bar_set_view (f->filter_bar, f->view);
  oc_report_set_view (f->report, f->view);
  oc_summary_strip_set_view (f->summary, f->view);

  gtk_window_present (f->window);
  spin_widget = GTK_WIDGET (f->window);
  spin_until_drawn (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  spin_widget = NULL;
  gtk_window_destroy (f->window);
  spin ();
  g_clear_object (&f->view);
  g_clear_object (&f->store);
  g_clear_object (&f->clock);
  g_clear_object (&f->server_settings);
}

static guint
n_shown (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->view));
}

static OcConversation *
shown_at (Fixture *f,
          guint    position)
{
  g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (f->view), position);
  return c;  /* the store keeps it alive */
}

/* The conversations the column view itself was handed. */
static guint
n_in_column_view (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (oc_report_get_column_view (f->report))));
}

/* The visible cell of @column showing @conversation, if any. */
static OcReportCell *
find_cell (Fixture        *f,
           OcConversation *conversation,
           OcReportColumn  column)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  collect_report_cells (GTK_WIDGET (oc_report_get_column_view (f->report)), cells);
  if (g_getenv ("DEBUG_CELLS"))
    for (guint i = 0; i < cells->len; i++)
      g_printerr ("cell %s col %d pos %u: %s\n",
                  oc_conversation_get_id (oc_report_cell_get_conversation (cells->pdata[i])),
                  oc_report_cell_get_column (cells->pdata[i]),
                  oc_conversation_view_get_position (f->view, oc_report_cell_get_conversation (cells->pdata[i])),
                  oc_report_cell_get_text (cells->pdata[i]));
  for (guint i = 0; i < cells->len; i++)
    {
      OcReportCell *cell = g_ptr_array_index (cells, i);
      if (oc_report_cell_get_conversation (cell) == conversation &&
          oc_report_cell_get_column (cell) == column)
        return cell;
    }

  return NULL;
}

/* The label of a filter's check button for @id, as the popover shows it. */
static const char *
find_check_label (GtkWidget  *widget,
                  const char *id)
{
  if (GTK_IS_CHECK_BUTTON (widget) &&
      g_strcmp0 (g_object_get_data (G_OBJECT (widget), "oc-choice-id"), id) == 0)
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *label = find_check_label (child, id);
      if (label != NULL)
        return label;
    }
  return NULL;
}

static const char *
choice_label (OcFilterButton *button,
              const char     *id)
{
  GtkWidget *menu_button = gtk_widget_get_first_child (GTK_WIDGET (button));

  g_ptr_array_unref (oc_filter_button_refresh (button));
  return find_check_label (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))), id);
}

typedef struct {
  OcFilterButton *button;
  const char     *text;
} LabelWait;

static gboolean
chat_label_is (gpointer data)
{
  LabelWait *wait = data;
  GtkWidget *menu_button = gtk_widget_get_first_child (GTK_WIDGET (wait->button));

  /* Read without refreshing: only the open popover's own updates count. */
  return g_strcmp0 (find_check_label (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))), "chat"),
                    wait->text) == 0;
}

static guint
choice_count (GPtrArray  *choices,
              const char *id)
{
  for (guint i = 0; i < choices->len; i++)
    if (g_str_equal (((OcFilterChoice *) choices->pdata[i])->id, id))
      return ((OcFilterChoice *) choices->pdata[i])->count;
  g_assert_not_reached ();
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  OcFilterButton *queue = oc_filter_bar_get_button (f->filter_bar, OC_FILTER_QUEUE);
  OcFilterButton *channel = oc_filter_bar_get_button (f->filter_bar, OC_FILTER_CHANNEL);
  OcFilterButton *agent = oc_filter_bar_get_button (f->filter_bar, OC_FILTER_AGENT);
  OcFilterButton *status = oc_filter_bar_get_button (f->filter_bar, OC_FILTER_STATUS);
  g_autoptr(GPtrArray) choices = NULL;
  GSettings *settings = f->server_settings;
  g_auto(GStrv) saved = NULL;
  g_autofree char *label = NULL;
  guint expected = 0;

  g_assert_cmpuint (n_shown (f), ==, N_CONVERSATIONS);
  g_assert_cmpstr (oc_filter_bar_get_shown_text (f->filter_bar), ==, "300 of 300 shown");

  /* The queue choices list every queue with its count, by name. */
  choices = oc_filter_button_refresh (queue);
  g_assert_cmpuint (choices->len, ==, 3);
  g_assert_cmpstr (((OcFilterChoice *) choices->pdata[0])->label, ==, "Billing");
  g_assert_cmpuint (((OcFilterChoice *) choices->pdata[0])->count, ==, N_CONVERSATIONS / 3);

  oc_filter_button_toggle (queue, "q-tech");
  spin ();
  g_assert_cmpuint (n_shown (f), ==, N_CONVERSATIONS / 3);
  g_assert_cmpuint (n_in_column_view (f), ==, N_CONVERSATIONS / 3);
  for (guint i = 0; i < n_shown (f); i++)
    g_assert_cmpstr (oc_conversation_get_queue_id (shown_at (f, i)), ==, "q-tech");
  g_assert_cmpstr (oc_filter_button_get_summary (queue), ==, "Queue: Technical");
  g_assert_cmpstr (oc_filter_bar_get_shown_text (f->filter_bar), ==, "100 of 300 shown");
  saved = g_settings_get_strv (settings, "filter-queues");
  g_assert_cmpstrv (saved, ((const char * const[]) { "q-tech", NULL }));

  /* Channel narrows further: voice only. */
  oc_filter_button_toggle (channel, "voice");
  spin ();
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    if (i % 3 == 1 && 1 + (i / 4) % 3 == OC_CHANNEL_VOICE)
      expected++;
  g_assert_cmpuint (n_shown (f), ==, expected);
  for (guint i = 0; i < n_shown (f); i++)
    g_assert_cmpint (oc_conversation_get_channel (shown_at (f, i)), ==, OC_CHANNEL_VOICE);

  /* The counts are faceted: the queue counts are voice only now, while the
   * channel counts follow the queue but not the channel's own choice. */
  {
    guint billing_voice = 0, tech_chat = 0;
    g_autofree char *text = NULL;

    for (guint i = 0; i < N_CONVERSATIONS; i++)
      {
        billing_voice += i % 3 == 0 && 1 + (i / 4) % 3 == OC_CHANNEL_VOICE;
        tech_chat += i % 3 == 1 && 1 + (i / 4) % 3 == OC_CHANNEL_CHAT;
      }
    g_clear_pointer (&choices, g_ptr_array_unref);
    choices = oc_filter_button_refresh (queue);
    g_assert_cmpuint (choice_count (choices, "q-tech"), ==, expected);
    g_assert_cmpuint (choice_count (choices, "q-billing"), ==, billing_voice);
    g_clear_pointer (&choices, g_ptr_array_unref);
    choices = oc_filter_button_refresh (channel);
    g_assert_cmpuint (choice_count (choices, "voice"), ==, expected);
    g_assert_cmpuint (choice_count (choices, "chat"), ==, tech_chat);
    text = g_strdup_printf ("Chat (%u)", tech_chat);
    g_assert_cmpstr (choice_label (channel, "chat"), ==, text);

    /* While the choices are open their counts follow the floor, in place:
     * a technical chat closes and "Chat" says one fewer. */
    {
      GtkWidget *menu_button = gtk_widget_get_first_child (GTK_WIDGET (channel));
      GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
      GPtrArray *events = g_ptr_array_new ();
      g_autofree char *fewer = g_strdup_printf ("Chat (%u)", tech_chat - 1);
      g_autofree char *closed_id = NULL;

      for (guint i = 0; i < N_CONVERSATIONS && closed_id == NULL; i++)
        if (i % 3 == 1 && 1 + (i / 4) % 3 == OC_CHANNEL_CHAT)
          closed_id = g_strdup_printf ("c-%04u", i);
      OcConversation *back;  /* the upsert event takes it */

      g_assert_nonnull (oc_conversation_store_lookup (f->store, closed_id));
      back = test_conversation_copy (oc_conversation_store_lookup (f->store, closed_id));
      gtk_popover_popup (popover);
      spin ();
      g_ptr_array_add (events, test_event_removed (++f->revision, closed_id, "closed"));
      g_assert_cmpuint (test_apply (f->store, events), ==, 1);
      g_assert_true (oc_test_wait_until (chat_label_is, &(LabelWait) { channel, fewer }, 5000));
      gtk_popover_popdown (popover);
      spin ();

      /* Back as it was, for what follows. */
      events = g_ptr_array_new ();
      oc_conversation_set_revision (back, ++f->revision);
      g_ptr_array_add (events, test_event_upsert (f->revision, back));
      g_assert_cmpuint (test_apply (f->store, events), ==, 1);
      spin ();
    }
  }

  /* Agent "Unassigned" over everything: only open conversations have none. */
  oc_filter_bar_clear (f->filter_bar);
  spin ();
  g_assert_cmpuint (n_shown (f), ==, N_CONVERSATIONS);
  oc_filter_button_toggle (agent, OC_FILTER_UNASSIGNED);
  spin ();
  g_assert_cmpuint (n_shown (f), ==, N_CONVERSATIONS / 4);
  for (guint i = 0; i < n_shown (f); i++)
    g_assert_null (oc_conversation_get_agent_id (shown_at (f, i)));

  /* Plus one agent. */
  oc_filter_button_toggle (agent, "a-2");
  spin ();
  for (guint i = 0; i < n_shown (f); i++)
    {
      const char *id = oc_conversation_get_agent_id (shown_at (f, i));
      g_assert_true (id == NULL || g_str_equal (id, "a-2"));
    }
  g_assert_cmpuint (n_shown (f), >, N_CONVERSATIONS / 4);

  /* Status. */
  oc_filter_bar_clear (f->filter_bar);
  oc_filter_button_toggle (status, "wrap-up");
  spin ();
  g_assert_cmpuint (n_shown (f), ==, N_CONVERSATIONS / 4);
  for (guint i = 0; i < n_shown (f); i++)
    g_assert_cmpint (oc_conversation_get_status (shown_at (f, i)), ==, OC_STATUS_WRAP_UP);

  /* Search over subject, customer and agent name. */
  oc_filter_bar_clear (f->filter_bar);
  gtk_editable_set_text (oc_filter_bar_get_search_entry (f->filter_bar), "invoice");
  g_signal_emit_by_name (oc_filter_bar_get_search_entry (f->filter_bar), "search-changed");
  spin ();
  g_assert_cmpuint (n_shown (f), ==, N_CONVERSATIONS / G_N_ELEMENTS (words));
  gtk_editable_set_text (oc_filter_bar_get_search_entry (f->filter_bar), "amina");
  g_signal_emit_by_name (oc_filter_bar_get_search_entry (f->filter_bar), "search-changed");
  spin ();
  g_assert_cmpuint (n_shown (f), >, 0);
  for (guint i = 0; i < n_shown (f); i++)
    g_assert_cmpstr (oc_conversation_get_agent_id (shown_at (f, i)), ==, "a-2");

  /* Label follows. */
  label = g_strdup_printf ("%u of 300 shown", n_shown (f));
  g_assert_cmpstr (oc_filter_bar_get_shown_text (f->filter_bar), ==, label);
}

static void
test_sort_by_header (Fixture       *f,
                     gconstpointer  data)
{
  GtkColumnView *column_view = oc_report_get_column_view (f->report);
  GSettings *settings = f->server_settings;
  g_autofree char *sort_column = NULL;

  /* Default: longest wait first. */
  g_assert_cmpint (oc_conversation_view_get_sort_column (f->view), ==, OC_SORT_WAIT);
  for (guint i = 1; i < n_shown (f); i++)
    {
      OcConversation *a = shown_at (f, i - 1), *b = shown_at (f, i);
      if (oc_conversation_is_waiting (a) && oc_conversation_is_waiting (b))
        g_assert_cmpint (oc_conversation_get_wait_time (a, f->now), >=, oc_conversation_get_wait_time (b, f->now));
    }

  gtk_column_view_sort_by_column (column_view, oc_report_get_column (f->report, OC_REPORT_COLUMN_CREATED),
                                  GTK_SORT_ASCENDING);
  spin ();
  g_assert_cmpint (oc_conversation_view_get_sort_column (f->view), ==, OC_SORT_CREATED);
  g_assert_false (oc_conversation_view_get_sort_descending (f->view));
  for (guint i = 1; i < n_shown (f); i++)
    g_assert_cmpint (oc_conversation_get_created_at (shown_at (f, i - 1)), <=,
                     oc_conversation_get_created_at (shown_at (f, i)));

  gtk_column_view_sort_by_column (column_view, oc_report_get_column (f->report, OC_REPORT_COLUMN_CREATED),
                                  GTK_SORT_DESCENDING);
  spin ();
  g_assert_true (oc_conversation_view_get_sort_descending (f->view));
  for (guint i = 1; i < n_shown (f); i++)
    g_assert_cmpint (oc_conversation_get_created_at (shown_at (f, i - 1)), >=,
                     oc_conversation_get_created_at (shown_at (f, i)));

  /* Agents by name, as read: Amina, Bob, Zoë, then unassigned. */
  gtk_column_view_sort_by_column (column_view, oc_report_get_column (f->report, OC_REPORT_COLUMN_AGENT),
                                  GTK_SORT_ASCENDING);
  spin ();
  g_assert_cmpstr (oc_conversation_get_agent_id (shown_at (f, 0)), ==, "a-2");
  g_assert_cmpstr (oc_conversation_get_agent_id (shown_at (f, N_CONVERSATIONS * 3 / 4 - 1)), ==, "a-1");
  g_assert_null (oc_conversation_get_agent_id (shown_at (f, N_CONVERSATIONS - 1)));

  /* What the top row shows is what the model says. */
  spin ();
  {
    OcReportCell *cell = find_cell (f, shown_at (f, 0), OC_REPORT_COLUMN_AGENT);
    g_assert_nonnull (cell);
    g_assert_cmpstr (oc_report_cell_get_text (cell), ==, "Amina");
  }

  sort_column = g_settings_get_string (settings, "sort-column");
  g_assert_cmpstr (sort_column, ==, "agent");

  /* The same from the keyboard: the Sort By menu's actions. */
  g_action_group_change_action_state (oc_report_get_column_actions (f->report), "sort-by",
                                      g_variant_new_string ("customer"));
  g_action_group_change_action_state (oc_report_get_column_actions (f->report), "sort-descending",
                                      g_variant_new_boolean (TRUE));
  spin ();
  g_assert_cmpint (oc_conversation_view_get_sort_column (f->view), ==, OC_SORT_CUSTOMER);
  g_assert_true (oc_conversation_view_get_sort_descending (f->view));
  for (guint i = 1; i < n_shown (f); i++)
    g_assert_cmpint (g_ascii_strcasecmp (oc_conversation_get_customer_name (shown_at (f, i - 1)),
                                         oc_conversation_get_customer_name (shown_at (f, i))), >=, 0);
}

static void
set_watchers (Fixture    *f,
              const char *id,
              guint       n)
{
  static const char * const users[] = { "kim", "sam", "ola" };
  g_autoptr(GPtrArray) watchers = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (watchers, oc_watcher_new (users[i], TRUE, FALSE));
  g_assert_true (oc_conversation_store_set_watchers (f->store, id, watchers));
}

/* The Watching column (#22) sorts from its header menu's Sort By (the
 * header click is the e2e test's: GTK 4 cannot fake a button here), and a
 * presence change moves its row at once, as a record's change would. */
static void
test_sort_by_watchers (Fixture       *f,
                       gconstpointer  data)
{
  GActionGroup *actions = oc_report_get_column_actions (f->report);
  OcConversation *two = oc_conversation_store_lookup (f->store, "c-0010");
  OcConversation *one = oc_conversation_store_lookup (f->store, "c-0020");
  OcConversation *three = oc_conversation_store_lookup (f->store, "c-0030");
  g_autofree char *sort_column = NULL;

  set_watchers (f, "c-0010", 2);
  set_watchers (f, "c-0020", 1);
  spin_until_drawn (f);

  g_action_group_change_action_state (actions, "sort-descending", g_variant_new_boolean (FALSE));
  g_action_group_change_action_state (actions, "sort-by", g_variant_new_string ("watchers"));
  spin ();
  g_assert_cmpint (oc_conversation_view_get_sort_column (f->view), ==, OC_SORT_WATCHERS);
  g_assert_false (oc_conversation_view_get_sort_descending (f->view));
  g_assert_true (shown_at (f, N_CONVERSATIONS - 1) == two);
  g_assert_true (shown_at (f, N_CONVERSATIONS - 2) == one);
  sort_column = g_settings_get_string (f->server_settings, "sort-column");
  g_assert_cmpstr (sort_column, ==, "watchers");

  /* Descending: the most watched first. */
  g_action_group_change_action_state (actions, "sort-descending", g_variant_new_boolean (TRUE));
  spin ();
  g_assert_true (oc_conversation_view_get_sort_descending (f->view));
  g_assert_true (shown_at (f, 0) == two);
  g_assert_true (shown_at (f, 1) == one);

  set_watchers (f, "c-0030", 3);
  g_assert_true (shown_at (f, 0) == three);
  g_assert_true (shown_at (f, 1) == two);
  oc_conversation_store_clear_watchers (f->store);
  g_assert_cmpuint (oc_conversation_get_n_watchers (shown_at (f, 0)), ==, 0);
  for (guint i = 1; i < n_shown (f); i++)
    g_assert_cmpstr (oc_conversation_get_id (shown_at (f, i - 1)), >, oc_conversation_get_id (shown_at (f, i)));
}

static void
test_selection_survives_updates (Fixture       *f,
                                 gconstpointer  data)
{
  GtkColumnView *column_view = oc_report_get_column_view (f->report);
  GtkSelectionModel *selection = gtk_column_view_get_model (column_view);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  OcConversation *selected;
  guint moves = 0;

  gtk_column_view_sort_by_column (column_view, oc_report_get_column (f->report, OC_REPORT_COLUMN_SUBJECT),
                                  GTK_SORT_ASCENDING);
  spin ();

  selected = shown_at (f, 5);
  g_assert_true (oc_report_select (f->report, selected));
  spin ();
  g_assert_true (oc_report_get_selected (f->report) == selected);

  for (guint i = 0; i < 1000; i++)
    {
      /* Rename a random row, the selected one every tenth time, so rows move
       * around it and it moves itself. */
      guint index = i % 10 == 0 ? 5 : (guint) g_rand_int_range (rand, 0, N_CONVERSATIONS);
      g_autofree char *id = g_strdup_printf ("c-%04u", index);
      OcConversation *current = oc_conversation_store_lookup (f->store, id);
      OcConversation *copy = test_conversation_copy (current);
      g_autofree char *subject = g_strdup_printf ("%c update %u", 'A' + g_rand_int_range (rand, 0, 26), i);
      GPtrArray *events = g_ptr_array_new ();
      guint before = oc_conversation_view_get_position (f->view, selected);

      oc_conversation_set_subject (copy, subject);
      oc_conversation_set_revision (copy, ++f->revision);
      g_ptr_array_add (events, test_event_upsert (f->revision, copy));
      g_assert_cmpuint (test_apply (f->store, events), ==, 1);

      moves += before != oc_conversation_view_get_position (f->view, selected);

      g_assert_true (oc_report_get_selected (f->report) == selected);
      g_assert_cmpuint (oc_report_get_n_selected (f->report), ==, 1);
      g_assert_true (gtk_selection_model_is_selected (selection,
                                                      oc_conversation_view_get_position (f->view, selected)));

      if (i % 100 == 0)
        spin ();
    }

  /* It really moved, and it is on screen where it went. */
  g_assert_cmpuint (moves, >, 50);
  spin ();
  g_assert_nonnull (find_cell (f, selected, OC_REPORT_COLUMN_SUBJECT));
  g_assert_cmpstr (oc_report_cell_get_text (find_cell (f, selected, OC_REPORT_COLUMN_SUBJECT)), ==,
                   oc_conversation_get_subject (selected));
}

/* Several rows picked (as Ctrl+click does) stay selected, each where it
 * moves, while the report keeps moving rows around them (#21). */
static void
test_multi_selection_survives_moves (Fixture       *f,
                                     gconstpointer  data)
{
  GtkColumnView *column_view = oc_report_get_column_view (f->report);
  GtkSelectionModel *selection = gtk_column_view_get_model (column_view);
  static const guint picked[] = { 2, 5, 17, 40, 41 };
  OcConversation *chosen[G_N_ELEMENTS (picked)];
  g_autoptr(GRand) rand = g_rand_new_with_seed (21);
  guint moves = 0;

  gtk_column_view_sort_by_column (column_view, oc_report_get_column (f->report, OC_REPORT_COLUMN_SUBJECT),
                                  GTK_SORT_ASCENDING);
  spin ();

  for (guint k = 0; k < G_N_ELEMENTS (picked); k++)
    {
      chosen[k] = shown_at (f, picked[k]);
      g_assert_true (gtk_selection_model_select_item (selection, picked[k], FALSE));
    }
  spin ();
  g_assert_cmpuint (oc_report_get_n_selected (f->report), ==, G_N_ELEMENTS (picked));
  g_assert_null (oc_report_get_selected (f->report));

  for (guint i = 0; i < 1000; i++)
    {
      /* A chosen row every fourth time, so they move and rows move past them. */
      OcConversation *target = i % 4 == 0 ? chosen[(i / 4) % G_N_ELEMENTS (picked)]
                                          : shown_at (f, g_rand_int_range (rand, 0, N_CONVERSATIONS));
      OcConversation *copy = test_conversation_copy (target);
      g_autofree char *subject = g_strdup_printf ("%c moved %u", 'A' + g_rand_int_range (rand, 0, 26), i);
      GPtrArray *events = g_ptr_array_new ();
      guint before = oc_conversation_view_get_position (f->view, chosen[0]);

      oc_conversation_set_subject (copy, subject);
      oc_conversation_set_revision (copy, ++f->revision);
      g_ptr_array_add (events, test_event_upsert (f->revision, copy));
      g_assert_cmpuint (test_apply (f->store, events), ==, 1);
      moves += before != oc_conversation_view_get_position (f->view, chosen[0]);

      g_assert_cmpuint (oc_report_get_n_selected (f->report), ==, G_N_ELEMENTS (picked));
      for (guint k = 0; k < G_N_ELEMENTS (picked); k++)
        g_assert_true (gtk_selection_model_is_selected (selection,
                                                        oc_conversation_view_get_position (f->view, chosen[k])));
      if (i % 100 == 0)
        spin ();
    }
  g_assert_cmpuint (moves, >, 20);

  /* What the actions act on: the five, in the report's order. */
  {
    g_autoptr(GPtrArray) selected = oc_report_get_selection (f->report);

    g_assert_cmpuint (selected->len, ==, G_N_ELEMENTS (picked));
    for (guint k = 1; k < selected->len; k++)
      g_assert_cmpuint (oc_conversation_view_get_position (f->view, selected->pdata[k - 1]), <,
                        oc_conversation_view_get_position (f->view, selected->pdata[k]));
  }

  /* A click on one row picks only that one. */
  g_assert_true (oc_report_select (f->report, chosen[3]));
  spin ();
  g_assert_cmpuint (oc_report_get_n_selected (f->report), ==, 1);
  g_assert_true (oc_report_get_selected (f->report) == chosen[3]);
}

/* Ctrl+A in the rows selects what the filters show, not what they hide;
 * Escape lets go (#21). */
static void
test_select_all_visible (Fixture       *f,
                         gconstpointer  data)
{
  GtkColumnView *column_view = oc_report_get_column_view (f->report);
  const char *billing[] = { "q-billing", NULL };
  guint shown;

  oc_conversation_view_set_queue_filter (f->view, billing);
  spin ();
  shown = n_shown (f);
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <, N_CONVERSATIONS);

  g_assert_true (press_key_with (GTK_WIDGET (column_view), GDK_KEY_a, GDK_CONTROL_MASK));
  spin ();
  g_assert_cmpuint (oc_report_get_n_selected (f->report), ==, shown);

  /* The filter taken off: the hidden ones were not selected. */
  oc_conversation_view_set_queue_filter (f->view, NULL);
  spin ();
  g_assert_cmpuint (oc_report_get_n_selected (f->report), ==, shown);

  g_assert_true (press_key_with (GTK_WIDGET (column_view), GDK_KEY_Escape, 0));
  spin ();
  g_assert_cmpuint (oc_report_get_n_selected (f->report), ==, 0);
  g_assert_null (oc_report_get_selected (f->report));
  /* With nothing selected, Escape is someone else's. */
  g_assert_false (press_key_with (GTK_WIDGET (column_view), GDK_KEY_Escape, 0));
}

static void
test_selected_removed (Fixture       *f,
                       gconstpointer  data)
{
  OcConversation *selected = shown_at (f, 3);
  GPtrArray *events = g_ptr_array_new ();

  g_assert_true (oc_report_select (f->report, selected));
  g_assert_null (oc_report_get_toast (f->report));

  g_ptr_array_add (events, test_event_removed (++f->revision, oc_conversation_get_id (selected), "closed"));
  g_assert_cmpuint (test_apply (f->store, events), ==, 1);
  spin ();

  g_assert_null (oc_report_get_selected (f->report));
  g_assert_cmpstr (oc_report_get_toast (f->report), ==, "The selected conversation was closed");
  g_assert_cmpuint (n_shown (f), ==, N_CONVERSATIONS - 1);
}

static void
test_wait_thresholds (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  OcConversation *longest;
  OcReportCell *cell;

  /* Sorted by wait: the top row waits longest. */
  longest = shown_at (f, 0);
  g_assert_true (oc_conversation_is_waiting (longest));
  cell = find_cell (f, longest, OC_REPORT_COLUMN_WAIT);
  g_assert_nonnull (cell);

  g_settings_set_uint (settings, "wait-warning-chat", 100000);
  g_settings_set_uint (settings, "wait-critical-chat", 200000);
  g_settings_set_uint (settings, "wait-warning-messaging", 100000);
  g_settings_set_uint (settings, "wait-critical-messaging", 200000);
  g_settings_set_uint (settings, "wait-warning-voice", 100000);
  g_settings_set_uint (settings, "wait-critical-voice", 200000);
  oc_clock_freeze_at (f->clock, f->now + 1);
  spin ();
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (cell), "wait-warning"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (cell), "wait-critical"));

  /* The clock ticks past the warning: the same cell says so, with an icon. */
  g_settings_set_uint (settings, "wait-warning-chat", 1000);
  g_settings_set_uint (settings, "wait-warning-messaging", 1000);
  g_settings_set_uint (settings, "wait-warning-voice", 1000);
  oc_clock_freeze_at (f->clock, f->now + 200);
  spin ();
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cell), "wait-warning"));
  {
    g_autofree char *expected = oc_format_duration (oc_conversation_get_wait_time (longest, f->now + 200));
    g_assert_cmpstr (oc_report_cell_get_text (cell), ==, expected);
  }

  g_settings_set_uint (settings, "wait-critical-chat", 1050);
  g_settings_set_uint (settings, "wait-critical-messaging", 1050);
  g_settings_set_uint (settings, "wait-critical-voice", 1050);
  oc_clock_freeze_at (f->clock, f->now + 201);
  spin ();
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cell), "wait-critical"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (cell), "wait-warning"));
}

/* Created says the day once it is not today's, as the clock passes midnight,
 * and follows the desktop's 12/24-hour choice; the label is what a screen
 * reader reads out for the cell. */
static void
test_created_day (Fixture       *f,
                  gconstpointer  data)
{
  OcConversation *top = shown_at (f, 0);
  gint64 created = oc_conversation_get_created_at (top);
  gint64 midnight = oc_format_next_midnight (created);
  GSettings *interface = oc_format_get_interface_settings ();
  OcReportCell *cell;

  oc_clock_freeze_at (f->clock, midnight - 1);
  spin ();
  cell = find_cell (f, top, OC_REPORT_COLUMN_CREATED);
  g_assert_nonnull (cell);
  {
    g_autofree char *expected = oc_format_day_time (created, midnight - 1, OC_CLOCK_FORMAT_24H);
    g_assert_false (g_str_has_prefix (expected, "Yesterday"));
    g_assert_cmpstr (oc_report_cell_get_text (cell), ==, expected);
  }

  oc_clock_freeze_at (f->clock, midnight + 30);
  spin ();
  g_assert_true (find_cell (f, top, OC_REPORT_COLUMN_CREATED) == cell);
  {
    g_autofree char *time = oc_format_day_time (created, created, OC_CLOCK_FORMAT_24H);
    g_autofree char *expected = g_strconcat ("Yesterday ", time, NULL);
    g_assert_cmpstr (oc_report_cell_get_text (cell), ==, expected);
  }

  /* And back (a test's clock may): today's time again. */
  oc_clock_freeze_at (f->clock, created + 1);
  spin ();
  {
    g_autofree char *expected = oc_format_day_time (created, created, OC_CLOCK_FORMAT_24H);
    g_assert_cmpstr (oc_report_cell_get_text (cell), ==, expected);
  }

  if (interface == NULL)
    return;

  g_settings_set_string (interface, "clock-format", "12h");
  spin ();
  {
    g_autofree char *expected = oc_format_day_time (created, created, OC_CLOCK_FORMAT_12H);
    g_assert_true (g_str_has_suffix (expected, "AM") || g_str_has_suffix (expected, "PM"));
    g_assert_cmpstr (oc_report_cell_get_text (cell), ==, expected);
  }
  g_settings_reset (interface, "clock-format");
}

/* What a screen reader is told: names for every control, words for states. */
static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  OcFilterButton *queue = oc_filter_bar_get_button (f->filter_bar, OC_FILTER_QUEUE);
  GtkWidget *menu_button = gtk_widget_get_first_child (GTK_WIDGET (queue));
  OcConversation *top = shown_at (f, 0);
  OcReportCell *status;
  g_autofree char *expected = NULL;

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (oc_report_get_column_view (f->report)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Ongoing conversations");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (oc_filter_bar_get_search_entry (f->filter_bar)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Search conversations by subject, customer or agent");

  /* A filter button says which filter and what it is set to. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (menu_button),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Queue: All");
  oc_filter_button_toggle (queue, "q-billing");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (menu_button),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Queue: Billing");
  oc_filter_bar_clear (f->filter_bar);
  spin ();

  /* The summary reads as "Open: 75", not a bare number. */
  oc_summary_strip_get_summary (f->summary);
  expected = g_strdup_printf ("Open: %u", N_CONVERSATIONS / 4);
  {
    gboolean found = FALSE;
    /* The strip holds a wrapping box of the tiles. */
    for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (f->summary)));
         w; w = gtk_widget_get_next_sibling (w))
      {
        char *value = gtk_test_accessible_check_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
        found |= value == NULL;
        g_free (value);
      }
    g_assert_true (found);
  }

  /* Status is a word, not a colour or an icon alone. */
  status = find_cell (f, top, OC_REPORT_COLUMN_STATUS);
  g_assert_nonnull (status);
  g_assert_cmpstr (oc_report_cell_get_text (status), ==, oc_status_get_label (oc_conversation_get_status (top)));
}

static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  OcFilterButton *queue = oc_filter_bar_get_button (f->filter_bar, OC_FILTER_QUEUE);
  const OcSummary *summary = oc_summary_strip_update (f->summary);
  guint negative = 0;
  gint64 longest = 0;

  g_assert_cmpuint (summary->total, ==, N_CONVERSATIONS);
  g_assert_cmpuint (summary->by_status[OC_STATUS_OPEN], ==, N_CONVERSATIONS / 4);
  g_assert_cmpuint (summary->by_status[OC_STATUS_WRAP_UP], ==, N_CONVERSATIONS / 4);
  g_assert_cmpuint (summary->by_channel[OC_CHANNEL_CHAT] + summary->by_channel[OC_CHANNEL_MESSAGING] +
                    summary->by_channel[OC_CHANNEL_VOICE], ==, N_CONVERSATIONS);
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      OcConversation *c = shown_at (f, i);
      negative += oc_sentiment_is_negative (i % 8);
      if (oc_conversation_is_waiting (c))
        longest = MAX (longest, oc_conversation_get_wait_time (c, f->now));
    }
  g_assert_cmpint (longest, >, 800);
  g_assert_cmpint (summary->longest_wait, ==, longest);
  g_assert_cmpuint (summary->negative, ==, negative);

  /* It follows the filters. */
  oc_filter_button_toggle (queue, "q-sales");
  spin ();
  summary = oc_summary_strip_get_summary (f->summary);
  g_assert_cmpuint (summary->total, ==, N_CONVERSATIONS / 3);

  /* And the updates, row by row: statuses change, waits start and end,
   * queues change (in and out of the filter), conversations close. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (3);
    OcSummary expected = { { 0, }, };

    for (guint i = 0; i < 400; i++)
      {
        g_autofree char *id = g_strdup_printf ("c-%04u", g_rand_int_range (rand, 0, N_CONVERSATIONS));
        OcConversation *current = oc_conversation_store_lookup (f->store, id);
        GPtrArray *events = g_ptr_array_new ();

        if (current == NULL)
          continue;

        if (i % 10 == 9)
          g_ptr_array_add (events, test_event_removed (++f->revision, id, "closed"));
        else
          {
            OcConversation *copy = test_conversation_copy (current);
            OcStatus status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];

            oc_conversation_set_status (copy, status);
            oc_conversation_set_queue_id (copy, queues[g_rand_int_range (rand, 0, 3)]);
            oc_conversation_set_sentiment (copy, g_rand_int_range (rand, 0, 8));
            oc_conversation_set_waiting_since (copy, status == OC_STATUS_WAITING
                                                     ? f->now - g_rand_int_range (rand, 0, 5000) : 0);
            /* From i, not the generator: the draws stay as they were. */
            oc_conversation_set_flag (copy, "help", i % 3 == 0 ? f->now - 5 : 0, i % 6 == 0 ? f->now : 0, NULL);
            oc_conversation_set_revision (copy, ++f->revision);
            g_ptr_array_add (events, test_event_upsert (f->revision, copy));
          }
        g_assert_cmpuint (test_apply (f->store, events), ==, 1);

        /* The longest wait after each step: the waiting ones are kept in
         * order row by row, the longest read from them. */
        {
          gint64 longest_now = 0;

          for (guint j = 0; j < n_shown (f); j++)
            if (oc_conversation_is_waiting (shown_at (f, j)))
              longest_now = MAX (longest_now, oc_conversation_get_wait_time (shown_at (f, j), f->now));
          g_assert_cmpint (oc_summary_strip_get_summary (f->summary)->longest_wait, ==, longest_now);
        }
      }

    for (guint i = 0; i < n_shown (f); i++)
      {
        OcConversation *c = shown_at (f, i);
        expected.by_status[oc_conversation_get_status (c)]++;
        expected.by_channel[oc_conversation_get_channel (c)]++;
        expected.negative += oc_sentiment_is_negative (oc_conversation_get_sentiment (c));
        expected.flagged += oc_conversation_is_flagged (c);
        if (oc_conversation_is_waiting (c))
          expected.longest_wait = MAX (expected.longest_wait, oc_conversation_get_wait_time (c, f->now));
      }
    expected.total = n_shown (f);

    summary = oc_summary_strip_get_summary (f->summary);
    g_assert_cmpuint (summary->total, ==, expected.total);
    for (guint i = 0; i < G_N_ELEMENTS (expected.by_status); i++)
      g_assert_cmpuint (summary->by_status[i], ==, expected.by_status[i]);
    for (guint i = 0; i < G_N_ELEMENTS (expected.by_channel); i++)
      g_assert_cmpuint (summary->by_channel[i], ==, expected.by_channel[i]);
    g_assert_cmpuint (summary->negative, ==, expected.negative);
    g_assert_cmpuint (summary->flagged, ==, expected.flagged);
    g_assert_cmpuint (expected.flagged, >, 0);
    g_assert_cmpint (summary->longest_wait, ==, expected.longest_wait);
  }
}

static GtkWidget *
find_toggle (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_TOGGLE_BUTTON (child) && g_strcmp0 (gtk_widget_get_tooltip_text (child),
                                                     "Only conversations whose agent asks for help") == 0)
        return child;
      if ((found = find_toggle (child)) != NULL)
        return found;
    }
  return NULL;
}

/* Help flags and watchers (#22): the flag column shows the reason as plain
 * text and sorts, the filter bar's flag toggle keeps only flagged rows, the
 * Watching column shows a count with the names in its tooltip. */
static void
test_flags_and_watchers (Fixture       *f,
                         gconstpointer  data)
{
  OcConversation *top = shown_at (f, 0);
  OcConversation *copy = test_conversation_copy (top);
  GPtrArray *events = g_ptr_array_new ();
  g_autoptr(GPtrArray) watchers = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *toggle;
  OcReportCell *cell;

  oc_conversation_set_flag (copy, "<b>refund</b> over my limit", f->now - 30, 0, NULL);
  oc_conversation_set_revision (copy, ++f->revision);
  g_ptr_array_add (events, test_event_upsert (f->revision, copy));
  g_assert_cmpuint (test_apply (f->store, events), ==, 1);
  spin_until_drawn (f);

  cell = find_cell (f, top, OC_REPORT_COLUMN_FLAG);
  g_assert_nonnull (cell);
  g_assert_cmpstr (oc_report_cell_get_text (cell), ==, "<b>refund</b> over my limit");

  /* Sorting by the flag puts it first; the toggle keeps only it. */
  oc_conversation_view_set_sort (f->view, OC_SORT_FLAG, FALSE);
  g_assert_true (shown_at (f, 0) == top);
  toggle = find_toggle (GTK_WIDGET (f->filter_bar));
  g_assert_nonnull (toggle);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_cmpuint (n_shown (f), ==, 1);
  g_assert_cmpuint (oc_summary_strip_update (f->summary)->flagged, ==, 1);
  oc_filter_bar_clear (f->filter_bar);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_cmpuint (n_shown (f), >, 1);

  g_ptr_array_add (watchers, oc_watcher_new ("kim", TRUE, FALSE));
  g_ptr_array_add (watchers, oc_watcher_new ("sam", TRUE, TRUE));
  oc_conversation_set_watchers (top, watchers);
  spin_until_drawn (f);
  cell = find_cell (f, top, OC_REPORT_COLUMN_WATCHERS);
  g_assert_nonnull (cell);
  g_assert_cmpstr (oc_report_cell_get_text (cell), ==, "2");
  g_assert_cmpstr (oc_report_cell_get_tooltip (cell), ==, "kim (monitoring), sam (joined)");
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (cell)));
  oc_conversation_set_watchers (top, NULL);
  g_assert_cmpstr (oc_report_cell_get_text (cell), ==, "");
  g_assert_null (oc_report_cell_get_tooltip (cell));
  g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (cell)));
}

/* Whether @widget, or a shown label or image in it, is an empty label (a
 * screen reader reads such a label by its type name, "GtkLabel"). */
static gboolean
shows_empty_child (GtkWidget *widget)
{
  if (OC_IS_CELL_TEXT (widget) &&
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_LABEL &&
      *oc_cell_text_get_text (OC_CELL_TEXT (widget)) == '\0')
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && *gtk_label_get_label (GTK_LABEL (child)) == '\0')
        return TRUE;
      if (GTK_IS_IMAGE (child) && gtk_image_get_storage_type (GTK_IMAGE (child)) == GTK_IMAGE_EMPTY)
        return TRUE;
      if (shows_empty_child (child))
        return TRUE;
    }
  return FALSE;
}

/* Empty Help flag and Watching cells say so in words (#18): no empty label
 * is left for a screen reader to read as "GtkLabel". */
static void
test_empty_cells_named (Fixture       *f,
                        gconstpointer  data)
{
  OcConversation *top = shown_at (f, 0);
  g_autoptr(GPtrArray) watchers = g_ptr_array_new_with_free_func (g_object_unref);
  OcReportCell *flag;
  OcReportCell *watching;

  g_assert_false (oc_conversation_is_flagged (top));
  g_assert_cmpuint (oc_conversation_get_n_watchers (top), ==, 0);
  flag = find_cell (f, top, OC_REPORT_COLUMN_FLAG);
  watching = find_cell (f, top, OC_REPORT_COLUMN_WATCHERS);
  g_assert_nonnull (flag);
  g_assert_nonnull (watching);

  /* GTK's cell around ours is what a screen reader is on. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (flag))),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Help flag: none");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (watching))),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Watching: nobody");
  g_assert_false (shows_empty_child (GTK_WIDGET (flag)));
  g_assert_false (shows_empty_child (GTK_WIDGET (watching)));

  /* Someone watches: the count shows and is read; then nobody again. */
  g_ptr_array_add (watchers, oc_watcher_new ("kim", TRUE, FALSE));
  oc_conversation_set_watchers (top, watchers);
  spin_until_drawn (f);
  g_assert_cmpstr (oc_report_cell_get_text (watching), ==, "1");
  g_assert_false (shows_empty_child (GTK_WIDGET (watching)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (watching))),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Watching: 1");
  oc_conversation_set_watchers (top, NULL);
  spin_until_drawn (f);
  g_assert_false (shows_empty_child (GTK_WIDGET (watching)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (watching))),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Watching: nobody");
}

/* A snapshot whose second conversation has a cut emoji (a lone surrogate)
 * in its customer name: the other two are shown, and the count says one
 * could not be read instead of a floor that looks complete. */
static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("{\"revision\": 20, \"queues\": [], \"workstreams\": [], "
                                          "\"agents\": [], \"conversations\": [");
  g_autoptr(OcSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  const char *tooltip;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(OcConversation) conversation = make_conversation (f, i);

      if (i == 1)
        oc_conversation_set_customer_name (conversation, "BROKEN");
      if (i > 0)
        g_string_append_c (json, ',');
      oc_protocol_append_conversation (json, conversation);
    }
  g_string_append (json, "]}");
  g_assert_cmpuint (g_string_replace (json, "\"BROKEN\"", "\"Ana \\ud83d\"", 1), ==, 1);

  snapshot = oc_protocol_parse_snapshot (json->str, json->len, &error);
  g_assert_no_error (error);
  oc_conversation_store_load_snapshot (f->store, snapshot);
  spin ();

  g_assert_cmpstr (oc_filter_bar_get_shown_text (f->filter_bar), ==, "2 of 2 shown · 1 could not be read");
  tooltip = oc_filter_bar_get_shown_tooltip (f->filter_bar);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "could not be read"));
}

/* The cell's own text, to ask Pango whether it had to cut it. */
static gboolean
cell_is_cut_short (OcReportCell *cell)
{
  return pango_layout_is_ellipsized (oc_cell_text_get_layout (OC_CELL_TEXT (cell)));
}

/* At 1,280 px the demo floor's longest queue and channel read in full
 * (#18 point 10). */
static void
test_columns_fit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(OcConversation) longest = test_conversation_new ("c-long", OC_STATUS_OPEN, "q-billing",
                                                             NULL, f->now - 60);
  OcReportCell *queue_cell = NULL;
  OcReportCell *channel_cell = NULL;

  oc_queue_set_name (oc_conversation_store_lookup_queue (f->store, "q-billing"), "Billing & Payments");
  oc_conversation_set_channel (longest, OC_CHANNEL_MESSAGING);
  oc_conversation_set_sub_channel (longest, "whatsapp");

  gtk_window_set_default_size (f->window, 1280, 700);
  spin_until_drawn (f);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), ==, 1280);

  collect_report_cells (GTK_WIDGET (oc_report_get_column_view (f->report)), cells);
  for (guint i = 0; i < cells->len; i++)
    {
      OcReportCell *cell = g_ptr_array_index (cells, i);

      if (queue_cell == NULL && oc_report_cell_get_column (cell) == OC_REPORT_COLUMN_QUEUE)
        queue_cell = cell;
      if (channel_cell == NULL && oc_report_cell_get_column (cell) == OC_REPORT_COLUMN_CHANNEL)
        channel_cell = cell;
    }
  g_assert_nonnull (queue_cell);
  g_assert_nonnull (channel_cell);
  oc_report_cell_bind (queue_cell, longest);
  oc_report_cell_bind (channel_cell, longest);
  gtk_widget_queue_resize (GTK_WIDGET (f->report));
  spin ();

  g_assert_cmpstr (oc_report_cell_get_text (queue_cell), ==, "Billing & Payments");
  g_assert_cmpstr (oc_report_cell_get_text (channel_cell), ==, "Messaging · WhatsApp");
  g_assert_false (cell_is_cut_short (queue_cell));
  g_assert_false (cell_is_cut_short (channel_cell));
}

/* The first mapped cell of @column in the rows. */
static OcReportCell *
first_cell_of (Fixture        *f,
               OcReportColumn  column)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  collect_report_cells (GTK_WIDGET (oc_report_get_column_view (f->report)), cells);
  for (guint i = 0; i < cells->len; i++)
    if (oc_report_cell_get_column (cells->pdata[i]) == column)
      return cells->pdata[i];
  return NULL;
}

static gboolean
hidden_columns_saved (gpointer n_hidden)
{
  g_autoptr(GSettings) settings = oc_server_settings_new ("demo");
  g_auto(GStrv) hidden = g_settings_get_strv (settings, "hidden-columns");

  return g_strv_length (hidden) == GPOINTER_TO_UINT (n_hidden);
}

/* Hiding columns gives their room to Subject, not to empty space at the
 * right (#18 point 2). */
static void
test_hidden_columns_widen_subject (Fixture       *f,
                                   gconstpointer  data)
{
  GActionGroup *actions = oc_report_get_column_actions (f->report);
  static const char * const hide[] = { "sentiment", "customer", "created", "flag", "watchers" };
  GtkWidget *column_view = GTK_WIDGET (oc_report_get_column_view (f->report));
  OcReportCell *subject;
  graphene_rect_t bounds, last_bounds;
  int before, after;

  spin_until_drawn (f);
  subject = first_cell_of (f, OC_REPORT_COLUMN_SUBJECT);
  g_assert_nonnull (subject);
  before = gtk_widget_get_width (GTK_WIDGET (subject));

  for (guint i = 0; i < G_N_ELEMENTS (hide); i++)
    g_action_group_change_action_state (actions, hide[i], g_variant_new_boolean (FALSE));
  spin ();

  subject = first_cell_of (f, OC_REPORT_COLUMN_SUBJECT);
  g_assert_nonnull (subject);
  after = gtk_widget_get_width (GTK_WIDGET (subject));
  /* 565 px of columns went away; the table was wider than the window. */
  g_assert_cmpint (after, >, before + 200);

  /* And the last column shown ends at the table's right edge. */
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (first_cell_of (f, OC_REPORT_COLUMN_HANDLE)),
                                            column_view, &last_bounds));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (subject), column_view, &bounds));
  g_assert_cmpfloat (last_bounds.origin.x + last_bounds.size.width, >=, gtk_widget_get_width (column_view) - 40);

  /* A hidden column keeps its width, saved and when shown again. */
  g_assert_true (oc_test_wait_until (hidden_columns_saved, GUINT_TO_POINTER (G_N_ELEMENTS (hide)), 5000));
  {
    g_autoptr(GSettings) settings = oc_server_settings_new ("demo");
    g_autoptr(GVariant) widths = g_settings_get_value (settings, "column-widths");

    g_assert_cmpuint (g_variant_n_children (widths), ==, 0);
  }
  g_action_group_change_action_state (actions, "sentiment", g_variant_new_boolean (TRUE));
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (oc_report_get_column (f->report, OC_REPORT_COLUMN_SENTIMENT)),
                   ==, 140);
}

static gboolean
report_is_compact (gpointer report)
{
  return oc_report_get_compact (OC_REPORT (report));
}

static gboolean
report_is_wide (gpointer report)
{
  return !oc_report_get_compact (OC_REPORT (report));
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (OC_IS_REPORT_ROW (widget))
    {
      if (oc_report_row_get_conversation (OC_REPORT_ROW (widget)) != NULL && gtk_widget_get_mapped (widget))
        g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static void
activated_cb (OcReport        *report,
              OcConversation  *conversation,
              OcConversation **activated)
{
  *activated = conversation;
}

/* At 360 px the report is two-line rows that read in full, without scrolling
 * sideways, and select and act as the table does (#18 point 2). */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GtkListView *list = oc_report_get_compact_list (f->report);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  OcConversation *top = shown_at (f, 0);
  OcConversation *activated = NULL;
  GtkAdjustment *hadjustment;
  OcReportRow *row = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *wait = NULL;
  g_autofree char *channel = NULL;
  const char *details;

  g_assert_false (oc_report_get_compact (f->report));
  gtk_window_set_default_size (f->window, 360, 700);
  g_assert_true (oc_test_wait_until (report_is_compact, f->report, 5000));
  spin ();

  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (oc_report_get_column_view (f->report))));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->report)), <, 640);

  /* Nothing to scroll sideways. */
  hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (list));
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment) - gtk_adjustment_get_lower (hadjustment),
                     <=, gtk_adjustment_get_page_size (hadjustment) + 0.5);

  collect_rows (GTK_WIDGET (list), rows);
  g_assert_cmpuint (rows->len, >, 3);
  for (guint i = 0; i < rows->len; i++)
    if (oc_report_row_get_conversation (rows->pdata[i]) == top)
      row = rows->pdata[i];
  g_assert_nonnull (row);

  /* Line 1: subject and wait; line 2: status, agent, queue, channel. */
  collect_report_cells (GTK_WIDGET (row), cells);
  g_assert_cmpuint (cells->len, ==, 2);
  g_assert_cmpint (oc_report_cell_get_column (cells->pdata[0]), ==, OC_REPORT_COLUMN_SUBJECT);
  g_assert_cmpstr (oc_report_cell_get_text (cells->pdata[0]), ==, oc_conversation_get_subject (top));
  wait = oc_format_duration (oc_conversation_get_wait_time (top, f->now));
  g_assert_cmpint (oc_report_cell_get_column (cells->pdata[1]), ==, OC_REPORT_COLUMN_WAIT);
  g_assert_cmpstr (oc_report_cell_get_text (cells->pdata[1]), ==, wait);
  details = oc_report_row_get_details (row);
  g_assert_nonnull (strstr (details, oc_status_get_label (oc_conversation_get_status (top))));
  g_assert_nonnull (strstr (details, queue_names[0]));
  channel = oc_format_channel (oc_conversation_get_channel (top), oc_conversation_get_sub_channel (top));
  g_assert_nonnull (strstr (details, channel));
  g_assert_nonnull (strstr (details, oc_conversation_get_agent_id (top) ? "Zoë" : "Unassigned"));
  /* The subject is not cut at the right edge, the details wrap. */
  g_assert_false (cell_is_cut_short (cells->pdata[0]));

  /* It reads as one sentence, as a row of the table does. */
  settings = g_settings_new (APP_ID);
  sentence = oc_report_describe_row (f->store, settings, top, f->now);
  g_assert_nonnull (strstr (sentence, oc_conversation_get_subject (top)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (oc_report_find_row (GTK_WIDGET (row))),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, sentence);

  /* Selection and Enter work on the narrow rows. */
  g_signal_connect (f->report, "conversation-activated", G_CALLBACK (activated_cb), &activated);
  g_assert_true (oc_report_select (f->report, shown_at (f, 2)));
  g_assert_true (oc_report_get_selected (f->report) == shown_at (f, 2));
  g_assert_true (gtk_selection_model_is_selected (gtk_list_view_get_model (list), 2));
  gtk_widget_activate_action (GTK_WIDGET (list), "list.activate-item", "u", 1);
  g_assert_true (activated == shown_at (f, 1));
  g_assert_true (oc_report_get_selected (f->report) == shown_at (f, 1));
  g_assert_true (oc_report_focus_rows (f->report));

  /* Wide again: the table, with the same selection. */
  gtk_window_set_default_size (f->window, 1000, 700);
  g_assert_true (oc_test_wait_until (report_is_wide, f->report, 5000));
  spin ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (oc_report_get_column_view (f->report))));
  g_assert_true (oc_report_get_selected (f->report) == shown_at (f, 1));
  g_assert_cmpuint (n_in_column_view (f), ==, n_shown (f));
  g_signal_handlers_disconnect_by_func (f->report, activated_cb, &activated);
}

/* A right-to-left language's report mirrors (#18): the first column is at the
 * right, its text starts at the right, the filters run from the right. */
static void
test_right_to_left (void)
{
  Fixture fixture = { NULL, };
  Fixture *f = &fixture;
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  OcReportCell *subject = NULL;
  OcReportCell *created = NULL;
  graphene_rect_t subject_bounds, created_bounds;

  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  fixture_setup (f, NULL);
  spin_until_drawn (f);

  collect_report_cells (GTK_WIDGET (oc_report_get_column_view (f->report)), cells);
  for (guint i = 0; i < cells->len; i++)
    {
      OcReportCell *cell = g_ptr_array_index (cells, i);

      if (oc_report_cell_get_conversation (cell) != shown_at (f, 0))
        continue;
      if (oc_report_cell_get_column (cell) == OC_REPORT_COLUMN_SUBJECT)
        subject = cell;
      if (oc_report_cell_get_column (cell) == OC_REPORT_COLUMN_CREATED)
        created = cell;
    }
  g_assert_nonnull (subject);
  g_assert_nonnull (created);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (subject), GTK_WIDGET (f->window), &subject_bounds));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (created), GTK_WIDGET (f->window), &created_bounds));
  /* Subject, the first column, is the rightmost. */
  g_assert_cmpfloat (subject_bounds.origin.x, >, created_bounds.origin.x);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (subject)), ==, GTK_TEXT_DIR_RTL);

  fixture_teardown (f, NULL);
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

/* Labels of the column view's header row (not of its rows). */
static void
collect_title_labels (GtkWidget *widget,
                      GPtrArray *labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        continue;
      if (GTK_IS_LABEL (child))
        g_ptr_array_add (labels, child);
      else
        collect_title_labels (child, labels);
    }
}

/* Whether @label is cut short: ellipsized, or wider than the column's title
 * around it (GTK 4.8's titles do not ellipsize: they clip). */
static gboolean
title_is_cut_short (GtkWidget *label,
                    GtkWidget *column_view)
{
  GtkWidget *title = label;
  graphene_rect_t bounds;

  while (gtk_widget_get_parent (gtk_widget_get_parent (title)) != column_view)
    title = gtk_widget_get_parent (title);
  g_assert_true (gtk_widget_compute_bounds (label, title, &bounds));
  return pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))) ||
         bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (title) + 0.5;
}

/* In German every column title reads in full at the default widths (#18:
 * "Bearbeitungszeit" was cut to "Bearbe…" in the Handle column). */
static void
test_titles_fit_german (void)
{
  Fixture fixture = { NULL, };
  Fixture *f = &fixture;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *podir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  gboolean found_handle = FALSE;

  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, podir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (g_strcmp0 (_("Handle"), "Handle") == 0)
    {
      g_test_skip ("The German catalogue is not built");
      g_setenv ("LANGUAGE", "C", TRUE);
      setlocale (LC_ALL, "");
      return;
    }

  fixture_setup (f, NULL);
  spin_until_drawn (f);

  collect_title_labels (GTK_WIDGET (oc_report_get_column_view (f->report)), labels);
  g_assert_cmpuint (labels->len, >=, 10);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      if (!gtk_widget_get_mapped (GTK_WIDGET (label)))
        continue;
      found_handle |= g_strcmp0 (gtk_label_get_text (label), _("Handle")) == 0;
      if (title_is_cut_short (GTK_WIDGET (label), GTK_WIDGET (oc_report_get_column_view (f->report))))
        g_error ("The column title “%s” is cut short", gtk_label_get_text (label));
    }
  g_assert_true (found_handle);

  fixture_teardown (f, NULL);
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  /* GTK's test accessibility backend: labels can be asserted, and nothing
   * ties the test to a shared session's a11y bus. */
  g_setenv ("GTK_A11Y", "test", FALSE);
  /* The assertions read English. */
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/report/filters", test_filters);
  ADD ("/report/sort-by-header", test_sort_by_header);
  ADD ("/report/sort-by-watchers", test_sort_by_watchers);
  ADD ("/report/selection-survives-updates", test_selection_survives_updates);
  ADD ("/report/selected-removed", test_selected_removed);
  ADD ("/report/multi-selection-survives-moves", test_multi_selection_survives_moves);
  ADD ("/report/select-all-visible", test_select_all_visible);
  ADD ("/report/wait-thresholds", test_wait_thresholds);
  ADD ("/report/created-day", test_created_day);
  ADD ("/report/summary", test_summary);
  ADD ("/report/accessible", test_accessible);
  ADD ("/report/empty-cells-named", test_empty_cells_named);
  g_test_add_func ("/report/titles-fit-german", test_titles_fit_german);
  ADD ("/report/unreadable", test_unreadable);
  ADD ("/report/columns-fit", test_columns_fit);
  ADD ("/report/flags-and-watchers", test_flags_and_watchers);
  ADD ("/report/hidden-columns-widen-subject", test_hidden_columns_widen_subject);
  ADD ("/report/narrow", test_narrow);
#undef ADD
  g_test_add_func ("/report/right-to-left", test_right_to_left);

  return g_test_run ();
}
