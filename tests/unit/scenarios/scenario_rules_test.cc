// Scenario rules: each rule type, precedence, the seeded mix, validation messages.
#include <doctest/doctest.h>

#include <map>

#include "scenarios/scenario_loader.h"

using namespace bolna;

namespace {

std::shared_ptr<const Scenario> scenario(const std::string& text) {
  return parse_scenario(Json::parse(text), "test", "test");
}

std::string pick(const Scenario& s, const std::string& recipient, const Json& data = Json(),
                 const std::string& agent = "agent-1", const std::string& forced = "") {
  CallFacts f;
  f.recipient = recipient;
  f.agent_id = agent;
  f.recipient_data = data;
  f.forced = forced;
  return pick_outcome(s, f)->name;
}

// The problem a scenario text is refused with, as "<path>: <problem>".
std::string refusal(const std::string& text) {
  try {
    parse_scenario(Json::parse(text), "test", "test");
  } catch (const ScenarioError& e) {
    return e.path() + ": " + e.problem();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("scenario rules: an exact recipient") {
  auto s = scenario(R"({"rules": [{"match": {"recipient": "+14155550142"}, "outcome": "busy"}]})");
  CHECK(pick(*s, "+14155550142") == "busy");
  CHECK(pick(*s, "+141555501420") == "completed");
  CHECK(pick(*s, "+14155550143") == "completed");
}

TEST_CASE("scenario rules: a prefix") {
  auto s = scenario(R"({"rules": [{"match": {"prefix": "+4477"}, "outcome": "voicemail"}]})");
  CHECK(pick(*s, "+447712345678") == "voicemail");
  CHECK(pick(*s, "+447812345678") == "completed");
  CHECK(pick(*s, "+44") == "completed");
}

TEST_CASE("scenario rules: a regular expression is searched in the recipient") {
  auto s = scenario(R"({"rules": [{"match": {"pattern": "^\\+91[6-9]"}, "outcome": "failed"},
                                   {"match": {"pattern": "13$"}, "outcome": "error"}]})");
  CHECK(pick(*s, "+919876543210") == "failed");
  CHECK(pick(*s, "+915876543210") == "completed");
  CHECK(pick(*s, "+14155550013") == "error");
}

TEST_CASE("scenario rules: an agent id") {
  auto s = scenario(R"({"rules": [{"match": {"agent_id": "a-2"}, "outcome": "long-call"}]})");
  CHECK(pick(*s, "+14155550142", Json(), "a-2") == "long-call");
  CHECK(pick(*s, "+14155550142", Json(), "a-1") == "completed");
}

TEST_CASE("scenario rules: a column value, column presence and from_column") {
  auto s = scenario(R"({"rules": [
      {"match": {"column": "tier", "equals": "3"}, "outcome": "busy"},
      {"match": {"column": "vip", "equals": "yes"}, "outcome": "hangup-early"},
      {"match": {"column": "outcome"}, "from_column": "outcome"},
      {"match": {"column": "note"}, "outcome": "no-answer"}]})");
  CHECK(pick(*s, "+14155550142", Json{{"vip", "yes"}}) == "hangup-early");
  CHECK(pick(*s, "+14155550142", Json{{"vip", "no"}}) == "completed");
  CHECK(pick(*s, "+14155550142", Json{{"tier", 3}}) == "busy");  // non-strings compare as JSON
  CHECK(pick(*s, "+14155550142", Json{{"outcome", "voicemail"}}) == "voicemail");
  // An empty or unknown outcome name falls through to the next rule.
  CHECK(pick(*s, "+14155550142", Json{{"outcome", "nonsense"}, {"note", "x"}}) == "no-answer");
  CHECK(pick(*s, "+14155550142", Json{{"outcome", ""}}) == "completed");
  CHECK(pick(*s, "+14155550142", Json{{"note", ""}}) == "completed");  // empty = absent
  CHECK(pick(*s, "+14155550142") == "completed");
}

TEST_CASE("scenario rules: conditions of one rule must all hold") {
  auto s = scenario(R"({"rules": [
      {"match": {"prefix": "+91", "agent_id": "a-2"}, "outcome": "busy"}]})");
  CHECK(pick(*s, "+919876543210", Json(), "a-2") == "busy");
  CHECK(pick(*s, "+919876543210", Json(), "a-1") == "completed");
  CHECK(pick(*s, "+14155550142", Json(), "a-2") == "completed");
}

TEST_CASE("scenario rules: magic_number condition") {
  auto s = scenario(R"({"rules": [{"match": {"magic_number": false}, "outcome": "busy"}]})");
  CHECK(pick(*s, "+14155550142") == "busy");
  CHECK(pick(*s, "+12025550114") == "voicemail");  // magic numbers still pick theirs
}

TEST_CASE("scenario precedence: forced > first matching rule > magic numbers > default") {
  auto s = scenario(R"({"default": "no-answer", "rules": [
      {"match": {"prefix": "+1202"}, "outcome": "busy"},
      {"match": {"prefix": "+120255501"}, "outcome": "failed"}]})");
  CHECK(pick(*s, "+12025550114", Json(), "a", "error") == "error");  // header wins
  CHECK(pick(*s, "+12025550114") == "busy");       // first rule beats the second and magic
  CHECK(pick(*s, "+13125550114") == "voicemail");  // no rule: magic number
  CHECK(pick(*s, "+13125550199") == "no-answer");  // magic range, unassigned digits: default
  CHECK(pick(*s, "+14155550142") == "no-answer");  // default
  auto no_magic = scenario(R"({"magic_numbers": false})");
  CHECK(pick(*no_magic, "+13125550114") == "completed");
}

TEST_CASE("scenario outcomes extend and override the built-in library") {
  auto s = scenario(R"({"default": "mine", "outcomes": {
      "mine": {"steps": [{"status": "initiated", "after": 1}, {"status": "busy", "after": 3}]},
      "busy": {"steps": [{"status": "failed", "after": 1}], "next_attempt": "mine"}}})");
  CHECK(pick(*s, "+14155550142") == "mine");
  CHECK(s->find("busy")->final_status() == "failed");
  CHECK(s->find("voicemail") != nullptr);
  Json json = scenario_to_json(*s);
  CHECK(json["outcomes"].size() == 2);
  CHECK(json["builtin_outcomes"].dump().find("\"busy\"") == std::string::npos);
  // What GET answers can be loaded back as it is.
  auto again = parse_scenario(json, "x", "test");
  CHECK(scenario_to_json(*again) == json);
}

TEST_CASE("scenario mix: exact counts for a seed, the same seed gives the same picks") {
  auto s = scenario(R"({"rules": [{"mix": [{"outcome": "completed", "weight": 60},
      {"outcome": "no-answer", "weight": 25}, {"outcome": "busy", "weight": 15}], "seed": 7}]})");
  auto run = [&](PickState& state, int n) {
    std::vector<std::string> picks;
    CallFacts f;
    f.recipient = "+14155550142";
    for (int i = 0; i < n; ++i) picks.push_back(pick_outcome(*s, f, &state)->name);
    return picks;
  };
  PickState a(1), b(2);
  auto picks = run(a, 1000);
  std::map<std::string, int> counts;
  for (const auto& p : picks) counts[p]++;
  CHECK(counts["completed"] == 625);
  CHECK(counts["no-answer"] == 231);
  CHECK(counts["busy"] == 144);
  // The rule's seed decides, whatever the tenant seed.
  CHECK(run(b, 1000) == picks);
  // Clearing the state (a new scenario, a reset) restarts the sequence.
  a.clear();
  CHECK(run(a, 10) == std::vector<std::string>(picks.begin(), picks.begin() + 10));
}

TEST_CASE("scenario mix: without a seed, the tenant seed decides") {
  auto s = scenario(R"({"rules": [{"mix": [{"outcome": "completed", "weight": 1},
      {"outcome": "busy", "weight": 1}]}]})");
  auto run = [&](uint64_t seed) {
    PickState state(seed);
    std::string out;
    CallFacts f;
    f.recipient = "+14155550142";
    for (int i = 0; i < 64; ++i) out += pick_outcome(*s, f, &state)->name == "busy" ? "b" : "c";
    return out;
  };
  CHECK(run(11) == run(11));
  CHECK(run(11) != run(12));
}

TEST_CASE("scenario validation: every problem names its JSON path") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"([])", "$: a scenario must be a JSON object"},
      {R"({"nme": "x"})",
       "$.nme: unknown field; a scenario has name, description, outcomes, rules, default, "
       "magic_numbers"},
      {R"({"name": ""})", "$.name: must be a non-empty string"},
      {R"({"description": 3})", "$.description: must be a string"},
      {R"({"default": "nope"})", "$.default: unknown outcome 'nope'"},
      {R"({"default": 1})", "$.default: must be an outcome name"},
      {R"({"magic_numbers": "yes"})", "$.magic_numbers: must be true or false"},
      {R"({"outcomes": []})", "$.outcomes: must be an object {\"<name>\": <outcome>, ...}"},
      {R"({"outcomes": {"x": {"steps": []}}})", "$.outcomes.x.steps: must be a non-empty array"},
      {R"({"outcomes": {"x": {"steps": [{"status": "ringing"}]}}})",
       "$.outcomes.x.steps: the last step must be a terminal status (completed, no-answer, busy, "
       "failed, canceled, stopped, error, balance-low)"},
      {R"({"outcomes": {"x": {"steps": [{"status": "busy"}], "next_attempt": "y"}}})",
       "$.outcomes.x.next_attempt: unknown outcome 'y'"},
      {R"({"rules": {}})", "$.rules: must be an array of rules"},
      {R"({"rules": [3]})",
       "$.rules[0]: a rule must be an object {\"match\": {...}, \"outcome\": \"...\"}"},
      {R"({"rules": [{"outcome": "busy", "when": 1}]})",
       "$.rules[0].when: unknown field; a rule has match, outcome, from_column, mix, seed, "
       "description"},
      {R"({"rules": [{"match": {}}]})",
       "$.rules[0]: needs one action: \"outcome\", \"from_column\" or \"mix\""},
      {R"({"rules": [{"outcome": "busy", "from_column": "x"}]})",
       "$.rules[0]: has more than one action; use only one of \"outcome\", \"from_column\" or "
       "\"mix\""},
      {R"({"rules": [{"outcome": "bsy"}]})", "$.rules[0].outcome: unknown outcome 'bsy'"},
      {R"({"rules": [{"match": [], "outcome": "busy"}]})",
       "$.rules[0].match: must be an object of conditions (recipient, prefix, pattern, "
       "agent_id, column, equals, magic_number)"},
      {R"({"rules": [{"match": {"country": "IN"}, "outcome": "busy"}]})",
       "$.rules[0].match.country: unknown condition; use recipient, prefix, pattern, agent_id, "
       "column, equals, magic_number"},
      {R"({"rules": [{"match": {"prefix": 91}, "outcome": "busy"}]})",
       "$.rules[0].match.prefix: must be a string"},
      {R"({"rules": [{"match": {"recipient": ""}, "outcome": "busy"}]})",
       "$.rules[0].match.recipient: must not be empty"},
      {R"({"rules": [{"match": {"equals": "x"}, "outcome": "busy"}]})",
       "$.rules[0].match.equals: needs a \"column\" to compare"},
      {R"({"rules": [{"match": {"magic_number": 1}, "outcome": "busy"}]})",
       "$.rules[0].match.magic_number: must be true or false"},
      {R"({"rules": [{"outcome": "busy"}, {"mix": []}]})",
       "$.rules[1].mix: must be a non-empty array of {\"outcome\", \"weight\"}"},
      {R"({"rules": [{"mix": [{"outcome": "busy", "weight": 1}, 2]}]})",
       "$.rules[0].mix[1]: must be {\"outcome\": \"...\", \"weight\": N}"},
      {R"({"rules": [{"mix": [{"outcome": "busy"}]}]})", "$.rules[0].mix[0].weight: is required"},
      {R"({"rules": [{"mix": [{"weight": 1}]}]})", "$.rules[0].mix[0].outcome: is required"},
      {R"({"rules": [{"mix": [{"outcome": "x", "weight": 1}]}]})",
       "$.rules[0].mix[0].outcome: unknown outcome 'x'"},
      {R"({"rules": [{"mix": [{"outcome": "busy", "weight": 1, "w": 2}]}]})",
       "$.rules[0].mix[0].w: unknown field"},
      {R"({"rules": [{"outcome": "busy"}, {"outcome": "busy"},
                     {"mix": [{"outcome": "busy", "weight": 1}, {"outcome": "busy", "weight": 0}]}]})",
       "$.rules[2].mix[1].weight: must be a positive number"},
      {R"({"rules": [{"mix": [{"outcome": "busy", "weight": "1"}]}]})",
       "$.rules[0].mix[0].weight: must be a positive number"},
      {R"({"rules": [{"mix": [{"outcome": "busy", "weight": 1}], "seed": -1}]})",
       "$.rules[0].seed: must be a non-negative integer"},
      {R"({"rules": [{"mix": [{"outcome": "busy", "weight": 1}], "seed": 1.5}]})",
       "$.rules[0].seed: must be a non-negative integer"},
      {R"({"rules": [{"outcome": "busy", "seed": 1}]})",
       "$.rules[0].seed: is only used with \"mix\""},
      {R"({"rules": [{"from_column": ""}]})", "$.rules[0].from_column: must not be empty"},
      {R"({"rules": [{"outcome": "busy", "description": 1}]})",
       "$.rules[0].description: must be a string"},
  };
  for (const auto& [text, expected] : cases) {
    CAPTURE(text);
    CHECK(refusal(text) == expected);
  }
  std::string long_pattern = R"({"rules": [{"match": {"pattern": ")" + std::string(257, 'a') +
                             R"("}, "outcome": "busy"}]})";
  CHECK(refusal(long_pattern) == "$.rules[0].match.pattern: must be at most 256 characters");
  // A bad regular expression names the path and the regex library's complaint.
  std::string bad_regex =
      refusal(R"({"rules": [{"match": {"pattern": "(+"}, "outcome": "busy"}]})");
  CHECK(bad_regex.rfind("$.rules[0].match.pattern: invalid regular expression: ", 0) == 0);
}

TEST_CASE("scenario files: a name resolves inside the directory, traversal is refused") {
  std::string error;
  CHECK(scenario_file_in("scenarios", "sales-campaign", &error) == "scenarios/sales-campaign.json");
  CHECK(scenario_file_in("scenarios", "sales-campaign.json", &error) ==
        "scenarios/sales-campaign.json");
  for (const char* bad : {"", "../etc/passwd", "a/b", "..", "..json", ".hidden", "a\\b"}) {
    CAPTURE(bad);
    error.clear();
    CHECK(scenario_file_in("scenarios", bad, &error).empty());
    CHECK(!error.empty());
  }
}
