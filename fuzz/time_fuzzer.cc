// Fuzz target "time": the parsers of client-supplied times and durations: ISO 8601
// (common/time.h, as scheduled_at, the journal's since, the clock's "to" and the usage
// report read it), the scheduled_at rules (calls/schedule_rules.h) and the ctl duration
// parser (ctl/duration.h). Checks: a parsed time, formatted (format_iso_utc and both
// profiles' format_timestamp), parses back to the same instant (for years 0000-9999,
// which the format writes in four digits); check_scheduled_at gives a time exactly when
// the status is 0, and that time lies from 2 minutes to 30 days after now; rounding up
// to ten minutes lands on a ten-minute mark at most 10 minutes later; a parsed duration
// is finite and not negative.
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "calls/schedule_rules.h"
#include "common/json.h"
#include "common/time.h"
#include "ctl/duration.h"
#include "fuzz_check.h"

namespace {

using namespace bolna;
using fuzz::require;

// True when the instant's year is 0000-9999 (the format writes it in four digits).
bool four_digit_year(TimePoint t) {
  std::string s = format_iso_utc(t);
  for (int i = 0; i < 4; ++i)
    if (s.size() < 5 || s[i] < '0' || s[i] > '9') return false;
  return s[4] == '-';
}

void check_round_trip(std::string_view text, const ParsedTime& p) {
  if (!four_digit_year(p.utc)) return;
  for (const std::string& formatted :
       {format_iso_utc(p.utc), format_timestamp(p.utc, Profile::kDocs),
        format_timestamp(p.utc, Profile::kLive)}) {
    auto again = parse_iso8601(formatted);
    require(again.has_value(),
            "'" + formatted + "' (from '" + std::string(text) + "') does not parse back");
    require(again->utc == p.utc, "'" + formatted + "' parses to another instant");
  }
}

void check_schedule(const std::string& text) {
  const TimePoint now = TimePoint(std::chrono::seconds(1'790'000'000));  // 2026-09-21
  ScheduleCheck c = check_scheduled_at(Json(text), now);
  require((c.status == 0) == c.at.has_value(), "status and time disagree");
  require(c.status == 0 || c.status == 400 || c.status == 500,
          "status " + std::to_string(c.status));
  require(c.status == 0 || !c.message.empty(), "an error without a message");
  if (!c.at) return;
  require(*c.at >= now + std::chrono::minutes(2) && *c.at <= now + std::chrono::hours(24 * 30),
          "a scheduled time out of the 2 minutes - 30 days window");
  TimePoint up = round_up_to_ten_minutes(*c.at);
  require(up >= *c.at && up - *c.at < std::chrono::minutes(10) &&
              up.time_since_epoch() % std::chrono::minutes(10) == Micros(0),
          "round_up_to_ten_minutes is not the next ten-minute mark");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string why;
  auto parsed = parse_iso8601(text, &why);
  if (parsed)
    check_round_trip(text, *parsed);
  else
    require(!why.empty(), "an unparsable time without a reason");
  check_schedule(text);
  auto seconds = ctl::parse_duration(text, &why);
  if (seconds) {
    require(std::isfinite(*seconds) && *seconds >= 0, "a duration that is negative or not finite");
    (void)ctl::format_duration(*seconds);
  }
  return 0;
}
