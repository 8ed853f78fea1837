#pragma once

#include <libsoup/soup.h>

#include "oc-client.h"
#include "oc-source-private.h"
#include "oc-source.h"
#include "oc-transcript.h"

G_BEGIN_DECLS

/* Shared by OcClient, its actions and OcTranscript; not for the app. */

#define OC_CLIENT_DEFAULT_RECONNECT_MAX 30
#define OC_CLIENT_BACKOFF_BASE_MS       500

/* Exponential backoff: base doubling up to a maximum, with ±20 % jitter so
 * that a floor of consoles does not reconnect in lockstep after a restart. */
typedef struct {
  guint attempt;
  guint max_ms;
} OcBackoff;

void          oc_backoff_reset             (OcBackoff   *backoff);
guint         oc_backoff_next_ms           (OcBackoff   *backoff);

/* "<base>/api/v1/<path>[?<query>]" as an http(s) URI, or NULL. */
GUri         *oc_http_build_uri            (const char  *base_url,
                                            const char  *path,
                                            const char  *query);
SoupMessage  *oc_http_new_message          (const char  *method,
                                            const char  *base_url,
                                            const char  *path,
                                            const char  *query,
                                            const char  *authorization);
SoupSession  *oc_http_new_session          (void);

/* Sends @msg and reads its whole body, failing when it passes @max_bytes.
 * A non-2xx status becomes an OC_CLIENT_ERROR carrying the server's message;
 * transport failures become OC_CLIENT_ERROR_UNAVAILABLE or _TLS. */
void          oc_http_fetch_async          (SoupSession          *session,
                                            SoupMessage          *msg,
                                            gsize                 max_bytes,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GBytes       *oc_http_fetch_finish         (SoupSession          *session,
                                            GAsyncResult         *result,
                                            GError              **error);

/* An OC_CLIENT_ERROR for an HTTP error answer (@body may be NULL). */
GError       *oc_http_error_new            (SoupMessage          *msg,
                                            GBytes               *body);
/* Maps a GIO, TLS or libsoup error to an OC_CLIENT_ERROR (a new error). */
GError       *oc_http_error_from_transport (const GError         *error);

/* Finishes soup_session_websocket_connect_async(): the connection, or NULL
 * with @error an OC_CLIENT_ERROR (the answer's, or the transport's mapped;
 * G_IO_ERROR_CANCELLED as is) and @status the HTTP status (0 without one). */
SoupWebsocketConnection *
              oc_http_websocket_connect_finish (SoupSession   *session,
                                                GAsyncResult  *result,
                                                guint         *status,
                                                GError       **error);

/* "Bearer <token>", or NULL when the token could break the header. */
char         *oc_http_authorization_new    (const char           *token);

/* OcClient as an OcSource (oc-client-source.c). */
void          _oc_client_source_iface_init (OcSourceInterface    *iface);

SoupSession  *_oc_client_get_session       (OcClient             *self);
const char   *_oc_client_get_authorization (OcClient             *self);
guint         _oc_client_get_reconnect_max (OcClient             *self);

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
  GObject              parent_instance;

  char                *server_url;
  char                *authorization;
  OcConversationStore *store;
  gulong               resync_handler;
  SoupSession         *session;

  OcSourceStatus       status;
  gboolean             last_event_time_dirty;
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

/* oc-client.c */
void          _oc_client_set_state         (OcClient             *self,
                                            OcClientState         state,
                                            const char           *status_message);
void          _oc_client_set_identity      (OcClient             *self,
                                            const char           *user,
                                            OcRole                role);
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

OcTranscript *_oc_transcript_new           (SoupSession          *session,
                                            const char           *base_url,
                                            const char           *authorization,
                                            const char           *conversation_id,
                                            guint                 reconnect_max_seconds);
/* A transcript its owner fills (oc-transcript.c): no socket, no reconnects. */
OcTranscript *_oc_transcript_new_detached  (const char           *conversation_id);
void          _oc_transcript_append        (OcTranscript         *self,
                                            OcMessage            *message);
void          _oc_transcript_end           (OcTranscript         *self,
                                            OcTranscriptState     state,
                                            const char           *ended_reason,
                                            const char           *status_message);

G_END_DECLS
