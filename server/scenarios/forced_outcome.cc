#include "scenarios/forced_outcome.h"

namespace bolna {

Status check_forced_outcome(const Scenario& scenario, const std::string& outcome) {
  if (outcome.empty() || scenario.find(outcome)) return Status::OK();
  return Status::Invalid("Unknown outcome '" + outcome + "' in " + kForcedOutcomeHeader +
                         "; valid outcomes: " + scenario.names());
}

}  // namespace bolna
