// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Helpers for every test: wait on the default main context for a condition
 * (never for a fixed time), and reset the app's settings between cases. */

typedef gboolean (*OcTestPredicate) (gpointer data);

/* Spins the default main context until @predicate holds or @timeout_ms pass;
 * returns whether it held. */
gboolean oc_test_wait_until      (OcTestPredicate  predicate,
                                  gpointer         data,
                                  guint            timeout_ms);
/* Predicates: the gboolean at @flag is TRUE; the pointer at @location is
 * set, or NULL (a weak pointer cleared). */
gboolean oc_test_flag_set        (gpointer         flag);
gboolean oc_test_pointer_set     (gpointer         location);
gboolean oc_test_pointer_cleared (gpointer         location);
/* How long the main loop went without running a timer: add
 * oc_test_stall_tick() as a timeout with an OcTestStall (zeroed) as data;
 * @worst is the longest gap in µs. */
typedef struct {
  gint64 last;
  gint64 worst;
} OcTestStall;

gboolean oc_test_stall_tick      (gpointer         stall);
/* Every key of @schema_id back to its default. */
void     oc_test_reset_settings  (const char      *schema_id);
void     oc_test_reset_all_keys  (GSettings       *settings);

G_END_DECLS
