// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-agent.h"
#include "oc-conversation.h"
#include "oc-message.h"
#include "oc-queue.h"
#include "oc-workstream.h"

G_BEGIN_DECLS

#define OC_TYPE_WORLD (oc_world_get_type ())
G_DECLARE_FINAL_TYPE (OcWorld, oc_world, OC, WORLD, GObject)

#define OC_WORLD_ERROR (oc_world_error_quark ())

typedef enum {
  OC_WORLD_ERROR_NOT_FOUND,             /* 404 not-found */
  OC_WORLD_ERROR_STATE_CHANGED,         /* 409 state-changed */
  OC_WORLD_ERROR_PRESENCE_NOT_ALLOWED,  /* 422 */
  OC_WORLD_ERROR_CAPACITY_FULL,         /* 422 */
  OC_WORLD_ERROR_NOT_IN_QUEUE,          /* 422 */
  OC_WORLD_ERROR_SAME_AGENT,            /* 422 */
  OC_WORLD_ERROR_SAME_QUEUE,            /* 422 */
  OC_WORLD_ERROR_NOT_JOINED,            /* 422 */
  OC_WORLD_ERROR_BAD_REQUEST,           /* 400 */
  OC_WORLD_ERROR_NO_FLAG,               /* 422 */
  OC_WORLD_ERROR_NO_AGENT,              /* 422 */
} OcWorldError;

#define OC_WORLD_DEFAULT_LOG_CAPACITY        16384
#define OC_WORLD_DEFAULT_TRANSCRIPT_LIMIT    500
#define OC_WORLD_MAX_AGE                     (24 * 60 * 60)

GQuark          oc_world_error_quark              (void);
const char     *oc_world_error_get_code           (const GError   *error,
                                                   guint          *http_status);

OcWorld        *oc_world_new                      (void);

gint64          oc_world_get_revision             (OcWorld        *self);
void            oc_world_set_revision             (OcWorld        *self,
                                                   gint64          revision);
void            oc_world_skip_revisions           (OcWorld        *self,
                                                   gint64          revision);
gint64          oc_world_get_now                  (OcWorld        *self);
double          oc_world_get_clock_offset         (OcWorld        *self);
void            oc_world_set_clock_offset         (OcWorld        *self,
                                                   double          offset);
void            oc_world_advance_clock            (OcWorld        *self,
                                                   double          seconds);

/* Lookups */
OcConversation *oc_world_lookup_conversation      (OcWorld        *self,
                                                   const char     *id);
OcAgent        *oc_world_lookup_agent             (OcWorld        *self,
                                                   const char     *id);
OcQueue        *oc_world_lookup_queue             (OcWorld        *self,
                                                   const char     *id);
OcWorkstream   *oc_world_lookup_workstream        (OcWorld        *self,
                                                   const char     *id);
OcWorkstream   *oc_world_get_conversation_workstream (OcWorld        *self,
                                                      OcConversation *conversation);

GPtrArray      *oc_world_get_workstreams          (OcWorld        *self);
GPtrArray      *oc_world_get_queues               (OcWorld        *self);
GPtrArray      *oc_world_get_agents               (OcWorld        *self);
guint           oc_world_get_n_conversations      (OcWorld        *self);
GPtrArray      *oc_world_list_conversations       (OcWorld        *self);
GPtrArray      *oc_world_list_open                (OcWorld        *self,
                                                   const char     *queue_id,
                                                   guint           max);
OcConversation *oc_world_get_oldest               (OcWorld        *self);

/* Changes: each one a revision and an event */
void            oc_world_put_workstream           (OcWorld        *self,
                                                   OcWorkstream   *workstream);
void            oc_world_put_queue                (OcWorld        *self,
                                                   OcQueue        *queue);
void            oc_world_put_agent                (OcWorld        *self,
                                                   OcAgent        *agent);
void            oc_world_put_conversation         (OcWorld        *self,
                                                   OcConversation *conversation);
void            oc_world_remove_conversation      (OcWorld        *self,
                                                   OcConversation *conversation,
                                                   const char     *reason);

/* Loading saved state: no events */
void            oc_world_load_workstream          (OcWorld        *self,
                                                   OcWorkstream   *workstream);
void            oc_world_load_queue               (OcWorld        *self,
                                                   OcQueue        *queue);
void            oc_world_load_agent               (OcWorld        *self,
                                                   OcAgent        *agent);
void            oc_world_load_conversation        (OcWorld        *self,
                                                   OcConversation *conversation);
void            oc_world_load_message             (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   OcMessage      *message);
void            oc_world_load_joined              (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   const char     *user);
void            oc_world_load_event               (OcWorld        *self,
                                                   gint64          revision,
                                                   GBytes         *event);

/* Transcripts and who joined */
OcMessage      *oc_world_append_message           (OcWorld        *self,
                                                   OcConversation *conversation,
                                                   OcSender        sender_role,
                                                   const char     *sender_name,
                                                   OcMessageKind   kind,
                                                   const char     *text);
GPtrArray      *oc_world_get_transcript           (OcWorld        *self,
                                                   const char     *conversation_id);
gint64          oc_world_get_last_seq             (OcWorld        *self,
                                                   const char     *conversation_id);
gboolean        oc_world_has_joined               (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   const char     *user);
GPtrArray      *oc_world_get_joined               (OcWorld        *self,
                                                   const char     *conversation_id);

/* Serialized forms */
GBytes         *oc_world_get_conversation_json    (OcWorld        *self,
                                                   OcConversation *conversation);
GBytes         *oc_world_build_snapshot           (OcWorld        *self);
GBytes         *oc_world_build_message_frame      (OcMessage      *message);

/* The change log and the bounds */
gboolean        oc_world_collect_since            (OcWorld        *self,
                                                   gint64          since,
                                                   GPtrArray      *events);
void            oc_world_set_log_capacity         (OcWorld        *self,
                                                   guint           capacity);
void            oc_world_set_transcript_limit     (OcWorld        *self,
                                                   guint           limit);

guint           oc_world_expire                   (OcWorld        *self);

/* The action rules of docs/protocol.md */
gboolean        oc_world_agent_can_take           (OcWorld        *self,
                                                   OcAgent        *agent,
                                                   OcConversation *conversation,
                                                   GError        **error);
gboolean        oc_world_assign                   (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   const char     *agent_id,
                                                   const char     *queue_id,
                                                   GError        **error);
gboolean        oc_world_transfer                 (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   const char     *agent_id,
                                                   GError        **error);
OcConversation *oc_world_force_close              (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   GError        **error);
gboolean        oc_world_join                     (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   const char     *user,
                                                   GError        **error);
gboolean        oc_world_leave                    (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   const char     *user,
                                                   GError        **error);
void            oc_world_raise_flag               (OcWorld        *self,
                                                   OcConversation *conversation,
                                                   const char     *reason);
gboolean        oc_world_lower_flag               (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   const char     *user,
                                                   GError        **error);
OcMessage      *oc_world_whisper                  (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   const char     *user,
                                                   const char     *text,
                                                   GError        **error);
OcMessage      *oc_world_post_message             (OcWorld        *self,
                                                   const char     *conversation_id,
                                                   const char     *user,
                                                   const char     *text,
                                                   GError        **error);

void            oc_world_set_status               (OcWorld        *self,
                                                   OcConversation *conversation,
                                                   OcStatus        status);

G_END_DECLS
