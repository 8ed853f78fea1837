// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $metadata documents (CSDL XML) for the fake org. */
typedef enum {
  /* The four CCaaS_* actions the console sends, with its parameters. */
  FAKE_DATAVERSE_METADATA_COMPLETE,
  /* Transfer lacks AgentId, force close is absent. */
  FAKE_DATAVERSE_METADATA_MISSING_PARAMETER,
  /* CCaaS_AssignConversation unbound, the rest absent. */
  FAKE_DATAVERSE_METADATA_UNBOUND,
  /* Not well-formed. */
  FAKE_DATAVERSE_METADATA_BROKEN,
} FakeDataverseMetadata;

const char *fake_dataverse_metadata_document (FakeDataverseMetadata which);

G_END_DECLS
