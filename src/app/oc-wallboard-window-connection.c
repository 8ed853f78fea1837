// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-wallboard-window"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-wallboard-window-private.h"

/* The wallboard's connection: the banner over stale data, and starting a
 * source again that gave up. */

static gboolean
retry_cb (gpointer user_data)
{
  OcWallboardWindow *self = user_data;
  OcSourceState state = oc_source_get_state (self->source);

  self->retry_source = 0;
  /* A board nobody tends must not stay down because its source gave up. */
  if (state == OC_SOURCE_STATE_OFFLINE || state == OC_SOURCE_STATE_AUTH_FAILED)
    {
      g_message ("Client is %s; starting it again",
                 state == OC_SOURCE_STATE_OFFLINE ? "offline" : "refused");
      self->retry_seconds = MIN (self->retry_seconds * 2, RETRY_MAX_SECONDS);
      oc_source_start (self->source);
    }
  return G_SOURCE_REMOVE;
}

static char *
format_data_time (gint64 usec)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (then == NULL)
    return g_strdup ("—");
  /* Older than half a day: the hour alone would mislead. */
  if (g_date_time_difference (now, then) > 12 * G_TIME_SPAN_HOUR)
    return g_date_time_format (then, "%e %b %H:%M");
  return g_date_time_format (then, "%H:%M");
}

void
_oc_wallboard_window_update_connection (OcWallboardWindow *self)
{
  OcSourceState state = oc_source_get_state (self->source);
  gint64 last = oc_source_get_last_event_time (self->source);
  const char *message = oc_source_get_status_message (self->source);
  g_autofree char *title = NULL;
  gboolean stale = state != OC_SOURCE_STATE_LIVE;

  g_assert (OC_IS_WALLBOARD_WINDOW (self));

  if (stale && last > 0)
    {
      g_autofree char *when = format_data_time (last);

      /* Translators: the banner over a wallboard whose data is not live */
      title = g_strdup_printf (_("Reconnecting — data as of %s"), when);
    }
  else if (stale && state == OC_SOURCE_STATE_AUTH_FAILED)
    title = g_strdup (_("Not signed in — the server refused the token"));
  else if (stale)
    title = g_strdup (_("Connecting to the server…"));

  if (title != NULL && g_strcmp0 (gtk_label_get_text (self->banner_label), title) != 0)
    gtk_label_set_text (self->banner_label, title);
  /* The backend's own words: not markup. */
  gtk_label_set_text (self->banner_detail, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_detail), stale && message != NULL && message[0] != '\0');
  gtk_widget_set_visible (self->banner, stale);

  if (state == OC_SOURCE_STATE_AUTH_FAILED)
    gtk_widget_add_css_class (self->banner, "error");
  else
    gtk_widget_remove_css_class (self->banner, "error");

  if (stale != self->stale)
    {
      self->stale = stale;
      if (stale)
        gtk_widget_add_css_class (self->data_box, "stale");
      else
        gtk_widget_remove_css_class (self->data_box, "stale");
    }

  if (state == OC_SOURCE_STATE_LIVE)
    {
      self->retry_seconds = RETRY_MIN_SECONDS;
      g_clear_handle_id (&self->retry_source, g_source_remove);
    }
  else if ((state == OC_SOURCE_STATE_OFFLINE || state == OC_SOURCE_STATE_AUTH_FAILED) &&
           self->retry_source == 0)
    {
      self->retry_source = g_timeout_add_seconds (self->retry_seconds, retry_cb, self);
    }
}

void
_oc_wallboard_window_source_state_changed_cb (OcWallboardWindow *self)
{
  _oc_wallboard_window_update_connection (self);
  oc_wallboard_window_refresh (self);
}

void
_oc_wallboard_window_last_event_time_cb (OcWallboardWindow *self)
{
  /* Heard on every event; only the banner's "as of" needs it. */
  if (self->stale)
    _oc_wallboard_window_update_connection (self);
}

gboolean
oc_wallboard_window_retry_now (OcWallboardWindow *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_WINDOW (self), FALSE);

  if (self->retry_source == 0)
    return FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  retry_cb (self);
  return TRUE;
}
