// Magic numbers: recipient numbers in fictional ranges that pick a built-in outcome
// without any scenario file, so nobody ever "dials" a real person by accident.
// NANP +1 NPA 555-01XX and UK +44 7700 900XXX, keyed by the last two digits (README
// "Magic numbers"). Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bolna {

// The outcome name a number selects, or nullopt for an ordinary number.
std::optional<std::string> magic_outcome(const std::string& e164);

// The table: last two digits -> outcome name (for docs and tests).
const std::vector<std::pair<std::string, std::string>>& magic_number_table();

}  // namespace bolna
