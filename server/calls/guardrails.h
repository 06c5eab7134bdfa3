// Calling guardrails: an agent's calling window (`calling_guardrails.call_start_hour`,
// `call_end_hour`) evaluated in the recipient's local time, and the table that maps a
// number's country calling code to a fixed UTC offset (no daylight saving time; the
// README lists the table). Used by the call engine when a call is about to dial. Pure
// functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/time.h"

namespace bolna {

// A calling window in local hours: calls may start from start_hour:00 (inclusive) until
// end_hour:00 (exclusive). end_hour == start_hour is read as the one hour
// start_hour:00-start_hour:59 (an empty window would never dial).
struct CallingWindow {
  int start_hour = 0;
  int end_hour = 24;
};

// The window of an agent's `calling_guardrails` object, or nullopt when the agent has
// none (null/absent, or neither hour set: calls are never held). A missing start reads
// as 0, a missing end as 24.
std::optional<CallingWindow> window_from_guardrails(const Json& guardrails);

// A country's entry in the table.
struct CountryOffset {
  std::string calling_code;  // "91"
  std::string country;       // "India"
  int utc_offset_minutes;    // 330
};

// The whole table, in the order the README shows it.
const std::vector<CountryOffset>& country_offsets();
// The UTC offset (minutes) for an E.164 number: longest matching calling code, or
// kDefaultUtcOffsetMinutes (UTC) when the code is not in the table.
int utc_offset_for(const std::string& e164);
inline constexpr int kDefaultUtcOffsetMinutes = 0;

// True when `at` falls inside `window` in the local time of `offset_minutes`.
bool in_window(const CallingWindow& window, int offset_minutes, TimePoint at);
// The next instant at or after `at` when the window opens (start_hour:00 local).
TimePoint next_window_start(const CallingWindow& window, int offset_minutes, TimePoint at);

// For a call to `recipient` about to dial at `now` for an agent whose config is
// `agent_config`: the next window start when the agent's calling_guardrails hold the call,
// nullopt when it may dial now (no guardrails, or inside the window).
std::optional<TimePoint> guardrail_hold_until(const Json& agent_config,
                                              const std::string& recipient, TimePoint now);

}  // namespace bolna
