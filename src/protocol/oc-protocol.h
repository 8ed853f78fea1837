// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <json-glib/json-glib.h>

#include "oc-event.h"
#include "oc-snapshot.h"

G_BEGIN_DECLS

/* The wire format of docs/protocol.md: strict, safe parsing into our types and
 * the writers the server uses. Every error names the field at fault. */

#define OC_PROTOCOL_ERROR (oc_protocol_error_quark ())

typedef enum {
  OC_PROTOCOL_ERROR_MALFORMED,     /* not JSON, or not the expected shape */
  OC_PROTOCOL_ERROR_TOO_DEEP,      /* nesting over OC_PROTOCOL_MAX_DEPTH */
  OC_PROTOCOL_ERROR_TOO_LARGE,     /* over a size limit */
  OC_PROTOCOL_ERROR_INVALID_UTF8,
  OC_PROTOCOL_ERROR_MISSING_FIELD,
  OC_PROTOCOL_ERROR_WRONG_TYPE,
  OC_PROTOCOL_ERROR_OUT_OF_RANGE,
  OC_PROTOCOL_ERROR_INVALID_ID,
  OC_PROTOCOL_ERROR_INVALID_TIME,
} OcProtocolError;

#define OC_PROTOCOL_MAX_DEPTH        32
#define OC_PROTOCOL_MAX_ID_BYTES     128
#define OC_PROTOCOL_MAX_SUBJECT      1024   /* characters */
#define OC_PROTOCOL_MAX_NAME         256    /* characters */
#define OC_PROTOCOL_MAX_TEXT         65536  /* characters */
#define OC_PROTOCOL_MAX_SKILLS       64
#define OC_PROTOCOL_MAX_SECONDS      G_GINT64_CONSTANT (315360000)
#define OC_PROTOCOL_MAX_REVISION     G_GINT64_CONSTANT (9007199254740992)
#define OC_PROTOCOL_MAX_CAPACITY     10000
#define OC_PROTOCOL_MAX_SKILL_LEVEL  10
#define OC_PROTOCOL_MAX_EVENT_FRAME      (1024 * 1024)
#define OC_PROTOCOL_MAX_TRANSCRIPT_FRAME (4 * 1024 * 1024)
#define OC_PROTOCOL_MAX_SNAPSHOT     (G_GINT64_CONSTANT (512) * 1024 * 1024)
#define OC_PROTOCOL_MAX_REQUEST_BODY (64 * 1024)

GQuark oc_protocol_error_quark (void);

/**
 * OcProtocolTimeFlags:
 * @OC_PROTOCOL_TIME_RFC3339: an RFC 3339 date-time, zone included
 * @OC_PROTOCOL_TIME_NO_ZONE_IS_UTC: also a date-time without a zone, read as
 *   UTC (Dataverse may write those)
 *
 * How oc_protocol_parse_time() reads.
 */
typedef enum {
  OC_PROTOCOL_TIME_RFC3339        = 0,
  OC_PROTOCOL_TIME_NO_ZONE_IS_UTC = 1 << 0,
} OcProtocolTimeFlags;

/* Reading (oc-protocol-read.c): every input goes through the same strict
 * reader, so every parser fails the same way on hostile input. */
JsonNode       *oc_protocol_parse_json         (const char           *data,
                                                gsize                 length,
                                                gsize                 max_length,
                                                GError              **error);
OcConversation *oc_protocol_parse_conversation (const char           *data,
                                                gsize                 length,
                                                gsize                 max_length,
                                                GPtrArray            *warnings,
                                                GError              **error);
OcAgent        *oc_protocol_parse_agent        (const char           *data,
                                                gsize                 length,
                                                gsize                 max_length,
                                                GPtrArray            *warnings,
                                                GError              **error);
OcQueue        *oc_protocol_parse_queue        (const char           *data,
                                                gsize                 length,
                                                gsize                 max_length,
                                                GPtrArray            *warnings,
                                                GError              **error);
OcWorkstream   *oc_protocol_parse_workstream   (const char           *data,
                                                gsize                 length,
                                                gsize                 max_length,
                                                GPtrArray            *warnings,
                                                GError              **error);
OcMessage      *oc_protocol_parse_message      (const char           *data,
                                                gsize                 length,
                                                gsize                 max_length,
                                                GPtrArray            *warnings,
                                                GError              **error);
OcAuditEntry   *oc_protocol_parse_audit_entry  (const char           *data,
                                                gsize                 length,
                                                gsize                 max_length,
                                                GPtrArray            *warnings,
                                                GError              **error);
GPtrArray      *oc_protocol_parse_audit_page   (const char           *data,
                                                gsize                 length,
                                                gint64               *next_before,
                                                GPtrArray            *warnings,
                                                GError              **error);
OcSnapshot     *oc_protocol_parse_snapshot     (const char           *data,
                                                gsize                 length,
                                                GError              **error);
/* GET /snapshot read a part at a time, for a first load that shows rows
 * before the whole body is read (oc-protocol-read.c). */
typedef struct _OcSnapshotReader OcSnapshotReader;

OcSnapshotReader *oc_snapshot_reader_new              (GBytes            *body,
                                                       OcSnapshot       **head,
                                                       GError           **error);
guint             oc_snapshot_reader_get_n_conversations (OcSnapshotReader *self);
guint             oc_snapshot_reader_read             (OcSnapshotReader  *self,
                                                       guint              max_items,
                                                       OcSnapshot        *chunk);
void              oc_snapshot_reader_free             (OcSnapshotReader  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcSnapshotReader, oc_snapshot_reader_free)

OcEvent        *oc_protocol_parse_event        (const char           *data,
                                                gsize                 length,
                                                gsize                 max_length,
                                                GError              **error);
gboolean        oc_protocol_parse_error_body   (const char           *data,
                                                gsize                 length,
                                                char                **code,
                                                char                **message);
gboolean        oc_protocol_parse_me           (const char           *data,
                                                gsize                 length,
                                                char                **user,
                                                OcRole               *role,
                                                GError              **error);

/* The conventions both sides share (oc-protocol.c). */
gboolean        oc_protocol_parse_time         (const char           *text,
                                                OcProtocolTimeFlags   flags,
                                                gint64               *out_unix,
                                                GError              **error);
char           *oc_protocol_format_time        (gint64                unix_time);
gboolean        oc_protocol_is_valid_id        (const char           *id);

/* Writing (oc-protocol-write.c). */
void            oc_protocol_write_conversation  (JsonBuilder         *builder,
                                                 OcConversation      *conversation);
void            oc_protocol_write_agent         (JsonBuilder         *builder,
                                                 OcAgent             *agent);
void            oc_protocol_write_queue         (JsonBuilder         *builder,
                                                 OcQueue             *queue);
void            oc_protocol_write_workstream    (JsonBuilder         *builder,
                                                 OcWorkstream        *workstream);
void            oc_protocol_write_message       (JsonBuilder         *builder,
                                                 OcMessage           *message);
void            oc_protocol_write_audit_entry   (JsonBuilder         *builder,
                                                 OcAuditEntry        *entry);
char           *oc_protocol_builder_to_string   (JsonBuilder         *builder,
                                                 gsize               *length);
void            oc_protocol_append_conversation (GString             *out,
                                                 OcConversation      *conversation);

G_END_DECLS
