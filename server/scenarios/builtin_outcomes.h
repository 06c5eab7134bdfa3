// The built-in outcome library: the named outcome scripts every tenant has without any
// scenario file (completed, busy, no-answer, failed, error, voicemail, ...), written in
// the scenario JSON format. Built once, immutable, safe from any thread.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "scenarios/outcome_script.h"

namespace bolna {

using OutcomeLibrary = std::map<std::string, std::shared_ptr<const OutcomeScript>>;

// The library, parsed once on first use.
const OutcomeLibrary& builtin_outcomes();
// Its JSON text ({"<name>": <outcome>, ...}), e.g. for GET /__emulator/scenario.
const Json& builtin_outcomes_json();
// The name of the default outcome: "completed".
inline constexpr const char* kDefaultOutcome = "completed";

}  // namespace bolna
