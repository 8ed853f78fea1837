// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * A fake Dynamics 365 Web API (v9.2) for OcDataverseSource's tests: a
 * SoupServer on 127.0.0.1 serving the Omnichannel tables under their
 * documented names. It honours $select (and refuses columns a table does
 * not have, as Dataverse does), a small $filter (eq ne gt ge lt le, and, or,
 * brackets), $orderby (ties in no stable order), Prefer: odata.maxpagesize with @odata.nextLink, and
 * Prefer: odata.include-annotations for formatted values. On demand it
 * answers 401 (the token expired), 429 with Retry-After, 403 for a table, a
 * malformed page, or refuses actions. It runs in the caller's main context.
 */
typedef struct _FakeDataverse FakeDataverse;

FakeDataverse *fake_dataverse_new              (const char    *token);
void           fake_dataverse_free             (FakeDataverse *self);
/* "http://127.0.0.1:PORT" */
const char    *fake_dataverse_get_url          (FakeDataverse *self);

/* Rows: @json is one object; "modifiedon" is set to now where the table has
 * it and the row does not say. */
void           fake_dataverse_add              (FakeDataverse *self,
                                                const char    *entity_set,
                                                const char    *json);
/* Merges @json into the row whose key column is @id and sets modifiedon to
 * now (unless @json sets it). */
void           fake_dataverse_update           (FakeDataverse *self,
                                                const char    *entity_set,
                                                const char    *id,
                                                const char    *json);
void           fake_dataverse_remove           (FakeDataverse *self,
                                                const char    *entity_set,
                                                const char    *id);
/* The rows of a table (JsonObject), owned by the fake. */
GPtrArray     *fake_dataverse_get_rows         (FakeDataverse *self,
                                                const char    *entity_set);

/* Misbehaviour. */
void           fake_dataverse_set_token        (FakeDataverse *self,
                                                const char    *token);
/* The next @n requests get 429 with Retry-After: @seconds. */
void           fake_dataverse_throttle         (FakeDataverse *self,
                                                guint          n,
                                                guint          seconds);
/* The next request for @entity_set that is a follow-up page (has a
 * $skiptoken) gets a malformed body. */
void           fake_dataverse_break_next_page  (FakeDataverse *self,
                                                const char    *entity_set);
/* The next follow-up page of @entity_set gets 429 with Retry-After. */
void           fake_dataverse_throttle_next_page (FakeDataverse *self,
                                                const char    *entity_set,
                                                guint          seconds);
/* The signed-in user also holds "Omnichannel API access", the role with
 * which Microsoft says a supervisor's assignments fail. */
void           fake_dataverse_give_api_access_role (FakeDataverse *self);
/* The supervisor's roles (Omnichannel supervisor, and API access if given)
 * come only through a team they are a member of; their own are "Basic User". */
void           fake_dataverse_give_roles_through_team (FakeDataverse *self);
/* Requests that did not say "If-None-Match: null", as Microsoft's examples
 * all do (no cached answer may stand in for the org's). */
guint          fake_dataverse_count_without_if_none_match (FakeDataverse *self);
/* The org tracks changes of @entity_set: EntityDefinitions lists it, and a
 * read with Prefer: odata.track-changes (no $filter, $orderby, $expand or
 * $top, else the documented 400) ends with an @odata.deltaLink whose
 * $deltatoken brings the rows changed since and the deleted ones. A
 * tracked read of a table not tracked gets 400. */
void           fake_dataverse_track_changes    (FakeDataverse *self,
                                                const char    *entity_set);
void           fake_dataverse_forbid           (FakeDataverse *self,
                                                const char    *entity_set);
/* Actions answer 400 with a Dataverse error. */
void           fake_dataverse_refuse_actions   (FakeDataverse *self,
                                                gboolean       refuse);

/* GET $metadata answers @xml (fake-dataverse-metadata.h); NULL: 404. */
void           fake_dataverse_set_metadata     (FakeDataverse *self,
                                                const char    *xml);

/* What was asked: "GET /api/data/v9.2/queues?$select=…" (decoded), in order. */
GPtrArray     *fake_dataverse_get_requests     (FakeDataverse *self);
/* Monotonic µs of each request, parallel to the above. */
GArray        *fake_dataverse_get_request_times (FakeDataverse *self);
guint          fake_dataverse_count_requests   (FakeDataverse *self,
                                                const char    *prefix);
/* Actions received: "CCaaS_AssignConversation <activityid> <body>". */
GPtrArray     *fake_dataverse_get_actions      (FakeDataverse *self);

/* "2026-05-01T10:00:00Z" for @seconds_ago before now. */
char          *fake_dataverse_time_ago         (gint64         seconds_ago);

G_END_DECLS
