#include "scenarios/outcome_script.h"

#include <doctest/doctest.h>

#include "scenarios/builtin_outcomes.h"
#include "scenarios/magic_numbers.h"

using namespace bolna;

namespace {
std::string problem_of(const char* json) {
  try {
    parse_outcome_script("x", Json::parse(json), "$.outcomes.x");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("outcome scripts: every built-in parses and ends terminal") {
  const auto& lib = builtin_outcomes();
  for (const char* name : {"completed", "busy", "no-answer", "failed", "error", "voicemail",
                           "hangup-early", "long-call", "slow-processing", "canceled",
                           "busy-then-completed", "balance-low"}) {
    CAPTURE(name);
    REQUIRE(lib.count(name));
  }
  CHECK(lib.at("completed")->answered());
  CHECK_FALSE(lib.at("busy")->answered());
  CHECK(lib.at("voicemail")->answered_by_voice_mail == true);
  // Every magic number names a built-in outcome.
  for (const auto& [digits, outcome] : magic_number_table()) CHECK(lib.count(outcome));
}

TEST_CASE("outcome scripts: problems name the JSON path") {
  CHECK(problem_of(R"({})") == "$.outcomes.x.steps: is required");
  CHECK(problem_of(R"({"steps": []})") == "$.outcomes.x.steps: must be a non-empty array");
  CHECK(problem_of(R"({"steps": [{"status": "initiated", "after": 1}, {"status": "bsy"}]})") ==
        "$.outcomes.x.steps[1].status: unknown status 'bsy'");
  CHECK(problem_of(R"({"steps": [{"status": "queued"}]})") ==
        "$.outcomes.x.steps[0].status: 'queued' is managed by the emulator and cannot be scripted");
  CHECK(problem_of(R"({"steps": [{"status": "ringing"}]})").find("last step must be a terminal") !=
        std::string::npos);
  CHECK(problem_of(R"({"steps": [{"status": "busy", "after": -1}]})") ==
        "$.outcomes.x.steps[0].after: must be >= 0");
  CHECK(problem_of(R"({"steps": [{"status": "busy"}], "colour": 1})") ==
        "$.outcomes.x.colour: unknown field");
  CHECK(problem_of(R"({"steps": [{"status": "busy"}], "hangup": {"by": 1}})").rfind(
            "$.outcomes.x.hangup: ", 0) == 0);
}

TEST_CASE("outcome scripts: JSON round-trip") {
  const OutcomeScript& s = *builtin_outcomes().at("voicemail");
  OutcomeScript again = parse_outcome_script("voicemail", outcome_script_to_json(s), "$");
  CHECK(again.steps.size() == s.steps.size());
  CHECK(again.conversation_duration == s.conversation_duration);
  CHECK(again.hangup->reason == "Call ended");
}

TEST_CASE("magic numbers: NANP 555-01XX and UK 7700 900 0XX, others ordinary") {
  CHECK(magic_outcome("+12025550110") == "busy");
  CHECK(magic_outcome("+14155550111") == "no-answer");
  CHECK(magic_outcome("+12025550114") == "voicemail");
  CHECK(magic_outcome("+447700900012") == "failed");
  CHECK(magic_outcome("+447700900013") == "error");
  CHECK_FALSE(magic_outcome("+447700900112"));
  CHECK_FALSE(magic_outcome("+12025550199"));  // in range, not in the table
  CHECK_FALSE(magic_outcome("+12025551210"));
  CHECK_FALSE(magic_outcome("+919876543210"));
}
