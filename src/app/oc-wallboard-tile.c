// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-wallboard-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-wallboard-tile.h"

struct _OcWallboardTile
{
  GtkWidget         parent_instance;

  GtkLabel         *title_label;
  GtkLabel         *value_label;
  GtkLabel         *detail_label;

  OcWallboardLevel  level;
  char             *accessible_text;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_VALUE,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const level_classes[] = {
  [OC_WALLBOARD_LEVEL_NORMAL] = NULL,
  [OC_WALLBOARD_LEVEL_GOOD] = "good",
  [OC_WALLBOARD_LEVEL_WARNING] = "warning",
  [OC_WALLBOARD_LEVEL_CRITICAL] = "critical",
};

G_DEFINE_FINAL_TYPE (OcWallboardTile, oc_wallboard_tile, GTK_TYPE_WIDGET)

/* The three labels are one statement; say it once. */
static void
oc_wallboard_tile_update_accessible (OcWallboardTile *self)
{
  const char *title = gtk_label_get_text (self->title_label);
  const char *value = gtk_label_get_text (self->value_label);
  const char *detail = gtk_label_get_text (self->detail_label);
  char *text;

  g_assert (OC_IS_WALLBOARD_TILE (self));

  if (detail != NULL && detail[0] != '\0')
    /* Translators: what a screen reader says for a wallboard tile:
     * caption, figure, detail; e.g. "Longest wait: 4:12, in Billing" */
    text = g_strdup_printf (_("%s: %s, %s"), title, value, detail);
  else
    /* Translators: a wallboard tile read aloud, e.g. "Waiting: 12" */
    text = g_strdup_printf (_("%s: %s"), title, value);

  if (g_strcmp0 (text, self->accessible_text) == 0)
    {
      g_free (text);
      return;
    }
  g_free (self->accessible_text);
  self->accessible_text = text;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->accessible_text,
                                  -1);
}

static gboolean
set_label_text (GtkLabel   *label,
                const char *text)
{
  if (text == NULL)
    text = "";
  if (g_strcmp0 (gtk_label_get_text (label), text) == 0)
    return FALSE;
  /* Never markup: queue names and the like come from the server. */
  gtk_label_set_text (label, text);
  return TRUE;
}

static void
oc_wallboard_tile_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OC_TYPE_WALLBOARD_TILE);
  G_OBJECT_CLASS (oc_wallboard_tile_parent_class)->dispose (object);
}

static void
oc_wallboard_tile_finalize (GObject *object)
{
  OcWallboardTile *self = OC_WALLBOARD_TILE (object);

  g_free (self->accessible_text);
  G_OBJECT_CLASS (oc_wallboard_tile_parent_class)->finalize (object);
}

static void
oc_wallboard_tile_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OcWallboardTile *self = OC_WALLBOARD_TILE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, oc_wallboard_tile_get_title (self));
      break;
    case PROP_VALUE:
      g_value_set_string (value, oc_wallboard_tile_get_value (self));
      break;
    case PROP_DETAIL:
      g_value_set_string (value, oc_wallboard_tile_get_detail (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_wallboard_tile_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OcWallboardTile *self = OC_WALLBOARD_TILE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      oc_wallboard_tile_set_title (self, g_value_get_string (value));
      break;
    case PROP_VALUE:
      oc_wallboard_tile_set_value (self, g_value_get_string (value));
      break;
    case PROP_DETAIL:
      oc_wallboard_tile_set_detail (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_wallboard_tile_class_init (OcWallboardTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_wallboard_tile_dispose;
  object_class->finalize = oc_wallboard_tile_finalize;
  object_class->get_property = oc_wallboard_tile_get_property;
  object_class->set_property = oc_wallboard_tile_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-wallboard-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTile, title_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTile, value_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardTile, detail_label);

  gtk_widget_class_set_css_name (widget_class, "wallboard-tile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
oc_wallboard_tile_init (OcWallboardTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The tile's own label already says what they say. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->title_label),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->value_label),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->detail_label),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  oc_wallboard_tile_update_accessible (self);
}

/**
 * oc_wallboard_tile_new:
 * @title: the caption, such as "Waiting"
 *
 * Returns: (transfer floating): a new tile with no figure yet
 */
GtkWidget *
oc_wallboard_tile_new (const char *title)
{
  return g_object_new (OC_TYPE_WALLBOARD_TILE, "title", title, NULL);
}

/**
 * oc_wallboard_tile_get_title:
 *
 * Returns: (transfer none): the caption
 */
const char *
oc_wallboard_tile_get_title (OcWallboardTile *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_TILE (self), NULL);
  return gtk_label_get_text (self->title_label);
}

/**
 * oc_wallboard_tile_set_title:
 * @title: the caption
 */
void
oc_wallboard_tile_set_title (OcWallboardTile *self,
                             const char      *title)
{
  g_return_if_fail (OC_IS_WALLBOARD_TILE (self));

  if (!set_label_text (self->title_label, title))
    return;
  oc_wallboard_tile_update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * oc_wallboard_tile_get_value:
 *
 * Returns: (transfer none): the large figure
 */
const char *
oc_wallboard_tile_get_value (OcWallboardTile *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_TILE (self), NULL);
  return gtk_label_get_text (self->value_label);
}

/**
 * oc_wallboard_tile_set_value:
 * @value: the large figure, as text
 */
void
oc_wallboard_tile_set_value (OcWallboardTile *self,
                             const char      *value)
{
  g_return_if_fail (OC_IS_WALLBOARD_TILE (self));

  if (!set_label_text (self->value_label, value))
    return;
  oc_wallboard_tile_update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

/**
 * oc_wallboard_tile_get_detail:
 *
 * Returns: (transfer none) (nullable): the line under the figure
 */
const char *
oc_wallboard_tile_get_detail (OcWallboardTile *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_TILE (self), NULL);
  return gtk_label_get_text (self->detail_label);
}

/**
 * oc_wallboard_tile_set_detail:
 * @detail: (nullable): the line under the figure, or %NULL for none
 */
void
oc_wallboard_tile_set_detail (OcWallboardTile *self,
                              const char      *detail)
{
  g_return_if_fail (OC_IS_WALLBOARD_TILE (self));

  if (!set_label_text (self->detail_label, detail))
    return;
  oc_wallboard_tile_update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

/**
 * oc_wallboard_tile_get_level:
 *
 * Returns: how the figure reads at a glance
 */
OcWallboardLevel
oc_wallboard_tile_get_level (OcWallboardTile *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_TILE (self), OC_WALLBOARD_LEVEL_NORMAL);
  return self->level;
}

/**
 * oc_wallboard_tile_set_level:
 * @level: how the figure reads at a glance (one CSS class each)
 */
void
oc_wallboard_tile_set_level (OcWallboardTile  *self,
                             OcWallboardLevel  level)
{
  g_return_if_fail (OC_IS_WALLBOARD_TILE (self));
  g_return_if_fail (level <= OC_WALLBOARD_LEVEL_CRITICAL);

  if (self->level == level)
    return;
  if (level_classes[self->level] != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), level_classes[self->level]);
  self->level = level;
  if (level_classes[self->level] != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), level_classes[self->level]);
}

/**
 * oc_wallboard_tile_get_accessible_text:
 *
 * Returns: (transfer none): the label given to assistive technologies,
 *   "Title: value[, detail]"
 */
const char *
oc_wallboard_tile_get_accessible_text (OcWallboardTile *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_TILE (self), NULL);
  return self->accessible_text;
}
