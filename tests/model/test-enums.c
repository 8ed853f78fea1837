// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "oc-enums.h"

static void
test_nicks_are_wire_strings (void)
{
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_STATUS, "wrap-up"), ==, OC_STATUS_WRAP_UP);
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_STATUS, "open"), ==, OC_STATUS_OPEN);
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_CHANNEL, "voice"), ==, OC_CHANNEL_VOICE);
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_SENTIMENT, "very-negative"), ==, OC_SENTIMENT_VERY_NEGATIVE);
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_PRESENCE, "busy-dnd"), ==, OC_PRESENCE_BUSY_DND);
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_SENDER, "supervisor"), ==, OC_SENDER_SUPERVISOR);
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_MESSAGE_KIND, "voice-transcript"), ==, OC_MESSAGE_KIND_VOICE_TRANSCRIPT);
  g_assert_cmpstr (oc_enum_to_nick (OC_TYPE_STATUS, OC_STATUS_WRAP_UP), ==, "wrap-up");
  g_assert_cmpstr (oc_enum_to_nick (OC_TYPE_SENTIMENT, OC_SENTIMENT_SLIGHTLY_POSITIVE), ==, "slightly-positive");
}

static void
test_unknown_values_map_to_unknown (void)
{
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_STATUS, "escalated"), ==, OC_STATUS_UNKNOWN);
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_STATUS, "WRAP-UP"), ==, OC_STATUS_UNKNOWN);
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_CHANNEL, ""), ==, OC_CHANNEL_UNKNOWN);
  g_assert_cmpint (oc_enum_from_nick (OC_TYPE_PRESENCE, NULL), ==, OC_PRESENCE_UNKNOWN);
  g_assert_cmpstr (oc_enum_to_nick (OC_TYPE_STATUS, 999), ==, "unknown");
}

static void
test_sentiment_orders_by_mood (void)
{
  g_assert_cmpint (OC_SENTIMENT_VERY_NEGATIVE, <, OC_SENTIMENT_NEUTRAL);
  g_assert_cmpint (OC_SENTIMENT_NEUTRAL, <, OC_SENTIMENT_VERY_POSITIVE);
  g_assert_true (oc_sentiment_is_negative (OC_SENTIMENT_SLIGHTLY_NEGATIVE));
  g_assert_false (oc_sentiment_is_negative (OC_SENTIMENT_NEUTRAL));
  g_assert_false (oc_sentiment_is_negative (OC_SENTIMENT_UNKNOWN));
}

static void
test_every_value_has_label_and_icon (void)
{
  for (int s = OC_STATUS_UNKNOWN; s <= OC_STATUS_CLOSED; s++)
    {
      g_assert_nonnull (oc_status_get_label (s));
      g_assert_true (g_str_has_suffix (oc_status_get_icon (s), "-symbolic"));
    }
  g_assert_cmpstr (oc_status_get_label (OC_STATUS_WRAP_UP), ==, "Wrap-up");
  g_assert_cmpstr (oc_channel_get_label (OC_CHANNEL_MESSAGING), ==, "Messaging");
  g_assert_cmpstr (oc_presence_get_label (OC_PRESENCE_BUSY_DND), ==, "Do not disturb");
  g_assert_false (oc_status_is_live (OC_STATUS_CLOSED));
  g_assert_true (oc_status_is_live (OC_STATUS_WAITING));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/enums/nicks", test_nicks_are_wire_strings);
  g_test_add_func ("/enums/unknown", test_unknown_values_map_to_unknown);
  g_test_add_func ("/enums/sentiment-order", test_sentiment_orders_by_mood);
  g_test_add_func ("/enums/labels", test_every_value_has_label_and_icon);
  return g_test_run ();
}
