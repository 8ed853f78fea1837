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
  OcCountingStream *owner;  /* not owned: it owns us */
};

struct _OcCountingStream
{
  GIOStream             parent_instance;
  GIOStream            *base;
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

static gssize
oc_counting_output_write (GOutputStream  *stream,
                          const void     *buffer,
                          gsize           count,
                          GCancellable   *cancellable,
                          GError        **error)
{
  OcCountingOutput *self = OC_COUNTING_OUTPUT (stream);
  gssize n = g_output_stream_write (self->base, buffer, count, cancellable, error);

  note_written (self, n);
  return n;
}

static gboolean
oc_counting_output_flush (GOutputStream  *stream,
                          GCancellable   *cancellable,
                          GError        **error)
{
  OcCountingOutput *self = OC_COUNTING_OUTPUT (stream);

  return g_output_stream_flush (self->base, cancellable, error);
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

  return g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (self->base));
}

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

static gssize
oc_counting_output_write_nonblocking (GPollableOutputStream  *stream,
                                      const void             *buffer,
                                      gsize                   count,
                                      GError                **error)
{
  OcCountingOutput *self = OC_COUNTING_OUTPUT (stream);
  gssize n;

  n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (self->base),
                                                  buffer, count, NULL, error);
  note_written (self, n);
  return n;
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
}

static GInputStream *
oc_counting_stream_get_input_stream (GIOStream *stream)
{
  OcCountingStream *self = OC_COUNTING_STREAM (stream);

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
  g_io_stream_close_async (self->base, io_priority, cancellable, base_closed_cb, task);
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

guint64
oc_counting_stream_get_bytes_written (OcCountingStream *self)
{
  g_return_val_if_fail (OC_IS_COUNTING_STREAM (self), 0);

  return self->written;
}

GIOStream *
oc_counting_stream_get_base (OcCountingStream *self)
{
  g_return_val_if_fail (OC_IS_COUNTING_STREAM (self), NULL);

  return self->base;
}

void
oc_counting_stream_set_written_func (OcCountingStream     *self,
                                     OcCountingStreamFunc  func,
                                     gpointer              user_data)
{
  g_return_if_fail (OC_IS_COUNTING_STREAM (self));

  self->func = func;
  self->func_data = user_data;
}
