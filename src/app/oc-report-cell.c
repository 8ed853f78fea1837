// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-report-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent.h"
#include "oc-cell-text.h"
#include "oc-clock-format-setting.h"
#include "oc-format.h"
#include "oc-queue.h"
#include "oc-report-cell.h"
#include "oc-report-private.h"
#include "oc-stepping-bar.h"
#include "oc-wait-thresholds.h"

struct _OcReportCell
{
  OcCellText           parent_instance;

  OcReportColumn       column;
  OcConversationStore *store;
  OcClock             *clock;
  GSettings           *settings;
  OcConversation      *conversation;

  /* Plain handlers, not GSignalGroups: the report makes a cell for each
   * shown column of up to 200 rows, and remakes hundreds of them on a filter
   * change (#17); two signal groups a cell were two objects more to make,
   * and their closures, each time. The cell holds what it listens to. */
  gulong               notify_id;  /* on conversation */
  gulong               tick_id;    /* on clock, for times and days */
  int                  wait_level;
  char                *accessible_name;  /* what GTK's cell was last named */
  char                *description;      /* the tooltip GTK's cell was last described by */
  char                *tooltip;          /* given to GTK only when it asks */
  gboolean             binding;          /* names follow once, after the bind */
  gboolean             in_row;           /* in an OcReportRow, not a column */

  /* Created: the text holds from rendered_at until the next local midnight. */
  gint64               rendered_at;
  gint64               valid_until;
};

G_DEFINE_FINAL_TYPE (OcReportCell, oc_report_cell, OC_TYPE_CELL_TEXT)

/* Columns whose cell is empty for most rows (no flag, nobody watching). */
static gboolean
column_may_be_empty (OcReportColumn column)
{
  return column == OC_REPORT_COLUMN_FLAG || column == OC_REPORT_COLUMN_WATCHERS;
}

static gboolean
column_ticks (OcReportColumn column)
{
  return column == OC_REPORT_COLUMN_WAIT || column == OC_REPORT_COLUMN_HANDLE;
}

/* "14:02" turns into "Yesterday 14:02" at midnight. */
static gboolean
column_follows_day (OcReportColumn column)
{
  return column == OC_REPORT_COLUMN_CREATED;
}

/* Which property changes can alter this column's text. */
static gboolean
column_cares (OcReportColumn column,
              const char    *property)
{
  switch (column)
    {
    case OC_REPORT_COLUMN_SUBJECT:   return g_str_equal (property, "subject");
    case OC_REPORT_COLUMN_STATUS:    return g_str_equal (property, "status");
    case OC_REPORT_COLUMN_AGENT:     return g_str_equal (property, "agent-id");
    case OC_REPORT_COLUMN_QUEUE:     return g_str_equal (property, "queue-id");
    case OC_REPORT_COLUMN_CHANNEL:   return g_str_equal (property, "channel") ||
                                            g_str_equal (property, "sub-channel");
    case OC_REPORT_COLUMN_WAIT:      return g_str_equal (property, "wait-seconds") ||
                                            g_str_equal (property, "waiting-since") ||
                                            g_str_equal (property, "wait-estimate") ||
                                            g_str_equal (property, "channel");
    case OC_REPORT_COLUMN_HANDLE:    return g_str_equal (property, "first-assigned-at") ||
                                            g_str_equal (property, "handle-estimate");
    case OC_REPORT_COLUMN_SENTIMENT: return g_str_equal (property, "sentiment");
    case OC_REPORT_COLUMN_FLAG:      return g_str_equal (property, "flagged") ||
                                            g_str_equal (property, "flag-reason");
    case OC_REPORT_COLUMN_WATCHERS:  return g_str_equal (property, "watchers");
    case OC_REPORT_COLUMN_CUSTOMER:  return g_str_equal (property, "customer-name");
    case OC_REPORT_COLUMN_CREATED:   return g_str_equal (property, "created-at");
    case OC_N_REPORT_COLUMNS:
    default:                         return FALSE;
    }
}

/**
 * oc_report_wait_level:
 * @settings: (nullable): the app's settings, for the thresholds
 * @conversation: a conversation
 * @now: Unix seconds
 *
 * Returns: @conversation's wait level at @now: 0 fine, 1 warning, 2 critical
 *   (always fine without @settings or a wait running)
 */
int
oc_report_wait_level (GSettings      *settings,
                      OcConversation *conversation,
                      gint64          now)
{
  /* Only a wait still running calls for action. */
  if (settings == NULL || !oc_conversation_is_waiting (conversation))
    return OC_WAIT_LEVEL_FINE;

  return oc_wait_level_from_settings (settings, oc_conversation_get_channel (conversation),
                                      oc_conversation_get_wait_time (conversation, now));
}

/* Which columns the row's spoken sentence is made of. */
static gboolean
column_in_row_sentence (OcReportColumn column)
{
  return column != OC_REPORT_COLUMN_HANDLE &&
         column != OC_REPORT_COLUMN_SENTIMENT &&
         column != OC_REPORT_COLUMN_CREATED;
}

static void
append_part (GString    *sentence,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (sentence->len > 0)
    /* Translators: between the parts of a row that a screen reader reads as
     * one sentence ("Waiting 12:04, Cancel subscription, Sun-hee Park") */
    g_string_append (sentence, C_("list separator", ", "));
  g_string_append (sentence, part);
}

/**
 * oc_report_describe_row:
 * @store: the store, for agent and queue names
 * @settings: (nullable): the app's settings, for the wait thresholds
 * @conversation: a conversation
 * @now: Unix seconds
 *
 * Returns: (transfer full): the row of @conversation as a screen reader reads
 *   it: "Waiting 12:04, over the critical wait, Cancel subscription,
 *   Sun-hee Park, Billing, Chat, unassigned"
 */
char *
oc_report_describe_row (OcConversationStore *store,
                        GSettings           *settings,
                        OcConversation      *conversation,
                        gint64               now)
{
  GString *sentence = g_string_new (NULL);
  const char *status = oc_status_get_label (oc_conversation_get_status (conversation));
  const char *agent_id = oc_conversation_get_agent_id (conversation);
  const char *queue_id = oc_conversation_get_queue_id (conversation);
  OcAgent *agent = agent_id ? oc_conversation_store_lookup_agent (store, agent_id) : NULL;
  OcQueue *queue = queue_id ? oc_conversation_store_lookup_queue (store, queue_id) : NULL;
  int level = oc_report_wait_level (settings, conversation, now);
  g_autofree char *channel = oc_format_channel (oc_conversation_get_channel (conversation),
                                                oc_conversation_get_sub_channel (conversation));
  g_autofree char *first = NULL;
  g_autofree char *assigned = NULL;

  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (store), NULL);

  if (oc_conversation_is_waiting (conversation))
    {
      g_autofree char *wait = oc_format_duration (oc_conversation_get_wait_time (conversation, now));
      /* Translators: a row read by a screen reader begins with its status and
       * how long it has been waiting: "Waiting 12:04" */
      first = g_strdup_printf (C_("row sentence", "%1$s %2$s"), status, wait);
    }
  append_part (sentence, first ? first : status);

  if (level == OC_WAIT_LEVEL_CRITICAL)
    append_part (sentence, _("over the critical wait"));
  else if (level == OC_WAIT_LEVEL_WARNING)
    append_part (sentence, _("over the warning wait"));

  append_part (sentence, oc_conversation_get_subject (conversation));
  append_part (sentence, oc_conversation_get_customer_name (conversation));
  append_part (sentence, queue ? oc_queue_get_name (queue) : queue_id);
  append_part (sentence, channel);

  if (agent_id == NULL)
    append_part (sentence, _("unassigned"));
  else
    {
      /* Translators: the end of a row read by a screen reader; %s is the agent */
      assigned = g_strdup_printf (_("assigned to %s"), agent ? oc_agent_get_name (agent) : agent_id);
      append_part (sentence, assigned);
    }

  return g_string_free (sentence, FALSE);
}

static GQuark
row_sentence_quark (void)
{
  return g_quark_from_static_string ("oc-report-row-sentence");
}

/**
 * oc_report_find_row:
 * @widget: a widget in a row of the report
 *
 * Returns: (transfer none) (nullable): the list's own row widget that holds
 *   @widget (GTK's "GtkListItemWidget"), what a screen reader is on
 */
GtkWidget *
oc_report_find_row (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (gtk_widget_get_parent (w) != NULL && GTK_IS_LIST_VIEW (gtk_widget_get_parent (w)))
      return w;
  return NULL;
}

/**
 * oc_report_sync_row_sentence:
 * @row: the list's row widget (see oc_report_find_row())
 *
 * Names @row by oc_report_describe_row(); a row whose sentence is the same
 * costs a comparison.
 */
void
oc_report_sync_row_sentence (GtkWidget           *row,
                             OcConversationStore *store,
                             GSettings           *settings,
                             OcConversation      *conversation,
                             gint64               now)
{
  char *sentence;

  g_return_if_fail (GTK_IS_WIDGET (row));

  if (conversation == NULL)
    return;

  sentence = oc_report_describe_row (store, settings, conversation, now);
  if (g_strcmp0 (g_object_get_qdata (G_OBJECT (row), row_sentence_quark ()), sentence) == 0)
    {
      g_free (sentence);
      return;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, sentence,
                                  -1);
  g_object_set_qdata_full (G_OBJECT (row), row_sentence_quark (), sentence, g_free);
}

/* Rows whose sentence is due -> a cell of theirs. A new row's seven cells of
 * the sentence, or a tick of its wait, each ask; the sentence is made once
 * a main-loop turn, before GTK lays out the frame. */
static GHashTable *pending_rows;
static guint pending_rows_id;

static gboolean
sync_pending_rows_cb (gpointer user_data)
{
  g_autoptr(GHashTable) rows = g_steal_pointer (&pending_rows);
  GHashTableIter iter;
  gpointer row, cell;

  pending_rows_id = 0;
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &row, &cell))
    {
      OcReportCell *self = cell;

      /* Still the row's cell, and still bound: a row rebound since reads
       * its new conversation. */
      if (self->conversation != NULL && !self->binding && oc_report_find_row (GTK_WIDGET (self)) == row)
        oc_report_sync_row_sentence (row, self->store, self->settings, self->conversation,
                                     oc_clock_get_now (self->clock));
    }
  return G_SOURCE_REMOVE;
}

static void
oc_report_cell_queue_row_sentence (OcReportCell *self,
                                   GtkWidget    *row)
{
  if (pending_rows == NULL)
    pending_rows = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  if (g_hash_table_contains (pending_rows, row))
    return;
  g_hash_table_insert (pending_rows, g_object_ref (row), g_object_ref (self));
  if (pending_rows_id == 0)
    {
      /* Before GDK_PRIORITY_REDRAW: named in the frame that paints it. */
      pending_rows_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, sync_pending_rows_cb, NULL, NULL);
      g_source_set_name_by_id (pending_rows_id, "[oc] report row sentences");
    }
}

/* GTK 4.8 reads its own cell and row widgets by type name
 * ("GtkColumnViewCell", "GtkListItemWidget"): in a column the parent of this
 * widget is GTK's cell; in a narrow row the cell is read itself. Called when
 * the text changed only, so a row that does not change costs nothing. */
static void
oc_report_cell_sync_accessible (OcReportCell *self)
{
  GtkWidget *cell = self->in_row ? GTK_WIDGET (self) : gtk_widget_get_parent (GTK_WIDGET (self));
  GtkWidget *row = cell ? oc_report_find_row (cell) : NULL;
  g_autofree char *name = NULL;

  if (cell == NULL || self->conversation == NULL || self->binding)
    return;

  /* An empty cell says what its emptiness means, not "GtkLabel". */
  if (column_may_be_empty (self->column) && *oc_cell_text_get_text (OC_CELL_TEXT (self)) == '\0')
    name = g_strdup (self->column == OC_REPORT_COLUMN_FLAG ? _("Help flag: none") : _("Watching: nobody"));
  else
    /* Translators: a report cell read by a screen reader, "Wait: 12:04":
     * the column's title, then what the cell shows */
    name = g_strdup_printf (_("%1$s: %2$s"), _oc_report_column_title (self->column),
                            oc_cell_text_get_text (OC_CELL_TEXT (self)));
  if (g_strcmp0 (self->accessible_name, name) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_free (self->accessible_name);
      self->accessible_name = g_steal_pointer (&name);
    }

  if (row == NULL || !column_in_row_sentence (self->column))
    return;

  oc_report_cell_queue_row_sentence (self, row);
}

/* GTK asks the display where the pointer is on every
 * gtk_widget_set_tooltip_text() (a round trip to the X server), and Wait
 * cells rebound to rows of another wait level change it all the time under
 * a flood: the text is kept here and handed over in ::query-tooltip. */
static void
oc_report_cell_set_tooltip (OcReportCell *self,
                            const char   *text)
{
  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->tooltip, text) == 0)
    return;
  g_free (self->tooltip);
  self->tooltip = g_strdup (text);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), text != NULL);
}

static gboolean
oc_report_cell_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_tooltip,
                              GtkTooltip *tooltip)
{
  OcReportCell *self = OC_REPORT_CELL (widget);

  if (self->tooltip == NULL)
    return FALSE;
  /* Plain text: a flag's reason is the agent's own words. */
  gtk_tooltip_set_text (tooltip, self->tooltip);
  return TRUE;
}

/* Why a time is the console's estimate, not Dynamics 365's stored figure
 * (only the Dataverse source sets an estimate). */
static const char *
estimate_reason (OcReportColumn column,
                 OcEstimate     estimate)
{
  switch (estimate)
    {
    case OC_ESTIMATE_SPELL_START:
      return _("Approximate: Dynamics 365 stores no start for this waiting spell");
    case OC_ESTIMATE_NOT_ACCEPTED:
      return _("Approximate: the agent has not accepted yet, and Dynamics 365 stores a wait only once an agent accepts");
    case OC_ESTIMATE_TRANSFERRED:
      if (column == OC_REPORT_COLUMN_HANDLE)
        return _("Approximate: Dynamics 365 stores no first acceptance for this transferred conversation, so handling counts from its first wait");
      return _("Approximate: Dynamics 365 stores no first wait for this transferred conversation, so it counts as none");
    case OC_ESTIMATE_NONE:
    default:
      return NULL;
    }
}

static OcEstimate
oc_report_cell_get_estimate (OcReportCell *self)
{
  OcConversation *c = self->conversation;

  if (c == NULL)
    return OC_ESTIMATE_NONE;
  if (self->column == OC_REPORT_COLUMN_WAIT)
    return oc_conversation_get_wait_estimate (c);
  if (self->column == OC_REPORT_COLUMN_HANDLE && oc_conversation_get_first_assigned_at (c) != 0)
    return oc_conversation_get_handle_estimate (c);
  return OC_ESTIMATE_NONE;
}

/* The tooltip of a time (past a wait threshold, an estimate), and the same
 * words as the description of GTK's cell, which a screen reader is on. */
static void
oc_report_cell_sync_description (OcReportCell *self)
{
  const char *level = NULL;
  const char *estimate = estimate_reason (self->column, oc_report_cell_get_estimate (self));
  g_autofree char *tooltip = NULL;
  GtkWidget *cell;

  if (self->wait_level == OC_WAIT_LEVEL_CRITICAL)
    level = _("Waiting past the critical threshold");
  else if (self->wait_level == OC_WAIT_LEVEL_WARNING)
    level = _("Waiting past the warning threshold");

  if (level != NULL && estimate != NULL)
    tooltip = g_strconcat (level, "\n", estimate, NULL);
  else
    tooltip = g_strdup (level != NULL ? level : estimate);

  oc_report_cell_set_tooltip (self, tooltip);

  cell = self->in_row ? GTK_WIDGET (self) : gtk_widget_get_parent (GTK_WIDGET (self));
  if (cell == NULL || g_strcmp0 (self->description, tooltip) == 0)
    return;
  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_free (self->description);
  self->description = g_steal_pointer (&tooltip);
}

static void oc_report_cell_set_icon (OcReportCell *self,
                                     const char   *icon_name);

static void
oc_report_cell_set_wait_level (OcReportCell *self,
                               int           level)
{
  if (self->wait_level == level)
    return;

  self->wait_level = level;
  gtk_widget_remove_css_class (GTK_WIDGET (self), "wait-warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "wait-critical");

  /* The icon says it too: colour is never the only sign. */
  if (level == OC_WAIT_LEVEL_CRITICAL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "wait-critical");
  else if (level == OC_WAIT_LEVEL_WARNING)
    gtk_widget_add_css_class (GTK_WIDGET (self), "wait-warning");
  oc_report_cell_set_icon (self, level == OC_WAIT_LEVEL_CRITICAL ? "dialog-error-symbolic" :
                                 level == OC_WAIT_LEVEL_WARNING ? "dialog-warning-symbolic" : NULL);

  /* The state in words for assistive technology too, not only as colour
   * and icon. */
  oc_report_cell_sync_description (self);
  oc_report_cell_sync_accessible (self);
}

static void
oc_report_cell_set_text (OcReportCell *self,
                         const char   *text)
{
  /* Most notifications leave the text as it was: skip the relayout. */
  if (g_strcmp0 (oc_cell_text_get_text (OC_CELL_TEXT (self)), text) != 0)
    {
      oc_cell_text_set_text (OC_CELL_TEXT (self), text);
      oc_report_cell_sync_accessible (self);
    }
}

/* The word beside it carries the meaning; the icon is decoration, drawn by
 * the cell itself. */
static void
oc_report_cell_set_icon (OcReportCell *self,
                         const char   *icon_name)
{
  oc_cell_text_set_icon_name (OC_CELL_TEXT (self), icon_name);
}

/* "12:04", or "≈ 12:04" for an estimate: the mark shows it at a glance,
 * the tooltip says why. */
static char *
oc_report_cell_format_time (OcReportCell *self,
                            gint64        seconds)
{
  g_autofree char *duration = oc_format_duration (seconds);

  if (oc_report_cell_get_estimate (self) == OC_ESTIMATE_NONE)
    return g_steal_pointer (&duration);
  /* Translators: an approximate duration in a report cell, "≈ 12:04" */
  return g_strdup_printf (C_("approximate duration", "≈ %s"), duration);
}

static void
oc_report_cell_update (OcReportCell *self)
{
  OcConversation *c = self->conversation;
  gint64 now = oc_clock_get_now (self->clock);
  g_autofree char *text = NULL;

  if (c == NULL)
    {
      oc_report_cell_set_text (self, "");
      return;
    }

  switch (self->column)
    {
    case OC_REPORT_COLUMN_SUBJECT:
      oc_report_cell_set_text (self, oc_conversation_get_subject (c));
      break;

    case OC_REPORT_COLUMN_STATUS:
      oc_report_cell_set_icon (self, oc_status_get_icon (oc_conversation_get_status (c)));
      oc_report_cell_set_text (self, oc_status_get_label (oc_conversation_get_status (c)));
      break;

    case OC_REPORT_COLUMN_AGENT:
      {
        const char *agent_id = oc_conversation_get_agent_id (c);
        OcAgent *agent = agent_id ? oc_conversation_store_lookup_agent (self->store, agent_id) : NULL;

        if (agent_id == NULL)
          oc_report_cell_set_text (self, _("Unassigned"));
        else
          oc_report_cell_set_text (self, agent ? oc_agent_get_name (agent) : agent_id);

        if (agent_id == NULL)
          gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
        else
          gtk_widget_remove_css_class (GTK_WIDGET (self), "dim-label");
      }
      break;

    case OC_REPORT_COLUMN_QUEUE:
      {
        const char *queue_id = oc_conversation_get_queue_id (c);
        OcQueue *queue = queue_id ? oc_conversation_store_lookup_queue (self->store, queue_id) : NULL;

        oc_report_cell_set_text (self, queue ? oc_queue_get_name (queue) : queue_id);
      }
      break;

    case OC_REPORT_COLUMN_CHANNEL:
      text = oc_format_channel (oc_conversation_get_channel (c),
                                oc_conversation_get_sub_channel (c));
      oc_report_cell_set_icon (self, oc_channel_get_icon (oc_conversation_get_channel (c)));
      oc_report_cell_set_text (self, text);
      break;

    case OC_REPORT_COLUMN_WAIT:
      text = oc_report_cell_format_time (self, oc_conversation_get_wait_time (c, now));
      oc_report_cell_set_text (self, text);
      oc_report_cell_set_wait_level (self, oc_report_wait_level (self->settings, c, now));
      oc_report_cell_sync_description (self);
      break;

    case OC_REPORT_COLUMN_HANDLE:
      if (oc_conversation_get_first_assigned_at (c) == 0)
        oc_report_cell_set_text (self, "—");
      else
        {
          text = oc_report_cell_format_time (self, oc_conversation_get_handle_time (c, now));
          oc_report_cell_set_text (self, text);
        }
      oc_report_cell_sync_description (self);
      break;

    case OC_REPORT_COLUMN_SENTIMENT:
      oc_report_cell_set_icon (self, oc_sentiment_get_icon (oc_conversation_get_sentiment (c)));
      oc_report_cell_set_text (self, oc_sentiment_get_label (oc_conversation_get_sentiment (c)));
      break;

    case OC_REPORT_COLUMN_CUSTOMER:
      oc_report_cell_set_text (self, oc_conversation_get_customer_name (c));
      break;

    case OC_REPORT_COLUMN_CREATED:
      text = oc_format_day_time (oc_conversation_get_created_at (c), now,
                                 oc_format_get_clock_format ());
      oc_report_cell_set_text (self, text);
      self->rendered_at = now;
      self->valid_until = oc_format_next_midnight (now);
      break;

    case OC_REPORT_COLUMN_FLAG:
      /* The reason is the agent's literal text: a plain label. */
      oc_report_cell_set_icon (self, oc_conversation_is_flagged (c) ? "emoji-flags-symbolic" : NULL);
      oc_report_cell_set_text (self, oc_conversation_is_flagged (c) ? oc_conversation_get_flag_reason (c) : "");
      oc_report_cell_set_tooltip (self, oc_conversation_is_flagged (c) ? oc_conversation_get_flag_reason (c) : NULL);
      break;

    case OC_REPORT_COLUMN_WATCHERS:
      {
        guint n = oc_conversation_get_n_watchers (c);
        g_autofree char *names = oc_stepping_bar_describe_others (c, NULL);
        GtkWidget *cell = self->in_row ? GTK_WIDGET (self) : gtk_widget_get_parent (GTK_WIDGET (self));

        oc_report_cell_set_icon (self, n > 0 ? "view-reveal-symbolic" : NULL);
        text = n > 0 ? g_strdup_printf ("%u", n) : g_strdup ("");
        oc_report_cell_set_text (self, text);
        /* The names, for the pointer and for a screen reader: on GTK's
         * cell, which it is on. */
        oc_report_cell_set_tooltip (self, names);
        if (cell != NULL)
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                          names != NULL ? names : "", -1);
      }
      break;

    case OC_N_REPORT_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
oc_report_cell_notify_cb (OcReportCell *self,
                          GParamSpec   *pspec,
                          GObject      *conversation)
{
  if (column_cares (self->column, pspec->name))
    oc_report_cell_update (self);
}

static void
oc_report_cell_tick_cb (OcReportCell *self,
                        GParamSpec   *pspec,
                        OcClock      *clock)
{
  gint64 now = oc_clock_get_now (clock);

  if (self->conversation == NULL)
    return;

  /* A day's text needs no work every second, only when the day turns (or
   * a test's clock goes back). */
  if (column_follows_day (self->column) &&
      now >= self->rendered_at && now < self->valid_until)
    return;

  oc_report_cell_update (self);
}

static void
oc_report_cell_clock_format_cb (OcReportCell *self,
                                GParamSpec   *pspec,
                                GObject      *setting)
{
  oc_report_cell_update (self);
}

static void
oc_report_cell_release (OcReportCell *self)
{
  if (self->conversation != NULL)
    g_clear_signal_handler (&self->notify_id, self->conversation);
  g_clear_object (&self->conversation);
}

static void
oc_report_cell_dispose (GObject *object)
{
  OcReportCell *self = OC_REPORT_CELL (object);

  oc_report_cell_release (self);
  if (self->clock != NULL)
    g_clear_signal_handler (&self->tick_id, self->clock);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->accessible_name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->tooltip, g_free);

  G_OBJECT_CLASS (oc_report_cell_parent_class)->dispose (object);
}

static void
oc_report_cell_class_init (OcReportCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_report_cell_dispose;

  widget_class->query_tooltip = oc_report_cell_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "oc-report-cell");
  /* Read by its text, as the label it draws (GTK's cell around it is
   * named "Wait: 12:04"). */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
oc_report_cell_init (OcReportCell *self)
{
}

/**
 * oc_report_cell_new:
 * @column: which column the cell shows
 * @store: the store, for agent and queue names
 * @clock: the clock the times tick by
 * @settings: (nullable): the app's settings, for the wait thresholds
 *
 * Returns: (transfer floating): a new, unbound cell
 */
OcReportCell *
oc_report_cell_new (OcReportColumn       column,
                    OcConversationStore *store,
                    OcClock             *clock,
                    GSettings           *settings)
{
  OcReportCell *self;

  g_return_val_if_fail (column < OC_N_REPORT_COLUMNS, NULL);
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (store), NULL);
  g_return_val_if_fail (OC_IS_CLOCK (clock), NULL);

  /* An empty Help flag or Watching cell would be read as an empty label:
   * there GTK's cell alone speaks ("Help flag: none"). */
  self = g_object_new (OC_TYPE_REPORT_CELL,
                       "accessible-role", column_may_be_empty (column) ? GTK_ACCESSIBLE_ROLE_PRESENTATION
                                                                     : GTK_ACCESSIBLE_ROLE_LABEL,
                       NULL);
  self->column = column;
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->settings = settings ? g_object_ref (settings) : NULL;

  if (column_ticks (column) || column_follows_day (column))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "numeric");
      oc_cell_text_set_tabular_figures (OC_CELL_TEXT (self), TRUE);
      oc_cell_text_set_xalign (OC_CELL_TEXT (self), 1.0f);
    }

  if (column_ticks (column) || column_follows_day (column))
    self->tick_id = g_signal_connect_swapped (self->clock, "notify::now",
                                              G_CALLBACK (oc_report_cell_tick_cb), self);
  if (column_follows_day (column))
    g_signal_connect_object (oc_clock_format_setting_get_default (), "notify::clock-format",
                             G_CALLBACK (oc_report_cell_clock_format_cb), self,
                             G_CONNECT_SWAPPED);

  return self;
}

/**
 * oc_report_cell_bind:
 * @conversation: the row's conversation
 *
 * Shows @conversation in the cell and follows its changes (and the clock's,
 * for times). Binding the conversation already bound costs nothing.
 */
void
oc_report_cell_bind (OcReportCell   *self,
                     OcConversation *conversation)
{
  g_return_if_fail (OC_IS_REPORT_CELL (self));
  g_return_if_fail (OC_IS_CONVERSATION (conversation));

  /* GTK 4.8 rebinds every row whose position shifts, with the same item:
   * then the cell is already right and still listening. */
  if (self->conversation == conversation)
    return;

  oc_report_cell_release (self);
  self->conversation = g_object_ref (conversation);
  self->notify_id = g_signal_connect_swapped (conversation, "notify",
                                              G_CALLBACK (oc_report_cell_notify_cb), self);

  self->binding = TRUE;
  oc_report_cell_update (self);
  self->binding = FALSE;
  oc_report_cell_sync_accessible (self);
}

/**
 * oc_report_cell_unbind:
 *
 * Does nothing on purpose: the cell keeps the conversation (a reference, and
 * its handlers) until it is bound to another one or destroyed, so a rebind
 * to the same row, which GTK 4.8 does on every shift, costs nothing.
 */
void
oc_report_cell_unbind (OcReportCell *self)
{
  g_return_if_fail (OC_IS_REPORT_CELL (self));
}

/**
 * oc_report_cell_set_in_row:
 * @in_row: whether the cell is part of an #OcReportRow rather than a column
 *
 * A cell in a column names GTK's cell around it; one in a narrow row has no
 * such cell and names itself.
 */
void
oc_report_cell_set_in_row (OcReportCell *self,
                           gboolean      in_row)
{
  g_return_if_fail (OC_IS_REPORT_CELL (self));
  self->in_row = !!in_row;
  /* Beside other widgets in a box, not in a column that sets the width. */
  oc_cell_text_set_fit_text (OC_CELL_TEXT (self), self->in_row);
}

/**
 * oc_report_cell_get_conversation:
 *
 * Returns: (transfer none) (nullable): the conversation last bound
 */
OcConversation *
oc_report_cell_get_conversation (OcReportCell *self)
{
  g_return_val_if_fail (OC_IS_REPORT_CELL (self), NULL);
  return self->conversation;
}

/**
 * oc_report_cell_get_text:
 *
 * Returns: (transfer none): the text shown
 */
const char *
oc_report_cell_get_text (OcReportCell *self)
{
  g_return_val_if_fail (OC_IS_REPORT_CELL (self), NULL);
  return oc_cell_text_get_text (OC_CELL_TEXT (self));
}

/**
 * oc_report_cell_get_tooltip:
 *
 * Returns: (transfer none) (nullable): the tooltip the cell shows when the
 *   pointer rests on it
 */
const char *
oc_report_cell_get_tooltip (OcReportCell *self)
{
  g_return_val_if_fail (OC_IS_REPORT_CELL (self), NULL);
  return self->tooltip;
}

/**
 * oc_report_cell_get_column:
 *
 * Returns: the column the cell shows
 */
OcReportColumn
oc_report_cell_get_column (OcReportCell *self)
{
  g_return_val_if_fail (OC_IS_REPORT_CELL (self), OC_REPORT_COLUMN_SUBJECT);
  return self->column;
}
