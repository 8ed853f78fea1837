// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sys/socket.h>
#include <string.h>

#include "oc-server-private.h"

enum {
  PROP_0,
  PROP_PING_INTERVAL,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * OcServer:
 *
 * The reference contact-center server of docs/protocol.md, with its
 * simulator, on libsoup's SoupServer. Runs in the caller's main context: the
 * app's --demo and the tests embed it; oc-server is a thin program around it.
 */
G_DEFINE_FINAL_TYPE (OcServer, oc_server, G_TYPE_OBJECT)

static void
idempotency_record_free (OcIdempotencyRecord *record)
{
  g_free (record->body);
  g_free (record);
}

static void
oc_server_dispose (GObject *object)
{
  OcServer *self = (OcServer *) object;

  oc_server_shutdown (self);

  G_OBJECT_CLASS (oc_server_parent_class)->dispose (object);
}

static void
oc_server_finalize (GObject *object)
{
  OcServer *self = (OcServer *) object;

  g_clear_pointer (&self->idempotency, g_hash_table_unref);
  g_clear_pointer (&self->rate, g_hash_table_unref);
  g_clear_pointer (&self->event_subscribers, g_ptr_array_unref);
  g_clear_pointer (&self->transcript_subscribers, g_hash_table_unref);
  g_clear_pointer (&self->presence, g_hash_table_unref);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (oc_server_parent_class)->finalize (object);
}

static void
oc_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  OcServer *self = OC_SERVER (object);

  switch (prop_id)
    {
    case PROP_PING_INTERVAL:
      g_value_set_uint (value, self->ping_interval);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_server_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  OcServer *self = OC_SERVER (object);

  switch (prop_id)
    {
    case PROP_PING_INTERVAL:
      oc_server_set_ping_interval (self, g_value_get_uint (value));
      break;
    case PROP_SPEED:
      oc_server_set_speed (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_server_class_init (OcServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oc_server_dispose;
  object_class->finalize = oc_server_finalize;
  object_class->get_property = oc_server_get_property;
  object_class->set_property = oc_server_set_property;

  /* Seconds between pings on an idle events socket (hello announces it). */
  properties[PROP_PING_INTERVAL] =
    g_param_spec_uint ("ping-interval", NULL, NULL, 1, 3600, OC_SERVER_DEFAULT_PING_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Simulated seconds per real second; 0 pauses the simulator. */
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0, 1e6, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_server_init (OcServer *self)
{
  const char *env = g_getenv ("OC_SERVER_PING_INTERVAL");
  guint64 interval = 0;

  self->context = g_main_context_ref_thread_default ();
  self->idempotency = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) idempotency_record_free);
  self->rate = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->send_queue_limit = OC_SERVER_DEFAULT_SEND_QUEUE_LIMIT;
  self->ping_interval = OC_SERVER_DEFAULT_PING_INTERVAL;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, 3600, &interval, NULL))
    self->ping_interval = (guint) interval;
}

GSource *
_oc_server_add_timeout (OcServer    *self,
                        guint        interval_ms,
                        GSourceFunc  func)
{
  GSource *source = g_timeout_source_new (interval_ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);

  return source;
}

static void
load_idempotency_cb (const char *user,
                     const char *key,
                     guint       status,
                     const char *body,
                     gint64      at,
                     gpointer    user_data)
{
  OcServer *self = user_data;
  OcIdempotencyRecord *record = g_new0 (OcIdempotencyRecord, 1);

  record->status = status;
  record->body = g_strdup (body);
  record->at = at;
  g_hash_table_insert (self->idempotency, g_strdup_printf ("%s\n%s", user, key), record);
}

/* Day-old conversations leave even while the simulator is paused. */
static gboolean
expire_cb (gpointer data)
{
  OcServer *self = data;

  oc_world_expire (self->world);
  return G_SOURCE_CONTINUE;
}

/**
 * oc_server_new:
 * @options: what to simulate and where to keep it
 * @error: return location for an error
 *
 * Builds the server and its world (loaded from the state file when it holds
 * one, else populated by the simulator). It listens only after
 * oc_server_listen().
 */
OcServer *
oc_server_new (const OcServerOptions  *options,
               GError                **error)
{
  g_autoptr(OcServer) self = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  gboolean loaded = FALSE;

  g_return_val_if_fail (options != NULL, NULL);

  if ((options->tls_cert_file == NULL) != (options->tls_key_file == NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("TLS needs both a certificate and a key file"));
      return NULL;
    }

  if (options->tls_cert_file != NULL &&
      !(certificate = g_tls_certificate_new_from_files (options->tls_cert_file,
                                                        options->tls_key_file, error)))
    return NULL;

  self = g_object_new (OC_TYPE_SERVER, NULL);
  self->users = oc_users_new ();
  self->world = oc_world_new ();
  self->simulator = oc_simulator_new (self->world, options->seed);
  oc_simulator_set_hostile_text (self->simulator, options->hostile_text);
  self->audit = oc_audit_log_new ();
  self->https = certificate != NULL;

  if (options->users_file != NULL && !oc_users_load_file (self->users, options->users_file, error))
    return NULL;

  if (options->state_file != NULL)
    {
      guint n_moved = 0;

      if (!(self->state = oc_state_open (options->state_file, error)))
        return NULL;
      if (options->audit_keep_days > 0 &&
          !oc_state_archive_audit (self->state,
                                   g_get_real_time () / G_USEC_PER_SEC - (gint64) options->audit_keep_days * 86400,
                                   options->state_file, &n_moved, error))
        return NULL;
      if (n_moved > 0)
        g_message ("%u audit entries older than %u days moved to an archive beside %s",
                   n_moved, options->audit_keep_days, options->state_file);
      if (!oc_state_load_audit (self->state, self->audit, OC_AUDIT_LOG_DEFAULT_KEEP, error))
        return NULL;

      if (oc_state_has_world (self->state))
        {
          if (!oc_state_load (self->state, self->world, error))
            return NULL;
          oc_simulator_resume (self->simulator);
          oc_simulator_set_target (self->simulator, options->conversations);
          oc_state_load_idempotency (self->state,
                                     g_get_real_time () / G_USEC_PER_SEC - OC_SERVER_IDEMPOTENCY_TTL,
                                     load_idempotency_cb, self);
          loaded = TRUE;
        }
    }

  if (!loaded)
    {
      /* Revisions start from the clock, so a client that remembers one from
       * an earlier run without state is told to resync, never misled. */
      oc_world_set_revision (self->world, g_get_real_time () / G_USEC_PER_SEC * 1000);
      oc_simulator_populate (self->simulator, options->agents, options->conversations);

      if (self->state != NULL && !oc_state_save_all (self->state, self->world, error))
        return NULL;
    }

  if (self->state != NULL)
    oc_state_attach (self->state, self->world);

  self->soup = soup_server_new ("server-header", "oc-server/" PACKAGE_VERSION " ",
                                "tls-certificate", certificate,
                                NULL);
  _oc_server_http_init (self);
  _oc_server_sockets_init (self);
  self->expire_source = _oc_server_add_timeout (self, 60 * 1000, expire_cb);

  oc_server_set_speed (self, options->speed);

  return g_steal_pointer (&self);
}

/* The system's limit for a listen queue (net.core.somaxconn), which
 * listen() silently caps to anyway. */
static int
listen_backlog (void)
{
  g_autofree char *text = NULL;
  gint64 value;

  if (g_file_get_contents ("/proc/sys/net/core/somaxconn", &text, NULL, NULL) &&
      (value = g_ascii_strtoll (text, NULL, 10)) > 0 && value <= G_MAXINT)
    return (int) value;
  return SOMAXCONN;
}

/**
 * oc_server_listen:
 * @address: (nullable): an IP address; %NULL for 127.0.0.1
 * @port: a TCP port; 0 for a random free one
 * @error: return location for a #GError
 *
 * Starts listening (over TLS when the server has a certificate) in the
 * server's main context.
 *
 * Returns: %TRUE when listening; %FALSE with @error set when @address is not
 *   an IP address or the socket cannot be bound
 */
gboolean
oc_server_listen (OcServer    *self,
                  const char  *address,
                  guint        port,
                  GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSList *listeners;

  g_return_val_if_fail (OC_IS_SERVER (self), FALSE);
  g_return_val_if_fail (port <= 65535, FALSE);

  if (address == NULL)
    address = "127.0.0.1";

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), address);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (inet, port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  /* A floor of consoles reconnects at once after a restart: a short queue
   * would leave them waiting for SYN retries (about a second each). */
  g_socket_set_listen_backlog (socket, listen_backlog ());
  if (!g_socket_bind (socket, socket_address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->soup, socket,
                                  self->https ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (local))
        self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);

  g_free (self->address);
  self->address = g_inet_address_to_string (inet);

  return TRUE;
}

/**
 * oc_server_get_port:
 *
 * Returns: the port listened on, 0 before oc_server_listen()
 */
guint
oc_server_get_port (OcServer *self)
{
  g_return_val_if_fail (OC_IS_SERVER (self), 0);

  return self->port;
}

/**
 * oc_server_get_url:
 *
 * Returns: (transfer full): the base URL, "http://127.0.0.1:PORT" (https
 *   with TLS)
 */
char *
oc_server_get_url (OcServer *self)
{
  g_return_val_if_fail (OC_IS_SERVER (self), NULL);

  return g_strdup_printf (strchr (self->address ? self->address : "", ':') ? "%s://[%s]:%u" : "%s://%s:%u",
                          self->https ? "https" : "http",
                          self->address ? self->address : "127.0.0.1", self->port);
}

/**
 * oc_server_add_user:
 * @name: the user's name
 * @role: %OC_ROLE_SUPERVISOR or %OC_ROLE_VIEWER
 *
 * Adds a user with a fresh random token.
 *
 * Returns: (transfer full): the token
 */
char *
oc_server_add_user (OcServer   *self,
                    const char *name,
                    OcRole      role)
{
  g_return_val_if_fail (OC_IS_SERVER (self), NULL);
  g_return_val_if_fail (role == OC_ROLE_SUPERVISOR || role == OC_ROLE_VIEWER, NULL);

  return oc_users_add_random (self->users, name, role);
}

static gboolean
tick_cb (gpointer data)
{
  OcServer *self = data;
  gint64 now = g_get_monotonic_time ();
  double elapsed = (now - self->last_tick) / (double) G_USEC_PER_SEC;

  self->last_tick = now;
  /* A stalled loop does not make the world lurch forward. */
  oc_simulator_advance (self->simulator, MIN (elapsed, 1.0) * self->speed);

  return G_SOURCE_CONTINUE;
}

/**
 * oc_server_set_speed:
 * @speed: simulated seconds per real second; 0 pauses
 *
 * Runs the simulator at @speed, or pauses it.
 */
void
oc_server_set_speed (OcServer *self,
                     double    speed)
{
  g_return_if_fail (OC_IS_SERVER (self));
  g_return_if_fail (speed >= 0);

  if (self->speed == speed)
    return;

  self->speed = speed;

  if (speed > 0 && self->tick_source == NULL && self->soup != NULL)
    {
      self->last_tick = g_get_monotonic_time ();
      self->tick_source = _oc_server_add_timeout (self, OC_SERVER_TICK_MS, tick_cb);
    }
  else if (speed == 0 && self->tick_source != NULL)
    {
      g_source_destroy (self->tick_source);
      g_clear_pointer (&self->tick_source, g_source_unref);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

/**
 * oc_server_step:
 * @seconds: how far to advance; not negative
 *
 * Advances the world's clock and the simulator by @seconds now, in slices
 * of at most a second, whatever the speed (for tests).
 */
void
oc_server_step (OcServer *self,
                double    seconds)
{
  g_return_if_fail (OC_IS_SERVER (self));
  g_return_if_fail (seconds >= 0);

  /* In slices, so the world's clock moves along with the simulation. */
  while (seconds > 0)
    {
      double slice = MIN (seconds, 1.0);

      oc_world_advance_clock (self->world, slice);
      oc_simulator_advance (self->simulator, slice);
      seconds -= slice;
    }
}

/**
 * oc_server_shutdown:
 *
 * Stops the timers, closes every WebSocket subscriber, stops listening, and
 * writes out and closes the state file. Safe to call more than once; dispose
 * calls it.
 */
void
oc_server_shutdown (OcServer *self)
{
  g_return_if_fail (OC_IS_SERVER (self));

  if (self->tick_source != NULL)
    {
      g_source_destroy (self->tick_source);
      g_clear_pointer (&self->tick_source, g_source_unref);
    }
  if (self->expire_source != NULL)
    {
      g_source_destroy (self->expire_source);
      g_clear_pointer (&self->expire_source, g_source_unref);
    }

  if (self->soup != NULL)
    {
      _oc_server_sockets_shutdown (self);
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }

  if (self->state != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!oc_state_close (self->state, &error))
        g_warning ("Could not save the last changes: %s", error->message);
      g_clear_object (&self->state);
    }

  g_clear_object (&self->simulator);
  g_clear_object (&self->world);
  g_clear_object (&self->users);
  g_clear_object (&self->audit);
}

/**
 * oc_server_get_world:
 *
 * Returns: (transfer none): the server's world, for tests and the benchmark
 */
OcWorld *
oc_server_get_world (OcServer *self)
{
  g_return_val_if_fail (OC_IS_SERVER (self), NULL);
  return self->world;
}

/**
 * oc_server_get_simulator:
 *
 * Returns: (transfer none): the server's simulator, for tests
 */
OcSimulator *
oc_server_get_simulator (OcServer *self)
{
  g_return_val_if_fail (OC_IS_SERVER (self), NULL);
  return self->simulator;
}

/**
 * oc_server_get_audit_log:
 *
 * Returns: (transfer none): what supervisors did, for tests
 */
OcAuditLog *
oc_server_get_audit_log (OcServer *self)
{
  g_return_val_if_fail (OC_IS_SERVER (self), NULL);
  return self->audit;
}

/**
 * oc_server_set_ping_interval:
 * @seconds: the hello's ping interval; pings follow it
 *
 * Changes the ping interval (tests shorten it) and restarts the pings.
 */
void
oc_server_set_ping_interval (OcServer *self,
                             guint     seconds)
{
  g_return_if_fail (OC_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  if (self->ping_interval == seconds)
    return;

  self->ping_interval = seconds;
  if (self->soup != NULL)
    _oc_server_restart_pings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PING_INTERVAL]);
}

/**
 * oc_server_get_ping_interval:
 *
 * Returns: the ping interval in seconds
 */
guint
oc_server_get_ping_interval (OcServer *self)
{
  g_return_val_if_fail (OC_IS_SERVER (self), 0);
  return self->ping_interval;
}

/**
 * oc_server_set_send_queue_limit:
 * @bytes: the most a subscriber may have queued before it is closed as too
 *   slow
 *
 * Changes the send-queue bound, for tests.
 */
void
oc_server_set_send_queue_limit (OcServer *self,
                                gsize     bytes)
{
  g_return_if_fail (OC_IS_SERVER (self));
  self->send_queue_limit = bytes;
}

/**
 * oc_server_set_broadcast_hook:
 * @hook: (nullable) (scope forever): called after each change is sent to
 *   the subscribers, with its revision
 * @user_data: (closure hook): data for @hook
 *
 * Sets a hook the benchmark uses to time broadcasts. The server does not free
 * @user_data.
 */
void
oc_server_set_broadcast_hook (OcServer              *self,
                              OcServerBroadcastHook  hook,
                              gpointer               user_data)
{
  g_return_if_fail (OC_IS_SERVER (self));
  self->hook = hook;
  self->hook_data = user_data;
}
