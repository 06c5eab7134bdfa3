#include "calls/schedule_rules.h"

namespace bolna {

ScheduleCheck check_scheduled_at(const Json& value, TimePoint now) {
  ScheduleCheck c;
  if (!value.is_string()) {
    c.status = 400;
    c.message = "Parsing error: scheduled_at must be an ISO 8601 string such as "
                "2026-06-23T18:30:00+00:00";
    return c;
  }
  std::string why;
  auto parsed = parse_iso8601(value.get<std::string>(), &why);
  if (!parsed) {
    c.status = 400;
    c.message = "Parsing error: could not parse scheduled_at '" + value.get<std::string>() +
                "' (" + why + ")";
    return c;
  }
  if (parsed->zulu) {
    c.status = 500;
    c.message = "Internal server error";
    return c;
  }
  if (parsed->utc < now + std::chrono::minutes(2)) {
    c.status = 400;
    c.message = "Scheduled time should be atleast 2 minutes in the future";
    return c;
  }
  if (parsed->utc > now + std::chrono::hours(24 * 30)) {
    c.status = 400;
    c.message = "Scheduled time should be within 30 days";
    return c;
  }
  c.at = parsed->utc;
  return c;
}

TimePoint round_up_to_ten_minutes(TimePoint t) {
  constexpr Micros kTen = std::chrono::minutes(10);
  auto since = t.time_since_epoch();
  auto rem = since % kTen;
  if (rem.count() == 0) return t;
  return TimePoint(since - rem + kTen);
}

}  // namespace bolna
