// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-audit-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "oc-audit-window.h"
#include "oc-format.h"
#include "oc-protocol.h"

struct _OcAuditWindow
{
  GtkWindow           parent_instance;

  GtkSearchEntry     *supervisor_entry;
  GtkDropDown        *action_dropdown;
  GtkLabel           *status_label;
  GtkColumnView      *column_view;
  GtkButton          *older_button;
  GtkSpinner         *older_spinner;
  GtkLabel           *older_label;

  OcSource           *source;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GtkFileChooserNative *chooser;
  GCancellable       *cancellable;   /* of loading older entries */
};

G_DEFINE_FINAL_TYPE (OcAuditWindow, oc_audit_window, GTK_TYPE_WINDOW)

/* The drop-down's rows: all actions, then each, in the enum's order. */
static const OcAuditAction actions[] = {
  OC_AUDIT_ACTION_UNKNOWN, OC_AUDIT_ACTION_ASSIGN, OC_AUDIT_ACTION_TRANSFER, OC_AUDIT_ACTION_FORCE_CLOSE,
  OC_AUDIT_ACTION_JOIN, OC_AUDIT_ACTION_LEAVE, OC_AUDIT_ACTION_MESSAGE, OC_AUDIT_ACTION_WHISPER,
  OC_AUDIT_ACTION_LOWER_FLAG,
};

enum {
  COLUMN_TIME,
  COLUMN_SUPERVISOR,
  COLUMN_ACTION,
  COLUMN_CONVERSATION,
  COLUMN_OUTCOME,
  COLUMN_DETAILS,
  N_COLUMNS
};

static char *
outcome_text (OcAuditEntry *entry)
{
  if (oc_audit_entry_get_outcome (entry) != OC_AUDIT_OUTCOME_REFUSED)
    return g_strdup (oc_audit_outcome_get_label (oc_audit_entry_get_outcome (entry)));
  /* TRANSLATORS: "Refused: capacity-full" */
  return g_strdup_printf (_("%s: %s"), oc_audit_outcome_get_label (OC_AUDIT_OUTCOME_REFUSED),
                          oc_audit_entry_get_code (entry));
}

static char *
details_text (OcAuditEntry *entry)
{
  const char *agent = oc_audit_entry_get_agent_id (entry);
  const char *queue = oc_audit_entry_get_queue_id (entry);
  GString *text = g_string_new (oc_audit_entry_get_reason (entry));

  if (agent != NULL)
    {
      g_string_append (text, text->len > 0 ? " · " : "");
      /* TRANSLATORS: the agent an assign or transfer named */
      g_string_append_printf (text, _("agent %s"), agent);
    }
  if (queue != NULL)
    {
      g_string_append (text, text->len > 0 ? " · " : "");
      /* TRANSLATORS: the queue an assign named */
      g_string_append_printf (text, _("queue %s"), queue);
    }
  return g_string_free (text, FALSE);
}

static char *
cell_text (OcAuditEntry *entry,
           guint         column)
{
  switch (column)
    {
    case COLUMN_TIME:
      {
        g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (oc_audit_entry_get_at (entry));

        return at != NULL ? g_date_time_format (at, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
      }
    case COLUMN_SUPERVISOR:
      return g_strdup (oc_audit_entry_get_user (entry));
    case COLUMN_ACTION:
      return g_strdup (oc_audit_action_get_label (oc_audit_entry_get_action (entry)));
    case COLUMN_CONVERSATION:
      return g_strdup (oc_audit_entry_get_conversation_id (entry));
    case COLUMN_OUTCOME:
      return outcome_text (entry);
    case COLUMN_DETAILS:
    default:
      return details_text (entry);
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Names and reasons come from the server: never markup. */
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  OcAuditEntry *entry = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (entry, GPOINTER_TO_UINT (user_data));
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static gboolean
filter_entry (gpointer item,
              gpointer user_data)
{
  OcAuditWindow *self = user_data;
  OcAuditEntry *entry = item;
  const char *who = gtk_editable_get_text (GTK_EDITABLE (self->supervisor_entry));
  guint selected = gtk_drop_down_get_selected (self->action_dropdown);

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected < G_N_ELEMENTS (actions) &&
      oc_audit_entry_get_action (entry) != actions[selected])
    return FALSE;
  if (who != NULL && who[0] != '\0')
    {
      g_autofree char *user = g_utf8_casefold (oc_audit_entry_get_user (entry), -1);
      g_autofree char *wanted = g_utf8_casefold (who, -1);

      return strstr (user, wanted) != NULL;
    }
  return TRUE;
}

static void
on_filter_changed (OcAuditWindow *self)
{
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* One CSV field (RFC 4180). A field a spreadsheet would run as a formula
 * starts with an apostrophe: names and reasons come from the wire. */
static void
append_field (GString    *out,
              const char *value)
{
  if (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
      value[0] == '\t' || value[0] == '\r')
    {
      g_autofree char *safe = g_strconcat ("'", value, NULL);

      append_field (out, safe);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * oc_audit_window_build_csv:
 * @entries: (element-type OcAuditEntry): the entries to write
 *
 * Returns: (transfer full): the entries as CSV, a header line first, lines
 *   ending in CRLF, times in UTC (RFC 3339)
 */
char *
oc_audit_window_build_csv (GListModel *entries)
{
  GString *out = g_string_new ("seq,time,supervisor,action,conversation,outcome,code,reason,agent,queue\r\n");
  guint n = g_list_model_get_n_items (entries);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcAuditEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *at = oc_protocol_format_time (oc_audit_entry_get_at (entry));
      const char *agent = oc_audit_entry_get_agent_id (entry);
      const char *queue = oc_audit_entry_get_queue_id (entry);

      g_string_append_printf (out, "%" G_GINT64_FORMAT ",", oc_audit_entry_get_seq (entry));
      append_field (out, at);
      g_string_append_c (out, ',');
      append_field (out, oc_audit_entry_get_user (entry));
      g_string_append_c (out, ',');
      append_field (out, oc_enum_to_nick (OC_TYPE_AUDIT_ACTION, oc_audit_entry_get_action (entry)));
      g_string_append_c (out, ',');
      append_field (out, oc_audit_entry_get_conversation_id (entry));
      g_string_append_c (out, ',');
      append_field (out, oc_enum_to_nick (OC_TYPE_AUDIT_OUTCOME, oc_audit_entry_get_outcome (entry)));
      g_string_append_c (out, ',');
      append_field (out, oc_audit_entry_get_code (entry));
      g_string_append_c (out, ',');
      append_field (out, oc_audit_entry_get_reason (entry));
      g_string_append_c (out, ',');
      append_field (out, agent != NULL ? agent : "");
      g_string_append_c (out, ',');
      append_field (out, queue != NULL ? queue : "");
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

static void
show_error (OcAuditWindow *self,
            const char    *message)
{
  gtk_label_set_text (self->status_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    OcAuditWindow   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      csv = oc_audit_window_build_csv (G_LIST_MODEL (self->filtered));
      if (!g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL,
                                    &error))
        {
          g_autofree char *message = g_strdup_printf (_("The audit log could not be saved: %s"), error->message);

          show_error (self, message);
        }
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OcAuditWindow *self = OC_AUDIT_WINDOW (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Audit Log"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "audit-log.csv");
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The button at the end of the list says what Load Older would do. */
static void
sync_older (OcAuditWindow *self)
{
  gboolean available = oc_source_can (self->source, OC_SOURCE_HAS_AUDIT_LOG);
  gboolean loading = self->cancellable != NULL;
  gboolean has_older = available && oc_source_get_audit_has_older (self->source);

  gtk_widget_set_visible (GTK_WIDGET (self->older_spinner), loading);
  gtk_spinner_set_spinning (self->older_spinner, loading);
  if (!available)
    {
      gtk_button_set_label (self->older_button, _("Older entries are not available"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->older_button),
                                   oc_source_get_unavailable_reason (self->source, OC_SOURCE_HAS_AUDIT_LOG));
    }
  else
    gtk_button_set_label (self->older_button, has_older || loading ? _("Load _Older") : _("No older entries"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.load-older", has_older && !loading);
}

static void
on_older_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OcAuditWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  /* Cancelled: the window is gone. */
  if (!oc_source_load_older_audit_finish (OC_SOURCE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Older entries could not be loaded: %s"), error->message);

      gtk_label_set_text (self->older_label, message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->older_label), error != NULL);
  sync_older (self);
}

static void
load_older_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OcAuditWindow *self = OC_AUDIT_WINDOW (widget);

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->older_label), FALSE);
  oc_source_load_older_audit_async (self->source, self->cancellable, on_older_loaded, self);
  sync_older (self);
}

static void
add_column (OcAuditWindow *self,
            const char    *title,
            guint          column,
            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_append_column (self->column_view, col);
  g_object_unref (col);
}

static void
oc_audit_window_dispose (GObject *object)
{
  OcAuditWindow *self = OC_AUDIT_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_AUDIT_WINDOW);
  g_clear_object (&self->filtered);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (oc_audit_window_parent_class)->dispose (object);
}

static void
oc_audit_window_class_init (OcAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_audit_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/OngoingConversations/oc-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OcAuditWindow, supervisor_entry);
  gtk_widget_class_bind_template_child (widget_class, OcAuditWindow, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OcAuditWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, OcAuditWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, OcAuditWindow, older_button);
  gtk_widget_class_bind_template_child (widget_class, OcAuditWindow, older_spinner);
  gtk_widget_class_bind_template_child (widget_class, OcAuditWindow, older_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);

  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "audit.load-older", NULL, load_older_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
oc_audit_window_init (OcAuditWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (names, _("All actions"));
  for (guint i = 1; i < G_N_ELEMENTS (actions); i++)
    gtk_string_list_append (names, oc_audit_action_get_label (actions[i]));
  gtk_drop_down_set_model (self->action_dropdown, G_LIST_MODEL (names));

  add_column (self, _("Time"), COLUMN_TIME, FALSE);
  add_column (self, _("Supervisor"), COLUMN_SUPERVISOR, FALSE);
  add_column (self, _("Action"), COLUMN_ACTION, FALSE);
  add_column (self, _("Conversation"), COLUMN_CONVERSATION, FALSE);
  add_column (self, _("Outcome"), COLUMN_OUTCOME, FALSE);
  add_column (self, _("Details"), COLUMN_DETAILS, TRUE);
}

/**
 * oc_audit_window_new:
 * @source: the source whose audit log to list
 *
 * Returns: (transfer full): a window listing @source's audit log live, or
 *   saying why there is none
 */
OcAuditWindow *
oc_audit_window_new (OcSource *source)
{
  OcAuditWindow *self;
  GtkSingleSelection *selection;

  g_return_val_if_fail (OC_IS_SOURCE (source), NULL);

  self = g_object_new (OC_TYPE_AUDIT_WINDOW, NULL);
  self->source = g_object_ref (source);
  self->filter = gtk_custom_filter_new (filter_entry, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (oc_source_get_audit_log (source))),
                                              GTK_FILTER (self->filter));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  if (!oc_source_can (source, OC_SOURCE_HAS_AUDIT_LOG))
    {
      show_error (self, oc_source_get_unavailable_reason (source, OC_SOURCE_HAS_AUDIT_LOG));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->supervisor_entry), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->action_dropdown), FALSE);
    }
  g_signal_connect_object (source, "notify::audit-has-older", G_CALLBACK (sync_older), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::capabilities", G_CALLBACK (sync_older), self, G_CONNECT_SWAPPED);
  sync_older (self);
  return self;
}

/**
 * oc_audit_window_get_shown:
 *
 * Returns: (transfer none): the entries the filters let through, newest first
 */
GListModel *
oc_audit_window_get_shown (OcAuditWindow *self)
{
  g_return_val_if_fail (OC_IS_AUDIT_WINDOW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

/**
 * oc_audit_window_set_filter:
 * @supervisor: (nullable): part of a supervisor's name
 * @action: one action, or %OC_AUDIT_ACTION_UNKNOWN for all
 */
void
oc_audit_window_set_filter (OcAuditWindow *self,
                            const char    *supervisor,
                            OcAuditAction  action)
{
  g_return_if_fail (OC_IS_AUDIT_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->supervisor_entry), supervisor != NULL ? supervisor : "");
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (actions[i] == action)
      gtk_drop_down_set_selected (self->action_dropdown, i);
  on_filter_changed (self);
}
