// Timestamps: the emulator's time type, ISO 8601 formatting per fidelity profile, and
// parsing of client-supplied ISO 8601 strings. Pure functions; safe from any thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bolna {

// Microsecond-precision UTC time point; every stamp in the emulator has this type.
using TimePoint = std::chrono::sys_time<std::chrono::microseconds>;
using Micros = std::chrono::microseconds;

// The fidelity profile changes how timestamps are written (DECISIONS.md).
enum class Profile { kDocs, kLive };

// docs: "2026-06-23T18:30:00.123456+00:00"; live: "2026-06-23T18:30:00.123456".
std::string format_timestamp(TimePoint t, Profile profile);

// Always "2026-06-23T18:30:00.123456+00:00" (used by the control API).
std::string format_iso_utc(TimePoint t);

// Result of parsing a client's ISO 8601 string.
struct ParsedTime {
  TimePoint utc;          // the instant, converted to UTC
  bool has_offset = false;  // carried "+HH:MM", "-HH:MM", "+HHMM" or "Z"
  bool zulu = false;        // ended in "Z" or "z"
};

// Accepts "YYYY-MM-DDTHH:MM[:SS[.ffffff]]" optionally followed by "Z", "+HH:MM" or
// "+HHMM" (a space may stand for the "T"). A value without offset is taken as UTC.
// Returns nullopt (and sets *error, if given, to a short reason) when unparsable.
std::optional<ParsedTime> parse_iso8601(std::string_view text, std::string* error = nullptr);

// Current wall-clock time, microsecond precision.
TimePoint wall_now();

}  // namespace bolna
