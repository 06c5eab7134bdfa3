// The clock control API, wallet, concurrency, /user/me, reset and realtime mode.
#include <chrono>
#include <thread>

#include "tenant/tenant.h"
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

TEST_CASE("clock: read, set, advance, refuse going back past pending work") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  Json clock = c.get("/__emulator/clock").json;
  CHECK(clock["mode"] == "manual");
  CHECK(clock["speed"] == 1.0);
  CHECK(clock["pending"] == 0);
  set_clock(c, "2026-06-23T12:00:00+00:00");
  CHECK(c.get("/__emulator/clock").json["now"] == "2026-06-23T12:00:00.000000+00:00");
  Response to = c.post("/__emulator/clock/advance", Json{{"to", "2026-06-23T13:00:00+01:00"}});
  CHECK(to.status == 200);  // same instant: no move
  CHECK(to.json["now"] == "2026-06-23T12:00:00.000000+00:00");
  CHECK(c.post("/__emulator/clock/advance", Json{{"to", "2026-06-23T11:00:00+00:00"}}).status == 400);
  CHECK(c.post("/__emulator/clock/advance", Json{{"seconds", -1}}).status == 400);
  CHECK(c.post("/__emulator/clock/advance", Json::object()).status == 400);
  place_call(c, create_agent(c));
  Response back = c.post("/__emulator/clock", Json{{"now", "2026-06-22T12:00:00+00:00"}});
  CHECK(back.status == 409);
  CHECK(back.json["error"] == 409);
  Response forced = c.post("/__emulator/clock", Json{{"now", "2026-06-22T12:00:00+00:00"}, {"force", true}});
  CHECK(forced.status == 200);
  CHECK(forced.json.contains("warning"));
  CHECK(c.post("/__emulator/clock", Json{{"mode", "sideways"}}).status == 400);
  CHECK(c.post("/__emulator/clock", Json{{"mode", "realtime"}, {"speed", 0}}).status == 400);
  Json rt = c.post("/__emulator/clock", Json{{"mode", "realtime"}, {"speed", 5}}).json;
  CHECK(rt["mode"] == "realtime");
  CHECK(rt["speed"] == 5.0);
}

TEST_CASE("clock: setting the time forward fires what is due, run-until-idle empties the queue") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  set_clock(c, "2026-06-23T12:00:00+00:00");
  std::string id = place_call(c, agent);
  CHECK(c.post("/__emulator/clock", Json{{"now", "2026-06-23T12:00:05+00:00"}}).status == 200);
  CHECK(get_execution(c, id)["status"] == "ringing");
  Json idle = run_until_idle(c);
  CHECK(idle["idle"] == true);
  CHECK(idle["pending"] == 0);
  CHECK(idle["events_total"] == 3);
  CHECK(get_execution(c, id)["status"] == "completed");
  place_call(c, agent);
  Response r = c.post("/__emulator/clock/run-until-idle", Json{{"max_events", 2}});
  CHECK(r.json["events"].size() == 2);
  CHECK(r.json["events_total"] == 5);
  CHECK(r.json["events_truncated"] == true);
}

TEST_CASE("clocks are per tenant") {
  TestServer server(manual_clock_config());
  TestClient a = server.client("a");
  TestClient b = server.client("b");
  set_clock(a, "2026-06-23T12:00:00+00:00");
  set_clock(b, "2026-01-01T00:00:00+00:00");
  advance(a, 60);
  CHECK(a.get("/__emulator/clock").json["now"] == "2026-06-23T12:01:00.000000+00:00");
  CHECK(b.get("/__emulator/clock").json["now"] == "2026-01-01T00:00:00.000000+00:00");
}

TEST_CASE("user/me: wallet in dollars (docs) or cents (live), concurrency") {
  Config config = manual_clock_config();
  config.wallet = 42.42;
  {
    TestServer server(config);
    TestClient c = server.client();
    Json me = c.get("/user/me").json;
    CHECK(me["wallet"] == 42.42);
    CHECK(me["name"] == "Emulator account");
    CHECK(me["email"].get<std::string>().find("@example.test") != std::string::npos);
    CHECK(me["id"].get<std::string>().size() == 36);
    CHECK(me["concurrency"] == Json{{"max", 10}, {"current", 0}});
    place_call(c, create_agent(c));
    CHECK(c.get("/user/me").json["concurrency"]["current"] == 1);
  }
  config.profile = Profile::kLive;
  {
    TestServer server(config);
    CHECK(server.client().get("/user/me").json["wallet"] == 4242.0);
  }
  Response anonymous = TestServer().client("").get("/user/me");
  CHECK(anonymous.status == 401);
}

TEST_CASE("wallet: debited by completed calls, balance-low when it cannot cover a minute") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Response put = c.send("PUT", "/__emulator/wallet", R"({"balance": 0.5})", "application/json");
  REQUIRE(put.status == 200);
  CHECK(put.json == Json{{"balance", 0.5}, {"balance_cents", 50.0}});
  std::string first = place_call(c, agent);
  run_until_idle(c);
  CHECK(get_execution(c, first)["status"] == "completed");
  CHECK(c.get("/__emulator/wallet").json["balance_cents"] == 27.01);
  std::string second = place_call(c, agent);
  Json e = get_execution(c, second);
  CHECK(e["status"] == "balance-low");
  CHECK(e["error_message"].is_string());
  CHECK(e["total_cost"] == 0.0);
  CHECK(c.send("PUT", "/__emulator/wallet", R"({"balance": -1})", "application/json").status == 400);
}

TEST_CASE("concurrency: extra calls wait in queued and dial as slots free") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Response put = c.send("PUT", "/__emulator/concurrency", R"({"max": 2})", "application/json");
  REQUIRE(put.status == 200);
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(place_call(c, agent, "+9198765432" + std::to_string(10 + i)));
  Json conc = c.get("/__emulator/concurrency").json;
  CHECK(conc == Json{{"max", 2}, {"current", 2}, {"queued", 2}});
  advance(c, 30);
  CHECK(get_execution(c, ids[0])["status"] == "in-progress");
  CHECK(get_execution(c, ids[2])["status"] == "queued");
  CHECK(c.get("/user/me").json["concurrency"]["current"] == 2);
  advance(c, 30);  // the first two disconnect at 51.6 s and the next two dial
  CHECK(get_execution(c, ids[0])["status"] == "call-disconnected");
  CHECK(get_execution(c, ids[2])["status"] != "queued");
  run_until_idle(c);
  for (const auto& id : ids) CHECK(get_execution(c, id)["status"] == "completed");
  CHECK(c.get("/user/me").json["concurrency"]["current"] == 0);
  CHECK(c.send("PUT", "/__emulator/concurrency", R"({"max": 0})", "application/json").status == 400);
}

TEST_CASE("reset wipes executions, wallet and clock of the tenant") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string id = place_call(c, create_agent(c));
  c.send("PUT", "/__emulator/wallet", R"({"balance": 1})", "application/json");
  CHECK(c.post("/__emulator/reset").status == 200);
  CHECK(c.get("/executions/" + id).status == 404);
  CHECK(c.get("/__emulator/wallet").json["balance"] == 100.0);
  CHECK(c.get("/__emulator/clock").json["pending"] == 0);
}

TEST_CASE("timeline: every status change of an execution with its virtual time") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, "2026-06-23T12:00:00+00:00");
  std::string id = place_call(c, create_agent(c), "+12025550110");
  run_until_idle(c);
  Response r = c.get("/__emulator/executions/" + id + "/timeline");
  REQUIRE(r.status == 200);
  CHECK(r.json["outcome"] == "busy");
  REQUIRE(r.json["timeline"].size() == 4);
  CHECK(r.json["timeline"][0] == Json{{"from", nullptr}, {"to", "queued"}, {"at", "2026-06-23T12:00:00.000000+00:00"}});
  CHECK(r.json["timeline"][3]["to"] == "busy");
  CHECK(c.get("/__emulator/executions/nope/timeline").status == 404);
}

TEST_CASE("realtime: a high speed factor reaches completed by itself") {
  Config config;
  config.clock = "realtime";
  config.clock_speed = 20000;  // the default outcome's 71.6 virtual seconds take ~4 ms
  TestServer server(config);
  TestClient c = server.client();
  std::string id = place_call(c, create_agent(c));
  // Bounded wait, reading the tenant's state directly (an API read would itself catch
  // the clock up): this proves the emulator's own timers move the call.
  auto tenant = server.app().services().tenants.find("test-key");
  REQUIRE(tenant);
  std::string status;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(tenant->mutex);
      status = tenant->executions.find(id)->status;
    }
    if (status == "completed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(status == "completed");
  CHECK(get_execution(c, id)["status"] == "completed");
  Json timeline = c.get("/__emulator/executions/" + id + "/timeline").json["timeline"];
  CHECK(timeline.size() == 6);
}

// Issue 16: with --clock-speed 60 the tenant clock stays on the client's wall clock; only
// the emulator's own delays are compressed (the default call completes in about a second).
TEST_CASE("realtime speed 60: stamps follow the client's clock; client times are honoured") {
  Config config;
  config.clock = "realtime";
  config.clock_speed = 60;
  TestServer server(config);
  TestClient c = server.client();
  std::string agent = create_agent(c);
  auto started = std::chrono::steady_clock::now();
  std::string id = place_call(c, agent);

  // The default outcome (71.6 s of script) takes about 1.2 s at speed 60: poll, bounded.
  std::string status;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    status = get_execution(c, id)["status"].get<std::string>();
    if (status == "completed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(status == "completed");

  // A client lists "the last 7 days" from its own clock and finds the call it placed.
  TimePoint now = wall_now();
  std::string from = format_iso_utc(now - std::chrono::hours(24 * 7));
  std::string to = format_iso_utc(now + std::chrono::seconds(1));
  auto query = [](std::string v) {  // "+00:00" must not read as a space
    for (size_t i = v.find('+'); i != std::string::npos; i = v.find('+', i)) v.replace(i, 1, "%2B");
    return v;
  };
  Response listed =
      c.get("/v2/agent/" + agent + "/executions?from=" + query(from) + "&to=" + query(to));
  REQUIRE(listed.status == 200);
  bool found = false;
  for (const auto& e : listed.json["data"]) found = found || e["id"] == id;
  CHECK(found);
  // Its stamps are not ahead of the client's clock (the old behaviour ran 60x ahead).
  TimePoint created = parse_iso8601(get_execution(c, id)["created_at"].get<std::string>())->utc;
  CHECK(created <= wall_now());

  // After several seconds of uptime, "now + 3 minutes" on the client's clock is still
  // more than 2 minutes ahead on the tenant's.
  std::this_thread::sleep_until(started + std::chrono::seconds(3));
  std::string at = format_iso_utc(wall_now() + std::chrono::minutes(3));
  Response scheduled = c.post("/call", Json{{"agent_id", agent},
                                            {"recipient_phone_number", "+919876543210"},
                                            {"scheduled_at", at}});
  CHECK(scheduled.status == 200);
}
