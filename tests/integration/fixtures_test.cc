// Drop-in for an existing application (issue #15) over HTTP: a fixtures file (--fixtures)
// gives tenants agents with the ids the app uses, the numbers it owns, wallet,
// concurrency, scenario and webhook headers; --phone-numbers adds numbers to every
// tenant; reset restores the fixture; GET /__emulator/fixtures exports it (round trip);
// magic keys (invalid-, readonly-) in both profiles; batches show the numbers they use;
// bad files and numbers stop the server (in-process and the real binary), nothing
// applied. Never sleeps: every tenant runs on the manual clock.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "catalogue/phone_number.h"
#include "common/field_checks.h"
#include "fixtures/fixture_loader.h"
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

const std::string kSourceDir = BOLNA_SOURCE_DIR;
const std::string kAgentId = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
const std::string kInboundId = "7f2c1a9e-4b7d-4c1e-9a51-3d1f0e2b6c88";

// A temporary file, removed at the end of the test.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name)
      : path((std::filesystem::temp_directory_path() /
              ("bolna-fixtures-" + std::to_string(::getpid()) + "-" + name))
                 .string()) {}
  ~TempFile() { std::filesystem::remove(path); }
  const TempFile& write(const std::string& text) const {
    std::ofstream(path, std::ios::trunc) << text;
    return *this;
  }
  std::string read() const {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
};

// The app's account: two agents with the dashboard's ids, the two caller numbers the app
// owns (one answered by the inbound agent), wallet, concurrency, webhook headers.
Json app_fixture() {
  Json agent = agent_body("Payment reminder");
  agent["id"] = kAgentId;
  agent["webhook_headers"] = {{"X-Webhook-Secret", "dev-secret"}};
  Json inbound = agent_body("Inbound support");
  inbound["id"] = kInboundId;
  return Json{
      {"tenants",
       {{"*",
         {{"agents", Json::array({agent, inbound})},
          {"phone_numbers", Json::array({"+919876543210", Json{{"phone_number", "+919876543211"},
                                                               {"provider", "exotel"},
                                                               {"agent_id", kInboundId}}})},
          {"wallet", 42.5},
          {"concurrency", 3}}},
        {"bn-low-balance", {{"wallet", 0.1}}},
        {"bn-outage",
         {{"phone_numbers", Json::array({"+919876543299"})}, {"scenario", "carrier-outage"}}}}}};
}

Config fixture_config(const TempFile& file) {
  Config config = manual_clock_config();
  config.log_level = "off";
  config.scenarios_dir = kSourceDir + "/scenarios";
  config.fixtures_file = file.path;
  return config;
}

Response upload(TestClient& c, const std::string& agent_id, const std::string& csv,
                httplib::MultipartFormDataItems extra = {}) {
  httplib::MultipartFormDataItems items = {{"agent_id", agent_id, "", ""},
                                           {"file", csv, "contacts.csv", "text/csv"}};
  for (auto& item : extra) items.push_back(item);
  return c.post_multipart("/batches", items);
}

std::vector<std::string> agent_ids(TestClient c) {
  std::vector<std::string> ids;
  for (const auto& a : c.get("/v2/agent/all").json) ids.push_back(a["id"].get<std::string>());
  return ids;
}

std::vector<std::string> numbers(TestClient c) {
  std::vector<std::string> out;
  for (const auto& n : c.get("/phone-numbers/all").json)
    out.push_back(n["phone_number"].get<std::string>());
  return out;
}

// Runs the binary with `args` (and `env`, "NAME=value ..."), stdout and stderr together.
// Returns {exit status, output}; bounded by timeout(1).
std::pair<int, std::string> run_binary(const std::string& args, const std::string& env = "") {
  TempFile out("binary.out");
  std::string command = env + " timeout 20 " + BOLNA_EMULATOR_BINARY + " " + args + " > " +
                        out.path + " 2>&1 < /dev/null";
  int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out.read()};
}

const std::string kCsv =
    "contact_number,name\n+14155550100,Ana\n+14155550101,Bo\n+14155550102,Cy\n";

}  // namespace

TEST_CASE("fixtures: the app's agent ids and numbers work with POST /call and batches") {
  TempFile file("app.json");
  file.write(app_fixture().dump(2));
  TestServer server(fixture_config(file));
  TestClient c = server.client("bn-app");

  Response agent = c.get("/v2/agent/" + kAgentId);
  REQUIRE(agent.status == 200);
  CHECK(agent.json["agent_name"] == "Payment reminder");
  CHECK(agent.json["agent_prompts"]["task_1"]["system_prompt"] == "You are a helpful agent.");
  CHECK(agent_ids(c) == std::vector<std::string>{kAgentId, kInboundId});

  // The numbers: the default one, then the fixture's, with their providers and links.
  Response list = c.get("/phone-numbers/all");
  REQUIRE(list.json.size() == 3);
  CHECK(list.json[0]["phone_number"] == kDefaultPhoneNumber);
  CHECK(list.json[1]["phone_number"] == "+919876543210");
  CHECK(list.json[1]["telephony_provider"] == "plivo");
  CHECK(list.json[1]["agent_id"].is_null());
  CHECK(list.json[1]["price"] == "$4.0");
  CHECK(list.json[1]["id"] == compact_id(declared_number_id("+919876543210")));
  CHECK(list.json[2]["telephony_provider"] == "exotel");
  CHECK(list.json[2]["agent_id"] == kInboundId);

  CHECK(c.get("/__emulator/wallet").json["balance"] == 42.5);
  CHECK(c.get("/__emulator/concurrency").json["max"] == 3);
  CHECK(c.get("/user/me").json["concurrency"]["max"] == 3);
  CHECK(c.get("/__emulator/agents/" + kAgentId + "/webhook-headers").json["headers"] ==
        Json{{"X-Webhook-Secret", "dev-secret"}});

  // POST /call with the configured agent id, from one of the app's numbers.
  std::string id =
      place_call(c, kAgentId, "+14155550100", Json{{"from_phone_number", "+919876543211"}});
  run_until_idle(c);
  Json e = get_execution(c, id);
  CHECK(e["status"] == "completed");
  CHECK(e["agent_id"] == kAgentId);
  CHECK(e["agent_number"] == "+919876543211");

  // POST /batches with the app's own numbers (-F from_phone_numbers=... twice).
  Response b = upload(c, kAgentId, kCsv,
                      {{"from_phone_numbers", "+919876543210", "", ""},
                       {"from_phone_numbers", "+919876543211", "", ""}});
  REQUIRE(b.status == 201);
  std::string batch = b.json["batch_id"];
  Json got = c.get("/batches/" + batch).json;
  CHECK(got["from_phone_numbers"] == Json::array({"+919876543210", "+919876543211"}));
  Json rows = c.get("/batches/" + batch + "/executions").json;
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["agent_number"] == "+919876543210");
  CHECK(rows[1]["agent_number"] == "+919876543211");
  CHECK(rows[2]["agent_number"] == "+919876543210");

  // The linked number answers inbound calls with the fixture's inbound agent.
  Response in = c.post("/__emulator/inbound", Json{{"to_phone_number", "+919876543211"},
                                                   {"from_phone_number", "+14155550142"}});
  REQUIRE(in.status == 201);
  CHECK(in.json["agent_id"] == kInboundId);

  // A number the account does not own is still refused.
  Response foreign = upload(c, kAgentId, kCsv, {{"from_phone_numbers", "+919876543299", "", ""}});
  CHECK(foreign.status == 400);
}

TEST_CASE("fixtures: a key's entry replaces the fields of \"*\" it sets, others come from \"*\"") {
  TempFile file("merge.json");
  file.write(app_fixture().dump());
  TestServer server(fixture_config(file));
  TestClient low = server.client("bn-low-balance");
  CHECK(low.get("/__emulator/wallet").json["balance"] == 0.1);
  CHECK(agent_ids(low) == std::vector<std::string>{kAgentId, kInboundId});
  CHECK(low.get("/__emulator/concurrency").json["max"] == 3);
  // Too poor for a minute of call: balance-low, never dialled.
  std::string id = place_call(low, kAgentId, "+14155550100");
  run_until_idle(low);
  CHECK(get_execution(low, id)["status"] == "balance-low");

  TestClient outage = server.client("bn-outage");
  CHECK(agent_ids(outage) == std::vector<std::string>{kAgentId, kInboundId});  // from "*"
  CHECK(numbers(outage) == std::vector<std::string>{kDefaultPhoneNumber, "+919876543299"});
  Json scenario = outage.get("/__emulator/scenario").json;
  CHECK(scenario["name"] == "carrier-outage");
  CHECK(scenario["scope"] == "startup");
  // DELETE goes back to the fixture's scenario: it is this tenant's startup scenario.
  REQUIRE(outage.put("/__emulator/scenario", Json{{"file", "voicemail-heavy"}}).status == 200);
  CHECK(outage.del("/__emulator/scenario").json["name"] == "carrier-outage");

  // Tenants of other keys get "*", and every tenant stays separate.
  TestClient other = server.client("bn-someone-else");
  REQUIRE(other.del("/v2/agent/" + kAgentId).status == 200);
  CHECK(low.get("/v2/agent/" + kAgentId).status == 200);
  CHECK(other.get("/__emulator/scenario").json["name"] == "default");
}

TEST_CASE("fixtures: with --keys, only declared keys are accepted; the fixture applies to them") {
  TempFile file("keys-fixture.json");
  file.write(app_fixture().dump());
  TempFile keys("keys.txt");
  keys.write("bn-ci\nbn-dashboard read-only\n");
  Config config = fixture_config(file);
  config.keys_file = keys.path;
  TestServer server(config);
  CHECK(server.client("bn-low-balance").get("/v2/agent/all").status ==
        401);  // listed, not declared
  CHECK(agent_ids(server.client("bn-ci")) == std::vector<std::string>{kAgentId, kInboundId});
  TestClient dashboard = server.client("bn-dashboard");
  CHECK(dashboard.get("/v2/agent/" + kAgentId).status == 200);
  CHECK(dashboard
            .post("/call", Json{{"agent_id", kAgentId}, {"recipient_phone_number", "+14155550100"}})
            .status == 403);
}

TEST_CASE("fixtures: reset restores the fixture (own tenant, and every tenant)") {
  TempFile file("reset.json");
  file.write(app_fixture().dump());
  Config config = fixture_config(file);
  config.admin_token = "s3cret";
  TestServer server(config);
  TestClient c = server.client("bn-app");
  TestClient other = server.client("bn-other");

  auto spoil = [](TestClient& t) {
    REQUIRE(t.del("/v2/agent/" + kAgentId).status == 200);
    create_agent(t, "Extra");
    REQUIRE(t.post("/phone-numbers/buy", Json{{"country", "US"}, {"phone_number", "+14155550117"}})
                .status == 200);
    REQUIRE(t.del("/phone-numbers/" + declared_number_id("+919876543210")).status == 200);
    REQUIRE(
        t.post("/inbound/unlink", Json{{"phone_number_id", declared_number_id("+919876543211")}})
            .status == 200);
    REQUIRE(t.put("/__emulator/wallet", Json{{"balance", 1}}).status == 200);
    REQUIRE(t.put("/__emulator/concurrency", Json{{"max", 9}}).status == 200);
    REQUIRE(
        t.put("/__emulator/agents/" + kInboundId + "/webhook-headers", Json{{"X-A", "b"}}).status ==
        200);
    REQUIRE(t.put("/__emulator/scenario", Json{{"file", "voicemail-heavy"}}).status == 200);
  };
  auto check_restored = [](TestClient& t) {
    CHECK(agent_ids(t) == std::vector<std::string>{kAgentId, kInboundId});
    Json list = t.get("/phone-numbers/all").json;
    REQUIRE(list.size() == 3);
    CHECK(list[1]["phone_number"] == "+919876543210");
    CHECK(list[2]["phone_number"] == "+919876543211");
    CHECK(list[2]["agent_id"] == kInboundId);
    CHECK(t.get("/__emulator/wallet").json["balance"] == 42.5);
    CHECK(t.get("/__emulator/concurrency").json["max"] == 3);
    CHECK(t.get("/__emulator/agents/" + kAgentId + "/webhook-headers").json["headers"] ==
          Json{{"X-Webhook-Secret", "dev-secret"}});
    CHECK(t.get("/__emulator/agents/" + kInboundId + "/webhook-headers").json["headers"] ==
          Json::object());
    CHECK(t.get("/__emulator/scenario").json["name"] == "default");
  };

  spoil(c);
  REQUIRE(c.post("/__emulator/reset").status == 200);
  check_restored(c);
  // The fixture agent works again right away.
  std::string id =
      place_call(c, kAgentId, "+14155550100", Json{{"from_phone_number", "+919876543210"}});
  run_until_idle(c);
  CHECK(get_execution(c, id)["status"] == "completed");

  spoil(c);
  spoil(other);
  Response all = c.send("POST", "/__emulator/reset", R"({"all": true})", "application/json",
                        {{"X-Emulator-Admin-Token", "s3cret"}});
  REQUIRE(all.status == 200);
  check_restored(c);
  check_restored(other);
}

TEST_CASE("fixtures: GET /__emulator/fixtures round trip (export, restart with it, export again)") {
  TempFile first("round-1.json");
  first.write(app_fixture().dump());
  Json exported;
  Json exported_any;
  {
    TestServer server(fixture_config(first));
    TestClient c = server.client("bn-app");
    // Change the state the way an app and its tests would.
    std::string extra = create_agent(c, "Created at run time");
    REQUIRE(
        c.put("/__emulator/agents/" + extra + "/webhook-headers", Json{{"X-Run", "1"}}).status ==
        200);
    REQUIRE(c.post("/phone-numbers/buy", Json{{"country", "US"}, {"phone_number", "+14155550117"}})
                .status == 200);
    Response buy =
        c.post("/phone-numbers/buy",
               Json{{"country", "IN"}, {"phone_number", "+918005550110"}, {"provider", "vobiz"}});
    REQUIRE(buy.status == 200);
    REQUIRE(c.post("/inbound/setup",
                   Json{{"agent_id", extra}, {"phone_number_id", kDefaultPhoneNumberId}})
                .status == 200);
    REQUIRE(c.put("/__emulator/wallet", Json{{"balance_cents", 1234.5}}).status == 200);
    REQUIRE(c.put("/__emulator/scenario",
                  Json{{"name", "vip"},
                       {"rules",
                        Json::array({Json{{"match", {{"prefix", "+91"}}}, {"outcome", "busy"}}})}})
                .status == 200);

    Response r = c.get("/__emulator/fixtures");
    REQUIRE(r.status == 200);
    exported = r.json;
    Json entry = exported["tenants"]["bn-app"];
    REQUIRE(entry["agents"].size() == 3);
    CHECK(entry["agents"][0]["id"] == kAgentId);
    CHECK(entry["agents"][0]["agent_config"]["agent_name"] == "Payment reminder");
    CHECK(entry["agents"][0]["webhook_headers"] == Json{{"X-Webhook-Secret", "dev-secret"}});
    CHECK(entry["agents"][2]["id"] == extra);
    CHECK(entry["agents"][2]["webhook_headers"] == Json{{"X-Run", "1"}});
    // The default number shows because it is now linked; bought numbers keep their ids.
    REQUIRE(entry["phone_numbers"].size() == 5);
    CHECK(entry["phone_numbers"][0] == Json{{"phone_number", kDefaultPhoneNumber},
                                            {"provider", "twilio"},
                                            {"agent_id", extra},
                                            {"id", kDefaultPhoneNumberId}});
    CHECK(entry["phone_numbers"][4]["id"] == buy.json["id"]);
    CHECK(entry["phone_numbers"][4]["provider"] == "vobiz");
    CHECK(entry["wallet"] == 12.345);
    CHECK(entry["concurrency"] == 3);
    CHECK(entry["scenario"]["name"] == "vip");

    exported_any = c.get("/__emulator/fixtures?as=*").json;
    CHECK(exported_any["tenants"]["*"] == entry);
    CHECK(c.get("/__emulator/fixtures?as=").status == 400);
    // Another key's tenant exports what "*" gave it.
    Json fresh = server.client("bn-fresh").get("/__emulator/fixtures").json;
    CHECK(fresh["tenants"]["bn-fresh"]["agents"].size() == 2);
    CHECK(fresh["tenants"]["bn-fresh"]["wallet"] == 42.5);
  }
  TempFile second("round-2.json");
  second.write(exported.dump(2));
  {
    TestServer server(fixture_config(second));
    TestClient c = server.client("bn-app");
    CHECK(c.get("/__emulator/fixtures").json == exported);
    // The state is really there, not just echoed: the run-time agent answers calls.
    std::string extra = exported["tenants"]["bn-app"]["agents"][2]["id"];
    std::string id = place_call(c, extra, "+14155550110");
    run_until_idle(c);
    CHECK(get_execution(c, id)["status"] == "busy");
  }
  TempFile third("round-3.json");
  third.write(exported_any.dump());
  {
    TestServer server(fixture_config(third));
    CHECK(server.client("bn-any-key").get("/__emulator/fixtures?as=*").json == exported_any);
  }
}

TEST_CASE("fixtures: an account without a fixture exports and round-trips as well") {
  Config config = manual_clock_config();
  Json exported;
  {
    TestServer server(config);
    TestClient c = server.client("bn-plain");
    Json doc = c.get("/__emulator/fixtures").json;
    CHECK(doc == Json{{"tenants",
                       {{"bn-plain",
                         {{"agents", Json::array()},
                          {"phone_numbers", Json::array()},
                          {"wallet", 100.0},
                          {"concurrency", 10}}}}}});
    create_agent(c);
    exported = c.get("/__emulator/fixtures").json;
  }
  TempFile file("plain.json");
  file.write(exported.dump());
  config.fixtures_file = file.path;
  TestServer server(config);
  CHECK(server.client("bn-plain").get("/__emulator/fixtures").json == exported);
}

TEST_CASE("fixtures: a named scenario exports as its name") {
  TempFile file("named.json");
  file.write(app_fixture().dump());
  TestServer server(fixture_config(file));
  Json doc = server.client("bn-outage").get("/__emulator/fixtures").json;
  CHECK(doc["tenants"]["bn-outage"]["scenario"] == "carrier-outage");
  TestClient c = server.client("bn-app");
  REQUIRE(c.put("/__emulator/scenario", Json{{"file", "voicemail-heavy"}}).status == 200);
  CHECK(c.get("/__emulator/fixtures").json["tenants"]["bn-app"]["scenario"] == "voicemail-heavy");
}

TEST_CASE("--phone-numbers: every tenant owns them, as from_phone_number and in batches") {
  Config config = manual_clock_config();
  config.phone_numbers = "+919876543210, +919876543211";
  TestServer server(config);
  TestClient c = server.client("bn-app");
  CHECK(numbers(c) ==
        std::vector<std::string>{kDefaultPhoneNumber, "+919876543210", "+919876543211"});
  std::string agent = create_agent(c);
  std::string id =
      place_call(c, agent, "+14155550100", Json{{"from_phone_number", "+919876543211"}});
  CHECK(get_execution(c, id)["agent_number"] == "+919876543211");
  Response b = upload(c, agent, kCsv,
                      {{"from_phone_numbers", "+919876543210", "", ""},
                       {"from_phone_numbers", "+919876543211", "", ""}});
  REQUIRE(b.status == 201);
  CHECK(c.get("/batches/" + b.json["batch_id"].get<std::string>()).json["from_phone_numbers"] ==
        Json::array({"+919876543210", "+919876543211"}));
  Response other = c.post("/call", Json{{"agent_id", agent},
                                        {"recipient_phone_number", "+14155550100"},
                                        {"from_phone_number", "+919876543212"}});
  CHECK(other.status == 400);
  CHECK(other.json["message"] ==
        "from_phone_number +919876543212 is not a phone number of your account (see GET "
        "/phone-numbers/all)");
  // Another tenant owns them too, and a reset keeps them.
  TestClient second = server.client("bn-second");
  CHECK(numbers(second).size() == 3);
  REQUIRE(second.del("/phone-numbers/" + declared_number_id("+919876543210")).status == 200);
  REQUIRE(second.post("/__emulator/reset").status == 200);
  CHECK(numbers(second) ==
        std::vector<std::string>{kDefaultPhoneNumber, "+919876543210", "+919876543211"});
}

TEST_CASE("--phone-numbers: with fixtures, a fixture may link one of them to an agent") {
  Json doc = app_fixture();
  doc["tenants"]["*"]["phone_numbers"] =
      Json::array({Json{{"phone_number", "+14155550190"}, {"agent_id", kAgentId}}});
  TempFile file("with-flag.json");
  file.write(doc.dump());
  Config config = fixture_config(file);
  config.phone_numbers = "+14155550190";
  TestServer server(config);
  Json list = server.client("bn-app").get("/phone-numbers/all").json;
  REQUIRE(list.size() == 2);
  CHECK(list[1]["phone_number"] == "+14155550190");
  CHECK(list[1]["agent_id"] == kAgentId);
}

TEST_CASE("--phone-numbers: a bad number stops the server with a clear message") {
  Config config;
  config.phone_numbers = "+919876543210,98765";
  try {
    App app(config);
    FAIL("the App accepted a bad --phone-numbers");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) ==
          "--phone-numbers: '98765' is not an E.164 number (+ then 7 to 15 digits, e.g. "
          "+919876543210); give a comma-separated list");
  }
  auto [status, output] =
      run_binary("--port 0 --log-level off", "BOLNA_EMULATOR_PHONE_NUMBERS=+1415555019x");
  CHECK(status == 1);
  CHECK(output ==
        "bolna-emulator: --phone-numbers: '+1415555019x' is not an E.164 number (+ then 7 to 15 "
        "digits, e.g. +919876543210); give a comma-separated list\n");
}

TEST_CASE("fixtures: a bad file stops the server with its JSON path and problem") {
  // Each case: the file's text and the message after "<file>: ".
  Json agent = agent_body();
  agent["id"] = kAgentId;
  Json no_tasks = agent_body();
  no_tasks["id"] = "a2";
  no_tasks["agent_config"].erase("tasks");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"tenants\": ", "$: invalid JSON: parse error at line 1, column 13: ..."},
      {R"({"tenants": {"bn-ci": {"wallet": -5}}})",
       "tenants[\"bn-ci\"].wallet: must be a number of dollars, 0 or more"},
      {Json{{"tenants", {{"bn-ci", {{"agents", Json::array({agent, no_tasks})}}}}}}.dump(),
       "tenants[\"bn-ci\"].agents[1].agent_config.tasks: required"},
      {Json{{"tenants", {{"*", {{"agents", Json::array({agent, agent})}}}}}}.dump(),
       "tenants[\"*\"].agents[1].id: duplicate agent id \"" + kAgentId +
           "\" (also tenants[\"*\"].agents[0])"},
      {R"({"tenants": {"*": {"phone_numbers": ["+91 98765 43210"]}}})",
       "tenants[\"*\"].phone_numbers[0]: '+91 98765 43210' is not an E.164 number (+ then 7 to "
       "15 digits, e.g. +919876543210)"},
      {R"({"tenants": {"*": {"phone_numbers": [{"phone_number": "+919876543210", "agent_id": "x"}]}}})",
       "tenants[\"*\"].phone_numbers[0].agent_id: no agent \"x\" in tenants[\"*\"].agents"},
      {R"({"tenants": {"*": {"scenario": "no-such-scenario"}}})",
       "tenants[\"*\"].scenario: no scenario file 'no-such-scenario' (looked for " + kSourceDir +
           "/scenarios/no-such-scenario.json; a name is looked up in --scenarios-dir)"},
      {R"({"tenants": {"*": {"scenario": {"default": "nope"}}}})",
       "tenants[\"*\"].scenario.default: unknown outcome 'nope'"},
      {R"({"tenants": {"*": {"concurrency": 0}}})",
       "tenants[\"*\"].concurrency: must be an integer from 1 to 100000"},
      {R"({"tenants": {"*": {"agents": [{"id": "a", "webhook_headers": {"Host": "x"}}]}}})",
       "tenants[\"*\"].agents[0].agent_config: required"},
      {R"({"tenants": {"*": {"wallets": 5}}})",
       "tenants[\"*\"].wallets: unknown field; a tenant fixture has description, agents, "
       "phone_numbers, wallet, concurrency, scenario"},
  };
  for (const auto& [text, expected] : cases) {
    CAPTURE(text);
    TempFile file("bad.json");
    file.write(text);
    try {
      App app(fixture_config(file));
      FAIL("the App accepted a bad fixtures file");
    } catch (const FixtureError& e) {
      std::string want = file.path + ": " + expected;
      if (want.size() > 3 && want.compare(want.size() - 3, 3, "...") == 0)
        CHECK(std::string(e.what()).rfind(want.substr(0, want.size() - 3), 0) == 0);
      else
        CHECK(std::string(e.what()) == want);
    }
  }

  // The binary: exit 1, the message on stderr, never listening.
  TempFile file("bad-binary.json");
  file.write(Json{{"tenants", {{"bn-ci", {{"agents", Json::array({agent, no_tasks})}}}}}}.dump());
  auto [status, output] = run_binary("--port 0 --log-level off --fixtures " + file.path);
  CHECK(status == 1);
  CHECK(output == "bolna-emulator: " + file.path +
                      ": tenants[\"bn-ci\"].agents[1].agent_config.tasks: required\n");
  // Through the environment twin as well.
  auto [env_status, env_output] =
      run_binary("--port 0 --log-level off", "BOLNA_EMULATOR_FIXTURES=" + file.path);
  CHECK(env_status == 1);
  CHECK(env_output == output);
  // A missing file is refused by the option itself.
  auto [missing_status, missing_output] =
      run_binary("--port 0 --fixtures " + file.path + ".missing");
  CHECK(missing_status != 0);
  CHECK(missing_output.find("--fixtures") != std::string::npos);
  CHECK(missing_output.find("listening") == std::string::npos);
}

TEST_CASE("magic keys: invalid- is refused and readonly- is read-only, in both profiles") {
  for (Profile profile : {Profile::kDocs, Profile::kLive}) {
    CAPTURE(static_cast<int>(profile));
    Config config;
    config.profile = profile;
    TestServer server(config);
    Response refused = server.client("invalid-key-123").get("/v2/agent/all");
    if (profile == Profile::kDocs) {
      CHECK(refused.status == 401);
      CHECK(refused.json == Json{{"error", 401}, {"message", "Access denied"}});
    } else {
      CHECK(refused.status == 403);
      CHECK(refused.json == Json{{"detail", "Unrecognized access token"}});
    }
    CHECK(server.client("invalid-").get("/__emulator/clock").status == refused.status);
    TestClient ro = server.client("readonly-dashboard");
    CHECK(ro.get("/v2/agent/all").status == 200);
    Response write = ro.post("/v2/agent", agent_body());
    CHECK(write.status == 403);
    CHECK(write.json ==
          Json{{"error", 403},
               {"message", "This API key is read-only: POST /v2/agent is not allowed"}});
    CHECK(ro.get("/__emulator/clock").status == 200);  // the control API is not read-only
    // Other keys, and keys merely containing the prefixes, are ordinary.
    CHECK(server.client("bn-invalid-readonly-").post("/v2/agent", agent_body()).status == 201);
  }
}

TEST_CASE("magic keys: with --keys only the keys file decides") {
  TempFile keys("magic-keys.txt");
  keys.write("invalid-but-declared\nreadonly-but-writer\n");
  Config config;
  config.keys_file = keys.path;
  TestServer server(config);
  CHECK(server.client("invalid-but-declared").get("/v2/agent/all").status == 200);
  CHECK(server.client("readonly-but-writer").post("/v2/agent", agent_body()).status == 201);
  CHECK(server.client("readonly-other").get("/v2/agent/all").status == 401);
}

TEST_CASE("magic keys: a fixture applies to a readonly- key, which still cannot write") {
  TempFile file("readonly.json");
  file.write(app_fixture().dump());
  TestServer server(fixture_config(file));
  TestClient ro = server.client("readonly-ci");
  CHECK(ro.get("/v2/agent/" + kAgentId).status == 200);
  CHECK(ro.del("/v2/agent/" + kAgentId).status == 403);
}

TEST_CASE("batches: a batch without from_phone_numbers shows the default number it dials from") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Response r = upload(c, agent, kCsv);
  REQUIRE(r.status == 201);
  Json b = c.get("/batches/" + r.json["batch_id"].get<std::string>()).json;
  CHECK(b["from_phone_number"] == kDefaultPhoneNumber);
  CHECK(b["from_phone_numbers"] == Json::array({kDefaultPhoneNumber}));
  Json rows = c.get("/batches/" + r.json["batch_id"].get<std::string>() + "/executions").json;
  CHECK(rows[0]["agent_number"] == kDefaultPhoneNumber);
  // The legacy single field shows the same way.
  REQUIRE(c.post("/phone-numbers/buy", Json{{"country", "US"}, {"phone_number", "+14155550117"}})
              .status == 200);
  Response legacy = upload(c, agent, kCsv, {{"from_phone_number", "+14155550117", "", ""}});
  REQUIRE(legacy.status == 201);
  Json lb = c.get("/batches/" + legacy.json["batch_id"].get<std::string>()).json;
  CHECK(lb["from_phone_number"] == "+14155550117");
  CHECK(lb["from_phone_numbers"] == Json::array({"+14155550117"}));
}

TEST_CASE("fixtures: every shipped file under fixtures/ and the README example load") {
  FixtureLoadOptions options;
  options.scenarios_dir = kSourceDir + "/scenarios";
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSourceDir + "/fixtures")) {
    if (entry.path().extension() != ".json") continue;
    CAPTURE(entry.path().string());
    CHECK_NOTHROW(load_fixtures_file(entry.path().string(), options));
    ++files;
  }
  CHECK(files >= 2);

  // The README's complete example (the first ```json block after "### Fixtures file").
  std::ifstream in(kSourceDir + "/README.md");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t section = text.find("### Fixtures file");
  REQUIRE(section != std::string::npos);
  size_t start = text.find("```json\n", section);
  REQUIRE(start != std::string::npos);
  start += 8;
  size_t end = text.find("```", start);
  REQUIRE(end != std::string::npos);
  auto fixtures =
      parse_fixtures(Json::parse(text.substr(start, end - start)), options, "README.md");
  CHECK(fixtures->any);
  CHECK(fixtures->tenants.size() >= 2);
  // The README example is the shipped fixtures/example.json.
  std::ifstream example(kSourceDir + "/fixtures/example.json");
  CHECK(Json::parse(example) == Json::parse(text.substr(start, end - start)));
}

TEST_CASE("binary: --help lists --fixtures and --phone-numbers with their environment twins") {
  auto [status, output] = run_binary("--help");
  CHECK(status == 0);
  for (const char* word : {"--fixtures", "--phone-numbers", "BOLNA_EMULATOR_FIXTURES",
                           "BOLNA_EMULATOR_PHONE_NUMBERS"}) {
    CAPTURE(word);
    CHECK(output.find(word) != std::string::npos);
  }
}
