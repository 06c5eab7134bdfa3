#include "common/execution_status.h"

#include <algorithm>

namespace bolna {

const std::vector<std::string>& all_execution_statuses() {
  static const std::vector<std::string> kAll = {
      "scheduled", "prepared", "queued",   "rescheduled", "initiated", "ringing",
      "in-progress", "call-disconnected", "completed", "no-answer", "busy",
      "failed",    "canceled", "stopped",  "error",       "balance-low"};
  return kAll;
}

bool is_known_status(std::string_view status) {
  const auto& all = all_execution_statuses();
  return std::find(all.begin(), all.end(), status) != all.end();
}

bool is_terminal_status(std::string_view s) {
  return s == "completed" || s == "no-answer" || s == "busy" || s == "failed" ||
         s == "canceled" || s == "stopped" || s == "error" || s == "balance-low";
}

bool is_pre_dial_status(std::string_view s) {
  return s == "scheduled" || s == "prepared" || s == "queued" || s == "rescheduled";
}

bool is_script_status(std::string_view s) { return is_known_status(s) && !is_pre_dial_status(s); }

}  // namespace bolna
