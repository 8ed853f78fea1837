// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_ACTION_DIALOG (oc_action_dialog_get_type ())
G_DECLARE_DERIVABLE_TYPE (OcActionDialog, oc_action_dialog, OC, ACTION_DIALOG, GtkWindow)

/*
 * What the Assign, Transfer and Force-close dialogs share: a modal window about
 * one conversation that sends one action through OcSource. It owns the request
 * (cancelled when the window goes), shows a spinner and disables the action
 * ("dialog.confirm") while it runs, closes on success, explains a refusal in
 * plain words, and notices when the conversation changes or ends under it.
 * Escape and the "window.close" action cancel. Once the server took the
 * action, "done" says what was done, for the window to show as a toast. Where the backend cannot take
 * the action, or refused it, "dialog.open-workspace" opens the conversation
 * in the backend's own web workspace (Dynamics 365).
 *
 * A subclass's template must contain the widgets bound by
 * oc_action_dialog_class_bind_template_children() and a primary button with
 * action-name "dialog.confirm".
 */
struct _OcActionDialogClass
{
  GtkWindowClass parent_class;

  /* Next step shown under the server's own reason for a rule it refused. */
  const char *rule_broken_hint;

  /* What the backend must be able to do (OcSourceCapabilities). Without it
   * the dialog says so (these two, N_() strings) and offers the backend's
   * workspace instead, if it has one. */
  OcSourceCapabilities required_capability;
  const char *unsupported_title;
  const char *unsupported_text;

  /* Whether a conversation in @status may still get this action. */
  gboolean (*allows_status) (OcActionDialog      *self,
                             OcStatus             status);
  /* Whether the user has picked everything the action needs. */
  gboolean (*is_ready)      (OcActionDialog      *self);
  /* What the request about to start does, for the "done" signal once it
   * succeeded (a sentence, plain text). */
  char *   (*describe_done) (OcActionDialog      *self);
  /* Sends the request; the base class finishes it with oc_source_action_finish(). */
  void     (*start)         (OcActionDialog      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
};

OcSource            *oc_action_dialog_get_source       (OcActionDialog *self);
OcConversation      *oc_action_dialog_get_conversation (OcActionDialog *self);
OcConversationStore *oc_action_dialog_get_store        (OcActionDialog *self);
const char          *oc_action_dialog_get_subject      (OcActionDialog *self);
gboolean             oc_action_dialog_get_busy         (OcActionDialog *self);
gboolean             oc_action_dialog_get_blocked      (OcActionDialog *self);
void                 oc_action_dialog_update           (OcActionDialog *self);
void                 oc_action_dialog_confirm          (OcActionDialog *self);

void                 oc_action_dialog_class_bind_template_children (GtkWidgetClass *widget_class);

char                *oc_action_dialog_describe_conversation (OcConversationStore *store,
                                                            OcConversation      *conversation);
gboolean             oc_action_dialog_explain_change   (OcConversationStore  *store,
                                                        OcConversation       *conversation,
                                                        gboolean              removed,
                                                        gboolean              allowed,
                                                        const char           *agent_id,
                                                        char                **title,
                                                        char                **text);
gboolean             oc_action_dialog_explain_role     (OcSource             *source,
                                                        char                **title,
                                                        char                **text);
gboolean             oc_action_dialog_workspace_finish (GAsyncResult   *result,
                                                        char          **title,
                                                        char          **text);
void                 oc_action_dialog_explain_error    (const GError   *error,
                                                        const char     *rule_hint,
                                                        char          **title,
                                                        char          **next_step);

G_END_DECLS
