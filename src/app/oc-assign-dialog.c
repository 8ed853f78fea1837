// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-assign-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-action-dialog-private.h"
#include "oc-agent-list.h"
#include "oc-assign-dialog-private.h"

typedef struct {
  guint open;
  guint waiting;
} QueueCounts;

struct _OcAssignDialog
{
  OcActionDialog      parent_instance;

  OcAgentList        *agent_list;
  GtkCustomFilter    *queue_filter;
  GtkSingleSelection *queue_selection;
  GSignalGroup       *queue_selection_signals;
  GHashTable         *queue_counts;   /* queue id → QueueCounts */

  GtkStack           *stack;
  OcAgentPicker      *picker;
  GtkListView        *queue_view;
  GtkWidget          *queue_scroller;
  GtkWidget          *queue_empty_label;
  GtkWidget          *primary_button;
};

G_DEFINE_FINAL_TYPE (OcAssignDialog, oc_assign_dialog, OC_TYPE_ACTION_DIALOG)

static gboolean
on_agent_page (OcAssignDialog *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "agent") == 0;
}

static OcQueue *
oc_assign_dialog_get_queue (OcAssignDialog *self)
{
  OcConversation *conversation = oc_action_dialog_get_conversation (OC_ACTION_DIALOG (self));
  OcQueue *queue = gtk_single_selection_get_selected_item (self->queue_selection);

  if (queue == NULL ||
      g_strcmp0 (oc_queue_get_id (queue), oc_conversation_get_queue_id (conversation)) == 0)
    return NULL;
  return queue;
}

/* Counted once when the queue page is shown: a pass over 100,000 rows is a
 * few milliseconds, too much to repeat on every update. */
static void
oc_assign_dialog_count_queues (OcAssignDialog *self)
{
  GListModel *conversations = G_LIST_MODEL (oc_action_dialog_get_store (OC_ACTION_DIALOG (self)));

  g_hash_table_remove_all (self->queue_counts);
  for (guint i = 0, n = g_list_model_get_n_items (conversations); i < n; i++)
    {
      g_autoptr(OcConversation) conversation = g_list_model_get_item (conversations, i);
      OcStatus status = oc_conversation_get_status (conversation);
      const char *queue_id = oc_conversation_get_queue_id (conversation);
      QueueCounts *counts;

      if (queue_id == NULL || (status != OC_STATUS_OPEN && status != OC_STATUS_WAITING))
        continue;

      counts = g_hash_table_lookup (self->queue_counts, queue_id);
      if (counts == NULL)
        {
          counts = g_new0 (QueueCounts, 1);
          g_hash_table_insert (self->queue_counts, g_strdup (queue_id), counts);
        }
      if (status == OC_STATUS_OPEN)
        counts->open++;
      else
        counts->waiting++;
    }
}

static char *
format_counts (OcAssignDialog *self,
               OcQueue        *queue)
{
  QueueCounts *counts = g_hash_table_lookup (self->queue_counts, oc_queue_get_id (queue));
  guint open = counts != NULL ? counts->open : 0;
  guint waiting = counts != NULL ? counts->waiting : 0;
  g_autofree char *open_text = NULL;
  g_autofree char *waiting_text = NULL;

  open_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", open), open);
  waiting_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u waiting", "%u waiting", waiting),
                                  waiting);
  /* Translators: "3 open · 5 waiting" */
  return g_strdup_printf (_("%s · %s"), open_text, waiting_text);
}

static void
setup_queue_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 OcAssignDialog           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *counts = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (counts, "dim-label");
  gtk_widget_add_css_class (counts, "numeric");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), counts);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_queue_row (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                OcAssignDialog           *self)
{
  OcQueue *queue = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *counts = gtk_widget_get_next_sibling (name);
  g_autofree char *counts_text = format_counts (self, queue);
  g_autofree char *description = NULL;

  gtk_label_set_text (GTK_LABEL (name), oc_queue_get_name (queue));
  gtk_label_set_text (GTK_LABEL (counts), counts_text);

  /* Translators: a queue's name, then its counts. */
  description = g_strdup_printf (_("%s: %s"), oc_queue_get_name (queue), counts_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static gboolean
queue_filter_func (gpointer item,
                   gpointer user_data)
{
  OcAssignDialog *self = OC_ASSIGN_DIALOG (user_data);
  OcConversation *conversation = oc_action_dialog_get_conversation (OC_ACTION_DIALOG (self));

  return g_strcmp0 (oc_queue_get_id (OC_QUEUE (item)),
                    oc_conversation_get_queue_id (conversation)) != 0;
}

static int
queue_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  int order = g_utf8_collate (oc_queue_get_name (OC_QUEUE ((gpointer) a)),
                              oc_queue_get_name (OC_QUEUE ((gpointer) b)));

  if (order == 0)
    order = g_strcmp0 (oc_queue_get_id (OC_QUEUE ((gpointer) a)),
                       oc_queue_get_id (OC_QUEUE ((gpointer) b)));
  return gtk_ordering_from_cmpfunc (order);
}

static void
on_queues_changed (GListModel     *model,
                   guint           position,
                   guint           removed,
                   guint           added,
                   OcAssignDialog *self)
{
  gboolean empty = g_list_model_get_n_items (model) == 0;

  gtk_widget_set_visible (self->queue_scroller, !empty);
  gtk_widget_set_visible (self->queue_empty_label, empty);
  oc_action_dialog_update (OC_ACTION_DIALOG (self));
}

static void
on_queue_selected (GtkSingleSelection *selection,
                   GParamSpec         *pspec,
                   OcAssignDialog     *self)
{
  oc_action_dialog_update (OC_ACTION_DIALOG (self));
}

static void
on_queue_activate (OcAssignDialog *self,
                   guint           position,
                   GtkListView    *view)
{
  gtk_single_selection_set_selected (self->queue_selection, position);
  oc_action_dialog_confirm (OC_ACTION_DIALOG (self));
}

static void
on_conversation_queue_changed (OcConversation *conversation,
                               GParamSpec     *pspec,
                               OcAssignDialog *self)
{
  gtk_filter_changed (GTK_FILTER (self->queue_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_page_changed (OcAssignDialog *self,
                 GParamSpec     *pspec,
                 GtkStack       *stack)
{
  /* The stack names its first page while the template is still being built. */
  if (self->queue_selection == NULL)
    return;

  if (on_agent_page (self))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->picker));
    }
  else
    {
      oc_assign_dialog_count_queues (self);
      /* Re-bind the rows so they show the fresh counts. */
      gtk_filter_changed (GTK_FILTER (self->queue_filter), GTK_FILTER_CHANGE_DIFFERENT);
      gtk_list_view_set_model (self->queue_view, NULL);
      gtk_list_view_set_model (self->queue_view, GTK_SELECTION_MODEL (self->queue_selection));
      gtk_widget_child_focus (GTK_WIDGET (self->queue_view), GTK_DIR_TAB_FORWARD);
    }

  oc_action_dialog_update (OC_ACTION_DIALOG (self));
}

static void
on_picker_changed (OcAssignDialog *self,
                   OcAgentPicker  *picker)
{
  oc_action_dialog_update (OC_ACTION_DIALOG (self));
}

static void
on_picker_activated (OcAssignDialog *self,
                     OcAgentPicker  *picker)
{
  oc_action_dialog_confirm (OC_ACTION_DIALOG (self));
}

static gboolean
oc_assign_dialog_allows_status (OcActionDialog *dialog,
                                OcStatus        status)
{
  return status == OC_STATUS_OPEN;
}

static gboolean
oc_assign_dialog_is_ready (OcActionDialog *dialog)
{
  OcAssignDialog *self = OC_ASSIGN_DIALOG (dialog);

  /* Called from the parent's constructed(), before ours ran. */
  if (self->agent_list == NULL)
    return FALSE;

  if (on_agent_page (self))
    return oc_agent_picker_get_agent (self->picker) != NULL;
  return oc_assign_dialog_get_queue (self) != NULL;
}

static void
oc_assign_dialog_start (OcActionDialog      *dialog,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  OcAssignDialog *self = OC_ASSIGN_DIALOG (dialog);
  OcConversation *conversation = oc_action_dialog_get_conversation (dialog);
  OcAgent *agent = NULL;
  OcQueue *queue = NULL;

  if (on_agent_page (self))
    agent = oc_agent_picker_get_agent (self->picker);
  else
    queue = oc_assign_dialog_get_queue (self);

  oc_source_assign_async (oc_action_dialog_get_source (dialog),
                          oc_conversation_get_id (conversation),
                          agent != NULL ? oc_agent_get_id (agent) : NULL,
                          queue != NULL ? oc_queue_get_id (queue) : NULL,
                          cancellable, callback, user_data);
}

static char *
oc_assign_dialog_describe_done (OcActionDialog *dialog)
{
  OcAssignDialog *self = OC_ASSIGN_DIALOG (dialog);
  const char *subject = oc_action_dialog_get_subject (dialog);
  OcAgent *agent;
  OcQueue *queue;

  if (on_agent_page (self) && (agent = oc_agent_picker_get_agent (self->picker)) != NULL)
    /* Translators: a conversation's subject, then an agent's name. */
    return g_strdup_printf (_("“%s” assigned to %s"), subject, oc_agent_get_name (agent));
  if ((queue = oc_assign_dialog_get_queue (self)) != NULL)
    /* Translators: a conversation's subject, then a queue's name. */
    return g_strdup_printf (_("“%s” moved to %s"), subject, oc_queue_get_name (queue));
  return NULL;
}

static void
oc_assign_dialog_constructed (GObject *object)
{
  OcAssignDialog *self = OC_ASSIGN_DIALOG (object);
  OcActionDialog *dialog = OC_ACTION_DIALOG (object);
  OcConversation *conversation;
  OcConversationStore *store;
  GtkListItemFactory *factory;
  GtkFilterListModel *queues;
  GtkSortListModel *sorted;

  G_OBJECT_CLASS (oc_assign_dialog_parent_class)->constructed (object);

  conversation = oc_action_dialog_get_conversation (dialog);
  store = oc_action_dialog_get_store (dialog);

  self->agent_list = oc_agent_list_new (store, conversation, OC_AGENT_LIST_ASSIGN);
  oc_agent_picker_set_agent_list (self->picker, self->agent_list);

  self->queue_filter = gtk_custom_filter_new (queue_filter_func, self, NULL);
  queues = gtk_filter_list_model_new (g_object_ref (oc_conversation_store_get_queues (store)),
                                      GTK_FILTER (g_object_ref (self->queue_filter)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (queues),
                                    GTK_SORTER (gtk_custom_sorter_new (queue_compare, NULL, NULL)));
  self->queue_selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->queue_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->queue_selection, TRUE);
  gtk_single_selection_set_selected (self->queue_selection, GTK_INVALID_LIST_POSITION);
  /* Disconnected in dispose: the list view lets the selection go later. */
  self->queue_selection_signals = g_signal_group_new (GTK_TYPE_SINGLE_SELECTION);
  g_signal_group_connect (self->queue_selection_signals, "notify::selected",
                          G_CALLBACK (on_queue_selected), self);
  g_signal_group_connect (self->queue_selection_signals, "items-changed",
                          G_CALLBACK (on_queues_changed), self);
  g_signal_group_set_target (self->queue_selection_signals, self->queue_selection);
  g_signal_connect_object (conversation, "notify::queue-id",
                           G_CALLBACK (on_conversation_queue_changed), self, 0);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_queue_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_queue_row), self);
  gtk_list_view_set_factory (self->queue_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->queue_view, GTK_SELECTION_MODEL (self->queue_selection));
  on_queues_changed (G_LIST_MODEL (self->queue_selection), 0, 0, 0, self);

  gtk_widget_grab_focus (GTK_WIDGET (self->picker));
  oc_action_dialog_update (dialog);
}

static void
oc_assign_dialog_dispose (GObject *object)
{
  OcAssignDialog *self = OC_ASSIGN_DIALOG (object);

  g_clear_object (&self->queue_selection_signals);
  if (self->picker != NULL)
    oc_agent_picker_set_agent_list (self->picker, NULL);

  G_OBJECT_CLASS (oc_assign_dialog_parent_class)->dispose (object);

  g_clear_object (&self->queue_selection);
  g_clear_object (&self->queue_filter);
  g_clear_object (&self->agent_list);
}

static void
oc_assign_dialog_finalize (GObject *object)
{
  OcAssignDialog *self = OC_ASSIGN_DIALOG (object);

  g_hash_table_unref (self->queue_counts);

  G_OBJECT_CLASS (oc_assign_dialog_parent_class)->finalize (object);
}

static void
oc_assign_dialog_class_init (OcAssignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OcActionDialogClass *dialog_class = OC_ACTION_DIALOG_CLASS (klass);

  object_class->constructed = oc_assign_dialog_constructed;
  object_class->dispose = oc_assign_dialog_dispose;
  object_class->finalize = oc_assign_dialog_finalize;

  dialog_class->allows_status = oc_assign_dialog_allows_status;
  dialog_class->is_ready = oc_assign_dialog_is_ready;
  dialog_class->start = oc_assign_dialog_start;
  dialog_class->describe_done = oc_assign_dialog_describe_done;
  dialog_class->rule_broken_hint = N_("Pick another agent or queue, or wait for the agent to free up.");
  dialog_class->required_capability = OC_SOURCE_CAN_ASSIGN;
  dialog_class->unsupported_title = N_("Assign in the Dynamics 365 workspace");
  dialog_class->unsupported_text = N_("Assigning from this console is turned off for Dynamics 365 (an administrator can turn it on). The list shows who is free; open the conversation in the Customer Service workspace to assign it.");

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-assign-dialog.ui");
  oc_action_dialog_class_bind_template_children (widget_class);
  gtk_widget_class_bind_template_child (widget_class, OcAssignDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OcAssignDialog, picker);
  gtk_widget_class_bind_template_child (widget_class, OcAssignDialog, queue_view);
  gtk_widget_class_bind_template_child (widget_class, OcAssignDialog, queue_scroller);
  gtk_widget_class_bind_template_child (widget_class, OcAssignDialog, queue_empty_label);
  gtk_widget_class_bind_template_child (widget_class, OcAssignDialog, primary_button);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_picker_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_picker_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_queue_activate);

  g_type_ensure (OC_TYPE_AGENT_PICKER);
}

static void
oc_assign_dialog_init (OcAssignDialog *self)
{
  self->queue_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * oc_assign_dialog_new:
 * @parent: (nullable): the window it is modal and transient for
 * @source: the source the action goes through
 * @conversation: the conversation
 *
 * A dialog that assigns an open conversation to an agent or to another
 * queue.
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
GtkWidget *
oc_assign_dialog_new (GtkWindow      *parent,
                      OcSource       *source,
                      OcConversation *conversation)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OC_IS_SOURCE (source), NULL);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), NULL);

  return g_object_new (OC_TYPE_ASSIGN_DIALOG,
                       "transient-for", parent,
                       "source", source,
                       "conversation", conversation,
                       NULL);
}

/**
 * oc_assign_dialog_present:
 * @parent: (nullable): the window it is modal and transient for
 * @source: the source the action goes through
 * @conversation: the conversation
 *
 * Creates the dialog and shows it.
 */
void
oc_assign_dialog_present (GtkWindow      *parent,
                          OcSource       *source,
                          OcConversation *conversation)
{
  GtkWidget *dialog = oc_assign_dialog_new (parent, source, conversation);

  g_return_if_fail (dialog != NULL);

  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * oc_assign_dialog_present_for_agent:
 * @parent: (nullable): the window it is modal and transient for
 * @source: the source the action goes through
 * @conversation: an open conversation @agent may take
 * @agent: the agent to pick
 *
 * As oc_assign_dialog_present(), with @agent picked: the supervisor came
 * from the agents panel and confirms.
 */
void
oc_assign_dialog_present_for_agent (GtkWindow      *parent,
                                    OcSource       *source,
                                    OcConversation *conversation,
                                    OcAgent        *agent)
{
  GtkWidget *dialog = oc_assign_dialog_new (parent, source, conversation);

  g_return_if_fail (dialog != NULL);

  oc_agent_picker_pick (OC_ASSIGN_DIALOG (dialog)->picker, agent);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkStack *
_oc_assign_dialog_get_stack (OcAssignDialog *self)
{
  return self->stack;
}

OcAgentPicker *
_oc_assign_dialog_get_picker (OcAssignDialog *self)
{
  return self->picker;
}

GtkListView *
_oc_assign_dialog_get_queue_view (OcAssignDialog *self)
{
  return self->queue_view;
}

GtkWidget *
_oc_assign_dialog_get_primary (OcAssignDialog *self)
{
  return self->primary_button;
}
