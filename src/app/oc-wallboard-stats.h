// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-conversation.h"
#include "oc-wait-thresholds.h"

G_BEGIN_DECLS

/* How urgent a conversation on the wallboard is, least to most. */
typedef enum {
  OC_ATTENTION_NONE,
  OC_ATTENTION_WAITING,          /* waiting, under the warning threshold */
  OC_ATTENTION_NEGATIVE,         /* negative sentiment */
  OC_ATTENTION_WARNING,          /* waiting over its channel's warning threshold */
  OC_ATTENTION_CRITICAL,         /* waiting over its channel's critical threshold */
} OcAttention;

/* What the wallboard shows: a plain value, copied in by the window. */
typedef struct {
  char  **queue_ids;             /* NULL or empty: every queue */
  guint   channel_mask;          /* bit (1 << OcChannel); 0: every channel */
  OcWaitThresholds thresholds;   /* per channel, as the report uses them */
  guint   max_attention;         /* rows kept for the attention list */
} OcWallboardFilter;

/* KPI figures over the conversations the filter keeps, at one instant. */
typedef struct {
  gint64      now;
  guint       total;
  guint       by_status[OC_STATUS_CLOSED + 1];
  guint       by_channel[OC_CHANNEL_VOICE + 1];
  guint       waiting;           /* waiting right now (open or waiting) */
  guint       waiting_by_channel[OC_CHANNEL_VOICE + 1];
  guint       over_warning;      /* of those, at or over their channel's warning */
  guint       over_critical;     /* of those, at or over their channel's critical */
  guint       negative;          /* negative sentiment of any degree */
  guint       flagged;           /* an agent's help flag is up */
  gint64      longest_wait;      /* seconds, among those waiting now */
  OcWaitLevel longest_wait_level; /* that wait against its own channel's limits */
  GPtrArray  *attention;         /* OcConversation, most urgent first, capped */
  guint       attention_total;   /* how many needed attention before the cap */
} OcWallboardStats;

gboolean          oc_wallboard_filter_matches (const OcWallboardFilter *filter,
                                               OcConversation          *conversation);
OcAttention       oc_wallboard_attention_of   (const OcWallboardFilter *filter,
                                               OcConversation          *conversation,
                                               gint64                   now);
OcWallboardStats *oc_wallboard_stats_compute  (OcConversation * const  *conversations,
                                               guint                    n_conversations,
                                               const OcWallboardFilter *filter,
                                               gint64                   now);
void              oc_wallboard_stats_free     (OcWallboardStats        *stats);

/* Agents of the wallboard's queues by presence, for the agents tile. */
typedef struct {
  guint available;
  guint busy;                    /* busy or do not disturb */
  guint away;
} OcWallboardAgents;

void              oc_wallboard_count_agents   (GListModel              *agents,
                                               const OcWallboardFilter *filter,
                                               OcWallboardAgents       *counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcWallboardStats, oc_wallboard_stats_free)

G_END_DECLS
