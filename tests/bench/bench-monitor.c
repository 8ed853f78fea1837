// SPDX-License-Identifier: GPL-3.0-or-later
/* Figures for the monitor's transcript rows: how long building, binding and
 * measuring a row takes (GtkListView keeps up to 200 of them alive, and
 * fills them in one frame after a jump). Prints; asserts nothing about time. */

#include "config.h"

#include <gtk/gtk.h>

#include "oc-message-row.h"

#define N_ROWS 200

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
bench (const char *what,
       const char *text)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *window = gtk_window_new ();
  gint64 start;
  double create, bind, measure;

  gtk_window_set_child (GTK_WINDOW (window), box);
  for (guint i = 0; i < N_ROWS; i++)
    g_ptr_array_add (messages, oc_message_new (i + 1, 1764090000 + i,
                                               i % 2 ? OC_SENDER_AGENT : OC_SENDER_CUSTOMER,
                                               "Zoë Ødegård", OC_MESSAGE_KIND_TEXT, text));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_ROWS; i++)
    {
      GtkWidget *row = oc_message_row_new ();
      gtk_box_append (GTK_BOX (box), row);
      g_ptr_array_add (rows, row);
    }
  create = ms_since (start);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_ROWS; i++)
    oc_message_row_set_message (rows->pdata[i], messages->pdata[i]);
  bind = ms_since (start);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_ROWS; i++)
    {
      int min, nat;
      gtk_widget_measure (rows->pdata[i], GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      gtk_widget_measure (rows->pdata[i], GTK_ORIENTATION_VERTICAL, 480, &min, &nat, NULL, NULL);
    }
  measure = ms_since (start);

  g_print ("%-28s per row: create %.2f ms, bind %.2f ms, measure %.2f ms\n", what,
           create / N_ROWS, bind / N_ROWS, measure / N_ROWS);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *words = NULL;
  g_autofree char *unbroken = g_strnfill (4000, 'W');
  GString *s = g_string_new (NULL);

  gtk_init ();

  for (guint i = 0; i < 700; i++)
    g_string_append (s, "lorem ");
  words = g_string_free (s, FALSE);

  bench ("warm-up", "Hello");
  bench ("short (20 chars)", "Where is my refund?");
  bench ("sentence (120 chars)", "I was charged twice for order #5521 and nobody answers my e-mails; "
                                 "could you please check what happened and call me back?");
  bench ("long words (4,200 chars)", words);
  bench ("unbroken (4,000 chars)", unbroken);

  return 0;
}
