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

static void
on_items_changed (OcMonitorPane *self,
                  guint          position,
                  guint          removed,
                  guint          added,
                  GListModel    *model)
{
  if (added > removed && !self->following)
    {
      self->n_new += added - removed;
      _oc_monitor_pane_update_new_messages (self);
    }

  /* The placeholder depends on the count only while the list is empty. */
  if (position == 0)
    _oc_monitor_pane_update_status (self);
}

static void
on_transcript_state (OcMonitorPane *self,
                     GParamSpec    *pspec,
                     OcTranscript  *transcript)
{
  if (oc_transcript_get_state (transcript) == OC_TRANSCRIPT_STATE_ENDED)
    _oc_monitor_pane_mark_ended (self, oc_transcript_get_ended_reason (transcript));
  else
    _oc_monitor_pane_update_status (self);
}

static void
on_conversation_status (OcMonitorPane  *self,
                        GParamSpec     *pspec,
                        OcConversation *conversation)
{
  if (oc_conversation_get_status (conversation) == OC_STATUS_CLOSED)
    _oc_monitor_pane_mark_ended (self, "closed");
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
    _oc_monitor_pane_mark_ended (self, reason);
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
      g_clear_signal_handler (&self->items_changed_id, self->transcript);
      g_clear_signal_handler (&self->transcript_state_id, self->transcript);
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
      g_clear_signal_handler (&self->status_id, self->conversation);
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
      if (store != NULL)
        self->removed_id = g_signal_connect_object (store, "conversation-removed",
                                                    G_CALLBACK (on_conversation_removed),
                                                    self, G_CONNECT_SWAPPED);
      self->role_id = g_signal_connect_object (self->source, "notify::role",
                                               G_CALLBACK (on_role_changed),
                                               self, G_CONNECT_SWAPPED);
    }

  _oc_monitor_pane_update_status (self);
}

static void
oc_monitor_pane_dispose (GObject *object)
{
  OcMonitorPane *self = OC_MONITOR_PANE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  disconnect_conversation (self);
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
}

static void
oc_monitor_pane_init (OcMonitorPane *self)
{
  g_type_ensure (OC_TYPE_MESSAGE_ROW);
  g_type_ensure (OC_TYPE_MONITOR_HEADER);

  self->joined_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->following = TRUE;
  self->detachable = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  oc_a11y_fix_button_names (GTK_WIDGET (self));

  _oc_monitor_pane_follow_init (self);
}

GtkWidget *
oc_monitor_pane_new (OcSource *source)
{
  g_return_val_if_fail (source == NULL || OC_IS_SOURCE (source), NULL);

  return g_object_new (OC_TYPE_MONITOR_PANE, "source", source, NULL);
}

OcSource *
oc_monitor_pane_get_source (OcMonitorPane *self)
{
  g_return_val_if_fail (OC_IS_MONITOR_PANE (self), NULL);

  return self->source;
}

OcConversation *
oc_monitor_pane_get_conversation (OcMonitorPane *self)
{
  g_return_val_if_fail (OC_IS_MONITOR_PANE (self), NULL);

  return self->conversation;
}

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
  _oc_monitor_pane_update_new_messages (self);
  _oc_monitor_pane_show_error (self, NULL);

  restore_draft (self);

  oc_monitor_header_set_conversation (self->header, conversation);

  if (conversation != NULL)
    {
      self->status_id = g_signal_connect_object (conversation, "notify::status",
                                                 G_CALLBACK (on_conversation_status),
                                                 self, G_CONNECT_SWAPPED);
      if (self->source != NULL)
        self->transcript = oc_source_open_transcript (self->source, oc_conversation_get_id (conversation));
    }

  if (self->transcript != NULL)
    {
      self->items_changed_id = g_signal_connect_object (self->transcript, "items-changed",
                                                        G_CALLBACK (on_items_changed),
                                                        self, G_CONNECT_SWAPPED);
      self->transcript_state_id = g_signal_connect_object (self->transcript, "notify::state",
                                                           G_CALLBACK (on_transcript_state),
                                                           self, G_CONNECT_SWAPPED);
    }
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->transcript));

  if (conversation != NULL && oc_conversation_get_status (conversation) == OC_STATUS_CLOSED)
    _oc_monitor_pane_mark_ended (self, "closed");
  else if (self->transcript != NULL
           && oc_transcript_get_state (self->transcript) == OC_TRANSCRIPT_STATE_ENDED)
    _oc_monitor_pane_mark_ended (self, oc_transcript_get_ended_reason (self->transcript));

  _oc_monitor_pane_update_status (self);

  if (was_joined != oc_monitor_pane_get_joined (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOINED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

gboolean
oc_monitor_pane_get_detachable (OcMonitorPane *self)
{
  g_return_val_if_fail (OC_IS_MONITOR_PANE (self), FALSE);

  return self->detachable;
}

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
