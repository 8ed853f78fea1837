// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Every enum starts with UNKNOWN = 0: a wire value we do not know maps there
 * and is shown as such, never rejected. Nicks are the wire strings. */

typedef enum {
  OC_STATUS_UNKNOWN,
  OC_STATUS_OPEN,
  OC_STATUS_ACTIVE,
  OC_STATUS_WAITING,
  OC_STATUS_WRAP_UP,
  OC_STATUS_CLOSED,
} OcStatus;

typedef enum {
  OC_CHANNEL_UNKNOWN,
  OC_CHANNEL_CHAT,
  OC_CHANNEL_MESSAGING,
  OC_CHANNEL_VOICE,
} OcChannel;

/* Ordered from worst to best so that sorting by value is sorting by mood. */
typedef enum {
  OC_SENTIMENT_UNKNOWN,
  OC_SENTIMENT_VERY_NEGATIVE,
  OC_SENTIMENT_NEGATIVE,
  OC_SENTIMENT_SLIGHTLY_NEGATIVE,
  OC_SENTIMENT_NEUTRAL,
  OC_SENTIMENT_SLIGHTLY_POSITIVE,
  OC_SENTIMENT_POSITIVE,
  OC_SENTIMENT_VERY_POSITIVE,
} OcSentiment;

typedef enum {
  OC_PRESENCE_UNKNOWN,
  OC_PRESENCE_AVAILABLE,
  OC_PRESENCE_BUSY,
  OC_PRESENCE_BUSY_DND,
  OC_PRESENCE_AWAY,
  OC_PRESENCE_OFFLINE,
} OcPresence;

typedef enum {
  OC_ROLE_UNKNOWN,
  OC_ROLE_SUPERVISOR,
  OC_ROLE_VIEWER,
} OcRole;

typedef enum {
  OC_SENDER_UNKNOWN,
  OC_SENDER_CUSTOMER,
  OC_SENDER_AGENT,
  OC_SENDER_BOT,
  OC_SENDER_SYSTEM,
  OC_SENDER_SUPERVISOR,
} OcSender;

typedef enum {
  OC_MESSAGE_KIND_UNKNOWN,
  OC_MESSAGE_KIND_TEXT,
  OC_MESSAGE_KIND_VOICE_TRANSCRIPT,
  OC_MESSAGE_KIND_EVENT,
  OC_MESSAGE_KIND_WHISPER,   /* a supervisor to the agent only, never the customer */
  OC_MESSAGE_KIND_INTERNAL,  /* between agents (a Dynamics 365 "private" message), never the customer */
} OcMessageKind;

/* Why a conversation's wait or handle time is an estimate rather than the
 * source's own figure. NONE (0) is measured from what the source stores: the
 * reference server's times always are; the Dataverse source sets the others. */
typedef enum {
  OC_ESTIMATE_NONE,
  OC_ESTIMATE_SPELL_START,    /* the running waiting spell's start is not stored */
  OC_ESTIMATE_NOT_ACCEPTED,   /* assigned, not accepted yet: the wait is stored only at acceptance */
  OC_ESTIMATE_TRANSFERRED,    /* transferred: the first wait and first acceptance are not stored */
} OcEstimate;

/* What a supervisor did, as the audit log records it (docs/protocol.md). */
typedef enum {
  OC_AUDIT_ACTION_UNKNOWN,
  OC_AUDIT_ACTION_ASSIGN,
  OC_AUDIT_ACTION_TRANSFER,
  OC_AUDIT_ACTION_FORCE_CLOSE,
  OC_AUDIT_ACTION_JOIN,
  OC_AUDIT_ACTION_LEAVE,
  OC_AUDIT_ACTION_MESSAGE,
  OC_AUDIT_ACTION_WHISPER,
  OC_AUDIT_ACTION_LOWER_FLAG,
} OcAuditAction;

typedef enum {
  OC_AUDIT_OUTCOME_UNKNOWN,
  OC_AUDIT_OUTCOME_DONE,
  OC_AUDIT_OUTCOME_REFUSED,
} OcAuditOutcome;

#define OC_TYPE_STATUS       (oc_status_get_type ())
#define OC_TYPE_CHANNEL      (oc_channel_get_type ())
#define OC_TYPE_SENTIMENT    (oc_sentiment_get_type ())
#define OC_TYPE_PRESENCE     (oc_presence_get_type ())
#define OC_TYPE_ROLE         (oc_role_get_type ())
#define OC_TYPE_SENDER       (oc_sender_get_type ())
#define OC_TYPE_MESSAGE_KIND (oc_message_kind_get_type ())
#define OC_TYPE_AUDIT_ACTION (oc_audit_action_get_type ())
#define OC_TYPE_AUDIT_OUTCOME (oc_audit_outcome_get_type ())
#define OC_TYPE_ESTIMATE     (oc_estimate_get_type ())

GType oc_status_get_type       (void) G_GNUC_CONST;
GType oc_channel_get_type      (void) G_GNUC_CONST;
GType oc_sentiment_get_type    (void) G_GNUC_CONST;
GType oc_presence_get_type     (void) G_GNUC_CONST;
GType oc_role_get_type         (void) G_GNUC_CONST;
GType oc_sender_get_type       (void) G_GNUC_CONST;
GType oc_message_kind_get_type (void) G_GNUC_CONST;
GType oc_audit_action_get_type (void) G_GNUC_CONST;
GType oc_audit_outcome_get_type (void) G_GNUC_CONST;
GType oc_estimate_get_type     (void) G_GNUC_CONST;

int          oc_enum_from_nick (GType        enum_type,
                                const char  *nick);
const char  *oc_enum_to_nick   (GType        enum_type,
                                int          value);

const char  *oc_status_get_label    (OcStatus    status);
const char  *oc_status_get_icon     (OcStatus    status);
const char  *oc_channel_get_label   (OcChannel   channel);
const char  *oc_channel_get_icon    (OcChannel   channel);
const char  *oc_sentiment_get_label (OcSentiment sentiment);
const char  *oc_sentiment_get_icon  (OcSentiment sentiment);
gboolean     oc_sentiment_is_negative (OcSentiment sentiment);
const char  *oc_presence_get_label  (OcPresence  presence);
const char  *oc_presence_get_icon   (OcPresence  presence);
gboolean     oc_status_is_live      (OcStatus    status);
const char  *oc_audit_action_get_label  (OcAuditAction  action);
const char  *oc_audit_outcome_get_label (OcAuditOutcome outcome);

G_END_DECLS
