#pragma once

#include <glib.h>

#include "oc-enums.h"

G_BEGIN_DECLS

/* Display helpers shared by the report, the summary and the tests. */
char *oc_format_duration     (gint64      seconds);
char *oc_format_clock_time   (gint64      unix_time);
char *oc_format_sub_channel  (const char *sub_channel);
char *oc_format_channel      (OcChannel   channel,
                              const char *sub_channel);

G_END_DECLS
