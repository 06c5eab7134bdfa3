#include "calls/schedule_rules.h"

#include <doctest/doctest.h>

using namespace bolna;
using namespace std::chrono;

namespace {
TimePoint noon() { return parse_iso8601("2026-06-23T12:00:00+00:00")->utc; }
ScheduleCheck check(const std::string& s) { return check_scheduled_at(Json(s), noon()); }
}  // namespace

TEST_CASE("scheduled_at: exactly 2 minutes is accepted, a microsecond less is not") {
  CHECK(check("2026-06-23T12:02:00+00:00").at);
  ScheduleCheck c = check("2026-06-23T12:01:59.999999+00:00");
  CHECK_FALSE(c.at);
  CHECK(c.status == 400);
  CHECK(c.message == "Scheduled time should be atleast 2 minutes in the future");
}

TEST_CASE("scheduled_at: exactly 30 days is accepted, a second more is not") {
  CHECK(check("2026-07-23T12:00:00+00:00").at);
  ScheduleCheck c = check("2026-07-23T12:00:01+00:00");
  CHECK(c.status == 400);
  CHECK(c.message == "Scheduled time should be within 30 days");
}

TEST_CASE("scheduled_at: Z is a 500, garbage a parsing error, order of checks") {
  ScheduleCheck z = check("2026-06-23T18:30:00.000Z");
  CHECK(z.status == 500);
  CHECK(z.message == "Internal server error");
  // Z wins over the 2-minute rule (parse comes first).
  CHECK(check("2026-06-23T12:00:30Z").status == 500);
  ScheduleCheck bad = check("next tuesday");
  CHECK(bad.status == 400);
  CHECK(bad.message.rfind("Parsing error: ", 0) == 0);
  ScheduleCheck not_string = check_scheduled_at(Json(12), noon());
  CHECK(not_string.status == 400);
  CHECK(not_string.message.rfind("Parsing error: ", 0) == 0);
}

TEST_CASE("scheduled_at: offsets are honoured") {
  // 17:32 at +05:30 is 12:02 UTC: exactly two minutes ahead.
  ScheduleCheck c = check("2026-06-23T17:32:00+05:30");
  REQUIRE(c.at);
  CHECK(format_iso_utc(*c.at) == "2026-06-23T12:02:00.000000+00:00");
}

TEST_CASE("rounding: up to the next 10-minute mark, marks stay") {
  auto r = [](const char* s) { return format_iso_utc(round_up_to_ten_minutes(parse_iso8601(s)->utc)); };
  CHECK(r("2026-06-23T12:02:00+00:00") == "2026-06-23T12:10:00.000000+00:00");
  CHECK(r("2026-06-23T04:05:00+00:00") == "2026-06-23T04:10:00.000000+00:00");
  CHECK(r("2026-06-23T12:10:00+00:00") == "2026-06-23T12:10:00.000000+00:00");
  CHECK(r("2026-06-23T12:10:00.000001+00:00") == "2026-06-23T12:20:00.000000+00:00");
  CHECK(r("2026-06-23T23:55:00+00:00") == "2026-06-24T00:00:00.000000+00:00");
}
