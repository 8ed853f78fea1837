// SPDX-License-Identifier: GPL-3.0-or-later
/* What the report keeps per server (filters, search, sort, columns) and the
 * one-time move of the values once kept for every server alike (#19, #21). */
#include "config.h"

#include <adwaita.h>

#include "oc-test-util.h"

#include "oc-agent.h"
#include "oc-filter-bar.h"
#include "oc-queue.h"
#include "oc-report.h"
#include "oc-server-settings.h"
#include "oc-views-button.h"
#include "store-test-util.h"

typedef struct {
  OcConversationStore *store;
  OcConversationView  *view;
  OcFilterBar         *filter_bar;
  OcReport            *report;
  OcViewsButton       *views;
  GtkWindow           *window;
} Fixture;

static void
reset_server (const char *identity)
{
  g_autoptr(GSettings) settings = oc_server_settings_new (identity);

  oc_test_reset_all_keys (settings);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  oc_test_reset_settings (APP_ID);
  reset_server ("demo");
  reset_server ("server:https://cc.example.com");

  f->store = oc_conversation_store_new ();
  {
    OcSnapshot *snapshot = test_snapshot_new (10);
    static const char * const queue_ids[] = { "q-billing", "q-tech" };
    static const char * const queue_names[] = { "Billing", "Technical" };
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;

    for (guint i = 0; i < G_N_ELEMENTS (queue_ids); i++)
      {
        OcQueue *queue = oc_queue_new (queue_ids[i]);

        oc_queue_set_name (queue, queue_names[i]);
        g_ptr_array_add (snapshot->queues, queue);
      }
    {
      OcAgent *agent = oc_agent_new ("a-1");

      oc_agent_set_name (agent, "Amina");
      g_ptr_array_add (snapshot->agents, agent);
    }
    for (guint i = 0; i < 6; i++)
      {
        g_autofree char *id = g_strdup_printf ("c-%u", i);

        g_ptr_array_add (snapshot->conversations,
                         test_conversation_new (id, OC_STATUS_ACTIVE, queue_ids[i % 2], "a-1", now - 60 * i));
      }
    oc_conversation_store_load_snapshot (f->store, snapshot);
    test_snapshot_free (snapshot);
  }
  f->view = oc_conversation_view_new (f->store);
  f->filter_bar = g_object_ref_sink (oc_filter_bar_new ());
  f->report = g_object_ref_sink (oc_report_new ());
  f->views = g_object_ref_sink (oc_views_button_new ());
  oc_filter_bar_set_view (f->filter_bar, f->view);
  oc_report_set_view (f->report, f->view);

  f->window = GTK_WINDOW (gtk_window_new ());
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->views));
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->filter_bar));
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->report));
    gtk_window_set_child (f->window, box);
  }
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->views);
  g_clear_object (&f->filter_bar);
  g_clear_object (&f->report);
  g_clear_object (&f->view);
  g_clear_object (&f->store);
}

static void
use_server (Fixture   *f,
            GSettings *settings)
{
  oc_filter_bar_set_settings (f->filter_bar, settings);
  oc_report_set_server_settings (f->report, settings);
  oc_views_button_attach (f->views, settings, f->report);
}

static const char * const *
queue_filter (Fixture *f)
{
  return oc_filter_button_get_selected (oc_filter_bar_get_button (f->filter_bar, OC_FILTER_QUEUE));
}

static gboolean
column_shown (Fixture        *f,
              OcReportColumn  column)
{
  return gtk_column_view_column_get_visible (oc_report_get_column (f->report, column));
}

/* The demo's port changes every run, a server's address has spellings:
 * neither makes another server. */
static void
test_identity (void)
{
  g_autofree char *demo = oc_server_settings_identity ("http://127.0.0.1:41234", TRUE);
  g_autofree char *server = oc_server_settings_identity ("HTTPS://CC.Example.com:443/", FALSE);
  g_autofree char *port = oc_server_settings_identity ("https://cc.example.com:8443", FALSE);
  g_autofree char *dataverse = oc_server_settings_identity ("https://contoso.crm4.dynamics.com/", FALSE);

  g_assert_cmpstr (demo, ==, "demo");
  g_assert_cmpstr (server, ==, "server:https://cc.example.com");
  g_assert_cmpstr (port, ==, "server:https://cc.example.com:8443");
  g_assert_cmpstr (dataverse, ==, "dataverse:https://contoso.crm4.dynamics.com");
}

/* The demo's filters, sort and columns never show on a real floor, and come
 * back when the demo does. */
static void
test_separate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) demo = oc_server_settings_new ("demo");
  g_autoptr(GSettings) real = oc_server_settings_new ("server:https://cc.example.com");
  GActionGroup *columns = oc_report_get_column_actions (f->report);
  g_auto(GStrv) saved = NULL;

  use_server (f, demo);
  oc_filter_button_toggle (oc_filter_bar_get_button (f->filter_bar, OC_FILTER_QUEUE), "q-billing");
  gtk_editable_set_text (oc_filter_bar_get_search_entry (f->filter_bar), "refund");
  g_action_group_change_action_state (columns, "sort-by", g_variant_new_string ("customer"));
  g_action_group_change_action_state (columns, "sentiment", g_variant_new_boolean (FALSE));
  g_assert_cmpint (oc_conversation_view_get_sort_column (f->view), ==, OC_SORT_CUSTOMER);

  use_server (f, real);
  g_assert_null (queue_filter (f)[0]);
  g_assert_cmpstr (gtk_editable_get_text (oc_filter_bar_get_search_entry (f->filter_bar)), ==, "");
  g_assert_cmpint (oc_conversation_view_get_sort_column (f->view), ==, OC_SORT_WAIT);
  g_assert_true (column_shown (f, OC_REPORT_COLUMN_SENTIMENT));
  saved = g_settings_get_strv (real, "filter-queues");
  g_assert_cmpstrv (saved, ((const char * const[]) { NULL }));

  use_server (f, demo);
  g_assert_cmpstrv (queue_filter (f), ((const char * const[]) { "q-billing", NULL }));
  g_assert_cmpstr (gtk_editable_get_text (oc_filter_bar_get_search_entry (f->filter_bar)), ==, "refund");
  g_assert_cmpint (oc_conversation_view_get_sort_column (f->view), ==, OC_SORT_CUSTOMER);
  g_assert_false (column_shown (f, OC_REPORT_COLUMN_SENTIMENT));
}

/* An older version kept them for every server: they move once, to the saved
 * server, and are forgotten where they were. */
static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSettings) app = g_settings_new (APP_ID);
  g_autoptr(GSettings) real = oc_server_settings_new ("server:https://cc.example.com");
  g_autoptr(GSettings) demo = oc_server_settings_new ("demo");
  g_auto(GStrv) queues = NULL;
  g_autofree char *sort = NULL;
  g_autofree char *search = NULL;

  g_settings_set_string (app, "server-url", "https://cc.example.com/");
  g_settings_set_strv (app, "filter-queues", (const char * const[]) { "q-tech", NULL });
  g_settings_set_string (app, "sort-column", "agent");
  g_settings_set_string (app, "filter-search", "login");

  g_assert_true (oc_server_settings_migrate (app));
  queues = g_settings_get_strv (real, "filter-queues");
  g_assert_cmpstrv (queues, ((const char * const[]) { "q-tech", NULL }));
  sort = g_settings_get_string (real, "sort-column");
  g_assert_cmpstr (sort, ==, "agent");
  g_assert_null (g_settings_get_user_value (app, "filter-queues"));
  g_assert_null (g_settings_get_user_value (app, "sort-column"));
  g_assert_null (g_settings_get_user_value (demo, "filter-queues"));
  g_assert_true (g_settings_get_boolean (app, "server-settings-migrated"));

  /* Once: values set by some old copy later stay where they are. */
  g_settings_set_strv (app, "filter-queues", (const char * const[]) { "q-sales", NULL });
  g_assert_false (oc_server_settings_migrate (app));
  g_clear_pointer (&queues, g_strfreev);
  queues = g_settings_get_strv (real, "filter-queues");
  g_assert_cmpstrv (queues, ((const char * const[]) { "q-tech", NULL }));

  /* The filter bar on that server shows them. */
  use_server (f, real);
  g_assert_cmpstrv (queue_filter (f), ((const char * const[]) { "q-tech", NULL }));
  search = g_settings_get_string (real, "filter-search");
  g_assert_cmpstr (search, ==, "login");
}

/* No server saved: they were the demo's. */
static void
test_migrate_to_demo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSettings) app = g_settings_new (APP_ID);
  g_autoptr(GSettings) demo = oc_server_settings_new ("demo");
  g_auto(GStrv) hidden = NULL;

  g_settings_set_strv (app, "hidden-columns", (const char * const[]) { "customer", NULL });
  g_assert_true (oc_server_settings_migrate (app));
  hidden = g_settings_get_strv (demo, "hidden-columns");
  g_assert_cmpstrv (hidden, ((const char * const[]) { "customer", NULL }));

  use_server (f, demo);
  g_assert_false (column_shown (f, OC_REPORT_COLUMN_CUSTOMER));
  g_assert_true (column_shown (f, OC_REPORT_COLUMN_SUBJECT));
}


static OcFilterButton *
button (Fixture      *f,
        OcFilterKind  kind)
{
  return oc_filter_bar_get_button (f->filter_bar, kind);
}

static gboolean
has_dialog (gpointer data)
{
  return oc_views_button_get_dialog (OC_VIEWS_BUTTON (data)) != NULL;
}

/* Through the dialog, as Save View… and Rename… do. */
static void
answer_name (Fixture    *f,
             const char *action,
             const char *name)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->views), action, NULL));
  g_assert_true (oc_test_wait_until (has_dialog, f->views, 5000));
  dialog = oc_views_button_get_dialog (f->views);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "save");
}

/* Ctrl+N as the key binds it: the views button's global shortcut. */
static void
press_ctrl_digit (Fixture *f,
                  guint    digit)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->views));
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      g_assert_cmpint (gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)), ==,
                       GTK_SHORTCUT_SCOPE_GLOBAL);
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !found; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) ||
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != GDK_KEY_0 + digit ||
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != GDK_CONTROL_MASK)
            continue;
          found = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                GTK_WIDGET (f->views), gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_assert_true (found);
}

static gboolean
columns_saved (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GSettings) demo = oc_server_settings_new ("demo");
  g_auto(GStrv) hidden = g_settings_get_strv (demo, "hidden-columns");

  return g_strv_contains ((const char * const *) hidden, "sentiment") ==
         !column_shown (f, OC_REPORT_COLUMN_SENTIMENT);
}

static const char * const *
strv (const char * const *v)
{
  return v;
}

/* Save the filters, sort and columns as a view, change them all, and Ctrl+1
 * brings them back (#21). */
static void
test_save_and_switch (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSettings) demo = oc_server_settings_new ("demo");
  GActionGroup *columns = oc_report_get_column_actions (f->report);
  g_autofree char *name = NULL;

  use_server (f, demo);
  g_assert_cmpuint (oc_views_button_get_n_views (f->views), ==, 0);
  g_assert_cmpint (oc_views_button_get_current (f->views), ==, -1);

  oc_filter_button_toggle (button (f, OC_FILTER_QUEUE), "q-billing");
  oc_filter_button_toggle (button (f, OC_FILTER_CHANNEL), "voice");
  g_action_group_change_action_state (columns, "sort-by", g_variant_new_string ("customer"));
  g_action_group_change_action_state (columns, "sort-descending", g_variant_new_boolean (FALSE));
  g_action_group_change_action_state (columns, "sentiment", g_variant_new_boolean (FALSE));
  answer_name (f, "views.save", "Billing voice");

  g_assert_cmpuint (oc_views_button_get_n_views (f->views), ==, 1);
  name = oc_views_button_get_name (f->views, 0);
  g_assert_cmpstr (name, ==, "Billing voice");
  g_assert_cmpint (oc_views_button_get_current (f->views), ==, 0);
  /* The menu lists it with its key, and offers to rename and delete it. */
  {
    GMenuModel *menu = oc_views_button_get_menu (f->views);
    g_autoptr(GMenuModel) list = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
    g_autoptr(GMenuModel) edit = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
    g_autofree char *label = NULL;
    g_autofree char *accel = NULL;
    g_autofree char *rename = NULL;

    g_assert_true (g_menu_model_get_item_attribute (list, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
    g_assert_cmpstr (label, ==, "Billing voice");
    g_assert_true (g_menu_model_get_item_attribute (list, 0, "accel", "s", &accel));
    g_assert_cmpstr (accel, ==, "<Control>1");
    g_assert_cmpint (g_menu_model_get_n_items (edit), ==, 3);
    g_assert_true (g_menu_model_get_item_attribute (edit, 1, G_MENU_ATTRIBUTE_LABEL, "s", &rename));
    g_assert_cmpstr (rename, ==, "_Rename “Billing voice”…");
  }

  /* Everything else. */
  oc_filter_bar_clear (f->filter_bar);
  g_action_group_change_action_state (columns, "sort-by", g_variant_new_string ("agent"));
  g_action_group_change_action_state (columns, "sentiment", g_variant_new_boolean (TRUE));
  g_assert_true (oc_test_wait_until (columns_saved, f, 5000));
  g_assert_null (oc_filter_button_get_selected (button (f, OC_FILTER_QUEUE))[0]);
  g_assert_cmpint (oc_views_button_get_current (f->views), ==, -1);

  press_ctrl_digit (f, 1);
  g_assert_cmpstrv (oc_filter_button_get_selected (button (f, OC_FILTER_QUEUE)),
                    strv ((const char * const[]) { "q-billing", NULL }));
  g_assert_cmpstrv (oc_filter_button_get_selected (button (f, OC_FILTER_CHANNEL)),
                    strv ((const char * const[]) { "voice", NULL }));
  g_assert_cmpint (oc_conversation_view_get_sort_column (f->view), ==, OC_SORT_CUSTOMER);
  g_assert_false (oc_conversation_view_get_sort_descending (f->view));
  g_assert_false (column_shown (f, OC_REPORT_COLUMN_SENTIMENT));
  g_assert_cmpint (oc_views_button_get_current (f->views), ==, 0);
  /* No toast: everything it names is still there. */
  g_assert_null (oc_report_get_toast (f->report));

  /* Ctrl+2 has no view yet: it says so. */
  press_ctrl_digit (f, 2);
  g_assert_cmpstr (oc_report_get_toast (f->report), ==,
                   "No view is saved for Ctrl+2. Save one from the Views menu.");
}

/* A demo's views are not a real floor's (#21). */
static void
test_views_per_server (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GSettings) demo = oc_server_settings_new ("demo");
  g_autoptr(GSettings) real = oc_server_settings_new ("server:https://cc.example.com");
  g_autofree char *name = NULL;

  use_server (f, demo);
  oc_filter_button_toggle (button (f, OC_FILTER_QUEUE), "q-tech");
  oc_views_button_save (f->views, "My queues");
  g_assert_cmpuint (oc_views_button_get_n_views (f->views), ==, 1);

  use_server (f, real);
  g_assert_cmpuint (oc_views_button_get_n_views (f->views), ==, 0);
  g_assert_false (oc_views_button_apply (f->views, 0));
  g_assert_null (oc_filter_button_get_selected (button (f, OC_FILTER_QUEUE))[0]);
  oc_views_button_save (f->views, "Everything");

  use_server (f, demo);
  g_assert_cmpuint (oc_views_button_get_n_views (f->views), ==, 1);
  name = oc_views_button_get_name (f->views, 0);
  g_assert_cmpstr (name, ==, "My queues");
  g_assert_cmpint (oc_views_button_get_current (f->views), ==, 0);
}

/* Rename… and Delete… act on the view shown; the next one moves up to
 * Ctrl+1. */
static void
test_rename_delete (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) demo = oc_server_settings_new ("demo");
  AdwMessageDialog *dialog;
  g_autofree char *first = NULL;
  g_autofree char *renamed = NULL;

  use_server (f, demo);
  oc_filter_button_toggle (button (f, OC_FILTER_QUEUE), "q-billing");
  oc_views_button_save (f->views, "Billing");
  oc_filter_bar_clear (f->filter_bar);
  oc_filter_button_toggle (button (f, OC_FILTER_QUEUE), "q-tech");
  oc_views_button_save (f->views, "Tech");
  g_assert_cmpuint (oc_views_button_get_n_views (f->views), ==, 2);

  /* Saving under a name in use replaces that view. */
  oc_filter_button_toggle (button (f, OC_FILTER_CHANNEL), "chat");
  oc_views_button_save (f->views, "Tech");
  g_assert_cmpuint (oc_views_button_get_n_views (f->views), ==, 2);
  g_assert_cmpint (oc_views_button_get_current (f->views), ==, 1);

  g_assert_true (oc_views_button_apply (f->views, 0));
  answer_name (f, "views.rename", "Billing voice");
  renamed = oc_views_button_get_name (f->views, 0);
  g_assert_cmpstr (renamed, ==, "Billing voice");
  g_assert_cmpuint (oc_views_button_get_n_views (f->views), ==, 2);

  /* Delete asks first, and forgets only that view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->views), "views.delete", NULL));
  g_assert_true (oc_test_wait_until (has_dialog, f->views, 5000));
  dialog = oc_views_button_get_dialog (f->views);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “Billing voice”?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (oc_views_button_get_n_views (f->views), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->views), "views.delete", NULL));
  g_assert_true (oc_test_wait_until (has_dialog, f->views, 5000));
  adw_message_dialog_response (oc_views_button_get_dialog (f->views), "delete");
  g_assert_cmpuint (oc_views_button_get_n_views (f->views), ==, 1);
  first = oc_views_button_get_name (f->views, 0);
  g_assert_cmpstr (first, ==, "Tech");
  /* The report keeps what it showed; no view matches it now. */
  g_assert_cmpstrv (oc_filter_button_get_selected (button (f, OC_FILTER_QUEUE)),
                    strv ((const char * const[]) { "q-billing", NULL }));
  g_assert_cmpint (oc_views_button_get_current (f->views), ==, -1);
}

/* A view naming a queue the server no longer has says so instead of
 * showing nothing without a word (#21). */
static void
test_missing_queue (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) demo = oc_server_settings_new ("demo");
  GVariantBuilder view;
  GVariantBuilder labels;
  const char *gone[] = { "q-gone", NULL };
  const char *agents[] = { "a-1", "a-gone", NULL };

  use_server (f, demo);
  g_variant_builder_init (&labels, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&labels, "{ss}", "q-gone", "Old billing");
  g_variant_builder_add (&labels, "{ss}", "a-1", "Amina");
  g_variant_builder_init (&view, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&view, "{sv}", "name", g_variant_new_string ("Old"));
  g_variant_builder_add (&view, "{sv}", "filter-queues", g_variant_new_strv (gone, -1));
  g_variant_builder_add (&view, "{sv}", "labels", g_variant_builder_end (&labels));
  g_settings_set_value (demo, "views", g_variant_new_array (G_VARIANT_TYPE_VARDICT,
                                                            (GVariant *[]) { g_variant_builder_end (&view) }, 1));

  g_assert_true (oc_views_button_apply (f->views, 0));
  g_assert_cmpstrv (oc_filter_button_get_selected (button (f, OC_FILTER_QUEUE)), strv (gone));
  g_assert_cmpstr (oc_report_get_toast (f->report), ==,
                   "“Old” filters by a queue or agent this server no longer has: Old billing");

  /* An agent too (one without a saved name by its id); those still here are not named. */
  g_variant_builder_init (&view, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&view, "{sv}", "name", g_variant_new_string ("Team"));
  g_variant_builder_add (&view, "{sv}", "filter-queues", g_variant_new_strv (gone, -1));
  g_variant_builder_add (&view, "{sv}", "filter-agents", g_variant_new_strv (agents, -1));
  g_settings_set_value (demo, "views", g_variant_new_array (G_VARIANT_TYPE_VARDICT,
                                                            (GVariant *[]) { g_variant_builder_end (&view) }, 1));
  g_assert_true (oc_views_button_apply (f->views, 0));
  g_assert_cmpstrv (oc_filter_button_get_selected (button (f, OC_FILTER_AGENT)), strv (agents));
  g_assert_cmpstr (oc_report_get_toast (f->report), ==,
                   "“Team” filters by queues or agents this server no longer has: q-gone, a-gone");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/server-settings/identity", test_identity);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-settings/separate", test_separate);
  ADD ("/server-settings/migrate", test_migrate);
  ADD ("/server-settings/migrate-to-demo", test_migrate_to_demo);
  ADD ("/views/save-and-switch", test_save_and_switch);
  ADD ("/views/per-server", test_views_per_server);
  ADD ("/views/rename-delete", test_rename_delete);
  ADD ("/views/missing-queue", test_missing_queue);
#undef ADD

  return g_test_run ();
}
