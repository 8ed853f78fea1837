// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-source"

#include "config.h"

#include "oc-enums.h"
#include "oc-source-private.h"

static const char * const status_props[OC_SOURCE_STATUS_N_PROPS] = {
  [OC_SOURCE_STATUS_PROP_STATE] = "state",
  [OC_SOURCE_STATUS_PROP_STATUS_MESSAGE] = "status-message",
  [OC_SOURCE_STATUS_PROP_LAST_EVENT_TIME] = "last-event-time",
  [OC_SOURCE_STATUS_PROP_ROLE] = "role",
  [OC_SOURCE_STATUS_PROP_USER] = "user",
};

void
_oc_source_status_install (GObjectClass *klass,
                           guint         first_id)
{
  for (guint i = 0; i < OC_SOURCE_STATUS_N_PROPS; i++)
    g_object_class_override_property (klass, first_id + i, status_props[i]);
}

gboolean
_oc_source_status_get_property (const OcSourceStatus *status,
                                guint                 first_id,
                                guint                 prop_id,
                                GValue               *value)
{
  if (prop_id < first_id || prop_id >= first_id + OC_SOURCE_STATUS_N_PROPS)
    return FALSE;

  switch (prop_id - first_id)
    {
    case OC_SOURCE_STATUS_PROP_STATE:
      g_value_set_enum (value, status->state);
      break;
    case OC_SOURCE_STATUS_PROP_STATUS_MESSAGE:
      g_value_set_string (value, status->status_message);
      break;
    case OC_SOURCE_STATUS_PROP_LAST_EVENT_TIME:
      g_value_set_int64 (value, status->last_event_time);
      break;
    case OC_SOURCE_STATUS_PROP_ROLE:
      g_value_set_enum (value, status->role);
      break;
    case OC_SOURCE_STATUS_PROP_USER:
      g_value_set_string (value, status->user);
      break;
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

void
_oc_source_status_clear (OcSourceStatus *status)
{
  g_clear_pointer (&status->status_message, g_free);
  g_clear_pointer (&status->user, g_free);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
_oc_source_status_set_state (OcSourceStatus *status,
                             GObject        *owner,
                             OcSourceState   state,
                             const char     *status_message)
{
  g_object_freeze_notify (owner);
  if (status->state != state)
    {
      g_debug ("%s: state %s → %s%s%s", G_OBJECT_TYPE_NAME (owner),
               oc_enum_to_nick (OC_TYPE_SOURCE_STATE, status->state),
               oc_enum_to_nick (OC_TYPE_SOURCE_STATE, state),
               status_message ? ": " : "", status_message ? status_message : "");
      status->state = state;
      g_object_notify (owner, "state");
    }
  if (set_string (&status->status_message, status_message))
    g_object_notify (owner, "status-message");
  g_object_thaw_notify (owner);
}

void
_oc_source_status_set_identity (OcSourceStatus *status,
                                GObject        *owner,
                                const char     *user,
                                OcRole          role)
{
  g_object_freeze_notify (owner);
  if (set_string (&status->user, user))
    g_object_notify (owner, "user");
  if (status->role != role)
    {
      status->role = role;
      g_object_notify (owner, "role");
    }
  g_object_thaw_notify (owner);
}

void
_oc_source_status_mark_heard (OcSourceStatus *status)
{
  status->last_event_time = g_get_real_time ();
}
