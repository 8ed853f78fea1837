// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-stepping-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-format.h"
#include "oc-stepping-bar.h"

struct _OcSteppingBar
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *watchers_box;
  GtkLabel       *watchers_label;
  GtkWidget      *flag_box;
  GtkLabel       *flag_label;
  GtkWidget      *lower_button;
  GtkWidget      *whisper_box;
  GtkEntry       *whisper_entry;
  GtkLabel       *note_label;

  OcSource       *source;
  OcConversation *conversation;
  GSignalGroup   *conversation_signals;
  GSignalGroup   *source_signals;
  GCancellable   *cancellable;
  char           *error;          /* the last action's failure, shown until the next */
  gboolean        ended;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (OcSteppingBar, oc_stepping_bar, GTK_TYPE_WIDGET)

/**
 * oc_stepping_bar_describe_others:
 * @conversation: a conversation
 * @me: (nullable): the signed-in user, left out
 *
 * Returns: (transfer full) (nullable): "kim (monitoring), sam (joined)" for
 *   the users other than @me who watch @conversation, or %NULL when none do
 */
char *
oc_stepping_bar_describe_others (OcConversation *conversation,
                                 const char     *me)
{
  GPtrArray *watchers = oc_conversation_get_watchers (conversation);
  GString *text = NULL;

  for (guint i = 0; watchers != NULL && i < watchers->len; i++)
    {
      OcWatcher *w = g_ptr_array_index (watchers, i);
      const char *how;

      if (g_strcmp0 (oc_watcher_get_user (w), me) == 0)
        continue;
      if (oc_watcher_get_joined (w))
        how = C_("watcher", "joined");
      else
        how = C_("watcher", "monitoring");
      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append (text, _(", "));
      /* TRANSLATORS: a user watching a conversation: "kim (monitoring)" */
      g_string_append_printf (text, _("%s (%s)"), oc_watcher_get_user (w), how);
    }
  return text != NULL ? g_string_free (text, FALSE) : NULL;
}

static void
set_note (OcSteppingBar *self,
          const char    *note)
{
  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL && note[0] != '\0');
}

static void
update (OcSteppingBar *self)
{
  OcConversation *c = self->conversation;
  const char *me = self->source != NULL ? oc_source_get_user (self->source) : NULL;
  gboolean supervisor = self->source != NULL && oc_source_get_role (self->source) == OC_ROLE_SUPERVISOR;
  gboolean can_whisper = self->source != NULL && oc_source_can (self->source, OC_SOURCE_CAN_WHISPER);
  gboolean can_lower = self->source != NULL && oc_source_can (self->source, OC_SOURCE_CAN_LOWER_FLAG);
  gboolean live = c != NULL && !self->ended;
  gboolean has_agent = c != NULL && oc_conversation_get_agent_id (c) != NULL;
  g_autofree char *others = c != NULL ? oc_stepping_bar_describe_others (c, me) : NULL;
  const char *note = self->error;

  /* Opening a conversation someone else watches says so first. */
  if (others != NULL)
    {
      /* TRANSLATORS: who else monitors or joined the conversation shown */
      g_autofree char *text = g_strdup_printf (_("Already here: %s"), others);

      gtk_label_set_text (self->watchers_label, text);
    }
  gtk_widget_set_visible (self->watchers_box, others != NULL);

  if (c != NULL && oc_conversation_get_flag_raised_at (c) != 0)
    {
      g_autofree char *text = NULL;

      if (oc_conversation_is_flagged (c))
        /* TRANSLATORS: the agent's help flag and its reason, literal text */
        text = g_strdup_printf (_("The agent asks for help: %s"), oc_conversation_get_flag_reason (c));
      else
        {
          g_autofree char *at = oc_format_clock_time (oc_conversation_get_flag_lowered_at (c));
          const char *by = oc_conversation_get_flag_lowered_by (c);

          /* TRANSLATORS: "Help flag lowered by sam at 17:04" */
          text = g_strdup_printf (_("Help flag lowered by %s at %s"), by != NULL ? by : "?", at);
        }
      gtk_label_set_text (self->flag_label, text);
      gtk_widget_set_visible (self->flag_box, TRUE);
      gtk_widget_set_visible (self->lower_button, oc_conversation_is_flagged (c));
    }
  else
    gtk_widget_set_visible (self->flag_box, FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stepping.lower-flag",
                                 live && supervisor && can_lower && !self->busy && oc_conversation_is_flagged (c));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stepping.whisper",
                                 live && supervisor && can_whisper && has_agent && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->whisper_entry), live && supervisor && can_whisper && has_agent);

  /* Why whispering is not there, never a silent grey box. */
  if (note == NULL && c != NULL)
    {
      if (!can_whisper && self->source != NULL)
        note = oc_source_get_unavailable_reason (self->source, OC_SOURCE_CAN_WHISPER);
      else if (!supervisor)
        note = _("Viewers cannot whisper to agents.");
      else if (live && !has_agent)
        note = _("No agent handles this conversation yet, so there is no one to whisper to.");
    }
  set_note (self, note);
  gtk_widget_set_visible (self->box, c != NULL);
}

static void
whisper_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OcSteppingBar) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (oc_source_action_finish (OC_SOURCE (object), result, &error))
    gtk_editable_set_text (GTK_EDITABLE (self->whisper_entry), "");
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = g_strdup (error->message);
  update (self);
}

static void
whisper_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OcSteppingBar *self = OC_STEPPING_BAR (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->whisper_entry));

  if (self->conversation == NULL || self->source == NULL || text == NULL || text[0] == '\0')
    return;

  g_clear_pointer (&self->error, g_free);
  self->busy = TRUE;
  update (self);
  oc_source_whisper_async (self->source, oc_conversation_get_id (self->conversation), text,
                           self->cancellable, whisper_done, g_object_ref (self));
}

static void
on_entry_activate (OcSteppingBar *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "stepping.whisper", NULL);
}

static void
lower_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OcSteppingBar) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!oc_source_action_finish (OC_SOURCE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = g_strdup (error->message);
  update (self);
}

static void
lower_flag_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OcSteppingBar *self = OC_STEPPING_BAR (widget);

  if (self->conversation == NULL || self->source == NULL)
    return;

  g_clear_pointer (&self->error, g_free);
  self->busy = TRUE;
  update (self);
  oc_source_lower_flag_async (self->source, oc_conversation_get_id (self->conversation),
                              self->cancellable, lower_done, g_object_ref (self));
}

static void
oc_stepping_bar_dispose (GObject *object)
{
  OcSteppingBar *self = OC_STEPPING_BAR (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_STEPPING_BAR);
  g_clear_object (&self->conversation_signals);
  g_clear_object (&self->source_signals);
  g_clear_object (&self->conversation);
  g_clear_object (&self->source);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (oc_stepping_bar_parent_class)->dispose (object);
}

static void
oc_stepping_bar_class_init (OcSteppingBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_stepping_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/OngoingConversations/oc-stepping-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, OcSteppingBar, box);
  gtk_widget_class_bind_template_child (widget_class, OcSteppingBar, watchers_box);
  gtk_widget_class_bind_template_child (widget_class, OcSteppingBar, watchers_label);
  gtk_widget_class_bind_template_child (widget_class, OcSteppingBar, flag_box);
  gtk_widget_class_bind_template_child (widget_class, OcSteppingBar, flag_label);
  gtk_widget_class_bind_template_child (widget_class, OcSteppingBar, lower_button);
  gtk_widget_class_bind_template_child (widget_class, OcSteppingBar, whisper_box);
  gtk_widget_class_bind_template_child (widget_class, OcSteppingBar, whisper_entry);
  gtk_widget_class_bind_template_child (widget_class, OcSteppingBar, note_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);

  gtk_widget_class_install_action (widget_class, "stepping.whisper", NULL, whisper_action);
  gtk_widget_class_install_action (widget_class, "stepping.lower-flag", NULL, lower_flag_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
oc_stepping_bar_init (OcSteppingBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->conversation_signals = g_signal_group_new (OC_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::watchers", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::flagged", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::flag-raised-at", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::flag-reason", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::agent-id", G_CALLBACK (update), self);
  self->source_signals = g_signal_group_new (OC_TYPE_SOURCE);
  g_signal_group_connect_swapped (self->source_signals, "notify::role", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::user", G_CALLBACK (update), self);
  update (self);
}

GtkWidget *
oc_stepping_bar_new (void)
{
  return g_object_new (OC_TYPE_STEPPING_BAR, NULL);
}

/**
 * oc_stepping_bar_set_source:
 * @source: (nullable): where the actions go and who is signed in
 */
void
oc_stepping_bar_set_source (OcSteppingBar *self,
                            OcSource      *source)
{
  g_return_if_fail (OC_IS_STEPPING_BAR (self));

  if (!g_set_object (&self->source, source))
    return;
  g_signal_group_set_target (self->source_signals, source);
  update (self);
}

/**
 * oc_stepping_bar_set_conversation:
 * @conversation: (nullable): the conversation the monitor shows
 */
void
oc_stepping_bar_set_conversation (OcSteppingBar  *self,
                                  OcConversation *conversation)
{
  g_return_if_fail (OC_IS_STEPPING_BAR (self));

  if (self->conversation != conversation)
    {
      /* A draft whisper belongs to the conversation it was written for. */
      gtk_editable_set_text (GTK_EDITABLE (self->whisper_entry), "");
      g_clear_pointer (&self->error, g_free);
    }
  g_set_object (&self->conversation, conversation);
  g_signal_group_set_target (self->conversation_signals, conversation);
  self->ended = FALSE;
  update (self);
}

/**
 * oc_stepping_bar_set_ended:
 * @ended: whether the conversation left the floor
 */
void
oc_stepping_bar_set_ended (OcSteppingBar *self,
                           gboolean       ended)
{
  g_return_if_fail (OC_IS_STEPPING_BAR (self));

  self->ended = ended;
  update (self);
}
