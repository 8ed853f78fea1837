// SPDX-License-Identifier: GPL-3.0-or-later
/* The display helpers of oc-format.c with an injected "now": the report's
 * Created column says "Yesterday" across local midnight, by calendar day,
 * whatever DST does. Runs in Europe/Berlin so the DST days are real ones;
 * every moment is built with GDateTime in local time, so the expectations
 * hold in any zone. Needs no display (suite "ui" only for the app library). */
#include "config.h"

#include <locale.h>

#include <gio/gio.h>

#include "oc-format.h"

/* Unix time of a local wall-clock moment. */
static gint64
local_time (int year,
            int month,
            int day,
            int hour,
            int minute,
            int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, hour, minute, second);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static void
assert_day_time (gint64         created,
                 gint64         now,
                 OcClockFormat  clock_format,
                 const char    *expected)
{
  g_autofree char *text = oc_format_day_time (created, now, clock_format);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_today (void)
{
  gint64 now = local_time (2026, 11, 25, 14, 2, 30);

  assert_day_time (local_time (2026, 11, 25, 14, 2, 0), now, OC_CLOCK_FORMAT_24H, "14:02");
  assert_day_time (local_time (2026, 11, 25, 0, 0, 0), now, OC_CLOCK_FORMAT_24H, "00:00");
  assert_day_time (local_time (2026, 11, 25, 9, 5, 59), now, OC_CLOCK_FORMAT_24H, "09:05");
  /* A server clock a little ahead: still today, not a date. */
  assert_day_time (local_time (2026, 11, 25, 14, 3, 0), now, OC_CLOCK_FORMAT_24H, "14:03");
}

static void
test_yesterday (void)
{
  gint64 now = local_time (2026, 11, 25, 14, 2, 30);

  assert_day_time (local_time (2026, 11, 24, 21, 40, 0), now, OC_CLOCK_FORMAT_24H, "Yesterday 21:40");
  assert_day_time (local_time (2026, 11, 24, 23, 59, 59), now, OC_CLOCK_FORMAT_24H, "Yesterday 23:59");
  assert_day_time (local_time (2026, 11, 24, 0, 0, 0), now, OC_CLOCK_FORMAT_24H, "Yesterday 00:00");
  /* Older than the report's day: a date. */
  assert_day_time (local_time (2026, 11, 23, 23, 59, 59), now, OC_CLOCK_FORMAT_24H, "Nov 23 23:59");
  /* Across a month and a year. */
  assert_day_time (local_time (2026, 12, 31, 23, 10, 0), local_time (2027, 1, 1, 0, 5, 0),
                   OC_CLOCK_FORMAT_24H, "Yesterday 23:10");
  assert_day_time (local_time (2026, 2, 28, 8, 0, 0), local_time (2026, 3, 1, 8, 0, 0),
                   OC_CLOCK_FORMAT_24H, "Yesterday 08:00");
}

/* The same moment reads differently one second either side of midnight. */
static void
test_midnight (void)
{
  gint64 created = local_time (2026, 11, 24, 23, 59, 30);
  gint64 midnight = local_time (2026, 11, 25, 0, 0, 0);

  assert_day_time (created, midnight - 1, OC_CLOCK_FORMAT_24H, "23:59");
  assert_day_time (created, midnight, OC_CLOCK_FORMAT_24H, "Yesterday 23:59");
  assert_day_time (midnight, midnight, OC_CLOCK_FORMAT_24H, "00:00");
  assert_day_time (midnight - 1, midnight, OC_CLOCK_FORMAT_24H, "Yesterday 23:59");

  /* The cell knows when to look again: at the next local midnight. */
  g_assert_cmpint (oc_format_next_midnight (created), ==, midnight);
  g_assert_cmpint (oc_format_next_midnight (midnight - 1), ==, midnight);
  g_assert_cmpint (oc_format_next_midnight (midnight), ==, local_time (2026, 11, 26, 0, 0, 0));
}

/* Days, not 24-hour spans: a 23-hour and a 25-hour day change nothing. */
static void
test_dst (void)
{
  /* Spring forward (in Berlin 02:00 -> 03:00 on March 29, 2026). */
  gint64 spring_now = local_time (2026, 3, 29, 12, 0, 0);
  /* Fall back (03:00 -> 02:00 on October 25, 2026). */
  gint64 fall_now = local_time (2026, 10, 25, 23, 30, 0);

  assert_day_time (local_time (2026, 3, 29, 0, 30, 0), spring_now, OC_CLOCK_FORMAT_24H, "00:30");
  assert_day_time (local_time (2026, 3, 28, 12, 30, 0), spring_now, OC_CLOCK_FORMAT_24H, "Yesterday 12:30");
  assert_day_time (local_time (2026, 3, 28, 0, 0, 0), spring_now, OC_CLOCK_FORMAT_24H, "Yesterday 00:00");

  /* Over 24 hours ago, but today. */
  assert_day_time (local_time (2026, 10, 25, 0, 10, 0), fall_now, OC_CLOCK_FORMAT_24H, "00:10");
  assert_day_time (local_time (2026, 10, 24, 23, 50, 0), fall_now, OC_CLOCK_FORMAT_24H, "Yesterday 23:50");

  g_assert_cmpint (oc_format_next_midnight (local_time (2026, 3, 28, 12, 0, 0)), ==,
                   local_time (2026, 3, 29, 0, 0, 0));
  g_assert_cmpint (oc_format_next_midnight (spring_now), ==, local_time (2026, 3, 30, 0, 0, 0));
  g_assert_cmpint (oc_format_next_midnight (local_time (2026, 10, 25, 1, 0, 0)), ==,
                   local_time (2026, 10, 26, 0, 0, 0));
}

static void
test_twelve_hour (void)
{
  gint64 now = local_time (2026, 11, 25, 14, 2, 30);

  assert_day_time (local_time (2026, 11, 25, 14, 2, 0), now, OC_CLOCK_FORMAT_12H, "2:02 PM");
  assert_day_time (local_time (2026, 11, 25, 0, 15, 0), now, OC_CLOCK_FORMAT_12H, "12:15 AM");
  assert_day_time (local_time (2026, 11, 25, 12, 0, 0), now, OC_CLOCK_FORMAT_12H, "12:00 PM");
  assert_day_time (local_time (2026, 11, 24, 21, 40, 0), now, OC_CLOCK_FORMAT_12H, "Yesterday 9:40 PM");
}

static void
test_no_time (void)
{
  assert_day_time (0, local_time (2026, 11, 25, 14, 2, 30), OC_CLOCK_FORMAT_24H, "—");
  assert_day_time (-5, local_time (2026, 11, 25, 14, 2, 30), OC_CLOCK_FORMAT_24H, "—");
}

/* The desktop's choice, read from GNOME's own key when it is installed. */
static void
test_desktop_clock_format (void)
{
  GSettings *settings = oc_format_get_interface_settings ();

  if (settings == NULL)
    {
      g_test_skip ("org.gnome.desktop.interface is not installed");
      return;
    }

  g_settings_set_string (settings, "clock-format", "12h");
  g_assert_cmpint (oc_format_get_clock_format (), ==, OC_CLOCK_FORMAT_12H);
  g_settings_set_string (settings, "clock-format", "24h");
  g_assert_cmpint (oc_format_get_clock_format (), ==, OC_CLOCK_FORMAT_24H);
}

/* A message with or without its stop ends as one sentence, never "..". */
static void
test_sentence (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "The server closed the connection.", "The server closed the connection." },
    { "The server closed the connection", "The server closed the connection." },
    { "  Cannot reach the server (refused)  ", "Cannot reach the server (refused)." },
    { "Really?", "Really?" },
    { "Reconnecting…", "Reconnecting…" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = oc_format_sentence (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* Counts have their thousands grouped: "100,688", not "100688" (#18 point 10). */
static void
test_count (void)
{
  static const struct { guint in; const char *out; } cases[] = {
    { 0, "0" }, { 999, "999" }, { 1000, "1,000" }, { 100688, "100,688" },
    { 1234567, "1,234,567" }, { G_MAXUINT, "4,294,967,295" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = oc_format_count (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Before the first GDateTime: the zone is read once. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  /* The assertions read English month names and AM/PM. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/sentence", test_sentence);
  g_test_add_func ("/format/count", test_count);
  g_test_add_func ("/format/day-time/today", test_today);
  g_test_add_func ("/format/day-time/yesterday", test_yesterday);
  g_test_add_func ("/format/day-time/midnight", test_midnight);
  g_test_add_func ("/format/day-time/dst", test_dst);
  g_test_add_func ("/format/day-time/twelve-hour", test_twelve_hour);
  g_test_add_func ("/format/day-time/no-time", test_no_time);
  g_test_add_func ("/format/clock-format/desktop", test_desktop_clock_format);

  return g_test_run ();
}
