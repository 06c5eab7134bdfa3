// Scenario: the outcome scripts a tenant's calls can follow and how one is picked for a
// call. Issue-3 scope: the built-in library, magic numbers, a forced outcome
// (X-Emulator-Outcome) and a default. Immutable once built; tenants hold it through
// shared_ptr<const Scenario>, so a reload swaps the pointer.
#pragma once

#include <memory>
#include <string>

#include "domain/builtin_outcomes.h"
#include "util/json.h"

namespace bolna {

// What is known about a call when its outcome is picked.
struct CallFacts {
  std::string recipient;   // E.164
  std::string agent_id;
  std::string batch_id;    // "" for single calls
  Json recipient_data;     // user_data or the CSV row's other columns (may be null)
  std::string forced;      // X-Emulator-Outcome, "" when absent
  int attempt = 0;         // 0 for the first dial, then retry_count
};

struct Scenario {
  std::string name = "default";
  OutcomeLibrary outcomes = builtin_outcomes();
  std::string default_outcome = kDefaultOutcome;

  // The named outcome, or nullptr.
  std::shared_ptr<const OutcomeScript> find(const std::string& name) const;
  // Comma-separated outcome names (for error messages).
  std::string names() const;
};

// The scenario every tenant starts with.
std::shared_ptr<const Scenario> default_scenario();

// Picks the script for a call: the forced outcome, else a magic number's outcome, else
// the scenario's default. Never null (falls back to the built-in "completed").
std::shared_ptr<const OutcomeScript> pick_outcome(const Scenario& scenario,
                                                  const CallFacts& facts);

}  // namespace bolna
