// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-format"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "oc-clock-format-setting.h"
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

/**
 * oc_format_count:
 * @count: a count
 *
 * Returns: @count with its thousands grouped, "100,688" (German "100.688"):
 *   the locale's separator, or the translation's where the locale has none
 *   (the C locale)
 */
char *
oc_format_count (guint count)
{
  const char *separator = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%u", count);
  GString *text = g_string_new (NULL);
  gsize n = strlen (digits);

  if (separator == NULL || *separator == '\0')
    /* Translators: between groups of three digits in counts, "100,688" */
    separator = C_("thousands separator", ",");

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (text, separator);
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

static GTimeZone *
local_zone (void)
{
  static GTimeZone *local;

  /* g_time_zone_new_local() reads /etc/localtime each time: keep one. */
  if (g_once_init_enter (&local))
    g_once_init_leave (&local, g_time_zone_new_local ());

  return local;
}

static GDateTime *
local_date_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);

  return utc != NULL ? g_date_time_to_timezone (utc, local_zone ()) : NULL;
}

/**
 * oc_format_clock_time:
 * @unix_time: Unix seconds
 *
 * Returns: (transfer full): the local wall-clock time, "HH:MM:SS"
 */
char *
oc_format_clock_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0 || (dt = local_date_time (unix_time)) == NULL)
    return g_strdup ("—");

  /* TRANSLATORS: a time of day in the report and banners; see g_date_time_format() */
  return g_date_time_format (dt, _("%H:%M:%S"));
}

/**
 * oc_format_get_interface_settings:
 *
 * Returns: (transfer none) (nullable): org.gnome.desktop.interface when it
 *   is installed and has "clock-format", for listening to changes
 */
GSettings *
oc_format_get_interface_settings (void)
{
  static gsize looked_up;
  static GSettings *settings;

  if (g_once_init_enter (&looked_up))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      /* Not every desktop installs GNOME's schemas: without them, 24 hours. */
      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
      if (schema != NULL && g_settings_schema_has_key (schema, "clock-format"))
        settings = g_settings_new_full (schema, NULL, NULL);

      g_once_init_leave (&looked_up, 1);
    }

  return settings;
}

/**
 * oc_format_get_clock_format:
 *
 * Returns: the desktop's choice of clock, as its top bar shows it (24 hours
 *   when it says nothing), through the Settings portal in a sandbox
 */
OcClockFormat
oc_format_get_clock_format (void)
{
  return oc_clock_format_setting_get_clock_format (oc_clock_format_setting_get_default ());
}

static char *
format_time_of_day (GDateTime     *dt,
                    OcClockFormat  clock_format)
{
  char *text;

  if (clock_format == OC_CLOCK_FORMAT_12H)
    /* TRANSLATORS: a time of day on a 12-hour clock, "2:02 PM"; see g_date_time_format() */
    text = g_date_time_format (dt, _("%-l:%M %p"));
  else
    /* TRANSLATORS: a time of day on a 24-hour clock, "14:02"; see g_date_time_format() */
    text = g_date_time_format (dt, _("%H:%M"));

  /* Locales without AM/PM leave a trailing space. */
  return text != NULL ? g_strstrip (text) : g_strdup ("—");
}

static void
local_date (GDateTime *dt,
            GDate     *date)
{
  int year, month, day;

  g_date_time_get_ymd (dt, &year, &month, &day);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/**
 * oc_format_day_time:
 * @unix_time: the moment to show
 * @now: the moment it is read at
 * @clock_format: 12 or 24 hours
 *
 * Calendar days, not 24-hour spans, in local time, so a DST change moves
 * nothing.
 *
 * Returns: "14:02" on the day of @now, "Yesterday 21:40" the day before,
 *   a date and a time otherwise
 */
char *
oc_format_day_time (gint64        unix_time,
                    gint64        now,
                    OcClockFormat clock_format)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) now_dt = NULL;
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  GDate day, today;
  int days;

  if (unix_time <= 0 || (dt = local_date_time (unix_time)) == NULL)
    return g_strdup ("—");

  time = format_time_of_day (dt, clock_format);
  if ((now_dt = local_date_time (now)) == NULL)
    return g_steal_pointer (&time);

  local_date (dt, &day);
  local_date (now_dt, &today);
  days = g_date_days_between (&day, &today);

  if (days == 0)
    return g_steal_pointer (&time);

  if (days == 1)
    /* TRANSLATORS: a time of day yesterday, "Yesterday 21:40" */
    return g_strdup_printf (C_("day time", "Yesterday %s"), time);

  /* TRANSLATORS: a short date for a time outside today and yesterday,
   * "Nov 23"; see g_date_time_format() */
  date = g_date_time_format (dt, C_("day time", "%b %-d"));
  /* TRANSLATORS: a short date and a time of day, "Nov 23 21:40" */
  return g_strdup_printf (C_("day time", "%s %s"), date, time);
}

/**
 * oc_format_next_midnight:
 * @now: Unix seconds
 *
 * Returns: the next local midnight after @now: when oc_format_day_time() of
 *   any moment can read differently
 */
gint64
oc_format_next_midnight (gint64 now)
{
  g_autoptr(GDateTime) now_dt = local_date_time (now);
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;
  int year, month, day;

  if (now_dt == NULL)
    return G_MAXINT64;

  g_date_time_get_ymd (now_dt, &year, &month, &day);
  midnight = g_date_time_new (local_zone (), year, month, day, 0, 0, 0);
  next = midnight != NULL ? g_date_time_add_days (midnight, 1) : NULL;

  /* A zone whose midnight is skipped: an hour late is still right. */
  return next != NULL ? MAX (g_date_time_to_unix (next), now + 1) : now + 3600;
}

/**
 * oc_format_sub_channel:
 * @sub_channel: (nullable): the wire's sub-channel, such as "whatsapp"
 *
 * Returns: (transfer full) (nullable): its brand spelling ("WhatsApp") when
 *   known, else the name as sent; %NULL for none
 */
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

/**
 * oc_format_channel:
 * @channel: the channel
 * @sub_channel: (nullable): the wire's sub-channel
 *
 * Returns: (transfer full): the channel as the report names it, with its
 *   sub-channel: "Messaging · WhatsApp"
 */
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

/**
 * oc_format_sentence:
 * @text: a status message, with or without its final stop
 *
 * Messages from the server and from GIO come both ways; one that is put
 * before more text must end as a sentence, once ("… the connection.." is
 * what adding a stop to every message gave).
 *
 * Returns: (transfer full): @text trimmed, ending with ".", "!", "?" or "…"
 */
char *
oc_format_sentence (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize length = strlen (trimmed);

  if (length == 0)
    return g_steal_pointer (&trimmed);
  if (trimmed[length - 1] == '.' || trimmed[length - 1] == '!' || trimmed[length - 1] == '?' ||
      g_str_has_suffix (trimmed, "…"))
    return g_steal_pointer (&trimmed);
  return g_strconcat (trimmed, ".", NULL);
}
