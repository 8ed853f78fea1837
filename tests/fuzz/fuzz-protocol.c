// SPDX-License-Identifier: GPL-3.0-or-later
/* libFuzzer target for the wire parsers: every input goes to the event and
 * the snapshot parsers (and the small ones). Whatever parses must write back
 * and parse again to an equal object: a crash, a sanitizer report or a failed
 * round trip is a finding. Built with -Dfuzzing=true (clang). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "oc-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_conversation_round_trip (OcConversation *c)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(OcConversation) back = NULL;
  g_autoptr(OcConversation) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GString) appended = g_string_new (NULL);
  gsize length;

  oc_protocol_write_conversation (builder, c);
  json = oc_protocol_builder_to_string (builder, &length);
  oc_protocol_append_conversation (appended, c);
  if (strcmp (appended->str, json) != 0)
    g_error ("append and builder disagree:\n%s\n%s", appended->str, json);
  back = oc_protocol_parse_conversation (json, length, G_MAXSIZE, NULL, &error);
  if (back == NULL)
    g_error ("written conversation does not read back: %s", error->message);

  copy = oc_conversation_new (oc_conversation_get_id (c));
  oc_conversation_update_from (copy, c);
  if (oc_conversation_update_from (copy, back))
    g_error ("conversation changed in a round trip: %s", json);
}

static void
check_message_round_trip (OcMessage *m)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(OcMessage) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gsize length;

  oc_protocol_write_message (builder, m);
  json = oc_protocol_builder_to_string (builder, &length);
  back = oc_protocol_parse_message (json, length, G_MAXSIZE, NULL, &error);
  if (back == NULL)
    g_error ("written message does not read back: %s", error->message);
  if (oc_message_get_seq (back) != oc_message_get_seq (m) ||
      oc_message_get_at (back) != oc_message_get_at (m) ||
      oc_message_get_sender_role (back) != oc_message_get_sender_role (m) ||
      oc_message_get_kind (back) != oc_message_get_kind (m) ||
      strcmp (oc_message_get_text (back), oc_message_get_text (m)) != 0 ||
      strcmp (oc_message_get_sender_name (back), oc_message_get_sender_name (m)) != 0)
    g_error ("message changed in a round trip: %s", json);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(OcEvent) event = NULL;
  g_autoptr(OcSnapshot) snapshot = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *user = NULL;
  OcRole role;

  event = oc_protocol_parse_event (text, size, OC_PROTOCOL_MAX_TRANSCRIPT_FRAME, NULL);
  if (event != NULL && event->conversation != NULL)
    check_conversation_round_trip (event->conversation);
  if (event != NULL && event->message != NULL)
    check_message_round_trip (event->message);

  snapshot = oc_protocol_parse_snapshot (text, size, NULL);
  if (snapshot != NULL)
    for (guint i = 0; i < snapshot->conversations->len; i++)
      check_conversation_round_trip (snapshot->conversations->pdata[i]);

  /* The json-glib trees (Dataverse, request bodies) and the object readers. */
  node = oc_protocol_parse_json (text, size, OC_PROTOCOL_MAX_EVENT_FRAME, NULL);
  if (node != NULL)
    {
      g_autoptr(OcConversation) c = oc_protocol_parse_conversation (text, size, OC_PROTOCOL_MAX_EVENT_FRAME, NULL, NULL);
      g_autoptr(OcAgent) a = oc_protocol_parse_agent (text, size, OC_PROTOCOL_MAX_EVENT_FRAME, NULL, NULL);
      g_autoptr(OcWorkstream) w = oc_protocol_parse_workstream (text, size, OC_PROTOCOL_MAX_EVENT_FRAME, NULL, NULL);

      if (c != NULL)
        check_conversation_round_trip (c);
      if (a != NULL && oc_agent_get_id (a) == NULL)
        g_error ("agent without an id");
      if (w != NULL && oc_workstream_get_id (w) == NULL)
        g_error ("workstream without an id");
    }

  oc_protocol_parse_error_body (text, size, &code, &message);
  oc_protocol_parse_me (text, size, &user, &role, NULL);

  return 0;
}
