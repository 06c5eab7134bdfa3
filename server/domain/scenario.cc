#include "domain/scenario.h"

#include "domain/magic_numbers.h"

namespace bolna {

std::shared_ptr<const OutcomeScript> Scenario::find(const std::string& name) const {
  auto it = outcomes.find(name);
  return it == outcomes.end() ? nullptr : it->second;
}

std::string Scenario::names() const {
  std::string out;
  for (const auto& [name, script] : outcomes) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::shared_ptr<const Scenario> default_scenario() {
  static const auto kDefault = std::make_shared<const Scenario>();
  return kDefault;
}

std::shared_ptr<const OutcomeScript> pick_outcome(const Scenario& scenario,
                                                  const CallFacts& facts) {
  if (!facts.forced.empty())
    if (auto s = scenario.find(facts.forced)) return s;
  if (auto magic = magic_outcome(facts.recipient))
    if (auto s = scenario.find(*magic)) return s;
  if (auto s = scenario.find(scenario.default_outcome)) return s;
  return builtin_outcomes().at(kDefaultOutcome);
}

}  // namespace bolna
