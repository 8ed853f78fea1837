// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-agents-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent-cell.h"
#include "oc-agent-list.h"
#include "oc-agents-panel.h"
#include "oc-assign-dialog.h"
#include "oc-column-sorter.h"

struct _OcAgentsPanel
{
  GtkWidget           parent_instance;

  /* template */
  GtkWidget          *box;
  GtkSearchEntry     *search_entry;
  OcFilterButton     *queue_button;
  OcFilterButton     *presence_button;
  GtkLabel           *shown_label;
  GtkColumnView      *column_view;
  GtkLabel           *selection_label;
  GtkButton          *assign_button;

  OcSource           *source;
  OcAgentView        *view;
  GtkSingleSelection *selection;
  OcAgentLoad        *selected;        /* kept across the view's moves */
  GSignalGroup       *view_signals;
  GSignalGroup       *selection_signals;
  GSignalGroup       *source_signals;
  GSignalGroup       *selected_signals; /* the selected agent */
  gboolean            model_held;       /* until first mapped with this source */
};

enum {
  SHOW_CONVERSATIONS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OcAgentsPanel, oc_agents_panel, GTK_TYPE_WIDGET)

/* Header sorters name the agents view's column (an OcAgentSortColumn). */
static const OcAgentSortColumn column_sort[OC_N_AGENT_COLUMNS] = {
  [OC_AGENT_COLUMN_NAME]     = OC_AGENT_SORT_NAME,
  [OC_AGENT_COLUMN_PRESENCE] = OC_AGENT_SORT_PRESENCE,
  [OC_AGENT_COLUMN_CAPACITY] = OC_AGENT_SORT_CAPACITY,
  [OC_AGENT_COLUMN_HELD]     = OC_AGENT_SORT_HELD,
  [OC_AGENT_COLUMN_HANDLE]   = OC_AGENT_SORT_HANDLE,
  [OC_AGENT_COLUMN_QUEUES]   = OC_AGENT_SORT_QUEUES,
  [OC_AGENT_COLUMN_SKILLS]   = OC_AGENT_SORT_SKILLS,
};

static OcConversationStore *
get_store (OcAgentsPanel *self)
{
  return self->view != NULL ? oc_agent_view_get_store (self->view) : NULL;
}

/* Cells */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            OcAgentsPanel            *self)
{
  OcAgentColumn column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "oc-column"));

  gtk_list_item_set_child (item, GTK_WIDGET (oc_agent_cell_new (column, get_store (self),
                                                                oc_clock_get_default ())));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           OcAgentsPanel            *self)
{
  oc_agent_cell_set_load (OC_AGENT_CELL (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             OcAgentsPanel            *self)
{
  oc_agent_cell_set_load (OC_AGENT_CELL (gtk_list_item_get_child (item)), NULL);
}

static void
build_columns (OcAgentsPanel *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }

  for (OcAgentColumn c = 0; c < OC_N_AGENT_COLUMNS; c++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(OcColumnSorter) sorter = oc_column_sorter_new ((OcSortColumn) column_sort[c]);

      g_object_set_data (G_OBJECT (factory), "oc-column", GUINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
      column = gtk_column_view_column_new (oc_agent_column_title (c), g_object_ref (factory));
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, c == OC_AGENT_COLUMN_NAME || c == OC_AGENT_COLUMN_QUEUES ||
                                                 c == OC_AGENT_COLUMN_SKILLS);
      gtk_column_view_append_column (self->column_view, column);
    }

  {
    g_autoptr(GtkColumnViewColumn) by_name = g_list_model_get_item (columns, OC_AGENT_COLUMN_NAME);

    gtk_column_view_sort_by_column (self->column_view, by_name, GTK_SORT_ASCENDING);
  }
}

static void
sorter_changed_cb (OcAgentsPanel *self)
{
  OcSortColumn column;
  gboolean descending;

  if (self->view == NULL)
    return;

  if (!oc_column_sorter_read_primary (gtk_column_view_get_sorter (self->column_view), &column, &descending))
    {
      column = (OcSortColumn) OC_AGENT_SORT_NAME;
      descending = FALSE;
    }
  oc_agent_view_set_sort (self->view, (OcAgentSortColumn) column, descending);
}

/* What is shown, what is selected, what may be done */

static void
update_shown (OcAgentsPanel *self)
{
  GListModel *agents = get_store (self) ? oc_conversation_store_get_agents (get_store (self)) : NULL;
  guint shown = self->view ? g_list_model_get_n_items (G_LIST_MODEL (self->view)) : 0;
  guint all = agents ? g_list_model_get_n_items (agents) : 0;
  g_autofree char *text = NULL;

  /* Translators: agents shown after the filters, of all agents */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u of %2$u agent", "%1$u of %2$u agents", all),
                          shown, all);
  gtk_label_set_label (self->shown_label, text);
}

/**
 * oc_agents_panel_find_assignable:
 * @agent: an agent
 *
 * Returns: (transfer none) (nullable): the open conversation that has waited
 *   longest among those the Assign dialog's rules let @agent take now
 */
OcConversation *
oc_agents_panel_find_assignable (OcAgentsPanel *self,
                                 OcAgent       *agent)
{
  OcConversationStore *store = get_store (self);
  OcConversation *best = NULL;
  GListModel *model;
  guint n;

  g_return_val_if_fail (OC_IS_AGENTS_PANEL (self), NULL);
  g_return_val_if_fail (OC_IS_AGENT (agent), NULL);

  if (store == NULL || oc_agent_get_free_capacity (agent) == 0)
    return NULL;

  model = G_LIST_MODEL (store);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (model, i);

      if (oc_conversation_get_status (c) != OC_STATUS_OPEN || !oc_agent_may_take (store, c, agent))
        continue;
      if (best == NULL || oc_conversation_get_wait_key (c) < oc_conversation_get_wait_key (best))
        best = c;
    }
  return best;
}

static void
update_actions (OcAgentsPanel *self)
{
  OcAgent *agent = oc_agents_panel_get_selected (self);
  gboolean may_act = agent != NULL && self->source != NULL &&
                     oc_source_get_state (self->source) == OC_SOURCE_STATE_LIVE &&
                     oc_source_get_role (self->source) == OC_ROLE_SUPERVISOR;
  g_autofree char *text = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agent.show-conversations", agent != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agent.assign",
                                 may_act && oc_agents_panel_find_assignable (self, agent) != NULL);

  if (agent != NULL)
    text = oc_agent_describe_row (get_store (self), self->selected);
  gtk_label_set_label (self->selection_label, text != NULL ? text : _("No agent selected"));
}

static void
selection_changed_cb (OcAgentsPanel *self)
{
  OcAgentLoad *load = gtk_single_selection_get_selected_item (self->selection);

  /* A row that moves leaves the selection for a moment: keep who it was. */
  if (load == NULL)
    return;
  g_set_object (&self->selected, load);
  g_signal_group_set_target (self->selected_signals, oc_agent_load_get_agent (load));
  update_actions (self);
}

static void
view_items_changed_cb (OcAgentsPanel *self)
{
  guint position;

  update_shown (self);
  if (self->selected == NULL)
    return;

  position = oc_agent_view_get_position (self->view, self->selected);
  if (position != G_MAXUINT && position != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, position);
  update_actions (self);
}

/* Filters */

static void
queue_choices (OcFilterButton *button,
               GPtrArray      *choices,
               gpointer        user_data)
{
  OcAgentsPanel *self = user_data;
  OcConversationStore *store = get_store (self);
  GListModel *queues, *agents;
  guint n_queues, n_agents;

  if (store == NULL)
    return;

  queues = oc_conversation_store_get_queues (store);
  agents = oc_conversation_store_get_agents (store);
  n_queues = g_list_model_get_n_items (queues);
  n_agents = g_list_model_get_n_items (agents);
  for (guint i = 0; i < n_queues; i++)
    {
      g_autoptr(OcQueue) queue = g_list_model_get_item (queues, i);
      guint count = 0;

      for (guint k = 0; k < n_agents; k++)
        {
          g_autoptr(OcAgent) agent = g_list_model_get_item (agents, k);

          count += oc_agent_serves_queue (agent, oc_queue_get_id (queue));
        }
      g_ptr_array_add (choices, oc_filter_choice_new (oc_queue_get_id (queue), oc_queue_get_name (queue), count));
    }
}

static void
presence_choices (OcFilterButton *button,
                  GPtrArray      *choices,
                  gpointer        user_data)
{
  OcAgentsPanel *self = user_data;

  for (OcPresence p = OC_PRESENCE_AVAILABLE; p <= OC_PRESENCE_OFFLINE; p++)
    g_ptr_array_add (choices, oc_filter_choice_new (oc_enum_to_nick (OC_TYPE_PRESENCE, p),
                                                    oc_presence_get_label (p),
                                                    self->view ? oc_agent_view_count_presence (self->view, p) : 0));
}

static void
apply_filters (OcAgentsPanel *self)
{
  const char * const *presences = oc_filter_button_get_selected (self->presence_button);
  const char * const *queues = oc_filter_button_get_selected (self->queue_button);
  guint mask = 0;

  if (self->view == NULL)
    return;

  for (guint i = 0; presences != NULL && presences[i] != NULL; i++)
    {
      int p = oc_enum_from_nick (OC_TYPE_PRESENCE, presences[i]);

      if (p > 0 && p < 32)
        mask |= OC_PRESENCE_BIT (p);
    }
  oc_agent_view_set_presence_filter (self->view, mask);
  oc_agent_view_set_queue_filter (self->view, queues != NULL && queues[0] != NULL ? queues : NULL);
  oc_agent_view_set_search_text (self->view, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
oc_agents_panel_search_changed_cb (OcAgentsPanel *self)
{
  apply_filters (self);
}

/* Actions */

static void
oc_agents_panel_activate_cb (OcAgentsPanel *self,
                             guint          position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "agent.show-conversations", NULL);
}

static void
show_conversations_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  OcAgentsPanel *self = OC_AGENTS_PANEL (widget);
  OcAgent *agent = oc_agents_panel_get_selected (self);

  if (agent != NULL)
    g_signal_emit (self, signals[SHOW_CONVERSATIONS], 0, agent);
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OcAgentsPanel *self = OC_AGENTS_PANEL (widget);
  OcAgent *agent = oc_agents_panel_get_selected (self);
  OcConversation *conversation = agent ? oc_agents_panel_find_assignable (self, agent) : NULL;

  if (conversation == NULL)
    {
      update_actions (self);
      return;
    }
  oc_assign_dialog_present_for_agent (GTK_WINDOW (gtk_widget_get_root (widget)), self->source,
                                      conversation, agent);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (OC_AGENTS_PANEL (widget)->search_entry));
}

/* GObject */

static void
oc_agents_panel_dispose (GObject *object)
{
  OcAgentsPanel *self = OC_AGENTS_PANEL (object);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->view_signals);
  g_clear_object (&self->selection_signals);
  g_clear_object (&self->source_signals);
  g_clear_object (&self->selected_signals);
  g_clear_object (&self->selected);
  g_clear_object (&self->selection);
  g_clear_object (&self->view);
  g_clear_object (&self->source);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_AGENTS_PANEL);

  G_OBJECT_CLASS (oc_agents_panel_parent_class)->dispose (object);
}

static void
oc_agents_panel_map (GtkWidget *widget)
{
  OcAgentsPanel *self = OC_AGENTS_PANEL (widget);

  GTK_WIDGET_CLASS (oc_agents_panel_parent_class)->map (widget);

  if (self->model_held)
    {
      self->model_held = FALSE;
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
    }
}

static gboolean
oc_agents_panel_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (OC_AGENTS_PANEL (widget)->column_view));
}

static void
oc_agents_panel_class_init (OcAgentsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_agents_panel_dispose;
  widget_class->grab_focus = oc_agents_panel_grab_focus;
  widget_class->map = oc_agents_panel_map;

  /**
   * OcAgentsPanel::show-conversations:
   * @agent: the agent whose conversations to show
   */
  signals[SHOW_CONVERSATIONS] =
    g_signal_new ("show-conversations",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, OC_TYPE_AGENT);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-agents-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OcAgentsPanel, box);
  gtk_widget_class_bind_template_child (widget_class, OcAgentsPanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OcAgentsPanel, queue_button);
  gtk_widget_class_bind_template_child (widget_class, OcAgentsPanel, presence_button);
  gtk_widget_class_bind_template_child (widget_class, OcAgentsPanel, shown_label);
  gtk_widget_class_bind_template_child (widget_class, OcAgentsPanel, column_view);
  gtk_widget_class_bind_template_child (widget_class, OcAgentsPanel, selection_label);
  gtk_widget_class_bind_template_child (widget_class, OcAgentsPanel, assign_button);
  gtk_widget_class_bind_template_callback (widget_class, oc_agents_panel_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_agents_panel_activate_cb);

  gtk_widget_class_install_action (widget_class, "agent.show-conversations", NULL, show_conversations_action);
  gtk_widget_class_install_action (widget_class, "agent.assign", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "agents.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "agents.search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  g_type_ensure (OC_TYPE_FILTER_BUTTON);
}

static void
oc_agents_panel_init (OcAgentsPanel *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Agents"), -1);

  self->view_signals = g_signal_group_new (OC_TYPE_AGENT_VIEW);
  /* After the selection model has followed the change. */
  g_signal_group_connect_data (self->view_signals, "items-changed", G_CALLBACK (view_items_changed_cb),
                               self, NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->selection_signals = g_signal_group_new (GTK_TYPE_SINGLE_SELECTION);
  g_signal_group_connect_swapped (self->selection_signals, "notify::selected-item",
                                  G_CALLBACK (selection_changed_cb), self);
  self->source_signals = g_signal_group_new (OC_TYPE_SOURCE);
  g_signal_group_connect_swapped (self->source_signals, "notify::state", G_CALLBACK (update_actions), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::role", G_CALLBACK (update_actions), self);
  self->selected_signals = g_signal_group_new (OC_TYPE_AGENT);
  g_signal_group_connect_swapped (self->selected_signals, "notify", G_CALLBACK (update_actions), self);

  oc_filter_button_set_choices_func (self->queue_button, queue_choices, self, NULL);
  oc_filter_button_set_choices_func (self->presence_button, presence_choices, self, NULL);
  g_signal_connect_swapped (self->queue_button, "changed", G_CALLBACK (apply_filters), self);
  g_signal_connect_swapped (self->presence_button, "changed", G_CALLBACK (apply_filters), self);

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  /* GtkColumnView takes Ctrl+Shift+A (unselect all) for itself: ours is
   * caught on the way down. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                        gtk_named_action_new ("agent.assign")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  update_shown (self);
  update_actions (self);
}

OcAgentsPanel *
oc_agents_panel_new (void)
{
  return g_object_new (OC_TYPE_AGENTS_PANEL, NULL);
}

/**
 * oc_agents_panel_set_source:
 * @source: (nullable): the source whose agents to show
 */
void
oc_agents_panel_set_source (OcAgentsPanel *self,
                            OcSource      *source)
{
  g_return_if_fail (OC_IS_AGENTS_PANEL (self));

  if (source == self->source)
    return;

  gtk_column_view_set_model (self->column_view, NULL);
  self->model_held = FALSE;
  g_signal_group_set_target (self->view_signals, NULL);
  g_signal_group_set_target (self->selection_signals, NULL);
  g_signal_group_set_target (self->selected_signals, NULL);
  g_clear_object (&self->selected);
  g_clear_object (&self->selection);
  g_clear_object (&self->view);
  g_set_object (&self->source, source);
  g_signal_group_set_target (self->source_signals, source);

  if (source != NULL)
    {
      self->view = oc_agent_view_new (oc_source_get_store (source));
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->view)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      build_columns (self);
      apply_filters (self);
      sorter_changed_cb (self);
      /* GTK 4.8 makes and binds rows for a list that is not shown as well,
       * on every change: none while the report is the page shown. */
      self->model_held = !gtk_widget_get_mapped (GTK_WIDGET (self));
      if (!self->model_held)
        gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
      g_signal_group_set_target (self->view_signals, self->view);
      g_signal_group_set_target (self->selection_signals, self->selection);
    }

  update_shown (self);
  update_actions (self);
}

/**
 * oc_agents_panel_get_view:
 *
 * Returns: (transfer none) (nullable): the agents view shown
 */
OcAgentView *
oc_agents_panel_get_view (OcAgentsPanel *self)
{
  g_return_val_if_fail (OC_IS_AGENTS_PANEL (self), NULL);
  return self->view;
}

GtkColumnView *
oc_agents_panel_get_column_view (OcAgentsPanel *self)
{
  g_return_val_if_fail (OC_IS_AGENTS_PANEL (self), NULL);
  return self->column_view;
}

/**
 * oc_agents_panel_get_filter:
 * @presence: %TRUE for the presence filter, %FALSE for the queue filter
 *
 * Returns: (transfer none): the filter button
 */
OcFilterButton *
oc_agents_panel_get_filter (OcAgentsPanel *self,
                            gboolean       presence)
{
  g_return_val_if_fail (OC_IS_AGENTS_PANEL (self), NULL);
  return presence ? self->presence_button : self->queue_button;
}

GtkEditable *
oc_agents_panel_get_search (OcAgentsPanel *self)
{
  g_return_val_if_fail (OC_IS_AGENTS_PANEL (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

/**
 * oc_agents_panel_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected agent
 */
OcAgent *
oc_agents_panel_get_selected (OcAgentsPanel *self)
{
  g_return_val_if_fail (OC_IS_AGENTS_PANEL (self), NULL);
  return self->selected != NULL ? oc_agent_load_get_agent (self->selected) : NULL;
}

/**
 * oc_agents_panel_select:
 * @agent: an agent shown
 *
 * Selects @agent's row, as a click would.
 */
void
oc_agents_panel_select (OcAgentsPanel *self,
                        OcAgent       *agent)
{
  guint position;

  g_return_if_fail (OC_IS_AGENTS_PANEL (self));
  g_return_if_fail (OC_IS_AGENT (agent));

  if (self->view == NULL)
    return;
  position = oc_agent_view_get_position (self->view, oc_agent_view_lookup (self->view, oc_agent_get_id (agent)));
  if (position != G_MAXUINT)
    gtk_single_selection_set_selected (self->selection, position);
}

void
oc_agents_panel_focus (OcAgentsPanel *self)
{
  g_return_if_fail (OC_IS_AGENTS_PANEL (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}
