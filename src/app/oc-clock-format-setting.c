// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-clock-format-setting"

#include "config.h"

#include "oc-clock-format-setting.h"

#define PORTAL_NAME      "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define PORTAL_SETTINGS  "org.freedesktop.portal.Settings"
#define INTERFACE_SCHEMA "org.gnome.desktop.interface"

struct _OcClockFormatSetting
{
  GObject          parent_instance;

  GDBusConnection *bus;           /* NULL: GSettings only */
  GCancellable    *cancellable;
  guint            changed_id;
  OcClockFormat    clock_format;  /* the portal's answer, once it gave one */
  guint            from_portal : 1;
  guint            tried_read : 1;
};

G_DEFINE_ENUM_TYPE (OcClockFormat, oc_clock_format,
                    G_DEFINE_ENUM_VALUE (OC_CLOCK_FORMAT_24H, "24h"),
                    G_DEFINE_ENUM_VALUE (OC_CLOCK_FORMAT_12H, "12h"))

G_DEFINE_FINAL_TYPE (OcClockFormatSetting, oc_clock_format_setting, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLOCK_FORMAT,
  PROP_FROM_PORTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static OcClockFormat
parse_clock_format (const char *value)
{
  return g_strcmp0 (value, "12h") == 0 ? OC_CLOCK_FORMAT_12H : OC_CLOCK_FORMAT_24H;
}

static OcClockFormat
settings_clock_format (void)
{
  GSettings *settings = oc_format_get_interface_settings ();
  g_autofree char *value = NULL;

  if (settings == NULL)
    return OC_CLOCK_FORMAT_24H;

  value = g_settings_get_string (settings, "clock-format");
  return parse_clock_format (value);
}

static void
settings_changed_cb (OcClockFormatSetting *self)
{
  if (!self->from_portal)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOCK_FORMAT]);
}

/* The portal's "Read" (version 1) wraps the value in one more variant than
 * "ReadOne" does; take whatever nesting comes. */
static char *
portal_value_string (GVariant *value)
{
  g_autoptr(GVariant) inner = g_variant_ref (value);

  while (g_variant_is_of_type (inner, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *next = g_variant_get_variant (inner);

      g_variant_unref (inner);
      inner = next;
    }

  if (!g_variant_is_of_type (inner, G_VARIANT_TYPE_STRING))
    return NULL;

  return g_variant_dup_string (inner, NULL);
}

static void
set_from_portal (OcClockFormatSetting *self,
                 GVariant             *value)
{
  g_autofree char *string = portal_value_string (value);
  OcClockFormat old = oc_clock_format_setting_get_clock_format (self);
  gboolean was_from_portal = self->from_portal;

  if (string == NULL)
    {
      g_debug ("The Settings portal's clock-format is not a string: ignored");
      return;
    }

  self->clock_format = parse_clock_format (string);
  self->from_portal = TRUE;

  if (!was_from_portal)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_PORTAL]);
  if (old != self->clock_format)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOCK_FORMAT]);
}

static void
setting_changed_cb (GDBusConnection *bus,
                    const char      *sender,
                    const char      *path,
                    const char      *interface,
                    const char      *signal,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  g_autoptr(OcClockFormatSetting) self = g_weak_ref_get (user_data);
  g_autoptr(GVariant) value = NULL;
  const char *namespace, *key;

  if (self == NULL || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;

  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_str_equal (namespace, INTERFACE_SCHEMA) && g_str_equal (key, "clock-format"))
    set_from_portal (self, value);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void read_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
portal_read (OcClockFormatSetting *self,
             const char           *method)
{
  g_dbus_connection_call (self->bus, PORTAL_NAME, PORTAL_PATH, PORTAL_SETTINGS, method,
                          g_variant_new ("(ss)", INTERFACE_SCHEMA, "clock-format"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, read_cb,
                          g_object_ref (self));
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(OcClockFormatSetting) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      /* Portals before version 2 only have Read. */
      if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) && !self->tried_read)
        {
          self->tried_read = TRUE;
          portal_read (self, "Read");
          return;
        }

      /* No portal, or it does not know the key: GSettings it is. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Settings portal: %s; following GSettings", error->message);
      return;
    }

  g_variant_get (reply, "(v)", &value);
  set_from_portal (self, value);
}

static void
oc_clock_format_setting_dispose (GObject *object)
{
  OcClockFormatSetting *self = OC_CLOCK_FORMAT_SETTING (object);

  g_cancellable_cancel (self->cancellable);
  if (self->changed_id != 0)
    {
      g_dbus_connection_signal_unsubscribe (self->bus, self->changed_id);
      self->changed_id = 0;
    }
  g_clear_object (&self->bus);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (oc_clock_format_setting_parent_class)->dispose (object);
}

static void
oc_clock_format_setting_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  OcClockFormatSetting *self = OC_CLOCK_FORMAT_SETTING (object);

  switch (prop_id)
    {
    case PROP_CLOCK_FORMAT:
      g_value_set_enum (value, oc_clock_format_setting_get_clock_format (self));
      break;

    case PROP_FROM_PORTAL:
      g_value_set_boolean (value, self->from_portal);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_clock_format_setting_class_init (OcClockFormatSettingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oc_clock_format_setting_dispose;
  object_class->get_property = oc_clock_format_setting_get_property;

  properties[PROP_CLOCK_FORMAT] =
    g_param_spec_enum ("clock-format", NULL, NULL,
                       OC_TYPE_CLOCK_FORMAT, OC_CLOCK_FORMAT_24H,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FROM_PORTAL] =
    g_param_spec_boolean ("from-portal", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_clock_format_setting_init (OcClockFormatSetting *self)
{
  GSettings *settings = oc_format_get_interface_settings ();

  self->cancellable = g_cancellable_new ();

  /* Until (and unless) the portal answers. */
  if (settings != NULL)
    g_signal_connect_object (settings, "changed::clock-format",
                             G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * oc_clock_format_setting_new_for_portal:
 * @bus: the session bus the portal is on
 *
 * Follows the Settings portal on @bus, and GSettings until it answers (or
 * where it has no answer).
 */
OcClockFormatSetting *
oc_clock_format_setting_new_for_portal (GDBusConnection *bus)
{
  OcClockFormatSetting *self;
  GWeakRef *weak;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (bus), NULL);

  self = g_object_new (OC_TYPE_CLOCK_FORMAT_SETTING, NULL);
  self->bus = g_object_ref (bus);

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  /* Subscribed before reading, so no change falls between the two. */
  self->changed_id =
    g_dbus_connection_signal_subscribe (bus, PORTAL_NAME, PORTAL_SETTINGS, "SettingChanged",
                                        PORTAL_PATH, INTERFACE_SCHEMA,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        setting_changed_cb, weak, weak_ref_free);
  portal_read (self, "ReadOne");

  return self;
}

static gboolean
in_sandbox (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
         g_strcmp0 (g_getenv ("OC_SETTINGS_PORTAL"), "1") == 0;
}

/**
 * oc_clock_format_setting_get_default:
 *
 * Returns: (transfer none): the process's one setting: through the portal in
 *   a sandbox, GSettings elsewhere
 */
OcClockFormatSetting *
oc_clock_format_setting_get_default (void)
{
  static OcClockFormatSetting *setting;

  if (g_once_init_enter (&setting))
    {
      OcClockFormatSetting *created = NULL;

      if (in_sandbox ())
        {
          g_autoptr(GError) error = NULL;
          /* The application already holds the session bus: no wait. */
          g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

          if (bus != NULL)
            created = oc_clock_format_setting_new_for_portal (bus);
          else
            g_debug ("No session bus for the Settings portal: %s", error->message);
        }

      if (created == NULL)
        created = g_object_new (OC_TYPE_CLOCK_FORMAT_SETTING, NULL);

      g_once_init_leave (&setting, created);
    }

  return setting;
}

/**
 * oc_clock_format_setting_get_clock_format:
 *
 * Returns: the desktop's clock, 24 hours when nothing says otherwise
 */
OcClockFormat
oc_clock_format_setting_get_clock_format (OcClockFormatSetting *self)
{
  g_return_val_if_fail (OC_IS_CLOCK_FORMAT_SETTING (self), OC_CLOCK_FORMAT_24H);

  /* GSettings is read each time: a change set a moment ago counts at once. */
  return self->from_portal ? self->clock_format : settings_clock_format ();
}

/**
 * oc_clock_format_setting_get_from_portal:
 *
 * Returns: whether the Settings portal answered (so GSettings is not read)
 */
gboolean
oc_clock_format_setting_get_from_portal (OcClockFormatSetting *self)
{
  g_return_val_if_fail (OC_IS_CLOCK_FORMAT_SETTING (self), FALSE);

  return self->from_portal;
}
