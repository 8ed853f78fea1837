// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "oc-http.h"
#include "oc-dataverse-source.h"
#include "oc-entra-sign-in.h"
#include "oc-source-private.h"
#include "oc-protocol.h"
#include "oc-transcript-private.h"

G_BEGIN_DECLS

/* Shared by the OcDataverseSource files; not for the app. */

#define OC_DATAVERSE_API_PATH        "/api/data/v9.2/"
/* A page over this is refused; with 500 rows a page is far smaller. */
#define OC_DATAVERSE_MAX_PAGE_BYTES  (32 * 1024 * 1024)
/* @odata.nextLink chains end here: a loop must not run forever. */
#define OC_DATAVERSE_MAX_PAGES       1000
#define OC_DATAVERSE_MAX_RETRY_AFTER 3600
#define OC_DATAVERSE_FORMATTED       "@OData.Community.Display.V1.FormattedValue"

/* ------------------------------------------------------------------------ */
/* OData over HTTP (oc-dataverse-odata.c) */

/* "<org>/api/data/v9.2/<path>" with @query already escaped, or NULL. */
char        *_oc_dataverse_api_url         (const char           *org_url,
                                            const char           *path,
                                            const char           *query);
/* A $filter value made safe for a query string. */
char        *_oc_dataverse_escape_filter   (const char           *filter);
gboolean     _oc_dataverse_same_origin     (const char           *org_url,
                                            const char           *url);
SoupMessage *_oc_dataverse_new_message     (const char           *method,
                                            const char           *url,
                                            const char           *authorization,
                                            guint                 page_size);
/* Seconds a 429 or 503 answer asks to wait (Retry-After), or 0. */
guint        _oc_dataverse_retry_after     (SoupMessage          *msg);

/* GETs @url and every @odata.nextLink after it, all or nothing. Rows come as
 * JsonObject references; a malformed page fails the whole fetch with
 * OC_SOURCE_ERROR_PROTOCOL. */
void         _oc_dataverse_fetch_all_async (SoupSession          *session,
                                            const char           *org_url,
                                            const char           *authorization,
                                            const char           *url,
                                            guint                 page_size,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* @retry_after: (out) (optional): set from Retry-After when the org said to
 * slow down (OC_SOURCE_ERROR_RATE_LIMITED), else 0. */
GPtrArray   *_oc_dataverse_fetch_all_finish (SoupSession         *session,
                                            GAsyncResult         *result,
                                            guint                *retry_after,
                                            GError              **error);

/* The same with change tracking (Prefer: odata.track-changes, or @url a
 * delta link): the rows are the table's, or its changes since the delta
 * link, deleted rows among them (see _oc_odata_is_deleted()). */
void         _oc_dataverse_fetch_changes_async (SoupSession      *session,
                                            const char           *org_url,
                                            const char           *authorization,
                                            const char           *url,
                                            guint                 page_size,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* @delta_link: (out) (transfer full): where the next changes will be, or
 * NULL when the org sent none */
GPtrArray   *_oc_dataverse_fetch_changes_finish (SoupSession     *session,
                                            GAsyncResult         *result,
                                            char                **delta_link,
                                            guint                *retry_after,
                                            GError              **error);
/* A deleted row of a delta ("@odata.context": "…/$deletedEntity", with its
 * key in "id"). */
gboolean     _oc_odata_is_deleted          (JsonObject           *row);

/* Tolerant readers of one row: a missing or mistyped column reads as absent. */
const char  *_oc_odata_get_string          (JsonObject           *row,
                                            const char           *column);
const char  *_oc_odata_get_formatted       (JsonObject           *row,
                                            const char           *column);
gboolean     _oc_odata_get_int             (JsonObject           *row,
                                            const char           *column,
                                            gint64               *value);
/* @fallback when absent or not a boolean. */
gboolean     _oc_odata_get_bool            (JsonObject           *row,
                                            const char           *column,
                                            gboolean              fallback);
/* Unix seconds, 0 when absent or not a date. */
gint64       _oc_odata_get_time            (JsonObject           *row,
                                            const char           *column);
/* A GUID column, lower-cased; NULL when absent or not an id. */
char        *_oc_odata_get_id              (JsonObject           *row,
                                            const char           *column);

/* ------------------------------------------------------------------------ */
/* From Dataverse rows to our objects (oc-dataverse-map.c) */

OcStatus     _oc_dataverse_map_status      (gint64                statecode,
                                            gint64                statuscode);
OcSentiment  _oc_dataverse_map_sentiment   (gint64                label);
/* @sub_channel: (out): an interned label for messaging, or NULL */
OcChannel    _oc_dataverse_map_channel     (gint64                streamsource,
                                            const char           *formatted,
                                            const char          **sub_channel);
OcPresence   _oc_dataverse_map_presence    (gint64                base);
/* "192360000,192360003" → OC_PRESENCE_BIT mask */
guint        _oc_dataverse_map_presences   (const char           *allowed);

/* What later rows are joined with; built anew at each full load. */
typedef struct {
  GHashTable *workstreams;    /* id -> OcWorkstream */
  GHashTable *sub_channels;   /* workstream id -> interned sub-channel */
  GHashTable *queue_streams;  /* queue id -> workstream id (its default queue) */
  GHashTable *presences;      /* id -> DvPresence */
  GHashTable *users;          /* id -> DvUser */
  GHashTable *agent_queues;   /* user id -> GPtrArray of queue ids */
  GHashTable *agent_skills;   /* user id -> GPtrArray of DvSkill */
  GPtrArray  *queues;         /* OcQueue */
} OcDataverseWorld;

OcDataverseWorld *_oc_dataverse_world_new   (void);
void              _oc_dataverse_world_free  (OcDataverseWorld *world);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcDataverseWorld, _oc_dataverse_world_free)

void         _oc_dataverse_read_workstreams (OcDataverseWorld    *world,
                                            GPtrArray            *rows);
void         _oc_dataverse_read_queues     (OcDataverseWorld     *world,
                                            GPtrArray            *rows);
void         _oc_dataverse_read_presences  (OcDataverseWorld     *world,
                                            GPtrArray            *rows);
void         _oc_dataverse_read_users      (OcDataverseWorld     *world,
                                            GPtrArray            *rows);
void         _oc_dataverse_read_memberships (OcDataverseWorld    *world,
                                            GPtrArray            *rows);
/* Bookable resources (user ↔ resource) and their characteristics. */
void         _oc_dataverse_read_skills     (OcDataverseWorld     *world,
                                            GPtrArray            *resources,
                                            GPtrArray            *characteristics);
/* One msdyn_agentstatus row as an agent, or NULL (a row without a user). */
OcAgent     *_oc_dataverse_agent_from_row  (OcDataverseWorld     *world,
                                            JsonObject           *row);
/* One msdyn_ocliveworkitem row. @previous (nullable) is the row as the store
 * holds it: a status it already had keeps its start. @closed is set for a row
 * that left the live set (closed or not open). NULL for a row without a
 * usable id, with @error saying why. */
OcConversation *_oc_dataverse_conversation_from_row (OcDataverseWorld *world,
                                            JsonObject           *row,
                                            OcConversation       *previous,
                                            gboolean             *closed,
                                            GError              **error);

/* The messages of a msdyn_transcript annotation (base64 of JSON), in time
 * order, numbered from @first_seq. */
GPtrArray   *_oc_dataverse_parse_transcript (const char          *documentbody,
                                            gint64                first_seq,
                                            GError              **error);

/* ------------------------------------------------------------------------ */
/* The source, for its other files */

typedef struct _OcDataverseCycle OcDataverseCycle;

struct _OcDataverseSource
{
  OcSource             parent_instance;

  char                *authorization;
  SoupSession         *session;
  char                *user_id;

  guint                poll_interval_ms;
  guint                resync_interval_ms;
  guint                window_hours;
  /* The user holds the "Omnichannel API access" role, with which
   * Microsoft says a supervisor's assignments fail. */
  gboolean             has_api_access_role;
  guint                page_size;
  gboolean             actions_enabled;
  /* The org's Actions from $metadata (oc-dataverse-metadata.c); NULL while
   * unknown, when only actions-enabled decides. */
  GHashTable          *action_metadata;
  GCancellable        *metadata_cancellable;
  char                *workspace_app;
  /* Renews an expired access token with its refresh token, once per
   * refusal (oc-dataverse-sync.c); NULL with a token from elsewhere. */
  OcEntraSignIn       *sign_in;
  GCancellable        *renew_cancellable;
  gboolean             renewed;          /* since the last cycle that worked */

  /* Syncing (oc-dataverse-sync.c) */
  gboolean             running;
  GCancellable        *cancellable;      /* the cycle in progress */
  OcDataverseCycle    *cycle;
  guint                timer;            /* the next cycle */
  OcBackoff            backoff;
  gint64               last_full;        /* monotonic µs of the last full load, 0 = never */
  gboolean             loaded;           /* the store holds a full load of ours */
  OcDataverseWorld    *world;
  gint64               conversations_mark;  /* newest modifiedon seen (Unix s) */
  gint64               agents_mark;
  /* Logical name -> DvTracked: the tables the org tracks changes of and
   * that have not refused a tracked read (oc-dataverse-sync.c). */
  GHashTable          *tracking;
  guint                full_loads;
  guint                polls;
};

/* Sync (oc-dataverse-sync.c) */
void         _oc_dataverse_sync_start       (OcDataverseSource *self);
void         _oc_dataverse_sync_stop        (OcDataverseSource *self);

/* Actions (oc-dataverse-actions.c) */
char        *_oc_dataverse_workspace_url   (const char           *org_url,
                                            const char           *app,
                                            const char           *conversation_id);
/* NULL when @metadata has what @capability sends, else why not. */
char        *_oc_dataverse_actions_check   (GHashTable           *metadata,
                                            OcSourceCapabilities  capability);
/* The six actions of OcSourceClass. */
void         _oc_dataverse_class_actions_init (OcSourceClass     *source_class);

/* $metadata (oc-dataverse-metadata.c): Action name → its parameters (name →
 * Type, "@IsBound" when bound), or NULL when not well-formed. */
GHashTable  *_oc_dataverse_metadata_parse  (const char           *xml,
                                            gsize                 length,
                                            GError              **error);

/* GETs $metadata once per start into action_metadata. */
void         _oc_dataverse_metadata_fetch  (OcDataverseSource    *self);

/* Transcripts (oc-dataverse-transcript.c) */
OcTranscript *_oc_dataverse_open_transcript (OcDataverseSource   *self,
                                             const char          *conversation_id);

G_END_DECLS
