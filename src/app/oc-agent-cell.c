// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-agent-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent-cell.h"
#include "oc-format.h"

struct _OcAgentCell
{
  GtkWidget            parent_instance;

  GtkLabel            *label;
  OcAgentColumn        column;
  OcConversationStore *store;
  OcClock             *clock;
  OcAgentLoad         *load;
  GSignalGroup        *load_signals;
  GSignalGroup        *agent_signals;
  GSignalGroup        *clock_signals;
  char                *accessible_name;
};

G_DEFINE_FINAL_TYPE (OcAgentCell, oc_agent_cell, GTK_TYPE_WIDGET)

const char *
oc_agent_column_title (OcAgentColumn column)
{
  switch (column)
    {
    case OC_AGENT_COLUMN_NAME:     return _("Agent");
    case OC_AGENT_COLUMN_PRESENCE: return _("Presence");
    case OC_AGENT_COLUMN_CAPACITY: return _("Capacity");
    case OC_AGENT_COLUMN_HELD:     return _("Conversations");
    case OC_AGENT_COLUMN_HANDLE:   return _("Longest Handle");
    case OC_AGENT_COLUMN_QUEUES:   return _("Queues");
    case OC_AGENT_COLUMN_SKILLS:   return _("Skills");
    case OC_N_AGENT_COLUMNS:
    default:                       return "";
    }
}

static void
append_part (GString    *text,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (text->len > 0)
    g_string_append (text, C_("list separator", ", "));
  g_string_append (text, part);
}

static char *
format_presence (OcAgent *agent,
                 gint64   now,
                 gboolean with_time)
{
  const char *label = oc_presence_get_label (oc_agent_get_presence (agent));
  const char *custom = oc_agent_get_presence_text (agent);
  gint64 since = oc_agent_get_presence_since (agent);
  g_autofree char *base = NULL;
  g_autofree char *duration = NULL;

  /* Translators: a presence and the agent's own label for it, "Away (Lunch)" */
  base = custom != NULL && g_strcmp0 (custom, label) != 0
         ? g_strdup_printf (_("%1$s (%2$s)"), label, custom) : g_strdup (label);
  if (!with_time || since <= 0)
    return g_steal_pointer (&base);

  duration = oc_format_duration (now - since);
  /* Translators: a presence and how long the agent has been in it, "Away · 12:04" */
  return g_strdup_printf (C_("presence and how long", "%1$s · %2$s"), base, duration);
}

static char *
format_held (OcAgentLoad *load)
{
  static const OcChannel channels[] = { OC_CHANNEL_CHAT, OC_CHANNEL_MESSAGING, OC_CHANNEL_VOICE };
  g_autoptr(GString) parts = g_string_new (NULL);
  guint n = oc_agent_load_get_n_held (load);

  if (n == 0)
    return g_strdup ("0");

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      guint k = oc_agent_load_get_n_held_on (load, channels[i]);
      g_autofree char *part = NULL;

      if (k == 0)
        continue;
      /* Translators: a channel and how many conversations on it, "Voice 1" */
      part = g_strdup_printf (C_("held on channel", "%1$s %2$u"), oc_channel_get_label (channels[i]), k);
      append_part (parts, part);
    }

  /* Translators: conversations held in all, then by channel, "3 (Chat 2, Voice 1)" */
  return g_strdup_printf (C_("held by channel", "%1$u (%2$s)"), n, parts->str);
}

static char *
format_queues (OcConversationStore *store,
               OcAgent             *agent)
{
  const char * const *ids = oc_agent_get_queue_ids (agent);
  GString *text = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      OcQueue *queue = store != NULL ? oc_conversation_store_lookup_queue (store, ids[i]) : NULL;

      append_part (text, queue != NULL && *oc_queue_get_name (queue) != '\0' ? oc_queue_get_name (queue) : ids[i]);
    }
  return g_string_free (text, FALSE);
}

static char *
format_skills (OcAgent *agent)
{
  const char * const *skills = oc_agent_get_skills (agent);
  GString *text = g_string_new (NULL);

  for (guint i = 0; skills[i] != NULL; i++)
    {
      g_autofree char *part = NULL;

      /* Translators: a skill and the agent's level in it, "billing 7" */
      part = g_strdup_printf (C_("skill and level", "%1$s %2$u"), skills[i], oc_agent_get_skill_level_at (agent, i));
      append_part (text, part);
    }
  return g_string_free (text, FALSE);
}

/**
 * oc_agent_column_format:
 * @now: Unix seconds, for the times
 *
 * Returns: (transfer full): what @column shows for @load
 */
char *
oc_agent_column_format (OcAgentColumn        column,
                        OcConversationStore *store,
                        OcAgentLoad         *load,
                        gint64               now)
{
  OcAgent *agent = oc_agent_load_get_agent (load);

  if (agent == NULL)
    return g_strdup ("");

  switch (column)
    {
    case OC_AGENT_COLUMN_NAME:
      return g_strdup (oc_agent_get_name (agent));
    case OC_AGENT_COLUMN_PRESENCE:
      return format_presence (agent, now, TRUE);
    case OC_AGENT_COLUMN_CAPACITY:
      /* Translators: capacity in use of the agent's total, "2 / 3" */
      return g_strdup_printf (C_("capacity", "%1$u / %2$u"), oc_agent_get_capacity_used (agent),
                              oc_agent_get_capacity_total (agent));
    case OC_AGENT_COLUMN_HELD:
      return format_held (load);
    case OC_AGENT_COLUMN_HANDLE:
      return oc_agent_load_get_oldest_assigned_at (load) > 0
             ? oc_format_duration (oc_agent_load_get_longest_handle (load, now)) : g_strdup ("—");
    case OC_AGENT_COLUMN_QUEUES:
      return format_queues (store, agent);
    case OC_AGENT_COLUMN_SKILLS:
      return format_skills (agent);
    case OC_N_AGENT_COLUMNS:
    default:
      return g_strdup ("");
    }
}

/**
 * oc_agent_describe_row:
 *
 * The row as a screen reader says it, without the ticking times (a name
 * that changed every second would be read again and again): "Amina Haddad,
 * Away (Lunch), 2 of 3 in use, 2 conversations: Chat 1, Voice 1".
 *
 * Returns: (transfer full): the sentence
 */
char *
oc_agent_describe_row (OcConversationStore *store,
                       OcAgentLoad         *load)
{
  OcAgent *agent = oc_agent_load_get_agent (load);
  GString *sentence = g_string_new (NULL);
  g_autofree char *presence = NULL;
  g_autofree char *capacity = NULL;
  g_autofree char *held = NULL;

  if (agent == NULL)
    return g_string_free (sentence, FALSE);

  presence = format_presence (agent, 0, FALSE);
  /* Translators: part of an agent's row read aloud, "2 of 3 in use" */
  capacity = g_strdup_printf (_("%1$u of %2$u in use"), oc_agent_get_capacity_used (agent),
                              oc_agent_get_capacity_total (agent));
  if (oc_agent_load_get_n_held (load) == 0)
    held = g_strdup (_("no conversations"));
  else
    {
      g_autofree char *by_channel = format_held (load);

      /* Translators: part of an agent's row read aloud: how many
       * conversations they hold, then by channel: "3 (Chat 2, Voice 1)" */
      held = g_strdup_printf (_("conversations: %s"), by_channel);
    }

  append_part (sentence, oc_agent_get_name (agent));
  append_part (sentence, presence);
  append_part (sentence, capacity);
  append_part (sentence, held);
  return g_string_free (sentence, FALSE);
}

static GQuark
row_sentence_quark (void)
{
  return g_quark_from_static_string ("oc-agent-row-sentence");
}

/* GTK 4.8: this widget's parent is GTK's cell, the cell's parent the row. */
static void
sync_accessible (OcAgentCell *self)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;
  g_autofree char *name = NULL;
  char *sentence;

  if (cell == NULL || self->load == NULL)
    return;

  /* Translators: a cell read by a screen reader, "Capacity: 2 / 3" */
  name = g_strdup_printf (_("%1$s: %2$s"), oc_agent_column_title (self->column), gtk_label_get_label (self->label));
  if (g_strcmp0 (name, self->accessible_name) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_free (self->accessible_name);
      self->accessible_name = g_steal_pointer (&name);
    }

  if (row == NULL || self->column != OC_AGENT_COLUMN_NAME)
    return;

  sentence = oc_agent_describe_row (self->store, self->load);
  if (g_strcmp0 (g_object_get_qdata (G_OBJECT (row), row_sentence_quark ()), sentence) == 0)
    {
      g_free (sentence);
      return;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
  g_object_set_qdata_full (G_OBJECT (row), row_sentence_quark (), sentence, g_free);
}

static void
refresh (OcAgentCell *self)
{
  g_autofree char *text = NULL;

  if (self->load == NULL)
    {
      gtk_label_set_label (self->label, "");
      return;
    }

  /* The store may swap the agent object a row stands for (a reload). */
  g_signal_group_set_target (self->agent_signals, oc_agent_load_get_agent (self->load));
  text = oc_agent_column_format (self->column, self->store, self->load, oc_clock_get_now (self->clock));
  if (g_strcmp0 (text, gtk_label_get_label (self->label)) == 0 && self->column != OC_AGENT_COLUMN_NAME)
    return;
  gtk_label_set_label (self->label, text);
  sync_accessible (self);
}

static void
on_changed (OcAgentCell *self)
{
  refresh (self);
}

static void
oc_agent_cell_dispose (GObject *object)
{
  OcAgentCell *self = OC_AGENT_CELL (object);

  g_clear_object (&self->load_signals);
  g_clear_object (&self->agent_signals);
  g_clear_object (&self->clock_signals);
  g_clear_object (&self->load);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->accessible_name, g_free);
  g_clear_pointer ((GtkWidget **) &self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (oc_agent_cell_parent_class)->dispose (object);
}

static void
oc_agent_cell_class_init (OcAgentCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_agent_cell_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
oc_agent_cell_init (OcAgentCell *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (self->label, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));

  self->load_signals = g_signal_group_new (OC_TYPE_AGENT_LOAD);
  g_signal_group_connect_swapped (self->load_signals, "notify", G_CALLBACK (on_changed), self);
  self->agent_signals = g_signal_group_new (OC_TYPE_AGENT);
  g_signal_group_connect_swapped (self->agent_signals, "notify", G_CALLBACK (on_changed), self);
  self->clock_signals = g_signal_group_new (OC_TYPE_CLOCK);
  g_signal_group_connect_swapped (self->clock_signals, "notify::now", G_CALLBACK (on_changed), self);
}

OcAgentCell *
oc_agent_cell_new (OcAgentColumn        column,
                   OcConversationStore *store,
                   OcClock             *clock)
{
  OcAgentCell *self = g_object_new (OC_TYPE_AGENT_CELL, NULL);

  self->column = column;
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->clock = g_object_ref (clock);
  /* Numbers and times read best against the column's end. */
  if (column == OC_AGENT_COLUMN_CAPACITY || column == OC_AGENT_COLUMN_HANDLE)
    gtk_label_set_xalign (self->label, 1);
  return self;
}

/**
 * oc_agent_cell_set_load:
 * @load: (nullable): the row's agent and load, or %NULL when unbound
 */
void
oc_agent_cell_set_load (OcAgentCell *self,
                        OcAgentLoad *load)
{
  gboolean ticks;

  g_return_if_fail (OC_IS_AGENT_CELL (self));

  if (!g_set_object (&self->load, load))
    return;

  ticks = self->column == OC_AGENT_COLUMN_PRESENCE || self->column == OC_AGENT_COLUMN_HANDLE;
  g_signal_group_set_target (self->load_signals, load);
  g_signal_group_set_target (self->agent_signals, load != NULL ? oc_agent_load_get_agent (load) : NULL);
  g_signal_group_set_target (self->clock_signals, load != NULL && ticks ? self->clock : NULL);
  refresh (self);
}

const char *
oc_agent_cell_get_text (OcAgentCell *self)
{
  g_return_val_if_fail (OC_IS_AGENT_CELL (self), NULL);
  return gtk_label_get_label (self->label);
}
