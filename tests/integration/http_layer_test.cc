// The HTTP layer: error shapes, unknown paths, wrong methods, malformed JSON, body
// limits, auth per profile, read-only keys, handler exceptions, health and readiness.
#include <fstream>
#include <stdexcept>

#include "http/request_context.h"
#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

TEST_CASE("http: health and ready need no key") {
  TestServer server;
  TestClient anonymous = server.client("");
  Response h = anonymous.get("/__emulator/health");
  CHECK(h.status == 200);
  CHECK(h.json == Json{{"status", "ok"}});
  CHECK(h.header("Content-Type") == "application/json");
  CHECK(anonymous.get("/__emulator/ready").status == 200);
}

TEST_CASE("http: unknown path is a 404 naming method and path") {
  TestServer server;
  Response r = server.client().get("/no/such/thing");
  CHECK(r.status == 404);
  CHECK(r.json == Json{{"error", 404}, {"message", "No route for GET /no/such/thing"}});
}

TEST_CASE("http: wrong method on a known path is a 405 with Allow") {
  TestServer server;
  Response r = server.client().del("/v2/agent");
  CHECK(r.status == 405);
  CHECK(r.json["error"] == 405);
  CHECK(r.json["message"] == "Method DELETE is not allowed on /v2/agent (allowed: POST)");
  CHECK(r.header("Allow") == "POST");
}

TEST_CASE("http: malformed JSON is a 400 with the parser's position") {
  TestServer server;
  Response r = server.client().send("POST", "/v2/agent", "{\"agent_config\": ", "application/json");
  CHECK(r.status == 400);
  CHECK(r.json["error"] == 400);
  std::string message = r.json["message"];
  CHECK(message.rfind("Malformed JSON body: ", 0) == 0);
  CAPTURE(message);
  CHECK(message.find("line 1, column 18") != std::string::npos);
}

TEST_CASE("http: JSON content type on a GET with no body is fine") {
  TestServer server;
  Response r = server.client().send("GET", "/v2/agent/all", "", "application/json");
  CHECK(r.status == 200);
}

TEST_CASE("http: a body over the limit is a 413 in the error shape") {
  Config config;
  config.max_body_bytes = 1000;
  config.max_upload_bytes = 4000;
  TestServer server(config);
  TestClient c = server.client();
  std::string big = "{\"x\": \"" + std::string(2000, 'a') + "\"}";
  Response r = c.send("POST", "/v2/agent", big, "application/json");
  CHECK(r.status == 413);
  CHECK(r.json["error"] == 413);
  CHECK(r.json["message"].get<std::string>().find("--max-body-bytes") != std::string::npos);
  std::string huge = "{\"x\": \"" + std::string(10000, 'a') + "\"}";
  Response h = c.send("POST", "/v2/agent", huge, "application/json");
  CHECK(h.status == 413);
  CHECK(h.json["error"] == 413);
  CHECK(c.get("/__emulator/health").status == 200);
}

TEST_CASE("http: an exception inside a handler is a 500 and the server keeps going") {
  TestServer server({}, [](App& app) {
    app.http().router().add("GET", "/boom", [](RequestContext&) {
      throw std::logic_error("kaboom");
    });
  });
  TestClient c = server.client();
  Response r = c.get("/boom");
  CHECK(r.status == 500);
  CHECK(r.json == Json{{"error", 500}, {"message", "Internal server error"}});
  CHECK(c.get("/v2/agent/all").status == 200);
}

TEST_CASE("auth, docs profile: missing key is 401 Access denied") {
  TestServer server;
  Response r = server.client("").get("/v2/agent/all");
  CHECK(r.status == 401);
  CHECK(r.json == Json{{"error", 401}, {"message", "Access denied"}});
  Response basic = server.client("").send("GET", "/v2/agent/all", "", "",
                                          {{"Authorization", "Basic abc"}});
  CHECK(basic.status == 401);
}

TEST_CASE("auth, live profile: 403 with detail") {
  Config config;
  config.profile = Profile::kLive;
  TestServer server(config);
  Response missing = server.client("").get("/v2/agent/all");
  CHECK(missing.status == 403);
  CHECK(missing.json == Json{{"detail", "Not authenticated"}});
}

namespace {
std::string write_keys_file(const std::string& text) {
  std::string path = "/tmp/bolna-emulator-keys-" + std::to_string(::getpid()) + "-" +
                     std::to_string(std::rand()) + ".txt";
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST_CASE("auth: declared keys refuse other keys, per profile") {
  Config config;
  config.keys_file = write_keys_file("bn-writer\nbn-reader read-only\n");
  {
    TestServer server(config);
    CHECK(server.client("bn-writer").get("/v2/agent/all").status == 200);
    Response r = server.client("bn-stranger").get("/v2/agent/all");
    CHECK(r.status == 401);
    CHECK(r.json == Json{{"error", 401}, {"message", "Access denied"}});
  }
  config.profile = Profile::kLive;
  {
    TestServer server(config);
    Response r = server.client("bn-stranger").get("/v2/agent/all");
    CHECK(r.status == 403);
    CHECK(r.json == Json{{"detail", "Unrecognized access token"}});
  }
  std::remove(config.keys_file.c_str());
}

TEST_CASE("auth: a read-only key reads but every write gets 403") {
  Config config;
  config.keys_file = write_keys_file("bn-reader read-only\n");
  TestServer server(config);
  TestClient reader = server.client("bn-reader");
  CHECK(reader.get("/v2/agent/all").status == 200);
  Response w = reader.post("/v2/agent", agent_body());
  CHECK(w.status == 403);
  CHECK(w.json["error"] == 403);
  CHECK(w.json["message"] == "This API key is read-only: POST /v2/agent is not allowed");
  CHECK(reader.get("/v2/agent/all").json.empty());
  std::remove(config.keys_file.c_str());
}

TEST_CASE("reset: own tenant, and every tenant only with the admin token") {
  Config config;
  config.admin_token = "s3cret";
  TestServer server(config);
  TestClient a = server.client("key-a");
  TestClient b = server.client("key-b");
  create_agent(a);
  create_agent(b);
  CHECK(a.post("/__emulator/reset").status == 200);
  CHECK(a.get("/v2/agent/all").json.empty());
  CHECK(b.get("/v2/agent/all").json.size() == 1);
  Response refused = a.post("/__emulator/reset", Json{{"all", true}});
  CHECK(refused.status == 403);
  CHECK(refused.json["error"] == 403);
  Response all = server.client("").send("POST", "/__emulator/reset", R"({"all": true})",
                                         "application/json", {{"X-Emulator-Admin-Token", "s3cret"}});
  CHECK(all.status == 200);
  CHECK(b.get("/v2/agent/all").json.empty());
}
