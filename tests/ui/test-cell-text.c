// SPDX-License-Identifier: GPL-3.0-or-later
/* OcCellText, the report cells' text (#17): measured from the font alone,
 * drawn where and as a GtkLabel draws (and its icon where a GtkImage beside
 * it drew), plain text, never markup. */

#include "config.h"

#include <gtk/gtk.h>

#include "oc-test-util.h"

#include "oc-cell-text.h"
#include "oc-style.h"

typedef struct
{
  GtkWindow  *window;
  GtkWidget  *box;
  OcCellText *text;
  GtkLabel   *label;     /* what it replaces, with the same text and classes */
} Fixture;

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

static GtkWidget *spin_window;

static gboolean
painted_twice (gpointer data)
{
  if (*(guint *) data >= 2)
    return TRUE;
  gtk_widget_queue_draw (spin_window);
  return FALSE;
}

/* Until the window has laid out and painted twice after a change. */
static void
spin (Fixture *f)
{
  GdkFrameClock *clock;
  guint painted = 0;
  gulong id;

  g_assert_true (oc_test_wait_until ((OcTestPredicate) gtk_widget_get_mapped, f->text, 10000));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  spin_window = GTK_WIDGET (f->window);
  gtk_widget_queue_resize (GTK_WIDGET (f->box));
  g_assert_true (oc_test_wait_until (painted_twice, &painted, 10000));
  g_signal_handler_disconnect (clock, id);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 200, 100);
  f->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_window_set_child (f->window, f->box);

  f->text = oc_cell_text_new ();
  gtk_widget_set_hexpand (GTK_WIDGET (f->text), TRUE);
  gtk_box_append (GTK_BOX (f->box), GTK_WIDGET (f->text));

  /* As the report cell had it. */
  f->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (f->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (f->label, TRUE);
  gtk_label_set_xalign (f->label, 0.0f);
  gtk_widget_set_hexpand (GTK_WIDGET (f->label), TRUE);
  gtk_box_append (GTK_BOX (f->box), GTK_WIDGET (f->label));

  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
set_both (Fixture    *f,
          const char *text)
{
  oc_cell_text_set_text (f->text, text);
  gtk_label_set_text (f->label, text);
}

static void
add_class_both (Fixture    *f,
                const char *css_class)
{
  gtk_widget_add_css_class (GTK_WIDGET (f->text), css_class);
  gtk_widget_add_css_class (GTK_WIDGET (f->label), css_class);
}

typedef struct
{
  int min, nat, min_baseline, nat_baseline;
} Size;

static Size
measure (GtkWidget      *widget,
         GtkOrientation  orientation)
{
  Size size;

  gtk_widget_measure (widget, orientation, -1, &size.min, &size.nat,
                      &size.min_baseline, &size.nat_baseline);
  return size;
}

/* Measuring never depends on the text: no text is shaped for it. */
static void
test_measure_ignores_text (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *huge = NULL;
  const char *texts[] = { "Ag", "", "<b>x</b>", "A subject far longer than any column of the report is wide, and then some", NULL };
  Size first_height, first_width;
  GString *s = g_string_new (NULL);

  while (s->len < 100 * 1024)
    g_string_append (s, "Refund over my limit, again. ");
  huge = g_string_free (s, FALSE);
  texts[4] = huge;

  spin (f);
  oc_cell_text_set_text (f->text, texts[0]);
  first_height = measure (GTK_WIDGET (f->text), GTK_ORIENTATION_VERTICAL);
  first_width = measure (GTK_WIDGET (f->text), GTK_ORIENTATION_HORIZONTAL);
  g_assert_cmpint (first_height.min, >, 0);
  g_assert_cmpint (first_height.min, ==, first_height.nat);
  g_assert_cmpint (first_height.min_baseline, >, 0);
  g_assert_cmpint (first_width.nat, ==, 0);

  for (guint i = 1; i < G_N_ELEMENTS (texts); i++)
    {
      Size height, width;

      oc_cell_text_set_text (f->text, texts[i]);
      height = measure (GTK_WIDGET (f->text), GTK_ORIENTATION_VERTICAL);
      width = measure (GTK_WIDGET (f->text), GTK_ORIENTATION_HORIZONTAL);
      g_assert_cmpint (height.min, ==, first_height.min);
      g_assert_cmpint (height.nat, ==, first_height.nat);
      g_assert_cmpint (height.min_baseline, ==, first_height.min_baseline);
      g_assert_cmpint (width.min, ==, first_width.min);
      g_assert_cmpint (width.nat, ==, first_width.nat);
    }
}

static void
assert_height_as_label (Fixture *f)
{
  Size text = measure (GTK_WIDGET (f->text), GTK_ORIENTATION_VERTICAL);
  Size label = measure (GTK_WIDGET (f->label), GTK_ORIENTATION_VERTICAL);

  g_assert_cmpint (text.nat, ==, label.nat);
  g_assert_cmpint (text.nat_baseline, ==, label.nat_baseline);
}

/* The height is a GtkLabel's, and follows the font: a CSS class, the
 * desktop's font. */
static void
test_height_follows_font (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *font_name = NULL;
  Size before, big, desktop;

  gtk_css_provider_load_from_data (provider, ".big { font-size: 30px; font-weight: bold; }", -1);
  oc_style_add_provider (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  set_both (f, "Zoë Ødegård");
  spin (f);
  assert_height_as_label (f);
  before = measure (GTK_WIDGET (f->text), GTK_ORIENTATION_VERTICAL);

  add_class_both (f, "big");
  spin (f);
  big = measure (GTK_WIDGET (f->text), GTK_ORIENTATION_VERTICAL);
  g_assert_cmpint (big.nat, >, before.nat);
  assert_height_as_label (f);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->text)), ==, big.nat);

  gtk_widget_remove_css_class (GTK_WIDGET (f->text), "big");
  gtk_widget_remove_css_class (GTK_WIDGET (f->label), "big");
  spin (f);
  g_assert_cmpint (measure (GTK_WIDGET (f->text), GTK_ORIENTATION_VERTICAL).nat, ==, before.nat);

  g_object_get (settings, "gtk-font-name", &font_name, NULL);
  g_object_set (settings, "gtk-font-name", "Sans 24", NULL);
  spin (f);
  desktop = measure (GTK_WIDGET (f->text), GTK_ORIENTATION_VERTICAL);
  g_assert_cmpint (desktop.nat, >, before.nat);
  assert_height_as_label (f);

  g_object_set (settings, "gtk-font-name", font_name, NULL);
  spin (f);
  g_assert_cmpint (measure (GTK_WIDGET (f->text), GTK_ORIENTATION_VERTICAL).nat, ==, before.nat);

  oc_style_remove_provider (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
}

/* Cut at the end with "…" where the width ends, laid out at that width. */
static void
test_ellipsis (Fixture       *f,
               gconstpointer  data)
{
  PangoLayout *layout;

  set_both (f, "A subject far longer than two hundred pixels can show");
  spin (f);
  layout = oc_cell_text_get_layout (f->text);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->text)), >, 0);
  g_assert_cmpint (pango_layout_get_width (layout), ==, gtk_widget_get_width (GTK_WIDGET (f->text)) * PANGO_SCALE);
  g_assert_cmpint (pango_layout_get_ellipsize (layout), ==, PANGO_ELLIPSIZE_END);
  g_assert_true (pango_layout_is_ellipsized (layout));
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (f->label)));

  set_both (f, "Short");
  spin (f);
  g_assert_false (pango_layout_is_ellipsized (oc_cell_text_get_layout (f->text)));
  g_assert_cmpstr (pango_layout_get_text (oc_cell_text_get_layout (f->text)), ==, "Short");
}

/* Untrusted text is shown as it is: "<b>x</b>" is not bold, not parsed. */
static void
test_literal (Fixture       *f,
              gconstpointer  data)
{
  PangoLayout *layout;
  PangoAttrList *attrs;
  g_autofree char *attributes = NULL;

  oc_cell_text_set_text (f->text, "<b>x</b> &amp; <span weight=\"bold\">y</span>");
  spin (f);
  layout = oc_cell_text_get_layout (f->text);
  g_assert_cmpstr (pango_layout_get_text (layout), ==, "<b>x</b> &amp; <span weight=\"bold\">y</span>");
  g_assert_cmpstr (oc_cell_text_get_text (f->text), ==, "<b>x</b> &amp; <span weight=\"bold\">y</span>");
  attrs = pango_layout_get_attributes (layout);
  attributes = attrs ? pango_attr_list_to_string (attrs) : g_strdup ("");
  g_assert_null (strstr (attributes, "weight"));
}

/* A 100 kB subject keeps its text, and Pango lays out only its first
 * OC_CELL_TEXT_MAX_CHARS characters (two bytes each here). */
static void
test_huge_text (Fixture       *f,
                gconstpointer  data)
{
  GString *s = g_string_new (NULL);
  g_autofree char *huge = NULL;
  PangoLayout *layout;

  while (s->len < 100 * 1024)
    g_string_append (s, "é");
  huge = g_string_free (s, FALSE);

  oc_cell_text_set_text (f->text, huge);
  spin (f);
  g_assert_cmpstr (oc_cell_text_get_text (f->text), ==, huge);
  layout = oc_cell_text_get_layout (f->text);
  g_assert_cmpint (g_utf8_strlen (pango_layout_get_text (layout), -1), ==, OC_CELL_TEXT_MAX_CHARS);
  g_assert_true (pango_layout_is_ellipsized (layout));
}

/* Tabular figures, as the numeric class gives a label. */
static void
test_css_features (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  PangoAttrList *attrs;
  g_autofree char *attributes = NULL;
  g_autofree char *label_attributes = NULL;

  gtk_css_provider_load_from_data (provider, ".numeric { font-feature-settings: \"tnum\"; }", -1);
  oc_style_add_provider (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  set_both (f, "12:04");
  add_class_both (f, "numeric");
  oc_cell_text_set_tabular_figures (f->text, TRUE);
  spin (f);
  attrs = pango_layout_get_attributes (oc_cell_text_get_layout (f->text));
  g_assert_nonnull (attrs);
  attributes = pango_attr_list_to_string (attrs);
  /* As the label's, which has them from the CSS. */
  label_attributes = pango_attr_list_to_string (pango_layout_get_attributes (gtk_label_get_layout (f->label)));
  g_assert_cmpstr (attributes, ==, label_attributes);
  g_assert_nonnull (strstr (attributes, "tnum"));
  assert_height_as_label (f);
  oc_style_remove_provider (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
}

/* The child of a node that draws one, in place. */
static GskRenderNode *
only_child (GskRenderNode *node)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_OPACITY_NODE:      return gsk_opacity_node_get_child (node);
    case GSK_CLIP_NODE:         return gsk_clip_node_get_child (node);
    case GSK_ROUNDED_CLIP_NODE: return gsk_rounded_clip_node_get_child (node);
    case GSK_DEBUG_NODE:        return gsk_debug_node_get_child (node);
    case GSK_COLOR_MATRIX_NODE: return gsk_color_matrix_node_get_child (node);
    default:                    g_assert_not_reached ();
    }
}

/* The union of the bounds of @node's descendants of @type, in @node's
 * coordinates. */
static void
collect_bounds (GskRenderNode     *node,
                GskRenderNodeType  type,
                graphene_rect_t   *bounds,
                guint             *n)
{
  if (gsk_render_node_get_node_type (node) == type)
      {
        graphene_rect_t b;

        gsk_render_node_get_bounds (node, &b);
        if (*n == 0)
          *bounds = b;
        else
          graphene_rect_union (bounds, &b, bounds);
        (*n)++;
        return;
      }

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_bounds (gsk_container_node_get_child (node, i), type, bounds, n);
      break;
    case GSK_TRANSFORM_NODE:
      {
        graphene_rect_t child;
        guint m = 0;

        collect_bounds (gsk_transform_node_get_child (node), type, &child, &m);
        if (m > 0)
          {
            gsk_transform_transform_bounds (gsk_transform_node_get_transform (node), &child, &child);
            if (*n == 0)
              *bounds = child;
            else
              graphene_rect_union (bounds, &child, bounds);
            *n += m;
          }
      }
      break;
    case GSK_OPACITY_NODE:
    case GSK_CLIP_NODE:
    case GSK_ROUNDED_CLIP_NODE:
    case GSK_DEBUG_NODE:
    case GSK_COLOR_MATRIX_NODE:
      collect_bounds (only_child (node), type, bounds, n);
      break;
    default:
      g_test_message ("render node of type %d", gsk_render_node_get_node_type (node));
      break;
    }
}

/* Where @widget draws nodes of @type, in its own coordinates. */
static graphene_rect_t
drawn_bounds (GtkWidget         *widget,
              GskRenderNodeType  type)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  guint n = 0;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  collect_bounds (node, type, &bounds, &n);
  g_assert_cmpuint (n, >, 0);
  return bounds;
}

static graphene_rect_t
text_bounds (GtkWidget *widget)
{
  return drawn_bounds (widget, GSK_TEXT_NODE);
}

static void
assert_drawn_as_label (Fixture    *f,
                       const char *what)
{
  graphene_rect_t text = text_bounds (GTK_WIDGET (f->text));
  graphene_rect_t label = text_bounds (GTK_WIDGET (f->label));

  g_test_message ("%s: text at %g,%g %gx%g, label at %g,%g %gx%g", what,
                  text.origin.x, text.origin.y, text.size.width, text.size.height,
                  label.origin.x, label.origin.y, label.size.width, label.size.height);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->text)), ==, gtk_widget_get_width (GTK_WIDGET (f->label)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->text)), ==, gtk_widget_get_height (GTK_WIDGET (f->label)));
  g_assert_true (graphene_rect_equal (&text, &label));
}

/* At the start or at the end (numeric columns), left to right and right to
 * left, short and cut: the text is drawn where the label drew it. A label
 * of Arabic text, in another font, measures less high than one in the
 * primary font, but a row is as high as its highest cell: the label gets
 * a row's height here, which is what the text always measures. */
static void
test_drawn_as_label (Fixture       *f,
                     gconstpointer  data)
{
  const char *texts[] = { "12:04", "Zoë Ødegård", "A subject far longer than two hundred pixels can show", "مرحبا بالعالم" };
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  /* The numeric columns are at the end, with tabular figures. */
  gtk_css_provider_load_from_data (provider, ".numeric { font-feature-settings: \"tnum\"; }", -1);
  oc_style_add_provider (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  for (guint rtl = 0; rtl < 2; rtl++)
    for (guint end = 0; end < 2; end++)
      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        {
          g_autofree char *what = g_strdup_printf ("%s, %s, “%s”", rtl ? "RTL" : "LTR",
                                                   end ? "at the end" : "at the start", texts[i]);
          GtkTextDirection direction = rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR;

          gtk_widget_set_direction (GTK_WIDGET (f->text), direction);
          gtk_widget_set_direction (GTK_WIDGET (f->label), direction);
          oc_cell_text_set_xalign (f->text, end ? 1.0f : 0.0f);
          gtk_label_set_xalign (f->label, end ? 1.0f : 0.0f);
          oc_cell_text_set_tabular_figures (f->text, end);
          if (end)
            add_class_both (f, "numeric");
          else
            {
              gtk_widget_remove_css_class (GTK_WIDGET (f->text), "numeric");
              gtk_widget_remove_css_class (GTK_WIDGET (f->label), "numeric");
            }
          set_both (f, texts[i]);
          gtk_widget_set_size_request (GTK_WIDGET (f->label), -1,
                                       measure (GTK_WIDGET (f->text), GTK_ORIENTATION_VERTICAL).nat);
          spin (f);
          assert_drawn_as_label (f, what);
        }
  oc_style_remove_provider (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
}

/* An icon before the text is drawn where a GtkImage beside the label in a
 * box drew it, the text beside it as the label, in both directions; the
 * icon's width is asked for, the text's not. */
static void
test_icon_as_image (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new_from_icon_name ("mail-unread-symbolic");
  GtkWidget *label = gtk_label_new ("Open");
  Size width;

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (row), image);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (f->box), row);
  oc_cell_text_set_text (f->text, "Open");
  oc_cell_text_set_icon_name (f->text, "mail-unread-symbolic");
  g_assert_cmpstr (oc_cell_text_get_icon_name (f->text), ==, "mail-unread-symbolic");

  width = measure (GTK_WIDGET (f->text), GTK_ORIENTATION_HORIZONTAL);
  g_assert_cmpint (width.min, ==, 16 + 6);
  g_assert_cmpint (width.nat, ==, 16 + 6);

  for (guint rtl = 0; rtl < 2; rtl++)
    {
      GtkTextDirection direction = rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR;
      graphene_rect_t icon, image_icon, text, label_text;
      double x, y;

      gtk_widget_set_direction (GTK_WIDGET (f->text), direction);
      gtk_widget_set_direction (row, direction);
      gtk_widget_set_direction (image, direction);
      gtk_widget_set_direction (label, direction);
      gtk_widget_set_size_request (row, -1, measure (GTK_WIDGET (f->text), GTK_ORIENTATION_VERTICAL).nat);
      spin (f);

      icon = drawn_bounds (GTK_WIDGET (f->text), GSK_TEXTURE_NODE);
      text = text_bounds (GTK_WIDGET (f->text));
      /* The box's children, in the box's coordinates. */
      image_icon = drawn_bounds (image, GSK_TEXTURE_NODE);
      g_assert_true (gtk_widget_translate_coordinates (image, row, image_icon.origin.x, image_icon.origin.y,
                                                       &x, &y));
      image_icon.origin = GRAPHENE_POINT_INIT (x, y);
      label_text = text_bounds (label);
      g_assert_true (gtk_widget_translate_coordinates (label, row, label_text.origin.x, label_text.origin.y,
                                                       &x, &y));
      label_text.origin = GRAPHENE_POINT_INIT (x, y);
      g_test_message ("%s: icon at %g,%g, image's at %g,%g; text at %g,%g, label's at %g,%g",
                      rtl ? "RTL" : "LTR", icon.origin.x, icon.origin.y,
                      image_icon.origin.x, image_icon.origin.y,
                      text.origin.x, text.origin.y, label_text.origin.x, label_text.origin.y);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->text)), ==, gtk_widget_get_width (row));
      g_assert_true (graphene_rect_equal (&icon, &image_icon));
      g_assert_true (graphene_rect_equal (&text, &label_text));
    }

  /* No icon: the text takes the whole width again. */
  oc_cell_text_set_icon_name (f->text, NULL);
  width = measure (GTK_WIDGET (f->text), GTK_ORIENTATION_HORIZONTAL);
  g_assert_cmpint (width.min, ==, 0);
  g_assert_null (oc_cell_text_get_icon_name (f->text));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", FALSE);
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cell-text/measure-ignores-text", test_measure_ignores_text);
  ADD ("/cell-text/height-follows-font", test_height_follows_font);
  ADD ("/cell-text/ellipsis", test_ellipsis);
  ADD ("/cell-text/literal", test_literal);
  ADD ("/cell-text/huge-text", test_huge_text);
  ADD ("/cell-text/css-features", test_css_features);
  ADD ("/cell-text/drawn-as-label", test_drawn_as_label);
  ADD ("/cell-text/icon-as-image", test_icon_as_image);
#undef ADD

  return g_test_run ();
}
