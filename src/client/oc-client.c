// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-client-private.h"
#include "oc-protocol.h"
#include "oc-source.h"

G_DEFINE_FINAL_TYPE (OcClient, oc_client, OC_TYPE_SOURCE)

enum {
  PROP_0,
  PROP_RECONNECT_MAX_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* OcSource */

static void
oc_client_start (OcSource *source)
{
  OcClient *self = OC_CLIENT (source);

  if (self->running)
    return;

  self->running = TRUE;
  self->need_snapshot = TRUE;
  self->bad_connections = 0;
  oc_backoff_reset (&self->backoff);
  _oc_client_connect (self);
}

static void
oc_client_stop (OcSource *source)
{
  OcClient *self = OC_CLIENT (source);

  if (!self->running)
    return;

  self->running = FALSE;
  _oc_client_flush (self);
  _oc_client_teardown (self);
  _oc_source_set_state (source, OC_SOURCE_STATE_OFFLINE, _("Disconnected."));
}

static OcSourceCapabilities
oc_client_get_capabilities (OcSource *source)
{
  /* The reference protocol can do everything, live. */
  return OC_SOURCE_CAN_ALL;
}

static OcTranscript *
oc_client_open_transcript (OcSource   *source,
                           const char *conversation_id)
{
  OcClient *self = OC_CLIENT (source);

  return oc_client_transcript_new (self->session, oc_source_get_server_url (source),
                                   self->authorization, conversation_id,
                                   self->reconnect_max_seconds);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
oc_client_dispose (GObject *object)
{
  OcClient *self = OC_CLIENT (object);
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));

  self->running = FALSE;
  _oc_client_teardown (self);
  _oc_client_events_dispose (self);
  if (store != NULL)
    g_clear_signal_handler (&self->resync_handler, store);
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

  G_OBJECT_CLASS (oc_client_parent_class)->finalize (object);
}

static void
oc_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  OcClient *self = OC_CLIENT (object);

  switch (prop_id)
    {
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

  self->resync_handler = g_signal_connect (oc_source_get_store (OC_SOURCE (self)), "resync-needed",
                                           G_CALLBACK (_oc_client_on_store_resync_needed), self);
}

static void
oc_client_class_init (OcClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OcSourceClass *source_class = OC_SOURCE_CLASS (klass);

  object_class->constructed = oc_client_constructed;
  object_class->dispose = oc_client_dispose;
  object_class->finalize = oc_client_finalize;
  object_class->get_property = oc_client_get_property;
  object_class->set_property = oc_client_set_property;

  source_class->start = oc_client_start;
  source_class->stop = oc_client_stop;
  source_class->get_capabilities = oc_client_get_capabilities;
  source_class->open_transcript = oc_client_open_transcript;
  _oc_client_class_actions_init (source_class);

  properties[PROP_RECONNECT_MAX_SECONDS] =
    g_param_spec_uint ("reconnect-max-seconds", NULL, NULL,
                       1, 3600, OC_SOURCE_DEFAULT_RECONNECT_MAX,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
 * Makes a client for the reference protocol server at @server_url. A token
 * that could not travel in a header is not an error here: oc_source_start()
 * then fails with %OC_SOURCE_STATE_AUTH_FAILED.
 *
 * Returns: (transfer full): a client, idle until oc_source_start()
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
 * @self: a client
 * @path: a PEM file with the certificates to trust
 * @error: return location for an error
 *
 * Trusts the certificates in @path instead of the system's, for a server with
 * a private CA. Verification itself stays on.
 *
 * Returns: %TRUE when @path was read; otherwise @error is
 *   %OC_SOURCE_ERROR_TLS and the trusted certificates stay as they were
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

/* ------------------------------------------------------------------------ */
/* For the other files (oc-client-private.h) */

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

const OcClientStats *
_oc_client_get_stats (OcClient *self)
{
  return &self->stats;
}
