// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-filter-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent.h"
#include "oc-filter-bar.h"
#include "oc-format.h"
#include "oc-queue.h"
#include "oc-wrap-box.h"

struct _OcFilterBar
{
  GtkWidget            parent_instance;

  OcWrapBox           *box;
  GtkSearchEntry      *search_entry;
  OcFilterButton      *queue_button;
  OcFilterButton      *channel_button;
  OcFilterButton      *status_button;
  OcFilterButton      *agent_button;
  GtkButton           *clear_button;
  GtkToggleButton     *flag_button;
  GtkLabel            *shown_label;

  GSettings           *settings;   /* the server's; NULL keeps nothing */
  GSignalGroup        *settings_signals;
  gboolean             loading;    /* from the settings: not written back */
  gboolean             writing;    /* to the settings: not read back */
  OcConversationView  *view;
  OcConversationStore *store;
  /* The view's, its store's and the store's name lists' items-changed. */
  GSignalGroup        *view_signals;
  GSignalGroup        *store_signals;
  GSignalGroup        *queues_signals;
  GSignalGroup        *agents_signals;
  guint                n_shown;
  guint                n_total;
  guint                n_unreadable;
  guint                shown_idle_id;
  gboolean             partial;    /* a first load goes on: counts are not final */
};

G_DEFINE_FINAL_TYPE (OcFilterBar, oc_filter_bar, GTK_TYPE_WIDGET)

static const char * const settings_keys[] = {
  [OC_FILTER_QUEUE] = "filter-queues",
  [OC_FILTER_CHANNEL] = "filter-channels",
  [OC_FILTER_STATUS] = "filter-statuses",
  [OC_FILTER_AGENT] = "filter-agents",
};

/* The statuses a live report can show; closed ones leave the store. */
static const OcStatus live_statuses[] = {
  OC_STATUS_OPEN, OC_STATUS_ACTIVE, OC_STATUS_WAITING, OC_STATUS_WRAP_UP,
};

static const OcChannel channels[] = {
  OC_CHANNEL_CHAT, OC_CHANNEL_MESSAGING, OC_CHANNEL_VOICE,
};

/* Choices ------------------------------------------------------------------ */

/* Counts are faceted: each follows every filter but its own, so they tell
 * what checking one more value would add. The view keeps them current. */

static guint
count_queue (OcFilterBar *self,
             const char  *queue_id)
{
  return self->view ? oc_conversation_view_count_queue (self->view, queue_id) : 0;
}

static guint
count_channel (OcFilterBar *self,
               OcChannel    channel)
{
  return self->view ? oc_conversation_view_count_channel (self->view, channel) : 0;
}

static guint
count_status (OcFilterBar *self,
              OcStatus     status)
{
  return self->view ? oc_conversation_view_count_status (self->view, status) : 0;
}

static guint
count_agent (OcFilterBar *self,
             const char  *agent_id)
{
  return self->view ? oc_conversation_view_count_agent (self->view, agent_id) : 0;
}

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const OcFilterChoice *ca = *(OcFilterChoice **) a;
  const OcFilterChoice *cb = *(OcFilterChoice **) b;

  return g_utf8_collate (ca->label, cb->label);
}

static void
queue_choices (OcFilterButton *button,
               GPtrArray      *choices,
               gpointer        data)
{
  OcFilterBar *self = data;
  GListModel *queues;

  if (self->store == NULL)
    return;

  queues = oc_conversation_store_get_queues (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (queues); i++)
    {
      g_autoptr(OcQueue) queue = g_list_model_get_item (queues, i);
      const char *name = oc_queue_get_name (queue);

      g_ptr_array_add (choices, oc_filter_choice_new (oc_queue_get_id (queue),
                                                      name && *name ? name : oc_queue_get_id (queue),
                                                      count_queue (self, oc_queue_get_id (queue))));
    }

  g_ptr_array_sort (choices, compare_choices);
}

static void
channel_choices (OcFilterButton *button,
                 GPtrArray      *choices,
                 gpointer        data)
{
  OcFilterBar *self = data;

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      const char *nick = oc_enum_to_nick (OC_TYPE_CHANNEL, channels[i]);
      g_ptr_array_add (choices, oc_filter_choice_new (nick, oc_channel_get_label (channels[i]),
                                                      count_channel (self, channels[i])));
    }
}

static void
status_choices (OcFilterButton *button,
                GPtrArray      *choices,
                gpointer        data)
{
  OcFilterBar *self = data;

  for (guint i = 0; i < G_N_ELEMENTS (live_statuses); i++)
    {
      const char *nick = oc_enum_to_nick (OC_TYPE_STATUS, live_statuses[i]);
      g_ptr_array_add (choices, oc_filter_choice_new (nick, oc_status_get_label (live_statuses[i]),
                                                      count_status (self, live_statuses[i])));
    }
}

static void
agent_choices (OcFilterButton *button,
               GPtrArray      *choices,
               gpointer        data)
{
  OcFilterBar *self = data;
  GListModel *agents;

  if (self->store == NULL)
    return;

  agents = oc_conversation_store_get_agents (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (agents); i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (agents, i);
      const char *name = oc_agent_get_name (agent);

      g_ptr_array_add (choices, oc_filter_choice_new (oc_agent_get_id (agent),
                                                      name && *name ? name : oc_agent_get_id (agent),
                                                      count_agent (self, oc_agent_get_id (agent))));
    }

  g_ptr_array_sort (choices, compare_choices);
  g_ptr_array_insert (choices, 0, oc_filter_choice_new (OC_FILTER_UNASSIGNED, _("Unassigned"),
                                                        count_agent (self, NULL)));
}

/* Applying ----------------------------------------------------------------- */

static guint
mask_from_nicks (GType               enum_type,
                 const char * const *nicks)
{
  guint mask = 0;

  for (guint i = 0; nicks[i] != NULL; i++)
    {
      int value = oc_enum_from_nick (enum_type, nicks[i]);
      mask |= 1u << value;
    }

  return mask;
}

static void
oc_filter_bar_apply (OcFilterBar  *self,
                     OcFilterKind  kind)
{
  const char * const *ids;

  if (self->view == NULL)
    return;

  switch (kind)
    {
    case OC_FILTER_QUEUE:
      ids = oc_filter_button_get_selected (self->queue_button);
      oc_conversation_view_set_queue_filter (self->view, ids[0] ? ids : NULL);
      break;

    case OC_FILTER_CHANNEL:
      ids = oc_filter_button_get_selected (self->channel_button);
      oc_conversation_view_set_channel_filter (self->view, mask_from_nicks (OC_TYPE_CHANNEL, ids));
      break;

    case OC_FILTER_STATUS:
      ids = oc_filter_button_get_selected (self->status_button);
      oc_conversation_view_set_status_filter (self->view, mask_from_nicks (OC_TYPE_STATUS, ids));
      break;

    case OC_FILTER_AGENT:
      {
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) agent_ids = NULL;
        gboolean unassigned = FALSE;

        ids = oc_filter_button_get_selected (self->agent_button);
        for (guint i = 0; ids[i] != NULL; i++)
          {
            if (g_str_equal (ids[i], OC_FILTER_UNASSIGNED))
              unassigned = TRUE;
            else
              g_strv_builder_add (builder, ids[i]);
          }

        agent_ids = g_strv_builder_end (builder);
        oc_conversation_view_set_agent_filter (self->view,
                                               agent_ids[0] ? (const char * const *) agent_ids : NULL,
                                               unassigned);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static OcFilterButton *
button_for (OcFilterBar  *self,
            OcFilterKind  kind)
{
  switch (kind)
    {
    case OC_FILTER_QUEUE:   return self->queue_button;
    case OC_FILTER_CHANNEL: return self->channel_button;
    case OC_FILTER_STATUS:  return self->status_button;
    case OC_FILTER_AGENT:   return self->agent_button;
    default:                g_return_val_if_reached (NULL);
    }
}

static void
filter_changed_cb (OcFilterButton *button,
                   OcFilterBar    *self)
{
  for (OcFilterKind kind = OC_FILTER_QUEUE; kind <= OC_FILTER_AGENT; kind++)
    {
      if (button_for (self, kind) != button)
        continue;

      oc_filter_bar_apply (self, kind);
      if (self->settings != NULL && !self->loading)
        {
          self->writing = TRUE;
          g_settings_set_strv (self->settings, settings_keys[kind],
                               oc_filter_button_get_selected (button));
          self->writing = FALSE;
        }
    }
}

static void
oc_filter_bar_flag_toggled_cb (OcFilterBar *self)
{
  if (self->view != NULL)
    oc_conversation_view_set_flagged_only (self->view, gtk_toggle_button_get_active (self->flag_button));
}

static void
oc_filter_bar_search_changed_cb (OcFilterBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->view != NULL)
    oc_conversation_view_set_search_text (self->view, text[0] ? text : NULL);
  if (self->settings != NULL && !self->loading)
    {
      g_autofree char *saved = g_settings_get_string (self->settings, "filter-search");

      if (g_str_equal (saved, text))
        return;
      self->writing = TRUE;
      g_settings_set_string (self->settings, "filter-search", text);
      self->writing = FALSE;
    }
}

/* Shows what the settings hold (another server's, or a named view's). */
static void
oc_filter_bar_load (OcFilterBar *self)
{
  g_autofree char *search = NULL;

  self->loading = TRUE;
  for (OcFilterKind kind = OC_FILTER_QUEUE; kind <= OC_FILTER_AGENT; kind++)
    {
      g_auto(GStrv) saved = self->settings ? g_settings_get_strv (self->settings, settings_keys[kind])
                                           : NULL;

      oc_filter_button_set_selected (button_for (self, kind), (const char * const *) saved);
    }

  search = self->settings ? g_settings_get_string (self->settings, "filter-search") : g_strdup ("");
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), search) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search);
  /* Now, not after the entry's search delay. */
  oc_filter_bar_search_changed_cb (self);
  self->loading = FALSE;
}

/* Once for the several keys a named view sets. */
static gboolean
settings_change_event_cb (OcFilterBar *self,
                          GQuark      *keys,
                          int          n_keys)
{
  gboolean ours = keys == NULL;  /* everything changed */

  for (int i = 0; keys != NULL && i < n_keys; i++)
    ours |= g_str_has_prefix (g_quark_to_string (keys[i]), "filter-");
  if (!self->writing && ours)
    oc_filter_bar_load (self);
  return FALSE;
}

static void
oc_filter_bar_update_shown (OcFilterBar *self)
{
  guint n_shown = self->view ? g_list_model_get_n_items (G_LIST_MODEL (self->view)) : 0;
  guint n_total = self->store ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;
  guint n_unreadable = self->store ? oc_conversation_store_get_unreadable (self->store) : 0;
  g_autofree char *shown_count = NULL;
  g_autofree char *total_count = NULL;
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->shown_idle_id, g_source_remove);
  if (n_shown == self->n_shown && n_total == self->n_total && n_unreadable == self->n_unreadable &&
      gtk_label_get_label (self->shown_label)[0] != '\0')
    return;

  self->n_shown = n_shown;
  self->n_total = n_total;
  /* TRANSLATORS: conversations shown by the filters, of all live ones */
  shown_count = oc_format_count (n_shown);
  total_count = oc_format_count (n_total);
  if (self->partial)
    /* TRANSLATORS: while the conversations still load, "1,204 of 40,000 shown, more loading…" */
    text = g_strdup_printf (g_dngettext (NULL, "%s of %s shown, more loading…", "%s of %s shown, more loading…",
                                         n_total),
                            shown_count, total_count);
  else
    /* TRANSLATORS: the counts are formatted already, "1,204 of 100,688 shown" */
    text = g_strdup_printf (g_dngettext (NULL, "%s of %s shown", "%s of %s shown", n_total),
                            shown_count, total_count);
  if (n_unreadable > 0)
    {
      /* The floor is not complete: say so where the counts are, not only
       * in a log nobody reads. */
      g_autofree char *shown = g_steal_pointer (&text);

      /* TRANSLATORS: "158 of 160 shown", then how many the server sent that could not be read */
      text = g_strdup_printf (g_dngettext (NULL, "%s · %u could not be read", "%s · %u could not be read",
                                           n_unreadable),
                              shown, n_unreadable);
    }

  /* Setting a tooltip asks the display where the pointer is, a round trip:
   * only when it changes. */
  if (n_unreadable != self->n_unreadable)
    {
      g_autofree char *tooltip = NULL;

      if (n_unreadable > 0)
        tooltip = g_strdup_printf (g_dngettext (NULL,
                                                "The server sent %u conversation that could not be read; it is not in the report.",
                                                "The server sent %u conversations that could not be read; they are not in the report.",
                                                n_unreadable),
                                   n_unreadable);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->shown_label), tooltip);
      self->n_unreadable = n_unreadable;
    }
  gtk_label_set_label (self->shown_label, text);
}

static gboolean
shown_idle_cb (gpointer data)
{
  OcFilterBar *self = data;

  self->shown_idle_id = 0;
  oc_filter_bar_update_shown (self);
  return G_SOURCE_REMOVE;
}

/* A batch of moves can change the count several times: show it once, before
 * the frame is drawn. */
static void
model_items_changed_cb (OcFilterBar *self)
{
  if (self->shown_idle_id == 0)
    self->shown_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, shown_idle_cb, self, NULL);
}

static void
oc_filter_bar_flush_shown (OcFilterBar *self)
{
  if (self->shown_idle_id != 0)
    oc_filter_bar_update_shown (self);
}

/* Queue and agent names arrive with the snapshot: a button that shows a
 * saved choice by id can now show its name. */
static void
names_changed_cb (OcFilterBar *self)
{
  if (oc_filter_button_get_selected (self->queue_button)[0] != NULL)
    g_ptr_array_unref (oc_filter_button_refresh (self->queue_button));
  if (oc_filter_button_get_selected (self->agent_button)[0] != NULL)
    g_ptr_array_unref (oc_filter_button_refresh (self->agent_button));
}

/* GObject ------------------------------------------------------------------ */

static void
oc_filter_bar_dispose (GObject *object)
{
  OcFilterBar *self = OC_FILTER_BAR (object);

  oc_filter_bar_set_view (self, NULL);
  g_clear_handle_id (&self->shown_idle_id, g_source_remove);
  g_clear_object (&self->view_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->queues_signals);
  g_clear_object (&self->agents_signals);
  g_clear_object (&self->settings_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_FILTER_BAR);
  /* Unnamed template children are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (oc_filter_bar_parent_class)->dispose (object);
}

static void
oc_filter_bar_class_init (OcFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_filter_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, OcFilterBar, box);
  g_type_ensure (OC_TYPE_WRAP_BOX);
  gtk_widget_class_bind_template_child (widget_class, OcFilterBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OcFilterBar, queue_button);
  gtk_widget_class_bind_template_child (widget_class, OcFilterBar, channel_button);
  gtk_widget_class_bind_template_child (widget_class, OcFilterBar, status_button);
  gtk_widget_class_bind_template_child (widget_class, OcFilterBar, agent_button);
  gtk_widget_class_bind_template_child (widget_class, OcFilterBar, clear_button);
  gtk_widget_class_bind_template_child (widget_class, OcFilterBar, shown_label);
  gtk_widget_class_bind_template_callback (widget_class, oc_filter_bar_search_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, OcFilterBar, flag_button);
  gtk_widget_class_bind_template_callback (widget_class, oc_filter_bar_flag_toggled_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (OC_TYPE_FILTER_BUTTON);
}

static void
oc_filter_bar_init (OcFilterBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings_signals = g_signal_group_new (G_TYPE_SETTINGS);
  g_signal_group_connect_swapped (self->settings_signals, "change-event",
                                  G_CALLBACK (settings_change_event_cb), self);

  self->view_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->view_signals, "items-changed",
                                  G_CALLBACK (model_items_changed_cb), self);
  self->store_signals = g_signal_group_new (OC_TYPE_CONVERSATION_STORE);
  g_signal_group_connect_swapped (self->store_signals, "items-changed",
                                  G_CALLBACK (model_items_changed_cb), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::unreadable",
                                  G_CALLBACK (model_items_changed_cb), self);
  self->queues_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->queues_signals, "items-changed",
                                  G_CALLBACK (names_changed_cb), self);
  self->agents_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->agents_signals, "items-changed",
                                  G_CALLBACK (names_changed_cb), self);

  oc_filter_button_set_choices_func (self->queue_button, queue_choices, self, NULL);
  oc_filter_button_set_choices_func (self->channel_button, channel_choices, self, NULL);
  oc_filter_button_set_choices_func (self->status_button, status_choices, self, NULL);
  oc_filter_button_set_choices_func (self->agent_button, agent_choices, self, NULL);

  for (OcFilterKind kind = OC_FILTER_QUEUE; kind <= OC_FILTER_AGENT; kind++)
    g_signal_connect (button_for (self, kind), "changed", G_CALLBACK (filter_changed_cb), self);

  oc_filter_bar_update_shown (self);
}

/**
 * oc_filter_bar_new:
 *
 * Returns: (transfer floating): a new filter bar, with no filters until
 *   oc_filter_bar_set_settings()
 */
OcFilterBar *
oc_filter_bar_new (void)
{
  return g_object_new (OC_TYPE_FILTER_BAR, NULL);
}

/**
 * oc_filter_bar_set_settings:
 * @settings: (nullable): the server's settings (oc_server_settings_new()),
 *   or %NULL to keep nothing
 *
 * Shows the filters and the search kept in @settings, keeps them there from
 * now on, and follows them when they change (a named view applied).
 */
void
oc_filter_bar_set_settings (OcFilterBar *self,
                            GSettings   *settings)
{
  g_return_if_fail (OC_IS_FILTER_BAR (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (self->settings == settings)
    return;

  /* What was typed within the search delay is the last server's. */
  if (self->settings != NULL)
    oc_filter_bar_search_changed_cb (self);
  g_set_object (&self->settings, settings);
  g_signal_group_set_target (self->settings_signals, settings);
  oc_filter_bar_load (self);
}

/**
 * oc_filter_bar_set_view:
 * @view: (nullable): the view to filter, or %NULL
 *
 * Applies the filters and the search to @view and follows its counts for
 * "N of M shown". The bar keeps a reference.
 */
void
oc_filter_bar_set_view (OcFilterBar        *self,
                        OcConversationView *view)
{
  OcConversationStore *store;

  g_return_if_fail (OC_IS_FILTER_BAR (self));
  g_return_if_fail (view == NULL || OC_IS_CONVERSATION_VIEW (view));

  if (self->view == view)
    return;

  store = view != NULL ? oc_conversation_view_get_store (view) : NULL;
  g_set_object (&self->view, view);
  g_set_object (&self->store, store);
  g_signal_group_set_target (self->view_signals, view);
  g_signal_group_set_target (self->store_signals, store);
  g_signal_group_set_target (self->queues_signals,
                             store != NULL ? oc_conversation_store_get_queues (store) : NULL);
  g_signal_group_set_target (self->agents_signals,
                             store != NULL ? oc_conversation_store_get_agents (store) : NULL);

  if (view != NULL)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

      for (OcFilterKind kind = OC_FILTER_QUEUE; kind <= OC_FILTER_AGENT; kind++)
        oc_filter_bar_apply (self, kind);
      oc_conversation_view_set_search_text (view, text[0] ? text : NULL);
      oc_conversation_view_set_flagged_only (view, gtk_toggle_button_get_active (self->flag_button));
    }

  oc_filter_bar_update_shown (self);
}

/**
 * oc_filter_bar_clear:
 *
 * Unchecks every filter and empties the search, at once (not after the
 * entry's search delay).
 */
void
oc_filter_bar_clear (OcFilterBar *self)
{
  g_return_if_fail (OC_IS_FILTER_BAR (self));

  for (OcFilterKind kind = OC_FILTER_QUEUE; kind <= OC_FILTER_AGENT; kind++)
    oc_filter_button_set_selected (button_for (self, kind), NULL);

  gtk_toggle_button_set_active (self->flag_button, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  /* Apply now rather than after the entry's search delay. */
  oc_filter_bar_search_changed_cb (self);
}

/**
 * oc_filter_bar_get_button:
 * @kind: which filter
 *
 * Returns: (transfer none): the button of @kind
 */
OcFilterButton *
oc_filter_bar_get_button (OcFilterBar  *self,
                          OcFilterKind  kind)
{
  g_return_val_if_fail (OC_IS_FILTER_BAR (self), NULL);
  return button_for (self, kind);
}

/**
 * oc_filter_bar_get_search_entry:
 *
 * Returns: (transfer none): the search entry
 */
GtkEditable *
oc_filter_bar_get_search_entry (OcFilterBar *self)
{
  g_return_val_if_fail (OC_IS_FILTER_BAR (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

/**
 * oc_filter_bar_focus_search:
 *
 * Gives the search entry the keyboard focus (Ctrl+F).
 */
void
oc_filter_bar_focus_search (OcFilterBar *self)
{
  g_return_if_fail (OC_IS_FILTER_BAR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * oc_filter_bar_set_loading:
 * @loading: whether the store still loads its first snapshot
 *
 * While the conversations still load, the count says it is of those
 * loaded so far, not of the floor.
 */
void
oc_filter_bar_set_loading (OcFilterBar *self,
                           gboolean     loading)
{
  g_return_if_fail (OC_IS_FILTER_BAR (self));

  loading = !!loading;
  if (self->partial == loading)
    return;
  self->partial = loading;
  /* Said again even if no count changed. */
  gtk_label_set_label (self->shown_label, "");
  oc_filter_bar_update_shown (self);
}

/**
 * oc_filter_bar_get_shown_text:
 *
 * Returns: (transfer none): the "N of M shown" text
 */
const char *
oc_filter_bar_get_shown_text (OcFilterBar *self)
{
  g_return_val_if_fail (OC_IS_FILTER_BAR (self), NULL);

  oc_filter_bar_flush_shown (self);
  return gtk_label_get_label (self->shown_label);
}

/**
 * oc_filter_bar_get_shown_tooltip:
 *
 * Returns: (transfer none) (nullable): what the count's tooltip says, when
 *   it says more than the count (conversations that could not be read)
 */
const char *
oc_filter_bar_get_shown_tooltip (OcFilterBar *self)
{
  g_return_val_if_fail (OC_IS_FILTER_BAR (self), NULL);

  oc_filter_bar_flush_shown (self);
  return gtk_widget_get_tooltip_text (GTK_WIDGET (self->shown_label));
}
