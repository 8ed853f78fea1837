// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-protocol"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "oc-conversation-private.h"
#include "oc-json-private.h"
#include "oc-protocol.h"
#include "oc-protocol-private.h"

/* Reading the protocol into our types, over our JSON reader's values: the
 * field readers, the object readers, then the public parsers in the order of
 * oc-protocol.h. */

#define ID_BUF (OC_PROTOCOL_MAX_ID_BYTES + 1)

/* Each field reader names the field as "<kind>.<field>" in its error, and
 * appends a warning naming the object when it cuts a string or drops extras.
 * It returns FALSE (with ctx->error set) on a bad value; an absent or null
 * optional field leaves *out alone and sets *present (when given) to FALSE. */
typedef struct {
  const char *kind;       /* "conversation", "agent", … */
  const char *prefix;     /* NULL, or a nested path such as "skills[3]." */
  const char *id;         /* NUL-terminated once the id is read, for warnings */
  GPtrArray  *warnings;   /* may be NULL */
  GError    **error;
} OcFieldCtx;

typedef enum {
  OC_FIELD_OPTIONAL,
  OC_FIELD_REQUIRED,
} OcFieldNeed;

static gboolean
field_fail (OcFieldCtx *ctx,
            const char *field,
            int         code,
            const char *what)
{
  /* Translators: "conversation.wait_seconds: out of range" */
  g_set_error (ctx->error, OC_PROTOCOL_ERROR, code, _("%s.%s%s: %s"),
               ctx->kind, ctx->prefix != NULL ? ctx->prefix : "", field, what);
  return FALSE;
}

static void
field_warn_cut (OcFieldCtx *ctx,
                const char *field,
                guint       limit)
{
  if (ctx->warnings == NULL)
    return;

  /* Translators: "conversation c-42: subject cut to 1024 characters" */
  g_ptr_array_add (ctx->warnings,
                   g_strdup_printf (_("%s %s: %s%s cut to %u characters"),
                                    ctx->kind, ctx->id != NULL ? ctx->id : "?",
                                    ctx->prefix != NULL ? ctx->prefix : "", field, limit));
}

/* The member, or NULL when it is missing or null. */
static const OcJsonValue *
lookup (const OcJsonValue *object,
        const char        *field)
{
  const OcJsonValue *v = _oc_json_object_get (object, field);

  return v != NULL && v->type != OC_JSON_NULL ? v : NULL;
}

static gboolean
need_value (OcFieldCtx         *ctx,
            const OcJsonValue  *object,
            const char         *field,
            OcFieldNeed         need,
            const OcJsonValue **out)
{
  *out = lookup (object, field);
  if (*out == NULL && need == OC_FIELD_REQUIRED)
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_MISSING_FIELD, _("missing"));
  return TRUE;
}

static gboolean
field_container (OcFieldCtx         *ctx,
                 const OcJsonValue  *object,
                 const char         *field,
                 OcFieldNeed         need,
                 OcJsonType          type,
                 const OcJsonValue **out)
{
  const OcJsonValue *v;

  *out = NULL;
  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (v->type != type)
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE,
                       type == OC_JSON_OBJECT ? _("expected an object") : _("expected an array"));
  *out = v;
  return TRUE;
}

static gboolean
field_object (OcFieldCtx         *ctx,
              const OcJsonValue  *object,
              const char         *field,
              OcFieldNeed         need,
              const OcJsonValue **out)
{
  return field_container (ctx, object, field, need, OC_JSON_OBJECT, out);
}

static gboolean
field_array (OcFieldCtx         *ctx,
             const OcJsonValue  *object,
             const char         *field,
             OcFieldNeed         need,
             const OcJsonValue **out)
{
  return field_container (ctx, object, field, need, OC_JSON_ARRAY, out);
}

/* An id is copied into @buf (ID_BUF bytes). */
static gboolean
value_id (OcFieldCtx        *ctx,
          const OcJsonValue *value,
          const char        *field,
          char              *buf)
{
  if (value->type != OC_JSON_STRING)
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a string"));
  if (!_oc_protocol_is_valid_id_n (value->u.s, value->len))
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_INVALID_ID,
                       _("invalid id (1 to 128 bytes of A-Z a-z 0-9 . _ : -)"));
  memcpy (buf, value->u.s, value->len);
  buf[value->len] = '\0';
  return TRUE;
}

static gboolean
field_id (OcFieldCtx        *ctx,
          const OcJsonValue *object,
          const char        *field,
          OcFieldNeed        need,
          char              *buf,
          gboolean          *present)
{
  const OcJsonValue *v;

  if (present != NULL)
    *present = FALSE;
  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (!value_id (ctx, v, field, buf))
    return FALSE;
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

/* Bytes of the first @limit characters of valid UTF-8 @s. */
static gsize
utf8_prefix_bytes (const char *s,
                   gsize       len,
                   guint       limit)
{
  gsize i = 0;

  for (guint chars = 0; chars < limit && i < len; chars++)
    i += g_utf8_skip[(guchar) s[i]];
  return MIN (i, len);
}

/* A newly allocated string cut to @limit characters (0: no limit). */
static gboolean
value_string (OcFieldCtx        *ctx,
              const OcJsonValue *value,
              const char        *field,
              guint              limit,
              char             **out)
{
  gsize len;

  if (value->type != OC_JSON_STRING)
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a string"));
  if (memchr (value->u.s, '\0', value->len) != NULL)
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_MALFORMED, _("contains a NUL character"));

  len = value->len;
  /* A string of at most @limit bytes has at most @limit characters. */
  if (limit > 0 && len > limit)
    {
      gsize cut = utf8_prefix_bytes (value->u.s, len, limit);

      if (cut < len)
        {
          len = cut;
          field_warn_cut (ctx, field, limit);
        }
    }

  *out = g_strndup (value->u.s, len);
  return TRUE;
}

static gboolean
field_string (OcFieldCtx        *ctx,
              const OcJsonValue *object,
              const char        *field,
              OcFieldNeed        need,
              guint              limit,
              char             **out)
{
  const OcJsonValue *v;

  *out = NULL;
  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;
  return value_string (ctx, v, field, limit, out);
}

static gboolean
field_int (OcFieldCtx        *ctx,
           const OcJsonValue *object,
           const char        *field,
           OcFieldNeed        need,
           gint64             min,
           gint64             max,
           gint64            *out)
{
  const OcJsonValue *v;
  gint64 value;

  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;

  if (v->type == OC_JSON_INT)
    value = v->u.i;
  else if (v->type == OC_JSON_DOUBLE)
    {
      double d = v->u.d;

      /* 1e3 is a whole number; 1.5, 1e400 and NaN are not integers we take. */
      if (!isfinite (d) || d != floor (d))
        return field_fail (ctx, field, OC_PROTOCOL_ERROR_OUT_OF_RANGE,
                           _("out of range (not a whole number)"));
      if (d < (double) min || d > (double) max)
        return field_fail (ctx, field, OC_PROTOCOL_ERROR_OUT_OF_RANGE, _("out of range"));
      value = (gint64) d;
    }
  else
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected an integer"));

  if (value < min || value > max)
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_OUT_OF_RANGE, _("out of range"));

  *out = value;
  return TRUE;
}

static gboolean
field_time (OcFieldCtx        *ctx,
            const OcJsonValue *object,
            const char        *field,
            OcFieldNeed        need,
            gint64            *out,
            gboolean          *present)
{
  const OcJsonValue *v;

  if (present != NULL)
    *present = FALSE;
  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (v->type != OC_JSON_STRING)
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a time string"));
  if (!_oc_protocol_parse_time_n (v->u.s, v->len, OC_PROTOCOL_TIME_RFC3339, out))
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_INVALID_TIME,
                       _("invalid time (expected RFC 3339 such as 2026-11-25T17:32:20Z)"));
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

static int
enum_lookup (GType       enum_type,
             const char *nick,
             gsize       len)
{
  GEnumClass *klass = g_type_class_peek (enum_type);
  GEnumValue *value;
  char buf[64];

  /* Enum classes stay referenced for the life of the process. */
  if (klass == NULL)
    klass = g_type_class_ref (enum_type);

  if (len >= sizeof buf)
    return 0;
  memcpy (buf, nick, len);
  buf[len] = '\0';

  value = g_enum_get_value_by_nick (klass, buf);
  return value != NULL ? value->value : 0;
}

static gboolean
field_enum (OcFieldCtx        *ctx,
            const OcJsonValue *object,
            const char        *field,
            OcFieldNeed        need,
            GType              enum_type,
            int               *out)
{
  const OcJsonValue *v;

  if (!need_value (ctx, object, field, need, &v))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (v->type != OC_JSON_STRING)
    return field_fail (ctx, field, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a string"));

  /* A value this version does not know is "unknown", never an error. */
  *out = enum_lookup (enum_type, v->u.s, v->len);
  return TRUE;
}

/* @code: WRONG_TYPE for an object inside a message; MALFORMED for the top
 * level, since a message that is not an object is not one of ours at all. */
static gboolean
expect_object (OcFieldCtx        *ctx,
               const OcJsonValue *v,
               OcProtocolError    code)
{
  if (v->type == OC_JSON_OBJECT)
    return TRUE;

  g_set_error (ctx->error, OC_PROTOCOL_ERROR, code, _("%s: expected an object"), ctx->kind);
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
      if (!value_string (ctx, item, path, OC_PROTOCOL_MAX_NAME, &name))
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

static OcConversation *
read_conversation (const OcJsonValue  *v,
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
  const OcJsonValue *skills_v, *flag_v;
  g_autofree char *flag_reason = NULL;
  g_autofree char *flag_lowered_by = NULL;

  if (!expect_object (&ctx, v, OC_PROTOCOL_ERROR_WRONG_TYPE) ||
      !field_id (&ctx, v, "id", OC_FIELD_REQUIRED, id, NULL))
    return NULL;
  ctx.id = id;

  if (!field_int (&ctx, v, "revision", OC_FIELD_OPTIONAL, 0, OC_PROTOCOL_MAX_REVISION, &f.revision) ||
      !field_string (&ctx, v, "subject", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_SUBJECT, &subject) ||
      !field_enum (&ctx, v, "status", OC_FIELD_REQUIRED, OC_TYPE_STATUS, &status) ||
      !field_enum (&ctx, v, "channel", OC_FIELD_REQUIRED, OC_TYPE_CHANNEL, &channel) ||
      !field_string (&ctx, v, "sub_channel", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &sub_channel) ||
      !field_id (&ctx, v, "queue_id", OC_FIELD_REQUIRED, queue_id, NULL) ||
      !field_id (&ctx, v, "workstream_id", OC_FIELD_REQUIRED, workstream_id, NULL) ||
      !field_id (&ctx, v, "agent_id", OC_FIELD_OPTIONAL, agent_id, &has_agent) ||
      !field_string (&ctx, v, "customer_name", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &customer_name) ||
      !field_time (&ctx, v, "created_at", OC_FIELD_REQUIRED, &f.created_at, NULL) ||
      !field_time (&ctx, v, "status_since", OC_FIELD_OPTIONAL, &f.status_since, &has_status_since) ||
      !field_time (&ctx, v, "first_assigned_at", OC_FIELD_OPTIONAL, &f.first_assigned_at, NULL) ||
      !field_int (&ctx, v, "wait_seconds", OC_FIELD_OPTIONAL, 0, OC_PROTOCOL_MAX_SECONDS, &f.wait_seconds) ||
      !field_time (&ctx, v, "waiting_since", OC_FIELD_OPTIONAL, &f.waiting_since, NULL) ||
      !field_enum (&ctx, v, "sentiment", OC_FIELD_OPTIONAL, OC_TYPE_SENTIMENT, &sentiment) ||
      !field_array (&ctx, v, "skills", OC_FIELD_OPTIONAL, &skills_v) ||
      !field_object (&ctx, v, "flag", OC_FIELD_OPTIONAL, &flag_v))
    return NULL;

  if (skills_v != NULL && !read_name_list (&ctx, skills_v, "skills", &skills))
    return NULL;

  if (flag_v != NULL)
    {
      OcFieldCtx flag_ctx = ctx;

      flag_ctx.prefix = "flag.";
      if (!field_string (&flag_ctx, flag_v, "reason", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_SUBJECT, &flag_reason) ||
          !field_time (&flag_ctx, flag_v, "raised_at", OC_FIELD_REQUIRED, &f.flag_raised_at, NULL) ||
          !field_time (&flag_ctx, flag_v, "lowered_at", OC_FIELD_OPTIONAL, &f.flag_lowered_at, NULL) ||
          !field_string (&flag_ctx, flag_v, "lowered_by", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &flag_lowered_by))
        return NULL;
    }

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
  f.flag_reason = g_steal_pointer (&flag_reason);
  f.flag_lowered_by = flag_lowered_by;
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
          return field_fail (ctx, prefix, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected an object"));
        }
      if (!field_string (&sub, item, "name", OC_FIELD_REQUIRED, OC_PROTOCOL_MAX_NAME, &name) ||
          !field_int (&sub, item, "level", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_SKILL_LEVEL, &level))
        return FALSE;

      g_ptr_array_add (names, (gpointer) intern_n (name, strlen (name)));
      level_u = (guint) level;
      g_array_append_val (levels, level_u);
    }

  if (array->len > n)
    warn_dropped (ctx, "skills", array->len - n, OC_PROTOCOL_MAX_SKILLS);
  return TRUE;
}

static OcAgent *
read_agent (const OcJsonValue  *v,
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
  gint64 presence_since = 0;
  int presence = 0;
  OcAgent *agent;

  if (!expect_object (&ctx, v, OC_PROTOCOL_ERROR_WRONG_TYPE) ||
      !field_id (&ctx, v, "id", OC_FIELD_REQUIRED, id, NULL))
    return NULL;
  ctx.id = id;

  if (!field_string (&ctx, v, "name", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &name) ||
      !field_enum (&ctx, v, "presence", OC_FIELD_REQUIRED, OC_TYPE_PRESENCE, &presence) ||
      !field_string (&ctx, v, "presence_text", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &presence_text) ||
      !field_time (&ctx, v, "presence_since", OC_FIELD_OPTIONAL, &presence_since, NULL) ||
      !field_object (&ctx, v, "capacity", OC_FIELD_REQUIRED, &capacity) ||
      !field_array (&ctx, v, "skills", OC_FIELD_OPTIONAL, &skills_v) ||
      !field_array (&ctx, v, "queue_ids", OC_FIELD_OPTIONAL, &queues_v))
    return NULL;

  cap_ctx = ctx;
  cap_ctx.prefix = "capacity.";
  if (!field_int (&cap_ctx, capacity, "used", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_CAPACITY, &used) ||
      !field_int (&cap_ctx, capacity, "total", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_CAPACITY, &total))
    return NULL;

  if (skills_v != NULL && !read_agent_skills (&ctx, skills_v, skill_names, skill_levels))
    return NULL;
  g_ptr_array_add (skill_names, NULL);

  for (guint i = 0; queues_v != NULL && i < queues_v->len; i++)
    {
      char path[32];
      char queue_id[ID_BUF];

      g_snprintf (path, sizeof path, "queue_ids[%u]", i);
      if (!value_id (&ctx, &queues_v->u.items[i], path, queue_id))
        return NULL;
      g_ptr_array_add (queue_ids, (gpointer) g_intern_string (queue_id));
    }
  g_ptr_array_add (queue_ids, NULL);

  agent = oc_agent_new (id);
  oc_agent_set_name (agent, name);
  oc_agent_set_presence (agent, presence);
  oc_agent_set_presence_text (agent, presence_text);
  oc_agent_set_presence_since (agent, presence_since);
  oc_agent_set_capacity_total (agent, (guint) total);
  oc_agent_set_capacity_used (agent, (guint) used);
  oc_agent_set_skills (agent, (const char * const *) skill_names->pdata,
                       (const guint *) (gpointer) skill_levels->data);
  oc_agent_set_queue_ids (agent, (const char * const *) queue_ids->pdata);
  return agent;
}

static OcQueue *
read_queue (const OcJsonValue  *v,
            GPtrArray          *warnings,
            GError            **error)
{
  OcFieldCtx ctx = { "queue", NULL, NULL, warnings, error };
  char id[ID_BUF], workstream_id[ID_BUF];
  g_autofree char *name = NULL;
  OcQueue *queue;

  if (!expect_object (&ctx, v, OC_PROTOCOL_ERROR_WRONG_TYPE) ||
      !field_id (&ctx, v, "id", OC_FIELD_REQUIRED, id, NULL))
    return NULL;
  ctx.id = id;

  if (!field_string (&ctx, v, "name", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &name) ||
      !field_id (&ctx, v, "workstream_id", OC_FIELD_REQUIRED, workstream_id, NULL))
    return NULL;

  queue = oc_queue_new (id);
  oc_queue_set_name (queue, name);
  oc_queue_set_workstream_id (queue, workstream_id);
  return queue;
}

static OcWorkstream *
read_workstream (const OcJsonValue  *v,
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

  if (!expect_object (&ctx, v, OC_PROTOCOL_ERROR_WRONG_TYPE) ||
      !field_id (&ctx, v, "id", OC_FIELD_REQUIRED, id, NULL))
    return NULL;
  ctx.id = id;

  if (!field_string (&ctx, v, "name", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &name) ||
      !field_enum (&ctx, v, "channel", OC_FIELD_REQUIRED, OC_TYPE_CHANNEL, &channel) ||
      !field_array (&ctx, v, "allowed_presences", OC_FIELD_OPTIONAL, &allowed))
    return NULL;

  for (guint i = 0; allowed != NULL && i < allowed->len; i++)
    {
      const OcJsonValue *item = &allowed->u.items[i];
      int presence;

      if (item->type != OC_JSON_STRING)
        {
          char path[48];

          g_snprintf (path, sizeof path, "allowed_presences[%u]", i);
          field_fail (&ctx, path, OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a string"));
          return NULL;
        }
      /* Unknown presences map to "unknown", which no mask lets through. */
      presence = enum_lookup (OC_TYPE_PRESENCE, item->u.s, item->len);
      if (presence > 0 && presence < 32)
        mask |= OC_PRESENCE_BIT (presence);
    }

  ws = oc_workstream_new (id);
  oc_workstream_set_name (ws, name);
  oc_workstream_set_channel (ws, channel);
  oc_workstream_set_allowed_presences (ws, mask);
  return ws;
}

static OcMessage *
read_message (const OcJsonValue  *v,
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

  if (!expect_object (&ctx, v, OC_PROTOCOL_ERROR_WRONG_TYPE) ||
      !field_int (&ctx, v, "seq", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_REVISION, &seq))
    return NULL;
  g_snprintf (seq_text, sizeof seq_text, "%" G_GINT64_FORMAT, seq);
  ctx.id = seq_text;

  if (!field_time (&ctx, v, "at", OC_FIELD_REQUIRED, &at, NULL) ||
      !field_object (&ctx, v, "sender", OC_FIELD_REQUIRED, &sender) ||
      !field_enum (&ctx, v, "kind", OC_FIELD_REQUIRED, OC_TYPE_MESSAGE_KIND, &kind) ||
      !field_string (&ctx, v, "text", OC_FIELD_REQUIRED, OC_PROTOCOL_MAX_TEXT, &text))
    return NULL;

  sender_ctx = ctx;
  sender_ctx.prefix = "sender.";
  if (!field_enum (&sender_ctx, sender, "role", OC_FIELD_REQUIRED, OC_TYPE_SENDER, &role) ||
      !field_string (&sender_ctx, sender, "name", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &sender_name))
    return NULL;

  return oc_message_new (seq, at, role, sender_name, kind, text);
}

static OcAuditEntry *
read_audit_entry (const OcJsonValue  *v,
                  GPtrArray          *warnings,
                  GError            **error)
{
  OcFieldCtx ctx = { "audit_entry", NULL, NULL, warnings, error };
  char conversation_id[ID_BUF], agent_id[ID_BUF], queue_id[ID_BUF];
  g_autofree char *user = NULL;
  g_autofree char *code = NULL;
  g_autofree char *reason = NULL;
  gboolean has_agent, has_queue;
  gint64 seq = 0, at = 0;
  int action = 0, outcome = 0;
  char seq_text[32];

  if (!expect_object (&ctx, v, OC_PROTOCOL_ERROR_WRONG_TYPE) ||
      !field_int (&ctx, v, "seq", OC_FIELD_REQUIRED, 1, OC_PROTOCOL_MAX_REVISION, &seq))
    return NULL;
  g_snprintf (seq_text, sizeof seq_text, "%" G_GINT64_FORMAT, seq);
  ctx.id = seq_text;

  if (!field_time (&ctx, v, "at", OC_FIELD_REQUIRED, &at, NULL) ||
      !field_string (&ctx, v, "user", OC_FIELD_REQUIRED, OC_PROTOCOL_MAX_NAME, &user) ||
      !field_enum (&ctx, v, "action", OC_FIELD_REQUIRED, OC_TYPE_AUDIT_ACTION, &action) ||
      !field_id (&ctx, v, "conversation_id", OC_FIELD_REQUIRED, conversation_id, NULL) ||
      !field_enum (&ctx, v, "outcome", OC_FIELD_REQUIRED, OC_TYPE_AUDIT_OUTCOME, &outcome) ||
      !field_string (&ctx, v, "code", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &code) ||
      !field_string (&ctx, v, "reason", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_SUBJECT, &reason) ||
      !field_id (&ctx, v, "agent_id", OC_FIELD_OPTIONAL, agent_id, &has_agent) ||
      !field_id (&ctx, v, "queue_id", OC_FIELD_OPTIONAL, queue_id, &has_queue))
    return NULL;

  return oc_audit_entry_new_full (seq, at, user, action, conversation_id, outcome, code, reason,
                                  has_agent ? agent_id : NULL, has_queue ? queue_id : NULL);
}

/* Who watches a conversation: a list of {user, monitoring, joined}. A
 * watcher without a user is dropped, the rest of the list stands. */
static gboolean
read_watchers (OcFieldCtx        *ctx,
               const OcJsonValue *root,
               GPtrArray        **out)
{
  g_autoptr(GPtrArray) watchers = g_ptr_array_new_with_free_func (g_object_unref);
  const OcJsonValue *list;

  if (!field_array (ctx, root, "watchers", OC_FIELD_REQUIRED, &list))
    return FALSE;
  /* One conversation has a few watchers; a list of thousands is hostile. */
  if (list->len > 1024)
    return field_fail (ctx, "watchers", OC_PROTOCOL_ERROR_TOO_LARGE, _("more than 1024"));

  for (guint32 i = 0; i < list->len; i++)
    {
      const OcJsonValue *item = &list->u.items[i];
      const OcJsonValue *monitoring, *joined;
      OcFieldCtx item_ctx = *ctx;
      g_autofree char *user = NULL;

      item_ctx.prefix = "watchers.";
      item_ctx.error = NULL;
      if (item->type != OC_JSON_OBJECT ||
          !field_string (&item_ctx, item, "user", OC_FIELD_REQUIRED, OC_PROTOCOL_MAX_NAME, &user))
        continue;
      monitoring = lookup (item, "monitoring");
      joined = lookup (item, "joined");
      g_ptr_array_add (watchers, oc_watcher_new (user,
                                                 monitoring != NULL && monitoring->type == OC_JSON_BOOL && monitoring->u.b,
                                                 joined != NULL && joined->type == OC_JSON_BOOL && joined->u.b));
    }

  *out = g_steal_pointer (&watchers);
  return TRUE;
}

static const struct {
  const char  *name;
  OcEventType  type;
} event_types[] = {
  { "hello", OC_EVENT_HELLO },
  { "conversation.upsert", OC_EVENT_CONVERSATION_UPSERT },
  { "conversation.removed", OC_EVENT_CONVERSATION_REMOVED },
  { "agent.upsert", OC_EVENT_AGENT_UPSERT },
  { "queue.upsert", OC_EVENT_QUEUE_UPSERT },
  { "workstream.upsert", OC_EVENT_WORKSTREAM_UPSERT },
  { "resync-required", OC_EVENT_RESYNC_REQUIRED },
  { "ping", OC_EVENT_PING },
  { "audit.entry", OC_EVENT_AUDIT_ENTRY },
  { "conversation.presence", OC_EVENT_CONVERSATION_PRESENCE },
  { "message", OC_EVENT_MESSAGE },
  { "history-end", OC_EVENT_HISTORY_END },
  { "ended", OC_EVENT_ENDED },
};

static gboolean
read_event_body (OcEvent           *event,
                 const OcJsonValue *root,
                 OcFieldCtx        *ctx)
{
  const OcJsonValue *object = NULL;
  gint64 ping_interval = 0;
  GPtrArray *warnings = ctx->warnings;
  GError **error = ctx->error;
  /* Change events and the others of the events socket carry a revision; the
   * transcript socket's do not. */
  OcFieldNeed revision_need = event->type >= OC_EVENT_MESSAGE ? OC_FIELD_OPTIONAL : OC_FIELD_REQUIRED;

  if (!field_int (ctx, root, "revision", revision_need, 0, OC_PROTOCOL_MAX_REVISION, &event->revision))
    return FALSE;

  switch (event->type)
    {
    case OC_EVENT_HELLO:
      if (!field_time (ctx, root, "server_time", OC_FIELD_REQUIRED, &event->server_time, NULL) ||
          !field_int (ctx, root, "ping_interval", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_SECONDS, &ping_interval))
        return FALSE;
      event->ping_interval = (guint) ping_interval;
      return TRUE;

    case OC_EVENT_PING:
      return field_time (ctx, root, "server_time", OC_FIELD_REQUIRED, &event->server_time, NULL);

    case OC_EVENT_CONVERSATION_UPSERT:
      return field_object (ctx, root, "conversation", OC_FIELD_REQUIRED, &object) &&
             (event->conversation = read_conversation (object, warnings, error)) != NULL;

    case OC_EVENT_AGENT_UPSERT:
      return field_object (ctx, root, "agent", OC_FIELD_REQUIRED, &object) &&
             (event->agent = read_agent (object, warnings, error)) != NULL;

    case OC_EVENT_QUEUE_UPSERT:
      return field_object (ctx, root, "queue", OC_FIELD_REQUIRED, &object) &&
             (event->queue = read_queue (object, warnings, error)) != NULL;

    case OC_EVENT_WORKSTREAM_UPSERT:
      return field_object (ctx, root, "workstream", OC_FIELD_REQUIRED, &object) &&
             (event->workstream = read_workstream (object, warnings, error)) != NULL;

    case OC_EVENT_MESSAGE:
      return field_object (ctx, root, "message", OC_FIELD_REQUIRED, &object) &&
             (event->message = read_message (object, warnings, error)) != NULL;

    case OC_EVENT_CONVERSATION_PRESENCE:
      {
        char id[ID_BUF];

        if (!field_id (ctx, root, "conversation_id", OC_FIELD_REQUIRED, id, NULL))
          return FALSE;
        event->id = g_strdup (id);
        return read_watchers (ctx, root, &event->watchers);
      }

    case OC_EVENT_AUDIT_ENTRY:
      return field_object (ctx, root, "entry", OC_FIELD_REQUIRED, &object) &&
             (event->audit_entry = read_audit_entry (object, warnings, error)) != NULL;

    case OC_EVENT_CONVERSATION_REMOVED:
      {
        char id[ID_BUF];

        if (!field_id (ctx, root, "id", OC_FIELD_REQUIRED, id, NULL))
          return FALSE;
        event->id = g_strdup (id);
        return field_string (ctx, root, "reason", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &event->reason);
      }

    case OC_EVENT_RESYNC_REQUIRED:
    case OC_EVENT_ENDED:
      return field_string (ctx, root, "reason", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_NAME, &event->reason);

    case OC_EVENT_HISTORY_END:
      return field_int (ctx, root, "last_seq", OC_FIELD_OPTIONAL, 0, OC_PROTOCOL_MAX_REVISION, &event->last_seq);

    case OC_EVENT_UNKNOWN:
    default:
      return TRUE;
    }
}

/**
 * oc_protocol_parse_json:
 * @data: (array length=length) (nullable): bytes, not necessarily
 *   NUL-terminated
 * @length: the number of bytes at @data
 * @max_length: the size limit for this kind of message
 * @error: return location for a #GError, or %NULL
 *
 * Reads @data as one JSON value with our strict reader (size, UTF-8, nesting
 * depth and RFC 8259 syntax, with the same errors as the other parsers) and
 * gives its json-glib tree, for readers that walk JsonObjects (Dataverse
 * rows, request bodies, action answers). json-glib's own parser never sees
 * @data: it takes more than JSON (single quotes, `01`, comments, `var x =`)
 * and recurses once per level.
 *
 * Errors: %OC_PROTOCOL_ERROR_TOO_LARGE over @max_length,
 * %OC_PROTOCOL_ERROR_TOO_DEEP over %OC_PROTOCOL_MAX_DEPTH levels,
 * %OC_PROTOCOL_ERROR_INVALID_UTF8, or %OC_PROTOCOL_ERROR_MALFORMED.
 *
 * Returns: (transfer full): the root node, sealed (immutable), or %NULL with
 *   @error set
 */
JsonNode *
oc_protocol_parse_json (const char  *data,
                        gsize        length,
                        gsize        max_length,
                        GError     **error)
{
  g_autoptr(OcJsonDoc) doc = _oc_json_doc_parse (data, length, max_length, error);

  if (doc == NULL)
    return NULL;
  return _oc_json_value_to_node (_oc_json_doc_root (doc));
}

/* One object, as the server's state keeps them. */
#define DEFINE_OBJECT_PARSER(Type, name)                                     \
Type *                                                                       \
oc_protocol_parse_##name (const char  *data,                                 \
                          gsize        length,                               \
                          gsize        max_length,                           \
                          GPtrArray   *warnings,                             \
                          GError     **error)                                \
{                                                                            \
  g_autoptr(OcJsonDoc) doc = _oc_json_doc_parse (data, length, max_length, error); \
                                                                             \
  if (doc == NULL)                                                           \
    return NULL;                                                             \
  return read_##name (_oc_json_doc_root (doc), warnings, error);             \
}

/**
 * oc_protocol_parse_conversation:
 * @data: (array length=length) (nullable): one conversation object as JSON,
 *   not necessarily NUL-terminated
 * @length: the number of bytes at @data
 * @max_length: the size limit (%G_MAXSIZE for none)
 * @warnings: (element-type utf8) (nullable): where to append a note for a
 *   person about each string cut or extra dropped
 * @error: return location for a #GError, or %NULL
 *
 * Reads a conversation as docs/protocol.md gives it. An unknown enumeration
 * value reads as `unknown`; unknown fields are ignored.
 *
 * Errors: those of oc_protocol_parse_json(), then
 * %OC_PROTOCOL_ERROR_WRONG_TYPE, %OC_PROTOCOL_ERROR_MISSING_FIELD,
 * %OC_PROTOCOL_ERROR_OUT_OF_RANGE, %OC_PROTOCOL_ERROR_INVALID_ID or
 * %OC_PROTOCOL_ERROR_INVALID_TIME, naming the field (`conversation.status`).
 *
 * Returns: (transfer full): the conversation, or %NULL with @error set
 */
DEFINE_OBJECT_PARSER (OcConversation, conversation)

/**
 * oc_protocol_parse_agent:
 * @data: (array length=length) (nullable): one agent object as JSON
 * @length: the number of bytes at @data
 * @max_length: the size limit (%G_MAXSIZE for none)
 * @warnings: (element-type utf8) (nullable): where to append notes
 * @error: return location for a #GError, or %NULL
 *
 * As oc_protocol_parse_conversation(), for an agent.
 *
 * Returns: (transfer full): the agent, or %NULL with @error set
 */
DEFINE_OBJECT_PARSER (OcAgent, agent)

/**
 * oc_protocol_parse_queue:
 * @data: (array length=length) (nullable): one queue object as JSON
 * @length: the number of bytes at @data
 * @max_length: the size limit (%G_MAXSIZE for none)
 * @warnings: (element-type utf8) (nullable): where to append notes
 * @error: return location for a #GError, or %NULL
 *
 * As oc_protocol_parse_conversation(), for a queue.
 *
 * Returns: (transfer full): the queue, or %NULL with @error set
 */
DEFINE_OBJECT_PARSER (OcQueue, queue)

/**
 * oc_protocol_parse_workstream:
 * @data: (array length=length) (nullable): one workstream object as JSON
 * @length: the number of bytes at @data
 * @max_length: the size limit (%G_MAXSIZE for none)
 * @warnings: (element-type utf8) (nullable): where to append notes
 * @error: return location for a #GError, or %NULL
 *
 * As oc_protocol_parse_conversation(), for a workstream. A presence this
 * version does not know is left out of the allowed ones.
 *
 * Returns: (transfer full): the workstream, or %NULL with @error set
 */
DEFINE_OBJECT_PARSER (OcWorkstream, workstream)

/**
 * oc_protocol_parse_message:
 * @data: (array length=length) (nullable): one transcript message as JSON
 * @length: the number of bytes at @data
 * @max_length: the size limit (%G_MAXSIZE for none)
 * @warnings: (element-type utf8) (nullable): where to append notes
 * @error: return location for a #GError, or %NULL
 *
 * As oc_protocol_parse_conversation(), for a message of a transcript.
 *
 * Returns: (transfer full): the message, or %NULL with @error set
 */
DEFINE_OBJECT_PARSER (OcMessage, message)

/**
 * oc_protocol_parse_audit_entry:
 * @data: (array length=length) (nullable): one audit entry as JSON
 * @length: the number of bytes at @data
 * @max_length: the size limit (%G_MAXSIZE for none)
 * @warnings: (element-type utf8) (nullable): where to append notes
 * @error: return location for a #GError, or %NULL
 *
 * As oc_protocol_parse_conversation(), for an entry of the audit log.
 *
 * Returns: (transfer full): the entry, or %NULL with @error set
 */
DEFINE_OBJECT_PARSER (OcAuditEntry, audit_entry)

/**
 * oc_protocol_parse_audit_page:
 * @data: (array length=length) (nullable): the body of `GET /api/v1/audit`
 * @length: the number of bytes at @data
 * @next_before: (out) (optional): the `before` that asks for the next page,
 *   0 when this was the last one
 * @warnings: (element-type utf8) (nullable): where to note each entry skipped
 * @error: return location for a #GError, or %NULL
 *
 * Reads one page of the audit log, newest entry first. An entry that does
 * not read is skipped with a warning; the page's own shape must be valid.
 *
 * Returns: (transfer full) (element-type OcAuditEntry): the entries, or
 *   %NULL with @error set
 */
GPtrArray *
oc_protocol_parse_audit_page (const char  *data,
                              gsize        length,
                              gint64      *next_before,
                              GPtrArray   *warnings,
                              GError     **error)
{
  g_autoptr(OcJsonDoc) doc = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  OcFieldCtx ctx = { "audit", NULL, NULL, warnings, error };
  const OcJsonValue *root, *list;
  gint64 next = 0;

  doc = _oc_json_doc_parse (data, length, OC_PROTOCOL_MAX_SNAPSHOT, error);
  if (doc == NULL)
    return NULL;
  root = _oc_json_doc_root (doc);
  if (!expect_object (&ctx, root, OC_PROTOCOL_ERROR_MALFORMED) ||
      !field_array (&ctx, root, "entries", OC_FIELD_REQUIRED, &list) ||
      !field_int (&ctx, root, "next_before", OC_FIELD_OPTIONAL, 0, OC_PROTOCOL_MAX_REVISION, &next))
    return NULL;

  for (guint32 i = 0; i < list->len; i++)
    {
      g_autoptr(GError) local = NULL;
      OcAuditEntry *entry = read_audit_entry (&list->u.items[i], warnings, &local);

      if (entry != NULL)
        g_ptr_array_add (entries, entry);
      else if (warnings != NULL)
        g_ptr_array_add (warnings, g_strdup (local->message));
    }

  if (next_before != NULL)
    *next_before = next;
  return g_steal_pointer (&entries);
}

typedef gpointer (*ReadFunc) (const OcJsonValue *v, GPtrArray *warnings, GError **error);

static const struct {
  const char *array;   /* member of the snapshot */
  const char *kind;    /* one item, in warnings */
  ReadFunc    read;
} snapshot_lists[] = {
  { "queues", "queue", (ReadFunc) read_queue },
  { "workstreams", "workstream", (ReadFunc) read_workstream },
  { "agents", "agent", (ReadFunc) read_agent },
  { "conversations", "conversation", (ReadFunc) read_conversation },
};

static const char * const snapshot_list_names[] = {
  "queues", "workstreams", "agents", "conversations", NULL
};

typedef struct {
  GPtrArray *lists[G_N_ELEMENTS (snapshot_lists)];
  GPtrArray *warnings;
  guint     *unreadable;   /* conversations skipped */
} SnapshotReader;

/* One item of a snapshot list, as the reader streams it: a bad one is
 * skipped with a warning naming it. */
static void
snapshot_item (const char        *array_name,
               guint              index,
               const OcJsonValue *item,
               gpointer           user_data)
{
  SnapshotReader *sr = user_data;
  g_autoptr(GError) error = NULL;
  const OcJsonValue *id;
  OcFieldCtx probe = { NULL, NULL, NULL, NULL, NULL };
  char id_buf[ID_BUF];
  char name[ID_BUF + 32];
  gpointer object;
  guint which = 0;

  while (strcmp (snapshot_lists[which].array, array_name) != 0)
    which++;

  /* A repeated member replaces the earlier one, as json-glib would. */
  if (index == 0)
    g_ptr_array_set_size (sr->lists[which], 0);

  object = snapshot_lists[which].read (item, sr->warnings, &error);
  if (object != NULL)
    {
      g_ptr_array_add (sr->lists[which], object);
      return;
    }

  /* Name it by id when it has a valid one; never echo hostile text. */
  probe.kind = snapshot_lists[which].kind;
  id = _oc_json_object_get (item, "id");
  if (id != NULL && value_id (&probe, id, "id", id_buf))
    g_snprintf (name, sizeof name, "%s “%s”", snapshot_lists[which].kind, id_buf);
  else
    g_snprintf (name, sizeof name, "%s[%u]", array_name, index);

  if (g_str_equal (array_name, "conversations"))
    (*sr->unreadable)++;
  /* Translators: "Skipped conversation “c-42”: conversation.status: missing" */
  g_ptr_array_add (sr->warnings, g_strdup_printf (_("Skipped %s: %s"), name, error->message));
}

/* One item at @span of @data, read on its own into @sr; FALSE (with a
 * warning naming it) when it is no JSON the reader takes. */
static gboolean
read_span (const char       *data,
           const OcJsonSpan *span,
           SnapshotReader   *sr)
{
  g_autoptr(OcJsonDoc) item = NULL;
  g_autoptr(GError) error = NULL;
  const char *array_name = snapshot_list_names[span->name];

  item = _oc_json_doc_parse (data + span->offset, span->length, OC_PROTOCOL_MAX_SNAPSHOT, &error);
  if (item != NULL)
    {
      snapshot_item (array_name, span->index, _oc_json_doc_root (item), sr);
      return TRUE;
    }
  if (g_str_equal (array_name, "conversations"))
    (*sr->unreadable)++;
  /* Translators: "Skipped conversations[12]: Invalid UTF-8 at offset 40" */
  g_ptr_array_add (sr->warnings, g_strdup_printf (_("Skipped %s[%u]: %s"), array_name,
                                                  span->index, error->message));
  return FALSE;
}

/* The slow way through a snapshot the reader refused: the structure is
 * followed without decoding, then the snapshot without its lists and each
 * item are read strictly on their own; an item that fails is skipped with a
 * warning. NULL when the structure itself is broken, or the rest is bad. */
static OcJsonDoc *
parse_snapshot_apart (const char     *data,
                      gsize           length,
                      SnapshotReader *sr,
                      GString        *skeleton)  /* the doc's text: keep it while the doc lives */
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (OcJsonSpan));
  OcJsonDoc *doc;
  guint skipped = 0;

  if (!_oc_json_split (data, length, snapshot_list_names, skeleton, spans) ||
      !(doc = _oc_json_doc_parse (skeleton->str, skeleton->len, OC_PROTOCOL_MAX_SNAPSHOT, NULL)))
    return NULL;

  for (guint i = 0; i < spans->len; i++)
    skipped += !read_span (data, &g_array_index (spans, OcJsonSpan, i), sr);

  g_debug ("Snapshot read item by item: %u of %u items could not be read", skipped, spans->len);
  return doc;
}

/* The snapshot's own fields at @root (its lists read apart): FALSE with
 * @error naming the field at fault. */
static gboolean
read_snapshot_root (const OcJsonValue *root,
                    OcSnapshot        *snapshot,
                    GError           **error)
{
  OcFieldCtx ctx = { "snapshot", NULL, NULL, snapshot->warnings, error };
  const OcJsonValue *list;

  if (!expect_object (&ctx, root, OC_PROTOCOL_ERROR_MALFORMED) ||
      !field_int (&ctx, root, "revision", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_REVISION, &snapshot->revision) ||
      !field_time (&ctx, root, "server_time", OC_FIELD_OPTIONAL, &snapshot->server_time, NULL))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (snapshot_lists); i++)
    if (!field_array (&ctx, root, snapshot_lists[i].array, OC_FIELD_REQUIRED, &list))
      return FALSE;
  return TRUE;
}

/**
 * oc_protocol_parse_snapshot:
 * @data: (array length=length) (nullable): the body, not necessarily
 *   NUL-terminated
 * @length: the number of bytes at @data
 * @error: return location for a #GError, or %NULL
 *
 * Reads the body of `GET /api/v1/snapshot` (at most
 * %OC_PROTOCOL_MAX_SNAPSHOT bytes), one list item at a time. One bad
 * conversation (agent, queue, workstream) is skipped and named in the
 * snapshot's warnings; only a wrong shape of the snapshot itself fails.
 *
 * Errors: those of oc_protocol_parse_json(), or those of
 * oc_protocol_parse_conversation() for `snapshot.revision`,
 * `snapshot.server_time` or a missing list.
 *
 * Returns: (transfer full): the snapshot, or %NULL with @error set
 */
OcSnapshot *
oc_protocol_parse_snapshot (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(OcJsonDoc) doc = NULL;
  g_autoptr(OcSnapshot) snapshot = oc_snapshot_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GString) skeleton = NULL;
  SnapshotReader sr;

  sr = (SnapshotReader) {
    { snapshot->queues, snapshot->workstreams, snapshot->agents, snapshot->conversations },
    snapshot->warnings,
    &snapshot->unreadable,
  };

  /* The lists are read item by item as they stream past; the tree keeps the
   * rest, checked below. */
  doc = _oc_json_doc_parse_streaming (data, length, OC_PROTOCOL_MAX_SNAPSHOT,
                                      snapshot_list_names, snapshot_item, &sr, &parse_error);
  if (doc == NULL &&
      !g_error_matches (parse_error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_LARGE))
    {
      /* One item the reader refuses as a whole (a cut emoji's lone
       * surrogate, bytes that are not UTF-8, nesting too deep in a field we
       * do not even read) must not cost the whole floor: read each item on
       * its own and skip only the bad ones. */
      for (guint i = 0; i < G_N_ELEMENTS (sr.lists); i++)
        g_ptr_array_set_size (sr.lists[i], 0);
      g_ptr_array_set_size (snapshot->warnings, 0);
      snapshot->unreadable = 0;
      skeleton = g_string_new (NULL);
      doc = parse_snapshot_apart (data, length, &sr, skeleton);
    }
  if (doc == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parse_error));
      return NULL;
    }
  if (!read_snapshot_root (_oc_json_doc_root (doc), snapshot, error))
    return NULL;

  return g_steal_pointer (&snapshot);
}

/* ------------------------------------------------------------------------ */
/* A snapshot a part at a time */

struct _OcSnapshotReader
{
  GBytes     *body;
  GArray     *spans;   /* OcJsonSpan: the conversations' items, in order */
  guint       next;    /* of spans, or of whole->conversations */
  /* Read in one go when the body could not be followed apart; its
   * conversations are handed out in parts all the same. */
  OcSnapshot *whole;
};

/**
 * oc_snapshot_reader_new:
 * @body: the body of `GET /api/v1/snapshot`
 * @head: (out) (transfer full): the snapshot without its conversations:
 *   the revision, the server time, the queues, work streams and agents,
 *   and the warnings about them
 * @error: return location for a #GError, or %NULL
 *
 * Follows the structure of the whole body (a quick scan without decoding)
 * and reads everything but the conversations, which
 * oc_snapshot_reader_read() then reads a part at a time. A body that
 * oc_protocol_parse_snapshot() refuses fails here, with the same error, so
 * no part of a bad snapshot is ever handed out; the conversations read are
 * the ones it reads, with the same warnings, in the same order.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
OcSnapshotReader *
oc_snapshot_reader_new (GBytes      *body,
                        OcSnapshot **head,
                        GError     **error)
{
  g_autoptr(OcSnapshotReader) self = g_new0 (OcSnapshotReader, 1);
  g_autoptr(OcSnapshot) snapshot = NULL;
  g_autoptr(GString) skeleton = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (OcJsonSpan));
  g_autoptr(OcJsonDoc) doc = NULL;
  SnapshotReader sr;
  const char *data;
  gsize length;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (head != NULL, NULL);

  self->body = g_bytes_ref (body);
  self->spans = g_array_new (FALSE, FALSE, sizeof (OcJsonSpan));
  data = g_bytes_get_data (body, &length);

  if (length > OC_PROTOCOL_MAX_SNAPSHOT ||
      !_oc_json_split (data, length, snapshot_list_names, skeleton, spans) ||
      !(doc = _oc_json_doc_parse (skeleton->str, skeleton->len, OC_PROTOCOL_MAX_SNAPSHOT, NULL)))
    {
      /* Whatever is wrong, the one-piece reader says it as it always did. */
      self->whole = oc_protocol_parse_snapshot (data, length, error);
      if (self->whole == NULL)
        return NULL;
      snapshot = oc_snapshot_new ();
      snapshot->revision = self->whole->revision;
      snapshot->server_time = self->whole->server_time;
#define TAKE(field) G_STMT_START { g_ptr_array_unref (snapshot->field); \
                                   snapshot->field = g_steal_pointer (&self->whole->field); } G_STMT_END
      TAKE (queues);
      TAKE (workstreams);
      TAKE (agents);
      TAKE (warnings);
#undef TAKE
      snapshot->unreadable = self->whole->unreadable;
      *head = g_steal_pointer (&snapshot);
      return g_steal_pointer (&self);
    }

  snapshot = oc_snapshot_new ();
  if (!read_snapshot_root (_oc_json_doc_root (doc), snapshot, error))
    return NULL;

  sr = (SnapshotReader) {
    { snapshot->queues, snapshot->workstreams, snapshot->agents, snapshot->conversations },
    snapshot->warnings,
    &snapshot->unreadable,
  };
  for (guint i = 0; i < spans->len; i++)
    {
      const OcJsonSpan *span = &g_array_index (spans, OcJsonSpan, i);

      if (g_str_equal (snapshot_list_names[span->name], "conversations"))
        g_array_append_val (self->spans, *span);
      else
        read_span (data, span, &sr);
    }

  *head = g_steal_pointer (&snapshot);
  return g_steal_pointer (&self);
}

/**
 * oc_snapshot_reader_get_n_conversations:
 *
 * Returns: how many conversations the snapshot lists, readable or not
 */
guint
oc_snapshot_reader_get_n_conversations (OcSnapshotReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->whole != NULL ? self->whole->conversations->len : self->spans->len;
}

/**
 * oc_snapshot_reader_read:
 * @max_items: how many of the snapshot's conversations to read at most
 * @chunk: where the conversations read go (appended to its
 *   conversations), with warnings about the ones skipped (its warnings, and
 *   its unreadable count)
 *
 * Reads the next conversations, in the snapshot's order.
 *
 * Returns: how many of the snapshot's conversations were read, readable or
 *   not; 0 once all were
 */
guint
oc_snapshot_reader_read (OcSnapshotReader *self,
                         guint             max_items,
                         OcSnapshot       *chunk)
{
  SnapshotReader sr = { { NULL, NULL, NULL, chunk->conversations }, chunk->warnings, &chunk->unreadable };
  const char *data;
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (chunk != NULL && chunk->conversations != NULL && chunk->warnings != NULL, 0);

  n = MIN (max_items, oc_snapshot_reader_get_n_conversations (self) - self->next);
  if (self->whole != NULL)
    {
      for (guint i = self->next; i < self->next + n; i++)
        g_ptr_array_add (chunk->conversations, g_steal_pointer (&self->whole->conversations->pdata[i]));
      self->next += n;
      return n;
    }

  data = g_bytes_get_data (self->body, NULL);
  for (guint i = self->next; i < self->next + n; i++)
    {
      const OcJsonSpan *span = &g_array_index (self->spans, OcJsonSpan, i);
      g_autoptr(GPtrArray) first = NULL;

      /* snapshot_item() starts its list afresh at the list's first item:
       * that is the snapshot's list, not what @chunk held before. */
      if (span->index == 0)
        sr.lists[3] = first = g_ptr_array_new_with_free_func (g_object_unref);
      read_span (data, span, &sr);
      if (first != NULL)
        {
          g_ptr_array_extend_and_steal (chunk->conversations, g_steal_pointer (&first));
          sr.lists[3] = chunk->conversations;
        }
    }
  self->next += n;
  return n;
}

void
oc_snapshot_reader_free (OcSnapshotReader *self)
{
  if (self == NULL)
    return;

  if (self->whole != NULL)
    {
      /* The conversations handed out left NULL behind. */
      GPtrArray *conversations = self->whole->conversations;

      for (guint i = 0; conversations != NULL && i < conversations->len; i++)
        g_clear_object ((OcConversation **) &conversations->pdata[i]);
      if (conversations != NULL)
        g_ptr_array_set_free_func (conversations, NULL);
      oc_snapshot_free (self->whole);
    }
  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

/**
 * oc_protocol_parse_event:
 * @data: (array length=length) (nullable): the message, not necessarily
 *   NUL-terminated
 * @length: the number of bytes at @data
 * @max_length: %OC_PROTOCOL_MAX_EVENT_FRAME or %OC_PROTOCOL_MAX_TRANSCRIPT_FRAME
 * @error: return location for a #GError, or %NULL
 *
 * Reads one WebSocket message of the events or the transcript socket. A type
 * this version does not know gives %OC_EVENT_UNKNOWN, to be ignored; notes
 * about cut strings go to the event's warnings.
 *
 * Errors: those of oc_protocol_parse_conversation(), the fields named
 * `event.type`, `event.revision`, … or by the object they carry.
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 */
OcEvent *
oc_protocol_parse_event (const char  *data,
                         gsize        length,
                         gsize        max_length,
                         GError     **error)
{
  g_autoptr(OcJsonDoc) doc = NULL;
  g_autoptr(OcEvent) event = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  OcFieldCtx ctx = { "event", NULL, NULL, warnings, error };
  const OcJsonValue *root, *type;

  doc = _oc_json_doc_parse (data, length, max_length, error);
  if (doc == NULL)
    return NULL;
  root = _oc_json_doc_root (doc);
  if (!expect_object (&ctx, root, OC_PROTOCOL_ERROR_MALFORMED))
    return NULL;

  type = _oc_json_object_get (root, "type");
  if (type == NULL || type->type == OC_JSON_NULL)
    {
      field_fail (&ctx, "type", OC_PROTOCOL_ERROR_MISSING_FIELD, _("missing"));
      return NULL;
    }
  if (type->type != OC_JSON_STRING)
    {
      field_fail (&ctx, "type", OC_PROTOCOL_ERROR_WRONG_TYPE, _("expected a string"));
      return NULL;
    }

  event = g_new0 (OcEvent, 1);
  event->type = OC_EVENT_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (event_types); i++)
    if (strlen (event_types[i].name) == type->len &&
        memcmp (event_types[i].name, type->u.s, type->len) == 0)
      event->type = event_types[i].type;

  if (event->type == OC_EVENT_UNKNOWN)
    {
      /* Not ours to judge: keep the revision when it reads well. */
      OcFieldCtx quiet = { "event", NULL, NULL, NULL, NULL };

      field_int (&quiet, root, "revision", OC_FIELD_OPTIONAL, 0, OC_PROTOCOL_MAX_REVISION, &event->revision);
      return g_steal_pointer (&event);
    }

  if (!read_event_body (event, root, &ctx))
    return NULL;

  if (warnings->len > 0)
    event->warnings = g_steal_pointer (&warnings);
  return g_steal_pointer (&event);
}

/**
 * oc_protocol_parse_error_body:
 * @data: (array length=length) (nullable): an HTTP answer's body
 * @length: the number of bytes at @data
 * @code: (out) (optional) (transfer full): the error code, such as
 *   `state-changed`
 * @message: (out) (optional) (transfer full) (nullable): the message for a
 *   person, when the body has one
 *
 * Reads the body of an answer that failed. Anything else (HTML from a proxy,
 * another shape) is not an error here: it gives %FALSE and leaves @code and
 * @message alone.
 *
 * Returns: %TRUE when @data is `{"error": {"code": …, "message": …}}`
 */
gboolean
oc_protocol_parse_error_body (const char  *data,
                              gsize        length,
                              char       **code,
                              char       **message)
{
  g_autoptr(OcJsonDoc) doc = NULL;
  OcFieldCtx ctx = { "error", NULL, NULL, NULL, NULL };
  const OcJsonValue *body;
  g_autofree char *code_s = NULL;
  g_autofree char *message_s = NULL;

  doc = _oc_json_doc_parse (data, length, OC_PROTOCOL_MAX_EVENT_FRAME, NULL);
  if (doc == NULL)
    return FALSE;

  if (_oc_json_doc_root (doc)->type != OC_JSON_OBJECT ||
      !field_object (&ctx, _oc_json_doc_root (doc), "error", OC_FIELD_REQUIRED, &body) ||
      !field_string (&ctx, body, "code", OC_FIELD_REQUIRED, OC_PROTOCOL_MAX_NAME, &code_s) ||
      !field_string (&ctx, body, "message", OC_FIELD_OPTIONAL, OC_PROTOCOL_MAX_SUBJECT, &message_s))
    return FALSE;

  if (code != NULL)
    *code = g_steal_pointer (&code_s);
  if (message != NULL)
    *message = g_steal_pointer (&message_s);
  return TRUE;
}

/**
 * oc_protocol_parse_me:
 * @data: (array length=length) (nullable): the body
 * @length: the number of bytes at @data
 * @user: (out) (optional) (transfer full): the user name
 * @role: (out) (optional): the role; `unknown` for a role we do not know
 * @error: return location for a #GError, or %NULL
 *
 * Reads the body of `GET /api/v1/me` (at most
 * %OC_PROTOCOL_MAX_REQUEST_BODY bytes).
 *
 * Errors: those of oc_protocol_parse_conversation(), for `me.user` and
 * `me.role`.
 *
 * Returns: %TRUE on success, with @user and @role set
 */
gboolean
oc_protocol_parse_me (const char  *data,
                      gsize        length,
                      char       **user,
                      OcRole      *role,
                      GError     **error)
{
  g_autoptr(OcJsonDoc) doc = NULL;
  OcFieldCtx ctx = { "me", NULL, NULL, NULL, error };
  const OcJsonValue *root;
  g_autofree char *user_s = NULL;
  int role_v = 0;

  doc = _oc_json_doc_parse (data, length, OC_PROTOCOL_MAX_REQUEST_BODY, error);
  if (doc == NULL)
    return FALSE;
  root = _oc_json_doc_root (doc);

  if (!expect_object (&ctx, root, OC_PROTOCOL_ERROR_MALFORMED) ||
      !field_string (&ctx, root, "user", OC_FIELD_REQUIRED, OC_PROTOCOL_MAX_NAME, &user_s) ||
      !field_enum (&ctx, root, "role", OC_FIELD_REQUIRED, OC_TYPE_ROLE, &role_v))
    return FALSE;

  if (user != NULL)
    *user = g_steal_pointer (&user_s);
  if (role != NULL)
    *role = role_v;
  return TRUE;
}
