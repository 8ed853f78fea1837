// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-protocol"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-conversation-private.h"
#include "oc-protocol.h"
#include "oc-protocol-fields.h"

/* The readers of the protocol's objects (conversation, agent, queue,
 * workstream, message) over a parsed OcJsonDoc; the snapshot and the public
 * parsers in oc-protocol.c, events in oc-protocol-event.c, fields in
 * oc-protocol-fields.c. */

#define ID_BUF (OC_PROTOCOL_MAX_ID_BYTES + 1)

static gboolean
expect_object (OcFieldCtx        *ctx,
               const OcJsonValue *v)
{
  if (v->type == OC_JSON_OBJECT)
    return TRUE;

  g_set_error (ctx->error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_WRONG_TYPE,
               _("%s: expected an object"), ctx->kind);
  return FALSE;
}

/* A message whose top level is not an object is not one of ours at all. */
gboolean
_oc_field_expect_root (OcFieldCtx        *ctx,
                    const OcJsonValue *v)
{
  if (v->type == OC_JSON_OBJECT)
    return TRUE;

  g_set_error (ctx->error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MALFORMED,
               _("%s: expected an object"), ctx->kind);
  return FALSE;
}

static void
warn_dropped (OcFieldCtx *ctx,
              const char *field,
              guint       dropped,
              guint       limit)
{
  if (ctx->warnings == NULL)
    return;

  g_ptr_array_add (ctx->warnings,
                   g_strdup_printf (_("%s %s: %u %s over the limit of %u dropped"),
                                    ctx->kind, ctx->id != NULL ? ctx->id : "?",
                                    dropped, field, limit));
}

/* Interns @value (not NUL-terminated) without a heap copy when short. */
static const char *
intern_n (const char *value,
          gsize       len)
{
  char buf[512];
  g_autofree char *big = NULL;
  char *s = buf;

  if (len >= sizeof buf)
    s = big = g_malloc (len + 1);
  memcpy (s, value, len);
  s[len] = '\0';
  return g_intern_string (s);
}

/* An array of strings (skill names) as a NULL-terminated array of interned
 * strings, at most OC_PROTOCOL_MAX_SKILLS of them. */
static gboolean
read_name_list (OcFieldCtx          *ctx,
                const OcJsonValue   *array,
                const char          *field,
                const char        ***out)
{
  guint n = MIN (array->len, OC_PROTOCOL_MAX_SKILLS);
  const char **names = g_new0 (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      const OcJsonValue *item = &array->u.items[i];
      char path[64];
      g_autofree char *name = NULL;

      /* The common case needs no copy, no cut and no path for messages. */
      if (item->type == OC_JSON_STRING && item->len <= OC_PROTOCOL_MAX_NAME &&
          memchr (item->u.s, '\0', item->len) == NULL)
        {
          names[i] = intern_n (item->u.s, item->len);
          continue;
        }

      g_snprintf (path, sizeof path, "%s[%u]", field, i);
      if (!_oc_value_string (ctx, item, path, OC_PROTOCOL_MAX_NAME, &name))
        {
          g_free (names);
          return FALSE;
        }
      names[i] = g_intern_string (name);
    }

  if (array->len > n)
    warn_dropped (ctx, field, array->len - n, OC_PROTOCOL_MAX_SKILLS);

  *out = names;
  return TRUE;
}

OcConversation *
_oc_read_conversation (const OcJsonValue  *v,
                   GPtrArray          *warnings,
                   GError            **error)
{
  OcFieldCtx ctx = { "conversation", NULL, NULL, warnings, error };
  char id[ID_BUF], queue_id[ID_BUF], workstream_id[ID_BUF], agent_id[ID_BUF];
  g_autofree char *subject = NULL;
  g_autofree char *sub_channel = NULL;
  g_autofree char *customer_name = NULL;
  g_autofree const char **skills = NULL;
  OcConversationFields f = { 0 };
  int status = 0, channel = 0, sentiment = 0;
  gboolean has_agent, has_status_since;
  const OcJsonValue *skills_v;

  if (!expect_object (&ctx, v) ||
      !_oc_field_id (&ctx, v, "id", OC_FIELD_REQUIRED, id, NULL))
    return NULL;
  ctx.id = id;

  if (!_oc_field_int (&ctx, v, "revision", OC_FIELD_OPTIONAL, 0, OC_PROTOCOL_MAX_REVISION, &f.revision) ||
      !_oc_field_string (&ctx, v, "subject", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_SUBJECT, &subject) ||
      !_oc_field_enum (&ctx, v, "status", OC_FIELD_REQUIRED, OC_TYPE_STATUS, &status) ||
      !_oc_field_enum (&ctx, v, "channel", OC_FIELD_REQUIRED, OC_TYPE_CHANNEL, &channel) ||
      !_oc_field_string (&ctx, v, "sub_channel", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &sub_channel) ||
      !_oc_field_id (&ctx, v, "queue_id", OC_FIELD_REQUIRED, queue_id, NULL) ||
      !_oc_field_id (&ctx, v, "workstream_id", OC_FIELD_REQUIRED, workstream_id, NULL) ||
      !_oc_field_id (&ctx, v, "agent_id", OC_FIELD_OPTIONAL, agent_id, &has_agent) ||
      !_oc_field_string (&ctx, v, "customer_name", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &customer_name) ||
      !_oc_field_time (&ctx, v, "created_at", OC_FIELD_REQUIRED, &f.created_at, NULL) ||
      !_oc_field_time (&ctx, v, "status_since", OC_FIELD_OPTIONAL, &f.status_since, &has_status_since) ||
      !_oc_field_time (&ctx, v, "first_assigned_at", OC_FIELD_OPTIONAL, &f.first_assigned_at, NULL) ||
      !_oc_field_int (&ctx, v, "wait_seconds", OC_FIELD_OPTIONAL, 0, OC_PROTOCOL_MAX_SECONDS, &f.wait_seconds) ||
      !_oc_field_time (&ctx, v, "waiting_since", OC_FIELD_OPTIONAL, &f.waiting_since, NULL) ||
      !_oc_field_enum (&ctx, v, "sentiment", OC_FIELD_OPTIONAL, OC_TYPE_SENTIMENT, &sentiment) ||
      !_oc_field_array (&ctx, v, "skills", OC_FIELD_OPTIONAL, &skills_v))
    return NULL;

  if (skills_v != NULL && !read_name_list (&ctx, skills_v, "skills", &skills))
    return NULL;

  if (!has_status_since)
    f.status_since = f.created_at;

  f.id = g_strdup (id);
  f.subject = g_steal_pointer (&subject);
  f.customer_name = g_steal_pointer (&customer_name);
  f.sub_channel = sub_channel;
  f.queue_id = queue_id;
  f.workstream_id = workstream_id;
  f.agent_id = has_agent ? agent_id : NULL;
  f.skills = g_steal_pointer (&skills);
  f.status = status;
  f.channel = channel;
  f.sentiment = sentiment;
  return _oc_conversation_new_take (&f);
}

static gboolean
read_agent_skills (OcFieldCtx         *ctx,
                   const OcJsonValue  *array,
                   GPtrArray          *names,
                   GArray             *levels)
{
  guint n = MIN (array->len, OC_PROTOCOL_MAX_SKILLS);

  for (guint i = 0; i < n; i++)
    {
      const OcJsonValue *item = &array->u.items[i];
      char prefix[32];
      OcFieldCtx sub = *ctx;
      g_autofree char *name = NULL;
      gint64 level = 0;
      guint level_u;

      g_snprintf (prefix, sizeof prefix, "skills[%u].", i);
      sub.prefix = prefix;
      if (item->type != OC_JSON_OBJECT)
        {
          g_snprintf (prefix, sizeof prefix, "skills[%u]", i);
          return _oc_field_fail (ctx, prefix, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected an object"));
        }
      if (!_oc_field_string (&sub, item, "name", OC_FIELD_REQUIRED, OC_PROTOCOL_MAX_NAME, &name) ||
          !_oc_field_int (&sub, item, "level", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_SKILL_LEVEL, &level))
        return FALSE;

      g_ptr_array_add (names, (gpointer) intern_n (name, strlen (name)));
      level_u = (guint) level;
      g_array_append_val (levels, level_u);
    }

  if (array->len > n)
    warn_dropped (ctx, "skills", array->len - n, OC_PROTOCOL_MAX_SKILLS);
  return TRUE;
}

OcAgent *
_oc_read_agent (const OcJsonValue  *v,
            GPtrArray          *warnings,
            GError            **error)
{
  OcFieldCtx ctx = { "agent", NULL, NULL, warnings, error };
  OcFieldCtx cap_ctx;
  char id[ID_BUF];
  g_autofree char *name = NULL;
  g_autofree char *presence_text = NULL;
  g_autoptr(GPtrArray) skill_names = g_ptr_array_new ();
  g_autoptr(GArray) skill_levels = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) queue_ids = g_ptr_array_new ();
  const OcJsonValue *capacity, *skills_v, *queues_v;
  gint64 used = 0, total = 0;
  int presence = 0;
  OcAgent *agent;

  if (!expect_object (&ctx, v) ||
      !_oc_field_id (&ctx, v, "id", OC_FIELD_REQUIRED, id, NULL))
    return NULL;
  ctx.id = id;

  if (!_oc_field_string (&ctx, v, "name", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &name) ||
      !_oc_field_enum (&ctx, v, "presence", OC_FIELD_REQUIRED, OC_TYPE_PRESENCE, &presence) ||
      !_oc_field_string (&ctx, v, "presence_text", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &presence_text) ||
      !_oc_field_object (&ctx, v, "capacity", OC_FIELD_REQUIRED, &capacity) ||
      !_oc_field_array (&ctx, v, "skills", OC_FIELD_OPTIONAL, &skills_v) ||
      !_oc_field_array (&ctx, v, "queue_ids", OC_FIELD_OPTIONAL, &queues_v))
    return NULL;

  cap_ctx = ctx;
  cap_ctx.prefix = "capacity.";
  if (!_oc_field_int (&cap_ctx, capacity, "used", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_CAPACITY, &used) ||
      !_oc_field_int (&cap_ctx, capacity, "total", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_CAPACITY, &total))
    return NULL;

  if (skills_v != NULL && !read_agent_skills (&ctx, skills_v, skill_names, skill_levels))
    return NULL;
  g_ptr_array_add (skill_names, NULL);

  for (guint i = 0; queues_v != NULL && i < queues_v->len; i++)
    {
      char path[32];
      char queue_id[ID_BUF];

      g_snprintf (path, sizeof path, "queue_ids[%u]", i);
      if (!_oc_value_id (&ctx, &queues_v->u.items[i], path, queue_id))
        return NULL;
      g_ptr_array_add (queue_ids, (gpointer) g_intern_string (queue_id));
    }
  g_ptr_array_add (queue_ids, NULL);

  agent = oc_agent_new (id);
  oc_agent_set_name (agent, name);
  oc_agent_set_presence (agent, presence);
  oc_agent_set_presence_text (agent, presence_text);
  oc_agent_set_capacity_total (agent, (guint) total);
  oc_agent_set_capacity_used (agent, (guint) used);
  oc_agent_set_skills (agent, (const char * const *) skill_names->pdata,
                       (const guint *) (gpointer) skill_levels->data);
  oc_agent_set_queue_ids (agent, (const char * const *) queue_ids->pdata);
  return agent;
}

OcQueue *
_oc_read_queue (const OcJsonValue  *v,
            GPtrArray          *warnings,
            GError            **error)
{
  OcFieldCtx ctx = { "queue", NULL, NULL, warnings, error };
  char id[ID_BUF], workstream_id[ID_BUF];
  g_autofree char *name = NULL;
  OcQueue *queue;

  if (!expect_object (&ctx, v) ||
      !_oc_field_id (&ctx, v, "id", OC_FIELD_REQUIRED, id, NULL))
    return NULL;
  ctx.id = id;

  if (!_oc_field_string (&ctx, v, "name", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &name) ||
      !_oc_field_id (&ctx, v, "workstream_id", OC_FIELD_REQUIRED, workstream_id, NULL))
    return NULL;

  queue = oc_queue_new (id);
  oc_queue_set_name (queue, name);
  oc_queue_set_workstream_id (queue, workstream_id);
  return queue;
}

OcWorkstream *
_oc_read_workstream (const OcJsonValue  *v,
                 GPtrArray          *warnings,
                 GError            **error)
{
  OcFieldCtx ctx = { "workstream", NULL, NULL, warnings, error };
  char id[ID_BUF];
  g_autofree char *name = NULL;
  const OcJsonValue *allowed;
  int channel = 0;
  guint mask = 0;
  OcWorkstream *ws;

  if (!expect_object (&ctx, v) ||
      !_oc_field_id (&ctx, v, "id", OC_FIELD_REQUIRED, id, NULL))
    return NULL;
  ctx.id = id;

  if (!_oc_field_string (&ctx, v, "name", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &name) ||
      !_oc_field_enum (&ctx, v, "channel", OC_FIELD_REQUIRED, OC_TYPE_CHANNEL, &channel) ||
      !_oc_field_array (&ctx, v, "allowed_presences", OC_FIELD_OPTIONAL, &allowed))
    return NULL;

  for (guint i = 0; allowed != NULL && i < allowed->len; i++)
    {
      const OcJsonValue *item = &allowed->u.items[i];
      int presence;

      if (item->type != OC_JSON_STRING)
        {
          char path[48];

          g_snprintf (path, sizeof path, "allowed_presences[%u]", i);
          _oc_field_fail (&ctx, path, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a string"));
          return NULL;
        }
      /* Unknown presences map to "unknown", which no mask lets through. */
      presence = _oc_enum_lookup (OC_TYPE_PRESENCE, item->u.s, item->len);
      if (presence > 0 && presence < 32)
        mask |= OC_PRESENCE_BIT (presence);
    }

  ws = oc_workstream_new (id);
  oc_workstream_set_name (ws, name);
  oc_workstream_set_channel (ws, channel);
  oc_workstream_set_allowed_presences (ws, mask);
  return ws;
}

OcMessage *
_oc_read_message (const OcJsonValue  *v,
              GPtrArray          *warnings,
              GError            **error)
{
  OcFieldCtx ctx = { "message", NULL, NULL, warnings, error };
  OcFieldCtx sender_ctx;
  g_autofree char *sender_name = NULL;
  g_autofree char *text = NULL;
  const OcJsonValue *sender;
  gint64 seq = 0, at = 0;
  int role = 0, kind = 0;
  char seq_text[32];

  if (!expect_object (&ctx, v) ||
      !_oc_field_int (&ctx, v, "seq", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_REVISION, &seq))
    return NULL;
  g_snprintf (seq_text, sizeof seq_text, "%" G_GINT64_FORMAT, seq);
  ctx.id = seq_text;

  if (!_oc_field_time (&ctx, v, "at", OC_FIELD_REQUIRED, &at, NULL) ||
      !_oc_field_object (&ctx, v, "sender", OC_FIELD_REQUIRED, &sender) ||
      !_oc_field_enum (&ctx, v, "kind", OC_FIELD_REQUIRED, OC_TYPE_MESSAGE_KIND, &kind) ||
      !_oc_field_string (&ctx, v, "text", OC_FIELD_REQUIRED, OC_PROTOCOL_MAX_TEXT, &text))
    return NULL;

  sender_ctx = ctx;
  sender_ctx.prefix = "sender.";
  if (!_oc_field_enum (&sender_ctx, sender, "role", OC_FIELD_REQUIRED, OC_TYPE_SENDER, &role) ||
      !_oc_field_string (&sender_ctx, sender, "name", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &sender_name))
    return NULL;

  return oc_message_new (seq, at, role, sender_name, kind, text);
}
