// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-force-close-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-action-dialog.h"
#include "oc-force-close-dialog-private.h"
#include "oc-open-uri.h"

/*
 * The Force close confirmation, a message dialog (#18): the subject as its
 * body (plain text), who is told, and Cancel as the default. A message
 * dialog closes as soon as a response is chosen; this one stays open while
 * "force-close" or "workspace" runs, so a refusal is explained where the
 * supervisor asked (see close_request below).
 */
struct _OcForceCloseDialog
{
  AdwMessageDialog  parent_instance;

  OcSource         *source;
  OcConversation   *conversation;
  char             *agent_id;      /* when opened: a change means someone else acted */
  GCancellable     *cancellable;   /* of the request under way */
  guint             close_id;      /* the close a response button asked for */
  GtkWindow        *parent;        /* kept: see constructed() */

  gboolean          busy;
  gboolean          keep_open;     /* the response that closed us acts */
  gboolean          removed;       /* it left the live set */
  gboolean          blocked;       /* ended, changed, viewer or unsupported */

  GtkLabel         *summary;
  GtkLabel         *consequence;
  GtkWidget        *message_area;
  GtkLabel         *message_title;
  GtkLabel         *message_text;
  GtkSpinner       *spinner;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_CONVERSATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OcForceCloseDialog, oc_force_close_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
show_message (OcForceCloseDialog *self,
              const char         *title,
              const char         *text)
{
  g_assert (OC_IS_FORCE_CLOSE_DIALOG (self));

  /* Plain text: server messages and names are never markup. */
  gtk_label_set_text (self->message_title, title);
  gtk_label_set_text (self->message_text, text);
  gtk_widget_set_visible (self->message_area, TRUE);
}

static void
update_actions (OcForceCloseDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  g_assert (OC_IS_FORCE_CLOSE_DIALOG (self));

  adw_message_dialog_set_response_enabled (dialog, "force-close", !self->busy && !self->blocked);
  if (adw_message_dialog_has_response (dialog, "workspace"))
    adw_message_dialog_set_response_enabled (dialog, "workspace", !self->busy && !self->removed);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
}

/* The backend's own workspace, where it has one (Dynamics 365). */
static void
offer_workspace (OcForceCloseDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  if (self->removed || !oc_source_can (self->source, OC_SOURCE_HAS_WORKSPACE) ||
      adw_message_dialog_has_response (dialog, "workspace"))
    return;
  adw_message_dialog_add_response (dialog, "workspace", _("_Open in Workspace"));
}

/* Nobody is told who is not there: a conversation still in its queue has no
 * agent. */
static void
update_text (OcForceCloseDialog *self)
{
  const char *subject = oc_conversation_get_subject (self->conversation);
  g_autofree char *summary = NULL;
  gboolean has_agent = oc_conversation_get_agent_id (self->conversation) != NULL;

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                               subject != NULL && subject[0] != '\0' ? subject : _("(No subject)"));
  summary = oc_action_dialog_describe_conversation (oc_source_get_store (self->source), self->conversation);
  gtk_label_set_text (self->summary, summary);
  gtk_label_set_text (self->consequence,
                      has_agent ? _("The customer’s session ends at once. The agent and the customer are told that a supervisor ended the conversation. This cannot be undone.")
                                : _("The customer’s session ends at once. The customer is told that a supervisor ended the conversation. This cannot be undone."));
}

static void
check_conversation (OcForceCloseDialog *self)
{
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (self->busy || self->blocked)
    return;
  if (oc_action_dialog_explain_change (oc_source_get_store (self->source), self->conversation,
                                       self->removed,
                                       oc_status_is_live (oc_conversation_get_status (self->conversation)),
                                       self->agent_id, &title, &text))
    {
      self->blocked = TRUE;
      show_message (self, title, text);
    }
  update_actions (self);
}

static void
on_conversation_notify (OcForceCloseDialog *self)
{
  update_text (self);
  check_conversation (self);
}

static void
on_conversation_removed (OcForceCloseDialog  *self,
                         OcConversation      *conversation,
                         const char          *reason)
{
  if (g_strcmp0 (oc_conversation_get_id (conversation), oc_conversation_get_id (self->conversation)) != 0)
    return;
  self->removed = TRUE;
  check_conversation (self);
}

static void
check_role (OcForceCloseDialog *self)
{
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (self->blocked || !oc_action_dialog_explain_role (self->source, &title, &text))
    return;
  self->blocked = TRUE;
  show_message (self, title, text);
  update_actions (self);
}

static void
force_closed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OcForceCloseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *next_step = NULL;

  if (oc_source_action_finish (OC_SOURCE (source), result, &error))
    {
      /* No toast: the report says "force-closed" when the conversation
       * leaves it, which is when it is true for everyone. */
      self->busy = FALSE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  g_debug ("Force close refused: %s", error->message);
  oc_action_dialog_explain_error (error, _("Close this window and check the report."), &title, &next_step);
  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_STATE_CHANGED) ||
      g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_NOT_FOUND) ||
      g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN))
    self->blocked = TRUE;
  show_message (self, title, next_step);
  offer_workspace (self);
  update_actions (self);
}

static void
workspace_opened_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OcForceCloseDialog) self = user_data;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (oc_action_dialog_workspace_finish (result, &title, &text))
    gtk_window_destroy (GTK_WINDOW (self));
  else if (title != NULL)
    show_message (self, title, text);
}

static void
close_cb (gpointer data)
{
  OcForceCloseDialog *self = data;

  self->close_id = 0;
  if (!self->keep_open)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* A response button closes the dialog first and says which response after,
 * in the same turn of the main loop: the close waits for that turn, so the
 * responses that act can keep the dialog open. Escape closes it the same
 * way; either cancels a request under way. */
static gboolean
oc_force_close_dialog_close_request (GtkWindow *window)
{
  OcForceCloseDialog *self = OC_FORCE_CLOSE_DIALOG (window);

  self->keep_open = FALSE;
  g_cancellable_cancel (self->cancellable);
  self->busy = FALSE;
  if (self->close_id == 0)
    self->close_id = g_idle_add_once (close_cb, self);
  return TRUE;
}

static void
oc_force_close_dialog_response (AdwMessageDialog *dialog,
                                const char       *response)
{
  OcForceCloseDialog *self = OC_FORCE_CLOSE_DIALOG (dialog);
  gboolean acts = g_str_equal (response, "force-close") || g_str_equal (response, "workspace");

  self->keep_open = acts;
  if (!acts)
    {
      if (self->close_id == 0)
        self->close_id = g_idle_add_once (close_cb, self);
      return;
    }
  /* The response is disabled then; a direct call must not send either. */
  if (self->busy || !adw_message_dialog_get_response_enabled (dialog, response))
    return;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (g_str_equal (response, "workspace"))
    {
      oc_open_workspace_async (GTK_WIDGET (self), self->source, oc_conversation_get_id (self->conversation),
                               self->cancellable, workspace_opened_cb, g_object_ref (self));
      return;
    }

  self->busy = TRUE;
  gtk_widget_set_visible (self->message_area, FALSE);
  update_actions (self);
  oc_source_force_close_async (self->source, oc_conversation_get_id (self->conversation),
                               self->cancellable, force_closed_cb, g_object_ref (self));
}

static void
oc_force_close_dialog_constructed (GObject *object)
{
  OcForceCloseDialog *self = OC_FORCE_CLOSE_DIALOG (object);

  G_OBJECT_CLASS (oc_force_close_dialog_parent_class)->constructed (object);

  g_assert (OC_IS_SOURCE (self->source));
  g_assert (OC_IS_CONVERSATION (self->conversation));

  self->agent_id = g_strdup (oc_conversation_get_agent_id (self->conversation));
  /* As in OcActionDialog: a request under way keeps a destroyed dialog
   * alive, and GTK keeps pointing at its transient parent. */
  g_set_object (&self->parent, gtk_window_get_transient_for (GTK_WINDOW (self)));
  g_signal_connect_object (self->conversation, "notify",
                           G_CALLBACK (on_conversation_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (oc_source_get_store (self->source), "conversation-removed",
                           G_CALLBACK (on_conversation_removed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source, "notify::role",
                           G_CALLBACK (check_role), self, G_CONNECT_SWAPPED);

  update_text (self);
  check_conversation (self);
  check_role (self);
  /* A backend that cannot close here (Dynamics 365 with its actions off):
   * said at once, with the workspace a button away. */
  if (!self->blocked && !oc_source_can (self->source, OC_SOURCE_CAN_FORCE_CLOSE))
    {
      self->blocked = TRUE;
      show_message (self, _("Close in the Dynamics 365 workspace"),
                    _("Closing conversations from this console is turned off for Dynamics 365 (an administrator can turn it on). Open the conversation in the Customer Service workspace to close it."));
      offer_workspace (self);
    }
  update_actions (self);
}

static void
oc_force_close_dialog_dispose (GObject *object)
{
  OcForceCloseDialog *self = OC_FORCE_CLOSE_DIALOG (object);

  g_clear_handle_id (&self->close_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (oc_force_close_dialog_parent_class)->dispose (object);
}

static void
oc_force_close_dialog_finalize (GObject *object)
{
  OcForceCloseDialog *self = OC_FORCE_CLOSE_DIALOG (object);

  g_clear_object (&self->source);
  g_clear_object (&self->conversation);
  g_clear_object (&self->parent);
  g_free (self->agent_id);

  G_OBJECT_CLASS (oc_force_close_dialog_parent_class)->finalize (object);
}

static void
oc_force_close_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  OcForceCloseDialog *self = OC_FORCE_CLOSE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SOURCE:       self->source = g_value_dup_object (value); break;
    case PROP_CONVERSATION: self->conversation = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_force_close_dialog_class_init (OcForceCloseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->constructed = oc_force_close_dialog_constructed;
  object_class->dispose = oc_force_close_dialog_dispose;
  object_class->finalize = oc_force_close_dialog_finalize;
  object_class->set_property = oc_force_close_dialog_set_property;
  window_class->close_request = oc_force_close_dialog_close_request;
  dialog_class->response = oc_force_close_dialog_response;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, OC_TYPE_SOURCE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, OC_TYPE_CONVERSATION,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-force-close-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OcForceCloseDialog, summary);
  gtk_widget_class_bind_template_child (widget_class, OcForceCloseDialog, consequence);
  gtk_widget_class_bind_template_child (widget_class, OcForceCloseDialog, message_area);
  gtk_widget_class_bind_template_child (widget_class, OcForceCloseDialog, message_title);
  gtk_widget_class_bind_template_child (widget_class, OcForceCloseDialog, message_text);
  gtk_widget_class_bind_template_child (widget_class, OcForceCloseDialog, spinner);
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
 * A message dialog that asks before ending a live conversation for everyone
 * in it, and sends the request itself.
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

const char *
_oc_force_close_dialog_get_consequence (OcForceCloseDialog *self)
{
  return gtk_label_get_text (self->consequence);
}

const char *
_oc_force_close_dialog_get_summary (OcForceCloseDialog *self)
{
  return gtk_label_get_text (self->summary);
}

const char *
_oc_force_close_dialog_get_message_title (OcForceCloseDialog *self)
{
  return gtk_widget_get_visible (self->message_area) ? gtk_label_get_text (self->message_title) : NULL;
}

const char *
_oc_force_close_dialog_get_message_text (OcForceCloseDialog *self)
{
  return gtk_widget_get_visible (self->message_area) ? gtk_label_get_text (self->message_text) : NULL;
}

GtkWidget *
_oc_force_close_dialog_get_message_area (OcForceCloseDialog *self)
{
  return self->message_area;
}

gboolean
_oc_force_close_dialog_get_busy (OcForceCloseDialog *self)
{
  return self->busy;
}
