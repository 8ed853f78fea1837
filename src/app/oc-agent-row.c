// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-agent-row"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-agent-row.h"

struct _OcAgentRow
{
  GtkWidget     parent_instance;

  OcAgent      *agent;
  GSignalGroup *agent_signals;
  GStrv         required_skills;
  gboolean      can_take;

  GtkWidget      *box;          /* template root, bound so disposal unparents it */
  GtkImage       *presence_icon;
  GtkInscription *name_label;
  GtkImage       *capacity_icon;
  GtkLabel       *capacity_label;
  GtkInscription *presence_label;
  GtkInscription *skills_label;
};

enum {
  PROP_0,
  PROP_AGENT,
  PROP_REQUIRED_SKILLS,
  PROP_CAN_TAKE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OcAgentRow, oc_agent_row, GTK_TYPE_WIDGET)

static gboolean
is_required (const char * const *required,
             const char         *skill)
{
  return required != NULL && g_strv_contains (required, skill);
}

/* "Available", or "Away — Lunch" when the agent set a custom text. */
static char *
format_presence (OcAgent *agent)
{
  const char *label = oc_presence_get_label (oc_agent_get_presence (agent));
  const char *custom = oc_agent_get_presence_text (agent);

  if (custom == NULL || custom[0] == '\0' || g_utf8_collate (custom, label) == 0)
    return g_strdup (label);
  /* Translators: an agent's presence, then the custom text they set. */
  return g_strdup_printf (_("%s — %s"), label, custom);
}

static char *
format_capacity (OcAgent *agent)
{
  guint used = oc_agent_get_capacity_used (agent);
  guint total = oc_agent_get_capacity_total (agent);

  if (oc_agent_get_free_capacity (agent) == 0)
    /* Translators: used/total conversations of an agent who can take no more. */
    return g_strdup_printf (_("No free capacity (%u/%u)"), used, total);
  /* Translators: free conversation slots, then used/total. */
  return g_strdup_printf (_("%u free (%u/%u)"), oc_agent_get_free_capacity (agent), used, total);
}

/**
 * oc_agent_row_describe:
 * @agent: an agent
 * @required_skills: (nullable) (array zero-terminated=1): the conversation's
 *   required skills
 *
 * Returns: (transfer full): the row as one sentence, for screen readers (and
 *   tests)
 */
char *
oc_agent_row_describe (OcAgent            *agent,
                       const char * const *required_skills)
{
  GString *text;
  const char * const *skills;
  g_autofree char *presence = NULL;
  gboolean any_other = FALSE;

  g_return_val_if_fail (OC_IS_AGENT (agent), NULL);

  text = g_string_new (NULL);
  presence = format_presence (agent);
  g_string_append_printf (text, "%s. %s.", oc_agent_get_name (agent), presence);

  for (guint i = 0; required_skills != NULL && required_skills[i] != NULL; i++)
    {
      int level = oc_agent_get_skill_level (agent, required_skills[i]);

      g_string_append_c (text, ' ');
      if (level >= 0)
        /* Translators: a skill the conversation needs and the agent has. */
        g_string_append_printf (text, _("Has required skill %s, level %d."),
                                required_skills[i], level);
      else
        g_string_append_printf (text, _("Missing required skill %s."), required_skills[i]);
    }

  skills = oc_agent_get_skills (agent);
  for (guint i = 0; skills != NULL && skills[i] != NULL; i++)
    {
      if (is_required (required_skills, skills[i]))
        continue;
      if (!any_other)
        g_string_append_printf (text, " %s ", _("Other skills:"));
      else
        g_string_append (text, ", ");
      /* Translators: a skill name and its level. */
      g_string_append_printf (text, _("%s level %u"), skills[i],
                              oc_agent_get_skill_level_at (agent, i));
      any_other = TRUE;
    }
  if (any_other)
    g_string_append_c (text, '.');

  g_string_append_c (text, ' ');
  if (oc_agent_get_free_capacity (agent) == 0)
    g_string_append_printf (text, _("No free capacity: %u of %u conversations in use, cannot be picked."),
                            oc_agent_get_capacity_used (agent),
                            oc_agent_get_capacity_total (agent));
  else
    g_string_append_printf (text, _("%u of %u conversations in use."),
                            oc_agent_get_capacity_used (agent),
                            oc_agent_get_capacity_total (agent));

  return g_string_free (text, FALSE);
}

/* One label for all skills keeps a row cheap (a list shows up to 200 of
 * them). Held and missing required skills are marked by a sign and, when
 * missing, a word; the other skills are dimmed with an attribute, never markup. */
static void
oc_agent_row_update_skills (OcAgentRow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  const char * const *required = (const char * const *) self->required_skills;
  const char * const *skills = oc_agent_get_skills (self->agent);
  guint others_start;

  g_assert (OC_IS_AGENT_ROW (self));

  for (guint i = 0; required != NULL && required[i] != NULL; i++)
    {
      int level = oc_agent_get_skill_level (self->agent, required[i]);

      if (text->len > 0)
        g_string_append (text, "   ");
      if (level >= 0)
        /* Translators: a required skill the agent holds, and its level. */
        g_string_append_printf (text, _("✓ %s %d"), required[i], level);
      else
        {
          PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

          bold->start_index = text->len;
          /* Translators: a required skill the agent lacks. */
          g_string_append_printf (text, _("✗ %s missing"), required[i]);
          bold->end_index = text->len;
          pango_attr_list_insert (attrs, bold);
        }
    }

  others_start = text->len;
  for (guint i = 0; skills != NULL && skills[i] != NULL; i++)
    {
      if (is_required (required, skills[i]))
        continue;
      if (text->len > 0)
        g_string_append (text, "   ");
      /* Translators: a skill name and its level. */
      g_string_append_printf (text, _("%s %u"), skills[i], oc_agent_get_skill_level_at (self->agent, i));
    }
  if (text->len > others_start)
    {
      PangoAttribute *dim = pango_attr_foreground_alpha_new (G_MAXUINT16 * 55 / 100);

      dim->start_index = others_start;
      dim->end_index = text->len;
      pango_attr_list_insert (attrs, dim);
    }

  gtk_inscription_set_text (self->skills_label, text->str);
  /* Setting attributes re-lays the text out even when they are the same. */
  if (!pango_attr_list_equal (attrs, gtk_inscription_get_attributes (self->skills_label)))
    gtk_inscription_set_attributes (self->skills_label, attrs);
  gtk_widget_set_visible (GTK_WIDGET (self->skills_label), text->len > 0);
  pango_attr_list_unref (attrs);
}

/* The skills line may be cut short; its tooltip has it all. Asked for on
 * hover: setting a tooltip text on every bind queries the pointer. */
static gboolean
on_skills_query_tooltip (GtkWidget  *label,
                         int         x,
                         int         y,
                         gboolean    keyboard_mode,
                         GtkTooltip *tooltip,
                         OcAgentRow *self)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (label));

  if (text == NULL || text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
oc_agent_row_update (OcAgentRow *self)
{
  g_autofree char *presence = NULL;
  g_autofree char *capacity = NULL;
  g_autofree char *description = NULL;
  gboolean can_take;

  g_assert (OC_IS_AGENT_ROW (self));

  if (self->agent == NULL)
    {
      gtk_inscription_set_text (self->name_label, "");
      gtk_inscription_set_text (self->presence_label, "");
      gtk_label_set_text (self->capacity_label, "");
      gtk_image_clear (self->presence_icon);
      can_take = FALSE;
    }
  else
    {
      presence = format_presence (self->agent);
      capacity = format_capacity (self->agent);
      can_take = oc_agent_get_free_capacity (self->agent) > 0;

      /* Labels hold plain text: names and skills are never markup. */
      gtk_inscription_set_text (self->name_label, oc_agent_get_name (self->agent));
      gtk_inscription_set_text (self->presence_label, presence);
      gtk_label_set_text (self->capacity_label, capacity);
      gtk_image_set_from_icon_name (self->presence_icon,
                                    oc_presence_get_icon (oc_agent_get_presence (self->agent)));
      oc_agent_row_update_skills (self);

      description = oc_agent_row_describe (self->agent,
                                           (const char * const *) self->required_skills);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->capacity_icon), self->agent != NULL && !can_take);
  if (can_take)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->capacity_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "full");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->capacity_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self), "full");
    }

  /* Who cannot be picked looks it, and says why. */
  gtk_widget_set_sensitive (GTK_WIDGET (self), self->agent == NULL || can_take);
  if (self->agent != NULL && !can_take)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    _("Cannot be picked: no free capacity"),
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  if (self->can_take != can_take)
    {
      self->can_take = can_take;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_TAKE]);
    }
}

static void
on_agent_notify (OcAgent    *agent,
                 GParamSpec *pspec,
                 OcAgentRow *self)
{
  oc_agent_row_update (self);
}

static void
oc_agent_row_dispose (GObject *object)
{
  OcAgentRow *self = OC_AGENT_ROW (object);

  oc_agent_row_set_agent (self, NULL);
  g_clear_object (&self->agent_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_AGENT_ROW);

  G_OBJECT_CLASS (oc_agent_row_parent_class)->dispose (object);
}

static void
oc_agent_row_finalize (GObject *object)
{
  OcAgentRow *self = OC_AGENT_ROW (object);

  g_strfreev (self->required_skills);

  G_OBJECT_CLASS (oc_agent_row_parent_class)->finalize (object);
}

static void
oc_agent_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OcAgentRow *self = OC_AGENT_ROW (object);

  switch (prop_id)
    {
    case PROP_AGENT:           g_value_set_object (value, self->agent); break;
    case PROP_REQUIRED_SKILLS: g_value_set_boxed (value, self->required_skills); break;
    case PROP_CAN_TAKE:        g_value_set_boolean (value, self->can_take); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_agent_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  OcAgentRow *self = OC_AGENT_ROW (object);

  switch (prop_id)
    {
    case PROP_AGENT:
      oc_agent_row_set_agent (self, g_value_get_object (value));
      break;
    case PROP_REQUIRED_SKILLS:
      oc_agent_row_set_required_skills (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_agent_row_class_init (OcAgentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_agent_row_dispose;
  object_class->finalize = oc_agent_row_finalize;
  object_class->get_property = oc_agent_row_get_property;
  object_class->set_property = oc_agent_row_set_property;

  properties[PROP_AGENT] =
    g_param_spec_object ("agent", NULL, NULL, OC_TYPE_AGENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUIRED_SKILLS] =
    g_param_spec_boxed ("required-skills", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_TAKE] =
    g_param_spec_boolean ("can-take", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-agent-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OcAgentRow, box);
  gtk_widget_class_bind_template_child (widget_class, OcAgentRow, presence_icon);
  gtk_widget_class_bind_template_child (widget_class, OcAgentRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, OcAgentRow, capacity_icon);
  gtk_widget_class_bind_template_child (widget_class, OcAgentRow, capacity_label);
  gtk_widget_class_bind_template_child (widget_class, OcAgentRow, presence_label);
  gtk_widget_class_bind_template_child (widget_class, OcAgentRow, skills_label);

  gtk_widget_class_bind_template_callback (widget_class, on_skills_query_tooltip);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "agentrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
oc_agent_row_init (OcAgentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->agent_signals = g_signal_group_new (OC_TYPE_AGENT);
  g_signal_group_connect (self->agent_signals, "notify", G_CALLBACK (on_agent_notify), self);
}

/**
 * oc_agent_row_new:
 *
 * Returns: (transfer floating): a new, empty agent row
 */
GtkWidget *
oc_agent_row_new (void)
{
  return g_object_new (OC_TYPE_AGENT_ROW, NULL);
}

/**
 * oc_agent_row_get_agent:
 *
 * Returns: (transfer none) (nullable): the agent shown
 */
OcAgent *
oc_agent_row_get_agent (OcAgentRow *self)
{
  g_return_val_if_fail (OC_IS_AGENT_ROW (self), NULL);

  return self->agent;
}

/**
 * oc_agent_row_set_agent:
 * @agent: (nullable): the agent to show; %NULL when a list unbinds the row
 *
 * Shows @agent and follows its changes. The row keeps a reference.
 */
void
oc_agent_row_set_agent (OcAgentRow *self,
                        OcAgent    *agent)
{
  g_return_if_fail (OC_IS_AGENT_ROW (self));
  g_return_if_fail (agent == NULL || OC_IS_AGENT (agent));

  if (self->agent == agent)
    return;

  g_set_object (&self->agent, agent);
  g_signal_group_set_target (self->agent_signals, agent);

  /* A list unbinds a row before binding it again: leave the old text up
   * until then rather than lay the row out twice. */
  if (self->agent != NULL)
    oc_agent_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT]);
}

/**
 * oc_agent_row_get_required_skills:
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the skills
 *   marked as held or missing
 */
const char * const *
oc_agent_row_get_required_skills (OcAgentRow *self)
{
  g_return_val_if_fail (OC_IS_AGENT_ROW (self), NULL);

  return (const char * const *) self->required_skills;
}

/**
 * oc_agent_row_set_required_skills:
 * @skills: (nullable) (array zero-terminated=1): the conversation's required
 *   skills, copied
 */
void
oc_agent_row_set_required_skills (OcAgentRow         *self,
                                  const char * const *skills)
{
  g_return_if_fail (OC_IS_AGENT_ROW (self));

  if (self->required_skills == NULL && skills == NULL)
    return;
  if (self->required_skills != NULL && skills != NULL &&
      g_strv_equal ((const char * const *) self->required_skills, skills))
    return;

  g_strfreev (self->required_skills);
  self->required_skills = g_strdupv ((char **) skills);
  if (self->agent != NULL)
    oc_agent_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIRED_SKILLS]);
}

/**
 * oc_agent_row_get_can_take:
 *
 * Returns: whether the agent shown has free capacity
 */
gboolean
oc_agent_row_get_can_take (OcAgentRow *self)
{
  g_return_val_if_fail (OC_IS_AGENT_ROW (self), FALSE);

  return self->can_take;
}
