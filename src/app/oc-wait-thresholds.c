// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-wait-thresholds"

#include "config.h"

#include "oc-wait-thresholds.h"

static OcChannel
judged_as (OcChannel channel)
{
  switch (channel)
    {
    case OC_CHANNEL_MESSAGING:
    case OC_CHANNEL_VOICE:
      return channel;
    case OC_CHANNEL_CHAT:
    case OC_CHANNEL_UNKNOWN:
    default:
      return OC_CHANNEL_CHAT;
    }
}

static const char * const warning_keys[] = {
  [OC_CHANNEL_CHAT] = "wait-warning-chat",
  [OC_CHANNEL_MESSAGING] = "wait-warning-messaging",
  [OC_CHANNEL_VOICE] = "wait-warning-voice",
};

static const char * const critical_keys[] = {
  [OC_CHANNEL_CHAT] = "wait-critical-chat",
  [OC_CHANNEL_MESSAGING] = "wait-critical-messaging",
  [OC_CHANNEL_VOICE] = "wait-critical-voice",
};

static OcWaitLevel
level_of (gint64 warning,
          gint64 critical,
          gint64 wait)
{
  if (critical > 0 && wait >= critical)
    return OC_WAIT_LEVEL_CRITICAL;
  if (warning > 0 && wait >= warning)
    return OC_WAIT_LEVEL_WARNING;
  return OC_WAIT_LEVEL_FINE;
}

/**
 * oc_wait_thresholds_load:
 * @settings: the app's settings
 *
 * Reads every channel's wait-warning-* and wait-critical-* keys into @self.
 */
void
oc_wait_thresholds_load (OcWaitThresholds *self,
                         GSettings        *settings)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_SETTINGS (settings));

  for (OcChannel channel = OC_CHANNEL_UNKNOWN; channel <= OC_CHANNEL_VOICE; channel++)
    {
      OcChannel as = judged_as (channel);

      self->warning[channel] = g_settings_get_uint (settings, warning_keys[as]);
      self->critical[channel] = g_settings_get_uint (settings, critical_keys[as]);
    }
}

/**
 * oc_wait_thresholds_get_warning:
 * @channel: a channel (unknown ones are judged as chat)
 *
 * Returns: @channel's warning threshold in seconds, 0 when off
 */
gint64
oc_wait_thresholds_get_warning (const OcWaitThresholds *self,
                                OcChannel               channel)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->warning[judged_as (channel)];
}

/**
 * oc_wait_thresholds_get_critical:
 * @channel: a channel (unknown ones are judged as chat)
 *
 * Returns: @channel's critical threshold in seconds, 0 when off
 */
gint64
oc_wait_thresholds_get_critical (const OcWaitThresholds *self,
                                 OcChannel               channel)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->critical[judged_as (channel)];
}

/**
 * oc_wait_thresholds_level:
 * @channel: the wait's channel
 * @wait: how long it has lasted, in seconds
 *
 * Returns: how @wait stands against @channel's limits
 */
OcWaitLevel
oc_wait_thresholds_level (const OcWaitThresholds *self,
                          OcChannel               channel,
                          gint64                  wait)
{
  g_return_val_if_fail (self != NULL, OC_WAIT_LEVEL_FINE);

  channel = judged_as (channel);
  return level_of (self->warning[channel], self->critical[channel], wait);
}

/**
 * oc_wait_level_from_settings:
 * @settings: the app's settings
 * @channel: the wait's channel
 * @wait: how long it has lasted, in seconds
 *
 * The same as oc_wait_thresholds_level() for one wait, reading only its
 * channel's two keys.
 *
 * Returns: how @wait stands against @channel's limits
 */
OcWaitLevel
oc_wait_level_from_settings (GSettings *settings,
                             OcChannel  channel,
                             gint64     wait)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), OC_WAIT_LEVEL_FINE);

  channel = judged_as (channel);
  return level_of (g_settings_get_uint (settings, warning_keys[channel]),
                   g_settings_get_uint (settings, critical_keys[channel]),
                   wait);
}
