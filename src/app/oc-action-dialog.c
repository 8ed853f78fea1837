// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-action-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-a11y.h"
#include "oc-action-dialog-private.h"
#include "oc-open-uri.h"

typedef struct
{
  OcSource       *source;
  OcConversation *conversation;
  char           *agent_id;      /* when opened: a change means someone else acted */
  char           *queue_id;      /* when opened: a change is told, then chosen again */
  GCancellable   *cancellable;   /* of the request under way */
  char           *done_text;     /* what the request under way will have done */

  gboolean        busy;
  gboolean        changed;       /* the conversation no longer allows the action */
  gboolean        removed;       /* it left the live set */
  gboolean        refused;       /* the account may not act */
  gboolean        unsupported;   /* the backend cannot take this action */
  gboolean        offer_workspace; /* the backend refused: its workspace may do it */
  gboolean        conflict;      /* refused: another supervisor acted first */
  gboolean        stale;         /* …and the store does not show it yet */
  gint64          sent_revision; /* the revision the refused request named */
  GtkWindow      *parent;        /* kept: see constructed() */
  gboolean        disposed;

  /* Bound from the subclass's template. */
  GtkLabel       *summary_title;
  GtkLabel       *summary_detail;
  GtkRevealer    *message_revealer;
  GtkLabel       *message_title;
  GtkLabel       *message_text;
  GtkSpinner     *spinner;
  GtkWidget      *workspace_button;
} OcActionDialogPrivate;

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_CONVERSATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OcActionDialog, oc_action_dialog, GTK_TYPE_WINDOW)

static void
oc_action_dialog_show_message (OcActionDialog *self,
                               const char     *title,
                               const char     *text)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  g_assert (OC_IS_ACTION_DIALOG (self));

  /* Plain text: server messages and names are never markup. */
  gtk_label_set_text (priv->message_title, title);
  gtk_label_set_text (priv->message_text, text);
  gtk_revealer_set_reveal_child (priv->message_revealer, TRUE);
}

static void
oc_action_dialog_hide_message (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  gtk_revealer_set_reveal_child (priv->message_revealer, FALSE);
}

static const char *
store_agent_name (OcConversationStore *store,
                  const char          *agent_id)
{
  OcAgent *agent;

  if (agent_id == NULL)
    return NULL;
  agent = oc_conversation_store_lookup_agent (store, agent_id);
  return agent != NULL ? oc_agent_get_name (agent) : agent_id;
}

static const char *
agent_name (OcActionDialog *self,
            const char     *agent_id)
{
  return store_agent_name (oc_action_dialog_get_store (self), agent_id);
}

/**
 * oc_action_dialog_describe_conversation:
 * @store: the store the conversation is in
 * @conversation: the conversation
 *
 * Who a conversation is with, who handles it and where it is, for the
 * summary under a dialog's subject (plain text).
 *
 * Returns: (transfer full): the text
 */
char *
oc_action_dialog_describe_conversation (OcConversationStore *store,
                                        OcConversation      *conversation)
{
  const char *customer = oc_conversation_get_customer_name (conversation);
  const char *agent = store_agent_name (store, oc_conversation_get_agent_id (conversation));
  const char *queue_id = oc_conversation_get_queue_id (conversation);
  const char * const *skills = oc_conversation_get_skills (conversation);
  OcQueue *queue = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), NULL);

  if (queue_id != NULL)
    queue = oc_conversation_store_lookup_queue (store, queue_id);

  /* Translators: who a conversation is with, who handles it, where it is. */
  detail = g_strdup_printf (_("Customer: %s\nAgent: %s · Queue: %s · %s"),
                            customer != NULL && customer[0] != '\0' ? customer : _("unknown"),
                            agent != NULL ? agent : _("none"),
                            queue != NULL ? oc_queue_get_name (queue) :
                              queue_id != NULL ? queue_id : _("none"),
                            oc_status_get_label (oc_conversation_get_status (conversation)));
  if (skills != NULL && skills[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) skills);

      /* Translators: the skills a conversation requires, after the summary. */
      return g_strdup_printf (_("%s\nNeeds: %s"), detail, list);
    }
  return g_steal_pointer (&detail);
}

static void
oc_action_dialog_update_summary (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);
  g_autofree char *detail = oc_action_dialog_describe_conversation (oc_action_dialog_get_store (self),
                                                                    priv->conversation);

  gtk_label_set_text (priv->summary_title, oc_action_dialog_get_subject (self));
  gtk_label_set_text (priv->summary_detail, detail);
}

static void
oc_action_dialog_update_actions (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);
  OcActionDialogClass *klass = OC_ACTION_DIALOG_GET_CLASS (self);
  gboolean enabled;

  gboolean workspace;

  enabled = !priv->busy && !priv->changed && !priv->refused && !priv->unsupported && !priv->stale &&
            (klass->is_ready == NULL || klass->is_ready (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.confirm", enabled);

  workspace = (priv->unsupported || priv->offer_workspace) && !priv->removed &&
              oc_source_can (priv->source, OC_SOURCE_HAS_WORKSPACE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.open-workspace", workspace);
  gtk_widget_set_visible (priv->workspace_button, workspace);

  gtk_spinner_set_spinning (priv->spinner, priv->busy);
  gtk_widget_set_visible (GTK_WIDGET (priv->spinner), priv->busy);
}

/**
 * oc_action_dialog_explain_change:
 * @store: the store the conversation is in
 * @conversation: the conversation
 * @removed: whether it left the live set
 * @allowed: whether its status still allows the action
 * @agent_id: (nullable): who handled it when the dialog opened
 * @title: (out) (transfer full): what happened
 * @text: (out) (transfer full): what to do
 *
 * Whether the conversation changed under a dialog so that its action no
 * longer applies, in words a supervisor can act on.
 *
 * Returns: %TRUE if it changed (@title and @text are set)
 */
gboolean
oc_action_dialog_explain_change (OcConversationStore  *store,
                                 OcConversation       *conversation,
                                 gboolean              removed,
                                 gboolean              allowed,
                                 const char           *agent_id,
                                 char                **title,
                                 char                **text)
{
  OcStatus status = oc_conversation_get_status (conversation);
  const char *now_agent = oc_conversation_get_agent_id (conversation);

  g_return_val_if_fail (title != NULL && text != NULL, FALSE);

  if (removed || !oc_status_is_live (status))
    {
      *title = g_strdup (_("This conversation has ended"));
      *text = g_strdup (_("It left the live report while this window was open. Nothing was changed; close this window."));
    }
  else if (!allowed)
    {
      *title = g_strdup (_("This conversation changed"));
      /* Translators: %s is a conversation status such as "Active". */
      *text = g_strdup_printf (_("It is now “%s”, so this action no longer applies. Close this window; the report shows what you can do now."),
                               oc_status_get_label (status));
    }
  else if (g_strcmp0 (now_agent, agent_id) != 0)
    {
      *title = g_strdup (_("This conversation changed"));
      if (now_agent != NULL)
        /* Translators: %s is an agent's name. */
        *text = g_strdup_printf (_("It is now handled by %s. Close this window and check the report before acting again."),
                                 store_agent_name (store, now_agent));
      else
        *text = g_strdup (_("It no longer has an agent. Close this window and check the report before acting again."));
    }
  else
    return FALSE;

  return TRUE;
}

/* Whether the conversation still allows the action; if not, says why. */
static void
oc_action_dialog_check_conversation (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);
  OcActionDialogClass *klass = OC_ACTION_DIALOG_GET_CLASS (self);
  OcStatus status = oc_conversation_get_status (priv->conversation);
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (priv->changed)
    return;

  if (oc_action_dialog_explain_change (oc_action_dialog_get_store (self), priv->conversation,
                                       priv->removed,
                                       klass->allows_status == NULL || klass->allows_status (self, status),
                                       priv->agent_id, &title, &text))
    {
      priv->changed = TRUE;
      oc_action_dialog_show_message (self, title, text);
    }

  oc_action_dialog_update_actions (self);
}

/* Who acted first and what they did, from the audit log (newest first):
 * "alex assigned this conversation to Billing a moment ago." */
static char *
describe_change (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);
  GListModel *log = G_LIST_MODEL (oc_source_get_audit_log (priv->source));
  OcConversationStore *store = oc_action_dialog_get_store (self);
  guint n = MIN (g_list_model_get_n_items (log), 200);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcAuditEntry) entry = g_list_model_get_item (log, i);
      const char *user = oc_audit_entry_get_user (entry);
      const char *queue_id = oc_audit_entry_get_queue_id (entry);
      OcQueue *queue;

      if (oc_audit_entry_get_outcome (entry) != OC_AUDIT_OUTCOME_DONE || user == NULL ||
          g_strcmp0 (oc_audit_entry_get_conversation_id (entry), oc_conversation_get_id (priv->conversation)) != 0)
        continue;

      switch (oc_audit_entry_get_action (entry))
        {
        case OC_AUDIT_ACTION_ASSIGN:
          queue = queue_id != NULL ? oc_conversation_store_lookup_queue (store, queue_id) : NULL;
          /* Translators: a supervisor, then an agent or a queue. */
          return g_strdup_printf (_("%s assigned this conversation to %s a moment ago."), user,
                                  queue_id != NULL ? (queue != NULL ? oc_queue_get_name (queue) : queue_id)
                                                   : agent_name (self, oc_audit_entry_get_agent_id (entry)));
        case OC_AUDIT_ACTION_TRANSFER:
          /* Translators: a supervisor, then an agent. */
          return g_strdup_printf (_("%s transferred this conversation to %s a moment ago."), user,
                                  agent_name (self, oc_audit_entry_get_agent_id (entry)));
        case OC_AUDIT_ACTION_FORCE_CLOSE:
          /* Translators: a supervisor. */
          return g_strdup_printf (_("%s closed this conversation a moment ago."), user);
        default:
          continue;
        }
    }

  return NULL;
}

/* After a refusal as changed: what happened and what to do, once the
 * conversation shows as it is now (or still waiting for it). */
static void
show_state_changed (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);
  g_autofree char *what = describe_change (self);
  g_autofree char *text = NULL;

  if (what == NULL)
    what = g_strdup (_("Another supervisor changed this conversation a moment ago."));
  if (priv->stale)
    /* Translators: what another supervisor did, as a sentence. */
    text = g_strdup_printf (_("%s Nothing was done. Waiting for the conversation as it is now…"), what);
  else
    /* Translators: what another supervisor did, as a sentence. */
    text = g_strdup_printf (_("%s Nothing was done. Above is the conversation as it is now: choose again, or close this window."), what);
  oc_action_dialog_show_message (self, _("Another supervisor acted first"), text);
}

static void
on_audit_changed (GListModel     *log,
                  guint           position,
                  guint           removed,
                  guint           added,
                  OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  if (priv->conflict && !priv->changed && !priv->busy)
    show_state_changed (self);
}

static void
on_conversation_notify (OcConversation *conversation,
                        GParamSpec     *pspec,
                        OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  oc_action_dialog_update_summary (self);

  /* While our own request runs, its effect may arrive first on the event
   * stream: the answer decides what to show. */
  if (priv->busy)
    return;

  /* Refused as changed: once the store has the newer revision, the dialog
   * shows it as it is now and the supervisor may choose again. */
  if (priv->stale && oc_conversation_get_revision (conversation) > priv->sent_revision)
    {
      priv->stale = FALSE;
      oc_action_dialog_check_conversation (self);
      if (!priv->changed)
        show_state_changed (self);
      oc_action_dialog_update_actions (self);
      return;
    }

  /* Moved to another queue while open: said, so choosing is not blind. */
  if (pspec != NULL && g_str_equal (g_param_spec_get_name (pspec), "queue-id") &&
      g_strcmp0 (oc_conversation_get_queue_id (conversation), priv->queue_id) != 0 &&
      !priv->changed && !priv->refused)
    {
      g_free (priv->queue_id);
      priv->queue_id = g_strdup (oc_conversation_get_queue_id (conversation));
      priv->conflict = TRUE;
      show_state_changed (self);
    }

  if (pspec == NULL ||
      g_str_equal (g_param_spec_get_name (pspec), "status") ||
      g_str_equal (g_param_spec_get_name (pspec), "agent-id"))
    oc_action_dialog_check_conversation (self);
}

static void
on_conversation_removed (OcConversationStore *store,
                         OcConversation      *conversation,
                         const char          *reason,
                         OcActionDialog      *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  if (conversation != priv->conversation &&
      g_strcmp0 (oc_conversation_get_id (conversation),
                 oc_conversation_get_id (priv->conversation)) != 0)
    return;

  priv->removed = TRUE;
  if (!priv->busy)
    oc_action_dialog_check_conversation (self);
}

/**
 * oc_action_dialog_explain_role:
 * @source: the source acted through
 * @title: (out) (transfer full): what stands in the way
 * @text: (out) (transfer full): what to do
 *
 * Returns: %TRUE, with @title and @text, when the account signed in at
 *   @source may only watch, so no action dialog can act
 */
gboolean
oc_action_dialog_explain_role (OcSource  *source,
                               char     **title,
                               char     **text)
{
  g_return_val_if_fail (OC_IS_SOURCE (source), FALSE);

  if (oc_source_get_role (source) != OC_ROLE_VIEWER)
    return FALSE;

  *title = g_strdup (_("Your account can only watch"));
  *text = g_strdup (_("Viewer accounts cannot assign, transfer or close conversations. Sign in with a supervisor account to act."));
  return TRUE;
}

static void
oc_action_dialog_check_role (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (priv->refused || !oc_action_dialog_explain_role (priv->source, &title, &text))
    return;

  priv->refused = TRUE;
  oc_action_dialog_show_message (self, title, text);
  oc_action_dialog_update_actions (self);
}

static void
on_source_role_notify (OcSource       *source,
                       GParamSpec     *pspec,
                       OcActionDialog *self)
{
  oc_action_dialog_check_role (self);
}

static void
oc_action_dialog_action_done (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(OcActionDialog) self = user_data;
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *next_step = NULL;
  const char *hint;

  if (oc_source_action_finish (OC_SOURCE (source), result, &error))
    {
      g_autofree char *done = g_steal_pointer (&priv->done_text);

      priv->busy = FALSE;
      /* The report follows from the event stream; the window says what
       * happened as this one goes. */
      if (priv->disposed)
        return;
      if (done != NULL)
        g_signal_emit (self, signals[DONE], 0, done);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (priv->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  priv->busy = FALSE;
  priv->offer_workspace = TRUE;
  g_debug ("Action refused: %s", error->message);

  hint = OC_ACTION_DIALOG_GET_CLASS (self)->rule_broken_hint;
  oc_action_dialog_explain_error (error, hint != NULL ? _(hint) : NULL, &title, &next_step);
  oc_action_dialog_show_message (self, title, next_step);

  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_STATE_CHANGED))
    {
      /* Nothing silently overwritten: say who did what, then show the
       * conversation as it is now and let the supervisor choose again. */
      priv->conflict = TRUE;
      priv->stale = oc_conversation_get_revision (priv->conversation) <= priv->sent_revision;
      if (!priv->stale)
        oc_action_dialog_check_conversation (self);
      if (!priv->changed)
        show_state_changed (self);
    }
  else if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_NOT_FOUND))
    priv->changed = TRUE;
  else if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN))
    priv->refused = TRUE;

  /* Changes that arrived while we waited say best why not to retry. */
  oc_action_dialog_check_conversation (self);
  oc_action_dialog_update_actions (self);
}

/* A backend that cannot take the action (Dynamics 365 with its actions off)
 * still shows the dialog: the agent list says who is free, and the
 * workspace is a button away. */
static void
oc_action_dialog_check_capability (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);
  OcActionDialogClass *klass = OC_ACTION_DIALOG_GET_CLASS (self);
  gboolean enabled = FALSE;

  if (klass->required_capability == 0 ||
      oc_source_can (priv->source, klass->required_capability))
    return;

  priv->unsupported = TRUE;
  if (priv->changed || priv->refused)
    return;
  /* Actions on, yet not offered: the org lacks what is sent ($metadata), and
   * the source says what; "turned off" would be wrong. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (priv->source), "actions-enabled") != NULL)
    g_object_get (priv->source, "actions-enabled", &enabled, NULL);
  oc_action_dialog_show_message (self, _(klass->unsupported_title),
                                 enabled ? oc_source_get_unavailable_reason (priv->source, klass->required_capability)
                                 : _(klass->unsupported_text));
}

/**
 * oc_action_dialog_workspace_finish:
 * @result: the result of oc_open_workspace_async()
 * @title: (out) (transfer full) (nullable): what to say when it failed
 * @text: (out) (transfer full) (nullable): the address, to open by hand
 *
 * Finishes opening the backend's workspace for a dialog. When no browser
 * opened, @title and @text say so with the address; they are %NULL when
 * there is nothing to say (cancelled, or no address).
 *
 * Returns: %TRUE if the workspace opened
 */
gboolean
oc_action_dialog_workspace_finish (GAsyncResult  *result,
                                   char         **title,
                                   char         **text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (title != NULL && text != NULL, FALSE);

  *title = *text = NULL;
  if (oc_open_workspace_finish (result, &url, &error))
    return TRUE;
  if (url == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  *title = g_strdup (_("No web browser opened"));
  /* The address itself, so it can be opened by hand. */
  /* Translators: why no browser opened, then the web address to open by hand. */
  *text = g_strdup_printf (_("%s Open this address in a browser: %s"), error->message, url);
  return FALSE;
}

static void
workspace_opened_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OcActionDialog) self = user_data;
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (oc_action_dialog_workspace_finish (result, &title, &text))
    {
      if (!priv->disposed)
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (!priv->disposed && title != NULL)
    oc_action_dialog_show_message (self, title, text);
}

static void
oc_action_dialog_open_workspace_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  OcActionDialog *self = OC_ACTION_DIALOG (widget);
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  if (priv->cancellable == NULL)
    priv->cancellable = g_cancellable_new ();
  oc_open_workspace_async (widget, priv->source, oc_conversation_get_id (priv->conversation),
                           priv->cancellable, workspace_opened_cb, g_object_ref (self));
}

static void
oc_action_dialog_confirm_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  OcActionDialog *self = OC_ACTION_DIALOG (widget);
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);
  OcActionDialogClass *klass = OC_ACTION_DIALOG_GET_CLASS (self);

  /* The action is disabled in these cases; a second click, a key repeat or a
   * direct call must not send twice either. */
  if (priv->busy || priv->changed || priv->refused || priv->unsupported || priv->disposed ||
      (klass->is_ready != NULL && !klass->is_ready (self)))
    return;

  priv->busy = TRUE;
  priv->conflict = priv->stale = FALSE;
  priv->sent_revision = oc_conversation_get_revision (priv->conversation);
  oc_action_dialog_hide_message (self);
  oc_action_dialog_update_actions (self);

  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  /* Now: by the answer, the event stream may have moved the conversation
   * (and the dialog's lists) on. */
  g_free (priv->done_text);
  priv->done_text = klass->describe_done != NULL ? klass->describe_done (self) : NULL;
  klass->start (self, priv->cancellable, oc_action_dialog_action_done, g_object_ref (self));
}

static void
oc_action_dialog_constructed (GObject *object)
{
  OcActionDialog *self = OC_ACTION_DIALOG (object);
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  G_OBJECT_CLASS (oc_action_dialog_parent_class)->constructed (object);

  g_assert (OC_IS_SOURCE (priv->source));
  g_assert (OC_IS_CONVERSATION (priv->conversation));
  g_assert (priv->summary_title != NULL && priv->message_revealer != NULL);

  priv->agent_id = g_strdup (oc_conversation_get_agent_id (priv->conversation));
  priv->queue_id = g_strdup (oc_conversation_get_queue_id (priv->conversation));
  /* A request under way keeps a destroyed dialog alive; GTK keeps pointing
   * at its transient parent, so the parent must live as long. */
  g_set_object (&priv->parent, gtk_window_get_transient_for (GTK_WINDOW (self)));

  g_signal_connect_object (priv->conversation, "notify",
                           G_CALLBACK (on_conversation_notify), self, 0);
  g_signal_connect_object (oc_action_dialog_get_store (self), "conversation-removed",
                           G_CALLBACK (on_conversation_removed), self, 0);
  g_signal_connect_object (priv->source, "notify::role",
                           G_CALLBACK (on_source_role_notify), self, 0);
  /* Who acted first may reach us after the refusal. */
  g_signal_connect_object (oc_source_get_audit_log (priv->source), "items-changed",
                           G_CALLBACK (on_audit_changed), self, 0);

  oc_a11y_fix_button_names (GTK_WIDGET (self));
  oc_action_dialog_update_summary (self);
  oc_action_dialog_check_conversation (self);
  oc_action_dialog_check_role (self);
  oc_action_dialog_check_capability (self);
  oc_action_dialog_update_actions (self);
}

static void
oc_action_dialog_dispose (GObject *object)
{
  OcActionDialog *self = OC_ACTION_DIALOG (object);
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  priv->disposed = TRUE;
  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);

  G_OBJECT_CLASS (oc_action_dialog_parent_class)->dispose (object);
}

static void
oc_action_dialog_finalize (GObject *object)
{
  OcActionDialog *self = OC_ACTION_DIALOG (object);
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  g_clear_object (&priv->source);
  g_clear_object (&priv->conversation);
  g_clear_object (&priv->parent);
  g_free (priv->agent_id);
  g_free (priv->queue_id);
  g_free (priv->done_text);

  G_OBJECT_CLASS (oc_action_dialog_parent_class)->finalize (object);
}

static void
oc_action_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OcActionDialog *self = OC_ACTION_DIALOG (object);
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SOURCE:       g_value_set_object (value, priv->source); break;
    case PROP_CONVERSATION: g_value_set_object (value, priv->conversation); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_action_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OcActionDialog *self = OC_ACTION_DIALOG (object);
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SOURCE:       priv->source = g_value_dup_object (value); break;
    case PROP_CONVERSATION: priv->conversation = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_action_dialog_class_init (OcActionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = oc_action_dialog_constructed;
  object_class->dispose = oc_action_dialog_dispose;
  object_class->finalize = oc_action_dialog_finalize;
  object_class->get_property = oc_action_dialog_get_property;
  object_class->set_property = oc_action_dialog_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, OC_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, OC_TYPE_CONVERSATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OcActionDialog::done:
   * @text: what was done, a sentence in plain text
   *
   * The server took the action; the dialog closes next.
   */
  signals[DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "dialog.confirm", NULL,
                                   oc_action_dialog_confirm_action);
  gtk_widget_class_install_action (widget_class, "dialog.open-workspace", NULL,
                                   oc_action_dialog_open_workspace_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
oc_action_dialog_init (OcActionDialog *self)
{
}

/**
 * oc_action_dialog_class_bind_template_children:
 * @widget_class: a subclass's class, after it set its template
 *
 * Binds the widgets every action dialog's template must hold (summary_title,
 * summary_detail, message_revealer, message_title, message_text, spinner,
 * workspace_button) to the base class's fields.
 */
void
oc_action_dialog_class_bind_template_children (GtkWidgetClass *widget_class)
{
  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), OC_TYPE_ACTION_DIALOG));

  /* The fields are ours (private); the template is the subclass's. */
#define BIND(name) \
  gtk_widget_class_bind_template_child_full (widget_class, #name, FALSE, \
                                             G_PRIVATE_OFFSET (OcActionDialog, name))
  BIND (summary_title);
  BIND (summary_detail);
  BIND (message_revealer);
  BIND (message_title);
  BIND (message_text);
  BIND (spinner);
  BIND (workspace_button);
#undef BIND
}

/**
 * oc_action_dialog_get_source:
 *
 * Returns: (transfer none): the source the action goes through
 */
OcSource *
oc_action_dialog_get_source (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  g_return_val_if_fail (OC_IS_ACTION_DIALOG (self), NULL);

  return priv->source;
}

/**
 * oc_action_dialog_get_conversation:
 *
 * Returns: (transfer none): the conversation the dialog is about
 */
OcConversation *
oc_action_dialog_get_conversation (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  g_return_val_if_fail (OC_IS_ACTION_DIALOG (self), NULL);

  return priv->conversation;
}

/**
 * oc_action_dialog_get_subject:
 *
 * Returns: (transfer none): the conversation's subject, or "(No subject)"
 */
const char *
oc_action_dialog_get_subject (OcActionDialog *self)
{
  const char *subject;

  g_return_val_if_fail (OC_IS_ACTION_DIALOG (self), NULL);

  subject = oc_conversation_get_subject (oc_action_dialog_get_conversation (self));
  return subject != NULL && subject[0] != '\0' ? subject : _("(No subject)");
}

/**
 * oc_action_dialog_get_store:
 *
 * Returns: (transfer none): the source's store, for agents and queues
 */
OcConversationStore *
oc_action_dialog_get_store (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  g_return_val_if_fail (OC_IS_ACTION_DIALOG (self), NULL);

  return oc_source_get_store (priv->source);
}

/**
 * oc_action_dialog_get_busy:
 *
 * Returns: %TRUE while a request is under way
 */
gboolean
oc_action_dialog_get_busy (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  g_return_val_if_fail (OC_IS_ACTION_DIALOG (self), FALSE);

  return priv->busy;
}

/**
 * oc_action_dialog_get_blocked:
 *
 * Returns: %TRUE when the action may not be taken any more: the conversation
 *   changed or ended, or the account may not act
 */
gboolean
oc_action_dialog_get_blocked (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  g_return_val_if_fail (OC_IS_ACTION_DIALOG (self), FALSE);

  return priv->changed || priv->refused || priv->unsupported;
}

/**
 * oc_action_dialog_update:
 *
 * Re-checks whether "dialog.confirm" is enabled; a subclass calls it when what
 * its is_ready() looks at changes.
 */
void
oc_action_dialog_update (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  g_return_if_fail (OC_IS_ACTION_DIALOG (self));

  if (!priv->disposed)
    oc_action_dialog_update_actions (self);
}

/**
 * oc_action_dialog_confirm:
 *
 * Activates "dialog.confirm" if it is enabled, as the primary button does.
 */
void
oc_action_dialog_confirm (OcActionDialog *self)
{
  g_return_if_fail (OC_IS_ACTION_DIALOG (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.confirm", NULL);
}

/**
 * oc_action_dialog_explain_error:
 * @error: why the action failed
 * @rule_hint: (nullable): the next step to give when a rule was broken
 *   (%OC_SOURCE_ERROR_RULE_BROKEN), else a generic one
 * @title: (out) (transfer full): what happened
 * @next_step: (out) (transfer full): what the supervisor can do next
 *
 * Puts a failed action in words a supervisor can act on. The monitor pane
 * uses it too, so a refusal reads alike everywhere.
 */
void
oc_action_dialog_explain_error (const GError  *error,
                                const char    *rule_hint,
                                char         **title,
                                char         **next_step)
{
  const char *t;
  const char *n;

  g_return_if_fail (error != NULL);
  g_return_if_fail (title != NULL && next_step != NULL);

  if (error->domain != OC_SOURCE_ERROR)
    {
      *title = g_strdup (_("The request failed"));
      *next_step = g_strdup_printf (_("%s Try again; if it keeps failing, check the connection."),
                                    error->message);
      return;
    }

  switch ((OcSourceError) error->code)
    {
    case OC_SOURCE_ERROR_STATE_CHANGED:
      t = _("Another supervisor acted first");
      n = _("The conversation changed before your request arrived, so nothing was done. Close this window; the report shows where it is now.");
      break;
    case OC_SOURCE_ERROR_RULE_BROKEN:
      /* The server's own reason says exactly which rule (offline, full…). */
      *title = g_strdup_printf (_("The server refused: %s"), error->message);
      *next_step = g_strdup (rule_hint != NULL ? rule_hint : _("Choose differently, or try again later."));
      return;
    case OC_SOURCE_ERROR_FORBIDDEN:
      t = _("Your account may not do this");
      n = _("Only supervisors can assign, transfer or close conversations. Ask an administrator for supervisor rights.");
      break;
    case OC_SOURCE_ERROR_NOT_FOUND:
      t = _("The conversation, agent or queue no longer exists");
      n = _("It may have just ended or been removed. Close this window; the report shows what is live.");
      break;
    case OC_SOURCE_ERROR_UNAUTHORIZED:
      t = _("The server no longer accepts your sign-in");
      n = _("Sign in again, then retry.");
      break;
    case OC_SOURCE_ERROR_RATE_LIMITED:
      t = _("Too many requests at once");
      n = _("Wait a few seconds, then try again.");
      break;
    case OC_SOURCE_ERROR_UNAVAILABLE:
      t = _("The server cannot be reached");
      n = _("Check the network connection, then try again. If the request did go through, the report will show it.");
      break;
    case OC_SOURCE_ERROR_TLS:
      t = _("The server's certificate is not trusted");
      n = _("Check the server address and its certificate with your administrator.");
      break;
    case OC_SOURCE_ERROR_BAD_REQUEST:
    case OC_SOURCE_ERROR_PROTOCOL:
    default:
      *title = g_strdup (_("The request failed"));
      *next_step = g_strdup_printf (_("%s Try again; if it keeps failing, tell your administrator."),
                                    error->message);
      return;
    }

  *title = g_strdup (t);
  *next_step = g_strdup (n);
}

gboolean
_oc_action_dialog_get_message_shown (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  return gtk_revealer_get_reveal_child (priv->message_revealer);
}

const char *
_oc_action_dialog_get_message_title (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  return gtk_revealer_get_reveal_child (priv->message_revealer) ?
         gtk_label_get_text (priv->message_title) : NULL;
}

const char *
_oc_action_dialog_get_message_text (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  return gtk_revealer_get_reveal_child (priv->message_revealer) ?
         gtk_label_get_text (priv->message_text) : NULL;
}

const char *
_oc_action_dialog_get_summary (OcActionDialog *self)
{
  OcActionDialogPrivate *priv = oc_action_dialog_get_instance_private (self);

  return gtk_label_get_text (priv->summary_detail);
}
