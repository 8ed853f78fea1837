// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sqlite3.h>

#include "oc-state.h"

G_BEGIN_DECLS

typedef struct {
  char      *conversation_id;
  OcMessage *message;
} PendingMessage;

typedef struct {
  char     *conversation_id;
  char     *user;
  gboolean  joined;
} PendingJoin;

typedef struct {
  char   *user;
  char   *key;
  guint   status;
  char   *body;
  gint64  at;
} PendingIdempotency;

struct _OcState
{
  GObject     parent_instance;

  sqlite3    *db;
  OcWorld    *world;        /* attached, not owned beyond a ref */
  GSignalGroup *world_signals;
  GSource    *flush_source;
  /* Revisions up to here may have reached clients: saved before any is
   * issued, so a restart after a crash never issues one again. */
  gint64      reserved_revision;

  GHashTable *conversations;  /* id -> OcConversation, or NULL to delete */
  GHashTable *objects;        /* "table\nid" -> GObject */
  GPtrArray  *messages;       /* PendingMessage */
  GPtrArray  *events;         /* GBytes, with revisions in event_revisions */
  GArray     *event_revisions;
  GPtrArray  *joins;          /* PendingJoin */
  GPtrArray  *idempotency;    /* PendingIdempotency */
  GPtrArray  *audit;          /* OcAuditEntry */
};

gboolean      _oc_state_sql_error (OcState       *self,
                                   GError       **error);
gboolean      _oc_state_exec      (OcState       *self,
                                   const char    *sql,
                                   GError       **error);
sqlite3_stmt *_oc_state_prepare   (OcState       *self,
                                   const char    *sql,
                                   GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Saves meta.reserved_revision = @revision now, durably. */
gboolean      _oc_state_put_reserved_revision (OcState  *self,
                                               gint64    revision,
                                               GError  **error);

G_END_DECLS
