// The forced-outcome rule (header X-Emulator-Outcome on POST /call and the simulated
// inbound call), in one place: the name must be an outcome of the tenant's scenario.
// Pure; safe from any thread for an immutable scenario.
#pragma once

#include <string>

#include "common/status.h"
#include "scenarios/scenario.h"

namespace bolna {

// The header that forces one call's outcome.
inline constexpr const char* kForcedOutcomeHeader = "X-Emulator-Outcome";

// OK for "" (nothing forced) or an outcome of `scenario`; otherwise Invalid naming the
// valid outcomes.
Status check_forced_outcome(const Scenario& scenario, const std::string& outcome);

}  // namespace bolna
