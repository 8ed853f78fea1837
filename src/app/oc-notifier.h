// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-conversation-store.h"

G_BEGIN_DECLS

/* What a notification is about; its id, so that a newer one of a kind
 * replaces the older on the desktop. */
typedef enum {
  OC_NOTIFY_CRITICAL_WAIT,
  OC_NOTIFY_NEGATIVE_SENTIMENT,
  OC_N_NOTIFY_KINDS
} OcNotifyKind;

/* Hands a notification to the desktop (g_application_send_notification() by
 * default; tests catch it). */
typedef void            (*OcNotifySendFunc)  (const char    *id,
                                              GNotification *notification,
                                              const char    *title,
                                              const char    *first_id,
                                              guint          count,
                                              gpointer       user_data);
/* The conversation the supervisor is looking at now (the window is focused
 * and it is selected), or NULL: it is never notified. */
typedef OcConversation *(*OcNotifyFocusFunc) (gpointer       user_data);

#define OC_NOTIFY_MIN_INTERVAL 60  /* seconds between two notifications of a kind */

#define OC_TYPE_NOTIFIER (oc_notifier_get_type ())
G_DECLARE_FINAL_TYPE (OcNotifier, oc_notifier, OC, NOTIFIER, GObject)

/*
 * Desktop notifications when conversations cross their channel's critical
 * wait or their sentiment turns very negative: grouped (one notification
 * for "5 conversations over the critical wait"), at most one per kind a
 * minute (what crosses meanwhile waits for the next), each with a default
 * action "app.show-conversation" naming the conversation to select. The
 * settings keys notify-critical-wait and notify-negative-sentiment choose
 * which notify; times are the store's clock. It follows the store's
 * changes and keeps one timer for the next wait to reach its limit: no
 * periodic scan.
 */
OcNotifier *oc_notifier_new            (GApplication        *application,
                                        OcConversationStore *store,
                                        GSettings           *settings);
void        oc_notifier_set_send_func  (OcNotifier          *self,
                                        OcNotifySendFunc     func,
                                        gpointer             user_data);
void        oc_notifier_set_focus_func (OcNotifier          *self,
                                        OcNotifyFocusFunc    func,
                                        gpointer             user_data);
void        oc_notifier_check          (OcNotifier          *self);
void        oc_notifier_set_live       (OcNotifier          *self,
                                        gboolean             live);
gint64      oc_notifier_get_next_wakeup (OcNotifier         *self);

G_END_DECLS
