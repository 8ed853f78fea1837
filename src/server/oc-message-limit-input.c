// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-server"

#include "config.h"

#include "oc-message-limit-input.h"

/* The longest frame header: 2 bytes, 8 of extended length, 4 of mask. */
#define MAX_HEADER 14

struct _OcMessageLimitInput
{
  GFilterInputStream  parent_instance;

  guint64             max_message;
  OcMessageLimitFunc  func;
  gpointer            user_data;
  guint               trip_source;
  gboolean            tripped;

  guint8              header[MAX_HEADER];
  guint               header_len;     /* bytes of the header read so far */
  guint64             payload_left;   /* bytes of the current frame's payload to pass */
  guint64             message_len;    /* payload of the data message so far */
};

static void oc_message_limit_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OcMessageLimitInput, oc_message_limit_input, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      oc_message_limit_input_pollable_init))

static gboolean
trip_cb (gpointer user_data)
{
  OcMessageLimitInput *self = user_data;

  self->trip_source = 0;
  if (self->func != NULL)
    self->func (self->user_data);
  return G_SOURCE_REMOVE;
}

/* How many header bytes a header that starts with these two bytes has. */
static guint
header_size (const guint8 *header)
{
  guint len7 = header[1] & 0x7f;

  return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) ? 4 : 0);
}

static void
oc_message_limit_input_frame_started (OcMessageLimitInput *self)
{
  guint opcode = self->header[0] & 0x0f;
  guint len7 = self->header[1] & 0x7f;
  guint64 length = len7;

  if (len7 == 126)
    length = ((guint64) self->header[2] << 8) | self->header[3];
  else if (len7 == 127)
    {
      length = 0;
      for (guint i = 0; i < 8; i++)
        length = (length << 8) | self->header[2 + i];
    }
  self->payload_left = length;

  /* Control frames (opcode 8 and up) may come between a message's frames
   * and do not count towards it. */
  if (opcode == 0x1 || opcode == 0x2)
    self->message_len = length;
  else if (opcode == 0x0)
    self->message_len = self->message_len + length < self->message_len ? G_MAXUINT64
                                                                        : self->message_len + length;
  else
    return;

  if (self->message_len > self->max_message && !self->tripped)
    {
      g_debug ("A client's WebSocket message passed %" G_GUINT64_FORMAT " bytes", self->max_message);
      self->tripped = TRUE;
      self->trip_source = g_idle_add (trip_cb, self);
    }
}

/* Follows the frames in @data as they pass. */
static void
oc_message_limit_input_scan (OcMessageLimitInput *self,
                             const guint8        *data,
                             gsize                length)
{
  while (length > 0 && !self->tripped)
    {
      if (self->payload_left > 0)
        {
          guint64 skip = MIN (self->payload_left, (guint64) length);

          self->payload_left -= skip;
          data += skip;
          length -= skip;
          continue;
        }

      self->header[self->header_len++] = *data++;
      length--;
      if (self->header_len >= 2 && self->header_len == header_size (self->header))
        {
          oc_message_limit_input_frame_started (self);
          self->header_len = 0;
        }
    }
}

static GInputStream *
base_stream (OcMessageLimitInput *self)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
}

static gssize
oc_message_limit_input_read (GInputStream  *stream,
                             void          *buffer,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  OcMessageLimitInput *self = OC_MESSAGE_LIMIT_INPUT (stream);
  gssize n;

  if (self->tripped)
    return 0;
  n = g_input_stream_read (base_stream (self), buffer, count, cancellable, error);
  if (n > 0)
    oc_message_limit_input_scan (self, buffer, n);
  return n;
}

static gboolean
oc_message_limit_input_is_readable (GPollableInputStream *stream)
{
  OcMessageLimitInput *self = OC_MESSAGE_LIMIT_INPUT (stream);

  /* Once tripped, nothing more is handed on: never readable. */
  return !self->tripped && g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base_stream (self)));
}

static gboolean
never_ready_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static GSource *
oc_message_limit_input_create_source (GPollableInputStream *stream,
                                      GCancellable         *cancellable)
{
  OcMessageLimitInput *self = OC_MESSAGE_LIMIT_INPUT (stream);
  g_autoptr(GSource) base = NULL;
  GSource *source;

  if (self->tripped)
    {
      /* A source that never fires: libsoup waits until it closes. */
      source = g_timeout_source_new_seconds (G_MAXUINT / 2);
      g_source_set_callback (source, never_ready_cb, NULL, NULL);
      return source;
    }

  base = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (base_stream (self)), cancellable);
  source = g_pollable_source_new_full (stream, base, cancellable);
  return source;
}

static gssize
oc_message_limit_input_read_nonblocking (GPollableInputStream  *stream,
                                         void                  *buffer,
                                         gsize                  count,
                                         GError               **error)
{
  OcMessageLimitInput *self = OC_MESSAGE_LIMIT_INPUT (stream);
  gssize n;

  if (self->tripped)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "message over the limit");
      return -1;
    }
  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (base_stream (self)),
                                                buffer, count, NULL, error);
  if (n > 0)
    oc_message_limit_input_scan (self, buffer, n);
  return n;
}

static gboolean
oc_message_limit_input_can_poll (GPollableInputStream *stream)
{
  OcMessageLimitInput *self = OC_MESSAGE_LIMIT_INPUT (stream);

  return G_IS_POLLABLE_INPUT_STREAM (base_stream (self)) &&
         g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (base_stream (self)));
}

static void
oc_message_limit_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = oc_message_limit_input_can_poll;
  iface->is_readable = oc_message_limit_input_is_readable;
  iface->create_source = oc_message_limit_input_create_source;
  iface->read_nonblocking = oc_message_limit_input_read_nonblocking;
}

static void
oc_message_limit_input_dispose (GObject *object)
{
  OcMessageLimitInput *self = OC_MESSAGE_LIMIT_INPUT (object);

  g_clear_handle_id (&self->trip_source, g_source_remove);
  self->func = NULL;

  G_OBJECT_CLASS (oc_message_limit_input_parent_class)->dispose (object);
}

static void
oc_message_limit_input_class_init (OcMessageLimitInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->dispose = oc_message_limit_input_dispose;
  stream_class->read_fn = oc_message_limit_input_read;
}

static void
oc_message_limit_input_init (OcMessageLimitInput *self)
{
}

GInputStream *
oc_message_limit_input_new (GInputStream       *base,
                            guint64             max_message,
                            OcMessageLimitFunc  func,
                            gpointer            user_data)
{
  OcMessageLimitInput *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);

  self = g_object_new (OC_TYPE_MESSAGE_LIMIT_INPUT,
                       "base-stream", base,
                       "close-base-stream", FALSE,
                       NULL);
  self->max_message = max_message;
  self->func = func;
  self->user_data = user_data;
  return G_INPUT_STREAM (self);
}
