// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-world"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-protocol.h"
#include "oc-world-private.h"

/* The action rules of docs/protocol.md. Every check comes before the first
 * change, so a refused action leaves no trace. */

static const struct {
  const char *code;
  guint       status;
} error_codes[] = {
  [OC_WORLD_ERROR_NOT_FOUND] = { "not-found", 404 },
  [OC_WORLD_ERROR_STATE_CHANGED] = { "state-changed", 409 },
  [OC_WORLD_ERROR_PRESENCE_NOT_ALLOWED] = { "presence-not-allowed", 422 },
  [OC_WORLD_ERROR_CAPACITY_FULL] = { "capacity-full", 422 },
  [OC_WORLD_ERROR_NOT_IN_QUEUE] = { "not-in-queue", 422 },
  [OC_WORLD_ERROR_SAME_AGENT] = { "same-agent", 422 },
  [OC_WORLD_ERROR_SAME_QUEUE] = { "same-queue", 422 },
  [OC_WORLD_ERROR_NOT_JOINED] = { "not-joined", 422 },
  [OC_WORLD_ERROR_NO_FLAG] = { "no-flag", 422 },
  [OC_WORLD_ERROR_NO_AGENT] = { "no-agent", 422 },
  [OC_WORLD_ERROR_BAD_REQUEST] = { "bad-request", 400 },
};

/**
 * oc_world_error_get_code:
 * @error: an error
 * @http_status: (out) (optional): where to store the HTTP status
 *
 * Returns: (transfer none): the wire code of an %OC_WORLD_ERROR, such as
 *   "state-changed", with its HTTP status; "internal-error" (500) for any
 *   other error
 */
const char *
oc_world_error_get_code (const GError *error,
                         guint        *http_status)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != OC_WORLD_ERROR ||
      error->code < 0 || error->code >= (int) G_N_ELEMENTS (error_codes))
    {
      if (http_status)
        *http_status = 500;
      return "internal-error";
    }

  if (http_status)
    *http_status = error_codes[error->code].status;

  return error_codes[error->code].code;
}

static OcWorldEntry *
require_entry (OcWorld     *self,
               const char  *conversation_id,
               GError     **error)
{
  OcWorldEntry *entry = _oc_world_lookup_entry (self, conversation_id);

  if (entry == NULL)
    g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_NOT_FOUND,
                 _("There is no live conversation “%s”; it may have ended."),
                 conversation_id);

  return entry;
}

static OcAgent *
require_agent (OcWorld     *self,
               const char  *agent_id,
               GError     **error)
{
  OcAgent *agent = oc_world_lookup_agent (self, agent_id);

  if (agent == NULL)
    g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_NOT_FOUND,
                 _("There is no agent “%s”."), agent_id);

  return agent;
}

static gboolean
require_status (OcConversation  *conversation,
                guint            allowed_mask,
                const char      *action,
                GError         **error)
{
  OcStatus status = oc_conversation_get_status (conversation);

  if (allowed_mask & (1u << status))
    return TRUE;

  g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_STATE_CHANGED,
               _("The conversation is %s now, so it cannot be %s."),
               oc_status_get_label (status), action);
  return FALSE;
}

#define STATUS_BIT(s) (1u << (s))

/**
 * oc_world_agent_can_take:
 * @agent: an agent
 * @conversation: a conversation
 * @error: return location for a #GError
 *
 * Tells whether @agent may take @conversation now: its presence is allowed
 * by the workstream (only available agents when there is none), it has free
 * capacity and it serves the conversation's queue. Changes nothing.
 *
 * Returns: %TRUE when it may; otherwise %FALSE with @error set to
 *   %OC_WORLD_ERROR_PRESENCE_NOT_ALLOWED, %OC_WORLD_ERROR_CAPACITY_FULL or
 *   %OC_WORLD_ERROR_NOT_IN_QUEUE
 */
gboolean
oc_world_agent_can_take (OcWorld         *self,
                         OcAgent         *agent,
                         OcConversation  *conversation,
                         GError         **error)
{
  OcWorkstream *workstream;
  OcPresence presence;
  gboolean allowed;

  g_return_val_if_fail (OC_IS_WORLD (self), FALSE);
  g_return_val_if_fail (OC_IS_AGENT (agent), FALSE);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), FALSE);

  workstream = oc_world_get_conversation_workstream (self, conversation);
  presence = oc_agent_get_presence (agent);
  /* Without a workstream, only available agents take work. */
  allowed = workstream ? oc_workstream_allows_presence (workstream, presence)
                       : presence == OC_PRESENCE_AVAILABLE;
  if (!allowed)
    {
      g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_PRESENCE_NOT_ALLOWED,
                   _("%s is %s, which the %s workstream does not allow."),
                   oc_agent_get_name (agent), oc_presence_get_label (presence),
                   workstream ? oc_workstream_get_name (workstream) : "?");
      return FALSE;
    }

  if (oc_agent_get_free_capacity (agent) == 0)
    {
      g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_CAPACITY_FULL,
                   _("%s has no free capacity (%u of %u in use)."),
                   oc_agent_get_name (agent), oc_agent_get_capacity_used (agent),
                   oc_agent_get_capacity_total (agent));
      return FALSE;
    }

  if (!oc_agent_serves_queue (agent, oc_conversation_get_queue_id (conversation)))
    {
      OcQueue *queue = oc_world_lookup_queue (self, oc_conversation_get_queue_id (conversation));

      g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_NOT_IN_QUEUE,
                   _("%s does not serve the %s queue."),
                   oc_agent_get_name (agent),
                   queue ? oc_queue_get_name (queue) : oc_conversation_get_queue_id (conversation));
      return FALSE;
    }

  return TRUE;
}

static void
system_event (OcWorld        *self,
              OcConversation *conversation,
              const char     *text)
{
  oc_world_append_message (self, conversation, OC_SENDER_SYSTEM, NULL,
                           OC_MESSAGE_KIND_EVENT, text);
}

static void
take_capacity (OcAgent *agent,
               int      delta)
{
  guint used = oc_agent_get_capacity_used (agent);

  if (delta < 0 && used == 0)
    return;
  oc_agent_set_capacity_used (agent, used + delta);
}

/**
 * oc_world_assign:
 * @conversation_id: an open conversation's id
 * @agent_id: (nullable): the agent to assign it to
 * @queue_id: (nullable): the queue to move it to
 *
 * The assign action (docs/protocol.md): to an agent, who must be able to
 * take it (it becomes active), or to another queue. Exactly one of
 * @agent_id and @queue_id is set. Every check comes before the first
 * change, so a refused action leaves the world as it was.
 *
 * Returns: %TRUE when done; otherwise %FALSE with @error set:
 *   %OC_WORLD_ERROR_NOT_FOUND, %OC_WORLD_ERROR_STATE_CHANGED (not open),
 *   %OC_WORLD_ERROR_SAME_QUEUE, or an error of oc_world_agent_can_take()
 */
gboolean
oc_world_assign (OcWorld     *self,
                 const char  *conversation_id,
                 const char  *agent_id,
                 const char  *queue_id,
                 GError     **error)
{
  OcWorldEntry *entry;
  OcConversation *conversation;

  g_return_val_if_fail (OC_IS_WORLD (self), FALSE);
  g_return_val_if_fail ((agent_id == NULL) != (queue_id == NULL), FALSE);

  if (!(entry = require_entry (self, conversation_id, error)))
    return FALSE;
  conversation = entry->conversation;

  if (!require_status (conversation, STATUS_BIT (OC_STATUS_OPEN), _("assigned"), error))
    return FALSE;

  if (agent_id != NULL)
    {
      g_autofree char *text = NULL;
      OcAgent *agent;

      if (!(agent = require_agent (self, agent_id, error)) ||
          !oc_world_agent_can_take (self, agent, conversation, error))
        return FALSE;

      oc_conversation_set_agent_id (conversation, oc_agent_get_id (agent));
      oc_world_set_status (self, conversation, OC_STATUS_ACTIVE);
      if (oc_conversation_get_first_assigned_at (conversation) == 0)
        oc_conversation_set_first_assigned_at (conversation, oc_world_get_now (self));
      take_capacity (agent, +1);

      oc_world_put_conversation (self, conversation);
      oc_world_put_agent (self, agent);

      text = g_strdup_printf ("A supervisor assigned the conversation to %s.", oc_agent_get_name (agent));
      system_event (self, conversation, text);
    }
  else
    {
      OcQueue *queue = oc_world_lookup_queue (self, queue_id);

      if (queue == NULL)
        {
          g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_NOT_FOUND,
                       _("There is no queue “%s”."), queue_id);
          return FALSE;
        }

      if (g_strcmp0 (oc_conversation_get_queue_id (conversation), queue_id) == 0)
        {
          g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_SAME_QUEUE,
                       _("The conversation is already in the %s queue."),
                       oc_queue_get_name (queue));
          return FALSE;
        }

      oc_conversation_set_queue_id (conversation, oc_queue_get_id (queue));
      if (oc_queue_get_workstream_id (queue) != NULL)
        oc_conversation_set_workstream_id (conversation, oc_queue_get_workstream_id (queue));
      oc_world_put_conversation (self, conversation);
    }

  return TRUE;
}

/**
 * oc_world_transfer:
 * @conversation_id: an active or waiting conversation's id
 * @agent_id: the agent to transfer it to
 * @error: return location for a #GError
 *
 * The transfer action: hands the conversation to another agent, who must be
 * able to take it, and frees a unit of the previous agent's capacity.
 *
 * Returns: %TRUE when done; otherwise %FALSE with @error set:
 *   %OC_WORLD_ERROR_NOT_FOUND, %OC_WORLD_ERROR_STATE_CHANGED,
 *   %OC_WORLD_ERROR_SAME_AGENT, or an error of oc_world_agent_can_take()
 */
gboolean
oc_world_transfer (OcWorld     *self,
                   const char  *conversation_id,
                   const char  *agent_id,
                   GError     **error)
{
  g_autofree char *text = NULL;
  OcWorldEntry *entry;
  OcConversation *conversation;
  OcAgent *agent;
  OcAgent *previous;

  g_return_val_if_fail (OC_IS_WORLD (self), FALSE);
  g_return_val_if_fail (agent_id != NULL, FALSE);

  if (!(entry = require_entry (self, conversation_id, error)))
    return FALSE;
  conversation = entry->conversation;

  if (!require_status (conversation, STATUS_BIT (OC_STATUS_ACTIVE) | STATUS_BIT (OC_STATUS_WAITING),
                       _("transferred"), error))
    return FALSE;

  if (!(agent = require_agent (self, agent_id, error)))
    return FALSE;

  if (g_strcmp0 (oc_conversation_get_agent_id (conversation), agent_id) == 0)
    {
      g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_SAME_AGENT,
                   _("%s already handles the conversation."), oc_agent_get_name (agent));
      return FALSE;
    }

  if (!oc_world_agent_can_take (self, agent, conversation, error))
    return FALSE;

  previous = oc_world_lookup_agent (self, oc_conversation_get_agent_id (conversation));

  oc_conversation_set_agent_id (conversation, oc_agent_get_id (agent));
  if (oc_conversation_get_first_assigned_at (conversation) == 0)
    oc_conversation_set_first_assigned_at (conversation, oc_world_get_now (self));
  take_capacity (agent, +1);
  if (previous != NULL)
    take_capacity (previous, -1);

  oc_world_put_conversation (self, conversation);
  oc_world_put_agent (self, agent);
  if (previous != NULL)
    oc_world_put_agent (self, previous);

  text = g_strdup_printf ("A supervisor transferred the conversation to %s.", oc_agent_get_name (agent));
  system_event (self, conversation, text);

  return TRUE;
}

/**
 * oc_world_force_close:
 * @conversation_id: a live conversation's id
 * @error: return location for a #GError
 *
 * The force-close action: says so in the transcript and removes the
 * conversation (reason "force-closed").
 *
 * Returns: (transfer full) (nullable): the closed conversation, or %NULL with
 *   @error set to %OC_WORLD_ERROR_NOT_FOUND
 */
OcConversation *
oc_world_force_close (OcWorld     *self,
                      const char  *conversation_id,
                      GError     **error)
{
  OcWorldEntry *entry;
  OcConversation *conversation;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);

  if (!(entry = require_entry (self, conversation_id, error)))
    return NULL;

  conversation = g_object_ref (entry->conversation);
  system_event (self, conversation, "A supervisor ended the conversation.");
  oc_world_remove_conversation (self, conversation, "force-closed");

  return conversation;
}

/**
 * oc_world_join:
 * @conversation_id: an active, waiting or wrap-up conversation's id
 * @user: the supervisor's user name
 * @error: return location for a #GError
 *
 * The join action: @user may then post messages. Joining twice is not an
 * error and says nothing new.
 *
 * Returns: %TRUE when joined; otherwise %FALSE with @error set to
 *   %OC_WORLD_ERROR_NOT_FOUND or %OC_WORLD_ERROR_STATE_CHANGED
 */
gboolean
oc_world_join (OcWorld     *self,
               const char  *conversation_id,
               const char  *user,
               GError     **error)
{
  OcWorldEntry *entry;

  g_return_val_if_fail (OC_IS_WORLD (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  if (!(entry = require_entry (self, conversation_id, error)))
    return FALSE;

  if (!require_status (entry->conversation,
                       STATUS_BIT (OC_STATUS_ACTIVE) | STATUS_BIT (OC_STATUS_WAITING) |
                       STATUS_BIT (OC_STATUS_WRAP_UP),
                       _("joined"), error))
    return FALSE;

  /* Joining twice is not an error, and says nothing new. */
  if (_oc_world_set_joined (self, conversation_id, user, TRUE))
    system_event (self, entry->conversation, "A supervisor joined the conversation.");

  return TRUE;
}

static gboolean
require_joined (OcWorld     *self,
                const char  *conversation_id,
                const char  *user,
                GError     **error)
{
  if (oc_world_has_joined (self, conversation_id, user))
    return TRUE;

  g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_NOT_JOINED,
               _("Join the conversation first."));
  return FALSE;
}

/**
 * oc_world_leave:
 * @conversation_id: a live conversation's id
 * @user: the supervisor's user name
 * @error: return location for a #GError
 *
 * The leave action, for a supervisor who joined.
 *
 * Returns: %TRUE when left; otherwise %FALSE with @error set to
 *   %OC_WORLD_ERROR_NOT_FOUND or %OC_WORLD_ERROR_NOT_JOINED
 */
gboolean
oc_world_leave (OcWorld     *self,
                const char  *conversation_id,
                const char  *user,
                GError     **error)
{
  OcWorldEntry *entry;

  g_return_val_if_fail (OC_IS_WORLD (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  if (!(entry = require_entry (self, conversation_id, error)) ||
      !require_joined (self, conversation_id, user, error))
    return FALSE;

  _oc_world_set_joined (self, conversation_id, user, FALSE);
  system_event (self, entry->conversation, "A supervisor left the conversation.");

  return TRUE;
}

static gboolean
require_text (const char  *text,
              GError     **error)
{
  if (text[0] != '\0' && g_utf8_strlen (text, -1) <= OC_PROTOCOL_MAX_TEXT)
    return TRUE;

  g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_BAD_REQUEST,
               _("A message has 1 to %d characters."), OC_PROTOCOL_MAX_TEXT);
  return FALSE;
}

/**
 * oc_world_raise_flag:
 * @conversation: a live conversation of the world
 * @reason: why the agent asks for help, literal text
 *
 * The agent asks a supervisor for help: a new flag, up until lowered, and a
 * line in the transcript.
 */
void
oc_world_raise_flag (OcWorld        *self,
                     OcConversation *conversation,
                     const char     *reason)
{
  g_autofree char *text = NULL;

  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_CONVERSATION (conversation));

  oc_conversation_set_flag (conversation, reason, oc_world_get_now (self), 0, NULL);
  oc_world_put_conversation (self, conversation);
  text = g_strdup_printf ("The agent asked for help: %s", reason);
  system_event (self, conversation, text);
}

/**
 * oc_world_lower_flag:
 * @conversation_id: a live conversation's id
 * @user: the supervisor who answers
 * @error: return location for a #GError
 *
 * The lower-flag action: the flag stays on the conversation, lowered by
 * @user now.
 *
 * Returns: %TRUE when lowered; %FALSE with @error set to
 *   %OC_WORLD_ERROR_NOT_FOUND or %OC_WORLD_ERROR_NO_FLAG
 */
gboolean
oc_world_lower_flag (OcWorld     *self,
                     const char  *conversation_id,
                     const char  *user,
                     GError     **error)
{
  OcWorldEntry *entry;
  OcConversation *conversation;

  g_return_val_if_fail (OC_IS_WORLD (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  if (!(entry = require_entry (self, conversation_id, error)))
    return FALSE;
  conversation = entry->conversation;
  if (!oc_conversation_is_flagged (conversation))
    {
      g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_NO_FLAG,
                   _("No help flag is up on this conversation; someone may have lowered it."));
      return FALSE;
    }

  oc_conversation_set_flag (conversation, oc_conversation_get_flag_reason (conversation),
                            oc_conversation_get_flag_raised_at (conversation), oc_world_get_now (self), user);
  oc_world_put_conversation (self, conversation);
  system_event (self, conversation, "A supervisor lowered the help flag.");
  return TRUE;
}

/**
 * oc_world_post_message:
 * @conversation_id: a live conversation's id
 * @user: a supervisor who joined it
 * @text: 1 to %OC_PROTOCOL_MAX_TEXT characters
 * @error: return location for a #GError
 *
 * The message action: appends @text to the transcript as @user's.
 *
 * Returns: (transfer full) (nullable): the new line, or %NULL with @error set
 *   to %OC_WORLD_ERROR_NOT_FOUND, %OC_WORLD_ERROR_NOT_JOINED or
 *   %OC_WORLD_ERROR_BAD_REQUEST
 */
OcMessage *
oc_world_post_message (OcWorld     *self,
                       const char  *conversation_id,
                       const char  *user,
                       const char  *text,
                       GError     **error)
{
  OcWorldEntry *entry;
  OcMessage *message;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!(entry = require_entry (self, conversation_id, error)) ||
      !require_joined (self, conversation_id, user, error) ||
      !require_text (text, error))
    return NULL;

  message = oc_world_append_message (self, entry->conversation, OC_SENDER_SUPERVISOR,
                                     user, OC_MESSAGE_KIND_TEXT, text);

  return g_object_ref (message);
}

/**
 * oc_world_whisper:
 * @conversation_id: a live conversation's id
 * @user: the supervisor, joined or not
 * @text: 1 to %OC_PROTOCOL_MAX_TEXT characters
 * @error: return location for a #GError
 *
 * The whisper action: @text for the agent only, in any channel (a text side
 * channel on a call). The line is of kind whisper, which the customer's
 * stream never carries.
 *
 * Returns: (transfer full) (nullable): the new line, or %NULL with @error set
 *   to %OC_WORLD_ERROR_NOT_FOUND, %OC_WORLD_ERROR_NO_AGENT or
 *   %OC_WORLD_ERROR_BAD_REQUEST
 */
OcMessage *
oc_world_whisper (OcWorld     *self,
                  const char  *conversation_id,
                  const char  *user,
                  const char  *text,
                  GError     **error)
{
  OcWorldEntry *entry;

  g_return_val_if_fail (OC_IS_WORLD (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!(entry = require_entry (self, conversation_id, error)) || !require_text (text, error))
    return NULL;
  if (oc_conversation_get_agent_id (entry->conversation) == NULL)
    {
      g_set_error (error, OC_WORLD_ERROR, OC_WORLD_ERROR_NO_AGENT,
                   _("No agent handles this conversation, so there is no one to whisper to."));
      return NULL;
    }

  return g_object_ref (oc_world_append_message (self, entry->conversation, OC_SENDER_SUPERVISOR,
                                                user, OC_MESSAGE_KIND_WHISPER, text));
}

/**
 * oc_world_expire:
 *
 * Removes (reason "expired") the conversations created more than
 * %OC_WORLD_MAX_AGE seconds ago by the world's clock.
 *
 * Returns: how many left
 */
guint
oc_world_expire (OcWorld *self)
{
  gint64 cutoff;
  guint count = 0;

  g_return_val_if_fail (OC_IS_WORLD (self), 0);

  cutoff = oc_world_get_now (self) - OC_WORLD_MAX_AGE;

  for (;;)
    {
      OcConversation *oldest = oc_world_get_oldest (self);

      guint before = oc_world_get_n_conversations (self);

      if (oldest == NULL || oc_conversation_get_created_at (oldest) >= cutoff)
        break;

      oc_world_remove_conversation (self, oldest, "expired");
      g_return_val_if_fail (oc_world_get_n_conversations (self) < before, count);
      count++;
    }

  return count;
}

/**
 * oc_world_set_status:
 * @conversation: a conversation of the world
 * @status: its new status
 *
 * Status bookkeeping shared by the rules and the simulator: moves
 * @conversation to @status now, adding a finished wait spell to its wait
 * seconds and starting one when it opens or waits. Sets the properties only;
 * the caller announces the change with oc_world_put_conversation().
 */
void
oc_world_set_status (OcWorld        *self,
                     OcConversation *conversation,
                     OcStatus        status)
{
  OcStatus old;
  gint64 now;

  g_return_if_fail (OC_IS_WORLD (self));
  g_return_if_fail (OC_IS_CONVERSATION (conversation));

  old = oc_conversation_get_status (conversation);
  if (old == status)
    return;

  now = oc_world_get_now (self);

  if (oc_conversation_get_waiting_since (conversation) != 0)
    {
      gint64 spell = MAX (0, now - oc_conversation_get_waiting_since (conversation));

      oc_conversation_set_wait_seconds (conversation,
                                        MIN (oc_conversation_get_wait_seconds (conversation) + spell,
                                             OC_PROTOCOL_MAX_SECONDS));
      oc_conversation_set_waiting_since (conversation, 0);
    }

  if (status == OC_STATUS_OPEN || status == OC_STATUS_WAITING)
    oc_conversation_set_waiting_since (conversation, now);

  oc_conversation_set_status_since (conversation, now);
  oc_conversation_set_status (conversation, status);
}
