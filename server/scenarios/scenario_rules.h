// Scenario rules: how a scenario picks an outcome script for a call, first match wins.
// A rule has conditions (recipient, prefix, pattern, agent_id, column/equals,
// magic_number; all must hold) and one action (a fixed outcome, the value of a CSV/user_data
// column, or a seeded weighted mix). Rules are immutable once parsed and shared between threads;
// the mutable part (the mix generators) lives in a PickState owned by each tenant and used under
// the tenant's mutex.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "common/json.h"

namespace bolna {

struct CallFacts;

struct MixEntry {
  std::string outcome;
  double weight = 0;  // > 0
};

struct ScenarioRule {
  // Conditions (unset = any).
  std::optional<std::string> recipient;  // exact E.164
  std::optional<std::string> prefix;     // recipient starts with
  std::optional<std::string> pattern;    // ECMAScript regex searched in the recipient
  std::shared_ptr<const std::regex> regex;
  std::optional<std::string> agent_id;
  std::optional<std::string> column;  // recipient_data (CSV row / user_data) key
  std::optional<std::string> equals;  // the column's value; unset: present, non-empty
  std::optional<bool> magic_number;   // the recipient is (true) / is not (false) magic

  // Action: exactly one of these.
  std::string outcome;
  std::string from_column;
  std::vector<MixEntry> mix;
  std::optional<uint64_t> seed;  // mix only; unset: derived from the tenant's seed

  Json source;  // the rule as written (for GET /__emulator/scenario)

  // True when every condition holds for the call.
  bool matches(const CallFacts& facts) const;
};

// The per-tenant state of the mixes: one generator per rule index, created on first
// use. Not thread-safe: owned by a Tenant, used under its mutex.
class PickState {
 public:
  explicit PickState(uint64_t tenant_seed = 0) : tenant_seed_(tenant_seed) {}
  // Forgets every generator (a new scenario was loaded, or the tenant was reset), so
  // the next picks start each mix's sequence from its beginning.
  void clear() { engines_.clear(); }
  // The generator of rule `index`: seeded with `seed` when the rule has one, else with
  // a value derived from the tenant seed and the index.
  std::mt19937_64& engine(size_t index, std::optional<uint64_t> seed);

 private:
  uint64_t tenant_seed_;
  std::map<size_t, std::mt19937_64> engines_;
};

// Draws one outcome name from a mix with `engine` (the same engine state gives the
// same pick on every platform).
const std::string& draw_mix(const std::vector<MixEntry>& mix, std::mt19937_64& engine);

// Parses the "rules" array at `path` (e.g. "$.rules"). `has_outcome` says whether an
// outcome name exists in the scenario (own outcomes plus built-ins). Throws
// ScenarioError naming the JSON path of the problem.
std::vector<ScenarioRule> parse_rules(const Json& rules, const std::string& path,
                                      const std::function<bool(const std::string&)>& has_outcome);

}  // namespace bolna
