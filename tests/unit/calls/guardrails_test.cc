// Calling guardrails (domain/guardrails.h): window parsing, country-code offsets, the
// window check and the next window start.
#include "calls/guardrails.h"

#include <doctest/doctest.h>

using namespace bolna;

namespace {
TimePoint at(const char* iso) { return parse_iso8601(iso)->utc; }
}  // namespace

TEST_CASE("guardrails: window from calling_guardrails") {
  CHECK_FALSE(window_from_guardrails(Json()).has_value());
  CHECK_FALSE(window_from_guardrails(Json::object()).has_value());
  auto w = window_from_guardrails({{"call_start_hour", 9}, {"call_end_hour", 17}});
  REQUIRE(w);
  CHECK(w->start_hour == 9);
  CHECK(w->end_hour == 17);
  w = window_from_guardrails({{"call_start_hour", 10}});
  REQUIRE(w);
  CHECK(w->end_hour == 24);
  w = window_from_guardrails({{"call_start_hour", 10}, {"call_end_hour", 10}});
  REQUIRE(w);
  CHECK(w->end_hour == 11);
}

TEST_CASE("guardrails: country code table and default") {
  CHECK(utc_offset_for("+919876543210") == 330);
  CHECK(utc_offset_for("+14155550100") == -300);
  CHECK(utc_offset_for("+447700900000") == 0);
  CHECK(utc_offset_for("+9779800000000") == 345);  // Nepal beats nothing shorter
  CHECK(utc_offset_for("+97150000000") == 240);    // 971 (UAE), not 9 or 97
  CHECK(utc_offset_for("+8525555000") == 480);
  CHECK(utc_offset_for("+3725550000") == kDefaultUtcOffsetMinutes);  // Estonia: not listed
}

TEST_CASE("guardrails: in_window uses the local hour, start inclusive and end exclusive") {
  CallingWindow w{9, 17};
  // India is +05:30: 03:30 UTC is 09:00 local.
  CHECK(in_window(w, 330, at("2026-06-23T03:30:00+00:00")));
  CHECK_FALSE(in_window(w, 330, at("2026-06-23T03:29:59+00:00")));
  CHECK(in_window(w, 330, at("2026-06-23T11:29:59+00:00")));
  CHECK_FALSE(in_window(w, 330, at("2026-06-23T11:30:00+00:00")));
  // US (-05:00): 02:00 UTC is 21:00 of the previous local day.
  CHECK_FALSE(in_window(w, -300, at("2026-06-23T02:00:00+00:00")));
  CHECK(in_window(w, -300, at("2026-06-23T14:00:00+00:00")));
}

TEST_CASE("guardrails: next window start is today's start or tomorrow's") {
  CallingWindow w{9, 17};
  CHECK(next_window_start(w, 330, at("2026-06-23T01:00:00+00:00")) ==
        at("2026-06-23T03:30:00+00:00"));
  CHECK(next_window_start(w, 330, at("2026-06-23T12:00:00+00:00")) ==
        at("2026-06-24T03:30:00+00:00"));
  // 02:00 UTC = 21:00 local (-05:00) on the 22nd: next 09:00 local is 14:00 UTC on the 23rd.
  CHECK(next_window_start(w, -300, at("2026-06-23T02:00:00+00:00")) ==
        at("2026-06-23T14:00:00+00:00"));
}

TEST_CASE("guardrails: guardrail_hold_until") {
  Json config = {{"calling_guardrails", {{"call_start_hour", 9}, {"call_end_hour", 17}}}};
  CHECK(guardrail_hold_until(config, "+14155550100", at("2026-06-23T12:00:00+00:00")) ==
        at("2026-06-23T14:00:00+00:00"));
  CHECK_FALSE(guardrail_hold_until(config, "+14155550100", at("2026-06-23T15:00:00+00:00")));
  CHECK_FALSE(
      guardrail_hold_until(Json::object(), "+14155550100", at("2026-06-23T12:00:00+00:00")));
  CHECK_FALSE(guardrail_hold_until({{"calling_guardrails", nullptr}}, "+14155550100",
                                   at("2026-06-23T12:00:00+00:00")));
}
