// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-transfer-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent-list.h"
#include "oc-transfer-dialog-private.h"

struct _OcTransferDialog
{
  OcActionDialog  parent_instance;

  OcAgentList    *agent_list;

  OcAgentPicker  *picker;
  GtkWidget      *primary_button;
};

G_DEFINE_FINAL_TYPE (OcTransferDialog, oc_transfer_dialog, OC_TYPE_ACTION_DIALOG)

static void
on_picker_changed (OcTransferDialog *self,
                   OcAgentPicker    *picker)
{
  oc_action_dialog_update (OC_ACTION_DIALOG (self));
}

static void
on_picker_activated (OcTransferDialog *self,
                     OcAgentPicker    *picker)
{
  oc_action_dialog_confirm (OC_ACTION_DIALOG (self));
}

static gboolean
oc_transfer_dialog_allows_status (OcActionDialog *dialog,
                                  OcStatus        status)
{
  return status == OC_STATUS_ACTIVE || status == OC_STATUS_WAITING;
}

static gboolean
oc_transfer_dialog_is_ready (OcActionDialog *dialog)
{
  OcTransferDialog *self = OC_TRANSFER_DIALOG (dialog);

  /* Called from the parent's constructed(), before ours ran. */
  if (self->agent_list == NULL)
    return FALSE;

  return oc_agent_picker_get_agent (self->picker) != NULL;
}

static void
oc_transfer_dialog_start (OcActionDialog      *dialog,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  OcTransferDialog *self = OC_TRANSFER_DIALOG (dialog);
  OcAgent *agent = oc_agent_picker_get_agent (self->picker);

  g_assert (agent != NULL);

  oc_source_transfer_async (oc_action_dialog_get_source (dialog),
                            oc_conversation_get_id (oc_action_dialog_get_conversation (dialog)),
                            oc_agent_get_id (agent),
                            cancellable, callback, user_data);
}

static void
oc_transfer_dialog_constructed (GObject *object)
{
  OcTransferDialog *self = OC_TRANSFER_DIALOG (object);
  OcActionDialog *dialog = OC_ACTION_DIALOG (object);

  G_OBJECT_CLASS (oc_transfer_dialog_parent_class)->constructed (object);

  self->agent_list = oc_agent_list_new (oc_action_dialog_get_store (dialog),
                                        oc_action_dialog_get_conversation (dialog),
                                        OC_AGENT_LIST_TRANSFER);
  oc_agent_picker_set_agent_list (self->picker, self->agent_list);

  gtk_widget_grab_focus (GTK_WIDGET (self->picker));
  oc_action_dialog_update (dialog);
}

static void
oc_transfer_dialog_dispose (GObject *object)
{
  OcTransferDialog *self = OC_TRANSFER_DIALOG (object);

  if (self->picker != NULL)
    oc_agent_picker_set_agent_list (self->picker, NULL);

  G_OBJECT_CLASS (oc_transfer_dialog_parent_class)->dispose (object);

  g_clear_object (&self->agent_list);
}

static char *
oc_transfer_dialog_describe_done (OcActionDialog *dialog)
{
  OcAgent *agent = oc_agent_picker_get_agent (OC_TRANSFER_DIALOG (dialog)->picker);

  if (agent == NULL)
    return NULL;
  /* Translators: a conversation's subject, then an agent's name. */
  return g_strdup_printf (_("“%s” transferred to %s"),
                          oc_action_dialog_get_subject (dialog), oc_agent_get_name (agent));
}

static void
oc_transfer_dialog_class_init (OcTransferDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OcActionDialogClass *dialog_class = OC_ACTION_DIALOG_CLASS (klass);

  object_class->constructed = oc_transfer_dialog_constructed;
  object_class->dispose = oc_transfer_dialog_dispose;

  dialog_class->allows_status = oc_transfer_dialog_allows_status;
  dialog_class->is_ready = oc_transfer_dialog_is_ready;
  dialog_class->start = oc_transfer_dialog_start;
  dialog_class->describe_done = oc_transfer_dialog_describe_done;
  dialog_class->rule_broken_hint = N_("Pick another agent, or wait for this one to free up.");
  dialog_class->required_capability = OC_SOURCE_CAN_TRANSFER;
  dialog_class->unsupported_title = N_("Transfer in the Dynamics 365 workspace");
  dialog_class->unsupported_text = N_("Transferring from this console is turned off for Dynamics 365 (an administrator can turn it on). The list shows who is free; open the conversation in the Customer Service workspace to transfer it.");

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-transfer-dialog.ui");
  oc_action_dialog_class_bind_template_children (widget_class);
  gtk_widget_class_bind_template_child (widget_class, OcTransferDialog, picker);
  gtk_widget_class_bind_template_child (widget_class, OcTransferDialog, primary_button);
  gtk_widget_class_bind_template_callback (widget_class, on_picker_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_picker_activated);

  g_type_ensure (OC_TYPE_AGENT_PICKER);
}

static void
oc_transfer_dialog_init (OcTransferDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * oc_transfer_dialog_new:
 * @parent: (nullable): the window it is modal and transient for
 * @source: the source the action goes through
 * @conversation: the conversation
 *
 * A dialog that transfers an active or waiting conversation to another
 * agent of its queue.
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
GtkWidget *
oc_transfer_dialog_new (GtkWindow      *parent,
                        OcSource       *source,
                        OcConversation *conversation)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OC_IS_SOURCE (source), NULL);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), NULL);

  return g_object_new (OC_TYPE_TRANSFER_DIALOG,
                       "transient-for", parent,
                       "source", source,
                       "conversation", conversation,
                       NULL);
}

/**
 * oc_transfer_dialog_present:
 * @parent: (nullable): the window it is modal and transient for
 * @source: the source the action goes through
 * @conversation: the conversation
 *
 * Creates the dialog and shows it.
 */
void
oc_transfer_dialog_present (GtkWindow      *parent,
                            OcSource       *source,
                            OcConversation *conversation)
{
  GtkWidget *dialog = oc_transfer_dialog_new (parent, source, conversation);

  g_return_if_fail (dialog != NULL);

  gtk_window_present (GTK_WINDOW (dialog));
}

OcAgentPicker *
_oc_transfer_dialog_get_picker (OcTransferDialog *self)
{
  return self->picker;
}

GtkWidget *
_oc_transfer_dialog_get_primary (OcTransferDialog *self)
{
  return self->primary_button;
}
