// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-watcher"

#include "config.h"

#include "oc-watcher.h"

/**
 * OcWatcher:
 *
 * One user present on a conversation: monitoring it (its transcript open),
 * joined to it, or both. Immutable; the server sends the whole list again
 * when it changes.
 */
struct _OcWatcher
{
  GObject   parent_instance;

  char     *user;
  gboolean  monitoring;
  gboolean  joined;
};

G_DEFINE_FINAL_TYPE (OcWatcher, oc_watcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USER,
  PROP_MONITORING,
  PROP_JOINED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
oc_watcher_finalize (GObject *object)
{
  OcWatcher *self = OC_WATCHER (object);

  g_clear_pointer (&self->user, g_free);

  G_OBJECT_CLASS (oc_watcher_parent_class)->finalize (object);
}

static void
oc_watcher_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  OcWatcher *self = OC_WATCHER (object);

  switch (prop_id)
    {
    case PROP_USER:       g_value_set_string (value, oc_watcher_get_user (self)); break;
    case PROP_MONITORING: g_value_set_boolean (value, self->monitoring); break;
    case PROP_JOINED:     g_value_set_boolean (value, self->joined); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_watcher_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  OcWatcher *self = OC_WATCHER (object);

  switch (prop_id)
    {
    case PROP_USER:       self->user = g_value_dup_string (value); break;
    case PROP_MONITORING: self->monitoring = g_value_get_boolean (value); break;
    case PROP_JOINED:     self->joined = g_value_get_boolean (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_watcher_class_init (OcWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = oc_watcher_finalize;
  object_class->get_property = oc_watcher_get_property;
  object_class->set_property = oc_watcher_set_property;

  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, "", co);
  properties[PROP_MONITORING] = g_param_spec_boolean ("monitoring", NULL, NULL, FALSE, co);
  properties[PROP_JOINED] = g_param_spec_boolean ("joined", NULL, NULL, FALSE, co);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_watcher_init (OcWatcher *self)
{
}

/**
 * oc_watcher_new:
 * @user: the user's name
 * @monitoring: whether they have the transcript open
 * @joined: whether they joined the conversation
 *
 * Returns: (transfer full): a new #OcWatcher
 */
OcWatcher *
oc_watcher_new (const char *user,
                gboolean    monitoring,
                gboolean    joined)
{
  return g_object_new (OC_TYPE_WATCHER, "user", user, "monitoring", monitoring, "joined", joined, NULL);
}

/**
 * oc_watcher_get_user:
 *
 * Returns: (transfer none): the user's name, "" when unset
 */
const char *
oc_watcher_get_user (OcWatcher *self)
{
  g_return_val_if_fail (OC_IS_WATCHER (self), NULL);
  return self->user != NULL ? self->user : "";
}

/**
 * oc_watcher_get_monitoring:
 *
 * Returns: whether the user has the conversation's transcript open
 */
gboolean
oc_watcher_get_monitoring (OcWatcher *self)
{
  g_return_val_if_fail (OC_IS_WATCHER (self), FALSE);
  return self->monitoring;
}

/**
 * oc_watcher_get_joined:
 *
 * Returns: whether the user joined the conversation
 */
gboolean
oc_watcher_get_joined (OcWatcher *self)
{
  g_return_val_if_fail (OC_IS_WATCHER (self), FALSE);
  return self->joined;
}
