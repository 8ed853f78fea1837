// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A GListStore of objects with string ids plus an index by id: the store's
 * agents, queues and workstreams. Objects keep their identity across
 * updates, so dialogs that hold one see it change. */

typedef struct _OcIdListKind OcIdListKind;

typedef struct
{
  GListStore         *list;
  GHashTable         *index;   /* id -> object (the list holds the ref) */
  const OcIdListKind *kind;
} OcIdList;

extern const OcIdListKind _oc_id_list_agents;
extern const OcIdListKind _oc_id_list_queues;
extern const OcIdListKind _oc_id_list_workstreams;

void      _oc_id_list_init    (OcIdList           *self,
                               const OcIdListKind *kind);
void      _oc_id_list_clear   (OcIdList           *self);
gpointer  _oc_id_list_lookup  (OcIdList           *self,
                               const char         *id);
/* Updates the object with the same id in place, or appends @object. */
void      _oc_id_list_upsert  (OcIdList           *self,
                               gpointer            object);
/* Replaces the contents in one items-changed, keeping (and updating) the
 * objects whose id persists. */
void      _oc_id_list_replace (OcIdList           *self,
                               GPtrArray          *objects);

/* Upserts @objects and removes the objects whose id is not among them, one
 * small items-changed for each change, so that a list that did not change
 * says nothing and its views keep their place. */
void      _oc_id_list_sync    (OcIdList           *self,
                               GPtrArray          *objects);

G_END_DECLS
