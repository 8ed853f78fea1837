// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libsoup/soup.h>

#include "oc-hostile-server.h"

G_BEGIN_DECLS

/* Shared by oc-hostile-server.c (the server thread: JSON, handlers) and
 * oc-hostile-server-control.c (the calls a test makes into that thread). */

typedef struct {
  char    *subject;
  gboolean live;
  gint64   revision;
  gint64   wait_seconds;
  gint64   waiting_since;   /* Unix seconds, 0: the creation time */
} Conv;

typedef struct {
  GPtrArray *messages;      /* char *: the message objects' JSON, seq = index + 1 */
  char      *ended_reason;
} Transcript;

struct _OcHostileServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GCond         frozen_cond;
  gboolean      frozen;     /* the thread blocks until thawed */

  SoupServer   *server;
  guint         port;
  GTlsCertificate *certificate;
  char         *authorization;
  gint64        created_at;

  Conv         *convs;
  guint         n_convs;
  Transcript   *transcripts;

  gint64        revision;
  gint64        log_start;  /* log[i] holds revision log_start + 1 + i */
  GPtrArray    *log;

  GPtrArray    *sockets;             /* events */
  GPtrArray    *transcript_sockets;
  guint         ping_interval;
  guint         ping_source;
  gsize         me_size;
  char         *snapshot_body;       /* answered verbatim, or NULL */
  gboolean      stalled;
  guint         n_snapshots;
  guint         n_transcript_connects;
  gint64        last_since;

  guint         fail_actions;
  guint         n_action_calls;
  GHashTable   *action_keys;         /* key → answer body */

  GSource      *stream_source;
  guint         stream_rate;
  gint64        stream_start;
  gint64        stream_end;
  guint64       stream_sent;
  gboolean      stream_done;
  gboolean      stream_moves;
  GRand        *stream_rand;
};

typedef struct {
  OcHostileServer *self;
  guint            index;
  const char      *text;
  gint64           number;
  gint64           number2;
  gboolean         flag;
  gpointer         result;
  gint64           result_number;
  gboolean         done;
  void           (*func) (gpointer call);
} Call;

/* Runs @call->func in the server thread and waits for it. */
void      _oc_hostile_server_run_sync (Call *call);

#define CALL(self_, func_, ...) \
  Call call = { .self = (self_), .func = (func_), __VA_ARGS__ }; \
  _oc_hostile_server_run_sync (&call)

/* oc-hostile-server.c, run in the server thread */
gpointer  _ohs_copy_ref            (gconstpointer src, gpointer data);
void      _ohs_send_all            (OcHostileServer *self, const char *text);
void      _ohs_do_upsert           (OcHostileServer *self, guint index, const char *subject);
void      _ohs_do_remove           (OcHostileServer *self, guint index, const char *reason);
void      _ohs_restart_pings       (OcHostileServer *self);
void      _ohs_send_message_frame  (SoupWebsocketConnection *ws, const char *message);
void      _ohs_send_ended          (SoupWebsocketConnection *ws, const char *reason);
char *    _ohs_now_text            (void);
void      _ohs_append_json_string  (GString *out, const char *text);
gboolean  _ohs_stream_tick_cb      (gpointer user_data);
gpointer  _ohs_server_thread       (gpointer data);

G_END_DECLS
