// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-entra-sign-in"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "oc-entra-sign-in.h"
#include "oc-http.h"
#include "oc-source.h"

/*
 * Microsoft Entra ID sign-in as a desktop app without a browser of its own:
 * the OAuth 2.0 device authorization grant of the Microsoft identity
 * platform (POST {authority}/{tenant}/oauth2/v2.0/devicecode, then poll
 * /token with grant_type=urn:ietf:params:oauth:grant-type:device_code), and
 * grant_type=refresh_token to renew an access token without asking again.
 */

#define DEVICE_CODE_GRANT "urn:ietf:params:oauth:grant-type:device_code"
/* Token answers are a few kilobytes; anything far larger is not one. */
#define MAX_ANSWER_BYTES  (256 * 1024)
/* RFC 8628 §3.5: slow_down adds five seconds to the interval. */
#define SLOW_DOWN_SECONDS 5
#define DEFAULT_INTERVAL  5
#define MAX_INTERVAL      60
/* Renew a minute early so a request in flight never carries a stale token. */
#define EXPIRY_MARGIN_S   60

struct _OcEntraSignIn
{
  GObject      parent_instance;

  SoupSession *session;
  char        *authority;
  char        *tenant;
  char        *client_id;
  char        *scope;
  char        *user_code;
  char        *verification_uri;
  char        *access_token;
  char        *refresh_token;
  gint64       expires_at;
  guint        second_ms;
};

enum {
  PROP_0,
  PROP_USER_CODE,
  PROP_VERIFICATION_URI,
  PROP_REFRESH_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OcEntraSignIn, oc_entra_sign_in, G_TYPE_OBJECT)

typedef struct {
  char   *device_code;
  guint   interval;
  gint64  deadline;
  guint   timeout_id;
  GCancellable *cancellable;
  gulong  cancelled_id;
} PollData;

static void
poll_data_free (PollData *data)
{
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (data->cancellable, data->cancelled_id);
  g_clear_object (&data->cancellable);
  g_free (data->device_code);
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_free (data);
}

static void
oc_entra_sign_in_finalize (GObject *object)
{
  OcEntraSignIn *self = OC_ENTRA_SIGN_IN (object);

  g_clear_object (&self->session);
  g_free (self->authority);
  g_free (self->tenant);
  g_free (self->client_id);
  g_free (self->scope);
  g_free (self->user_code);
  g_free (self->verification_uri);
  g_free (self->access_token);
  g_free (self->refresh_token);

  G_OBJECT_CLASS (oc_entra_sign_in_parent_class)->finalize (object);
}

static void
oc_entra_sign_in_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OcEntraSignIn *self = OC_ENTRA_SIGN_IN (object);

  switch (prop_id)
    {
    case PROP_USER_CODE:
      g_value_set_string (value, self->user_code);
      break;
    case PROP_VERIFICATION_URI:
      g_value_set_string (value, self->verification_uri);
      break;
    case PROP_REFRESH_TOKEN:
      g_value_set_string (value, self->refresh_token);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_entra_sign_in_class_init (OcEntraSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = oc_entra_sign_in_finalize;
  object_class->get_property = oc_entra_sign_in_get_property;

  properties[PROP_USER_CODE] =
    g_param_spec_string ("user-code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERIFICATION_URI] =
    g_param_spec_string ("verification-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Notified when the authority hands a new one: the keyring keeps it. */
  properties[PROP_REFRESH_TOKEN] =
    g_param_spec_string ("refresh-token", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_entra_sign_in_init (OcEntraSignIn *self)
{
  self->session = oc_http_new_session ();
  self->second_ms = 1000;
}

OcEntraSignIn *
oc_entra_sign_in_new (const char *authority,
                      const char *tenant,
                      const char *client_id,
                      const char *org_url)
{
  OcEntraSignIn *self;
  g_autofree char *org = NULL;

  g_return_val_if_fail (org_url != NULL, NULL);

  self = g_object_new (OC_TYPE_ENTRA_SIGN_IN, NULL);
  self->authority = g_strdup (authority != NULL && *authority != '\0' ? authority : OC_ENTRA_DEFAULT_AUTHORITY);
  if (g_str_has_suffix (self->authority, "/"))
    self->authority[strlen (self->authority) - 1] = '\0';
  self->tenant = g_strdup (tenant != NULL && *tenant != '\0' ? tenant : OC_ENTRA_DEFAULT_TENANT);
  self->client_id = g_strdup (client_id != NULL && *client_id != '\0' ? client_id : OC_ENTRA_DEFAULT_CLIENT_ID);
  org = g_strdup (org_url);
  if (g_str_has_suffix (org, "/"))
    org[strlen (org) - 1] = '\0';
  self->scope = g_strdup_printf ("%s/user_impersonation offline_access", org);
  return self;
}

const char *
oc_entra_sign_in_get_scope (OcEntraSignIn *self)
{
  g_return_val_if_fail (OC_IS_ENTRA_SIGN_IN (self), NULL);
  return self->scope;
}

const char *
oc_entra_sign_in_get_user_code (OcEntraSignIn *self)
{
  g_return_val_if_fail (OC_IS_ENTRA_SIGN_IN (self), NULL);
  return self->user_code;
}

const char *
oc_entra_sign_in_get_verification_uri (OcEntraSignIn *self)
{
  g_return_val_if_fail (OC_IS_ENTRA_SIGN_IN (self), NULL);
  return self->verification_uri;
}

const char *
oc_entra_sign_in_get_access_token (OcEntraSignIn *self)
{
  g_return_val_if_fail (OC_IS_ENTRA_SIGN_IN (self), NULL);
  return self->access_token;
}

const char *
oc_entra_sign_in_get_refresh_token (OcEntraSignIn *self)
{
  g_return_val_if_fail (OC_IS_ENTRA_SIGN_IN (self), NULL);
  return self->refresh_token;
}

gint64
oc_entra_sign_in_get_expires_at (OcEntraSignIn *self)
{
  g_return_val_if_fail (OC_IS_ENTRA_SIGN_IN (self), 0);
  return self->expires_at;
}

/**
 * oc_entra_sign_in_set_refresh_token:
 * @refresh_token: (nullable): one kept from an earlier sign-in (the keyring)
 *
 * Lets oc_entra_sign_in_refresh_async() renew without a new sign-in;
 * %NULL forgets it (Sign Out).
 */
void
oc_entra_sign_in_set_refresh_token (OcEntraSignIn *self,
                                    const char    *refresh_token)
{
  g_return_if_fail (OC_IS_ENTRA_SIGN_IN (self));

  if (g_strcmp0 (self->refresh_token, refresh_token) == 0)
    return;
  if (self->refresh_token != NULL)
    memset (self->refresh_token, 0, strlen (self->refresh_token));
  g_free (self->refresh_token);
  self->refresh_token = g_strdup (refresh_token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_TOKEN]);
}

void
oc_entra_sign_in_set_second_ms (OcEntraSignIn *self,
                                guint          ms)
{
  g_return_if_fail (OC_IS_ENTRA_SIGN_IN (self));
  self->second_ms = MAX (ms, 1);
}

/* ------------------------------------------------------------------------ */

/* POSTs @form to the authority's @endpoint ("devicecode" or "token") for
 * @task, whose cancellable it takes; @callback reads the answer. The
 * authority answers JSON, errors included (400 with "error"). */
static void
send_form (OcEntraSignIn       *self,
           GTask               *task,
           const char          *endpoint,
           GHashTable          *form,
           GAsyncReadyCallback  callback)
{
  g_autofree char *url = g_strdup_printf ("%s/%s/oauth2/v2.0/%s", self->authority,
                                          self->tenant, endpoint);
  g_autoptr(SoupMessage) msg = NULL;

  msg = soup_message_new_from_encoded_form ("POST", url, soup_form_encode_hash (form));
  if (msg == NULL)
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                               _("The sign-in address “%s” is not valid."), self->authority);
      g_object_unref (task);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), callback, task);
}

/* The answer's object, or NULL with @error when it is not JSON at all. */
static JsonObject *
read_answer (SoupSession   *session,
             GAsyncResult  *result,
             SoupMessage   *msg,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  gsize size;
  const char *data;

  body = soup_session_send_and_read_finish (session, result, &local_error);
  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_propagate_error (error, oc_http_error_from_transport (local_error));
      return NULL;
    }

  data = g_bytes_get_data (body, &size);
  if (size > MAX_ANSWER_BYTES ||
      !json_parser_load_from_data (parser, data, size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                   _("The sign-in service answered %u with something that is not a token."),
                   soup_message_get_status (msg));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *object,
         const char *member,
         gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  /* Some authorities send numbers as strings ("3599"). */
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      gint64 value;
      if (g_ascii_string_to_signed (json_node_get_string (node), 10, 0, G_MAXINT32, &value, NULL))
        return value;
      return fallback;
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return fallback;
}

/* Keeps a token answer; FALSE with @error when it has no access token. */
static gboolean
take_tokens (OcEntraSignIn  *self,
             JsonObject     *answer,
             GError        **error)
{
  const char *access_token = get_string (answer, "access_token");
  const char *refresh_token = get_string (answer, "refresh_token");
  gint64 expires_in = get_int (answer, "expires_in", 3600);

  if (access_token == NULL || *access_token == '\0')
    {
      g_set_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                   _("The sign-in service gave no access token."));
      return FALSE;
    }
  g_free (self->access_token);
  self->access_token = g_strdup (access_token);
  /* A refresh answer may leave the refresh token as it was. */
  expires_in = CLAMP (expires_in - EXPIRY_MARGIN_S, 0, G_MAXINT32);
  self->expires_at = g_get_monotonic_time () + expires_in * self->second_ms * 1000;
  if (refresh_token != NULL && *refresh_token != '\0')
    oc_entra_sign_in_set_refresh_token (self, refresh_token);
  return TRUE;
}

/* An error answer as a message a person can act on. */
static GError *
answer_error (SoupMessage *msg,
              JsonObject  *answer,
              const char  *code)
{
  const char *description = get_string (answer, "error_description");

  if (g_strcmp0 (code, "authorization_declined") == 0)
    return g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED,
                        _("The sign-in was declined. Sign in again to connect."));
  if (g_strcmp0 (code, "expired_token") == 0)
    return g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED,
                        _("The sign-in code expired before it was used. Sign in again to get a new code."));
  if (g_strcmp0 (code, "invalid_grant") == 0 || g_strcmp0 (code, "bad_verification_code") == 0)
    return g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED,
                        _("The sign-in is no longer valid. Sign in again to connect."));
  if (code != NULL)
    /* Microsoft's description starts with an AADSTS number support can look up. */
    return g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED,
                        _("Microsoft Entra ID refused the sign-in (%s): %s"),
                        code, description != NULL ? description : "");
  return g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                      _("The sign-in service answered %u without saying why."),
                      soup_message_get_status (msg));
}

/* ------------------------------------------------------------------------ */
/* Device code */

static void poll_token (GTask *task);

static void
poll_token_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OcEntraSignIn *self = g_task_get_source_object (task);
  PollData *data = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *code;

  answer = read_answer (SOUP_SESSION (object), result, msg, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  code = get_string (answer, "error");
  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)) && code == NULL)
    {
      if (take_tokens (self, answer, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_strcmp0 (code, "slow_down") == 0)
    data->interval = MIN (data->interval + SLOW_DOWN_SECONDS, MAX_INTERVAL);
  if (g_strcmp0 (code, "authorization_pending") == 0 || g_strcmp0 (code, "slow_down") == 0)
    {
      if (g_get_monotonic_time () >= data->deadline)
        g_task_return_error (task, answer_error (msg, answer, "expired_token"));
      else
        poll_token (g_steal_pointer (&task));
      return;
    }

  g_task_return_error (task, answer_error (msg, answer, code));
}

static gboolean
poll_token_now (gpointer user_data)
{
  GTask *task = user_data;
  OcEntraSignIn *self = g_task_get_source_object (task);
  PollData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);

  data->timeout_id = 0;
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  g_hash_table_insert (form, (char *) "grant_type", (char *) DEVICE_CODE_GRANT);
  g_hash_table_insert (form, (char *) "client_id", self->client_id);
  g_hash_table_insert (form, (char *) "device_code", data->device_code);
  send_form (self, task, "token", form, poll_token_cb);
  return G_SOURCE_REMOVE;
}

/* Waits the interval, then asks again; a cancel ends the wait at once. */
static void
poll_token (GTask *task)
{
  OcEntraSignIn *self = g_task_get_source_object (task);
  PollData *data = g_task_get_task_data (task);

  data->timeout_id = g_timeout_add (data->interval * self->second_ms, poll_token_now, task);
}

static void
poll_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  PollData *data = g_task_get_task_data (task);

  /* Runs in the thread that cancelled; hop to the task's context. */
  if (data->timeout_id != 0)
    {
      g_source_remove (data->timeout_id);
      data->timeout_id = g_idle_add (poll_token_now, task);
    }
}

static void
device_code_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OcEntraSignIn *self = g_task_get_source_object (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *device_code, *user_code, *uri;
  PollData *data;

  answer = read_answer (SOUP_SESSION (object), result, msg, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  device_code = get_string (answer, "device_code");
  user_code = get_string (answer, "user_code");
  uri = get_string (answer, "verification_uri");
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)) || get_string (answer, "error") != NULL ||
      device_code == NULL || user_code == NULL || uri == NULL)
    {
      g_task_return_error (task, answer_error (msg, answer, get_string (answer, "error")));
      return;
    }
  /* The user opens this link: only the web, never a file or a command. */
  if (!g_str_has_prefix (uri, "https://") && !g_str_has_prefix (uri, "http://"))
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                               _("The sign-in service gave a link that is not a web address."));
      return;
    }

  data = g_new0 (PollData, 1);
  data->device_code = g_strdup (device_code);
  data->interval = CLAMP (get_int (answer, "interval", DEFAULT_INTERVAL), 1, MAX_INTERVAL);
  data->deadline = g_get_monotonic_time ()
                   + CLAMP (get_int (answer, "expires_in", 900), 1, 24 * 3600) * (gint64) self->second_ms * 1000;
  g_task_set_task_data (task, data, (GDestroyNotify) poll_data_free);

  g_free (self->user_code);
  self->user_code = g_strdup (user_code);
  g_free (self->verification_uri);
  self->verification_uri = g_strdup (uri);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_CODE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFICATION_URI]);

  poll_token (task);
  if (g_task_get_cancellable (task) != NULL)
    {
      data->cancellable = g_object_ref (g_task_get_cancellable (task));
      data->cancelled_id = g_cancellable_connect (data->cancellable,
                                                  G_CALLBACK (poll_cancelled_cb), task, NULL);
    }
  /* The pending timeout owns the reference now. */
  g_steal_pointer (&task);
}

void
oc_entra_sign_in_device_code_async (OcEntraSignIn       *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (OC_IS_ENTRA_SIGN_IN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, oc_entra_sign_in_device_code_async);

  g_hash_table_insert (form, (char *) "client_id", self->client_id);
  g_hash_table_insert (form, (char *) "scope", self->scope);
  send_form (self, g_steal_pointer (&task), "devicecode", form, device_code_cb);
}

gboolean
oc_entra_sign_in_device_code_finish (OcEntraSignIn  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Refresh */

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OcEntraSignIn *self = g_task_get_source_object (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = read_answer (SOUP_SESSION (object), result, msg, &error);
  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)) || get_string (answer, "error") != NULL)
    g_task_return_error (task, answer_error (msg, answer, get_string (answer, "error")));
  else if (!take_tokens (self, answer, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
oc_entra_sign_in_refresh_async (OcEntraSignIn       *self,
                                const char          *refresh_token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (OC_IS_ENTRA_SIGN_IN (self));
  g_return_if_fail (refresh_token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, oc_entra_sign_in_refresh_async);

  g_hash_table_insert (form, (char *) "grant_type", (char *) "refresh_token");
  g_hash_table_insert (form, (char *) "client_id", self->client_id);
  g_hash_table_insert (form, (char *) "scope", self->scope);
  g_hash_table_insert (form, (char *) "refresh_token", (char *) refresh_token);
  send_form (self, g_steal_pointer (&task), "token", form, refresh_cb);
}

gboolean
oc_entra_sign_in_refresh_finish (OcEntraSignIn  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
