// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-report"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent.h"
#include "oc-column-sorter.h"
#include "oc-queue.h"
#include "oc-report-private.h"

/* Columns: their settings id, title, view sort key and default width. The
 * widths fit the demo floor's longest queue ("Billing & Payments") and
 * channel ("Messaging · WhatsApp") at 1,280 px; Subject takes what is left. */
static const struct {
  const char   *id;
  const char   *title;
  OcSortColumn  sort;
  int           width;
} column_info[OC_N_REPORT_COLUMNS] = {
  [OC_REPORT_COLUMN_SUBJECT]   = { "subject",   N_("Subject"),   OC_SORT_SUBJECT,   170 },
  [OC_REPORT_COLUMN_STATUS]    = { "status",    N_("Status"),    OC_SORT_STATUS,     90 },
  [OC_REPORT_COLUMN_AGENT]     = { "agent",     N_("Agent"),     OC_SORT_AGENT,     130 },
  [OC_REPORT_COLUMN_QUEUE]     = { "queue",     N_("Queue"),     OC_SORT_QUEUE,     135 },
  [OC_REPORT_COLUMN_CHANNEL]   = { "channel",   N_("Channel"),   OC_SORT_CHANNEL,   175 },
  [OC_REPORT_COLUMN_WAIT]      = { "wait",      N_("Wait"),      OC_SORT_WAIT,       90 },
  [OC_REPORT_COLUMN_HANDLE]    = { "handle",    N_("Handle"),    OC_SORT_HANDLE,     80 },
  [OC_REPORT_COLUMN_SENTIMENT] = { "sentiment", N_("Sentiment"), OC_SORT_SENTIMENT, 140 },
  [OC_REPORT_COLUMN_CUSTOMER]  = { "customer",  N_("Customer"),  OC_SORT_CUSTOMER,  135 },
  [OC_REPORT_COLUMN_CREATED]   = { "created",   N_("Created"),   OC_SORT_CREATED,   120 },
  [OC_REPORT_COLUMN_FLAG]      = { "flag",      N_("Help Flag"), OC_SORT_FLAG,      110 },
  [OC_REPORT_COLUMN_WATCHERS]  = { "watchers",  N_("Watching"),  OC_SORT_WATCHERS,   60 },
};

const char *
_oc_report_column_id (OcReportColumn column)
{
  g_return_val_if_fail (column < OC_N_REPORT_COLUMNS, NULL);
  return column_info[column].id;
}

/* Translated, for what a screen reader says of a cell. */
const char *
_oc_report_column_title (OcReportColumn column)
{
  g_return_val_if_fail (column < OC_N_REPORT_COLUMNS, NULL);
  return _(column_info[column].title);
}

static int
column_from_id (const char *id)
{
  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    if (g_strcmp0 (column_info[i].id, id) == 0)
      return (int) i;
  return -1;
}

static int
column_of (OcReport            *self,
           GtkColumnViewColumn *column)
{
  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    if (self->columns[i] == column)
      return (int) i;
  return -1;
}

static int
column_of_factory (OcReport           *self,
                   GtkListItemFactory *factory)
{
  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    if (gtk_column_view_column_get_factory (self->columns[i]) == factory)
      return (int) i;
  return -1;
}

/* Factories ---------------------------------------------------------------- */

static void
setup_cb (GtkListItemFactory *factory,
          GtkListItem        *item,
          OcReport           *self)
{
  int column = column_of_factory (self, factory);

  g_return_if_fail (column >= 0 && self->store != NULL);

  gtk_list_item_set_child (item, GTK_WIDGET (oc_report_cell_new (column, self->store,
                                                                 self->clock, self->settings)));
}

static void
bind_cb (GtkListItemFactory *factory,
         GtkListItem        *item,
         OcReport           *self)
{
  oc_report_cell_bind (OC_REPORT_CELL (gtk_list_item_get_child (item)),
                       gtk_list_item_get_item (item));
}

/* Cells hold the store they were made for, so a new store needs new cells. */
void
_oc_report_columns_set_store (OcReport *self)
{
  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cb), self, 0);
      g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cb), self, 0);
      /* No "unbind": a cell lets go of its row when it gets another one
       * (see oc_report_cell_unbind()), and GTK 4.8 unbinds a lot. */
      gtk_column_view_column_set_factory (self->columns[i], factory);
    }
}

/* Column titles ------------------------------------------------------------ */

static gboolean
widget_shows_text (GtkWidget  *widget,
                   const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (widget_shows_text (child, text))
      return TRUE;

  return FALSE;
}

/* GTK 4.8 has no API for a column's title widget: it is the header row's
 * child that shows the column's title. */
static GtkWidget *
find_title (OcReport       *self,
            OcReportColumn  column)
{
  const char *title = _(column_info[column].title);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        continue;
      for (GtkWidget *title_widget = gtk_widget_get_first_child (child);
           title_widget != NULL;
           title_widget = gtk_widget_get_next_sibling (title_widget))
        if (widget_shows_text (title_widget, title))
          return title_widget;
    }

  return NULL;
}

static void fixed_width_changed_cb (GtkColumnViewColumn *column,
                                    GParamSpec          *pspec,
                                    OcReport            *self);

/* The default width, or wider where the title needs it: a translated title
 * may be longer than the column ("Bearbeitungszeit" for "Handle", #18), and
 * GTK 4.8 clips a title, it does not ellipsize it. A title measures as its
 * column's fixed width: without one, it measures its text, sort arrow and
 * padding. Measured once, while every title is shown (a hidden one
 * measures nothing). */
static void
measure_default_widths (OcReport *self)
{
  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    {
      GtkColumnViewColumn *column = self->columns[i];
      GtkWidget *title = find_title (self, i);
      int fixed = gtk_column_view_column_get_fixed_width (column);
      int natural = 0;

      if (title != NULL && gtk_column_view_column_get_visible (column))
        {
          g_signal_handlers_block_by_func (column, fixed_width_changed_cb, self);
          gtk_column_view_column_set_fixed_width (column, -1);
          gtk_widget_measure (title, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
          gtk_column_view_column_set_fixed_width (column, fixed);
          g_signal_handlers_unblock_by_func (column, fixed_width_changed_cb, self);
        }
      self->default_widths[i] = MAX (column_info[i].width, natural);
    }
}

static int
column_default_width (OcReport       *self,
                      OcReportColumn  column)
{
  return self->default_widths[column] > 0 ? self->default_widths[column] : column_info[column].width;
}

/* GTK 4.8 reads the titles by type name ("GtkColumnViewTitle"), and as
 * fillers: it gives them the column-header role but does not map that role to
 * AT-SPI. Name them by their title; each cell names its column too. */
static void
init_titles (OcReport *self)
{
  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    {
      GtkWidget *title = find_title (self, i);

      if (title != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (title),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _(column_info[i].title),
                                        -1);
    }
}

/* What the order is, in words; the arrow alone does not say that "Wait"
 * puts the conversations waiting now first. */
static const char *
sort_description (OcSortColumn sort,
                  gboolean     descending)
{
  switch (sort)
    {
    case OC_SORT_WAIT:
      return descending ? _("Sorted by wait: conversations waiting now first, longest wait first")
                        : _("Sorted by wait: conversations not waiting first, shortest wait first");
    case OC_SORT_HANDLE:
      return descending ? _("Sorted by longest handle time first")
                        : _("Sorted by shortest handle time first");
    case OC_SORT_CREATED:
      return descending ? _("Sorted by newest first") : _("Sorted by oldest first");
    case OC_SORT_FLAG:
      return descending ? _("Sorted by help flag: conversations without one first")
                        : _("Sorted by help flag: the oldest request for help first");
    case OC_SORT_WATCHERS:
      return descending ? _("Sorted by watching: the most watched conversations first")
                        : _("Sorted by watching: conversations nobody watches first");
    case OC_SORT_NONE:
      return NULL;
    case OC_SORT_SUBJECT:
    case OC_SORT_STATUS:
    case OC_SORT_AGENT:
    case OC_SORT_QUEUE:
    case OC_SORT_CHANNEL:
    case OC_SORT_SENTIMENT:
    case OC_SORT_CUSTOMER:
    default:
      return descending ? _("Sorted by this column, descending")
                        : _("Sorted by this column, ascending");
    }
}

static void
sync_title_sort (OcReport     *self,
                 OcSortColumn  sort,
                 gboolean      descending)
{
  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    {
      GtkWidget *title = find_title (self, i);
      const char *description = column_info[i].sort == sort ? sort_description (sort, descending)
                                                            : NULL;

      if (title == NULL)
        continue;
      gtk_widget_set_tooltip_text (title, description);
      if (description != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (title),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                        -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* Persistence -------------------------------------------------------------- */

static gboolean
save_columns_cb (gpointer data)
{
  OcReport *self = data;
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GStrvBuilder) order = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) hidden = g_strv_builder_new ();
  g_auto(GStrv) order_v = NULL;
  g_auto(GStrv) hidden_v = NULL;
  GVariantBuilder widths;

  self->save_columns_id = 0;
  if (self->server_settings == NULL)
    return G_SOURCE_REMOVE;
  g_variant_builder_init (&widths, G_VARIANT_TYPE ("a{si}"));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      int index = column_of (self, column);

      if (index < 0)
        continue;

      g_strv_builder_add (order, column_info[index].id);
      if (!gtk_column_view_column_get_visible (column))
        g_strv_builder_add (hidden, column_info[index].id);
      if (self->widths[index] != column_default_width (self, index))
        g_variant_builder_add (&widths, "{si}", column_info[index].id, self->widths[index]);
    }

  order_v = g_strv_builder_end (order);
  hidden_v = g_strv_builder_end (hidden);

  self->writing = TRUE;
  g_settings_set_strv (self->server_settings, "column-order", (const char * const *) order_v);
  g_settings_set_strv (self->server_settings, "hidden-columns", (const char * const *) hidden_v);
  g_settings_set_value (self->server_settings, "column-widths", g_variant_builder_end (&widths));
  self->writing = FALSE;

  return G_SOURCE_REMOVE;
}

/* Dragging a column edge changes the width many times a second: save once. */
static void
queue_save_columns (OcReport *self)
{
  if (self->restoring || self->save_columns_id != 0)
    return;

  self->save_columns_id = g_timeout_add (500, save_columns_cb, self);
  g_source_set_name_by_id (self->save_columns_id, "[oc] save report columns");
}

/* GTK 4.8 counts a hidden column's fixed width in the table's minimum, so
 * what it hides stays as empty space and Subject does not expand into it: a
 * hidden column is 0 px wide, and keeps its width in self->widths. */
static void
set_column_shown (OcReport       *self,
                  OcReportColumn  index,
                  gboolean        visible)
{
  gtk_column_view_column_set_visible (self->columns[index], visible);
  gtk_column_view_column_set_fixed_width (self->columns[index], visible ? self->widths[index] : 0);
}

static void
set_column_width (OcReport       *self,
                  OcReportColumn  index,
                  int             width)
{
  self->widths[index] = width;
  if (gtk_column_view_column_get_visible (self->columns[index]))
    gtk_column_view_column_set_fixed_width (self->columns[index], width);
}

static void
fixed_width_changed_cb (GtkColumnViewColumn *column,
                        GParamSpec          *pspec,
                        OcReport            *self)
{
  int index = column_of (self, column);

  /* A drag on the edge of a column shown: the width it keeps. */
  if (index >= 0 && gtk_column_view_column_get_visible (column))
    self->widths[index] = gtk_column_view_column_get_fixed_width (column);
  queue_save_columns (self);
}

static void sync_sort_actions (OcReport   *self,
                               const char *id,
                               gboolean    descending);

/* From the server's settings; without any, as a first run shows it. */
static void
restore_columns (OcReport *self)
{
  GSettings *settings = self->server_settings;
  g_auto(GStrv) order = settings ? g_settings_get_strv (settings, "column-order") : g_new0 (char *, 1);
  g_auto(GStrv) hidden = settings ? g_settings_get_strv (settings, "hidden-columns") : g_new0 (char *, 1);
  g_autoptr(GVariant) widths = settings ? g_settings_get_value (settings, "column-widths")
                                        : g_variant_ref_sink (g_variant_new ("a{si}", NULL));
  g_autofree char *sort_id = settings ? g_settings_get_string (settings, "sort-column") : g_strdup ("wait");
  gboolean descending = settings ? g_settings_get_boolean (settings, "sort-descending") : TRUE;
  gboolean seen[OC_N_REPORT_COLUMNS] = { FALSE, };
  guint position = 0;
  int sort_column;

  self->restoring = TRUE;

  for (guint i = 0; order[i] != NULL; i++)
    {
      int index = column_from_id (order[i]);

      if (index < 0 || seen[index])
        continue;
      seen[index] = TRUE;
      gtk_column_view_insert_column (self->column_view, position++, self->columns[index]);
    }

  /* Columns added by a newer version go at the end. */
  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    if (!seen[i])
      gtk_column_view_insert_column (self->column_view, position++, self->columns[i]);

  if (self->default_widths[0] == 0)
    measure_default_widths (self);

  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    {
      gboolean visible = !g_strv_contains ((const char * const *) hidden, column_info[i].id);
      int width;

      if (g_variant_lookup (widths, column_info[i].id, "i", &width))
        self->widths[i] = MAX (width, -1);
      else
        self->widths[i] = column_default_width (self, i);
      set_column_shown (self, i, visible);
      g_action_group_change_action_state (G_ACTION_GROUP (self->column_actions),
                                          column_info[i].id, g_variant_new_boolean (visible));
    }

  sort_column = column_from_id (sort_id);
  gtk_column_view_sort_by_column (self->column_view,
                                  sort_column >= 0 ? self->columns[sort_column] : NULL,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  sync_sort_actions (self, sort_column >= 0 ? sort_id : "", descending);

  self->restoring = FALSE;
}

/* Sorting ------------------------------------------------------------------ */

void
_oc_report_columns_apply_sort (OcReport *self)
{
  OcSortColumn column;
  gboolean descending;

  oc_column_sorter_read_primary (gtk_column_view_get_sorter (self->column_view),
                                 &column, &descending);

  if (self->view == NULL)
    return;

  /* The header's arrow speaks of the figure shown: "descending" wait is the
   * longest first, which the view calls ascending (by start time). */
  if (column == OC_SORT_WAIT || column == OC_SORT_HANDLE)
    descending = !descending;

  /* People read names, not ids: sort the agent and queue columns by name. */
  if (column == OC_SORT_AGENT)
    column = OC_SORT_AGENT_NAME;
  else if (column == OC_SORT_QUEUE)
    column = OC_SORT_QUEUE_NAME;

  oc_conversation_view_set_sort (self->view, column, descending);
}

static void
sync_sort_actions (OcReport   *self,
                   const char *id,
                   gboolean    descending)
{
  GAction *sort_by = g_action_map_lookup_action (G_ACTION_MAP (self->column_actions), "sort-by");
  GAction *sort_descending = g_action_map_lookup_action (G_ACTION_MAP (self->column_actions), "sort-descending");

  if (sort_by != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (sort_by), g_variant_new_string (id));
  if (sort_descending != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (sort_descending), g_variant_new_boolean (descending));
}

/* Sorting from a menu: what a header click does, for the keyboard. */
static void
sort_by_change_state (GSimpleAction *action,
                      GVariant      *state,
                      gpointer       data)
{
  OcReport *self = data;
  int index = column_from_id (g_variant_get_string (state, NULL));
  g_autoptr(GVariant) descending = g_action_group_get_action_state (G_ACTION_GROUP (self->column_actions),
                                                                    "sort-descending");

  if (index < 0)
    return;

  gtk_column_view_sort_by_column (self->column_view, self->columns[index],
                                  g_variant_get_boolean (descending) ? GTK_SORT_DESCENDING
                                                                     : GTK_SORT_ASCENDING);
}

static void
sort_descending_change_state (GSimpleAction *action,
                              GVariant      *state,
                              gpointer       data)
{
  OcReport *self = data;
  g_autoptr(GVariant) sort_by = g_action_group_get_action_state (G_ACTION_GROUP (self->column_actions),
                                                                 "sort-by");
  int index = column_from_id (g_variant_get_string (sort_by, NULL));

  if (index < 0)
    index = OC_REPORT_COLUMN_WAIT;

  gtk_column_view_sort_by_column (self->column_view, self->columns[index],
                                  g_variant_get_boolean (state) ? GTK_SORT_DESCENDING
                                                                : GTK_SORT_ASCENDING);
}

static void
sorter_changed_cb (OcReport  *self,
                   int        change,
                   GtkSorter *sorter)
{
  OcSortColumn sort;
  gboolean descending;
  const char *id = "";

  _oc_report_columns_apply_sort (self);

  oc_column_sorter_read_primary (sorter, &sort, &descending);
  sync_title_sort (self, sort, descending);

  if (self->restoring)
    return;

  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    if (sort != OC_SORT_NONE && column_info[i].sort == sort)
      id = column_info[i].id;

  sync_sort_actions (self, id, descending);

  if (self->server_settings == NULL)
    return;
  self->writing = TRUE;
  g_settings_set_string (self->server_settings, "sort-column", id);
  g_settings_set_boolean (self->server_settings, "sort-descending", descending);
  self->writing = FALSE;
}

/* Header menu: show and hide columns --------------------------------------- */

static void
column_visible_change_state (GSimpleAction *action,
                             GVariant      *state,
                             gpointer       data)
{
  OcReport *self = data;
  int index = column_from_id (g_action_get_name (G_ACTION (action)));
  gboolean visible = g_variant_get_boolean (state);
  guint n_visible = 0;

  g_return_if_fail (index >= 0);

  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    n_visible += gtk_column_view_column_get_visible (self->columns[i]);

  /* Hiding the last column would leave a report nobody can read or fix. */
  if (!visible && n_visible <= 1 && !self->restoring)
    return;

  g_simple_action_set_state (action, state);
  set_column_shown (self, index, visible);
  queue_save_columns (self);
}

static void
reset_columns_activate (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       data)
{
  OcReport *self = data;

  if (self->server_settings != NULL)
    {
      self->writing = TRUE;
      g_settings_reset (self->server_settings, "column-order");
      g_settings_reset (self->server_settings, "hidden-columns");
      g_settings_reset (self->server_settings, "column-widths");
      self->writing = FALSE;
    }

  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    set_column_width (self, i, column_default_width (self, i));

  restore_columns (self);
}

static GMenuModel *
build_header_menu (void)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) columns = g_menu_new ();
  g_autoptr(GMenu) reset = g_menu_new ();
  g_autoptr(GMenu) sort = g_menu_new ();

  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    {
      g_autofree char *action = g_strconcat ("columns.", column_info[i].id, NULL);
      g_autoptr(GMenuItem) item = g_menu_item_new (_(column_info[i].title), NULL);

      g_menu_append (columns, _(column_info[i].title), action);
      if (column_info[i].sort == OC_SORT_NONE)
        continue;
      g_menu_item_set_action_and_target_value (item, "columns.sort-by",
                                               g_variant_new_string (column_info[i].id));
      g_menu_append_item (sort, item);
    }
  g_menu_append (sort, _("_Descending"), "columns.sort-descending");

  g_menu_append (reset, _("_Reset Columns"), "columns.reset");
  g_menu_append_submenu (menu, _("_Sort By"), G_MENU_MODEL (sort));
  g_menu_append_section (menu, _("Show Columns"), G_MENU_MODEL (columns));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (reset));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
columns_changed_cb (OcReport   *self,
                    guint       position,
                    guint       removed,
                    guint       added,
                    GListModel *columns)
{
  queue_save_columns (self);
}

void
_oc_report_columns_init (OcReport *self)
{
  GSimpleAction *reset;

  self->column_actions = g_simple_action_group_new ();
  self->header_menu = build_header_menu ();

  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    {
      g_autoptr(OcColumnSorter) sorter = oc_column_sorter_new (column_info[i].sort);
      g_autoptr(GSimpleAction) visible =
        g_simple_action_new_stateful (column_info[i].id, NULL, g_variant_new_boolean (TRUE));
      GtkColumnViewColumn *column;

      column = gtk_column_view_column_new (_(column_info[i].title), NULL);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      gtk_column_view_column_set_header_menu (column, self->header_menu);
      gtk_column_view_column_set_fixed_width (column, column_info[i].width);
      gtk_column_view_column_set_expand (column, i == OC_REPORT_COLUMN_SUBJECT);
      self->columns[i] = column;
      self->widths[i] = column_info[i].width;

      g_signal_connect (column, "notify::fixed-width",
                        G_CALLBACK (fixed_width_changed_cb), self);
      g_signal_connect (visible, "change-state",
                        G_CALLBACK (column_visible_change_state), self);
      g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (visible));
    }

  {
    g_autoptr(GSimpleAction) sort_by =
      g_simple_action_new_stateful ("sort-by", G_VARIANT_TYPE_STRING, g_variant_new_string (""));
    g_autoptr(GSimpleAction) sort_descending =
      g_simple_action_new_stateful ("sort-descending", NULL, g_variant_new_boolean (FALSE));

    g_signal_connect (sort_by, "change-state", G_CALLBACK (sort_by_change_state), self);
    g_signal_connect (sort_descending, "change-state", G_CALLBACK (sort_descending_change_state), self);
    g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (sort_by));
    g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (sort_descending));
  }

  reset = g_simple_action_new ("reset", NULL);
  g_signal_connect (reset, "activate", G_CALLBACK (reset_columns_activate), self);
  g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (reset));
  g_object_unref (reset);

  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns",
                                  G_ACTION_GROUP (self->column_actions));

  restore_columns (self);
  init_titles (self);

  self->sorter_signals = g_signal_group_new (GTK_TYPE_SORTER);
  g_signal_group_connect_swapped (self->sorter_signals, "changed",
                                  G_CALLBACK (sorter_changed_cb), self);
  g_signal_group_set_target (self->sorter_signals, gtk_column_view_get_sorter (self->column_view));
  self->columns_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->columns_signals, "items-changed",
                                  G_CALLBACK (columns_changed_cb), self);
  g_signal_group_set_target (self->columns_signals, gtk_column_view_get_columns (self->column_view));

  {
    OcSortColumn sort;
    gboolean descending;

    oc_column_sorter_read_primary (gtk_column_view_get_sorter (self->column_view), &sort, &descending);
    sync_title_sort (self, sort, descending);
  }
}

/* Once for the several keys a named view sets. */
static gboolean
server_settings_change_event_cb (OcReport *self,
                                 GQuark   *keys,
                                 int       n_keys)
{
  gboolean ours = keys == NULL;  /* everything changed */

  for (int i = 0; keys != NULL && i < n_keys; i++)
    {
      const char *key = g_quark_to_string (keys[i]);

      ours |= !g_str_has_prefix (key, "filter-") && !g_str_equal (key, "views");
    }
  if (self->writing || !ours)
    return FALSE;
  /* Columns saved from here wait half a second; what is being restored wins. */
  g_clear_handle_id (&self->save_columns_id, g_source_remove);
  restore_columns (self);
  return FALSE;
}

void
_oc_report_columns_dispose (OcReport *self)
{
  g_clear_handle_id (&self->save_columns_id, g_source_remove);
  g_clear_object (&self->server_settings_signals);
  g_clear_object (&self->server_settings);

  /* The column view tears its columns down after this: do not listen. */
  g_clear_object (&self->sorter_signals);
  g_clear_object (&self->columns_signals);

  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    {
      if (self->columns[i] == NULL)
        continue;
      g_signal_handlers_disconnect_by_data (self->columns[i], self);
      g_clear_object (&self->columns[i]);
    }

  g_clear_object (&self->column_actions);
  g_clear_object (&self->header_menu);
}

/**
 * oc_report_get_column_actions:
 *
 * Returns: (transfer none): the "columns" actions (one boolean per column,
 *   and "reset"), for menus outside the report such as the window's
 */
GActionGroup *
oc_report_get_column_actions (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), NULL);
  return G_ACTION_GROUP (self->column_actions);
}

/**
 * oc_report_get_columns_menu:
 *
 * Returns: (transfer none): the column chooser's menu (show and hide columns,
 *   reset), on the actions of oc_report_get_column_actions() under "columns";
 *   for a keyboard-reachable menu elsewhere, as the header menu needs a
 *   pointer in GTK 4.8
 */
GMenuModel *
oc_report_get_columns_menu (OcReport *self)
{
  g_return_val_if_fail (OC_IS_REPORT (self), NULL);
  return self->header_menu;
}

/**
 * oc_report_set_server_settings:
 * @settings: (nullable): the server's settings (oc_server_settings_new()),
 *   or %NULL to keep nothing
 *
 * Shows the columns and the sort kept in @settings, keeps them there from
 * now on, and follows them when they change (a named view applied).
 */
void
oc_report_set_server_settings (OcReport  *self,
                               GSettings *settings)
{
  g_return_if_fail (OC_IS_REPORT (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (self->server_settings == settings)
    return;

  /* What was changed on the last server stays there. */
  oc_report_save_columns_now (self);

  g_set_object (&self->server_settings, settings);
  if (self->server_settings_signals == NULL)
    {
      self->server_settings_signals = g_signal_group_new (G_TYPE_SETTINGS);
      g_signal_group_connect_swapped (self->server_settings_signals, "change-event",
                                      G_CALLBACK (server_settings_change_event_cb), self);
    }
  g_signal_group_set_target (self->server_settings_signals, settings);
  restore_columns (self);
}

/**
 * oc_report_save_columns_now:
 *
 * Writes the columns' order, visibility and widths to the server's settings
 * now rather than after the half second a drag is given.
 */
void
oc_report_save_columns_now (OcReport *self)
{
  g_return_if_fail (OC_IS_REPORT (self));

  if (self->save_columns_id == 0)
    return;
  g_clear_handle_id (&self->save_columns_id, g_source_remove);
  save_columns_cb (self);
}
