// The JSON type used everywhere in the emulator. ordered_json keeps keys in insertion
// order, so responses list fields in the same order as the real service's examples and
// what a client PUTs comes back in the order it was sent.
#pragma once

#include <nlohmann/json.hpp>

namespace bolna {
using Json = nlohmann::ordered_json;
}  // namespace bolna
