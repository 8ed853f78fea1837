// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-report-row"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent.h"
#include "oc-format.h"
#include "oc-queue.h"
#include "oc-report-cell.h"
#include "oc-report-row.h"

struct _OcReportRow
{
  GtkWidget            parent_instance;

  OcConversationStore *store;
  OcClock             *clock;
  GSettings           *settings;
  OcConversation      *conversation;

  GtkWidget           *first_line;
  OcReportCell        *subject;
  OcReportCell        *wait;
  GtkLabel            *details;

  GSignalGroup        *conversation_signals;
};

G_DEFINE_FINAL_TYPE (OcReportRow, oc_report_row, GTK_TYPE_WIDGET)

static gboolean
details_care (const char *property)
{
  return g_str_equal (property, "status") ||
         g_str_equal (property, "agent-id") ||
         g_str_equal (property, "queue-id") ||
         g_str_equal (property, "channel") ||
         g_str_equal (property, "sub-channel");
}

/* "Active, Zoë, Billing, Messaging · WhatsApp": the channel has its own dot. */
static char *
describe_details (OcReportRow *self)
{
  OcConversation *c = self->conversation;
  const char *agent_id = oc_conversation_get_agent_id (c);
  const char *queue_id = oc_conversation_get_queue_id (c);
  OcAgent *agent = agent_id ? oc_conversation_store_lookup_agent (self->store, agent_id) : NULL;
  OcQueue *queue = queue_id ? oc_conversation_store_lookup_queue (self->store, queue_id) : NULL;
  g_autofree char *channel = oc_format_channel (oc_conversation_get_channel (c),
                                                oc_conversation_get_sub_channel (c));
  const char *parts[4];
  GString *text = g_string_new (NULL);
  guint n = 0;

  parts[n++] = oc_status_get_label (oc_conversation_get_status (c));
  parts[n++] = agent_id == NULL ? _("Unassigned") : agent ? oc_agent_get_name (agent) : agent_id;
  if (queue != NULL || queue_id != NULL)
    parts[n++] = queue ? oc_queue_get_name (queue) : queue_id;
  parts[n++] = channel;

  for (guint i = 0; i < n; i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, C_("list separator", ", "));
      g_string_append (text, parts[i]);
    }

  return g_string_free (text, FALSE);
}

static void
oc_report_row_update (OcReportRow *self)
{
  g_autofree char *details = describe_details (self);
  GtkWidget *row = oc_report_find_row (GTK_WIDGET (self));

  if (g_strcmp0 (gtk_label_get_label (self->details), details) != 0)
    gtk_label_set_label (self->details, details);

  if (row != NULL)
    oc_report_sync_row_sentence (row, self->store, self->settings, self->conversation,
                                 oc_clock_get_now (self->clock));
}

static void
oc_report_row_notify_cb (OcReportRow *self,
                         GParamSpec  *pspec,
                         GObject     *conversation)
{
  if (details_care (pspec->name))
    oc_report_row_update (self);
}

static void
oc_report_row_dispose (GObject *object)
{
  OcReportRow *self = OC_REPORT_ROW (object);
  GtkWidget *child;

  g_signal_group_set_target (self->conversation_signals, NULL);
  g_clear_object (&self->conversation_signals);
  g_clear_object (&self->conversation);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (oc_report_row_parent_class)->dispose (object);
}

static void
oc_report_row_class_init (OcReportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_report_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "oc-report-row");
}

static void
oc_report_row_init (OcReportRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 2);

  self->conversation_signals = g_signal_group_new (OC_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->conversation_signals, "notify",
                                  G_CALLBACK (oc_report_row_notify_cb), self);
}

/**
 * oc_report_row_new:
 * @store: the store, for agent and queue names
 * @clock: the clock the wait ticks by
 * @settings: (nullable): the app's settings, for the wait thresholds
 *
 * Returns: (transfer floating): a new, unbound row
 */
OcReportRow *
oc_report_row_new (OcConversationStore *store,
                   OcClock             *clock,
                   GSettings           *settings)
{
  OcReportRow *self;

  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (store), NULL);
  g_return_val_if_fail (OC_IS_CLOCK (clock), NULL);

  self = g_object_new (OC_TYPE_REPORT_ROW, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->settings = settings ? g_object_ref (settings) : NULL;

  self->first_line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (self->first_line, GTK_WIDGET (self));

  self->subject = oc_report_cell_new (OC_REPORT_COLUMN_SUBJECT, store, clock, settings);
  oc_report_cell_set_in_row (self->subject, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->subject), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->subject), "heading");
  gtk_box_append (GTK_BOX (self->first_line), GTK_WIDGET (self->subject));

  self->wait = oc_report_cell_new (OC_REPORT_COLUMN_WAIT, store, clock, settings);
  oc_report_cell_set_in_row (self->wait, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->wait), FALSE);
  gtk_box_append (GTK_BOX (self->first_line), GTK_WIDGET (self->wait));

  /* Wraps, so nothing is cut at 360 px; plain text, never markup. */
  self->details = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->details, TRUE);
  gtk_label_set_wrap_mode (self->details, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->details, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->details), "dim-label");
  gtk_widget_set_parent (GTK_WIDGET (self->details), GTK_WIDGET (self));

  return self;
}

/**
 * oc_report_row_bind:
 * @conversation: the row's conversation
 *
 * Shows @conversation and follows its changes; binding the conversation
 * already bound costs nothing (GTK 4.8 rebinds rows that shift).
 */
void
oc_report_row_bind (OcReportRow    *self,
                    OcConversation *conversation)
{
  g_return_if_fail (OC_IS_REPORT_ROW (self));
  g_return_if_fail (OC_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  g_set_object (&self->conversation, conversation);
  g_signal_group_set_target (self->conversation_signals, conversation);
  oc_report_cell_bind (self->subject, conversation);
  oc_report_cell_bind (self->wait, conversation);
  oc_report_row_update (self);
}

/**
 * oc_report_row_get_conversation:
 *
 * Returns: (transfer none) (nullable): the conversation last bound
 */
OcConversation *
oc_report_row_get_conversation (OcReportRow *self)
{
  g_return_val_if_fail (OC_IS_REPORT_ROW (self), NULL);
  return self->conversation;
}

/**
 * oc_report_row_get_details:
 *
 * Returns: (transfer none): the second line: status, agent, queue, channel
 */
const char *
oc_report_row_get_details (OcReportRow *self)
{
  g_return_val_if_fail (OC_IS_REPORT_ROW (self), NULL);
  return gtk_label_get_label (self->details);
}
