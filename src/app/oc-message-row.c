// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-message-row"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-format.h"
#include "oc-message-row.h"

struct _OcMessageRow
{
  GtkWidget  parent_instance;

  OcMessage *message;
  char      *accessible_text;
  char      *shown_text;

  GtkWidget *bubble;
  GtkWidget *content;
  GtkImage  *start_icon;
  GtkImage  *end_icon;
  GtkLabel  *name_label;
  GtkLabel  *role_label;
  GtkWidget *transcribed_label;
  GtkWidget *whisper_label;
  GtkWidget *internal_label;
  GtkLabel  *time_label;
  GtkLabel  *text_label;
  GtkLabel  *shortened_label;
  GtkWidget *shortened_box;
};

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OcMessageRow, oc_message_row, GTK_TYPE_WIDGET)

/**
 * oc_message_row_role_label:
 * @role: who sent a message
 *
 * Returns: (transfer none): the sender's role as the transcript names it
 */
const char *
oc_message_row_role_label (OcSender role)
{
  switch (role)
    {
    case OC_SENDER_CUSTOMER:   return _("Customer");
    case OC_SENDER_AGENT:      return _("Agent");
    case OC_SENDER_BOT:        return _("Bot");
    case OC_SENDER_SYSTEM:     return _("System");
    case OC_SENDER_SUPERVISOR: return _("Supervisor");
    case OC_SENDER_UNKNOWN:
    default:                   return _("Unknown");
    }
}

/**
 * oc_message_row_text_is_rtl:
 * @text: (nullable): a message's text
 *
 * Returns: whether @text reads right to left (its first strong letter is
 *   Arabic, Hebrew…)
 */
gboolean
oc_message_row_text_is_rtl (const char *text)
{
  /* The first letter decides, as for a paragraph's base direction; digits,
   * punctuation and emoji (common script) do not. */
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      switch (g_unichar_get_script (g_utf8_get_char (p)))
        {
        case G_UNICODE_SCRIPT_COMMON:
        case G_UNICODE_SCRIPT_INHERITED:
        case G_UNICODE_SCRIPT_UNKNOWN:
          continue;
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
        case G_UNICODE_SCRIPT_SAMARITAN:
        case G_UNICODE_SCRIPT_MANDAIC:
        case G_UNICODE_SCRIPT_ADLAM:
        case G_UNICODE_SCRIPT_HANIFI_ROHINGYA:
          return TRUE;
        default:
          return FALSE;
        }
    }

  return FALSE;
}

static const char *
role_icon (OcSender role)
{
  switch (role)
    {
    case OC_SENDER_CUSTOMER:   return "avatar-default-symbolic";
    case OC_SENDER_AGENT:      return "audio-headset-symbolic";
    case OC_SENDER_BOT:        return "applications-system-symbolic";
    case OC_SENDER_SYSTEM:     return "dialog-information-symbolic";
    case OC_SENDER_SUPERVISOR: return "security-high-symbolic";
    case OC_SENDER_UNKNOWN:
    default:                   return "dialog-question-symbolic";
    }
}

static const char * const side_classes[] = { "incoming", "outgoing", "event", NULL };

/* Wire text is UTF-8 already; this guards the labels against anything else
 * (Pango would warn and draw nothing) and caps what gets laid out. */
static char *
make_shown_text (const char *text,
                 glong      *out_total_chars)
{
  g_autofree char *valid = NULL;
  glong total;

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  total = g_utf8_strlen (text, -1);
  *out_total_chars = total;

  if (total > OC_MESSAGE_ROW_MAX_CHARS)
    {
      const char *end = g_utf8_offset_to_pointer (text, OC_MESSAGE_ROW_MAX_CHARS);
      return g_strndup (text, end - text);
    }

  return g_strdup (text);
}

static gboolean
has_long_word (const char *text)
{
  guint run = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_isspace (g_utf8_get_char (p)))
        run = 0;
      else if (++run >= OC_MESSAGE_ROW_LONG_WORD)
        return TRUE;
    }

  return FALSE;
}

static void
copy_full_text (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OcMessageRow *self = OC_MESSAGE_ROW (widget);
  const char *text;
  g_autofree char *valid = NULL;

  if (self->message == NULL)
    return;

  text = oc_message_get_text (self->message);
  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
oc_message_row_update (OcMessageRow *self)
{
  OcSender role = OC_SENDER_UNKNOWN;
  OcMessageKind kind = OC_MESSAGE_KIND_UNKNOWN;
  const char *name = "";
  const char *role_label;
  g_autofree char *valid_name = NULL;
  g_autofree char *time = NULL;
  glong total_chars = 0;
  gboolean is_event;
  gboolean outgoing;

  g_assert (OC_IS_MESSAGE_ROW (self));

  g_clear_pointer (&self->shown_text, g_free);
  g_clear_pointer (&self->accessible_text, g_free);

  if (self->message != NULL)
    {
      role = oc_message_get_sender_role (self->message);
      kind = oc_message_get_kind (self->message);
      name = oc_message_get_sender_name (self->message);
      time = oc_format_clock_time (oc_message_get_at (self->message));
      self->shown_text = make_shown_text (oc_message_get_text (self->message), &total_chars);
    }
  else
    {
      time = g_strdup ("");
      self->shown_text = g_strdup ("");
    }

  if (name == NULL)
    name = "";
  else if (!g_utf8_validate (name, -1, NULL))
    name = valid_name = g_utf8_make_valid (name, -1);

  role_label = oc_message_row_role_label (role);
  is_event = kind == OC_MESSAGE_KIND_EVENT || role == OC_SENDER_SYSTEM;
  outgoing = role == OC_SENDER_AGENT || role == OC_SENDER_SUPERVISOR || role == OC_SENDER_BOT;

  /* Never markup: names and texts come from the wire. */
  gtk_label_set_text (self->name_label, name);
  /* Ellipsized, a label would give its width up to one "…" beside a short
   * line: it keeps the name's own width, up to 20 characters. */
  gtk_label_set_width_chars (self->name_label, (int) MIN (g_utf8_strlen (name, -1), 20));
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), name[0] != '\0' && !is_event);
  gtk_label_set_text (self->role_label, role_label);
  gtk_widget_set_visible (GTK_WIDGET (self->role_label), !is_event);
  gtk_label_set_text (self->time_label, time);
  gtk_label_set_wrap_mode (self->text_label,
                           has_long_word (self->shown_text) ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
  gtk_label_set_text (self->text_label, self->shown_text);
  gtk_widget_set_visible (self->transcribed_label, kind == OC_MESSAGE_KIND_VOICE_TRANSCRIPT);
  gtk_widget_set_visible (self->whisper_label, kind == OC_MESSAGE_KIND_WHISPER);
  gtk_widget_set_visible (self->internal_label, kind == OC_MESSAGE_KIND_INTERNAL);

  if (total_chars > OC_MESSAGE_ROW_MAX_CHARS)
    {
      g_autofree char *note =
        g_strdup_printf (_("Shortened: the first %d of %ld characters are shown"),
                         OC_MESSAGE_ROW_MAX_CHARS, total_chars);
      gtk_label_set_text (self->shortened_label, note);
      gtk_widget_set_visible (self->shortened_box, TRUE);
    }
  else
    gtk_widget_set_visible (self->shortened_box, FALSE);

  for (guint i = 0; side_classes[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), side_classes[i]);

  gtk_label_set_xalign (self->time_label, is_event ? 0.5 : 1.0);

  if (is_event)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "event");
      gtk_widget_set_halign (self->bubble, GTK_ALIGN_CENTER);
      gtk_label_set_xalign (self->text_label, 0.5);
      gtk_label_set_justify (self->text_label, GTK_JUSTIFY_CENTER);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), outgoing ? "outgoing" : "incoming");
      gboolean text_rtl = oc_message_row_text_is_rtl (self->shown_text);
      gboolean ui_rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

      gtk_widget_set_halign (self->bubble, outgoing ? GTK_ALIGN_END : GTK_ALIGN_START);
      /* Text starts on its own side: Arabic or Hebrew in an English console
       * lines up on the right of its bubble (GTK mirrors xalign for RTL UI). */
      gtk_label_set_xalign (self->text_label, text_rtl != ui_rtl ? 1.0 : 0.0);
      gtk_label_set_justify (self->text_label, GTK_JUSTIFY_LEFT);
    }

  /* The icon goes on the outer edge of its side. */
  gtk_image_set_from_icon_name (self->start_icon, role_icon (role));
  gtk_image_set_from_icon_name (self->end_icon, role_icon (role));
  gtk_widget_set_visible (GTK_WIDGET (self->start_icon), !(outgoing && !is_event));
  gtk_widget_set_visible (GTK_WIDGET (self->end_icon), outgoing && !is_event);

  if (is_event)
    /* TRANSLATORS: accessible text of a system note: "<role>, <time>: <text>" */
    self->accessible_text = g_strdup_printf (_("%s, %s: %s"), role_label, time, self->shown_text);
  else if (kind == OC_MESSAGE_KIND_WHISPER)
    /* TRANSLATORS: "<role> <name>, <time>, whisper to the agent: <text>" */
    self->accessible_text = g_strdup_printf (_("%s %s, %s, whisper to the agent: %s"),
                                             role_label, name, time, self->shown_text);
  else if (kind == OC_MESSAGE_KIND_INTERNAL)
    /* TRANSLATORS: "<role> <name>, <time>, internal: <text>": between agents, unseen by the customer */
    self->accessible_text = g_strdup_printf (_("%s %s, %s, internal: %s"),
                                             role_label, name, time, self->shown_text);
  else if (kind == OC_MESSAGE_KIND_VOICE_TRANSCRIPT)
    /* TRANSLATORS: "<role> <name>, <time>, transcribed: <text>" */
    self->accessible_text = g_strdup_printf (_("%s %s, %s, transcribed: %s"),
                                             role_label, name, time, self->shown_text);
  else
    /* TRANSLATORS: accessible text of a message: "<role> <name>, <time>: <text>" */
    self->accessible_text = g_strdup_printf (_("%s %s, %s: %s"),
                                             role_label, name, time, self->shown_text);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->accessible_text,
                                  -1);
}

static void
oc_message_row_dispose (GObject *object)
{
  OcMessageRow *self = OC_MESSAGE_ROW (object);
  GtkWidget *child;

  /* The template's top box is not bound: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  gtk_widget_dispose_template (GTK_WIDGET (self), OC_TYPE_MESSAGE_ROW);
  g_clear_object (&self->message);

  G_OBJECT_CLASS (oc_message_row_parent_class)->dispose (object);
}

static void
oc_message_row_finalize (GObject *object)
{
  OcMessageRow *self = OC_MESSAGE_ROW (object);

  g_free (self->accessible_text);
  g_free (self->shown_text);

  G_OBJECT_CLASS (oc_message_row_parent_class)->finalize (object);
}

static void
oc_message_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OcMessageRow *self = OC_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_message_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OcMessageRow *self = OC_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      oc_message_row_set_message (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_message_row_class_init (OcMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_message_row_dispose;
  object_class->finalize = oc_message_row_finalize;
  object_class->get_property = oc_message_row_get_property;
  object_class->set_property = oc_message_row_set_property;

  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL,
                         OC_TYPE_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, bubble);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, content);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, start_icon);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, end_icon);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, role_label);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, transcribed_label);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, whisper_label);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, internal_label);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, shortened_label);
  gtk_widget_class_bind_template_child (widget_class, OcMessageRow, shortened_box);

  gtk_widget_class_install_action (widget_class, "row.copy-full-text", NULL, copy_full_text);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ocmessagerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
oc_message_row_init (OcMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  oc_message_row_update (self);
}

/**
 * oc_message_row_new:
 *
 * Returns: (transfer floating): a new, empty message row
 */
GtkWidget *
oc_message_row_new (void)
{
  return g_object_new (OC_TYPE_MESSAGE_ROW, NULL);
}

/**
 * oc_message_row_get_message:
 *
 * Returns: (transfer none) (nullable): the message shown
 */
OcMessage *
oc_message_row_get_message (OcMessageRow *self)
{
  g_return_val_if_fail (OC_IS_MESSAGE_ROW (self), NULL);

  return self->message;
}

/**
 * oc_message_row_set_message:
 * @message: (nullable): the message to show; the row keeps a reference
 *
 * Shows at most %OC_MESSAGE_ROW_MAX_CHARS of its text; the rest is counted
 * in a note and can be copied whole.
 */
void
oc_message_row_set_message (OcMessageRow *self,
                            OcMessage    *message)
{
  g_return_if_fail (OC_IS_MESSAGE_ROW (self));
  g_return_if_fail (message == NULL || OC_IS_MESSAGE (message));

  if (!g_set_object (&self->message, message))
    return;

  oc_message_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

/**
 * oc_message_row_get_accessible_text:
 *
 * Returns: (transfer none): what a screen reader says for the row:
 *   "<role> <name>, <time>: <text>"
 */
const char *
oc_message_row_get_accessible_text (OcMessageRow *self)
{
  g_return_val_if_fail (OC_IS_MESSAGE_ROW (self), NULL);

  return self->accessible_text;
}

/**
 * oc_message_row_get_shown_text:
 *
 * Returns: (transfer none): the text as shown (literal, possibly shortened)
 */
const char *
oc_message_row_get_shown_text (OcMessageRow *self)
{
  g_return_val_if_fail (OC_IS_MESSAGE_ROW (self), NULL);

  return self->shown_text;
}
