// SPDX-License-Identifier: GPL-3.0-or-later
/* Renders each dialog as the user sees it, over the hand-built floor;
 * build-aux/dialog-screenshots saves them into data/screenshots/. */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "dialogs-test-util.h"
#include "oc-agent-row.h"
#include "oc-assign-dialog-private.h"
#include "oc-force-close-dialog-private.h"
#include "oc-transfer-dialog-private.h"
#include "store-test-util.h"

/* ---- screenshots ------------------------------------------------------------ */

static gboolean
frame_drawn (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *drawn)
{
  *drawn = TRUE;
}

/* Renders @window as the user sees it; saved when OC_SCREENSHOT_DIR is set
 * (build-aux/dialog-screenshots). */
static void
render_window (GtkWidget  *window,
               const char *name)
{
  const char *dir = g_getenv ("OC_SCREENSHOT_DIR");
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  gboolean drawn = FALSE;
  gulong handler;
  int width, height;

  /* Wait for a real frame, so the lists have made their rows. */
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &drawn);
  gtk_widget_queue_draw (window);
  g_assert_true (wait_for (frame_drawn, &drawn));
  g_signal_handler_disconnect (clock, handler);
  drain ();

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  g_assert_cmpint (width, >, 200);
  g_assert_cmpint (height, >, 150);

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (dir != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_mkdir_with_parents (dir, 0755);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("saved %s (%d×%d)", path, width, height);
    }
}

static void
add_crowd (Floor *floor)
{
  static const char * const names[] = {
    "Amaru Quispe", "Björn Lindqvist", "Chiara Russo", "Dmitri Volkov", "Efua Mensah",
    "Farah Haddad", "Grace O'Neill", "Hiroshi Tanaka", "Ingrid Solberg", "Jamal Carter",
  };
  static const char * const skills[] = { "billing", "english", "returns", NULL };
  static const char * const queues[] = { "q-billing", NULL };
  GListModel *agents = oc_conversation_store_get_agents (floor->store);
  g_autoptr(GPtrArray) events = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = g_strdup_printf ("x%u", i);
      guint levels[] = { 2 + i % 8, 6, 1 + i % 5 };
      const char * const two[] = { skills[i % 3], skills[(i + 1) % 3], NULL };
      OcAgent *agent = agent_new (id, names[i], i % 3 ? OC_PRESENCE_AVAILABLE : OC_PRESENCE_BUSY,
                                  i % 4, 3, two, levels, queues);

      if (i == 4)
        oc_agent_set_presence_text (agent, "Back from lunch");
      g_ptr_array_add (events, test_event_agent (101 + i, agent));
    }
  test_apply (floor->store, g_steal_pointer (&events));
  g_assert_cmpuint (g_list_model_get_n_items (agents), ==, 6 + G_N_ELEMENTS (names));
}

static void
test_screenshots (void)
{
  Floor floor;
  GtkWidget *dialog;
  gpointer args[2];

  floor_init (&floor);
  add_crowd (&floor);
  gtk_window_present (floor.parent);

  dialog = oc_assign_dialog_new (floor.parent, OC_SOURCE (floor.client),
                                 oc_conversation_store_lookup (floor.store, "c-open"));
  show_and_settle (dialog);
  render_window (dialog, "assign-dialog.png");
  /* A search that finds a full agent: shown, not picked, and why. */
  gtk_editable_set_text (oc_agent_picker_get_search (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog))), "bob");
  args[0] = picker_model (_oc_assign_dialog_get_picker (OC_ASSIGN_DIALOG (dialog)));
  args[1] = GUINT_TO_POINTER (1);
  g_assert_true (wait_for (model_has_n, args));
  render_window (dialog, "assign-dialog-search.png");
  gtk_stack_set_visible_child_name (_oc_assign_dialog_get_stack (OC_ASSIGN_DIALOG (dialog)), "queue");
  render_window (dialog, "assign-dialog-queue.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = oc_transfer_dialog_new (floor.parent, OC_SOURCE (floor.client),
                                   oc_conversation_store_lookup (floor.store, "c-active"));
  show_and_settle (dialog);
  render_window (dialog, "transfer-dialog.png");
  /* A refusal: this client's server cannot be reached. */
  oc_action_dialog_confirm (OC_ACTION_DIALOG (dialog));
  g_assert_true (wait_for (not_busy, dialog));
  render_window (dialog, "transfer-dialog-error.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = oc_force_close_dialog_new (floor.parent, OC_SOURCE (floor.client),
                                      oc_conversation_store_lookup (floor.store, "c-active"));
  show_and_settle (dialog);
  render_window (dialog, "force-close-dialog.png");
  /* A refusal, in the dialog that asked. */
  click (response_button (dialog, "_Force Close"));
  g_assert_true (wait_for (force_close_not_busy, dialog));
  drain ();
  render_window (dialog, "force-close-dialog-error.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  floor_clear (&floor);
}

int
main (int   argc,
      char *argv[])
{
  dialogs_test_init (&argc, &argv);

  g_test_add_func ("/dialogs/screenshots", test_screenshots);

  return g_test_run ();
}
