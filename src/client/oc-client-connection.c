// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-client-private.h"
#include "oc-protocol.h"

/*
 * The connection runs as a chain: GET /me, GET /snapshot (when the store needs
 * one), then the events socket with ?since=<store revision>. Any failure ends
 * the chain (its GCancellable is cancelled) and schedules a fresh one after a
 * backoff. Events are parsed as they arrive and applied to the store in
 * batches, at most one batch per frame interval.
 */

#define MAX_ME_BODY     (64 * 1024)
/* A connection that stayed up this long was healthy: start backoff afresh. */
#define HEALTHY_US      (10 * G_USEC_PER_SEC)
#define RESYNC_CALM_US  (5 * G_USEC_PER_SEC)

/* ------------------------------------------------------------------------ */
/* Tearing down and retrying */

/* Ends the current attempt: no callback of it touches @self afterwards. */
void
_oc_client_teardown (OcClient *self)
{
  g_assert (OC_IS_CLIENT (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  _oc_client_close_socket (self);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->resync_idle, g_source_remove);
}

static gboolean
retry_cb (gpointer user_data)
{
  OcClient *self = user_data;

  self->retry_source = 0;
  _oc_client_connect (self);
  return G_SOURCE_REMOVE;
}

/* The connection is gone or cannot be trusted: keep what was good, then try
 * again after a backoff, with a fresh snapshot when @resync. */
void
_oc_client_drop (OcClient   *self,
                 const char *reason,
                 gboolean    resync,
                 gboolean    immediate)
{
  gboolean was_healthy;
  guint delay;

  g_assert (OC_IS_CLIENT (self));

  was_healthy = self->seen_hello &&
                g_get_monotonic_time () - self->live_since >= HEALTHY_US;

  /* Events already received are valid and in order: apply them before the
   * snapshot or the resumed stream takes over. */
  _oc_client_flush (self);
  _oc_client_teardown (self);
  self->seen_hello = FALSE;

  if (!self->running)
    return;

  if (was_healthy)
    {
      oc_backoff_reset (&self->backoff);
      self->bad_connections = 0;
    }
  if (resync)
    self->need_snapshot = TRUE;

  self->backoff.max_ms = self->reconnect_max_seconds * 1000;
  delay = immediate ? 0 : oc_backoff_next_ms (&self->backoff);
  g_message ("Connection dropped (%s); retrying in %u ms%s",
             reason, delay, self->need_snapshot ? " with a fresh snapshot" : "");
  if (immediate)
    {
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_RECONNECTING, reason);
      self->retry_source = g_idle_add (retry_cb, self);
      return;
    }

  _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_RECONNECTING, reason);
  self->retry_source = g_timeout_add (delay, retry_cb, self);
}

/* An attempt failed before or while setting up: decide whether to retry. */
void
_oc_client_fail (OcClient     *self,
                 const GError *error)
{
  g_assert (OC_IS_CLIENT (self));
  g_assert (error != NULL);

  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED))
    {
      _oc_client_teardown (self);
      self->running = FALSE;
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_AUTH_FAILED, error->message);
      return;
    }

  /* Retrying cannot fix an untrusted certificate or a role without access;
   * the person has to act, so say why and stop. */
  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS) ||
      g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN))
    {
      _oc_client_teardown (self);
      self->running = FALSE;
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_OFFLINE, error->message);
      return;
    }

  _oc_client_drop (self, error->message, FALSE, FALSE);
}

void
_oc_client_resync_now (OcClient   *self,
                       const char *reason)
{
  gint64 now = g_get_monotonic_time ();
  gboolean immediate;

  /* A resync is not a failure: go again at once, unless the server keeps
   * asking for one, when the backoff protects both sides. */
  immediate = self->last_resync == 0 || now - self->last_resync > RESYNC_CALM_US;
  self->last_resync = now;
  self->stats.resyncs++;
  g_message ("Resyncing: %s", reason);
  _oc_client_drop (self, _("Catching up with the server…"), TRUE, immediate);
}

/* ------------------------------------------------------------------------ */
/* Snapshot */

static void
parse_snapshot_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  GError *error = NULL;
  OcSnapshot *snapshot;
  gint64 start = g_get_monotonic_time ();

  snapshot = oc_protocol_parse_snapshot (g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes), &error);
  g_debug ("Parsed a snapshot of %" G_GSIZE_FORMAT " bytes in %.1f ms",
           g_bytes_get_size (bytes), (g_get_monotonic_time () - start) / 1000.0);
  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) oc_snapshot_free);
}

static gpointer
free_snapshot_thread (gpointer data)
{
  oc_snapshot_free (data);
  return NULL;
}

static void
on_snapshot_parsed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  OcClient *self = user_data;
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(OcSnapshot) snapshot = NULL;
  gint64 load_start, load_end;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (snapshot == NULL)
    {
      g_autofree char *reason = NULL;

      g_warning ("Snapshot rejected: %s", error->message);
      reason = g_strdup_printf (_("The server sent a snapshot that cannot be read (%s)."),
                                error->message);
      _oc_client_drop (self, reason, TRUE, FALSE);
      return;
    }

  if (snapshot->warnings != NULL && snapshot->warnings->len > 0)
    {
      g_warning ("Snapshot: %u problems, such as: %s", snapshot->warnings->len,
                 (const char *) g_ptr_array_index (snapshot->warnings, 0));
    }

  /* Anything still queued predates the snapshot. */
  g_ptr_array_set_size (self->queue, 0);
  self->stats.snapshots++;
  load_start = g_get_monotonic_time ();
  g_signal_handler_block (store, self->resync_handler);
  oc_conversation_store_load_snapshot (store, snapshot);
  g_signal_handler_unblock (store, self->resync_handler);
  load_end = g_get_monotonic_time ();
  g_debug ("Snapshot of %u conversations at revision %" G_GINT64_FORMAT " loaded in %.1f ms",
           snapshot->conversations->len, snapshot->revision, (load_end - load_start) / 1000.0);
  self->need_snapshot = FALSE;

  /* Freeing 100,000 objects takes a noticeable part of a frame budget, and the
   * ones the store did not adopt have no handlers: drop them off the main
   * thread. */
  if (snapshot->conversations->len >= 1000)
    g_thread_unref (g_thread_new ("oc-free-snapshot", free_snapshot_thread,
                                  g_steal_pointer (&snapshot)));

  _oc_client_open_events (self);
}

static void
on_snapshot_fetched (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  OcClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GTask) task = NULL;

  bytes = oc_http_fetch_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      _oc_client_fail (self, error);
      return;
    }

  g_debug ("Downloaded a snapshot of %" G_GSIZE_FORMAT " bytes in %.1f ms", g_bytes_get_size (bytes),
           (g_get_monotonic_time () - self->snapshot_requested) / 1000.0);

  /* Parsing 100,000 conversations takes a while and touches no GTK. */
  task = g_task_new (NULL, self->cancellable, on_snapshot_parsed, self);
  g_task_set_source_tag (task, on_snapshot_fetched);
  g_task_set_task_data (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_snapshot_thread);
}

/* ------------------------------------------------------------------------ */
/* GET /me, the start of every attempt */

static void
on_me_fetched (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  OcClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *user = NULL;
  OcRole role = OC_ROLE_UNKNOWN;

  bytes = oc_http_fetch_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      _oc_client_fail (self, error);
      return;
    }

  if (!oc_protocol_parse_me (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                             &user, &role, &error))
    {
      g_autofree char *reason = g_strdup_printf (_("The server's answer could not be read (%s)."),
                                                 error->message);
      _oc_client_drop (self, reason, FALSE, FALSE);
      return;
    }

  _oc_source_set_identity (OC_SOURCE (self), user, role);

  if (self->need_snapshot)
    {
      g_autoptr(SoupMessage) msg = NULL;

      msg = oc_http_new_message (SOUP_METHOD_GET, oc_source_get_server_url (OC_SOURCE (self)),
                                 "snapshot", NULL, self->authorization);
      self->snapshot_requested = g_get_monotonic_time ();
      oc_http_fetch_async (self->session, msg, OC_PROTOCOL_MAX_SNAPSHOT, self->cancellable,
                           on_snapshot_fetched, self);
    }
  else
    _oc_client_open_events (self);
}

void
_oc_client_connect (OcClient *self)
{
  g_autoptr(SoupMessage) msg = NULL;

  g_assert (OC_IS_CLIENT (self));

  _oc_client_teardown (self);
  self->cancellable = g_cancellable_new ();
  self->stats.connects++;

  if (self->authorization == NULL)
    {
      self->running = FALSE;
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_AUTH_FAILED,
                            _("The access token is empty or contains characters a token cannot have."));
      return;
    }

  msg = oc_http_new_message (SOUP_METHOD_GET, oc_source_get_server_url (OC_SOURCE (self)), "me", NULL,
                             self->authorization);
  if (msg == NULL)
    {
      self->running = FALSE;
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_OFFLINE,
                            _("The server address is not a valid http:// or https:// address."));
      return;
    }

  if (oc_source_get_state (OC_SOURCE (self)) != OC_SOURCE_STATE_RECONNECTING)
    _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_CONNECTING, NULL);

  oc_http_fetch_async (self->session, msg, MAX_ME_BODY, self->cancellable, on_me_fetched, self);
}

void
_oc_client_on_store_resync_needed (OcConversationStore *store,
                                   gpointer             user_data);

static gboolean
resync_idle_cb (gpointer user_data)
{
  OcClient *self = user_data;

  self->resync_idle = 0;
  if (self->running)
    _oc_client_resync_now (self, "the store saw a revision gap");
  return G_SOURCE_REMOVE;
}

void
_oc_client_on_store_resync_needed (OcConversationStore *store,
                                   gpointer             user_data)
{
  OcClient *self = user_data;

  /* Emitted from inside apply_events(); act once the store is done. */
  if (self->running && self->resync_idle == 0)
    self->resync_idle = g_idle_add (resync_idle_cb, self);
}
