// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libsoup/soup.h>

#include "oc-http.h"
#include "oc-client.h"
#include "oc-source-private.h"
#include "oc-source.h"
#include "oc-client-transcript.h"

G_BEGIN_DECLS

/* Shared by OcClient, its actions and OcTranscript; not for the app. */

/* The six actions of OcSourceClass (oc-client-actions.c). */
void          _oc_client_class_actions_init (OcSourceClass       *source_class);

SoupSession  *_oc_client_get_session       (OcClient             *self);
const char   *_oc_client_get_authorization (OcClient             *self);

/* Counters the tests read to prove bad frames were seen and not applied. */
typedef struct {
  guint malformed_frames;
  guint oversized_frames;
  guint duplicate_events;
  guint gaps;
  guint resyncs;
  guint connects;
  guint snapshots;
} OcClientStats;

const OcClientStats *_oc_client_get_stats  (OcClient             *self);

/* OcClient's insides, shared by oc-client.c (the object and its API),
 * oc-client-connection.c (the attempt chain) and oc-client-events.c (the
 * events socket and the batches into the store). */
struct _OcClient
{
  OcSource             parent_instance;

  char                *authorization;
  gulong               resync_handler;   /* on OcSource's "store" */
  SoupSession         *session;
  guint                reconnect_max_seconds;

  /* The current connection attempt */
  gboolean             running;
  GCancellable        *cancellable;
  SoupWebsocketConnection *ws;
  GError              *ws_error;
  gboolean             need_snapshot;
  guint                bad_connections;
  guint                ping_interval;
  gboolean             seen_hello;
  gint64               live_since;
  gint64               last_frame;       /* monotonic */
  gint64               queued_revision;
  guint                stall_source;
  guint                retry_source;
  guint                resync_idle;
  gint64               last_resync;
  gint64               snapshot_requested;
  OcBackoff            backoff;

  GPtrArray           *queue;            /* OcEvent */
  GSource             *flush_source;
  gint64               last_flush;

  OcClientStats        stats;
};

/* oc-client-connection.c */
void          _oc_client_connect           (OcClient             *self);
void          _oc_client_teardown          (OcClient             *self);
void          _oc_client_drop              (OcClient             *self,
                                            const char           *reason,
                                            gboolean              resync,
                                            gboolean              immediate);
void          _oc_client_fail              (OcClient             *self,
                                            const GError         *error);
void          _oc_client_resync_now        (OcClient             *self,
                                            const char           *reason);
void          _oc_client_on_store_resync_needed (OcConversationStore *store,
                                                 gpointer             user_data);
/* oc-client-events.c */
void          _oc_client_events_init       (OcClient             *self);
void          _oc_client_events_dispose    (OcClient             *self);
void          _oc_client_open_events       (OcClient             *self);
void          _oc_client_close_socket      (OcClient             *self);
void          _oc_client_flush             (OcClient             *self);

G_END_DECLS
