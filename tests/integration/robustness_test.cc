// Issue #14 end to end, over HTTP against a real in-process server on loopback: deeply
// nested JSON, numbers out of range, text that is not UTF-8 (batch CSV cells, headers,
// file names, multipart fields, query values, request headers), wide CSV files, prompts
// of the wrong type, and the bounds on tenants, executions and journal bytes. Every
// refused request must leave nothing behind and the server must keep serving. Manual
// clock; nothing waits on the wall clock.
#include <chrono>
#include <string>

#include "control/control_state.h"
#include "tenant/tenant.h"
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

std::string nested_arrays(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// The issue's crash body: ~60,000 nested arrays (120 KB).
const std::string& deep() {
  static const std::string text = nested_arrays(60000);
  return text;
}

void check_deep_refused(const Response& r) {
  CHECK(r.status == 400);
  CHECK(r.json["error"] == 400);
  CAPTURE(r.body);
  CHECK(r.json["message"].get<std::string>().rfind(
            "Invalid JSON body: arrays and objects nest deeper than 64 levels at line 1, column ",
            0) == 0);
}

void check_alive(TestClient& c) {
  Response r = c.get("/__emulator/health");
  REQUIRE(r.status == 200);
}

std::string json_with(const Json& body, const std::string& key, const std::string& raw) {
  std::string text = body.dump();
  text.pop_back();  // '}'
  return text + ",\"" + key + "\":" + raw + "}";
}

Response upload(TestClient& c, const std::string& agent_id, const std::string& csv,
                const std::string& file_name = "contacts.csv",
                httplib::MultipartFormDataItems extra = {}) {
  httplib::MultipartFormDataItems items = {{"agent_id", agent_id, "", ""},
                                           {"file", csv, file_name, "text/csv"}};
  for (auto& item : extra) items.push_back(item);
  return c.post_multipart("/batches", items);
}

// Nothing of a refused upload is stored: no batch, no execution.
void check_nothing_stored(TestClient& c, const std::string& agent_id) {
  Response batches = c.get("/batches/" + agent_id + "/all");
  REQUIRE(batches.status == 200);
  CHECK(batches.json == Json::array());
  Response executions = c.get("/v2/agent/" + agent_id + "/executions");
  REQUIRE(executions.status == 200);
  CHECK(executions.json["total"] == 0);
}

std::string message_of(const Response& r) {
  return r.json.is_object() && r.json["message"].is_string() ? r.json["message"].get<std::string>()
                                                             : r.body;
}

}  // namespace

TEST_CASE("robustness: 60,000 nested arrays anywhere in a body are a 400, not a crash") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  Json body = agent_body();

  SUBCASE("agent_prompts") {
    Json b = body;
    b.erase("agent_prompts");
    check_deep_refused(
        c.send("POST", "/v2/agent", json_with(b, "agent_prompts", deep()), "application/json"));
  }
  SUBCASE("an agent_config field") {
    Json config = body["agent_config"];
    std::string text =
        "{\"agent_config\":" + json_with(config, "extra", deep()) + ",\"agent_prompts\":{}}";
    check_deep_refused(c.send("POST", "/v2/agent", text, "application/json"));
  }
  SUBCASE("POST /call user_data") {
    Json call = {{"agent_id", agent}, {"recipient_phone_number", "+14155550100"}};
    check_deep_refused(c.send("POST", "/call",
                              json_with(call, "user_data", "{\"a\":" + deep() + "}"),
                              "application/json"));
  }
  SUBCASE("agent PUT and PATCH") {
    check_deep_refused(
        c.send("PUT", "/v2/agent/" + agent, json_with(body, "x", deep()), "application/json"));
    check_deep_refused(c.send("PATCH", "/v2/agent/" + agent,
                              "{\"agent_config\":{\"agent_name\":" + deep() + "}}",
                              "application/json"));
  }
  SUBCASE("a fault's body") {
    Json fault = {{"path", "/call"}, {"status", 503}};
    check_deep_refused(
        c.send("POST", "/__emulator/faults", json_with(fault, "body", deep()), "application/json"));
  }
  SUBCASE("scenario PUT") {
    check_deep_refused(c.send("PUT", "/__emulator/scenario",
                              "{\"outcomes\":{\"x\":{\"extracted_data\":" + deep() + "}}}",
                              "application/json"));
  }
  check_alive(c);
  // 64 levels are still fine: the body, user_data and 62 arrays.
  Json call = {{"agent_id", agent}, {"recipient_phone_number", "+14155550100"}};
  Response ok =
      c.send("POST", "/call", json_with(call, "user_data", "{\"a\":" + nested_arrays(62) + "}"),
             "application/json");
  CAPTURE(ok.body);
  CHECK(ok.status == 200);
}

TEST_CASE("robustness: a number out of range is a 400 naming it and where it is") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  for (const char* path : {"/call", "/v2/agent", "/__emulator/clock/advance"}) {
    Response r = c.send("POST", path, R"({"a":1e999})", "application/json");
    CAPTURE(path);
    CHECK(r.status == 400);
    CHECK(message_of(r) ==
          "Invalid JSON body: number 1e999 at line 1, column 6 is out of range (a number must "
          "fit a double, at most about 1.8e308)");
  }
  Response wallet =
      c.send("PUT", "/__emulator/wallet", R"({"balance": -1e999})", "application/json");
  CHECK(wallet.status == 400);
  CHECK(message_of(wallet).find("number -1e999 at line 1, column 13 is out of range") !=
        std::string::npos);
  check_alive(c);
}

TEST_CASE("robustness: a Windows-1252 CSV is converted to UTF-8 and runs to the end") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  set_clock(c, "2026-06-23T12:00:00+00:00");
  std::string agent = create_agent(c);
  // "José" with é as byte E9, in a cell and in a header cell.
  Response up = upload(c, agent,
                       "contact_number,name,caf\xE9\n+14155550100,Jos\xE9,cr\xE8me\n"
                       "+14155550101,Ana,\x80 5\n",
                       "contacts.csv", {{"webhook_url", "http://127.0.0.1:9/never", "", ""}});
  REQUIRE(up.status == 201);
  CHECK(up.header("X-Emulator-Csv-Encoding") == "windows-1252");
  std::string batch = up.json["batch_id"];

  Response rows = c.get("/batches/" + batch + "/executions");
  REQUIRE(rows.status == 200);
  REQUIRE(rows.json.size() == 2);
  Json data = rows.json[0]["context_details"]["recipient_data"];
  CHECK(data["name"] == "Jos\xC3\xA9");
  CHECK(data["caf\xC3\xA9"] == "cr\xC3\xA8me");
  CHECK(rows.json[1]["context_details"]["recipient_data"]["caf\xC3\xA9"] == "\xE2\x82\xAC 5");

  Response scheduled = c.post_multipart("/batches/" + batch + "/schedule",
                                        {{"scheduled_at", "2026-06-23T12:10:00+00:00", "", ""}});
  REQUIRE(scheduled.status == 200);
  run_until_idle(c);
  Response b = c.get("/batches/" + batch);
  REQUIRE(b.status == 200);
  CHECK(b.json["status"] == "completed");
  rows = c.get("/batches/" + batch + "/executions");
  REQUIRE(rows.status == 200);
  CHECK(rows.json[0]["status"] == "completed");
  CHECK(rows.json[0]["transcript"].is_string());
}

TEST_CASE("robustness: text that is not UTF-8 outside the CSV is a 400 naming it and the offset") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  const std::string csv = "contact_number,name\n+14155550100,Ana\n";

  SUBCASE("a file name with byte FF, with a batch webhook_url") {
    Response r = upload(c, agent, csv, "contacts\xFF.csv",
                        {{"webhook_url", "http://127.0.0.1:9/hook", "", ""}});
    CHECK(r.status == 400);
    CHECK(message_of(r) ==
          "the file name of multipart field file is not valid UTF-8: byte 0xFF at offset 8");
  }
  SUBCASE("a multipart text field") {
    Response r = upload(c, agent, csv, "contacts.csv",
                        {{"webhook_url", "http://example.test/\xE9", "", ""}});
    CHECK(r.status == 400);
    CHECK(message_of(r) ==
          "multipart field webhook_url is not valid UTF-8: byte 0xE9 at offset 20");
  }
  SUBCASE("a CSV that declares UTF-8 with a byte-order mark but is not") {
    Response r = upload(c, agent,
                        "\xEF\xBB\xBF"
                        "contact_number,name\n+14155550100,Jos\xE9\n");
    CHECK(r.status == 400);
    CHECK(message_of(r) ==
          "CSV file starts with a UTF-8 byte-order mark but is not valid UTF-8: byte 0xE9 at "
          "offset 39 (line 2)");
  }
  check_nothing_stored(c, agent);

  Response q = c.get("/v2/agent/" + agent + "/executions?status=%FF");
  CHECK(q.status == 400);
  CHECK(message_of(q) == "query parameter status is not valid UTF-8: byte 0xFF at offset 0");
  Response p = c.get("/v2/agent/ab%E9");
  CHECK(p.status == 400);
  CHECK(message_of(p) == "path parameter agent_id is not valid UTF-8: byte 0xE9 at offset 2");
  Response h = c.send("POST", "/call",
                      Json{{"agent_id", agent}, {"recipient_phone_number", "+14155550100"}}.dump(),
                      "application/json", {{"X-Emulator-Outcome", "bu\xFFsy"}});
  CHECK(h.status == 400);
  CHECK(message_of(h) == "header X-Emulator-Outcome is not valid UTF-8: byte 0xFF at offset 2");
  Response j = c.send("POST", "/call", "{\"agent_id\": \"Jos\xE9\"}", "application/json");
  CHECK(j.status == 400);
  CHECK(message_of(j).find("ill-formed UTF-8") != std::string::npos);
  check_nothing_stored(c, agent);
  check_alive(c);
}

TEST_CASE("robustness: a CSV with 100,000 columns is refused at once, and stores nothing") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  std::string agent = create_agent(c);
  std::string header = "contact_number", row = "+14155550100";
  for (int i = 1; i < 100000; ++i) {
    header += ",c" + std::to_string(i);
    row += ",v";
  }
  auto started = std::chrono::steady_clock::now();
  Response r = upload(c, agent, header + "\n" + row + "\n");
  CHECK(r.status == 400);
  CHECK(message_of(r) == "CSV file has 100000 columns in its header row; the limit is 1000");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  check_nothing_stored(c, agent);
}

TEST_CASE("robustness: agent_prompts values must be objects") {
  TestServer server(manual_clock_config());
  TestClient c = server.client();
  Json body = agent_body();
  body["agent_prompts"] = {{"task_1", 5}};
  Response r = c.post("/v2/agent", body);
  CHECK(r.status == 400);
  CHECK(
      message_of(r) ==
      "agent_prompts.task_1 must be an object such as {\"system_prompt\": \"...\"}, got a number");
  Response all = c.get("/v2/agent/all");
  CHECK(all.json == Json::array());
  std::string agent = create_agent(c);
  Response patched = c.patch("/v2/agent/" + agent, Json{{"agent_prompts", {{"task_1", "x"}}}});
  CHECK(patched.status == 400);
}

TEST_CASE("robustness: --max-executions refuses calls and batches beyond it with 409") {
  Config config = manual_clock_config();
  config.max_executions = 3;
  TestServer server(config);
  TestClient c = server.client();
  std::string agent = create_agent(c);
  place_call(c, agent, "+14155550100");
  place_call(c, agent, "+14155550101");
  Response batch = upload(c, agent, "contact_number\n+14155550102\n+14155550103\n");
  CHECK(batch.status == 409);
  CHECK(message_of(batch).rfind("This account holds 2 executions; 2 more would pass the limit "
                                "of 3 (--max-executions)",
                                0) == 0);
  Response batches = c.get("/batches/" + agent + "/all");
  CHECK(batches.json == Json::array());
  place_call(c, agent, "+14155550104");
  Response r =
      c.post("/call", Json{{"agent_id", agent}, {"recipient_phone_number", "+14155550105"}});
  CHECK(r.status == 409);
  CHECK(r.json["error"] == 409);
  Response list = c.get("/v2/agent/" + agent + "/executions");
  CHECK(list.json["total"] == 3);
  // Deleting the agent frees the room.
  REQUIRE(c.del("/v2/agent/" + agent).status == 200);
  std::string again = create_agent(c);
  place_call(c, again, "+14155550100");
}

TEST_CASE("robustness: --max-tenants evicts the least recently used idle tenant") {
  Config config = manual_clock_config();
  config.max_tenants = 2;
  TestServer server(config);
  TestClient a = server.client("key-a"), b = server.client("key-b");
  create_agent(a);
  create_agent(b);
  // A third key, even on an unknown path, makes a tenant: key-a (least recently used)
  // goes, key-b stays.
  TestClient stranger = server.client("key-c");
  CHECK(stranger.get("/no/such/path").status == 404);
  CHECK(server.app().services().tenants.size() == 2);
  CHECK(b.get("/v2/agent/all").json.size() == 1);
  CHECK(a.get("/v2/agent/all").json == Json::array());  // a fresh tenant for key-a
  CHECK(server.app().services().tenants.size() == 2);
}

TEST_CASE("robustness: --max-journal-bytes bounds every tenant's journal together") {
  Config config = manual_clock_config();
  config.max_journal_bytes = 64 * 1024;
  TestServer server(config);
  TestClient a = server.client("key-a"), b = server.client("key-b");
  std::string big(8000, 'x');
  for (int i = 0; i < 5; ++i) a.send("POST", "/no/such/path", big, "text/plain");
  Response ja = a.get("/__emulator/requests");
  REQUIRE(ja.status == 200);
  CHECK(ja.json["size"] == 5);
  for (int i = 0; i < 20; ++i) b.send("POST", "/no/such/path", big, "text/plain");
  // b's requests pushed a's (older) entries out.
  ja = a.get("/__emulator/requests");
  CHECK(ja.json["size"] == 0);
  CHECK(ja.json["dropped"] == 5);
  Response jb = b.get("/__emulator/requests");
  CHECK(jb.json["size"].get<int>() < 20);
  CHECK(jb.json["size"].get<int>() >= 3);
  size_t kept = 0;
  for (const auto& t : server.app().services().tenants.all()) kept += t->control().journal.bytes();
  CHECK(kept <= config.max_journal_bytes);
}

TEST_CASE("robustness: a deeply nested or non-UTF-8 body posted to the sink is kept as text") {
  TestServer server;
  TestClient c = server.client();
  std::string deep = std::string(60000, '[') + std::string(60000, ']');
  httplib::Client raw("127.0.0.1", server.port());
  auto posted = raw.Post("/__emulator/sink/deep", deep, "application/json");
  REQUIRE(posted);
  auto bad = raw.Post("/__emulator/sink/deep", std::string("caf\xe9"), "text/plain");
  REQUIRE(bad);
  Response read = c.get("/__emulator/sink/deep");  // crashed the server before
  REQUIRE(read.status == 200);
  REQUIRE(read.json["bodies"].size() == 2);
  CHECK(read.json["bodies"][0] == deep);
  CHECK(read.json["bodies"][1] == "caf\xef\xbf\xbd");
}
