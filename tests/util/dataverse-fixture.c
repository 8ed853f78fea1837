// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "dataverse-fixture.h"

static void
on_removed (OcConversationStore *store,
            OcConversation      *conversation,
            const char          *reason,
            gpointer             user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->removed, g_strdup_printf ("%s %s", oc_conversation_get_id (conversation), reason));
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->fake = fake_dataverse_new (TOKEN);
  dataverse_floor_build (f->fake);
  f->store = oc_conversation_store_new ();
  f->removed = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->store, "conversation-removed", G_CALLBACK (on_removed), f);
  f->source = oc_dataverse_source_new (fake_dataverse_get_url (f->fake), TOKEN, f->store);
  g_object_set (f->source,
                "poll-interval-ms", 50,
                "resync-interval-ms", 3600 * 1000,
                "page-size", 2,
                NULL);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer source = f->source;

  oc_source_stop (OC_SOURCE (f->source));
  /* Let cancelled requests finish before the server goes: the source goes
   * once nothing holds it, then what they queued runs. */
  g_object_add_weak_pointer (source, &source);
  g_clear_object (&f->source);
  g_assert_true (oc_test_wait_until (oc_test_pointer_cleared, &source, 10000));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->store);
  g_clear_pointer (&f->removed, g_ptr_array_unref);
  g_clear_pointer (&f->fake, fake_dataverse_free);
}

static gboolean
is_state (gpointer data)
{
  gpointer *pair = data;

  return (int) oc_source_get_state (OC_SOURCE (pair[0])) == GPOINTER_TO_INT (pair[1]);
}

void
wait_for_state (Fixture       *f,
                OcSourceState  state)
{
  gpointer pair[2] = { f->source, GINT_TO_POINTER (state) };

  if (!oc_test_wait_until (is_state, pair, WAIT_MS))
    g_error ("State stayed %s (%s), not %s",
             oc_enum_to_nick (OC_TYPE_SOURCE_STATE, oc_source_get_state (OC_SOURCE (f->source))),
             oc_source_get_status_message (OC_SOURCE (f->source)),
             oc_enum_to_nick (OC_TYPE_SOURCE_STATE, state));
}

void
start_live (Fixture *f)
{
  oc_source_start (OC_SOURCE (f->source));
  wait_for_state (f, OC_SOURCE_STATE_LIVE);
}

