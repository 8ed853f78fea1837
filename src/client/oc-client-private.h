// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libsoup/soup.h>

#include "oc-http.h"
#include "oc-client.h"
#include "oc-source-private.h"
#include "oc-source.h"
#include "oc-client-transcript.h"
#include "oc-event.h"

G_BEGIN_DECLS

/* Shared by oc-client.c and oc-client-actions.c, and the tests; not for the app. */

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
  guint coalesced_events;   /* upserts folded into an earlier one still queued */
  guint flush_calls;        /* oc_conversation_store_apply_events() calls */
  guint flushes;            /* flushes that applied anything */
  guint parse_overruns;     /* resyncs because the parsing worker fell behind */
  guint deferred_flushes;   /* flushes that left events for the next frame */
  guint load_parts;         /* parts of first loads appended to the store */
  guint loads_abandoned;    /* first loads given up part way (a drop, a stop) */
  guint64 frames_taken;     /* results taken from the parsing worker */
  gint64 take_cpu_us;       /* main thread CPU taking them into the queue */
  gint64 flush_cpu_us;      /* main thread CPU applying the queue to the store */
  gint64 load_cpu_us;       /* main thread CPU taking first loads' parts into the store */
} OcClientStats;

const OcClientStats *_oc_client_get_stats  (OcClient             *self);

/* Frames waiting to be parsed past which the client resyncs (tests). */
void          _oc_client_set_max_backlog   (OcClient             *self,
                                            guint                 max_backlog);

/* The sizes of a first load's parts: the first (painted first) and the
 * others (tests; see FIRST_PART). */
void          _oc_client_set_load_parts    (OcClient             *self,
                                            guint                 first_size,
                                            guint                 part_size);
/* While held, a first load takes its first part (the first rows shown) and
 * no further one into the store (tests). */
void          _oc_client_hold_load         (OcClient             *self,
                                            gboolean              hold);

/* Hands @message to the client as if its events socket had received it, on
 * a client that is not started, whose store is where the events resume:
 * for the benchmarks, which feed frames without a server. */
void          _oc_client_feed_frame        (OcClient             *self,
                                            GBytes               *message);

/* The events socket's frames, parsed in a worker in order (oc-client-reader.c). */
typedef enum {
  OC_READER_ITEM_TEXT,
  OC_READER_ITEM_BINARY,
  OC_READER_ITEM_CLOSED,     /* the socket closed after the frames before */
} OcReaderItemKind;

typedef struct {
  OcReaderItemKind  kind;
  gint              generation;
  gsize             size;         /* of the frame */
  gushort           close_code;   /* OC_READER_ITEM_CLOSED */
  GBytes           *bytes;        /* until parsed */
  OcEvent          *event;        /* parsed, or %NULL and: */
  GError           *error;        /* why not; %NULL for a close */
} OcReaderItem;

typedef struct _OcClientReader OcClientReader;

OcClientReader *_oc_client_reader_new     (GSourceFunc       ready,
                                           gpointer          user_data);
void            _oc_client_reader_free    (OcClientReader   *self);
void            _oc_client_reader_push    (OcClientReader   *self,
                                           OcReaderItemKind  kind,
                                           GBytes           *message,
                                           gushort           close_code);
void            _oc_client_reader_discard (OcClientReader   *self);
guint           _oc_client_reader_get_backlog (OcClientReader *self);
OcReaderItem   *_oc_client_reader_pop     (OcClientReader   *self);
void            _oc_client_reader_free_later (OcClientReader *self,
                                              GPtrArray      *events);
void            _oc_reader_item_free      (OcReaderItem     *item);
GSource        *_oc_client_ready_source_new (const char     *name,
                                             GSourceFunc     func,
                                             gpointer        user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcReaderItem, _oc_reader_item_free)

/* A first load's snapshot, read a part at a time in a worker
 * (oc-client-loader.c). */
typedef struct {
  gboolean    head;       /* the first: revision, lists, and the first conversations */
  gboolean    last;       /* no part follows */
  guint       n_read;     /* conversations of the snapshot read, readable or not */
  guint       total;      /* conversations the snapshot has */
  OcSnapshot *snapshot;   /* the head, or a part's conversations and warnings */
  GError     *error;      /* instead of a head: the snapshot cannot be read */
} OcLoaderPart;

typedef struct _OcClientLoader OcClientLoader;

OcClientLoader *_oc_client_loader_new  (GBytes         *body,
                                        guint           first_size,
                                        guint           part_size,
                                        GSource        *wake);
OcLoaderPart   *_oc_client_loader_pop  (OcClientLoader *self);
void            _oc_client_loader_free (OcClientLoader *self);
void            _oc_loader_part_free   (OcLoaderPart   *part);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcLoaderPart, _oc_loader_part_free)

G_END_DECLS
