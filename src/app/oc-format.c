#define G_LOG_DOMAIN "oc-format"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-format.h"

/**
 * oc_format_duration:
 *
 * Returns: "m:ss" under an hour, "h:mm:ss" from there on.
 */
char *
oc_format_duration (gint64 seconds)
{
  gint64 h, m, s;

  seconds = MAX (seconds, 0);
  h = seconds / 3600;
  m = (seconds / 60) % 60;
  s = seconds % 60;

  if (h > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", h, (int) m, (int) s);

  return g_strdup_printf ("%d:%02d", (int) m, (int) s);
}

/* Local wall-clock time, "HH:MM:SS". */
char *
oc_format_clock_time (gint64 unix_time)
{
  static GTimeZone *local;
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("—");

  /* g_time_zone_new_local() reads /etc/localtime each time: keep one. */
  if (g_once_init_enter (&local))
    g_once_init_leave (&local, g_time_zone_new_local ());

  dt = g_date_time_new_from_unix_utc (unix_time);
  if (dt != NULL)
    {
      GDateTime *utc = dt;
      dt = g_date_time_to_timezone (utc, local);
      g_date_time_unref (utc);
    }
  if (dt == NULL)
    return g_strdup ("—");

  /* TRANSLATORS: a time of day in the report and banners; see g_date_time_format() */
  return g_date_time_format (dt, _("%H:%M:%S"));
}

/* Known wire names get their brand spelling; anything else is shown as sent. */
char *
oc_format_sub_channel (const char *sub_channel)
{
  static const struct { const char *wire; const char *label; } known[] = {
    { "sms", "SMS" },
    { "whatsapp", "WhatsApp" },
    { "teams", "Teams" },
    { "messenger", "Messenger" },
    { "telegram", "Telegram" },
    { "line", "LINE" },
    { "wechat", "WeChat" },
    { "apple", "Apple Messages" },
    { "rcs", "RCS" },
  };

  if (sub_channel == NULL || sub_channel[0] == '\0')
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (sub_channel, known[i].wire) == 0)
      return g_strdup (known[i].label);

  return g_strdup (sub_channel);
}

char *
oc_format_channel (OcChannel   channel,
                   const char *sub_channel)
{
  g_autofree char *sub = oc_format_sub_channel (sub_channel);

  if (sub == NULL)
    return g_strdup (oc_channel_get_label (channel));

  /* TRANSLATORS: a channel and its sub-channel, "Messaging · WhatsApp" */
  return g_strdup_printf (_("%s · %s"), oc_channel_get_label (channel), sub);
}
