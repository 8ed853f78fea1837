// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libsoup/soup.h>

#include "oc-enums.h"

G_BEGIN_DECLS

/*
 * A small, scriptable server for the monitor tests: it speaks just enough of
 * docs/protocol.md (me, snapshot, events hello, one conversation's transcript,
 * join, leave, messages) and can misbehave on purpose: raw frames that are not
 * UTF-8, huge messages, a restart that drops every connection.
 */
typedef struct _FakeServer FakeServer;

#define FAKE_CONVERSATION_ID "c-1"

FakeServer *fake_server_new              (OcRole       role,
                                          const char  *channel);
void        fake_server_free             (FakeServer  *self);
char       *fake_server_get_url          (FakeServer  *self);
/* Appends a message (seq is the next one) and sends it to every open
 * transcript socket. Returns its seq. */
gint64      fake_server_add_message      (FakeServer  *self,
                                          const char  *role,
                                          const char  *name,
                                          const char  *kind,
                                          const char  *text);
/* A frame sent as-is, once, to the first transcript socket that reaches its
 * place in the stream; that connection gets nothing after it (a client that
 * drops on it resumes past it). A frame that is not UTF-8 must come before
 * any message (it is written by hand, around libsoup's queue). */
void        fake_server_add_raw_frame    (FakeServer  *self,
                                          GBytes      *frame);
/* The conversation ends: "ended" goes to every socket, which then closes;
 * later transcript requests get 404. */
void        fake_server_end              (FakeServer  *self,
                                          const char  *reason);
/* The conversation leaves the live set on the events stream only
 * (conversation.removed); the transcript socket is left as it is. */
void        fake_server_remove           (FakeServer  *self,
                                          const char  *reason);
/* Drops every connection without a close frame, stops listening, and
 * listens again on the same port after @down_ms. */
void        fake_server_restart          (FakeServer  *self,
                                          guint        down_ms);
/* The next POST …/messages is refused with @status and the error body. */
void        fake_server_refuse_next_message (FakeServer *self,
                                             guint       status,
                                             const char *code,
                                             const char *message);
guint       fake_server_get_n_connects   (FakeServer  *self);
gint64      fake_server_get_last_seq     (FakeServer  *self);
/* The "after" of the last transcript connection. */
gint64      fake_server_get_last_after   (FakeServer  *self);

G_END_DECLS
