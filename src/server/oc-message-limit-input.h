// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OC_TYPE_MESSAGE_LIMIT_INPUT (oc_message_limit_input_get_type ())
G_DECLARE_FINAL_TYPE (OcMessageLimitInput, oc_message_limit_input, OC, MESSAGE_LIMIT_INPUT, GFilterInputStream)

/* Called once, from an idle, when a client's WebSocket message passes the
 * limit. */
typedef void (*OcMessageLimitFunc) (gpointer user_data);

/**
 * oc_message_limit_input_new:
 * @base: (transfer none): a pollable stream carrying a client's WebSocket
 *   frames (RFC 6455 §5.2)
 * @max_message: the most bytes one message may hold, its continuation
 *   frames added up
 * @func: called when a message passes @max_message
 *
 * libsoup 3.2 limits each incoming frame but reassembles a message of many
 * frames without a limit: this stream reads the frame headers as they pass
 * and, once a message is too large, hands on nothing more, so that no more
 * of it is kept, and calls @func to close the connection.
 *
 * Returns: (transfer full): the stream to give libsoup in place of @base
 */
GInputStream *oc_message_limit_input_new (GInputStream       *base,
                                          guint64             max_message,
                                          OcMessageLimitFunc  func,
                                          gpointer            user_data);

G_END_DECLS
