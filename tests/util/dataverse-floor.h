// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fake-dataverse.h"

G_BEGIN_DECLS

/* A small floor in the fake's tables: three work streams (chat, SMS and a
 * channel we do not know), two Omnichannel queues and a personal one, four
 * presences, three agents with statuses, memberships and skills, and nine
 * conversations in every status, one closed and one older than 24 h (but
 * within the 72 h a still-open one stays).
 * test-dataverse asserts on it; fake-dataverse-serve shows it. */

#define WS_CHAT  "a1000000-0000-0000-0000-000000000001"
#define WS_SMS   "a1000000-0000-0000-0000-000000000002"
#define WS_ODD   "a1000000-0000-0000-0000-000000000003"
#define WS_VOICE "a1000000-0000-0000-0000-000000000004"
#define WS_GONE  "a1000000-0000-0000-0000-0000000000ff"
#define Q_SALES    "b2000000-0000-0000-0000-000000000001"
#define Q_SUPPORT  "b2000000-0000-0000-0000-000000000002"
#define Q_PERSONAL "b2000000-0000-0000-0000-000000000003"
#define P_AVAIL "c3000000-0000-0000-0000-000000000001"
#define P_BUSY  "c3000000-0000-0000-0000-000000000002"
#define P_LUNCH "c3000000-0000-0000-0000-000000000003"
#define P_ODD   "c3000000-0000-0000-0000-000000000004"
#define U_ANA "d4000000-0000-0000-0000-000000000001"
#define U_BEN "d4000000-0000-0000-0000-000000000002"
#define U_CAL "d4000000-0000-0000-0000-000000000003"
#define AS_ANA "f6000000-0000-0000-0000-000000000001"
#define AS_BEN "f6000000-0000-0000-0000-000000000002"
#define AS_CAL "f6000000-0000-0000-0000-000000000003"
#define C1 "0c000000-0000-0000-0000-000000000001"
#define C2 "0c000000-0000-0000-0000-000000000002"
#define C3 "0c000000-0000-0000-0000-000000000003"
#define C4 "0c000000-0000-0000-0000-000000000004"
#define C5 "0c000000-0000-0000-0000-000000000005"
#define C6 "0c000000-0000-0000-0000-000000000006"
#define C7 "0c000000-0000-0000-0000-000000000007"
#define C8 "0c000000-0000-0000-0000-000000000008"
#define C9 "0c000000-0000-0000-0000-000000000009"


void dataverse_floor_build            (FakeDataverse *fake);
/* One msdyn_ocliveworkitem row; times are seconds before now. */
void dataverse_floor_add_conversation (FakeDataverse *fake,
                                       const char    *id,
                                       int            statecode,
                                       int            statuscode,
                                       gint64         created_ago,
                                       const char    *workstream,
                                       const char    *queue,
                                       const char    *agent,
                                       gint64         assigned_ago,
                                       int            sentiment,
                                       const char    *customer);

G_END_DECLS
