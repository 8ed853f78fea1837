// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-frame-pacer"

#include "config.h"

#include "oc-frame-pacer.h"

/* Applies a source's changes at the start of the frames of the window that
 * shows them (#17): once a frame, in its "update" phase, so that they are
 * laid out and painted in the frame that applied them, and a flood never
 * puts two batches (or half a batch) into one frame. The source asks for a
 * frame when changes wait; unrealized, the widget has no frames and the
 * source falls back on its own timer. */
struct _OcFramePacer
{
  GObject        parent_instance;

  GtkWidget     *widget;          /* weak */
  OcSource      *source;
  GSignalGroup  *source_signals;
  GSignalGroup  *clock_signals;
};

G_DEFINE_FINAL_TYPE (OcFramePacer, oc_frame_pacer, G_TYPE_OBJECT)

static void
update_cb (OcFramePacer  *self,
           GdkFrameClock *clock)
{
  if (self->source != NULL)
    oc_source_begin_frame (self->source);
}

static void
frame_wanted_cb (OcFramePacer *self,
                 OcSource     *source)
{
  GdkFrameClock *clock = g_signal_group_dup_target (self->clock_signals);

  if (clock != NULL)
    {
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
      g_object_unref (clock);
    }
}

static void
widget_realize_cb (OcFramePacer *self,
                   GtkWidget    *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_group_set_target (self->clock_signals, clock);
  /* The first frame tells the source that it is paced. */
  if (clock != NULL && self->source != NULL)
    gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
}

static void
widget_unrealize_cb (OcFramePacer *self,
                     GtkWidget    *widget)
{
  g_signal_group_set_target (self->clock_signals, NULL);
}

static void
oc_frame_pacer_dispose (GObject *object)
{
  OcFramePacer *self = OC_FRAME_PACER (object);

  g_clear_object (&self->source_signals);
  g_clear_object (&self->clock_signals);
  g_clear_object (&self->source);
  g_clear_weak_pointer (&self->widget);

  G_OBJECT_CLASS (oc_frame_pacer_parent_class)->dispose (object);
}

static void
oc_frame_pacer_class_init (OcFramePacerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = oc_frame_pacer_dispose;
}

static void
oc_frame_pacer_init (OcFramePacer *self)
{
  self->source_signals = g_signal_group_new (OC_TYPE_SOURCE);
  g_signal_group_connect_swapped (self->source_signals, "frame-wanted",
                                  G_CALLBACK (frame_wanted_cb), self);
  self->clock_signals = g_signal_group_new (GDK_TYPE_FRAME_CLOCK);
  g_signal_group_connect_swapped (self->clock_signals, "update",
                                  G_CALLBACK (update_cb), self);
}

/**
 * oc_frame_pacer_new:
 * @widget: the widget whose window's frames pace the source (its toplevel's
 *   frame clock)
 *
 * Returns: (transfer full): a pacer with no source yet
 */
OcFramePacer *
oc_frame_pacer_new (GtkWidget *widget)
{
  OcFramePacer *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_object_new (OC_TYPE_FRAME_PACER, NULL);
  g_set_weak_pointer (&self->widget, widget);
  g_signal_connect_object (widget, "realize", G_CALLBACK (widget_realize_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (widget, "unrealize", G_CALLBACK (widget_unrealize_cb), self, G_CONNECT_SWAPPED);
  if (gtk_widget_get_realized (widget))
    widget_realize_cb (self, widget);
  return self;
}

/**
 * oc_frame_pacer_set_source:
 * @source: (nullable): the source whose changes the frames pace
 */
void
oc_frame_pacer_set_source (OcFramePacer *self,
                           OcSource     *source)
{
  g_return_if_fail (OC_IS_FRAME_PACER (self));
  g_return_if_fail (source == NULL || OC_IS_SOURCE (source));

  if (!g_set_object (&self->source, source))
    return;
  g_signal_group_set_target (self->source_signals, source);
  if (source != NULL && self->widget != NULL && gtk_widget_get_realized (self->widget))
    widget_realize_cb (self, self->widget);
}

/**
 * oc_frame_pacer_get_source:
 *
 * Returns: (transfer none) (nullable): the source paced
 */
OcSource *
oc_frame_pacer_get_source (OcFramePacer *self)
{
  g_return_val_if_fail (OC_IS_FRAME_PACER (self), NULL);
  return self->source;
}
