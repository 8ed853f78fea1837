// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-enums.h"

G_BEGIN_DECLS

typedef enum {
  OC_CLOCK_FORMAT_24H,
  OC_CLOCK_FORMAT_12H,
} OcClockFormat;

/* Display helpers shared by the report, the summary and the tests. */
char          *oc_format_duration               (gint64        seconds);
char          *oc_format_count                  (guint         count);
char          *oc_format_clock_time             (gint64        unix_time);
GSettings     *oc_format_get_interface_settings (void);
OcClockFormat  oc_format_get_clock_format       (void);
char          *oc_format_day_time               (gint64        unix_time,
                                                 gint64        now,
                                                 OcClockFormat clock_format);
gint64         oc_format_next_midnight          (gint64        now);
char          *oc_format_sentence               (const char   *text);
char          *oc_format_sub_channel            (const char   *sub_channel);
char          *oc_format_channel                (OcChannel     channel,
                                                 const char   *sub_channel);

G_END_DECLS
