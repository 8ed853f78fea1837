// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <time.h>

#include "oc-client-private.h"
#include "oc-protocol.h"
#include "oc-source.h"

/*
 * The connection runs as a chain: GET /me, GET /snapshot (when the store needs
 * one), then the events socket with ?since=<store revision>. Any failure ends
 * the chain (its GCancellable is cancelled) and schedules a fresh one after a
 * backoff. Events are parsed in a worker as they arrive (oc-client-reader.c)
 * and applied to the store in batches, at most one batch per frame interval
 * and at most FLUSH_BUDGET_US of work per batch; repeated upserts of a
 * conversation still queued are coalesced into one, so a backlog never holds
 * more work than there are conversations. The actions are in
 * oc-client-actions.c.
 */

#define MAX_ME_BODY             (64 * 1024)
/* A connection that stayed up this long was healthy: start backoff afresh. */
#define HEALTHY_US              (10 * G_USEC_PER_SEC)
#define RESYNC_CALM_US          (5 * G_USEC_PER_SEC)
#define FLUSH_INTERVAL_US       (16 * 1000)
/* Applying events gets at most half a frame interval, so that input, drawing
 * and D-Bus calls are served whatever the server sends; what does not fit
 * waits for the next frame, and OcSource:catching-up says the store lags.
 * The changes cost again when the widgets lay them out and paint, after the
 * flush: while catching up, the main thread's CPU time from one flush to the
 * next (the frame, layout and paint included) is kept under FRAME_WORK_US by
 * halving the events a flush may apply when it was over, and adding an eighth
 * when it was under (from MAX_EVENTS: cheap events are never held back).
 * Upserts folded into earlier ones do not count. */
#define FLUSH_BUDGET_US         (8 * 1000)
#define FRAME_WORK_US           (24 * 1000)
#define MAX_EVENTS              4096
/* Frames the parsing worker may have waiting (about 1 s of a 50,000 a second
 * flood, 30 MB): past that, holding on to the stream costs more than a
 * fresh snapshot, which also says what is true now. */
#define MAX_READER_BACKLOG      50000
#define FLUSH_PRIORITY          (G_PRIORITY_HIGH_IDLE + 30)
/* The first store batch of a flush after a quiet spell, at most. */
#define MAX_CHUNK               32
/* The same for a frame's one batch. */
#define MAX_FRAME_CHUNK         256
/* Taking parsed events from the worker into the queue is cheap (a revision
 * check and a hash lookup each), but a flood must not fill a whole frame
 * with it either: what is over waits in the worker's queue. It is part of
 * the flush's FLUSH_BUDGET_US. */
#define TAKE_BUDGET_US          (2 * 1000)
#define CATCHING_UP_MIN_US      (G_USEC_PER_SEC)
/* Events still queued after flushes for this long: catching up. */
#define BEHIND_US               (100 * 1000)
/* Paced by a window's frames (oc_source_begin_frame()): events wait for the
 * next frame, which is asked for. A window that stops painting (hidden,
 * minimised) hands the pace back to the timer after this long. */
#define PACED_US                (100 * 1000)
/* A frame's flush applies at most this, in one store batch where the cost
 * estimate holds: a batch's placing and what GTK makes of it cost per batch,
 * and the frame's layout and paint come after it in the same frame. */
#define PACED_BUDGET_US         (6 * 1000)
#define DEFAULT_PING_INTERVAL   10
#define MAX_PING_INTERVAL       3600
/* Audit entries read per page: the latest once live, then older on request. */
#define AUDIT_PAGE              500
/* A first load (a snapshot into an empty store) shows its first FIRST_PART
 * conversations as soon as they are read, then appends the rest in parts of
 * LOAD_PART, as many a frame interval as fit in LOAD_BUDGET_US. A part is no
 * larger than the store's followers (the report's view, the agents view,
 * the notifier) take row by row, their reload threshold of 1,024: a larger
 * one would have each rebuild from everything loaded so far. The first
 * part's cost is mostly GTK making the report's first rows, whatever its
 * size (bench-launch: 4,096 painted no sooner than 256). */
#define FIRST_PART              1024
#define LOAD_PART               1024
#define LOAD_BUDGET_US          (8 * 1000)

/**
 * OcClient:
 *
 * An #OcSource over a reference protocol server: GET /me and /snapshot, then
 * the events WebSocket, reconnecting with a backoff. Besides OcSource's it
 * has #OcClient:reconnect-max-seconds, the longest backoff between
 * reconnection attempts (bind it to the GSettings key of the same name).
 * Actions carry an Idempotency-Key and are retried only when that is safe.
 */
struct _OcClient
{
  OcSource             parent_instance;

  char                *authorization;
  gulong               resync_handler;   /* on OcSource's "store" */
  SoupSession         *session;
  guint                reconnect_max_seconds;

  /* The current connection attempt */
  gboolean             running;
  GCancellable        *cancellable;
  SoupWebsocketConnection *ws;
  GSignalGroup        *ws_signals;       /* on ws, swapped per connection */
  OcClientReader      *reader;           /* parses ws's frames in order */
  guint                max_backlog;      /* MAX_READER_BACKLOG */
  gboolean             feeding;          /* _oc_client_feed_frame() */
  GError              *ws_error;
  gboolean             need_snapshot;
  guint                bad_connections;
  guint                ping_interval;
  gboolean             seen_hello;
  gint64               live_since;
  gint64               last_frame;       /* monotonic */
  gint64               queued_revision;
  guint                stall_source;
  guint                retry_source;
  guint                resync_idle;
  gint64               last_resync;
  gint64               snapshot_requested;
  OcBackoff            backoff;

  GPtrArray           *queue;            /* OcEvent, contiguous revisions */
  GHashTable          *pending;          /* conversation id -> its queued upsert */
  GSource             *flush_source;
  gint64               last_flush;       /* when the last one ended */
  gint64               taken_us;         /* of the budget, spent taking */
  gboolean             deferred;         /* the last flush left events queued */
  gint64               flush_cpu;        /* main thread CPU µs at the last flush */
  guint                flush_applied;    /* events the last flush applied, folded ones aside */
  guint                max_events;       /* for the next flush, see FRAME_WORK_US */
  double               event_cost_us;    /* recent cost of applying one event */
  gint64               frame_at;         /* the last oc_source_begin_frame(), 0: never */
  gboolean             frame_wanted;     /* asked for since */
  gboolean             in_frame;         /* flushing from oc_source_begin_frame() */
  gint64               catching_up_since;
  gint64               behind_since;     /* since when flushes left events, 0: none left */
  guint                catching_up_source;

  /* A first load going on (oc-client-loader.c): the store holds part of
   * the snapshot from the first part on, at revision 0, until the last. */
  OcClientLoader      *loader;
  GSource             *load_source;      /* ready while parts wait */
  gboolean             load_begun;       /* the store holds a part */
  gboolean             load_held;        /* _oc_client_hold_load() */
  guint                first_part_size;
  guint                load_part_size;
  gint64               load_revision;
  guint                load_done;        /* of the snapshot's conversations */
  guint                load_total;
  guint                load_unreadable;
  guint                load_n_warnings;
  char                *load_warning;     /* the first one */
  gint64               load_started;     /* monotonic, when the body arrived */
  gint64               load_last;        /* when the last batch of parts ended */

  /* Who watches which conversation, heard but not yet on a conversation of
   * the store: presence may pass the upsert still queued. */
  GHashTable          *presence;         /* conversation id -> GPtrArray of OcWatcher */

  OcClientStats        stats;
};

G_DEFINE_FINAL_TYPE (OcClient, oc_client, OC_TYPE_SOURCE)

enum {
  PROP_0,
  PROP_RECONNECT_MAX_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void oc_client_connect    (OcClient *self);
static void oc_client_abandon_load (OcClient *self);
static void oc_client_flush      (OcClient *self);
static gboolean oc_client_take_parsed (OcClient *self);
static void oc_client_schedule_flush (OcClient *self);

/* ------------------------------------------------------------------------ */
/* Presence and the audit log (#22): not changes, outside the revisions */

static void
oc_client_apply_presence (OcClient *self)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  GHashTableIter iter;
  gpointer key, value;

  /* Through the store, which tells the view: the Watching column sorts. */
  g_hash_table_iter_init (&iter, self->presence);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (oc_conversation_store_set_watchers (store, key, value))
      g_hash_table_iter_remove (&iter);
}

/* After a hello the server sends who watches what afresh. */
static void
oc_client_reset_presence (OcClient *self)
{
  g_hash_table_remove_all (self->presence);
  oc_conversation_store_clear_watchers (oc_source_get_store (OC_SOURCE (self)));
}

/* A page of GET /api/v1/audit, read; NULL with @error set. */
static GPtrArray *
audit_page_finish (GObject       *session,
                   GAsyncResult  *result,
                   gint64        *next_before,
                   GError       **error)
{
  g_autoptr(GBytes) bytes = oc_http_fetch_finish (SOUP_SESSION (session), result, error);

  if (bytes == NULL)
    return NULL;
  return oc_protocol_parse_audit_page (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                       next_before, NULL, error);
}

static void
on_audit_fetched (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  OcClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  OcAuditList *log;
  gint64 next_before = 0, page_oldest = G_MAXINT64;

  entries = audit_page_finish (object, result, &next_before, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (entries == NULL)
    {
      /* The report stands without it; the next connection asks again. */
      g_message ("The audit log could not be read: %s", error->message);
      return;
    }
  log = oc_source_get_audit_log (OC_SOURCE (self));
  oc_audit_list_add_all (log, entries);
  for (guint i = 0; i < entries->len; i++)
    page_oldest = MIN (page_oldest, oc_audit_entry_get_seq (g_ptr_array_index (entries, i)));
  /* After a reconnect the list may reach further back than this page did,
   * from older pages read before: what those said still holds. */
  if (oc_audit_list_get_oldest_seq (log) >= page_oldest || entries->len == 0)
    _oc_source_set_audit_has_older (OC_SOURCE (self), next_before > 0);
}

static void
on_older_audit_fetched (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OcSource *source = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 next_before = 0;

  entries = audit_page_finish (object, result, &next_before, &error);
  if (entries == NULL)
    {
      if (error->domain != OC_SOURCE_ERROR && error->domain != G_IO_ERROR)
        {
          g_autoptr(GError) wrapped =
            g_error_new (OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                         _("The server's answer could not be read (%s)."), error->message);
          g_task_return_error (task, g_steal_pointer (&wrapped));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  oc_audit_list_add_older (oc_source_get_audit_log (source), entries);
  _oc_source_set_audit_has_older (source, next_before > 0);
  g_task_return_boolean (task, TRUE);
}

/* Older than the oldest entry held, so a list trimmed meanwhile has no gap. */
static void
oc_client_load_older_audit_async (OcSource            *source,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  OcClient *self = OC_CLIENT (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *query = NULL;
  gint64 oldest = oc_audit_list_get_oldest_seq (oc_source_get_audit_log (source));

  g_task_set_source_tag (task, oc_client_load_older_audit_async);
  query = oldest > 0 ? g_strdup_printf ("limit=%u&before=%" G_GINT64_FORMAT, AUDIT_PAGE, oldest)
                     : g_strdup_printf ("limit=%u", AUDIT_PAGE);
  msg = oc_http_new_message (SOUP_METHOD_GET, oc_source_get_server_url (source), "audit", query,
                             self->authorization);
  if (msg == NULL)
    {
      g_task_return_new_error (task, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST,
                               _("The server address is not a valid http:// or https:// address."));
      return;
    }
  oc_http_fetch_async (self->session, msg, OC_PROTOCOL_MAX_SNAPSHOT, cancellable, on_older_audit_fetched,
                       g_steal_pointer (&task));
}

/* Once live: the latest page, which the live audit.entry events continue
 * (what arrives both ways lands once, by seq). */
static void
oc_client_fetch_audit (OcClient *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *query = g_strdup_printf ("limit=%u", AUDIT_PAGE);

  msg = oc_http_new_message (SOUP_METHOD_GET, oc_source_get_server_url (OC_SOURCE (self)), "audit",
                             query, self->authorization);
  if (msg != NULL)
    oc_http_fetch_async (self->session, msg, OC_PROTOCOL_MAX_SNAPSHOT, self->cancellable, on_audit_fetched, self);
}

/* ------------------------------------------------------------------------ */
/* Batching events into the store */

static gboolean
flush_cb (gpointer user_data)
{
  OcClient *self = OC_CLIENT (user_data);
  gint64 start = g_get_monotonic_time ();
  gboolean more;

  /* Taking may drop the connection, which flushes: not from inside a flush. */
  more = oc_client_take_parsed (self);
  self->taken_us = g_get_monotonic_time () - start;
  oc_client_flush (self);
  if (more)
    oc_client_schedule_flush (self);
  return G_SOURCE_CONTINUE;
}

static void
oc_client_schedule_flush (OcClient *self)
{
  gint64 now;

  g_assert (OC_IS_CLIENT (self));

  if (g_source_get_ready_time (self->flush_source) != -1)
    return;

  now = g_get_monotonic_time ();
  if (self->frame_at != 0 && now - self->frame_at < PACED_US)
    {
      /* At the start of the next frame, before its layout: applied and
       * painted in the same frame, never two batches in one. The timer
       * stays as a fallback, should the frames stop. */
      g_source_set_ready_time (self->flush_source, MAX (now, self->frame_at) + PACED_US);
      if (!self->frame_wanted)
        {
          self->frame_wanted = TRUE;
          _oc_source_want_frame (OC_SOURCE (self));
        }
      return;
    }

  /* Right away when idle (low latency), else a frame interval after the
   * last batch ended: at most one a frame, with the frame's own work (and
   * input) in between whatever a batch cost. */
  g_source_set_ready_time (self->flush_source, MAX (now, self->last_flush + FLUSH_INTERVAL_US));
}

static void
oc_client_begin_frame (OcSource *source)
{
  OcClient *self = OC_CLIENT (source);

  self->frame_at = g_get_monotonic_time ();
  self->frame_wanted = FALSE;
  /* A flush scheduled is what says that events wait. */
  if (self->flush_source != NULL && g_source_get_ready_time (self->flush_source) != -1)
    {
      self->in_frame = TRUE;
      flush_cb (self);
      self->in_frame = FALSE;
    }
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The conversation's pending upsert, if any, now carries @event's state, and
 * @event is left with its revision only: the store applies each conversation
 * once per flush whatever the rate, and the revisions stay contiguous. The
 * state moves to the earlier place, not the later, so a flood that keeps
 * changing a row cannot keep it from being applied. */
static void
oc_client_coalesce (OcClient *self,
                    OcEvent  *event)
{
  const char *id;
  OcEvent *pending;
  OcConversation *superseded;

  if (event->type == OC_EVENT_CONVERSATION_REMOVED)
    {
      /* Never across a removal: what came before it applies before it. */
      if (event->id != NULL)
        g_hash_table_remove (self->pending, event->id);
      return;
    }

  if (event->type != OC_EVENT_CONVERSATION_UPSERT || event->conversation == NULL ||
      (id = oc_conversation_get_id (event->conversation)) == NULL)
    return;

  pending = g_hash_table_lookup (self->pending, id);
  if (pending == NULL)
    {
      g_hash_table_insert (self->pending, (gpointer) id, event);
      return;
    }

  /* The key is the id inside the conversation: swap it before that goes. */
  superseded = g_steal_pointer (&pending->conversation);
  pending->conversation = g_steal_pointer (&event->conversation);
  g_hash_table_replace (self->pending, (gpointer) oc_conversation_get_id (pending->conversation),
                        pending);
  g_object_unref (superseded);
  self->stats.coalesced_events++;
}

/* Whether the store may adopt @event's conversation, keeping the object
 * itself rather than copying from it: an upsert of one it does not hold. */
static gboolean
may_adopt (OcConversationStore *store,
           const OcEvent       *event)
{
  return event->type == OC_EVENT_CONVERSATION_UPSERT && event->conversation != NULL &&
         oc_conversation_store_lookup (store, oc_conversation_get_id (event->conversation)) == NULL;
}

/* An upsert whose state went into an earlier one: only its revision is left. */
static gboolean
is_folded (const OcEvent *event)
{
  return event->type == OC_EVENT_CONVERSATION_UPSERT && event->conversation == NULL;
}

static void
oc_client_forget_pending (OcClient *self,
                          OcEvent  *event)
{
  const char *id;

  if (event->type == OC_EVENT_CONVERSATION_UPSERT && event->conversation != NULL &&
      (id = oc_conversation_get_id (event->conversation)) != NULL &&
      g_hash_table_lookup (self->pending, id) == event)
    g_hash_table_remove (self->pending, id);
}

static void
oc_client_clear_queue (OcClient *self)
{
  g_hash_table_remove_all (self->pending);
  g_ptr_array_set_size (self->queue, 0);
}

static gboolean
catching_up_off_cb (gpointer user_data)
{
  OcClient *self = user_data;

  self->catching_up_source = 0;
  if (self->queue->len == 0)
    _oc_source_set_catching_up (OC_SOURCE (self), FALSE);
  return G_SOURCE_REMOVE;
}

/* "catching-up" goes on at once and off no sooner than a second after it went
 * on, so that a view at the edge of keeping up does not blink. */
static void
oc_client_update_catching_up (OcClient *self,
                              gint64    flush_start,
                              gint64    now)
{
  if (self->queue->len > 0)
    {
      /* Events left for the next frame are pacing, not lagging: the store
       * is behind once some have waited through several frames, counted
       * from the start of the first flush that left some. */
      if (self->behind_since == 0)
        self->behind_since = flush_start;
      if (now - self->behind_since < BEHIND_US)
        return;
      g_clear_handle_id (&self->catching_up_source, g_source_remove);
      if (!oc_source_get_catching_up (OC_SOURCE (self)))
        self->catching_up_since = now;
      _oc_source_set_catching_up (OC_SOURCE (self), TRUE);
      return;
    }
  self->behind_since = 0;

  if (!oc_source_get_catching_up (OC_SOURCE (self)) || self->catching_up_source != 0)
    return;

  if (now - self->catching_up_since >= CATCHING_UP_MIN_US)
    _oc_source_set_catching_up (OC_SOURCE (self), FALSE);
  else
    self->catching_up_source =
      g_timeout_add ((guint) ((self->catching_up_since + CATCHING_UP_MIN_US - now) / 1000) + 1,
                     catching_up_off_cb, self);
}

/* Applies the queued events in order: all of them when @all, else as many as
 * fit in the budget, leaving the rest for the next frame. */
static void
oc_client_flush_full (OcClient *self,
                      gboolean  all)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  gint64 start = g_get_monotonic_time ();
  gint64 now = start;
  gint64 cpu;
  guint head = 0, real = 0;
  guint max_events, first_cap;
  gint64 budget_us;
  double cost_us;
  g_autoptr(GPtrArray) arrivals = NULL;   /* OcEvent, in the queue */

  g_assert (OC_IS_CLIENT (self));

  g_source_set_ready_time (self->flush_source, -1);
  /* The last flush left events: what did the frame it started cost? Over
   * FRAME_WORK_US, half as many events this time; under, a few more. */
  cpu = thread_cpu_us ();
  if (self->flush_applied > 0)
    {
      /* Only a frame spent catching up says what the events cost; an idle
       * stretch may hold any other work. */
      if (self->deferred && cpu - self->flush_cpu > FRAME_WORK_US)
        self->max_events = MAX (self->flush_applied / 2, 1);
      else if (cpu - self->flush_cpu <= FRAME_WORK_US)
        self->max_events = MIN (self->max_events + self->max_events / 8 + 1, MAX_EVENTS);
    }
  self->flush_cpu = cpu;
  /* Taking the parsed events in came first, out of the same budget. */
  start -= self->taken_us;
  self->taken_us = 0;
  /* In a frame the window paints between two flushes whatever they cost:
   * the budget is the only bound. */
  max_events = all || self->in_frame ? G_MAXUINT : self->max_events;

  /* As few store batches as the budget allows, one in a steady flood: the
   * view places a batch's moves at once and tells the widgets in a few
   * ranges, so much of its cost is per batch, and chunks of a frame's events
   * cost it that many times over. A batch holds as many events as the rest
   * of the budget fits at the cost last measured. The first is also held to
   * twice what the last flush applied (at least MAX_CHUNK): after a quiet
   * spell the estimate may be stale, and what it underrates can overrun the
   * budget by that much only; the batches after it go by the cost just
   * measured. The store emits "resync-needed" from an idle, never from
   * here: the queue stays put while it is applied. Events that a later
   * upsert was folded into cost nothing and count for nothing. */
  budget_us = self->in_frame ? PACED_BUDGET_US : FLUSH_BUDGET_US;
  cost_us = self->event_cost_us;
  /* A frame's one batch is the frame's whole share: held to the low
   * starting cap it would leave a burst to the frames after. */
  first_cap = MAX (self->in_frame ? MAX_FRAME_CHUNK : MAX_CHUNK, 2 * self->flush_applied);
  arrivals = g_ptr_array_new ();
  while (head < self->queue->len && real < max_events)
    {
      guint allowed = max_events - real;
      guint n = 0, n_real = 0;
      guint applied;
      gint64 before = now;

      if (!all)
        {
          double fit = (budget_us - (now - start)) / MAX (cost_us, 0.1);

          allowed = (guint) CLAMP (fit, 1.0, (double) MIN (allowed, head == 0 ? first_cap : G_MAXUINT));
        }
      while (head + n < self->queue->len && n_real < allowed)
        n_real += !is_folded (g_ptr_array_index (self->queue, head + n++));
      /* The folded ones right after come along for free. */
      while (head + n < self->queue->len && is_folded (g_ptr_array_index (self->queue, head + n)))
        n++;
      /* Asked before the batch: an arrival may also leave within it. */
      for (guint i = head; i < head + n; i++)
        if (may_adopt (store, g_ptr_array_index (self->queue, i)))
          g_ptr_array_add (arrivals, g_ptr_array_index (self->queue, i));

      applied = oc_conversation_store_apply_events (store,
                                                    (OcEvent * const *) self->queue->pdata + head,
                                                    n);
      if (applied < n)
        g_debug ("Store applied %u of %u events", applied, n);
      for (guint i = head; i < head + n; i++)
        oc_client_forget_pending (self, g_ptr_array_index (self->queue, i));
      head += n;
      real += n_real;
      self->stats.flush_calls++;

      now = g_get_monotonic_time ();
      if (n_real > 0)
        {
          cost_us = (now - before) / (double) n_real;
          self->event_cost_us = 0.7 * self->event_cost_us + 0.3 * cost_us;
        }
      /* A frame's second batch only for what the first left of its share
       * by a cost overrated: each batch costs its placing once more. */
      if (!all && (now - start >= (self->in_frame ? budget_us / 2 : budget_us)))
        break;
    }

  self->last_flush = now;
  self->flush_applied = real;
  if (head > 0)
    {
      g_autoptr(GPtrArray) applied = g_ptr_array_new_full (head, (GDestroyNotify) oc_event_free);

      self->stats.flushes++;
      /* The conversations the store may have adopted are GTK's now: their
       * events let go of them here, so that none is finalized in the freeing
       * thread (one removed again before that thread got to it would be).
       * Only the states the store copied from go there. */
      for (guint i = 0; i < arrivals->len; i++)
        g_clear_object (&((OcEvent *) g_ptr_array_index (arrivals, i))->conversation);
      /* Moved out without freeing, and freed elsewhere. */
      for (guint i = 0; i < head; i++)
        {
          OcEvent *event = g_ptr_array_index (self->queue, i);

          /* Agents, queues and workstreams: few, and adopted when new. */
          g_clear_object (&event->agent);
          g_clear_object (&event->queue);
          g_clear_object (&event->workstream);
          g_ptr_array_add (applied, event);
        }
      g_ptr_array_set_free_func (self->queue, NULL);
      g_ptr_array_remove_range (self->queue, 0, head);
      g_ptr_array_set_free_func (self->queue, (GDestroyNotify) oc_event_free);
      _oc_client_reader_free_later (self->reader, g_steal_pointer (&applied));
    }
  self->deferred = self->queue->len > 0;
  if (self->deferred)
    {
      self->stats.deferred_flushes++;
      oc_client_schedule_flush (self);
    }
  oc_client_update_catching_up (self, start, now);
  oc_client_apply_presence (self);

  _oc_source_notify_heard (OC_SOURCE (self));
  self->stats.flush_cpu_us += thread_cpu_us () - cpu;
}

static void
oc_client_flush (OcClient *self)
{
  oc_client_flush_full (self, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Closing */

static void
oc_client_close_socket (OcClient *self)
{
  g_assert (OC_IS_CLIENT (self));

  g_clear_handle_id (&self->stall_source, g_source_remove);
  /* Frames of this socket not yet parsed go: the next one resumes after
   * the last event taken. */
  _oc_client_reader_discard (self->reader);
  if (self->ws != NULL)
    {
      g_signal_group_set_target (self->ws_signals, NULL);
      oc_http_websocket_close_later (g_steal_pointer (&self->ws));
    }
  g_clear_error (&self->ws_error);
}

/* ------------------------------------------------------------------------ */
/* Tearing down and retrying */

/* Ends the current attempt: no callback of it touches @self afterwards. */
static void
oc_client_teardown (OcClient *self)
{
  g_assert (OC_IS_CLIENT (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  oc_client_close_socket (self);
  oc_client_abandon_load (self);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->resync_idle, g_source_remove);
}

static gboolean
retry_cb (gpointer user_data)
{
  OcClient *self = user_data;

  self->retry_source = 0;
  oc_client_connect (self);
  return G_SOURCE_REMOVE;
}

/* The connection is gone or cannot be trusted: keep what was good, then try
 * again after a backoff, with a fresh snapshot when @resync. */
static void
oc_client_drop (OcClient   *self,
                const char *reason,
                gboolean    resync,
                gboolean    immediate)
{
  gboolean was_healthy;
  guint delay;

  g_assert (OC_IS_CLIENT (self));

  was_healthy = self->seen_hello &&
                g_get_monotonic_time () - self->live_since >= HEALTHY_US;

  /* Events already received are valid and in order: they go on being applied
   * a frame's worth at a time, the resumed stream follows on after them, and
   * a snapshot replaces them. */
  oc_client_flush (self);
  oc_client_teardown (self);
  self->seen_hello = FALSE;

  if (!self->running)
    return;

  if (was_healthy)
    {
      oc_backoff_reset (&self->backoff);
      self->bad_connections = 0;
    }
  if (resync)
    self->need_snapshot = TRUE;

  self->backoff.max_ms = self->reconnect_max_seconds * 1000;
  delay = immediate ? 0 : oc_backoff_next_ms (&self->backoff);
  g_message ("Connection dropped (%s); retrying in %u ms%s",
             reason, delay, self->need_snapshot ? " with a fresh snapshot" : "");
  if (immediate)
    {
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_RECONNECTING, reason);
      self->retry_source = g_idle_add (retry_cb, self);
      return;
    }

  _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_RECONNECTING, reason);
  self->retry_source = g_timeout_add (delay, retry_cb, self);
}

/* An attempt failed before or while setting up: decide whether to retry. */
static void
oc_client_fail (OcClient     *self,
                const GError *error)
{
  g_assert (OC_IS_CLIENT (self));
  g_assert (error != NULL);

  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED))
    {
      oc_client_teardown (self);
      self->running = FALSE;
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_AUTH_FAILED, error->message);
      return;
    }

  /* Retrying cannot fix an untrusted certificate or a role without access;
   * the person has to act, so say why and stop. */
  if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS) ||
      g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN))
    {
      oc_client_teardown (self);
      self->running = FALSE;
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_OFFLINE, error->message);
      return;
    }

  oc_client_drop (self, error->message, FALSE, FALSE);
}

static void
oc_client_resync_now (OcClient   *self,
                      const char *reason)
{
  gint64 now = g_get_monotonic_time ();
  gboolean immediate;

  /* A resync is not a failure: go again at once, unless the server keeps
   * asking for one, when the backoff protects both sides. */
  immediate = self->last_resync == 0 || now - self->last_resync > RESYNC_CALM_US;
  self->last_resync = now;
  self->stats.resyncs++;
  g_message ("Resyncing: %s", reason);
  oc_client_drop (self, _("Catching up with the server…"), TRUE, immediate);
}

/* ------------------------------------------------------------------------ */
/* The events socket */

static gboolean
stall_check_cb (gpointer user_data)
{
  OcClient *self = user_data;
  guint interval = self->ping_interval ? self->ping_interval : DEFAULT_PING_INTERVAL;
  gint64 silent = g_get_monotonic_time () - self->last_frame;

  if (silent >= (gint64) interval * 2 * G_USEC_PER_SEC)
    {
      g_autofree char *reason = NULL;

      self->stall_source = 0;
      reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The server went silent for %u second.",
                                             "The server went silent for %u seconds.",
                                             interval * 2),
                                interval * 2);
      oc_client_drop (self, reason, FALSE, FALSE);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
oc_client_watch_stall (OcClient *self)
{
  guint interval = self->ping_interval ? self->ping_interval : DEFAULT_PING_INTERVAL;

  g_assert (OC_IS_CLIENT (self));

  /* Checking a few times per interval is precise enough and costs nothing
   * per frame, unlike re-arming a timer for each of 5,000 events a second. */
  g_clear_handle_id (&self->stall_source, g_source_remove);
  self->stall_source = g_timeout_add (MIN (interval * 1000 / 4, 1000), stall_check_cb, self);
}

static void
oc_client_handle_event (OcClient *self,
                        OcEvent  *event)
{
  g_assert (OC_IS_CLIENT (self));

  switch (event->type)
    {
    case OC_EVENT_HELLO:
      self->ping_interval = CLAMP (event->ping_interval, 1, MAX_PING_INTERVAL);
      if (event->ping_interval == 0)
        self->ping_interval = DEFAULT_PING_INTERVAL;
      self->seen_hello = TRUE;
      self->live_since = g_get_monotonic_time ();
      oc_client_watch_stall (self);
      if (event->revision <
          oc_conversation_store_get_revision (oc_source_get_store (OC_SOURCE (self))))
        {
          /* The server is behind us: it lost its history (a restart without
           * its state); only a snapshot tells what is true now. */
          oc_client_resync_now (self, "server revision went back");
          break;
        }
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_LIVE, NULL);
      oc_client_reset_presence (self);
      oc_client_fetch_audit (self);
      oc_event_free (event);
      return;

    case OC_EVENT_PING:
    case OC_EVENT_UNKNOWN:
      break;

    case OC_EVENT_AUDIT_ENTRY:
      oc_audit_list_add (oc_source_get_audit_log (OC_SOURCE (self)), event->audit_entry);
      break;

    case OC_EVENT_CONVERSATION_PRESENCE:
      g_hash_table_replace (self->presence, g_strdup (event->id), g_ptr_array_ref (event->watchers));
      oc_client_schedule_flush (self);
      break;

    case OC_EVENT_RESYNC_REQUIRED:
      oc_client_resync_now (self, event->reason ? event->reason : "resync-required");
      break;

    case OC_EVENT_CONVERSATION_UPSERT:
    case OC_EVENT_CONVERSATION_REMOVED:
    case OC_EVENT_AGENT_UPSERT:
    case OC_EVENT_QUEUE_UPSERT:
    case OC_EVENT_WORKSTREAM_UPSERT:
      if (event->revision <= self->queued_revision)
        {
          /* A replay overlapping what we hold: harmless, and not applied. */
          self->stats.duplicate_events++;
          break;
        }
      if (event->revision != self->queued_revision + 1)
        {
          self->stats.gaps++;
          g_warning ("Event revision %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT ": a gap",
                     event->revision, self->queued_revision);
          oc_client_resync_now (self, "revision gap");
          break;
        }
      self->queued_revision = event->revision;
      oc_client_coalesce (self, event);
      g_ptr_array_add (self->queue, event);
      oc_client_schedule_flush (self);
      return;

    case OC_EVENT_MESSAGE:
    case OC_EVENT_HISTORY_END:
    case OC_EVENT_ENDED:
    default:
      /* Transcript types have no business here; ignore them like unknowns. */
      break;
    }

  oc_event_free (event);
}

static void
on_ws_message (SoupWebsocketConnection *ws,
               SoupWebsocketDataType    type,
               GBytes                  *message,
               gpointer                 user_data)
{
  OcClient *self = user_data;

  /* Heard now, whatever the worker's backlog: the stall watch is about the
   * server, not about us. */
  self->last_frame = g_get_monotonic_time ();
  _oc_source_mark_heard (OC_SOURCE (self));
  _oc_client_reader_push (self->reader,
                          type == SOUP_WEBSOCKET_DATA_TEXT ? OC_READER_ITEM_TEXT : OC_READER_ITEM_BINARY,
                          message, 0);

  /* The server sends faster than it can be read: the frames would pile up
   * without bound (the socket never pushes back), so start again from a
   * snapshot. The resyncs' own backoff keeps this from looping fast. */
  if (!self->feeding && _oc_client_reader_get_backlog (self->reader) > self->max_backlog)
    {
      self->stats.parse_overruns++;
      oc_client_resync_now (self, "the parsing worker fell behind");
    }
}

static void
on_ws_error (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 user_data)
{
  OcClient *self = user_data;

  g_debug ("Events socket error: %s", error->message);
  if (self->ws_error == NULL)
    self->ws_error = g_error_copy (error);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  OcClient *self = user_data;

  /* After the frames that came before it, which are still being parsed. */
  _oc_client_reader_push (self->reader, OC_READER_ITEM_CLOSED, NULL,
                          soup_websocket_connection_get_close_code (ws));
}

static void
oc_client_socket_closed (OcClient *self,
                         gushort   code)
{
  g_autofree char *reason = NULL;
  gboolean too_big;

  too_big = code == SOUP_WEBSOCKET_CLOSE_TOO_BIG ||
            g_error_matches (self->ws_error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG);

  if (too_big)
    {
      self->stats.oversized_frames++;
      self->bad_connections++;
      g_warning ("Events connection closed: a frame was over %d bytes", OC_PROTOCOL_MAX_EVENT_FRAME);
      reason = g_strdup (_("The server sent an event larger than allowed."));
    }
  else if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION)
    reason = g_strdup (_("The server closed the connection because this console fell behind."));
  else if (self->ws_error != NULL)
    reason = g_strdup_printf (_("The connection to the server broke (%s)."), self->ws_error->message);
  else
    reason = g_strdup (_("The server closed the connection."));

  oc_client_drop (self, reason, too_big && self->bad_connections >= 2, FALSE);
}

/* One result of the worker, in the order the socket had it. */
static void
oc_client_handle_item (OcClient     *self,
                       OcReaderItem *item)
{
  OcEvent *event;

  if (item->kind == OC_READER_ITEM_CLOSED)
    {
      oc_client_socket_closed (self, item->close_code);
      return;
    }

  if (item->event == NULL)
    {
      /* Whatever this frame changed is unknown: never guess. Resume from
       * the last good revision; a second bad connection in a row gets a
       * fresh snapshot instead. */
      self->stats.malformed_frames++;
      self->bad_connections++;
      g_warning ("Dropping the events connection after a malformed frame (%" G_GSIZE_FORMAT " bytes): %s",
                 item->size, item->error->message);
      oc_client_drop (self, _("The server sent an event that cannot be read."),
                       self->bad_connections >= 2, FALSE);
      return;
    }

  event = g_steal_pointer (&item->event);
  if (event->warnings != NULL)
    for (guint i = 0; i < event->warnings->len; i++)
      g_debug ("Event %" G_GINT64_FORMAT ": %s", event->revision,
               (const char *) g_ptr_array_index (event->warnings, i));

  oc_client_handle_event (self, event);
}

/* The worker's results so far, into the queue, in order; TRUE when some had
 * to wait for the next flush (TAKE_BUDGET_US). A dropped connection discards
 * the rest. */
static gboolean
oc_client_take_parsed (OcClient *self)
{
  gint64 start = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  for (guint n = 1; ; n++)
    {
      g_autoptr(OcReaderItem) item = NULL;

      if ((n & 63) == 0 && g_get_monotonic_time () - start >= TAKE_BUDGET_US)
        {
          self->stats.take_cpu_us += thread_cpu_us () - cpu;
          return TRUE;
        }
      item = _oc_client_reader_pop (self->reader);
      if (item == NULL)
        break;
      self->stats.frames_taken++;
      oc_client_handle_item (self, item);
    }

  self->stats.take_cpu_us += thread_cpu_us () - cpu;
  return FALSE;
}

static gboolean
parsed_cb (gpointer user_data)
{
  oc_client_schedule_flush (OC_CLIENT (user_data));
  return G_SOURCE_CONTINUE;
}

static void
on_ws_connected (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OcClient *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;
  guint status;

  ws = oc_http_websocket_connect_finish (SOUP_SESSION (object), result, &status, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (ws == NULL)
    {
      oc_client_fail (self, error);
      return;
    }

  self->ws = ws;
  soup_websocket_connection_set_max_incoming_payload_size (ws, OC_PROTOCOL_MAX_EVENT_FRAME);
  g_signal_group_set_target (self->ws_signals, ws);
  self->last_frame = g_get_monotonic_time ();
  oc_client_watch_stall (self);
}

static void
oc_client_open_events (OcClient *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *query = NULL;

  g_assert (OC_IS_CLIENT (self));

  /* Events still queued follow on from the store: resume after them. */
  if (self->queue->len == 0)
    self->queued_revision =
      oc_conversation_store_get_revision (oc_source_get_store (OC_SOURCE (self)));
  self->ping_interval = 0;
  self->seen_hello = FALSE;
  query = g_strdup_printf ("since=%" G_GINT64_FORMAT, self->queued_revision);
  msg = oc_http_new_message (SOUP_METHOD_GET, oc_source_get_server_url (OC_SOURCE (self)),
                             "events", query, self->authorization);

  /* The watch also covers a handshake that never completes. */
  self->last_frame = g_get_monotonic_time ();
  oc_client_watch_stall (self);
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, on_ws_connected, self);
}

/* ------------------------------------------------------------------------ */
/* Snapshot */

static void
parse_snapshot_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  GError *error = NULL;
  OcSnapshot *snapshot;
  gint64 start = g_get_monotonic_time ();

  snapshot = oc_protocol_parse_snapshot (g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes), &error);
  g_debug ("Parsed a snapshot of %" G_GSIZE_FORMAT " bytes in %.1f ms",
           g_bytes_get_size (bytes), (g_get_monotonic_time () - start) / 1000.0);
  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) oc_snapshot_free);
}

static gpointer
free_snapshot_thread (gpointer data)
{
  oc_snapshot_free (data);
  return NULL;
}

/* Drops here @snapshot's references to what the store adopted: GTK shows
 * and watches those, so none may be finalized in another thread, as one
 * removed again before that thread let go of it would be. */
static void
release_adopted (OcConversationStore *store,
                 OcSnapshot          *snapshot)
{
  GPtrArray *conversations = snapshot->conversations;
  guint kept = 0;

  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *conversation = g_ptr_array_index (conversations, i);

      if (oc_conversation_store_lookup (store, oc_conversation_get_id (conversation)) == conversation)
        g_object_unref (conversation);
      else
        conversations->pdata[kept++] = conversation;
    }
  g_ptr_array_set_free_func (conversations, NULL);
  g_ptr_array_set_size (conversations, kept);
  g_ptr_array_set_free_func (conversations, g_object_unref);

  /* A few hundred at most. */
  g_clear_pointer (&snapshot->agents, g_ptr_array_unref);
  g_clear_pointer (&snapshot->queues, g_ptr_array_unref);
  g_clear_pointer (&snapshot->workstreams, g_ptr_array_unref);
}

/* The snapshot cannot be read: nothing of it is kept, and the next attempt
 * asks for a fresh one. */
static void
oc_client_reject_snapshot (OcClient     *self,
                           const GError *error)
{
  g_autofree char *reason = NULL;

  g_warning ("Snapshot rejected: %s", error->message);
  reason = g_strdup_printf (_("The server sent a snapshot that cannot be read (%s)."),
                            error->message);
  oc_client_drop (self, reason, TRUE, FALSE);
}

static void
log_snapshot_warnings (guint       n_warnings,
                       const char *first)
{
  if (n_warnings > 0)
    g_warning ("Snapshot: %u problems, such as: %s", n_warnings, first);
}

/* Gives up a first load part way: what the store holds of it is part of a
 * floor, never to be taken for the whole, so it goes, and the next attempt
 * starts afresh from a new snapshot. */
static void
oc_client_abandon_load (OcClient *self)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));

  if (self->loader == NULL && !self->load_begun)
    return;

  g_clear_pointer (&self->loader, _oc_client_loader_free);
  g_source_set_ready_time (self->load_source, -1);
  g_clear_pointer (&self->load_warning, g_free);
  if (self->load_begun)
    {
      g_autoptr(OcSnapshot) nothing = oc_snapshot_new ();

      g_debug ("First load abandoned after %u of %u conversations", self->load_done, self->load_total);
      self->load_begun = FALSE;
      self->stats.loads_abandoned++;
      g_signal_handler_block (store, self->resync_handler);
      oc_conversation_store_load_snapshot (store, nothing);
      g_signal_handler_unblock (store, self->resync_handler);
    }
  self->need_snapshot = TRUE;
  _oc_source_set_loading (OC_SOURCE (self), 0, 0);
}

/* The last part is in: the store is at the snapshot's revision, and the
 * events resume from there. */
static void
oc_client_end_load (OcClient *self)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));

  oc_conversation_store_end_load (store, self->load_revision, self->load_unreadable);
  self->load_begun = FALSE;
  g_clear_pointer (&self->loader, _oc_client_loader_free);
  self->need_snapshot = FALSE;
  self->stats.snapshots++;
  log_snapshot_warnings (self->load_n_warnings, self->load_warning);
  g_clear_pointer (&self->load_warning, g_free);
  _oc_source_set_loading (OC_SOURCE (self), 0, 0);
  g_debug ("Snapshot of %u conversations at revision %" G_GINT64_FORMAT " loaded in %.1f ms, a part at a time",
           self->load_total, self->load_revision, (g_get_monotonic_time () - self->load_started) / 1000.0);

  oc_client_open_events (self);
}

/* One part of a first load into the store; FALSE when that ended the load
 * (its last part, or a snapshot that cannot be read). */
static gboolean
oc_client_take_part (OcClient     *self,
                     OcLoaderPart *part)
{
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));
  GPtrArray *warnings;

  if (part->error != NULL)
    {
      oc_client_reject_snapshot (self, part->error);
      return FALSE;
    }

  if (part->head)
    {
      /* Anything still queued predates the snapshot. */
      oc_client_clear_queue (self);
      self->load_revision = part->snapshot->revision;
      self->load_total = part->total;
      self->load_done = 0;
      self->load_unreadable = 0;
      self->load_n_warnings = 0;
      oc_conversation_store_begin_load (store, part->snapshot);
      self->load_begun = TRUE;
    }

  oc_conversation_store_load_more (store, part->snapshot->conversations);
  self->stats.load_parts++;
  self->load_done += part->n_read;
  self->load_unreadable += part->snapshot->unreadable;
  warnings = part->snapshot->warnings;
  if (self->load_warning == NULL && warnings->len > 0)
    self->load_warning = g_strdup (g_ptr_array_index (warnings, 0));
  self->load_n_warnings += warnings->len;

  if (part->head)
    g_debug ("Loaded a snapshot's first %u conversations in %.1f ms", self->load_done,
             (g_get_monotonic_time () - self->load_started) / 1000.0);

  if (part->last)
    {
      oc_client_end_load (self);
      return FALSE;
    }
  _oc_source_set_loading (OC_SOURCE (self), self->load_done, self->load_total);
  return TRUE;
}

/* The parts read so far, into the store, as many as LOAD_BUDGET_US allows,
 * at most one batch a frame interval: the frame that paints a batch comes
 * before the next, and input before either (the source's priority is the
 * flush's, below GTK's layout and paint). */
static gboolean
load_cb (gpointer user_data)
{
  OcClient *self = OC_CLIENT (user_data);
  gint64 start = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (self->loader == NULL || (self->load_held && self->load_begun))
    return G_SOURCE_CONTINUE;
  if (start < self->load_last + FLUSH_INTERVAL_US)
    {
      g_source_set_ready_time (self->load_source, self->load_last + FLUSH_INTERVAL_US);
      return G_SOURCE_CONTINUE;
    }

  for (;;)
    {
      g_autoptr(OcLoaderPart) part = NULL;

      if (g_get_monotonic_time () - start >= LOAD_BUDGET_US)
        {
          g_source_set_ready_time (self->load_source, g_get_monotonic_time () + FLUSH_INTERVAL_US);
          break;
        }
      /* None waiting: the worker wakes this source with the next. */
      part = _oc_client_loader_pop (self->loader);
      if (part == NULL || !oc_client_take_part (self, part) || self->load_held)
        break;
    }

  self->load_last = g_get_monotonic_time ();
  self->stats.load_cpu_us += thread_cpu_us () - cpu;
  return G_SOURCE_CONTINUE;
}

static void
on_snapshot_parsed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  OcClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcSnapshot) snapshot = NULL;
  OcConversationStore *store;
  gint64 load_start, load_end;

  /* Cancelled: @self may be gone, so look at it only after this. */
  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (snapshot == NULL)
    {
      oc_client_reject_snapshot (self, error);
      return;
    }

  if (snapshot->warnings != NULL && snapshot->warnings->len > 0)
    log_snapshot_warnings (snapshot->warnings->len, g_ptr_array_index (snapshot->warnings, 0));

  store = oc_source_get_store (OC_SOURCE (self));
  /* Anything still queued predates the snapshot. */
  oc_client_clear_queue (self);
  self->stats.snapshots++;
  load_start = g_get_monotonic_time ();
  g_signal_handler_block (store, self->resync_handler);
  oc_conversation_store_load_snapshot (store, snapshot);
  g_signal_handler_unblock (store, self->resync_handler);
  load_end = g_get_monotonic_time ();
  g_debug ("Snapshot of %u conversations at revision %" G_GINT64_FORMAT " loaded in %.1f ms",
           snapshot->conversations->len, snapshot->revision, (load_end - load_start) / 1000.0);
  self->need_snapshot = FALSE;

  /* Freeing 100,000 objects takes a noticeable part of a frame budget, and the
   * ones the store did not adopt have no handlers: drop them off the main
   * thread. */
  if (snapshot->conversations->len >= 1000)
    {
      release_adopted (store, snapshot);
      g_thread_unref (g_thread_new ("oc-free-snapshot", free_snapshot_thread,
                                    g_steal_pointer (&snapshot)));
    }

  oc_client_open_events (self);
}

static void
on_snapshot_fetched (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  OcClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GTask) task = NULL;

  bytes = oc_http_fetch_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      oc_client_fail (self, error);
      return;
    }

  g_debug ("Downloaded a snapshot of %" G_GSIZE_FORMAT " bytes in %.1f ms", g_bytes_get_size (bytes),
           (g_get_monotonic_time () - self->snapshot_requested) / 1000.0);

  /* Nothing shown that a resync must keep (selections, dialogs): show the
   * first rows while the rest is read. */
  if (g_list_model_get_n_items (G_LIST_MODEL (oc_source_get_store (OC_SOURCE (self)))) == 0)
    {
      self->load_started = g_get_monotonic_time ();
      self->load_last = 0;
      self->loader = _oc_client_loader_new (bytes, self->first_part_size, self->load_part_size,
                                            self->load_source);
      return;
    }

  /* Parsing 100,000 conversations takes a while and touches no GTK. */
  task = g_task_new (NULL, self->cancellable, on_snapshot_parsed, self);
  g_task_set_source_tag (task, on_snapshot_fetched);
  g_task_set_task_data (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_snapshot_thread);
}

/* ------------------------------------------------------------------------ */
/* GET /me, the start of every attempt */

static void
on_me_fetched (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  OcClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *user = NULL;
  OcRole role = OC_ROLE_UNKNOWN;

  bytes = oc_http_fetch_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      oc_client_fail (self, error);
      return;
    }

  if (!oc_protocol_parse_me (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                             &user, &role, &error))
    {
      g_autofree char *reason = g_strdup_printf (_("The server's answer could not be read (%s)."),
                                                 error->message);
      oc_client_drop (self, reason, FALSE, FALSE);
      return;
    }

  _oc_source_set_identity (OC_SOURCE (self), user, role);

  if (self->need_snapshot)
    {
      g_autoptr(SoupMessage) msg = NULL;

      msg = oc_http_new_message (SOUP_METHOD_GET, oc_source_get_server_url (OC_SOURCE (self)),
                                 "snapshot", NULL, self->authorization);
      self->snapshot_requested = g_get_monotonic_time ();
      oc_http_fetch_async (self->session, msg, OC_PROTOCOL_MAX_SNAPSHOT, self->cancellable,
                           on_snapshot_fetched, self);
    }
  else
    oc_client_open_events (self);
}

static void
oc_client_connect (OcClient *self)
{
  g_autoptr(SoupMessage) msg = NULL;

  g_assert (OC_IS_CLIENT (self));

  oc_client_teardown (self);
  self->cancellable = g_cancellable_new ();
  self->stats.connects++;

  if (self->authorization == NULL)
    {
      self->running = FALSE;
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_AUTH_FAILED,
                            _("The access token is empty or contains characters a token cannot have."));
      return;
    }

  msg = oc_http_new_message (SOUP_METHOD_GET, oc_source_get_server_url (OC_SOURCE (self)), "me", NULL,
                             self->authorization);
  if (msg == NULL)
    {
      self->running = FALSE;
      _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_OFFLINE,
                            _("The server address is not a valid http:// or https:// address."));
      return;
    }

  if (oc_source_get_state (OC_SOURCE (self)) != OC_SOURCE_STATE_RECONNECTING)
    _oc_source_set_state (OC_SOURCE (self), OC_SOURCE_STATE_CONNECTING, NULL);

  oc_http_fetch_async (self->session, msg, MAX_ME_BODY, self->cancellable, on_me_fetched, self);
}

static gboolean
resync_idle_cb (gpointer user_data)
{
  OcClient *self = user_data;

  self->resync_idle = 0;
  if (self->running)
    oc_client_resync_now (self, "the store saw a revision gap");
  return G_SOURCE_REMOVE;
}

static void
on_store_resync_needed (OcConversationStore *store,
                        gpointer             user_data)
{
  OcClient *self = user_data;

  /* Emitted from inside apply_events(); act once the store is done. */
  if (self->running && self->resync_idle == 0)
    self->resync_idle = g_idle_add (resync_idle_cb, self);
}

/* ------------------------------------------------------------------------ */
/* OcSource */

static void
oc_client_start (OcSource *source)
{
  OcClient *self = OC_CLIENT (source);

  if (self->running)
    return;

  self->running = TRUE;
  self->need_snapshot = TRUE;
  self->bad_connections = 0;
  oc_backoff_reset (&self->backoff);
  oc_client_connect (self);
}

/* "Retry now": the backoff's wait is skipped once; a failure then backs off
 * from where it was. */
static void
oc_client_reconnect_now (OcSource *source)
{
  OcClient *self = OC_CLIENT (source);

  if (!self->running || self->retry_source == 0)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  oc_client_connect (self);
}

static void
oc_client_stop (OcSource *source)
{
  OcClient *self = OC_CLIENT (source);

  if (!self->running)
    return;

  self->running = FALSE;
  oc_client_flush_full (self, TRUE);
  oc_client_teardown (self);
  _oc_source_set_state (source, OC_SOURCE_STATE_OFFLINE, _("Disconnected."));
}

static OcSourceCapabilities
oc_client_get_capabilities (OcSource *source)
{
  /* The reference protocol can do everything, live. */
  return OC_SOURCE_CAN_ALL;
}

static OcTranscript *
oc_client_open_transcript (OcSource   *source,
                           const char *conversation_id)
{
  OcClient *self = OC_CLIENT (source);

  return oc_client_transcript_new (self->session, oc_source_get_server_url (source),
                                   self->authorization, conversation_id,
                                   self->reconnect_max_seconds);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
oc_client_dispose (GObject *object)
{
  OcClient *self = OC_CLIENT (object);
  OcConversationStore *store = oc_source_get_store (OC_SOURCE (self));

  self->running = FALSE;
  oc_client_teardown (self);
  g_clear_pointer (&self->reader, _oc_client_reader_free);
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  /* After the teardown: no loader wakes it any more. */
  if (self->load_source != NULL)
    {
      g_source_destroy (self->load_source);
      g_clear_pointer (&self->load_source, g_source_unref);
    }
  g_clear_handle_id (&self->catching_up_source, g_source_remove);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->presence, g_hash_table_unref);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_object (&self->ws_signals);
  if (store != NULL)
    g_clear_signal_handler (&self->resync_handler, store);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (oc_client_parent_class)->dispose (object);
}

static void
oc_client_finalize (GObject *object)
{
  OcClient *self = OC_CLIENT (object);

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);

  G_OBJECT_CLASS (oc_client_parent_class)->finalize (object);
}

static void
oc_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  OcClient *self = OC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_RECONNECT_MAX_SECONDS:
      g_value_set_uint (value, self->reconnect_max_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  OcClient *self = OC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_RECONNECT_MAX_SECONDS:
      if (self->reconnect_max_seconds != g_value_get_uint (value))
        {
          self->reconnect_max_seconds = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oc_client_constructed (GObject *object)
{
  OcClient *self = OC_CLIENT (object);

  G_OBJECT_CLASS (oc_client_parent_class)->constructed (object);

  self->resync_handler = g_signal_connect (oc_source_get_store (OC_SOURCE (self)), "resync-needed",
                                           G_CALLBACK (on_store_resync_needed), self);
}

static void
oc_client_class_init (OcClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OcSourceClass *source_class = OC_SOURCE_CLASS (klass);

  object_class->constructed = oc_client_constructed;
  object_class->dispose = oc_client_dispose;
  object_class->finalize = oc_client_finalize;
  object_class->get_property = oc_client_get_property;
  object_class->set_property = oc_client_set_property;

  source_class->start = oc_client_start;
  source_class->reconnect_now = oc_client_reconnect_now;
  source_class->stop = oc_client_stop;
  source_class->begin_frame = oc_client_begin_frame;
  source_class->get_capabilities = oc_client_get_capabilities;
  source_class->open_transcript = oc_client_open_transcript;
  source_class->load_older_audit_async = oc_client_load_older_audit_async;
  _oc_client_class_actions_init (source_class);

  properties[PROP_RECONNECT_MAX_SECONDS] =
    g_param_spec_uint ("reconnect-max-seconds", NULL, NULL,
                       1, 3600, OC_SOURCE_DEFAULT_RECONNECT_MAX,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
oc_client_init (OcClient *self)
{
  self->reconnect_max_seconds = OC_SOURCE_DEFAULT_RECONNECT_MAX;
  self->session = oc_http_new_session ();
  self->need_snapshot = TRUE;

  self->ws_signals = g_signal_group_new (SOUP_TYPE_WEBSOCKET_CONNECTION);
  g_signal_group_connect (self->ws_signals, "message", G_CALLBACK (on_ws_message), self);
  g_signal_group_connect (self->ws_signals, "error", G_CALLBACK (on_ws_error), self);
  g_signal_group_connect (self->ws_signals, "closed", G_CALLBACK (on_ws_closed), self);

  self->reader = _oc_client_reader_new (parsed_cb, self);
  self->max_backlog = MAX_READER_BACKLOG;
  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) oc_event_free);
  self->pending = g_hash_table_new (g_str_hash, g_str_equal);
  self->presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->event_cost_us = 20;
  self->max_events = MAX_EVENTS;
  self->flush_source = _oc_client_ready_source_new ("[oc-client] flush events", flush_cb, self);
  /* Below GTK's layout and paint (G_PRIORITY_HIGH_IDLE + 20) and input
   * (G_PRIORITY_DEFAULT): in a flood the flushes would otherwise always be
   * ready before the frame and starve it. The frame is due no more than
   * once an interval, so the flush still gets every gap between frames. */
  g_source_set_priority (self->flush_source, FLUSH_PRIORITY);
  self->load_source = _oc_client_ready_source_new ("[oc-client] first load", load_cb, self);
  g_source_set_priority (self->load_source, FLUSH_PRIORITY);
  self->first_part_size = FIRST_PART;
  self->load_part_size = LOAD_PART;
}

/* ------------------------------------------------------------------------ */
/* Public API */

/**
 * oc_client_new:
 * @server_url: such as "https://cc.example.com"
 * @token: the access token; it travels only in the Authorization header
 * @store: (nullable): the store to keep in step, or %NULL for a new one
 *
 * Makes a client for the reference protocol server at @server_url. A token
 * that could not travel in a header is not an error here: oc_source_start()
 * then fails with %OC_SOURCE_STATE_AUTH_FAILED.
 *
 * Returns: (transfer full): a client, idle until oc_source_start()
 */
OcClient *
oc_client_new (const char          *server_url,
               const char          *token,
               OcConversationStore *store)
{
  OcClient *self;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (store == NULL || OC_IS_CONVERSATION_STORE (store), NULL);

  self = g_object_new (OC_TYPE_CLIENT,
                       "server-url", server_url,
                       "store", store,
                       NULL);
  self->authorization = oc_http_authorization_new (token);
  return self;
}

/**
 * oc_client_set_ca_file:
 * @self: a client
 * @path: a PEM file with the certificates to trust
 * @error: return location for an error
 *
 * Trusts the certificates in @path instead of the system's, for a server with
 * a private CA. Verification itself stays on.
 *
 * Returns: %TRUE when @path was read; otherwise @error is
 *   %OC_SOURCE_ERROR_TLS and the trusted certificates stay as they were
 */
gboolean
oc_client_set_ca_file (OcClient    *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (OC_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  database = g_tls_file_database_new (path, &local_error);
  if (database == NULL)
    {
      g_set_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS,
                   _("Cannot use “%s” as trusted certificates: %s"), path, local_error->message);
      return FALSE;
    }

  soup_session_set_tls_database (self->session, database);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* For the other files (oc-client-private.h) */

SoupSession *
_oc_client_get_session (OcClient *self)
{
  return self->session;
}

const char *
_oc_client_get_authorization (OcClient *self)
{
  return self->authorization;
}

const OcClientStats *
_oc_client_get_stats (OcClient *self)
{
  return &self->stats;
}

void
_oc_client_set_max_backlog (OcClient *self,
                            guint     max_backlog)
{
  g_return_if_fail (OC_IS_CLIENT (self));

  self->max_backlog = max_backlog;
}

void
_oc_client_set_load_parts (OcClient *self,
                           guint     first_size,
                           guint     part_size)
{
  g_return_if_fail (OC_IS_CLIENT (self));

  self->first_part_size = MAX (first_size, 1);
  self->load_part_size = MAX (part_size, 1);
}

void
_oc_client_hold_load (OcClient *self,
                      gboolean  hold)
{
  g_return_if_fail (OC_IS_CLIENT (self));

  self->load_held = hold;
  if (!hold && self->loader != NULL)
    g_source_set_ready_time (self->load_source, 0);
}

void
_oc_client_feed_frame (OcClient *self,
                       GBytes   *message)
{
  g_return_if_fail (OC_IS_CLIENT (self));
  g_return_if_fail (!self->running);

  if (!self->feeding)
    {
      self->feeding = TRUE;
      self->queued_revision = oc_conversation_store_get_revision (oc_source_get_store (OC_SOURCE (self)));
    }
  on_ws_message (NULL, SOUP_WEBSOCKET_DATA_TEXT, message, self);
}
