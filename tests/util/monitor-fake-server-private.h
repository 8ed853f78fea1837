// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor-fake-server.h"

G_BEGIN_DECLS

/* Shared by the protocol side (monitor-fake-server.c, on the server thread)
 * and the thread and public calls (monitor-fake-server-thread.c). */

typedef struct {
  gint64  seq;      /* 0 for a raw frame */
  GBytes *frame;
  gboolean sent;    /* raw frames go out once */
} Entry;

struct _FakeServer
{
  /* The server runs in a thread of its own, so that its work (sending ten
   * thousand frames at once) never counts against the UI's main loop. */
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         cond;

  SoupServer *server;
  guint       port;
  OcRole      role;
  char       *channel;
  GArray     *entries;      /* Entry */
  GPtrArray  *transcripts;  /* SoupWebsocketConnection */
  GPtrArray  *events;       /* SoupWebsocketConnection */
  gint64      last_seq;
  gint64      last_after;
  gint64      revision;
  guint       n_connects;
  char       *ended_reason;
  GSource    *relisten_source;
  GSource    *ping_source;
  gboolean    joined;
  guint       refuse_status;
  char       *refuse_code;
  char       *refuse_message;
};

void   _fake_entry_clear                 (gpointer    data);
void   _fake_server_start                (FakeServer *self,
                                         gpointer    data);
void   _fake_server_stop                 (FakeServer *self,
                                         gpointer    data);
gint64 _fake_server_add_message          (FakeServer *self,
                                         const char *role,
                                         const char *name,
                                         const char *kind,
                                         const char *text);
void   _fake_server_add_raw_frame        (FakeServer *self,
                                         GBytes     *frame);
void   _fake_server_remove               (FakeServer *self,
                                         const char *reason);
void   _fake_server_end                  (FakeServer *self,
                                         const char *reason);
void   _fake_server_restart              (FakeServer *self,
                                         guint       down_ms);
void   _fake_server_refuse_next_message  (FakeServer *self,
                                         guint       status,
                                         const char *code,
                                         const char *message);

G_END_DECLS
