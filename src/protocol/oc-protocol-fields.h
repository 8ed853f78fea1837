// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-json-private.h"
#include "oc-protocol.h"

G_BEGIN_DECLS

/* Field readers shared by the object parsers (oc-protocol-objects.c). Each names
 * the field as "<kind>.<field>" in its error, and appends a warning naming the
 * object when it cuts a string or drops extras. */

typedef struct {
  const char *kind;       /* "conversation", "agent", … */
  const char *prefix;     /* NULL, or a nested path such as "skills[3]." */
  const char *id;         /* NUL-terminated once the id is read, for warnings */
  GPtrArray  *warnings;   /* may be NULL */
  GError    **error;
} OcFieldCtx;

typedef enum {
  OC_FIELD_OPTIONAL,
  OC_FIELD_REQUIRED,
} OcFieldNeed;

gboolean _oc_field_fail     (OcFieldCtx        *ctx,
                             const char        *field,
                             int                code,
                             const char        *what);
void     _oc_field_warn_cut (OcFieldCtx        *ctx,
                             const char        *field,
                             guint              limit);

/* Each returns FALSE (with ctx->error set) on a bad value. An absent or null
 * optional field leaves *out alone and sets *present (when given) to FALSE. */
gboolean _oc_field_object  (OcFieldCtx         *ctx,
                            const OcJsonValue  *object,
                            const char         *field,
                            OcFieldNeed         need,
                            const OcJsonValue **out);
gboolean _oc_field_array   (OcFieldCtx         *ctx,
                            const OcJsonValue  *object,
                            const char         *field,
                            OcFieldNeed         need,
                            const OcJsonValue **out);
/* Copies a valid id into @buf (OC_PROTOCOL_MAX_ID_BYTES + 1 bytes). */
gboolean _oc_field_id      (OcFieldCtx         *ctx,
                            const OcJsonValue  *object,
                            const char         *field,
                            OcFieldNeed         need,
                            char               *buf,
                            gboolean           *present);
gboolean _oc_value_id      (OcFieldCtx         *ctx,
                            const OcJsonValue  *value,
                            const char         *field,
                            char               *buf);
/* A newly allocated string cut to @limit characters (0: no limit). */
gboolean _oc_field_string  (OcFieldCtx         *ctx,
                            const OcJsonValue  *object,
                            const char         *field,
                            OcFieldNeed         need,
                            guint               limit,
                            char              **out);
gboolean _oc_value_string  (OcFieldCtx         *ctx,
                            const OcJsonValue  *value,
                            const char         *field,
                            guint               limit,
                            char              **out);
gboolean _oc_field_int     (OcFieldCtx         *ctx,
                            const OcJsonValue  *object,
                            const char         *field,
                            OcFieldNeed         need,
                            gint64              min,
                            gint64              max,
                            gint64             *out);
gboolean _oc_field_time    (OcFieldCtx         *ctx,
                            const OcJsonValue  *object,
                            const char         *field,
                            OcFieldNeed         need,
                            gint64             *out,
                            gboolean           *present);
gboolean _oc_field_enum    (OcFieldCtx         *ctx,
                            const OcJsonValue  *object,
                            const char         *field,
                            OcFieldNeed         need,
                            GType               enum_type,
                            int                *out);
int      _oc_enum_lookup   (GType               enum_type,
                            const char         *nick,
                            gsize               len);

/* MALFORMED unless @v is an object: for the top level of a message. */
gboolean _oc_field_expect_root (OcFieldCtx        *ctx,
                                const OcJsonValue *v);

/* The object readers of oc-protocol-objects.c. */
OcConversation *_oc_read_conversation (const OcJsonValue *v, GPtrArray *warnings, GError **error);
OcAgent        *_oc_read_agent        (const OcJsonValue *v, GPtrArray *warnings, GError **error);
OcQueue        *_oc_read_queue        (const OcJsonValue *v, GPtrArray *warnings, GError **error);
OcWorkstream   *_oc_read_workstream   (const OcJsonValue *v, GPtrArray *warnings, GError **error);
OcMessage      *_oc_read_message      (const OcJsonValue *v, GPtrArray *warnings, GError **error);

gboolean _oc_protocol_parse_time_n (const char          *text,
                                    gsize                len,
                                    OcProtocolTimeFlags  flags,
                                    gint64              *out_unix);

G_END_DECLS
