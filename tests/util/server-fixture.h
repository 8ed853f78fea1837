// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libsoup/soup.h>

#include "oc-protocol.h"
#include "oc-server-private.h"

G_BEGIN_DECLS

/* A real server on 127.0.0.1 and a libsoup client in the same process and
 * main context: every wait iterates the loop, none sleeps. */
typedef struct {
  OcServer    *server;
  OcWorld     *world;
  char        *url;
  char        *supervisor;   /* tokens */
  char        *supervisor2;
  char        *viewer;
  SoupSession *session;
} Fixture;

typedef struct {
  guint    status;
  GBytes  *body;
  char    *retry_after;
  char    *code;      /* error.code, when the body is an error */
  gboolean done;
} Reply;

typedef struct {
  SoupWebsocketConnection *connection;
  GPtrArray               *messages;   /* char * */
  guint                    next;       /* first message not yet taken */
  gboolean                 closed;
  guint                    status;     /* HTTP status when the upgrade failed */
  gboolean                 failed;
} Socket;

void     fixture_setup          (Fixture        *f,
                                 gconstpointer   data);
void     fixture_teardown       (Fixture        *f,
                                 gconstpointer   data);
/* Starts a server with @options (fixture_setup uses a small, paused one),
 * adds the users sam, kim (supervisors) and wall (viewer). */
void     fixture_start          (Fixture               *f,
                                 const OcServerOptions *options);
void     fixture_stop           (Fixture        *f);
/* Test data: ws-t (chat; available, busy), q-t1 and q-t2 in it; agents
 * a-t1 (available, 3 of 5 used, q-t1), a-t2 (away, q-t1), a-t3 (available,
 * full, q-t1), a-t4 (available, q-t2 only), a-t5 (available, 0 of 2, q-t1);
 * conversations c-open (q-t1), c-active, c-waiting, c-wrap (a-t1). */
void     fixture_add_floor      (Fixture        *f);
OcConversation *fixture_add_conversation (Fixture    *f,
                                          const char *id,
                                          OcStatus    status,
                                          const char *queue_id,
                                          const char *agent_id);

/* Waits (iterating the main context) until *flag is TRUE; fails the test
 * after @seconds. */
void     wait_for_flag          (gboolean       *flag,
                                 double          seconds);
/* Waits until the server has @n event subscribers; fails after @seconds. */
void     wait_for_subscribers   (Fixture        *f,
                                 guint           n,
                                 double          seconds);

Reply   *request                (Fixture        *f,
                                 const char     *method,
                                 const char     *path,
                                 const char     *token,
                                 const char     *body,
                                 gssize          body_length,
                                 const char     *idempotency_key);
Reply   *post                   (Fixture        *f,
                                 const char     *path,
                                 const char     *token,
                                 const char     *body);
void     reply_free             (Reply          *reply);
/* GET /api/v1/audit@query as @token, read as the client reads it (#22). */
GPtrArray *audit_page           (Fixture        *f,
                                 const char     *query,
                                 const char     *token,
                                 gint64         *next_before);
const char *reply_text          (Reply          *reply);
JsonNode   *reply_json          (Reply          *reply);

Socket  *socket_open            (Fixture        *f,
                                 const char     *path_and_query,
                                 const char     *token);
/* Returns the next message (owned by @s), waiting up to @seconds; NULL
 * when the socket closed first. */
const char *socket_next         (Socket         *s,
                                 double          seconds);
OcEvent *socket_next_event      (Socket         *s,
                                 double          seconds);
/* The next event but audit entries and presence, which are not changes (#22). */
OcEvent *socket_next_change     (Socket         *s,
                                 double          seconds);
void     socket_wait_closed     (Socket         *s,
                                 double          seconds);
void     socket_free            (Socket         *s);

/* A client on a raw connection, for what libsoup will not send (a body
 * announced at 10 GB, a message in forty frames, a reader that never reads). */
typedef struct {
  GByteArray *in;         /* after the HTTP head: the frames not yet walked, or the body */
  char       *head;       /* the HTTP answer's head, once read */
  gboolean    closed;     /* the server's close frame arrived, or EOF */
  guint       close_code;
  guint8      buffer[16 * 1024];
} RawSocket;

/* Reads from @stream into @raw until a WebSocket close frame (after a 101)
 * or the end of the stream (any other answer). */
void     raw_socket_read        (RawSocket      *raw,
                                 GIOStream      *stream);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Socket, socket_free)

G_END_DECLS
