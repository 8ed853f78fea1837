// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-monitor-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-message-row.h"
#include "oc-a11y.h"
#include "oc-monitor-pane-private.h"

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_CONVERSATION,
  PROP_DETACHABLE,
  PROP_JOINED,
  N_PROPS
};

enum {
  CLOSE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OcMonitorPane, oc_monitor_pane, GTK_TYPE_WIDGET)

/* What the transcript area says: the banner (ended, reconnecting, failed),
 * the placeholder, and following the newest message. */

static const char *
ended_text (const char *reason)
{
  if (g_strcmp0 (reason, "force-closed") == 0)
    return _("This conversation was closed by a supervisor. The transcript stays readable here.");
  if (g_strcmp0 (reason, "closed") == 0)
    return _("This conversation was closed. The transcript stays readable here.");
  if (g_strcmp0 (reason, "expired") == 0)
    return _("This conversation left the live set after 24 hours. The transcript stays readable here.");

  return _("This conversation has ended. The transcript stays readable here.");
}

/* "not-live" ends the transcript's stream, not the conversation. */
static gboolean
is_not_live (OcMonitorPane *self)
{
  return g_strcmp0 (self->ended_reason, "not-live") == 0;
}

gboolean
_oc_monitor_pane_is_ended (OcMonitorPane *self)
{
  return self->ended_reason != NULL && !is_not_live (self);
}

static void
set_banner (OcMonitorPane *self,
            const char    *text,
            const char    *icon_name,
            gboolean       busy,
            const char    *css_class)
{
  static const char * const classes[] = { "ended", "reconnecting", "failed", NULL };

  gtk_revealer_set_reveal_child (self->banner_revealer, text != NULL);
  if (text == NULL)
    return;

  gtk_label_set_text (self->banner_label, text);
  gtk_spinner_set_spinning (self->banner_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_spinner), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_icon), !busy);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (self->banner_icon, icon_name);

  for (guint i = 0; classes[i] != NULL; i++)
    gtk_widget_remove_css_class (self->banner, classes[i]);
  gtk_widget_add_css_class (self->banner, css_class);
}

/* The one place that turns state into what the banner and placeholder say. */
static void
update_status (OcMonitorPane *self)
{
  OcTranscriptState state;
  guint n_items;

  g_assert (OC_IS_MONITOR_PANE (self));

  n_items = self->transcript != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->transcript)) : 0;
  state = self->transcript != NULL ? oc_transcript_get_state (self->transcript)
                                   : OC_TRANSCRIPT_STATE_CONNECTING;

  if (self->conversation == NULL)
    set_banner (self, NULL, NULL, FALSE, NULL);
  else if (is_not_live (self))
    {
      /* Not over: the backend only keeps what was saved (Dynamics 365). */
      const char *why = self->transcript ? oc_transcript_get_status_message (self->transcript) : NULL;

      set_banner (self, why != NULL && why[0] != '\0' ? why
                  : _("This backend does not stream live messages: this is the transcript saved so far."),
                  "dialog-information-symbolic", FALSE, "ended");
    }
  else if (self->ended_reason != NULL)
    set_banner (self, ended_text (self->ended_reason), "dialog-information-symbolic", FALSE, "ended");
  else if (state == OC_TRANSCRIPT_STATE_RECONNECTING)
    set_banner (self, _("Reconnecting…"), NULL, TRUE, "reconnecting");
  else if (state == OC_TRANSCRIPT_STATE_CONNECTING)
    set_banner (self, _("Loading the transcript…"), NULL, TRUE, "reconnecting");
  else if (state == OC_TRANSCRIPT_STATE_FAILED)
    {
      const char *why = oc_transcript_get_status_message (self->transcript);
      g_autofree char *text =
        g_strdup_printf (_("The transcript could not be loaded: %s"),
                         why != NULL && why[0] != '\0' ? why : _("unknown error"));
      set_banner (self, text, "dialog-warning-symbolic", FALSE, "failed");
    }
  else
    set_banner (self, NULL, NULL, FALSE, NULL);

  if (self->conversation == NULL)
    gtk_label_set_text (self->placeholder_label, _("Choose a conversation to monitor"));
  else if (n_items == 0 && state == OC_TRANSCRIPT_STATE_LIVE)
    gtk_label_set_text (self->placeholder_label, _("No messages yet"));
  else
    gtk_label_set_text (self->placeholder_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label),
                          gtk_label_get_text (self->placeholder_label)[0] != '\0');

  _oc_monitor_pane_update_actions (self);
}

static void
mark_ended (OcMonitorPane *self,
            const char    *reason)
{
  if (_oc_monitor_pane_is_ended (self))
    return;

  g_free (self->ended_reason);
  self->ended_reason = g_strdup (reason != NULL ? reason : "");
  self->confirming = FALSE;

  /* The session is over: nothing left to leave, and no composer. */
  if (self->conversation != NULL)
    g_hash_table_remove (self->joined_ids, oc_conversation_get_id (self->conversation));

  /* Dynamics 365's saved transcript is "not live", not ended: the
   * conversation itself goes on. */
  oc_monitor_header_set_ended (self->header, _oc_monitor_pane_is_ended (self));
  oc_stepping_bar_set_ended (self->stepping_bar, _oc_monitor_pane_is_ended (self));
  update_status (self);
  _oc_monitor_pane_notify_joined (self);
}

/* Following the bottom: the list sticks to the newest message unless the
 * supervisor scrolled up; then new ones are counted on a button instead. */

static gboolean
adjustment_at_bottom (GtkAdjustment *adj)
{
  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
         >= gtk_adjustment_get_upper (adj) - 2.0;
}

static void
update_new_messages (OcMonitorPane *self)
{
  g_autofree char *label = NULL;

  if (self->n_new > 0)
    {
      label = g_strdup_printf (g_dngettext (NULL, "%u new message", "%u new messages", self->n_new),
                               self->n_new);
      gtk_button_set_label (self->new_messages_button, label);
      /* The name says what it does; the count is read as its description. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_messages_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label,
                                      -1);
    }
  gtk_revealer_set_reveal_child (self->new_messages_revealer, self->n_new > 0);
}

/* Following is done by anchoring GtkListView on its last item, never by
 * setting the adjustment's value: GtkListView configures the adjustment
 * inside its allocation with its own value-changed handler blocked, so a
 * value set from "changed" there moved the scrollbar but not the rows. The
 * list then drew the oldest lines, believed it was at the bottom (the wheel
 * down had nowhere to go), and never allocated again until a resize. */
void
_oc_monitor_pane_scroll_to_bottom (OcMonitorPane *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  self->following = TRUE;
  self->n_new = 0;
  update_new_messages (self);

  self->scrolling = TRUE;
  /* Stops a Page Up still animating, which would carry the view away. */
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj));
  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
  self->scrolling = FALSE;
}

/* Runs after the window laid out, in the same frame: the rows are measured
 * now, and anchoring asks for one more layout before the frame is painted
 * (GdkFrameClock repeats its layout phase while layout is requested). */
static void
on_frame_clock_layout (OcMonitorPane *self,
                       GdkFrameClock *frame_clock)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  if (!self->follow_pending)
    return;

  self->follow_pending = FALSE;
  if (self->following && !adjustment_at_bottom (adj))
    _oc_monitor_pane_scroll_to_bottom (self);
}

/* The list measured rows while laying out and is off the bottom: anchor
 * again once this layout is done (not now, inside its allocation). */
static void
queue_follow (OcMonitorPane *self)
{
  self->follow_pending = TRUE;
}

/* Connected to the selection model after the list view: the list knows the
 * new rows when this runs, so anchoring on the last one lays it out in this
 * frame. */
static void
on_items_changed (OcMonitorPane *self,
                  guint          position,
                  guint          removed,
                  guint          added,
                  GListModel    *model)
{
  if (self->following)
    {
      if (added > 0)
        {
          _oc_monitor_pane_scroll_to_bottom (self);
          /* A row not measured yet has no height, so GtkListView may think
           * it is in view already: look again after the layout. */
          queue_follow (self);
        }
    }
  else if (added > removed)
    {
      self->n_new += added - removed;
      update_new_messages (self);
    }

  /* The placeholder depends on the count only while the list is empty. */
  if (position == 0)
    update_status (self);
}

static void
on_adjustment_value_changed (OcMonitorPane *self,
                             GtkAdjustment *adj)
{
  double value = gtk_adjustment_get_value (adj);
  /* Only the reader moves the view up (wheel, touchpad, keys, scrollbar);
   * the list's own relayouts while it follows keep the value or grow it. */
  gboolean moved_up = value < self->last_value;

  self->last_value = value;
  if (self->scrolling)
    return;

  if (adjustment_at_bottom (adj))
    {
      self->following = TRUE;
      if (self->n_new > 0)
        {
          self->n_new = 0;
          update_new_messages (self);
        }
    }
  else if (moved_up)
    self->following = FALSE;
  else if (self->following)
    queue_follow (self);
}

static void
on_adjustment_changed (OcMonitorPane *self,
                       GtkAdjustment *adj)
{
  /* Rows were added or measured and pushed the bottom out of view. */
  if (self->following && !adjustment_at_bottom (adj)
      && gtk_adjustment_get_value (adj) >= self->last_value)
    queue_follow (self);
}

static void
follow_init (OcMonitorPane *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  g_signal_connect_object (adj, "value-changed",
                           G_CALLBACK (on_adjustment_value_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "changed",
                           G_CALLBACK (on_adjustment_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
}

static void
on_transcript_state (OcMonitorPane *self,
                     GParamSpec    *pspec,
                     OcTranscript  *transcript)
{
  if (oc_transcript_get_state (transcript) == OC_TRANSCRIPT_STATE_ENDED)
    mark_ended (self, oc_transcript_get_ended_reason (transcript));
  else
    update_status (self);
}

static void
on_conversation_status (OcMonitorPane  *self,
                        GParamSpec     *pspec,
                        OcConversation *conversation)
{
  if (oc_conversation_get_status (conversation) == OC_STATUS_CLOSED)
    mark_ended (self, "closed");
  else
    _oc_monitor_pane_update_actions (self);
}

static void
on_conversation_removed (OcMonitorPane       *self,
                         OcConversation      *conversation,
                         const char          *reason,
                         OcConversationStore *store)
{
  if (self->conversation == NULL || conversation == NULL)
    return;

  if (conversation == self->conversation
      || g_strcmp0 (oc_conversation_get_id (conversation), oc_conversation_get_id (self->conversation)) == 0)
    mark_ended (self, reason);
}

static void
on_role_changed (OcMonitorPane *self,
                 GParamSpec    *pspec,
                 OcSource      *source)
{
  _oc_monitor_pane_update_actions (self);
}

static void
disconnect_conversation (OcMonitorPane *self)
{
  if (self->transcript != NULL)
    {
      g_signal_group_set_target (self->transcript_signals, NULL);
      oc_transcript_stop (self->transcript);
      g_clear_object (&self->transcript);
    }

  if (self->conversation != NULL)
    {
      const char *draft = gtk_editable_get_text (GTK_EDITABLE (self->entry));

      /* A half-written message waits for the supervisor to come back. */
      if (draft != NULL && draft[0] != '\0')
        g_hash_table_insert (self->drafts,
                             g_strdup (oc_conversation_get_id (self->conversation)),
                             g_strdup (draft));
      g_signal_group_set_target (self->conversation_signals, NULL);
    }
  g_clear_object (&self->conversation);
  g_clear_pointer (&self->ended_reason, g_free);
}

static void
restore_draft (OcMonitorPane *self)
{
  g_autofree char *id = NULL;
  g_autofree char *draft = NULL;

  if (self->conversation != NULL)
    g_hash_table_steal_extended (self->drafts, oc_conversation_get_id (self->conversation),
                                 (gpointer *) &id, (gpointer *) &draft);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), draft != NULL ? draft : "");
}

static void
oc_monitor_pane_constructed (GObject *object)
{
  OcMonitorPane *self = OC_MONITOR_PANE (object);

  G_OBJECT_CLASS (oc_monitor_pane_parent_class)->constructed (object);

  if (self->source != NULL)
    {
      OcConversationStore *store = oc_source_get_store (self->source);

      oc_monitor_header_set_store (self->header, store);
      oc_stepping_bar_set_source (self->stepping_bar, self->source);
      g_signal_group_set_target (self->store_signals, store);
      g_signal_group_set_target (self->source_signals, self->source);
    }

  update_status (self);
}

static void
oc_monitor_pane_realize (GtkWidget *widget)
{
  OcMonitorPane *self = OC_MONITOR_PANE (widget);

  GTK_WIDGET_CLASS (oc_monitor_pane_parent_class)->realize (widget);

  /* Connected after the window's own layout handler: ours runs once the
   * rows are allocated. */
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  g_signal_connect_object (self->frame_clock, "layout",
                           G_CALLBACK (on_frame_clock_layout), self, G_CONNECT_SWAPPED);
}

static void
oc_monitor_pane_unrealize (GtkWidget *widget)
{
  OcMonitorPane *self = OC_MONITOR_PANE (widget);

  if (self->frame_clock != NULL)
    g_signal_handlers_disconnect_by_data (self->frame_clock, self);
  g_clear_object (&self->frame_clock);

  GTK_WIDGET_CLASS (oc_monitor_pane_parent_class)->unrealize (widget);
}

static void
oc_monitor_pane_dispose (GObject *object)
{
  OcMonitorPane *self = OC_MONITOR_PANE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  disconnect_conversation (self);
  g_clear_object (&self->transcript_signals);
  g_clear_object (&self->conversation_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->source_signals);
  if (self->selection != NULL)
    gtk_no_selection_set_model (self->selection, NULL);
  /* The template's top box is not bound: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_MONITOR_PANE);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (oc_monitor_pane_parent_class)->dispose (object);
}

static void
oc_monitor_pane_finalize (GObject *object)
{
  OcMonitorPane *self = OC_MONITOR_PANE (object);

  g_clear_pointer (&self->joined_ids, g_hash_table_unref);
  g_clear_pointer (&self->drafts, g_hash_table_unref);
  g_free (self->last_error);

  G_OBJECT_CLASS (oc_monitor_pane_parent_class)->finalize (object);
}

static void
oc_monitor_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OcMonitorPane *self = OC_MONITOR_PANE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_DETACHABLE:
      g_value_set_boolean (value, self->detachable);
      break;
    case PROP_JOINED:
      g_value_set_boolean (value, oc_monitor_pane_get_joined (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_monitor_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OcMonitorPane *self = OC_MONITOR_PANE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    case PROP_CONVERSATION:
      oc_monitor_pane_set_conversation (self, g_value_get_object (value));
      break;
    case PROP_DETACHABLE:
      oc_monitor_pane_set_detachable (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, oc_message_row_new ());
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  oc_message_row_set_message (OC_MESSAGE_ROW (gtk_list_item_get_child (item)),
                              gtk_list_item_get_item (item));
}

static void
on_entry_activate (OcMonitorPane *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "monitor.send", NULL);
}

static void
on_entry_changed (OcMonitorPane *self)
{
  _oc_monitor_pane_update_actions (self);
}

static void
oc_monitor_pane_class_init (OcMonitorPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = oc_monitor_pane_constructed;
  object_class->dispose = oc_monitor_pane_dispose;
  object_class->finalize = oc_monitor_pane_finalize;
  object_class->get_property = oc_monitor_pane_get_property;
  object_class->set_property = oc_monitor_pane_set_property;

  widget_class->realize = oc_monitor_pane_realize;
  widget_class->unrealize = oc_monitor_pane_unrealize;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         OC_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL,
                         OC_TYPE_CONVERSATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETACHABLE] =
    g_param_spec_boolean ("detachable", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOINED] =
    g_param_spec_boolean ("joined", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OcMonitorPane::close-requested:
   *
   * The supervisor asked to close the monitor; the host removes the pane.
   */
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-monitor-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, header);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, stepping_bar);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, detach_button);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, banner);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, banner_spinner);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, banner_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, selection);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, new_messages_revealer);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, new_messages_button);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, hint_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, join_button);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, leave_button);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, confirm_revealer);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, composer_revealer);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, entry);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, OcMonitorPane, workspace_button);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);

  _oc_monitor_pane_class_actions_init (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ocmonitorpane");

  g_type_ensure (OC_TYPE_MESSAGE_ROW);
  g_type_ensure (OC_TYPE_MONITOR_HEADER);
  g_type_ensure (OC_TYPE_STEPPING_BAR);
  /* A signal group looks its signals up as it connects them: the classes
   * that declare them must exist by then. */
  g_type_class_unref (g_type_class_ref (OC_TYPE_TRANSCRIPT));
  g_type_class_unref (g_type_class_ref (OC_TYPE_CONVERSATION_STORE));
}

static void
oc_monitor_pane_init (OcMonitorPane *self)
{
  g_type_ensure (OC_TYPE_MESSAGE_ROW);
  g_type_ensure (OC_TYPE_MONITOR_HEADER);
  g_type_ensure (OC_TYPE_STEPPING_BAR);

  self->joined_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->following = TRUE;
  self->detachable = TRUE;

  self->transcript_signals = g_signal_group_new (OC_TYPE_TRANSCRIPT);
  g_signal_group_connect_swapped (self->transcript_signals, "notify::state",
                                  G_CALLBACK (on_transcript_state), self);
  self->conversation_signals = g_signal_group_new (OC_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::status",
                                  G_CALLBACK (on_conversation_status), self);
  self->store_signals = g_signal_group_new (OC_TYPE_CONVERSATION_STORE);
  g_signal_group_connect_swapped (self->store_signals, "conversation-removed",
                                  G_CALLBACK (on_conversation_removed), self);
  self->source_signals = g_signal_group_new (OC_TYPE_SOURCE);
  g_signal_group_connect_swapped (self->source_signals, "notify::role",
                                  G_CALLBACK (on_role_changed), self);

  gtk_widget_init_template (GTK_WIDGET (self));
  oc_a11y_fix_button_names (GTK_WIDGET (self));

  follow_init (self);
}

/**
 * oc_monitor_pane_new:
 * @source: (nullable): the source the transcripts come from
 *
 * Returns: (transfer floating): a new, empty monitor pane
 */
GtkWidget *
oc_monitor_pane_new (OcSource *source)
{
  g_return_val_if_fail (source == NULL || OC_IS_SOURCE (source), NULL);

  return g_object_new (OC_TYPE_MONITOR_PANE, "source", source, NULL);
}

/**
 * oc_monitor_pane_get_source:
 *
 * Returns: (transfer none) (nullable): the pane's source
 */
OcSource *
oc_monitor_pane_get_source (OcMonitorPane *self)
{
  g_return_val_if_fail (OC_IS_MONITOR_PANE (self), NULL);

  return self->source;
}

/**
 * oc_monitor_pane_get_conversation:
 *
 * Returns: (transfer none) (nullable): the conversation watched
 */
OcConversation *
oc_monitor_pane_get_conversation (OcMonitorPane *self)
{
  g_return_val_if_fail (OC_IS_MONITOR_PANE (self), NULL);

  return self->conversation;
}

/**
 * oc_monitor_pane_set_conversation:
 * @conversation: (nullable): the conversation to watch, or %NULL to clear the
 *   pane
 *
 * Shows @conversation's facts and opens its transcript (the previous one is
 * stopped; a half-written message is kept for when the supervisor comes
 * back). Switching away from a joined conversation does not leave it:
 * leaving is explicit.
 */
void
oc_monitor_pane_set_conversation (OcMonitorPane  *self,
                                  OcConversation *conversation)
{
  gboolean was_joined;

  g_return_if_fail (OC_IS_MONITOR_PANE (self));
  g_return_if_fail (conversation == NULL || OC_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  was_joined = oc_monitor_pane_get_joined (self);
  disconnect_conversation (self);

  self->conversation = conversation != NULL ? g_object_ref (conversation) : NULL;
  self->confirming = FALSE;
  self->join_pending = self->leave_pending = self->send_pending = FALSE;
  self->following = TRUE;
  self->n_new = 0;
  update_new_messages (self);
  _oc_monitor_pane_show_error (self, NULL);

  restore_draft (self);

  oc_monitor_header_set_conversation (self->header, conversation);
  oc_stepping_bar_set_conversation (self->stepping_bar, conversation);

  if (conversation != NULL)
    {
      g_signal_group_set_target (self->conversation_signals, conversation);
      if (self->source != NULL)
        self->transcript = oc_source_open_transcript (self->source, oc_conversation_get_id (conversation));
    }

  g_signal_group_set_target (self->transcript_signals, self->transcript);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->transcript));

  if (conversation != NULL && oc_conversation_get_status (conversation) == OC_STATUS_CLOSED)
    mark_ended (self, "closed");
  else if (self->transcript != NULL
           && oc_transcript_get_state (self->transcript) == OC_TRANSCRIPT_STATE_ENDED)
    mark_ended (self, oc_transcript_get_ended_reason (self->transcript));

  update_status (self);

  if (was_joined != oc_monitor_pane_get_joined (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOINED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

/**
 * oc_monitor_pane_get_detachable:
 *
 * Returns: whether "Open in own window" is offered
 */
gboolean
oc_monitor_pane_get_detachable (OcMonitorPane *self)
{
  g_return_val_if_fail (OC_IS_MONITOR_PANE (self), FALSE);

  return self->detachable;
}

/**
 * oc_monitor_pane_set_detachable:
 * @detachable: whether to offer "Open in own window" (not in its own window)
 */
void
oc_monitor_pane_set_detachable (OcMonitorPane *self,
                                gboolean       detachable)
{
  g_return_if_fail (OC_IS_MONITOR_PANE (self));

  detachable = !!detachable;
  if (self->detachable == detachable)
    return;

  self->detachable = detachable;
  gtk_widget_set_visible (self->detach_button, detachable);
  _oc_monitor_pane_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETACHABLE]);
}

/**
 * oc_monitor_pane_get_joined:
 *
 * Returns: %TRUE while the supervisor has joined the conversation shown
 */
gboolean
oc_monitor_pane_get_joined (OcMonitorPane *self)
{
  g_return_val_if_fail (OC_IS_MONITOR_PANE (self), FALSE);

  return self->conversation != NULL
         && self->ended_reason == NULL
         && g_hash_table_contains (self->joined_ids, oc_conversation_get_id (self->conversation));
}

gboolean
_oc_monitor_pane_get_following (OcMonitorPane *self)
{
  return self->following;
}

guint
_oc_monitor_pane_get_n_new (OcMonitorPane *self)
{
  return self->n_new;
}

void
_oc_monitor_pane_emit_close_requested (OcMonitorPane *self)
{
  g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
}

void
_oc_monitor_pane_notify_joined (OcMonitorPane *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOINED]);
}
