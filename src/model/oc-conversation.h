// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "oc-enums.h"

G_BEGIN_DECLS

#define OC_TYPE_CONVERSATION (oc_conversation_get_type ())
G_DECLARE_FINAL_TYPE (OcConversation, oc_conversation, OC, CONVERSATION, GObject)

OcConversation *oc_conversation_new                   (const char      *id);
const char     *oc_conversation_get_id                (OcConversation  *self);
gint64          oc_conversation_get_revision          (OcConversation  *self);
void            oc_conversation_set_revision          (OcConversation  *self,
                                                       gint64           revision);
const char     *oc_conversation_get_subject           (OcConversation  *self);
void            oc_conversation_set_subject           (OcConversation  *self,
                                                       const char      *subject);
OcStatus        oc_conversation_get_status            (OcConversation  *self);
void            oc_conversation_set_status            (OcConversation  *self,
                                                       OcStatus         status);
OcChannel       oc_conversation_get_channel           (OcConversation  *self);
void            oc_conversation_set_channel           (OcConversation  *self,
                                                       OcChannel        channel);
const char     *oc_conversation_get_sub_channel       (OcConversation  *self);
void            oc_conversation_set_sub_channel       (OcConversation  *self,
                                                       const char      *sub_channel);
const char     *oc_conversation_get_queue_id          (OcConversation  *self);
void            oc_conversation_set_queue_id          (OcConversation  *self,
                                                       const char      *queue_id);
const char     *oc_conversation_get_workstream_id     (OcConversation  *self);
void            oc_conversation_set_workstream_id     (OcConversation  *self,
                                                       const char      *workstream_id);
const char     *oc_conversation_get_agent_id          (OcConversation  *self);
void            oc_conversation_set_agent_id          (OcConversation  *self,
                                                       const char      *agent_id);
const char     *oc_conversation_get_customer_name     (OcConversation  *self);
void            oc_conversation_set_customer_name     (OcConversation  *self,
                                                       const char      *customer_name);
gint64          oc_conversation_get_created_at        (OcConversation  *self);
void            oc_conversation_set_created_at        (OcConversation  *self,
                                                       gint64           created_at);
gint64          oc_conversation_get_status_since      (OcConversation  *self);
void            oc_conversation_set_status_since      (OcConversation  *self,
                                                       gint64           status_since);
gint64          oc_conversation_get_first_assigned_at (OcConversation  *self);
void            oc_conversation_set_first_assigned_at (OcConversation  *self,
                                                       gint64           first_assigned_at);
gint64          oc_conversation_get_wait_seconds      (OcConversation  *self);
void            oc_conversation_set_wait_seconds      (OcConversation  *self,
                                                       gint64           wait_seconds);
gint64          oc_conversation_get_waiting_since     (OcConversation  *self);
void            oc_conversation_set_waiting_since     (OcConversation  *self,
                                                       gint64           waiting_since);
OcSentiment     oc_conversation_get_sentiment         (OcConversation  *self);
void            oc_conversation_set_sentiment         (OcConversation  *self,
                                                       OcSentiment      sentiment);
OcEstimate      oc_conversation_get_wait_estimate     (OcConversation  *self);
void            oc_conversation_set_wait_estimate     (OcConversation  *self,
                                                       OcEstimate       wait_estimate);
OcEstimate      oc_conversation_get_handle_estimate   (OcConversation  *self);
void            oc_conversation_set_handle_estimate   (OcConversation  *self,
                                                       OcEstimate       handle_estimate);
const char * const *
                oc_conversation_get_skills            (OcConversation  *self);
void            oc_conversation_set_skills            (OcConversation  *self,
                                                       const char * const *skills);

gint64          oc_conversation_get_wait_time         (OcConversation  *self,
                                                       gint64           now);
gint64          oc_conversation_get_handle_time       (OcConversation  *self,
                                                       gint64           now);
gint64          oc_conversation_get_wait_key          (OcConversation  *self);
gboolean        oc_conversation_is_waiting            (OcConversation  *self);

void            oc_conversation_set_flag              (OcConversation  *self,
                                                       const char      *reason,
                                                       gint64           raised_at,
                                                       gint64           lowered_at,
                                                       const char      *lowered_by);
const char     *oc_conversation_get_flag_reason       (OcConversation  *self);
gint64          oc_conversation_get_flag_raised_at    (OcConversation  *self);
gint64          oc_conversation_get_flag_lowered_at   (OcConversation  *self);
const char     *oc_conversation_get_flag_lowered_by   (OcConversation  *self);
gboolean        oc_conversation_is_flagged            (OcConversation  *self);
GPtrArray      *oc_conversation_get_watchers          (OcConversation  *self);
guint           oc_conversation_get_n_watchers        (OcConversation  *self);
void            oc_conversation_set_watchers          (OcConversation  *self,
                                                       GPtrArray       *watchers);
gboolean        oc_conversation_update_from           (OcConversation  *self,
                                                       OcConversation  *other);

G_END_DECLS
