// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "dataverse-fixture.h"

/* OcDataverseSource against a fake Dataverse: the store ends equal to the
 * fake's data, polls and full loads follow changes and closures, the
 * service's refusals are handled, actions hit the right message or offer the
 * workspace. Intervals are short so that each test takes seconds. */

/* ------------------------------------------------------------------------ */
/* The store against the fake */

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (when);
  return g_date_time_to_unix (when);
}

/* What Microsoft's report shows: not closed, created in the window, an
 * agent session outside channel instances, not record routing. */
static gboolean
fake_row_is_live_within (JsonObject *row,
                         gint64      hours)
{
  return json_object_get_int_member (row, "statecode") == 0 &&
         json_object_get_int_member (row, "statuscode") != 4 &&
         json_object_get_boolean_member_with_default (row, "msdyn_isagentsession", TRUE) &&
         json_object_get_string_member_with_default (row, "_msdyn_channelinstanceid_value", NULL) == NULL &&
         g_strcmp0 (json_object_get_string_member_with_default (row, "msdyn_channel", NULL), "192350000") != 0 &&
         parse_time (json_object_get_string_member (row, "createdon")) >
           g_get_real_time () / G_USEC_PER_SEC - hours * 3600;
}


static const char *
nullable_string (JsonObject *row,
                 const char *member)
{
  return json_object_get_string_member_with_default (row, member, NULL);
}

static void
assert_store_matches_fake_within (Fixture *f,
                                  gint64   hours)
{
  GPtrArray *rows = fake_dataverse_get_rows (f->fake, "msdyn_ocliveworkitems");
  guint live = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      const char *id = json_object_get_string_member (row, "activityid");
      OcConversation *conversation = oc_conversation_store_lookup (f->store, id);
      static const OcStatus statuses[] = { OC_STATUS_UNKNOWN, OC_STATUS_OPEN, OC_STATUS_ACTIVE,
                                           OC_STATUS_WAITING, OC_STATUS_CLOSED, OC_STATUS_WRAP_UP };
      gint64 statuscode = json_object_get_int_member (row, "statuscode");
      gint64 sentiment = json_object_get_int_member (row, "msdyn_customersentimentlabel");
      const char *workstream = nullable_string (row, "_msdyn_liveworkstreamid_value");

      if (!fake_row_is_live_within (row, hours))
        {
          g_assert_null (conversation);
          continue;
        }
      live++;
      g_assert_nonnull (conversation);

      g_assert_cmpint (oc_conversation_get_status (conversation), ==,
                       statuscode >= 0 && statuscode < (gint64) G_N_ELEMENTS (statuses)
                       ? statuses[statuscode] : OC_STATUS_UNKNOWN);
          /* Text fields read "" when unset. */
      g_assert_cmpstr (oc_conversation_get_subject (conversation), ==,
                       json_object_get_string_member_with_default (row, "subject", ""));
      g_assert_cmpstr (oc_conversation_get_queue_id (conversation), ==,
                       nullable_string (row, "_msdyn_cdsqueueid_value"));
      g_assert_cmpstr (oc_conversation_get_agent_id (conversation), ==,
                       nullable_string (row, "_msdyn_activeagentid_value"));
      g_assert_cmpstr (oc_conversation_get_workstream_id (conversation), ==, workstream);
      g_assert_cmpstr (oc_conversation_get_customer_name (conversation), ==,
                       json_object_get_string_member_with_default (row, "_msdyn_customer_value" OC_DATAVERSE_FORMATTED, ""));
      g_assert_cmpint (oc_conversation_get_created_at (conversation), ==,
                       parse_time (json_object_get_string_member (row, "createdon")));
      g_assert_cmpint (oc_conversation_get_sentiment (conversation), ==,
                       sentiment >= 7 && sentiment <= 13 ? OC_SENTIMENT_VERY_NEGATIVE + (sentiment - 7)
                                                         : OC_SENTIMENT_UNKNOWN);

      if (g_strcmp0 (workstream, WS_CHAT) == 0)
        g_assert_cmpint (oc_conversation_get_channel (conversation), ==, OC_CHANNEL_CHAT);
      else if (g_strcmp0 (workstream, WS_SMS) == 0)
        {
          g_assert_cmpint (oc_conversation_get_channel (conversation), ==, OC_CHANNEL_MESSAGING);
          g_assert_cmpstr (oc_conversation_get_sub_channel (conversation), ==, "SMS");
        }
      else if (g_strcmp0 (workstream, WS_ODD) == 0)
        {
          /* An option-set value we do not know, with the org's own label. */
          g_assert_cmpint (oc_conversation_get_channel (conversation), ==, OC_CHANNEL_MESSAGING);
          g_assert_cmpstr (oc_conversation_get_sub_channel (conversation), ==, "Carrier pigeon");
        }
      else
        g_assert_cmpint (oc_conversation_get_channel (conversation), ==, OC_CHANNEL_UNKNOWN);

      if (json_object_get_member (row, "msdyn_activeagentassignedon") != NULL &&
          !json_object_get_null_member (row, "msdyn_activeagentassignedon"))
        {
          gint64 assigned = parse_time (json_object_get_string_member (row, "msdyn_activeagentassignedon"));
          gint64 first_wait = parse_time (json_object_get_string_member (row, "msdyn_firstwaitstartedon"));

          g_assert_cmpint (oc_conversation_get_first_assigned_at (conversation), ==, assigned);
          g_assert_cmpint (oc_conversation_get_wait_seconds (conversation), ==, assigned - first_wait);
        }
      if (oc_conversation_get_status (conversation) == OC_STATUS_OPEN)
        g_assert_cmpint (oc_conversation_get_waiting_since (conversation), ==,
                         parse_time (json_object_get_string_member (row, "msdyn_firstwaitstartedon")));
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, live);
}

static void
assert_store_matches_fake (Fixture *f)
{
  assert_store_matches_fake_within (f, OC_DATAVERSE_DEFAULT_WINDOW_HOURS);
}

static void
assert_floor_side_tables (Fixture *f)
{
  OcAgent *ana = oc_conversation_store_lookup_agent (f->store, U_ANA);
  OcAgent *ben = oc_conversation_store_lookup_agent (f->store, U_BEN);
  OcAgent *cal = oc_conversation_store_lookup_agent (f->store, U_CAL);
  OcQueue *sales = oc_conversation_store_lookup_queue (f->store, Q_SALES);
  OcWorkstream *chat = oc_conversation_store_lookup_workstream (f->store, WS_CHAT);
  OcWorkstream *odd = oc_conversation_store_lookup_workstream (f->store, WS_ODD);

  g_assert_nonnull (ana);
  g_assert_cmpstr (oc_agent_get_name (ana), ==, "Ana Agent");
  g_assert_cmpint (oc_agent_get_presence (ana), ==, OC_PRESENCE_AVAILABLE);
  g_assert_null (oc_agent_get_presence_text (ana));
  /* msdyn_agentstatus.msdyn_presencemodifiedon: since when. */
  g_assert_cmpint (oc_agent_get_presence_since (ana), ==, 1795624800);
  g_assert_cmpuint (oc_agent_get_capacity_total (ana), ==, 10);
  g_assert_cmpuint (oc_agent_get_free_capacity (ana), ==, 6);
  g_assert_true (oc_agent_serves_queue (ana, Q_SALES));
  g_assert_true (oc_agent_serves_queue (ana, Q_SUPPORT));
  g_assert_cmpint (oc_agent_get_skill_level (ana, "Spanish"), ==, 4);
  g_assert_cmpint (oc_agent_get_skill_level (ana, "Billing"), ==, 1);

  g_assert_nonnull (ben);
  g_assert_cmpint (oc_agent_get_presence (ben), ==, OC_PRESENCE_AWAY);
  g_assert_cmpstr (oc_agent_get_presence_text (ben), ==, "Lunch");
  g_assert_false (oc_agent_serves_queue (ben, Q_SALES));
  g_assert_true (oc_agent_serves_queue (ben, Q_SUPPORT));
  /* A personal queue is none of ours. */
  g_assert_false (oc_agent_serves_queue (ben, Q_PERSONAL));

  g_assert_nonnull (cal);
  g_assert_cmpint (oc_agent_get_presence (cal), ==, OC_PRESENCE_UNKNOWN);
  g_assert_cmpint (oc_agent_get_presence_since (cal), ==, 0);
  g_assert_cmpstr (oc_agent_get_presence_text (cal), ==, "Meditating");
  g_assert_cmpuint (oc_agent_get_free_capacity (cal), ==, 2);

  g_assert_cmpuint (g_list_model_get_n_items (oc_conversation_store_get_queues (f->store)), ==, 2);
  g_assert_nonnull (sales);
  g_assert_cmpstr (oc_queue_get_name (sales), ==, "Sales");
  g_assert_cmpstr (oc_queue_get_workstream_id (sales), ==, WS_CHAT);
  g_assert_null (oc_conversation_store_lookup_queue (f->store, Q_PERSONAL));

  g_assert_nonnull (chat);
  g_assert_cmpint (oc_workstream_get_channel (chat), ==, OC_CHANNEL_CHAT);
  g_assert_cmpuint (oc_workstream_get_allowed_presences (chat), ==,
                    OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE) | OC_PRESENCE_BIT (OC_PRESENCE_BUSY));
  g_assert_nonnull (odd);
  g_assert_cmpuint (oc_workstream_get_allowed_presences (odd), ==, OC_PRESENCE_BIT (OC_PRESENCE_AVAILABLE));
}

/* ------------------------------------------------------------------------ */
/* Reading */

static void
test_full_load (Fixture       *f,
                gconstpointer  data)
{
  const char *message;

  start_live (f);

  assert_store_matches_fake (f);
  assert_floor_side_tables (f);

  /* Seven of the nine: not the closed one; the one older than 24 h is
   * still open, and Dynamics keeps such a one up to three days. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 7);
  g_assert_null (oc_conversation_store_lookup (f->store, C6));
  g_assert_nonnull (oc_conversation_store_lookup (f->store, C7));
  g_assert_cmpint (oc_conversation_store_get_max_age (f->store), ==, 72 * 3600);

  /* Pages of two: the conversations came in several requests, following
   * @odata.nextLink with the formatted values asked for. */
  g_assert_cmpuint (fake_dataverse_count_requests (f->fake, "GET /api/data/v9.2/msdyn_ocliveworkitems?"), >=, 3);
  g_assert_cmpuint (fake_dataverse_count_requests (f->fake, "GET /api/data/v9.2/msdyn_ocliveworkitems?$select=activityid"), >=, 3);

  /* The queues the supervisor is a member of, for "My queues". */
  g_assert_nonnull (oc_source_get_member_queues (OC_SOURCE (f->source)));
  g_assert_cmpstr (oc_source_get_member_queues (OC_SOURCE (f->source))[0], ==, Q_SUPPORT);
  g_assert_null (oc_source_get_member_queues (OC_SOURCE (f->source))[1]);

  /* Who we are, from WhoAmI and the user's roles. */
  g_assert_cmpstr (oc_source_get_user (OC_SOURCE (f->source)), ==, "Sam Supervisor");
  g_assert_cmpint (oc_source_get_role (OC_SOURCE (f->source)), ==, OC_ROLE_SUPERVISOR);

  /* As in every one of Microsoft's examples: no cached answer stands in. */
  g_assert_cmpuint (fake_dataverse_count_without_if_none_match (f->fake), ==, 0);

  message = oc_source_get_status_message (OC_SOURCE (f->source));
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "Updated every 1 s, last at "));
  g_assert_cmpint (oc_source_get_last_event_time (OC_SOURCE (f->source)), >, 0);
}

typedef struct {
  Fixture    *f;
  const char *id;
  OcStatus    status;
} StatusWait;

static gboolean
has_status (gpointer data)
{
  StatusWait *wait = data;
  OcConversation *conversation = oc_conversation_store_lookup (wait->f->store, wait->id);

  if (wait->status == OC_STATUS_CLOSED)
    return conversation == NULL;
  return conversation != NULL && oc_conversation_get_status (conversation) == wait->status;
}

static void
wait_for_status (Fixture    *f,
                 const char *id,
                 OcStatus    status)
{
  StatusWait wait = { f, id, status };

  if (!oc_test_wait_until (has_status, &wait, WAIT_MS))
    g_error ("%s never became %s", id, oc_enum_to_nick (OC_TYPE_STATUS, status));
}

static gboolean
ana_is_busy (gpointer data)
{
  Fixture *f = data;
  OcAgent *ana = oc_conversation_store_lookup_agent (f->store, U_ANA);

  return ana != NULL && oc_agent_get_presence (ana) == OC_PRESENCE_BUSY;
}

/* Full loads so far: each reads msdyn_presences from its first page. */
static guint
count_full_loads (FakeDataverse *fake)
{
  GPtrArray *requests = fake_dataverse_get_requests (fake);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (requests, i), "GET /api/data/v9.2/msdyn_presences?") &&
        strstr (g_ptr_array_index (requests, i), "$skiptoken") == NULL)
      n++;
  return n;
}

static gboolean
full_load_count_above (gpointer data)
{
  gpointer *pair = data;

  return count_full_loads (pair[0]) > GPOINTER_TO_UINT (pair[1]);
}

/* Polls begun: the first page of each poll's conversations query. */
static guint
count_polls (FakeDataverse *fake)
{
  GPtrArray *requests = fake_dataverse_get_requests (fake);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (requests, i), "GET /api/data/v9.2/msdyn_ocliveworkitems?") &&
        strstr (g_ptr_array_index (requests, i), "modifiedon ge") != NULL &&
        strstr (g_ptr_array_index (requests, i), "$skiptoken") == NULL)
      n++;
  return n;
}

/* pair: { fake, n }. */
static gboolean
poll_count_above (gpointer data)
{
  gpointer *pair = data;

  return count_polls (pair[0]) > GPOINTER_TO_UINT (pair[1]);
}

static void
test_poll_changes (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *assigned = fake_dataverse_time_ago (0);
  g_autofree char *change = NULL;
  guint presence_reads;
  gpointer pair[2];

  start_live (f);
  presence_reads = count_full_loads (f->fake);
  g_assert_cmpuint (presence_reads, ==, 1);

  /* An agent accepts C1. */
  change = g_strdup_printf ("{\"statuscode\": 2, \"_msdyn_activeagentid_value\": \"" U_BEN "\","
                            " \"msdyn_activeagentassignedon\": \"%s\", \"msdyn_isagentaccepted\": true}", assigned);
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C1, change);
  wait_for_status (f, C1, OC_STATUS_ACTIVE);
  g_assert_cmpstr (oc_conversation_get_agent_id (oc_conversation_store_lookup (f->store, C1)), ==, U_BEN);

  /* A new conversation arrives. */
  dataverse_floor_add_conversation (f->fake, C9, 0, 1, 5, WS_SMS, Q_SUPPORT, NULL, 0, 0, "Eve");
  wait_for_status (f, C9, OC_STATUS_OPEN);

  /* C2 closes: the poll sees it (modifiedon moved) and it leaves. */
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C2, "{\"statecode\": 1, \"statuscode\": 4}");
  wait_for_status (f, C2, OC_STATUS_CLOSED);
  g_assert_true (g_ptr_array_find_with_equal_func (f->removed, C2 " closed", g_str_equal, NULL));

  /* Presence changes come from msdyn_agentstatus. */
  fake_dataverse_update (f->fake, "msdyn_agentstatuses", AS_ANA,
                         "{\"_msdyn_currentpresenceid_value\": \"" P_BUSY "\"}");
  g_assert_true (oc_test_wait_until (ana_is_busy, f, WAIT_MS));

  /* Polls alone never reloaded the side tables. */
  assert_store_matches_fake (f);
  g_assert_cmpuint (count_full_loads (f->fake), ==, 1);

  /* A closure polls cannot see (the row is gone, or changed without a new
   * modifiedon) is caught by the next full load. */
  fake_dataverse_remove (f->fake, "msdyn_ocliveworkitems", C3);
  /* Polls run one after another (the fake answers on this thread): when the
   * second poll from now begins, the first, begun after the removal, has
   * been applied. */
  pair[0] = f->fake;
  pair[1] = GUINT_TO_POINTER (count_polls (f->fake) + 1);
  g_assert_true (oc_test_wait_until (poll_count_above, pair, WAIT_MS));
  g_assert_nonnull (oc_conversation_store_lookup (f->store, C3));

  g_object_set (f->source, "resync-interval-ms", 100, NULL);
  pair[0] = f->fake;
  pair[1] = GUINT_TO_POINTER (presence_reads);
  g_assert_true (oc_test_wait_until (full_load_count_above, pair, WAIT_MS));
  wait_for_status (f, C3, OC_STATUS_CLOSED);
  g_assert_true (g_ptr_array_find_with_equal_func (f->removed, C3 " closed", g_str_equal, NULL));
  /* The rows that stayed kept their objects: no reload of the world. */
  g_assert_false (g_ptr_array_find_with_equal_func (f->removed, C4 " resync", g_str_equal, NULL));
  wait_for_state (f, OC_SOURCE_STATE_LIVE);
  assert_store_matches_fake (f);
}

/* ------------------------------------------------------------------------ */
/* The service saying no */

/* Rows that share a createdon (a burst of arrivals in one second) come in
 * pages of two, the fake ordering ties differently on each request: each row
 * is read once, none is lost to a page boundary. */
static void
test_same_timestamp_pages (Fixture       *f,
                           gconstpointer  data)
{
  static const char * const burst[] = {
    "0d000000-0000-0000-0000-000000000001", "0d000000-0000-0000-0000-000000000002",
    "0d000000-0000-0000-0000-000000000003", "0d000000-0000-0000-0000-000000000004",
    "0d000000-0000-0000-0000-000000000005", "0d000000-0000-0000-0000-000000000006",
    "0d000000-0000-0000-0000-000000000007",
  };
  GPtrArray *requests;

  for (guint i = 0; i < G_N_ELEMENTS (burst); i++)
    dataverse_floor_add_conversation (f->fake, burst[i], 0, 1, 400, WS_CHAT, Q_SALES, NULL, 0, 10, NULL);

  start_live (f);

  for (guint i = 0; i < G_N_ELEMENTS (burst); i++)
    g_assert_nonnull (oc_conversation_store_lookup (f->store, burst[i]));
  assert_store_matches_fake (f);

  /* Every collection is read in an order that no two rows share. */
  requests = fake_dataverse_get_requests (f->fake);
  for (guint i = 0; i < requests->len; i++)
    {
      const char *request = g_ptr_array_index (requests, i);

      if (strstr (request, "msdyn_ocliveworkitems?") != NULL)
        g_assert_nonnull (strstr (request, "$orderby=createdon,activityid"));
    }
}

typedef struct {
  Fixture    *f;
  const char *queue;
  const char *agent;
  const char *workstream;
} GoneWait;

static gboolean
directory_is_gone (gpointer data)
{
  GoneWait *wait = data;

  return oc_conversation_store_lookup_queue (wait->f->store, wait->queue) == NULL &&
         oc_conversation_store_lookup_agent (wait->f->store, wait->agent) == NULL &&
         oc_conversation_store_lookup_workstream (wait->f->store, wait->workstream) == NULL;
}

/* A queue deactivated, a work stream deleted and an agent's status gone:
 * the next full load takes them out, and keeps the rest as they were. */
static void
test_reload_removes_directory (Fixture       *f,
                               gconstpointer  data)
{
  GoneWait wait = { f, Q_SUPPORT, U_CAL, WS_ODD };
  OcQueue *sales;

  start_live (f);
  sales = oc_conversation_store_lookup_queue (f->store, Q_SALES);
  g_assert_nonnull (oc_conversation_store_lookup_queue (f->store, Q_SUPPORT));
  g_assert_nonnull (oc_conversation_store_lookup_agent (f->store, U_CAL));
  g_assert_nonnull (oc_conversation_store_lookup_workstream (f->store, WS_ODD));

  fake_dataverse_update (f->fake, "queues", Q_SUPPORT, "{\"msdyn_isomnichannelqueue\": false}");
  fake_dataverse_remove (f->fake, "msdyn_liveworkstreams", WS_ODD);
  fake_dataverse_remove (f->fake, "msdyn_agentstatuses", AS_CAL);
  g_object_set (f->source, "resync-interval-ms", 10, NULL);

  g_assert_true (oc_test_wait_until (directory_is_gone, &wait, WAIT_MS));
  /* What stays is the same object, so a dialog holding it sees it live. */
  g_assert_true (oc_conversation_store_lookup_queue (f->store, Q_SALES) == sales);
  g_assert_nonnull (oc_conversation_store_lookup_agent (f->store, U_ANA));
  g_assert_nonnull (oc_conversation_store_lookup_workstream (f->store, WS_CHAT));
  g_assert_cmpuint (g_list_model_get_n_items (oc_conversation_store_get_queues (f->store)), ==, 1);
}

#define C_BOT      "0e000000-0000-0000-0000-000000000001"
#define C_RECORD   "0e000000-0000-0000-0000-000000000002"
#define C_INSTANCE "0e000000-0000-0000-0000-000000000003"
#define C_OLD      "0e000000-0000-0000-0000-000000000004"
#define C_ANCIENT  "0e000000-0000-0000-0000-000000000005"

/* The conversations Microsoft's report counts: a bot's alone, a routed
 * record and one of a channel instance are not among them, in a full load
 * or when a poll brings them; an open one of two days is, of four not. */
static void
test_report_scope (Fixture       *f,
                   gconstpointer  data)
{
  dataverse_floor_add_conversation (f->fake, C_BOT, 0, 1, 100, WS_CHAT, Q_SALES, NULL, 0, 10, NULL);
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C_BOT, "{\"msdyn_isagentsession\": false}");
  dataverse_floor_add_conversation (f->fake, C_RECORD, 0, 1, 100, WS_CHAT, Q_SALES, NULL, 0, 10, NULL);
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C_RECORD, "{\"msdyn_channel\": \"192350000\"}");
  dataverse_floor_add_conversation (f->fake, C_INSTANCE, 0, 1, 100, WS_CHAT, Q_SALES, NULL, 0, 10, NULL);
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C_INSTANCE,
                         "{\"_msdyn_channelinstanceid_value\": \"0f000000-0000-0000-0000-000000000001\"}");
  dataverse_floor_add_conversation (f->fake, C_OLD, 0, 1, 48 * 3600, WS_CHAT, Q_SALES, NULL, 0, 10, NULL);
  dataverse_floor_add_conversation (f->fake, C_ANCIENT, 0, 1, 96 * 3600, WS_CHAT, Q_SALES, NULL, 0, 10, NULL);

  start_live (f);
  assert_store_matches_fake (f);
  g_assert_null (oc_conversation_store_lookup (f->store, C_BOT));
  g_assert_null (oc_conversation_store_lookup (f->store, C_RECORD));
  g_assert_null (oc_conversation_store_lookup (f->store, C_INSTANCE));
  g_assert_nonnull (oc_conversation_store_lookup (f->store, C_OLD));
  g_assert_null (oc_conversation_store_lookup (f->store, C_ANCIENT));

  /* A conversation a bot takes back (a poll sees it changed) leaves. */
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C1, "{\"msdyn_isagentsession\": false}");
  wait_for_status (f, C1, OC_STATUS_CLOSED);
  /* And the window is a setting: a day leaves the two-day one out. */
  g_object_set (f->source, "window-hours", 24, "resync-interval-ms", 10, NULL);
  wait_for_status (f, C_OLD, OC_STATUS_CLOSED);
  assert_store_matches_fake_within (f, 24);
}

/* Times as Microsoft's report reads them. */
static void
test_times (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *spell = fake_dataverse_time_ago (40);
  g_autofree char *json = NULL;
  OcConversation *conversation;
  gint64 now;

  /* C3 is waiting (first wait 895 s ago, assigned 800 s ago): its status
   * began when Dataverse says, not at the row's last change. */
  json = g_strdup_printf ("{\"msdyn_statusupdatedon\": \"%s\"}", spell);
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C3, json);
  /* C2 is active but its agent has not accepted yet: the wait still runs
   * from the first wait (595 s ago). */
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C2, "{\"msdyn_isagentaccepted\": false}");
  /* C4 was transferred: its last assignment (1,100 s ago) is the second
   * agent's; the stored first wait (30 s) is the first wait. */
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C4,
                         "{\"msdyn_transfercount\": 1, \"msdyn_conversationfirstwaittimeinseconds\": 30}");

  start_live (f);
  now = g_get_real_time () / G_USEC_PER_SEC;

  conversation = oc_conversation_store_lookup (f->store, C3);
  g_assert_cmpint (oc_conversation_get_status_since (conversation), ==, parse_time (spell));
  g_assert_cmpint (oc_conversation_get_waiting_since (conversation), ==, parse_time (spell));
  g_assert_cmpint (oc_conversation_get_wait_seconds (conversation), ==, 95);

  conversation = oc_conversation_store_lookup (f->store, C2);
  g_assert_cmpint (oc_conversation_get_status (conversation), ==, OC_STATUS_ACTIVE);
  g_assert_cmpint (oc_conversation_get_wait_seconds (conversation), ==, 0);
  /* (The floor was written a moment before now was read.) */
  g_assert_cmpint (now - 595 - oc_conversation_get_waiting_since (conversation), <=, 2);
  g_assert_cmpint (now - 595 - oc_conversation_get_waiting_since (conversation), >=, 0);
  g_assert_cmpint (oc_conversation_get_first_assigned_at (conversation), ==, 0);

  conversation = oc_conversation_store_lookup (f->store, C4);
  g_assert_cmpint (oc_conversation_get_wait_seconds (conversation), ==, 30);
  g_assert_cmpint (oc_conversation_get_waiting_since (conversation), ==, 0);
  g_assert_cmpint (now - 1195 + 30 - oc_conversation_get_first_assigned_at (conversation), <=, 2);
  g_assert_cmpint (now - 1195 + 30 - oc_conversation_get_first_assigned_at (conversation), >=, 0);
}

#define C_TRANSFERRED "0e000000-0000-0000-0000-000000000006"
#define C_REOFFERED   "0e000000-0000-0000-0000-000000000007"

static gboolean
estimates_followed (gpointer data)
{
  Fixture *f = data;
  OcConversation *transferred = oc_conversation_store_lookup (f->store, C_TRANSFERRED);
  OcConversation *waiting = oc_conversation_store_lookup (f->store, C3);

  return transferred != NULL && waiting != NULL &&
         oc_conversation_get_wait_estimate (transferred) == OC_ESTIMATE_NONE &&
         oc_conversation_get_wait_estimate (waiting) == OC_ESTIMATE_SPELL_START;
}

/* Times that Dataverse does not store are the console's estimates, and say
 * why; every stored figure is exact. */
static void
test_estimates (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *spell = fake_dataverse_time_ago (40);
  g_autofree char *json = g_strdup_printf ("{\"msdyn_statusupdatedon\": \"%s\"}", spell);
  OcConversation *conversation;

  /* C2 awaits its agent's acceptance. */
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C2, "{\"msdyn_isagentaccepted\": false}");
  /* C4 was transferred, but its first wait is stored. */
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C4,
                         "{\"msdyn_transfercount\": 1, \"msdyn_conversationfirstwaittimeinseconds\": 30}");
  /* C_TRANSFERRED was transferred and its first wait is not stored. */
  dataverse_floor_add_conversation (f->fake, C_TRANSFERRED, 0, 2, 700, WS_CHAT, Q_SALES, U_BEN, 300, 10, NULL);
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C_TRANSFERRED, "{\"msdyn_transfercount\": 1}");
  /* C_REOFFERED's first wait is stored and a second agent has not accepted
   * yet: its active status began at the offer, not with this spell. */
  dataverse_floor_add_conversation (f->fake, C_REOFFERED, 0, 2, 700, WS_CHAT, Q_SALES, U_BEN, 300, 10, NULL);
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C_REOFFERED,
                         "{\"msdyn_isagentaccepted\": false, \"msdyn_conversationfirstwaittimeinseconds\": 20}");
  /* C3 is waiting again after its first wait; C1 is still in its first. */
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C3, json);

  start_live (f);

  conversation = oc_conversation_store_lookup (f->store, C2);
  g_assert_cmpint (oc_conversation_get_wait_estimate (conversation), ==, OC_ESTIMATE_NOT_ACCEPTED);
  g_assert_cmpint (oc_conversation_get_handle_estimate (conversation), ==, OC_ESTIMATE_NONE);

  conversation = oc_conversation_store_lookup (f->store, C_TRANSFERRED);
  g_assert_cmpint (oc_conversation_get_wait_estimate (conversation), ==, OC_ESTIMATE_TRANSFERRED);
  g_assert_cmpint (oc_conversation_get_handle_estimate (conversation), ==, OC_ESTIMATE_TRANSFERRED);

  conversation = oc_conversation_store_lookup (f->store, C_REOFFERED);
  g_assert_cmpint (oc_conversation_get_wait_estimate (conversation), ==, OC_ESTIMATE_SPELL_START);
  g_assert_cmpint (oc_conversation_get_handle_estimate (conversation), ==, OC_ESTIMATE_NONE);

  for (guint i = 0; i < 3; i++)
    {
      const char *exact[] = { C4, C3, C1 };

      conversation = oc_conversation_store_lookup (f->store, exact[i]);
      g_assert_cmpint (oc_conversation_get_wait_estimate (conversation), ==, OC_ESTIMATE_NONE);
      g_assert_cmpint (oc_conversation_get_handle_estimate (conversation), ==, OC_ESTIMATE_NONE);
    }

  /* Without msdyn_statusupdatedon a later spell has no stored start; once
   * the org stores the first wait after a transfer, the guess is gone. */
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C3, "{\"msdyn_statusupdatedon\": null}");
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C_TRANSFERRED,
                         "{\"msdyn_conversationfirstwaittimeinseconds\": 25}");
  g_object_set (f->source, "resync-interval-ms", 10, NULL);
  g_assert_true (oc_test_wait_until (estimates_followed, f, WAIT_MS));
  conversation = oc_conversation_store_lookup (f->store, C_TRANSFERRED);
  g_assert_cmpint (oc_conversation_get_handle_estimate (conversation), ==, OC_ESTIMATE_NONE);
}

static gboolean
ben_is_gone (gpointer data)
{
  Fixture *f = data;

  return oc_conversation_store_lookup_agent (f->store, U_BEN) == NULL;
}

/* Requests that start with @prefix and contain @part. */
static guint
count_requests_with (FakeDataverse *fake,
                     const char    *prefix,
                     const char    *part)
{
  GPtrArray *requests = fake_dataverse_get_requests (fake);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (requests, i), prefix) &&
        strstr (g_ptr_array_index (requests, i), part) != NULL)
      n++;
  return n;
}

/* Change tracking where the org has it: the agent statuses come as deltas
 * (a change even without a new modifiedon, and a deletion no poll could
 * see); queues and conversations, which need a $filter, get the documented
 * refusal and are polled; presences, not tracked, are never asked so. */
static void
test_change_tracking (Fixture       *f,
                      gconstpointer  data)
{
  gpointer pair[2];

  fake_dataverse_track_changes (f->fake, "msdyn_agentstatuses");
  fake_dataverse_track_changes (f->fake, "queues");
  fake_dataverse_track_changes (f->fake, "msdyn_ocliveworkitems");

  start_live (f);
  assert_store_matches_fake (f);
  assert_floor_side_tables (f);
  g_assert_cmpuint (fake_dataverse_count_requests (f->fake, "GET /api/data/v9.2/EntityDefinitions?"), ==, 1);
  /* The tracked read asks without $orderby; the refused ones were asked
   * once so and then as before. */
  g_assert_cmpuint (count_requests_with (f->fake, "GET /api/data/v9.2/msdyn_agentstatuses?", "$orderby"), ==, 0);
  g_assert_cmpuint (count_requests_with (f->fake, "GET /api/data/v9.2/queues?", "$orderby"), ==, 1);
  g_assert_cmpuint (fake_dataverse_count_requests (f->fake, "GET /api/data/v9.2/queues?"), ==, 2);

  /* Ana turns busy, her row keeping an old modifiedon: a poll by modifiedon
   * would miss it, the delta link does not. */
  fake_dataverse_update (f->fake, "msdyn_agentstatuses", AS_ANA,
                         "{\"_msdyn_currentpresenceid_value\": \"" P_BUSY "\", \"modifiedon\": \"2020-01-01T00:00:00Z\"}");
  g_assert_true (oc_test_wait_until (ana_is_busy, f, WAIT_MS));
  g_assert_cmpuint (count_requests_with (f->fake, "GET /api/data/v9.2/msdyn_agentstatuses?", "$deltatoken="), >, 0);
  g_assert_cmpuint (count_requests_with (f->fake, "GET /api/data/v9.2/msdyn_agentstatuses?", "modifiedon ge"), ==, 0);

  /* Ben's status row is deleted: the delta's deleted entry removes him,
   * with no full load. */
  fake_dataverse_remove (f->fake, "msdyn_agentstatuses", AS_BEN);
  g_assert_true (oc_test_wait_until (ben_is_gone, f, WAIT_MS));
  g_assert_cmpuint (count_full_loads (f->fake), ==, 1);
  g_assert_nonnull (oc_conversation_store_lookup_agent (f->store, U_CAL));

  /* Conversations are polled all along. */
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", C2, "{\"statecode\": 1, \"statuscode\": 4}");
  wait_for_status (f, C2, OC_STATUS_CLOSED);

  /* A full load reads the agent statuses from their delta link too, and
   * keeps what the deltas left; the refused tables are not asked again. */
  pair[0] = f->fake;
  pair[1] = GUINT_TO_POINTER (count_full_loads (f->fake));
  g_object_set (f->source, "resync-interval-ms", 10, NULL);
  g_assert_true (oc_test_wait_until (full_load_count_above, pair, WAIT_MS));
  wait_for_state (f, OC_SOURCE_STATE_LIVE);
  g_object_set (f->source, "resync-interval-ms", 3600 * 1000, NULL);
  assert_store_matches_fake (f);
  g_assert_true (ben_is_gone (f));
  g_assert_true (ana_is_busy (f));
  g_assert_cmpuint (count_requests_with (f->fake, "GET /api/data/v9.2/queues?", "$orderby"),
                    ==, fake_dataverse_count_requests (f->fake, "GET /api/data/v9.2/queues?") - 1);
  g_assert_cmpuint (fake_dataverse_count_requests (f->fake, "GET /api/data/v9.2/EntityDefinitions?"), ==, 1);
}

/* Without EntityDefinitions the console polls everything. */
static void
test_change_tracking_unknown (Fixture       *f,
                              gconstpointer  data)
{
  fake_dataverse_track_changes (f->fake, "msdyn_agentstatuses");
  fake_dataverse_forbid (f->fake, "EntityDefinitions");

  start_live (f);
  assert_store_matches_fake (f);
  fake_dataverse_update (f->fake, "msdyn_agentstatuses", AS_ANA,
                         "{\"_msdyn_currentpresenceid_value\": \"" P_BUSY "\"}");
  g_assert_true (oc_test_wait_until (ana_is_busy, f, WAIT_MS));
  g_assert_cmpuint (count_requests_with (f->fake, "GET /api/data/v9.2/msdyn_agentstatuses?", "$deltatoken="), ==, 0);
}

/* Microsoft counts a role held through a team as the user's own: a
 * supervisor whose role comes only from a team is still a supervisor. */
static void
test_roles_through_team (Fixture       *f,
                         gconstpointer  data)
{
  fake_dataverse_give_roles_through_team (f->fake);

  start_live (f);
  g_assert_cmpstr (oc_source_get_user (OC_SOURCE (f->source)), ==, "Sam Supervisor");
  g_assert_cmpint (oc_source_get_role (OC_SOURCE (f->source)), ==, OC_ROLE_SUPERVISOR);
  g_assert_cmpuint (fake_dataverse_count_requests (f->fake, "GET /api/data/v9.2/teams?"), ==, 1);
}

/* Without the team table the user's own roles still decide. */
static void
test_roles_teams_forbidden (Fixture       *f,
                            gconstpointer  data)
{
  fake_dataverse_give_roles_through_team (f->fake);
  fake_dataverse_forbid (f->fake, "teams");

  start_live (f);
  g_assert_cmpint (oc_source_get_role (OC_SOURCE (f->source)), ==, OC_ROLE_VIEWER);
  assert_store_matches_fake (f);
}

static void
test_expired_token (Fixture       *f,
                    gconstpointer  data)
{
  guint n;

  start_live (f);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->store));

  /* Tokens last about an hour; then every request gets 401. */
  fake_dataverse_set_token (f->fake, "a-new-token");
  wait_for_state (f, OC_SOURCE_STATE_AUTH_FAILED);
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (f->source)),
                            "az account get-access-token"));
  /* What was known stays shown. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, n);

  oc_dataverse_source_set_token (f->source, "a-new-token");
  oc_source_start (OC_SOURCE (f->source));
  wait_for_state (f, OC_SOURCE_STATE_LIVE);
  assert_store_matches_fake (f);
}

static gboolean
is_reconnecting_with (gpointer data)
{
  gpointer *pair = data;
  const char *message = oc_source_get_status_message (OC_SOURCE (pair[0]));

  return oc_source_get_state (OC_SOURCE (pair[0])) == OC_SOURCE_STATE_RECONNECTING &&
         message != NULL && strstr (message, pair[1]) != NULL;
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  GArray *times;
  gpointer pair[2] = { f->source, (gpointer) "slow down" };
  guint throttled;

  start_live (f);

  throttled = fake_dataverse_get_requests (f->fake)->len;
  fake_dataverse_throttle (f->fake, 1, 1);
  g_assert_true (oc_test_wait_until (is_reconnecting_with, pair, WAIT_MS));
  /* The data shown is older than usual: it keeps the time of the last
   * answer (the UI says "data as of"), and the state says when it retries. */
  g_assert_cmpint (oc_source_get_last_event_time (OC_SOURCE (f->source)), >, 0);
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (f->source)), "trying again in 1 s."));
  wait_for_state (f, OC_SOURCE_STATE_LIVE);

  /* Retry-After: 1 was honoured before asking again (polls are 50 ms). */
  times = fake_dataverse_get_request_times (f->fake);
  g_assert_cmpuint (times->len, >, throttled + 1);
  g_assert_cmpint (g_array_index (times, gint64, throttled + 1) - g_array_index (times, gint64, throttled),
                   >=, 950 * 1000);
}

static void
test_malformed_page (Fixture       *f,
                     gconstpointer  data)
{
  gpointer pair[2] = { f->source, (gpointer) "cannot be read" };

  start_live (f);

  /* The next full load would remove C3, but its second page is garbage:
   * nothing of it may be applied. */
  fake_dataverse_remove (f->fake, "msdyn_ocliveworkitems", C3);
  fake_dataverse_break_next_page (f->fake, "msdyn_ocliveworkitems");
  g_object_set (f->source, "resync-interval-ms", 10, NULL);
  g_assert_true (oc_test_wait_until (is_reconnecting_with, pair, WAIT_MS));
  g_assert_nonnull (oc_conversation_store_lookup (f->store, C3));

  /* The next attempt reads clean pages and catches up. */
  wait_for_status (f, C3, OC_STATUS_CLOSED);
  wait_for_state (f, OC_SOURCE_STATE_LIVE);
  assert_store_matches_fake (f);
}

/* A full load whose second page of conversations is throttled: the store
 * keeps the last complete picture until the retry reads them all. */
static void
test_throttled_page (Fixture       *f,
                     gconstpointer  data)
{
  gpointer pair[2] = { f->source, (gpointer) "slow down" };
  const char *late = "0d000000-0000-0000-0000-0000000000aa";

  start_live (f);

  fake_dataverse_remove (f->fake, "msdyn_ocliveworkitems", C3);
  dataverse_floor_add_conversation (f->fake, late, 0, 1, 30, WS_CHAT, Q_SALES, NULL, 0, 10, NULL);
  /* Older than any poll mark: only a full load finds it. */
  fake_dataverse_update (f->fake, "msdyn_ocliveworkitems", late, "{\"modifiedon\": \"2026-01-01T00:00:00Z\"}");
  fake_dataverse_throttle_next_page (f->fake, "msdyn_ocliveworkitems", 1);
  g_object_set (f->source, "resync-interval-ms", 10, NULL);

  g_assert_true (oc_test_wait_until (is_reconnecting_with, pair, WAIT_MS));
  g_assert_nonnull (oc_conversation_store_lookup (f->store, C3));
  g_assert_null (oc_conversation_store_lookup (f->store, late));

  wait_for_status (f, late, OC_STATUS_OPEN);
  wait_for_status (f, C3, OC_STATUS_CLOSED);
  assert_store_matches_fake (f);
}

static void
test_optional_table_forbidden (Fixture       *f,
                               gconstpointer  data)
{
  OcAgent *ana;

  fake_dataverse_forbid (f->fake, "queuememberships");
  fake_dataverse_forbid (f->fake, "bookableresourcecharacteristics");
  start_live (f);

  assert_store_matches_fake (f);
  ana = oc_conversation_store_lookup_agent (f->store, U_ANA);
  g_assert_nonnull (ana);
  g_assert_false (oc_agent_serves_queue (ana, Q_SALES));
  g_assert_cmpint (oc_agent_get_skill_level (ana, "Spanish"), ==, -1);
}

static void
test_required_table_forbidden (Fixture       *f,
                               gconstpointer  data)
{
  fake_dataverse_forbid (f->fake, "msdyn_ocliveworkitems");
  oc_source_start (OC_SOURCE (f->source));
  wait_for_state (f, OC_SOURCE_STATE_OFFLINE);
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (f->source)),
                            "Omnichannel supervisor"));
  g_assert_nonnull (strstr (oc_source_get_status_message (OC_SOURCE (f->source)),
                            "msdyn_ocliveworkitem"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 0);
}

static void
test_org_url (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (oc_dataverse_check_org_url ("https://contoso.crm4.dynamics.com", NULL));
  g_assert_true (oc_dataverse_check_org_url ("http://127.0.0.1:8080", NULL));
  g_assert_false (oc_dataverse_check_org_url ("http://contoso.crm.dynamics.com", &error));
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_TLS);
  g_clear_error (&error);
  g_assert_false (oc_dataverse_check_org_url ("contoso", &error));
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_BAD_REQUEST);

  /* A next page elsewhere would carry the token there. */
  g_assert_true (_oc_dataverse_same_origin ("https://a.crm.dynamics.com",
                                            "https://A.crm.dynamics.com:443/api/data/v9.2/x?$skiptoken=1"));
  g_assert_false (_oc_dataverse_same_origin ("https://a.crm.dynamics.com", "https://evil.example/api"));
  g_assert_false (_oc_dataverse_same_origin ("https://a.crm.dynamics.com", "http://a.crm.dynamics.com/"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("read/full-load", test_full_load);
  ADD ("read/poll-changes-and-closures", test_poll_changes);
  ADD ("read/same-timestamp-pages", test_same_timestamp_pages);
  ADD ("read/report-scope", test_report_scope);
  ADD ("read/times", test_times);
  ADD ("read/estimates", test_estimates);
  ADD ("read/reload-removes-directory", test_reload_removes_directory);
  ADD ("read/roles-through-team", test_roles_through_team);
  ADD ("read/change-tracking", test_change_tracking);
  ADD ("read/change-tracking-unknown", test_change_tracking_unknown);
  ADD ("read/roles-teams-forbidden", test_roles_teams_forbidden);
  ADD ("refusal/expired-token", test_expired_token);
  ADD ("refusal/retry-after", test_retry_after);
  ADD ("refusal/malformed-page", test_malformed_page);
  ADD ("refusal/throttled-page", test_throttled_page);
  ADD ("refusal/optional-table-forbidden", test_optional_table_forbidden);
  ADD ("refusal/required-table-forbidden", test_required_table_forbidden);
  g_test_add_func ("/dataverse/org-url", test_org_url);

  return g_test_run ();
}
