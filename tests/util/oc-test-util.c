// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "oc-test-util.h"

static gboolean
oc_test_heartbeat_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the default main context until @predicate holds or @timeout_ms pass.
 * Returns whether it held. A heartbeat source makes sure the loop wakes up. */
gboolean
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

gboolean
oc_test_flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

gboolean
oc_test_pointer_set (gpointer location)
{
  return *(gpointer *) location != NULL;
}

gboolean
oc_test_pointer_cleared (gpointer location)
{
  return *(gpointer *) location == NULL;
}

gboolean
oc_test_stall_tick (gpointer data)
{
  OcTestStall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last > 0)
    stall->worst = MAX (stall->worst, now - stall->last);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

/* Every key of the app's schema back to its default (tests run on the
 * memory backend, one process for many cases). */
void
oc_test_reset_settings (const char *schema_id)
{
  g_autoptr(GSettings) settings = g_settings_new (schema_id);

  oc_test_reset_all_keys (settings);
}

/* The same for one settings object (a relocatable schema's, at its path). */
void
oc_test_reset_all_keys (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);
}
