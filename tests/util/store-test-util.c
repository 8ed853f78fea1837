// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "store-test-util.h"

static void
on_items_changed (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  ChangeRecorder *recorder)
{
  Change change = { position, removed, added };

  g_array_append_val (recorder->changes, change);

  /* Replay on the shadow with the model's items at the time of the signal. */
  g_assert_cmpuint (position + removed, <=, recorder->shadow->len);
  g_ptr_array_remove_range (recorder->shadow, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (recorder->shadow, position + i, item);
    }

  if (recorder->strict)
    change_recorder_assert_shadow (recorder);
}

void
change_recorder_init (ChangeRecorder *recorder,
                      GListModel     *model)
{
  guint n = g_list_model_get_n_items (model);

  recorder->model = model;
  recorder->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  recorder->shadow = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_ptr_array_add (recorder->shadow, item);
    }
  recorder->handler = g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), recorder);
}

void
change_recorder_clear (ChangeRecorder *recorder)
{
  g_clear_signal_handler (&recorder->handler, recorder->model);
  g_clear_pointer (&recorder->changes, g_array_unref);
  g_clear_pointer (&recorder->shadow, g_ptr_array_unref);
}

void
change_recorder_reset (ChangeRecorder *recorder)
{
  g_array_set_size (recorder->changes, 0);
}

char *
change_recorder_format (ChangeRecorder *recorder)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < recorder->changes->len; i++)
    {
      Change *c = &g_array_index (recorder->changes, Change, i);
      g_string_append_printf (s, "(%u,%u,%u)", c->position, c->removed, c->added);
    }

  return g_string_free (s, FALSE);
}

void
change_recorder_assert_shadow (ChangeRecorder *recorder)
{
  guint n = g_list_model_get_n_items (recorder->model);

  g_assert_cmpuint (recorder->shadow->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (recorder->model, i);
      g_assert_true (g_ptr_array_index (recorder->shadow, i) == (gpointer) item);
    }
}

OcConversation *
test_conversation_new (const char *id,
                       OcStatus    status,
                       const char *queue_id,
                       const char *agent_id,
                       gint64      created_at)
{
  OcConversation *conversation = oc_conversation_new (id);

  oc_conversation_set_status (conversation, status);
  oc_conversation_set_channel (conversation, OC_CHANNEL_CHAT);
  oc_conversation_set_queue_id (conversation, queue_id);
  oc_conversation_set_workstream_id (conversation, "ws-chat");
  oc_conversation_set_agent_id (conversation, agent_id);
  oc_conversation_set_created_at (conversation, created_at);
  oc_conversation_set_status_since (conversation, created_at);
  oc_conversation_set_subject (conversation, id);
  return conversation;
}

OcConversation *
test_conversation_copy (OcConversation *conversation)
{
  OcConversation *copy = oc_conversation_new (oc_conversation_get_id (conversation));

  oc_conversation_update_from (copy, conversation);
  return copy;
}

static OcEvent *
event_new (OcEventType type,
           gint64      revision)
{
  OcEvent *event = g_new0 (OcEvent, 1);

  event->type = type;
  event->revision = revision;
  return event;
}

OcEvent *
test_event_upsert (gint64          revision,
                   OcConversation *conversation)
{
  OcEvent *event = event_new (OC_EVENT_CONVERSATION_UPSERT, revision);

  event->conversation = conversation;
  return event;
}

OcEvent *
test_event_removed (gint64      revision,
                    const char *id,
                    const char *reason)
{
  OcEvent *event = event_new (OC_EVENT_CONVERSATION_REMOVED, revision);

  event->id = g_strdup (id);
  event->reason = g_strdup (reason);
  return event;
}

OcEvent *
test_event_agent (gint64   revision,
                  OcAgent *agent)
{
  OcEvent *event = event_new (OC_EVENT_AGENT_UPSERT, revision);

  event->agent = agent;
  return event;
}

OcEvent *
test_event_simple (OcEventType type,
                   gint64      revision)
{
  return event_new (type, revision);
}

void
test_event_free (OcEvent *event)
{
  g_clear_object (&event->conversation);
  g_clear_object (&event->agent);
  g_clear_object (&event->queue);
  g_clear_object (&event->workstream);
  g_free (event->id);
  g_free (event->reason);
  g_free (event);
}

guint
test_apply (OcConversationStore *store,
            GPtrArray           *events)
{
  guint applied = oc_conversation_store_apply_events (store, (OcEvent * const *) events->pdata, events->len);

  for (guint i = 0; i < events->len; i++)
    test_event_free (g_ptr_array_index (events, i));
  g_ptr_array_unref (events);
  return applied;
}

OcSnapshot *
test_snapshot_new (gint64 revision)
{
  OcSnapshot *snapshot = oc_snapshot_new ();

  snapshot->revision = revision;
  return snapshot;
}

void
test_snapshot_free (OcSnapshot *snapshot)
{
  g_ptr_array_unref (snapshot->queues);
  g_ptr_array_unref (snapshot->workstreams);
  g_ptr_array_unref (snapshot->agents);
  g_ptr_array_unref (snapshot->conversations);
  g_ptr_array_unref (snapshot->warnings);
  g_free (snapshot);
}

void
test_snapshot_add_queues (OcSnapshot *snapshot,
                          guint       n_queues)
{
  for (guint i = 0; i < n_queues; i++)
    {
      g_autofree char *id = g_strdup_printf ("q-%02u", i);
      g_autofree char *name = g_strdup_printf ("Queue %u", i);
      OcQueue *queue = oc_queue_new (id);

      oc_queue_set_name (queue, name);
      g_ptr_array_add (snapshot->queues, queue);
    }
}
