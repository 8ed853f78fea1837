// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-force-close-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-force-close-dialog-private.h"

struct _OcForceCloseDialog
{
  OcActionDialog  parent_instance;

  GtkWidget      *cancel_button;
  GtkWidget      *primary_button;
  GtkLabel       *consequence;
};

G_DEFINE_FINAL_TYPE (OcForceCloseDialog, oc_force_close_dialog, OC_TYPE_ACTION_DIALOG)

static gboolean
oc_force_close_dialog_allows_status (OcActionDialog *dialog,
                                     OcStatus        status)
{
  return oc_status_is_live (status);
}

static void
oc_force_close_dialog_start (OcActionDialog      *dialog,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  oc_source_force_close_async (oc_action_dialog_get_source (dialog),
                               oc_conversation_get_id (oc_action_dialog_get_conversation (dialog)),
                               cancellable, callback, user_data);
}

/* Nobody is told who is not there: a conversation still in its queue has no
 * agent. */
static void
oc_force_close_dialog_update_consequence (OcForceCloseDialog *self)
{
  OcConversation *conversation = oc_action_dialog_get_conversation (OC_ACTION_DIALOG (self));

  gboolean has_agent = oc_conversation_get_agent_id (conversation) != NULL;

  gtk_label_set_label (self->consequence,
                       has_agent ? _("The customer’s session ends at once. The agent and the customer are told that a supervisor ended the conversation. This cannot be undone.")
                                 : _("The customer’s session ends at once. The customer is told that a supervisor ended the conversation. This cannot be undone."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->primary_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  has_agent ? _("Ends the conversation for the customer and the agent")
                                            : _("Ends the conversation for the customer"),
                                  -1);
}

static void
oc_force_close_dialog_constructed (GObject *object)
{
  OcForceCloseDialog *self = OC_FORCE_CLOSE_DIALOG (object);

  G_OBJECT_CLASS (oc_force_close_dialog_parent_class)->constructed (object);

  oc_force_close_dialog_update_consequence (self);
  g_signal_connect_object (oc_action_dialog_get_conversation (OC_ACTION_DIALOG (self)),
                           "notify::agent-id",
                           G_CALLBACK (oc_force_close_dialog_update_consequence), self,
                           G_CONNECT_SWAPPED);
}

static void
oc_force_close_dialog_class_init (OcForceCloseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OcActionDialogClass *dialog_class = OC_ACTION_DIALOG_CLASS (klass);

  object_class->constructed = oc_force_close_dialog_constructed;

  dialog_class->allows_status = oc_force_close_dialog_allows_status;
  dialog_class->start = oc_force_close_dialog_start;
  /* No "done" text: the report says "force-closed" when the conversation
   * leaves it, which is when it is true for everyone. */
  dialog_class->rule_broken_hint = N_("Close this window and check the report.");
  dialog_class->required_capability = OC_SOURCE_CAN_FORCE_CLOSE;
  dialog_class->unsupported_title = N_("Close in the Dynamics 365 workspace");
  dialog_class->unsupported_text = N_("Closing conversations from this console is turned off for Dynamics 365 (an administrator can turn it on). Open the conversation in the Customer Service workspace to close it.");

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-force-close-dialog.ui");
  oc_action_dialog_class_bind_template_children (widget_class);
  gtk_widget_class_bind_template_child (widget_class, OcForceCloseDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, OcForceCloseDialog, primary_button);
  gtk_widget_class_bind_template_child (widget_class, OcForceCloseDialog, consequence);
}

static void
oc_force_close_dialog_init (OcForceCloseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * oc_force_close_dialog_new:
 * @parent: (nullable): the window it is modal and transient for
 * @source: the source the action goes through
 * @conversation: the conversation
 *
 * A dialog that asks before ending a live conversation for everyone in it.
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
GtkWidget *
oc_force_close_dialog_new (GtkWindow      *parent,
                           OcSource       *source,
                           OcConversation *conversation)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OC_IS_SOURCE (source), NULL);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), NULL);

  return g_object_new (OC_TYPE_FORCE_CLOSE_DIALOG,
                       "transient-for", parent,
                       "source", source,
                       "conversation", conversation,
                       NULL);
}

/**
 * oc_force_close_dialog_present:
 * @parent: (nullable): the window it is modal and transient for
 * @source: the source the action goes through
 * @conversation: the conversation
 *
 * Creates the dialog and shows it.
 */
void
oc_force_close_dialog_present (GtkWindow      *parent,
                               OcSource       *source,
                               OcConversation *conversation)
{
  GtkWidget *dialog = oc_force_close_dialog_new (parent, source, conversation);

  g_return_if_fail (dialog != NULL);

  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
_oc_force_close_dialog_get_cancel (OcForceCloseDialog *self)
{
  return self->cancel_button;
}

GtkWidget *
_oc_force_close_dialog_get_primary (OcForceCloseDialog *self)
{
  return self->primary_button;
}

GtkLabel *
_oc_force_close_dialog_get_consequence (OcForceCloseDialog *self)
{
  g_return_val_if_fail (OC_IS_FORCE_CLOSE_DIALOG (self), NULL);
  return self->consequence;
}
