// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-client-private.h"
#include "oc-protocol.h"
#include "oc-source.h"

G_DEFINE_FINAL_TYPE_WITH_CODE (OcClient, oc_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (OC_TYPE_SOURCE, _oc_client_source_iface_init))

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_STORE,
  PROP_RECONNECT_MAX_SECONDS,
  N_PROPS,
  /* OcSource's state, status-message, last-event-time, role and user */
  PROP_STATUS_FIRST = N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* State */

void
_oc_client_set_state (OcClient      *self,
                      OcSourceState  state,
                      const char    *status_message)
{
  g_assert (OC_IS_CLIENT (self));

  _oc_source_status_set_state (&self->status, G_OBJECT (self), state, status_message);
}

void
_oc_client_set_identity (OcClient   *self,
                         const char *user,
                         OcRole      role)
{
  g_assert (OC_IS_CLIENT (self));

  _oc_source_status_set_identity (&self->status, G_OBJECT (self), user, role);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
oc_client_dispose (GObject *object)
{
  OcClient *self = OC_CLIENT (object);

  self->running = FALSE;
  _oc_client_teardown (self);
  _oc_client_events_dispose (self);
  if (self->store != NULL)
    g_clear_signal_handler (&self->resync_handler, self->store);
  g_clear_object (&self->store);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (oc_client_parent_class)->dispose (object);
}

static void
oc_client_finalize (GObject *object)
{
  OcClient *self = OC_CLIENT (object);

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_clear_pointer (&self->server_url, g_free);
  _oc_source_status_clear (&self->status);

  G_OBJECT_CLASS (oc_client_parent_class)->finalize (object);
}

static void
oc_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  OcClient *self = OC_CLIENT (object);

  if (_oc_source_status_get_property (&self->status, PROP_STATUS_FIRST, prop_id, value))
    return;

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_RECONNECT_MAX_SECONDS:
      g_value_set_uint (value, self->reconnect_max_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  OcClient *self = OC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      self->server_url = g_value_dup_string (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_RECONNECT_MAX_SECONDS:
      if (self->reconnect_max_seconds != g_value_get_uint (value))
        {
          self->reconnect_max_seconds = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_client_constructed (GObject *object)
{
  OcClient *self = OC_CLIENT (object);

  G_OBJECT_CLASS (oc_client_parent_class)->constructed (object);

  if (self->store == NULL)
    self->store = oc_conversation_store_new ();
  self->resync_handler = g_signal_connect (self->store, "resync-needed",
                                           G_CALLBACK (_oc_client_on_store_resync_needed), self);
}

static void
oc_client_class_init (OcClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = oc_client_constructed;
  object_class->dispose = oc_client_dispose;
  object_class->finalize = oc_client_finalize;
  object_class->get_property = oc_client_get_property;
  object_class->set_property = oc_client_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, OC_TYPE_CONVERSATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECT_MAX_SECONDS] =
    g_param_spec_uint ("reconnect-max-seconds", NULL, NULL,
                       1, 3600, OC_SOURCE_DEFAULT_RECONNECT_MAX,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* Notified at most once per batch, not for each of thousands of frames. */
  _oc_source_status_install (object_class, PROP_STATUS_FIRST);
}

static void
oc_client_init (OcClient *self)
{
  self->reconnect_max_seconds = OC_SOURCE_DEFAULT_RECONNECT_MAX;
  self->session = oc_http_new_session ();
  self->need_snapshot = TRUE;

  _oc_client_events_init (self);
}

/* ------------------------------------------------------------------------ */
/* Public API */

/**
 * oc_client_new:
 * @server_url: such as "https://cc.example.com"
 * @token: the access token; it travels only in the Authorization header
 * @store: (nullable): the store to keep in step, or %NULL for a new one
 *
 * Returns: (transfer full): a client, idle until oc_client_start()
 */
OcClient *
oc_client_new (const char          *server_url,
               const char          *token,
               OcConversationStore *store)
{
  OcClient *self;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (store == NULL || OC_IS_CONVERSATION_STORE (store), NULL);

  self = g_object_new (OC_TYPE_CLIENT,
                       "server-url", server_url,
                       "store", store,
                       NULL);
  self->authorization = oc_http_authorization_new (token);
  return self;
}

/**
 * oc_client_set_ca_file:
 * @path: a PEM file with the certificates to trust
 *
 * Trusts the certificates in @path instead of the system's, for a server with
 * a private CA. Verification itself stays on.
 */
gboolean
oc_client_set_ca_file (OcClient    *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (OC_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  database = g_tls_file_database_new (path, &local_error);
  if (database == NULL)
    {
      g_set_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS,
                   _("Cannot use “%s” as trusted certificates: %s"), path, local_error->message);
      return FALSE;
    }

  soup_session_set_tls_database (self->session, database);
  return TRUE;
}

/**
 * oc_client_start:
 *
 * Connects, loads a snapshot into the store and follows the events, reconnecting
 * on its own until oc_client_stop() or an authentication failure.
 */
void
oc_client_start (OcClient *self)
{
  g_return_if_fail (OC_IS_CLIENT (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->need_snapshot = TRUE;
  self->bad_connections = 0;
  oc_backoff_reset (&self->backoff);
  _oc_client_connect (self);
}

/**
 * oc_client_stop:
 *
 * Closes the connection and stops reconnecting; the store keeps its contents.
 */
void
oc_client_stop (OcClient *self)
{
  g_return_if_fail (OC_IS_CLIENT (self));

  if (!self->running)
    return;

  self->running = FALSE;
  _oc_client_flush (self);
  _oc_client_teardown (self);
  _oc_client_set_state (self, OC_SOURCE_STATE_OFFLINE, _("Disconnected."));
}

OcSourceState
oc_client_get_state (OcClient *self)
{
  g_return_val_if_fail (OC_IS_CLIENT (self), OC_SOURCE_STATE_IDLE);

  return self->status.state;
}

const char *
oc_client_get_status_message (OcClient *self)
{
  g_return_val_if_fail (OC_IS_CLIENT (self), NULL);

  return self->status.status_message;
}

gint64
oc_client_get_last_event_time (OcClient *self)
{
  g_return_val_if_fail (OC_IS_CLIENT (self), 0);

  return self->status.last_event_time;
}

OcRole
oc_client_get_role (OcClient *self)
{
  g_return_val_if_fail (OC_IS_CLIENT (self), OC_ROLE_UNKNOWN);

  return self->status.role;
}

const char *
oc_client_get_user (OcClient *self)
{
  g_return_val_if_fail (OC_IS_CLIENT (self), NULL);

  return self->status.user;
}

const char *
oc_client_get_server_url (OcClient *self)
{
  g_return_val_if_fail (OC_IS_CLIENT (self), NULL);

  return self->server_url;
}

OcConversationStore *
oc_client_get_store (OcClient *self)
{
  g_return_val_if_fail (OC_IS_CLIENT (self), NULL);

  return self->store;
}

/**
 * oc_client_open_transcript:
 * @conversation_id: the conversation to follow
 *
 * Returns: (transfer full): a transcript that connects at once
 */
OcTranscript *
oc_client_open_transcript (OcClient   *self,
                           const char *conversation_id)
{
  g_return_val_if_fail (OC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);

  return oc_client_transcript_new (self->session, self->server_url, self->authorization,
                             conversation_id, self->reconnect_max_seconds);
}

SoupSession *
_oc_client_get_session (OcClient *self)
{
  return self->session;
}

const char *
_oc_client_get_authorization (OcClient *self)
{
  return self->authorization;
}

guint
_oc_client_get_reconnect_max (OcClient *self)
{
  return self->reconnect_max_seconds;
}

const OcClientStats *
_oc_client_get_stats (OcClient *self)
{
  return &self->stats;
}
