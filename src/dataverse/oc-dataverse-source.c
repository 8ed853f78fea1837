// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-dataverse"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-dataverse-private.h"

/* OcDataverseSource as a GObject and an OcSource; reading the org is in
 * oc-dataverse-sync.c, acting in oc-dataverse-actions.c, transcripts in
 * oc-dataverse-transcript.c. */

/**
 * OcDataverseSource:
 *
 * An #OcSource over a Dynamics 365 organisation (its #OcSource:server-url):
 * reads the Omnichannel tables through the Dataverse Web API v9.2 (OData),
 * polls for changes every #OcDataverseSource:poll-interval-ms and reloads
 * everything every #OcDataverseSource:resync-interval-ms to catch what
 * polling cannot see, #OcDataverseSource:page-size rows a page. Actions call
 * the org's CCaaS_* messages only when #OcDataverseSource:actions-enabled;
 * otherwise, or when the org refuses, they fail with a message naming the
 * conversation's page in the Customer Service workspace
 * (#OcDataverseSource:workspace-app; oc_source_get_workspace_url()). There
 * are no live transcripts: a transcript holds what the org has saved and
 * then ends.
 */

G_DEFINE_FINAL_TYPE (OcDataverseSource, oc_dataverse_source, OC_TYPE_SOURCE)

enum {
  PROP_0,
  PROP_POLL_INTERVAL_MS,
  PROP_RESYNC_INTERVAL_MS,
  PROP_PAGE_SIZE,
  PROP_ACTIONS_ENABLED,
  PROP_WORKSPACE_APP,
  PROP_WINDOW_HOURS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* OcSource */

static void
oc_dataverse_source_start (OcSource *source)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (source);
  g_autoptr(GError) error = NULL;

  if (self->running)
    return;

  if (!oc_dataverse_check_org_url (oc_source_get_server_url (source), &error))
    {
      _oc_source_set_state (source, OC_SOURCE_STATE_OFFLINE, error->message);
      return;
    }
  if (self->authorization == NULL)
    {
      _oc_source_set_state (source, OC_SOURCE_STATE_AUTH_FAILED,
                            _("The access token is empty or contains characters a token cannot have."));
      return;
    }

  _oc_dataverse_sync_start (self);
  _oc_dataverse_metadata_fetch (self);
}

static void
oc_dataverse_source_stop (OcSource *source)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (source);

  if (!self->running)
    return;

  _oc_dataverse_sync_stop (self);
  _oc_source_set_state (source, OC_SOURCE_STATE_OFFLINE, _("Disconnected."));
}

static OcSourceCapabilities
oc_dataverse_source_get_capabilities (OcSource *source)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (source);
  OcSourceCapabilities capabilities = OC_SOURCE_HAS_WORKSPACE;

  /* Monitoring live and joining have no Dataverse path at all; the others
   * only when the supervisor turned them on. */
  if (self->actions_enabled)
    {
      OcSourceCapabilities actions[] = { OC_SOURCE_CAN_ASSIGN, OC_SOURCE_CAN_TRANSFER, OC_SOURCE_CAN_FORCE_CLOSE };

      /* Only what the org's $metadata says it can take, once known. */
      for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
        {
          g_autofree char *why = self->action_metadata != NULL
                                 ? _oc_dataverse_actions_check (self->action_metadata, actions[i])
                                 : NULL;
          if (why == NULL)
            capabilities |= actions[i];
        }
    }
  return capabilities;
}

/* What Dataverse cannot give an outside app, said plainly rather than
 * faked (#22). */
static const char *
oc_dataverse_source_get_unavailable_reason (OcSource             *source,
                                            OcSourceCapabilities  capability)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (source);

  switch (capability)
    {
    case OC_SOURCE_CAN_WHISPER:
      return _("Dynamics 365 has no way for an outside app to write to the agent only; "
               "use a consult in the Customer Service workspace.");
    case OC_SOURCE_CAN_LOWER_FLAG:
      return _("Dynamics 365 has no help flags that agents raise; "
               "the Customer Service workspace has its own ways to ask for help.");
    case OC_SOURCE_HAS_PRESENCE:
      return _("Dynamics 365 does not tell an outside app who is monitoring a conversation "
               "as it happens, so this console does not show it.");
    case OC_SOURCE_HAS_AUDIT_LOG:
      return _("This console’s audit log is kept by its own server; for Dynamics 365 "
               "see the organisation’s auditing in the Power Platform admin center.");
    case OC_SOURCE_CAN_MONITOR_LIVE:
    case OC_SOURCE_CAN_JOIN:
      return _("Dynamics 365 does not let an outside app follow or join a conversation live; "
               "open it in the Customer Service workspace.");
    case OC_SOURCE_CAN_ASSIGN:
    case OC_SOURCE_CAN_TRANSFER:
    case OC_SOURCE_CAN_FORCE_CLOSE:
      if (self->actions_enabled && self->action_metadata != NULL)
        {
          g_autofree char *why = _oc_dataverse_actions_check (self->action_metadata, capability);

          /* Interned: the caller does not free it. */
          if (why != NULL)
            return g_intern_string (why);
        }
      return _("Actions on Dynamics 365 are off; turn them on in the preferences, "
               "or use the Customer Service workspace.");
    case OC_SOURCE_HAS_WORKSPACE:
    default:
      return NULL;
    }
}

static char *
oc_dataverse_source_get_workspace_url (OcSource   *source,
                                       const char *conversation_id)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (source);

  return _oc_dataverse_workspace_url (oc_source_get_server_url (source), self->workspace_app,
                                      conversation_id);
}

static const char *
oc_dataverse_source_get_backend_name (OcSource *source)
{
  return _("Dynamics 365");
}

static OcTranscript *
oc_dataverse_source_open_transcript (OcSource   *source,
                                     const char *conversation_id)
{
  return _oc_dataverse_open_transcript (OC_DATAVERSE_SOURCE (source), conversation_id);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
oc_dataverse_source_dispose (GObject *object)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (object);

  _oc_dataverse_sync_stop (self);
  g_cancellable_cancel (self->metadata_cancellable);
  g_clear_object (&self->metadata_cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (oc_dataverse_source_parent_class)->dispose (object);
}

static void
oc_dataverse_source_finalize (GObject *object)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (object);

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->workspace_app, g_free);
  g_clear_object (&self->sign_in);
  g_clear_pointer (&self->action_metadata, g_hash_table_unref);
  g_clear_pointer (&self->world, _oc_dataverse_world_free);

  G_OBJECT_CLASS (oc_dataverse_source_parent_class)->finalize (object);
}

static void
oc_dataverse_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_POLL_INTERVAL_MS:
      g_value_set_uint (value, self->poll_interval_ms);
      break;
    case PROP_RESYNC_INTERVAL_MS:
      g_value_set_uint (value, self->resync_interval_ms);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_ACTIONS_ENABLED:
      g_value_set_boolean (value, self->actions_enabled);
      break;
    case PROP_WORKSPACE_APP:
      g_value_set_string (value, self->workspace_app);
      break;
    case PROP_WINDOW_HOURS:
      g_value_set_uint (value, self->window_hours);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_dataverse_source_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OcDataverseSource *self = OC_DATAVERSE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_POLL_INTERVAL_MS:
      oc_dataverse_source_set_poll_interval_ms (self, g_value_get_uint (value));
      break;
    case PROP_RESYNC_INTERVAL_MS:
      if (self->resync_interval_ms != g_value_get_uint (value))
        {
          self->resync_interval_ms = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PAGE_SIZE:
      if (self->page_size != g_value_get_uint (value))
        {
          self->page_size = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ACTIONS_ENABLED:
      oc_dataverse_source_set_actions_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_WINDOW_HOURS:
      if (self->window_hours != g_value_get_uint (value))
        {
          OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));

          self->window_hours = g_value_get_uint (value);
          /* The store ages rows out; the next full load reads the new window. */
          if (store != NULL)
            oc_conversation_store_set_max_age (store, (gint64) self->window_hours * 3600);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_WORKSPACE_APP:
      if (g_strcmp0 (self->workspace_app, g_value_get_string (value)) != 0)
        {
          g_free (self->workspace_app);
          self->workspace_app = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_dataverse_source_class_init (OcDataverseSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OcSourceClass *source_class = OC_SOURCE_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = oc_dataverse_source_dispose;
  object_class->finalize = oc_dataverse_source_finalize;
  object_class->get_property = oc_dataverse_source_get_property;
  object_class->set_property = oc_dataverse_source_set_property;

  source_class->start = oc_dataverse_source_start;
  source_class->stop = oc_dataverse_source_stop;
  source_class->get_capabilities = oc_dataverse_source_get_capabilities;
  source_class->get_unavailable_reason = oc_dataverse_source_get_unavailable_reason;
  source_class->get_workspace_url = oc_dataverse_source_get_workspace_url;
  source_class->get_backend_name = oc_dataverse_source_get_backend_name;
  source_class->open_transcript = oc_dataverse_source_open_transcript;
  _oc_dataverse_class_actions_init (source_class);

  /* Short intervals are for tests; Dataverse's service protection limits
   * (6,000 requests per user per 5 minutes) leave plenty at 5 s. */
  properties[PROP_POLL_INTERVAL_MS] =
    g_param_spec_uint ("poll-interval-ms", NULL, NULL, 10, 3600 * 1000,
                       OC_DATAVERSE_DEFAULT_POLL_MS, rw);
  properties[PROP_RESYNC_INTERVAL_MS] =
    g_param_spec_uint ("resync-interval-ms", NULL, NULL, 10, 24 * 3600 * 1000,
                       OC_DATAVERSE_DEFAULT_RESYNC_MS, rw);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 5000, OC_DATAVERSE_DEFAULT_PAGE_SIZE, rw);
  properties[PROP_ACTIONS_ENABLED] =
    g_param_spec_boolean ("actions-enabled", NULL, NULL, FALSE, rw);
  /* Microsoft's dashboards keep a conversation that is still open up to
   * three days, although the report speaks of the last 24 hours. */
  properties[PROP_WINDOW_HOURS] =
    g_param_spec_uint ("window-hours", NULL, NULL, 1, 30 * 24, OC_DATAVERSE_DEFAULT_WINDOW_HOURS, rw);
  properties[PROP_WORKSPACE_APP] =
    g_param_spec_string ("workspace-app", NULL, NULL, OC_DATAVERSE_DEFAULT_WORKSPACE_APP, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_dataverse_source_init (OcDataverseSource *self)
{
  self->session = oc_http_new_session ();
  self->poll_interval_ms = OC_DATAVERSE_DEFAULT_POLL_MS;
  self->resync_interval_ms = OC_DATAVERSE_DEFAULT_RESYNC_MS;
  self->page_size = OC_DATAVERSE_DEFAULT_PAGE_SIZE;
  self->window_hours = OC_DATAVERSE_DEFAULT_WINDOW_HOURS;
  self->workspace_app = g_strdup (OC_DATAVERSE_DEFAULT_WORKSPACE_APP);
}

/* ------------------------------------------------------------------------ */
/* Public API */

/**
 * oc_dataverse_source_new:
 * @org_url: the organisation, such as "https://contoso.crm.dynamics.com"
 * @token: an OAuth access token for @org_url; it travels only in the
 *   Authorization header and is never logged
 * @store: (nullable): the store to fill, or %NULL for a new one
 *
 * An address oc_dataverse_check_org_url() refuses, or a token that cannot
 * travel in a header, is not an error here: oc_source_start() then goes
 * offline or auth-failed, saying why.
 *
 * Returns: (transfer full): a source, idle until oc_source_start()
 */
OcDataverseSource *
oc_dataverse_source_new (const char          *org_url,
                         const char          *token,
                         OcConversationStore *store)
{
  OcDataverseSource *self;

  g_return_val_if_fail (org_url != NULL, NULL);
  g_return_val_if_fail (store == NULL || OC_IS_CONVERSATION_STORE (store), NULL);

  self = g_object_new (OC_TYPE_DATAVERSE_SOURCE, "server-url", org_url, "store", store, NULL);
  self->authorization = oc_http_authorization_new (token);
  return self;
}

/**
 * oc_dataverse_source_set_token:
 * @self: a source
 * @token: (nullable): the new access token
 *
 * Replaces the token, such as after #OcSource:state became auth-failed; the
 * token is never logged. Call oc_source_start() again to reconnect.
 */
void
oc_dataverse_source_set_token (OcDataverseSource *self,
                               const char        *token)
{
  g_return_if_fail (OC_IS_DATAVERSE_SOURCE (self));

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  self->authorization = oc_http_authorization_new (token);
}

/**
 * oc_dataverse_source_set_sign_in:
 * @self: a source
 * @sign_in: (nullable): the sign-in the token came from
 *
 * When the org refuses the access token, or it reaches its expiry time, the
 * source renews it once with @sign_in's refresh token and goes on where it
 * was; only when that fails too does #OcSource:state become auth-failed.
 */
void
oc_dataverse_source_set_sign_in (OcDataverseSource *self,
                                 OcEntraSignIn     *sign_in)
{
  g_return_if_fail (OC_IS_DATAVERSE_SOURCE (self));
  g_return_if_fail (sign_in == NULL || OC_IS_ENTRA_SIGN_IN (sign_in));

  g_set_object (&self->sign_in, sign_in);
}

/**
 * oc_dataverse_source_set_actions_enabled:
 * @self: a source
 * @enabled: whether actions call the org
 *
 * Sets #OcDataverseSource:actions-enabled: with it off, every action fails
 * with a message pointing to the Customer Service workspace.
 */
void
oc_dataverse_source_set_actions_enabled (OcDataverseSource *self,
                                         gboolean           enabled)
{
  g_return_if_fail (OC_IS_DATAVERSE_SOURCE (self));

  enabled = !!enabled;
  if (self->actions_enabled == enabled)
    return;
  self->actions_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIONS_ENABLED]);
  _oc_source_notify_capabilities (OC_SOURCE (self));
}

/**
 * oc_dataverse_source_get_actions_enabled:
 * @self: a source
 *
 * Returns: whether actions call the org (#OcDataverseSource:actions-enabled)
 */
gboolean
oc_dataverse_source_get_actions_enabled (OcDataverseSource *self)
{
  g_return_val_if_fail (OC_IS_DATAVERSE_SOURCE (self), FALSE);

  return self->actions_enabled;
}

/**
 * oc_dataverse_source_set_poll_interval_ms:
 * @self: a source
 * @interval_ms: the wait between polls, clamped to 10 ms … 1 h
 *
 * Sets #OcDataverseSource:poll-interval-ms; it applies from the next poll.
 */
void
oc_dataverse_source_set_poll_interval_ms (OcDataverseSource *self,
                                          guint              interval_ms)
{
  g_return_if_fail (OC_IS_DATAVERSE_SOURCE (self));

  interval_ms = CLAMP (interval_ms, 10, 3600 * 1000);
  if (self->poll_interval_ms == interval_ms)
    return;
  self->poll_interval_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL_MS]);
}

/**
 * oc_dataverse_source_get_poll_interval_ms:
 * @self: a source
 *
 * Returns: the wait between polls in ms (#OcDataverseSource:poll-interval-ms)
 */
guint
oc_dataverse_source_get_poll_interval_ms (OcDataverseSource *self)
{
  g_return_val_if_fail (OC_IS_DATAVERSE_SOURCE (self), 0);

  return self->poll_interval_ms;
}

/**
 * oc_dataverse_check_org_url:
 * @org_url: (nullable): an organisation address
 * @error: return location for an error
 *
 * Checks an organisation address: https://, or http:// to a loopback host
 * only, so that a bearer token never crosses a network in clear text.
 *
 * Returns: %TRUE when @org_url will do; otherwise @error is
 *   %OC_SOURCE_ERROR_BAD_REQUEST (not an address with a host) or
 *   %OC_SOURCE_ERROR_TLS (not https://)
 */
gboolean
oc_dataverse_check_org_url (const char  *org_url,
                            GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  uri = org_url ? g_uri_parse (org_url, G_URI_FLAGS_ENCODED, NULL) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                           _("The organisation address is not valid; it looks like https://contoso.crm.dynamics.com."));
      return FALSE;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 &&
      (g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "::1") == 0 ||
       g_ascii_strcasecmp (host, "localhost") == 0))
    return TRUE;

  g_set_error_literal (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS,
                       _("The organisation address must start with https://: the access token must not cross the network unencrypted."));
  return FALSE;
}
