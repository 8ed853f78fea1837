// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-wrap-box"

#include "config.h"

#include "oc-wrap-box.h"

/*
 * Children side by side, in as many lines as the width needs (#18: the
 * summary strip and the filter bar at 360 px). GTK 4.8 has no wrapping box;
 * GtkFlowBox would wrap each child in a focusable, selectable child of its
 * own and change how Tab and the arrows move. A child keeps its natural
 * width where it fits, shrinks to the line where it does not, and a line's
 * spare width goes to its children that expand horizontally. Children are
 * added in the .ui (<child>) or with oc_wrap_box_append(); the order is the
 * focus order.
 */
struct _OcWrapBox
{
  GtkWidget  parent_instance;

  int        spacing;   /* between children, and between lines */
};

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OcWrapBox, oc_wrap_box, GTK_TYPE_WIDGET)

/* The width @child takes in a line @width wide. */
static int
child_width (GtkWidget *child,
             int        width)
{
  int min, nat;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return width < 0 ? nat : CLAMP (nat, min, MAX (min, width));
}

/* Lays the children out in lines @width wide (-1: one line); with @allocate,
 * allocates them too. Returns the height it needs. */
static int
layout (OcWrapBox *self,
        int        width,
        gboolean   allocate)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkWidget *line_start = gtk_widget_get_first_child (widget);
  int y = 0;

  while (line_start != NULL)
    {
      GtkWidget *line_end = NULL;   /* the first child of the next line */
      int used = 0, n_expand = 0, height = 0, n = 0;
      int extra, x = 0;

      /* Which children fit on this line. */
      for (line_end = line_start; line_end != NULL; line_end = gtk_widget_get_next_sibling (line_end))
        {
          int w;

          if (!gtk_widget_should_layout (line_end))
            continue;
          w = child_width (line_end, width);
          if (n > 0 && width >= 0 && used + self->spacing + w > width)
            break;
          used += (n > 0 ? self->spacing : 0) + w;
          n_expand += gtk_widget_compute_expand (line_end, GTK_ORIENTATION_HORIZONTAL);
          n++;
        }

      extra = width >= 0 ? MAX (0, width - used) : 0;
      for (GtkWidget *child = line_start; child != line_end; child = gtk_widget_get_next_sibling (child))
        {
          int w, h;

          if (!gtk_widget_should_layout (child))
            continue;
          w = child_width (child, width);
          if (n_expand > 0 && gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
            w += extra / n_expand;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, NULL, &h, NULL, NULL);
          height = MAX (height, h);
        }

      if (allocate)
        for (GtkWidget *child = line_start; child != line_end; child = gtk_widget_get_next_sibling (child))
          {
            int w;

            if (!gtk_widget_should_layout (child))
              continue;
            w = child_width (child, width);
            if (n_expand > 0 && gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
              w += extra / n_expand;
            gtk_widget_size_allocate (child,
                                      &(GtkAllocation) { rtl ? width - x - w : x, y, w, height },
                                      -1);
            x += w + self->spacing;
          }

      y += height + self->spacing;
      line_start = line_end;
    }

  return MAX (0, y - self->spacing);
}

static GtkSizeRequestMode
oc_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
oc_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  OcWrapBox *self = OC_WRAP_BOX (widget);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = *natural = layout (self, for_size, FALSE);
      return;
    }

  /* As narrow as the widest child; naturally, all on one line. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min, nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural += (*natural > 0 ? self->spacing : 0) + nat;
    }
}

static void
oc_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  layout (OC_WRAP_BOX (widget), width, TRUE);
}

static void
oc_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (oc_wrap_box_parent_class)->dispose (object);
}

static void
oc_wrap_box_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OcWrapBox *self = OC_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING: g_value_set_int (value, self->spacing); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_wrap_box_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  OcWrapBox *self = OC_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING: oc_wrap_box_set_spacing (self, g_value_get_int (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_wrap_box_class_init (OcWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_wrap_box_dispose;
  object_class->get_property = oc_wrap_box_get_property;
  object_class->set_property = oc_wrap_box_set_property;

  widget_class->get_request_mode = oc_wrap_box_get_request_mode;
  widget_class->measure = oc_wrap_box_measure;
  widget_class->size_allocate = oc_wrap_box_size_allocate;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "ocwrapbox");
}

static void
oc_wrap_box_init (OcWrapBox *self)
{
}

/**
 * oc_wrap_box_new:
 *
 * Returns: (transfer floating): a new, empty wrap box
 */
GtkWidget *
oc_wrap_box_new (void)
{
  return g_object_new (OC_TYPE_WRAP_BOX, NULL);
}

/**
 * oc_wrap_box_append:
 * @child: a widget without a parent
 *
 * Adds @child after the others.
 */
void
oc_wrap_box_append (OcWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (OC_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child) && gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

int
oc_wrap_box_get_spacing (OcWrapBox *self)
{
  g_return_val_if_fail (OC_IS_WRAP_BOX (self), 0);
  return self->spacing;
}

/**
 * oc_wrap_box_set_spacing:
 * @spacing: pixels between children and between lines
 */
void
oc_wrap_box_set_spacing (OcWrapBox *self,
                         int        spacing)
{
  g_return_if_fail (OC_IS_WRAP_BOX (self));

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}
