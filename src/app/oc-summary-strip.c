#define G_LOG_DOMAIN "oc-summary-strip"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-format.h"
#include "oc-summary-strip.h"

typedef enum {
  TILE_OPEN,
  TILE_ACTIVE,
  TILE_WAITING,
  TILE_WRAP_UP,
  TILE_LONGEST_WAIT,
  TILE_CHAT,
  TILE_MESSAGING,
  TILE_VOICE,
  TILE_NEGATIVE,
  N_TILES
} Tile;

struct _OcSummaryStrip
{
  GtkWidget           parent_instance;

  GtkBox             *box;
  GtkWidget          *tiles[N_TILES];
  GtkLabel           *values[N_TILES];

  OcConversationView *view;
  OcClock            *clock;
  OcSummary           summary;
  gboolean            dirty;
  guint               idle_id;
};

G_DEFINE_FINAL_TYPE (OcSummaryStrip, oc_summary_strip, GTK_TYPE_WIDGET)

static void
oc_summary_strip_set_value (OcSummaryStrip *self,
                            Tile            tile,
                            const char     *caption,
                            const char     *value)
{
  g_autofree char *accessible = NULL;

  if (g_strcmp0 (gtk_label_get_label (self->values[tile]), value) == 0)
    return;

  gtk_label_set_label (self->values[tile], value);
  /* TRANSLATORS: a summary figure read out, "Waiting: 12" */
  accessible = g_strdup_printf (_("%s: %s"), caption, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tiles[tile]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
oc_summary_strip_set_count (OcSummaryStrip *self,
                            Tile            tile,
                            const char     *caption,
                            guint           count)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", count);
  oc_summary_strip_set_value (self, tile, caption, text);
}

static void
oc_summary_strip_show (OcSummaryStrip *self)
{
  const OcSummary *s = &self->summary;
  g_autofree char *wait = s->longest_wait > 0 ? oc_format_duration (s->longest_wait) : g_strdup ("—");

  oc_summary_strip_set_count (self, TILE_OPEN, _("Open"), s->by_status[OC_STATUS_OPEN]);
  oc_summary_strip_set_count (self, TILE_ACTIVE, _("Active"), s->by_status[OC_STATUS_ACTIVE]);
  oc_summary_strip_set_count (self, TILE_WAITING, _("Waiting"), s->by_status[OC_STATUS_WAITING]);
  oc_summary_strip_set_count (self, TILE_WRAP_UP, _("Wrap-up"), s->by_status[OC_STATUS_WRAP_UP]);
  oc_summary_strip_set_value (self, TILE_LONGEST_WAIT, _("Longest wait"), wait);
  oc_summary_strip_set_count (self, TILE_CHAT, _("Chat"), s->by_channel[OC_CHANNEL_CHAT]);
  oc_summary_strip_set_count (self, TILE_MESSAGING, _("Messaging"), s->by_channel[OC_CHANNEL_MESSAGING]);
  oc_summary_strip_set_count (self, TILE_VOICE, _("Voice"), s->by_channel[OC_CHANNEL_VOICE]);
  oc_summary_strip_set_count (self, TILE_NEGATIVE, _("Negative sentiment"), s->negative);

  if (s->negative > 0)
    gtk_widget_add_css_class (self->tiles[TILE_NEGATIVE], "oc-attention");
  else
    gtk_widget_remove_css_class (self->tiles[TILE_NEGATIVE], "oc-attention");
}

const OcSummary *
oc_summary_strip_update (OcSummaryStrip *self)
{
  OcSummary s = { { 0, }, };
  gint64 now;
  guint n;

  g_return_val_if_fail (OC_IS_SUMMARY_STRIP (self), NULL);

  self->dirty = FALSE;

  if (self->view != NULL)
    {
      now = oc_clock_get_now (self->clock);
      n = g_list_model_get_n_items (G_LIST_MODEL (self->view));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (self->view), i);
          OcStatus status = oc_conversation_get_status (c);
          OcChannel channel = oc_conversation_get_channel (c);

          if ((guint) status < G_N_ELEMENTS (s.by_status))
            s.by_status[status]++;
          if ((guint) channel < G_N_ELEMENTS (s.by_channel))
            s.by_channel[channel]++;
          if (oc_sentiment_is_negative (oc_conversation_get_sentiment (c)))
            s.negative++;
          if (oc_conversation_is_waiting (c))
            s.longest_wait = MAX (s.longest_wait, oc_conversation_get_wait_time (c, now));
        }

      s.total = n;
    }

  self->summary = s;
  oc_summary_strip_show (self);

  return &self->summary;
}

static gboolean
oc_summary_strip_idle_cb (gpointer data)
{
  OcSummaryStrip *self = data;

  self->idle_id = 0;
  oc_summary_strip_update (self);

  return G_SOURCE_REMOVE;
}

static void
oc_summary_strip_queue_update (OcSummaryStrip *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, oc_summary_strip_idle_cb, self, NULL);
}

static void
view_items_changed_cb (OcSummaryStrip *self,
                       guint           position,
                       guint           removed,
                       guint           added,
                       GListModel     *view)
{
  /* A filter or sort change rebuilds the view: answer at once. Single rows
   * coming and going wait for the next tick. */
  if (removed > 1 || added > 1)
    oc_summary_strip_queue_update (self);
  else
    self->dirty = TRUE;
}

static void
store_updated_cb (OcSummaryStrip *self)
{
  self->dirty = TRUE;
}

static void
clock_tick_cb (OcSummaryStrip *self)
{
  /* The longest wait grows every second while anyone waits. */
  if (self->dirty || self->summary.longest_wait > 0)
    oc_summary_strip_queue_update (self);
}

static GtkWidget *
make_tile (OcSummaryStrip *self,
           Tile            tile,
           const char     *caption,
           const char     *icon_name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *value = gtk_label_new ("0");
  GtkWidget *caption_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *caption_label = gtk_label_new (caption);

  gtk_widget_add_css_class (box, "oc-summary-tile");
  gtk_widget_add_css_class (value, "oc-summary-value");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (caption_box, "dim-label");
  gtk_widget_add_css_class (caption_box, "caption");

  if (icon_name != NULL)
    {
      GtkWidget *image = g_object_new (GTK_TYPE_IMAGE,
                                       "icon-name", icon_name,
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                       NULL);
      gtk_box_append (GTK_BOX (caption_box), image);
    }
  gtk_box_append (GTK_BOX (caption_box), caption_label);
  gtk_widget_set_halign (caption_box, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), caption_box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, caption,
                                  -1);

  self->tiles[tile] = box;
  self->values[tile] = GTK_LABEL (value);

  return box;
}

static void
oc_summary_strip_dispose (GObject *object)
{
  OcSummaryStrip *self = OC_SUMMARY_STRIP (object);

  oc_summary_strip_set_view (self, NULL);
  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_clear_object (&self->clock);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_SUMMARY_STRIP);
  /* Unnamed template children are not cleared by the above. */
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (oc_summary_strip_parent_class)->dispose (object);
}

static void
oc_summary_strip_class_init (OcSummaryStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_summary_strip_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-summary-strip.ui");
  gtk_widget_class_bind_template_child (widget_class, OcSummaryStrip, box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "oc-summary-strip");
}

static void
add_separator (OcSummaryStrip *self)
{
  gtk_box_append (self->box, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
}

static void
oc_summary_strip_init (OcSummaryStrip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_box_append (self->box, make_tile (self, TILE_OPEN, _("Open"), oc_status_get_icon (OC_STATUS_OPEN)));
  gtk_box_append (self->box, make_tile (self, TILE_ACTIVE, _("Active"), oc_status_get_icon (OC_STATUS_ACTIVE)));
  gtk_box_append (self->box, make_tile (self, TILE_WAITING, _("Waiting"), oc_status_get_icon (OC_STATUS_WAITING)));
  gtk_box_append (self->box, make_tile (self, TILE_WRAP_UP, _("Wrap-up"), oc_status_get_icon (OC_STATUS_WRAP_UP)));
  add_separator (self);
  gtk_box_append (self->box, make_tile (self, TILE_LONGEST_WAIT, _("Longest wait"), "alarm-symbolic"));
  add_separator (self);
  gtk_box_append (self->box, make_tile (self, TILE_CHAT, _("Chat"), oc_channel_get_icon (OC_CHANNEL_CHAT)));
  gtk_box_append (self->box, make_tile (self, TILE_MESSAGING, _("Messaging"), oc_channel_get_icon (OC_CHANNEL_MESSAGING)));
  gtk_box_append (self->box, make_tile (self, TILE_VOICE, _("Voice"), oc_channel_get_icon (OC_CHANNEL_VOICE)));
  add_separator (self);
  gtk_box_append (self->box, make_tile (self, TILE_NEGATIVE, _("Negative sentiment"), oc_sentiment_get_icon (OC_SENTIMENT_NEGATIVE)));

  oc_summary_strip_set_clock (self, NULL);
  oc_summary_strip_update (self);
}

OcSummaryStrip *
oc_summary_strip_new (void)
{
  return g_object_new (OC_TYPE_SUMMARY_STRIP, NULL);
}

void
oc_summary_strip_set_view (OcSummaryStrip     *self,
                           OcConversationView *view)
{
  g_return_if_fail (OC_IS_SUMMARY_STRIP (self));

  if (self->view == view)
    return;

  if (self->view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->view, self);
      g_signal_handlers_disconnect_by_data (oc_conversation_view_get_store (self->view), self);
      g_clear_object (&self->view);
    }

  if (view != NULL)
    {
      self->view = g_object_ref (view);
      g_signal_connect_object (view, "items-changed",
                               G_CALLBACK (view_items_changed_cb), self, G_CONNECT_SWAPPED);
      /* In-place updates (a status changing) emit no items-changed. */
      g_signal_connect_object (oc_conversation_view_get_store (view), "conversation-updated",
                               G_CALLBACK (store_updated_cb), self, G_CONNECT_SWAPPED);
    }

  oc_summary_strip_queue_update (self);
}

void
oc_summary_strip_set_clock (OcSummaryStrip *self,
                            OcClock        *clock)
{
  g_return_if_fail (OC_IS_SUMMARY_STRIP (self));

  if (clock == NULL)
    clock = oc_clock_get_default ();

  if (self->clock == clock)
    return;

  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_set_object (&self->clock, clock);
  g_signal_connect_object (clock, "notify::now",
                           G_CALLBACK (clock_tick_cb), self, G_CONNECT_SWAPPED);
}
