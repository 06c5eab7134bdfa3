// POST /call: validation, scheduling rules, forced outcomes, read-your-write, stop.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {
Response call(TestClient& c, const Json& body, httplib::Headers headers = {}) {
  return c.send("POST", "/call", body.dump(), "application/json", std::move(headers));
}
}  // namespace

TEST_CASE("calls: success body and read-your-write") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Response r = c.post("/call", Json{{"agent_id", agent}, {"recipient_phone_number", "+919876543210"}});
  REQUIRE(r.status == 200);
  CHECK(r.json["message"] == "done");
  CHECK(r.json["status"] == "queued");
  std::string id = r.json["execution_id"];
  CHECK(id.size() == 36);
  Json e = get_execution(c, id);
  CHECK(e["status"] == "queued");
  CHECK(e["id"] == id);
  CHECK(e["agent_id"] == agent);
  CHECK(e["user_number"] == "+919876543210");
  CHECK(e["agent_number"] == "+12025550100");
  CHECK(e["context_details"]["recipient_data"].is_null());
}

TEST_CASE("calls: documented and clear 400s") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  auto check = [&](const Json& body, const std::string& message, int code = 400) {
    Response r = call(c, body);
    CAPTURE(body.dump());
    CHECK(r.status == 400);
    CHECK(r.json["error"] == code);
    CHECK(r.json["message"] == message);
  };
  check(Json{{"recipient_phone_number", "+919876543210"}}, "agent_id is required", 1001);
  check(Json{{"agent_id", ""}, {"recipient_phone_number", "+919876543210"}}, "agent_id is required", 1001);
  check(Json{{"agent_id", agent}}, "recipient_phone_number is required");
  check(Json{{"agent_id", agent}, {"recipient_phone_number", "9876543210"}},
        "recipient_phone_number must be an E.164 number such as +14155550123, got '9876543210'");
  check(Json{{"agent_id", agent}, {"recipient_phone_number", "+919876543210"}, {"from_phone_number", "12345"}},
        "Invalid from_phone_number: '12345' is not an E.164 number such as +14155550123");
  check(Json{{"agent_id", agent}, {"recipient_phone_number", "+919876543210"}, {"user_data", "x"}},
        "user_data must be a JSON object");
  Json big = {{"blob", std::string(26 * 1024, 'x')}};
  Response r = call(c, Json{{"agent_id", agent}, {"recipient_phone_number", "+919876543210"}, {"user_data", big}});
  CHECK(r.status == 400);
  CHECK(r.json["message"].get<std::string>().find("the limit is 25 KB") != std::string::npos);
  check(Json{{"agent_id", agent}, {"recipient_phone_number", "+919876543210"},
             {"retry_config", {{"enabled", true}, {"max_retries", 5}}}},
        "retry_config.max_retries must be an integer from 1 to 3");
  check(Json{{"agent_id", agent}, {"recipient_phone_number", "+919876543210"},
             {"retry_config", {{"retry_on_statuses", {"completed"}}}}},
        "retry_config.retry_on_statuses may only contain no-answer, busy, failed, error");
  check(Json{{"agent_id", agent}, {"recipient_phone_number", "+919876543210"}, {"bypass_call_guardrails", "yes"}},
        "bypass_call_guardrails must be a boolean");
  Response missing = call(c, Json{{"agent_id", "3c90c3cc-0d44-4b50-8888-8dd25736052a"},
                                  {"recipient_phone_number", "+919876543210"}});
  CHECK(missing.status == 404);
  CHECK(missing.json == Json{{"error", 404}, {"message", "Agent not found"}});
}

TEST_CASE("calls: scheduled_at rules and boundaries on the tenant clock") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  set_clock(c, "2026-06-23T12:00:00+00:00");
  auto with = [&](const std::string& at) {
    return call(c, Json{{"agent_id", agent}, {"recipient_phone_number", "+919876543210"}, {"scheduled_at", at}});
  };
  Response exact = with("2026-06-23T12:02:00+00:00");
  REQUIRE(exact.status == 200);
  CHECK(exact.json["status"] == "queued");
  Json e = get_execution(c, exact.json["execution_id"]);
  CHECK(e["status"] == "scheduled");
  CHECK(e["scheduled_at"] == "2026-06-23T12:02:00.000000+00:00");  // not rounded

  Response early = with("2026-06-23T12:01:59+00:00");
  CHECK(early.status == 400);
  CHECK(early.json == Json{{"error", 400}, {"message", "Scheduled time should be atleast 2 minutes in the future"}});
  Response zulu = with("2026-06-23T18:30:00.000Z");
  CHECK(zulu.status == 500);
  CHECK(zulu.json == Json{{"error", 500}, {"message", "Internal server error"}});
  Response garbage = with("soon");
  CHECK(garbage.status == 400);
  CHECK(garbage.json["message"].get<std::string>().rfind("Parsing error: ", 0) == 0);
  CHECK(with("2026-07-23T12:00:00+00:00").status == 200);
  Response far = with("2026-07-23T12:00:01+00:00");
  CHECK(far.status == 400);
  CHECK(far.json["message"] == "Scheduled time should be within 30 days");

  // The scheduled call waits, then is queued at its time and dials.
  std::string id = exact.json["execution_id"];
  advance(c, 119);
  CHECK(get_execution(c, id)["status"] == "scheduled");
  Json events = advance(c, 1)["events"];
  REQUIRE(events.size() >= 1);
  CHECK(events[0] == Json{{"execution_id", id}, {"from", "scheduled"}, {"to", "queued"},
                          {"at", "2026-06-23T12:02:00.000000+00:00"}});
}

TEST_CASE("calls: X-Emulator-Outcome forces an outcome, unknown names list the valid ones") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Json body = {{"agent_id", agent}, {"recipient_phone_number", "+919876543210"}};
  for (const char* outcome : {"completed", "busy", "no-answer", "failed", "error", "voicemail"}) {
    CAPTURE(outcome);
    Response r = call(c, body, {{"X-Emulator-Outcome", outcome}});
    REQUIRE(r.status == 200);
    run_until_idle(c);
    Json e = get_execution(c, r.json["execution_id"]);
    std::string expected = std::string(outcome) == "voicemail" ? "completed" : outcome;
    CHECK(e["status"] == expected);
    if (std::string(outcome) == "voicemail") CHECK(e["answered_by_voice_mail"] == true);
  }
  Response bad = call(c, body, {{"X-Emulator-Outcome", "exploded"}});
  CHECK(bad.status == 400);
  std::string message = bad.json["message"];
  CHECK(message.rfind("Unknown outcome 'exploded' in X-Emulator-Outcome; valid outcomes: ", 0) == 0);
  CHECK(message.find("no-answer") != std::string::npos);
}

TEST_CASE("calls: magic numbers pick their outcomes") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::map<std::string, std::string> expected = {
      {"+12025550110", "busy"},      {"+12025550111", "no-answer"}, {"+12025550112", "failed"},
      {"+12025550113", "error"},     {"+447700900014", "completed"}, {"+12025550119", "canceled"},
      {"+12025550120", "balance-low"}, {"+14155552671", "completed"}};
  std::map<std::string, std::string> ids;
  for (const auto& [number, status] : expected) ids[number] = place_call(c, agent, number);
  run_until_idle(c);
  for (const auto& [number, status] : expected) {
    CAPTURE(number);
    CHECK(get_execution(c, ids[number])["status"] == status);
  }
  CHECK(get_execution(c, ids["+447700900014"])["answered_by_voice_mail"] == true);
}

TEST_CASE("calls: every transition of the default outcome appears in advance events") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  set_clock(c, "2026-06-23T12:00:00+00:00");
  std::string id = place_call(c, agent);
  Json first = advance(c, 9);
  REQUIRE(first["events"].size() == 3);
  CHECK(first["events"][0]["to"] == "initiated");
  CHECK(first["events"][0]["at"] == "2026-06-23T12:00:01.000000+00:00");
  CHECK(first["events"][1]["to"] == "ringing");
  CHECK(first["events"][2]["to"] == "in-progress");
  CHECK(first["now"] == "2026-06-23T12:00:09.000000+00:00");
  Json e = get_execution(c, id);
  CHECK(e["status"] == "in-progress");
  CHECK(e["transcript"].is_null());
  Json second = advance(c, 42.6);
  REQUIRE(second["events"].size() == 1);
  CHECK(second["events"][0]["to"] == "call-disconnected");
  e = get_execution(c, id);
  CHECK(e["telephony_data"]["recording_url"] == "");
  CHECK(e["total_cost"] == 0.0);
  CHECK(advance(c, 19.9)["events"].empty());
  CHECK(advance(c, 0.1)["events"][0]["to"] == "completed");
  e = get_execution(c, id);
  CHECK(e["total_cost"] == 22.99);
  CHECK(e["telephony_data"]["recording_url"] ==
        server.app().public_url() + "/recordings/call/" + id);
  CHECK(e["updated_at"] == "2026-06-23T12:01:11.600000+00:00");
}

TEST_CASE("calls: stop rules") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string queued = place_call(c, agent);
  Response ok = c.post("/call/" + queued + "/stop");
  REQUIRE(ok.status == 200);
  CHECK(ok.json == Json{{"message", "done"}, {"status", "stopped"}, {"execution_id", queued}});
  CHECK(get_execution(c, queued)["status"] == "stopped");
  Response again = c.post("/call/" + queued + "/stop");
  CHECK(again.status == 400);
  CHECK(again.json == Json{{"error", 400}, {"message", "Call can only be stopped while it is scheduled or queued"}});

  std::string live = place_call(c, agent);
  advance(c, 10);
  CHECK(get_execution(c, live)["status"] == "in-progress");
  CHECK(c.post("/call/" + live + "/stop").status == 400);
  Response missing = c.post("/call/nope/stop");
  CHECK(missing.status == 404);
  CHECK(missing.json == Json{{"error", 404}, {"message", "Execution not found"}});

  set_clock(c, "2026-06-23T12:00:00+00:00");
  std::string scheduled = place_call(c, agent, "+919876543210", {{"scheduled_at", "2026-06-23T13:00:00+00:00"}});
  std::string waiting = place_call(c, agent);
  Response bulk = c.post("/v2/agent/" + agent + "/stop");
  REQUIRE(bulk.status == 200);
  CHECK(bulk.json["stopped_executions"].size() == 2);
  CHECK(get_execution(c, scheduled)["status"] == "stopped");
  CHECK(get_execution(c, waiting)["status"] == "stopped");
  CHECK(c.post("/v2/agent/unknown-agent/stop").status == 404);
}

TEST_CASE("calls: another tenant's execution is a 404") {
  TestServer server(manual_clock_config());
  TestClient alice = server.client("alice");
  TestClient bob = server.client("bob");
  std::string id = place_call(alice, create_agent(alice));
  Response r = bob.get("/executions/" + id);
  CHECK(r.status == 404);
  CHECK(r.json == Json{{"error", 404}, {"message", "Execution not found"}});
  CHECK(bob.post("/call/" + id + "/stop").status == 404);
  CHECK(bob.get("/executions/" + id + "/log").status == 404);
}

TEST_CASE("calls: deleting the agent deletes its executions") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string id = place_call(c, agent);
  CHECK(c.del("/v2/agent/" + agent).status == 200);
  CHECK(c.get("/executions/" + id).status == 404);
}

TEST_CASE("calls: auto-retry goes back to scheduled with retry_count and retry_history") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string id = place_call(c, agent, "+12025550118",
                              {{"retry_config", {{"enabled", true}, {"retry_intervals_minutes", {10}}}}});
  advance(c, 7);
  Json e = get_execution(c, id);
  CHECK(e["status"] == "scheduled");
  CHECK(e["retry_count"] == 1);
  CHECK(e["retry_history"][0]["status"] == "busy");
  CHECK(e["retry_config"]["max_retries"] == 3);
  run_until_idle(c);
  e = get_execution(c, id);
  CHECK(e["status"] == "completed");
  CHECK(e["retry_count"] == 1);
}
