// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-source.h"

G_BEGIN_DECLS

/*
 * What every OcSource reports about itself, kept in one place so each
 * implementation embeds it instead of repeating the properties: the state and
 * why, when data was last heard, and who is signed in. The setters notify
 * the owning object's properties only on change.
 */
typedef struct
{
  OcSourceState  state;
  char          *status_message;
  gint64         last_event_time;
  OcRole         role;
  char          *user;
} OcSourceStatus;

/* The order of the properties _oc_source_status_install() overrides. */
enum {
  OC_SOURCE_STATUS_PROP_STATE,
  OC_SOURCE_STATUS_PROP_STATUS_MESSAGE,
  OC_SOURCE_STATUS_PROP_LAST_EVENT_TIME,
  OC_SOURCE_STATUS_PROP_ROLE,
  OC_SOURCE_STATUS_PROP_USER,
  OC_SOURCE_STATUS_N_PROPS
};

/* Overrides OcSource's status properties on @klass with the ids @first_id to
 * @first_id + OC_SOURCE_STATUS_N_PROPS - 1, in the order above. */
void     _oc_source_status_install          (GObjectClass         *klass,
                                             guint                 first_id);
/* For get_property(): answers and returns TRUE for those ids. */
gboolean _oc_source_status_get_property     (const OcSourceStatus *status,
                                             guint                 first_id,
                                             guint                 prop_id,
                                             GValue               *value);
void     _oc_source_status_clear            (OcSourceStatus       *status);

void     _oc_source_status_set_state        (OcSourceStatus       *status,
                                             GObject              *owner,
                                             OcSourceState         state,
                                             const char           *status_message);
void     _oc_source_status_set_identity     (OcSourceStatus       *status,
                                             GObject              *owner,
                                             const char           *user,
                                             OcRole                role);
/* Records the time without notifying (for a batch to notify once). */
void     _oc_source_status_mark_heard       (OcSourceStatus       *status);

G_END_DECLS
