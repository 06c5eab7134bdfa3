// RetryConfig: a call's auto-retry settings (POST /call `retry_config`, batch
// `retry_config` JSON string), parsed and validated with client-facing messages.
// Plain data; pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/json.h"

namespace bolna {

struct RetryConfig {
  bool enabled = false;
  int max_retries = 3;
  std::vector<std::string> retry_on_statuses = {"no-answer", "busy", "failed"};
  bool retry_on_voicemail = false;
  std::vector<int> retry_intervals_minutes = {30, 60, 120};

  // The documented object form, defaults filled in.
  Json to_json() const;
  // Minutes to wait before retry number `retry_index` (0-based); the last interval
  // repeats when there are fewer intervals than retries.
  int interval_minutes(int retry_index) const;
};

// Parses `json` (an object). Returns "" and fills *out, or returns the problem, e.g.
// "retry_config.max_retries must be an integer from 1 to 3".
std::string parse_retry_config(const Json& json, RetryConfig* out);

}  // namespace bolna
