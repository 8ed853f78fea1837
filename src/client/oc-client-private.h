// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libsoup/soup.h>

#include "oc-http.h"
#include "oc-client.h"
#include "oc-source-private.h"
#include "oc-source.h"
#include "oc-client-transcript.h"

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
  guint deferred_flushes;   /* flushes that left events for the next frame */
} OcClientStats;

const OcClientStats *_oc_client_get_stats  (OcClient             *self);

G_END_DECLS
