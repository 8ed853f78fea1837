// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-wallboard-tiles"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-format.h"

#include "oc-wallboard-tiles.h"

struct _OcWallboardTiles
{
  GtkWidget        parent_instance;

  OcWallboardTile *longest_wait_tile;
  OcWallboardTile *over_threshold_tile;
  OcWallboardTile *negative_tile;
  OcWallboardTile *flags_tile;
  OcWallboardTile *open_tile;
  OcWallboardTile *waiting_tile;
  OcWallboardTile *active_tile;
  OcWallboardTile *wrap_up_tile;
  OcWallboardTile *chat_tile;
  OcWallboardTile *messaging_tile;
  OcWallboardTile *voice_tile;
  OcWallboardTile *agents_tile;

  OcWaitThresholds thresholds;
  OcChannel        only_channel;  /* the one channel shown, or UNKNOWN for several */
};

G_DEFINE_FINAL_TYPE (OcWallboardTiles, oc_wallboard_tiles, GTK_TYPE_WIDGET)

static const struct {
  OcChannel channel;
  gsize     offset;
} channel_tiles[] = {
  { OC_CHANNEL_CHAT, G_STRUCT_OFFSET (OcWallboardTiles, chat_tile) },
  { OC_CHANNEL_MESSAGING, G_STRUCT_OFFSET (OcWallboardTiles, messaging_tile) },
  { OC_CHANNEL_VOICE, G_STRUCT_OFFSET (OcWallboardTiles, voice_tile) },
};

#define CHANNEL_TILE(self, i) \
  (G_STRUCT_MEMBER (OcWallboardTile *, (self), channel_tiles[i].offset))

static void
set_count (OcWallboardTile *tile,
           guint            count,
           gboolean         have_data)
{
  g_autofree char *value = have_data ? g_strdup_printf ("%u", count) : g_strdup ("—");

  oc_wallboard_tile_set_value (tile, value);
}

static void
oc_wallboard_tiles_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), OC_TYPE_WALLBOARD_TILES);
  /* The two rows hold the tiles and have no ids of their own. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (oc_wallboard_tiles_parent_class)->dispose (object);
}

static void
oc_wallboard_tiles_class_init (OcWallboardTilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_wallboard_tiles_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-wallboard-tiles.ui");
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, longest_wait_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, over_threshold_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, negative_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, open_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, waiting_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, active_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, wrap_up_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, chat_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, messaging_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, voice_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, agents_tile);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTiles, flags_tile);

  gtk_widget_class_set_css_name (widget_class, "wallboard-tiles");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  g_type_ensure (OC_TYPE_WALLBOARD_TILE);
}

static void
oc_wallboard_tiles_init (OcWallboardTiles *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The same words as the main window's status and channel columns. */
  oc_wallboard_tile_set_title (self->open_tile, oc_status_get_label (OC_STATUS_OPEN));
  oc_wallboard_tile_set_title (self->waiting_tile, oc_status_get_label (OC_STATUS_WAITING));
  oc_wallboard_tile_set_title (self->active_tile, oc_status_get_label (OC_STATUS_ACTIVE));
  oc_wallboard_tile_set_title (self->wrap_up_tile, oc_status_get_label (OC_STATUS_WRAP_UP));
  for (guint i = 0; i < G_N_ELEMENTS (channel_tiles); i++)
    oc_wallboard_tile_set_title (CHANNEL_TILE (self, i), oc_channel_get_label (channel_tiles[i].channel));
}

/**
 * oc_wallboard_tiles_new:
 *
 * Returns: (transfer floating): the wallboard's KPI tiles, showing "—"
 */
GtkWidget *
oc_wallboard_tiles_new (void)
{
  return g_object_new (OC_TYPE_WALLBOARD_TILES, NULL);
}

/* The channel @mask shows when it shows exactly one. */
static OcChannel
only_channel_of (guint mask)
{
  for (OcChannel channel = OC_CHANNEL_CHAT; channel <= OC_CHANNEL_VOICE; channel++)
    if (mask == 1u << channel)
      return channel;
  return OC_CHANNEL_UNKNOWN;
}

/**
 * oc_wallboard_tiles_set_filter:
 * @filter: what the wallboard shows
 *
 * The thresholds name a tile; the channel filter hides the other channels'
 * tiles.
 */
void
oc_wallboard_tiles_set_filter (OcWallboardTiles        *self,
                               const OcWallboardFilter *filter)
{
  g_autofree char *title = NULL;

  g_return_if_fail (OC_IS_WALLBOARD_TILES (self));
  g_return_if_fail (filter != NULL);

  self->thresholds = filter->thresholds;
  self->only_channel = only_channel_of (filter->channel_mask);

  /* Each channel has its own limit: name it when only one is on the board. */
  if (self->only_channel != OC_CHANNEL_UNKNOWN &&
      oc_wait_thresholds_get_warning (&self->thresholds, self->only_channel) > 0)
    {
      g_autofree char *warning =
        oc_format_duration (oc_wait_thresholds_get_warning (&self->thresholds, self->only_channel));

      /* Translators: a wallboard tile, e.g. "Waiting over 1:00" */
      title = g_strdup_printf (_("Waiting over %s"), warning);
    }
  else
    /* Translators: a wallboard tile: conversations waiting past their
     * channel's warning threshold */
    title = g_strdup (_("Over Wait Threshold"));
  oc_wallboard_tile_set_title (self->over_threshold_tile, title);

  for (guint i = 0; i < G_N_ELEMENTS (channel_tiles); i++)
    gtk_widget_set_visible (GTK_WIDGET (CHANNEL_TILE (self, i)),
                            filter->channel_mask == 0 ||
                            (filter->channel_mask & (1u << channel_tiles[i].channel)) != 0);
}

/**
 * oc_wallboard_tiles_update:
 * @stats: the figures to show
 * @have_data: %FALSE shows "—" rather than zeros nobody measured
 */
void
oc_wallboard_tiles_update (OcWallboardTiles *self,
                           OcWallboardStats *stats,
                           gboolean          have_data)
{
  g_autofree char *longest = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *critical = NULL;
  g_autofree char *critical_detail = NULL;
  g_autofree char *negative_detail = NULL;
  OcWallboardLevel level;

  g_return_if_fail (OC_IS_WALLBOARD_TILES (self));
  g_return_if_fail (stats != NULL);

  longest = have_data ? oc_format_duration (stats->longest_wait) : g_strdup ("—");
  oc_wallboard_tile_set_value (self->longest_wait_tile, longest);
  waiting = g_strdup_printf (g_dngettext (NULL, "%u waiting now", "%u waiting now", stats->waiting),
                             stats->waiting);
  oc_wallboard_tile_set_detail (self->longest_wait_tile, have_data ? waiting : NULL);
  /* The longest wait, judged by its own channel's limits. */
  if (!have_data)
    level = OC_WALLBOARD_LEVEL_NORMAL;
  else if (stats->waiting > 0 && stats->longest_wait_level == OC_WAIT_LEVEL_CRITICAL)
    level = OC_WALLBOARD_LEVEL_CRITICAL;
  else if (stats->waiting > 0 && stats->longest_wait_level == OC_WAIT_LEVEL_WARNING)
    level = OC_WALLBOARD_LEVEL_WARNING;
  else
    level = OC_WALLBOARD_LEVEL_GOOD;
  oc_wallboard_tile_set_level (self->longest_wait_tile, level);

  set_count (self->over_threshold_tile, stats->over_warning, have_data);
  if (self->only_channel != OC_CHANNEL_UNKNOWN &&
      oc_wait_thresholds_get_critical (&self->thresholds, self->only_channel) > 0)
    {
      critical = oc_format_duration (oc_wait_thresholds_get_critical (&self->thresholds, self->only_channel));
      /* Translators: detail of the "Waiting over 1:00" tile, e.g. "2 over 3:00" */
      critical_detail = g_strdup_printf (_("%u over %s"), stats->over_critical, critical);
    }
  else
    /* Translators: detail of the "Over Wait Threshold" tile: how many of
     * them are past their channel's critical threshold, e.g. "2 critical" */
    critical_detail = g_strdup_printf (g_dngettext (NULL, "%u critical", "%u critical", stats->over_critical),
                                       stats->over_critical);
  oc_wallboard_tile_set_detail (self->over_threshold_tile, have_data ? critical_detail : NULL);
  if (!have_data)
    level = OC_WALLBOARD_LEVEL_NORMAL;
  else if (stats->over_critical > 0)
    level = OC_WALLBOARD_LEVEL_CRITICAL;
  else if (stats->over_warning > 0)
    level = OC_WALLBOARD_LEVEL_WARNING;
  else
    level = OC_WALLBOARD_LEVEL_GOOD;
  oc_wallboard_tile_set_level (self->over_threshold_tile, level);

  set_count (self->negative_tile, stats->negative, have_data);
  /* Translators: detail of the "Negative sentiment" tile, e.g. "of 120 live" */
  negative_detail = g_strdup_printf (_("of %u live"), stats->total);
  oc_wallboard_tile_set_detail (self->negative_tile, have_data ? negative_detail : NULL);
  oc_wallboard_tile_set_level (self->negative_tile,
                               have_data && stats->negative > 0 ? OC_WALLBOARD_LEVEL_WARNING
                                                                : OC_WALLBOARD_LEVEL_NORMAL);

  /* An agent asking for help is for a supervisor to see from across the floor. */
  set_count (self->flags_tile, stats->flagged, have_data);
  oc_wallboard_tile_set_level (self->flags_tile,
                               have_data && stats->flagged > 0 ? OC_WALLBOARD_LEVEL_WARNING
                                                               : OC_WALLBOARD_LEVEL_NORMAL);

  set_count (self->open_tile, stats->by_status[OC_STATUS_OPEN], have_data);
  set_count (self->waiting_tile, stats->by_status[OC_STATUS_WAITING], have_data);
  set_count (self->active_tile, stats->by_status[OC_STATUS_ACTIVE], have_data);
  set_count (self->wrap_up_tile, stats->by_status[OC_STATUS_WRAP_UP], have_data);

  for (guint i = 0; i < G_N_ELEMENTS (channel_tiles); i++)
    {
      OcChannel channel = channel_tiles[i].channel;
      guint n = stats->waiting_by_channel[channel];
      g_autofree char *detail = g_strdup_printf (g_dngettext (NULL, "%u waiting", "%u waiting", n), n);

      set_count (CHANNEL_TILE (self, i), stats->by_channel[channel], have_data);
      oc_wallboard_tile_set_detail (CHANNEL_TILE (self, i), have_data ? detail : NULL);
    }
}

/**
 * oc_wallboard_tiles_get_tile:
 * @name: longest-wait, over-threshold, negative, help-flags, open, waiting,
 *   active, wrap-up, chat, messaging, voice or agents
 *
 * Returns: (transfer none) (nullable): the tile called @name
 */
OcWallboardTile *
oc_wallboard_tiles_get_tile (OcWallboardTiles *self,
                             const char       *name)
{
  OcWallboardTile *tiles[] = {
    self->longest_wait_tile, self->over_threshold_tile, self->negative_tile, self->flags_tile,
    self->open_tile, self->waiting_tile, self->active_tile, self->wrap_up_tile,
    self->chat_tile, self->messaging_tile, self->voice_tile, self->agents_tile,
  };

  g_return_val_if_fail (OC_IS_WALLBOARD_TILES (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (tiles[i])), name) == 0)
      return tiles[i];
  return NULL;
}

/**
 * oc_wallboard_tiles_set_agents:
 * @counts: (nullable): agents by presence; %NULL hides the agents tile
 * @have_data: %FALSE shows "—" rather than zeros nobody measured
 *
 * The optional agents tile: how many are available, the busy and away ones
 * beside.
 */
void
oc_wallboard_tiles_set_agents (OcWallboardTiles        *self,
                               const OcWallboardAgents *counts,
                               gboolean                 have_data)
{
  g_autofree char *detail = NULL;

  g_return_if_fail (OC_IS_WALLBOARD_TILES (self));

  gtk_widget_set_visible (GTK_WIDGET (self->agents_tile), counts != NULL);
  if (counts == NULL)
    return;

  set_count (self->agents_tile, counts->available, have_data);
  /* Translators: detail of the "Agents available" wallboard tile, "5 busy · 3 away" */
  detail = g_strdup_printf (_("%u busy · %u away"), counts->busy, counts->away);
  oc_wallboard_tile_set_detail (self->agents_tile, have_data ? detail : NULL);
  /* Nobody free while people wait is what the floor must see. */
  oc_wallboard_tile_set_level (self->agents_tile,
                               have_data && counts->available == 0 ? OC_WALLBOARD_LEVEL_WARNING
                                                                   : OC_WALLBOARD_LEVEL_NORMAL);
}
