// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-wallboard-row"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-format.h"

#include "oc-wallboard-row.h"

struct _OcWallboardRow
{
  GtkWidget       parent_instance;

  GtkLabel       *wait_label;
  GtkImage       *channel_image;
  GtkLabel       *channel_label;
  GtkLabel       *queue_label;
  GtkLabel       *customer_label;
  GtkLabel       *subject_label;
  GtkImage       *sentiment_image;
  GtkLabel       *sentiment_label;

  OcConversation *conversation;
  OcAttention     attention;
  char           *accessible_text;
};

static const char * const attention_classes[] = {
  [OC_ATTENTION_NONE] = NULL,
  [OC_ATTENTION_WAITING] = "waiting",
  [OC_ATTENTION_NEGATIVE] = "negative",
  [OC_ATTENTION_WARNING] = "warning",
  [OC_ATTENTION_CRITICAL] = "critical",
};

G_DEFINE_FINAL_TYPE (OcWallboardRow, oc_wallboard_row, GTK_TYPE_WIDGET)

static void
set_text (GtkLabel   *label,
          const char *text)
{
  if (text == NULL || text[0] == '\0')
    text = "—";
  /* Set only on change: a relayout a second per row adds up on a big screen.
   * Never markup: names and subjects come from customers. */
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
set_icon (GtkImage   *image,
          const char *icon_name)
{
  if (g_strcmp0 (gtk_image_get_icon_name (image), icon_name) != 0)
    gtk_image_set_from_icon_name (image, icon_name);
}

static void
set_attention (OcWallboardRow *self,
               OcAttention     attention)
{
  g_assert (OC_IS_WALLBOARD_ROW (self));

  if (self->attention == attention)
    return;
  if (attention_classes[self->attention] != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), attention_classes[self->attention]);
  self->attention = attention;
  if (attention_classes[self->attention] != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), attention_classes[self->attention]);
}

static void
oc_wallboard_row_dispose (GObject *object)
{
  OcWallboardRow *self = OC_WALLBOARD_ROW (object);

  g_clear_object (&self->conversation);
  gtk_widget_dispose_template (GTK_WIDGET (object), OC_TYPE_WALLBOARD_ROW);
  G_OBJECT_CLASS (oc_wallboard_row_parent_class)->dispose (object);
}

static void
oc_wallboard_row_finalize (GObject *object)
{
  OcWallboardRow *self = OC_WALLBOARD_ROW (object);

  g_free (self->accessible_text);
  G_OBJECT_CLASS (oc_wallboard_row_parent_class)->finalize (object);
}

static void
oc_wallboard_row_class_init (OcWallboardRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_wallboard_row_dispose;
  object_class->finalize = oc_wallboard_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-wallboard-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OcWallboardRow, wait_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardRow, channel_image);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardRow, channel_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardRow, queue_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardRow, customer_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardRow, subject_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardRow, sentiment_image);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardRow, sentiment_label);

  gtk_widget_class_set_css_name (widget_class, "wallboard-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ROW);
}

static void
oc_wallboard_row_init (OcWallboardRow *self)
{
  GtkWidget *child;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The row reads as one sentence; its cells would repeat it in pieces. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
}

/**
 * oc_wallboard_row_new:
 *
 * Returns: (transfer floating): a new, empty row
 */
GtkWidget *
oc_wallboard_row_new (void)
{
  return g_object_new (OC_TYPE_WALLBOARD_ROW, NULL);
}

/**
 * oc_wallboard_row_set_header:
 *
 * Makes the row the list's header: the column titles.
 */
void
oc_wallboard_row_set_header (OcWallboardRow *self)
{
  g_return_if_fail (OC_IS_WALLBOARD_ROW (self));

  gtk_widget_add_css_class (GTK_WIDGET (self), "header");
  /* Same icons, invisible: the header's columns then line up with the rows'. */
  gtk_image_set_from_icon_name (self->channel_image, oc_channel_get_icon (OC_CHANNEL_CHAT));
  gtk_image_set_from_icon_name (self->sentiment_image, oc_sentiment_get_icon (OC_SENTIMENT_NEUTRAL));
  gtk_widget_set_opacity (GTK_WIDGET (self->channel_image), 0);
  gtk_widget_set_opacity (GTK_WIDGET (self->sentiment_image), 0);

  set_text (self->wait_label, C_("wallboard column", "Wait"));
  set_text (self->channel_label, C_("wallboard column", "Channel"));
  set_text (self->queue_label, C_("wallboard column", "Queue"));
  set_text (self->customer_label, C_("wallboard column", "Customer"));
  set_text (self->subject_label, C_("wallboard column", "Subject"));
  set_text (self->sentiment_label, C_("wallboard column", "Sentiment"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Wait, channel, queue, customer, subject, sentiment"),
                                  -1);
}

/**
 * oc_wallboard_row_set_conversation:
 * @conversation: the conversation to show; the row keeps a reference only to
 *   remember which one
 * @queue_name: (nullable): its queue's name
 * @attention: how urgent it is, for its colour
 * @now: Unix seconds, for the wait
 *
 * Shows @conversation as it is at @now; the row does not follow it.
 */
void
oc_wallboard_row_set_conversation (OcWallboardRow *self,
                                   OcConversation *conversation,
                                   const char     *queue_name,
                                   OcAttention     attention,
                                   gint64          now)
{
  g_autofree char *wait = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *text = NULL;
  g_autofree char *spoken_wait = NULL;
  const char *sub_channel;
  OcSentiment sentiment;
  OcChannel channel_value;

  g_return_if_fail (OC_IS_WALLBOARD_ROW (self));
  g_return_if_fail (OC_IS_CONVERSATION (conversation));

  g_set_object (&self->conversation, conversation);
  set_attention (self, attention);

  if (oc_conversation_is_waiting (conversation))
    {
      wait = oc_format_duration (oc_conversation_get_wait_time (conversation, now));
      /* Translators: read aloud for a conversation's wait, e.g. "waiting 4:12" */
      spoken_wait = g_strdup_printf (_("waiting %s"), wait);
    }
  else
    {
      wait = g_strdup (oc_status_get_label (oc_conversation_get_status (conversation)));
      spoken_wait = g_strdup (wait);
    }
  set_text (self->wait_label, wait);

  channel_value = oc_conversation_get_channel (conversation);
  sub_channel = oc_conversation_get_sub_channel (conversation);
  /* The brand ("WhatsApp") says more than "Messaging" and fits the column. */
  channel = oc_format_sub_channel (sub_channel);
  if (channel == NULL)
    channel = g_strdup (oc_channel_get_label (channel_value));
  set_icon (self->channel_image, oc_channel_get_icon (channel_value));
  set_text (self->channel_label, channel);

  set_text (self->queue_label, queue_name);
  set_text (self->customer_label, oc_conversation_get_customer_name (conversation));
  set_text (self->subject_label, oc_conversation_get_subject (conversation));

  sentiment = oc_conversation_get_sentiment (conversation);
  set_icon (self->sentiment_image, oc_sentiment_get_icon (sentiment));
  set_text (self->sentiment_label, oc_sentiment_get_label (sentiment));
  if (oc_sentiment_is_negative (sentiment))
    gtk_widget_add_css_class (GTK_WIDGET (self->sentiment_label), "negative");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->sentiment_label), "negative");

  /* Translators: one attention row read aloud: wait or status, channel,
   * queue, customer, subject, sentiment */
  text = g_strdup_printf (_("%s, %s, %s, %s, %s, sentiment %s"),
                          spoken_wait,
                          gtk_label_get_text (self->channel_label),
                          gtk_label_get_text (self->queue_label),
                          gtk_label_get_text (self->customer_label),
                          gtk_label_get_text (self->subject_label),
                          gtk_label_get_text (self->sentiment_label));
  if (g_strcmp0 (text, self->accessible_text) != 0)
    {
      g_free (self->accessible_text);
      self->accessible_text = g_steal_pointer (&text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, self->accessible_text,
                                      -1);
    }
}

/**
 * oc_wallboard_row_get_conversation:
 *
 * Returns: (transfer none) (nullable): the conversation shown
 */
OcConversation *
oc_wallboard_row_get_conversation (OcWallboardRow *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_ROW (self), NULL);
  return self->conversation;
}

/**
 * oc_wallboard_row_get_accessible_text:
 *
 * Returns: (transfer none): the row as one sentence for screen readers
 */
const char *
oc_wallboard_row_get_accessible_text (OcWallboardRow *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_ROW (self), NULL);
  return self->accessible_text;
}
