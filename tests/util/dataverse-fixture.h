// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dataverse-floor.h"
#include "oc-dataverse-private.h"
#include "oc-dataverse-source.h"
#include "oc-test-util.h"

G_BEGIN_DECLS

/* A fake org with the floor, a store, and a source on it with short
 * intervals (polls every 50 ms, pages of two), shared by the Dataverse tests. */

#define TOKEN "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake.token"
#define WAIT_MS 20000

typedef struct {
  FakeDataverse       *fake;
  OcConversationStore *store;
  OcDataverseSource   *source;
  GPtrArray           *removed;   /* "id reason" */
} Fixture;

void fixture_set_up     (Fixture       *f,
                         gconstpointer  data);
void fixture_tear_down  (Fixture       *f,
                         gconstpointer  data);
/* Iterates the main loop until the source is in @state; fails after WAIT_MS. */
void wait_for_state     (Fixture       *f,
                         OcSourceState  state);
void start_live         (Fixture       *f);

/* Adds the test at "/dataverse/@path" with the fixture. */
#define ADD(path, func) \
  g_test_add ("/dataverse/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

G_END_DECLS
