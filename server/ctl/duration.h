// Durations for the ctl command line ("90s", "10m", "2h", "1d", "1h30m", "1.5h", "500ms",
// a bare number of seconds) and their short human form. Used by the ctl verbs and their
// unit test; no HTTP, no state.
#pragma once

#include <optional>
#include <string>

namespace bolna::ctl {

// Seconds in `text`, or nullopt with *error saying what is wrong. Units: ms, s, m, h, d
// (also "sec", "min", "hr", "day" and plurals); parts add up ("1h30m"); a bare number is
// seconds. Negative, empty, or unknown units are errors.
std::optional<double> parse_duration(const std::string& text, std::string* error = nullptr);

// "1d2h", "10m", "90s" -> "1m30s", "0.5s", "0s": the largest units first, at most two.
std::string format_duration(double seconds);

}  // namespace bolna::ctl
