// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "oc-a11y.h"
#include "oc-backend.h"
#include "oc-conversation-view.h"
#include "oc-format.h"
#include "oc-keyring.h"
#include "oc-server-settings.h"
#include "oc-window-private.h"

G_DEFINE_FINAL_TYPE (OcWindow, oc_window, GTK_TYPE_APPLICATION_WINDOW)

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

static void
oc_window_set_page (OcWindow   *self,
                    const char *page)
{
  gtk_stack_set_visible_child_name (self->main_stack, page);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  /* The report and the agents panel are two views of one floor. */
  gtk_widget_set_visible (GTK_WIDGET (self->view_switcher), g_str_equal (page, "report"));
  gtk_widget_set_visible (GTK_WIDGET (self->views_button), g_str_equal (page, "report"));
}

/* Connection --------------------------------------------------------------- */

static void
oc_window_show_banner (OcWindow   *self,
                       const char *text,
                       const char *button_label,
                       const char *button_action)
{
  gtk_label_set_label (self->banner_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), button_label != NULL);
  if (button_label != NULL)
    {
      gtk_button_set_label (self->banner_button, button_label);
      oc_a11y_fix_button_names (GTK_WIDGET (self->banner_button));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner_button), button_action);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->report), "oc-stale");
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "oc-stale");
}

static void
oc_window_hide_banner (OcWindow *self)
{
  /* Live again: the times move on from now. */
  if (self->froze_clock)
    {
      oc_clock_freeze_at (self->frozen_clock, 0);
      g_clear_object (&self->frozen_clock);
      self->froze_clock = FALSE;
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), NULL);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->report), "oc-stale");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary), "oc-stale");
}

/* While not live the report shows what it last heard: say from when. */
static void
oc_window_update_stale_banner (OcWindow      *self,
                               OcSourceState  state,
                               const char    *message)
{
  gint64 as_of = oc_source_get_last_event_time (self->source);
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (as_of <= 0)
    as_of = oc_connection_indicator_get_live_until (self->indicator);
  time = oc_format_clock_time (as_of / G_USEC_PER_SEC);

  /* What the rows show is from then: wait times and thresholds stop there
   * instead of counting on and turning red on data that may be old. */
  if (!self->froze_clock)
    {
      g_object_get (self->report, "clock", &self->frozen_clock, NULL);
      oc_clock_freeze_at (self->frozen_clock, as_of / G_USEC_PER_SEC);
      self->froze_clock = TRUE;
    }

  /* The technical reason goes to the tooltip, not in brackets in the text. */
  if (message != NULL)
    {
      g_autofree char *why = oc_format_sentence (message);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), why);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), NULL);

  switch (state)
    {
    case OC_SOURCE_STATE_RECONNECTING:
      /* TRANSLATORS: %s is a time of day */
      text = g_strdup_printf (_("Data as of %s. Reconnecting…"), time);
      oc_window_show_banner (self, text, _("Retry _Now"), "connection.retry");
      break;

    case OC_SOURCE_STATE_CONNECTING:
      /* TRANSLATORS: %s is a time of day */
      text = g_strdup_printf (_("Data as of %s. Reconnecting…"), time);
      oc_window_show_banner (self, text, NULL, NULL);
      break;

    case OC_SOURCE_STATE_AUTH_FAILED:
      if (self->sign_in != NULL)
        /* Renewing the Microsoft sign-in silently did not work. */
        text = g_strdup_printf (_("Your Microsoft sign-in has ended: sign in again to go on. Data as of %s."), time);
      else
        text = g_strdup_printf (_("The server no longer accepts the access token. Data as of %s."), time);
      oc_window_show_banner (self, text, _("_Sign In Again…"), "connection.disconnect");
      break;

    case OC_SOURCE_STATE_OFFLINE:
    case OC_SOURCE_STATE_IDLE:
    default:
      {
        g_autofree char *why = oc_format_sentence (message ? message : _("Not connected."));

        /* TRANSLATORS: why (a whole sentence), then a time of day */
        text = g_strdup_printf (_("Offline. %s Data as of %s."), why, time);
      }
      oc_window_show_banner (self, text, _("_Retry"), "connection.retry");
      break;
    }
}

static void oc_window_clear_connection (OcWindow *self);

static gboolean
fail_idle_cb (gpointer data)
{
  OcWindow *self = data;
  g_autofree char *url = g_strdup (self->url);
  g_autofree char *token = g_strdup (self->token);
  g_autofree char *error = g_steal_pointer (&self->pending_error);

  self->fail_idle_id = 0;
  oc_window_clear_connection (self);
  oc_window_show_start_page (self, url, error);
  /* Keep what was typed, so fixing one field is enough. */
  oc_start_page_set_token (self->start_page, token);
  _oc_window_update_actions (self);

  return G_SOURCE_REMOVE;
}

/* A connection tried from the start page failed: back there, saying why. Not
 * from inside the source's own notification: it is still busy with the state. */
static void
oc_window_fail_to_start_page (OcWindow   *self,
                              const char *error)
{
  g_free (self->pending_error);
  self->pending_error = g_strdup (error);
  if (self->fail_idle_id == 0)
    self->fail_idle_id = g_idle_add (fail_idle_cb, self);
}

/* Microsoft's report starts filtered to the supervisor's own queues; so
 * does the console, once a connection, when the user has not chosen queues
 * and the preference is on. It says so: the filter stays the user's to clear. */
static void
source_member_queues_cb (OcWindow *self)
{
  const char * const *mine = self->source ? oc_source_get_member_queues (self->source) : NULL;
  OcFilterButton *queues;
  g_autofree char *text = NULL;
  guint n;

  if (self->member_queues_applied || mine == NULL || mine[0] == NULL ||
      !g_settings_get_boolean (self->settings, "start-with-my-queues"))
    return;
  self->member_queues_applied = TRUE;
  queues = oc_filter_bar_get_button (self->filter_bar, OC_FILTER_QUEUE);
  if (oc_filter_button_get_selected (queues)[0] != NULL)
    return;
  oc_filter_button_set_selected (queues, mine);
  n = g_strv_length ((char **) mine);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Showing the queue you are a member of",
                                       "Showing the %u queues you are a member of", n), n);
  oc_report_show_toast (self->report, text);
}

/* In the keyring once the connection works, and again each time Entra ID
 * hands a new one; without libsecret only the sign-in holds it, in memory. */
static void
keep_refresh_token (OcWindow *self)
{
  const char *refresh_token = self->sign_in != NULL ? oc_entra_sign_in_get_refresh_token (self->sign_in) : NULL;

  if (refresh_token != NULL && self->remember && self->url != NULL)
    oc_keyring_store_refresh_token (self->url, refresh_token);
}

static void
refresh_token_cb (OcWindow *self)
{
  if (self->ever_live)
    keep_refresh_token (self);
}

static void
oc_window_set_sign_in (OcWindow      *self,
                       OcEntraSignIn *sign_in)
{
  if (self->sign_in != NULL)
    g_signal_handlers_disconnect_by_data (self->sign_in, self);
  g_set_object (&self->sign_in, sign_in);
  if (sign_in != NULL)
    g_signal_connect_swapped (sign_in, "notify::refresh-token", G_CALLBACK (refresh_token_cb), self);
}

/* The report, and the keyboard in its rows the first time it shows for
 * this connection (not again: the supervisor may have moved on). */
static void
oc_window_show_rows (OcWindow *self)
{
  oc_start_page_set_busy (self->start_page, FALSE);
  oc_window_set_page (self, "report");
  if (!self->rows_shown)
    oc_report_focus_rows (self->report);
  self->rows_shown = TRUE;
}

/* A first load shows its rows as they come, with how far it got; the counts
 * say they are not final meanwhile. */
static gboolean
oc_window_shows_first_load (OcWindow *self)
{
  guint done = 0, total = 0;
  gboolean loading = self->source != NULL && oc_source_get_loading (self->source, &done, &total);

  if (loading)
    {
      g_autofree char *done_count = oc_format_count (done);
      g_autofree char *total_count = oc_format_count (total);
      g_autofree char *text = NULL;

      /* TRANSLATORS: the counts are formatted already, "Loading conversations… 40,000 of 100,000" */
      text = g_strdup_printf (g_dngettext (NULL, "Loading conversations… %s of %s",
                                           "Loading conversations… %s of %s", total),
                              done_count, total_count);
      gtk_label_set_label (self->progress_label, text);
      gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, loading);
  oc_summary_strip_set_loading (self->summary, loading);
  oc_filter_bar_set_loading (self->filter_bar, loading);

  return loading && g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0;
}

static void
source_loading_cb (OcWindow *self)
{
  /* The first rows are in: no need to wait for the rest to show them. */
  if (oc_window_shows_first_load (self) && !self->ever_live &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "report") != 0)
    oc_window_show_rows (self);
}

static void
source_state_cb (OcWindow *self)
{
  OcSourceState state = oc_source_get_state (self->source);
  const char *message = oc_source_get_status_message (self->source);
  g_autofree char *host = host_of (self->url);
  g_autofree char *text = NULL;

  _oc_window_update_actions (self);
  /* A floor that is not live tells nothing it may have missed. */
  if (self->notifier != NULL)
    oc_notifier_set_live (self->notifier, state == OC_SOURCE_STATE_LIVE);

  if (state == OC_SOURCE_STATE_LIVE)
    {
      if (!self->ever_live && self->remember)
        {
          /* It works: keep it for next time. */
          g_settings_set_string (self->settings, "server-url", self->url);
          oc_keyring_store (self->url, self->token);
          keep_refresh_token (self);
        }
      oc_window_hide_banner (self);
      /* The keyboard starts in the rows, not on the summary strip above. */
      oc_window_show_rows (self);
      self->ever_live = TRUE;
      return;
    }

  if (self->ever_live)
    {
      oc_window_update_stale_banner (self, state, message);
      return;
    }

  /* Connecting still, and the first rows are in. */
  if (oc_window_shows_first_load (self) &&
      (state == OC_SOURCE_STATE_CONNECTING || state == OC_SOURCE_STATE_IDLE))
    {
      oc_window_show_rows (self);
      return;
    }

  /* Not live yet: nothing to show but what is happening. */
  switch (state)
    {
    case OC_SOURCE_STATE_CONNECTING:
    case OC_SOURCE_STATE_IDLE:
      text = g_strdup_printf (_("Connecting to %s…"), host);
      gtk_label_set_label (self->loading_title, text);
      gtk_label_set_label (self->loading_detail, _("Loading the conversations going on now."));
      if (self->remember)
        oc_start_page_set_busy (self->start_page, TRUE);
      else
        oc_window_set_page (self, "loading");
      break;

    case OC_SOURCE_STATE_RECONNECTING:
      if (self->remember)
        {
          /* Typed in just now: a wrong address is likelier than an outage. */
          text = g_strdup_printf (_("Could not reach %s: %s"), host,
                                  message ? message : _("no answer"));
          oc_window_fail_to_start_page (self, text);
          break;
        }
      text = g_strdup_printf (_("Still trying to reach %s"), host);
      gtk_label_set_label (self->loading_title, text);
      g_clear_pointer (&text, g_free);
      {
        g_autofree char *why = oc_format_sentence (message ? message : _("No answer."));

        /* TRANSLATORS: %s is why (a whole sentence) */
        text = g_strdup_printf (_("%s Trying again shortly."), why);
      }
      gtk_label_set_label (self->loading_detail, text);
      oc_window_set_page (self, "loading");
      break;

    case OC_SOURCE_STATE_AUTH_FAILED:
      /* In words a person can act on; what the server said (which may be
       * technical, "Authorization: Bearer …") only in the tooltip. */
      text = g_strdup_printf (_("%s refused the token. Check it and sign in again."), host);
      oc_start_page_set_error_detail (self->start_page, message);
      oc_window_fail_to_start_page (self, text);
      break;

    case OC_SOURCE_STATE_OFFLINE:
    default:
      text = g_strdup_printf (_("Cannot connect to %s"), host);
      oc_start_page_set_error_detail (self->start_page, NULL);
      if (self->remember)
        {
          /* TRANSLATORS: "Cannot connect to HOST", then why */
          g_autofree char *full = g_strdup_printf (C_("error and why", "%s: %s"), text,
                                                   message ? message : "");
          oc_window_fail_to_start_page (self, full);
          break;
        }
      gtk_label_set_label (self->error_title, text);
      gtk_label_set_label (self->error_detail, message ? message : _("The connection was closed."));
      oc_window_set_page (self, "error");
      break;
    }
}

static void
oc_window_clear_connection (OcWindow *self)
{
  g_signal_group_set_target (self->source_signals, NULL);
  oc_frame_pacer_set_source (self->pacer, NULL);
  if (self->source != NULL)
    oc_source_stop (self->source);

  _oc_window_close_monitor (self);
  oc_connection_indicator_set_source (self->indicator, NULL);
  oc_report_set_view (self->report, NULL);
  oc_views_button_attach (self->views_button, NULL, NULL);
  oc_agents_panel_set_source (self->agents_panel, NULL);
  g_clear_object (&self->notifier);
  oc_filter_bar_set_view (self->filter_bar, NULL);
  oc_summary_strip_set_view (self->summary, NULL);

  g_clear_object (&self->source);
  g_cancellable_cancel (self->keyring_cancellable);
  g_clear_object (&self->keyring_cancellable);
  g_clear_object (&self->pending_source);
  oc_window_set_sign_in (self, NULL);
  g_clear_pointer (&self->floor_subtitle, g_free);
  if (self->subtitle_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
  g_clear_object (&self->view);
  g_clear_object (&self->store);
  g_clear_pointer (&self->url, g_free);
  if (self->token != NULL)
    {
      /* Do not leave the secret lying around in freed memory. */
      memset (self->token, 0, strlen (self->token));
      g_clear_pointer (&self->token, g_free);
    }
  self->ever_live = FALSE;
  self->rows_shown = FALSE;
  self->member_queues_applied = FALSE;
  oc_window_hide_banner (self);
}

/* The row the supervisor is looking at: no notification for it. */
static OcConversation *
notify_focus_cb (gpointer user_data)
{
  OcWindow *self = user_data;

  if (!gtk_window_is_active (GTK_WINDOW (self)) ||
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "conversations") != 0)
    return NULL;
  return self->watched;
}

/* Shows @source's conversations; the window owns it from here. */
static void
oc_window_attach_source (OcWindow *self,
                         OcSource *source)
{
  OcApplication *app = OC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *host = host_of (oc_source_get_server_url (source));
  g_autofree char *subtitle = NULL;

  self->source = source;
  self->store = g_object_ref (oc_source_get_store (source));

  /* Which floor this is, for a supervisor with more than one. */
  if (app != NULL && oc_application_is_demo_url (app, oc_source_get_server_url (source)))
    subtitle = g_strdup (_("Demo floor on this computer"));
  else if (oc_source_get_backend_name (source) != NULL)
    /* Translators: a kind of backend ("Dynamics 365"), then its host name. */
    subtitle = g_strdup_printf (_("%s · %s"), oc_source_get_backend_name (source), host);
  else
    subtitle = g_strdup (host);
  g_free (self->floor_subtitle);
  self->floor_subtitle = g_steal_pointer (&subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
  self->view = oc_conversation_view_new (self->store);

  /* This server's filters, sort and columns, not the last one's. */
  {
    g_autofree char *identity =
      oc_server_settings_identity (oc_source_get_server_url (source),
                                   app != NULL && oc_application_is_demo_url (app, oc_source_get_server_url (source)));
    g_autoptr(GSettings) server_settings = oc_server_settings_new (identity);

    oc_filter_bar_set_settings (self->filter_bar, server_settings);
    oc_report_set_server_settings (self->report, server_settings);
    oc_views_button_attach (self->views_button, server_settings, self->report);
  }

  /* Filters first, so the report is built once with them in place. */
  oc_filter_bar_set_view (self->filter_bar, self->view);
  oc_report_set_view (self->report, self->view);
  oc_summary_strip_set_view (self->summary, self->view);
  oc_agents_panel_set_source (self->agents_panel, self->source);
  /* A wall screen never notifies. */
  if (!g_settings_get_boolean (self->settings, "kiosk-mode"))
    {
      self->notifier = oc_notifier_new (G_APPLICATION (app), self->store, self->settings);
      oc_notifier_set_focus_func (self->notifier, notify_focus_cb, self);
      /* Live below, once the source says so. */
      oc_notifier_set_live (self->notifier, FALSE);
    }
  oc_connection_indicator_set_source (self->indicator, self->source);

  g_signal_group_set_target (self->source_signals, self->source);
  oc_frame_pacer_set_source (self->pacer, self->source);

  oc_source_start (self->source);
  source_state_cb (self);
}

/**
 * oc_window_connect:
 * @url: the server or Dynamics 365 organisation
 * @token: the bearer token, copied (never shown, never logged)
 * @remember: whether a connection that works is saved: the URL in GSettings,
 *   the token in the keyring
 *
 * Drops the current connection and connects to @url with a new source and
 * store; the report shows the floor once it is live.
 */
static void connect_with (OcWindow      *self,
                          const char    *url,
                          const char    *token,
                          gboolean       remember,
                          OcEntraSignIn *sign_in);

void
oc_window_connect (OcWindow   *self,
                   const char *url,
                   const char *token,
                   gboolean    remember)
{
  g_return_if_fail (OC_IS_WINDOW (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (token != NULL);

  connect_with (self, url, token, remember, NULL);
}

/* A token kept from an earlier Sign In with Microsoft: with the refresh
 * token kept beside it, it is renewed when it expired since. Looked up
 * before the source starts, so that its first refusal can renew. */
static void
refresh_token_found_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  OcWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *refresh_token = oc_keyring_lookup_finish (result, &error);
  OcSource *source;

  /* Cancelled: the window or the connection is gone; @self may be too. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->keyring_cancellable);
  source = g_steal_pointer (&self->pending_source);
  if (refresh_token != NULL)
    {
      g_autoptr(OcEntraSignIn) sign_in = oc_backend_new_sign_in_with (self->url, refresh_token);

      oc_backend_attach_sign_in (source, sign_in);
      oc_window_set_sign_in (self, sign_in);
    }
  oc_window_attach_source (self, source);
}

static void
connect_with (OcWindow      *self,
              const char    *url,
              const char    *token,
              gboolean       remember,
              OcEntraSignIn *sign_in)
{
  g_autoptr(OcConversationStore) store = NULL;
  g_autoptr(GError) error = NULL;
  OcSource *source;
  gboolean dataverse;

  g_clear_handle_id (&self->fail_idle_id, g_source_remove);
  oc_window_clear_connection (self);

  self->url = g_strdup (url);
  self->token = g_strdup (token);
  self->remember = remember;

  /* --dataverse may name an org behind a host of its own (a proxy). */
  dataverse = g_strcmp0 (url, self->dataverse_url) == 0;
  store = oc_conversation_store_new ();
  source = oc_backend_new_source (url, token, dataverse, store, &error);
  if (source == NULL)
    {
      oc_window_show_start_page (self, url, error->message);
      return;
    }
  if (sign_in != NULL && oc_backend_attach_sign_in (source, sign_in))
    oc_window_set_sign_in (self, sign_in);
  else if (oc_backend_attach_sign_in (source, NULL))
    {
      self->pending_source = source;
      self->keyring_cancellable = g_cancellable_new ();
      oc_keyring_lookup_refresh_token_async (url, self->keyring_cancellable, refresh_token_found_cb, self);
      return;
    }
  oc_window_attach_source (self, source);
}

/**
 * oc_window_set_dataverse_url:
 * @url: (nullable): the organisation's address
 *
 * Treats @url as a Dynamics 365 organisation whatever its host name says
 * (--dataverse, for an org behind a proxy); hosts under *.dynamics.com are
 * recognised anyway.
 */
void
oc_window_set_dataverse_url (OcWindow   *self,
                             const char *url)
{
  g_return_if_fail (OC_IS_WINDOW (self));

  g_free (self->dataverse_url);
  self->dataverse_url = g_strdup (url);
  oc_start_page_set_dataverse_url (self->start_page, url);
}

/**
 * oc_window_disconnect:
 *
 * Stops the source and goes back to the start page, its address filled in.
 */
void
oc_window_disconnect (OcWindow *self)
{
  g_autofree char *url = NULL;

  g_return_if_fail (OC_IS_WINDOW (self));

  url = self->url ? g_strdup (self->url) : g_settings_get_string (self->settings, "server-url");
  oc_window_clear_connection (self);
  oc_window_show_start_page (self, url, NULL);
  _oc_window_update_actions (self);
}

/**
 * oc_window_sign_out:
 *
 * Forgets the token of the server shown (removes it from the keyring) and
 * goes back to the start page with its address filled in and no token, so
 * that the next start asks for one.
 */
void
oc_window_sign_out (OcWindow *self)
{
  g_autofree char *url = NULL;

  g_return_if_fail (OC_IS_WINDOW (self));

  url = self->url ? g_strdup (self->url) : g_settings_get_string (self->settings, "server-url");
  if (url != NULL && *url != '\0')
    oc_keyring_forget (url);
  /* The refresh token goes from memory too, not only from the keyring. */
  if (self->sign_in != NULL)
    oc_entra_sign_in_set_refresh_token (self->sign_in, NULL);
  oc_window_disconnect (self);
  oc_start_page_set_token (self->start_page, "");
}

/* Start page --------------------------------------------------------------- */

static void
oc_window_start_connect_cb (OcWindow    *self,
                            const char  *url,
                            const char  *token,
                            OcStartPage *page)
{
  oc_start_page_set_busy (self->start_page, TRUE);
  oc_window_connect (self, url, token, TRUE);
}

/* Sign In with Microsoft worked: its access token connects, and it renews
 * the token when it expires. */
static void
oc_window_start_signed_in_cb (OcWindow      *self,
                              const char    *url,
                              OcEntraSignIn *sign_in,
                              OcStartPage   *page)
{
  oc_start_page_set_busy (self->start_page, TRUE);
  connect_with (self, url, oc_entra_sign_in_get_access_token (sign_in), TRUE, sign_in);
}

static void
oc_window_start_demo_cb (OcWindow    *self,
                         OcStartPage *page)
{
  OcApplication *app = OC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  if (app == NULL || !oc_application_start_demo (app, &url, &token, &error))
    {
      oc_start_page_set_error (self->start_page,
                               error ? error->message : _("The demo is not available."));
      return;
    }

  oc_window_connect (self, url, token, FALSE);
}

/**
 * oc_window_show_start_page:
 * @url: (nullable): the address to fill in, or %NULL to keep the one shown
 * @error: (nullable): why the last connection failed, shown under it
 *
 * Shows the start page and gives it the keyboard focus.
 */
void
oc_window_show_start_page (OcWindow   *self,
                           const char *url,
                           const char *error)
{
  g_return_if_fail (OC_IS_WINDOW (self));

  oc_start_page_set_busy (self->start_page, FALSE);
  if (url != NULL && *url != '\0')
    oc_start_page_set_url (self->start_page, url);
  oc_start_page_set_error (self->start_page, error);
  oc_window_set_page (self, "start");
  gtk_widget_grab_focus (GTK_WIDGET (self->start_page));
}

/* Selection ---------------------------------------------------------------- */

static void
oc_window_update_selection_label (OcWindow *self)
{
  g_autofree char *text = NULL;
  guint n_selected = oc_report_get_n_selected (self->report);

  if (n_selected > 1)
    {
      /* Translators: how many conversations are selected, in the action bar. */
      text = g_strdup_printf (g_dngettext (NULL, "%u selected", "%u selected", n_selected), n_selected);
      gtk_label_set_label (self->selection_label, text);
      return;
    }

  if (self->watched == NULL)
    {
      gtk_label_set_label (self->selection_label, _("Select a conversation to act on it"));
      return;
    }

  /* TRANSLATORS: the selected conversation: its status and subject */
  text = g_strdup_printf (_("%s: %s"),
                          oc_status_get_label (oc_conversation_get_status (self->watched)),
                          oc_conversation_get_subject (self->watched));
  gtk_label_set_label (self->selection_label, text);
}

static void
watched_notify_cb (OcWindow   *self,
                   GParamSpec *pspec)
{
  /* Status or agent decide what may be done. */
  if (g_str_equal (pspec->name, "status") || g_str_equal (pspec->name, "agent-id") ||
      g_str_equal (pspec->name, "first-assigned-at") || g_str_equal (pspec->name, "subject"))
    {
      _oc_window_update_actions (self);
      oc_window_update_selection_label (self);
    }
}

static void
oc_window_selected_changed_cb (OcWindow *self)
{
  OcConversation *selected = oc_report_get_selected (self->report);

  if (self->watched != selected)
    {
      g_set_object (&self->watched, selected);
      g_signal_group_set_target (self->watched_signals, selected);
    }

  _oc_window_update_actions (self);
  oc_window_update_selection_label (self);
}

static void
oc_window_conversation_activated_cb (OcWindow       *self,
                                     OcConversation *conversation)
{
  /* Enter and double-click watch the conversation, when that is allowed. */
  gtk_widget_activate_action (GTK_WIDGET (self), "conversation.monitor", NULL);
}

/* Views ------------------------------------------------------------------ */

static void
oc_window_view_changed_cb (OcWindow *self)
{
  _oc_window_update_actions (self);
}

/* One click from an agent to their conversations: the report with only
 * them, whatever filters it had. */
static void
oc_window_show_agent_conversations_cb (OcWindow *self,
                                       OcAgent  *agent)
{
  const char *ids[] = { oc_agent_get_id (agent), NULL };

  oc_filter_bar_clear (self->filter_bar);
  oc_filter_button_set_selected (oc_filter_bar_get_button (self->filter_bar, OC_FILTER_AGENT), ids);
  oc_window_show_view (self, "conversations");
}

/**
 * oc_window_show_view:
 * @name: "conversations" (the report) or "agents" (the agents panel)
 *
 * Shows one of the two views of the floor and gives it the keyboard.
 */
void
oc_window_show_view (OcWindow   *self,
                     const char *name)
{
  g_return_if_fail (OC_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  adw_view_stack_set_visible_child_name (self->view_stack, name);
  if (g_str_equal (name, "agents"))
    oc_agents_panel_focus (self->agents_panel);
  else
    gtk_widget_grab_focus (GTK_WIDGET (oc_report_get_column_view (self->report)));
}

/**
 * oc_window_show_conversation:
 * @id: a conversation's id
 *
 * Shows the report with the conversation selected (what a notification's
 * click does), clearing the filters when they hide it.
 *
 * Returns: whether the conversation is live here and selected now
 */
gboolean
oc_window_show_conversation (OcWindow   *self,
                             const char *id)
{
  OcConversation *conversation;

  g_return_val_if_fail (OC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  conversation = self->store != NULL ? oc_conversation_store_lookup (self->store, id) : NULL;
  if (conversation == NULL)
    return FALSE;

  oc_window_show_view (self, "conversations");
  if (!oc_report_select (self->report, conversation))
    {
      oc_filter_bar_clear (self->filter_bar);
      if (!oc_report_select (self->report, conversation))
        return FALSE;
    }
  return TRUE;
}

/**
 * oc_window_get_agents_panel:
 *
 * Returns: (transfer none): the agents panel
 */
OcAgentsPanel *
oc_window_get_agents_panel (OcWindow *self)
{
  g_return_val_if_fail (OC_IS_WINDOW (self), NULL);
  return self->agents_panel;
}

/* Narrow windows ----------------------------------------------------------- */

static void
oc_window_set_narrow (OcWindow *self,
                      gboolean  narrow)
{
  GtkButton *buttons[] = {
    self->monitor_button, self->assign_button, self->transfer_button,
    self->force_close_button, self->workspace_button,
  };

  if (self->narrow == narrow)
    return;
  self->narrow = narrow;

  gtk_widget_set_visible (GTK_WIDGET (self->selection_label), !narrow);
  /* The header bar is as narrow: its words would read "…". */
  oc_connection_indicator_set_compact (self->indicator, narrow);
  oc_views_button_set_compact (self->views_button, narrow);
  /* Each button's child is a box of an icon and a label. */
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *box = gtk_button_get_child (buttons[i]);
      GtkWidget *label = box != NULL ? gtk_widget_get_last_child (box) : NULL;

      if (GTK_IS_LABEL (label))
        gtk_widget_set_visible (label, !narrow);
    }
  if (narrow)
    gtk_widget_add_css_class (GTK_WIDGET (self), "narrow");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "narrow");
}

/* Icons only where the action bar has no room for its words: in a narrow
 * window, and in a wider one whose report shares its width with the monitor
 * pane (#18). While narrow, the words' width is the one measured last. */
static gboolean
oc_window_wants_narrow (OcWindow *self)
{
  int room = gtk_widget_get_width (GTK_WIDGET (self->action_bar));

  if (gtk_widget_get_width (GTK_WIDGET (self)) < OC_WINDOW_NARROW_WIDTH)
    return TRUE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->action_bar)))
    return self->narrow;
  /* With words, narrow once the buttons do not get their whole width
   * (GtkActionBar would rather scroll them away than shorten the selection's
   * words). Back to words once there is room for the words and the buttons
   * as measured with them, and more room than when they went: never back
   * and forth at one width. */
  if (!self->narrow)
    {
      GtkWidget *buttons = gtk_widget_get_parent (GTK_WIDGET (self->monitor_button));
      GtkWidget *scroller = gtk_widget_get_ancestor (buttons, GTK_TYPE_SCROLLED_WINDOW);
      int words, needed;

      gtk_widget_measure (GTK_WIDGET (self->selection_label), GTK_ORIENTATION_HORIZONTAL, -1,
                          NULL, &words, NULL, NULL);
      gtk_widget_measure (buttons, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &needed, NULL, NULL);
      /* The slack: the bar's padding and spacing. */
      self->wide_action_width = words + needed + 36;
      self->narrow_room = room;
      return room < self->wide_action_width ||
             (scroller != NULL && gtk_widget_get_width (scroller) > 0 &&
              gtk_widget_get_width (scroller) < needed);
    }
  return room < self->wide_action_width || room <= self->narrow_room;
}

static gboolean
narrow_idle_cb (gpointer data)
{
  OcWindow *self = data;

  self->narrow_idle_id = 0;
  oc_window_set_narrow (self, oc_window_wants_narrow (self));
  return G_SOURCE_REMOVE;
}

/* Not from inside the allocation: showing or hiding widgets there would
 * queue a resize while one runs. */
static void
oc_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  OcWindow *self = OC_WINDOW (widget);

  GTK_WIDGET_CLASS (oc_window_parent_class)->size_allocate (widget, width, height, baseline);

  if (oc_window_wants_narrow (self) != self->narrow && self->narrow_idle_id == 0)
    self->narrow_idle_id = g_idle_add (narrow_idle_cb, self);
}

/* GObject ------------------------------------------------------------------ */

static void
oc_window_dispose (GObject *object)
{
  OcWindow *self = OC_WINDOW (object);

  g_signal_group_set_target (self->watched_signals, NULL);
  g_clear_object (&self->watched);
  g_clear_handle_id (&self->fail_idle_id, g_source_remove);
  g_clear_handle_id (&self->narrow_idle_id, g_source_remove);
  g_clear_pointer (&self->pending_error, g_free);
  oc_window_clear_connection (self);
  /* Last: the report's selection may still call back while it goes. */
  g_clear_object (&self->watched_signals);
  g_clear_object (&self->source_signals);
  g_clear_object (&self->pacer);
  g_clear_object (&self->monitor_pane_signals);
  g_clear_pointer (&self->dataverse_url, g_free);
  /* The header bar is not bound: GtkWindow unparents its titlebar itself. */
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (oc_window_parent_class)->dispose (object);
}

static void
oc_window_class_init (OcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_window_dispose;
  widget_class->size_allocate = oc_window_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OcWindow, indicator);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, views_button);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, agents_panel);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, columns_section);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, loading_title);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, loading_detail);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, error_title);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, error_detail);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, summary);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, report);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, action_bar);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, monitor_button);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, assign_button);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, force_close_button);
  gtk_widget_class_bind_template_child (widget_class, OcWindow, workspace_button);
  gtk_widget_class_bind_template_callback (widget_class, oc_window_start_connect_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_window_start_demo_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_window_start_signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_window_selected_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_window_conversation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_window_view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_window_show_agent_conversations_cb);

  _oc_window_class_actions_init (widget_class);

  g_type_ensure (OC_TYPE_CONNECTION_INDICATOR);
  g_type_ensure (OC_TYPE_START_PAGE);
  g_type_ensure (OC_TYPE_SUMMARY_STRIP);
  g_type_ensure (OC_TYPE_FILTER_BAR);
  g_type_ensure (OC_TYPE_REPORT);
  g_type_ensure (OC_TYPE_AGENTS_PANEL);
  g_type_ensure (OC_TYPE_VIEWS_BUTTON);
}

static void
oc_window_init (OcWindow *self)
{
  /* Before the template, whose children may already call back. */
  self->watched_signals = g_signal_group_new (OC_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->watched_signals, "notify",
                                  G_CALLBACK (watched_notify_cb), self);
  self->pacer = oc_frame_pacer_new (GTK_WIDGET (self));
  self->source_signals = g_signal_group_new (OC_TYPE_SOURCE);
  g_signal_group_connect_swapped (self->source_signals, "notify::state",
                                  G_CALLBACK (source_state_cb), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::status-message",
                                  G_CALLBACK (source_state_cb), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::role",
                                  G_CALLBACK (_oc_window_update_actions), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::user",
                                  G_CALLBACK (_oc_window_update_actions), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::capabilities",
                                  G_CALLBACK (_oc_window_update_actions), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::member-queues",
                                  G_CALLBACK (source_member_queues_cb), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::loading-done",
                                  G_CALLBACK (source_loading_cb), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::loading-total",
                                  G_CALLBACK (source_loading_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  /* Opens as it was left. Bound both ways: the size is written as it
   * changes; GSettings coalesces the writes. */
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  /* Column chooser from the main menu too: the header menu needs a pointer. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns",
                                  oc_report_get_column_actions (self->report));
  g_menu_append_submenu (self->columns_section, _("C_olumns"),
                         oc_report_get_columns_menu (self->report));

  _oc_window_actions_init (self);
  oc_a11y_fix_button_names (GTK_WIDGET (self));
  oc_window_update_selection_label (self);
  _oc_window_update_actions (self);
}

/**
 * oc_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a new console window, on its start page
 */
OcWindow *
oc_window_new (OcApplication *application)
{
  return g_object_new (OC_TYPE_WINDOW, "application", application, NULL);
}

/**
 * oc_window_get_source:
 *
 * Returns: (transfer none) (nullable): the source connected, or %NULL
 */
OcSource *
oc_window_get_source (OcWindow *self)
{
  g_return_val_if_fail (OC_IS_WINDOW (self), NULL);
  return self->source;
}

/**
 * oc_window_get_report:
 *
 * Returns: (transfer none): the report
 */
OcReport *
oc_window_get_report (OcWindow *self)
{
  g_return_val_if_fail (OC_IS_WINDOW (self), NULL);
  return self->report;
}

/**
 * oc_window_get_filter_bar:
 *
 * Returns: (transfer none): the filter bar above the report
 */
OcFilterBar *
oc_window_get_filter_bar (OcWindow *self)
{
  g_return_val_if_fail (OC_IS_WINDOW (self), NULL);
  return self->filter_bar;
}

/**
 * oc_window_get_summary:
 *
 * Returns: (transfer none): the summary strip under the header
 */
OcSummaryStrip *
oc_window_get_summary (OcWindow *self)
{
  g_return_val_if_fail (OC_IS_WINDOW (self), NULL);
  return self->summary;
}

/**
 * oc_window_get_page:
 *
 * Returns: (transfer none): the page shown: "start", "loading", "report" or
 *   "error"
 */
const char *
oc_window_get_page (OcWindow *self)
{
  g_return_val_if_fail (OC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/**
 * oc_window_get_banner:
 *
 * Returns: (transfer none) (nullable): the "data as of" banner's text while
 *   it shows, else %NULL
 */
const char *
oc_window_get_banner (OcWindow *self)
{
  g_return_val_if_fail (OC_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;

  return gtk_label_get_label (self->banner_label);
}

/**
 * oc_window_get_status_text:
 *
 * Returns: (transfer none): what the connection indicator says
 */
const char *
oc_window_get_status_text (OcWindow *self)
{
  g_return_val_if_fail (OC_IS_WINDOW (self), NULL);
  return oc_connection_indicator_get_text (self->indicator);
}
