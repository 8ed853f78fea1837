// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation-store"

#include "config.h"

#include "oc-agent.h"
#include "oc-id-list-private.h"
#include "oc-queue.h"
#include "oc-workstream.h"

struct _OcIdListKind
{
  GType        (*get_type)    (void);
  const char  *(*get_id)      (gpointer object);
  gboolean     (*update_from) (gpointer object,
                               gpointer other);
};

/* Typed wrappers: casting the functions themselves would be undefined. */
static const char *agent_get_id (gpointer o) { return oc_agent_get_id (o); }
static gboolean agent_update_from (gpointer o, gpointer other) { return oc_agent_update_from (o, other); }
static const char *queue_get_id (gpointer o) { return oc_queue_get_id (o); }
static gboolean queue_update_from (gpointer o, gpointer other) { return oc_queue_update_from (o, other); }
static const char *workstream_get_id (gpointer o) { return oc_workstream_get_id (o); }
static gboolean workstream_update_from (gpointer o, gpointer other) { return oc_workstream_update_from (o, other); }

const OcIdListKind _oc_id_list_agents = { oc_agent_get_type, agent_get_id, agent_update_from };
const OcIdListKind _oc_id_list_queues = { oc_queue_get_type, queue_get_id, queue_update_from };
const OcIdListKind _oc_id_list_workstreams = { oc_workstream_get_type, workstream_get_id, workstream_update_from };

void
_oc_id_list_init (OcIdList           *self,
                  const OcIdListKind *kind)
{
  self->kind = kind;
  self->list = g_list_store_new (kind->get_type ());
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
}

void
_oc_id_list_clear (OcIdList *self)
{
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_object (&self->list);
}

gpointer
_oc_id_list_lookup (OcIdList   *self,
                    const char *id)
{
  return id != NULL ? g_hash_table_lookup (self->index, id) : NULL;
}

void
_oc_id_list_upsert (OcIdList *self,
                    gpointer  object)
{
  const char *id;
  gpointer existing;

  if (object == NULL || (id = self->kind->get_id (object)) == NULL)
    return;

  existing = g_hash_table_lookup (self->index, id);
  if (existing != NULL)
    {
      self->kind->update_from (existing, object);
      return;
    }

  g_list_store_append (self->list, object);
  g_hash_table_insert (self->index, (gpointer) id, object);
}

void
_oc_id_list_replace (OcIdList  *self,
                     GPtrArray *objects)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) old_index = self->index;
  GHashTable *new_index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; objects != NULL && i < objects->len; i++)
    {
      gpointer object = g_ptr_array_index (objects, i);
      const char *id = self->kind->get_id (object);
      gpointer existing;

      if (id == NULL || g_hash_table_contains (new_index, id))
        continue;

      existing = g_hash_table_lookup (old_index, id);
      if (existing != NULL)
        {
          self->kind->update_from (existing, object);
          object = existing;
        }

      /* Our ref keeps a persisting object alive while the splice drops the
       * list's own. */
      g_ptr_array_add (fresh, g_object_ref (object));
      g_hash_table_insert (new_index, (gpointer) self->kind->get_id (object), object);
    }

  self->index = new_index;
  g_list_store_splice (self->list, 0, g_list_model_get_n_items (G_LIST_MODEL (self->list)),
                       fresh->pdata, fresh->len);
}

void
_oc_id_list_sync (OcIdList  *self,
                  GPtrArray *objects)
{
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; objects != NULL && i < objects->len; i++)
    {
      gpointer object = g_ptr_array_index (objects, i);
      const char *id = self->kind->get_id (object);

      if (id == NULL)
        continue;
      g_hash_table_add (keep, (gpointer) id);
      _oc_id_list_upsert (self, object);
    }

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->list)); i > 0; i--)
    {
      g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (self->list), i - 1);
      const char *id = self->kind->get_id (object);

      if (g_hash_table_contains (keep, id))
        continue;
      g_hash_table_remove (self->index, id);
      g_list_store_remove (self->list, i - 1);
    }
}
