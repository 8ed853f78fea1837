// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "oc-enums.h"

G_BEGIN_DECLS

#define OC_TYPE_AGENT (oc_agent_get_type ())
G_DECLARE_FINAL_TYPE (OcAgent, oc_agent, OC, AGENT, GObject)

OcAgent            *oc_agent_new                 (const char         *id);
const char         *oc_agent_get_id              (OcAgent            *self);
const char         *oc_agent_get_name            (OcAgent            *self);
void                oc_agent_set_name            (OcAgent            *self,
                                                  const char         *name);
OcPresence          oc_agent_get_presence        (OcAgent            *self);
void                oc_agent_set_presence        (OcAgent            *self,
                                                  OcPresence          presence);
const char         *oc_agent_get_presence_text   (OcAgent            *self);
void                oc_agent_set_presence_text   (OcAgent            *self,
                                                  const char         *presence_text);
gint64              oc_agent_get_presence_since  (OcAgent            *self);
void                oc_agent_set_presence_since  (OcAgent            *self,
                                                  gint64              since);
guint               oc_agent_get_capacity_used   (OcAgent            *self);
void                oc_agent_set_capacity_used   (OcAgent            *self,
                                                  guint               used);
guint               oc_agent_get_capacity_total  (OcAgent            *self);
void                oc_agent_set_capacity_total  (OcAgent            *self,
                                                  guint               total);
guint               oc_agent_get_free_capacity   (OcAgent            *self);
const char * const *oc_agent_get_skills          (OcAgent            *self);
guint               oc_agent_get_skill_level_at  (OcAgent            *self,
                                                  guint               index);
int                 oc_agent_get_skill_level     (OcAgent            *self,
                                                  const char         *skill);
void                oc_agent_set_skills          (OcAgent            *self,
                                                  const char * const *names,
                                                  const guint        *levels);
const char * const *oc_agent_get_queue_ids       (OcAgent            *self);
void                oc_agent_set_queue_ids       (OcAgent            *self,
                                                  const char * const *queue_ids);
gboolean            oc_agent_serves_queue        (OcAgent            *self,
                                                  const char         *queue_id);
gboolean            oc_agent_update_from         (OcAgent            *self,
                                                  OcAgent            *other);

G_END_DECLS
