// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oc-protocol.h"

G_BEGIN_DECLS

/* The conventions of oc-protocol.c, for the reader and the writers. */

/* Whether @id (@len bytes, not NUL-terminated) is a valid id. */
gboolean _oc_protocol_is_valid_id_n   (const char          *id,
                                       gsize                len);
/* oc_protocol_parse_time() of @len bytes, not NUL-terminated. */
gboolean _oc_protocol_parse_time_n    (const char          *text,
                                       gsize                len,
                                       OcProtocolTimeFlags  flags,
                                       gint64              *out_unix);

#define OC_PROTOCOL_TIME_BUF sizeof "YYYY-MM-DDTHH:MM:SSZ"

/* oc_protocol_format_time() into @buf, NUL-terminated. */
void     _oc_protocol_format_time_buf (gint64               unix_time,
                                       char                 buf[OC_PROTOCOL_TIME_BUF]);

G_END_DECLS
