#include "scenarios/scenario_rules.h"

#include <algorithm>
#include <cmath>

#include "common/json_text.h"
#include "scenarios/magic_numbers.h"
#include "scenarios/outcome_script.h"
#include "scenarios/scenario.h"

namespace bolna {

namespace {

constexpr size_t kMaxPatternLength = 256;

const std::vector<std::string> kRuleKeys = {"match", "outcome", "from_column",
                                            "mix",   "seed",    "description"};
const std::vector<std::string> kMatchKeys = {"recipient", "prefix", "pattern",     "agent_id",
                                             "column",    "equals", "magic_number"};

bool known(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string join(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

std::string required_string(const Json& j, const std::string& key, const std::string& path,
                            bool allow_empty = false) {
  const Json& v = j[key];
  if (!v.is_string()) throw ScenarioError(path + "." + key, "must be a string");
  std::string s = v.get<std::string>();
  if (s.empty() && !allow_empty) throw ScenarioError(path + "." + key, "must not be empty");
  return s;
}

void parse_match(const Json& match, const std::string& path, ScenarioRule* rule) {
  if (!match.is_object())
    throw ScenarioError(path, "must be an object of conditions (" + join(kMatchKeys) + ")");
  for (const auto& [key, value] : match.items()) {
    (void)value;
    if (!known(kMatchKeys, key))
      throw ScenarioError(path + "." + key, "unknown condition; use " + join(kMatchKeys));
  }
  if (match.contains("recipient")) rule->recipient = required_string(match, "recipient", path);
  if (match.contains("prefix")) rule->prefix = required_string(match, "prefix", path);
  if (match.contains("pattern")) {
    rule->pattern = required_string(match, "pattern", path);
    // std::regex compiles recursively: bound the pattern so a body cannot exhaust the stack.
    if (rule->pattern->size() > kMaxPatternLength)
      throw ScenarioError(path + ".pattern",
                          "must be at most " + std::to_string(kMaxPatternLength) + " characters");
    try {
      rule->regex = std::make_shared<const std::regex>(*rule->pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      throw ScenarioError(path + ".pattern",
                          std::string("invalid regular expression: ") + e.what());
    }
  }
  if (match.contains("agent_id")) rule->agent_id = required_string(match, "agent_id", path);
  if (match.contains("column")) rule->column = required_string(match, "column", path);
  if (match.contains("equals")) {
    if (!rule->column) throw ScenarioError(path + ".equals", "needs a \"column\" to compare");
    rule->equals = required_string(match, "equals", path, true);
  }
  if (match.contains("magic_number")) {
    if (!match["magic_number"].is_boolean())
      throw ScenarioError(path + ".magic_number", "must be true or false");
    rule->magic_number = match["magic_number"].get<bool>();
  }
}

void parse_mix(const Json& mix, const std::string& path,
               const std::function<bool(const std::string&)>& has_outcome, ScenarioRule* rule) {
  if (!mix.is_array() || mix.empty())
    throw ScenarioError(path, "must be a non-empty array of {\"outcome\", \"weight\"}");
  for (size_t i = 0; i < mix.size(); ++i) {
    std::string at = path + "[" + std::to_string(i) + "]";
    const Json& entry = mix[i];
    if (!entry.is_object())
      throw ScenarioError(at, "must be {\"outcome\": \"...\", \"weight\": N}");
    for (const auto& [key, value] : entry.items()) {
      (void)value;
      if (key != "outcome" && key != "weight") throw ScenarioError(at + "." + key, "unknown field");
    }
    if (!entry.contains("outcome")) throw ScenarioError(at + ".outcome", "is required");
    MixEntry m;
    m.outcome = required_string(entry, "outcome", at);
    if (!has_outcome(m.outcome))
      throw ScenarioError(at + ".outcome", "unknown outcome '" + m.outcome + "'");
    if (!entry.contains("weight")) throw ScenarioError(at + ".weight", "is required");
    const Json& w = entry["weight"];
    if (!w.is_number() || !(w.get<double>() > 0) || !std::isfinite(w.get<double>()))
      throw ScenarioError(at + ".weight", "must be a positive number");
    m.weight = w.get<double>();
    rule->mix.push_back(m);
  }
}

ScenarioRule parse_rule(const Json& j, const std::string& path,
                        const std::function<bool(const std::string&)>& has_outcome) {
  if (!j.is_object())
    throw ScenarioError(path, "a rule must be an object {\"match\": {...}, \"outcome\": \"...\"}");
  for (const auto& [key, value] : j.items()) {
    (void)value;
    if (!known(kRuleKeys, key))
      throw ScenarioError(path + "." + key, "unknown field; a rule has " + join(kRuleKeys));
  }
  ScenarioRule rule;
  rule.source = j;
  if (j.contains("description") && !j["description"].is_string())
    throw ScenarioError(path + ".description", "must be a string");
  if (j.contains("match")) parse_match(j["match"], path + ".match", &rule);
  int actions = j.contains("outcome") + j.contains("from_column") + j.contains("mix");
  if (actions == 0)
    throw ScenarioError(path, "needs one action: \"outcome\", \"from_column\" or \"mix\"");
  if (actions > 1)
    throw ScenarioError(path,
                        "has more than one action; use only one of \"outcome\", "
                        "\"from_column\" or \"mix\"");
  if (j.contains("outcome")) {
    rule.outcome = required_string(j, "outcome", path);
    if (!has_outcome(rule.outcome))
      throw ScenarioError(path + ".outcome", "unknown outcome '" + rule.outcome + "'");
  }
  if (j.contains("from_column")) rule.from_column = required_string(j, "from_column", path);
  if (j.contains("mix")) parse_mix(j["mix"], path + ".mix", has_outcome, &rule);
  if (j.contains("seed")) {
    if (rule.mix.empty()) throw ScenarioError(path + ".seed", "is only used with \"mix\"");
    const Json& s = j["seed"];
    if (!s.is_number_integer() || (!s.is_number_unsigned() && s.get<int64_t>() < 0))
      throw ScenarioError(path + ".seed", "must be a non-negative integer");
    rule.seed = s.get<uint64_t>();
  }
  return rule;
}

// The value of a recipient_data key as text ("" when absent or null).
std::string column_value(const Json& data, const std::string& column) {
  if (!data.is_object() || !data.contains(column)) return "";
  const Json& v = data[column];
  if (v.is_null()) return "";
  return v.is_string() ? v.get<std::string>() : dump_json(v);
}

}  // namespace

bool ScenarioRule::matches(const CallFacts& facts) const {
  if (recipient && facts.recipient != *recipient) return false;
  if (prefix && facts.recipient.compare(0, prefix->size(), *prefix) != 0) return false;
  if (regex && !std::regex_search(facts.recipient, *regex)) return false;
  if (agent_id && facts.agent_id != *agent_id) return false;
  if (magic_number && magic_outcome(facts.recipient).has_value() != *magic_number) return false;
  if (column) {
    std::string value = column_value(facts.recipient_data, *column);
    if (equals ? value != *equals : value.empty()) return false;
  }
  return true;
}

std::mt19937_64& PickState::engine(size_t index, std::optional<uint64_t> seed) {
  auto it = engines_.find(index);
  if (it != engines_.end()) return it->second;
  uint64_t s = seed ? *seed : tenant_seed_ ^ (0x9E3779B97F4A7C15ull * (index + 1));
  return engines_.emplace(index, std::mt19937_64(s)).first->second;
}

const std::string& draw_mix(const std::vector<MixEntry>& mix, std::mt19937_64& engine) {
  double total = 0;
  for (const auto& m : mix) total += m.weight;
  // 53 random bits -> [0, 1): exact and identical on every platform (unlike
  // std::uniform_real_distribution, whose algorithm is implementation-defined).
  double r = static_cast<double>(engine() >> 11) * 0x1.0p-53 * total;
  double acc = 0;
  for (const auto& m : mix) {
    acc += m.weight;
    if (r < acc) return m.outcome;
  }
  return mix.back().outcome;
}

std::vector<ScenarioRule> parse_rules(const Json& rules, const std::string& path,
                                      const std::function<bool(const std::string&)>& has_outcome) {
  if (!rules.is_array()) throw ScenarioError(path, "must be an array of rules");
  std::vector<ScenarioRule> out;
  for (size_t i = 0; i < rules.size(); ++i)
    out.push_back(parse_rule(rules[i], path + "[" + std::to_string(i) + "]", has_outcome));
  return out;
}

}  // namespace bolna
