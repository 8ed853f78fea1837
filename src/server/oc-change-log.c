// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-change-log"

#include "config.h"

#include "oc-change-log.h"

typedef struct {
  gint64  revision;
  GBytes *event;
} OcLogEntry;

struct _OcChangeLog
{
  OcLogEntry *ring;
  guint       capacity;
  guint       start;
  guint       length;
};

static inline OcLogEntry *
nth (OcChangeLog *self,
     guint        i)
{
  return &self->ring[(self->start + i) % self->capacity];
}

/**
 * oc_change_log_new:
 * @capacity: how many events to keep; more than 0
 *
 * Returns: (transfer full): an empty log; free it with oc_change_log_free()
 */
OcChangeLog *
oc_change_log_new (guint capacity)
{
  OcChangeLog *self = g_new0 (OcChangeLog, 1);

  self->capacity = MAX (capacity, 1);
  self->ring = g_new0 (OcLogEntry, self->capacity);

  return self;
}

/**
 * oc_change_log_clear:
 *
 * Drops every event.
 */
void
oc_change_log_clear (OcChangeLog *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->length; i++)
    g_bytes_unref (nth (self, i)->event);
  self->start = self->length = 0;
}

/**
 * oc_change_log_free:
 * @self: (nullable) (transfer full): a log
 *
 * Frees @self and drops its events.
 */
void
oc_change_log_free (OcChangeLog *self)
{
  if (self == NULL)
    return;

  oc_change_log_clear (self);
  g_free (self->ring);
  g_free (self);
}

/**
 * oc_change_log_append:
 * @revision: the event's revision
 * @event: a serialized change event; the log takes a reference
 *
 * Appends @event, dropping the oldest when the log is full. A revision that
 * does not follow the last one starts a new run: replay needs an unbroken
 * one.
 */
void
oc_change_log_append (OcChangeLog *self,
                      gint64       revision,
                      GBytes      *event)
{
  OcLogEntry *slot;

  g_return_if_fail (self != NULL);
  g_return_if_fail (event != NULL);

  /* Replay needs an unbroken run: a hole drops what came before it. */
  if (self->length > 0 && nth (self, self->length - 1)->revision != revision - 1)
    oc_change_log_clear (self);

  if (self->length == self->capacity)
    {
      g_bytes_unref (nth (self, 0)->event);
      self->start = (self->start + 1) % self->capacity;
      self->length--;
    }

  slot = nth (self, self->length);
  slot->revision = revision;
  slot->event = g_bytes_ref (event);
  self->length++;
}

/**
 * oc_change_log_collect:
 * @since: the last revision the client has
 * @current: the world's revision now
 * @events: (element-type GBytes): an array to add to
 *
 * Adds a reference to every event after @since to @events.
 *
 * Returns: %TRUE when the log holds all of them up to @current (or @since is
 *   @current); %FALSE, adding nothing, when it does not reach back
 */
gboolean
oc_change_log_collect (OcChangeLog *self,
                       gint64       since,
                       gint64       current,
                       GPtrArray   *events)
{
  gint64 oldest;

  g_return_val_if_fail (self != NULL, FALSE);

  if (since == current)
    return TRUE;
  if (since > current || since < 0 || self->length == 0)
    return FALSE;

  oldest = nth (self, 0)->revision;
  if (oldest > since + 1 || nth (self, self->length - 1)->revision != current)
    return FALSE;

  for (guint i = (guint) (since + 1 - oldest); i < self->length; i++)
    g_ptr_array_add (events, g_bytes_ref (nth (self, i)->event));

  return TRUE;
}

/**
 * oc_change_log_set_capacity:
 * @capacity: how many events to keep; more than 0
 *
 * Changes the capacity, keeping the most recent events that fit.
 */
void
oc_change_log_set_capacity (OcChangeLog *self,
                            guint        capacity)
{
  OcLogEntry *ring;
  guint keep;

  g_return_if_fail (self != NULL);
  g_return_if_fail (capacity > 0);

  keep = MIN (capacity, self->length);
  ring = g_new0 (OcLogEntry, capacity);

  for (guint i = 0; i < self->length; i++)
    {
      OcLogEntry *old = nth (self, i);

      if (i < self->length - keep)
        g_bytes_unref (old->event);
      else
        ring[i - (self->length - keep)] = *old;
    }

  g_free (self->ring);
  self->ring = ring;
  self->capacity = capacity;
  self->start = 0;
  self->length = keep;
}

/**
 * oc_change_log_get_length:
 *
 * Returns: how many events the log holds
 */
guint
oc_change_log_get_length (OcChangeLog *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->length;
}
