// Scenario: the outcome scripts a tenant's calls can follow and how one is picked for a
// call: the built-in library extended by the scenario's own outcomes, its rules (first
// match wins), magic numbers and a default (README "Scenarios"). Immutable once built;
// tenants hold it through shared_ptr<const Scenario>, so a reload swaps the pointer.
// Parsed from JSON by domain/scenario_loader.h.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scenarios/builtin_outcomes.h"
#include "scenarios/scenario_rules.h"
#include "common/json.h"

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
  std::string description;
  std::string source = "built-in";  // the file it came from, "request body" or "built-in"
  OutcomeLibrary outcomes = builtin_outcomes();  // built-ins plus the scenario's own
  std::vector<std::string> own_outcomes;         // names the scenario defines (in order)
  std::vector<ScenarioRule> rules;
  bool magic_numbers = true;
  std::string default_outcome = kDefaultOutcome;

  // The named outcome, or nullptr.
  std::shared_ptr<const OutcomeScript> find(const std::string& name) const;
  // Comma-separated outcome names (for error messages).
  std::string names() const;
};

// The scenario every tenant starts with.
std::shared_ptr<const Scenario> default_scenario();

// Picks the script for a call: the forced outcome, else the first matching rule, else a
// magic number's outcome (when enabled), else the scenario's default. `state` holds the
// mixes' generators (the tenant's); with null, a mix always starts its sequence afresh.
// Never null (falls back to the built-in "completed").
std::shared_ptr<const OutcomeScript> pick_outcome(const Scenario& scenario,
                                                  const CallFacts& facts,
                                                  PickState* state = nullptr);

}  // namespace bolna
