// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-queue"

#include "config.h"

#include "oc-queue.h"
#include "oc-model-private.h"

struct _OcQueue
{
  GObject     parent_instance;

  const char *id;             /* interned */
  char       *name;
  const char *workstream_id;  /* interned */
};

G_DEFINE_FINAL_TYPE (OcQueue, oc_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_WORKSTREAM_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
oc_queue_finalize (GObject *object)
{
  OcQueue *self = OC_QUEUE (object);

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (oc_queue_parent_class)->finalize (object);
}

static void
oc_queue_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  OcQueue *self = OC_QUEUE (object);

  switch (prop_id)
    {
    case PROP_ID:            g_value_set_static_string (value, self->id); break;
    case PROP_NAME:          g_value_set_string (value, oc_queue_get_name (self)); break;
    case PROP_WORKSTREAM_ID: g_value_set_static_string (value, self->workstream_id); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_queue_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  OcQueue *self = OC_QUEUE (object);

  switch (prop_id)
    {
    case PROP_ID:            self->id = g_intern_string (g_value_get_string (value)); break;
    case PROP_NAME:          oc_queue_set_name (self, g_value_get_string (value)); break;
    case PROP_WORKSTREAM_ID: oc_queue_set_workstream_id (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_queue_class_init (OcQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = oc_queue_finalize;
  object_class->get_property = oc_queue_get_property;
  object_class->set_property = oc_queue_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", rw);
  properties[PROP_WORKSTREAM_ID] =
    g_param_spec_string ("workstream-id", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_queue_init (OcQueue *self)
{
}

/**
 * oc_queue_new:
 * @id: the queue's id, as the protocol names it
 *
 * Returns: (transfer full): a new #OcQueue with no name and no workstream
 */
OcQueue *
oc_queue_new (const char *id)
{
  return g_object_new (OC_TYPE_QUEUE, "id", id, NULL);
}

/**
 * oc_queue_get_id:
 *
 * Returns: (transfer none): the queue's id
 */
const char *
oc_queue_get_id (OcQueue *self)
{
  g_return_val_if_fail (OC_IS_QUEUE (self), NULL);
  return self->id;
}

/**
 * oc_queue_get_name:
 *
 * Returns: (transfer none): the display name, "" when unset
 */
const char *
oc_queue_get_name (OcQueue *self)
{
  g_return_val_if_fail (OC_IS_QUEUE (self), NULL);
  return self->name != NULL ? self->name : "";
}

/**
 * oc_queue_set_name:
 * @name: (nullable): the display name; %NULL or "" for none
 *
 * Sets #OcQueue:name, notifying only when it changes.
 */
void
oc_queue_set_name (OcQueue    *self,
                   const char *name)
{
  g_return_if_fail (OC_IS_QUEUE (self));

  _oc_notify_string (G_OBJECT (self), properties[PROP_NAME], &self->name, name);
}

/**
 * oc_queue_get_workstream_id:
 *
 * Returns: (transfer none) (nullable): the id of the workstream the queue
 *   belongs to (interned), or %NULL
 */
const char *
oc_queue_get_workstream_id (OcQueue *self)
{
  g_return_val_if_fail (OC_IS_QUEUE (self), NULL);
  return self->workstream_id;
}

/**
 * oc_queue_set_workstream_id:
 * @workstream_id: (nullable): a workstream's id
 *
 * Sets #OcQueue:workstream-id (interned), notifying only when it changes.
 */
void
oc_queue_set_workstream_id (OcQueue    *self,
                            const char *workstream_id)
{
  g_return_if_fail (OC_IS_QUEUE (self));

  _oc_notify_interned (G_OBJECT (self), properties[PROP_WORKSTREAM_ID], &self->workstream_id, workstream_id);
}

/**
 * oc_queue_update_from:
 * @other: a queue with the same id holding the new values
 *
 * Copies the fields of @other into @self, notifying only the properties that
 * changed. @other is not kept.
 *
 * Returns: %TRUE if anything changed
 */
gboolean
oc_queue_update_from (OcQueue *self,
                      OcQueue *other)
{
  GObject *object = (GObject *) self;
  gboolean changed = FALSE;

  g_return_val_if_fail (OC_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (OC_IS_QUEUE (other), FALSE);

  if (self == other)
    return FALSE;

  g_object_freeze_notify (object);
  changed |= _oc_notify_string (object, properties[PROP_NAME], &self->name, other->name);
  changed |= _oc_notify_interned (object, properties[PROP_WORKSTREAM_ID],
                                  &self->workstream_id, other->workstream_id);
  g_object_thaw_notify (object);

  return changed;
}
