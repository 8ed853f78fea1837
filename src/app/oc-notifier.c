// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-notifier.h"
#include "oc-store-follower.h"
#include "oc-wait-thresholds.h"

/*
 * Incremental: the store's changes say which conversations to look at again
 * (OcStoreFollower), and a wait that is still under its channel's critical
 * limit crosses it at an instant known in advance, so those instants wait
 * in one queue ordered by time with one timer for the earliest. Nothing
 * scans the floor except a snapshot or a change of the thresholds.
 */

/* Subjects named in a grouped notification's body. */
#define MAX_NAMED 3
/* Seconds that what the store's changes bring waits for what comes with it
 * (a reconnect replays in several batches), so that it is told together. */
#define GROUP_DELAY 2
/* More arrivals than this at once: look at the whole floor again. */
#define RESCAN_THRESHOLD 1024

typedef struct {
  GHashTable *notified;  /* known id -> 1: told, or crossed while looked at */
  GHashTable *pending;   /* known ids crossed since, not told yet */
  GPtrArray  *order;     /* the same in the order they crossed; may hold
                          * ones no longer pending, skipped (compact ()) */
  gint64      last_sent; /* store time, 0 for never */
  gboolean    wanted;    /* its settings key */
} KindState;

/* A wait under the critical limit and when it will reach it. */
typedef struct {
  gint64          at;
  OcConversation *conversation;  /* owned */
} Crossing;

struct _OcNotifier
{
  GObject              parent_instance;

  GApplication        *application;  /* weak: it owns the windows that own us */
  OcConversationStore *store;
  OcStoreFollower      follower;
  GSettings           *settings;
  gulong               settings_handler;
  OcWaitThresholds     thresholds;
  OcNotifySendFunc     send_func;
  gpointer             send_data;
  OcNotifyFocusFunc    focus_func;
  gpointer             focus_data;
  KindState            kinds[OC_N_NOTIFY_KINDS];
  /* The ids the kinds hold, one copy each, so that they compare by pointer:
   * ours, not interned for the process, and let go once no kind holds them
   * (a day brings many more conversations than are on the floor). */
  GHashTable          *ids;

  GSequence           *crossings;       /* Crossing, by time */
  GHashTable          *crossing_iters;  /* OcConversation -> its GSequenceIter */
  gint64               flush_at;        /* store time to send what changes brought, 0: none */
  gint64               timer_at;        /* store time the timer is set for */
  guint                timer_id;
  gboolean             changes_pending; /* the batch being followed made something pending */
  gboolean             live;
};

G_DEFINE_FINAL_TYPE (OcNotifier, oc_notifier, G_TYPE_OBJECT)

static const char * const kind_ids[OC_N_NOTIFY_KINDS] = {
  [OC_NOTIFY_CRITICAL_WAIT] = "critical-wait",
  [OC_NOTIFY_NEGATIVE_SENTIMENT] = "negative-sentiment",
};

static const char * const kind_keys[OC_N_NOTIFY_KINDS] = {
  [OC_NOTIFY_CRITICAL_WAIT] = "notify-critical-wait",
  [OC_NOTIFY_NEGATIVE_SENTIMENT] = "notify-negative-sentiment",
};

static void reschedule (OcNotifier *self);

static void
send_to_desktop (const char    *id,
                 GNotification *notification,
                 const char    *title,
                 const char    *first_id,
                 guint          count,
                 gpointer       user_data)
{
  OcNotifier *self = user_data;

  if (self->application != NULL)
    g_application_send_notification (self->application, id, notification);
}

static void
crossing_free (gpointer data)
{
  Crossing *crossing = data;

  g_object_unref (crossing->conversation);
  g_free (crossing);
}

static int
compare_crossing (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const Crossing *ca = a, *cb = b;

  return (ca->at > cb->at) - (ca->at < cb->at);
}

static void
oc_notifier_dispose (GObject *object)
{
  OcNotifier *self = OC_NOTIFIER (object);

  oc_store_follower_clear (&self->follower);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_signal_handler (&self->settings_handler, self->settings);
  g_clear_weak_pointer (&self->application);
  if (self->crossing_iters != NULL)
    g_hash_table_remove_all (self->crossing_iters);
  g_clear_pointer (&self->crossings, g_sequence_free);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (oc_notifier_parent_class)->dispose (object);
}

static void
oc_notifier_finalize (GObject *object)
{
  OcNotifier *self = OC_NOTIFIER (object);

  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    {
      g_clear_pointer (&self->kinds[k].notified, g_hash_table_unref);
      g_clear_pointer (&self->kinds[k].pending, g_hash_table_unref);
      g_clear_pointer (&self->kinds[k].order, g_ptr_array_unref);
    }
  g_clear_pointer (&self->crossing_iters, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);

  G_OBJECT_CLASS (oc_notifier_parent_class)->finalize (object);
}

static void
oc_notifier_class_init (OcNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oc_notifier_dispose;
  object_class->finalize = oc_notifier_finalize;
}

static void
oc_notifier_init (OcNotifier *self)
{
  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    {
      self->kinds[k].notified = g_hash_table_new (NULL, NULL);
      self->kinds[k].pending = g_hash_table_new (NULL, NULL);
      self->kinds[k].order = g_ptr_array_new ();
    }
  self->crossings = g_sequence_new (crossing_free);
  self->crossing_iters = g_hash_table_new (NULL, NULL);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->send_func = send_to_desktop;
  self->send_data = self;
  self->live = TRUE;
}

static gboolean
crossed (OcNotifyKind            kind,
         const OcWaitThresholds *thresholds,
         OcConversation         *conversation,
         gint64                  now)
{
  OcChannel channel;

  if (!oc_status_is_live (oc_conversation_get_status (conversation)))
    return FALSE;

  if (kind == OC_NOTIFY_NEGATIVE_SENTIMENT)
    return oc_conversation_get_sentiment (conversation) == OC_SENTIMENT_VERY_NEGATIVE;

  if (!oc_conversation_is_waiting (conversation))
    return FALSE;
  channel = oc_conversation_get_channel (conversation);
  return oc_wait_thresholds_level (thresholds, channel, oc_conversation_get_wait_time (conversation, now)) ==
         OC_WAIT_LEVEL_CRITICAL;
}

static char *
describe (OcConversation *conversation)
{
  const char *subject = oc_conversation_get_subject (conversation);
  const char *customer = oc_conversation_get_customer_name (conversation);

  /* Plain text: a notification's body is never markup. */
  if (customer != NULL && *customer != '\0')
    /* Translators: a conversation in a notification: its subject, then its customer */
    return g_strdup_printf (_("%s — %s"), subject != NULL ? subject : "", customer);
  return g_strdup (subject != NULL ? subject : "");
}

/* Drops from the order what is no longer pending (and a second place of
 * one that came back). */
static void
compact (KindState *state)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint kept = 0;

  for (guint i = 0; i < state->order->len; i++)
    {
      gpointer cid = g_ptr_array_index (state->order, i);

      if (g_hash_table_contains (state->pending, cid) && g_hash_table_add (seen, cid))
        state->order->pdata[kept++] = cid;
    }
  g_ptr_array_set_size (state->order, kept);
}

static gboolean
pending_add (KindState  *state,
             const char *cid)
{
  if (g_hash_table_contains (state->notified, cid) || !g_hash_table_add (state->pending, (gpointer) cid))
    return FALSE;
  g_ptr_array_add (state->order, (gpointer) cid);
  return TRUE;
}

static gboolean
pending_remove (KindState  *state,
                const char *cid)
{
  if (!g_hash_table_remove (state->pending, cid))
    return FALSE;
  /* Compacting now and then keeps a removal O(1) on average. */
  if (state->order->len > 64 && state->order->len > 2 * g_hash_table_size (state->pending))
    compact (state);
  return TRUE;
}

static void
send_kind (OcNotifier   *self,
           OcNotifyKind  kind,
           gint64        now)
{
  KindState *state = &self->kinds[kind];
  guint n;
  const char *first;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;

  compact (state);
  n = state->order->len;
  first = g_ptr_array_index (state->order, 0);
  for (guint i = 0; i < n && i < MAX_NAMED; i++)
    {
      OcConversation *c = oc_conversation_store_lookup (self->store, g_ptr_array_index (state->order, i));
      g_autofree char *line = c != NULL ? describe (c) : NULL;

      if (line == NULL)
        continue;
      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, line);
    }
  if (n > MAX_NAMED)
    {
      g_string_append_c (body, '\n');
      /* Translators: the rest of a notification's list of conversations */
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", n - MAX_NAMED),
                              n - MAX_NAMED);
    }

  if (kind == OC_NOTIFY_CRITICAL_WAIT)
    title = n == 1 ? g_strdup (_("A conversation is over the critical wait"))
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conversation over the critical wait",
                                                   "%u conversations over the critical wait", n), n);
  else
    title = n == 1 ? g_strdup (_("A customer is very unhappy"))
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conversation with very negative sentiment",
                                                   "%u conversations with very negative sentiment", n), n);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_priority (notification, kind == OC_NOTIFY_CRITICAL_WAIT ? G_NOTIFICATION_PRIORITY_HIGH
                                                                             : G_NOTIFICATION_PRIORITY_NORMAL);
  /* Clicking it brings the window forward with that row selected. */
  g_notification_set_default_action_and_target (notification, "app.show-conversation", "s", first);

  self->send_func (kind_ids[kind], notification, title, first, n, self->send_data);

  for (guint i = 0; i < n; i++)
    g_hash_table_add (state->notified, g_ptr_array_index (state->order, i));
  g_ptr_array_set_size (state->order, 0);
  g_hash_table_remove_all (state->pending);
  state->last_sent = now;
}

/* Our copy of @conversation's id if a kind may hold it, or NULL. */
static const char *
known_id (OcNotifier     *self,
          OcConversation *conversation)
{
  const char *id = oc_conversation_get_id (conversation);
  gpointer known = NULL;

  if (id != NULL)
    g_hash_table_lookup_extended (self->ids, id, &known, NULL);
  return known;
}

/* The same, made when new. */
static const char *
ids_add (OcNotifier     *self,
         OcConversation *conversation)
{
  const char *known = known_id (self, conversation);
  char *copy;

  if (known != NULL)
    return known;
  copy = g_strdup (oc_conversation_get_id (conversation));
  g_hash_table_add (self->ids, copy);
  return copy;
}

/* Lets go of the ids no kind holds, once they are most of them: each
 * order is compacted first, so what it holds is pending. */
static void
ids_collect (OcNotifier *self)
{
  guint held = 0;
  GHashTableIter iter;
  gpointer id;

  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    held += g_hash_table_size (self->kinds[k].notified) + g_hash_table_size (self->kinds[k].pending);
  if (g_hash_table_size (self->ids) <= 2 * held + 64)
    return;

  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    compact (&self->kinds[k]);
  g_hash_table_iter_init (&iter, self->ids);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      gboolean kept = FALSE;

      for (guint k = 0; k < OC_N_NOTIFY_KINDS && !kept; k++)
        kept = g_hash_table_contains (self->kinds[k].notified, id) ||
               g_hash_table_contains (self->kinds[k].pending, id);
      if (!kept)
        g_hash_table_iter_remove (&iter);
    }
}

static void
forget (KindState  *state,
        const char *cid)
{
  g_hash_table_remove (state->notified, cid);
  pending_remove (state, cid);
}

static void
unschedule (OcNotifier     *self,
            OcConversation *conversation)
{
  GSequenceIter *iter = g_hash_table_lookup (self->crossing_iters, conversation);

  if (iter == NULL)
    return;
  g_hash_table_remove (self->crossing_iters, conversation);
  g_sequence_remove (iter);
}

/* When a wait that is still fine reaches the critical limit, or 0: never
 * by itself (not waiting, no limit). */
static gint64
crossing_time (OcNotifier     *self,
               OcConversation *conversation)
{
  gint64 critical;

  if (!oc_status_is_live (oc_conversation_get_status (conversation)) ||
      !oc_conversation_is_waiting (conversation))
    return 0;
  critical = oc_wait_thresholds_get_critical (&self->thresholds, oc_conversation_get_channel (conversation));
  if (critical <= 0)
    return 0;
  return oc_conversation_get_waiting_since (conversation) + critical - oc_conversation_get_wait_seconds (conversation);
}

/* Looks at @conversation again at @now: what crosses becomes pending, what
 * no longer does is forgotten (so that it can come again), and a wait
 * under the limit is queued for the instant it reaches it. Returns whether
 * something became pending. */
static gboolean
consider (OcNotifier     *self,
          OcConversation *conversation,
          gint64          now)
{
  gboolean added = FALSE;
  gint64 at = 0;

  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    {
      KindState *state = &self->kinds[k];
      const char *cid;

      if (!state->wanted)
        continue;

      if (crossed (k, &self->thresholds, conversation, now))
        {
          cid = ids_add (self, conversation);
          added |= pending_add (state, cid);
          continue;
        }

      if ((cid = known_id (self, conversation)) != NULL)
        forget (state, cid);
      if (k == OC_NOTIFY_CRITICAL_WAIT)
        at = crossing_time (self, conversation);
    }

  if (at > now)
    {
      GSequenceIter *iter = g_hash_table_lookup (self->crossing_iters, conversation);
      Crossing *crossing;

      if (iter != NULL && ((Crossing *) g_sequence_get (iter))->at == at)
        return added;
      unschedule (self, conversation);
      crossing = g_new (Crossing, 1);
      crossing->at = at;
      crossing->conversation = g_object_ref (conversation);
      iter = g_sequence_insert_sorted (self->crossings, crossing, compare_crossing, NULL);
      g_hash_table_insert (self->crossing_iters, conversation, iter);
    }
  else
    unschedule (self, conversation);

  return added;
}

/* The waits whose instant has come. */
static gboolean
consider_due (OcNotifier *self,
              gint64      now)
{
  gboolean added = FALSE;

  for (;;)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (self->crossings);
      g_autoptr(OcConversation) conversation = NULL;
      Crossing *crossing;

      if (g_sequence_iter_is_end (first))
        break;
      crossing = g_sequence_get (first);
      if (crossing->at > now)
        break;
      conversation = g_object_ref (crossing->conversation);
      unschedule (self, conversation);
      added |= consider (self, conversation, now);
    }
  return added;
}

/* The whole floor again (a snapshot, new thresholds): what was told and
 * still crosses stays told. */
static void
rescan (OcNotifier *self,
        gint64      now)
{
  GListModel *rows = G_LIST_MODEL (self->store);
  guint n = g_list_model_get_n_items (rows);
  GHashTable *told[OC_N_NOTIFY_KINDS];

  g_hash_table_remove_all (self->crossing_iters);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->crossings), g_sequence_get_end_iter (self->crossings));

  /* Start from nothing known; the told that still cross are put back. */
  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    {
      told[k] = g_steal_pointer (&self->kinds[k].notified);
      self->kinds[k].notified = g_hash_table_new (NULL, NULL);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (rows, i);
      const char *cid = known_id (self, c);

      for (guint k = 0; cid != NULL && k < OC_N_NOTIFY_KINDS; k++)
        if (g_hash_table_contains (told[k], cid))
          g_hash_table_add (self->kinds[k].notified, (gpointer) cid);
    }

  /* What was pending and left, or no longer crosses, is dropped by the
   * look at each row below only if it is still here: drop the rest. */
  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    {
      KindState *state = &self->kinds[k];
      GHashTableIter iter;
      gpointer cid;

      g_hash_table_iter_init (&iter, state->pending);
      while (g_hash_table_iter_next (&iter, &cid, NULL))
        {
          OcConversation *c = oc_conversation_store_lookup (self->store, cid);

          if (!state->wanted || c == NULL || !crossed (k, &self->thresholds, c, now))
            g_hash_table_iter_remove (&iter);
        }
      compact (state);
    }

  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    g_hash_table_unref (told[k]);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcConversation) c = g_list_model_get_item (rows, i);

      self->changes_pending |= consider (self, c, now);
    }
  ids_collect (self);
}

static void
load_settings (OcNotifier *self)
{
  oc_wait_thresholds_load (&self->thresholds, self->settings);
  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    self->kinds[k].wanted = g_settings_get_boolean (self->settings, kind_keys[k]);
}

/* Sends what is pending, but not the row looked at, and not twice a minute. */
static void
flush (OcNotifier *self,
       gint64      now)
{
  OcConversation *focused;
  const char *focused_id;

  if (!self->live)
    return;

  self->flush_at = 0;
  focused = self->focus_func != NULL ? self->focus_func (self->focus_data) : NULL;
  focused_id = focused != NULL ? known_id (self, focused) : NULL;

  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    {
      KindState *state = &self->kinds[k];

      /* On screen, looked at: nothing to tell about it. */
      if (focused_id != NULL && pending_remove (state, focused_id))
        g_hash_table_add (state->notified, (gpointer) focused_id);

      if (g_hash_table_size (state->pending) > 0 &&
          (state->last_sent == 0 || now - state->last_sent >= OC_NOTIFY_MIN_INTERVAL))
        send_kind (self, k, now);
    }
}

/* What the store's changes made pending goes out a moment later. */
static void
changes_settled (OcNotifier *self)
{
  if (!self->changes_pending)
    return;
  self->changes_pending = FALSE;
  if (self->flush_at == 0)
    self->flush_at = oc_conversation_store_now (self->store) + GROUP_DELAY;
  reschedule (self);
}

static gboolean
timer_cb (gpointer user_data)
{
  OcNotifier *self = user_data;

  self->timer_id = 0;
  self->timer_at = 0;
  oc_notifier_check (self);
  return G_SOURCE_REMOVE;
}

/* One timer, for the next thing due: a wait reaching its limit, the grouped
 * send of what changes brought, the end of a kind's quiet minute. */
static void
reschedule (OcNotifier *self)
{
  GSequenceIter *first = g_sequence_get_begin_iter (self->crossings);
  gint64 wake = G_MAXINT64;
  gint64 delay_ms;
  gint64 now;

  if (!g_sequence_iter_is_end (first))
    wake = ((Crossing *) g_sequence_get (first))->at;
  if (self->flush_at != 0)
    wake = MIN (wake, self->flush_at);
  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    if (g_hash_table_size (self->kinds[k].pending) > 0 && self->kinds[k].last_sent != 0)
      wake = MIN (wake, self->kinds[k].last_sent + OC_NOTIFY_MIN_INTERVAL);

  if (!self->live || wake == G_MAXINT64)
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      self->timer_at = 0;
      return;
    }
  if (self->timer_id != 0 && self->timer_at == wake)
    return;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  now = oc_conversation_store_now (self->store);
  self->timer_at = wake;
  /* The store's "now" is whole seconds, and part of the current one has
   * gone: waking that much sooner lands just after @wake's second begins,
   * not up to a second after it (the notice would say the wrong time). A
   * test's clock ignores the part; the timer then checks a little early
   * and sets itself again. */
  delay_ms = CLAMP (wake - now, 0, G_MAXUINT / 1000 - 1) * 1000
             - (g_get_real_time () % G_USEC_PER_SEC) / 1000 + 5;
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MAX (delay_ms, 0),
                                       timer_cb, self, NULL);
  g_source_set_name_by_id (self->timer_id, "[oc] notifier");
}

/* The store, through OcStoreFollower */

static void
follow_changed (gpointer        owner,
                OcConversation *conversation)
{
  OcNotifier *self = owner;

  self->changes_pending |= consider (self, conversation, oc_conversation_store_now (self->store));
}

static void
follow_removed (gpointer        owner,
                OcConversation *conversation)
{
  OcNotifier *self = owner;
  const char *cid = known_id (self, conversation);

  unschedule (self, conversation);
  for (guint k = 0; cid != NULL && k < OC_N_NOTIFY_KINDS; k++)
    forget (&self->kinds[k], cid);
  ids_collect (self);
}

static void
follow_reload (gpointer owner)
{
  OcNotifier *self = owner;

  rescan (self, oc_conversation_store_now (self->store));
  changes_settled (self);
  reschedule (self);
}

static void
follow_settled (gpointer owner)
{
  OcNotifier *self = owner;

  changes_settled (self);
  /* A departure may have emptied the queue's head. */
  reschedule (self);
}

static const OcStoreFollowerFuncs follower_funcs = {
  .changed = follow_changed,
  .removed = follow_removed,
  .reload = follow_reload,
  .settled = follow_settled,
};

static void
settings_changed_cb (GSettings  *settings,
                     const char *key,
                     OcNotifier *self)
{
  if (!g_str_has_prefix (key, "notify-") && !g_str_has_prefix (key, "wait-critical-"))
    return;
  load_settings (self);
  follow_reload (self);
}

/**
 * oc_notifier_new:
 * @application: (nullable): where notifications go
 * @store: the floor to watch
 * @settings: the app's settings (thresholds, which events notify)
 *
 * Returns: (transfer full): a notifier that follows @store's changes and
 *   the times its waits reach their limits by itself
 */
OcNotifier *
oc_notifier_new (GApplication        *application,
                 OcConversationStore *store,
                 GSettings           *settings)
{
  OcNotifier *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (OC_TYPE_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->settings_handler = g_signal_connect (settings, "changed", G_CALLBACK (settings_changed_cb), self);
  load_settings (self);
  oc_store_follower_init (&self->follower, store, RESCAN_THRESHOLD, &follower_funcs, self);
  /* What is already on the floor counts as changed now. */
  follow_reload (self);
  return self;
}

void
oc_notifier_set_send_func (OcNotifier       *self,
                           OcNotifySendFunc  func,
                           gpointer          user_data)
{
  g_return_if_fail (OC_IS_NOTIFIER (self));

  self->send_func = func != NULL ? func : send_to_desktop;
  self->send_data = func != NULL ? user_data : self;
}

void
oc_notifier_set_focus_func (OcNotifier        *self,
                            OcNotifyFocusFunc  func,
                            gpointer           user_data)
{
  g_return_if_fail (OC_IS_NOTIFIER (self));

  self->focus_func = func;
  self->focus_data = user_data;
}

/**
 * oc_notifier_check:
 *
 * Acts on the store's clock now, which the notifier's own timer does at
 * each instant something is due; call it when the clock jumped (tests).
 * What crossed and is not told yet goes out, in one notification per kind,
 * unless one of that kind went out less than %OC_NOTIFY_MIN_INTERVAL
 * seconds ago (then it waits for the end of that minute). A conversation
 * that no longer crosses may notify again when it crosses again.
 */
void
oc_notifier_check (OcNotifier *self)
{
  gint64 now;

  g_return_if_fail (OC_IS_NOTIFIER (self));

  now = oc_conversation_store_now (self->store);
  consider_due (self, now);
  flush (self, now);
  reschedule (self);
}

/**
 * oc_notifier_set_live:
 * @live: whether the floor is live (the source is connected)
 *
 * Nothing is sent while the floor is not live (what crosses then waits);
 * changes are still followed.
 */
void
oc_notifier_set_live (OcNotifier *self,
                      gboolean    live)
{
  g_return_if_fail (OC_IS_NOTIFIER (self));

  live = !!live;
  if (self->live == live)
    return;
  self->live = live;
  if (live)
    oc_notifier_check (self);
  else
    reschedule (self);
}

/**
 * oc_notifier_get_next_wakeup:
 *
 * Returns: the store time at which the notifier next acts by itself, 0
 *   when nothing is due
 */
gint64
oc_notifier_get_next_wakeup (OcNotifier *self)
{
  g_return_val_if_fail (OC_IS_NOTIFIER (self), 0);

  return self->timer_id != 0 ? self->timer_at : 0;
}
