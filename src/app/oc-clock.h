// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OC_TYPE_CLOCK (oc_clock_get_type ())
G_DECLARE_FINAL_TYPE (OcClock, oc_clock, OC, CLOCK, GObject)

/*
 * The one ticking source of "now" (Unix seconds) for every live time on screen:
 * cells bind to its "now" property instead of running a timer per row.
 */
OcClock *oc_clock_get_default (void);
OcClock *oc_clock_new         (void);
gint64   oc_clock_get_now     (OcClock *self);
void     oc_clock_freeze_at   (OcClock *self,
                               gint64   now);

G_END_DECLS
