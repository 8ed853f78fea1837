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

void
assert_audit_seqs (GListModel *entries,
                   gint64      newest,
                   gint64      oldest)
{
  guint n = g_list_model_get_n_items (entries);

  g_assert_cmpuint (n, ==, newest - oldest + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OcAuditEntry) entry = g_list_model_get_item (entries, i);

      g_assert_cmpint (oc_audit_entry_get_seq (entry), ==, newest - i);
    }
}
