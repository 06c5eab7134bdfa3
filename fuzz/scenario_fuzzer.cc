// Fuzz target "scenario": scenario documents (README "Scenarios" format) as a scenario
// file or a PUT /__emulator/scenario body is read: parse_json_text with the request
// limits, then parse_scenario (scenarios/scenario_loader.h). Checks: an invalid scenario
// is a ScenarioError with a path and a problem, never another exception; a valid one
// written back (scenario_to_json) parses again into a scenario that writes the same
// JSON; and picking an outcome for a few calls (ordinary and magic numbers, a batch
// call, a forced outcome, retries) always gives a script.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json_text.h"
#include "fuzz_check.h"
#include "scenarios/scenario_loader.h"

namespace {

using namespace bolna;
using fuzz::require;

void pick_some(const Scenario& s) {
  PickState state(7);
  const char* numbers[] = {"+919876543210", "+14155550100", "+15005550001", "+15005550006"};
  int i = 0;
  for (const char* number : numbers) {
    CallFacts facts;
    facts.recipient = number;
    facts.agent_id = "agent";
    facts.batch_id = i % 2 ? "batch" : "";
    facts.recipient_data = Json{{"name", "Asha"}, {"tier", "gold"}};
    facts.forced = i == 3 ? "no-answer" : "";
    facts.attempt = i++;
    require(pick_outcome(s, facts, &state) != nullptr, "no outcome picked");
    require(pick_outcome(s, facts, nullptr) != nullptr, "no outcome picked (no state)");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Json json;
  if (!parse_json_text(text, &json).ok()) return 0;
  std::shared_ptr<const Scenario> scenario;
  try {
    scenario = parse_scenario(json, "fuzz", "fuzz input");
  } catch (const ScenarioError& e) {
    require(!e.path().empty() && !e.problem().empty(), "a ScenarioError without path or problem");
    return 0;
  }
  require(scenario != nullptr, "parse_scenario returned null");
  Json written = scenario_to_json(*scenario);
  std::shared_ptr<const Scenario> again;
  try {
    again = parse_scenario(written, "fuzz", "fuzz input");
  } catch (const ScenarioError& e) {
    fuzz::fail(std::string("scenario_to_json wrote a scenario that does not parse: ") + e.what() +
               "\n" + dump_json(written));
  }
  require(scenario_to_json(*again) == written, "a written scenario reads back differently:\n" +
                                                   dump_json(written) + "\n" +
                                                   dump_json(scenario_to_json(*again)));
  pick_some(*scenario);
  return 0;
}
