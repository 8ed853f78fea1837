// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "fake-dataverse-metadata.h"

/* Trimmed from the shape of a Dataverse v9.2 $metadata: the edmx envelope,
 * the mscrm schema, an entity type and bound actions as CSDL declares them
 * (the binding parameter first, typed with the entity). */
#define HEAD \
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" \
  "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n" \
  " <edmx:DataServices>\n" \
  "  <Schema Namespace=\"Microsoft.Dynamics.CRM\" Alias=\"mscrm\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n" \
  "   <EntityType Name=\"msdyn_ocliveworkitem\" BaseType=\"mscrm.activitypointer\">\n" \
  "    <Property Name=\"msdyn_ocliveworkitemid\" Type=\"Edm.Guid\"/>\n" \
  "   </EntityType>\n" \
  "   <Action Name=\"WinOpportunity\"><Parameter Name=\"OpportunityClose\" Type=\"mscrm.opportunityclose\"/></Action>\n"
#define BOUND "<Parameter Name=\"entity\" Type=\"mscrm.msdyn_ocliveworkitem\" Nullable=\"false\"/>"
#define ACTION(name, params) \
  "   <Action Name=\"" name "\" IsBound=\"true\">" BOUND params \
  "<ReturnType Type=\"mscrm.crmbaseentity\"/></Action>\n"
#define TAIL \
  "   <EntityContainer Name=\"System\"><EntitySet Name=\"msdyn_ocliveworkitems\" EntityType=\"mscrm.msdyn_ocliveworkitem\"/></EntityContainer>\n" \
  "  </Schema>\n" \
  " </edmx:DataServices>\n" \
  "</edmx:Edmx>\n"

#define AGENT_PARAM "<Parameter Name=\"AgentId\" Type=\"Edm.String\" Unicode=\"false\"/>"
#define QUEUE_PARAM "<Parameter Name=\"QueueId\" Type=\"Edm.String\" Unicode=\"false\"/>"

const char *
fake_dataverse_metadata_document (FakeDataverseMetadata which)
{
  switch (which)
    {
    case FAKE_DATAVERSE_METADATA_COMPLETE:
      return HEAD
        ACTION ("CCaaS_AssignConversation", AGENT_PARAM)
        ACTION ("CCaaS_InitiateQueueAssignment", QUEUE_PARAM)
        ACTION ("CCaaS_InitiateAgentTransferBySupervisor", AGENT_PARAM)
        ACTION ("CCaaS_ForceCloseConversation", "")
        TAIL;
    case FAKE_DATAVERSE_METADATA_MISSING_PARAMETER:
      /* The transfer takes its agent under another name; no force close. */
      return HEAD
        ACTION ("CCaaS_AssignConversation", AGENT_PARAM)
        ACTION ("CCaaS_InitiateQueueAssignment", QUEUE_PARAM)
        ACTION ("CCaaS_InitiateAgentTransferBySupervisor",
                "<Parameter Name=\"TargetAgent\" Type=\"Edm.String\"/>")
        TAIL;
    case FAKE_DATAVERSE_METADATA_UNBOUND:
      return HEAD
        "   <Action Name=\"CCaaS_AssignConversation\">" AGENT_PARAM "</Action>\n"
        TAIL;
    default:
      return "<edmx:Edmx><unclosed>";
    }
}
