// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"
#include "oc-client.h"
#include "oc-style.h"

#include "monitor-fake-server.h"
#include "monitor-test-util.h"
#include "oc-test-util.h"
#include "oc-monitor-header.h"

#define WAIT_LIMIT_MS 40000

void
wait_until_impl (Condition   cond,
                 gpointer    data,
                 const char *what)
{
  if (!oc_test_wait_until (cond, data, WAIT_LIMIT_MS))
    g_error ("Gave up waiting for: %s", what);
}

static gboolean
role_known (Fixture *f)
{
  return oc_source_get_role (OC_SOURCE (f->client)) != OC_ROLE_UNKNOWN
         && g_list_model_get_n_items (G_LIST_MODEL (f->store)) > 0;
}

void
fixture_connect (Fixture    *f,
                 const char *url,
                 const char *token)
{
  oc_style_load_app_css ();

  f->store = oc_conversation_store_new ();
  f->client = oc_client_new (url, token, f->store);
  oc_source_start (OC_SOURCE (f->client));
  wait_until (role_known, f);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 520, 820);
  f->pane = OC_MONITOR_PANE (oc_monitor_pane_new (OC_SOURCE (f->client)));
  gtk_window_set_child (f->window, GTK_WIDGET (f->pane));
  gtk_window_present (f->window);
}

void
fixture_disconnect (Fixture *f)
{
  g_clear_pointer (&f->window, gtk_window_destroy);
  f->pane = NULL;
  oc_source_stop (OC_SOURCE (f->client));
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  /* Let sockets and idle releases finish before the next test. */
  for (guint i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  guint *frames = data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_done (guint *frames)
{
  return *frames >= 3;
}

void
settle (Fixture *f)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (f->pane), tick_cb, &frames, NULL);

  wait_until (frames_done, &frames);
  gtk_widget_remove_tick_callback (GTK_WIDGET (f->pane), id);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GListModel *
pane_model (Fixture *f)
{
  return G_LIST_MODEL (f->pane->selection);
}

guint
n_messages (Fixture *f)
{
  return g_list_model_get_n_items (pane_model (f));
}

gint64
seq_at (Fixture *f,
        guint    position)
{
  g_autoptr(OcMessage) message = g_list_model_get_item (pane_model (f), position);

  return oc_message_get_seq (message);
}

gint64
last_seq (Fixture *f)
{
  guint n = n_messages (f);

  return n > 0 ? seq_at (f, n - 1) : 0;
}

gboolean
transcript_is_live (Fixture *f)
{
  return f->pane->transcript != NULL
         && oc_transcript_get_state (f->pane->transcript) == OC_TRANSCRIPT_STATE_LIVE;
}

gboolean
caught_up (Fixture *f)
{
  return last_seq (f) == fake_server_get_last_seq (f->server);
}

gboolean
transcript_live (Fixture *f)
{
  return transcript_is_live (f) && caught_up (f);
}

gboolean
joined (Fixture *f)
{
  return oc_monitor_pane_get_joined (f->pane);
}

gboolean
left (Fixture *f)
{
  return !oc_monitor_pane_get_joined (f->pane) && !f->pane->leave_pending;
}

gboolean
has_joined_note (Fixture *f)
{
  return find_message (f, OC_SENDER_SYSTEM, "A supervisor joined the conversation.") != NULL;
}

void
assert_seqs_contiguous (Fixture *f)
{
  guint n = n_messages (f);
  gint64 first = n > 0 ? seq_at (f, 0) : 0;

  for (guint i = 0; i < n; i++)
    g_assert_cmpint (seq_at (f, i), ==, first + (gint64) i);
}

OcMessage *
find_message (Fixture    *f,
              OcSender    role,
              const char *text)
{
  for (guint i = n_messages (f); i > 0; i--)
    {
      g_autoptr(OcMessage) message = g_list_model_get_item (pane_model (f), i - 1);

      /* The model holds a reference: the pointer stays valid. */
      if (oc_message_get_sender_role (message) == role
          && (text == NULL || g_strcmp0 (oc_message_get_text (message), text) == 0))
        return message;
    }
  return NULL;
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (OC_IS_MESSAGE_ROW (widget))
    {
      if (oc_message_row_get_message (OC_MESSAGE_ROW (widget)) != NULL)
        g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

GPtrArray *
realized_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (f->pane->list_view), rows);
  return rows;
}

OcMessageRow *
find_row (Fixture *f,
          gint64   seq)
{
  g_autoptr(GPtrArray) rows = realized_rows (f);

  for (guint i = 0; i < rows->len; i++)
    {
      OcMessage *message = oc_message_row_get_message (rows->pdata[i]);

      if (oc_message_get_seq (message) == seq)
        return rows->pdata[i];
    }
  return NULL;
}

GtkWidget *
row_widget (OcMessageRow *row,
            const char   *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), OC_TYPE_MESSAGE_ROW, name));
}

GtkLabel *
row_label (OcMessageRow *row,
           const char   *name)
{
  return GTK_LABEL (row_widget (row, name));
}

GtkLabel *
header_label (Fixture    *f,
              const char *name)
{
  return GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->pane->header),
                                                   OC_TYPE_MONITOR_HEADER, name));
}

gboolean
at_bottom (Fixture *f)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (f->pane->scrolled_window);

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
         >= gtk_adjustment_get_upper (adj) - 2.0;
}

void
scroll_to_seq (Fixture *f,
               gint64   seq)
{
  gtk_widget_activate_action (GTK_WIDGET (f->pane->list_view), "list.scroll-to-item", "u",
                              (guint) (seq - seq_at (f, 0)));
  settle (f);
}

void
assert_rows_sane (Fixture *f)
{
  g_autoptr(GPtrArray) rows = realized_rows (f);

  /* Virtualised: only what is near the viewport has a widget. */
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (rows->len, <, 250);

  for (guint i = 0; i < rows->len; i++)
    {
      OcMessageRow *row = rows->pdata[i];
      GtkLabel *label = row_label (row, "text_label");
      const char *shown = oc_message_row_get_shown_text (row);

      g_assert_true (g_utf8_validate (shown, -1, NULL));
      g_assert_false (gtk_label_get_use_markup (label));
      g_assert_cmpstr (gtk_label_get_text (label), ==, shown);
      g_assert_cmpstr (pango_layout_get_text (gtk_label_get_layout (label)), ==, shown);
      g_assert_cmpint (g_utf8_strlen (shown, -1), <=, OC_MESSAGE_ROW_MAX_CHARS);
    }
}

static void
collect_revealers (GtkWidget *widget,
                   GPtrArray *revealers)
{
  if (GTK_IS_REVEALER (widget))
    g_ptr_array_add (revealers, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_revealers (child, revealers);
}

static gboolean
transitions_done (GtkWidget *widget)
{
  g_autoptr(GPtrArray) revealers = g_ptr_array_new ();

  collect_revealers (widget, revealers);
  for (guint i = 0; i < revealers->len; i++)
    if (gtk_revealer_get_child_revealed (revealers->pdata[i])
        != gtk_revealer_get_reveal_child (revealers->pdata[i]))
      return FALSE;

  return TRUE;
}

void
save_screenshot (GtkWidget  *widget,
                 const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* Not halfway through a revealer's slide. */
  wait_until (transitions_done, widget);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
