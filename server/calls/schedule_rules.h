// The `scheduled_at` rules shared by POST /call and POST /batches/{id}/schedule
// (DECISIONS.md rows 4-5), measured against the tenant's clock. Pure functions.
#pragma once

#include <optional>
#include <string>

#include "common/json.h"
#include "common/time.h"

namespace bolna {

struct ScheduleCheck {
  std::optional<TimePoint> at;  // set when valid
  int status = 0;               // 400 or 500 when invalid
  std::string message;          // the documented message
};

// Checks in the documented order: not a string or unparsable -> 400 "Parsing error:
// ..."; ends in Z/z -> 500 "Internal server error"; less than 2 minutes ahead of `now`
// -> 400 "Scheduled time should be atleast 2 minutes in the future"; more than 30 days
// ahead -> 400 "Scheduled time should be within 30 days". Exactly 2 minutes and exactly
// 30 days are accepted.
ScheduleCheck check_scheduled_at(const Json& value, TimePoint now);

// Rounds up to the next 10-minute mark (12:02 -> 12:10; 12:10:00 stays).
TimePoint round_up_to_ten_minutes(TimePoint t);

}  // namespace bolna
