// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <stdio.h>

#include "dataverse-floor.h"

/* Serves the test floor as a fake Dynamics 365 org until interrupted, so the
 * app can be tried without one:
 *   _build/tests/fake-dataverse-serve &
 *   OC_TOKEN=demo-token _build/src/app/ongoing-conversations --dataverse http://127.0.0.1:PORT
 * Every few seconds a conversation changes status, so polling shows
 * (unless the second argument is --still). */

static gboolean
step_cb (gpointer user_data)
{
  FakeDataverse *fake = user_data;
  static guint step;
  static const char *changes[] = {
    "{\"statuscode\": 2, \"_msdyn_activeagentid_value\": \"" U_ANA "\"}",
    "{\"statuscode\": 5}",
    "{\"statuscode\": 1, \"_msdyn_activeagentid_value\": null}",
  };

  fake_dataverse_update (fake, "msdyn_ocliveworkitems", C1, changes[step++ % G_N_ELEMENTS (changes)]);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *token = argc > 1 ? argv[1] : "demo-token";
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  FakeDataverse *fake = fake_dataverse_new (token);

  dataverse_floor_build (fake);
  printf ("%s\n", fake_dataverse_get_url (fake));
  fflush (stdout);
  /* "--still" keeps the floor as built, for tests that need a row to stay. */
  if (g_strcmp0 (argc > 2 ? argv[2] : NULL, "--still") != 0)
    g_timeout_add_seconds (7, step_cb, fake);
  g_main_loop_run (loop);
  fake_dataverse_free (fake);
  return 0;
}
