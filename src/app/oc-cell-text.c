// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-cell-text"

#include "config.h"

#include <pango/pangocairo.h>

#include "oc-cell-text.h"
#include "oc-style.h"

/* A GtkLabel shapes its whole text to measure it, and the report measures
 * every cell of up to 200 rows on each rebind (#17). This widget measures
 * from the font alone and shapes only what it draws, at the width drawn.
 * It draws its icon too: a GtkImage beside a label in a box was two more
 * widgets a cell, each made, styled and measured for every row that comes
 * into GTK's 200. */

/* As GtkImage in a cell (-gtk-icon-size) and the box it sat in. */
#define ICON_SIZE    16
#define ICON_SPACING 6

typedef struct
{
  char        *text;
  int          shown_length;   /* bytes of text given to Pango */
  float        xalign;
  gboolean     fit_text;       /* natural width is the text's */
  gboolean     tabular;        /* figures of one width */

  PangoLayout *layout;         /* NULL until needed; dropped on a style change */
  gboolean     layout_has_text;
  int          layout_width;   /* px it is laid out at, -1 for unbounded */

  gboolean     metrics_valid;
  int          height;
  int          baseline;

  const char  *icon_name;      /* interned; NULL: no icon */
  GtkIconPaintable *icon;      /* looked up when first drawn; dropped on a style change */
} OcCellTextPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (OcCellText, oc_cell_text, GTK_TYPE_WIDGET)

typedef struct
{
  int height;
  int baseline;
} FontMetrics;

/* Font, resolution, font options and CSS text attributes -> FontMetrics.
 * A window uses a handful of fonts; the table is emptied past that. */
static GHashTable *metrics_cache;
#define METRICS_CACHE_MAX 64

static char *
metrics_key (PangoLayout *layout)
{
  PangoContext *context = pango_layout_get_context (layout);
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);
  PangoAttrList *attrs = pango_layout_get_attributes (layout);
  g_autofree char *font = pango_font_description_to_string (pango_context_get_font_description (context));
  g_autofree char *attributes = attrs ? pango_attr_list_to_string (attrs) : NULL;

  return g_strdup_printf ("%s|%g|%lx|%s", font, pango_cairo_context_get_resolution (context),
                          options ? cairo_font_options_hash (options) : 0UL,
                          attributes ? attributes : "");
}

static PangoLayout *
oc_cell_text_create_layout (OcCellText *self)
{
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (self);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  if (priv->tabular)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum 1"));
      pango_layout_set_attributes (layout, attrs);
    }
  return layout;
}

static void
oc_cell_text_drop_layout (OcCellText *self)
{
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (self);

  g_clear_object (&priv->layout);
  priv->layout_has_text = FALSE;
  priv->layout_width = -1;
}

static PangoLayout *
oc_cell_text_ensure_layout (OcCellText *self,
                            int         width)
{
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (self);

  if (priv->layout == NULL)
    {
      GtkWidget *widget = GTK_WIDGET (self);
      gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

      /* The widget's font from its style. GTK 4.8 gives no public way to
       * the style's text attributes, which GtkLabel reads privately: the
       * one our cells need, "numeric"'s tabular figures, is set here. */
      priv->layout = oc_cell_text_create_layout (self);
      pango_layout_set_alignment (priv->layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      pango_layout_set_ellipsize (priv->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (priv->layout, TRUE);
      priv->layout_has_text = FALSE;
      priv->layout_width = -1;
    }

  if (!priv->layout_has_text)
    {
      /* Plain text, never markup. */
      pango_layout_set_text (priv->layout, priv->text ? priv->text : "", priv->shown_length);
      priv->layout_has_text = TRUE;
    }

  if (priv->layout_width != width)
    {
      pango_layout_set_width (priv->layout, width < 0 ? -1 : width * PANGO_SCALE);
      priv->layout_width = width;
    }

  return priv->layout;
}

/* The height of a line in the widget's font, as a GtkLabel measures it. */
static void
oc_cell_text_ensure_metrics (OcCellText *self)
{
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (self);
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *key = NULL;
  FontMetrics *metrics;

  if (priv->metrics_valid)
    return;

  layout = oc_cell_text_create_layout (self);
  key = metrics_key (layout);

  if (metrics_cache == NULL)
    metrics_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  metrics = g_hash_table_lookup (metrics_cache, key);
  if (metrics == NULL)
    {
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      if (g_hash_table_size (metrics_cache) >= METRICS_CACHE_MAX)
        g_hash_table_remove_all (metrics_cache);
      metrics = g_new (FontMetrics, 1);
      metrics->height = logical.height;
      /* Rounded up, as GtkLabel reports it. */
      metrics->baseline = PANGO_PIXELS_CEIL (pango_layout_get_baseline (layout));
      g_hash_table_insert (metrics_cache, g_steal_pointer (&key), metrics);
    }

  priv->height = metrics->height;
  priv->baseline = metrics->baseline;
  priv->metrics_valid = TRUE;
}

/* A new font, scale, direction or icon theme: measure, lay out and look the
 * icon up again. */
static void
oc_cell_text_style_changed (OcCellText *self)
{
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (self);

  oc_cell_text_drop_layout (self);
  g_clear_object (&priv->icon);
  priv->metrics_valid = FALSE;
}

/* What the icon takes of the width, spacing included. */
static int
icon_width (OcCellTextPrivate *priv)
{
  return priv->icon_name != NULL ? ICON_SIZE + ICON_SPACING : 0;
}

static void
oc_cell_text_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  OcCellText *self = OC_CELL_TEXT (widget);
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (self);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      /* An icon taller than the line (a small font) centres the line on it;
       * the height does not depend on whether there is one, so rows keep
       * their height as icons come and go. */
      int extra;

      oc_cell_text_ensure_metrics (self);
      extra = MAX (0, ICON_SIZE - priv->height);
      *minimum = *natural = priv->height + extra;
      *minimum_baseline = *natural_baseline = priv->baseline + extra / 2;
      return;
    }

  /* The icon is never cut; the text is, by the column's width. */
  *minimum = icon_width (priv);
  *natural = *minimum;
  if (priv->fit_text && priv->shown_length > 0)
    {
      PangoRectangle logical;

      pango_layout_get_pixel_extents (oc_cell_text_ensure_layout (self, -1), NULL, &logical);
      *natural += logical.width;
    }
}

static void
oc_cell_text_snapshot_icon (OcCellText  *self,
                            GtkSnapshot *snapshot,
                            float        x,
                            int          height,
                            GdkRGBA     *color)
{
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (self);
  GtkWidget *widget = GTK_WIDGET (self);

  if (priv->icon == NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));

      priv->icon = gtk_icon_theme_lookup_icon (theme, priv->icon_name, NULL, ICON_SIZE,
                                               gtk_widget_get_scale_factor (widget),
                                               gtk_widget_get_direction (widget), 0);
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, floorf ((height - ICON_SIZE) * 0.5f)));
  /* In the cell's colour, as GtkImage draws a symbolic icon in its own:
   * a wait past its threshold colours both. */
  if (GTK_IS_SYMBOLIC_PAINTABLE (priv->icon))
    gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (priv->icon), snapshot,
                                              ICON_SIZE, ICON_SIZE, color, 1);
  else
    gdk_paintable_snapshot (GDK_PAINTABLE (priv->icon), snapshot, ICON_SIZE, ICON_SIZE);
  gtk_snapshot_restore (snapshot);
}

static void
oc_cell_text_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  OcCellText *self = OC_CELL_TEXT (widget);
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int baseline = gtk_widget_get_allocated_baseline (widget);
  gboolean rtl = gtk_widget_get_direction (widget) != GTK_TEXT_DIR_LTR;
  int icon = icon_width (priv);
  int text_width = width - icon;
  float xalign = priv->xalign;
  PangoLayout *layout;
  PangoRectangle logical;
  GdkRGBA color;
  float x, y;

  if (width <= 0 || (priv->shown_length == 0 && priv->icon_name == NULL))
    return;

  oc_style_get_color (widget, &color);

  /* The icon at the start, the text in what is left. */
  if (priv->icon_name != NULL)
    oc_cell_text_snapshot_icon (self, snapshot, rtl ? width - ICON_SIZE : 0, height, &color);

  if (priv->shown_length == 0 || text_width <= 0)
    return;

  layout = oc_cell_text_ensure_layout (self, text_width);
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  /* Where GtkLabel puts its layout. */
  if (rtl)
    xalign = 1.0f - xalign;
  x = floorf (xalign * (text_width - logical.width) - logical.x) + (rtl ? 0 : icon);
  if (baseline != -1)
    y = baseline - pango_layout_get_baseline (layout) / PANGO_SCALE;
  else
    y = MAX (0.f, floorf ((height - logical.height) * 0.5f));

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
oc_cell_text_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (oc_cell_text_parent_class)->css_changed (widget, change);

  /* The font, weight, features or icon theme may have changed; GTK has
   * updated the widget's Pango context and queued what the change needs. */
  oc_cell_text_style_changed (OC_CELL_TEXT (widget));
}

static void
oc_cell_text_system_setting_changed (GtkWidget        *widget,
                                     GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (oc_cell_text_parent_class)->system_setting_changed (widget, setting);

  if (setting == GTK_SYSTEM_SETTING_DPI ||
      setting == GTK_SYSTEM_SETTING_FONT_NAME ||
      setting == GTK_SYSTEM_SETTING_FONT_CONFIG ||
      setting == GTK_SYSTEM_SETTING_ICON_THEME)
    {
      oc_cell_text_style_changed (OC_CELL_TEXT (widget));
      gtk_widget_queue_resize (widget);
    }
}

static void
oc_cell_text_direction_changed (GtkWidget        *widget,
                                GtkTextDirection  previous_direction)
{
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (OC_CELL_TEXT (widget));

  GTK_WIDGET_CLASS (oc_cell_text_parent_class)->direction_changed (widget, previous_direction);

  oc_cell_text_drop_layout (OC_CELL_TEXT (widget));
  g_clear_object (&priv->icon);
  gtk_widget_queue_draw (widget);
}

static void
oc_cell_text_scale_factor_cb (OcCellText *self,
                              GParamSpec *pspec,
                              gpointer    user_data)
{
  oc_cell_text_style_changed (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
oc_cell_text_finalize (GObject *object)
{
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (OC_CELL_TEXT (object));

  g_clear_object (&priv->layout);
  g_clear_object (&priv->icon);
  g_clear_pointer (&priv->text, g_free);

  G_OBJECT_CLASS (oc_cell_text_parent_class)->finalize (object);
}

static void
oc_cell_text_class_init (OcCellTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = oc_cell_text_finalize;

  widget_class->measure = oc_cell_text_measure;
  widget_class->snapshot = oc_cell_text_snapshot;
  widget_class->css_changed = oc_cell_text_css_changed;
  widget_class->system_setting_changed = oc_cell_text_system_setting_changed;
  widget_class->direction_changed = oc_cell_text_direction_changed;

  /* Styled as the label it replaces: the theme's and our CSS apply. */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
oc_cell_text_init (OcCellText *self)
{
  OcCellTextPrivate *priv = oc_cell_text_get_instance_private (self);

  priv->layout_width = -1;
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (oc_cell_text_scale_factor_cb), NULL);
}

/**
 * oc_cell_text_new:
 *
 * Returns: (transfer floating): a new, empty text, aligned at the start
 */
OcCellText *
oc_cell_text_new (void)
{
  return g_object_new (OC_TYPE_CELL_TEXT, NULL);
}

/* The first OC_CELL_TEXT_MAX_CHARS characters of @text, in bytes. */
static int
shown_length (const char *text)
{
  const char *end = text;

  for (int n = 0; n < OC_CELL_TEXT_MAX_CHARS && *end != '\0'; n++)
    end = g_utf8_next_char (end);
  return (int) (end - text);
}

/**
 * oc_cell_text_set_text:
 * @text: (nullable): plain text, never markup
 *
 * Shows @text; the same text again costs a comparison.
 */
void
oc_cell_text_set_text (OcCellText *self,
                       const char *text)
{
  OcCellTextPrivate *priv;

  g_return_if_fail (OC_IS_CELL_TEXT (self));
  priv = oc_cell_text_get_instance_private (self);

  if (text == NULL)
    text = "";
  if (g_strcmp0 (priv->text, text) == 0)
    return;

  g_free (priv->text);
  priv->text = g_strdup (text);
  priv->shown_length = shown_length (text);
  priv->layout_has_text = FALSE;

  /* A label is read by its text; the height never depends on it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  if (priv->fit_text)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * oc_cell_text_get_text:
 *
 * Returns: (transfer none): the text, all of it
 */
const char *
oc_cell_text_get_text (OcCellText *self)
{
  OcCellTextPrivate *priv;

  g_return_val_if_fail (OC_IS_CELL_TEXT (self), NULL);
  priv = oc_cell_text_get_instance_private (self);
  return priv->text ? priv->text : "";
}

/**
 * oc_cell_text_set_icon_name:
 * @icon_name: (nullable): a symbolic icon of the theme, or %NULL for none
 *
 * Shows @icon_name before the text, in the text's colour. The icon is
 * decoration: the text beside it carries the meaning.
 */
void
oc_cell_text_set_icon_name (OcCellText *self,
                            const char *icon_name)
{
  OcCellTextPrivate *priv;
  const char *interned;

  g_return_if_fail (OC_IS_CELL_TEXT (self));
  priv = oc_cell_text_get_instance_private (self);

  interned = g_intern_string (icon_name);
  if (priv->icon_name == interned)
    return;

  /* Only a change between some icon and none changes the width asked for. */
  if ((priv->icon_name == NULL) != (interned == NULL))
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
  priv->icon_name = interned;
  g_clear_object (&priv->icon);
}

/**
 * oc_cell_text_get_icon_name:
 *
 * Returns: (transfer none) (nullable): the icon shown before the text
 */
const char *
oc_cell_text_get_icon_name (OcCellText *self)
{
  OcCellTextPrivate *priv;

  g_return_val_if_fail (OC_IS_CELL_TEXT (self), NULL);
  priv = oc_cell_text_get_instance_private (self);
  return priv->icon_name;
}

/**
 * oc_cell_text_set_xalign:
 * @xalign: 0 at the start, 1 at the end (mirrored right to left), as
 *   GtkLabel:xalign
 */
void
oc_cell_text_set_xalign (OcCellText *self,
                         float       xalign)
{
  OcCellTextPrivate *priv;

  g_return_if_fail (OC_IS_CELL_TEXT (self));
  priv = oc_cell_text_get_instance_private (self);

  xalign = CLAMP (xalign, 0.0f, 1.0f);
  if (priv->xalign == xalign)
    return;
  priv->xalign = xalign;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

float
oc_cell_text_get_xalign (OcCellText *self)
{
  OcCellTextPrivate *priv;

  g_return_val_if_fail (OC_IS_CELL_TEXT (self), 0.0f);
  priv = oc_cell_text_get_instance_private (self);
  return priv->xalign;
}

/* Sets *@flag to @value; returns whether that changed it. */
static gboolean
change_flag (gboolean *flag,
             gboolean  value)
{
  value = !!value;
  if (*flag == value)
    return FALSE;
  *flag = value;
  return TRUE;
}

/**
 * oc_cell_text_set_fit_text:
 * @fit_text: whether the natural width is the text's width
 *
 * In a column the column sets the width, and the text asks for none; beside
 * other widgets in a box (the narrow row's wait) it asks for its text's
 * width, which then is shaped to measure it.
 */
void
oc_cell_text_set_fit_text (OcCellText *self,
                           gboolean    fit_text)
{
  OcCellTextPrivate *priv;

  g_return_if_fail (OC_IS_CELL_TEXT (self));
  priv = oc_cell_text_get_instance_private (self);

  if (change_flag (&priv->fit_text, fit_text))
    gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * oc_cell_text_set_tabular_figures:
 * @tabular: whether figures all have one width, so that ticking times do
 *   not jitter (CSS "font-feature-settings: tnum", as ".numeric" has it)
 */
void
oc_cell_text_set_tabular_figures (OcCellText *self,
                                  gboolean    tabular)
{
  OcCellTextPrivate *priv;

  g_return_if_fail (OC_IS_CELL_TEXT (self));
  priv = oc_cell_text_get_instance_private (self);

  if (!change_flag (&priv->tabular, tabular))
    return;
  oc_cell_text_style_changed (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * oc_cell_text_get_layout:
 *
 * Returns: (transfer none): the layout as drawn at the allocated width
 *   (unbounded before an allocation), to ask whether the text was cut
 */
PangoLayout *
oc_cell_text_get_layout (OcCellText *self)
{
  OcCellTextPrivate *priv;
  int width;

  g_return_val_if_fail (OC_IS_CELL_TEXT (self), NULL);
  priv = oc_cell_text_get_instance_private (self);

  width = gtk_widget_get_width (GTK_WIDGET (self)) - icon_width (priv);
  return oc_cell_text_ensure_layout (self, width > 0 ? width : -1);
}
