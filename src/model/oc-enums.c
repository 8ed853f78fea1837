// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-enums"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-enums.h"

G_DEFINE_ENUM_TYPE (OcStatus, oc_status,
  G_DEFINE_ENUM_VALUE (OC_STATUS_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (OC_STATUS_OPEN, "open"),
  G_DEFINE_ENUM_VALUE (OC_STATUS_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (OC_STATUS_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (OC_STATUS_WRAP_UP, "wrap-up"),
  G_DEFINE_ENUM_VALUE (OC_STATUS_CLOSED, "closed"))

G_DEFINE_ENUM_TYPE (OcChannel, oc_channel,
  G_DEFINE_ENUM_VALUE (OC_CHANNEL_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (OC_CHANNEL_CHAT, "chat"),
  G_DEFINE_ENUM_VALUE (OC_CHANNEL_MESSAGING, "messaging"),
  G_DEFINE_ENUM_VALUE (OC_CHANNEL_VOICE, "voice"))

G_DEFINE_ENUM_TYPE (OcSentiment, oc_sentiment,
  G_DEFINE_ENUM_VALUE (OC_SENTIMENT_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (OC_SENTIMENT_VERY_NEGATIVE, "very-negative"),
  G_DEFINE_ENUM_VALUE (OC_SENTIMENT_NEGATIVE, "negative"),
  G_DEFINE_ENUM_VALUE (OC_SENTIMENT_SLIGHTLY_NEGATIVE, "slightly-negative"),
  G_DEFINE_ENUM_VALUE (OC_SENTIMENT_NEUTRAL, "neutral"),
  G_DEFINE_ENUM_VALUE (OC_SENTIMENT_SLIGHTLY_POSITIVE, "slightly-positive"),
  G_DEFINE_ENUM_VALUE (OC_SENTIMENT_POSITIVE, "positive"),
  G_DEFINE_ENUM_VALUE (OC_SENTIMENT_VERY_POSITIVE, "very-positive"))

G_DEFINE_ENUM_TYPE (OcPresence, oc_presence,
  G_DEFINE_ENUM_VALUE (OC_PRESENCE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (OC_PRESENCE_AVAILABLE, "available"),
  G_DEFINE_ENUM_VALUE (OC_PRESENCE_BUSY, "busy"),
  G_DEFINE_ENUM_VALUE (OC_PRESENCE_BUSY_DND, "busy-dnd"),
  G_DEFINE_ENUM_VALUE (OC_PRESENCE_AWAY, "away"),
  G_DEFINE_ENUM_VALUE (OC_PRESENCE_OFFLINE, "offline"))

G_DEFINE_ENUM_TYPE (OcRole, oc_role,
  G_DEFINE_ENUM_VALUE (OC_ROLE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (OC_ROLE_SUPERVISOR, "supervisor"),
  G_DEFINE_ENUM_VALUE (OC_ROLE_VIEWER, "viewer"))

G_DEFINE_ENUM_TYPE (OcSender, oc_sender,
  G_DEFINE_ENUM_VALUE (OC_SENDER_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (OC_SENDER_CUSTOMER, "customer"),
  G_DEFINE_ENUM_VALUE (OC_SENDER_AGENT, "agent"),
  G_DEFINE_ENUM_VALUE (OC_SENDER_BOT, "bot"),
  G_DEFINE_ENUM_VALUE (OC_SENDER_SYSTEM, "system"),
  G_DEFINE_ENUM_VALUE (OC_SENDER_SUPERVISOR, "supervisor"))

G_DEFINE_ENUM_TYPE (OcEstimate, oc_estimate,
  G_DEFINE_ENUM_VALUE (OC_ESTIMATE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (OC_ESTIMATE_SPELL_START, "spell-start"),
  G_DEFINE_ENUM_VALUE (OC_ESTIMATE_NOT_ACCEPTED, "not-accepted"),
  G_DEFINE_ENUM_VALUE (OC_ESTIMATE_TRANSFERRED, "transferred"))

G_DEFINE_ENUM_TYPE (OcMessageKind, oc_message_kind,
  G_DEFINE_ENUM_VALUE (OC_MESSAGE_KIND_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (OC_MESSAGE_KIND_TEXT, "text"),
  G_DEFINE_ENUM_VALUE (OC_MESSAGE_KIND_VOICE_TRANSCRIPT, "voice-transcript"),
  G_DEFINE_ENUM_VALUE (OC_MESSAGE_KIND_EVENT, "event"),
  G_DEFINE_ENUM_VALUE (OC_MESSAGE_KIND_WHISPER, "whisper"),
  G_DEFINE_ENUM_VALUE (OC_MESSAGE_KIND_INTERNAL, "internal"))

G_DEFINE_ENUM_TYPE (OcAuditAction, oc_audit_action,
  G_DEFINE_ENUM_VALUE (OC_AUDIT_ACTION_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (OC_AUDIT_ACTION_ASSIGN, "assign"),
  G_DEFINE_ENUM_VALUE (OC_AUDIT_ACTION_TRANSFER, "transfer"),
  G_DEFINE_ENUM_VALUE (OC_AUDIT_ACTION_FORCE_CLOSE, "force-close"),
  G_DEFINE_ENUM_VALUE (OC_AUDIT_ACTION_JOIN, "join"),
  G_DEFINE_ENUM_VALUE (OC_AUDIT_ACTION_LEAVE, "leave"),
  G_DEFINE_ENUM_VALUE (OC_AUDIT_ACTION_MESSAGE, "message"),
  G_DEFINE_ENUM_VALUE (OC_AUDIT_ACTION_WHISPER, "whisper"),
  G_DEFINE_ENUM_VALUE (OC_AUDIT_ACTION_LOWER_FLAG, "lower-flag"))

G_DEFINE_ENUM_TYPE (OcAuditOutcome, oc_audit_outcome,
  G_DEFINE_ENUM_VALUE (OC_AUDIT_OUTCOME_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (OC_AUDIT_OUTCOME_DONE, "done"),
  G_DEFINE_ENUM_VALUE (OC_AUDIT_OUTCOME_REFUSED, "refused"))

/**
 * oc_enum_from_nick:
 * @enum_type: one of our enum types
 * @nick: (nullable): a wire string
 *
 * Returns: the value named @nick, or 0 (the `unknown` value) when @nick is
 *   %NULL or not a value this version knows.
 */
int
oc_enum_from_nick (GType       enum_type,
                   const char *nick)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  if (nick == NULL)
    return 0;

  klass = g_type_class_ref (enum_type);
  value = g_enum_get_value_by_nick (klass, nick);

  return value != NULL ? value->value : 0;
}

/**
 * oc_enum_to_nick:
 * @enum_type: one of our enum types
 * @value: a value of it
 *
 * Returns: (transfer none): the wire string, `unknown` for values out of range.
 */
const char *
oc_enum_to_nick (GType enum_type,
                 int   value)
{
  GEnumClass *klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  /* Enum classes are static once referenced; keeping the ref is intended. */
  return ev != NULL ? ev->value_nick : "unknown";
}

/**
 * oc_status_is_live:
 * @status: a conversation status
 *
 * Returns: whether a conversation in @status is still on the floor (every
 *   status but %OC_STATUS_CLOSED)
 */
gboolean
oc_status_is_live (OcStatus status)
{
  return status != OC_STATUS_CLOSED;
}

/**
 * oc_status_get_label:
 * @status: a conversation status
 *
 * Returns: (transfer none): the status's name for people, translated
 */
const char *
oc_status_get_label (OcStatus status)
{
  switch (status)
    {
    case OC_STATUS_OPEN:    return _("Open");
    case OC_STATUS_ACTIVE:  return _("Active");
    case OC_STATUS_WAITING: return _("Waiting");
    case OC_STATUS_WRAP_UP: return _("Wrap-up");
    case OC_STATUS_CLOSED:  return _("Closed");
    case OC_STATUS_UNKNOWN:
    default:                return _("Unknown");
    }
}

/**
 * oc_status_get_icon:
 * @status: a conversation status
 *
 * Returns: (transfer none): the name of a symbolic icon for @status
 */
const char *
oc_status_get_icon (OcStatus status)
{
  switch (status)
    {
    case OC_STATUS_OPEN:    return "mail-unread-symbolic";
    case OC_STATUS_ACTIVE:  return "media-playback-start-symbolic";
    case OC_STATUS_WAITING: return "media-playback-pause-symbolic";
    case OC_STATUS_WRAP_UP: return "document-edit-symbolic";
    case OC_STATUS_CLOSED:  return "window-close-symbolic";
    case OC_STATUS_UNKNOWN:
    default:                return "dialog-question-symbolic";
    }
}

/**
 * oc_channel_get_label:
 * @channel: a channel
 *
 * Returns: (transfer none): the channel's name for people, translated
 */
const char *
oc_channel_get_label (OcChannel channel)
{
  switch (channel)
    {
    case OC_CHANNEL_CHAT:      return _("Chat");
    case OC_CHANNEL_MESSAGING: return _("Messaging");
    case OC_CHANNEL_VOICE:     return _("Voice");
    case OC_CHANNEL_UNKNOWN:
    default:                   return _("Unknown");
    }
}

/**
 * oc_channel_get_icon:
 * @channel: a channel
 *
 * Returns: (transfer none): the name of a symbolic icon for @channel
 */
const char *
oc_channel_get_icon (OcChannel channel)
{
  switch (channel)
    {
    case OC_CHANNEL_CHAT:      return "user-available-symbolic";
    case OC_CHANNEL_MESSAGING: return "mail-send-symbolic";
    case OC_CHANNEL_VOICE:     return "call-start-symbolic";
    case OC_CHANNEL_UNKNOWN:
    default:                   return "dialog-question-symbolic";
    }
}

/**
 * oc_sentiment_get_label:
 * @sentiment: a sentiment
 *
 * Returns: (transfer none): the sentiment's name for people, translated
 */
const char *
oc_sentiment_get_label (OcSentiment sentiment)
{
  switch (sentiment)
    {
    case OC_SENTIMENT_VERY_NEGATIVE:     return _("Very negative");
    case OC_SENTIMENT_NEGATIVE:          return _("Negative");
    case OC_SENTIMENT_SLIGHTLY_NEGATIVE: return _("Slightly negative");
    case OC_SENTIMENT_NEUTRAL:           return _("Neutral");
    case OC_SENTIMENT_SLIGHTLY_POSITIVE: return _("Slightly positive");
    case OC_SENTIMENT_POSITIVE:          return _("Positive");
    case OC_SENTIMENT_VERY_POSITIVE:     return _("Very positive");
    case OC_SENTIMENT_UNKNOWN:
    default:                             return _("Unknown");
    }
}

/**
 * oc_sentiment_get_icon:
 * @sentiment: a sentiment
 *
 * Returns: (transfer none): the name of a symbolic icon for @sentiment: a sad,
 *   plain or smiling face, a question mark when unknown
 */
const char *
oc_sentiment_get_icon (OcSentiment sentiment)
{
  if (sentiment == OC_SENTIMENT_UNKNOWN)
    return "dialog-question-symbolic";
  if (sentiment < OC_SENTIMENT_NEUTRAL)
    return "face-sad-symbolic";
  if (sentiment == OC_SENTIMENT_NEUTRAL)
    return "face-plain-symbolic";
  return "face-smile-symbolic";
}

/**
 * oc_sentiment_is_negative:
 * @sentiment: a sentiment
 *
 * Returns: whether @sentiment is one of the three negative ones
 */
gboolean
oc_sentiment_is_negative (OcSentiment sentiment)
{
  return sentiment >= OC_SENTIMENT_VERY_NEGATIVE &&
         sentiment <= OC_SENTIMENT_SLIGHTLY_NEGATIVE;
}

/**
 * oc_presence_get_label:
 * @presence: an agent's presence
 *
 * Returns: (transfer none): the presence's name for people, translated
 */
const char *
oc_presence_get_label (OcPresence presence)
{
  switch (presence)
    {
    case OC_PRESENCE_AVAILABLE: return _("Available");
    case OC_PRESENCE_BUSY:      return _("Busy");
    case OC_PRESENCE_BUSY_DND:  return _("Do not disturb");
    case OC_PRESENCE_AWAY:      return _("Away");
    case OC_PRESENCE_OFFLINE:   return _("Offline");
    case OC_PRESENCE_UNKNOWN:
    default:                    return _("Unknown");
    }
}

/**
 * oc_presence_get_icon:
 * @presence: an agent's presence
 *
 * Returns: (transfer none): the name of a symbolic icon for @presence
 */
const char *
oc_presence_get_icon (OcPresence presence)
{
  switch (presence)
    {
    case OC_PRESENCE_AVAILABLE: return "user-available-symbolic";
    case OC_PRESENCE_BUSY:      return "user-busy-symbolic";
    case OC_PRESENCE_BUSY_DND:  return "action-unavailable-symbolic";
    case OC_PRESENCE_AWAY:      return "user-away-symbolic";
    case OC_PRESENCE_OFFLINE:   return "user-offline-symbolic";
    case OC_PRESENCE_UNKNOWN:
    default:                    return "dialog-question-symbolic";
    }
}

/**
 * oc_audit_action_get_label:
 * @action: what a supervisor did
 *
 * Returns: (transfer none): the action's name for people, translated
 */
const char *
oc_audit_action_get_label (OcAuditAction action)
{
  switch (action)
    {
    case OC_AUDIT_ACTION_ASSIGN:      return _("Assign");
    case OC_AUDIT_ACTION_TRANSFER:    return _("Transfer");
    case OC_AUDIT_ACTION_FORCE_CLOSE: return _("Force close");
    case OC_AUDIT_ACTION_JOIN:        return _("Join");
    case OC_AUDIT_ACTION_LEAVE:       return _("Leave");
    case OC_AUDIT_ACTION_MESSAGE:     return _("Message");
    case OC_AUDIT_ACTION_WHISPER:     return _("Whisper");
    case OC_AUDIT_ACTION_LOWER_FLAG:  return _("Lower flag");
    case OC_AUDIT_ACTION_UNKNOWN:
    default:                          return _("Unknown");
    }
}

/**
 * oc_audit_outcome_get_label:
 * @outcome: how an action ended
 *
 * Returns: (transfer none): the outcome's name for people, translated
 */
const char *
oc_audit_outcome_get_label (OcAuditOutcome outcome)
{
  switch (outcome)
    {
    case OC_AUDIT_OUTCOME_DONE:    return _("Done");
    case OC_AUDIT_OUTCOME_REFUSED: return _("Refused");
    case OC_AUDIT_OUTCOME_UNKNOWN:
    default:                       return _("Unknown");
    }
}
