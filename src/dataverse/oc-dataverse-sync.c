// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-dataverse"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-dataverse-private.h"

/*
 * Keeping the store in step with the org, in cycles. A full cycle reads every
 * table we join (workstreams, queues, presences, agent statuses, users, queue
 * memberships, skills) and the open conversations of the last 24 h; a poll
 * cycle reads only the conversations and agent statuses modified since the
 * newest change seen. A cycle applies nothing until all its pages arrived, so
 * a bad page leaves the store as it was. Polls cannot see rows that leave a
 * filtered set without being modified, nor changes committed late: the full
 * cycle every few minutes catches those. Revisions are ours, counted on from
 * the store's.
 */

#define MAX_SMALL_BODY  (256 * 1024)

/* The table each step reads, and whether the console can do without it. */
static const struct {
  const char *table;
  gboolean    required;
} steps[] = {
  [STEP_WHOAMI]             = { "WhoAmI", TRUE },
  [STEP_ME]                 = { "systemuser", FALSE },
  [STEP_WORKSTREAMS]        = { "msdyn_liveworkstream", TRUE },
  [STEP_QUEUES]             = { "queue", TRUE },
  [STEP_PRESENCES]          = { "msdyn_presence", TRUE },
  [STEP_AGENT_STATUSES]     = { "msdyn_agentstatus", TRUE },
  [STEP_USERS]              = { "systemuser", FALSE },
  [STEP_MEMBERSHIPS]        = { "queuemembership", FALSE },
  [STEP_RESOURCES]          = { "bookableresource", FALSE },
  [STEP_CHARACTERISTICS]    = { "bookableresourcecharacteristic", FALSE },
  [STEP_CONVERSATIONS]      = { "msdyn_ocliveworkitem", TRUE },
  [STEP_APPLY_FULL]         = { NULL, TRUE },
  [STEP_POLL_CONVERSATIONS] = { "msdyn_ocliveworkitem", TRUE },
  [STEP_POLL_AGENTS]        = { "msdyn_agentstatus", TRUE },
  [STEP_APPLY_POLL]         = { NULL, TRUE },
};

static void cycle_run_step (OcDataverseSource *self);

static void
cycle_free (OcDataverseCycle *cycle)
{
  g_clear_pointer (&cycle->world, _oc_dataverse_world_free);
  g_clear_pointer (&cycle->urls, g_ptr_array_unref);
  g_clear_pointer (&cycle->rows, g_ptr_array_unref);
  g_clear_pointer (&cycle->agent_rows, g_ptr_array_unref);
  g_clear_pointer (&cycle->conversation_rows, g_ptr_array_unref);
  g_clear_pointer (&cycle->resource_rows, g_ptr_array_unref);
  g_free (cycle);
}

static GPtrArray *
new_rows (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

/* ------------------------------------------------------------------------ */
/* Saying how fresh the data is */

static char *
format_clock (gint64 real_time_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (real_time_us / G_USEC_PER_SEC);

  return when ? g_date_time_format (when, "%H:%M:%S") : g_strdup ("?");
}

static guint
seconds_of (guint ms)
{
  return MAX ((ms + 999) / 1000, 1);
}

static char *
live_message (OcDataverseSource *self)
{
  g_autofree char *clock = format_clock (oc_source_get_last_event_time (OC_SOURCE (self)));
  guint seconds = seconds_of (self->poll_interval_ms);

  /* Translators: Dynamics 365 is read by polling; the first figure is the
   * interval, then the local time of the last successful read. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Updated every %u s, last at %s",
                                       "Updated every %u s, last at %s", seconds),
                          seconds, clock);
}

/* ------------------------------------------------------------------------ */
/* Scheduling */

static gboolean
next_cycle_cb (gpointer user_data);

static void
schedule_next (OcDataverseSource *self,
               guint              delay_ms)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add (delay_ms, next_cycle_cb, self);
}

static void
cycle_begin (OcDataverseSource *self,
             gboolean           full)
{
  OcDataverseCycle *cycle;

  g_assert (self->cycle == NULL);

  self->cancellable = g_cancellable_new ();
  cycle = g_new0 (OcDataverseCycle, 1);
  cycle->urls = g_ptr_array_new_with_free_func (g_free);
  cycle->rows = new_rows ();
  if (full)
    {
      cycle->world = _oc_dataverse_world_new ();
      cycle->step = self->user_id == NULL ? STEP_WHOAMI : STEP_WORKSTREAMS;
    }
  else
    cycle->step = STEP_POLL_CONVERSATIONS;
  self->cycle = cycle;

  g_debug ("%s cycle", full ? "Full" : "Poll");
  cycle_run_step (self);
}

static gboolean
next_cycle_cb (gpointer user_data)
{
  OcDataverseSource *self = user_data;
  gboolean full;

  self->timer = 0;
  full = !self->loaded || self->last_full == 0 ||
         g_get_monotonic_time () - self->last_full >= (gint64) self->resync_interval_ms * 1000;
  cycle_begin (self, full);
  return G_SOURCE_REMOVE;
}

static void
cycle_end (OcDataverseSource *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_pointer (&self->cycle, cycle_free);
}

static void
cycle_succeed (OcDataverseSource *self)
{
  g_autofree char *message = NULL;

  cycle_end (self);
  oc_backoff_reset (&self->backoff);
  _oc_source_mark_heard (OC_SOURCE (self));
  _oc_source_notify_heard (OC_SOURCE (self));
  message = live_message (self);
  _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_LIVE, message);
  schedule_next (self, self->poll_interval_ms);
}

static void
cycle_fail (OcDataverseSource *self,
            const GError      *error,
            guint              retry_after)
{
  g_autofree char *message = NULL;
  guint delay_ms;

  cycle_end (self);

  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED))
    {
      self->running = FALSE;
      g_message ("Dynamics 365 refused the access token");
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_AUTH_FAILED,
                                      _("Dynamics 365 did not accept the access token; it may have expired (they last about an hour). "
                                        "Get a new one, for example with “az account get-access-token --resource ORG-URL”, and connect again."));
      return;
    }
  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN) ||
      g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS))
    {
      self->running = FALSE;
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_OFFLINE, error->message);
      return;
    }

  /* How old the figures are is the "last-event-time" property's to say:
   * the window's banner and the wallboard show it beside this message. */
  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RATE_LIMITED))
    {
      /* Service protection limits: wait as told, and never less than usual. */
      delay_ms = MAX (MAX (retry_after, 1) * 1000, self->poll_interval_ms);
      message = g_strdup_printf (_("Dynamics 365 asked to slow down (service protection limits); trying again in %u s."),
                                 seconds_of (delay_ms));
    }
  else
    {
      self->backoff.max_ms = MAX (self->resync_interval_ms, self->poll_interval_ms);
      delay_ms = MAX (oc_backoff_next_ms (&self->backoff), retry_after * 1000);
      delay_ms = MAX (delay_ms, MIN (self->poll_interval_ms, 1000));
      message = g_strdup_printf (_("%s Trying again in %u s."), error->message,
                                 seconds_of (delay_ms));
    }

  g_strstrip (message);
  g_message ("Dynamics 365 cycle failed, retrying in %u ms: %s", delay_ms, error->message);
  _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_RECONNECTING, message);
  schedule_next (self, delay_ms);
}

/* ------------------------------------------------------------------------ */
/* Running the steps */

static void
step_done (OcDataverseSource *self)
{
  OcDataverseCycle *cycle = self->cycle;
  g_autoptr(GPtrArray) rows = g_steal_pointer (&cycle->rows);

  cycle->rows = new_rows ();

  switch (cycle->step)
    {
    case STEP_WORKSTREAMS:    _oc_dataverse_read_workstreams (cycle->world, rows); break;
    case STEP_QUEUES:         _oc_dataverse_read_queues (cycle->world, rows); break;
    case STEP_PRESENCES:      _oc_dataverse_read_presences (cycle->world, rows); break;
    case STEP_USERS:          _oc_dataverse_read_users (cycle->world, rows); break;
    case STEP_MEMBERSHIPS:    _oc_dataverse_read_memberships (cycle->world, rows); break;
    case STEP_RESOURCES:      cycle->resource_rows = g_steal_pointer (&rows); break;
    case STEP_CHARACTERISTICS:
      if (cycle->resource_rows != NULL)
        _oc_dataverse_read_skills (cycle->world, cycle->resource_rows, rows);
      break;
    case STEP_AGENT_STATUSES:
    case STEP_POLL_AGENTS:
      cycle->agent_rows = g_steal_pointer (&rows);
      break;
    case STEP_CONVERSATIONS:
    case STEP_POLL_CONVERSATIONS:
      cycle->conversation_rows = g_steal_pointer (&rows);
      break;
    case STEP_WHOAMI:
    case STEP_ME:
    case STEP_APPLY_FULL:
    case STEP_APPLY_POLL:
    default:
      break;
    }

  cycle->step++;
  cycle_run_step (self);
}

/* A step failed: without an optional table the console still works. */
static void
step_failed (OcDataverseSource *self,
             const GError      *error,
             guint              retry_after)
{
  OcDataverseCycle *cycle = self->cycle;
  const char *table = steps[cycle->step].table;

  if (!steps[cycle->step].required &&
      (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN) ||
       g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_NOT_FOUND) ||
       g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST)))
    {
      g_message ("Reading %s failed; going on without it: %s", table, error->message);
      g_ptr_array_set_size (cycle->urls, 0);
      g_ptr_array_set_size (cycle->rows, 0);
      step_done (self);
      return;
    }

  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN))
    {
      g_autoptr(GError) explained =
        g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN,
                     _("Dynamics 365 does not let this user read the %s table (%s). "
                       "The user needs the Omnichannel supervisor role (see docs/dynamics.md)."),
                     table, error->message);
      cycle_fail (self, explained, retry_after);
      return;
    }

  cycle_fail (self, error, retry_after);
}

static void fetch_next (OcDataverseSource *self);

static void
on_rows_fetched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OcDataverseSource *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint retry_after = 0;

  rows = _oc_dataverse_fetch_all_finish (SOUP_SESSION (object), result, &retry_after, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rows == NULL)
    {
      step_failed (self, error, retry_after);
      return;
    }

  g_ptr_array_extend_and_steal (self->cycle->rows, g_steal_pointer (&rows));
  if (self->cycle->urls->len > 0)
    fetch_next (self);
  else
    step_done (self);
}

static void
fetch_next (OcDataverseSource *self)
{
  g_autofree char *url = g_ptr_array_steal_index (self->cycle->urls, 0);

  _oc_dataverse_fetch_all_async (self->session, oc_source_get_server_url (OC_SOURCE (self)),
                                 self->authorization, url, self->page_size, self->cancellable,
                                 on_rows_fetched, self);
}

/* WhoAmI and the user's own row are single objects, not collections. */
static void
on_object_fetched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OcDataverseSource *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *answer;

  bytes = oc_http_fetch_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes != NULL)
    node = oc_protocol_parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   MAX_SMALL_BODY, &error);
  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    g_clear_pointer (&node, json_node_unref);
  if (node == NULL)
    {
      if (error == NULL || error->domain != OC_SOURCE_ERROR)
        {
          g_autoptr(GError) protocol = g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                                                    _("Dynamics 365 gave an answer that cannot be read (%s)."),
                                                    error ? error->message : _("not an object"));
          step_failed (self, protocol, 0);
        }
      else
        step_failed (self, error, 0);
      return;
    }
  answer = json_node_get_object (node);

  if (self->cycle->step == STEP_WHOAMI)
    {
      g_autofree char *user_id = _oc_odata_get_id (answer, "UserId");

      if (user_id == NULL)
        {
          g_autoptr(GError) protocol = g_error_new_literal (OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                                                            _("Dynamics 365 did not say who the token belongs to."));
          step_failed (self, protocol, 0);
          return;
        }
      g_free (self->user_id);
      self->user_id = g_steal_pointer (&user_id);
      _oc_source_set_identity (OC_SOURCE (self), self->user_id, OC_ROLE_UNKNOWN);
    }
  else
    {
      JsonNode *roles = json_object_get_member (answer, "systemuserroles_association");
      const char *name = _oc_odata_get_string (answer, "fullname");
      OcRole role = OC_ROLE_UNKNOWN;

      /* Security roles are named by the org; the standard ones that may act
       * on conversations say "supervisor" or "administrator". */
      if (roles != NULL && JSON_NODE_HOLDS_ARRAY (roles))
        {
          JsonArray *array = json_node_get_array (roles);

          role = OC_ROLE_VIEWER;
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              g_autofree char *folded = NULL;
              const char *role_name;

              if (!JSON_NODE_HOLDS_OBJECT (element) ||
                  (role_name = _oc_odata_get_string (json_node_get_object (element), "name")) == NULL)
                continue;
              folded = g_utf8_casefold (role_name, -1);
              if (strstr (folded, "supervisor") != NULL || strstr (folded, "administrator") != NULL)
                role = OC_ROLE_SUPERVISOR;
            }
        }
      _oc_source_set_identity (OC_SOURCE (self), name ? name : self->user_id, role);
    }

  step_done (self);
}

static void
fetch_object (OcDataverseSource *self,
              const char        *path,
              const char        *query)
{
  g_autofree char *url = _oc_dataverse_api_url (oc_source_get_server_url (OC_SOURCE (self)),
                                                path, query);
  g_autoptr(SoupMessage) msg = _oc_dataverse_new_message (SOUP_METHOD_GET, url, self->authorization, 0);

  if (msg == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                                                     _("The organisation address is not a valid https:// address."));
      cycle_fail (self, error, 0);
      return;
    }
  oc_http_fetch_async (self->session, msg, MAX_SMALL_BODY, self->cancellable, on_object_fetched, self);
}

static void
cycle_run_step (OcDataverseSource *self)
{
  OcDataverseCycle *cycle = self->cycle;

  switch (cycle->step)
    {
    case STEP_WHOAMI:
      fetch_object (self, "WhoAmI", NULL);
      return;
    case STEP_ME:
      {
        g_autofree char *path = g_strdup_printf ("systemusers(%s)", self->user_id);
        fetch_object (self, path, "$select=fullname&$expand=systemuserroles_association($select=name)");
      }
      return;
    case STEP_APPLY_FULL:
      _oc_dataverse_cycle_apply_full (self);
      cycle_succeed (self);
      return;
    case STEP_APPLY_POLL:
      _oc_dataverse_cycle_apply_poll (self);
      cycle_succeed (self);
      return;
    case STEP_WORKSTREAMS:
    case STEP_QUEUES:
    case STEP_PRESENCES:
    case STEP_AGENT_STATUSES:
    case STEP_USERS:
    case STEP_MEMBERSHIPS:
    case STEP_RESOURCES:
    case STEP_CHARACTERISTICS:
    case STEP_CONVERSATIONS:
    case STEP_POLL_CONVERSATIONS:
    case STEP_POLL_AGENTS:
    default:
      _oc_dataverse_cycle_build_urls (self);
      if (cycle->urls->len == 0)
        step_done (self);
      else
        fetch_next (self);
      return;
    }
}

/* ------------------------------------------------------------------------ */

void
_oc_dataverse_sync_start (OcDataverseSource *self)
{
  g_assert (!self->running);

  self->running = TRUE;
  oc_backoff_reset (&self->backoff);
  self->last_full = 0;
  /* The token may be another user's than last time. */
  g_clear_pointer (&self->user_id, g_free);
  _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_CONNECTING, NULL);
  cycle_begin (self, TRUE);
}

void
_oc_dataverse_sync_stop (OcDataverseSource *self)
{
  self->running = FALSE;
  g_clear_handle_id (&self->timer, g_source_remove);
  cycle_end (self);
}
