// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-source"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-enums.h"
#include "oc-source.h"
#include "oc-source-private.h"

/**
 * OcSource:
 *
 * Where the live data comes from: the reference server (#OcClient) or a
 * Dynamics 365 organisation (#OcDataverseSource). The store, the view and the
 * widgets need only this; they never learn which backend runs.
 *
 * OcSource holds what every backend reports, as read-only properties
 * notified only on change: #OcSource:state, #OcSource:status-message (why
 * offline, or how fresh the data is), #OcSource:last-event-time
 * (g_get_real_time() µs of the last data heard), #OcSource:role and
 * #OcSource:user, #OcSource:catching-up (changes received wait for a later
 * frame, so what is shown lags behind), #OcSource:loading-done and
 * #OcSource:loading-total (a first load shown while it goes on); and, construct-only, #OcSource:server-url and
 * #OcSource:store (a new one when none is given). Backends set them through
 * oc-source-private.h and implement the behaviour in #OcSourceClass.
 */

typedef struct
{
  char                *server_url;
  OcConversationStore *store;

  OcSourceState        state;
  char                *status_message;
  gint64               last_event_time;
  gboolean             last_event_time_dirty;
  OcRole               role;
  char                *user;
  gboolean             catching_up;
  OcAuditList         *audit_log;
  gboolean             audit_has_older;
  GStrv          member_queues;
  guint                loading_done;
  guint                loading_total;
} OcSourcePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OcSource, oc_source, G_TYPE_OBJECT)

/**
 * oc_source_error_quark:
 *
 * Returns: the error domain of #OcSourceError, %OC_SOURCE_ERROR
 */
G_DEFINE_QUARK (oc-source-error-quark, oc_source_error)

/**
 * oc_source_state_get_type:
 *
 * Returns: the #GType of #OcSourceState, for the "state" property
 */
G_DEFINE_ENUM_TYPE (OcSourceState, oc_source_state,
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_STATE_AUTH_FAILED, "auth-failed"))

/**
 * oc_source_capabilities_get_type:
 *
 * Returns: the #GType of the #OcSourceCapabilities flags
 */
G_DEFINE_FLAGS_TYPE (OcSourceCapabilities, oc_source_capabilities,
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_ASSIGN, "can-assign"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_TRANSFER, "can-transfer"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_FORCE_CLOSE, "can-force-close"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_MONITOR_LIVE, "can-monitor-live"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_JOIN, "can-join"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_HAS_WORKSPACE, "has-workspace"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_WHISPER, "can-whisper"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_CAN_LOWER_FLAG, "can-lower-flag"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_HAS_PRESENCE, "has-presence"),
  G_DEFINE_ENUM_VALUE (OC_SOURCE_HAS_AUDIT_LOG, "has-audit-log"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_STATUS_MESSAGE,
  PROP_LAST_EVENT_TIME,
  PROP_ROLE,
  PROP_USER,
  PROP_SERVER_URL,
  PROP_STORE,
  PROP_CATCHING_UP,
  PROP_MEMBER_QUEUES,
  PROP_CAPABILITIES,
  PROP_AUDIT_HAS_OLDER,
  PROP_LOADING_DONE,
  PROP_LOADING_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FRAME_WANTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* GObject */

static void
oc_source_dispose (GObject *object)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (OC_SOURCE (object));

  g_clear_object (&priv->store);

  G_OBJECT_CLASS (oc_source_parent_class)->dispose (object);
}

static void
oc_source_finalize (GObject *object)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (OC_SOURCE (object));

  g_clear_pointer (&priv->server_url, g_free);
  g_clear_pointer (&priv->status_message, g_free);
  g_clear_pointer (&priv->user, g_free);
  g_clear_pointer (&priv->member_queues, g_strfreev);
  g_clear_object (&priv->audit_log);

  G_OBJECT_CLASS (oc_source_parent_class)->finalize (object);
}

static void
oc_source_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (OC_SOURCE (object));

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, priv->status_message);
      break;
    case PROP_LAST_EVENT_TIME:
      g_value_set_int64 (value, priv->last_event_time);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, priv->role);
      break;
    case PROP_USER:
      g_value_set_string (value, priv->user);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, priv->server_url);
      break;
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;
    case PROP_CATCHING_UP:
      g_value_set_boolean (value, priv->catching_up);
      break;
    case PROP_MEMBER_QUEUES:
      g_value_set_boxed (value, priv->member_queues);
      break;
    case PROP_AUDIT_HAS_OLDER:
      g_value_set_boolean (value, priv->audit_has_older);
      break;
    case PROP_CAPABILITIES:
      g_value_set_flags (value, oc_source_get_capabilities (OC_SOURCE (object)));
      break;
    case PROP_LOADING_DONE:
      g_value_set_uint (value, priv->loading_done);
      break;
    case PROP_LOADING_TOTAL:
      g_value_set_uint (value, priv->loading_total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_source_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (OC_SOURCE (object));

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      priv->server_url = g_value_dup_string (value);
      break;
    case PROP_STORE:
      priv->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_source_constructed (GObject *object)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (OC_SOURCE (object));

  G_OBJECT_CLASS (oc_source_parent_class)->constructed (object);

  if (priv->store == NULL)
    priv->store = oc_conversation_store_new ();
}

static void
oc_source_class_init (OcSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = oc_source_constructed;
  object_class->dispose = oc_source_dispose;
  object_class->finalize = oc_source_finalize;
  object_class->get_property = oc_source_get_property;
  object_class->set_property = oc_source_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, OC_TYPE_SOURCE_STATE, OC_SOURCE_STATE_IDLE, readable);
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, NULL, readable);
  /* Notified at most once per batch, not for each of thousands of frames. */
  properties[PROP_LAST_EVENT_TIME] =
    g_param_spec_int64 ("last-event-time", NULL, NULL, 0, G_MAXINT64, 0, readable);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, OC_TYPE_ROLE, OC_ROLE_UNKNOWN, readable);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL, readable);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL, construct);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, OC_TYPE_CONVERSATION_STORE, construct);
  /* Received changes wait for a later frame: what is shown lags behind. */
  properties[PROP_CATCHING_UP] =
    g_param_spec_boolean ("catching-up", NULL, NULL, FALSE, readable);

  /* The queues the signed-in user is a member of, where the backend knows
   * (Dynamics 365): Microsoft's report starts filtered to them. */
  properties[PROP_MEMBER_QUEUES] =
    g_param_spec_boxed ("member-queues", NULL, NULL, G_TYPE_STRV, readable);

  /* What oc_source_get_capabilities() answers; notified when a backend
   * learns more (Dynamics 365 reads the org's $metadata after starting). */
  /* The server holds audit entries older than the audit log's oldest. */
  properties[PROP_AUDIT_HAS_OLDER] =
    g_param_spec_boolean ("audit-has-older", NULL, NULL, FALSE, readable);
  properties[PROP_CAPABILITIES] =
    g_param_spec_flags ("capabilities", NULL, NULL, OC_TYPE_SOURCE_CAPABILITIES, 0, readable);

  /* A snapshot loaded a part at a time into an empty store, its rows shown
   * as they come: how many of its conversations are in, of how many.
   * loading-total is 0 when no such load goes on. */
  properties[PROP_LOADING_DONE] =
    g_param_spec_uint ("loading-done", NULL, NULL, 0, G_MAXUINT, 0, readable);
  properties[PROP_LOADING_TOTAL] =
    g_param_spec_uint ("loading-total", NULL, NULL, 0, G_MAXUINT, 0, readable);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OcSource::frame-wanted:
   *
   * Changes wait to be applied at the start of the next frame of the
   * window that paces the source: it should ask its frame clock for one and
   * call oc_source_begin_frame() then. A source nobody paces applies them
   * by its own timer after a while.
   */
  signals[FRAME_WANTED] =
    g_signal_new ("frame-wanted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
oc_source_init (OcSource *self)
{
}

/* ------------------------------------------------------------------------ */
/* For the backends (oc-source-private.h) */

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

/* Sets "state" and "status-message" together, notifying each on change
 * (after both are set). */
void
_oc_source_set_state (OcSource      *self,
                      OcSourceState  state,
                      const char    *status_message)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_assert (OC_IS_SOURCE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (priv->state != state)
    {
      g_debug ("%s: state %s → %s%s%s", G_OBJECT_TYPE_NAME (self),
               oc_enum_to_nick (OC_TYPE_SOURCE_STATE, priv->state),
               oc_enum_to_nick (OC_TYPE_SOURCE_STATE, state),
               status_message ? ": " : "", status_message ? status_message : "");
      priv->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (set_string (&priv->status_message, status_message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_oc_source_set_identity (OcSource   *self,
                         const char *user,
                         OcRole      role)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_assert (OC_IS_SOURCE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (set_string (&priv->user, user))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  if (priv->role != role)
    {
      priv->role = role;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_oc_source_set_member_queues (OcSource           *self,
                              const char * const *queue_ids)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);
  const char * const empty[] = { NULL };

  g_assert (OC_IS_SOURCE (self));

  if (queue_ids == NULL)
    queue_ids = empty;
  if (priv->member_queues != NULL &&
      g_strv_equal ((const char * const *) priv->member_queues, queue_ids))
    return;
  g_strfreev (priv->member_queues);
  priv->member_queues = g_strdupv ((char **) queue_ids);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER_QUEUES]);
}

void
_oc_source_mark_heard (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_assert (OC_IS_SOURCE (self));

  priv->last_event_time = g_get_real_time ();
  priv->last_event_time_dirty = TRUE;
}

void
_oc_source_notify_heard (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_assert (OC_IS_SOURCE (self));

  if (!priv->last_event_time_dirty)
    return;
  priv->last_event_time_dirty = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EVENT_TIME]);
}

void
_oc_source_set_catching_up (OcSource *self,
                            gboolean  catching_up)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_assert (OC_IS_SOURCE (self));

  catching_up = !!catching_up;
  if (priv->catching_up == catching_up)
    return;
  priv->catching_up = catching_up;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATCHING_UP]);
}

void
_oc_source_set_loading (OcSource *self,
                        guint     done,
                        guint     total)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_assert (OC_IS_SOURCE (self));

  done = total > 0 ? MIN (done, total) : 0;
  g_object_freeze_notify (G_OBJECT (self));
  if (priv->loading_total != total)
    {
      priv->loading_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING_TOTAL]);
    }
  if (priv->loading_done != done)
    {
      priv->loading_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING_DONE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_oc_source_set_audit_has_older (OcSource *self,
                                gboolean  has_older)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_assert (OC_IS_SOURCE (self));

  has_older = !!has_older;
  if (priv->audit_has_older == has_older)
    return;
  priv->audit_has_older = has_older;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT_HAS_OLDER]);
}

void
_oc_source_notify_capabilities (OcSource *self)
{
  g_assert (OC_IS_SOURCE (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPABILITIES]);
}

/* ------------------------------------------------------------------------ */
/* Public API */

/**
 * oc_source_start:
 * @self: a source
 *
 * Connects, fills the store and keeps it current until oc_source_stop() or
 * an authentication failure; "state" and "status-message" say how it goes.
 * Does nothing while already started.
 */
void
oc_source_start (OcSource *self)
{
  g_return_if_fail (OC_IS_SOURCE (self));

  OC_SOURCE_GET_CLASS (self)->start (self);
}

/**
 * oc_source_stop:
 * @self: a source
 *
 * Stops following and goes offline; the store keeps its contents. Does
 * nothing when not started.
 */
void
oc_source_stop (OcSource *self)
{
  g_return_if_fail (OC_IS_SOURCE (self));

  OC_SOURCE_GET_CLASS (self)->stop (self);
}

/**
 * oc_source_begin_frame:
 * @self: a source
 *
 * Says that the window showing @self's store begins a frame (its frame
 * clock's "update"): the source applies the changes waiting, so that they
 * are laid out and painted in this frame, and a flood never puts two
 * batches into one frame. Called before the first "frame-wanted" too, it
 * tells the source that it is paced.
 */
void
oc_source_begin_frame (OcSource *self)
{
  g_return_if_fail (OC_IS_SOURCE (self));

  if (OC_SOURCE_GET_CLASS (self)->begin_frame != NULL)
    OC_SOURCE_GET_CLASS (self)->begin_frame (self);
}

void
_oc_source_want_frame (OcSource *self)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_signal_emit (self, signals[FRAME_WANTED], 0);
}

/**
 * oc_source_reconnect_now:
 * @self: a source
 *
 * While %OC_SOURCE_STATE_RECONNECTING, tries again now instead of at the end
 * of the backoff (a person's "Retry now"). Does nothing otherwise.
 */
void
oc_source_reconnect_now (OcSource *self)
{
  g_return_if_fail (OC_IS_SOURCE (self));

  if (oc_source_get_state (self) != OC_SOURCE_STATE_RECONNECTING)
    return;

  if (OC_SOURCE_GET_CLASS (self)->reconnect_now != NULL)
    OC_SOURCE_GET_CLASS (self)->reconnect_now (self);
  else
    {
      oc_source_stop (self);
      oc_source_start (self);
    }
}

/**
 * oc_source_get_state:
 * @self: a source
 *
 * Returns: how the connection stands ("state")
 */
OcSourceState
oc_source_get_state (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_return_val_if_fail (OC_IS_SOURCE (self), OC_SOURCE_STATE_IDLE);

  return priv->state;
}

/**
 * oc_source_get_status_message:
 * @self: a source
 *
 * Returns: (transfer none) (nullable): why the source is offline or
 *   reconnecting, or how fresh its data is, to show as it is
 */
const char *
oc_source_get_status_message (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  return priv->status_message;
}

/**
 * oc_source_get_last_event_time:
 * @self: a source
 *
 * Returns: the g_get_real_time() (µs) at which data was last heard, 0 before
 *   any
 */
gint64
oc_source_get_last_event_time (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_return_val_if_fail (OC_IS_SOURCE (self), 0);

  return priv->last_event_time;
}

/**
 * oc_source_get_catching_up:
 * @self: a source
 *
 * Returns: whether changes already received wait to be applied, a frame's
 *   worth at a time, so that the store (and what shows it) lags behind
 */
gboolean
oc_source_get_catching_up (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_return_val_if_fail (OC_IS_SOURCE (self), FALSE);

  return priv->catching_up;
}

/**
 * oc_source_get_loading:
 * @self: a source
 * @done: (out) (optional): how many of the snapshot's conversations are in
 * @total: (out) (optional): how many it has
 *
 * Whether a first load goes on: a snapshot read into an empty store a part
 * at a time, whose rows are shown as they come. Until it ends the store
 * holds part of the floor, and counts of its rows are not final.
 *
 * Returns: %TRUE while such a load goes on
 */
gboolean
oc_source_get_loading (OcSource *self,
                       guint    *done,
                       guint    *total)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_return_val_if_fail (OC_IS_SOURCE (self), FALSE);

  if (done != NULL)
    *done = priv->loading_done;
  if (total != NULL)
    *total = priv->loading_total;
  return priv->loading_total > 0;
}

/**
 * oc_source_get_role:
 * @self: a source
 *
 * Returns: the signed-in user's role, %OC_ROLE_UNKNOWN until the backend said
 */
OcRole
oc_source_get_role (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_return_val_if_fail (OC_IS_SOURCE (self), OC_ROLE_UNKNOWN);

  return priv->role;
}

/**
 * oc_source_get_member_queues:
 * @self: a source
 *
 * Returns: (transfer none) (nullable): the ids of the queues the signed-in
 *   user is a member of, empty when they are of none, %NULL where the backend
 *   does not know
 */
const char * const *
oc_source_get_member_queues (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  return (const char * const *) priv->member_queues;
}

/**
 * oc_source_get_user:
 * @self: a source
 *
 * Returns: (transfer none) (nullable): who is signed in, as the backend names
 *   them, or %NULL until it said
 */
const char *
oc_source_get_user (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  return priv->user;
}

/**
 * oc_source_get_server_url:
 * @self: a source
 *
 * Returns: (transfer none) (nullable): the address the source was made with
 */
const char *
oc_source_get_server_url (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  return priv->server_url;
}

/**
 * oc_source_get_store:
 * @self: a source
 *
 * Returns: (transfer none): the store the source keeps in step
 */
OcConversationStore *
oc_source_get_store (OcSource *self)
{
  OcSourcePrivate *priv = oc_source_get_instance_private (self);

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  return priv->store;
}

/**
 * oc_source_get_capabilities:
 * @self: a source
 *
 * Returns: what this backend can do now; a UI offers only these and says
 *   why the rest is missing
 */
OcSourceCapabilities
oc_source_get_capabilities (OcSource *self)
{
  OcSourceClass *klass;

  g_return_val_if_fail (OC_IS_SOURCE (self), 0);

  klass = OC_SOURCE_GET_CLASS (self);
  if (klass->get_capabilities == NULL)
    return OC_SOURCE_CAN_ALL;
  return klass->get_capabilities (self);
}

/**
 * oc_source_can:
 * @self: a source
 * @capabilities: one or more flags
 *
 * Returns: %TRUE when the backend has all of @capabilities
 */
gboolean
oc_source_can (OcSource             *self,
               OcSourceCapabilities  capabilities)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), FALSE);

  return (oc_source_get_capabilities (self) & capabilities) == capabilities;
}

/**
 * oc_source_get_workspace_url:
 * @self: a source
 * @conversation_id: the conversation to open
 *
 * For backends whose own web workspace can do what this console cannot
 * (Dynamics 365's Customer Service workspace), the page of @conversation_id.
 *
 * Returns: (transfer full) (nullable): an https:// address, or %NULL
 */
char *
oc_source_get_workspace_url (OcSource   *self,
                             const char *conversation_id)
{
  OcSourceClass *klass;

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);

  klass = OC_SOURCE_GET_CLASS (self);
  if (klass->get_workspace_url == NULL)
    return NULL;
  return klass->get_workspace_url (self, conversation_id);
}

/**
 * oc_source_get_backend_name:
 * @self: a source
 *
 * Returns: (transfer none) (nullable): what kind of backend this is,
 *   translated, to name it to the user ("Dynamics 365"), or %NULL for a
 *   reference protocol server
 */
const char *
oc_source_get_backend_name (OcSource *self)
{
  OcSourceClass *klass;

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  klass = OC_SOURCE_GET_CLASS (self);
  return klass->get_backend_name != NULL ? klass->get_backend_name (self) : NULL;
}

/**
 * oc_source_assign_async:
 * @self: a source
 * @conversation_id: the conversation to assign
 * @agent_id: (nullable): the agent to assign it to
 * @queue_id: (nullable): or the queue to move it to
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * Assigns a conversation to an agent or a queue; exactly one of @agent_id
 * and @queue_id is set. Finish with oc_source_action_finish().
 */
void
oc_source_assign_async (OcSource            *self,
                        const char          *conversation_id,
                        const char          *agent_id,
                        const char          *queue_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  OC_SOURCE_GET_CLASS (self)->assign_async (self, conversation_id, agent_id, queue_id,
                                            cancellable, callback, user_data);
}

/**
 * oc_source_transfer_async:
 * @self: a source
 * @conversation_id: the conversation to transfer
 * @agent_id: the agent to transfer it to
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * Transfers an assigned conversation to another agent. Finish with
 * oc_source_action_finish().
 */
void
oc_source_transfer_async (OcSource            *self,
                          const char          *conversation_id,
                          const char          *agent_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  OC_SOURCE_GET_CLASS (self)->transfer_async (self, conversation_id, agent_id,
                                              cancellable, callback, user_data);
}

/**
 * oc_source_force_close_async:
 * @self: a source
 * @conversation_id: the conversation to close
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * Closes a conversation whoever holds it. Finish with
 * oc_source_action_finish().
 */
void
oc_source_force_close_async (OcSource            *self,
                             const char          *conversation_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  OC_SOURCE_GET_CLASS (self)->force_close_async (self, conversation_id,
                                                 cancellable, callback, user_data);
}

/**
 * oc_source_force_close_with_key_async:
 * @self: a source
 * @conversation_id: the conversation to close
 * @idempotency_key: the key the request carries; the same key again (a retry
 *   after a lost answer or a reconnect) acts only once on the server
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * As oc_source_force_close_async(), with the caller's key. A backend without
 * idempotency keys ignores it. Finish with oc_source_action_finish().
 */
void
oc_source_force_close_with_key_async (OcSource            *self,
                                      const char          *conversation_id,
                                      const char          *idempotency_key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  OcSourceClass *klass;

  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (idempotency_key != NULL);

  klass = OC_SOURCE_GET_CLASS (self);
  if (klass->force_close_with_key_async != NULL)
    klass->force_close_with_key_async (self, conversation_id, idempotency_key,
                                       cancellable, callback, user_data);
  else
    klass->force_close_async (self, conversation_id, cancellable, callback, user_data);
}

/**
 * oc_source_assign_with_key_async:
 * @self: a source
 * @conversation_id: the conversation to assign
 * @agent_id: (nullable): the agent to assign it to
 * @queue_id: (nullable): or the queue to move it to
 * @idempotency_key: the key the request carries (see
 *   oc_source_force_close_with_key_async())
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * As oc_source_assign_async(), with the caller's key. Finish with
 * oc_source_action_finish().
 */
void
oc_source_assign_with_key_async (OcSource            *self,
                                 const char          *conversation_id,
                                 const char          *agent_id,
                                 const char          *queue_id,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  OcSourceClass *klass;

  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (idempotency_key != NULL);

  klass = OC_SOURCE_GET_CLASS (self);
  if (klass->assign_with_key_async != NULL)
    klass->assign_with_key_async (self, conversation_id, agent_id, queue_id, idempotency_key,
                                  cancellable, callback, user_data);
  else
    klass->assign_async (self, conversation_id, agent_id, queue_id, cancellable, callback, user_data);
}

/**
 * oc_source_join_async:
 * @self: a source
 * @conversation_id: the conversation to join
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * Joins the supervisor to a conversation, so that they can write in it.
 * Finish with oc_source_action_finish().
 */
void
oc_source_join_async (OcSource            *self,
                      const char          *conversation_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  OC_SOURCE_GET_CLASS (self)->join_async (self, conversation_id, cancellable, callback, user_data);
}

/**
 * oc_source_leave_async:
 * @self: a source
 * @conversation_id: the conversation to leave
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * Leaves a conversation joined with oc_source_join_async(). Finish with
 * oc_source_action_finish().
 */
void
oc_source_leave_async (OcSource            *self,
                       const char          *conversation_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  OC_SOURCE_GET_CLASS (self)->leave_async (self, conversation_id, cancellable, callback, user_data);
}

/**
 * oc_source_send_message_async:
 * @self: a source
 * @conversation_id: a conversation the supervisor joined
 * @text: the message, 1 to 65,536 characters of UTF-8
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * Writes in a conversation as the supervisor. Finish with
 * oc_source_action_finish().
 */
void
oc_source_send_message_async (OcSource            *self,
                              const char          *conversation_id,
                              const char          *text,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (text != NULL);

  OC_SOURCE_GET_CLASS (self)->send_message_async (self, conversation_id, text,
                                                  cancellable, callback, user_data);
}

static void
refuse_unavailable (OcSource             *self,
                    OcSourceCapabilities  capability,
                    gpointer              source_tag,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN, "%s",
                           oc_source_get_unavailable_reason (self, capability));
}

/**
 * oc_source_whisper_async:
 * @self: a source
 * @conversation_id: a conversation an agent handles
 * @text: for the agent only, 1 to 65,536 characters of UTF-8
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * Writes to the conversation's agent only, without joining; the customer
 * never sees it. Finish with oc_source_action_finish().
 */
void
oc_source_whisper_async (OcSource            *self,
                         const char          *conversation_id,
                         const char          *text,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  OcSourceClass *klass;

  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);
  g_return_if_fail (text != NULL);

  klass = OC_SOURCE_GET_CLASS (self);
  if (klass->whisper_async == NULL)
    refuse_unavailable (self, OC_SOURCE_CAN_WHISPER, oc_source_whisper_async, cancellable, callback, user_data);
  else
    klass->whisper_async (self, conversation_id, text, cancellable, callback, user_data);
}

/**
 * oc_source_lower_flag_async:
 * @self: a source
 * @conversation_id: a conversation whose help flag is up
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * Lowers an agent's help flag as the supervisor. Finish with
 * oc_source_action_finish().
 */
void
oc_source_lower_flag_async (OcSource            *self,
                            const char          *conversation_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  OcSourceClass *klass;

  g_return_if_fail (OC_IS_SOURCE (self));
  g_return_if_fail (conversation_id != NULL);

  klass = OC_SOURCE_GET_CLASS (self);
  if (klass->lower_flag_async == NULL)
    refuse_unavailable (self, OC_SOURCE_CAN_LOWER_FLAG, oc_source_lower_flag_async, cancellable, callback,
                        user_data);
  else
    klass->lower_flag_async (self, conversation_id, cancellable, callback, user_data);
}

/**
 * oc_source_get_unavailable_reason:
 * @self: a source
 * @capability: one capability the source lacks
 *
 * Returns: (transfer none): why the backend cannot do it, translated, for
 *   the UI to say beside the control it disables
 */
const char *
oc_source_get_unavailable_reason (OcSource             *self,
                                  OcSourceCapabilities  capability)
{
  OcSourceClass *klass;
  const char *reason = NULL;

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  klass = OC_SOURCE_GET_CLASS (self);
  if (klass->get_unavailable_reason != NULL)
    reason = klass->get_unavailable_reason (self, capability);
  return reason != NULL ? reason : _("The server this console is connected to does not offer this.");
}

/**
 * oc_source_get_audit_log:
 * @self: a source
 *
 * The audit log as the backend has shown it so far, newest first; empty
 * without %OC_SOURCE_HAS_AUDIT_LOG.
 *
 * Returns: (transfer none): the list of #OcAuditEntry
 */
OcAuditList *
oc_source_get_audit_log (OcSource *self)
{
  OcSourcePrivate *priv;

  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);

  priv = oc_source_get_instance_private (self);
  if (priv->audit_log == NULL)
    priv->audit_log = oc_audit_list_new ();
  return priv->audit_log;
}

/**
 * oc_source_get_audit_has_older:
 * @self: a source
 *
 * Returns: whether the backend holds audit entries older than the oldest
 *   in oc_source_get_audit_log(), for oc_source_load_older_audit_async()
 */
gboolean
oc_source_get_audit_has_older (OcSource *self)
{
  OcSourcePrivate *priv;

  g_return_val_if_fail (OC_IS_SOURCE (self), FALSE);

  priv = oc_source_get_instance_private (self);
  return priv->audit_has_older;
}

/**
 * oc_source_load_older_audit_async:
 * @self: a source
 * @cancellable: (nullable): to give up waiting
 * @callback: called once, when the backend answered
 * @user_data: for @callback
 *
 * Reads the page of the audit log just older than its oldest entry held
 * into oc_source_get_audit_log(), below the entries there (#22); the live
 * ones keep arriving on top meanwhile. Finish with
 * oc_source_load_older_audit_finish().
 */
void
oc_source_load_older_audit_async (OcSource            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  OcSourceClass *klass;

  g_return_if_fail (OC_IS_SOURCE (self));

  klass = OC_SOURCE_GET_CLASS (self);
  if (klass->load_older_audit_async == NULL || !oc_source_can (self, OC_SOURCE_HAS_AUDIT_LOG))
    refuse_unavailable (self, OC_SOURCE_HAS_AUDIT_LOG, oc_source_load_older_audit_async, cancellable,
                        callback, user_data);
  else
    klass->load_older_audit_async (self, cancellable, callback, user_data);
}

/**
 * oc_source_load_older_audit_finish:
 * @self: a source
 * @result: the result given to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE when the page was read (its entries are in the audit
 *   log; #OcSource:audit-has-older says whether more remain)
 */
gboolean
oc_source_load_older_audit_finish (OcSource      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * oc_source_action_finish:
 * @self: a source
 * @result: the result given to the action's callback
 * @error: return location for an error
 *
 * Finishes any of the actions above.
 *
 * Returns: %TRUE when the backend carried the action out; otherwise @error
 *   is an %OC_SOURCE_ERROR whose message (the server's, when it gave one) a
 *   person can read, or %G_IO_ERROR_CANCELLED
 */
gboolean
oc_source_action_finish (OcSource      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * oc_source_open_transcript:
 * @self: a source
 * @conversation_id: the conversation to show
 *
 * Returns: (transfer full): the conversation's messages as the backend has
 *   them, loading at once; it follows live ones only with
 *   %OC_SOURCE_CAN_MONITOR_LIVE
 */
OcTranscript *
oc_source_open_transcript (OcSource   *self,
                           const char *conversation_id)
{
  g_return_val_if_fail (OC_IS_SOURCE (self), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);

  return OC_SOURCE_GET_CLASS (self)->open_transcript (self, conversation_id);
}
