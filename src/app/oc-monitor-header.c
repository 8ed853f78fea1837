// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-monitor-header"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent.h"
#include "oc-clock.h"
#include "oc-conversation.h"
#include "oc-format.h"
#include "oc-monitor-header.h"
#include "oc-queue.h"

struct _OcMonitorHeader
{
  GtkWidget            parent_instance;

  OcConversationStore *store;
  OcConversation      *conversation;
  GSignalGroup        *conversation_signals;
  GSignalGroup        *clock_signals;  /* targets the clock while mapped with a live conversation */
  gint64               ended_at;       /* Unix seconds the conversation ended, or 0 */

  GtkLabel            *subject_label;
  GtkLabel            *customer_label;
  GtkLabel            *agent_label;
  GtkLabel            *queue_label;
  GtkImage            *channel_icon;
  GtkLabel            *channel_label;
  GtkImage            *status_icon;
  GtkLabel            *status_label;
  GtkImage            *sentiment_icon;
  GtkLabel            *sentiment_label;
  GtkLabel            *wait_label;
  GtkLabel            *handle_label;
};

enum {
  PROP_0,
  PROP_CONVERSATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OcMonitorHeader, oc_monitor_header, GTK_TYPE_WIDGET)

/* Wire text could in theory reach us unvalidated; labels need UTF-8. */
static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    {
      gtk_label_set_text (label, text);
      /* Values are ellipsized in a narrow pane: the tooltip shows them whole. */
      if (gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE)
        gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
    }
}

static void
update_times (OcMonitorHeader *self)
{
  g_autofree char *wait = NULL;
  g_autofree char *handle = NULL;
  gint64 now;

  g_assert (OC_IS_MONITOR_HEADER (self));

  if (self->conversation == NULL)
    {
      set_label_text (self->wait_label, "–");
      set_label_text (self->handle_label, "–");
      return;
    }

  /* The app's one clock, so these agree with the report to the second;
   * an ended conversation's times stop where it ended. */
  now = self->ended_at != 0 ? self->ended_at : oc_clock_get_now (oc_clock_get_default ());
  wait = oc_format_duration (oc_conversation_get_wait_time (self->conversation, now));
  handle = oc_format_duration (oc_conversation_get_handle_time (self->conversation, now));
  set_label_text (self->wait_label, wait);
  set_label_text (self->handle_label, handle);
}

static void
update_names (OcMonitorHeader *self)
{
  const char *agent_id;
  const char *queue_id;
  const char *agent_name = NULL;
  const char *queue_name = NULL;

  g_assert (OC_IS_MONITOR_HEADER (self));

  if (self->conversation == NULL)
    {
      set_label_text (self->agent_label, "–");
      set_label_text (self->queue_label, "–");
      return;
    }

  agent_id = oc_conversation_get_agent_id (self->conversation);
  queue_id = oc_conversation_get_queue_id (self->conversation);

  if (self->store != NULL && agent_id != NULL)
    {
      OcAgent *agent = oc_conversation_store_lookup_agent (self->store, agent_id);
      if (agent != NULL)
        agent_name = oc_agent_get_name (agent);
    }
  if (self->store != NULL && queue_id != NULL)
    {
      OcQueue *queue = oc_conversation_store_lookup_queue (self->store, queue_id);
      if (queue != NULL)
        queue_name = oc_queue_get_name (queue);
    }

  if (agent_id == NULL || agent_id[0] == '\0')
    set_label_text (self->agent_label, _("Unassigned"));
  else
    set_label_text (self->agent_label, agent_name != NULL && agent_name[0] != '\0' ? agent_name : agent_id);

  set_label_text (self->queue_label,
                  queue_name != NULL && queue_name[0] != '\0' ? queue_name
                  : queue_id != NULL ? queue_id : "–");
}

static void
update_all (OcMonitorHeader *self)
{
  OcConversation *c = self->conversation;
  g_autofree char *channel = NULL;
  g_autofree char *sub_channel = NULL;
  const char *subject;
  const char *customer;
  OcSentiment sentiment;
  OcStatus status;

  g_assert (OC_IS_MONITOR_HEADER (self));

  if (c == NULL)
    {
      set_label_text (self->subject_label, _("No conversation"));
      set_label_text (self->customer_label, "–");
      set_label_text (self->channel_label, "–");
      set_label_text (self->status_label, "–");
      set_label_text (self->sentiment_label, "–");
      gtk_image_clear (self->channel_icon);
      gtk_image_clear (self->status_icon);
      gtk_image_clear (self->sentiment_icon);
      gtk_widget_remove_css_class (GTK_WIDGET (self->sentiment_label), "error");
      update_names (self);
      update_times (self);
      return;
    }

  subject = oc_conversation_get_subject (c);
  customer = oc_conversation_get_customer_name (c);
  set_label_text (self->subject_label,
                  subject != NULL && subject[0] != '\0' ? subject : _("(No subject)"));
  set_label_text (self->customer_label,
                  customer != NULL && customer[0] != '\0' ? customer : _("(Unknown customer)"));

  /* The sub-channel alone ("WhatsApp") fits a narrow pane; the icon says
   * "messaging", and the tooltip and accessible description say it all. */
  channel = oc_format_channel (oc_conversation_get_channel (c), oc_conversation_get_sub_channel (c));
  sub_channel = oc_format_sub_channel (oc_conversation_get_sub_channel (c));
  set_label_text (self->channel_label, sub_channel != NULL ? sub_channel : channel);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->channel_label), channel);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->channel_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, channel,
                                  -1);
  gtk_image_set_from_icon_name (self->channel_icon, oc_channel_get_icon (oc_conversation_get_channel (c)));

  /* The store drops a closed conversation before its last status arrives:
   * the pane knows it ended, so the header says so rather than "Active". */
  status = self->ended_at != 0 ? OC_STATUS_CLOSED : oc_conversation_get_status (c);
  set_label_text (self->status_label, oc_status_get_label (status));
  gtk_image_set_from_icon_name (self->status_icon, oc_status_get_icon (status));

  sentiment = oc_conversation_get_sentiment (c);
  set_label_text (self->sentiment_label, oc_sentiment_get_label (sentiment));
  gtk_image_set_from_icon_name (self->sentiment_icon, oc_sentiment_get_icon (sentiment));
  if (oc_sentiment_is_negative (sentiment))
    gtk_widget_add_css_class (GTK_WIDGET (self->sentiment_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->sentiment_label), "error");

  update_names (self);
  update_times (self);
}

static void
on_conversation_notify (OcMonitorHeader *self,
                        GParamSpec      *pspec,
                        OcConversation  *conversation)
{
  update_all (self);
}

static void
on_tick (OcMonitorHeader *self)
{
  /* Names can change in the store without the conversation changing. */
  update_names (self);
  update_times (self);
}

static void
update_tick (OcMonitorHeader *self)
{
  gboolean want = self->conversation != NULL && self->ended_at == 0 &&
                  gtk_widget_get_mapped (GTK_WIDGET (self));

  g_signal_group_set_target (self->clock_signals, want ? oc_clock_get_default () : NULL);
}

static void
oc_monitor_header_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (oc_monitor_header_parent_class)->map (widget);
  update_all (OC_MONITOR_HEADER (widget));
  update_tick (OC_MONITOR_HEADER (widget));
}

static void
oc_monitor_header_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (oc_monitor_header_parent_class)->unmap (widget);
  update_tick (OC_MONITOR_HEADER (widget));
}

static void
oc_monitor_header_dispose (GObject *object)
{
  OcMonitorHeader *self = OC_MONITOR_HEADER (object);
  GtkWidget *child;

  g_clear_object (&self->clock_signals);
  g_clear_object (&self->conversation_signals);
  g_clear_object (&self->conversation);
  g_clear_object (&self->store);
  /* The template's top box is not bound: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_MONITOR_HEADER);

  G_OBJECT_CLASS (oc_monitor_header_parent_class)->dispose (object);
}

static void
oc_monitor_header_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OcMonitorHeader *self = OC_MONITOR_HEADER (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_monitor_header_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OcMonitorHeader *self = OC_MONITOR_HEADER (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      oc_monitor_header_set_conversation (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_monitor_header_class_init (OcMonitorHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_monitor_header_dispose;
  object_class->get_property = oc_monitor_header_get_property;
  object_class->set_property = oc_monitor_header_set_property;

  widget_class->map = oc_monitor_header_map;
  widget_class->unmap = oc_monitor_header_unmap;

  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL,
                         OC_TYPE_CONVERSATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-monitor-header.ui");
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, subject_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, customer_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, agent_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, queue_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, channel_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, status_icon);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, status_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, sentiment_icon);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, sentiment_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, wait_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorHeader, handle_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ocmonitorheader");
}

static void
oc_monitor_header_init (OcMonitorHeader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Any property may change on an update; one handler re-reads them all
   * (a handful of labels, and set_label_text skips unchanged ones). */
  self->conversation_signals = g_signal_group_new (OC_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->conversation_signals, "notify",
                                  G_CALLBACK (on_conversation_notify), self);
  self->clock_signals = g_signal_group_new (OC_TYPE_CLOCK);
  g_signal_group_connect_swapped (self->clock_signals, "notify::now", G_CALLBACK (on_tick), self);

  update_all (self);
}

/**
 * oc_monitor_header_new:
 *
 * Returns: (transfer floating): a new, empty header
 */
GtkWidget *
oc_monitor_header_new (void)
{
  return g_object_new (OC_TYPE_MONITOR_HEADER, NULL);
}

/**
 * oc_monitor_header_set_store:
 * @store: (nullable): the store, for agent and queue names
 */
void
oc_monitor_header_set_store (OcMonitorHeader     *self,
                             OcConversationStore *store)
{
  g_return_if_fail (OC_IS_MONITOR_HEADER (self));
  g_return_if_fail (store == NULL || OC_IS_CONVERSATION_STORE (store));

  if (g_set_object (&self->store, store))
    update_all (self);
}

/**
 * oc_monitor_header_get_conversation:
 *
 * Returns: (transfer none) (nullable): the conversation shown
 */
OcConversation *
oc_monitor_header_get_conversation (OcMonitorHeader *self)
{
  g_return_val_if_fail (OC_IS_MONITOR_HEADER (self), NULL);

  return self->conversation;
}

/**
 * oc_monitor_header_set_conversation:
 * @conversation: (nullable): the conversation to show, or %NULL
 *
 * Shows @conversation's facts and follows its changes (and the app's clock
 * while mapped, for the times). The header keeps a reference.
 */
void
oc_monitor_header_set_conversation (OcMonitorHeader *self,
                                    OcConversation  *conversation)
{
  g_return_if_fail (OC_IS_MONITOR_HEADER (self));
  g_return_if_fail (conversation == NULL || OC_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  g_set_object (&self->conversation, conversation);
  g_signal_group_set_target (self->conversation_signals, conversation);
  self->ended_at = 0;

  update_all (self);
  update_tick (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

/**
 * oc_monitor_header_set_ended:
 * @ended: whether the conversation shown has ended
 *
 * An ended conversation reads "Closed" and its wait and handle times stop
 * at the moment it ended, instead of ticking on as if it were live. A new
 * conversation starts live again.
 */
void
oc_monitor_header_set_ended (OcMonitorHeader *self,
                             gboolean         ended)
{
  g_return_if_fail (OC_IS_MONITOR_HEADER (self));

  if ((self->ended_at != 0) == !!ended)
    return;

  self->ended_at = ended ? oc_clock_get_now (oc_clock_get_default ()) : 0;
  update_all (self);
  update_tick (self);
}

/**
 * oc_monitor_header_refresh:
 *
 * Re-reads the clock and the store's names now (the header does it on every
 * tick of the app's #OcClock while mapped).
 */
void
oc_monitor_header_refresh (OcMonitorHeader *self)
{
  g_return_if_fail (OC_IS_MONITOR_HEADER (self));

  update_all (self);
}
