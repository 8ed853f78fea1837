#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Spins the default main context until @predicate holds or @timeout_ms pass.
 * Returns whether it held. A heartbeat source makes sure the loop wakes up. */
typedef gboolean (*OcTestPredicate) (gpointer data);

static gboolean
oc_test_heartbeat_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static inline gboolean
oc_test_wait_until (OcTestPredicate predicate,
                    gpointer        data,
                    guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint heartbeat = g_timeout_add (20, oc_test_heartbeat_cb, NULL);
  gboolean held;

  while (!(held = predicate (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (heartbeat);
  return held;
}

/* Runs the default main context for @ms milliseconds. */
static gboolean
oc_test_false (gpointer data)
{
  return FALSE;
}

static inline void
oc_test_run_for (guint ms)
{
  oc_test_wait_until (oc_test_false, NULL, ms);
}

G_END_DECLS
