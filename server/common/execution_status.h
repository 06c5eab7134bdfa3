// The execution status enum exactly as documented (DECISIONS.md row 11), as strings,
// and predicates over it. Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bolna {

// Every documented execution status, in lifecycle order.
const std::vector<std::string>& all_execution_statuses();

bool is_known_status(std::string_view status);
// completed, no-answer, busy, failed, canceled, stopped, error, balance-low.
bool is_terminal_status(std::string_view status);
// Statuses an outcome script may contain (the engine manages scheduled, prepared,
// queued and rescheduled itself).
bool is_script_status(std::string_view status);
// scheduled, prepared, queued, rescheduled: the call has not been dialled yet.
bool is_pre_dial_status(std::string_view status);

}  // namespace bolna
