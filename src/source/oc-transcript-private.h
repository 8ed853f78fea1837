// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-transcript.h"

G_BEGIN_DECLS

/* For the backends that feed an OcTranscript, not for the app. */

/* A connecting transcript its owner fills with _oc_transcript_append() and
 * settles with _oc_transcript_end(); no socket, no reconnects. */
OcTranscript *_oc_transcript_new_detached     (const char        *conversation_id);
/* FALSE once it finished (ended, failed or stopped). */
gboolean      _oc_transcript_is_running       (OcTranscript      *self);
/* The highest seq accepted so far (0 before any). */
gint64        _oc_transcript_get_last_seq     (OcTranscript      *self);
void          _oc_transcript_set_state        (OcTranscript      *self,
                                               OcTranscriptState  state,
                                               const char        *status_message);
/* Notifies only on change. */
void          _oc_transcript_set_ended_reason (OcTranscript      *self,
                                               const char        *reason);
/* Shows the pending messages now, in one items-changed. */
void          _oc_transcript_flush            (OcTranscript      *self);
/* Takes @message, shown with the next batch; its seq becomes the last one
 * when higher. */
void          _oc_transcript_add_pending      (OcTranscript      *self,
                                               OcMessage         *message);
/* Stops for good: shows what is pending, disconnects, settles the state. */
void          _oc_transcript_finish           (OcTranscript      *self,
                                               OcTranscriptState  state,
                                               const char        *status_message);
/* Adds a reference to @message; ignored once the transcript stopped. */
void          _oc_transcript_append           (OcTranscript      *self,
                                               OcMessage         *message);
/* Shows what was appended and settles the state (with @ended_reason when
 * @state is ended); a stopped transcript stays as it is. */
void          _oc_transcript_end              (OcTranscript      *self,
                                               OcTranscriptState  state,
                                               const char        *ended_reason,
                                               const char        *status_message);

G_END_DECLS
