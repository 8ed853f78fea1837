// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "dataverse-fixture.h"
#include "fake-dataverse-metadata.h"

/* OcDataverseSource's actions and transcripts against the fake: the right
 * Dataverse message with the right body when actions are on, the workspace
 * when they are off or refused, saved transcripts read and then ended. */

static void
on_action_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  GError *local_error = NULL;

  if (oc_source_action_finish (OC_SOURCE (object), result, &local_error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "success");
  else
    *error = local_error;
}

/* Runs an action and returns its error, or a G_IO_ERROR_EXISTS "success". */
static GError *
run_action (Fixture    *f,
            const char *verb,
            const char *conversation_id,
            const char *agent_id,
            const char *queue_id)
{
  GError *error = NULL;
  OcSource *source = OC_SOURCE (f->source);

  if (g_str_equal (verb, "assign"))
    oc_source_assign_async (source, conversation_id, agent_id, queue_id, NULL, on_action_done, &error);
  else if (g_str_equal (verb, "transfer"))
    oc_source_transfer_async (source, conversation_id, agent_id, NULL, on_action_done, &error);
  else if (g_str_equal (verb, "force-close"))
    oc_source_force_close_async (source, conversation_id, NULL, on_action_done, &error);
  else if (g_str_equal (verb, "join"))
    oc_source_join_async (source, conversation_id, NULL, on_action_done, &error);
  else
    oc_source_send_message_async (source, conversation_id, "hello", NULL, on_action_done, &error);

  g_assert_true (oc_test_wait_until (oc_test_pointer_set, &error, 10000));
  return error;
}

static void
test_actions_off (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *workspace = NULL;
  const char * const verbs[] = { "assign", "transfer", "force-close", "join", "message" };

  /* Off by default: the backend says so, and every action points to the
   * conversation's page in the Customer Service workspace. */
  g_assert_cmpuint (oc_source_get_capabilities (OC_SOURCE (f->source)), ==, OC_SOURCE_HAS_WORKSPACE);
  g_assert_false (oc_source_can (OC_SOURCE (f->source), OC_SOURCE_CAN_MONITOR_LIVE));

  workspace = oc_source_get_workspace_url (OC_SOURCE (f->source), C1);
  g_assert_true (g_str_has_prefix (workspace, fake_dataverse_get_url (f->fake)));
  g_assert_true (g_str_has_suffix (workspace,
                                   "/main.aspx?appname=msdyn_CustomerServiceWorkspace"
                                   "&pagetype=entityrecord&etn=msdyn_ocliveworkitem&id=" C1));

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autoptr(GError) error = run_action (f, verbs[i], C1, U_ANA, NULL);

      g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RULE_BROKEN);
      g_assert_nonnull (strstr (error->message, workspace));
    }
  g_assert_cmpuint (fake_dataverse_get_actions (f->fake)->len, ==, 0);
}

static void
test_actions_on (Fixture       *f,
                 gconstpointer  data)
{
  GPtrArray *actions = fake_dataverse_get_actions (f->fake);
  GError *error;

  oc_dataverse_source_set_actions_enabled (f->source, TRUE);
  g_assert_true (oc_source_can (OC_SOURCE (f->source), OC_SOURCE_CAN_ASSIGN | OC_SOURCE_CAN_TRANSFER |
                                                       OC_SOURCE_CAN_FORCE_CLOSE | OC_SOURCE_HAS_WORKSPACE));
  g_assert_false (oc_source_can (OC_SOURCE (f->source), OC_SOURCE_CAN_JOIN));

  /* What Dataverse cannot do from outside is reported, with why, never
   * faked (#22): not even with actions on. */
  {
    static const OcSourceCapabilities missing[] = {
      OC_SOURCE_CAN_WHISPER, OC_SOURCE_CAN_LOWER_FLAG, OC_SOURCE_HAS_PRESENCE, OC_SOURCE_HAS_AUDIT_LOG,
    };
    GError *refused = NULL;
    guint before = actions->len;

    for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
      {
        g_assert_false (oc_source_can (OC_SOURCE (f->source), missing[i]));
        g_assert_nonnull (strstr (oc_source_get_unavailable_reason (OC_SOURCE (f->source), missing[i]),
                                  "Dynamics 365"));
      }
    oc_source_whisper_async (OC_SOURCE (f->source), C2, "psst", NULL, on_action_done, &refused);
    g_assert_true (oc_test_wait_until (oc_test_pointer_set, &refused, 10000));
    g_assert_error (refused, OC_SOURCE_ERROR, OC_SOURCE_ERROR_FORBIDDEN);
    g_clear_error (&refused);
    g_assert_cmpuint (actions->len, ==, before);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (oc_source_get_audit_log (OC_SOURCE (f->source)))), ==, 0);
  }

  error = run_action (f, "assign", C1, U_ANA, NULL);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  error = run_action (f, "assign", C1, NULL, Q_SUPPORT);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  error = run_action (f, "transfer", C2, U_BEN, NULL);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  error = run_action (f, "force-close", C4, NULL, NULL);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_cmpuint (actions->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (actions, 0), ==,
                   "CCaaS_AssignConversation " C1 " {\"AgentId\":\"" U_ANA "\"}");
  g_assert_cmpstr (g_ptr_array_index (actions, 1), ==,
                   "CCaaS_InitiateQueueAssignment " C1 " {\"QueueId\":\"" Q_SUPPORT "\"}");
  g_assert_cmpstr (g_ptr_array_index (actions, 2), ==,
                   "CCaaS_InitiateAgentTransferBySupervisor " C2 " {\"AgentId\":\"" U_BEN "\"}");
  g_assert_cmpstr (g_ptr_array_index (actions, 3), ==, "CCaaS_ForceCloseConversation " C4 " {}");

  /* Joining still has no Dataverse path. */
  error = run_action (f, "join", C2, NULL, NULL);
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RULE_BROKEN);
  g_clear_error (&error);
  g_assert_cmpuint (actions->len, ==, 4);

  /* The org refuses: its reason, and the workspace to do it there. */
  fake_dataverse_refuse_actions (f->fake, TRUE);
  error = run_action (f, "force-close", C3, NULL, NULL);
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RULE_BROKEN);
  g_assert_nonnull (strstr (error->message, "not in a state that allows"));
  g_assert_nonnull (strstr (error->message, "etn=msdyn_ocliveworkitem&id=" C3));
  g_assert_null (strstr (error->message, "Omnichannel API access"));
  g_clear_error (&error);

  /* A bad id never reaches the org. */
  error = run_action (f, "force-close", "C1) or (x", NULL, NULL);
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_cmpuint (actions->len, ==, 5);
}

/* Microsoft: "If you're unable to assign conversations successfully, verify
 * that the Omnichannel API access role isn't assigned to you." A refusal
 * says so when the user holds it. */
static void
test_api_access_role (Fixture       *f,
                      gconstpointer  data)
{
  GError *error;

  fake_dataverse_give_api_access_role (f->fake);
  oc_dataverse_source_set_actions_enabled (f->source, TRUE);
  start_live (f);
  fake_dataverse_refuse_actions (f->fake, TRUE);

  error = run_action (f, "assign", C1, U_ANA, NULL);
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RULE_BROKEN);
  g_assert_nonnull (strstr (error->message, "Omnichannel API access role"));
  g_assert_nonnull (strstr (error->message, "etn=msdyn_ocliveworkitem&id=" C1));
  g_clear_error (&error);
}

/* The same when the role comes through one of the user's teams. */
static void
test_api_access_role_through_team (Fixture       *f,
                                   gconstpointer  data)
{
  GError *error;

  fake_dataverse_give_api_access_role (f->fake);
  fake_dataverse_give_roles_through_team (f->fake);
  oc_dataverse_source_set_actions_enabled (f->source, TRUE);
  start_live (f);
  g_assert_cmpint (oc_source_get_role (OC_SOURCE (f->source)), ==, OC_ROLE_SUPERVISOR);
  fake_dataverse_refuse_actions (f->fake, TRUE);

  error = run_action (f, "assign", C1, U_ANA, NULL);
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RULE_BROKEN);
  g_assert_nonnull (strstr (error->message, "Omnichannel API access role"));
  g_clear_error (&error);
}

/* ------------------------------------------------------------------------ */
/* Transcripts */

static void
add_transcript (FakeDataverse *fake,
                const char    *transcript_id,
                const char    *conversation_id,
                const char    *document)
{
  g_autofree char *row = NULL;
  g_autofree char *encoded = g_base64_encode ((const guchar *) document, strlen (document));
  g_autofree char *note = NULL;

  row = g_strdup_printf ("{\"msdyn_transcriptid\": \"%s\", \"_msdyn_liveworkitemidid_value\": \"%s\"}",
                         transcript_id, conversation_id);
  fake_dataverse_add (fake, "msdyn_transcripts", row);
  note = g_strdup_printf ("{\"annotationid\": \"%s\", \"isdocument\": true, \"_objectid_value\": \"%s\","
                          " \"documentbody\": \"%s\", \"createdon\": \"2026-01-01T00:00:00Z\"}",
                          transcript_id, transcript_id, encoded);
  fake_dataverse_add (fake, "annotations", note);
}

static gboolean
transcript_settled (gpointer data)
{
  OcTranscriptState state = oc_transcript_get_state (data);

  return state == OC_TRANSCRIPT_STATE_ENDED || state == OC_TRANSCRIPT_STATE_FAILED;
}

static OcTranscript *
open_settled (Fixture    *f,
              const char *conversation_id)
{
  OcTranscript *transcript = oc_source_open_transcript (OC_SOURCE (f->source), conversation_id);

  /* Ending flushes the pending batch: all it will show is shown. */
  g_assert_true (oc_test_wait_until (transcript_settled, transcript, WAIT_MS));
  return transcript;
}

static void
test_transcript (Fixture       *f,
                 gconstpointer  data)
{
  /* The saved transcript: an array whose entry's "Content" is a JSON string
   * of messages, as Omnichannel writes it. */
  const char *messages =
    "[{\"id\":\"1\",\"created\":\"2026-01-01T10:00:05Z\",\"content\":\"<p>Hi &amp; hello</p>\","
    "  \"from\":{\"application\":{\"displayName\":\"Visitor\"}}},"
    " {\"id\":\"2\",\"created\":\"2026-01-01T10:00:01Z\",\"content\":\"Conversation started\",\"tags\":\"system\"},"
    " {\"id\":\"3\",\"created\":\"2026-01-01T10:00:10Z\",\"content\":\"How can I help?\","
    "  \"from\":{\"user\":{\"displayName\":\"Ana Agent\"}},\"isFromAgent\":true},"
    " {\"id\":\"4\",\"created\":\"2026-01-01T10:00:11Z\",\"content\":\"{typing}\",\"isControlMessage\":true},"
    " {\"id\":\"5\",\"created\":\"2026-01-01T10:00:12Z\",\"content\":\"I can check that.\","
    "  \"from\":{\"application\":{\"displayName\":\"Helper bot\"}},\"tags\":\"FromBotAgent,public\"}]";
  g_autoptr(JsonNode) content = json_node_new (JSON_NODE_VALUE);
  g_autofree char *quoted = NULL;
  g_autofree char *document = NULL;
  g_autoptr(OcTranscript) transcript = NULL;
  g_autoptr(OcTranscript) empty = NULL;
  g_autoptr(OcTranscript) broken = NULL;
  static const OcSender senders[] = { OC_SENDER_SYSTEM, OC_SENDER_CUSTOMER, OC_SENDER_AGENT, OC_SENDER_BOT };
  static const char * const texts[] = { "Conversation started", "Hi & hello", "How can I help?", "I can check that." };

  json_node_set_string (content, messages);
  quoted = json_to_string (content, FALSE);
  document = g_strdup_printf ("[{\"Id\":\"t\",\"Content\":%s}]", quoted);
  add_transcript (f->fake, "71000000-0000-0000-0000-000000000001", C2, document);
  add_transcript (f->fake, "71000000-0000-0000-0000-000000000002", C4, "this is not JSON");

  transcript = open_settled (f, C2);
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_ENDED);
  g_assert_cmpstr (oc_transcript_get_ended_reason (transcript), ==, "not-live");
  g_assert_nonnull (strstr (oc_transcript_get_status_message (transcript), "does not stream live messages"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(OcMessage) message = g_list_model_get_item (G_LIST_MODEL (transcript), i);

      g_assert_cmpint (oc_message_get_seq (message), ==, i + 1);
      g_assert_cmpint (oc_message_get_sender_role (message), ==, senders[i]);
      g_assert_cmpstr (oc_message_get_text (message), ==, texts[i]);
    }
  {
    g_autoptr(OcMessage) agent = g_list_model_get_item (G_LIST_MODEL (transcript), 2);
    g_assert_cmpstr (oc_message_get_sender_name (agent), ==, "Ana Agent");
  }

  /* No transcript saved yet: nothing to show, and it says why. */
  empty = open_settled (f, C1);
  g_assert_cmpint (oc_transcript_get_state (empty), ==, OC_TRANSCRIPT_STATE_ENDED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (empty)), ==, 0);

  /* A note that is not a transcript: a clear failure, not a crash. */
  broken = open_settled (f, C4);
  g_assert_cmpint (oc_transcript_get_state (broken), ==, OC_TRANSCRIPT_STATE_FAILED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (broken)), ==, 0);
}

#define C_CALL   "0e000000-0000-0000-0000-000000000010"

/* A voice call: Dynamics 365 keeps its transcript in a file whose format
 * Microsoft does not publish, so the console says so rather than showing
 * an empty transcript; a chat without a saved one says there is none yet. */
static void
test_transcript_voice (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(OcTranscript) call = NULL;
  g_autoptr(OcTranscript) chat = NULL;

  dataverse_floor_add_conversation (f->fake, C_CALL, 0, 2, 300, WS_VOICE, Q_SUPPORT, U_ANA, 200, 10, NULL);
  fake_dataverse_add (f->fake, "msdyn_transcripts",
                      "{\"msdyn_transcriptid\": \"71000000-0000-0000-0000-000000000009\","
                      " \"_msdyn_liveworkitemidid_value\": \"" C_CALL "\","
                      " \"msdyn_voicetranscript_name\": \"transcript.json\"}");
  start_live (f);
  g_assert_cmpint (oc_conversation_get_channel (oc_conversation_store_lookup (f->store, C_CALL)), ==,
                   OC_CHANNEL_VOICE);

  call = open_settled (f, C_CALL);
  g_assert_cmpint (oc_transcript_get_state (call), ==, OC_TRANSCRIPT_STATE_ENDED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (call)), ==, 0);
  g_assert_nonnull (strstr (oc_transcript_get_status_message (call),
                            "Dynamics 365 does not make this call's transcript available to other apps"));
  g_assert_nonnull (strstr (oc_transcript_get_status_message (call), "does not publish the format"));

  chat = open_settled (f, C1);
  g_assert_cmpint (oc_transcript_get_state (chat), ==, OC_TRANSCRIPT_STATE_ENDED);
  g_assert_nonnull (strstr (oc_transcript_get_status_message (chat), "has saved no transcript"));
  g_assert_null (strstr (oc_transcript_get_status_message (chat), "call"));
}

/* The shapes Microsoft documents ("Download transcripts in bulk"), as a
 * bare list: a control message, a system message from the bot application,
 * the customer's line (from.user "Customer", tags private + parentID), an
 * agent's public line, an internal line between agents (private), a file
 * sent, and numeric entities. */
static void
test_transcript_documented (Fixture       *f,
                            gconstpointer  data)
{
  const char *document =
    "[{\"content\":\"<addmember><eventtime>1</eventtime></addmember>\",\"contentType\":\"text\","
    "  \"createdDateTime\":\"2026-01-01T10:00:00.100+00:00\",\"created\":\"2026-01-01T10:00:00.100Z\","
    "  \"isControlMessage\":true,\"from\":null},"
    " {\"content\":\"Sam Lee has joined the conversation.\",\"createdDateTime\":\"2026-01-01T10:00:01+00:00\","
    "  \"from\":{\"application\":{\"displayName\":\"DynamicsBot\",\"id\":\"b\"},\"user\":null},\"tags\":\"system\"},"
    " {\"content\":\"My parcel didn&#8217;t arrive &#x1F4E6;\",\"createdDateTime\":\"2026-01-01T10:00:02+00:00\","
    "  \"from\":{\"user\":{\"displayName\":\"Customer\",\"id\":\"c\"},\"application\":null},"
    "  \"tags\":\"private,parentID-5493180821148088016\",\"deliveryMode\":\"unbridged\"},"
    " {\"content\":\"Let me look that up.\",\"createdDateTime\":\"2026-01-01T10:00:03+00:00\","
    "  \"from\":{\"user\":{\"displayName\":\"Sam Lee\",\"id\":\"a\"}},"
    "  \"tags\":\"public,messageId-1589863364202,RTT-C1\",\"deliveryMode\":\"unbridged\"},"
    " {\"content\":\"Anyone know the courier&#39;s number?\",\"createdDateTime\":\"2026-01-01T10:00:04+00:00\","
    "  \"from\":{\"user\":{\"displayName\":\"Sam Lee\",\"id\":\"a\"}},\"tags\":\"private\"},"
    " {\"content\":\"\",\"createdDateTime\":\"2026-01-01T10:00:05+00:00\","
    "  \"from\":{\"application\":{\"displayName\":\"Customer\",\"id\":\"c\"}},"
    "  \"attachments\":[{\"id\":\"0-x\",\"index\":0,\"fileType\":\"png\",\"name\":\"label <1>.png\"}],"
    "  \"deliveryMode\":\"bridged\"},"
    " {\"content\":\"&#0;&#x110000;&#12345678901;\",\"createdDateTime\":\"2026-01-01T10:00:06+00:00\","
    "  \"tags\":\"public\"}]";
  static const struct {
    OcSender      sender;
    OcMessageKind kind;
    const char   *name;
    const char   *text;
  } expected[] = {
    { OC_SENDER_SYSTEM, OC_MESSAGE_KIND_EVENT, NULL, "Sam Lee has joined the conversation." },
    { OC_SENDER_CUSTOMER, OC_MESSAGE_KIND_TEXT, "Customer", "My parcel didn\u2019t arrive \U0001F4E6" },
    { OC_SENDER_AGENT, OC_MESSAGE_KIND_TEXT, "Sam Lee", "Let me look that up." },
    { OC_SENDER_AGENT, OC_MESSAGE_KIND_INTERNAL, "Sam Lee", "Anyone know the courier's number?" },
    { OC_SENDER_CUSTOMER, OC_MESSAGE_KIND_TEXT, "Customer", "Sent a file: label <1>.png" },
    /* Entities that are no character stay as written, never a NUL. */
    { OC_SENDER_AGENT, OC_MESSAGE_KIND_TEXT, NULL, "&#0;&#x110000;&#12345678901;" },
  };
  g_autoptr(OcTranscript) transcript = NULL;

  add_transcript (f->fake, "71000000-0000-0000-0000-000000000003", C3, document);
  transcript = open_settled (f, C3);
  g_assert_cmpint (oc_transcript_get_state (transcript), ==, OC_TRANSCRIPT_STATE_ENDED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (transcript)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(OcMessage) message = g_list_model_get_item (G_LIST_MODEL (transcript), i);

      g_assert_cmpint (oc_message_get_sender_role (message), ==, expected[i].sender);
      g_assert_cmpint (oc_message_get_kind (message), ==, expected[i].kind);
      g_assert_cmpstr (oc_message_get_text (message), ==, expected[i].text);
      if (expected[i].name != NULL)
        g_assert_cmpstr (oc_message_get_sender_name (message), ==, expected[i].name);
    }
}

static gboolean
transfer_withdrawn (gpointer data)
{
  return !oc_source_can (OC_SOURCE (data), OC_SOURCE_CAN_TRANSFER);
}

static gboolean
metadata_answered (gpointer data)
{
  Fixture *f = data;

  return fake_dataverse_count_requests (f->fake, "GET /api/data/v9.2/$metadata") > 0 &&
         f->source->action_metadata != NULL;
}

/* An org whose $metadata lacks what we send: only what matches is
 * offered, and the others say why and send nothing. */
static void
test_metadata_missing_parameter (Fixture       *f,
                                 gconstpointer  data)
{
  GPtrArray *actions = fake_dataverse_get_actions (f->fake);
  OcSource *source = OC_SOURCE (f->source);
  GError *error;

  fake_dataverse_set_metadata (f->fake, fake_dataverse_metadata_document (FAKE_DATAVERSE_METADATA_MISSING_PARAMETER));
  oc_dataverse_source_set_actions_enabled (f->source, TRUE);
  start_live (f);
  g_assert_true (oc_test_wait_until (transfer_withdrawn, source, WAIT_MS));

  g_assert_true (oc_source_can (source, OC_SOURCE_CAN_ASSIGN));
  g_assert_false (oc_source_can (source, OC_SOURCE_CAN_FORCE_CLOSE));
  g_assert_nonnull (strstr (oc_source_get_unavailable_reason (source, OC_SOURCE_CAN_TRANSFER), "AgentId"));
  g_assert_nonnull (strstr (oc_source_get_unavailable_reason (source, OC_SOURCE_CAN_FORCE_CLOSE),
                            "CCaaS_ForceCloseConversation"));

  error = run_action (f, "transfer", C2, U_BEN, NULL);
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_RULE_BROKEN);
  g_assert_nonnull (strstr (error->message, "AgentId"));
  g_clear_error (&error);
  g_assert_cmpuint (actions->len, ==, 0);

  error = run_action (f, "assign", C1, U_ANA, NULL);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpuint (actions->len, ==, 1);
}

static void
test_metadata_complete (Fixture       *f,
                        gconstpointer  data)
{
  fake_dataverse_set_metadata (f->fake, fake_dataverse_metadata_document (FAKE_DATAVERSE_METADATA_COMPLETE));
  oc_dataverse_source_set_actions_enabled (f->source, TRUE);
  start_live (f);
  g_assert_true (oc_test_wait_until (metadata_answered, f, WAIT_MS));
  g_assert_true (oc_source_can (OC_SOURCE (f->source), OC_SOURCE_CAN_ASSIGN | OC_SOURCE_CAN_TRANSFER |
                                                       OC_SOURCE_CAN_FORCE_CLOSE));

  /* The setting stays the admin's override: off is off whatever the org has. */
  oc_dataverse_source_set_actions_enabled (f->source, FALSE);
  g_assert_false (oc_source_can (OC_SOURCE (f->source), OC_SOURCE_CAN_ASSIGN));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("act/off-offers-workspace", test_actions_off);
  ADD ("act/on-hits-messages", test_actions_on);
  ADD ("act/api-access-role-warned", test_api_access_role);
  ADD ("act/api-access-role-through-team", test_api_access_role_through_team);
  ADD ("act/metadata-missing-parameter", test_metadata_missing_parameter);
  ADD ("act/metadata-complete", test_metadata_complete);
  ADD ("transcript/saved-then-ends", test_transcript);
  ADD ("transcript/documented-format", test_transcript_documented);
  ADD ("transcript/voice-says-why", test_transcript_voice);

  return g_test_run ();
}
