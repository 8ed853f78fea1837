// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "oc-protocol.h"

/* Builders of wire objects from (name, value) pairs, so a case can drop one
 * field or replace its value (raw JSON). */

typedef struct {
  const char *name;
  const char *value;
} Field;

static const Field conversation_fields[] = {
  { "id", "\"c-000042\"" },
  { "revision", "1207" },
  { "subject", "\"Refund for order #5521\"" },
  { "status", "\"active\"" },
  { "channel", "\"messaging\"" },
  { "sub_channel", "\"whatsapp\"" },
  { "queue_id", "\"q-billing\"" },
  { "workstream_id", "\"ws-messaging\"" },
  { "agent_id", "\"a-007\"" },
  { "customer_name", "\"Zoë Ødegård\"" },
  { "created_at", "\"2026-11-25T16:58:02Z\"" },
  { "status_since", "\"2026-11-25T17:01:40Z\"" },
  { "first_assigned_at", "\"2026-11-25T17:00:11Z\"" },
  { "wait_seconds", "129" },
  { "waiting_since", "null" },
  { "sentiment", "\"slightly-negative\"" },
  { "skills", "[\"billing\", \"spanish\"]" },
  { NULL, NULL }
};

static const Field agent_fields[] = {
  { "id", "\"a-007\"" },
  { "name", "\"أمينة الحسن\"" },
  { "presence", "\"available\"" },
  { "presence_text", "\"Available\"" },
  { "presence_since", "\"2026-11-25T17:02:00Z\"" },
  { "capacity", "{\"used\": 1, \"total\": 3}" },
  { "skills", "[{\"name\": \"billing\", \"level\": 7}, {\"name\": \"spanish\", \"level\": 4}]" },
  { "queue_ids", "[\"q-billing\", \"q-general\"]" },
  { NULL, NULL }
};

static const Field queue_fields[] = {
  { "id", "\"q-billing\"" },
  { "name", "\"Billing\"" },
  { "workstream_id", "\"ws-messaging\"" },
  { NULL, NULL }
};

static const Field workstream_fields[] = {
  { "id", "\"ws-messaging\"" },
  { "name", "\"Messaging\"" },
  { "channel", "\"messaging\"" },
  { "allowed_presences", "[\"available\", \"busy\"]" },
  { NULL, NULL }
};

static const Field message_fields[] = {
  { "seq", "12" },
  { "at", "\"2026-11-25T17:03:09Z\"" },
  { "sender", "{\"role\": \"customer\", \"name\": \"Zoë Ødegård\"}" },
  { "kind", "\"text\"" },
  { "text", "\"Hi, I was charged twice <b>again</b> & nobody answers.\"" },
  { NULL, NULL }
};

/* @skip: a field to leave out; @name/@value: a field to replace or add. */
static char *
object_json (const Field *fields,
             const char  *skip,
             const char  *name,
             const char  *value)
{
  GString *s = g_string_new ("{");
  gboolean replaced = FALSE;

  for (guint i = 0; fields[i].name != NULL; i++)
    {
      const char *v = fields[i].value;

      if (g_strcmp0 (fields[i].name, skip) == 0)
        continue;
      if (g_strcmp0 (fields[i].name, name) == 0)
        {
          v = value;
          replaced = TRUE;
        }
      if (s->len > 1)
        g_string_append (s, ", ");
      g_string_append_printf (s, "\"%s\": %s", fields[i].name, v);
    }
  if (name != NULL && !replaced)
    g_string_append_printf (s, "%s\"%s\": %s", s->len > 1 ? ", " : "", name, value);
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static char *
upsert_json (const char *type,
             const char *member,
             const char *object)
{
  return g_strdup_printf ("{\"type\": \"%s\", \"revision\": 1208, \"%s\": %s}", type, member, object);
}

static OcEvent *
parse_event (const char  *text,
             GError     **error)
{
  return oc_protocol_parse_event (text, strlen (text), OC_PROTOCOL_MAX_EVENT_FRAME, error);
}

static gint64
t (const char *text)
{
  gint64 value = -1;

  g_assert_true (oc_protocol_parse_time (text, OC_PROTOCOL_TIME_RFC3339, &value, NULL));
  return value;
}

static void
test_conversation_good (void)
{
  g_autofree char *json = object_json (conversation_fields, NULL, NULL, NULL);
  g_autofree char *event_json = upsert_json ("conversation.upsert", "conversation", json);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = parse_event (event_json, &error);
  OcConversation *c;

  g_assert_no_error (error);
  g_assert_cmpint (event->type, ==, OC_EVENT_CONVERSATION_UPSERT);
  g_assert_cmpint (event->revision, ==, 1208);
  g_assert_null (event->warnings);
  c = event->conversation;
  g_assert_cmpstr (oc_conversation_get_id (c), ==, "c-000042");
  g_assert_cmpint (oc_conversation_get_revision (c), ==, 1207);
  g_assert_cmpstr (oc_conversation_get_subject (c), ==, "Refund for order #5521");
  g_assert_cmpint (oc_conversation_get_status (c), ==, OC_STATUS_ACTIVE);
  g_assert_cmpint (oc_conversation_get_channel (c), ==, OC_CHANNEL_MESSAGING);
  g_assert_cmpstr (oc_conversation_get_sub_channel (c), ==, "whatsapp");
  g_assert_cmpstr (oc_conversation_get_queue_id (c), ==, "q-billing");
  g_assert_cmpstr (oc_conversation_get_workstream_id (c), ==, "ws-messaging");
  g_assert_cmpstr (oc_conversation_get_agent_id (c), ==, "a-007");
  g_assert_cmpstr (oc_conversation_get_customer_name (c), ==, "Zoë Ødegård");
  g_assert_cmpint (oc_conversation_get_created_at (c), ==, 1795625882);
  g_assert_cmpint (oc_conversation_get_status_since (c), ==, 1795625882 + 218);
  g_assert_cmpint (oc_conversation_get_first_assigned_at (c), ==, 1795625882 + 129);
  g_assert_cmpint (oc_conversation_get_wait_seconds (c), ==, 129);
  g_assert_cmpint (oc_conversation_get_waiting_since (c), ==, 0);
  g_assert_cmpint (oc_conversation_get_sentiment (c), ==, OC_SENTIMENT_SLIGHTLY_NEGATIVE);
  g_assert_cmpuint (g_strv_length ((char **) oc_conversation_get_skills (c)), ==, 2);
  g_assert_cmpstr (oc_conversation_get_skills (c)[1], ==, "spanish");
}

static void
test_conversation_defaults (void)
{
  const char *json =
    "{\"type\": \"conversation.upsert\", \"revision\": 9, \"conversation\": "
    "{\"id\": \"c-1\", \"status\": \"open\", \"channel\": \"chat\", \"queue_id\": \"q\","
    " \"workstream_id\": \"w\", \"created_at\": \"2026-11-25T16:58:02Z\", \"agent_id\": null}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = parse_event (json, &error);
  OcConversation *c;

  g_assert_no_error (error);
  c = event->conversation;
  g_assert_cmpint (oc_conversation_get_revision (c), ==, 0);
  g_assert_cmpstr (oc_conversation_get_subject (c), ==, "");
  g_assert_null (oc_conversation_get_sub_channel (c));
  g_assert_null (oc_conversation_get_agent_id (c));
  /* status_since defaults to created_at. */
  g_assert_cmpint (oc_conversation_get_status_since (c), ==, oc_conversation_get_created_at (c));
  g_assert_cmpint (oc_conversation_get_first_assigned_at (c), ==, 0);
  g_assert_cmpint (oc_conversation_get_sentiment (c), ==, OC_SENTIMENT_UNKNOWN);
  g_assert_null (oc_conversation_get_skills (c)[0]);
}

static void
test_agent_good (void)
{
  g_autofree char *json = object_json (agent_fields, NULL, NULL, NULL);
  g_autofree char *event_json = upsert_json ("agent.upsert", "agent", json);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = parse_event (event_json, &error);
  OcAgent *a;

  g_assert_no_error (error);
  g_assert_cmpint (event->type, ==, OC_EVENT_AGENT_UPSERT);
  a = event->agent;
  g_assert_cmpstr (oc_agent_get_id (a), ==, "a-007");
  g_assert_cmpstr (oc_agent_get_name (a), ==, "أمينة الحسن");
  g_assert_cmpint (oc_agent_get_presence (a), ==, OC_PRESENCE_AVAILABLE);
  g_assert_cmpstr (oc_agent_get_presence_text (a), ==, "Available");
  g_assert_cmpint (oc_agent_get_presence_since (a), ==, 1795626120);
  g_assert_cmpuint (oc_agent_get_capacity_used (a), ==, 1);
  g_assert_cmpuint (oc_agent_get_capacity_total (a), ==, 3);
  g_assert_cmpuint (oc_agent_get_free_capacity (a), ==, 2);
  g_assert_cmpint (oc_agent_get_skill_level (a, "billing"), ==, 7);
  g_assert_cmpint (oc_agent_get_skill_level (a, "spanish"), ==, 4);
  g_assert_true (oc_agent_serves_queue (a, "q-general"));
}

static void
test_queue_workstream_good (void)
{
  g_autofree char *q = object_json (queue_fields, NULL, NULL, NULL);
  g_autofree char *w = object_json (workstream_fields, NULL, NULL, NULL);
  g_autofree char *qe = upsert_json ("queue.upsert", "queue", q);
  g_autofree char *we = upsert_json ("workstream.upsert", "workstream", w);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) queue_event = parse_event (qe, &error);
  g_autoptr(OcEvent) ws_event = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (queue_event->type, ==, OC_EVENT_QUEUE_UPSERT);
  g_assert_cmpstr (oc_queue_get_name (queue_event->queue), ==, "Billing");
  g_assert_cmpstr (oc_queue_get_workstream_id (queue_event->queue), ==, "ws-messaging");

  ws_event = parse_event (we, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ws_event->type, ==, OC_EVENT_WORKSTREAM_UPSERT);
  g_assert_cmpint (oc_workstream_get_channel (ws_event->workstream), ==, OC_CHANNEL_MESSAGING);
  g_assert_cmpuint (oc_workstream_get_allowed_presences (ws_event->workstream), ==,
                    OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) | OC_PRESENCE_BIT (OC_PRESENCE_BUSY));
}

static void
test_message_good (void)
{
  g_autofree char *m = object_json (message_fields, NULL, NULL, NULL);
  g_autofree char *json = g_strdup_printf ("{\"type\": \"message\", \"message\": %s}", m);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = parse_event (json, &error);

  g_assert_no_error (error);
  g_assert_cmpint (event->type, ==, OC_EVENT_MESSAGE);
  g_assert_cmpint (oc_message_get_seq (event->message), ==, 12);
  g_assert_cmpint (oc_message_get_at (event->message), ==, t ("2026-11-25T17:03:09Z"));
  g_assert_cmpint (oc_message_get_sender_role (event->message), ==, OC_SENDER_CUSTOMER);
  g_assert_cmpstr (oc_message_get_sender_name (event->message), ==, "Zoë Ødegård");
  g_assert_cmpint (oc_message_get_kind (event->message), ==, OC_MESSAGE_KIND_TEXT);
  /* Literal text: markup characters come through untouched. */
  g_assert_cmpstr (oc_message_get_text (event->message), ==,
                   "Hi, I was charged twice <b>again</b> & nobody answers.");
}

static void
test_event_types (void)
{
  static const struct {
    const char  *json;
    OcEventType  type;
    gint64       revision;
  } cases[] = {
    { "{\"type\": \"hello\", \"revision\": 1207, \"server_time\": \"2026-11-25T17:32:20Z\", \"ping_interval\": 10}",
      OC_EVENT_HELLO, 1207 },
    { "{\"type\": \"conversation.removed\", \"revision\": 1209, \"id\": \"c-000017\", \"reason\": \"closed\"}",
      OC_EVENT_CONVERSATION_REMOVED, 1209 },
    { "{\"type\": \"resync-required\", \"revision\": 3, \"reason\": \"too far behind\"}",
      OC_EVENT_RESYNC_REQUIRED, 3 },
    { "{\"type\": \"ping\", \"revision\": 1209, \"server_time\": \"2026-11-25T17:32:30Z\"}",
      OC_EVENT_PING, 1209 },
    { "{\"type\": \"history-end\", \"last_seq\": 13}", OC_EVENT_HISTORY_END, 0 },
    { "{\"type\": \"history-end\"}", OC_EVENT_HISTORY_END, 0 },
    { "{\"type\": \"ended\", \"reason\": \"force-closed\"}", OC_EVENT_ENDED, 0 },
    { "{\"type\": \"agent.deleted\", \"revision\": 77, \"whatever\": [1, {\"a\": null}]}",
      OC_EVENT_UNKNOWN, 77 },
    { "{\"type\": \"future.thing\"}", OC_EVENT_UNKNOWN, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OcEvent) event = parse_event (cases[i].json, &error);

      g_assert_no_error (error);
      g_assert_cmpint (event->type, ==, cases[i].type);
      g_assert_cmpint (event->revision, ==, cases[i].revision);

      switch (event->type)
        {
        case OC_EVENT_HELLO:
          g_assert_cmpuint (event->ping_interval, ==, 10);
          g_assert_cmpint (event->server_time, ==, t ("2026-11-25T17:32:20Z"));
          break;
        case OC_EVENT_CONVERSATION_REMOVED:
          g_assert_cmpstr (event->id, ==, "c-000017");
          g_assert_cmpstr (event->reason, ==, "closed");
          break;
        case OC_EVENT_RESYNC_REQUIRED:
          g_assert_cmpstr (event->reason, ==, "too far behind");
          break;
        case OC_EVENT_PING:
          g_assert_cmpint (event->server_time, ==, t ("2026-11-25T17:32:30Z"));
          break;
        case OC_EVENT_HISTORY_END:
          g_assert_cmpint (event->last_seq, ==, strstr (cases[i].json, "13") ? 13 : 0);
          break;
        case OC_EVENT_ENDED:
          g_assert_cmpstr (event->reason, ==, "force-closed");
          break;
        default:
          break;
        }
    }
}

static void
test_me_and_error_body (void)
{
  const char *me = "{\"user\": \"sam\", \"role\": \"supervisor\"}";
  const char *me_unknown = "{\"user\": \"kim\", \"role\": \"admin\"}";
  const char *me_bad = "{\"user\": 5, \"role\": \"viewer\"}";
  const char *err = "{\"error\": {\"code\": \"state-changed\", \"message\": \"Another supervisor acted first.\"}}";
  g_autofree char *user = NULL;
  g_autofree char *user2 = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  OcRole role = OC_ROLE_UNKNOWN;

  g_assert_true (oc_protocol_parse_me (me, strlen (me), &user, &role, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, "sam");
  g_assert_cmpint (role, ==, OC_ROLE_SUPERVISOR);

  g_assert_true (oc_protocol_parse_me (me_unknown, strlen (me_unknown), &user2, &role, NULL));
  g_assert_cmpint (role, ==, OC_ROLE_UNKNOWN);

  g_assert_false (oc_protocol_parse_me (me_bad, strlen (me_bad), NULL, NULL, &error));
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "me.user"));

  g_assert_true (oc_protocol_parse_error_body (err, strlen (err), &code, &message));
  g_assert_cmpstr (code, ==, "state-changed");
  g_assert_cmpstr (message, ==, "Another supervisor acted first.");
  g_assert_false (oc_protocol_parse_error_body ("<html>", 6, NULL, NULL));
  g_assert_false (oc_protocol_parse_error_body ("{\"error\": \"x\"}", 14, NULL, NULL));
  g_assert_false (oc_protocol_parse_error_body (NULL, 0, NULL, NULL));
}

static void
test_time (void)
{
  gint64 v;
  g_autoptr(GError) error = NULL;
  static const char *bad[] = {
    "", "2026-11-25", "2026-11-25T17:32:20", "2026-11-25 17:32:20Z", "2026-13-01T00:00:00Z",
    "2026-00-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-25T24:00:00Z",
    "2026-11-25T17:60:00Z", "2026-11-25T17:32:61Z", "2026-11-25T17:32:20ZZ", "2026-11-25T17:32:20.Z",
    "2026-11-25T17:32:20+0100", "2026-11-25T17:32:20+24:00", "1969-12-31T23:59:59Z",
    "+2026-11-25T17:32:20Z", "２０２６-11-25T17:32:20Z", "2026-11-25T17:32:20Z\n",
  };

  g_assert_cmpint (t ("1970-01-01T00:00:00Z"), ==, 0);
  g_assert_cmpint (t ("2026-11-25T17:32:20Z"), ==, 1795627940);
  g_assert_cmpint (t ("2026-11-25t17:32:20z"), ==, 1795627940);
  g_assert_cmpint (t ("2026-11-25T17:32:20.999Z"), ==, 1795627940);
  g_assert_cmpint (t ("2026-11-25T18:32:20+01:00"), ==, 1795627940);
  g_assert_cmpint (t ("2026-11-25T12:02:20.5-05:30"), ==, 1795627940);
  g_assert_cmpint (t ("2024-02-29T00:00:00Z"), ==, 1709164800);
  g_assert_cmpint (t ("2000-02-29T00:00:00Z"), ==, 951782400);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (oc_protocol_parse_time (bad[i], OC_PROTOCOL_TIME_RFC3339, &v, &error));
      g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_INVALID_TIME);
      g_clear_error (&error);
    }
  g_assert_false (oc_protocol_parse_time (NULL, OC_PROTOCOL_TIME_RFC3339, &v, NULL));

  /* Dataverse may leave the zone out: UTC then, and nothing else changes. */
  g_assert_true (oc_protocol_parse_time ("2026-11-25T17:32:20", OC_PROTOCOL_TIME_NO_ZONE_IS_UTC, &v, NULL));
  g_assert_cmpint (v, ==, 1795627940);
  g_assert_true (oc_protocol_parse_time ("2026-11-25T17:32:20.57", OC_PROTOCOL_TIME_NO_ZONE_IS_UTC, &v, NULL));
  g_assert_cmpint (v, ==, 1795627940);
  g_assert_true (oc_protocol_parse_time ("2026-11-25T18:32:20+01:00", OC_PROTOCOL_TIME_NO_ZONE_IS_UTC, &v, NULL));
  g_assert_cmpint (v, ==, 1795627940);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (g_strcmp0 (bad[i], "2026-11-25T17:32:20") != 0)
      g_assert_false (oc_protocol_parse_time (bad[i], OC_PROTOCOL_TIME_NO_ZONE_IS_UTC, &v, NULL));
  g_assert_false (oc_protocol_parse_time ("2026-11-25T17:32:2", OC_PROTOCOL_TIME_NO_ZONE_IS_UTC, &v, NULL));
  g_assert_false (oc_protocol_parse_time ("2026-11-25T17:32:20.", OC_PROTOCOL_TIME_NO_ZONE_IS_UTC, &v, NULL));

  /* Whole-second Z on the way out, and back again. */
  for (gint64 x = 0; x < G_GINT64_CONSTANT (4102444800); x += 86399 * 37 + 12345)
    {
      g_autofree char *text = oc_protocol_format_time (x);

      g_assert_cmpuint (strlen (text), ==, 20);
      g_assert_cmpint (t (text), ==, x);
    }
  {
    g_autofree char *text = oc_protocol_format_time (1795627940);
    g_assert_cmpstr (text, ==, "2026-11-25T17:32:20Z");
  }
}

/* The hand-written RFC 3339 reader and writer give what GDateTime gives,
 * value for value and byte for byte. GDateTime takes more (ISO 8601 forms,
 * times before 1970) and refuses a lower-case t or z (RFC 3339 allows
 * them); in each we keep to RFC 3339. A leap second GDateTime reads as :59,
 * we as the next minute. */
static void
test_time_same_as_gdatetime (void)
{
  static const char *good[] = {
    "1970-01-01T00:00:00Z", "1970-01-01T00:00:01+00:00", "1999-12-31T23:59:59Z",
    "2000-02-29T12:00:00Z", "2024-02-29T00:00:00.000Z", "2026-11-25T17:32:20Z",
    "2026-11-25T17:32:20.999999999Z", "2026-11-25T18:32:20+01:00",
    "2026-11-25T12:02:20.5-05:30", "2026-11-26T03:32:20+10:00", "2026-01-01T00:00:00-23:59",
    "2100-03-01T00:00:00Z", "9999-12-31T23:59:59Z", "2038-01-19T03:14:08Z",
  };
  static const char *only_gdatetime[] = {
    "20261125T173220Z", "2026-11-25 17:32:20Z", "2026-W48-3T17:32:20Z", "2026-329T17:32:20Z",
    "2026-11-25T17:32:20+0100", "2026-11-25T17:32:20+01", "2026-11-25T17:32:20,5Z",
    "1969-12-31T23:59:59Z",
  };
  static const char *only_ours[] = { "2026-11-25t17:32:20z", "2026-11-25T17:32:20.5z" };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  for (guint i = 0; i < G_N_ELEMENTS (only_ours); i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (only_ours[i], utc);

      g_assert_null (when);
      g_assert_cmpint (t (only_ours[i]), ==, 1795627940);
    }
  {
    g_autoptr(GDateTime) leap = g_date_time_new_from_iso8601 ("2026-12-31T23:59:60Z", utc);

    g_assert_cmpint (g_date_time_to_unix (leap) + 1, ==, t ("2026-12-31T23:59:60Z"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (good[i], utc);

      g_test_message ("time %s", good[i]);
      g_assert_nonnull (when);
      g_assert_cmpint (t (good[i]), ==, g_date_time_to_unix (when));
    }
  for (guint i = 0; i < G_N_ELEMENTS (only_gdatetime); i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (only_gdatetime[i], utc);
      gint64 v;

      g_test_message ("time %s", only_gdatetime[i]);
      g_assert_nonnull (when);
      g_assert_false (oc_protocol_parse_time (only_gdatetime[i], OC_PROTOCOL_TIME_NO_ZONE_IS_UTC, &v, NULL));
    }

  /* A day of every week of 1970 … 9999 at a varying second, and both ends. */
  for (gint64 x = 0; x <= G_GINT64_CONSTANT (253402300799); x += 7 * 86400 + 3607)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (x);
      g_autofree char *ours = oc_protocol_format_time (x);
      g_autofree char *theirs = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
      g_autoptr(GDateTime) back = g_date_time_new_from_iso8601 (ours, utc);

      if (g_strcmp0 (ours, theirs) != 0)
        g_error ("%" G_GINT64_FORMAT ": %s, GDateTime %s", x, ours, theirs);
      g_assert_cmpint (t (ours), ==, g_date_time_to_unix (back));
    }
  {
    g_autofree char *last = oc_protocol_format_time (G_GINT64_CONSTANT (253402300799));
    g_autofree char *clamped = oc_protocol_format_time (G_MAXINT64);
    g_autofree char *first = oc_protocol_format_time (-1);

    g_assert_cmpstr (last, ==, "9999-12-31T23:59:59Z");
    g_assert_cmpstr (clamped, ==, last);
    g_assert_cmpstr (first, ==, "1970-01-01T00:00:00Z");
  }
}

static void
test_ids (void)
{
  g_autofree char *id128 = g_strnfill (128, 'a');
  g_autofree char *id129 = g_strnfill (129, 'a');

  g_assert_true (oc_protocol_is_valid_id ("c-000042"));
  g_assert_true (oc_protocol_is_valid_id ("A.b_c:d-9"));
  g_assert_true (oc_protocol_is_valid_id (id128));
  g_assert_false (oc_protocol_is_valid_id (id129));
  g_assert_false (oc_protocol_is_valid_id (""));
  g_assert_false (oc_protocol_is_valid_id (NULL));
  g_assert_false (oc_protocol_is_valid_id ("a b"));
  g_assert_false (oc_protocol_is_valid_id ("a/b"));
  g_assert_false (oc_protocol_is_valid_id ("é"));
}

/* The hostile table. */

typedef enum {
  RAW,              /* input as is, to parse_event */
  CONVERSATION,     /* conversation.upsert with one field dropped or replaced */
  AGENT,
  QUEUE,
  WORKSTREAM,
  MESSAGE,
} CaseKind;

typedef struct {
  const char *name;
  CaseKind    kind;
  const char *input;     /* RAW: the message; others: the replacement value */
  const char *field;     /* the field to replace (or with input NULL: drop) */
  int         code;
  const char *names;     /* the error message must contain this */
} BadCase;

static const BadCase bad_cases[] = {
  { "not-json", RAW, "hello", NULL, OC_PROTOCOL_ERROR_MALFORMED, "offset" },
  { "empty", RAW, "", NULL, OC_PROTOCOL_ERROR_MALFORMED, NULL },
  { "top-array", RAW, "[1, 2]", NULL, OC_PROTOCOL_ERROR_MALFORMED, "event" },
  { "top-string", RAW, "\"hello\"", NULL, OC_PROTOCOL_ERROR_MALFORMED, "event" },
  { "trailing-comma", RAW, "{\"type\": \"ping\",}", NULL, OC_PROTOCOL_ERROR_MALFORMED, "offset" },
  { "comment", RAW, "{/* x */\"type\": \"ping\"}", NULL, OC_PROTOCOL_ERROR_MALFORMED, "offset" },
  { "single-quotes", RAW, "{'type': 'ping'}", NULL, OC_PROTOCOL_ERROR_MALFORMED, "offset" },
  { "nan", RAW, "{\"type\": \"ping\", \"revision\": NaN}", NULL, OC_PROTOCOL_ERROR_MALFORMED, "offset" },
  { "leading-zero", RAW, "{\"type\": \"ping\", \"revision\": 012}", NULL, OC_PROTOCOL_ERROR_MALFORMED, "offset" },
  { "trailing-garbage", RAW, "{\"type\": \"ended\"} x", NULL, OC_PROTOCOL_ERROR_MALFORMED, "trailing" },
  { "two-values", RAW, "{\"type\": \"ended\"}{}", NULL, OC_PROTOCOL_ERROR_MALFORMED, "trailing" },
  { "unterminated-string", RAW, "{\"type\": \"ping", NULL, OC_PROTOCOL_ERROR_MALFORMED, "unterminated" },
  { "unterminated-object", RAW, "{\"type\": \"ping\"", NULL, OC_PROTOCOL_ERROR_MALFORMED, "offset" },
  { "bad-escape", RAW, "{\"type\": \"p\\xing\"}", NULL, OC_PROTOCOL_ERROR_MALFORMED, "escape" },
  { "short-unicode-escape", RAW, "{\"type\": \"\\u12\"}", NULL, OC_PROTOCOL_ERROR_MALFORMED, "escape" },
  { "control-char", RAW, "{\"type\": \"pi\nng\"}", NULL, OC_PROTOCOL_ERROR_MALFORMED, "control" },
  { "invalid-utf8", RAW, "{\"type\": \"ping\xff\"}", NULL, OC_PROTOCOL_ERROR_INVALID_UTF8, "offset 14" },
  { "overlong-utf8", RAW, "{\"type\": \"\xc0\xaf\"}", NULL, OC_PROTOCOL_ERROR_INVALID_UTF8, "UTF-8" },
  { "surrogate-utf8", RAW, "{\"type\": \"\xed\xa0\x80\"}", NULL, OC_PROTOCOL_ERROR_INVALID_UTF8, "UTF-8" },
  { "truncated-utf8", RAW, "{\"type\": \"\xe2\x82\"}", NULL, OC_PROTOCOL_ERROR_INVALID_UTF8, "UTF-8" },
  { "utf8-outside-string", RAW, "{\"type\": \"ping\"}\xff", NULL, OC_PROTOCOL_ERROR_INVALID_UTF8, "UTF-8" },
  { "lone-surrogate-escape", RAW, "{\"type\": \"\\ud800\"}", NULL, OC_PROTOCOL_ERROR_INVALID_UTF8, "surrogate" },
  { "low-surrogate-escape", RAW, "{\"type\": \"\\udc00\\ud800\"}", NULL, OC_PROTOCOL_ERROR_INVALID_UTF8, "surrogate" },
  { "type-missing", RAW, "{\"revision\": 1}", NULL, OC_PROTOCOL_ERROR_MISSING_FIELD, "event.type" },
  { "type-null", RAW, "{\"type\": null}", NULL, OC_PROTOCOL_ERROR_MISSING_FIELD, "event.type" },
  { "type-number", RAW, "{\"type\": 5}", NULL, OC_PROTOCOL_ERROR_WRONG_TYPE, "event.type" },
  { "revision-missing", RAW, "{\"type\": \"ping\", \"server_time\": \"2026-11-25T17:32:30Z\"}", NULL,
    OC_PROTOCOL_ERROR_MISSING_FIELD, "event.revision" },
  { "revision-string", RAW, "{\"type\": \"ping\", \"revision\": \"5\"}", NULL,
    OC_PROTOCOL_ERROR_WRONG_TYPE, "event.revision" },
  { "revision-bool", RAW, "{\"type\": \"ping\", \"revision\": true}", NULL,
    OC_PROTOCOL_ERROR_WRONG_TYPE, "event.revision" },
  { "revision-fraction", RAW, "{\"type\": \"ping\", \"revision\": 1.5}", NULL,
    OC_PROTOCOL_ERROR_OUT_OF_RANGE, "event.revision" },
  { "revision-huge-double", RAW, "{\"type\": \"ping\", \"revision\": 1e400}", NULL,
    OC_PROTOCOL_ERROR_OUT_OF_RANGE, "event.revision" },
  { "revision-big-double", RAW, "{\"type\": \"ping\", \"revision\": 1e300}", NULL,
    OC_PROTOCOL_ERROR_OUT_OF_RANGE, "event.revision" },
  { "revision-negative", RAW, "{\"type\": \"ping\", \"revision\": -1}", NULL,
    OC_PROTOCOL_ERROR_OUT_OF_RANGE, "event.revision" },
  { "revision-over-2^53", RAW, "{\"type\": \"ping\", \"revision\": 9007199254740993}", NULL,
    OC_PROTOCOL_ERROR_OUT_OF_RANGE, "event.revision" },
  { "revision-over-int64", RAW, "{\"type\": \"ping\", \"revision\": 123456789012345678901234567890}", NULL,
    OC_PROTOCOL_ERROR_OUT_OF_RANGE, "event.revision" },
  { "ping-time-missing", RAW, "{\"type\": \"ping\", \"revision\": 1}", NULL,
    OC_PROTOCOL_ERROR_MISSING_FIELD, "event.server_time" },
  { "hello-interval-negative", RAW,
    "{\"type\": \"hello\", \"revision\": 1, \"server_time\": \"2026-11-25T17:32:20Z\", \"ping_interval\": -10}", NULL,
    OC_PROTOCOL_ERROR_OUT_OF_RANGE, "event.ping_interval" },
  { "removed-bad-id", RAW, "{\"type\": \"conversation.removed\", \"revision\": 1, \"id\": \"../etc\"}", NULL,
    OC_PROTOCOL_ERROR_INVALID_ID, "event.id" },
  { "upsert-no-object", RAW, "{\"type\": \"conversation.upsert\", \"revision\": 1}", NULL,
    OC_PROTOCOL_ERROR_MISSING_FIELD, "event.conversation" },
  { "upsert-array", RAW, "{\"type\": \"conversation.upsert\", \"revision\": 1, \"conversation\": []}", NULL,
    OC_PROTOCOL_ERROR_WRONG_TYPE, "event.conversation" },
  { "message-not-object", RAW, "{\"type\": \"message\", \"message\": \"hi\"}", NULL,
    OC_PROTOCOL_ERROR_WRONG_TYPE, "event.message" },
  { "history-end-fraction", RAW, "{\"type\": \"history-end\", \"last_seq\": 2.25}", NULL,
    OC_PROTOCOL_ERROR_OUT_OF_RANGE, "event.last_seq" },

  { "conversation-id-missing", CONVERSATION, NULL, "id", OC_PROTOCOL_ERROR_MISSING_FIELD, "conversation.id" },
  { "conversation-id-number", CONVERSATION, "42", "id", OC_PROTOCOL_ERROR_WRONG_TYPE, "conversation.id" },
  { "conversation-id-empty", CONVERSATION, "\"\"", "id", OC_PROTOCOL_ERROR_INVALID_ID, "conversation.id" },
  { "conversation-id-space", CONVERSATION, "\"c 1\"", "id", OC_PROTOCOL_ERROR_INVALID_ID, "conversation.id" },
  { "conversation-id-slash", CONVERSATION, "\"c/../1\"", "id", OC_PROTOCOL_ERROR_INVALID_ID, "conversation.id" },
  { "conversation-id-unicode", CONVERSATION, "\"cé\"", "id", OC_PROTOCOL_ERROR_INVALID_ID, "conversation.id" },
  { "conversation-id-nul", CONVERSATION, "\"c\\u0000x\"", "id", OC_PROTOCOL_ERROR_INVALID_ID, "conversation.id" },
  { "conversation-id-129", CONVERSATION, "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "id",
    OC_PROTOCOL_ERROR_INVALID_ID, "conversation.id" },
  { "conversation-status-missing", CONVERSATION, NULL, "status", OC_PROTOCOL_ERROR_MISSING_FIELD, "conversation.status" },
  { "conversation-status-number", CONVERSATION, "2", "status", OC_PROTOCOL_ERROR_WRONG_TYPE, "conversation.status" },
  { "conversation-channel-object", CONVERSATION, "{}", "channel", OC_PROTOCOL_ERROR_WRONG_TYPE, "conversation.channel" },
  { "conversation-queue-missing", CONVERSATION, NULL, "queue_id", OC_PROTOCOL_ERROR_MISSING_FIELD, "conversation.queue_id" },
  { "conversation-queue-invalid", CONVERSATION, "\"q billing\"", "queue_id", OC_PROTOCOL_ERROR_INVALID_ID, "conversation.queue_id" },
  { "conversation-agent-invalid", CONVERSATION, "\"\"", "agent_id", OC_PROTOCOL_ERROR_INVALID_ID, "conversation.agent_id" },
  { "conversation-subject-number", CONVERSATION, "7", "subject", OC_PROTOCOL_ERROR_WRONG_TYPE, "conversation.subject" },
  { "conversation-subject-nul", CONVERSATION, "\"a\\u0000b\"", "subject", OC_PROTOCOL_ERROR_MALFORMED, "conversation.subject" },
  { "conversation-wait-over", CONVERSATION, "315360001", "wait_seconds", OC_PROTOCOL_ERROR_OUT_OF_RANGE, "conversation.wait_seconds" },
  { "conversation-wait-negative", CONVERSATION, "-5", "wait_seconds", OC_PROTOCOL_ERROR_OUT_OF_RANGE, "conversation.wait_seconds" },
  { "conversation-wait-fraction", CONVERSATION, "1.5", "wait_seconds", OC_PROTOCOL_ERROR_OUT_OF_RANGE, "conversation.wait_seconds" },
  { "conversation-wait-string", CONVERSATION, "\"129\"", "wait_seconds", OC_PROTOCOL_ERROR_WRONG_TYPE, "conversation.wait_seconds" },
  { "conversation-wait-huge", CONVERSATION, "1e19", "wait_seconds", OC_PROTOCOL_ERROR_OUT_OF_RANGE, "conversation.wait_seconds" },
  { "conversation-revision-over", CONVERSATION, "9007199254740993", "revision", OC_PROTOCOL_ERROR_OUT_OF_RANGE, "conversation.revision" },
  { "conversation-created-missing", CONVERSATION, NULL, "created_at", OC_PROTOCOL_ERROR_MISSING_FIELD, "conversation.created_at" },
  { "conversation-created-bad", CONVERSATION, "\"yesterday\"", "created_at", OC_PROTOCOL_ERROR_INVALID_TIME, "conversation.created_at" },
  { "conversation-created-number", CONVERSATION, "1795625882", "created_at", OC_PROTOCOL_ERROR_WRONG_TYPE, "conversation.created_at" },
  { "conversation-created-1969", CONVERSATION, "\"1969-12-31T23:59:59Z\"", "created_at", OC_PROTOCOL_ERROR_INVALID_TIME, "conversation.created_at" },
  { "conversation-waiting-bad", CONVERSATION, "\"2026-02-30T00:00:00Z\"", "waiting_since", OC_PROTOCOL_ERROR_INVALID_TIME, "conversation.waiting_since" },
  { "conversation-skills-object", CONVERSATION, "{}", "skills", OC_PROTOCOL_ERROR_WRONG_TYPE, "conversation.skills" },
  { "conversation-skills-item", CONVERSATION, "[\"a\", 1]", "skills", OC_PROTOCOL_ERROR_WRONG_TYPE, "conversation.skills[1]" },
  { "conversation-sentiment-array", CONVERSATION, "[]", "sentiment", OC_PROTOCOL_ERROR_WRONG_TYPE, "conversation.sentiment" },

  { "agent-capacity-missing", AGENT, NULL, "capacity", OC_PROTOCOL_ERROR_MISSING_FIELD, "agent.capacity" },
  { "agent-capacity-number", AGENT, "3", "capacity", OC_PROTOCOL_ERROR_WRONG_TYPE, "agent.capacity" },
  { "agent-capacity-over", AGENT, "{\"used\": 10001, \"total\": 3}", "capacity", OC_PROTOCOL_ERROR_OUT_OF_RANGE, "agent.capacity.used" },
  { "agent-capacity-total-missing", AGENT, "{\"used\": 1}", "capacity", OC_PROTOCOL_ERROR_MISSING_FIELD, "agent.capacity.total" },
  { "agent-presence-since-bad", AGENT, "\"yesterday\"", "presence_since", OC_PROTOCOL_ERROR_INVALID_TIME, "agent.presence_since" },
  { "agent-presence-missing", AGENT, NULL, "presence", OC_PROTOCOL_ERROR_MISSING_FIELD, "agent.presence" },
  { "agent-skill-level-over", AGENT, "[{\"name\": \"x\", \"level\": 11}]", "skills", OC_PROTOCOL_ERROR_OUT_OF_RANGE, "agent.skills[0].level" },
  { "agent-skill-level-fraction", AGENT, "[{\"name\": \"x\", \"level\": 1}, {\"name\": \"y\", \"level\": 0.5}]", "skills",
    OC_PROTOCOL_ERROR_OUT_OF_RANGE, "agent.skills[1].level" },
  { "agent-skill-name-missing", AGENT, "[{\"level\": 1}]", "skills", OC_PROTOCOL_ERROR_MISSING_FIELD, "agent.skills[0].name" },
  { "agent-skill-not-object", AGENT, "[\"billing\"]", "skills", OC_PROTOCOL_ERROR_WRONG_TYPE, "agent.skills[0]" },
  { "agent-queue-invalid", AGENT, "[\"q-1\", \"q 2\"]", "queue_ids", OC_PROTOCOL_ERROR_INVALID_ID, "agent.queue_ids[1]" },
  { "agent-name-number", AGENT, "1", "name", OC_PROTOCOL_ERROR_WRONG_TYPE, "agent.name" },

  { "queue-workstream-missing", QUEUE, NULL, "workstream_id", OC_PROTOCOL_ERROR_MISSING_FIELD, "queue.workstream_id" },
  { "queue-id-invalid", QUEUE, "\"q#1\"", "id", OC_PROTOCOL_ERROR_INVALID_ID, "queue.id" },
  { "workstream-channel-missing", WORKSTREAM, NULL, "channel", OC_PROTOCOL_ERROR_MISSING_FIELD, "workstream.channel" },
  { "workstream-presences-item", WORKSTREAM, "[\"busy\", 3]", "allowed_presences", OC_PROTOCOL_ERROR_WRONG_TYPE,
    "workstream.allowed_presences[1]" },
  { "workstream-presences-string", WORKSTREAM, "\"busy\"", "allowed_presences", OC_PROTOCOL_ERROR_WRONG_TYPE,
    "workstream.allowed_presences" },

  { "message-seq-missing", MESSAGE, NULL, "seq", OC_PROTOCOL_ERROR_MISSING_FIELD, "message.seq" },
  { "message-seq-fraction", MESSAGE, "1.5", "seq", OC_PROTOCOL_ERROR_OUT_OF_RANGE, "message.seq" },
  { "message-at-bad", MESSAGE, "\"2026-11-25T17:03:09\"", "at", OC_PROTOCOL_ERROR_INVALID_TIME, "message.at" },
  { "message-sender-role-missing", MESSAGE, "{\"name\": \"x\"}", "sender", OC_PROTOCOL_ERROR_MISSING_FIELD, "message.sender.role" },
  { "message-sender-name-number", MESSAGE, "{\"role\": \"bot\", \"name\": 1}", "sender", OC_PROTOCOL_ERROR_WRONG_TYPE, "message.sender.name" },
  { "message-text-number", MESSAGE, "12", "text", OC_PROTOCOL_ERROR_WRONG_TYPE, "message.text" },
  { "message-text-missing", MESSAGE, NULL, "text", OC_PROTOCOL_ERROR_MISSING_FIELD, "message.text" },
};

static char *
bad_case_input (const BadCase *bc)
{
  g_autofree char *object = NULL;

  switch (bc->kind)
    {
    case RAW:
      return g_strdup (bc->input);
    case CONVERSATION:
      object = bc->input ? object_json (conversation_fields, NULL, bc->field, bc->input)
                         : object_json (conversation_fields, bc->field, NULL, NULL);
      return upsert_json ("conversation.upsert", "conversation", object);
    case AGENT:
      object = bc->input ? object_json (agent_fields, NULL, bc->field, bc->input)
                         : object_json (agent_fields, bc->field, NULL, NULL);
      return upsert_json ("agent.upsert", "agent", object);
    case QUEUE:
      object = bc->input ? object_json (queue_fields, NULL, bc->field, bc->input)
                         : object_json (queue_fields, bc->field, NULL, NULL);
      return upsert_json ("queue.upsert", "queue", object);
    case WORKSTREAM:
      object = bc->input ? object_json (workstream_fields, NULL, bc->field, bc->input)
                         : object_json (workstream_fields, bc->field, NULL, NULL);
      return upsert_json ("workstream.upsert", "workstream", object);
    case MESSAGE:
      object = bc->input ? object_json (message_fields, NULL, bc->field, bc->input)
                         : object_json (message_fields, bc->field, NULL, NULL);
      return g_strdup_printf ("{\"type\": \"message\", \"message\": %s}", object);
    default:
      g_assert_not_reached ();
    }
}

static void
test_bad_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *bc = &bad_cases[i];
      g_autofree char *input = bad_case_input (bc);
      g_autoptr(GError) error = NULL;
      g_autoptr(OcEvent) event = NULL;

      g_test_message ("case %s", bc->name);
      event = parse_event (input, &error);
      g_assert_null (event);
      g_assert_error (error, OC_PROTOCOL_ERROR, bc->code);
      if (bc->names != NULL && strstr (error->message, bc->names) == NULL)
        g_error ("case %s: “%s” does not name “%s”", bc->name, error->message, bc->names);

      /* The same object inside a snapshot is skipped, not fatal. */
      if (bc->kind == CONVERSATION)
        {
          g_autofree char *object = bc->input ? object_json (conversation_fields, NULL, bc->field, bc->input)
                                              : object_json (conversation_fields, bc->field, NULL, NULL);
          g_autofree char *snap = g_strdup_printf ("{\"revision\": 1, \"queues\": [], \"workstreams\": [], "
                                                   "\"agents\": [], \"conversations\": [%s]}", object);
          g_autoptr(OcSnapshot) snapshot = oc_protocol_parse_snapshot (snap, strlen (snap), &error);

          g_assert_nonnull (snapshot);
          g_assert_cmpuint (snapshot->conversations->len, ==, 0);
          g_assert_cmpuint (snapshot->warnings->len, ==, 1);
          g_assert_nonnull (strstr (snapshot->warnings->pdata[0], bc->names));
        }
    }
}

static char *
nested (guint depth,
        char  open,
        char  close)
{
  GString *s = g_string_sized_new (depth * 2 + 32);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, open);
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, close);
  return g_string_free (s, FALSE);
}

static void
test_depth (void)
{
  static const guint depths[] = { 33, 100, 100000 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (depths); i++)
    {
      g_autofree char *arrays = nested (depths[i], '[', ']');
      /* {"a":{"a":…}} */
      GString *objects = g_string_new (NULL);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(OcEvent) event = NULL;
      g_autoptr(OcSnapshot) snapshot = NULL;

      for (guint d = 0; d < depths[i]; d++)
        g_string_append (objects, "{\"a\":");
      g_string_append (objects, "1");
      for (guint d = 0; d < depths[i]; d++)
        g_string_append_c (objects, '}');

      event = oc_protocol_parse_event (arrays, strlen (arrays), G_MAXSIZE, &error);
      g_assert_null (event);
      g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_DEEP);
      g_clear_error (&error);

      event = oc_protocol_parse_event (objects->str, objects->len, G_MAXSIZE, &error);
      g_assert_null (event);
      g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_DEEP);
      g_clear_error (&error);

      snapshot = oc_protocol_parse_snapshot (objects->str, objects->len, &error);
      g_assert_null (snapshot);
      g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_DEEP);
      g_clear_error (&error);

      /* The json-glib path is checked before json-glib recurses. */
      node = oc_protocol_parse_json (arrays, strlen (arrays), G_MAXSIZE, &error);
      g_assert_null (node);
      g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_DEEP);
      g_clear_error (&error);

      g_string_free (objects, TRUE);
    }

  /* 32 levels are allowed, and brackets inside strings do not count. */
  {
    g_autofree char *ok = nested (31, '[', ']');
    g_autofree char *inner = nested (200, '[', ']');
    g_autofree char *json = g_strdup_printf ("{\"type\": \"x\", \"deep\": %s, \"text\": \"%s \\\" %s\"}",
                                             ok, inner, inner);
    g_autoptr(OcEvent) event = parse_event (json, &error);
    g_autoptr(JsonNode) node = oc_protocol_parse_json (json, strlen (json), G_MAXSIZE, NULL);

    g_assert_no_error (error);
    g_assert_cmpint (event->type, ==, OC_EVENT_UNKNOWN);
    g_assert_nonnull (node);
  }
  {
    g_autofree char *too = nested (32, '[', ']');
    g_autofree char *json = g_strdup_printf ("{\"type\": \"x\", \"deep\": %s}", too);

    g_assert_null (parse_event (json, &error));
    g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_DEEP);
    g_clear_error (&error);
  }
}

static void
test_size (void)
{
  gsize big = 2 * 1024 * 1024;
  g_autofree char *frame = g_malloc (big);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *head = "{\"type\": \"ping\", \"pad\": \"";

  memset (frame, 'x', big);
  memcpy (frame, head, strlen (head));
  memcpy (frame + big - 2, "\"}", 2);

  event = oc_protocol_parse_event (frame, big, OC_PROTOCOL_MAX_EVENT_FRAME, &error);
  g_assert_null (event);
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  node = oc_protocol_parse_json (frame, big, OC_PROTOCOL_MAX_REQUEST_BODY, &error);
  g_assert_null (node);
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* The same frame is fine on the transcript socket (4 MiB). */
  event = oc_protocol_parse_event (frame, big, OC_PROTOCOL_MAX_TRANSCRIPT_FRAME, &error);
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MISSING_FIELD);   /* no revision */
  g_assert_null (event);
}

static void
test_nul_bytes (void)
{
  const char data[] = "{\"type\": \"ended\"}\0";
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = NULL;

  /* A raw NUL is refused; the same text without it is fine. */
  event = oc_protocol_parse_event (data, sizeof data - 1, OC_PROTOCOL_MAX_EVENT_FRAME, &error);
  g_assert_null (event);
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);
  event = oc_protocol_parse_event (data, sizeof data - 2, OC_PROTOCOL_MAX_EVENT_FRAME, &error);
  g_assert_no_error (error);
  g_assert_cmpint (event->type, ==, OC_EVENT_ENDED);
}

static char *
repeat_utf8 (const char *unit,
             guint       n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static void
test_cut_strings (void)
{
  g_autofree char *subject = repeat_utf8 ("é", OC_PROTOCOL_MAX_SUBJECT + 1);
  g_autofree char *name = repeat_utf8 ("😀", OC_PROTOCOL_MAX_NAME + 10);
  g_autofree char *subject_json = g_strdup_printf ("\"%s\"", subject);
  g_autofree char *name_json = g_strdup_printf ("\"%s\"", name);
  g_autofree char *c1 = object_json (conversation_fields, NULL, "subject", subject_json);
  g_autofree char *c2 = NULL;
  g_autofree char *e1 = NULL;
  g_autofree char *e2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = NULL;
  g_autoptr(OcEvent) event2 = NULL;
  const char *s;

  e1 = upsert_json ("conversation.upsert", "conversation", c1);
  event = parse_event (e1, &error);
  g_assert_no_error (error);
  s = oc_conversation_get_subject (event->conversation);
  g_assert_true (g_utf8_validate (s, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (s, -1), ==, OC_PROTOCOL_MAX_SUBJECT);
  g_assert_nonnull (event->warnings);
  g_assert_cmpuint (event->warnings->len, ==, 1);
  g_assert_nonnull (strstr (event->warnings->pdata[0], "subject"));
  g_assert_nonnull (strstr (event->warnings->pdata[0], "c-000042"));

  /* Exactly at the limit: kept whole, no warning. */
  {
    g_autofree char *exact = repeat_utf8 ("é", OC_PROTOCOL_MAX_SUBJECT);
    g_autofree char *exact_json = g_strdup_printf ("\"%s\"", exact);
    g_autofree char *c = object_json (conversation_fields, NULL, "subject", exact_json);
    g_autofree char *e = upsert_json ("conversation.upsert", "conversation", c);
    g_autoptr(OcEvent) ev = parse_event (e, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (oc_conversation_get_subject (ev->conversation), ==, exact);
    g_assert_null (ev->warnings);
  }

  c2 = object_json (conversation_fields, NULL, "customer_name", name_json);
  e2 = upsert_json ("conversation.upsert", "conversation", c2);
  event2 = parse_event (e2, &error);
  g_assert_no_error (error);
  s = oc_conversation_get_customer_name (event2->conversation);
  g_assert_true (g_utf8_validate (s, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (s, -1), ==, OC_PROTOCOL_MAX_NAME);
  g_assert_cmpuint (strlen (s), ==, OC_PROTOCOL_MAX_NAME * 4);
  g_assert_nonnull (strstr (event2->warnings->pdata[0], "customer_name"));
}

static void
test_cut_text_and_skills (void)
{
  g_autofree char *text = repeat_utf8 ("a", OC_PROTOCOL_MAX_TEXT + 5);
  g_autofree char *text_json = g_strdup_printf ("\"%s\"", text);
  g_autofree char *m = object_json (message_fields, NULL, "text", text_json);
  g_autofree char *me = g_strdup_printf ("{\"type\": \"message\", \"message\": %s}", m);
  GString *skills = g_string_new ("[");
  GString *agent_skills = g_string_new ("[");
  g_autofree char *c = NULL;
  g_autofree char *ce = NULL;
  g_autofree char *a = NULL;
  g_autofree char *ae = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = NULL;

  event = oc_protocol_parse_event (me, strlen (me), OC_PROTOCOL_MAX_TRANSCRIPT_FRAME, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (oc_message_get_text (event->message)), ==, OC_PROTOCOL_MAX_TEXT);
  g_assert_nonnull (strstr (event->warnings->pdata[0], "text"));
  g_clear_pointer (&event, oc_event_free);

  for (guint i = 0; i < 70; i++)
    {
      g_string_append_printf (skills, "%s\"skill-%u\"", i ? ", " : "", i);
      g_string_append_printf (agent_skills, "%s{\"name\": \"skill-%u\", \"level\": %u}", i ? ", " : "", i, i % 11);
    }
  g_string_append_c (skills, ']');
  g_string_append_c (agent_skills, ']');

  c = object_json (conversation_fields, NULL, "skills", skills->str);
  ce = upsert_json ("conversation.upsert", "conversation", c);
  event = parse_event (ce, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) oc_conversation_get_skills (event->conversation)), ==, OC_PROTOCOL_MAX_SKILLS);
  g_assert_cmpuint (event->warnings->len, ==, 1);
  g_assert_nonnull (strstr (event->warnings->pdata[0], "skills"));
  g_clear_pointer (&event, oc_event_free);

  a = object_json (agent_fields, NULL, "skills", agent_skills->str);
  ae = upsert_json ("agent.upsert", "agent", a);
  event = parse_event (ae, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) oc_agent_get_skills (event->agent)), ==, OC_PROTOCOL_MAX_SKILLS);
  g_assert_cmpint (oc_agent_get_skill_level (event->agent, "skill-63"), ==, 63 % 11);
  g_assert_cmpint (oc_agent_get_skill_level (event->agent, "skill-64"), ==, -1);
  g_assert_nonnull (strstr (event->warnings->pdata[0], "skills"));

  g_string_free (skills, TRUE);
  g_string_free (agent_skills, TRUE);
}

static OcEvent *
parse_with (const Field *fields,
            const char  *type,
            const char  *member,
            const char  *name,
            const char  *value)
{
  g_autofree char *object = object_json (fields, NULL, name, value);
  g_autofree char *json = type != NULL ? upsert_json (type, member, object)
                                       : g_strdup_printf ("{\"type\": \"message\", \"message\": %s}", object);
  g_autoptr(GError) error = NULL;
  OcEvent *event = parse_event (json, &error);

  g_assert_no_error (error);
  return event;
}

static void
test_unknown_fields_and_values (void)
{
  g_autoptr(OcEvent) extra = parse_with (conversation_fields, "conversation.upsert", "conversation",
                                         "x_future", "{\"nested\": [1, 2, {\"deep\": null}]}");
  g_autoptr(OcEvent) status = parse_with (conversation_fields, "conversation.upsert", "conversation",
                                          "status", "\"escalated\"");
  g_autoptr(OcEvent) channel = parse_with (conversation_fields, "conversation.upsert", "conversation",
                                           "channel", "\"fax\"");
  g_autoptr(OcEvent) sentiment = parse_with (conversation_fields, "conversation.upsert", "conversation",
                                             "sentiment", "\"ecstatic\"");
  g_autoptr(OcEvent) presence = parse_with (agent_fields, "agent.upsert", "agent", "presence", "\"lunch\"");
  g_autoptr(OcEvent) allowed = parse_with (workstream_fields, "workstream.upsert", "workstream",
                                           "allowed_presences", "[\"busy\", \"meditating\"]");
  g_autoptr(OcEvent) kind = parse_with (message_fields, NULL, NULL, "kind", "\"gif\"");
  g_autoptr(OcEvent) role = parse_with (message_fields, NULL, NULL, "sender", "{\"role\": \"robot\"}");

  /* Unknown fields are ignored; the rest reads as usual. */
  g_assert_cmpint (oc_conversation_get_status (extra->conversation), ==, OC_STATUS_ACTIVE);
  g_assert_cmpstr (oc_conversation_get_subject (extra->conversation), ==, "Refund for order #5521");

  /* Unknown enum values are "unknown", never an error. */
  g_assert_cmpint (oc_conversation_get_status (status->conversation), ==, OC_STATUS_UNKNOWN);
  g_assert_cmpint (oc_conversation_get_channel (channel->conversation), ==, OC_CHANNEL_UNKNOWN);
  g_assert_cmpint (oc_conversation_get_sentiment (sentiment->conversation), ==, OC_SENTIMENT_UNKNOWN);
  g_assert_cmpint (oc_agent_get_presence (presence->agent), ==, OC_PRESENCE_UNKNOWN);
  g_assert_cmpuint (oc_workstream_get_allowed_presences (allowed->workstream), ==, OC_PRESENCE_BIT (OC_PRESENCE_BUSY));
  g_assert_false (oc_workstream_allows_presence (allowed->workstream, OC_PRESENCE_UNKNOWN));
  g_assert_cmpint (oc_message_get_kind (kind->message), ==, OC_MESSAGE_KIND_UNKNOWN);
  g_assert_cmpint (oc_message_get_sender_role (role->message), ==, OC_SENDER_UNKNOWN);
}

static char *
snapshot_json (const char *conversations)
{
  g_autofree char *q = object_json (queue_fields, NULL, NULL, NULL);
  g_autofree char *w = object_json (workstream_fields, NULL, NULL, NULL);
  g_autofree char *a = object_json (agent_fields, NULL, NULL, NULL);

  return g_strdup_printf ("{\"revision\": 1207, \"server_time\": \"2026-11-25T17:32:20Z\", "
                          "\"queues\": [%s], \"workstreams\": [%s], \"agents\": [%s], "
                          "\"conversations\": [%s]}", q, w, a, conversations);
}

static void
test_snapshot_good (void)
{
  g_autofree char *c1 = object_json (conversation_fields, NULL, "id", "\"c-1\"");
  g_autofree char *c2 = object_json (conversation_fields, NULL, "id", "\"c-2\"");
  g_autofree char *list = g_strdup_printf ("%s, %s", c1, c2);
  g_autofree char *json = snapshot_json (list);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcSnapshot) snapshot = oc_protocol_parse_snapshot (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_cmpint (snapshot->revision, ==, 1207);
  g_assert_cmpint (snapshot->server_time, ==, t ("2026-11-25T17:32:20Z"));
  g_assert_cmpuint (snapshot->queues->len, ==, 1);
  g_assert_cmpuint (snapshot->workstreams->len, ==, 1);
  g_assert_cmpuint (snapshot->agents->len, ==, 1);
  g_assert_cmpuint (snapshot->conversations->len, ==, 2);
  g_assert_cmpuint (snapshot->warnings->len, ==, 0);
  g_assert_cmpstr (oc_conversation_get_id (snapshot->conversations->pdata[1]), ==, "c-2");
  g_assert_cmpstr (oc_agent_get_id (snapshot->agents->pdata[0]), ==, "a-007");
}

static void
test_snapshot_skips_bad (void)
{
  g_autofree char *c1 = object_json (conversation_fields, NULL, "id", "\"c-1\"");
  g_autofree char *c2 = object_json (conversation_fields, "status", "id", "\"c-2\"");
  g_autofree char *c3 = object_json (conversation_fields, NULL, "id", "\"c 3 <b>\"");
  g_autofree char *c4 = object_json (conversation_fields, NULL, "id", "\"c-4\"");
  g_autofree char *list = g_strdup_printf ("%s, %s, %s, 42, %s", c1, c2, c3, c4);
  g_autofree char *json = snapshot_json (list);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcSnapshot) snapshot = oc_protocol_parse_snapshot (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->conversations->len, ==, 2);
  g_assert_cmpstr (oc_conversation_get_id (snapshot->conversations->pdata[0]), ==, "c-1");
  g_assert_cmpstr (oc_conversation_get_id (snapshot->conversations->pdata[1]), ==, "c-4");
  g_assert_cmpuint (snapshot->warnings->len, ==, 3);
  /* Named by id when valid, by position otherwise (never echoing bad text). */
  g_assert_nonnull (strstr (snapshot->warnings->pdata[0], "c-2"));
  g_assert_nonnull (strstr (snapshot->warnings->pdata[0], "conversation.status"));
  g_assert_nonnull (strstr (snapshot->warnings->pdata[1], "conversations[2]"));
  g_assert_nonnull (strstr (snapshot->warnings->pdata[1], "conversation.id"));
  g_assert_null (strstr (snapshot->warnings->pdata[1], "<b>"));
  g_assert_nonnull (strstr (snapshot->warnings->pdata[2], "conversations[3]"));
}

/* What the reader refuses as a whole in one conversation (a cut emoji's
 * lone surrogate, raw bytes that are not UTF-8, nesting past the limit in
 * a field nobody reads) costs that conversation only: the rest of the
 * snapshot stands, and the warnings say which one was skipped. */
static void
test_snapshot_skips_unreadable (void)
{
  static const char * const bad[] = {
    "\"Ana \\ud83d\"",                          /* lone high surrogate */
    "\"Ana \\ude00 \"",                         /* lone low surrogate */
    "\"Ana \xff\xfe\"",                          /* not UTF-8 */
  };
  g_autofree char *c1 = object_json (conversation_fields, NULL, "id", "\"c-1\"");
  g_autofree char *c3 = object_json (conversation_fields, NULL, "id", "\"c-3\"");

  for (guint i = 0; i <= G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *c2 = NULL;
      g_autofree char *list = NULL;
      g_autofree char *json = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(OcSnapshot) snapshot = NULL;

      if (i < G_N_ELEMENTS (bad))
        c2 = object_json (conversation_fields, NULL, "customer_name", bad[i]);
      else
        {
          /* 40 levels in an extra field, past OC_PROTOCOL_MAX_DEPTH. */
          g_autofree char *open = g_strnfill (40, '[');
          g_autofree char *close = g_strnfill (40, ']');
          g_autofree char *deep = g_strconcat (open, close, NULL);
          g_autofree char *plain = object_json (conversation_fields, NULL, "id", "\"c-2\"");

          c2 = g_strdup_printf ("{\"x_extra\": %s, %s", deep, plain + 1);
        }
      list = g_strdup_printf ("%s, %s, %s", c1, c2, c3);
      json = snapshot_json (list);
      snapshot = oc_protocol_parse_snapshot (json, strlen (json), &error);

      g_test_message ("case %u", i);
      g_assert_no_error (error);
      g_assert_cmpuint (snapshot->conversations->len, ==, 2);
      g_assert_cmpstr (oc_conversation_get_id (snapshot->conversations->pdata[0]), ==, "c-1");
      g_assert_cmpstr (oc_conversation_get_id (snapshot->conversations->pdata[1]), ==, "c-3");
      g_assert_cmpuint (snapshot->agents->len, ==, 1);
      g_assert_cmpint (snapshot->revision, ==, 1207);
      g_assert_cmpuint (snapshot->warnings->len, ==, 1);
      g_assert_nonnull (strstr (snapshot->warnings->pdata[0], "conversations[1]"));
    }
}

static void
test_snapshot_shape (void)
{
  static const struct {
    const char *json;
    int         code;
    const char *names;
  } cases[] = {
    { "[]", OC_PROTOCOL_ERROR_MALFORMED, "snapshot" },
    { "{\"queues\": [], \"workstreams\": [], \"agents\": [], \"conversations\": []}",
      OC_PROTOCOL_ERROR_MISSING_FIELD, "snapshot.revision" },
    { "{\"revision\": 1, \"queues\": [], \"workstreams\": [], \"agents\": []}",
      OC_PROTOCOL_ERROR_MISSING_FIELD, "snapshot.conversations" },
    { "{\"revision\": 1, \"queues\": [], \"workstreams\": [], \"agents\": [], \"conversations\": {}}",
      OC_PROTOCOL_ERROR_WRONG_TYPE, "snapshot.conversations" },
    { "{\"revision\": 1.5, \"queues\": [], \"workstreams\": [], \"agents\": [], \"conversations\": []}",
      OC_PROTOCOL_ERROR_OUT_OF_RANGE, "snapshot.revision" },
    { "{\"revision\": 1, \"server_time\": \"now\", \"queues\": [], \"workstreams\": [], \"agents\": [], \"conversations\": []}",
      OC_PROTOCOL_ERROR_INVALID_TIME, "snapshot.server_time" },
    { "{\"revision\": 1, \"queues\": [], \"workstreams\": [], \"agents\": [], \"conversations\": [{]}",
      OC_PROTOCOL_ERROR_MALFORMED, "offset" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OcSnapshot) snapshot = oc_protocol_parse_snapshot (cases[i].json, strlen (cases[i].json), &error);

      g_assert_null (snapshot);
      g_assert_error (error, OC_PROTOCOL_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].names));
    }
}

/* oc_snapshot_reader_new() and _read(), a part at a time, give what
 * oc_protocol_parse_snapshot() gives in one piece: the same error, or the
 * same lists, conversations, warnings and counts, in the same order. */
static void
assert_reader_matches (const char *json,
                       gsize       length,
                       guint       chunk_size)
{
  g_autoptr(GBytes) body = g_bytes_new (json, length);
  g_autoptr(GError) whole_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcSnapshot) whole = oc_protocol_parse_snapshot (json, length, &whole_error);
  g_autoptr(OcSnapshot) head = NULL;
  g_autoptr(OcSnapshotReader) reader = oc_snapshot_reader_new (body, &head, &error);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new ();
  g_autoptr(OcSnapshot) chunk = oc_snapshot_new ();
  guint n_read = 0, n;

  if (whole == NULL)
    {
      g_assert_null (reader);
      g_assert_error (error, whole_error->domain, whole_error->code);
      g_assert_cmpstr (error->message, ==, whole_error->message);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_cmpint (head->revision, ==, whole->revision);
  g_assert_cmpint (head->server_time, ==, whole->server_time);
  g_assert_cmpuint (head->conversations->len, ==, 0);
  g_assert_cmpuint (head->queues->len, ==, whole->queues->len);
  g_assert_cmpuint (head->workstreams->len, ==, whole->workstreams->len);
  g_assert_cmpuint (head->agents->len, ==, whole->agents->len);
  for (guint i = 0; i < whole->agents->len; i++)
    g_assert_cmpstr (oc_agent_get_name (head->agents->pdata[i]), ==, oc_agent_get_name (whole->agents->pdata[i]));
  g_ptr_array_extend (warnings, head->warnings, NULL, NULL);

  while ((n = oc_snapshot_reader_read (reader, chunk_size, chunk)) > 0)
    {
      g_assert_cmpuint (n, <=, chunk_size);
      n_read += n;
    }
  g_assert_cmpuint (n_read, ==, oc_snapshot_reader_get_n_conversations (reader));
  g_assert_cmpuint (n_read, ==, whole->conversations->len + whole->unreadable);
  g_ptr_array_extend (warnings, chunk->warnings, NULL, NULL);

  g_assert_cmpuint (chunk->conversations->len, ==, whole->conversations->len);
  for (guint i = 0; i < whole->conversations->len; i++)
    {
      g_assert_cmpstr (oc_conversation_get_id (chunk->conversations->pdata[i]), ==,
                       oc_conversation_get_id (whole->conversations->pdata[i]));
      g_assert_cmpstr (oc_conversation_get_subject (chunk->conversations->pdata[i]), ==,
                       oc_conversation_get_subject (whole->conversations->pdata[i]));
    }
  g_assert_cmpuint (head->unreadable + chunk->unreadable, ==, whole->unreadable);
  /* The same warnings; the head's come first. */
  g_assert_cmpuint (warnings->len, ==, whole->warnings->len);
  for (guint i = 0; i < whole->warnings->len; i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < warnings->len && !found; k++)
        found = g_str_equal (warnings->pdata[k], whole->warnings->pdata[i]);
      g_assert_true (found);
    }
}

static void
test_snapshot_reader (void)
{
  g_autofree char *c1 = object_json (conversation_fields, NULL, "id", "\"c-1\"");
  g_autofree char *c2 = object_json (conversation_fields, NULL, "id", "\"c-2\"");
  g_autofree char *c3 = object_json (conversation_fields, NULL, "id", "\"c-3\"");
  g_autofree char *bad_status = object_json (conversation_fields, "status", "id", "\"c-4\"");
  g_autofree char *bad_id = object_json (conversation_fields, NULL, "id", "\"c 5 <b>\"");
  g_autofree char *bad_utf8 = object_json (conversation_fields, NULL, "customer_name", "\"Ana \xff\xfe\"");
  g_autofree char *surrogate = object_json (conversation_fields, NULL, "customer_name", "\"Ana \\ud83d\"");
  g_autofree char *a = object_json (agent_fields, NULL, NULL, NULL);
  g_autofree char *bad_agent = object_json (agent_fields, "name", NULL, NULL);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *three = g_strjoin (", ", c1, c2, c3, NULL);
  g_autofree char *skips = g_strjoin (", ", c1, bad_status, bad_id, "42", c2, NULL);
  g_autofree char *unreadable = g_strjoin (", ", bad_utf8, c1, surrogate, c2, c3, NULL);
  g_autofree char *broken = g_strjoin (", ", c1, "{]", NULL);

  g_ptr_array_add (docs, snapshot_json (""));
  g_ptr_array_add (docs, snapshot_json (c1));
  g_ptr_array_add (docs, snapshot_json (three));
  g_ptr_array_add (docs, snapshot_json (skips));
  g_ptr_array_add (docs, snapshot_json (unreadable));
  /* The conversations first, a list twice (the last one counts), a bad
   * agent, a repeated id (both are read; the store keeps the first). */
  g_ptr_array_add (docs, g_strdup_printf ("{\"conversations\": [%s, %s], \"revision\": 9, \"agents\": [%s, %s], "
                                          "\"queues\": [], \"workstreams\": [], \"conversations\": [%s, %s, %s]}",
                                          c1, c2, a, bad_agent, c3, c1, c3));
  /* Broken: the structure, the shape, the head's own text. */
  g_ptr_array_add (docs, snapshot_json (broken));
  g_ptr_array_add (docs, g_strdup_printf ("{\"revision\": 1, \"queues\": [], \"workstreams\": [], \"agents\": [], "
                                          "\"conversations\": [%s", c1));
  g_ptr_array_add (docs, g_strdup ("[]"));
  g_ptr_array_add (docs, g_strdup ("{\"revision\": 1, \"queues\": [], \"workstreams\": [], \"agents\": []}"));
  g_ptr_array_add (docs, g_strdup ("{\"revision\": \"x\xff\", \"queues\": [], \"workstreams\": [], \"agents\": [], "
                                   "\"conversations\": []}"));
  g_ptr_array_add (docs, g_strdup_printf ("{\"revision\": 1, \"queues\": [], \"workstreams\": [], \"agents\": [], "
                                          "\"conversations\": [%s]} trailing", c1));
  g_ptr_array_add (docs, g_strdup (""));

  for (guint i = 0; i < docs->len; i++)
    for (guint chunk_size = 1; chunk_size <= 4; chunk_size++)
      {
        g_test_message ("document %u, parts of %u", i, chunk_size);
        assert_reader_matches (docs->pdata[i], strlen (docs->pdata[i]), chunk_size);
      }
}

/* Round trips: write -> parse gives equal objects. */

static char *
write_one (void (*write) (JsonBuilder *, gpointer),
           gpointer object)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  write (builder, object);
  return oc_protocol_builder_to_string (builder, NULL);
}

static void
assert_conversations_equal (OcConversation *a,
                            OcConversation *b)
{
  g_autoptr(OcConversation) copy = oc_conversation_new (oc_conversation_get_id (a));

  g_assert_cmpstr (oc_conversation_get_id (a), ==, oc_conversation_get_id (b));
  /* update_from reports any difference in any field. */
  oc_conversation_update_from (copy, a);
  g_assert_false (oc_conversation_update_from (copy, b));
}

static OcConversation *
full_conversation (void)
{
  OcConversation *c = oc_conversation_new ("c-9");
  const char *skills[] = { "billing", "spanish", NULL };

  oc_conversation_set_revision (c, 77);
  oc_conversation_set_subject (c, "Ünïcode \"quotes\" \\ and\nnewline <b>");
  oc_conversation_set_status (c, OC_STATUS_WAITING);
  oc_conversation_set_channel (c, OC_CHANNEL_MESSAGING);
  oc_conversation_set_sub_channel (c, "teams");
  oc_conversation_set_queue_id (c, "q-1");
  oc_conversation_set_workstream_id (c, "ws-1");
  oc_conversation_set_agent_id (c, "a-1");
  oc_conversation_set_customer_name (c, "أمينة");
  oc_conversation_set_created_at (c, 1795625882);
  oc_conversation_set_status_since (c, 1795625900);
  oc_conversation_set_first_assigned_at (c, 1795625890);
  oc_conversation_set_wait_seconds (c, 12);
  oc_conversation_set_waiting_since (c, 1795625900);
  oc_conversation_set_sentiment (c, OC_SENTIMENT_VERY_POSITIVE);
  oc_conversation_set_skills (c, skills);
  return c;
}

static void
test_round_trip_conversation (void)
{
  g_autoptr(OcConversation) full = full_conversation ();
  g_autoptr(OcConversation) sparse = oc_conversation_new ("c-10");

  oc_conversation_set_status (sparse, OC_STATUS_OPEN);
  oc_conversation_set_channel (sparse, OC_CHANNEL_VOICE);
  oc_conversation_set_queue_id (sparse, "q-2");
  oc_conversation_set_workstream_id (sparse, "ws-2");
  oc_conversation_set_created_at (sparse, 1795625882);
  oc_conversation_set_status_since (sparse, 1795625882);

  for (OcConversation *c = full; c != NULL; c = (c == full ? sparse : NULL))
    {
      g_autofree char *json = write_one ((gpointer) oc_protocol_write_conversation, c);
      g_autoptr(GError) error = NULL;
      g_autoptr(OcConversation) back = NULL;
      g_autofree char *event = NULL;
      g_autoptr(OcEvent) parsed = NULL;

      back = oc_protocol_parse_conversation (json, strlen (json), G_MAXSIZE, NULL, &error);
      g_assert_no_error (error);
      assert_conversations_equal (c, back);

      event = upsert_json ("conversation.upsert", "conversation", json);
      parsed = parse_event (event, &error);
      g_assert_no_error (error);
      assert_conversations_equal (c, parsed->conversation);
    }
}

static void
test_round_trip_others (void)
{
  g_autoptr(OcAgent) agent = oc_agent_new ("a-1");
  g_autoptr(OcQueue) queue = oc_queue_new ("q-1");
  g_autoptr(OcWorkstream) ws = oc_workstream_new ("ws-1");
  g_autoptr(OcMessage) message = oc_message_new (5, 1795625882, OC_SENDER_SUPERVISOR, "Sam",
                                                 OC_MESSAGE_KIND_EVENT, "A supervisor joined the conversation.");
  const char *names[] = { "billing", "french", NULL };
  const guint levels[] = { 10, 0 };
  const char *queues[] = { "q-1", "q-2", NULL };
  g_autoptr(GError) error = NULL;

  oc_agent_set_name (agent, "Amina");
  oc_agent_set_presence (agent, OC_PRESENCE_BUSY_DND);
  oc_agent_set_presence_text (agent, "Lunch");
  oc_agent_set_presence_since (agent, 1795625000);
  oc_agent_set_capacity_total (agent, 4);
  oc_agent_set_capacity_used (agent, 2);
  oc_agent_set_skills (agent, names, levels);
  oc_agent_set_queue_ids (agent, queues);
  oc_queue_set_name (queue, "Billing");
  oc_queue_set_workstream_id (queue, "ws-1");
  oc_workstream_set_name (ws, "Chat");
  oc_workstream_set_channel (ws, OC_CHANNEL_CHAT);
  oc_workstream_set_allowed_presences (ws, OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) | OC_PRESENCE_BIT (OC_PRESENCE_AWAY));

  {
    g_autofree char *json = write_one ((gpointer) oc_protocol_write_agent, agent);
    g_autoptr(OcAgent) back = oc_protocol_parse_agent (json, strlen (json), G_MAXSIZE, NULL, &error);
    g_autoptr(OcAgent) copy = oc_agent_new ("a-1");

    g_assert_no_error (error);
    oc_agent_update_from (copy, agent);
    g_assert_false (oc_agent_update_from (copy, back));
  }
  {
    g_autofree char *json = write_one ((gpointer) oc_protocol_write_queue, queue);
    g_autoptr(OcQueue) back = oc_protocol_parse_queue (json, strlen (json), G_MAXSIZE, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json, ==, "{\"id\":\"q-1\",\"name\":\"Billing\",\"workstream_id\":\"ws-1\"}");
    g_assert_false (oc_queue_update_from (queue, back));
  }
  {
    g_autofree char *json = write_one ((gpointer) oc_protocol_write_workstream, ws);
    g_autoptr(OcWorkstream) back = oc_protocol_parse_workstream (json, strlen (json), G_MAXSIZE, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json, ==, "{\"id\":\"ws-1\",\"name\":\"Chat\",\"channel\":\"chat\","
                               "\"allowed_presences\":[\"available\",\"away\"]}");
    g_assert_false (oc_workstream_update_from (ws, back));
  }
  {
    g_autofree char *json = write_one ((gpointer) oc_protocol_write_message, message);
    g_autoptr(OcMessage) back = oc_protocol_parse_message (json, strlen (json), G_MAXSIZE, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json, ==, "{\"seq\":5,\"at\":\"2026-11-25T16:58:02Z\",\"sender\":"
                               "{\"role\":\"supervisor\",\"name\":\"Sam\"},\"kind\":\"event\","
                               "\"text\":\"A supervisor joined the conversation.\"}");
    g_assert_cmpint (oc_message_get_seq (back), ==, 5);
    g_assert_cmpint (oc_message_get_at (back), ==, 1795625882);
    g_assert_cmpint (oc_message_get_sender_role (back), ==, OC_SENDER_SUPERVISOR);
    g_assert_cmpstr (oc_message_get_sender_name (back), ==, "Sam");
    g_assert_cmpint (oc_message_get_kind (back), ==, OC_MESSAGE_KIND_EVENT);
    g_assert_cmpstr (oc_message_get_text (back), ==, oc_message_get_text (message));
  }
}

static void
test_write_documented_conversation (void)
{
  g_autofree char *json = object_json (conversation_fields, NULL, NULL, NULL);
  g_autoptr(OcConversation) c = oc_protocol_parse_conversation (json, strlen (json), G_MAXSIZE, NULL, NULL);
  g_autofree char *written = write_one ((gpointer) oc_protocol_write_conversation, c);

  /* The documented example, compact, in the documented field order. */
  g_assert_cmpstr (written, ==,
    "{\"id\":\"c-000042\",\"revision\":1207,\"subject\":\"Refund for order #5521\","
    "\"status\":\"active\",\"channel\":\"messaging\",\"sub_channel\":\"whatsapp\","
    "\"queue_id\":\"q-billing\",\"workstream_id\":\"ws-messaging\",\"agent_id\":\"a-007\","
    "\"customer_name\":\"Zoë Ødegård\",\"created_at\":\"2026-11-25T16:58:02Z\","
    "\"status_since\":\"2026-11-25T17:01:40Z\",\"first_assigned_at\":\"2026-11-25T17:00:11Z\","
    "\"wait_seconds\":129,\"waiting_since\":null,\"sentiment\":\"slightly-negative\","
    "\"skills\":[\"billing\",\"spanish\"]}");
}

static void
test_append_matches_builder (void)
{
  g_autoptr(OcConversation) full = full_conversation ();
  g_autoptr(OcConversation) sparse = oc_conversation_new ("c-11");
  g_autoptr(OcConversation) controls = full_conversation ();
  char every[160];
  guint k = 0;
  OcConversation *cases[3];

  /* Every ASCII byte (U+001F among them: json-glib writes that one raw). */
  for (guint i = 1; i < 128; i++)
    every[k++] = (char) i;
  strcpy (every + k, "é😀\u2028");
  oc_conversation_set_subject (controls, every);
  oc_conversation_set_customer_name (controls, "\x1f\x1f\"\\");

  cases[0] = full;
  cases[1] = sparse;
  cases[2] = controls;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *built = write_one ((gpointer) oc_protocol_write_conversation, cases[i]);
      g_autoptr(GString) appended = g_string_new ("[");
      g_autofree char *event = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(OcEvent) parsed = NULL;

      oc_protocol_append_conversation (appended, cases[i]);
      g_assert_cmpstr (appended->str + 1, ==, built);

      /* Valid JSON for a strict reader, and the same object back. */
      g_assert_null (memchr (built, 0x1F, strlen (built)));
      event = upsert_json ("conversation.upsert", "conversation", built);
      parsed = parse_event (event, &error);
      if (i == 1)
        {
          /* No status, queue or times: written as is, refused on reading. */
          g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MISSING_FIELD);
          continue;
        }
      g_assert_no_error (error);
      assert_conversations_equal (cases[i], parsed->conversation);
    }
}

/* The appender and JsonBuilder over many conversations made of hostile
 * pieces: control characters, quotes, DEL, U+2028, emoji, long text, no
 * text at all, times at and past both ends of what RFC 3339 can carry. */
static void
test_append_matches_builder_varied (void)
{
  static const char *texts[] = {
    NULL, "", "plain", "\"\\\"\\", "\x01\x02\x1f\x7f", "\b\f\n\r\t", "é😀\u2028\u2029",
    "</script><!--", "\xef\xbb\xbf BOM", "a\\u0000b", "{\"json\": [1, 2]}", "\u00a0\u200b",
  };
  static const char *ids[] = { NULL, "q-1", "A.b_c:d-9", "x" };
  static const gint64 times[] = {
    0, 1, -5, 1795627940, G_GINT64_CONSTANT (253402300799), G_GINT64_CONSTANT (253402300800),
    G_MAXINT64, G_MININT64,
  };
  static const gint64 numbers[] = { 0, 1, -1, 129, OC_PROTOCOL_MAX_REVISION, G_MAXINT64, G_MININT64 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  g_autofree char *long_text = g_strnfill (5000, 'w');

#define PICK(array) (array[g_rand_int_range (rand, 0, G_N_ELEMENTS (array))])
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%u", i);
      g_autoptr(OcConversation) c = oc_conversation_new (id);
      g_autoptr(GPtrArray) skills = g_ptr_array_new ();
      g_autofree char *built = NULL;
      g_autoptr(GString) appended = g_string_new (NULL);
      guint n_skills = g_rand_int_range (rand, 0, 70);

      for (guint k = 0; k < n_skills; k++)
        {
          const char *skill = PICK (texts);

          if (skill != NULL && *skill != '\0')
            g_ptr_array_add (skills, (gpointer) skill);
        }
      g_ptr_array_add (skills, NULL);

      oc_conversation_set_revision (c, PICK (numbers));
      oc_conversation_set_subject (c, i % 50 == 0 ? long_text : PICK (texts));
      oc_conversation_set_status (c, g_rand_int_range (rand, 0, OC_STATUS_CLOSED + 1));
      oc_conversation_set_channel (c, g_rand_int_range (rand, 0, OC_CHANNEL_VOICE + 1));
      oc_conversation_set_sub_channel (c, PICK (texts));
      oc_conversation_set_queue_id (c, PICK (ids));
      oc_conversation_set_workstream_id (c, PICK (ids));
      oc_conversation_set_agent_id (c, PICK (ids));
      oc_conversation_set_customer_name (c, PICK (texts));
      oc_conversation_set_created_at (c, PICK (times));
      oc_conversation_set_status_since (c, PICK (times));
      oc_conversation_set_first_assigned_at (c, PICK (times));
      oc_conversation_set_wait_seconds (c, PICK (numbers));
      oc_conversation_set_waiting_since (c, PICK (times));
      oc_conversation_set_sentiment (c, g_rand_int_range (rand, 0, OC_SENTIMENT_VERY_POSITIVE + 1));
      oc_conversation_set_skills (c, (const char **) skills->pdata);
      /* From i, not the generator: the draws above stay as they were. */
      oc_conversation_set_flag (c, texts[i % G_N_ELEMENTS (texts)], i % 3 ? times[i % G_N_ELEMENTS (times)] : 0,
                                times[(i / 3) % G_N_ELEMENTS (times)], ids[i % G_N_ELEMENTS (ids)]);

      built = write_one ((gpointer) oc_protocol_write_conversation, c);
      oc_protocol_append_conversation (appended, c);
      g_assert_cmpstr (appended->str, ==, built);
      /* And JSON a strict reader takes, whatever went in. */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) node = oc_protocol_parse_json (built, strlen (built), G_MAXSIZE, &error);

        g_assert_no_error (error);
      }
    }
#undef PICK
}

static void
test_round_trip_snapshot (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(OcConversation) c = full_conversation ();
  g_autoptr(OcSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, 5);
  json_builder_set_member_name (builder, "queues");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "workstreams");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "agents");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "conversations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < 50; i++)
    oc_protocol_write_conversation (builder, c);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json = oc_protocol_builder_to_string (builder, &length);
  g_assert_cmpuint (length, ==, strlen (json));

  snapshot = oc_protocol_parse_snapshot (json, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->conversations->len, ==, 50);
  for (guint i = 0; i < 50; i++)
    assert_conversations_equal (c, snapshot->conversations->pdata[i]);
}

static void
test_object_parsers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *deep = nested (40, '[', ']');
  g_autofree char *json = object_json (conversation_fields, NULL, NULL, NULL);
  g_autoptr(OcConversation) c = NULL;

  /* The same gate as every other parser: depth, size, nothing at all. */
  c = oc_protocol_parse_conversation (deep, strlen (deep), G_MAXSIZE, NULL, &error);
  g_assert_null (c);
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_DEEP);
  g_clear_error (&error);

  c = oc_protocol_parse_conversation (json, strlen (json), 64, NULL, &error);
  g_assert_null (c);
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  c = oc_protocol_parse_conversation (NULL, 0, G_MAXSIZE, NULL, &error);
  g_assert_null (c);
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  c = oc_protocol_parse_conversation (json, strlen (json), G_MAXSIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (oc_conversation_get_id (c), ==, "c-000042");
}

/* oc_protocol_parse_json() reads with our reader and builds json-glib's
 * tree: for valid JSON it must be the tree json-glib's own parser gives, to
 * the byte once written out. */
static void
test_json_same_tree (void)
{
  static const char *inputs[] = {
    "{}", "[]", "null", "true", "false", "0", "-0", "7", "-12", "\"\"", "\"x\"",
    "9007199254740993", "-9007199254740993", "1234567890123456789", "9223372036854775807",
    "-9223372036854775808", "999999999999999999", "1.5", "-0.25", "1e3", "1E-7", "2.5e+10",
    "0.1", "3.141592653589793", "1e308", "5e-324", "123456789.123456789",
    "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u20AC\\ud83d\\ude00 \\u001f \\u007f\"",
    "\"Zoë Ødegård أمينة 😀\"", "\"a\\u0000b\"",
    "{\"a\": 1, \"b\": [true, false, null], \"c\": {\"d\": \"e\"}}",
    "{\"a\": 1, \"a\": 2, \"b\": 3, \"a\": {\"x\": []}}",
    " \t\r\n[ 1 , [ [ ] ] , { } , \"\" ] \n",
    "{\"\": 0, \"\\u00e9\": \"k\\\"ey\", \"é\": 1}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) ours = oc_protocol_parse_json (inputs[i], strlen (inputs[i]), G_MAXSIZE, &error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *ours_text = NULL;
      g_autofree char *theirs_text = NULL;

      g_test_message ("input %s", inputs[i]);
      g_assert_no_error (error);
      g_assert_true (json_node_is_immutable (ours));
      g_assert_true (json_parser_load_from_data (parser, inputs[i], -1, &error));
      g_assert_no_error (error);
      ours_text = json_to_string (ours, FALSE);
      theirs_text = json_to_string (json_parser_get_root (parser), FALSE);
      g_assert_cmpstr (ours_text, ==, theirs_text);
    }
}

/* What json-glib 1.6 takes but JSON (RFC 8259) is not: refused as malformed,
 * on every path. Integers past 64 bits are read as doubles (json-glib wraps
 * them around). */
static void
test_json_strict (void)
{
  static const char *inputs[] = {
    "var a = {}", "01", "-01", "0x10", "'str'", "{'a': 1}", "/* c */ {}", "1.", ".5", "[1] [2]",
    "\"a\x01b\"", "\"\\x41\"", "\"\\'\"", "[1,]", "{\"a\":1,}", "NaN", "+1", "\"\\ud800\"",
    "\"\\udc00x\"", "\"\\u12\"", "", " ", "[", "{\"a\"}", "tru", "nul",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = oc_protocol_parse_json (inputs[i], strlen (inputs[i]), G_MAXSIZE, &error);

      g_test_message ("input %s", inputs[i]);
      g_assert_null (node);
      g_assert_true (error->domain == OC_PROTOCOL_ERROR);
      g_assert_true (error->code == OC_PROTOCOL_ERROR_MALFORMED || error->code == OC_PROTOCOL_ERROR_INVALID_UTF8);
    }

  {
    const char *big = "[18446744073709551616, -9223372036854775809]";
    g_autoptr(JsonNode) node = oc_protocol_parse_json (big, strlen (big), G_MAXSIZE, NULL);
    JsonArray *array = json_node_get_array (node);

    g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 0)), ==, G_TYPE_DOUBLE);
    g_assert_cmpfloat (json_array_get_double_element (array, 0), ==, 18446744073709551616.0);
    g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, -9223372036854775809.0);
  }
}

static void
test_audit_entry (void)
{
  static const char refused[] =
    "{\"seq\": 418, \"at\": \"2026-11-25T17:03:12Z\", \"user\": \"sam\", \"action\": \"assign\","
    " \"conversation_id\": \"c-000042\", \"outcome\": \"refused\", \"code\": \"capacity-full\","
    " \"reason\": \"The agent has no free capacity.\", \"agent_id\": \"a-007\"}";
  static const char page[] =
    "{\"entries\": [{\"seq\": 2, \"at\": \"2026-11-25T17:03:20Z\", \"user\": \"kim\", \"action\": \"dance\","
    "  \"conversation_id\": \"c-1\", \"outcome\": \"done\"},"
    " {\"seq\": 0, \"at\": \"2026-11-25T17:03:20Z\", \"user\": \"kim\", \"action\": \"join\","
    "  \"conversation_id\": \"c-1\", \"outcome\": \"done\"},"
    " {\"seq\": 1, \"at\": \"2026-11-25T17:03:10Z\", \"user\": \"sam\", \"action\": \"join\","
    "  \"conversation_id\": \"bad id\", \"outcome\": \"done\"}],"
    " \"next_before\": null}";
  g_autoptr(GError) error = NULL;
  g_autoptr(OcAuditEntry) entry = oc_protocol_parse_audit_entry (refused, sizeof refused - 1, G_MAXSIZE, NULL, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(OcAuditEntry) again = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(OcEvent) event = NULL;
  g_autofree char *json = NULL;
  gint64 next = -1;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_cmpint (oc_audit_entry_get_seq (entry), ==, 418);
  g_assert_cmpint (oc_audit_entry_get_action (entry), ==, OC_AUDIT_ACTION_ASSIGN);
  g_assert_cmpint (oc_audit_entry_get_outcome (entry), ==, OC_AUDIT_OUTCOME_REFUSED);
  g_assert_cmpstr (oc_audit_entry_get_code (entry), ==, "capacity-full");
  g_assert_cmpstr (oc_audit_entry_get_agent_id (entry), ==, "a-007");
  g_assert_null (oc_audit_entry_get_queue_id (entry));

  /* Written and read back, the same. */
  oc_protocol_write_audit_entry (builder, entry);
  json = oc_protocol_builder_to_string (builder, &length);
  again = oc_protocol_parse_audit_entry (json, length, G_MAXSIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (oc_audit_entry_get_at (again), ==, oc_audit_entry_get_at (entry));
  g_assert_cmpstr (oc_audit_entry_get_reason (again), ==, "The agent has no free capacity.");
  g_assert_cmpstr (oc_audit_entry_get_user (again), ==, "sam");

  /* An unknown action reads as unknown; bad entries are skipped, noted. */
  entries = oc_protocol_parse_audit_page (page, sizeof page - 1, &next, warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (oc_audit_entry_get_action (g_ptr_array_index (entries, 0)), ==, OC_AUDIT_ACTION_UNKNOWN);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_cmpint (next, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = oc_protocol_parse_audit_page ("{\"entries\": {}}", 15, &next, NULL, &error);
  g_assert_null (entries);
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_WRONG_TYPE);
  g_clear_error (&error);

  {
    g_autofree char *frame = g_strdup_printf ("{\"type\": \"audit.entry\", \"revision\": 1209, \"entry\": %s}", json);

    event = oc_protocol_parse_event (frame, strlen (frame), OC_PROTOCOL_MAX_EVENT_FRAME, &error);
    g_assert_no_error (error);
    g_assert_cmpint (event->type, ==, OC_EVENT_AUDIT_ENTRY);
    g_assert_cmpint (event->revision, ==, 1209);
    g_assert_cmpint (oc_audit_entry_get_seq (event->audit_entry), ==, 418);
  }
}

static void
test_conversation_flag (void)
{
  static const char up[] =
    "{\"id\": \"c-1\", \"status\": \"active\", \"channel\": \"voice\", \"queue_id\": \"q\","
    " \"workstream_id\": \"w\", \"created_at\": \"2026-11-25T17:00:00Z\","
    " \"flag\": {\"reason\": \"<b>help</b>\", \"raised_at\": \"2026-11-25T17:03:00Z\", \"lowered_at\": null}}";
  static const char lowered[] =
    "{\"id\": \"c-1\", \"status\": \"active\", \"channel\": \"voice\", \"queue_id\": \"q\","
    " \"workstream_id\": \"w\", \"created_at\": \"2026-11-25T17:00:00Z\","
    " \"flag\": {\"reason\": \"x\", \"raised_at\": \"2026-11-25T17:03:00Z\","
    " \"lowered_at\": \"2026-11-25T17:04:00Z\", \"lowered_by\": \"sam\"}}";
  static const char no_time[] =
    "{\"id\": \"c-1\", \"status\": \"active\", \"channel\": \"voice\", \"queue_id\": \"q\","
    " \"workstream_id\": \"w\", \"created_at\": \"2026-11-25T17:00:00Z\", \"flag\": {\"reason\": \"x\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(OcConversation) a = oc_protocol_parse_conversation (up, sizeof up - 1, G_MAXSIZE, NULL, &error);
  g_autoptr(OcConversation) b = NULL;
  g_autoptr(OcConversation) c = NULL;

  g_assert_no_error (error);
  g_assert_true (oc_conversation_is_flagged (a));
  g_assert_cmpstr (oc_conversation_get_flag_reason (a), ==, "<b>help</b>");
  g_assert_cmpint (oc_conversation_get_flag_lowered_at (a), ==, 0);

  b = oc_protocol_parse_conversation (lowered, sizeof lowered - 1, G_MAXSIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (oc_conversation_is_flagged (b));
  g_assert_cmpstr (oc_conversation_get_flag_lowered_by (b), ==, "sam");
  g_assert_cmpint (oc_conversation_get_flag_lowered_at (b), >, oc_conversation_get_flag_raised_at (b));

  /* An update lowers it in place. */
  g_assert_true (oc_conversation_update_from (a, b));
  g_assert_false (oc_conversation_is_flagged (a));
  g_assert_cmpstr (oc_conversation_get_flag_lowered_by (a), ==, "sam");

  c = oc_protocol_parse_conversation (no_time, sizeof no_time - 1, G_MAXSIZE, NULL, &error);
  g_assert_null (c);
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MISSING_FIELD);
}

static void
test_presence_event (void)
{
  static const char frame[] =
    "{\"type\": \"conversation.presence\", \"revision\": 7, \"conversation_id\": \"c-1\","
    " \"watchers\": [{\"user\": \"kim\", \"monitoring\": true, \"joined\": false},"
    " {\"monitoring\": true}, 3, {\"user\": \"<b>sam</b>\", \"joined\": true}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(OcEvent) event = oc_protocol_parse_event (frame, sizeof frame - 1, OC_PROTOCOL_MAX_EVENT_FRAME, &error);
  OcWatcher *kim, *sam;

  g_assert_no_error (error);
  g_assert_cmpint (event->type, ==, OC_EVENT_CONVERSATION_PRESENCE);
  g_assert_cmpstr (event->id, ==, "c-1");
  /* Watchers without a user are dropped; the rest stand. */
  g_assert_cmpuint (event->watchers->len, ==, 2);
  kim = g_ptr_array_index (event->watchers, 0);
  sam = g_ptr_array_index (event->watchers, 1);
  g_assert_cmpstr (oc_watcher_get_user (kim), ==, "kim");
  g_assert_true (oc_watcher_get_monitoring (kim));
  g_assert_false (oc_watcher_get_joined (kim));
  g_assert_cmpstr (oc_watcher_get_user (sam), ==, "<b>sam</b>");
  g_assert_false (oc_watcher_get_monitoring (sam));
  g_assert_true (oc_watcher_get_joined (sam));

  g_clear_pointer (&event, oc_event_free);
  event = oc_protocol_parse_event ("{\"type\": \"conversation.presence\", \"conversation_id\": \"c-1\"}", 59,
                                   OC_PROTOCOL_MAX_EVENT_FRAME, &error);
  g_assert_null (event);
  g_assert_error (error, OC_PROTOCOL_ERROR, OC_PROTOCOL_ERROR_MISSING_FIELD);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/conversation/good", test_conversation_good);
  g_test_add_func ("/protocol/conversation/defaults", test_conversation_defaults);
  g_test_add_func ("/protocol/agent/good", test_agent_good);
  g_test_add_func ("/protocol/queue-workstream/good", test_queue_workstream_good);
  g_test_add_func ("/protocol/message/good", test_message_good);
  g_test_add_func ("/protocol/event/types", test_event_types);
  g_test_add_func ("/protocol/audit-entry", test_audit_entry);
  g_test_add_func ("/protocol/presence-event", test_presence_event);
  g_test_add_func ("/protocol/conversation/flag", test_conversation_flag);
  g_test_add_func ("/protocol/me-and-error-body", test_me_and_error_body);
  g_test_add_func ("/protocol/time", test_time);
  g_test_add_func ("/protocol/time/same-as-gdatetime", test_time_same_as_gdatetime);
  g_test_add_func ("/protocol/ids", test_ids);
  g_test_add_func ("/protocol/bad/table", test_bad_table);
  g_test_add_func ("/protocol/bad/depth", test_depth);
  g_test_add_func ("/protocol/bad/size", test_size);
  g_test_add_func ("/protocol/bad/nul-bytes", test_nul_bytes);
  g_test_add_func ("/protocol/cut/strings", test_cut_strings);
  g_test_add_func ("/protocol/cut/text-and-skills", test_cut_text_and_skills);
  g_test_add_func ("/protocol/unknown/fields-and-values", test_unknown_fields_and_values);
  g_test_add_func ("/protocol/snapshot/good", test_snapshot_good);
  g_test_add_func ("/protocol/snapshot/skips-bad", test_snapshot_skips_bad);
  g_test_add_func ("/protocol/snapshot/skips-unreadable", test_snapshot_skips_unreadable);
  g_test_add_func ("/protocol/snapshot/shape", test_snapshot_shape);
  g_test_add_func ("/protocol/snapshot/reader", test_snapshot_reader);
  g_test_add_func ("/protocol/round-trip/conversation", test_round_trip_conversation);
  g_test_add_func ("/protocol/round-trip/others", test_round_trip_others);
  g_test_add_func ("/protocol/round-trip/snapshot", test_round_trip_snapshot);
  g_test_add_func ("/protocol/write/documented-conversation", test_write_documented_conversation);
  g_test_add_func ("/protocol/write/append-matches-builder", test_append_matches_builder);
  g_test_add_func ("/protocol/write/append-matches-builder/varied", test_append_matches_builder_varied);
  g_test_add_func ("/protocol/object-parsers", test_object_parsers);
  g_test_add_func ("/protocol/json/same-tree-as-json-glib", test_json_same_tree);
  g_test_add_func ("/protocol/json/strict", test_json_strict);

  return g_test_run ();
}
