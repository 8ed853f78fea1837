// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A small scripted server for the client's tests and benchmark. It speaks
 * enough of docs/protocol.md (/me, /snapshot, the events socket with replay,
 * transcripts, one action) to drive OcClient, and can misbehave on demand:
 * malformed, oversized, duplicated or out-of-order frames, silence, 401s.
 *
 * It runs in a thread of its own with its own main context, as a real remote
 * server would: every call below runs there and returns when it is done, so
 * the test's main loop (the client's) never serves the server.
 */
typedef struct _OcHostileServer OcHostileServer;

OcHostileServer *oc_hostile_server_new               (const char      *token,
                                                      guint            n_conversations);
/* The same over TLS with the given PEM certificate and key (https URL). */
OcHostileServer *oc_hostile_server_new_tls           (const char      *token,
                                                      guint            n_conversations,
                                                      const char      *cert_file,
                                                      const char      *key_file);
void             oc_hostile_server_free              (OcHostileServer *self);
char            *oc_hostile_server_get_url           (OcHostileServer *self);

/* World changes: each takes the next revision, is kept for replay and sent to
 * every live events socket. Conversations are "c-%06u" by index. */
void             oc_hostile_server_upsert            (OcHostileServer *self,
                                                      guint            index,
                                                      const char      *subject);
/* The same, also starting a new waiting spell: @wait_seconds waited in
 * earlier spells, the running one since @waiting_since (Unix seconds). */
void             oc_hostile_server_upsert_waiting    (OcHostileServer *self,
                                                      guint            index,
                                                      const char      *subject,
                                                      gint64           wait_seconds,
                                                      gint64           waiting_since);
void             oc_hostile_server_remove            (OcHostileServer *self,
                                                      guint            index);
gint64           oc_hostile_server_get_revision      (OcHostileServer *self);
/* Forget the replay log before the current revision: a resume must resync. */
void             oc_hostile_server_forget_history    (OcHostileServer *self);
/* Conversation @index's subject (or NULL when it is not live). */
char            *oc_hostile_server_get_subject       (OcHostileServer *self,
                                                      guint            index);
/* Conversation @index's wait_seconds (changed by a stream of moves). */
gint64           oc_hostile_server_get_wait_seconds  (OcHostileServer *self,
                                                      guint            index);
/* When its running waiting spell began (Unix seconds). */
gint64           oc_hostile_server_get_waiting_since (OcHostileServer *self,
                                                      guint            index);
guint            oc_hostile_server_get_n_live        (OcHostileServer *self);

/* Raw frames to every events socket, outside the revision sequence. */
void             oc_hostile_server_send_raw          (OcHostileServer *self,
                                                      const char      *text);
/* A frame of @size bytes (valid JSON padded with spaces). */
void             oc_hostile_server_send_oversized    (OcHostileServer *self,
                                                      gsize            size);
/* Re-sends the event of @revision (a duplicate, or out of order). */
void             oc_hostile_server_resend            (OcHostileServer *self,
                                                      gint64           revision);

/* GET /snapshot answers @body as it is (NULL: the world, as normally). */
void             oc_hostile_server_set_snapshot_body (OcHostileServer *self,
                                                      const char      *body);
/* Pads GET /me's answer to @size bytes (0: no padding). */
void             oc_hostile_server_set_me_size       (OcHostileServer *self,
                                                      gsize            size);
void             oc_hostile_server_set_ping_interval (OcHostileServer *self,
                                                      guint            seconds);
/* While stalled the server accepts sockets but sends nothing at all. */
void             oc_hostile_server_set_stalled       (OcHostileServer *self,
                                                      gboolean         stalled);
/* The server's thread blocks without returning to its loop until thawed: no
 * frames, and no answer to WebSocket pings, as a hung process or a dead link.
 * Both return at once. */
void             oc_hostile_server_freeze            (OcHostileServer *self);
void             oc_hostile_server_thaw              (OcHostileServer *self);
void             oc_hostile_server_close_sockets     (OcHostileServer *self);
guint            oc_hostile_server_get_n_sockets     (OcHostileServer *self);
guint            oc_hostile_server_get_n_snapshots   (OcHostileServer *self);
/* The last ?since= an events socket asked for (-1 before any). */
gint64           oc_hostile_server_get_last_since    (OcHostileServer *self);

/* Transcripts: conversation @index has messages 1..n; unknown ids get 404. */
void             oc_hostile_server_add_message       (OcHostileServer *self,
                                                      guint            index,
                                                      const char      *text);
/* Stores @json verbatim as the next message (the "message" member of its
 * frame), replayed like the others: it may carry any seq, or be no JSON. */
void             oc_hostile_server_add_raw_message   (OcHostileServer *self,
                                                      guint            index,
                                                      const char      *json);
/* How many transcript sockets were opened. */
guint            oc_hostile_server_get_n_transcript_connects (OcHostileServer *self);
/* How many transcript sockets are open now. */
guint            oc_hostile_server_get_n_transcript_sockets  (OcHostileServer *self);
/* A predicate for oc_test_wait_until(): the server has seen every socket
 * close (events and transcripts). */
gboolean         oc_hostile_server_idle              (gpointer         self);
void             oc_hostile_server_end_transcript    (OcHostileServer *self,
                                                      guint            index,
                                                      const char      *reason);
/* Sends message @seq of @index again to its live transcript sockets. */
void             oc_hostile_server_resend_message    (OcHostileServer *self,
                                                      guint            index,
                                                      gint64           seq);
void             oc_hostile_server_close_transcripts (OcHostileServer *self);

/* Actions: POST .../force-close answers 503 this many times first, and
 * counts the distinct Idempotency-Keys it saw. */
void             oc_hostile_server_set_fail_actions  (OcHostileServer *self,
                                                      guint            n_failures);
guint            oc_hostile_server_get_n_action_keys (OcHostileServer *self);
guint            oc_hostile_server_get_n_action_calls (OcHostileServer *self);

/* Benchmark: from the server thread, @rate upserts a second for @seconds,
 * each with the subject "t=<g_get_monotonic_time()>" of its sending. */
void             oc_hostile_server_start_stream      (OcHostileServer *self,
                                                      guint            rate,
                                                      double           seconds);
/* The same, each upsert also starting a new waiting spell (new wait_seconds
 * and waiting_since), so that the row moves in an order by wait. */
void             oc_hostile_server_start_stream_moves (OcHostileServer *self,
                                                       guint            rate,
                                                       double           seconds);
gboolean         oc_hostile_server_stream_done       (OcHostileServer *self);

G_END_DECLS
