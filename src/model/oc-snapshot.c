// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-snapshot"

#include "config.h"

#include "oc-snapshot.h"

/**
 * oc_snapshot_new:
 *
 * Returns: (transfer full): an empty snapshot at revision 0, its lists
 *   there and empty (they own their objects, warnings their strings)
 */
OcSnapshot *
oc_snapshot_new (void)
{
  OcSnapshot *snapshot = g_new0 (OcSnapshot, 1);

  snapshot->queues = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->workstreams = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->agents = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->conversations = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->warnings = g_ptr_array_new_with_free_func (g_free);
  return snapshot;
}

/**
 * oc_snapshot_free:
 * @snapshot: (nullable) (transfer full): a snapshot
 *
 * Frees @snapshot and drops its arrays (and so its references to the
 * objects in them).
 */
void
oc_snapshot_free (OcSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  g_clear_pointer (&snapshot->queues, g_ptr_array_unref);
  g_clear_pointer (&snapshot->workstreams, g_ptr_array_unref);
  g_clear_pointer (&snapshot->agents, g_ptr_array_unref);
  g_clear_pointer (&snapshot->conversations, g_ptr_array_unref);
  g_clear_pointer (&snapshot->warnings, g_ptr_array_unref);
  g_free (snapshot);
}
