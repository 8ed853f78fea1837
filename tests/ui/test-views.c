// SPDX-License-Identifier: GPL-3.0-or-later
/* What the report keeps per server (filters, search, sort, columns) and the
 * one-time move of the values once kept for every server alike (#19, #21). */
#include "config.h"

#include <gtk/gtk.h>

#include "oc-test-util.h"

#include "oc-filter-bar.h"
#include "oc-report.h"
#include "oc-server-settings.h"

typedef struct {
  OcConversationStore *store;
  OcConversationView  *view;
  OcFilterBar         *filter_bar;
  OcReport            *report;
} Fixture;

static void
reset_server (const char *identity)
{
  g_autoptr(GSettings) settings = oc_server_settings_new (identity);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  oc_test_reset_settings (APP_ID);
  reset_server ("demo");
  reset_server ("server:https://cc.example.com");

  f->store = oc_conversation_store_new ();
  f->view = oc_conversation_view_new (f->store);
  f->filter_bar = g_object_ref_sink (oc_filter_bar_new ());
  f->report = g_object_ref_sink (oc_report_new ());
  oc_filter_bar_set_view (f->filter_bar, f->view);
  oc_report_set_view (f->report, f->view);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
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

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "test", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-settings/identity", test_identity);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-settings/separate", test_separate);
  ADD ("/server-settings/migrate", test_migrate);
  ADD ("/server-settings/migrate-to-demo", test_migrate_to_demo);
#undef ADD

  return g_test_run ();
}
