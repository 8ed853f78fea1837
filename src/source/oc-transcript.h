// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-message.h"

G_BEGIN_DECLS

#define OC_TYPE_TRANSCRIPT (oc_transcript_get_type ())
G_DECLARE_DERIVABLE_TYPE (OcTranscript, oc_transcript, OC, TRANSCRIPT, GObject)

struct _OcTranscriptClass
{
  GObjectClass parent_class;

  /* Stops whatever feeds the transcript (a socket, a poll); called once it
   * finishes and on dispose. */
  void (*disconnect) (OcTranscript *self);
};

typedef enum {
  OC_TRANSCRIPT_STATE_CONNECTING,
  OC_TRANSCRIPT_STATE_LIVE,          /* history received, following */
  OC_TRANSCRIPT_STATE_RECONNECTING,
  OC_TRANSCRIPT_STATE_ENDED,         /* the conversation ended; see "ended-reason" */
  OC_TRANSCRIPT_STATE_FAILED,        /* see "status-message" */
} OcTranscriptState;

#define OC_TYPE_TRANSCRIPT_STATE (oc_transcript_state_get_type ())
GType              oc_transcript_state_get_type        (void) G_GNUC_CONST;

const char        *oc_transcript_get_conversation_id   (OcTranscript *self);
OcTranscriptState  oc_transcript_get_state             (OcTranscript *self);
const char        *oc_transcript_get_ended_reason      (OcTranscript *self);
const char        *oc_transcript_get_status_message    (OcTranscript *self);
void               oc_transcript_stop                  (OcTranscript *self);

G_END_DECLS
