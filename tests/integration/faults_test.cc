// Fault injection (/__emulator/faults): status faults by count, seeded probability,
// delays, dropped connections, validation, per-tenant scope, reset.
#include <future>
#include <thread>

#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

Json fault(const std::string& method, const std::string& path) {
  return Json{{"method", method}, {"path", path}};
}

}  // namespace

TEST_CASE("faults: a status fault answers the next count matching requests, then stops") {
  TestServer server;
  TestClient c = server.client();
  Json f = fault("GET", "/v2/agent/all");
  f["status"] = 503;
  f["count"] = 2;
  Response created = c.post("/__emulator/faults", f);
  REQUIRE(created.status == 201);
  CHECK(created.json["id"] == "flt_1");
  CHECK(created.json["remaining"] == 2);

  // A non-matching method is untouched.
  CHECK(c.post("/v2/agent", agent_body()).status == 201);
  Response first = c.get("/v2/agent/all");
  CHECK(first.status == 503);
  CHECK(first.json ==
        Json{{"error", 503}, {"message", "Service Unavailable (injected fault flt_1)"}});
  CHECK(first.header("X-Emulator-Fault") == "flt_1");
  Response listed = c.get("/__emulator/faults");
  REQUIRE(listed.json["faults"].size() == 1);
  CHECK(listed.json["faults"][0]["remaining"] == 1);
  CHECK(listed.json["faults"][0]["hits"] == 1);
  CHECK(c.get("/v2/agent/all").status == 503);
  Response third = c.get("/v2/agent/all");
  CHECK(third.status == 200);
  CHECK(third.header("X-Emulator-Fault") == "");
  CHECK(c.get("/__emulator/faults").json["faults"].empty());
}

TEST_CASE("faults: custom body, content type and headers") {
  TestServer server;
  TestClient c = server.client();
  Json f = fault("*", "/v2/agent/*");
  f["status"] = 429;
  f["body"] = Json{{"detail", "slow down"}};
  f["headers"] = Json{{"Retry-After", "7"}};
  REQUIRE(c.post("/__emulator/faults", f).status == 201);
  Response r = c.get("/v2/agent/all");
  CHECK(r.status == 429);
  CHECK(r.json == Json{{"detail", "slow down"}});
  CHECK(r.header("Retry-After") == "7");

  Json html = fault("POST", "/v2/agent");
  html["status"] = 502;
  html["content_type"] = "text/html";
  html["body"] = "<html>Bad Gateway</html>";
  REQUIRE(c.post("/__emulator/faults", html).status == 201);
  Response h = c.post("/v2/agent", agent_body());
  CHECK(h.status == 502);
  CHECK(h.body == "<html>Bad Gateway</html>");
  CHECK(h.header("Content-Type") == "text/html");
}

TEST_CASE("faults: a route pattern path matches that route only, never the control API") {
  TestServer server;
  TestClient c = server.client();
  std::string id = create_agent(c);
  Json f = fault("*", "/v2/agent/{agent_id}");
  f["status"] = 500;
  REQUIRE(c.post("/__emulator/faults", f).status == 201);
  CHECK(c.get("/v2/agent/" + id).status == 500);
  CHECK(c.get("/v2/agent/all").status == 200);  // a different route
  CHECK(c.get("/__emulator/faults").status == 200);

  Json star = fault("*", "*");
  star["status"] = 500;
  REQUIRE(c.post("/__emulator/faults", star).status == 201);
  CHECK(c.get("/v2/agent/all").status == 500);
  CHECK(c.get("/__emulator/faults").status == 200);  // control paths never match
  CHECK(c.get("/__emulator/requests").status == 200);
}

TEST_CASE("faults: seeded probability gives the same hit pattern for the same seed") {
  TestServer server;
  auto pattern = [&](const std::string& key) {
    TestClient c = server.client(key);
    Json f = fault("GET", "/v2/agent/all");
    f["status"] = 500;
    f["probability"] = 0.5;
    f["seed"] = 42;
    Response created = c.post("/__emulator/faults", f);
    REQUIRE(created.status == 201);
    CHECK(created.json["seed"] == 42);
    std::string hits;
    for (int i = 0; i < 16; ++i) hits += c.get("/v2/agent/all").status == 500 ? 'x' : '.';
    return hits;
  };
  std::string a = pattern("tenant-a");
  std::string b = pattern("tenant-b");
  CHECK(a == b);
  CHECK(a == "...x.x.xxxx.....");  // pinned: mt19937_64(42), 53-bit draws < 0.5
}

TEST_CASE("faults: probability with a count stops after count hits") {
  TestServer server;
  TestClient c = server.client();
  Json f = fault("GET", "/v2/agent/all");
  f["status"] = 500;
  f["probability"] = 0.5;
  f["seed"] = 42;
  f["count"] = 3;
  REQUIRE(c.post("/__emulator/faults", f).status == 201);
  int hits = 0;
  for (int i = 0; i < 16; ++i) hits += c.get("/v2/agent/all").status == 500;
  CHECK(hits == 3);
}

TEST_CASE("faults: a probability without seed reports the seed it drew") {
  TestServer server;
  TestClient c = server.client();
  Json f = fault("GET", "/v2/agent/all");
  f["status"] = 500;
  f["probability"] = 0.25;
  Response r = c.post("/__emulator/faults", f);
  REQUIRE(r.status == 201);
  CHECK(r.json["seed"].is_number_unsigned());
}

TEST_CASE("faults: a delay fault answers normally afterwards") {
  TestServer server;
  TestClient c = server.client();
  Json f = fault("GET", "/v2/agent/all");
  f["delay_ms"] = 30;
  f["count"] = 1;
  REQUIRE(c.post("/__emulator/faults", f).status == 201);
  Response r = c.get("/v2/agent/all");
  CHECK(r.status == 200);
  CHECK(r.json == Json::array());
  CHECK(r.header("X-Emulator-Fault") == "flt_1");
}

TEST_CASE("faults: a delayed request does not hold the only HTTP worker") {
  Config config;
  config.threads = 1;
  config.max_delayed_requests = 1;
  TestServer server(config);
  TestClient c = server.client();
  Json f = fault("GET", "/v2/agent/all");
  f["delay_ms"] = 4000;
  REQUIRE(c.post("/__emulator/faults", f).status == 201);
  // Two matching requests: the first to arrive waits in its delay, the second is refused
  // at once (503, --max-delayed-requests 1). Before delays handed their worker off, the
  // second queued behind the first on the only worker and was itself delayed: no 503.
  auto a = std::async(std::launch::async, [&] { return c.get("/v2/agent/all"); });
  auto b = std::async(std::launch::async, [&] { return c.get("/v2/agent/all"); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::future<Response>* waiting = nullptr;
  Response refused;
  while (!waiting && std::chrono::steady_clock::now() < deadline) {
    if (a.wait_for(std::chrono::milliseconds(10)) == std::future_status::ready) {
      refused = a.get();
      waiting = &b;
    } else if (b.wait_for(std::chrono::milliseconds(10)) == std::future_status::ready) {
      refused = b.get();
      waiting = &a;
    }
  }
  REQUIRE(waiting != nullptr);
  CHECK(refused.status == 503);
  // The other one still waits; the only worker serves other requests meanwhile.
  CHECK(c.post("/v2/agent", agent_body()).status == 201);
  CHECK(waiting->wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
  CHECK(waiting->get().status == 200);
}

TEST_CASE("faults: a drop fault makes the client see a connection error") {
  TestServer server;
  TestClient c = server.client();
  Json f = fault("POST", "/v2/agent");
  f["drop"] = true;
  f["count"] = 1;
  REQUIRE(c.post("/__emulator/faults", f).status == 201);

  httplib::Client raw("127.0.0.1", server.port());
  raw.set_read_timeout(10);
  auto result = raw.Post("/v2/agent", {{"Authorization", "Bearer test-key"}}, agent_body().dump(),
                         "application/json");
  CHECK(!result);
  CHECK(result.error() == httplib::Error::Read);

  // The server keeps serving, and the next request is handled normally.
  CHECK(c.post("/v2/agent", agent_body()).status == 201);
  Response journal = c.get("/__emulator/requests?path=/v2/agent");
  REQUIRE(journal.json["entries"].size() == 2);
  CHECK(journal.json["entries"][0]["status"] == 0);
  CHECK(journal.json["entries"][0]["fault"] == "flt_1");
  CHECK(journal.json["entries"][1]["status"] == 201);
}

TEST_CASE("faults: a delay before a drop still drops") {
  TestServer server;
  TestClient c = server.client();
  Json f = fault("GET", "/v2/agent/all");
  f["drop"] = true;
  f["delay_ms"] = 10;
  REQUIRE(c.post("/__emulator/faults", f).status == 201);
  CHECK(c.get("/v2/agent/all").status == 0);
  CHECK(c.get("/v2/agent/all").status == 0);  // no count: every matching request
}

TEST_CASE("faults: list, delete one, delete all, unknown id is 404") {
  TestServer server;
  TestClient c = server.client();
  Json f = fault("GET", "/v2/agent/all");
  f["status"] = 500;
  REQUIRE(c.post("/__emulator/faults", f).status == 201);
  REQUIRE(c.post("/__emulator/faults", f).status == 201);
  Response list = c.get("/__emulator/faults");
  REQUIRE(list.json["faults"].size() == 2);
  CHECK(list.json["faults"][1]["id"] == "flt_2");
  CHECK(c.del("/__emulator/faults/flt_1").json == Json{{"deleted", 1}});
  Response missing = c.del("/__emulator/faults/flt_1");
  CHECK(missing.status == 404);
  CHECK(missing.json == Json{{"error", 404}, {"message", "Fault not found"}});
  CHECK(c.get("/v2/agent/all").header("X-Emulator-Fault") == "flt_2");
  CHECK(c.del("/__emulator/faults").json == Json{{"deleted", 1}});
  CHECK(c.get("/v2/agent/all").status == 200);
}

TEST_CASE("faults: are per tenant and cleared by reset") {
  TestServer server;
  TestClient a = server.client("tenant-a");
  TestClient b = server.client("tenant-b");
  Json f = fault("GET", "/v2/agent/all");
  f["status"] = 500;
  REQUIRE(a.post("/__emulator/faults", f).status == 201);
  CHECK(a.get("/v2/agent/all").status == 500);
  CHECK(b.get("/v2/agent/all").status == 200);
  CHECK(a.post("/__emulator/reset").status == 200);
  CHECK(a.get("/v2/agent/all").status == 200);
  CHECK(a.get("/__emulator/faults").json["faults"].empty());
  // Ids restart after a reset.
  CHECK(a.post("/__emulator/faults", f).json["id"] == "flt_1");
}

TEST_CASE("faults: validation messages") {
  TestServer server;
  TestClient c = server.client();
  auto message = [&](const Json& body) {
    Response r = c.post("/__emulator/faults", body);
    CHECK(r.status == 400);
    CHECK(r.json["error"] == 400);
    return r.json["message"].get<std::string>();
  };
  CHECK(message(Json::array()) == "Request body must be a JSON object");
  CHECK(message(Json{{"status", 500}}) == "path is required (e.g. \"/call\" or \"/v2/agent/*\")");
  CHECK(message(Json{{"path", "call"}, {"status", 500}}) ==
        "path must start with '/' (or be \"*\" for every path): \"call\"");
  CHECK(message(Json{{"path", "/call"}}) ==
        "A fault needs status (answer with it), delay_ms (> 0: wait, then answer normally) "
        "or drop (true: close the connection)");
  CHECK(message(Json{{"path", "/call"}, {"status", 700}}) ==
        "status must be between 200 and 599, got 700");
  CHECK(message(Json{{"path", "/call"}, {"status", "500"}}) ==
        "status must be an integer, got \"500\"");
  CHECK(message(Json{{"path", "/call"}, {"status", 500}, {"drop", true}}) ==
        "drop and status are exclusive: a dropped connection has no status");
  CHECK(message(Json{{"path", "/call"}, {"method", "FETCH"}, {"status", 500}}) ==
        "method must be one of GET, POST, PUT, PATCH, DELETE or \"*\", got \"FETCH\"");
  CHECK(message(Json{{"path", "/call"}, {"status", 500}, {"probability", 1.5}}) ==
        "probability must be between 0 and 1, got 1.5");
  CHECK(message(Json{{"path", "/call"}, {"status", 500}, {"count", 0}}) ==
        "count must be between 1 and 1000000000, got 0");
  CHECK(message(Json{{"path", "/call"}, {"delay_ms", 600000}}) ==
        "delay_ms must be between 0 and 60000, got 600000");
  CHECK(message(Json{{"path", "/call"}, {"status", 500}, {"stauts", 1}}) ==
        "Unknown field 'stauts'; a fault takes method, path, status, body, content_type, "
        "headers, delay_ms, drop, count, probability, seed");
  CHECK(message(Json{{"path", "/call"}, {"status", 500}, {"seed", 3}}) == "seed needs probability");
  CHECK(message(Json{{"path", "/call"}, {"delay_ms", 5}, {"body", "x"}}) ==
        "body, content_type and headers need status");
  CHECK(message(Json{{"path", "/__emulator/clock"}, {"status", 500}}) ==
        "path must not be a control API path (/__emulator/...): faults never apply there");
  CHECK(message(Json{{"path", "/v2/agent/{id"}, {"status", 500}}) ==
        "path has a malformed route parameter segment \"{id\" (expected e.g. {agent_id}): "
        "\"/v2/agent/{id\"");
  CHECK(c.get("/__emulator/faults").json["faults"].empty());
}

TEST_CASE("faults: latency faults hold at most --max-delayed-requests workers; more answer 503") {
  Config config;
  config.max_delayed_requests = 1;
  auto server = std::make_unique<TestServer>(config);
  TestClient c = server->client();
  Json f = fault("GET", "/v2/agent/all");
  f["delay_ms"] = 20000;  // far longer than the test: only the shutdown can end it
  REQUIRE(c.post("/__emulator/faults", f).status == 201);

  // The first matching request waits on its worker.
  std::thread waiting([port = server->port()] {
    TestClient slow(port, "test-key");
    slow.get("/v2/agent/all");
  });
  // Wait (bounded) until it is waiting: the fault has one hit.
  for (int i = 0; i < 200; ++i) {
    if (c.get("/__emulator/faults").json["faults"][0]["hits"] == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(c.get("/__emulator/faults").json["faults"][0]["hits"] == 1);

  // The second is refused at once instead of holding a second worker.
  Response second = c.get("/v2/agent/all");
  CHECK(second.status == 503);
  CHECK(second.header("X-Emulator-Fault") == "flt_1");
  CHECK(second.json["message"] ==
        "Too many delayed requests: 1 latency faults are waiting already "
        "(--max-delayed-requests); fault flt_1 answers at once");

  // Stopping the server ends the 20 s wait at once (the test would take 20 s otherwise).
  auto started = std::chrono::steady_clock::now();
  server.reset();
  waiting.join();
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
}
