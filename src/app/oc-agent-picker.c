// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-agent-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent-picker.h"
#include "oc-agent-row.h"

struct _OcAgentPicker
{
  GtkWidget           parent_instance;

  OcAgentList        *agent_list;
  GSignalGroup       *agent_list_signals;
  GtkSingleSelection *selection;

  GtkWidget          *box;          /* template root, bound so disposal unparents it */
  GtkSearchEntry     *search_entry;
  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;
  GtkLabel           *empty_label;
  GtkLabel           *full_label;
};

enum {
  PROP_0,
  PROP_AGENT_LIST,
  N_PROPS
};

enum {
  CHANGED,
  ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OcAgentPicker, oc_agent_picker, GTK_TYPE_WIDGET)

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           OcAgentPicker            *self)
{
  GtkWidget *row = oc_agent_row_new ();

  gtk_list_item_set_child (list_item, row);
  /* A full agent is shown, but cannot be picked. */
  g_object_bind_property (row, "can-take", list_item, "selectable", G_BINDING_SYNC_CREATE);
  g_object_bind_property (row, "can-take", list_item, "activatable", G_BINDING_SYNC_CREATE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          OcAgentPicker            *self)
{
  OcAgentRow *row = OC_AGENT_ROW (gtk_list_item_get_child (list_item));

  oc_agent_row_set_required_skills (row, oc_agent_list_get_required_skills (self->agent_list));
  oc_agent_row_set_agent (row, gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            OcAgentPicker            *self)
{
  oc_agent_row_set_agent (OC_AGENT_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
oc_agent_picker_pick_best (OcAgentPicker *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  g_assert (OC_IS_AGENT_PICKER (self));

  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (model, i);

      /* One Enter away from the primary button: never someone who lacks a
       * required skill; then nobody is picked and the user chooses. */
      if (oc_agent_list_is_best_fit (self->agent_list, agent))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/* Rows say who is full; when all of them are, say why nothing is picked. */
static void
oc_agent_picker_update_full (OcAgentPicker *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  gboolean all_full = n > 0;

  for (guint i = 0; i < n && all_full; i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (model, i);

      all_full = !oc_agent_list_can_take (self->agent_list, agent);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->full_label), all_full);
}

static void
oc_agent_picker_update_empty (OcAgentPicker *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *text = NULL;
  gboolean empty;

  g_assert (OC_IS_AGENT_PICKER (self));

  if (self->agent_list == NULL)
    return;

  empty = g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->scroller), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty);
  oc_agent_picker_update_full (self);
  if (!empty)
    return;

  if (oc_agent_list_get_n_offered (self->agent_list) == 0)
    text = g_strdup (_("No agent can take this conversation now: nobody serving its queue has a presence its workstream allows."));
  else
    /* Translators: %s is what the user typed in the search box. */
    text = g_strdup_printf (_("No agent matches “%s”."), search);
  gtk_label_set_text (self->empty_label, text);
}

static void
on_items_changed (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  OcAgentPicker *self)
{
  oc_agent_picker_update_empty (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_selection_changed (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      OcAgentPicker      *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_agent_changed (OcAgentList   *agent_list,
                  OcAgent       *agent,
                  OcAgentPicker *self)
{
  if (self->agent_list == NULL)
    return;

  oc_agent_picker_update_full (self);
  if (agent == gtk_single_selection_get_selected_item (self->selection))
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_search_changed (OcAgentPicker  *self,
                   GtkSearchEntry *entry)
{
  if (self->agent_list == NULL)
    return;

  oc_agent_list_set_search (self->agent_list, gtk_editable_get_text (GTK_EDITABLE (entry)));
  /* A new search is a new question: pick its best answer. */
  oc_agent_picker_pick_best (self);
  oc_agent_picker_update_empty (self);
}

static void
on_search_activate (OcAgentPicker  *self,
                    GtkSearchEntry *entry)
{
  g_signal_emit (self, signals[ACTIVATED], 0);
}

static void
on_stop_search (OcAgentPicker  *self,
                GtkSearchEntry *entry)
{
  /* The entry takes Escape for itself; in a dialog Escape means cancel. */
  gtk_widget_activate_action (GTK_WIDGET (self), "window.close", NULL);
}

static void
on_list_activate (OcAgentPicker *self,
                  guint          position,
                  GtkListView   *list_view)
{
  g_autoptr(OcAgent) agent = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (agent == NULL || !oc_agent_list_can_take (self->agent_list, agent))
    return;

  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[ACTIVATED], 0);
}

static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       OcAgentPicker         *self)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    return gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);

  return FALSE;
}

static gboolean
oc_agent_picker_grab_focus (GtkWidget *widget)
{
  OcAgentPicker *self = OC_AGENT_PICKER (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
oc_agent_picker_dispose (GObject *object)
{
  OcAgentPicker *self = OC_AGENT_PICKER (object);

  oc_agent_picker_set_agent_list (self, NULL);
  g_clear_object (&self->agent_list_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_AGENT_PICKER);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (oc_agent_picker_parent_class)->dispose (object);
}

static void
oc_agent_picker_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OcAgentPicker *self = OC_AGENT_PICKER (object);

  switch (prop_id)
    {
    case PROP_AGENT_LIST: g_value_set_object (value, self->agent_list); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_agent_picker_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OcAgentPicker *self = OC_AGENT_PICKER (object);

  switch (prop_id)
    {
    case PROP_AGENT_LIST: oc_agent_picker_set_agent_list (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_agent_picker_class_init (OcAgentPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_agent_picker_dispose;
  object_class->get_property = oc_agent_picker_get_property;
  object_class->set_property = oc_agent_picker_set_property;
  widget_class->grab_focus = oc_agent_picker_grab_focus;

  properties[PROP_AGENT_LIST] =
    g_param_spec_object ("agent-list", NULL, NULL, OC_TYPE_AGENT_LIST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-agent-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, OcAgentPicker, box);
  gtk_widget_class_bind_template_child (widget_class, OcAgentPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OcAgentPicker, scroller);
  gtk_widget_class_bind_template_child (widget_class, OcAgentPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, OcAgentPicker, empty_label);
  gtk_widget_class_bind_template_child (widget_class, OcAgentPicker, full_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (OC_TYPE_AGENT_ROW);
  /* The signal group looks "agent-changed" up as it connects it. */
  g_type_class_unref (g_type_class_ref (OC_TYPE_AGENT_LIST));
}

static void
oc_agent_picker_init (OcAgentPicker *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->agent_list_signals = g_signal_group_new (OC_TYPE_AGENT_LIST);
  g_signal_group_connect (self->agent_list_signals, "agent-changed",
                          G_CALLBACK (on_agent_changed), self);

  self->selection = gtk_single_selection_new (NULL);
  /* Nothing is picked behind the user's back when the list moves. */
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->selection, "items-changed", G_CALLBACK (on_items_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
}

/**
 * oc_agent_picker_new:
 *
 * Returns: (transfer floating): a new picker, empty until given an agent list
 */
OcAgentPicker *
oc_agent_picker_new (void)
{
  return g_object_new (OC_TYPE_AGENT_PICKER, NULL);
}

/**
 * oc_agent_picker_get_agent_list:
 *
 * Returns: (transfer none) (nullable): the agents listed
 */
OcAgentList *
oc_agent_picker_get_agent_list (OcAgentPicker *self)
{
  g_return_val_if_fail (OC_IS_AGENT_PICKER (self), NULL);

  return self->agent_list;
}

/**
 * oc_agent_picker_set_agent_list:
 * @agent_list: (nullable): the agents to list, or %NULL
 *
 * Lists @agent_list (searched with the text in the box) and picks its best
 * match. The picker keeps a reference.
 */
void
oc_agent_picker_set_agent_list (OcAgentPicker *self,
                                OcAgentList   *agent_list)
{
  g_return_if_fail (OC_IS_AGENT_PICKER (self));
  g_return_if_fail (agent_list == NULL || OC_IS_AGENT_LIST (agent_list));

  if (self->agent_list == agent_list)
    return;

  g_set_object (&self->agent_list, agent_list);
  g_signal_group_set_target (self->agent_list_signals, agent_list);

  if (self->agent_list != NULL)
    {
      oc_agent_list_set_search (self->agent_list,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      gtk_single_selection_set_model (self->selection, oc_agent_list_get_model (self->agent_list));
      oc_agent_picker_pick_best (self);
      oc_agent_picker_update_empty (self);
    }
  else if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_LIST]);
}

/**
 * oc_agent_picker_get_agent:
 *
 * Returns: (transfer none) (nullable): the picked agent if it may take the
 *   conversation now, else %NULL
 */
OcAgent *
oc_agent_picker_get_agent (OcAgentPicker *self)
{
  OcAgent *agent;

  g_return_val_if_fail (OC_IS_AGENT_PICKER (self), NULL);

  if (self->agent_list == NULL)
    return NULL;

  agent = gtk_single_selection_get_selected_item (self->selection);
  if (agent == NULL || !oc_agent_list_can_take (self->agent_list, agent))
    return NULL;

  return agent;
}

/**
 * oc_agent_picker_get_list_view:
 *
 * Returns: (transfer none): the list view (for tests)
 */
GtkListView *
oc_agent_picker_get_list_view (OcAgentPicker *self)
{
  g_return_val_if_fail (OC_IS_AGENT_PICKER (self), NULL);

  return self->list_view;
}

/**
 * oc_agent_picker_get_search:
 *
 * Returns: (transfer none): the search entry (for tests)
 */
GtkEditable *
oc_agent_picker_get_search (OcAgentPicker *self)
{
  g_return_val_if_fail (OC_IS_AGENT_PICKER (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

/**
 * oc_agent_picker_pick:
 * @agent: an agent of the list
 *
 * Picks @agent, as a click on their row would, when they can take the
 * conversation.
 *
 * Returns: whether @agent is picked now
 */
gboolean
oc_agent_picker_pick (OcAgentPicker *self,
                      OcAgent       *agent)
{
  GListModel *model;

  g_return_val_if_fail (OC_IS_AGENT_PICKER (self), FALSE);
  g_return_val_if_fail (OC_IS_AGENT (agent), FALSE);

  if (self->agent_list == NULL || !oc_agent_list_can_take (self->agent_list, agent))
    return FALSE;

  model = G_LIST_MODEL (self->selection);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(OcAgent) item = g_list_model_get_item (model, i);

      if (item == agent)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}
