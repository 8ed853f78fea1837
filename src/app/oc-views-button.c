// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-views-button"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent.h"
#include "oc-filter-bar.h"
#include "oc-queue.h"
#include "oc-server-settings.h"
#include "oc-views-button.h"

struct _OcViewsButton
{
  GtkWidget         parent_instance;

  GtkMenuButton    *menu_button;
  GtkLabel         *label;

  GSettings        *settings;         /* the server's */
  GSignalGroup     *settings_signals;
  OcReport         *report;           /* for its store, its columns and toasts */
  GMenu            *menu;
  AdwMessageDialog *dialog;           /* the one open, weak */
  int               current;          /* the view shown, or -1 */
};

G_DEFINE_FINAL_TYPE (OcViewsButton, oc_views_button, GTK_TYPE_WIDGET)

/* What a view holds: the server's keys of the same names. */
static const char * const view_keys[] = {
  "filter-queues", "filter-channels", "filter-statuses", "filter-agents", "filter-search",
  "sort-column", "sort-descending", "column-order", "hidden-columns",
};

#define N_SHORTCUTS 9

static GVariant *
get_views (OcViewsButton *self)
{
  if (self->settings == NULL)
    return g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE_VARDICT, NULL, 0));
  return g_settings_get_value (self->settings, "views");
}

static char *
view_name (GVariant *view)
{
  const char *name = NULL;

  if (!g_variant_lookup (view, "name", "&s", &name))
    name = "";
  return g_strdup (name);
}

static int
find_current (OcViewsButton *self)
{
  g_autoptr(GVariant) views = get_views (self);
  gsize n = g_variant_n_children (views);

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) view = g_variant_get_child_value (views, i);
      gboolean same = TRUE;

      for (guint k = 0; same && k < G_N_ELEMENTS (view_keys); k++)
        {
          g_autoptr(GVariant) saved = g_variant_lookup_value (view, view_keys[k], NULL);
          g_autoptr(GVariant) now = g_settings_get_value (self->settings, view_keys[k]);

          same = saved == NULL || g_variant_equal (saved, now);
        }
      if (same)
        return (int) i;
    }

  return -1;
}

/* A menu item's label takes "_" for a mnemonic; a name is shown as typed. */
static char *
escape_underlines (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static void
oc_views_button_update (OcViewsButton *self)
{
  g_autoptr(GVariant) views = get_views (self);
  g_autoptr(GMenu) list = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autofree char *current_name = NULL;
  gsize n = g_variant_n_children (views);

  self->current = self->settings != NULL ? find_current (self) : -1;

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) view = g_variant_get_child_value (views, i);
      g_autofree char *name = view_name (view);
      g_autofree char *label = escape_underlines (name);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "views.apply", g_variant_new_uint32 (i));
      if (i < N_SHORTCUTS)
        {
          g_autofree char *accel = g_strdup_printf ("<Control>%u", (guint) i + 1);

          g_menu_item_set_attribute (item, "accel", "s", accel);
        }
      g_menu_append_item (list, item);
      if ((int) i == self->current)
        current_name = g_steal_pointer (&name);
    }

  g_menu_append (edit, _("_Save View…"), "views.save");
  if (current_name != NULL)
    {
      g_autofree char *escaped = escape_underlines (current_name);
      /* TRANSLATORS: %s is the name of a saved view */
      g_autofree char *rename = g_strdup_printf (_("_Rename “%s”…"), escaped);
      /* TRANSLATORS: %s is the name of a saved view */
      g_autofree char *delete = g_strdup_printf (_("_Delete “%s”…"), escaped);

      g_menu_append (edit, rename, "views.rename");
      g_menu_append (edit, delete, "views.delete");
    }

  g_menu_remove_all (self->menu);
  if (n > 0)
    g_menu_append_section (self->menu, NULL, G_MENU_MODEL (list));
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (edit));

  /* The button says which view is shown; its accessible name says what it is. */
  gtk_label_set_label (self->label, current_name != NULL ? current_name : _("Views"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "views.rename", self->current >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "views.delete", self->current >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "views.save", self->settings != NULL);
}

static gboolean
settings_change_event_cb (OcViewsButton *self,
                          GQuark        *keys,
                          int            n_keys)
{
  oc_views_button_update (self);
  return FALSE;
}

/* Views, kept ---------------------------------------------------------------- */

static void
set_views (OcViewsButton *self,
           GPtrArray     *views)
{
  g_settings_set_value (self->settings, "views",
                        g_variant_new_array (G_VARIANT_TYPE_VARDICT,
                                             (GVariant **) views->pdata, views->len));
}

/* The views as an array of floating-free references, to edit. */
static GPtrArray *
copy_views (OcViewsButton *self)
{
  g_autoptr(GVariant) views = get_views (self);
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  for (gsize i = 0; i < g_variant_n_children (views); i++)
    g_ptr_array_add (copy, g_variant_get_child_value (views, i));
  return copy;
}

static GVariant *
with_name (GVariant   *view,
           const char *name)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, view);
  g_variant_dict_insert (&dict, "name", "s", name);
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

static OcConversationStore *
get_store (OcViewsButton *self)
{
  OcConversationView *view = self->report ? oc_report_get_view (self->report) : NULL;

  return view != NULL ? oc_conversation_view_get_store (view) : NULL;
}

/* The name the store has for a queue or agent id (the id when it has no
 * name), or NULL when it does not know the id. */
static const char *
lookup_name (OcConversationStore *store,
             const char          *key,
             const char          *id)
{
  const char *name;

  if (g_str_equal (key, "filter-queues"))
    {
      OcQueue *queue = oc_conversation_store_lookup_queue (store, id);

      if (queue == NULL)
        return NULL;
      name = oc_queue_get_name (queue);
    }
  else
    {
      OcAgent *agent = oc_conversation_store_lookup_agent (store, id);

      if (g_str_equal (id, OC_FILTER_UNASSIGNED))
        return id;
      if (agent == NULL)
        return NULL;
      name = oc_agent_get_name (agent);
    }

  return name != NULL && *name != '\0' ? name : id;
}

static const char * const named_keys[] = { "filter-queues", "filter-agents" };

/* Names for the ids a view filters by, to say which one is gone later. */
static GVariant *
labels_for (OcViewsButton *self)
{
  OcConversationStore *store = get_store (self);
  GVariantBuilder labels;

  g_variant_builder_init (&labels, G_VARIANT_TYPE ("a{ss}"));
  for (guint k = 0; store != NULL && k < G_N_ELEMENTS (named_keys); k++)
    {
      g_auto(GStrv) ids = g_settings_get_strv (self->settings, named_keys[k]);

      for (guint i = 0; ids[i] != NULL; i++)
        {
          const char *name = lookup_name (store, named_keys[k], ids[i]);

          if (name != NULL)
            g_variant_builder_add (&labels, "{ss}", ids[i], name);
        }
    }

  return g_variant_builder_end (&labels);
}

/* A view that names a queue or an agent this server no longer has would
 * show nothing for it without a word: say which. */
static void
report_missing (OcViewsButton *self,
                GVariant      *view)
{
  OcConversationStore *store = get_store (self);
  g_autoptr(GVariant) labels = g_variant_lookup_value (view, "labels", G_VARIANT_TYPE ("a{ss}"));
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = view_name (view);
  g_autofree char *list = NULL;
  g_autofree char *text = NULL;

  if (store == NULL)
    return;

  for (guint k = 0; k < G_N_ELEMENTS (named_keys); k++)
    {
      GListModel *known = k == 0 ? oc_conversation_store_get_queues (store)
                                 : oc_conversation_store_get_agents (store);
      g_autofree const char **ids = NULL;

      /* Before the server has said which it has, nothing is missing. */
      if (!g_variant_lookup (view, named_keys[k], "^a&s", &ids) || g_list_model_get_n_items (known) == 0)
        continue;
      for (guint i = 0; ids[i] != NULL; i++)
        {
          const char *label = NULL;

          if (lookup_name (store, named_keys[k], ids[i]) != NULL)
            continue;
          if (labels == NULL || !g_variant_lookup (labels, ids[i], "&s", &label))
            label = ids[i];
          g_ptr_array_add (missing, g_strdup (label));
        }
    }

  if (missing->len == 0)
    return;

  g_ptr_array_add (missing, NULL);
  list = g_strjoinv (C_("list separator", ", "), (char **) missing->pdata);
  /* TRANSLATORS: a view's name, then the queues and agents it names that are gone */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "“%s” filters by a queue or agent this server no longer has: %s",
                                       "“%s” filters by queues or agents this server no longer has: %s",
                                       missing->len - 1),
                          name, list);
  oc_report_show_toast (self->report, text);
}

/* Dialogs ------------------------------------------------------------------ */

typedef enum { ASK_SAVE, ASK_RENAME } AskKind;

static void
name_entry_changed_cb (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  OcViewsButton *self = g_object_get_data (G_OBJECT (dialog), "oc-views-button");
  AskKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "oc-ask-kind"));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GVariant) views = get_views (self);
  gboolean taken = FALSE;

  for (gsize i = 0; i < g_variant_n_children (views); i++)
    {
      g_autoptr(GVariant) view = g_variant_get_child_value (views, i);
      g_autofree char *other = view_name (view);

      taken |= g_str_equal (other, name) && (kind == ASK_SAVE || (int) i != self->current);
    }

  if (kind == ASK_SAVE)
    {
      /* Saving under a name in use replaces that view: the button says so. */
      adw_message_dialog_set_response_label (dialog, "save", taken ? _("_Replace") : _("_Save"));
      adw_message_dialog_set_response_enabled (dialog, "save", name[0] != '\0');
    }
  else
    adw_message_dialog_set_response_enabled (dialog, "save", name[0] != '\0' && !taken);
}

static void
name_dialog_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         OcViewsButton    *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  AskKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "oc-ask-kind"));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (!g_str_equal (response, "save") || name[0] == '\0')
    return;
  if (kind == ASK_SAVE)
    oc_views_button_save (self, name);
  else if (self->current >= 0)
    oc_views_button_rename (self, self->current, name);
}

static AdwMessageDialog *
new_dialog (OcViewsButton *self,
            const char    *heading,
            const char    *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                         heading, body));

  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "oc-views-button", self);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_set_weak_pointer (&self->dialog, dialog);
  return dialog;
}

static void
ask_name (OcViewsButton *self,
          AskKind        kind)
{
  g_autofree char *current = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (kind == ASK_SAVE)
    dialog = new_dialog (self, _("Save View"),
                         _("The filters, search, sort and columns shown now, under a name. Ctrl+1 to Ctrl+9 switch to the first nine views."));
  else
    {
      g_autoptr(GVariant) views = get_views (self);
      g_autoptr(GVariant) view = NULL;

      if (self->current < 0)
        return;
      view = g_variant_get_child_value (views, self->current);
      current = view_name (view);
      dialog = new_dialog (self, _("Rename View"), NULL);
    }

  adw_message_dialog_add_response (dialog, "save", kind == ASK_SAVE ? _("_Save") : _("_Rename"));
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  g_object_set_data (G_OBJECT (dialog), "oc-ask-kind", GINT_TO_POINTER (kind));

  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), current != NULL ? current : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("View name"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_signal_connect (entry, "changed", G_CALLBACK (name_entry_changed_cb), dialog);
  name_entry_changed_cb (GTK_EDITABLE (entry), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (name_dialog_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    OcViewsButton    *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "oc-view-index"));

  if (g_str_equal (response, "delete"))
    oc_views_button_delete (self, index);
}

/* Actions ------------------------------------------------------------------ */

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OcViewsButton *self = OC_VIEWS_BUTTON (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (self->settings == NULL)
    return;
  if (!oc_views_button_apply (self, index) && self->report != NULL)
    {
      /* TRANSLATORS: %u is 1 to 9, as in Ctrl+1 */
      g_autofree char *text = g_strdup_printf (_("No view is saved for Ctrl+%u. Save one from the Views menu."),
                                               index + 1);

      oc_report_show_toast (self->report, text);
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ask_name (OC_VIEWS_BUTTON (widget), ASK_SAVE);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_name (OC_VIEWS_BUTTON (widget), ASK_RENAME);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OcViewsButton *self = OC_VIEWS_BUTTON (widget);
  g_autoptr(GVariant) views = NULL;
  g_autoptr(GVariant) view = NULL;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (self->current < 0)
    return;
  views = get_views (self);
  view = g_variant_get_child_value (views, self->current);
  name = view_name (view);
  /* TRANSLATORS: %s is the name of a saved view */
  heading = g_strdup_printf (_("Delete “%s”?"), name);
  dialog = new_dialog (self, heading,
                       _("The view is forgotten on this server. The report keeps what it shows now."));
  adw_message_dialog_add_response (dialog, "delete", _("_Delete"));
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data (G_OBJECT (dialog), "oc-view-index", GUINT_TO_POINTER (self->current));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject ------------------------------------------------------------------ */

static void
oc_views_button_dispose (GObject *object)
{
  OcViewsButton *self = OC_VIEWS_BUTTON (object);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_weak_pointer (&self->dialog);
  g_clear_object (&self->settings_signals);
  g_clear_object (&self->settings);
  g_clear_object (&self->report);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_VIEWS_BUTTON);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (oc_views_button_parent_class)->dispose (object);
}

static void
oc_views_button_class_init (OcViewsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_views_button_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-views-button.ui");
  gtk_widget_class_bind_template_child (widget_class, OcViewsButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, OcViewsButton, label);

  gtk_widget_class_install_action (widget_class, "views.apply", "u", apply_action);
  gtk_widget_class_install_action (widget_class, "views.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "views.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "views.delete", NULL, delete_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
oc_views_button_init (OcViewsButton *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->current = -1;
  self->menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (self->menu));
  self->settings_signals = g_signal_group_new (G_TYPE_SETTINGS);
  g_signal_group_connect_swapped (self->settings_signals, "change-event",
                                  G_CALLBACK (settings_change_event_cb), self);

  /* Ctrl+1…9 wherever the focus is in the window, not only on the button. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < N_SHORTCUTS; i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_1 + i, GDK_CONTROL_MASK),
                                                gtk_named_action_new ("views.apply"));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_uint32 (i));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  oc_views_button_update (self);
}

/**
 * oc_views_button_new:
 *
 * Returns: (transfer floating): a views button, inactive until
 *   oc_views_button_attach()
 */
OcViewsButton *
oc_views_button_new (void)
{
  return g_object_new (OC_TYPE_VIEWS_BUTTON, NULL);
}

/**
 * oc_views_button_attach:
 * @settings: (nullable): the server's settings, where the views are kept
 *   and which they set
 * @report: (nullable): the report, for its conversations' queues and
 *   agents and to say what a view could not show
 */
void
oc_views_button_attach (OcViewsButton *self,
                        GSettings     *settings,
                        OcReport      *report)
{
  g_return_if_fail (OC_IS_VIEWS_BUTTON (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));
  g_return_if_fail (report == NULL || OC_IS_REPORT (report));

  g_set_object (&self->report, report);
  if (g_set_object (&self->settings, settings))
    g_signal_group_set_target (self->settings_signals, settings);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  oc_views_button_update (self);
}

/**
 * oc_views_button_get_n_views:
 *
 * Returns: how many views the server keeps
 */
guint
oc_views_button_get_n_views (OcViewsButton *self)
{
  g_autoptr(GVariant) views = NULL;

  g_return_val_if_fail (OC_IS_VIEWS_BUTTON (self), 0);

  views = get_views (self);
  return g_variant_n_children (views);
}

/**
 * oc_views_button_get_name:
 * @index: from 0
 *
 * Returns: (transfer full) (nullable): the view's name
 */
char *
oc_views_button_get_name (OcViewsButton *self,
                          guint          index)
{
  g_autoptr(GVariant) views = NULL;
  g_autoptr(GVariant) view = NULL;

  g_return_val_if_fail (OC_IS_VIEWS_BUTTON (self), NULL);

  views = get_views (self);
  if (index >= g_variant_n_children (views))
    return NULL;
  view = g_variant_get_child_value (views, index);
  return view_name (view);
}

/**
 * oc_views_button_get_current:
 *
 * Returns: the first view whose filters, search, sort and columns are what
 *   the report shows now, or -1
 */
int
oc_views_button_get_current (OcViewsButton *self)
{
  g_return_val_if_fail (OC_IS_VIEWS_BUTTON (self), -1);
  return self->current;
}

/**
 * oc_views_button_save:
 * @name: the view's name; a view of that name is replaced
 *
 * Saves the current filters, search, sort and columns as a view.
 */
void
oc_views_button_save (OcViewsButton *self,
                      const char    *name)
{
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GVariant) view = NULL;
  GVariantDict dict;
  gboolean replaced = FALSE;

  g_return_if_fail (OC_IS_VIEWS_BUTTON (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (self->settings == NULL)
    return;
  /* A column dragged a moment ago is part of it. */
  if (self->report != NULL)
    oc_report_save_columns_now (self->report);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "name", "s", name);
  for (guint k = 0; k < G_N_ELEMENTS (view_keys); k++)
    g_variant_dict_insert_value (&dict, view_keys[k], g_settings_get_value (self->settings, view_keys[k]));
  g_variant_dict_insert_value (&dict, "labels", labels_for (self));
  view = g_variant_ref_sink (g_variant_dict_end (&dict));

  views = copy_views (self);
  for (guint i = 0; i < views->len; i++)
    {
      g_autofree char *other = view_name (views->pdata[i]);

      if (!g_str_equal (other, name))
        continue;
      g_variant_unref (views->pdata[i]);
      views->pdata[i] = g_variant_ref (view);
      replaced = TRUE;
    }
  if (!replaced)
    g_ptr_array_add (views, g_variant_ref (view));
  set_views (self, views);
}

/**
 * oc_views_button_apply:
 * @index: from 0, as Ctrl+1 is the first
 *
 * Shows the view's filters, search, sort and columns (through the server's
 * settings, which the filter bar and the report follow), and says when it
 * names a queue or an agent the server no longer has.
 *
 * Returns: whether there is such a view
 */
gboolean
oc_views_button_apply (OcViewsButton *self,
                       guint          index)
{
  g_autoptr(GVariant) views = NULL;
  g_autoptr(GVariant) view = NULL;
  g_autoptr(GSettings) writer = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (OC_IS_VIEWS_BUTTON (self), FALSE);

  views = get_views (self);
  if (self->settings == NULL || index >= g_variant_n_children (views))
    return FALSE;
  view = g_variant_get_child_value (views, index);

  if (self->report != NULL)
    oc_report_save_columns_now (self->report);

  /* All keys at once, so the report filters and sorts once. */
  g_object_get (self->settings, "path", &path, NULL);
  writer = g_settings_new_with_path (OC_SERVER_SCHEMA_ID, path);
  g_settings_delay (writer);
  for (guint k = 0; k < G_N_ELEMENTS (view_keys); k++)
    {
      g_autoptr(GVariant) now = g_settings_get_value (writer, view_keys[k]);
      g_autoptr(GVariant) value = g_variant_lookup_value (view, view_keys[k], g_variant_get_type (now));

      if (value != NULL)
        g_settings_set_value (writer, view_keys[k], value);
    }
  g_settings_apply (writer);

  report_missing (self, view);
  return TRUE;
}

/**
 * oc_views_button_rename:
 * @index: from 0
 * @name: the new name
 */
void
oc_views_button_rename (OcViewsButton *self,
                        guint          index,
                        const char    *name)
{
  g_autoptr(GPtrArray) views = NULL;
  GVariant *renamed;

  g_return_if_fail (OC_IS_VIEWS_BUTTON (self));
  g_return_if_fail (name != NULL && *name != '\0');

  views = copy_views (self);
  if (self->settings == NULL || index >= views->len)
    return;
  renamed = with_name (views->pdata[index], name);
  g_variant_unref (views->pdata[index]);
  views->pdata[index] = renamed;
  set_views (self, views);
}

/**
 * oc_views_button_delete:
 * @index: from 0; the views after it move up a shortcut
 */
void
oc_views_button_delete (OcViewsButton *self,
                        guint          index)
{
  g_autoptr(GPtrArray) views = NULL;

  g_return_if_fail (OC_IS_VIEWS_BUTTON (self));

  views = copy_views (self);
  if (self->settings == NULL || index >= views->len)
    return;
  g_ptr_array_remove_index (views, index);
  set_views (self, views);
}

/**
 * oc_views_button_get_menu:
 *
 * Returns: (transfer none): the button's menu: the views, Save View…, and
 *   Rename and Delete for the view shown
 */
GMenuModel *
oc_views_button_get_menu (OcViewsButton *self)
{
  g_return_val_if_fail (OC_IS_VIEWS_BUTTON (self), NULL);
  return G_MENU_MODEL (self->menu);
}

/**
 * oc_views_button_get_dialog:
 *
 * Returns: (transfer none) (nullable): the Save, Rename or Delete dialog
 *   open now, for tests
 */
AdwMessageDialog *
oc_views_button_get_dialog (OcViewsButton *self)
{
  g_return_val_if_fail (OC_IS_VIEWS_BUTTON (self), NULL);
  return self->dialog;
}

/**
 * oc_views_button_set_compact:
 * @compact: whether only the arrow shows
 *
 * In a narrow header bar the view's name would be cut to "…": the button
 * keeps its arrow, its tooltip and its accessible name.
 */
void
oc_views_button_set_compact (OcViewsButton *self,
                             gboolean       compact)
{
  g_return_if_fail (OC_IS_VIEWS_BUTTON (self));

  gtk_widget_set_visible (GTK_WIDGET (self->label), !compact);
}
