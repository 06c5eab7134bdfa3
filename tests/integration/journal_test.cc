// The request journal (/__emulator/requests): what an entry holds, filters, the ring
// bound, clearing, per-tenant scope and what is not journaled.
#include <mutex>

#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

TEST_CASE("journal: an entry holds method, path, query, status, bodies, headers and times") {
  TestServer server;
  TestClient c = server.client();
  auto tenant = server.app().services().tenants.find_or_create("test-key");
  {
    std::lock_guard lock(tenant->mutex);
    tenant->clock.set_mode(ClockMode::kManual, 1.0);
    tenant->clock.set_now(parse_iso8601("2030-01-02T03:04:05Z")->utc);
  }
  Response created = c.send("POST", "/v2/agent?source=test", agent_body().dump(),
                            "application/json", {{"X-Emulator-Outcome", "busy"}});
  REQUIRE(created.status == 201);

  Response r = c.get("/__emulator/requests");
  REQUIRE(r.status == 200);
  CHECK(r.json["capacity"] == 1000);
  CHECK(r.json["size"] == 1);
  CHECK(r.json["count"] == 1);
  CHECK(r.json["last_seq"] == 1);
  const Json& e = r.json["entries"][0];
  CHECK(e["seq"] == 1);
  CHECK(e["method"] == "POST");
  CHECK(e["path"] == "/v2/agent");
  CHECK(e["route"] == "/v2/agent");
  CHECK(e["query"] == "source=test");
  CHECK(e["status"] == 201);
  CHECK(e["time"] == "2030-01-02T03:04:05.000000+00:00");
  CHECK(e["wall_time"].is_string());
  CHECK(e["duration_ms"].is_number());
  CHECK(e["fault"].is_null());
  CHECK(e["request"]["headers"]["Content-Type"] == "application/json");
  CHECK(e["request"]["headers"]["X-Emulator-Outcome"] == "busy");
  CHECK(!e["request"]["headers"].contains("Authorization"));
  CHECK(Json::parse(e["request"]["body"].get<std::string>()) == agent_body());
  CHECK(e["request"]["body_truncated"] == false);
  CHECK(Json::parse(e["response"]["body"].get<std::string>()) == created.json);
  CHECK(e["response"]["headers"]["Content-Type"] == "application/json");
}

TEST_CASE("journal: long bodies are cut to 8192 bytes with the full size kept") {
  TestServer server;
  TestClient c = server.client();
  std::string big = "{\"x\": \"" + std::string(20000, 'a') + "\"}";
  c.send("POST", "/v2/agent", big, "application/json");
  Response r = c.get("/__emulator/requests");
  const Json& req = r.json["entries"][0]["request"];
  CHECK(req["body"].get<std::string>().size() == 8192);
  CHECK(req["body_bytes"] == big.size());
  CHECK(req["body_truncated"] == true);
}

TEST_CASE("journal: filters by method, path, status, since and limit") {
  TestServer server;
  TestClient c = server.client();
  std::string id = create_agent(c);  // 1 POST /v2/agent 201
  c.get("/v2/agent/" + id);          // 2 GET 200
  c.get("/v2/agent/nope");           // 3 GET 404
  c.get("/v2/agent/all");            // 4 GET 200
  c.get("/no/such/path");            // 5 GET 404, no route
  auto seqs = [&](const std::string& query) {
    Response r = c.get("/__emulator/requests" + query);
    REQUIRE(r.status == 200);
    std::vector<int> out;
    for (const auto& e : r.json["entries"]) out.push_back(e["seq"].get<int>());
    return out;
  };
  CHECK(seqs("") == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(seqs("?method=post") == std::vector<int>{1});
  CHECK(seqs("?method=GET&status=404") == std::vector<int>{3, 5});
  CHECK(seqs("?status=2xx") == std::vector<int>{1, 2, 4});
  CHECK(seqs("?path=/v2/agent/all") == std::vector<int>{4});
  CHECK(seqs("?path=/v2/agent/*") == std::vector<int>{2, 3, 4});
  CHECK(seqs("?path=/v2/agent/%7Bagent_id%7D") == std::vector<int>{2, 3});
  CHECK(seqs("?since=3") == std::vector<int>{4, 5});
  CHECK(seqs("?limit=2") == std::vector<int>{4, 5});
  CHECK(seqs("?since=1&status=200&limit=1") == std::vector<int>{4});
  Response unrouted = c.get("/__emulator/requests?since=4");
  CHECK(unrouted.json["entries"][0]["route"].is_null());
}

TEST_CASE("journal: since takes an ISO time on the tenant's virtual clock") {
  TestServer server;
  TestClient c = server.client();
  auto tenant = server.app().services().tenants.find_or_create("test-key");
  {
    std::lock_guard lock(tenant->mutex);
    tenant->clock.set_mode(ClockMode::kManual, 1.0);
    tenant->clock.set_now(parse_iso8601("2030-01-01T00:00:00Z")->utc);
  }
  c.get("/v2/agent/all");
  {
    std::lock_guard lock(tenant->mutex);
    tenant->clock.advance(std::chrono::minutes(5));
  }
  c.get("/v2/agent/all");
  Response r = c.get("/__emulator/requests?since=2030-01-01T00:05:00Z");
  REQUIRE(r.json["entries"].size() == 1);
  CHECK(r.json["entries"][0]["seq"] == 2);
  CHECK(c.get("/__emulator/requests?since=2030-01-01T00:00:00%2B00:00").json["count"] == 2);
}

TEST_CASE("journal: the ring keeps the newest --journal-size entries") {
  Config config;
  config.journal_size = 3;
  TestServer server(config);
  TestClient c = server.client();
  for (int i = 0; i < 5; ++i) c.get("/v2/agent/all?i=" + std::to_string(i));
  Response r = c.get("/__emulator/requests");
  CHECK(r.json["capacity"] == 3);
  CHECK(r.json["size"] == 3);
  CHECK(r.json["dropped"] == 2);
  CHECK(r.json["last_seq"] == 5);
  REQUIRE(r.json["entries"].size() == 3);
  CHECK(r.json["entries"][0]["seq"] == 3);
  CHECK(r.json["entries"][0]["query"] == "i=2");
  CHECK(r.json["entries"][2]["query"] == "i=4");
}

TEST_CASE("journal: size 0 turns it off") {
  Config config;
  config.journal_size = 0;
  TestServer server(config);
  TestClient c = server.client();
  c.get("/v2/agent/all");
  Response r = c.get("/__emulator/requests");
  CHECK(r.status == 200);
  CHECK(r.json["entries"].empty());
  CHECK(r.json["capacity"] == 0);
}

TEST_CASE("journal: control requests and keyless requests are not journaled") {
  TestServer server;
  TestClient c = server.client();
  c.get("/__emulator/requests");
  c.get("/__emulator/faults");
  c.get("/__emulator/no-such-control-path");
  server.client("").get("/v2/agent/all");  // no key: no tenant
  Response r = c.get("/__emulator/requests");
  CHECK(r.json["size"] == 0);
}

TEST_CASE("journal: DELETE clears it and keeps counting, reset restarts, tenants are apart") {
  TestServer server;
  TestClient a = server.client("tenant-a");
  TestClient b = server.client("tenant-b");
  a.get("/v2/agent/all");
  a.get("/v2/agent/all");
  b.get("/v2/agent/all");
  CHECK(a.get("/__emulator/requests").json["size"] == 2);
  CHECK(b.get("/__emulator/requests").json["size"] == 1);
  CHECK(a.del("/__emulator/requests").json == Json{{"deleted", 2}});
  CHECK(a.get("/__emulator/requests").json["size"] == 0);
  a.get("/v2/agent/all");
  CHECK(a.get("/__emulator/requests").json["entries"][0]["seq"] == 3);
  CHECK(a.post("/__emulator/reset").status == 200);
  Response after_reset = a.get("/__emulator/requests");
  CHECK(after_reset.json["size"] == 0);
  CHECK(after_reset.json["last_seq"] == 0);
  CHECK(b.get("/__emulator/requests").json["size"] == 1);
}

TEST_CASE("journal: filter validation messages") {
  TestServer server;
  TestClient c = server.client();
  auto message = [&](const std::string& query) {
    Response r = c.get("/__emulator/requests" + query);
    CHECK(r.status == 400);
    return r.json["message"].get<std::string>();
  };
  CHECK(message("?status=abc") ==
        "status must be an HTTP status such as 404 or a class such as 4xx, got \"abc\"");
  CHECK(message("?since=yesterday")
            .rfind("since must be a journal sequence number (entries after it) or an ISO 8601 time",
                   0) == 0);
  CHECK(message("?limit=0") == "limit must be a positive integer, got \"0\"");
  CHECK(message("?path=v2") == "path must start with '/' (or be \"*\" for every path): \"v2\"");
}

TEST_CASE("journal: binary bodies come back as valid JSON") {
  TestServer server;
  TestClient c = server.client();
  Response sent =
      c.send("POST", "/v2/agent", std::string("\xff\xfe\x00\x01", 4), "application/octet-stream");
  CHECK(sent.status == 400);
  Response r = c.get("/__emulator/requests");
  REQUIRE(r.status == 200);
  CAPTURE(r.body);
  CHECK(r.json["entries"][0]["request"]["body_bytes"] == 4);
}
