// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "fake-dataverse-metadata.h"
#include "oc-dataverse-private.h"

/* The org's $metadata decides which actions the console may send: each
 * CCaaS_* message it sends must exist, bound to msdyn_ocliveworkitem, with
 * the parameters it sends; otherwise the reason names what is missing. */

static GHashTable *
parse (FakeDataverseMetadata which)
{
  const char *xml = fake_dataverse_metadata_document (which);
  g_autoptr(GError) error = NULL;
  GHashTable *metadata = _oc_dataverse_metadata_parse (xml, strlen (xml), &error);

  g_assert_no_error (error);
  g_assert_nonnull (metadata);
  return metadata;
}

static void
test_complete (void)
{
  g_autoptr(GHashTable) metadata = parse (FAKE_DATAVERSE_METADATA_COMPLETE);

  g_assert_true (g_hash_table_contains (metadata, "WinOpportunity"));
  g_assert_null (_oc_dataverse_actions_check (metadata, OC_SOURCE_CAN_ASSIGN));
  g_assert_null (_oc_dataverse_actions_check (metadata, OC_SOURCE_CAN_TRANSFER));
  g_assert_null (_oc_dataverse_actions_check (metadata, OC_SOURCE_CAN_FORCE_CLOSE));
}

static void
test_missing_parameter (void)
{
  g_autoptr(GHashTable) metadata = parse (FAKE_DATAVERSE_METADATA_MISSING_PARAMETER);
  g_autofree char *transfer = _oc_dataverse_actions_check (metadata, OC_SOURCE_CAN_TRANSFER);
  g_autofree char *force_close = _oc_dataverse_actions_check (metadata, OC_SOURCE_CAN_FORCE_CLOSE);

  g_assert_null (_oc_dataverse_actions_check (metadata, OC_SOURCE_CAN_ASSIGN));
  g_assert_nonnull (transfer);
  g_assert_nonnull (strstr (transfer, "AgentId"));
  g_assert_nonnull (strstr (transfer, "CCaaS_InitiateAgentTransferBySupervisor"));
  g_assert_nonnull (force_close);
  g_assert_nonnull (strstr (force_close, "CCaaS_ForceCloseConversation"));
}

static void
test_unbound (void)
{
  g_autoptr(GHashTable) metadata = parse (FAKE_DATAVERSE_METADATA_UNBOUND);
  g_autofree char *assign = _oc_dataverse_actions_check (metadata, OC_SOURCE_CAN_ASSIGN);

  g_assert_nonnull (assign);
  g_assert_nonnull (strstr (assign, "not bound"));
}

static void
test_broken (void)
{
  const char *xml = fake_dataverse_metadata_document (FAKE_DATAVERSE_METADATA_BROKEN);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) metadata = _oc_dataverse_metadata_parse (xml, strlen (xml), &error);

  g_assert_null (metadata);
  g_assert_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dataverse/metadata/complete", test_complete);
  g_test_add_func ("/dataverse/metadata/missing-parameter", test_missing_parameter);
  g_test_add_func ("/dataverse/metadata/unbound", test_unbound);
  g_test_add_func ("/dataverse/metadata/broken", test_broken);
  return g_test_run ();
}
