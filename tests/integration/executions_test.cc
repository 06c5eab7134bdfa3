// Execution reads: the v2 paginated list (filters, window rules, pagination), v1 list
// and item, the raw log, recordings.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

TEST_CASE("executions list: envelope, newest first, pagination boundaries") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  set_clock(c, "2026-06-23T12:00:00+00:00");
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(place_call(c, agent));
    advance(c, 1);
  }
  Response r = c.get("/v2/agent/" + agent + "/executions?page_size=2");
  REQUIRE(r.status == 200);
  CHECK(r.json["total"] == 5);
  CHECK(r.json["has_more"] == true);
  CHECK(r.json["page_number"] == 1);
  CHECK(r.json["page_size"] == 2);
  REQUIRE(r.json["data"].size() == 2);
  CHECK(r.json["data"][0]["id"] == ids[4]);
  CHECK(r.json["data"][1]["id"] == ids[3]);
  CHECK(r.json["sorts"] == Json::array({{{"field", "created_at"}, {"order", "desc"}}}));
  CHECK(r.json["filters"]["status"].is_null());
  Response last = c.get("/v2/agent/" + agent + "/executions?page_size=2&page_number=3");
  CHECK(last.json["data"].size() == 1);
  CHECK(last.json["data"][0]["id"] == ids[0]);
  CHECK(last.json["has_more"] == false);
  Response beyond = c.get("/v2/agent/" + agent + "/executions?page_size=2&page_number=4");
  CHECK(beyond.json["data"].empty());
  CHECK(beyond.json["total"] == 5);
  Response exact = c.get("/v2/agent/" + agent + "/executions?page_size=5");
  CHECK(exact.json["has_more"] == false);
  CHECK(c.get("/v2/agent/" + agent + "/executions?page_size=50").status == 200);
  Response too_big = c.get("/v2/agent/" + agent + "/executions?page_size=51");
  CHECK(too_big.status == 400);
  CHECK(too_big.json == Json{{"error", 400}, {"message", "page_size must be at most 50"}});
  CHECK(c.get("/v2/agent/" + agent + "/executions?page_number=0").status == 400);
  CHECK(c.get("/v2/agent/" + agent + "/executions?page_size=abc").status == 400);
  Response def = c.get("/v2/agent/" + agent + "/executions");
  CHECK(def.json["page_size"] == 20);
}

TEST_CASE("executions list: filters") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string other_agent = create_agent(c, "Other");
  std::string busy = place_call(c, agent, "+12025550110");
  std::string answered = place_call(c, agent, "+14155552671");
  std::string voicemail = place_call(c, agent, "+12025550114");
  place_call(c, other_agent);
  run_until_idle(c);
  auto list = [&](const std::string& query) {
    Response r = c.get("/v2/agent/" + agent + "/executions?" + query);
    REQUIRE(r.status == 200);
    return r.json;
  };
  CHECK(list("")["total"] == 3);
  Json b = list("status=busy");
  CHECK(b["total"] == 1);
  CHECK(b["data"][0]["id"] == busy);
  CHECK(b["filters"]["status"] == "busy");
  CHECK(list("status=completed")["total"] == 2);
  Json vm = list("answered_by_voice_mail=true");
  CHECK(vm["total"] == 1);
  CHECK(vm["data"][0]["id"] == voicemail);
  CHECK(list("answered_by_voice_mail=false")["total"] == 2);
  CHECK(list("call_type=outbound")["total"] == 3);
  CHECK(list("call_type=inbound")["total"] == 0);
  CHECK(list("provider=plivo")["total"] == 3);
  CHECK(list("batch_id=abc")["total"] == 0);
  Response bad = c.get("/v2/agent/" + agent + "/executions?status=voicemail");
  CHECK(bad.status == 400);
  CHECK(bad.json["message"].get<std::string>().rfind("status must be one of scheduled", 0) == 0);
  CHECK(c.get("/v2/agent/" + agent + "/executions?answered_by_voice_mail=maybe").status == 400);
  (void)answered;
}

TEST_CASE("executions list: from and to come together, at most 7 days, Z is fine") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  set_clock(c, "2026-06-23T12:00:00+00:00");
  std::string id = place_call(c, agent);
  std::string base = "/v2/agent/" + agent + "/executions?";
  Response only_from = c.get(base + "from=2026-06-20T00:00:00.000Z");
  CHECK(only_from.status == 400);
  CHECK(only_from.json["message"] == "from and to must be sent together");
  CHECK(c.get(base + "to=2026-06-20T00:00:00.000Z").status == 400);
  Response seven = c.get(base + "from=2026-06-16T12:00:00.000Z&to=2026-06-23T12:00:00.000Z");
  REQUIRE(seven.status == 200);
  CHECK(seven.json["total"] == 1);
  Response eight = c.get(base + "from=2026-06-16T11:59:59.999Z&to=2026-06-23T12:00:00.000Z");
  CHECK(eight.status == 400);
  CHECK(eight.json["message"] == "The range between from and to must not exceed 7 days");
  Response before = c.get(base + "from=2026-06-01T00:00:00.000Z&to=2026-06-02T00:00:00.000Z");
  CHECK(before.json["total"] == 0);
  CHECK(c.get(base + "from=2026-06-23T00:00:00Z&to=2026-06-22T00:00:00Z").status == 400);
  CHECK(c.get(base + "from=yesterday&to=today").status == 400);
  // Without from/to: the last 7 days of the tenant clock.
  advance(c, 8 * 86400);
  Response old = c.get(base);
  CHECK(old.json["total"] == 0);
  (void)id;
}

TEST_CASE("executions: v1 list and item, unknown agent 404") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string other = create_agent(c, "Other");
  std::string a = place_call(c, agent);
  std::string b = place_call(c, agent);
  std::string x = place_call(c, other);
  Response list = c.get("/agent/" + agent + "/executions");
  REQUIRE(list.status == 200);
  REQUIRE(list.json.is_array());
  CHECK(list.json.size() == 2);
  Response item = c.get("/agent/" + agent + "/execution/" + a);
  CHECK(item.status == 200);
  CHECK(item.json["id"] == a);
  CHECK(c.get("/agent/" + agent + "/execution/" + x).status == 404);
  CHECK(c.get("/agent/nope/executions").status == 404);
  Response v2 = c.get("/v2/agent/nope/executions");
  CHECK(v2.status == 404);
  CHECK(v2.json == Json{{"error", 404}, {"message", "Agent not found"}});
  (void)b;
}

TEST_CASE("executions: raw log follows the transcript once the line drops") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string id = place_call(c, agent, "+919876543210", {{"user_data", {{"name", "Asha"}}}});
  Response early = c.get("/executions/" + id + "/log");
  REQUIRE(early.status == 200);
  CHECK(early.json == Json{{"status", "success"}, {"data", Json::array()}});
  run_until_idle(c);
  Json log = c.get("/executions/" + id + "/log").json;
  CHECK(log["status"] == "success");
  REQUIRE(log["data"].size() > 3);
  const Json& first = log["data"][0];
  for (const char* key : {"created_at", "type", "component", "provider", "data"}) CHECK(first.contains(key));
  bool saw_name = false;
  for (const auto& entry : log["data"]) {
    CHECK((entry["type"] == "request" || entry["type"] == "response"));
    if (entry["data"].get<std::string>().find("Asha") != std::string::npos) saw_name = true;
  }
  CHECK(saw_name);
  std::string busy = place_call(c, agent, "+12025550110");
  run_until_idle(c);
  CHECK(c.get("/executions/" + busy + "/log").json["data"].empty());
}

TEST_CASE("recordings: a completed call's URL serves a WAV, with or without a key") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string id = place_call(c, agent);
  Response not_yet = c.get("/recordings/call/" + id);
  CHECK(not_yet.status == 404);
  CHECK(not_yet.json == Json{{"error", 404}, {"message", "Recording not found"}});
  run_until_idle(c);
  std::string url = get_execution(c, id)["telephony_data"]["recording_url"];
  std::string path = url.substr(server.app().public_url().size());
  for (const std::string& key : {std::string("test-key"), std::string("")}) {
    Response wav = server.client(key).get(path);
    CHECK(wav.status == 200);
    CHECK(wav.header("Content-Type") == "audio/wav");
    CHECK(wav.body.substr(0, 4) == "RIFF");
    CHECK(wav.body.substr(8, 4) == "WAVE");
    CHECK(wav.body.size() > 1000);
  }
  CHECK(server.client("someone-else").get(path).status == 404);
}
