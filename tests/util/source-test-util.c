// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "source-test-util.h"

gboolean
is_live (gpointer source)
{
  return oc_source_get_state (OC_SOURCE (source)) == OC_SOURCE_STATE_LIVE;
}

gboolean
is_reconnecting (gpointer source)
{
  return oc_source_get_state (OC_SOURCE (source)) == OC_SOURCE_STATE_RECONNECTING;
}

gboolean
is_settled (gpointer source)
{
  OcSourceState state = oc_source_get_state (OC_SOURCE (source));

  return state == OC_SOURCE_STATE_AUTH_FAILED || state == OC_SOURCE_STATE_OFFLINE;
}

void
action_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ActionResult *res = user_data;

  res->ok = oc_source_action_finish (OC_SOURCE (object), result, &res->error);
  res->done = TRUE;
}

gboolean
action_is_done (gpointer result)
{
  return ((ActionResult *) result)->done;
}
