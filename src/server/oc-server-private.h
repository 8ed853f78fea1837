// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "oc-audit-log.h"
#include "oc-counting-stream.h"
#include "oc-server.h"
#include "oc-simulator.h"
#include "oc-state.h"
#include "oc-users.h"
#include "oc-world.h"

G_BEGIN_DECLS

/* Bounds of what the server queues for one WebSocket subscriber before it
 * calls it too slow, and the frame size it accepts from clients. */
#define OC_SERVER_DEFAULT_SEND_QUEUE_LIMIT (4 * 1024 * 1024)
#define OC_SERVER_MAX_INCOMING_FRAME       (64 * 1024)
#define OC_SERVER_DEFAULT_PING_INTERVAL    10
#define OC_SERVER_MESSAGE_RATE             5.0   /* supervisor messages a second */
#define OC_SERVER_IDEMPOTENCY_TTL          (24 * 60 * 60)
#define OC_SERVER_TICK_MS                  50

typedef void (*OcServerBroadcastHook) (gint64   revision,
                                       gpointer user_data);

typedef struct {
  OcServer                *server;       /* NULL once the server is gone */
  SoupWebsocketConnection *connection;
  GSignalGroup            *connection_signals;
  OcCountingStream        *stream;
  guint64                  queued;       /* bytes of frames handed to libsoup */
  gint64                   last_sent;    /* monotonic µs */
  char                    *conversation_id;  /* transcript sockets only */
  char                    *user;             /* who opened it */
  gboolean                 customer;         /* the customer's view: never a whisper */
  gboolean                 closing;
  gushort                  close_code;   /* close once everything queued is out */
} OcSubscriber;

typedef struct {
  guint   status;
  char   *body;
  gint64  at;
} OcIdempotencyRecord;

struct _OcServer
{
  GObject          parent_instance;

  GMainContext    *context;
  SoupServer      *soup;
  OcWorld         *world;
  OcSimulator     *simulator;
  OcUsers         *users;
  OcState         *state;
  OcAuditLog      *audit;
  gboolean         https;
  char            *address;
  guint            port;

  GHashTable      *idempotency;      /* "user\nkey" -> OcIdempotencyRecord */
  GHashTable      *rate;             /* user -> double[2]: tokens, last µs */
  GPtrArray       *event_subscribers;       /* OcSubscriber */
  GHashTable      *transcript_subscribers;  /* conversation id -> GPtrArray */
  GHashTable      *presence;         /* conversation id -> watchers JSON, when any */
  GSignalGroup    *world_signals;    /* the world's changes, to the sockets */

  guint            ping_interval;
  gsize            send_queue_limit;
  double           speed;
  GSource         *tick_source;
  gint64           last_tick;
  GSource         *ping_source;
  GSource         *expire_source;

  OcServerBroadcastHook hook;
  gpointer              hook_data;
};

/* oc-server.c: for tests and the benchmark. */
OcWorld     *oc_server_get_world            (OcServer              *self);
OcSimulator *oc_server_get_simulator        (OcServer              *self);
OcAuditLog  *oc_server_get_audit_log        (OcServer              *self);
void         oc_server_set_ping_interval    (OcServer              *self,
                                             guint                  seconds);
guint        oc_server_get_ping_interval    (OcServer              *self);
void         oc_server_set_send_queue_limit (OcServer              *self,
                                             gsize                  bytes);
guint        oc_server_get_n_subscribers    (OcServer              *self);
void         oc_server_set_broadcast_hook   (OcServer              *self,
                                             OcServerBroadcastHook  hook,
                                             gpointer               user_data);
GSource     *_oc_server_add_timeout         (OcServer              *self,
                                             guint                  interval_ms,
                                             GSourceFunc            func);

/* oc-server-http.c */
void         _oc_server_http_init           (OcServer              *self);
void         _oc_server_respond_error       (SoupServerMessage     *msg,
                                             guint                  status,
                                             const char            *code,
                                             const char            *message);

/* oc-subscriber.c */
GBytes       *_oc_frame_text                    (GBytes                *payload);
OcSubscriber *_oc_subscriber_new                (OcServer              *self,
                                                 SoupServerMessage     *msg);
gboolean      _oc_subscriber_send_frame         (OcSubscriber          *sub,
                                                 GBytes                *frame);
gboolean      _oc_subscriber_send               (OcSubscriber          *sub,
                                                 GBytes                *message);
void          _oc_subscriber_send_builder       (OcSubscriber          *sub,
                                                 JsonBuilder           *builder);
void          _oc_subscriber_close_now          (OcSubscriber          *sub,
                                                 gushort                code,
                                                 const char            *reason);
/* Closes once everything queued has left: "ended" stays ahead of the close. */
void          _oc_subscriber_close_when_flushed (OcSubscriber          *sub,
                                                 gushort                code);

/* oc-server-sockets.c */
void         _oc_server_sockets_init        (OcServer              *self);
void         _oc_server_sockets_shutdown    (OcServer              *self);
void         _oc_server_handle_events       (OcServer              *self,
                                             SoupServerMessage     *msg,
                                             GHashTable            *query);
void         _oc_server_handle_transcript   (OcServer              *self,
                                             SoupServerMessage     *msg,
                                             const char            *conversation_id,
                                             const char            *user,
                                             GHashTable            *query);
void         _oc_server_restart_pings       (OcServer              *self);
void         _oc_server_broadcast_audit     (OcServer              *self,
                                             OcAuditEntry          *entry);

/* oc-server-presence.c */
void         _oc_server_presence_changed    (OcServer              *self,
                                             const char            *conversation_id);
void         _oc_server_send_presence       (OcServer              *self,
                                             OcSubscriber          *sub);

G_END_DECLS
