// The execution object at each status of each outcome, per profile (examples.md).
#include "calls/execution.h"

#include <doctest/doctest.h>

#include "calls/call_engine.h"
#include "manual_tenant.h"
#include "tenant/tenant.h"

using namespace bolna;
using namespace std::chrono;

namespace {

struct Run {
  Tenant t{"unit", false, 7, testing::manual_clock_settings()};
  Execution* e = nullptr;
  explicit Run(const std::string& outcome) {
    const Agent& agent = t.agents.create("agent-1", Json{{"agent_name", "A"}}, Json::object(), t.now());
    CallRequest r;
    r.agent_id = agent.id;
    r.recipient = "+919876543210";
    r.from_number = "+12025550100";
    r.user_data = Json{{"name", "Asha"}};
    r.forced_outcome = outcome;
    e = &place_call(t, agent, r);
  }
  // Advances until the execution reaches `status` (or nothing is left).
  Json at(const std::string& status, Profile profile = Profile::kDocs) {
    while (e->status != status) {
      auto next = t.scheduler.next_due();
      REQUIRE(next);
      advance_clock(t, *next, nullptr);
    }
    return execution_to_json(*e, profile, "http://emu");
  }
};

void check_empty(const Json& j) {
  CHECK(j["conversation_duration"] == 0.0);
  CHECK(j["total_cost"] == 0.0);
  CHECK(j["transcript"].is_null());
  CHECK(j["extracted_data"].is_null());
  CHECK(j["telephony_data"]["recording_url"].is_null());
  CHECK(j["telephony_data"]["hangup_by"].is_null());
  CHECK(j["telephony_data"]["hangup_reason"].is_null());
  CHECK(j["telephony_data"]["hangup_provider_code"].is_null());
}

}  // namespace

TEST_CASE("execution json: answered call, docs profile, every status") {
  Run run("completed");
  Json q = execution_to_json(*run.e, Profile::kDocs, "http://emu");
  CHECK(q["status"] == "queued");
  check_empty(q);
  CHECK(q["batch_id"].is_null());
  CHECK(q["context_details"] == Json{{"recipient_data", {{"name", "Asha"}}},
                                     {"recipient_phone_number", "+919876543210"}});
  check_empty(run.at("initiated"));
  check_empty(run.at("ringing"));
  check_empty(run.at("in-progress"));
  Json d = run.at("call-disconnected");
  CHECK(d["conversation_duration"] == 0.0);
  CHECK(d["total_cost"] == 0.0);
  CHECK(d["transcript"].get<std::string>().rfind("assistant: Hello Asha,", 0) == 0);
  CHECK(d["telephony_data"]["recording_url"] == "");
  CHECK(d["extracted_data"].is_null());
  CHECK(d["telephony_data"]["hangup_by"].is_null());
  Json c = run.at("completed");
  CHECK(c["conversation_duration"] == 42.6);
  CHECK(c["total_cost"] == 22.99);
  const Json& cb = c["cost_breakdown"];
  double sum = cb["llm"].get<double>() + cb["network"].get<double>() + cb["platform"].get<double>() +
               cb["synthesizer"].get<double>() + cb["transcriber"].get<double>();
  CHECK(std::round(sum * 100) / 100 == c["total_cost"].get<double>());
  CHECK(c["telephony_data"]["recording_url"] == "http://emu/recordings/call/" + run.e->id);
  CHECK(c["telephony_data"]["duration"] == 43);
  CHECK(c["telephony_data"]["hangup_by"] == "Callee");
  CHECK(c["telephony_data"]["hangup_reason"] == "Call recipient hung up");
  CHECK(c["telephony_data"]["hangup_provider_code"] == 4000);
  CHECK(c["extracted_data"] == Json{{"user_interested", true}, {"callback_user", false}});
  CHECK(c["answered_by_voice_mail"] == false);
  CHECK(c["usage_breakdown"].contains("llm_model"));
  CHECK(c["usage_breakdown"]["synthesizer_characters"].get<int>() > 0);
  CHECK(c["created_at"].get<std::string>().size() == 32);
}

TEST_CASE("execution json: live profile fills metrics at call-disconnected") {
  Run run("completed");
  Json d = run.at("call-disconnected", Profile::kLive);
  CHECK(d["conversation_duration"] == 42.6);
  CHECK(d["total_cost"] == 22.99);
  CHECK(d["telephony_data"]["recording_url"] == "");
  CHECK(d["extracted_data"].is_null());
  CHECK(d["telephony_data"]["duration"] == "0.0");
  CHECK(d["usage_breakdown"].contains("llmModel"));
  CHECK(d["usage_breakdown"].contains("llmTokens"));
  CHECK_FALSE(d["usage_breakdown"].contains("llm_model"));
  CHECK(d["created_at"].get<std::string>().size() == 26);
  Json c = run.at("completed", Profile::kLive);
  CHECK(c["telephony_data"]["duration"] == "43");
}

TEST_CASE("execution json: unanswered outcomes carry the documented hangup fields") {
  struct Case {
    const char* outcome;
    const char* status;
    const char* by;
    const char* reason;
    int code;
    bool error;
  };
  for (const Case& k : {Case{"busy", "busy", "Carrier", "Call recipient was busy", 3010, false},
                        Case{"no-answer", "no-answer", "Carrier", "Call unanswered", 3020, false},
                        Case{"failed", "failed", "Carrier", "Call recipient number invalid", 3040, true},
                        Case{"error", "error", "Error", "Bolna Error", 5010, true}}) {
    CAPTURE(k.outcome);
    Run run(k.outcome);
    Json j = run.at(k.status);
    CHECK(j["conversation_duration"] == 0.0);
    CHECK(j["total_cost"] == 0.0);
    CHECK(j["transcript"].is_null());
    CHECK(j["telephony_data"]["recording_url"].is_null());
    CHECK(j["telephony_data"]["hangup_by"] == k.by);
    CHECK(j["telephony_data"]["hangup_reason"] == k.reason);
    CHECK(j["telephony_data"]["hangup_provider_code"] == k.code);
    CHECK(j["error_message"].is_string() == k.error);
  }
}

TEST_CASE("execution json: voicemail completes with answered_by_voice_mail true") {
  Run run("voicemail");
  Json j = run.at("completed");
  CHECK(j["answered_by_voice_mail"] == true);
  CHECK(j["telephony_data"]["hangup_reason"] == "Call ended");
  CHECK(j["conversation_duration"].get<double>() < 15);
  CHECK(j["total_cost"].get<double>() > 0);
  CHECK(j["transcript"].get<std::string>().find("leave a message") != std::string::npos);
}

TEST_CASE("execution json: balance-low never dials") {
  Run run("balance-low");
  Json j = run.at("balance-low");
  check_empty(j);
  CHECK(j["error_message"].is_string());
  CHECK(j["telephony_data"]["ring_duration"].is_null());
}
