// SPDX-License-Identifier: GPL-3.0-or-later
/* The desktop's clock through the Settings portal, as in a Flatpak sandbox
 * (where GSettings answers with the sandbox's default): a fake portal on a
 * private bus answers ReadOne, or only the version-1 Read, or is absent,
 * and emits SettingChanged. Needs no display. */
#include "config.h"

#include <gio/gio.h>

#include "oc-clock-format-setting.h"
#include "oc-test-util.h"

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Settings'>"
  "    <method name='Read'>"
  "      <arg type='s' name='namespace' direction='in'/>"
  "      <arg type='s' name='key' direction='in'/>"
  "      <arg type='v' name='value' direction='out'/>"
  "    </method>"
  "    <method name='ReadOne'>"
  "      <arg type='s' name='namespace' direction='in'/>"
  "      <arg type='s' name='key' direction='in'/>"
  "      <arg type='v' name='value' direction='out'/>"
  "    </method>"
  "    <signal name='SettingChanged'>"
  "      <arg type='s' name='namespace'/>"
  "      <arg type='s' name='key'/>"
  "      <arg type='v' name='value'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

typedef struct {
  GTestDBus       *dbus;
  GDBusConnection *app_bus;
  GDBusConnection *portal_bus;
  guint            object_id;
  guint            name_id;
  gboolean         name_owned;
  gboolean         version_1;    /* only Read, values wrapped once more */
  char            *clock_format; /* what the host desktop says */
  guint            reads;
} Fixture;

static void
portal_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *path,
                    const char            *interface,
                    const char            *method,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  Fixture *f = user_data;
  const char *namespace, *key;

  g_variant_get (parameters, "(&s&s)", &namespace, &key);
  f->reads++;

  if (g_str_equal (method, "ReadOne") && f->version_1)
    {
      g_dbus_method_invocation_return_dbus_error (invocation,
                                                  "org.freedesktop.DBus.Error.UnknownMethod",
                                                  "No such method");
      return;
    }

  if (!g_str_equal (namespace, "org.gnome.desktop.interface") ||
      !g_str_equal (key, "clock-format"))
    {
      g_dbus_method_invocation_return_dbus_error (invocation,
                                                  "org.freedesktop.portal.Error.NotFound",
                                                  "Requested setting not found");
      return;
    }

  if (g_str_equal (method, "Read"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(v)",
                                                          g_variant_new_variant (g_variant_new_string (f->clock_format))));
  else
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(v)", g_variant_new_string (f->clock_format)));
}

static const GDBusInterfaceVTable portal_vtable = { portal_method_call, NULL, NULL, { 0 } };

static GDBusConnection *
connect_to (GTestDBus *dbus)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus =
    g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (dbus),
                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                            NULL, NULL, &error);

  g_assert_no_error (error);
  return bus;
}

static void
name_acquired_cb (GDBusConnection *bus,
                  const char      *name,
                  gpointer         user_data)
{
  Fixture *f = user_data;

  f->name_owned = TRUE;
}

static void
start_portal (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, &error);

  g_assert_no_error (error);
  f->portal_bus = connect_to (f->dbus);
  f->object_id = g_dbus_connection_register_object (f->portal_bus, "/org/freedesktop/portal/desktop",
                                                    info->interfaces[0], &portal_vtable,
                                                    f, NULL, &error);
  g_assert_no_error (error);
  f->name_id = g_bus_own_name_on_connection (f->portal_bus, "org.freedesktop.portal.Desktop",
                                             G_BUS_NAME_OWNER_FLAGS_NONE,
                                             name_acquired_cb, NULL, f, NULL);
  g_assert_true (oc_test_wait_until (oc_test_flag_set, &f->name_owned, 5000));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dbus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (f->dbus);
  f->app_bus = connect_to (f->dbus);
  f->clock_format = g_strdup ("12h");
  f->version_1 = GPOINTER_TO_INT (data) == 1;

  if (GPOINTER_TO_INT (data) != 2)
    start_portal (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GSettings *interface = oc_format_get_interface_settings ();

  if (interface != NULL)
    g_settings_reset (interface, "clock-format");
  if (f->name_id != 0)
    g_bus_unown_name (f->name_id);
  if (f->object_id != 0)
    g_dbus_connection_unregister_object (f->portal_bus, f->object_id);
  if (f->portal_bus != NULL)
    g_dbus_connection_close_sync (f->portal_bus, NULL, NULL);
  g_dbus_connection_close_sync (f->app_bus, NULL, NULL);
  g_clear_object (&f->portal_bus);
  g_clear_object (&f->app_bus);
  g_test_dbus_down (f->dbus);
  g_clear_object (&f->dbus);
  g_free (f->clock_format);
}

static gboolean
setting_from_portal (gpointer data)
{
  return oc_clock_format_setting_get_from_portal (data);
}

static gboolean
setting_is_24h (gpointer data)
{
  return oc_clock_format_setting_get_clock_format (data) == OC_CLOCK_FORMAT_24H;
}

static void
count_notify (gpointer *counter)
{
  (*(guint *) counter)++;
}

static void
emit_changed (Fixture    *f,
              const char *namespace,
              const char *key,
              const char *value)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (f->portal_bus, NULL, "/org/freedesktop/portal/desktop",
                                 "org.freedesktop.portal.Settings", "SettingChanged",
                                 g_variant_new ("(ssv)", namespace, key, g_variant_new_string (value)),
                                 &error);
  g_assert_no_error (error);
}

/* The host's 12 hours wins over the sandbox's GSettings default, and a change
 * on the host follows; other keys and GSettings no longer count. */
static void
test_portal_read_one (Fixture       *f,
                      gconstpointer  data)
{
  GSettings *interface = oc_format_get_interface_settings ();
  g_autoptr(OcClockFormatSetting) setting = NULL;
  guint notifies = 0;

  if (interface != NULL)
    g_settings_set_string (interface, "clock-format", "24h");

  setting = oc_clock_format_setting_new_for_portal (f->app_bus);
  g_signal_connect_swapped (setting, "notify::clock-format", G_CALLBACK (count_notify), &notifies);
  g_assert_true (oc_test_wait_until (setting_from_portal, setting, 5000));
  g_assert_cmpint (oc_clock_format_setting_get_clock_format (setting), ==, OC_CLOCK_FORMAT_12H);
  g_assert_cmpuint (notifies, ==, 1);

  /* Another namespace's key of the same name first, then the real change:
   * once the second is seen, the first has been too. */
  emit_changed (f, "org.gnome.desktop.other", "clock-format", "24h");
  emit_changed (f, "org.gnome.desktop.interface", "clock-format", "24h");
  g_assert_true (oc_test_wait_until (setting_is_24h, setting, 5000));
  g_assert_cmpuint (notifies, ==, 2);

  /* The sandbox's own GSettings is not the desktop's. */
  if (interface != NULL)
    {
      g_settings_set_string (interface, "clock-format", "12h");
      g_assert_cmpint (oc_clock_format_setting_get_clock_format (setting), ==, OC_CLOCK_FORMAT_24H);
      g_assert_cmpuint (notifies, ==, 2);
    }
}

/* A version-1 portal: ReadOne is unknown, Read wraps the value twice. */
static void
test_portal_read_v1 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OcClockFormatSetting) setting = oc_clock_format_setting_new_for_portal (f->app_bus);

  g_assert_true (oc_test_wait_until (setting_from_portal, setting, 5000));
  g_assert_cmpint (oc_clock_format_setting_get_clock_format (setting), ==, OC_CLOCK_FORMAT_12H);
  g_assert_cmpuint (f->reads, ==, 2);
}

static void
ping_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);

  *(gboolean *) user_data = TRUE;
}

/* No portal on the bus: GSettings is followed, as outside a sandbox. */
static void
test_no_portal (Fixture       *f,
                gconstpointer  data)
{
  GSettings *interface = oc_format_get_interface_settings ();
  g_autoptr(OcClockFormatSetting) setting = oc_clock_format_setting_new_for_portal (f->app_bus);
  gboolean answered = FALSE;

  /* A second call to the missing portal is answered after the setting's. */
  g_dbus_connection_call (f->app_bus, "org.freedesktop.portal.Desktop",
                          "/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings",
                          "ReadOne", g_variant_new ("(ss)", "org.gnome.desktop.interface", "clock-format"),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, ping_cb, &answered);
  g_assert_true (oc_test_wait_until (oc_test_flag_set, &answered, 5000));
  g_assert_false (oc_clock_format_setting_get_from_portal (setting));

  if (interface == NULL)
    {
      g_assert_cmpint (oc_clock_format_setting_get_clock_format (setting), ==, OC_CLOCK_FORMAT_24H);
      return;
    }

  g_settings_set_string (interface, "clock-format", "12h");
  g_assert_cmpint (oc_clock_format_setting_get_clock_format (setting), ==, OC_CLOCK_FORMAT_12H);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/clock-format/portal/read-one", Fixture, GINT_TO_POINTER (0),
              fixture_set_up, test_portal_read_one, fixture_tear_down);
  g_test_add ("/clock-format/portal/read-v1", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_portal_read_v1, fixture_tear_down);
  g_test_add ("/clock-format/portal/none", Fixture, GINT_TO_POINTER (2),
              fixture_set_up, test_no_portal, fixture_tear_down);

  return g_test_run ();
}
