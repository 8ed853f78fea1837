// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-notifier.h"
#include "oc-wait-thresholds.h"

/* Subjects named in a grouped notification's body. */
#define MAX_NAMED 3

typedef struct {
  GHashTable *notified;  /* interned id -> 1: told, or crossed while looked at */
  GPtrArray  *pending;   /* interned ids crossed since, not told yet, in order */
  gint64      last_sent; /* store time, 0 for never */
} KindState;

struct _OcNotifier
{
  GObject              parent_instance;

  GApplication        *application;  /* weak: it owns the windows that own us */
  OcConversationStore *store;
  GSettings           *settings;
  OcNotifySendFunc     send_func;
  gpointer             send_data;
  OcNotifyFocusFunc    focus_func;
  gpointer             focus_data;
  KindState            kinds[OC_N_NOTIFY_KINDS];
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
oc_notifier_dispose (GObject *object)
{
  OcNotifier *self = OC_NOTIFIER (object);

  g_clear_weak_pointer (&self->application);
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
      g_clear_pointer (&self->kinds[k].pending, g_ptr_array_unref);
    }

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
      self->kinds[k].pending = g_ptr_array_new ();
    }
  self->send_func = send_to_desktop;
  self->send_data = self;
}

/**
 * oc_notifier_new:
 * @application: (nullable): where notifications go
 * @store: the floor to watch
 * @settings: the app's settings (thresholds, which events notify)
 *
 * Returns: (transfer full): a notifier; call oc_notifier_check() as time
 *   passes (the window does, every few seconds)
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

static void
send_kind (OcNotifier   *self,
           OcNotifyKind  kind,
           gint64        now)
{
  KindState *state = &self->kinds[kind];
  guint n = state->pending->len;
  const char *first = g_ptr_array_index (state->pending, 0);
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;

  for (guint i = 0; i < n && i < MAX_NAMED; i++)
    {
      OcConversation *c = oc_conversation_store_lookup (self->store, g_ptr_array_index (state->pending, i));
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
    g_hash_table_add (state->notified, g_ptr_array_index (state->pending, i));
  g_ptr_array_set_size (state->pending, 0);
  state->last_sent = now;
}

/**
 * oc_notifier_check:
 *
 * Looks at the floor now: what crossed since the last check is told, in one
 * notification per kind, unless one of that kind went out less than
 * %OC_NOTIFY_MIN_INTERVAL seconds ago (then it waits for the next check
 * after that). A conversation that no longer crosses may notify again when
 * it crosses again.
 */
void
oc_notifier_check (OcNotifier *self)
{
  OcWaitThresholds thresholds;
  OcConversation *focused;
  GListModel *rows;
  gint64 now;
  guint n;

  g_return_if_fail (OC_IS_NOTIFIER (self));

  oc_wait_thresholds_load (&thresholds, self->settings);
  now = oc_conversation_store_now (self->store);
  focused = self->focus_func != NULL ? self->focus_func (self->focus_data) : NULL;
  rows = G_LIST_MODEL (self->store);
  n = g_list_model_get_n_items (rows);

  for (guint k = 0; k < OC_N_NOTIFY_KINDS; k++)
    {
      KindState *state = &self->kinds[k];
      g_autoptr(GHashTable) still = g_hash_table_new (NULL, NULL);
      gboolean wanted = g_settings_get_boolean (self->settings, kind_keys[k]);
      GHashTableIter iter;
      gpointer id;

      for (guint i = 0; wanted && i < n; i++)
        {
          g_autoptr(OcConversation) c = g_list_model_get_item (rows, i);
          const char *cid = g_intern_string (oc_conversation_get_id (c));

          if (!crossed (k, &thresholds, c, now))
            continue;
          g_hash_table_add (still, (gpointer) cid);
          /* On screen, looked at: nothing to tell about it. */
          if (c == focused)
            {
              g_hash_table_add (state->notified, (gpointer) cid);
              g_ptr_array_remove (state->pending, (gpointer) cid);
              continue;
            }
          if (!g_hash_table_contains (state->notified, cid) && !g_ptr_array_find (state->pending, cid, NULL))
            g_ptr_array_add (state->pending, (gpointer) cid);
        }

      /* Forget what no longer crosses (or left), so that it can come again. */
      g_hash_table_iter_init (&iter, state->notified);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        if (!g_hash_table_contains (still, id))
          g_hash_table_iter_remove (&iter);
      for (guint i = state->pending->len; i > 0; i--)
        if (!g_hash_table_contains (still, g_ptr_array_index (state->pending, i - 1)))
          g_ptr_array_remove_index (state->pending, i - 1);

      if (state->pending->len > 0 &&
          (state->last_sent == 0 || now - state->last_sent >= OC_NOTIFY_MIN_INTERVAL))
        send_kind (self, k, now);
    }
}
