#include "scenarios/scenario_loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/json_text.h"
#include "scenarios/outcome_script.h"

namespace bolna {

namespace {

const std::vector<std::string> kScenarioKeys = {
    "name",          "description", "outcomes",         "rules", "default",
    "magic_numbers", "source",      "builtin_outcomes", "scope"};  // the last three are read-only
                                                                   // (GET), ignored

std::string join(const std::vector<std::string>& keys, size_t count) {
  std::string out;
  for (size_t i = 0; i < count && i < keys.size(); ++i) out += (out.empty() ? "" : ", ") + keys[i];
  return out;
}

std::string stem(const std::string& file) {
  size_t slash = file.find_last_of('/');
  std::string base = slash == std::string::npos ? file : file.substr(slash + 1);
  size_t dot = base.rfind(".json");
  return dot != std::string::npos && dot + 5 == base.size() ? base.substr(0, dot) : base;
}

}  // namespace

std::shared_ptr<const Scenario> parse_scenario(const Json& json, const std::string& fallback_name,
                                               const std::string& source) {
  if (!json.is_object()) throw ScenarioError("$", "a scenario must be a JSON object");
  for (const auto& [key, value] : json.items()) {
    (void)value;
    if (std::find(kScenarioKeys.begin(), kScenarioKeys.end(), key) == kScenarioKeys.end())
      throw ScenarioError("$." + key, "unknown field; a scenario has " + join(kScenarioKeys, 6));
  }
  auto s = std::make_shared<Scenario>();
  s->source = source;
  s->name = fallback_name;
  if (json.contains("name")) {
    if (!json["name"].is_string() || json["name"].get<std::string>().empty())
      throw ScenarioError("$.name", "must be a non-empty string");
    s->name = json["name"].get<std::string>();
  }
  if (json.contains("description")) {
    if (!json["description"].is_string()) throw ScenarioError("$.description", "must be a string");
    s->description = json["description"].get<std::string>();
  }
  if (json.contains("outcomes")) {
    const Json& outcomes = json["outcomes"];
    if (!outcomes.is_object())
      throw ScenarioError("$.outcomes", "must be an object {\"<name>\": <outcome>, ...}");
    for (const auto& [name, value] : outcomes.items()) {
      std::string path = "$.outcomes." + name;
      if (name.empty()) throw ScenarioError("$.outcomes", "an outcome name must not be empty");
      s->outcomes[name] =
          std::make_shared<const OutcomeScript>(parse_outcome_script(name, value, path));
      s->own_outcomes.push_back(name);
    }
    for (const auto& name : s->own_outcomes) {
      const std::string& next = s->outcomes[name]->next_attempt;
      if (!next.empty() && !s->outcomes.count(next))
        throw ScenarioError("$.outcomes." + name + ".next_attempt",
                            "unknown outcome '" + next + "'");
    }
  }
  auto has_outcome = [&](const std::string& name) { return s->outcomes.count(name) > 0; };
  if (json.contains("rules")) s->rules = parse_rules(json["rules"], "$.rules", has_outcome);
  if (json.contains("default")) {
    if (!json["default"].is_string()) throw ScenarioError("$.default", "must be an outcome name");
    s->default_outcome = json["default"].get<std::string>();
    if (!has_outcome(s->default_outcome))
      throw ScenarioError("$.default", "unknown outcome '" + s->default_outcome + "'");
  }
  if (json.contains("magic_numbers")) {
    if (!json["magic_numbers"].is_boolean())
      throw ScenarioError("$.magic_numbers", "must be true or false");
    s->magic_numbers = json["magic_numbers"].get<bool>();
  }
  return s;
}

std::shared_ptr<const Scenario> load_scenario_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw ScenarioFileError(file, "$", std::string("cannot read file: ") + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  Json json;
  JsonProblem problem = parse_json_text(text.str(), &json);
  if (!problem.ok()) throw ScenarioFileError(file, "$", "invalid JSON: " + problem.message);
  try {
    return parse_scenario(json, stem(file), file);
  } catch (const ScenarioError& e) {
    throw ScenarioFileError(file, e.path(), e.problem());
  }
}

Json scenario_to_json(const Scenario& s) {
  Json out = Json::object();
  out["name"] = s.name;
  out["description"] = s.description;
  out["source"] = s.source;
  out["magic_numbers"] = s.magic_numbers;
  out["default"] = s.default_outcome;
  Json rules = Json::array();
  for (const auto& r : s.rules) rules.push_back(r.source);
  out["rules"] = rules;
  Json outcomes = Json::object();
  for (const auto& name : s.own_outcomes) outcomes[name] = outcome_script_to_json(*s.find(name));
  out["outcomes"] = outcomes;
  Json builtins = Json::array();
  for (const auto& [name, script] : builtin_outcomes())
    if (std::find(s.own_outcomes.begin(), s.own_outcomes.end(), name) == s.own_outcomes.end())
      builtins.push_back(name);
  out["builtin_outcomes"] = builtins;
  return out;
}

std::string scenario_file_in(const std::string& dir, const std::string& name, std::string* error) {
  if (name.empty()) {
    *error = "file must name a scenario file, e.g. \"sales-campaign.json\"";
    return "";
  }
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos ||
      name.find("..") != std::string::npos || name[0] == '.') {
    *error =
        "file must be a plain file name inside the scenarios directory (no '/', '\\' or "
        "'..'), got '" +
        name + "'";
    return "";
  }
  std::string file = name;
  if (file.size() < 5 || file.compare(file.size() - 5, 5, ".json") != 0) file += ".json";
  return (dir.empty() ? std::string(".") : dir) + "/" + file;
}

}  // namespace bolna
