// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-bulk-action"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-bulk-action.h"

/* A dropped connection is waited out this many times per conversation, each
 * wait longer; then it is reported as not sent. */
#define MAX_ROUNDS     8
#define RETRY_BASE_MS  250
#define MAX_WAIT_MS    4000

typedef struct {
  OcConversation *conversation;
  char           *key;
  char           *reason;
  OcBulkOutcome   outcome;
  guint           rounds;
} Item;

struct _OcBulkAction
{
  GObject       parent_instance;

  OcSource     *source;
  char         *queue_id;   /* assign to this queue; NULL: force close */
  GArray       *items;      /* Item */
  guint         next;       /* the item being sent */
  gboolean      running;
  gboolean      finished;
  guint         retry_id;
  GCancellable *cancellable;
};

enum {
  CHANGED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OcBulkAction, oc_bulk_action, G_TYPE_OBJECT)

static void
item_clear (Item *item)
{
  g_clear_object (&item->conversation);
  g_clear_pointer (&item->key, g_free);
  g_clear_pointer (&item->reason, g_free);
}

static void send_next (OcBulkAction *self);

static void
finish (OcBulkAction *self)
{
  self->running = FALSE;
  self->finished = TRUE;
  g_signal_emit (self, signals[FINISHED], 0);
}

static gboolean
retry_cb (gpointer data)
{
  OcBulkAction *self = data;

  self->retry_id = 0;
  send_next (self);
  return G_SOURCE_REMOVE;
}

static void
wait_and_retry (OcBulkAction *self,
                guint        delay_ms)
{
  self->retry_id = g_timeout_add_full (G_PRIORITY_DEFAULT, MIN (delay_ms, MAX_WAIT_MS),
                                       retry_cb, g_object_ref (self), g_object_unref);
}

static void
close_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OcBulkAction) self = user_data;
  g_autoptr(GError) error = NULL;
  Item *item;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  item = &g_array_index (self->items, Item, self->next);
  if (oc_source_action_finish (OC_SOURCE (object), result, &error))
    item->outcome = OC_BULK_OUTCOME_DONE;
  else if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAVAILABLE) &&
           ++item->rounds < MAX_ROUNDS)
    {
      /* It may or may not have happened: the same key again will tell. */
      g_debug ("Force close of %s not answered; again in a while: %s",
               oc_conversation_get_id (item->conversation), error->message);
      wait_and_retry (self, RETRY_BASE_MS << item->rounds);
      return;
    }
  else
    {
      item->outcome = OC_BULK_OUTCOME_REFUSED;
      item->reason = g_strdup (error->message);
    }

  g_signal_emit (self, signals[CHANGED], 0, self->next);
  self->next++;
  send_next (self);
}

static void
send_next (OcBulkAction *self)
{
  Item *item;

  while (self->next < self->items->len &&
         g_array_index (self->items, Item, self->next).outcome != OC_BULK_OUTCOME_PENDING)
    self->next++;

  if (self->next >= self->items->len)
    {
      finish (self);
      return;
    }

  /* Sent while the connection is down, it would fail at once: wait. */
  if (oc_source_get_state (self->source) != OC_SOURCE_STATE_LIVE)
    {
      wait_and_retry (self, RETRY_BASE_MS);
      return;
    }

  item = &g_array_index (self->items, Item, self->next);
  if (self->queue_id != NULL)
    oc_source_assign_with_key_async (self->source, oc_conversation_get_id (item->conversation),
                                     NULL, self->queue_id, item->key, self->cancellable,
                                     close_done_cb, g_object_ref (self));
  else
    oc_source_force_close_with_key_async (self->source, oc_conversation_get_id (item->conversation),
                                        item->key, self->cancellable, close_done_cb,
                                        g_object_ref (self));
}

static void
oc_bulk_action_dispose (GObject *object)
{
  OcBulkAction *self = OC_BULK_ACTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  G_OBJECT_CLASS (oc_bulk_action_parent_class)->dispose (object);
}

static void
oc_bulk_action_finalize (GObject *object)
{
  OcBulkAction *self = OC_BULK_ACTION (object);

  g_clear_object (&self->source);
  g_clear_pointer (&self->queue_id, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->items, g_array_unref);

  G_OBJECT_CLASS (oc_bulk_action_parent_class)->finalize (object);
}

static void
oc_bulk_action_class_init (OcBulkActionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oc_bulk_action_dispose;
  object_class->finalize = oc_bulk_action_finalize;

  /**
   * OcBulkAction::changed:
   * @index: the item whose outcome is known now
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
oc_bulk_action_init (OcBulkAction *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, (GDestroyNotify) item_clear);
  self->cancellable = g_cancellable_new ();
}

/**
 * oc_bulk_action_new:
 * @source: the source the requests go through
 * @conversations: (element-type OcConversation): what to close
 *
 * Those already closed (or gone from the store) are skipped, by the seed's
 * rule that only a live conversation can be force-closed.
 *
 * Returns: (transfer full): a new bulk force close, not yet running
 */
static OcBulkAction *
bulk_action_new (OcSource   *source,
                 GPtrArray  *conversations,
                 const char *queue_id)
{
  OcBulkAction *self;
  OcConversationStore *store;

  self = g_object_new (OC_TYPE_BULK_ACTION, NULL);
  self->source = g_object_ref (source);
  self->queue_id = g_strdup (queue_id);
  store = oc_source_get_store (source);

  for (guint i = 0; i < conversations->len; i++)
    {
      OcConversation *c = conversations->pdata[i];
      Item item = { 0 };
      gboolean live = oc_status_is_live (oc_conversation_get_status (c)) &&
                      (store == NULL || oc_conversation_store_lookup (store, oc_conversation_get_id (c)) != NULL);

      item.conversation = g_object_ref (c);
      item.key = g_uuid_string_random ();
      item.outcome = !live ? OC_BULK_OUTCOME_SKIPPED :
                     queue_id == NULL ? OC_BULK_OUTCOME_PENDING :
                     oc_conversation_get_status (c) != OC_STATUS_OPEN ? OC_BULK_OUTCOME_NOT_OPEN :
                     /* Nothing to move: the request would only churn. */
                     g_strcmp0 (oc_conversation_get_queue_id (c), queue_id) == 0 ? OC_BULK_OUTCOME_IN_QUEUE :
                     OC_BULK_OUTCOME_PENDING;
      g_array_append_val (self->items, item);
    }

  return self;
}

OcBulkAction *
oc_bulk_action_new (OcSource  *source,
                    GPtrArray *conversations)
{
  g_return_val_if_fail (OC_IS_SOURCE (source), NULL);
  g_return_val_if_fail (conversations != NULL, NULL);

  return bulk_action_new (source, conversations, NULL);
}

/**
 * oc_bulk_action_new_assign_queue:
 * @source: the source the requests go through
 * @conversations: (element-type OcConversation): what to assign
 * @queue_id: the queue to assign them to
 *
 * Only open conversations are sent, by the seed's rule for Assign, and
 * only those not in @queue_id already; the others are skipped (closed, not
 * open, already there).
 *
 * Returns: (transfer full): a new bulk assignment, not yet running
 */
OcBulkAction *
oc_bulk_action_new_assign_queue (OcSource   *source,
                                 GPtrArray  *conversations,
                                 const char *queue_id)
{
  g_return_val_if_fail (OC_IS_SOURCE (source), NULL);
  g_return_val_if_fail (conversations != NULL, NULL);
  g_return_val_if_fail (queue_id != NULL, NULL);

  return bulk_action_new (source, conversations, queue_id);
}

/**
 * oc_bulk_action_get_queue_id:
 *
 * Returns: (nullable): the queue assigned to, or %NULL for a force close
 */
const char *
oc_bulk_action_get_queue_id (OcBulkAction *self)
{
  g_return_val_if_fail (OC_IS_BULK_ACTION (self), NULL);
  return self->queue_id;
}

/**
 * oc_bulk_action_describe_skipped:
 * @queue_name: (nullable): the name of the queue assigned to, for the
 *   ones already in it
 *
 * Returns: (transfer full): a sentence for each reason some are skipped
 *   ("2 are already in Billing and are skipped."), "" when none is
 */
char *
oc_bulk_action_describe_skipped (OcBulkAction *self,
                                 const char   *queue_name)
{
  GString *text = g_string_new (NULL);
  guint not_open, closed, in_queue;

  g_return_val_if_fail (OC_IS_BULK_ACTION (self), NULL);

  not_open = oc_bulk_action_count (self, OC_BULK_OUTCOME_NOT_OPEN);
  closed = oc_bulk_action_count (self, OC_BULK_OUTCOME_SKIPPED);
  in_queue = oc_bulk_action_count (self, OC_BULK_OUTCOME_IN_QUEUE);

  if (in_queue > 0)
    /* Translators: how many of the selected conversations, then a queue's name. */
    g_string_append_printf (text, g_dngettext (NULL, "%u is already in %s and is skipped.",
                                               "%u are already in %s and are skipped.", in_queue),
                            in_queue, queue_name != NULL ? queue_name : "");
  if (not_open > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (NULL, "%u is not open and is skipped.",
                                                 "%u are not open and are skipped.", not_open), not_open);
    }
  if (closed > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (NULL, "%u is already closed and is skipped.",
                                                 "%u are already closed and are skipped.", closed), closed);
    }
  return g_string_free (text, FALSE);
}

guint
oc_bulk_action_get_n_items (OcBulkAction *self)
{
  g_return_val_if_fail (OC_IS_BULK_ACTION (self), 0);
  return self->items->len;
}

/**
 * oc_bulk_action_count:
 * @outcome: which outcome
 *
 * Returns: how many items have @outcome now
 */
guint
oc_bulk_action_count (OcBulkAction   *self,
                     OcBulkOutcome  outcome)
{
  guint n = 0;

  g_return_val_if_fail (OC_IS_BULK_ACTION (self), 0);

  for (guint i = 0; i < self->items->len; i++)
    n += g_array_index (self->items, Item, i).outcome == outcome;
  return n;
}

OcBulkOutcome
oc_bulk_action_get_outcome (OcBulkAction *self,
                           guint        index)
{
  g_return_val_if_fail (OC_IS_BULK_ACTION (self), OC_BULK_OUTCOME_SKIPPED);
  g_return_val_if_fail (index < self->items->len, OC_BULK_OUTCOME_SKIPPED);
  return g_array_index (self->items, Item, index).outcome;
}

/**
 * oc_bulk_action_get_reason:
 *
 * Returns: (nullable): why the server refused item @index, in its words
 */
const char *
oc_bulk_action_get_reason (OcBulkAction *self,
                          guint        index)
{
  g_return_val_if_fail (OC_IS_BULK_ACTION (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return g_array_index (self->items, Item, index).reason;
}

OcConversation *
oc_bulk_action_get_conversation (OcBulkAction *self,
                                guint        index)
{
  g_return_val_if_fail (OC_IS_BULK_ACTION (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return g_array_index (self->items, Item, index).conversation;
}

/**
 * oc_bulk_action_get_key:
 *
 * Returns: the Idempotency-Key item @index is sent with, every time
 */
const char *
oc_bulk_action_get_key (OcBulkAction *self,
                       guint        index)
{
  g_return_val_if_fail (OC_IS_BULK_ACTION (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return g_array_index (self->items, Item, index).key;
}

/**
 * oc_bulk_action_run:
 *
 * Sends the requests, one after the other; "finished" once each has an
 * outcome.
 */
void
oc_bulk_action_run (OcBulkAction *self)
{
  g_return_if_fail (OC_IS_BULK_ACTION (self));

  if (self->running || self->finished)
    return;
  self->running = TRUE;
  send_next (self);
}

gboolean
oc_bulk_action_get_finished (OcBulkAction *self)
{
  g_return_val_if_fail (OC_IS_BULK_ACTION (self), FALSE);
  return self->finished;
}

/**
 * oc_bulk_action_cancel:
 *
 * Sends nothing more; what is under way may still happen on the server.
 */
void
oc_bulk_action_cancel (OcBulkAction *self)
{
  g_return_if_fail (OC_IS_BULK_ACTION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->running = FALSE;
}
