// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-clock"

#include "config.h"

#include "oc-clock.h"

struct _OcClock
{
  GObject parent_instance;
  gint64  now;
  guint   tick_id;
};

enum {
  PROP_0,
  PROP_NOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OcClock, oc_clock, G_TYPE_OBJECT)

static void oc_clock_schedule (OcClock *self);

static void
oc_clock_set_now (OcClock *self,
                  gint64   now)
{
  if (self->now == now)
    return;
  self->now = now;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

static gboolean
oc_clock_tick (gpointer data)
{
  OcClock *self = data;

  self->tick_id = 0;
  oc_clock_set_now (self, g_get_real_time () / G_USEC_PER_SEC);
  oc_clock_schedule (self);

  return G_SOURCE_REMOVE;
}

/* Ticks just after each wall-clock second so every cell flips together. */
static void
oc_clock_schedule (OcClock *self)
{
  gint64 usec = g_get_real_time () % G_USEC_PER_SEC;
  guint ms = (guint) ((G_USEC_PER_SEC - usec) / 1000) + 5;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add_full (G_PRIORITY_DEFAULT, ms, oc_clock_tick, self, NULL);
  g_source_set_name_by_id (self->tick_id, "[oc] clock tick");
}

static void
oc_clock_finalize (GObject *object)
{
  OcClock *self = OC_CLOCK (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  G_OBJECT_CLASS (oc_clock_parent_class)->finalize (object);
}

static void
oc_clock_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  OcClock *self = OC_CLOCK (object);

  switch (prop_id)
    {
    case PROP_NOW:
      g_value_set_int64 (value, self->now);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_clock_class_init (OcClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = oc_clock_finalize;
  object_class->get_property = oc_clock_get_property;

  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_clock_init (OcClock *self)
{
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  oc_clock_schedule (self);
}

/**
 * oc_clock_get_default:
 *
 * Returns: (transfer none): the clock the whole app shares
 */
OcClock *
oc_clock_get_default (void)
{
  static OcClock *clock;

  if (clock == NULL)
    clock = oc_clock_new ();

  return clock;
}

/**
 * oc_clock_new:
 *
 * Returns: (transfer full): a new clock ticking every wall-clock second; the
 *   app shares oc_clock_get_default(), tests make their own
 */
OcClock *
oc_clock_new (void)
{
  return g_object_new (OC_TYPE_CLOCK, NULL);
}

/**
 * oc_clock_get_now:
 *
 * Returns: "now", Unix seconds, as of the last tick
 */
gint64
oc_clock_get_now (OcClock *self)
{
  g_return_val_if_fail (OC_IS_CLOCK (self), 0);
  return self->now;
}

/**
 * oc_clock_freeze_at:
 * @now: Unix seconds to pin "now" at, or 0 to follow real time again
 *
 * Stops the ticking and pins "now" (tests).
 */
void
oc_clock_freeze_at (OcClock *self,
                    gint64   now)
{
  g_return_if_fail (OC_IS_CLOCK (self));

  if (now == 0)
    {
      oc_clock_tick (self);
      return;
    }

  g_clear_handle_id (&self->tick_id, g_source_remove);
  oc_clock_set_now (self, now);
}
