// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-message-limit-input.h"

G_BEGIN_DECLS

#define OC_TYPE_COUNTING_STREAM (oc_counting_stream_get_type ())
G_DECLARE_FINAL_TYPE (OcCountingStream, oc_counting_stream, OC, COUNTING_STREAM, GIOStream)

typedef void (*OcCountingStreamFunc) (OcCountingStream *stream,
                                      guint64           bytes_written,
                                      gpointer          user_data);

OcCountingStream *oc_counting_stream_new               (GIOStream            *base);
guint64           oc_counting_stream_get_bytes_written (OcCountingStream     *self);
void              oc_counting_stream_limit_incoming    (OcCountingStream     *self,
                                                        guint64               max_message,
                                                        OcMessageLimitFunc    func,
                                                        gpointer              user_data);
GIOStream        *oc_counting_stream_get_base          (OcCountingStream     *self);
void              oc_counting_stream_set_written_func  (OcCountingStream     *self,
                                                        OcCountingStreamFunc  func,
                                                        gpointer              user_data);

void              oc_counting_stream_inject            (OcCountingStream     *self,
                                                        GBytes               *bytes);
gsize             oc_counting_stream_discard_unsent    (OcCountingStream     *self);

G_END_DECLS
