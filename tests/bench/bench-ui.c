// SPDX-License-Identifier: GPL-3.0-or-later
/* The console's report under load, on a display (Xvfb), in one run: 100,000
 * live conversations through the real store, view and widgets.
 *  - startup to first paint, and memory: in all, and in a process of its
 *    own what each owner (objects, store, view, summary strip, ...) holds
 *    and adds a conversation, the slope between two floor sizes
 *    (OC_BENCH_MEMORY=0 skips that);
 *  - the idle frame interval of this run: what the display itself allows;
 *  - OC_BENCH_RATE updates a second (5,000) for OC_BENCH_SECONDS (10): frame
 *    intervals, main-thread CPU per frame (all of it; applying the updates;
 *    layout and paint, and each of the two), the items-changed the widgets
 *    were told, and event
 *    to pixel: from the moment an update is handed over to the end of the
 *    frame that paints it (the frame clock's after-paint);
 *  - side by side, OC_BENCH_CMP_RATE (1,000) for OC_BENCH_CMP_SECONDS (5):
 *    the same load through our view, then through GTK's own
 *    GtkFilterListModel + GtkSortListModel over a store of its own (the same
 *    floor, filter and order: a GtkCustomFilter and a GtkCustomSorter that
 *    call oc_conversation_view_matches() and _compare()) in a GtkColumnView
 *    of the same cells, and the ratio of update work per frame.
 * Updates are made every 5 ms (each one a status change that starts or ends
 * a waiting spell, so its row moves in the default order by wait). By
 * default (OC_BENCH_FEED=client) they go the whole way a server's do: a
 * thread of their own writes each as the events socket's JSON frame, the
 * main thread hands the frames to an OcClient (_oc_client_feed_frame(), as
 * libsoup does), whose worker parses them and whose flush applies them a
 * frame at a time under its budget, coalesced; "applying updates" is then
 * the client's main-thread CPU (taking parsed events and flushing), and the
 * main loop's latency to input is probed every 20 ms, as bench-flood does.
 * OC_BENCH_FEED=direct makes them on the main thread and applies them
 * straight to the store at most once per 16 ms, as before.
 * Then a sort change per column and a few filter changes, to the frame that
 * paints each (OC_BENCH_SORTS=0 skips them). OC_BENCH_CONVERSATIONS changes
 * the floor. Asserts nothing about time. */
#include "config.h"

#include "bench-util.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "oc-agent.h"
#include "oc-agent-view.h"
#include "oc-client-private.h"
#include "oc-clock.h"
#include "oc-conversation-private.h"
#include "oc-filter-bar.h"
#include "oc-frame-pacer.h"
#include "oc-notifier.h"
#include "oc-protocol.h"
#include "oc-queue.h"
#include "oc-report.h"
#include "oc-report-cell.h"
#include "oc-summary-strip.h"
#include "store-test-util.h"

#define N_QUEUES 10
#define N_AGENTS 500
#define TICK_MS  5
/* As OcClient: one batch per frame interval at most. */
#define FLUSH_INTERVAL_US (16 * 1000)
/* A load that the consumer cannot take piles up no further than this. */
#define MAX_BACKLOG_S 0.25

static const char * const topics[] = {
  "Refund for order", "Cannot log in", "Parcel not delivered", "Change of address",
  "Charged twice", "Upgrade plan", "Password reset", "Replacement", "Cancel subscription",
  "Warranty claim",
};
static const OcStatus statuses[] = {
  OC_STATUS_OPEN, OC_STATUS_ACTIVE, OC_STATUS_WAITING, OC_STATUS_WRAP_UP,
};

/* A proxy of a store for GTK's models: they follow only items-changed, so a
 * row that changes in place is told as (position, 1, 1), which is what a
 * GListStore-based app would emit. Rows neither come nor go under this load. */
#define BENCH_TYPE_PROXY (bench_proxy_get_type ())
G_DECLARE_FINAL_TYPE (BenchProxy, bench_proxy, BENCH, PROXY, GObject)

struct _BenchProxy
{
  GObject              parent_instance;
  OcConversationStore *store;
  GHashTable          *positions;   /* OcConversation -> position + 1 */
};

static GType
bench_proxy_get_item_type (GListModel *model)
{
  return OC_TYPE_CONVERSATION;
}

static guint
bench_proxy_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (BENCH_PROXY (model)->store));
}

static gpointer
bench_proxy_get_item (GListModel *model,
                      guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (BENCH_PROXY (model)->store), position);
}

static void
bench_proxy_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bench_proxy_get_item_type;
  iface->get_n_items = bench_proxy_get_n_items;
  iface->get_item = bench_proxy_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchProxy, bench_proxy, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, bench_proxy_iface_init))

static void
bench_proxy_finalize (GObject *object)
{
  BenchProxy *self = BENCH_PROXY (object);

  g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  G_OBJECT_CLASS (bench_proxy_parent_class)->finalize (object);
}

static void
bench_proxy_class_init (BenchProxyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_proxy_finalize;
}

static void
bench_proxy_init (BenchProxy *self)
{
  self->positions = g_hash_table_new (NULL, NULL);
}

static void
proxy_updated_cb (OcConversationStore *store,
                  OcConversation      *conversation,
                  BenchProxy          *self)
{
  guint position = GPOINTER_TO_UINT (g_hash_table_lookup (self->positions, conversation));

  g_assert (position > 0);
  g_list_model_items_changed (G_LIST_MODEL (self), position - 1, 1, 1);
}

static BenchProxy *
bench_proxy_new (OcConversationStore *store)
{
  BenchProxy *self = g_object_new (BENCH_TYPE_PROXY, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  self->store = g_object_ref (store);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_hash_table_insert (self->positions, c, GUINT_TO_POINTER (i + 1));
    }
  g_signal_connect (store, "conversation-updated", G_CALLBACK (proxy_updated_cb), self);
  return self;
}

typedef struct {
  gint64 handed;    /* µs, monotonic */
  gint64 first;     /* the revisions handed over */
  gint64 last;
} Handover;

/* What one load on one set of widgets measured. */
typedef struct {
  GArray  *intervals;   /* double ms, between paints */
  GArray  *apply;       /* double ms CPU, applying updates, per frame */
  GArray  *work;        /* double ms CPU, update phase to after-paint */
  GArray  *layout;      /* double ms CPU, of that: to the end of GTK's layout */
  GArray  *paint;       /* double ms CPU, of that: after the layout (render) */
  GArray  *layout_new;  /* the layouts of frames with a row widget GTK made, */
  GArray  *layout_kept; /* and of those without */
  GArray  *cpu;         /* double ms CPU of the main thread, paint to paint */
  GArray  *latency;     /* double ms, one per update */
  GArray  *input;       /* double ms, main loop's wait for a probe */
  double   catching_up; /* s with the client's "catching-up" on */
  double   longest_catching_up;
  double   catch_up_after; /* ms to apply the rest once the load stopped */
  guint    flushes;     /* the client's, applying anything */
  double   take_total;  /* ms CPU of apply_total: taking parsed events */
  guint    batches;     /* the store batches they made */
  guint64  applied;
  guint64  dropped;     /* not made: the consumer was over MAX_BACKLOG_S behind */
  guint64  emissions;   /* items-changed the widgets' model emitted */
  guint64  told;        /* rows those covered, removed + added */
  double   apply_total; /* ms CPU */
  guint    seconds;
  guint    rate;
} Series;

typedef struct {
  OcConversationStore *store;
  OcClient            *client;    /* the feed, when through the client */
  GPtrArray           *floor;     /* the producer's own copy of the rows */
  gint64               revision;  /* the last one made */
  gint                 applied;   /* atomic: the store's, for the producer */
  GtkWindow           *window;
  OcFramePacer        *pacer;     /* the client's events, once a frame, as the console */
  GListModel          *shown;     /* the model the widgets show */
} Target;

typedef struct {
  GRand               *rand;
  guint                n_conversations;
  gint64               now;
  gint64               started;
  gint64               first_paint;
  gint64               first_paint_cpu;  /* the main thread's, at it */

  Target              *target;
  Series              *series;
  gboolean             running;
  GMainLoop           *loop;

  GPtrArray           *pending;          /* OcEvent, made, not applied */
  GArray              *pending_handed;   /* Handover */
  GArray              *applied_handed;   /* Handover: applied, waiting for a frame */
  GArray              *frame_handed;     /* Handover: in the frame being drawn */
  double               owed;
  gint64               last_tick;
  gint64               last_flush;
  gint64               last_paint;
  gint64               last_paint_cpu;
  gint64               update_start;     /* CPU µs */
  gint64               layout_end;       /* CPU µs, 0: not seen this frame */
  GtkWidget           *list;             /* the list GTK keeps row widgets in */
  GHashTable          *rows_seen;        /* its row widgets at the last paint */
  gint64               apply_in_frame;   /* CPU µs since the last paint */

  gboolean             feed_client;      /* OC_BENCH_FEED=client */
  gboolean             via_client;       /* this run's: not the side by side */
  GThread             *producer;
  OcBenchProber       *prober;
  OcBenchStop          stop_threads;     /* the producer's */
  GRand               *producer_rand;
  gint64               client_cpu_mark;  /* client's apply CPU at the last paint */
  OcBenchSpells        catching_up;      /* the client's, this run */
} Bench;

static void target_floor_init (Bench  *b,
                               Target *t);

/* CPU time of the main thread: on a shared machine wall time also counts
 * other processes. */
static gint64
thread_cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static OcConversation *
make_conversation (Bench *b,
                   GRand *rand,
                   guint  i)
{
  OcConversationFields f = { 0, };
  g_autofree char *queue = g_strdup_printf ("q-%02u", i % N_QUEUES);
  g_autofree char *agent = g_strdup_printf ("a-%03u", i % N_AGENTS);
  OcStatus status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];

  /* Made whole, as the protocol reader makes a snapshot's. */
  f.id = g_strdup_printf ("c-%06u", i);
  f.subject = g_strdup_printf ("%s #%u", topics[i % G_N_ELEMENTS (topics)], i);
  f.customer_name = g_strdup_printf ("Customer %u", i);
  f.status = status;
  f.queue_id = queue;
  f.workstream_id = "ws-chat";
  f.agent_id = status == OC_STATUS_OPEN ? NULL : agent;
  f.created_at = f.status_since = b->now - g_rand_int_range (rand, 0, 20000);
  f.channel = 1 + i % 3;
  f.sentiment = g_rand_int_range (rand, 0, 8);
  if (status == OC_STATUS_OPEN || status == OC_STATUS_WAITING)
    f.waiting_since = b->now - g_rand_int_range (rand, 0, 3600);
  if (status != OC_STATUS_OPEN)
    f.first_assigned_at = b->now - g_rand_int_range (rand, 0, 3600);
  return _oc_conversation_new_take (&f);
}

/* The same floor every time: the side-by-side stores start equal. The
 * first @n conversations of it. */
static OcSnapshot *
make_snapshot_n (Bench *b,
                 guint  n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  OcSnapshot *snapshot = test_snapshot_new (1);

  test_snapshot_add_queues (snapshot, N_QUEUES);
  for (guint i = 0; i < N_AGENTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("a-%03u", i);
      g_autofree char *name = g_strdup_printf ("Agent %u", i);
      OcAgent *agent = oc_agent_new (id);
      oc_agent_set_name (agent, name);
      g_ptr_array_add (snapshot->agents, agent);
    }
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (snapshot->conversations, make_conversation (b, rand, i));
  return snapshot;
}

static OcSnapshot *
make_snapshot (Bench *b)
{
  return make_snapshot_n (b, b->n_conversations);
}

/* What an update changes: the status, which restarts or ends a waiting
 * spell, so the row moves in the wait order. */
static void
change_row (Bench          *b,
            GRand          *rand,
            OcConversation *c,
            gint64          revision)
{
  OcStatus status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];

  oc_conversation_set_status (c, status);
  oc_conversation_set_agent_id (c, status == OC_STATUS_OPEN ? NULL : "a-007");
  oc_conversation_set_waiting_since (c, status == OC_STATUS_OPEN || status == OC_STATUS_WAITING
                                        ? b->now - g_rand_int_range (rand, 0, 60) : 0);
  oc_conversation_set_sentiment (c, g_rand_int_range (rand, 0, 8));
  oc_conversation_set_revision (c, revision);
}

/* One update as the server would send it. */
static OcEvent *
make_update (Bench  *b,
             Target *t)
{
  g_autofree char *id = g_strdup_printf ("c-%06u", g_rand_int_range (b->rand, 0, b->n_conversations));
  OcConversation *current = oc_conversation_store_lookup (t->store, id);
  OcConversation *copy = test_conversation_copy (current);

  change_row (b, b->rand, copy, ++t->revision);
  return test_event_upsert (t->revision, copy);
}

static void
flush (Bench *b)
{
  if (b->pending->len > 0)
    {
      gint64 start = thread_cpu_now ();
      gint64 spent;

      oc_conversation_store_apply_events (b->target->store, (OcEvent * const *) b->pending->pdata,
                                          b->pending->len);
      spent = thread_cpu_now () - start;
      b->apply_in_frame += spent;
      b->series->apply_total += spent / 1000.0;
      b->series->applied += b->pending->len;
      for (guint i = 0; i < b->pending->len; i++)
        test_event_free (g_ptr_array_index (b->pending, i));
      g_ptr_array_set_size (b->pending, 0);
      g_array_append_vals (b->applied_handed, b->pending_handed->data, b->pending_handed->len);
      g_array_set_size (b->pending_handed, 0);
    }
  b->last_flush = g_get_monotonic_time ();
}

static gboolean
tick_cb (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  guint n, room;

  if (!b->running)
    return G_SOURCE_REMOVE;

  /* Keep the rate whatever the timer's jitter: make what is due. */
  b->owed += b->series->rate * (now - b->last_tick) / (double) G_USEC_PER_SEC;
  b->last_tick = now;
  n = (guint) b->owed;
  b->owed -= n;

  room = (guint) (b->series->rate * MAX_BACKLOG_S);
  room = room > b->pending->len ? room - b->pending->len : 0;
  if (n > room)
    {
      b->series->dropped += n - room;
      n = room;
    }

  if (n > 0)
    {
      Handover h = { now, b->target->revision + 1, b->target->revision + n };

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (b->pending, make_update (b, b->target));
      g_array_append_val (b->pending_handed, h);
    }

  if (now - b->last_flush >= FLUSH_INTERVAL_US)
    flush (b);

  return G_SOURCE_CONTINUE;
}

/* The client's feed ----------------------------------------------------------- */

/* What the client's flushes cost the main thread so far: taking parsed
 * events into its queue, and applying that to the store. */
static gint64
client_cpu (Target *t)
{
  const OcClientStats *stats = _oc_client_get_stats (t->client);

  return stats->take_cpu_us + stats->flush_cpu_us;
}

typedef struct {
  Bench     *b;
  GPtrArray *frames;   /* GBytes */
  gint64     first, last;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *d = data;

  g_ptr_array_unref (d->frames);
  g_free (d);
}

/* The update make_update() makes, as the server's frame, from the
 * producer's own copy of the row. */
static GBytes *
make_frame (Bench  *b,
            Target *t)
{
  OcConversation *c = g_ptr_array_index (t->floor, g_rand_int_range (b->producer_rand, 0, t->floor->len));
  GString *text = g_string_sized_new (640);

  change_row (b, b->producer_rand, c, ++t->revision);

  g_string_append_printf (text, "{\"type\":\"conversation.upsert\",\"revision\":%" G_GINT64_FORMAT
                          ",\"conversation\":", t->revision);
  oc_protocol_append_conversation (text, c);
  g_string_append_c (text, '}');
  return g_string_free_to_bytes (text);
}

/* On the main thread: the frames arrive, as libsoup hands them over. */
static gboolean
deliver_cb (gpointer data)
{
  Delivery *d = data;
  Bench *b = d->b;
  Handover h = { g_get_monotonic_time (), d->first, d->last };

  for (guint i = 0; i < d->frames->len; i++)
    _oc_client_feed_frame (b->target->client, g_ptr_array_index (d->frames, i));
  g_array_append_val (b->pending_handed, h);
  return G_SOURCE_REMOVE;
}

static gpointer
producer_thread (gpointer data)
{
  Bench *b = data;
  Target *t = b->target;
  Series *s = b->series;
  gint64 last = g_get_monotonic_time ();
  gint64 next = last;
  double owed = 0;

  /* Ticks on a clock of absolute times, at once when stopped. */
  while (!oc_bench_stop_wait (&b->stop_threads, next = MAX (next + TICK_MS * 1000, last)))
    {
      gint64 now, behind;
      guint n, room;
      Delivery *d;

      now = g_get_monotonic_time ();
      owed += s->rate * (now - last) / (double) G_USEC_PER_SEC;
      last = now;
      n = (guint) owed;
      owed -= n;

      behind = t->revision - g_atomic_int_get (&t->applied);
      room = (guint) (s->rate * MAX_BACKLOG_S);
      room = room > behind ? room - (guint) behind : 0;
      if (n > room)
        {
          s->dropped += n - room;
          n = room;
        }
      if (n == 0)
        continue;

      d = g_new0 (Delivery, 1);
      d->b = b;
      d->frames = g_ptr_array_new_full (n, (GDestroyNotify) g_bytes_unref);
      d->first = t->revision + 1;
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (d->frames, make_frame (b, t));
      d->last = t->revision;
      oc_bench_post (deliver_cb, d, delivery_free);
    }
  return NULL;
}

/* The store applied up to its revision: those updates wait for a frame. */
static void
batch_done_cb (OcConversationStore *store,
               Bench               *b)
{
  gint64 revision = oc_conversation_store_get_revision (store);
  guint k = 0;

  if (b->series != NULL)
    b->series->applied += revision - g_atomic_int_get (&b->target->applied);
  g_atomic_int_set (&b->target->applied, (gint) revision);

  for (; k < b->pending_handed->len; k++)
    {
      Handover *h = &g_array_index (b->pending_handed, Handover, k);

      if (h->first > revision)
        break;
      if (h->last > revision)
        {
          Handover part = { h->handed, h->first, revision };

          g_array_append_val (b->applied_handed, part);
          h->first = revision + 1;
          break;
        }
      g_array_append_val (b->applied_handed, *h);
    }
  g_array_remove_range (b->pending_handed, 0, k);
}

static gboolean
caught_up (Bench *b)
{
  return oc_conversation_store_get_revision (b->target->store) >= b->target->revision;
}

static void
shown_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Bench      *b)
{
  if (b->running && b->series != NULL)
    {
      b->series->emissions++;
      b->series->told += removed + added;
    }
}

/* Connected after the window's own handler: GTK has laid the frame out. */
static void
frame_layout_cb (GdkFrameClock *clock,
                 Bench         *b)
{
  b->layout_end = thread_cpu_now ();
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* How many of the list's row widgets are new since the last paint: GTK 4.8
 * re-measures every cell of every column in a frame that adds or removes
 * one (gtk_column_view_column_add_cell() queues a resize of them all). */
static guint
count_new_rows (Bench     *b,
                GtkWindow *window)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint made = 0;

  if (b->list == NULL || gtk_widget_get_root (b->list) != GTK_ROOT (window))
    {
      g_clear_pointer (&b->rows_seen, g_hash_table_unref);
      b->list = find_list_view (GTK_WIDGET (window));
      if (b->list == NULL)
        return 0;
    }
  for (GtkWidget *row = gtk_widget_get_first_child (b->list); row; row = gtk_widget_get_next_sibling (row))
    {
      g_hash_table_add (seen, row);
      made += b->rows_seen != NULL && !g_hash_table_contains (b->rows_seen, row);
    }
  g_clear_pointer (&b->rows_seen, g_hash_table_unref);
  b->rows_seen = g_steal_pointer (&seen);
  return made;
}

static void
frame_update_cb (GdkFrameClock *clock,
                 Bench         *b)
{
  /* What was applied before this frame lays out is painted by it. */
  g_array_append_vals (b->frame_handed, b->applied_handed->data, b->applied_handed->len);
  g_array_set_size (b->applied_handed, 0);
  b->update_start = thread_cpu_now ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_now ();

  if (b->first_paint == 0)
    {
      b->first_paint = now - b->started;
      b->first_paint_cpu = cpu;
    }

  if (b->running && b->series != NULL && b->last_paint != 0)
    {
      Series *s = b->series;
      double interval = (now - b->last_paint) / 1000.0;
      double apply;

      if (b->via_client)
        {
          gint64 spent = client_cpu (b->target) - b->client_cpu_mark;

          b->apply_in_frame = spent;
          s->apply_total += spent / 1000.0;
        }
      apply = b->apply_in_frame / 1000.0;
      double work = b->update_start ? (cpu - b->update_start) / 1000.0 : 0;
      double frame_cpu = (cpu - b->last_paint_cpu) / 1000.0;

      g_array_append_val (s->intervals, interval);
      g_array_append_val (s->apply, apply);
      g_array_append_val (s->work, work);
      if (b->update_start && b->layout_end >= b->update_start)
        {
          double layout = (b->layout_end - b->update_start) / 1000.0;
          double paint = (cpu - b->layout_end) / 1000.0;

          g_array_append_val (s->layout, layout);
          g_array_append_val (s->paint, paint);
          /* Counted after the frame's figures were taken. */
          g_array_append_val (count_new_rows (b, b->target->window) > 0 ? s->layout_new : s->layout_kept, layout);
        }
      g_array_append_val (s->cpu, frame_cpu);
      if (s->latency != NULL)
        for (guint i = 0; i < b->frame_handed->len; i++)
          {
            Handover *h = &g_array_index (b->frame_handed, Handover, i);
            double ms = (now - h->handed) / 1000.0;

            for (gint64 k = h->first; k <= h->last; k++)
              g_array_append_val (s->latency, ms);
          }
    }

  g_array_set_size (b->frame_handed, 0);
  b->apply_in_frame = 0;
  if (b->via_client && b->target != NULL)
    b->client_cpu_mark = client_cpu (b->target);
  b->last_paint = now;
  b->last_paint_cpu = cpu;
}

static gboolean
stop_cb (gpointer data)
{
  Bench *b = data;

  b->running = FALSE;
  g_main_loop_quit (b->loop);
  return G_SOURCE_REMOVE;
}

static Series *
series_new (guint rate,
            guint seconds)
{
  Series *s = g_new0 (Series, 1);

  s->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  s->apply = g_array_new (FALSE, FALSE, sizeof (double));
  s->work = g_array_new (FALSE, FALSE, sizeof (double));
  s->layout = g_array_new (FALSE, FALSE, sizeof (double));
  s->paint = g_array_new (FALSE, FALSE, sizeof (double));
  s->layout_new = g_array_new (FALSE, FALSE, sizeof (double));
  s->layout_kept = g_array_new (FALSE, FALSE, sizeof (double));
  s->cpu = g_array_new (FALSE, FALSE, sizeof (double));
  s->latency = g_array_new (FALSE, FALSE, sizeof (double));
  s->input = g_array_new (FALSE, FALSE, sizeof (double));
  s->rate = rate;
  s->seconds = seconds;
  return s;
}

static void
series_free (Series *s)
{
  g_array_unref (s->intervals);
  g_array_unref (s->apply);
  g_array_unref (s->work);
  g_array_unref (s->layout);
  g_array_unref (s->paint);
  g_array_unref (s->layout_new);
  g_array_unref (s->layout_kept);
  g_array_unref (s->cpu);
  g_array_unref (s->latency);
  g_array_unref (s->input);
  g_free (s);
}

static double
mean (GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return values->len > 0 ? sum / values->len : 0;
}

/* Runs @s's load (idle for a rate of 0) on @t's window. */
static void
run (Bench  *b,
     Target *t,
     Series *s)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (t->window));
  gulong update_id, layout_id, paint_id, shown_id, batch_id = 0, catching_id = 0;
  guint tick_id = 0, flushes = 0, batches = 0;
  gint64 take_mark = 0;

  b->target = t;
  b->series = s;
  b->list = NULL;
  g_clear_pointer (&b->rows_seen, g_hash_table_unref);
  b->running = TRUE;
  b->last_paint = 0;
  b->update_start = 0;
  b->layout_end = 0;
  b->apply_in_frame = 0;
  b->owed = 0;
  b->last_tick = b->last_flush = g_get_monotonic_time ();
  g_array_set_size (b->applied_handed, 0);
  g_array_set_size (b->frame_handed, 0);

  update_id = g_signal_connect (clock, "update", G_CALLBACK (frame_update_cb), b);
  layout_id = g_signal_connect (clock, "layout", G_CALLBACK (frame_layout_cb), b);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), b);
  shown_id = g_signal_connect (t->shown, "items-changed", G_CALLBACK (shown_changed_cb), b);
  g_atomic_int_set (&t->applied, (gint) oc_conversation_store_get_revision (t->store));
  if (b->via_client)
    {
      oc_bench_stop_init (&b->stop_threads);
      b->client_cpu_mark = client_cpu (t);
      b->catching_up = (OcBenchSpells) { 0, };
      oc_bench_spells_set (&b->catching_up, oc_source_get_catching_up (OC_SOURCE (t->client)));
      flushes = _oc_client_get_stats (t->client)->flushes;
      take_mark = _oc_client_get_stats (t->client)->take_cpu_us;
      batches = _oc_client_get_stats (t->client)->flush_calls;
      g_array_set_size (b->pending_handed, 0);
      batch_id = g_signal_connect (t->store, "batch-done", G_CALLBACK (batch_done_cb), b);
      catching_id = g_signal_connect (t->client, "notify::catching-up", G_CALLBACK (oc_bench_spells_notify),
                                      &b->catching_up);
      if (s->rate > 0)
        target_floor_init (b, t);
      /* After the bench's own copy of the floor, which takes the main thread
       * 100 ms and more: the probes measure the window under the load. */
      b->prober = oc_bench_prober_start ();
      if (s->rate > 0)
        b->producer = g_thread_new ("bench-producer", producer_thread, b);
    }
  else if (s->rate > 0)
    tick_id = g_timeout_add (TICK_MS, tick_cb, b);
  g_timeout_add_seconds (s->seconds, stop_cb, b);
  g_main_loop_run (b->loop);

  if (tick_id != 0)
    g_source_remove (tick_id);
  if (b->via_client)
    {
      gint64 stopped = g_get_monotonic_time ();

      oc_bench_stop_set (&b->stop_threads);
      if (b->producer != NULL)
        g_thread_join (g_steal_pointer (&b->producer));
      oc_bench_stop_clear (&b->stop_threads);
      g_array_unref (s->input);
      s->input = oc_bench_prober_take (b->prober);
      oc_bench_prober_stop (g_steal_pointer (&b->prober));
      /* What was made is applied before the next run; at most 15 s. */
      while (!caught_up (b) && g_get_monotonic_time () - stopped < 15 * G_USEC_PER_SEC)
        g_main_context_iteration (NULL, TRUE);
      s->catch_up_after = (g_get_monotonic_time () - stopped) / 1000.0;
      s->flushes = _oc_client_get_stats (t->client)->flushes - flushes;
      s->take_total = (_oc_client_get_stats (t->client)->take_cpu_us - take_mark) / 1000.0;
      s->batches = _oc_client_get_stats (t->client)->flush_calls - batches;
      oc_bench_spells_set (&b->catching_up, FALSE);
      s->catching_up = b->catching_up.total_us / (double) G_USEC_PER_SEC;
      s->longest_catching_up = b->catching_up.longest_us / (double) G_USEC_PER_SEC;
      g_signal_handler_disconnect (t->store, batch_id);
      g_signal_handler_disconnect (t->client, catching_id);
    }
  else
    flush (b);
  g_signal_handler_disconnect (clock, update_id);
  g_signal_handler_disconnect (clock, layout_id);
  g_clear_pointer (&b->rows_seen, g_hash_table_unref);
  b->list = NULL;
  g_signal_handler_disconnect (clock, paint_id);
  g_signal_handler_disconnect (t->shown, shown_id);
  b->series = NULL;
}

static void
print_series (Series *s)
{
  guint frames = MAX (s->intervals->len, 1);

  printf ("  %-34s %.0f/s (%" G_GUINT64_FORMAT " in %u s, %" G_GUINT64_FORMAT " not made: over %.0f ms behind)\n",
          "updates applied", s->applied / (double) s->seconds, s->applied, s->seconds, s->dropped,
          MAX_BACKLOG_S * 1000);
  oc_bench_print_stats ("frame interval", s->intervals);
  oc_bench_print_stats ("main thread CPU per frame", s->cpu);
  oc_bench_print_stats ("applying updates per frame (CPU)", s->apply);
  oc_bench_print_stats ("layout and paint per frame (CPU)", s->work);
  oc_bench_print_stats ("  of which the layout", s->layout);
  oc_bench_print_stats ("  of which the paint", s->paint);
  oc_bench_print_stats ("  layout, frames GTK made rows in", s->layout_new);
  oc_bench_print_stats ("  layout, frames it kept its rows", s->layout_kept);
  printf ("  %-34s %.1f µs CPU each\n", "applying an update",
          s->applied > 0 ? 1000.0 * s->apply_total / s->applied : 0);
  printf ("  %-34s %.1f a frame, covering %.0f rows\n", "items-changed to the widgets",
          s->emissions / (double) frames, s->told / (double) frames);
  if (s->flushes > 0)
    printf ("  %-34s %.2f (%u flushes); of the applying, %.1f µs an update taking parsed events in\n",
            "store batches per client flush", s->batches / (double) s->flushes, s->flushes,
            s->applied > 0 ? 1000.0 * s->take_total / s->applied : 0);
  if (s->input->len > 0)
    oc_bench_print_stats ("input waits for the main loop", s->input);
  if (s->rate > 0 && s->input->len > 0)
    printf ("  %-34s %.1f s of %u (longest %.1f s; the window says throttled after 2 s), caught up %.0f ms after the load stopped\n",
            "catching up", s->catching_up, s->seconds, s->longest_catching_up, s->catch_up_after);
}

static Series *
run_load (Bench      *b,
          Target     *t,
          const char *name,
          guint       rate,
          guint       seconds,
          gboolean    direct)
{
  Series *s = series_new (rate, seconds);
  g_autofree char *what = g_strdup_printf ("%s: %u updates/s for %u s%s", name, rate, seconds,
                                           b->feed_client && direct ? ", straight to the store" : "");

  oc_bench_print_load (what);
  b->via_client = b->feed_client && !direct;
  run (b, t, s);
  print_series (s);
  return s;
}

/* The client that feeds @t. */
static void
target_feed_init (Bench  *b,
                  Target *t)
{
  if (b->feed_client)
    t->client = oc_client_new ("http://127.0.0.1:9", "bench", t->store);
}

/* The producer's own copy of the floor, made when first needed: after the
 * memory of the window is measured. */
static void
target_floor_init (Bench  *b,
                   Target *t)
{
  OcSnapshot *snapshot;

  if (t->floor != NULL)
    return;
  snapshot = make_snapshot (b);
  t->floor = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < snapshot->conversations->len; i++)
    g_ptr_array_add (t->floor, g_object_ref (g_ptr_array_index (snapshot->conversations, i)));
  test_snapshot_free (snapshot);
}

static void
target_free (Target *t)
{
  g_clear_object (&t->pacer);
  g_clear_object (&t->client);
  g_clear_pointer (&t->floor, g_ptr_array_unref);
  g_free (t);
}

/* Our widgets, as the console has them, sorted by wait (the default). */
static Target *
make_our_target (Bench              *b,
                 OcConversationView *view)
{
  Target *t = g_new0 (Target, 1);

  t->store = oc_conversation_view_get_store (view);
  t->revision = 1;
  target_feed_init (b, t);
  t->shown = G_LIST_MODEL (view);
  t->window = oc_bench_console_window (view);
  if (t->client != NULL)
    {
      t->pacer = oc_frame_pacer_new (GTK_WIDGET (t->window));
      oc_frame_pacer_set_source (t->pacer, OC_SOURCE (t->client));
    }
  return t;
}

/* GTK's stack ---------------------------------------------------------------- */

static gboolean
gtk_match_cb (gpointer item,
              gpointer view)
{
  return oc_conversation_view_matches (view, item);
}

static int
gtk_compare_cb (gconstpointer a,
                gconstpointer b,
                gpointer      view)
{
  int r = oc_conversation_view_compare (view, (OcConversation *) a, (OcConversation *) b);

  return r < 0 ? GTK_ORDERING_SMALLER : r > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

typedef struct {
  OcReportColumn       column;
  OcConversationStore *store;
  GSettings           *settings;
} CellSpec;

static void
cell_spec_free (gpointer data,
                GClosure *closure)
{
  g_free (data);
}

static void
gtk_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CellSpec                 *spec)
{
  gtk_list_item_set_child (item, GTK_WIDGET (oc_report_cell_new (spec->column, spec->store,
                                                                 oc_clock_get_default (),
                                                                 spec->settings)));
}

static void
gtk_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CellSpec                 *spec)
{
  oc_report_cell_bind (OC_REPORT_CELL (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

/* The same floor in a store of its own, through GTK's filter and sort
 * models, in a column view of the same cells: what the report would cost
 * without our view. @view only lends its filter and order. */
static Target *
make_gtk_target (Bench              *b,
                 OcConversationView *view,
                 GSettings          *settings)
{
  Target *t = g_new0 (Target, 1);
  OcSnapshot *snapshot = make_snapshot (b);
  g_autoptr(BenchProxy) proxy = NULL;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;
  GtkColumnView *column_view;
  GtkWidget *scrolled;

  t->store = oc_conversation_store_new ();
  t->revision = 1;
  oc_conversation_store_load_snapshot (t->store, snapshot);
  test_snapshot_free (snapshot);
  target_feed_init (b, t);

  proxy = bench_proxy_new (t->store);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (proxy)),
                                        GTK_FILTER (gtk_custom_filter_new (gtk_match_cb, view, NULL)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                    GTK_SORTER (gtk_custom_sorter_new (gtk_compare_cb, view, NULL)));
  t->shown = G_LIST_MODEL (sorted);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);

  column_view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (selection)));
  for (guint i = 0; i < OC_N_REPORT_COLUMNS; i++)
    {
      CellSpec *spec = g_new0 (CellSpec, 1);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      spec->column = i;
      spec->store = t->store;
      spec->settings = settings;
      g_signal_connect_data (factory, "setup", G_CALLBACK (gtk_setup_cb), spec,
                             cell_spec_free, 0);
      g_signal_connect (factory, "bind", G_CALLBACK (gtk_bind_cb), spec);
      column = gtk_column_view_column_new ("", factory);
      gtk_column_view_column_set_fixed_width (column, 120);
      gtk_column_view_append_column (column_view, column);
    }

  t->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (t->window, 1280, 800);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (column_view));
  gtk_window_set_child (t->window, scrolled);
  return t;
}

static void
wait_for_paint (Bench     *b,
                GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong id;

  b->first_paint = 0;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), b);
  while (b->first_paint == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

/* One change of order or filter in the window: from the call to the end of
 * the frame that paints it (the model's work, GTK's and the paint), in wall
 * time and in the main thread's CPU time, which a busy machine inflates
 * less. Returns the wall time in ms. */
typedef void (*ChangeFunc) (OcConversationView *view,
                            gconstpointer       data);

/* The part of a change's model time that the view's consumers (the
 * selection, the list, the report) spend handling its items-changed:
 * from an emission hook, which runs before any handler, to a handler
 * connected after them all. */
static struct
{
  GListModel *view;
  gint64      started;   /* CPU; 0 outside an emission */
  gint64      spent;
} consumers;

static gboolean
items_changed_hook (GSignalInvocationHint *hint,
                    guint                  n_params,
                    const GValue          *params,
                    gpointer               data)
{
  if (consumers.started == 0 && g_value_get_object (&params[0]) == (gpointer) consumers.view)
    consumers.started = thread_cpu_now ();
  return TRUE;
}

static void
items_changed_after_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added)
{
  if (consumers.started != 0)
    consumers.spent += thread_cpu_now () - consumers.started;
  consumers.started = 0;
}

static double
measure_change (Bench              *b,
                OcConversationView *view,
                GtkWindow          *window,
                const char         *what,
                ChangeFunc          change,
                gconstpointer       data)
{
  gint64 start = g_get_monotonic_time ();
  gint64 start_cpu = thread_cpu_now ();
  gint64 model, model_cpu;
  double painted, painted_cpu;

  consumers.spent = 0;
  change (view, data);
  model = g_get_monotonic_time () - start;
  model_cpu = thread_cpu_now () - start_cpu;
  gtk_widget_queue_draw (GTK_WIDGET (window));
  wait_for_paint (b, window);
  painted = (b->first_paint - (start - b->started)) / 1000.0;
  painted_cpu = (b->first_paint_cpu - start_cpu) / 1000.0;
  printf ("  %-34s painted in %6.1f ms (CPU %6.1f ms; model %5.1f ms, CPU %5.1f ms, "
          "of which the widgets' items-changed %5.1f ms)\n", what,
          painted, painted_cpu, model / 1000.0, model_cpu / 1000.0, consumers.spent / 1000.0);
  return painted_cpu;
}

typedef struct { OcSortColumn column; gboolean descending; } SortChange;

static void
change_sort (OcConversationView *view,
             gconstpointer       data)
{
  const SortChange *sort = data;

  oc_conversation_view_set_sort (view, sort->column, sort->descending);
}

static void
change_queues (OcConversationView *view,
               gconstpointer       data)
{
  oc_conversation_view_set_queue_filter (view, data);
}

static void
change_search (OcConversationView *view,
               gconstpointer       data)
{
  oc_conversation_view_set_search_text (view, data);
}

/* After a run the view holds what a filter and sort from scratch over the
 * same store gives, row for row (#17): fails the bench if not. */
static void
check_exact (OcConversationView *view)
{
  OcConversationStore *store = oc_conversation_view_get_store (view);
  g_autoptr(OcConversationView) fresh = oc_conversation_view_new (store);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (view));
  guint differing = 0;

  oc_conversation_view_set_sort (fresh, oc_conversation_view_get_sort_column (view),
                                 oc_conversation_view_get_sort_descending (view));
  if (g_list_model_get_n_items (G_LIST_MODEL (fresh)) != n)
    g_error ("after the run the view holds %u rows, a view from scratch %u",
             n, g_list_model_get_n_items (G_LIST_MODEL (fresh)));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) ours = g_list_model_get_item (G_LIST_MODEL (view), i);
      g_autoptr(GObject) theirs = g_list_model_get_item (G_LIST_MODEL (fresh), i);

      differing += ours != theirs;
    }
  printf ("  %-34s %s (%u rows against a filter and sort from scratch%s)\n", "view exact after the run",
          differing == 0 ? "yes" : "NO", n, differing == 0 ? "" : ", some differ");
  if (differing > 0)
    g_error ("after the run %u of %u rows differ from a view from scratch", differing, n);
}

/* Every column both ways, then a few filters. */
static void
measure_sorts (Bench              *b,
               OcConversationView *view,
               GtkWindow          *window)
{
  static const struct { OcSortColumn column; const char *name; } columns[] = {
    { OC_SORT_SUBJECT, "subject" }, { OC_SORT_STATUS, "status" },
    { OC_SORT_AGENT_NAME, "agent name" }, { OC_SORT_QUEUE_NAME, "queue name" },
    { OC_SORT_CHANNEL, "channel" }, { OC_SORT_HANDLE, "handle" },
    { OC_SORT_SENTIMENT, "sentiment" }, { OC_SORT_CUSTOMER, "customer" },
    { OC_SORT_CREATED, "created" }, { OC_SORT_FLAG, "flag" },
    { OC_SORT_WAIT, "wait" },
  };
  static const char * const two_queues[] = { "q-03", "q-07", NULL };
  OcSortColumn column = oc_conversation_view_get_sort_column (view);
  gboolean descending = oc_conversation_view_get_sort_descending (view);
  guint signal_id = g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL);
  gulong hook, after;
  double slowest = 0, t;

  consumers.view = G_LIST_MODEL (view);
  hook = g_signal_add_emission_hook (signal_id, 0, items_changed_hook, NULL, NULL);
  after = g_signal_connect_after (view, "items-changed", G_CALLBACK (items_changed_after_cb), NULL);

  oc_bench_print_load ("sort and filter changes in the window");
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    for (guint d = 0; d < 2; d++)
      {
        SortChange sort = { columns[i].column, d == 1 };
        g_autofree char *what = g_strdup_printf ("sort by %s %s", columns[i].name,
                                                 d == 1 ? "descending" : "ascending");

        t = measure_change (b, view, window, what, change_sort, &sort);
        slowest = MAX (slowest, t);
      }
  t = measure_change (b, view, window, "filter to two queues", change_queues, two_queues);
  slowest = MAX (slowest, t);
  t = measure_change (b, view, window, "filter to all queues", change_queues, NULL);
  slowest = MAX (slowest, t);
  t = measure_change (b, view, window, "search \"refund\"", change_search, "refund");
  slowest = MAX (slowest, t);
  t = measure_change (b, view, window, "search cleared", change_search, NULL);
  slowest = MAX (slowest, t);
  printf ("%-36s %.1f ms CPU  (goal < 150 ms)\n", "slowest change, to paint", slowest);
  g_signal_remove_emission_hook (signal_id, hook);
  g_signal_handler_disconnect (view, after);
  consumers.view = NULL;
  oc_conversation_view_set_sort (view, column, descending);
  wait_for_paint (b, window);
}

/* Memory, by owner -------------------------------------------------------- */

typedef enum {
  OWNER_OBJECTS,
  OWNER_STORE,
  OWNER_VIEW,
  OWNER_SUMMARY,
  OWNER_REPORT,
  OWNER_FILTER_BAR,
  OWNER_NOTIFIER,
  OWNER_AGENTS,
  OWNER_WINDOW,
  N_OWNERS
} Owner;

static const char * const owner_names[N_OWNERS] = {
  "conversation objects",
  "store (its rows, the id index)",
  "view (its rows, facets)",
  "summary strip (its per-row counts)",
  "report, not yet shown",
  "filter bar",
  "notifier",
  "agents index (OcAgentView)",
  "window, painted",
};

/* What a GPtrArray of @n holds: it grows to powers of two. */
static gsize
ptr_array_bytes (guint n)
{
  gsize alloc = 16;

  while (alloc < n)
    alloc <<= 1;
  return alloc * sizeof (gpointer);
}

/* Builds the console's parts over the first @n conversations of the floor one
 * after the other, the heap measured after each (@owners, signed bytes),
 * then takes them all down again: @left_over is what stayed. */
static void
memory_by_owner (Bench     *b,
                 GSettings *settings,
                 guint      n,
                 double     owners[N_OWNERS],
                 double    *left_over)
{
  gsize before = oc_bench_heap_in_use (), last;
  OcSnapshot *snapshot = make_snapshot_n (b, n);
  OcConversationStore *store = oc_conversation_store_new ();
  OcConversationView *view;
  OcSummaryStrip *summary;
  OcReport *report;
  OcFilterBar *filter_bar;
  OcNotifier *notifier;
  OcAgentView *agents;
  GtkWindow *window;

#define MEASURE(owner) G_STMT_START {                                       \
    gsize now_ = oc_bench_heap_in_use ();                                   \
    owners[owner] = (double) now_ - (double) last;                          \
    last = now_;                                                            \
  } G_STMT_END

  /* The snapshot's own array of them is not theirs. */
  last = before + ptr_array_bytes (n);
  MEASURE (OWNER_OBJECTS);
  last -= ptr_array_bytes (n);
  oc_conversation_store_load_snapshot (store, snapshot);
  test_snapshot_free (snapshot);
  MEASURE (OWNER_STORE);

  view = oc_conversation_view_new (store);
  MEASURE (OWNER_VIEW);
  summary = g_object_ref_sink (oc_summary_strip_new ());
  oc_summary_strip_set_view (summary, view);
  MEASURE (OWNER_SUMMARY);
  report = g_object_ref_sink (oc_report_new ());
  oc_report_set_view (report, view);
  MEASURE (OWNER_REPORT);
  filter_bar = g_object_ref_sink (oc_filter_bar_new ());
  oc_filter_bar_set_view (filter_bar, view);
  MEASURE (OWNER_FILTER_BAR);
  notifier = oc_notifier_new (NULL, store, settings);
  MEASURE (OWNER_NOTIFIER);
  agents = oc_agent_view_new (store);
  MEASURE (OWNER_AGENTS);

  window = oc_bench_window_of (summary, filter_bar, report);
  gtk_window_present (window);
  wait_for_paint (b, window);
  MEASURE (OWNER_WINDOW);
#undef MEASURE

  gtk_window_destroy (window);
  g_object_unref (agents);
  g_object_unref (notifier);
  g_object_unref (filter_bar);
  g_object_unref (report);
  g_object_unref (summary);
  g_object_unref (view);
  g_object_unref (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  *left_over = (double) oc_bench_heap_in_use () - (double) before;
}

/* Per owner: what @n_small conversations cost in a fresh process (GTK's
 * theme, fonts and glyphs loaded on the way), and what each one more costs:
 * the slope from @n_small to all of them, measured after a first pass over
 * @n_small so that both ends find the same freed slices to reuse. */
static void
measure_memory (Bench     *b,
                GSettings *settings)
{
  guint n = b->n_conversations, n_small = MAX (n / 10, 1);
  double first[N_OWNERS], small[N_OWNERS], large[N_OWNERS], left_first, left_small, left_large;
  double sum_first = 0, sum_slope = 0, window_first = 0, window_slope = 0;

  if (n <= n_small)
    return;
  oc_bench_print_load ("memory by owner, a process of its own, slices from malloc");
  memory_by_owner (b, settings, n_small, first, &left_first);
  memory_by_owner (b, settings, n_small, small, &left_small);
  memory_by_owner (b, settings, n, large, &left_large);
  printf ("heap of each owner over the first %u conversations, and what each one more adds (up to %u):\n",
          n_small, n);
  for (guint i = 0; i < N_OWNERS; i++)
    {
      double slope = (large[i] - small[i]) / (n - n_small);

      printf ("  %-42s %7.2f MiB %7.1f B\n", owner_names[i], first[i] / 1048576.0, slope);
      sum_first += first[i];
      sum_slope += slope;
      /* The console's window has no notifier or agents index of its own. */
      if (i != OWNER_NOTIFIER && i != OWNER_AGENTS)
        {
          window_first += first[i];
          window_slope += slope;
        }
    }
  printf ("  %-42s %7.2f MiB %7.1f B\n", "all", sum_first / 1048576.0, sum_slope);
  printf ("%-36s %.0f B a conversation (%.0f B with the notifier and agents index), "
          "%.1f MiB for the first %u\n",
          "heap in use, marginal", window_slope, sum_slope, window_first / 1048576.0, n_small);
  /* GTK's caches stay after the first. */
  printf ("%-36s %.0f / %.0f / %.0f KiB after each pass\n", "heap left when taken down",
          left_first / 1024.0, left_small / 1024.0, left_large / 1024.0);
}

/* The same in a process of its own: in this one, the slices freed by the
 * runs before would be reused unseen. Its slices come from malloc, as from
 * GLib 2.76 on: GLib 2.74's slice allocator hands out slabs and keeps freed
 * chunks for a while, which moves bytes from one owner's line to the next. */
static void
spawn_measure_memory (const char *argv0)
{
  const char *argv[] = { argv0, NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "OC_BENCH_MEMORY_CHILD", "1", TRUE);

  envp = g_environ_setenv (envp, "G_SLICE", "always-malloc", TRUE);
  g_autoptr(GError) error = NULL;
  int status;

  fflush (stdout);
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    printf ("memory by owner: %s\n", error->message);
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { 0, };
  g_autoptr(GSettings) settings = NULL;
  OcConversationStore *store;
  OcConversationView *view;
  OcSnapshot *snapshot;
  Target *ours, *gtks;
  Series *idle, *load, *cmp_ours, *cmp_gtk;
  gsize rss_before, rss_loaded, rss_end, heap_before, heap_painted;
  guint seconds = oc_bench_env_uint ("OC_BENCH_SECONDS", 10);
  guint rate = oc_bench_env_uint ("OC_BENCH_RATE", 5000);
  guint cmp_seconds = oc_bench_env_uint ("OC_BENCH_CMP_SECONDS", 5);
  guint cmp_rate = oc_bench_env_uint ("OC_BENCH_CMP_RATE", 1000);
  gint64 generated, t;
  double ratio;

  b.started = g_get_monotonic_time ();
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();

  b.n_conversations = oc_bench_env_uint ("OC_BENCH_CONVERSATIONS", 100000);
  b.rand = g_rand_new_with_seed (11);
  b.producer_rand = g_rand_new_with_seed (11);
  b.feed_client = g_strcmp0 (g_getenv ("OC_BENCH_FEED"), "direct") != 0;
  b.now = g_get_real_time () / G_USEC_PER_SEC;
  b.loop = g_main_loop_new (NULL, FALSE);
  b.pending = g_ptr_array_new ();
  b.pending_handed = g_array_new (FALSE, FALSE, sizeof (Handover));
  b.applied_handed = g_array_new (FALSE, FALSE, sizeof (Handover));
  b.frame_handed = g_array_new (FALSE, FALSE, sizeof (Handover));
  settings = g_settings_new (APP_ID);
  if (oc_bench_env_uint ("OC_BENCH_MEMORY_CHILD", 0))
    {
      measure_memory (&b, settings);
      return 0;
    }

  rss_before = oc_bench_resident_bytes ();
  heap_before = oc_bench_heap_in_use ();

  /* The floor, as a snapshot, into the console's widgets. */
  t = g_get_monotonic_time ();
  store = oc_conversation_store_new ();
  view = oc_conversation_view_new (store);
  snapshot = make_snapshot (&b);
  generated = g_get_monotonic_time () - t;
  ours = make_our_target (&b, view);

  t = g_get_monotonic_time ();
  oc_conversation_store_load_snapshot (store, snapshot);
  t = g_get_monotonic_time () - t;
  test_snapshot_free (snapshot);
  rss_loaded = oc_bench_resident_bytes ();

  gtk_window_present (ours->window);
  wait_for_paint (&b, ours->window);
  heap_painted = oc_bench_heap_in_use ();

  printf ("conversations %u, GTK %d.%d.%d, renderer %s, updates fed %s\n", b.n_conversations,
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
          g_getenv ("GSK_RENDERER"),
          b.feed_client ? "as frames through OcClient (OC_BENCH_FEED=client)" : "straight to the store (OC_BENCH_FEED=direct)");
  printf ("%-36s %.0f ms, of which making the test data %.0f ms and loading the snapshot into store, view and report %.0f ms\n",
          "startup to first paint", b.first_paint / 1000.0, generated / 1000.0, t / 1000.0);
  printf ("%-36s %.1f MiB before, %.1f MiB loaded (%.0f B a conversation)\n",
          "resident memory", rss_before / 1048576.0, rss_loaded / 1048576.0,
          (rss_loaded - rss_before) / (double) b.n_conversations);
  /* The test data is gone by then: this is store, view and window. */
  printf ("%-36s %.1f MiB (%.0f B a conversation: store, view and window, painted)\n",
          "heap in use", (heap_painted - heap_before) / 1048576.0,
          (heap_painted - heap_before) / (double) b.n_conversations);
  if (oc_bench_env_uint ("OC_BENCH_MEMORY", 1))
    spawn_measure_memory (argv[0]);

  /* Idle first: what the display allows, the baseline of every figure. */
  gtk_widget_add_tick_callback (GTK_WIDGET (ours->window), oc_bench_keep_ticking, NULL, NULL);
  idle = series_new (0, 3);
  oc_bench_print_load ("idle, 3 s");
  run (&b, ours, idle);
  oc_bench_print_stats ("idle frame interval (this run)", idle->intervals);

  if (oc_bench_env_uint ("OC_BENCH_SORTS", 1))
    measure_sorts (&b, view, ours->window);

  load = run_load (&b, ours, "ours", rate, seconds, FALSE);
  oc_bench_print_stats ("event to pixel", load->latency);
  check_exact (view);
  /* The models side by side, each fed straight: the client's budget would
   * cap GTK's work per frame, and the ratio then say nothing. */
  cmp_ours = run_load (&b, ours, "side by side, ours", cmp_rate, cmp_seconds, TRUE);
  rss_end = oc_bench_resident_bytes ();

  /* GTK's, in a window of its own once ours is gone. */
  gtk_window_destroy (ours->window);
  gtks = make_gtk_target (&b, view, settings);
  gtk_window_present (gtks->window);
  wait_for_paint (&b, gtks->window);
  gtk_widget_add_tick_callback (GTK_WIDGET (gtks->window), oc_bench_keep_ticking, NULL, NULL);
  cmp_gtk = run_load (&b, gtks, "side by side, GtkFilterListModel + GtkSortListModel", cmp_rate, cmp_seconds,
                      TRUE);

  ratio = mean (cmp_gtk->apply) > 0 ? mean (cmp_ours->apply) / mean (cmp_gtk->apply) : 0;
  printf ("%-36s %.3f (mean %.2f ms / %.2f ms a frame at %u updates/s)\n",
          "update work per frame, ours / GTK's", ratio, mean (cmp_ours->apply), mean (cmp_gtk->apply),
          cmp_rate);
  printf ("%-36s %.1f MiB at the end of ours\n", "resident memory", rss_end / 1048576.0);

  gtk_window_destroy (gtks->window);
  g_clear_object (&gtks->client);
  g_clear_object (&gtks->store);
  target_free (gtks);
  target_free (ours);
  g_object_unref (view);
  g_object_unref (store);
  series_free (idle);
  series_free (load);
  series_free (cmp_ours);
  series_free (cmp_gtk);

  g_rand_free (b.rand);
  g_rand_free (b.producer_rand);
  g_ptr_array_unref (b.pending);
  g_array_unref (b.pending_handed);
  g_array_unref (b.applied_handed);
  g_array_unref (b.frame_handed);
  g_main_loop_unref (b.loop);

  return 0;
}
