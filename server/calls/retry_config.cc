#include "calls/retry_config.h"

#include <algorithm>

namespace bolna {

Json RetryConfig::to_json() const {
  return Json{{"enabled", enabled},
              {"max_retries", max_retries},
              {"retry_on_statuses", retry_on_statuses},
              {"retry_on_voicemail", retry_on_voicemail},
              {"retry_intervals_minutes", retry_intervals_minutes}};
}

int RetryConfig::interval_minutes(int retry_index) const {
  if (retry_intervals_minutes.empty()) return 30;
  size_t i = std::min(static_cast<size_t>(std::max(retry_index, 0)),
                      retry_intervals_minutes.size() - 1);
  return retry_intervals_minutes[i];
}

std::string parse_retry_config(const Json& json, RetryConfig* out) {
  if (!json.is_object()) return "retry_config must be a JSON object";
  RetryConfig rc;
  if (json.contains("enabled")) {
    if (!json["enabled"].is_boolean()) return "retry_config.enabled must be a boolean";
    rc.enabled = json["enabled"].get<bool>();
  }
  if (json.contains("max_retries")) {
    const Json& m = json["max_retries"];
    if (!m.is_number_integer() || m.get<int64_t>() < 1 || m.get<int64_t>() > 3)
      return "retry_config.max_retries must be an integer from 1 to 3";
    rc.max_retries = m.get<int>();
  }
  if (json.contains("retry_on_statuses")) {
    const Json& s = json["retry_on_statuses"];
    if (!s.is_array() || s.empty())
      return "retry_config.retry_on_statuses must be a non-empty array";
    rc.retry_on_statuses.clear();
    for (const auto& v : s) {
      std::string st = v.is_string() ? v.get<std::string>() : "";
      if (st != "no-answer" && st != "busy" && st != "failed" && st != "error")
        return "retry_config.retry_on_statuses may only contain no-answer, busy, failed, error";
      rc.retry_on_statuses.push_back(st);
    }
  }
  if (json.contains("retry_on_voicemail")) {
    if (!json["retry_on_voicemail"].is_boolean())
      return "retry_config.retry_on_voicemail must be a boolean";
    rc.retry_on_voicemail = json["retry_on_voicemail"].get<bool>();
  }
  if (json.contains("retry_intervals_minutes")) {
    const Json& iv = json["retry_intervals_minutes"];
    if (!iv.is_array() || iv.empty())
      return "retry_config.retry_intervals_minutes must be a non-empty array of positive integers";
    rc.retry_intervals_minutes.clear();
    for (const auto& v : iv) {
      if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 43200)
        return "retry_config.retry_intervals_minutes must be a non-empty array of positive "
               "integers (at most 43200)";
      rc.retry_intervals_minutes.push_back(v.get<int>());
    }
  }
  *out = rc;
  return "";
}

}  // namespace bolna
