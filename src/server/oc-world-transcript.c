// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-world"

#include "config.h"

#include <string.h>

#include "oc-protocol.h"
#include "oc-world-private.h"

/* Transcripts and who joined: per conversation, gone with it. */

static void
store_message (OcWorld      *self,
               OcWorldEntry *entry,
               OcMessage    *message)
{
  guint limit = self->transcript_limit;

  g_ptr_array_add (entry->transcript, g_object_ref (message));
  entry->last_seq = MAX (entry->last_seq, oc_message_get_seq (message));

  /* Only the most recent lines are kept; history starts later then. */
  if (entry->transcript->len > limit)
    g_ptr_array_remove_range (entry->transcript, 0, entry->transcript->len - limit);
}

/**
 * oc_world_append_message:
 * @conversation: a live conversation
 * @sender_role: who says it
 * @sender_name: (nullable): the sender's display name
 * @kind: what kind of line
 * @text: the literal text
 *
 * Appends a line to @conversation's transcript with the next sequence number
 * and emits #OcWorld::message-added. Only the most recent lines are kept
 * (oc_world_set_transcript_limit()).
 *
 * Returns: (transfer none): the new line, held by the transcript
 */
OcMessage *
oc_world_append_message (OcWorld        *self,
                         OcConversation *conversation,
                         OcSender        sender_role,
                         const char     *sender_name,
                         OcMessageKind   kind,
                         const char     *text)
{
  g_autoptr(OcMessage) message = NULL;
  OcWorldEntry *entry;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  entry = _oc_world_lookup_entry (self, oc_conversation_get_id (conversation));
  g_return_val_if_fail (entry != NULL && entry->conversation == conversation, NULL);

  message = oc_message_new (entry->last_seq + 1, oc_world_get_now (self),
                            sender_role, sender_name, kind, text);
  store_message (self, entry, message);

  _oc_world_emit_message_added (self, conversation, message);

  return message;
}

/**
 * oc_world_load_message:
 * @conversation_id: a live conversation's id
 * @message: a line from saved state
 *
 * Adds @message to the transcript without a signal; ignored when the
 * conversation is not live or @message is not after its last line.
 */
void
oc_world_load_message (OcWorld    *self,
                       const char *conversation_id,
                       OcMessage  *message)
{
  OcWorldEntry *entry;

  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_MESSAGE (message));

  entry = _oc_world_lookup_entry (self, conversation_id);
  if (entry == NULL || oc_message_get_seq (message) <= entry->last_seq)
    return;

  store_message (self, entry, message);
}

/**
 * oc_world_get_transcript:
 * @conversation_id: a conversation's id
 *
 * Returns: (transfer none) (element-type OcMessage) (nullable): the
 *   conversation's transcript, oldest first (the most recent lines only), or
 *   %NULL when it is not live
 */
GPtrArray *
oc_world_get_transcript (OcWorld    *self,
                         const char *conversation_id)
{
  OcWorldEntry *entry;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  entry = _oc_world_lookup_entry (self, conversation_id);
  return entry ? entry->transcript : NULL;
}

/**
 * oc_world_get_last_seq:
 * @conversation_id: a conversation's id
 *
 * Returns: the sequence number of its last line, 0 when there is none
 */
gint64
oc_world_get_last_seq (OcWorld    *self,
                       const char *conversation_id)
{
  OcWorldEntry *entry;

  g_return_val_if_fail (OC_IS_WORLD (self), 0);

  entry = _oc_world_lookup_entry (self, conversation_id);
  return entry ? entry->last_seq : 0;
}

static gboolean
find_user (OcWorldEntry *entry,
           const char   *user,
           guint        *index)
{
  return entry->joined != NULL &&
         g_ptr_array_find_with_equal_func (entry->joined, user, g_str_equal, index);
}

/**
 * oc_world_has_joined:
 * @conversation_id: a conversation's id
 * @user: a user name
 *
 * Returns: whether @user joined the conversation (and has not left)
 */
gboolean
oc_world_has_joined (OcWorld    *self,
                     const char *conversation_id,
                     const char *user)
{
  OcWorldEntry *entry;

  g_return_val_if_fail (OC_IS_WORLD (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  entry = _oc_world_lookup_entry (self, conversation_id);
  return entry != NULL && find_user (entry, user, NULL);
}

/**
 * oc_world_get_joined:
 * @conversation_id: a conversation's id
 *
 * Returns: (transfer none) (element-type utf8) (nullable): the user names of
 *   the supervisors who joined, or %NULL when none did
 */
GPtrArray *
oc_world_get_joined (OcWorld    *self,
                     const char *conversation_id)
{
  OcWorldEntry *entry;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  entry = _oc_world_lookup_entry (self, conversation_id);
  return entry ? entry->joined : NULL;
}

gboolean
_oc_world_set_joined (OcWorld    *self,
                      const char *conversation_id,
                      const char *user,
                      gboolean    joined)
{
  OcWorldEntry *entry = _oc_world_lookup_entry (self, conversation_id);
  guint index;

  if (entry == NULL || find_user (entry, user, &index) == joined)
    return FALSE;

  if (joined)
    {
      if (entry->joined == NULL)
        entry->joined = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (entry->joined, g_strdup (user));
    }
  else
    g_ptr_array_remove_index (entry->joined, index);

  _oc_world_emit_joined_changed (self, conversation_id, user, joined);

  return TRUE;
}

/**
 * oc_world_load_joined:
 * @conversation_id: a live conversation's id
 * @user: a supervisor's user name
 *
 * Marks @user as joined, from saved state, without a signal.
 */
void
oc_world_load_joined (OcWorld    *self,
                      const char *conversation_id,
                      const char *user)
{
  OcWorldEntry *entry;

  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (user != NULL);

  entry = _oc_world_lookup_entry (self, conversation_id);
  if (entry == NULL || find_user (entry, user, NULL))
    return;

  if (entry->joined == NULL)
    entry->joined = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (entry->joined, g_strdup (user));
}
