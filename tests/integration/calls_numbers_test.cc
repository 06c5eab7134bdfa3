// Where numbers meet calls: from_phone_number ownership on POST /call, simulated inbound
// calls to a linked number, graph-agent event injection while a call is live, and
// sub-account usage aggregated from the sub-account's executions.
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

Json call_body(const std::string& agent, const std::string& to = "+14155550123") {
  return Json{{"agent_id", agent}, {"recipient_phone_number", to}};
}

// Advances the manual clock one second at a time until the execution reaches `status`
// (bounded: at most 600 steps). Returns true when it did.
bool advance_until(TestClient& c, const std::string& id, const std::string& status) {
  for (int i = 0; i < 600; ++i) {
    if (c.get("/executions/" + id).json["status"] == status) return true;
    c.post("/__emulator/clock/advance", Json{{"seconds", 1}});
  }
  return false;
}

}  // namespace

TEST_CASE(
    "calls: from_phone_number must be a number of the account, the default is used otherwise") {
  TestServer server;
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Json body = call_body(agent);
  body["from_phone_number"] = "+14155550199";
  Response r = c.post("/call", body);
  CHECK(r.status == 400);
  CHECK(r.json == Json{{"error", 400},
                       {"message",
                        "from_phone_number +14155550199 is not a phone number of your "
                        "account (see GET /phone-numbers/all)"}});

  Response d = c.post("/call", call_body(agent));
  REQUIRE(d.status == 200);
  Response e = c.get("/executions/" + d.json["execution_id"].get<std::string>());
  CHECK(e.json["agent_number"] == "+12025550100");
  CHECK(e.json["telephony_data"]["from_number"] == "+12025550100");

  // A bought number works as from_phone_number.
  REQUIRE(c.post("/phone-numbers/buy", Json{{"country", "US"}, {"phone_number", "+14155550199"}})
              .status == 200);
  Response ok = c.post("/call", body);
  REQUIRE(ok.status == 200);
  CHECK(c.get("/executions/" + ok.json["execution_id"].get<std::string>()).json["agent_number"] ==
        "+14155550199");

  // So does a SIP trunk number (with or without "+").
  Json trunk = Json::parse(R"({"name": "t", "provider": "zadarma", "auth_type": "userpass",
    "auth_username": "u", "auth_password": "p", "gateways": [{"gateway_address": "sip.example"}],
    "phone_numbers": [{"phone_number": "919876543210"}]})");
  REQUIRE(c.post("/sip-trunks/trunks", trunk).status == 201);
  body["from_phone_number"] = "+919876543210";
  CHECK(c.post("/call", body).status == 200);

  // Without any number, POST /call without from_phone_number says what to do.
  REQUIRE(c.del("/phone-numbers/5f3c1a2e9b7d4c118e0f2025550100aa").status == 200);
  REQUIRE(c.del("/phone-numbers/" + c.get("/phone-numbers/all").json[0]["id"].get<std::string>())
              .status == 200);
  Response none = c.post("/call", call_body(agent));
  CHECK(none.status == 400);
  CHECK(none.json["message"] ==
        "Your account has no phone number: buy one (POST /phone-numbers/buy) "
        "or pass from_phone_number");
}

TEST_CASE("inbound: a simulated call to a linked number is an inbound execution") {
  TestServer server;
  TestClient c = server.client();
  std::string agent = create_agent(c);
  REQUIRE(c.post("/__emulator/clock", Json{{"mode", "manual"}}).status == 200);
  Json call{{"to_phone_number", "+12025550100"}, {"from_phone_number", "+14155550142"}};
  Response unlinked = c.post("/__emulator/inbound", call);
  CHECK(unlinked.status == 400);
  CHECK(unlinked.json["message"] ==
        "Phone number +12025550100 is not linked to an agent (POST /inbound/setup)");
  REQUIRE(c.post("/inbound/setup",
                 Json{{"agent_id", agent}, {"phone_number_id", "5f3c1a2e9b7d4c118e0f2025550100aa"}})
              .status == 200);
  Response r = c.post("/__emulator/inbound", call);
  REQUIRE(r.status == 201);
  CHECK(r.json["call_type"] == "inbound");
  CHECK(r.json["agent_id"] == agent);
  std::string id = r.json["execution_id"];
  Response e = c.get("/executions/" + id);
  REQUIRE(e.status == 200);
  CHECK(e.json["telephony_data"]["call_type"] == "inbound");
  CHECK(e.json["telephony_data"]["from_number"] == "+14155550142");
  CHECK(e.json["telephony_data"]["to_number"] == "+12025550100");
  CHECK(e.json["agent_number"] == "+12025550100");
  CHECK(e.json["user_number"] == "+14155550142");
  // It follows the scenario to the end.
  Response idle = c.post("/__emulator/clock/run-until-idle", Json::object());
  REQUIRE(idle.status == 200);
  CHECK(c.get("/executions/" + id).json["status"] == "completed");

  CHECK(c.post("/__emulator/inbound",
               Json{{"to_phone_number", "+19995550100"}, {"from_phone_number", "+14155550142"}})
            .status == 404);
  CHECK(c.post("/__emulator/inbound", Json{{"to_phone_number", "+12025550100"}}).json["message"] ==
        "from_phone_number is required");
}

TEST_CASE("graph events: 202 while the call is live, the documented 404 otherwise") {
  TestServer server;
  TestClient c = server.client();
  std::string agent = create_agent(c);
  REQUIRE(c.post("/__emulator/clock", Json{{"mode", "manual"}}).status == 200);
  std::string id = c.post("/call", call_body(agent)).json["execution_id"];
  Json event{{"event", "payment_received"}, {"properties", {{"amount", 42}}}};
  Response queued = c.post("/v1/call/" + id + "/events", event);
  CHECK(queued.status == 404);
  CHECK(queued.json == Json{{"detail", "No active call found for this run_id"}});

  REQUIRE(advance_until(c, id, "in-progress"));
  Response r = c.post("/v1/call/" + id + "/events", event);
  REQUIRE(r.status == 202);
  CHECK(r.json == Json{{"status", "accepted"}, {"event", "payment_received"}, {"run_id", id}});
  Response seen = c.get("/__emulator/events");
  REQUIRE(seen.json.size() == 1);
  CHECK(seen.json[0]["properties"]["amount"] == 42);
  CHECK(c.post("/v1/call/" + id + "/events", Json{{"properties", Json::object()}}).status == 400);

  c.post("/__emulator/clock/run-until-idle", Json::object());
  CHECK(c.post("/v1/call/" + id + "/events", event).status == 404);
  CHECK(c.post("/v1/call/unknown/events", event).json ==
        Json{{"detail", "No active call found for this run_id"}});
}

TEST_CASE("sub-accounts: usage aggregates the sub-account's executions over from/to") {
  TestServer server;
  TestClient org = server.client("org-key");
  Response created =
      org.post("/sub-accounts/create", Json{{"name", "alpha"}, {"min_concurrency", 1}});
  REQUIRE(created.status == 200);
  std::string id = created.json["id"];
  TestClient sub = server.client(created.json["api_key"]);
  REQUIRE(sub.post("/__emulator/clock", Json{{"mode", "manual"}}).status == 200);
  std::string agent = create_agent(sub);
  REQUIRE(sub.post("/call", call_body(agent, "+14155550123")).status == 200);
  REQUIRE(sub.post("/call", call_body(agent, "+14155550124")).status == 200);
  sub.post("/__emulator/clock/run-until-idle", Json::object());

  Response u = org.get("/sub-accounts/" + id + "/usage");
  REQUIRE(u.status == 200);
  CHECK(u.json["total_records"] == 2);
  int counted = 0;
  for (const auto& [status, n] : u.json["status_map"].items()) counted += n.get<int>();
  CHECK(counted == 2);
  CHECK(u.json["total_cost"].is_number());
  for (const char* k :
       {"from", "to", "total_duration", "total_platform_cost", "total_telephony_cost",
        "synthesizer_cost_map", "transcriber_cost_map", "llm_cost_map"})
    CHECK(u.json.contains(k));
  CHECK(u.json["llm_cost_map"].contains("tokens"));

  Response all = org.get("/sub-accounts/all/usage");
  REQUIRE(all.status == 200);
  REQUIRE(all.json.size() == 1);
  CHECK(all.json[0]["sub_account_id"] == id);
  CHECK(all.json[0]["sub_account_name"] == "alpha");
  CHECK(all.json[0]["total_records"] == 2);

  Response empty =
      org.get("/sub-accounts/" + id + "/usage?from=2020-01-01T00:00:00Z&to=2020-01-31T00:00:00Z");
  REQUIRE(empty.status == 200);
  CHECK(empty.json["total_records"] == 0);
  CHECK(empty.json["status_map"] == Json::object());
  CHECK(empty.json["from"] == "2020-01-01T00:00:00.000000");

  Response too_long = org.get("/sub-accounts/" + id + "/usage?from=2020-01-01&to=2020-03-01");
  CHECK(too_long.status == 400);
  CHECK(too_long.json["message"] == "The range between from and to cannot exceed 32 days");
  CHECK(org.get("/sub-accounts/" + id + "/usage?from=yesterday").status == 400);
  CHECK(org.get("/sub-accounts/all/usage?from=2020-01-01&to=2020-03-01").status == 400);
  CHECK(org.get("/sub-accounts/nope/usage").status == 404);
}
