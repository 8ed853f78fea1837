// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-counting-stream"

#include "config.h"

#include "oc-counting-stream.h"

/* The output half: a pollable stream that forwards to the base output and
 * counts. Private to this file, used only through OcCountingStream. */
#define OC_TYPE_COUNTING_OUTPUT (oc_counting_output_get_type ())
G_DECLARE_FINAL_TYPE (OcCountingOutput, oc_counting_output, OC, COUNTING_OUTPUT, GOutputStream)

struct _OcCountingOutput
{
  GOutputStream     parent_instance;
  GOutputStream    *base;
  OcCountingStream *owner;    /* not owned: it owns us */
  GMainContext     *context;
  GByteArray       *pending;  /* accepted, not yet in the kernel, from head */
  gsize             head;
  GQueue            frames;   /* sizes of the frames in pending, oldest first */
  gsize             head_out; /* bytes of the oldest frame already out */
  GSource          *flush_source;
  GError           *error;    /* from a deferred write, told at the next one */
};

/* Frames written during one dispatch (a burst of changes) leave in one
 * write per connection instead of one each. */
#define PENDING_LIMIT (256 * 1024)
/* Past this, a burst starts leaving at once rather than after it ends. */
#define EAGER_FLUSH (32 * 1024)
#define CLOSE_DRAIN_SECONDS 10

/**
 * OcCountingStream:
 *
 * Wraps a connection's stream and counts the bytes that really left for the
 * kernel. libsoup keeps a WebSocket's outgoing frames in a private queue;
 * comparing what we queued with what was written is how the server bounds a
 * slow subscriber's backlog.
 */
struct _OcCountingStream
{
  GIOStream             parent_instance;
  gint64                close_deadline;
  GIOStream            *base;
  GInputStream         *input;    /* NULL: the base's */
  OcCountingOutput     *output;
  guint64               written;
  OcCountingStreamFunc  func;
  gpointer              func_data;
};

static void oc_counting_output_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OcCountingOutput, oc_counting_output, G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      oc_counting_output_pollable_init))
G_DEFINE_FINAL_TYPE (OcCountingStream, oc_counting_stream, G_TYPE_IO_STREAM)

static void
note_written (OcCountingOutput *self,
              gssize            count)
{
  if (count <= 0 || self->owner == NULL)
    return;

  self->owner->written += count;
  if (self->owner->func)
    self->owner->func (self->owner, self->owner->written, self->owner->func_data);
}

static inline gsize
pending_length (OcCountingOutput *self)
{
  return self->pending->len - self->head;
}

static void
append_frame (OcCountingOutput *self,
              gconstpointer     data,
              gsize             size)
{
  g_byte_array_append (self->pending, data, size);
  g_queue_push_tail (&self->frames, GSIZE_TO_POINTER (size));
}

static void
consume (OcCountingOutput *self,
         gsize             n)
{
  self->head_out += n;
  while (!g_queue_is_empty (&self->frames) &&
         self->head_out >= GPOINTER_TO_SIZE (g_queue_peek_head (&self->frames)))
    self->head_out -= GPOINTER_TO_SIZE (g_queue_pop_head (&self->frames));

  self->head += n;
  if (self->head == self->pending->len)
    {
      g_byte_array_set_size (self->pending, 0);
      self->head = 0;
    }
  else if (self->head > 64 * 1024 && self->head > self->pending->len / 2)
    {
      /* Moved now and then, not after every partial write. */
      g_byte_array_remove_range (self->pending, 0, self->head);
      self->head = 0;
    }
}

static gboolean
flush_pending (OcCountingOutput *self)
{
  while (pending_length (self) > 0 && self->error == NULL)
    {
      GError *error = NULL;
      gssize n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (self->base),
                                                             self->pending->data + self->head,
                                                             pending_length (self), NULL, &error);

      if (n > 0)
        {
          consume (self, n);
          note_written (self, n);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_error_free (error);
          return FALSE;
        }
      else
        {
          self->error = error;
          g_byte_array_set_size (self->pending, 0);
          self->head = self->head_out = 0;
          g_queue_clear (&self->frames);
        }
    }

  return TRUE;
}

static void schedule_flush (OcCountingOutput *self,
                            gboolean          when_writable);

static gboolean
flush_cb (gpointer data)
{
  OcCountingOutput *self = data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  if (!flush_pending (self))
    schedule_flush (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* Pollable sources call back with the stream first. */
static gboolean
flush_writable_cb (GObject  *stream,
                   gpointer  data)
{
  return flush_cb (data);
}

static void
schedule_flush (OcCountingOutput *self,
                gboolean          when_writable)
{
  if (self->flush_source != NULL || pending_length (self) == 0)
    return;

  self->flush_source = when_writable
                       ? g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (self->base), NULL)
                       : g_idle_source_new ();
  g_source_set_priority (self->flush_source, G_PRIORITY_DEFAULT);
  /* The source keeps the stream: a flush may end up freeing its owner. */
  g_source_set_callback (self->flush_source,
                         when_writable ? (GSourceFunc) (void (*) (void)) flush_writable_cb : flush_cb,
                         g_object_ref (self), g_object_unref);
  g_source_attach (self->flush_source, self->context);
}

static gboolean
flush_blocking (OcCountingOutput  *self,
                GCancellable      *cancellable,
                GError           **error)
{
  gsize written = 0;
  gboolean ok;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }

  ok = g_output_stream_write_all (self->base, self->pending->data + self->head, pending_length (self),
                                  &written, cancellable, error);
  consume (self, written);
  note_written (self, written);

  return ok;
}

static gssize
oc_counting_output_write (GOutputStream  *stream,
                          const void     *buffer,
                          gsize           count,
                          GCancellable   *cancellable,
                          GError        **error)
{
  OcCountingOutput *self = OC_COUNTING_OUTPUT (stream);
  gssize n;

  if (!flush_blocking (self, cancellable, error))
    return -1;

  n = g_output_stream_write (self->base, buffer, count, cancellable, error);
  note_written (self, n);
  return n;
}

static gboolean
oc_counting_output_flush (GOutputStream  *stream,
                          GCancellable   *cancellable,
                          GError        **error)
{
  OcCountingOutput *self = OC_COUNTING_OUTPUT (stream);

  return flush_blocking (self, cancellable, error) &&
         g_output_stream_flush (self->base, cancellable, error);
}

/* The base stream is closed with the whole GIOStream. */
static gboolean
oc_counting_output_close (GOutputStream  *stream,
                          GCancellable   *cancellable,
                          GError        **error)
{
  return TRUE;
}

static gboolean
oc_counting_output_can_poll (GPollableOutputStream *stream)
{
  OcCountingOutput *self = OC_COUNTING_OUTPUT (stream);

  return G_IS_POLLABLE_OUTPUT_STREAM (self->base) &&
         g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (self->base));
}

static gboolean
oc_counting_output_is_writable (GPollableOutputStream *stream)
{
  OcCountingOutput *self = OC_COUNTING_OUTPUT (stream);

  return self->error != NULL || pending_length (self) < PENDING_LIMIT;
}

/* Only asked for when the buffer is full: ready once the kernel takes more. */
static GSource *
oc_counting_output_create_source (GPollableOutputStream *stream,
                                  GCancellable          *cancellable)
{
  OcCountingOutput *self = OC_COUNTING_OUTPUT (stream);
  g_autoptr(GSource) base_source = NULL;

  /* No g_source_set_dummy_callback() here: the call below sets one, and
   * replacing a dummy callback destroys the source. */
  base_source = g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (self->base), NULL);

  return g_pollable_source_new_full (stream, base_source, cancellable);
}

/* All or nothing: a frame is never split, so frames injected with
 * oc_counting_stream_inject() always land between libsoup's. */
static gssize
oc_counting_output_write_nonblocking (GPollableOutputStream  *stream,
                                      const void             *buffer,
                                      gsize                   count,
                                      GError                **error)
{
  OcCountingOutput *self = OC_COUNTING_OUTPUT (stream);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return -1;
    }

  if (pending_length (self) > 0 && pending_length (self) + count > PENDING_LIMIT)
    flush_pending (self);

  if (pending_length (self) > 0 && pending_length (self) + count > PENDING_LIMIT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "Would block");
      return -1;
    }

  append_frame (self, buffer, count);
  schedule_flush (self, FALSE);

  return count;
}

static void
oc_counting_output_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = oc_counting_output_can_poll;
  iface->is_writable = oc_counting_output_is_writable;
  iface->create_source = oc_counting_output_create_source;
  iface->write_nonblocking = oc_counting_output_write_nonblocking;
}

static void
oc_counting_output_finalize (GObject *object)
{
  OcCountingOutput *self = OC_COUNTING_OUTPUT (object);

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  g_clear_pointer (&self->pending, g_byte_array_unref);
  g_queue_clear (&self->frames);
  g_clear_error (&self->error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->base);

  G_OBJECT_CLASS (oc_counting_output_parent_class)->finalize (object);
}

static void
oc_counting_output_class_init (OcCountingOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = oc_counting_output_finalize;
  stream_class->write_fn = oc_counting_output_write;
  stream_class->flush = oc_counting_output_flush;
  stream_class->close_fn = oc_counting_output_close;
}

static void
oc_counting_output_init (OcCountingOutput *self)
{
  self->pending = g_byte_array_new ();
  self->context = g_main_context_ref_thread_default ();
}

static GInputStream *
oc_counting_stream_get_input_stream (GIOStream *stream)
{
  OcCountingStream *self = OC_COUNTING_STREAM (stream);

  if (self->input != NULL)
    return self->input;
  return g_io_stream_get_input_stream (self->base);
}

static GOutputStream *
oc_counting_stream_get_output_stream (GIOStream *stream)
{
  OcCountingStream *self = OC_COUNTING_STREAM (stream);

  return G_OUTPUT_STREAM (self->output);
}

static gboolean
oc_counting_stream_close (GIOStream     *stream,
                          GCancellable  *cancellable,
                          GError       **error)
{
  OcCountingStream *self = OC_COUNTING_STREAM (stream);
  g_autoptr(GError) flush_error = NULL;

  flush_blocking (self->output, cancellable, &flush_error);

  return g_io_stream_close (self->base, cancellable, error);
}

static void
base_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_io_stream_close_finish (G_IO_STREAM (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean drain_writable_cb (GObject  *stream,
                                   gpointer  data);

static gboolean
drain_then_close_cb (gpointer data)
{
  GTask *task = data;
  OcCountingStream *self = g_task_get_source_object (task);
  OcCountingOutput *output = self->output;

  /* What libsoup handed over (the close frame last) leaves before the
   * connection closes; a peer that stops reading gets CLOSE_DRAIN_SECONDS. */
  if (!flush_pending (output) && g_get_monotonic_time () < self->close_deadline)
    {
      GSource *source = g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (output->base), NULL);

      g_source_set_ready_time (source, self->close_deadline);
      g_source_set_callback (source, (GSourceFunc) (void (*) (void)) drain_writable_cb, task, NULL);
      g_source_attach (source, output->context);
      g_source_unref (source);
      return G_SOURCE_REMOVE;
    }

  g_io_stream_close_async (self->base, g_task_get_priority (task), g_task_get_cancellable (task),
                           base_closed_cb, task);
  return G_SOURCE_REMOVE;
}

static gboolean
drain_writable_cb (GObject  *stream,
                   gpointer  data)
{
  return drain_then_close_cb (data);
}

/* GIOStream's default would close from a worker thread; the base stream
 * knows how to close asynchronously on our main context. */
static void
oc_counting_stream_close_async (GIOStream           *stream,
                                int                  io_priority,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  OcCountingStream *self = OC_COUNTING_STREAM (stream);
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, oc_counting_stream_close_async);
  g_task_set_priority (task, io_priority);
  self->close_deadline = g_get_monotonic_time () + CLOSE_DRAIN_SECONDS * G_USEC_PER_SEC;
  if (self->output->flush_source != NULL)
    {
      g_source_destroy (self->output->flush_source);
      g_clear_pointer (&self->output->flush_source, g_source_unref);
    }
  drain_then_close_cb (task);
}

static gboolean
oc_counting_stream_close_finish (GIOStream     *stream,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
oc_counting_stream_dispose (GObject *object)
{
  OcCountingStream *self = OC_COUNTING_STREAM (object);

  if (self->output)
    self->output->owner = NULL;

  G_OBJECT_CLASS (oc_counting_stream_parent_class)->dispose (object);
}

static void
oc_counting_stream_finalize (GObject *object)
{
  OcCountingStream *self = OC_COUNTING_STREAM (object);

  g_clear_object (&self->output);
  g_clear_object (&self->input);
  g_clear_object (&self->base);

  G_OBJECT_CLASS (oc_counting_stream_parent_class)->finalize (object);
}

static void
oc_counting_stream_class_init (OcCountingStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = oc_counting_stream_dispose;
  object_class->finalize = oc_counting_stream_finalize;
  stream_class->get_input_stream = oc_counting_stream_get_input_stream;
  stream_class->get_output_stream = oc_counting_stream_get_output_stream;
  stream_class->close_fn = oc_counting_stream_close;
  stream_class->close_async = oc_counting_stream_close_async;
  stream_class->close_finish = oc_counting_stream_close_finish;
}

static void
oc_counting_stream_init (OcCountingStream *self)
{
}

/**
 * oc_counting_stream_new:
 * @base: a connection's stream; the new stream keeps a reference
 *
 * Returns: (transfer full): a stream over @base that counts the bytes that
 *   really left for the kernel
 */
OcCountingStream *
oc_counting_stream_new (GIOStream *base)
{
  OcCountingStream *self;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);

  self = g_object_new (OC_TYPE_COUNTING_STREAM, NULL);
  self->base = g_object_ref (base);
  self->output = g_object_new (OC_TYPE_COUNTING_OUTPUT, NULL);
  self->output->base = g_object_ref (g_io_stream_get_output_stream (base));
  self->output->owner = self;

  return self;
}

/**
 * oc_counting_stream_get_bytes_written:
 *
 * Returns: how many bytes have been written to the base stream so far
 */
guint64
oc_counting_stream_get_bytes_written (OcCountingStream *self)
{
  g_return_val_if_fail (OC_IS_COUNTING_STREAM (self), 0);

  return self->written;
}

/**
 * oc_counting_stream_limit_incoming:
 * @max_message: the most bytes one incoming WebSocket message may hold
 * @func: called (once, from an idle) when a message passes it
 *
 * Reads the peer's frames through an OcMessageLimitInput. Call it before
 * the stream is handed to libsoup.
 */
void
oc_counting_stream_limit_incoming (OcCountingStream   *self,
                                   guint64             max_message,
                                   OcMessageLimitFunc  func,
                                   gpointer            user_data)
{
  g_return_if_fail (OC_IS_COUNTING_STREAM (self));
  g_return_if_fail (self->input == NULL);

  self->input = oc_message_limit_input_new (g_io_stream_get_input_stream (self->base),
                                            max_message, func, user_data);
}

/**
 * oc_counting_stream_get_base:
 *
 * Returns: (transfer none): the stream this one wraps
 */
GIOStream *
oc_counting_stream_get_base (OcCountingStream *self)
{
  g_return_val_if_fail (OC_IS_COUNTING_STREAM (self), NULL);

  return self->base;
}

/**
 * oc_counting_stream_set_written_func:
 * @func: (nullable) (scope forever): called after every write that moved
 *   bytes, with the total so far; %NULL for none
 * @user_data: (closure func): data for @func
 *
 * Replaces the write callback. The stream does not free @user_data.
 */
void
oc_counting_stream_set_written_func (OcCountingStream     *self,
                                     OcCountingStreamFunc  func,
                                     gpointer              user_data)
{
  g_return_if_fail (OC_IS_COUNTING_STREAM (self));

  self->func = func;
  self->func_data = user_data;
}

/**
 * oc_counting_stream_inject:
 * @self: an #OcCountingStream
 * @bytes: one or more complete WebSocket frames
 *
 * Queues @bytes for the connection as if libsoup had written them. The
 * events stream frames a change once and hands the same bytes to every
 * subscriber this way, which costs a copy instead of libsoup's per-frame
 * work.
 */
void
oc_counting_stream_inject (OcCountingStream *self,
                           GBytes           *bytes)
{
  gsize size;
  gconstpointer data;

  g_return_if_fail (OC_IS_COUNTING_STREAM (self));
  g_return_if_fail (bytes != NULL);

  if (self->output->error != NULL)
    return;

  data = g_bytes_get_data (bytes, &size);
  append_frame (self->output, data, size);
  if (pending_length (self->output) >= EAGER_FLUSH && self->output->flush_source != NULL &&
      !g_source_is_destroyed (self->output->flush_source))
    flush_pending (self->output);
  schedule_flush (self->output, FALSE);
}

/**
 * oc_counting_stream_discard_unsent:
 * @self: an #OcCountingStream
 *
 * Drops every queued frame that has not started to leave, so that what is
 * written next (a close frame for a subscriber that fell behind) goes out
 * right after the frame in flight.
 *
 * Returns: the bytes dropped
 */
gsize
oc_counting_stream_discard_unsent (OcCountingStream *self)
{
  OcCountingOutput *output;
  gsize keep, dropped;

  g_return_val_if_fail (OC_IS_COUNTING_STREAM (self), 0);

  output = self->output;
  if (g_queue_is_empty (&output->frames))
    return 0;

  /* The frame in flight must finish, or the peer loses the framing. */
  keep = output->head_out > 0
         ? GPOINTER_TO_SIZE (g_queue_peek_head (&output->frames)) - output->head_out
         : 0;
  dropped = pending_length (output) - keep;
  g_byte_array_set_size (output->pending, output->head + keep);
  if (keep > 0)
    {
      gpointer first = g_queue_pop_head (&output->frames);

      g_queue_clear (&output->frames);
      g_queue_push_tail (&output->frames, first);
    }
  else
    {
      g_queue_clear (&output->frames);
      output->head_out = 0;
    }

  return dropped;
}
