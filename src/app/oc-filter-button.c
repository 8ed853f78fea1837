// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-filter-button"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-filter-button.h"
#include "oc-format.h"

struct _OcFilterButton
{
  GtkWidget            parent_instance;

  GtkMenuButton       *menu_button;
  GtkPopover          *popover;
  GtkButton           *all_button;
  GtkBox              *choices_box;
  GtkLabel            *none_label;

  char                *title;
  char                *summary;
  GStrv                selected;
  GHashTable          *labels;          /* id → label, from the last listing */
  OcFilterChoicesFunc  choices_func;
  gpointer             choices_data;
  GDestroyNotify       choices_destroy;
  gboolean             rebuilding;
  guint                counts_source;   /* while the popover is open */
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SELECTED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OcFilterButton, oc_filter_button, GTK_TYPE_WIDGET)

/**
 * oc_filter_choice_new:
 * @id: the choice's id, as the view's filter takes it
 * @label: what the user reads
 * @count: how many conversations it has now
 *
 * Returns: (transfer full): a new choice; free it with oc_filter_choice_free()
 */
OcFilterChoice *
oc_filter_choice_new (const char *id,
                      const char *label,
                      guint       count)
{
  OcFilterChoice *choice = g_new0 (OcFilterChoice, 1);

  choice->id = g_strdup (id);
  choice->label = g_strdup (label);
  choice->count = count;

  return choice;
}

/**
 * oc_filter_choice_free:
 * @choice: (nullable) (transfer full): a choice
 */
void
oc_filter_choice_free (OcFilterChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->id);
  g_free (choice->label);
  g_free (choice);
}

static void
oc_filter_button_update_summary (OcFilterButton *self)
{
  guint n = self->selected ? g_strv_length (self->selected) : 0;
  g_autofree char *value = NULL;

  if (n == 0)
    value = g_strdup (_("All"));
  else if (n == 1)
    {
      const char *label = g_hash_table_lookup (self->labels, self->selected[0]);

      if (label == NULL)
        {
          g_autoptr(GPtrArray) choices = oc_filter_button_refresh (self);
          label = g_hash_table_lookup (self->labels, self->selected[0]);
        }
      value = g_strdup (label ? label : self->selected[0]);
    }
  else
    /* TRANSLATORS: how many choices of a filter are checked */
    value = g_strdup_printf (g_dngettext (NULL, "%u selected", "%u selected", n), n);

  g_free (self->summary);
  /* TRANSLATORS: a filter and its value, "Queue: Billing" */
  self->summary = g_strdup_printf (_("%s: %s"), self->title, value);
  gtk_menu_button_set_label (self->menu_button, self->summary);

  if (n > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->menu_button), "oc-filter-active");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->menu_button), "oc-filter-active");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary,
                                  -1);
}

static void
oc_filter_button_set_selected_internal (OcFilterButton     *self,
                                        const char * const *ids,
                                        gboolean            emit)
{
  if (ids != NULL && ids[0] == NULL)
    ids = NULL;

  if (self->selected == NULL && ids == NULL)
    return;
  if (self->selected != NULL && ids != NULL &&
      g_strv_equal ((const char * const *) self->selected, ids))
    return;

  g_strfreev (self->selected);
  self->selected = g_strdupv ((char **) ids);

  oc_filter_button_update_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);

  if (emit)
    g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * oc_filter_button_toggle:
 * @id: a choice's id
 *
 * Toggles one choice as a click on its check button would.
 */
void
oc_filter_button_toggle (OcFilterButton *self,
                         const char     *id)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  gboolean found = FALSE;

  g_return_if_fail (OC_IS_FILTER_BUTTON (self));
  g_return_if_fail (id != NULL);

  for (guint i = 0; self->selected && self->selected[i]; i++)
    {
      if (g_str_equal (self->selected[i], id))
        found = TRUE;
      else
        g_strv_builder_add (builder, self->selected[i]);
    }

  if (!found)
    g_strv_builder_add (builder, id);

  ids = g_strv_builder_end (builder);
  oc_filter_button_set_selected_internal (self, (const char * const *) ids, TRUE);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  OcFilterButton *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "oc-choice-id");
  gboolean is_selected = self->selected &&
                         g_strv_contains ((const char * const *) self->selected, id);

  if (self->rebuilding || gtk_check_button_get_active (check) == is_selected)
    return;

  oc_filter_button_toggle (self, id);
}


/* "Billing (1,042)" */
static char *
choice_text (OcFilterChoice *choice)
{
  g_autofree char *count = oc_format_count (choice->count);

  /* TRANSLATORS: a filter choice and how many conversations it has, "Billing (1,042)" */
  return g_strdup_printf (_("%s (%s)"), choice->label, count);
}

static gboolean
is_selected (OcFilterButton *self,
             const char     *id)
{
  return self->selected != NULL && g_strv_contains ((const char * const *) self->selected, id);
}

/**
 * oc_filter_button_refresh:
 *
 * Rebuilds the list of choices (tests; the popover does it as it opens).
 * Checked ids that no longer exist stay listed, so they can be unchecked.
 *
 * Returns: (transfer full) (element-type OcFilterChoice): the choices listed
 */
GPtrArray *
oc_filter_button_refresh (OcFilterButton *self)
{
  GPtrArray *choices = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_filter_choice_free);
  GtkWidget *child;

  g_return_val_if_fail (OC_IS_FILTER_BUTTON (self), choices);

  if (self->choices_func != NULL)
    self->choices_func (self, choices, self->choices_data);

  /* A checked choice that no longer exists stays listed so it can be unchecked. */
  for (guint i = 0; self->selected && self->selected[i]; i++)
    {
      gboolean listed = FALSE;

      for (guint j = 0; j < choices->len && !listed; j++)
        listed = g_str_equal (((OcFilterChoice *) g_ptr_array_index (choices, j))->id,
                              self->selected[i]);
      if (!listed)
        g_ptr_array_add (choices, oc_filter_choice_new (self->selected[i],
                           g_hash_table_lookup (self->labels, self->selected[i])
                             ? g_hash_table_lookup (self->labels, self->selected[i])
                             : self->selected[i], 0));
    }

  self->rebuilding = TRUE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box))))
    gtk_box_remove (self->choices_box, child);

  for (guint i = 0; i < choices->len; i++)
    {
      OcFilterChoice *choice = g_ptr_array_index (choices, i);
      g_autofree char *text = choice_text (choice);
      GtkWidget *check = gtk_check_button_new_with_label (text);

      g_hash_table_replace (self->labels, g_strdup (choice->id), g_strdup (choice->label));
      g_object_set_data_full (G_OBJECT (check), "oc-choice-id", g_strdup (choice->id), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_selected (self, choice->id));
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      gtk_box_append (self->choices_box, check);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->none_label), choices->len == 0);
  self->rebuilding = FALSE;

  if (self->selected != NULL && g_strv_length (self->selected) == 1)
    oc_filter_button_update_summary (self);

  return choices;
}

/**
 * oc_filter_button_update_counts:
 *
 * Brings the listed choices' counts up to date without rebuilding the list,
 * so the keyboard focus stays (done every second while the popover is open).
 */
void
oc_filter_button_update_counts (OcFilterButton *self)
{
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_filter_choice_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (OC_IS_FILTER_BUTTON (self));

  if (self->choices_func == NULL)
    return;
  self->choices_func (self, choices, self->choices_data);
  for (guint i = 0; i < choices->len; i++)
    g_hash_table_insert (by_id, ((OcFilterChoice *) choices->pdata[i])->id, choices->pdata[i]);

  /* In place: rebuilding would take the keyboard focus from the list. New
   * choices (a queue that just appeared) wait for the next opening. */
  for (GtkWidget *check = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box));
       check != NULL;
       check = gtk_widget_get_next_sibling (check))
    {
      OcFilterChoice *choice = g_hash_table_lookup (by_id, g_object_get_data (G_OBJECT (check), "oc-choice-id"));
      g_autofree char *text = NULL;

      if (choice == NULL)
        continue;
      text = choice_text (choice);
      if (g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), text) != 0)
        gtk_check_button_set_label (GTK_CHECK_BUTTON (check), text);
    }
}

static gboolean
counts_tick_cb (gpointer data)
{
  oc_filter_button_update_counts (OC_FILTER_BUTTON (data));
  return G_SOURCE_CONTINUE;
}

/* The counts stay live while the choices are open; once a second is enough
 * to read and cheap: the view keeps them. */
static void
oc_filter_button_popover_show_cb (OcFilterButton *self)
{
  g_autoptr(GPtrArray) choices = oc_filter_button_refresh (self);

  g_clear_handle_id (&self->counts_source, g_source_remove);
  self->counts_source = g_timeout_add_seconds (1, counts_tick_cb, self);
}

static void
oc_filter_button_popover_closed_cb (OcFilterButton *self)
{
  g_clear_handle_id (&self->counts_source, g_source_remove);
}

static void
oc_filter_button_all_clicked_cb (OcFilterButton *self)
{
  oc_filter_button_set_selected_internal (self, NULL, TRUE);
  gtk_popover_popdown (self->popover);
}

static void
oc_filter_button_dispose (GObject *object)
{
  OcFilterButton *self = OC_FILTER_BUTTON (object);

  g_clear_handle_id (&self->counts_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_FILTER_BUTTON);
  /* Unnamed template children are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);

  if (self->choices_destroy != NULL)
    g_clear_pointer (&self->choices_data, self->choices_destroy);
  self->choices_func = NULL;

  G_OBJECT_CLASS (oc_filter_button_parent_class)->dispose (object);
}

static void
oc_filter_button_finalize (GObject *object)
{
  OcFilterButton *self = OC_FILTER_BUTTON (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->selected, g_strfreev);
  g_clear_pointer (&self->labels, g_hash_table_unref);

  G_OBJECT_CLASS (oc_filter_button_parent_class)->finalize (object);
}

static void
oc_filter_button_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OcFilterButton *self = OC_FILTER_BUTTON (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SELECTED:
      g_value_set_boxed (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_filter_button_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OcFilterButton *self = OC_FILTER_BUTTON (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      if (g_strcmp0 (self->title, g_value_get_string (value)) != 0)
        {
          g_free (self->title);
          self->title = g_value_dup_string (value);
          oc_filter_button_update_summary (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SELECTED:
      oc_filter_button_set_selected (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_filter_button_class_init (OcFilterButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_filter_button_dispose;
  object_class->finalize = oc_filter_button_finalize;
  object_class->get_property = oc_filter_button_get_property;
  object_class->set_property = oc_filter_button_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_boxed ("selected", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-filter-button.ui");
  gtk_widget_class_bind_template_child (widget_class, OcFilterButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, OcFilterButton, popover);
  gtk_widget_class_bind_template_child (widget_class, OcFilterButton, all_button);
  gtk_widget_class_bind_template_child (widget_class, OcFilterButton, choices_box);
  gtk_widget_class_bind_template_child (widget_class, OcFilterButton, none_label);
  gtk_widget_class_bind_template_callback (widget_class, oc_filter_button_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_filter_button_popover_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_filter_button_all_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
oc_filter_button_init (OcFilterButton *self)
{
  self->title = g_strdup ("");
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  oc_filter_button_update_summary (self);
}

/**
 * oc_filter_button_new:
 * @title: what the button filters, such as "Queue"
 *
 * Returns: (transfer floating): a new filter button with nothing checked
 *   (which means "all")
 */
OcFilterButton *
oc_filter_button_new (const char *title)
{
  return g_object_new (OC_TYPE_FILTER_BUTTON, "title", title, NULL);
}

/**
 * oc_filter_button_set_choices_func:
 * @func: (nullable): fills the choices that exist now; called as the popover
 *   opens
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when replaced or on dispose
 */
void
oc_filter_button_set_choices_func (OcFilterButton      *self,
                                   OcFilterChoicesFunc  func,
                                   gpointer             user_data,
                                   GDestroyNotify       destroy)
{
  g_return_if_fail (OC_IS_FILTER_BUTTON (self));

  if (self->choices_destroy != NULL)
    g_clear_pointer (&self->choices_data, self->choices_destroy);

  self->choices_func = func;
  self->choices_data = user_data;
  self->choices_destroy = destroy;
}

/**
 * oc_filter_button_get_selected:
 *
 * Returns: (transfer none) (array zero-terminated=1): the checked ids; empty
 *   means "all"
 */
const char * const *
oc_filter_button_get_selected (OcFilterButton *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (OC_IS_FILTER_BUTTON (self), none);

  return self->selected ? (const char * const *) self->selected : none;
}

/**
 * oc_filter_button_set_selected:
 * @ids: (nullable) (array zero-terminated=1): the ids to check, or %NULL for
 *   none
 *
 * Checks @ids and emits "changed" if that changes the set.
 */
void
oc_filter_button_set_selected (OcFilterButton     *self,
                               const char * const *ids)
{
  g_return_if_fail (OC_IS_FILTER_BUTTON (self));
  oc_filter_button_set_selected_internal (self, ids, TRUE);
}

/**
 * oc_filter_button_get_summary:
 *
 * Returns: (transfer none): the button's text, such as "Queue: Billing" or
 *   "Status: 2 of 4"
 */
const char *
oc_filter_button_get_summary (OcFilterButton *self)
{
  g_return_val_if_fail (OC_IS_FILTER_BUTTON (self), NULL);
  return self->summary;
}
