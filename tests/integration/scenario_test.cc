// Scenarios through the control API and the server's options: GET/PUT/DELETE
// /__emulator/scenario, loading by file name, the admin-wide PUT, rules applied to real
// calls, the startup scenario (--scenario), --watch reloads, --seed determinism, and
// every shipped file under scenarios/.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "scenarios/scenario_loader.h"
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

const std::string kScenariosDir = std::string(BOLNA_SOURCE_DIR) + "/scenarios";

Config manual_config() {
  Config c;
  c.clock = "manual";
  c.log_level = "off";
  c.scenarios_dir = kScenariosDir;
  return c;
}

// Places a call and returns its execution id.
std::string call(TestClient& c, const std::string& agent, const std::string& to,
                 const Json& user_data = Json(), httplib::Headers headers = {}) {
  Json body = {{"agent_id", agent}, {"recipient_phone_number", to}};
  if (!user_data.is_null()) body["user_data"] = user_data;
  Response r = c.send("POST", "/call", body.dump(), "application/json", headers);
  REQUIRE(r.status == 200);
  return r.json["execution_id"].get<std::string>();
}

// The outcome script picked for an execution.
std::string outcome_of(TestClient& c, const std::string& execution_id) {
  Response r = c.get("/__emulator/executions/" + execution_id + "/timeline");
  REQUIRE(r.status == 200);
  return r.json["outcome"].get<std::string>();
}

std::string outcome(TestClient& c, const std::string& agent, const std::string& to,
                    const Json& user_data = Json()) {
  return outcome_of(c, call(c, agent, to, user_data));
}

// A temporary file, removed at the end of the test.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name)
      : path((std::filesystem::temp_directory_path() /
              ("bolna-scenario-" + std::to_string(::getpid()) + "-" + name))
                 .string()) {}
  ~TempFile() { std::filesystem::remove(path); }
  void write(const std::string& text) const {
    // Write then rename, so a watcher never reads half a file.
    std::string tmp = path + ".tmp";
    std::ofstream(tmp, std::ios::trunc) << text;
    std::filesystem::rename(tmp, path);
  }
};

// Polls GET /__emulator/scenario until its name is `name` or 10 s pass.
bool wait_for_scenario(TestClient& c, const std::string& name) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (c.get("/__emulator/scenario").json.value("name", "") == name) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

TEST_CASE("scenario API: GET answers the startup scenario with the built-in outcomes") {
  TestServer server(manual_config());
  TestClient c = server.client();
  Response r = c.get("/__emulator/scenario");
  REQUIRE(r.status == 200);
  CHECK(r.json["name"] == "default");
  CHECK(r.json["scope"] == "startup");
  CHECK(r.json["magic_numbers"] == true);
  CHECK(r.json["default"] == "completed");
  CHECK(r.json["rules"] == Json::array());
  CHECK(r.json["builtin_outcomes"].size() == builtin_outcomes().size());
  CHECK(server.client("").get("/__emulator/scenario").status == 401);
}

TEST_CASE("scenario API: PUT a body, its rules pick real calls' outcomes, DELETE goes back") {
  TestServer server(manual_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Json body = Json::parse(R"({"name": "mine", "rules": [
      {"match": {"recipient": "+14155550142"}, "outcome": "busy"},
      {"match": {"prefix": "+91"}, "outcome": "failed"},
      {"match": {"pattern": "77$"}, "outcome": "no-answer"},
      {"match": {"agent_id": "AGENT"}, "outcome": "hangup-early"},
      {"match": {"column": "outcome"}, "from_column": "outcome"}],
    "default": "voicemail"})");
  body["rules"][3]["match"]["agent_id"] = "not-" + agent;
  Response r = c.put("/__emulator/scenario", body);
  REQUIRE(r.status == 200);
  CHECK(r.json["name"] == "mine");
  CHECK(r.json["scope"] == "tenant");
  CHECK(r.json["source"] == "request body");
  CHECK(c.get("/__emulator/scenario").json == r.json);

  CHECK(outcome(c, agent, "+14155550142") == "busy");
  CHECK(outcome(c, agent, "+919876543210") == "failed");
  CHECK(outcome(c, agent, "+14155550177") == "no-answer");
  CHECK(outcome(c, agent, "+14155551234", Json{{"outcome", "long-call"}}) == "long-call");
  CHECK(outcome(c, agent, "+14155551234") == "voicemail");
  CHECK(outcome(c, agent, "+12025550110") == "busy");  // no rule: magic number
  // The header beats every rule.
  std::string forced = call(c, agent, "+14155550142", Json(), {{"X-Emulator-Outcome", "error"}});
  CHECK(outcome_of(c, forced) == "error");

  Response back = c.del("/__emulator/scenario");
  REQUIRE(back.status == 200);
  CHECK(back.json["name"] == "default");
  CHECK(back.json["scope"] == "startup");
  CHECK(outcome(c, agent, "+14155550142") == "completed");
}

TEST_CASE("scenario API: a scenario's own outcome runs and the header accepts its name") {
  TestServer server(manual_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  REQUIRE(c.put("/__emulator/scenario", Json::parse(R"({"outcomes": {"quick-fail": {
      "steps": [{"status": "initiated", "after": 1}, {"status": "failed", "after": 1}],
      "error_message": "scripted"}}})"))
              .status == 200);
  std::string id = call(c, agent, "+14155551234", Json(), {{"X-Emulator-Outcome", "quick-fail"}});
  REQUIRE(c.post("/__emulator/clock/run-until-idle").status == 200);
  Response e = c.get("/executions/" + id);
  CHECK(e.json["status"] == "failed");
}

TEST_CASE("scenario API: an invalid body is refused with its path and problem") {
  TestServer server(manual_config());
  TestClient c = server.client();
  Response r = c.put("/__emulator/scenario", Json::parse(R"({"rules": [{"outcome": "busy"},
      {"mix": [{"outcome": "busy", "weight": 1}, {"outcome": "completed", "weight": -2}]}]})"));
  CHECK(r.status == 400);
  CHECK(r.json["error"] == 400);
  CHECK(r.json["message"] == "$.rules[1].mix[1].weight: must be a positive number");
  CHECK(r.json["path"] == "$.rules[1].mix[1].weight");
  CHECK(r.json["problem"] == "must be a positive number");
  CHECK(c.get("/__emulator/scenario").json["name"] == "default");  // unchanged
  CHECK(c.send("PUT", "/__emulator/scenario", "[1]", "application/json").status == 400);
  Response both = c.put("/__emulator/scenario", Json{{"file", "x"}, {"rules", Json::array()}});
  CHECK(both.status == 400);
  CHECK(both.json["message"] ==
        "Send either {\"file\": \"<name>\"} or a scenario object, not both");
}

TEST_CASE("scenario API: PUT by file name loads from --scenarios-dir") {
  TestServer server(manual_config());
  TestClient c = server.client();
  Response r = c.put("/__emulator/scenario", Json{{"file", "sales-campaign"}});
  REQUIRE(r.status == 200);
  CHECK(r.json["name"] == "sales-campaign");
  CHECK(r.json["source"] == kScenariosDir + "/sales-campaign.json");
  CHECK(c.put("/__emulator/scenario", Json{{"file", "carrier-outage.json"}}).json["name"] ==
        "carrier-outage");

  Response missing = c.put("/__emulator/scenario", Json{{"file", "nope"}});
  CHECK(missing.status == 404);
  CHECK(missing.json["message"] == "Scenario file 'nope' not found in " + kScenariosDir);
  for (const char* bad : {"../CMakeLists.txt", "/etc/passwd", "..", "sub/x.json"}) {
    CAPTURE(bad);
    Response refused = c.put("/__emulator/scenario", Json{{"file", bad}});
    CHECK(refused.status == 400);
    CHECK(refused.json["message"].get<std::string>().find("plain file name") != std::string::npos);
  }
  CHECK(c.get("/__emulator/scenario").json["name"] == "carrier-outage");

  Response list = c.get("/__emulator/scenarios");
  REQUIRE(list.status == 200);
  std::vector<std::string> files;
  for (const auto& item : list.json["scenarios"]) {
    files.push_back(item["file"].get<std::string>());
    CHECK(!item.contains("error"));
  }
  CHECK(std::find(files.begin(), files.end(), "default.json") != files.end());
  CHECK(std::find(files.begin(), files.end(), "voicemail-heavy.json") != files.end());
}

TEST_CASE("scenario API: an invalid file is refused naming the file") {
  TempFile file("bad.json");
  file.write(R"({"default": "nope"})");
  Config config = manual_config();
  config.scenarios_dir = std::filesystem::path(file.path).parent_path().string();
  TestServer server(config);
  TestClient c = server.client();
  std::string name = std::filesystem::path(file.path).filename().string();
  Response r = c.put("/__emulator/scenario", Json{{"file", name}});
  CHECK(r.status == 400);
  CHECK(r.json["message"] ==
        config.scenarios_dir + "/" + name + ": $.default: unknown outcome 'nope'");
  CHECK(r.json["file"] == config.scenarios_dir + "/" + name);
  file.write("{\"rules\": [,]}");
  Response broken = c.put("/__emulator/scenario", Json{{"file", name}});
  CHECK(broken.status == 400);
  CHECK(broken.json["path"] == "$");
  CHECK(broken.json["problem"].get<std::string>().rfind("invalid JSON: parse error at line 1", 0) ==
        0);
}

TEST_CASE("scenario API: tenants are independent, reset restores the startup scenario") {
  TestServer server(manual_config());
  TestClient a = server.client("key-a");
  TestClient b = server.client("key-b");
  REQUIRE(a.put("/__emulator/scenario", Json{{"file", "voicemail-heavy"}}).status == 200);
  CHECK(a.get("/__emulator/scenario").json["name"] == "voicemail-heavy");
  CHECK(b.get("/__emulator/scenario").json["name"] == "default");
  REQUIRE(a.post("/__emulator/reset").status == 200);
  CHECK(a.get("/__emulator/scenario").json["name"] == "default");
}

TEST_CASE("scenario API: ?all=true needs the admin token and changes the startup scenario") {
  Config config = manual_config();
  config.admin_token = "s3cret";
  TestServer server(config);
  TestClient a = server.client("key-a");
  TestClient b = server.client("key-b");
  REQUIRE(b.put("/__emulator/scenario", Json{{"file", "carrier-outage"}}).status == 200);
  CHECK(a.get("/__emulator/scenario").status == 200);  // a exists, on the startup scenario
  Response denied = a.put("/__emulator/scenario?all=true", Json{{"file", "sales-campaign"}});
  CHECK(denied.status == 403);
  CHECK(denied.json["message"] ==
        "Changing every tenant's scenario needs the X-Emulator-Admin-Token header");
  TestClient admin = server.client("");
  Response r =
      admin.send("PUT", "/__emulator/scenario?all=true", Json{{"file", "sales-campaign"}}.dump(),
                 "application/json", {{"X-Emulator-Admin-Token", "s3cret"}});
  REQUIRE(r.status == 200);
  CHECK(r.json["scope"] == "startup");
  CHECK(a.get("/__emulator/scenario").json["name"] == "sales-campaign");
  CHECK(b.get("/__emulator/scenario").json["name"] == "carrier-outage");  // keeps its own
  CHECK(server.client("key-c").get("/__emulator/scenario").json["name"] == "sales-campaign");
  REQUIRE(b.del("/__emulator/scenario").status == 200);
  CHECK(b.get("/__emulator/scenario").json["name"] == "sales-campaign");
  CHECK(admin.put("/__emulator/scenario", Json::object()).status == 401);
}

TEST_CASE("scenario mix through the API: exact counts for the seed, again after a reload") {
  TestServer server(manual_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Json body = Json::parse(R"({"rules": [{"mix": [{"outcome": "completed", "weight": 60},
      {"outcome": "no-answer", "weight": 25}, {"outcome": "busy", "weight": 15}], "seed": 7}]})");
  REQUIRE(c.put("/__emulator/scenario", body).status == 200);
  std::vector<std::string> first;
  for (int i = 0; i < 40; ++i) first.push_back(outcome(c, agent, "+14155551234"));
  std::map<std::string, int> counts;
  for (const auto& o : first) counts[o]++;
  CHECK(counts["completed"] == 22);
  CHECK(counts["no-answer"] == 11);
  CHECK(counts["busy"] == 7);
  // Loading the scenario again restarts the sequence.
  REQUIRE(c.put("/__emulator/scenario", body).status == 200);
  for (int i = 0; i < 40; ++i) {
    CAPTURE(i);
    CHECK(outcome(c, agent, "+14155551234") == first[i]);
  }
}

TEST_CASE("scenario: the same --seed gives the same ids and outcomes, another seed does not") {
  auto run = [](uint64_t seed) {
    Config config = manual_config();
    config.seed = seed;
    TestServer server(config);
    TestClient c = server.client("seeded");
    std::string agent = create_agent(c);
    // A mix without its own seed follows the tenant's seed (from --seed and the key).
    REQUIRE(c.put("/__emulator/scenario", Json::parse(R"({"rules": [{"mix": [
        {"outcome": "completed", "weight": 1}, {"outcome": "busy", "weight": 1},
        {"outcome": "no-answer", "weight": 1}]}]})"))
                .status == 200);
    std::vector<std::string> trace = {agent};
    for (int i = 0; i < 24; ++i) {
      std::string id = call(c, agent, "+14155551234");
      trace.push_back(id + " " + outcome_of(c, id));
    }
    return trace;
  };
  auto a = run(1234);
  CHECK(run(1234) == a);
  auto other = run(4321);
  CHECK(other[0] != a[0]);
  std::string outcomes_a, outcomes_other;
  for (size_t i = 1; i < a.size(); ++i) {
    outcomes_a += a[i].substr(a[i].find(' '));
    outcomes_other += other[i].substr(other[i].find(' '));
  }
  CHECK(outcomes_a != outcomes_other);
}

TEST_CASE("scenario: --scenario loads the startup scenario, by path or by name") {
  Config config = manual_config();
  config.scenario_file = "slow-post-processing";
  TestServer server(config);
  TestClient c = server.client();
  Response r = c.get("/__emulator/scenario");
  CHECK(r.json["name"] == "slow-post-processing");
  CHECK(r.json["scope"] == "startup");
  std::string agent = create_agent(c);
  std::string id = call(c, agent, "+14155551234");
  REQUIRE(c.post("/__emulator/clock/run-until-idle").status == 200);
  Response t = c.get("/__emulator/executions/" + id + "/timeline");
  // completed arrives minutes after call-disconnected.
  std::string disconnected, completed;
  for (const auto& ch : t.json["timeline"]) {
    if (ch["to"] == "call-disconnected") disconnected = ch["at"].get<std::string>();
    if (ch["to"] == "completed") completed = ch["at"].get<std::string>();
  }
  REQUIRE(!disconnected.empty());
  REQUIRE(!completed.empty());
  auto gap = parse_iso8601(completed, nullptr)->utc - parse_iso8601(disconnected, nullptr)->utc;
  CHECK(gap >= std::chrono::seconds(240));
}

TEST_CASE("scenario: an invalid startup scenario stops the App from being built") {
  TempFile file("startup-bad.json");
  file.write(R"({"rules": [{"outcome": "busy"}, {"match": {"prefix": 4}, "outcome": "busy"}]})");
  Config config = manual_config();
  config.scenario_file = file.path;
  try {
    App app(config);
    FAIL("the App accepted an invalid scenario");
  } catch (const ScenarioFileError& e) {
    CHECK(std::string(e.what()) == file.path + ": $.rules[1].match.prefix: must be a string");
  }
  config.scenario_file = file.path + ".missing";
  CHECK_THROWS_AS(App{config}, ScenarioFileError);
}

TEST_CASE("binary: an invalid --scenario is refused on stderr with file, path and problem") {
  TempFile file("binary-bad.json");
  file.write(R"({"default": "nope"})");
  TempFile out("binary-bad.out");
  std::string command = std::string("timeout 20 ") + BOLNA_EMULATOR_BINARY +
                        " --port 0 --log-level off --scenario " + file.path + " > " + out.path +
                        " 2>&1";
  int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  std::ifstream in(out.path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "bolna-emulator: " + file.path + ": $.default: unknown outcome 'nope'\n");
}

TEST_CASE("scenario: --watch reloads the file, keeps the old one on a bad reload") {
  TempFile file("watched.json");
  file.write(R"({"name": "first"})");
  Config config = manual_config();
  config.scenario_file = file.path;
  config.watch = true;
  TestServer server(config);
  TestClient c = server.client();
  TestClient own = server.client("own");
  CHECK(c.get("/__emulator/scenario").json["name"] == "first");
  REQUIRE(own.put("/__emulator/scenario", Json{{"name", "mine"}}).status == 200);

  file.write(R"({"name": "second", "default": "busy"})");
  REQUIRE(wait_for_scenario(c, "second"));
  CHECK(c.get("/__emulator/scenario").json["default"] == "busy");
  CHECK(own.get("/__emulator/scenario").json["name"] == "mine");  // its own stays
  CHECK(server.client("new").get("/__emulator/scenario").json["name"] == "second");

  // A bad file is refused: the old scenario stays (checked over several poll periods).
  file.write(R"({"name": "third", "default": "nope"})");
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
  while (std::chrono::steady_clock::now() < until) {
    REQUIRE(c.get("/__emulator/scenario").json["name"] == "second");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Fixing the file loads it.
  file.write(R"({"name": "fourth"})");
  REQUIRE(wait_for_scenario(c, "fourth"));
  // Reset restores the latest startup scenario.
  REQUIRE(own.post("/__emulator/reset").status == 200);
  CHECK(own.get("/__emulator/scenario").json["name"] == "fourth");
}

TEST_CASE("scenario files: every shipped file is valid, default.json is the built-in default") {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kScenariosDir)) {
    if (entry.path().extension() != ".json") continue;
    CAPTURE(entry.path().string());
    std::shared_ptr<const Scenario> s;
    CHECK_NOTHROW(s = load_scenario_file(entry.path().string()));
    if (!s) continue;
    CHECK(s->name == entry.path().stem().string());
    CHECK(!s->description.empty());
    ++count;
  }
  CHECK(count >= 5);
  Json shipped = scenario_to_json(*load_scenario_file(kScenariosDir + "/default.json"));
  Json builtin = scenario_to_json(*default_scenario());
  shipped.erase("source");
  shipped.erase("description");
  builtin.erase("source");
  builtin.erase("description");
  CHECK(shipped == builtin);
}

TEST_CASE("scenario files: both extracted_data shapes are shipped") {
  bool flat = false, category = false;
  for (const auto& entry : std::filesystem::directory_iterator(kScenariosDir)) {
    if (entry.path().extension() != ".json") continue;
    auto s = load_scenario_file(entry.path().string());
    for (const auto& name : s->own_outcomes) {
      const Json& data = s->find(name)->extracted_data;
      if (!data.is_object()) continue;
      if (data.contains("General")) {
        const Json& summary = data["General"]["Call Summary"];
        for (const char* key : {"subjective", "objective", "confidence", "confidence_label",
                                "reasoning_subjective", "reasoning_objective", "validation"})
          CHECK(summary.contains(key));
        category = true;
      } else {
        flat = true;
      }
    }
  }
  CHECK(flat);
  CHECK(category);
}

TEST_CASE("scenario files: the README's complete example is a valid scenario") {
  std::ifstream in(std::string(BOLNA_SOURCE_DIR) + "/README.md");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t section = text.find("### Format");
  REQUIRE(section != std::string::npos);
  size_t start = text.find("```json\n", section);
  REQUIRE(start != std::string::npos);
  start += 8;
  size_t end = text.find("```", start);
  REQUIRE(end != std::string::npos);
  auto s = parse_scenario(Json::parse(text.substr(start, end - start)), "readme", "README.md");
  CHECK(s->rules.size() == 7);
  CHECK(s->find("demo-booked") != nullptr);
}

TEST_CASE("binary: --help lists the scenario options with their environment twins") {
  TempFile out("help.out");
  std::string command =
      std::string("timeout 20 ") + BOLNA_EMULATOR_BINARY + " --help > " + out.path + " 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  std::ifstream in(out.path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const char* word : {"--scenario", "--scenarios-dir", "--watch", "BOLNA_EMULATOR_SCENARIO",
                           "BOLNA_EMULATOR_SCENARIOS_DIR", "BOLNA_EMULATOR_WATCH"}) {
    CAPTURE(word);
    CHECK(text.find(word) != std::string::npos);
  }
}
