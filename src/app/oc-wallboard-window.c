// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-wallboard-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "oc-client.h"
#include "oc-kiosk.h"
#include "oc-style.h"

#include "oc-wallboard-window-private.h"

/* Rows kept for the attention list: enough for many pages, few enough that
 * a page comes round again within minutes. */
#define MAX_ATTENTION        200
/* Type size at scale 1 on a 1920×1080 screen; it follows the screen's
 * height, and its width where that is narrower than 16:9 (a 16:10 or 5:4
 * monitor), so the tiles and columns always fit across. */
#define BASE_FONT_PX         20.0
/* A source that gave up is started again after this long, doubling. */
#define RETRY_MIN_SECONDS    15
#define RETRY_MAX_SECONDS    300

G_DEFINE_FINAL_TYPE (OcWallboardWindow, oc_wallboard_window, GTK_TYPE_APPLICATION_WINDOW)

static gboolean
is_live (OcWallboardWindow *self)
{
  return oc_source_get_state (self->source) == OC_SOURCE_STATE_LIVE;
}

/* Stale figures are frozen at the last moment we heard from the server, so
 * that wait times do not keep growing on data nobody can vouch for. */
static gint64
data_now (OcWallboardWindow *self)
{
  gint64 last = oc_source_get_last_event_time (self->source);

  if (!is_live (self) && last > 0)
    return last / G_USEC_PER_SEC;
  return oc_conversation_store_now (self->store);
}

static const char *
queue_name (OcWallboardWindow *self,
            const char        *queue_id)
{
  OcQueue *queue = oc_conversation_store_lookup_queue (self->store, queue_id);

  if (queue != NULL && oc_queue_get_name (queue) != NULL && oc_queue_get_name (queue)[0] != '\0')
    return oc_queue_get_name (queue);
  return queue_id;
}

static void
update_scope (OcWallboardWindow *self,
              guint              total)
{
  g_autoptr(GString) scope = g_string_new (NULL);

  g_assert (OC_IS_WALLBOARD_WINDOW (self));

  if (self->filter.queue_ids == NULL || self->filter.queue_ids[0] == NULL)
    g_string_append (scope, _("All queues"));
  else
    for (guint i = 0; self->filter.queue_ids[i] != NULL; i++)
      {
        if (i > 0)
          g_string_append (scope, C_("list separator", ", "));
        g_string_append (scope, queue_name (self, self->filter.queue_ids[i]));
      }

  g_string_append (scope, " · ");
  if (self->filter.channel_mask == 0)
    g_string_append (scope, _("All channels"));
  else
    {
      guint n = 0;

      for (OcChannel channel = OC_CHANNEL_CHAT; channel <= OC_CHANNEL_VOICE; channel++)
        if (self->filter.channel_mask & (1u << channel))
          {
            if (n++ > 0)
              g_string_append (scope, C_("list separator", ", "));
            g_string_append (scope, oc_channel_get_label (channel));
          }
    }

  g_string_append (scope, " · ");
  g_string_append_printf (scope, g_dngettext (NULL, "%u live conversation", "%u live conversations", total),
                          total);

  if (g_strcmp0 (gtk_label_get_text (self->scope_label), scope->str) != 0)
    gtk_label_set_text (self->scope_label, scope->str);
}

static void
update_page_label (OcWallboardWindow *self)
{
  guint n_pages = oc_wallboard_list_get_n_pages (self->list);
  g_autofree char *text = NULL;

  if (n_pages > 1)
    /* Translators: the attention list pages by itself, e.g. "Page 2 of 5" */
    text = g_strdup_printf (_("Page %u of %u"), oc_wallboard_list_get_page (self->list) + 1, n_pages);
  else
    text = g_strdup ("");

  if (g_strcmp0 (gtk_label_get_text (self->page_label), text) != 0)
    gtk_label_set_text (self->page_label, text);
}

static void
update_attention_label (OcWallboardWindow *self,
                        OcWallboardStats  *stats)
{
  g_autofree char *text = NULL;

  if (stats->attention_total > stats->attention->len)
    /* Translators: the list is cut to the most urgent ones */
    text = g_strdup_printf (_("Needs attention · the %u most urgent of %u"),
                            stats->attention->len, stats->attention_total);
  else if (stats->attention_total > 0)
    text = g_strdup_printf (_("Needs attention · %u"), stats->attention_total);
  else
    text = g_strdup (_("Needs attention"));

  if (g_strcmp0 (gtk_label_get_text (self->attention_label), text) != 0)
    gtk_label_set_text (self->attention_label, text);
}

/* A plain array of the store's rows: a refresh reads every row once a
 * second, and the store's own lookup by position costs a tree walk each. */
static void
store_items_changed_cb (OcWallboardWindow *self,
                        guint              position,
                        guint              removed,
                        guint              added,
                        GListModel        *store)
{
  guint tail;

  g_ptr_array_remove_range (self->rows, position, removed);
  tail = self->rows->len - position;
  g_ptr_array_set_size (self->rows, self->rows->len + added);
  memmove (&self->rows->pdata[position + added], &self->rows->pdata[position],
           tail * sizeof (gpointer));
  for (guint i = 0; i < added; i++)
    self->rows->pdata[position + i] = g_list_model_get_item (store, position + i);
}

static void
update_clock (OcWallboardWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format (now, "%H:%M");

  if (g_strcmp0 (gtk_label_get_text (self->clock_label), text) != 0)
    gtk_label_set_text (self->clock_label, text);
}

void
oc_wallboard_window_refresh (OcWallboardWindow *self)
{
  g_autoptr(OcWallboardStats) stats = NULL;
  gboolean have_data;

  g_return_if_fail (OC_IS_WALLBOARD_WINDOW (self));

  stats = oc_wallboard_stats_compute ((OcConversation * const *) self->rows->pdata, self->rows->len,
                                      &self->filter, data_now (self));
  /* Zeros before the first snapshot would claim a quiet floor. */
  have_data = is_live (self) ||
              oc_source_get_last_event_time (self->source) > 0 ||
              g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0;

  update_clock (self);
  update_scope (self, stats->total);
  oc_wallboard_tiles_update (self->tiles, stats, have_data);
  if (self->agents_tile)
    {
      OcWallboardAgents agents;

      oc_wallboard_count_agents (oc_conversation_store_get_agents (self->store), &self->filter, &agents);
      oc_wallboard_tiles_set_agents (self->tiles, &agents, have_data);
    }
  else
    oc_wallboard_tiles_set_agents (self->tiles, NULL, have_data);
  update_attention_label (self, stats);
  oc_wallboard_list_update (self->list, stats, &self->filter, self->store);
  update_page_label (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  oc_wallboard_window_refresh (OC_WALLBOARD_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

void
oc_wallboard_window_next_page (OcWallboardWindow *self)
{
  g_return_if_fail (OC_IS_WALLBOARD_WINDOW (self));

  oc_wallboard_list_next_page (self->list);
  update_page_label (self);
}

static gboolean
page_cb (gpointer user_data)
{
  oc_wallboard_window_next_page (OC_WALLBOARD_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

/* Connection ------------------------------------------------------------ */

/* The banner over stale data, and starting a source again that gave up. */

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

static void
update_connection (OcWallboardWindow *self)
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

static void
source_state_changed_cb (OcWallboardWindow *self)
{
  update_connection (self);
  oc_wallboard_window_refresh (self);
}

static void
last_event_time_cb (OcWallboardWindow *self)
{
  /* Heard on every event; only the banner's "as of" needs it. */
  if (self->stale)
    update_connection (self);
}

/* Settings -------------------------------------------------------------- */

static int
wanted_type_px (OcWallboardWindow *self)
{
  double scale = g_settings_get_double (self->settings, "kiosk-scale");
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double fit;

  if (width <= 0 || height <= 0)
    width = 1920, height = 1080;
  fit = MIN (height / 1080.0, width / 1920.0);
  return (int) lround (CLAMP (BASE_FONT_PX * scale * fit, 8.0, 400.0));
}

static void
update_type_scale (OcWallboardWindow *self)
{
  g_autofree char *css = NULL;
  int px;

  if (self->settings == NULL)
    return;
  px = wanted_type_px (self);
  if (px == self->type_px)
    return;
  self->type_px = px;
  /* Whole pixels: no decimal separator for a locale to get wrong. */
  css = g_strdup_printf ("window.wallboard { font-size: %dpx; }", px);
  gtk_css_provider_load_from_data (self->type_provider, css, -1);
}

static gboolean
update_type_scale_cb (gpointer user_data)
{
  OcWallboardWindow *self = user_data;

  self->type_source = 0;
  update_type_scale (self);
  return G_SOURCE_REMOVE;
}

static void
restart_page_timer (OcWallboardWindow *self)
{
  g_clear_handle_id (&self->page_source, g_source_remove);
  self->page_source = g_timeout_add_seconds (self->page_seconds, page_cb, self);
}

static void
load_settings (OcWallboardWindow *self)
{
  g_auto(GStrv) channels = NULL;
  guint page_seconds;

  g_assert (OC_IS_WALLBOARD_WINDOW (self));

  g_clear_pointer (&self->filter.queue_ids, g_strfreev);
  self->filter.queue_ids = g_settings_get_strv (self->settings, "kiosk-queues");

  channels = g_settings_get_strv (self->settings, "kiosk-channels");
  self->filter.channel_mask = 0;
  for (guint i = 0; channels[i] != NULL; i++)
    {
      OcChannel channel = oc_enum_from_nick (OC_TYPE_CHANNEL, channels[i]);

      if (channel == OC_CHANNEL_UNKNOWN)
        g_warning ("kiosk-channels: “%s” is not a channel (chat, messaging, voice)", channels[i]);
      else
        self->filter.channel_mask |= 1u << channel;
    }
  oc_wait_thresholds_load (&self->filter.thresholds, self->settings);
  oc_wallboard_tiles_set_filter (self->tiles, &self->filter);
  self->agents_tile = g_settings_get_boolean (self->settings, "kiosk-agents-tile");

  page_seconds = MAX (g_settings_get_uint (self->settings, "kiosk-page-seconds"), 1);
  if (page_seconds != self->page_seconds)
    {
      self->page_seconds = page_seconds;
      restart_page_timer (self);
    }

  update_type_scale (self);
}

static void
settings_changed_cb (OcWallboardWindow *self)
{
  load_settings (self);
  oc_wallboard_window_refresh (self);
}

static void
oc_wallboard_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (oc_wallboard_window_parent_class)->map (widget);
  update_type_scale (OC_WALLBOARD_WINDOW (widget));
}

static void
oc_wallboard_window_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  OcWallboardWindow *self = OC_WALLBOARD_WINDOW (widget);

  GTK_WIDGET_CLASS (oc_wallboard_window_parent_class)->size_allocate (widget, width, height, baseline);

  /* Type follows the screen; new CSS relayouts, so not from in here. */
  if (self->settings != NULL && self->type_source == 0 &&
      wanted_type_px (self) != self->type_px)
    self->type_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_type_scale_cb, self, NULL);
}

/* GObject --------------------------------------------------------------- */

static void
oc_wallboard_window_dispose (GObject *object)
{
  OcWallboardWindow *self = OC_WALLBOARD_WINDOW (object);

  g_clear_object (&self->kiosk);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_handle_id (&self->page_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->type_source, g_source_remove);

  g_clear_object (&self->source_signals);
  g_clear_object (&self->pacer);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->settings_signals);
  g_clear_object (&self->source);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->settings);

  if (self->type_provider != NULL)
    {
      oc_style_remove_provider (gtk_widget_get_display (GTK_WIDGET (self)),
                                GTK_STYLE_PROVIDER (self->type_provider));
      g_clear_object (&self->type_provider);
    }

  G_OBJECT_CLASS (oc_wallboard_window_parent_class)->dispose (object);
}

static void
oc_wallboard_window_finalize (GObject *object)
{
  OcWallboardWindow *self = OC_WALLBOARD_WINDOW (object);

  g_clear_pointer (&self->filter.queue_ids, g_strfreev);
  G_OBJECT_CLASS (oc_wallboard_window_parent_class)->finalize (object);
}

static void
oc_wallboard_window_class_init (OcWallboardWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_wallboard_window_dispose;
  object_class->finalize = oc_wallboard_window_finalize;

  widget_class->map = oc_wallboard_window_map;
  widget_class->size_allocate = oc_wallboard_window_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-wallboard-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, content);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, scope_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, banner_detail);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, data_box);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, tiles);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, attention_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, page_label);
  gtk_widget_class_bind_template_child (widget_class, OcWallboardWindow, list);

  /* No actions and no shortcuts: deliberately nothing to install here. */

  g_type_ensure (OC_TYPE_WALLBOARD_TILES);
  g_type_ensure (OC_TYPE_WALLBOARD_LIST);
  /* The settings' signal group looks "changed" up as it connects it. */
  g_type_class_unref (g_type_class_ref (G_TYPE_SETTINGS));
}

static void
oc_wallboard_window_init (OcWallboardWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter.max_attention = MAX_ATTENTION;
  self->retry_seconds = RETRY_MIN_SECONDS;

  self->source_signals = g_signal_group_new (OC_TYPE_SOURCE);
  g_signal_group_connect_swapped (self->source_signals, "notify::state",
                                  G_CALLBACK (source_state_changed_cb), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::status-message",
                                  G_CALLBACK (update_connection), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::last-event-time",
                                  G_CALLBACK (last_event_time_cb), self);
  self->store_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->store_signals, "items-changed",
                                  G_CALLBACK (store_items_changed_cb), self);
  self->settings_signals = g_signal_group_new (G_TYPE_SETTINGS);
  g_signal_group_connect_swapped (self->settings_signals, "changed",
                                  G_CALLBACK (settings_changed_cb), self);

  self->type_provider = gtk_css_provider_new ();
  oc_style_add_provider (gtk_widget_get_display (GTK_WIDGET (self)),
                         GTK_STYLE_PROVIDER (self->type_provider),
                         GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);

  gtk_window_fullscreen (GTK_WINDOW (self));
}

/**
 * oc_wallboard_window_new:
 * @application: the application
 * @client: the reference-protocol client to show
 *
 * Returns: (transfer none): a new wallboard over @client; see
 *   oc_wallboard_window_new_for_source()
 */
OcWallboardWindow *
oc_wallboard_window_new (GtkApplication *application,
                         OcClient       *client)
{
  g_return_val_if_fail (OC_IS_CLIENT (client), NULL);

  return oc_wallboard_window_new_for_source (application, OC_SOURCE (client));
}

/**
 * oc_wallboard_window_new_for_source:
 * @application: the application
 * @source: the source whose store to show; the board never stops it, and
 *   starts it again if it gives up
 *
 * Returns: (transfer none): a new fullscreen wallboard over any backend
 */
OcWallboardWindow *
oc_wallboard_window_new_for_source (GtkApplication *application,
                                    OcSource       *source)
{
  OcWallboardWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (OC_IS_SOURCE (source), NULL);

  self = g_object_new (OC_TYPE_WALLBOARD_WINDOW, "application", application, NULL);
  /* GtkApplication gave the window the console's Keyboard Shortcuts
   * (gtk/help-overlay.ui); a wallboard has no keys to list, nor any action. */
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), NULL);
  g_action_map_remove_action (G_ACTION_MAP (self), "show-help-overlay");
  self->source = g_object_ref (source);
  self->store = g_object_ref (oc_source_get_store (source));
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  store_items_changed_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                          G_LIST_MODEL (self->store));
  g_signal_group_set_target (self->store_signals, self->store);
  self->settings = g_settings_new (APP_ID);

  g_signal_group_set_target (self->source_signals, self->source);
  g_signal_group_set_target (self->settings_signals, self->settings);
  /* A floor's TV is painted all day: its changes come once a frame too. */
  self->pacer = oc_frame_pacer_new (GTK_WIDGET (self));
  oc_frame_pacer_set_source (self->pacer, self->source);

  load_settings (self);
  update_connection (self);
  oc_wallboard_window_refresh (self);
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);

  /* After the application is set: see oc_kiosk_new(). */
  self->kiosk = oc_kiosk_new (GTK_WINDOW (self));

  return self;
}

/* Private (tests) ------------------------------------------------------- */

void
oc_wallboard_window_hide_pointer (OcWallboardWindow *self)
{
  g_return_if_fail (OC_IS_WALLBOARD_WINDOW (self));
  oc_kiosk_hide_pointer (self->kiosk);
}

gboolean
oc_wallboard_window_get_pointer_hidden (OcWallboardWindow *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_WINDOW (self), FALSE);
  return oc_kiosk_get_pointer_hidden (self->kiosk);
}

OcWallboardList *
oc_wallboard_window_get_list (OcWallboardWindow *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_WINDOW (self), NULL);
  return self->list;
}

OcWallboardTile *
oc_wallboard_window_get_tile (OcWallboardWindow *self,
                              const char        *name)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_WINDOW (self), NULL);
  return oc_wallboard_tiles_get_tile (self->tiles, name);
}

const char *
oc_wallboard_window_get_banner_text (OcWallboardWindow *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (self->banner))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

gboolean
oc_wallboard_window_get_stale (OcWallboardWindow *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_WINDOW (self), FALSE);
  return gtk_widget_has_css_class (self->data_box, "stale");
}

const char *
oc_wallboard_window_get_page_text (OcWallboardWindow *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_WINDOW (self), NULL);
  return gtk_label_get_text (self->page_label);
}

guint
oc_wallboard_window_get_inhibit_cookie (OcWallboardWindow *self)
{
  g_return_val_if_fail (OC_IS_WALLBOARD_WINDOW (self), 0);
  return oc_kiosk_get_inhibit_cookie (self->kiosk);
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
