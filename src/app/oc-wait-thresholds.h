// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-enums.h"

G_BEGIN_DECLS

/* How long a wait is, against its channel's limits. */
typedef enum {
  OC_WAIT_LEVEL_FINE,
  OC_WAIT_LEVEL_WARNING,
  OC_WAIT_LEVEL_CRITICAL,
} OcWaitLevel;

/*
 * The wait thresholds per channel, in seconds, as the settings keys
 * wait-warning-{chat,messaging,voice} and wait-critical-* hold them; the
 * report and the wallboard both judge a wait by its own channel's limits.
 * An unknown channel is judged as chat; 0 turns a threshold off.
 */
typedef struct {
  gint64 warning[OC_CHANNEL_VOICE + 1];
  gint64 critical[OC_CHANNEL_VOICE + 1];
} OcWaitThresholds;

void        oc_wait_thresholds_load         (OcWaitThresholds       *self,
                                             GSettings              *settings);
gint64      oc_wait_thresholds_get_warning  (const OcWaitThresholds *self,
                                             OcChannel               channel);
gint64      oc_wait_thresholds_get_critical (const OcWaitThresholds *self,
                                             OcChannel               channel);
OcWaitLevel oc_wait_thresholds_level        (const OcWaitThresholds *self,
                                             OcChannel               channel,
                                             gint64                  wait);
OcWaitLevel oc_wait_level_from_settings     (GSettings              *settings,
                                             OcChannel               channel,
                                             gint64                  wait);

G_END_DECLS
