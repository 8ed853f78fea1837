#pragma once

#include "oc-client-private.h"
#include "oc-transcript.h"

G_BEGIN_DECLS

/* Shared by OcTranscript's files: the model and its state (oc-transcript.c)
 * and the socket that feeds it (oc-transcript-socket.c). */

struct _OcTranscript
{
  GObject            parent_instance;

  SoupSession       *session;
  char              *base_url;
  char              *authorization;
  char              *conversation_id;
  guint              reconnect_max_seconds;

  OcTranscriptState  state;
  char              *ended_reason;
  char              *status_message;

  GPtrArray         *messages;   /* OcMessage, in seq order */
  GPtrArray         *pending;    /* OcMessage, waiting for the next batch */
  gint64             last_seq;   /* the highest seq accepted */
  guint              flush_source;

  gboolean           running;
  GCancellable      *cancellable;
  SoupWebsocketConnection *ws;
  GError            *ws_error;
  guint              retry_source;
  gint64             connected_since;
  OcBackoff          backoff;
  guint              malformed_frames;
  guint              bad_frame_drops;  /* in a row, all at bad_frame_seq */
  gint64             bad_frame_seq;
  guint              keepalive_seconds;
  gint64             last_heard;   /* monotonic µs: a frame or a pong */
  guint              stall_source;
};

void  _oc_transcript_set_state        (OcTranscript      *self,
                                       OcTranscriptState  state,
                                       const char        *status_message);
/* Notifies only on change. */
void  _oc_transcript_set_ended_reason (OcTranscript      *self,
                                       const char        *reason);
/* Shows the pending messages now, in one items-changed. */
void  _oc_transcript_flush            (OcTranscript      *self);
/* Takes @message, shown with the next batch. */
void  _oc_transcript_add_pending      (OcTranscript      *self,
                                       OcMessage         *message);
/* Stops for good: shows what is pending, closes, settles the state. */
void  _oc_transcript_finish           (OcTranscript      *self,
                                       OcTranscriptState  state,
                                       const char        *status_message);

/* oc-transcript-socket.c */
void  _oc_transcript_connect          (OcTranscript      *self);
void  _oc_transcript_teardown         (OcTranscript      *self);
/* How often to ping the server; silence for twice as long drops and
 * resumes. For tests: the default is OC_TRANSCRIPT_KEEPALIVE_SECONDS. */
void  _oc_transcript_set_keepalive_seconds (OcTranscript *self,
                                            guint         seconds);

#define OC_TRANSCRIPT_KEEPALIVE_SECONDS 10

G_END_DECLS
