#include "scenarios/scenario.h"

#include "scenarios/magic_numbers.h"

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

namespace {

// The outcome a matching rule names, or nullptr to fall through (from_column without a
// usable value).
std::shared_ptr<const OutcomeScript> apply_rule(const Scenario& scenario, size_t index,
                                                const CallFacts& facts, PickState* state) {
  const ScenarioRule& rule = scenario.rules[index];
  if (!rule.outcome.empty()) return scenario.find(rule.outcome);
  if (!rule.from_column.empty()) {
    const Json& data = facts.recipient_data;
    if (!data.is_object() || !data.contains(rule.from_column) ||
        !data[rule.from_column].is_string())
      return nullptr;
    return scenario.find(data[rule.from_column].get<std::string>());
  }
  if (state) return scenario.find(draw_mix(rule.mix, state->engine(index, rule.seed)));
  PickState fresh;
  return scenario.find(draw_mix(rule.mix, fresh.engine(index, rule.seed)));
}

}  // namespace

std::shared_ptr<const OutcomeScript> pick_outcome(const Scenario& scenario,
                                                  const CallFacts& facts, PickState* state) {
  if (!facts.forced.empty())
    if (auto s = scenario.find(facts.forced)) return s;
  for (size_t i = 0; i < scenario.rules.size(); ++i)
    if (scenario.rules[i].matches(facts))
      if (auto s = apply_rule(scenario, i, facts, state)) return s;
  if (scenario.magic_numbers)
    if (auto magic = magic_outcome(facts.recipient))
      if (auto s = scenario.find(*magic)) return s;
  if (auto s = scenario.find(scenario.default_outcome)) return s;
  return builtin_outcomes().at(kDefaultOutcome);
}

}  // namespace bolna
