// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "dataverse-floor.h"

#define FORMATTED "@OData.Community.Display.V1.FormattedValue"


static char *
ago (gint64 seconds)
{
  return fake_dataverse_time_ago (seconds);
}

void
dataverse_floor_add_conversation (FakeDataverse *fake,
                  const char    *id,
                  int            statecode,
                  int            statuscode,
                  gint64         created_ago,
                  const char    *workstream,
                  const char    *queue,
                  const char    *agent,
                  gint64         assigned_ago,
                  int            sentiment,
                  const char    *customer)
{
  g_autofree char *created = ago (created_ago);
  g_autofree char *first_wait = ago (created_ago - 5);
  g_autofree char *assigned_at = assigned_ago > 0 ? ago (assigned_ago) : NULL;
  g_autofree char *assigned = assigned_at ? g_strdup_printf ("\"%s\"", assigned_at) : g_strdup ("null");
  g_autofree char *agent_json = agent ? g_strdup_printf ("\"%s\"", agent) : g_strdup ("null");
  g_autofree char *customer_json = NULL;
  g_autofree char *json = NULL;

  if (customer != NULL)
    customer_json = g_strdup_printf ("\"_msdyn_customer_value\": \"99000000-0000-0000-0000-000000000001\","
                                     "\"_msdyn_customer_value" FORMATTED "\": \"%s\",", customer);
  json = g_strdup_printf ("{\"activityid\": \"%s\", \"subject\": \"Conversation %s\","
                          " \"statecode\": %d, \"statuscode\": %d,"
                          " \"statuscode" FORMATTED "\": \"Status %d\","
                          " \"createdon\": \"%s\", \"msdyn_firstwaitstartedon\": \"%s\","
                          " \"msdyn_activeagentassignedon\": %s,"
                          " \"msdyn_wrapupinitiatedon\": null,"
                          " \"msdyn_isagentsession\": true, \"msdyn_isagentaccepted\": %s,"
                          " \"msdyn_customersentimentlabel\": %d,"
                          " %s"
                          " \"_msdyn_liveworkstreamid_value\": \"%s\","
                          " \"_msdyn_cdsqueueid_value\": \"%s\","
                          " \"_msdyn_activeagentid_value\": %s}",
                          id, id, statecode, statuscode, statuscode, created, first_wait, assigned,
                          assigned_at ? "true" : "false", sentiment, customer_json ? customer_json : "", workstream, queue, agent_json);
  fake_dataverse_add (fake, "msdyn_ocliveworkitems", json);
}

void
dataverse_floor_build (FakeDataverse *fake)
{
  g_autofree char *wrap_up = ago (60);
  g_autofree char *wrap_up_json = NULL;

  fake_dataverse_add (fake, "msdyn_liveworkstreams",
    "{\"msdyn_liveworkstreamid\": \"" WS_CHAT "\", \"msdyn_name\": \"Web chat\", \"msdyn_streamsource\": 192360000,"
    " \"msdyn_streamsource" FORMATTED "\": \"Live chat\","
    " \"msdyn_allowedpresences\": \"192360000,192360001\", \"_msdyn_defaultqueue_value\": \"" Q_SALES "\"}");
  fake_dataverse_add (fake, "msdyn_liveworkstreams",
    "{\"msdyn_liveworkstreamid\": \"" WS_SMS "\", \"msdyn_name\": \"Texts\", \"msdyn_streamsource\": 192340000,"
    " \"msdyn_allowedpresences\": \"192360000\", \"_msdyn_defaultqueue_value\": null}");
  fake_dataverse_add (fake, "msdyn_liveworkstreams",
    "{\"msdyn_liveworkstreamid\": \"" WS_ODD "\", \"msdyn_name\": \"Birds\", \"msdyn_streamsource\": 192999999,"
    " \"msdyn_streamsource" FORMATTED "\": \"Carrier pigeon\","
    " \"msdyn_allowedpresences\": \"192360000,424242\"}");

  fake_dataverse_add (fake, "msdyn_liveworkstreams",
    "{\"msdyn_liveworkstreamid\": \"" WS_VOICE "\", \"msdyn_name\": \"Phone\", \"msdyn_streamsource\": 192370000,"
    " \"msdyn_allowedpresences\": \"192360000\", \"_msdyn_defaultqueue_value\": null}");

  fake_dataverse_add (fake, "queues",
    "{\"queueid\": \"" Q_SALES "\", \"name\": \"Sales\", \"msdyn_isomnichannelqueue\": true}");
  fake_dataverse_add (fake, "queues",
    "{\"queueid\": \"" Q_SUPPORT "\", \"name\": \"Support\", \"msdyn_isomnichannelqueue\": true}");
  fake_dataverse_add (fake, "queues",
    "{\"queueid\": \"" Q_PERSONAL "\", \"name\": \"<Ana's queue>\", \"msdyn_isomnichannelqueue\": false}");

  fake_dataverse_add (fake, "msdyn_presences",
    "{\"msdyn_presenceid\": \"" P_AVAIL "\", \"msdyn_name\": \"Available\", \"msdyn_basepresencestatus\": 192360000,"
    " \"msdyn_presencestatustext\": \"Available\"}");
  fake_dataverse_add (fake, "msdyn_presences",
    "{\"msdyn_presenceid\": \"" P_BUSY "\", \"msdyn_name\": \"Busy\", \"msdyn_basepresencestatus\": 192360001,"
    " \"msdyn_presencestatustext\": \"Busy\"}");
  fake_dataverse_add (fake, "msdyn_presences",
    "{\"msdyn_presenceid\": \"" P_LUNCH "\", \"msdyn_name\": \"Lunch\", \"msdyn_basepresencestatus\": 192360003,"
    " \"msdyn_presencestatustext\": \"Lunch\"}");
  fake_dataverse_add (fake, "msdyn_presences",
    "{\"msdyn_presenceid\": \"" P_ODD "\", \"msdyn_name\": \"Meditating\", \"msdyn_basepresencestatus\": 5,"
    " \"msdyn_presencestatustext\": null}");

  fake_dataverse_add (fake, "systemusers",
    "{\"systemuserid\": \"" U_ANA "\", \"fullname\": \"Ana Agent\", \"msdyn_capacity\": 10, \"isdisabled\": false}");
  fake_dataverse_add (fake, "systemusers",
    "{\"systemuserid\": \"" U_BEN "\", \"fullname\": \"Ben Agent\", \"msdyn_capacity\": 5, \"isdisabled\": false}");
  fake_dataverse_add (fake, "systemusers",
    "{\"systemuserid\": \"" U_CAL "\", \"fullname\": \"Cal Agent\", \"msdyn_capacity\": null, \"isdisabled\": false}");

  fake_dataverse_add (fake, "msdyn_agentstatuses",
    "{\"msdyn_agentstatusid\": \"" AS_ANA "\", \"_msdyn_agentid_value\": \"" U_ANA "\","
    " \"_msdyn_currentpresenceid_value\": \"" P_AVAIL "\", \"msdyn_availableunitscapacity\": 6,"
    " \"msdyn_presencemodifiedon\": \"2026-11-25T16:40:00Z\"}");
  fake_dataverse_add (fake, "msdyn_agentstatuses",
    "{\"msdyn_agentstatusid\": \"" AS_BEN "\", \"_msdyn_agentid_value\": \"" U_BEN "\","
    " \"_msdyn_currentpresenceid_value\": \"" P_LUNCH "\", \"msdyn_availableunitscapacity\": 5}");
  fake_dataverse_add (fake, "msdyn_agentstatuses",
    "{\"msdyn_agentstatusid\": \"" AS_CAL "\", \"_msdyn_agentid_value\": \"" U_CAL "\","
    " \"_msdyn_agentid_value" FORMATTED "\": \"Cal Agent\","
    " \"_msdyn_currentpresenceid_value\": \"" P_ODD "\", \"msdyn_availableunitscapacity\": 2}");

  fake_dataverse_add (fake, "queuememberships",
    "{\"queuemembershipid\": \"e0000000-0000-0000-0000-000000000001\", \"queueid\": \"" Q_SALES "\", \"systemuserid\": \"" U_ANA "\"}");
  fake_dataverse_add (fake, "queuememberships",
    "{\"queuemembershipid\": \"e0000000-0000-0000-0000-000000000002\", \"queueid\": \"" Q_SUPPORT "\", \"systemuserid\": \"" U_ANA "\"}");
  fake_dataverse_add (fake, "queuememberships",
    "{\"queuemembershipid\": \"e0000000-0000-0000-0000-000000000003\", \"queueid\": \"" Q_SUPPORT "\", \"systemuserid\": \"" U_BEN "\"}");
  fake_dataverse_add (fake, "queuememberships",
    "{\"queuemembershipid\": \"e0000000-0000-0000-0000-000000000004\", \"queueid\": \"" Q_PERSONAL "\", \"systemuserid\": \"" U_BEN "\"}");

  /* The signed-in supervisor (the fake's WhoAmI) is a member of Support. */
  fake_dataverse_add (fake, "queuememberships",
    "{\"queuemembershipid\": \"e0000000-0000-0000-0000-000000000005\", \"queueid\": \"" Q_SUPPORT "\", \"systemuserid\": \"5e000000-0000-0000-0000-00000000000f\"}");

  fake_dataverse_add (fake, "bookableresources",
    "{\"bookableresourceid\": \"e5000000-0000-0000-0000-000000000001\", \"_userid_value\": \"" U_ANA "\", \"name\": \"Ana\"}");
  fake_dataverse_add (fake, "bookableresourcecharacteristics",
    "{\"bookableresourcecharacteristicid\": \"e7000000-0000-0000-0000-000000000001\","
    " \"_resource_value\": \"e5000000-0000-0000-0000-000000000001\","
    " \"_characteristic_value\": \"e8000000-0000-0000-0000-000000000001\","
    " \"_characteristic_value" FORMATTED "\": \"Spanish\","
    " \"_ratingvalue_value\": \"e9000000-0000-0000-0000-000000000004\","
    " \"_ratingvalue_value" FORMATTED "\": \"4\"}");
  fake_dataverse_add (fake, "bookableresourcecharacteristics",
    "{\"bookableresourcecharacteristicid\": \"e7000000-0000-0000-0000-000000000002\","
    " \"_resource_value\": \"e5000000-0000-0000-0000-000000000001\","
    " \"_characteristic_value\": \"e8000000-0000-0000-0000-000000000002\","
    " \"_characteristic_value" FORMATTED "\": \"Billing\","
    " \"_ratingvalue_value\": null}");

  /*                         id  state status created  workstream queue      agent  assigned sentiment customer */
  dataverse_floor_add_conversation (fake, C1, 0, 1,   300,   WS_CHAT, Q_SALES,   NULL,  0,   10, "Dana Customer");
  dataverse_floor_add_conversation (fake, C2, 0, 2,   600,   WS_SMS,  Q_SUPPORT, U_ANA, 500, 7,  NULL);
  dataverse_floor_add_conversation (fake, C3, 0, 3,   900,   WS_CHAT, Q_SUPPORT, U_BEN, 800, 12, NULL);
  dataverse_floor_add_conversation (fake, C4, 0, 5,   1200,  WS_CHAT, Q_SALES,   U_ANA, 1100, 0, NULL);
  wrap_up_json = g_strdup_printf ("{\"msdyn_wrapupinitiatedon\": \"%s\"}", wrap_up);
  fake_dataverse_update (fake, "msdyn_ocliveworkitems", C4, wrap_up_json);
  dataverse_floor_add_conversation (fake, C5, 0, 9,   100,   WS_ODD,  Q_SALES,   NULL,  0,   42, NULL);
  dataverse_floor_add_conversation (fake, C6, 1, 4,   200,   WS_CHAT, Q_SALES,   U_BEN, 150, 10, NULL);
  dataverse_floor_add_conversation (fake, C7, 0, 1,   90000, WS_CHAT, Q_SALES,   NULL,  0,   10, NULL);
  dataverse_floor_add_conversation (fake, C8, 0, 1,   50,    WS_GONE, Q_SALES,   NULL,  0,   13, NULL);
}

