// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-summary-strip"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "oc-conversation-private.h"
#include "oc-format.h"
#include "oc-summary-strip.h"
#include "oc-wrap-box.h"

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
  TILE_FLAGS,
  N_TILES
} Tile;

struct _OcSummaryStrip
{
  GtkWidget           parent_instance;

  OcWrapBox          *box;
  GtkWidget          *tiles[N_TILES];
  GtkLabel           *values[N_TILES];

  OcConversationView  *view;
  OcConversationStore *store;
  OcClock             *clock;
  GSignalGroup        *view_signals;
  GSignalGroup        *store_signals;
  GSignalGroup        *clock_signals;
  OcSummary            summary;

  /* Kept up to date row by row, so a tick costs nine labels, not a pass
   * over 100,000 rows: what each shown conversation adds to the counts, and
   * the waiting ones by when their wait began. The entries are a flat array
   * indexed by the conversations' slots (16 bytes a row, no hash table); the
   * entry leaves with its conversation. Only the longest wait is ever read,
   * so the waiting ones are a binary min-heap (4 bytes each), not a tree. */
  struct _Entry       *entries;
  guint                n_entries;
  GArray              *waiting;   /* guint slots, a min-heap by (wait start, slot) */
  guint                announced; /* removals told before their items-changed */
  gboolean             dirty;
  guint                idle_id;
};

typedef struct _Entry {
  gint64          wait_start;
  guint8          status;
  guint8          channel;
  guint8          counted : 1;
  guint8          negative : 1;
  guint8          flagged : 1;
  guint8          in_waiting : 1;   /* in the heap of waiting ones, at heap_pos */
  guint32         heap_pos;
} Entry;

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
  g_autofree char *text = oc_format_count (count);

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
  oc_summary_strip_set_count (self, TILE_FLAGS, _("Help flags"), s->flagged);

  if (s->negative > 0)
    gtk_widget_add_css_class (self->tiles[TILE_NEGATIVE], "oc-attention");
  else
    gtk_widget_remove_css_class (self->tiles[TILE_NEGATIVE], "oc-attention");
  if (s->flagged > 0)
    gtk_widget_add_css_class (self->tiles[TILE_FLAGS], "oc-attention");
  else
    gtk_widget_remove_css_class (self->tiles[TILE_FLAGS], "oc-attention");
}

/* The entry of @conversation's slot, counted or not; NULL past the end. */
static Entry *
entry_of (OcSummaryStrip *self,
          OcConversation *conversation)
{
  guint slot = _oc_conversation_get_slot (conversation);

  return slot < self->n_entries ? &self->entries[slot] : NULL;
}

/* The same, made when needed. */
static Entry *
entry_make (OcSummaryStrip *self,
            OcConversation *conversation)
{
  return _oc_slot_array_ensure ((gpointer *) &self->entries, &self->n_entries, sizeof (Entry),
                                _oc_conversation_get_slot (conversation));
}

/* The waiting entries' heap: by wait start, then slot. */
static gint64
waiting_key (gconstpointer owner,
             guint32       slot)
{
  return ((const OcSummaryStrip *) owner)->entries[slot].wait_start;
}

static void
waiting_place (gpointer owner,
               guint32  slot,
               guint32  pos)
{
  ((OcSummaryStrip *) owner)->entries[slot].heap_pos = pos;
}

static void
waiting_sift (OcSummaryStrip *self,
              guint           pos)
{
  _oc_slot_heap_sift ((guint32 *) (gpointer) self->waiting->data, self->waiting->len, pos,
                      waiting_key, waiting_place, self);
}

static void
waiting_add (OcSummaryStrip *self,
             guint           slot)
{
  g_array_append_val (self->waiting, slot);
  waiting_sift (self, self->waiting->len - 1);
  self->entries[slot].in_waiting = TRUE;
}

/* Takes the entry of @slot out of the waiting ones. */
static void
waiting_remove (OcSummaryStrip *self,
                guint           slot)
{
  guint pos = self->entries[slot].heap_pos;
  guint last = g_array_index (self->waiting, guint, self->waiting->len - 1);

  g_array_set_size (self->waiting, self->waiting->len - 1);
  if (pos < self->waiting->len)
    {
      g_array_index (self->waiting, guint, pos) = last;
      waiting_sift (self, pos);
    }
  self->entries[slot].in_waiting = FALSE;
}

static void
summary_forget (OcSummaryStrip *self,
                OcConversation *conversation)
{
  Entry *e = entry_of (self, conversation);
  OcSummary *s = &self->summary;

  if (e == NULL || !e->counted)
    return;

  s->by_status[e->status]--;
  s->by_channel[e->channel]--;
  s->negative -= e->negative;
  s->flagged -= e->flagged;
  s->total--;
  if (e->in_waiting)
    waiting_remove (self, _oc_conversation_get_slot (conversation));
  memset (e, 0, sizeof *e);
  self->dirty = TRUE;
}

/* Fills @e from @conversation and adds it to the counts; its place among the
 * waiting ones moves only when its wait start did. */
static void
entry_set (OcSummaryStrip *self,
           Entry          *e,
           OcConversation *conversation)
{
  OcSummary *s = &self->summary;
  OcStatus status = oc_conversation_get_status (conversation);
  OcChannel channel = oc_conversation_get_channel (conversation);
  gboolean waiting = oc_conversation_is_waiting (conversation);
  /* Shown wait = wait_seconds + (now - waiting_since) = now - wait_start. */
  gint64 wait_start = waiting ? oc_conversation_get_waiting_since (conversation) -
                                oc_conversation_get_wait_seconds (conversation)
                              : 0;
  guint slot = _oc_conversation_get_slot (conversation);

  e->status = (guint) status < G_N_ELEMENTS (s->by_status) ? status : OC_STATUS_UNKNOWN;
  e->channel = (guint) channel < G_N_ELEMENTS (s->by_channel) ? channel : OC_CHANNEL_UNKNOWN;
  e->negative = oc_sentiment_is_negative (oc_conversation_get_sentiment (conversation));
  e->flagged = oc_conversation_is_flagged (conversation);

  if (e->in_waiting && (!waiting || e->wait_start != wait_start))
    waiting_remove (self, slot);
  e->wait_start = wait_start;
  if (waiting && !e->in_waiting)
    waiting_add (self, slot);

  s->by_status[e->status]++;
  s->by_channel[e->channel]++;
  s->negative += e->negative;
  s->flagged += e->flagged;
  self->dirty = TRUE;
}

static void
summary_count (OcSummaryStrip *self,
               OcConversation *conversation)
{
  Entry *e;

  if (!oc_conversation_view_matches (self->view, conversation))
    return;

  e = entry_make (self, conversation);
  e->counted = TRUE;
  entry_set (self, e, conversation);
  self->summary.total++;
}

/* A row changed in place: its entry changes in place too. */
static void
summary_update (OcSummaryStrip *self,
                OcConversation *conversation)
{
  Entry *e = entry_of (self, conversation);
  OcSummary *s = &self->summary;

  if (e == NULL || !e->counted || !oc_conversation_view_matches (self->view, conversation))
    {
      summary_forget (self, conversation);
      summary_count (self, conversation);
      return;
    }

  s->by_status[e->status]--;
  s->by_channel[e->channel]--;
  s->negative -= e->negative;
  s->flagged -= e->flagged;
  entry_set (self, e, conversation);
}

/* Counts @n rows of @store from @position anew. */
static void
summary_count_rows (OcSummaryStrip *self,
                    GListModel     *store,
                    guint           position,
                    guint           n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (store, position + i);
      summary_forget (self, c);
      summary_count (self, c);
    }
}

/* Recounts everything: after a new filter or a snapshot. */
static void
summary_recount (OcSummaryStrip *self)
{
  guint n;

  if (self->n_entries > 0)
    memset (self->entries, 0, self->n_entries * sizeof (Entry));
  g_array_set_size (self->waiting, 0);
  memset (&self->summary, 0, sizeof self->summary);
  self->announced = 0;
  self->dirty = TRUE;

  if (self->view == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  summary_count_rows (self, G_LIST_MODEL (self->store), 0, n);
}

static void
oc_summary_strip_refresh (OcSummaryStrip *self)
{
  OcSummary *s = &self->summary;

  s->longest_wait = 0;
  if (self->waiting->len > 0)
    {
      guint first = g_array_index (self->waiting, guint, 0);
      s->longest_wait = MAX (0, oc_clock_get_now (self->clock) - self->entries[first].wait_start);
    }

  self->dirty = FALSE;
  oc_summary_strip_show (self);
}

/**
 * oc_summary_strip_set_loading:
 * @loading: whether the store still loads its first snapshot
 *
 * While the conversations still load, the figures count those loaded so
 * far: the strip is dimmed and says so (tooltip, accessible description).
 */
void
oc_summary_strip_set_loading (OcSummaryStrip *self,
                              gboolean        loading)
{
  const char *why = loading ? _("Still loading: these figures count the conversations loaded so far.") : NULL;

  g_return_if_fail (OC_IS_SUMMARY_STRIP (self));

  if (loading == gtk_widget_has_css_class (GTK_WIDGET (self), "oc-loading"))
    return;
  if (loading)
    gtk_widget_add_css_class (GTK_WIDGET (self), "oc-loading");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "oc-loading");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), why);
  if (why != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  /* Undimmed, the figures are the whole floor's now, not a tick later. */
  if (!loading)
    oc_summary_strip_refresh (self);
}

/**
 * oc_summary_strip_update:
 *
 * Recounts from scratch now and shows the figures.
 *
 * Returns: (transfer none): the figures shown
 */
const OcSummary *
oc_summary_strip_update (OcSummaryStrip *self)
{
  g_return_val_if_fail (OC_IS_SUMMARY_STRIP (self), NULL);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  summary_recount (self);
  oc_summary_strip_refresh (self);

  return &self->summary;
}

/**
 * oc_summary_strip_get_summary:
 *
 * Returns: (transfer none): the figures as kept up to date row by row,
 *   without a recount
 */
const OcSummary *
oc_summary_strip_get_summary (OcSummaryStrip *self)
{
  g_return_val_if_fail (OC_IS_SUMMARY_STRIP (self), NULL);

  oc_summary_strip_refresh (self);

  return &self->summary;
}

static gboolean
oc_summary_strip_idle_cb (gpointer data)
{
  OcSummaryStrip *self = data;

  self->idle_id = 0;
  summary_recount (self);
  oc_summary_strip_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
oc_summary_strip_queue_recount (OcSummaryStrip *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, oc_summary_strip_idle_cb, self, NULL);
}

/* Only a new filter changes what is counted; moves and a new sort do not. */
static void
view_filter_changed_cb (OcSummaryStrip *self)
{
  oc_summary_strip_queue_recount (self);
}

static void
store_items_changed_cb (OcSummaryStrip *self,
                        guint           position,
                        guint           removed,
                        guint           added,
                        GListModel     *store)
{
  /* A snapshot replaces rows without saying so one by one. */
  if (removed > self->announced || (removed > 0 && added > 0))
    {
      oc_summary_strip_queue_recount (self);
      return;
    }

  self->announced -= removed;
  summary_count_rows (self, store, position, added);
}

static void
store_updated_cb (OcSummaryStrip      *self,
                  OcConversation      *conversation,
                  OcConversationStore *store)
{
  summary_update (self, conversation);
}

static void
store_removed_cb (OcSummaryStrip      *self,
                  OcConversation      *conversation,
                  const char          *reason,
                  OcConversationStore *store)
{
  self->announced++;
  summary_forget (self, conversation);
}

static void
clock_tick_cb (OcSummaryStrip *self)
{
  /* The longest wait grows every second while anyone waits. */
  if (self->dirty || self->waiting->len > 0)
    oc_summary_strip_refresh (self);
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
  g_clear_object (&self->view_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->clock_signals);
  g_clear_object (&self->clock);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_pointer (&self->entries, g_free);
  self->n_entries = 0;
  g_clear_pointer (&self->waiting, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_SUMMARY_STRIP);
  /* Unnamed template children are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);

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
  g_type_ensure (OC_TYPE_WRAP_BOX);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "oc-summary-strip");

  /* The signal groups look their signals up as they connect them. */
  g_type_class_unref (g_type_class_ref (OC_TYPE_CONVERSATION_STORE));
  g_type_class_unref (g_type_class_ref (OC_TYPE_CONVERSATION_VIEW));
}

static void
add_separator (OcSummaryStrip *self)
{
  oc_wrap_box_append (self->box, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
}

static void
oc_summary_strip_init (OcSummaryStrip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->waiting = g_array_new (FALSE, FALSE, sizeof (guint));

  self->view_signals = g_signal_group_new (OC_TYPE_CONVERSATION_VIEW);
  g_signal_group_connect_swapped (self->view_signals, "filter-changed",
                                  G_CALLBACK (view_filter_changed_cb), self);
  self->store_signals = g_signal_group_new (OC_TYPE_CONVERSATION_STORE);
  g_signal_group_connect_swapped (self->store_signals, "items-changed",
                                  G_CALLBACK (store_items_changed_cb), self);
  /* In-place updates (a status changing) emit no items-changed. */
  g_signal_group_connect_swapped (self->store_signals, "conversation-updated",
                                  G_CALLBACK (store_updated_cb), self);
  g_signal_group_connect_swapped (self->store_signals, "conversation-removed",
                                  G_CALLBACK (store_removed_cb), self);
  self->clock_signals = g_signal_group_new (OC_TYPE_CLOCK);
  g_signal_group_connect_swapped (self->clock_signals, "notify::now",
                                  G_CALLBACK (clock_tick_cb), self);

  oc_wrap_box_append (self->box, make_tile (self, TILE_OPEN, _("Open"), oc_status_get_icon (OC_STATUS_OPEN)));
  oc_wrap_box_append (self->box, make_tile (self, TILE_ACTIVE, _("Active"), oc_status_get_icon (OC_STATUS_ACTIVE)));
  oc_wrap_box_append (self->box, make_tile (self, TILE_WAITING, _("Waiting"), oc_status_get_icon (OC_STATUS_WAITING)));
  oc_wrap_box_append (self->box, make_tile (self, TILE_WRAP_UP, _("Wrap-up"), oc_status_get_icon (OC_STATUS_WRAP_UP)));
  add_separator (self);
  oc_wrap_box_append (self->box, make_tile (self, TILE_LONGEST_WAIT, _("Longest wait"), "alarm-symbolic"));
  add_separator (self);
  oc_wrap_box_append (self->box, make_tile (self, TILE_CHAT, _("Chat"), oc_channel_get_icon (OC_CHANNEL_CHAT)));
  oc_wrap_box_append (self->box, make_tile (self, TILE_MESSAGING, _("Messaging"), oc_channel_get_icon (OC_CHANNEL_MESSAGING)));
  oc_wrap_box_append (self->box, make_tile (self, TILE_VOICE, _("Voice"), oc_channel_get_icon (OC_CHANNEL_VOICE)));
  add_separator (self);
  oc_wrap_box_append (self->box, make_tile (self, TILE_NEGATIVE, _("Negative sentiment"), oc_sentiment_get_icon (OC_SENTIMENT_NEGATIVE)));
  oc_wrap_box_append (self->box, make_tile (self, TILE_FLAGS, _("Help flags"), "emoji-flags-symbolic"));

  oc_summary_strip_set_clock (self, NULL);
  oc_summary_strip_update (self);
}

/**
 * oc_summary_strip_new:
 *
 * Returns: (transfer floating): a new summary strip, all zero until given a
 *   view
 */
OcSummaryStrip *
oc_summary_strip_new (void)
{
  return g_object_new (OC_TYPE_SUMMARY_STRIP, NULL);
}

/**
 * oc_summary_strip_set_view:
 * @view: (nullable): the filtered view whose figures to show, or %NULL
 *
 * Counts over @view and follows it and its store. The strip keeps a reference.
 */
void
oc_summary_strip_set_view (OcSummaryStrip     *self,
                           OcConversationView *view)
{
  OcConversationStore *store;

  g_return_if_fail (OC_IS_SUMMARY_STRIP (self));

  if (self->view == view)
    return;

  store = view != NULL ? oc_conversation_view_get_store (view) : NULL;
  g_set_object (&self->view, view);
  g_set_object (&self->store, store);
  g_signal_group_set_target (self->view_signals, view);
  g_signal_group_set_target (self->store_signals, store);

  oc_summary_strip_update (self);
}

/**
 * oc_summary_strip_set_clock:
 * @clock: (nullable): the clock for the longest wait; %NULL for
 *   oc_clock_get_default()
 */
void
oc_summary_strip_set_clock (OcSummaryStrip *self,
                            OcClock        *clock)
{
  g_return_if_fail (OC_IS_SUMMARY_STRIP (self));

  if (clock == NULL)
    clock = oc_clock_get_default ();

  if (self->clock == clock)
    return;

  g_set_object (&self->clock, clock);
  g_signal_group_set_target (self->clock_signals, clock);
}
