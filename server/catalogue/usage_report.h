// Usage reports of GET /sub-accounts/{id}/usage and /sub-accounts/all/usage: the
// executions created in a window (at most 32 days), counted and summed by status,
// duration and cost component, with per-provider/model maps. Pure functions of the
// executions passed in; the caller holds the owning tenant's mutex.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calls/execution.h"
#include "common/json.h"
#include "common/time.h"

namespace bolna {

inline constexpr std::chrono::days kMaxUsageWindow{32};

struct UsageWindow {
  TimePoint from;
  TimePoint to;
};

// Reads the from/to query values (ISO 8601, or a bare YYYY-MM-DD date). Defaults: the
// start of `now`'s month, and the end of `now`'s day (UTC). Returns "" or the 400 message.
std::string parse_usage_window(const std::optional<std::string>& from,
                               const std::optional<std::string>& to, TimePoint now,
                               UsageWindow& out);

// {from, to, total_records, total_duration, total_cost, total_platform_cost,
// total_telephony_cost, status_map, synthesizer_cost_map, transcriber_cost_map,
// llm_cost_map} over the executions created within the window. Costs in cents.
Json usage_report(const std::vector<Execution*>& executions, const UsageWindow& window);

}  // namespace bolna
