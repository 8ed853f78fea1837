// SPDX-License-Identifier: GPL-3.0-or-later
/* A session manager of our own: GtkApplication asks org.gnome.SessionManager
 * to keep the session from idling. This one answers from a thread of its own
 * (GTK calls it synchronously from the main thread) and writes down what it
 * was asked. */
#include "config.h"

#include <gtk/gtk.h>

#include "fake-session-manager.h"

static const char sm_xml[] =
  "<node>"
  "  <interface name='org.gnome.SessionManager'>"
  "    <method name='Inhibit'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='u' name='toplevel_xid' direction='in'/>"
  "      <arg type='s' name='reason' direction='in'/>"
  "      <arg type='u' name='flags' direction='in'/>"
  "      <arg type='u' name='cookie' direction='out'/>"
  "    </method>"
  "    <method name='Uninhibit'>"
  "      <arg type='u' name='cookie' direction='in'/>"
  "    </method>"
  "    <method name='IsInhibited'>"
  "      <arg type='u' name='flags' direction='in'/>"
  "      <arg type='b' name='inhibited' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static struct {
  GMutex      lock;
  GCond       ready_cond;
  gboolean    ready;
  gboolean    owned;
  guint       next_cookie;
  guint       idle_inhibitors;   /* live cookies whose flags include idle */
  GHashTable *cookies;           /* cookie -> flags */
  char       *last_app_id;
} sm;

static void
sm_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  g_mutex_lock (&sm.lock);
  if (g_str_equal (method_name, "Inhibit"))
    {
      const char *app_id, *reason;
      guint32 xid, flags, cookie = ++sm.next_cookie;

      g_variant_get (parameters, "(&su&su)", &app_id, &xid, &reason, &flags);
      g_free (sm.last_app_id);
      sm.last_app_id = g_strdup (app_id);
      g_hash_table_insert (sm.cookies, GUINT_TO_POINTER (cookie), GUINT_TO_POINTER (flags));
      if (flags & GTK_APPLICATION_INHIBIT_IDLE)
        sm.idle_inhibitors++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", cookie));
    }
  else if (g_str_equal (method_name, "Uninhibit"))
    {
      guint32 cookie;
      gpointer flags;

      g_variant_get (parameters, "(u)", &cookie);
      if (g_hash_table_steal_extended (sm.cookies, GUINT_TO_POINTER (cookie), NULL, &flags) &&
          (GPOINTER_TO_UINT (flags) & GTK_APPLICATION_INHIBIT_IDLE))
        sm.idle_inhibitors--;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", sm.idle_inhibitors > 0));
    }
  g_mutex_unlock (&sm.lock);
}

static gpointer
sm_thread (gpointer data)
{
  static const GDBusInterfaceVTable vtable = { sm_method_call, NULL, NULL, { 0 } };
  GMainContext *context = g_main_context_new ();
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GVariant) reply = NULL;
  guint32 result = 0;

  g_main_context_push_thread_default (context);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus != NULL)
    {
      info = g_dbus_node_info_new_for_xml (sm_xml, NULL);
      g_dbus_connection_register_object (bus, "/org/gnome/SessionManager", info->interfaces[0],
                                         &vtable, NULL, NULL, NULL);
      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "RequestName",
                                           g_variant_new ("(su)", "org.gnome.SessionManager", 4),
                                           G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(u)", &result);
    }

  g_mutex_lock (&sm.lock);
  sm.owned = result == 1;  /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */
  sm.ready = TRUE;
  g_cond_signal (&sm.ready_cond);
  g_mutex_unlock (&sm.lock);

  /* Serves until the test program exits. */
  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

void
fake_session_manager_start (void)
{
  sm.cookies = g_hash_table_new (NULL, NULL);
  g_thread_unref (g_thread_new ("session-manager", sm_thread, NULL));
  g_mutex_lock (&sm.lock);
  while (!sm.ready)
    g_cond_wait (&sm.ready_cond, &sm.lock);
  g_mutex_unlock (&sm.lock);
}

guint
fake_session_manager_get_idle_inhibitors (void)
{
  guint n;

  g_mutex_lock (&sm.lock);
  n = sm.idle_inhibitors;
  g_mutex_unlock (&sm.lock);
  return n;
}

gboolean
fake_session_manager_is_running (void)
{
  return sm.owned;
}

char *
fake_session_manager_dup_last_app_id (void)
{
  char *app_id;

  g_mutex_lock (&sm.lock);
  app_id = g_strdup (sm.last_app_id);
  g_mutex_unlock (&sm.lock);
  return app_id;
}
