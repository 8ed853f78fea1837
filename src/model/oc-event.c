// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-event"

#include "config.h"

#include "oc-event.h"

/**
 * oc_event_free:
 * @event: (nullable) (transfer full): an event
 *
 * Frees @event with its strings and drops its references to the objects it
 * carries.
 */
void
oc_event_free (OcEvent *event)
{
  if (event == NULL)
    return;

  g_clear_pointer (&event->id, g_free);
  g_clear_pointer (&event->reason, g_free);
  g_clear_object (&event->conversation);
  g_clear_object (&event->agent);
  g_clear_object (&event->queue);
  g_clear_object (&event->workstream);
  g_clear_object (&event->message);
  g_clear_object (&event->audit_entry);
  g_clear_pointer (&event->watchers, g_ptr_array_unref);
  g_clear_pointer (&event->warnings, g_ptr_array_unref);
  g_free (event);
}
