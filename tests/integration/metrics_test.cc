// GET /__emulator/metrics: the Prometheus text, its auth (open, or the admin token when set),
// route-pattern labels (never raw paths or keys), executions and transitions, batches,
// webhook attempts, journal and sink sizes, tenants, process figures, the realtime clock's
// lag, and `promtool check metrics` when promtool is installed.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <thread>

#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

std::string scrape(TestServer& server) {
  TestClient anonymous = server.client("");
  Response r = anonymous.get("/__emulator/metrics");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type").find("text/plain; version=0.0.4") == 0);
  return r.body;
}

// The value of the sample line `series` ("name{labels}" exactly as exposed), or -1.
double sample(const std::string& text, const std::string& series) {
  std::string needle = "\n" + series + " ";
  size_t at = text.find(needle);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + needle.size()));
}

}  // namespace

TEST_CASE("metrics: requests by route pattern, method and status; no raw paths or keys") {
  TestServer server(manual_clock_config());
  TestClient c = server.client("secret-key-123");
  std::string agent = create_agent(c);
  REQUIRE(c.get("/v2/agent/" + agent).status == 200);
  REQUIRE(c.get("/v2/agent/" + agent).status == 200);
  CHECK(c.get("/no/such/path").status == 404);
  std::string text = scrape(server);
  CHECK(sample(text,
               "bolna_emulator_http_requests_total{route=\"/v2/agent/"
               "{agent_id}\",method=\"GET\",status=\"200\"}") == 2);
  CHECK(sample(text,
               "bolna_emulator_http_requests_total{route=\"/v2/"
               "agent\",method=\"POST\",status=\"201\"}") == 1);
  CHECK(sample(text,
               "bolna_emulator_http_requests_total{route=\"unmatched\",method=\"GET\",status="
               "\"404\"}") == 1);
  CHECK(sample(text,
               "bolna_emulator_http_request_duration_seconds_count{route=\"/v2/agent/"
               "{agent_id}\",method=\"GET\"}") == 2);
  CHECK(text.find("bolna_emulator_http_request_duration_seconds_bucket{route=\"/v2/agent/"
                  "{agent_id}\",method=\"GET\",le=\"+Inf\"} 2") != std::string::npos);
  CHECK(text.find(agent) == std::string::npos);
  CHECK(text.find("secret-key-123") == std::string::npos);
  CHECK(text.find("/no/such/path") == std::string::npos);
}

TEST_CASE("metrics: executions by status, transitions, batches, tenants, journals, process") {
  TestServer server(manual_clock_config());
  TestClient c = server.client("m1");
  TestClient other = server.client("m2");
  std::string agent = create_agent(c);
  set_clock(c, "2026-06-23T12:00:00+00:00");
  place_call(c, agent, "+14155550100");  // completed
  place_call(c, agent, "+14155550110");  // busy
  place_call(c, agent, "+14155550111", Json{{"scheduled_at", "2026-06-23T13:00:00+00:00"}});
  other.get("/user/me");
  std::string text = scrape(server);
  CHECK(sample(text, "bolna_emulator_executions{status=\"queued\"}") == 2);
  CHECK(sample(text, "bolna_emulator_tenants") == 2);
  CHECK(sample(text, "bolna_emulator_execution_transitions_total{status=\"queued\"}") == 2);
  CHECK(sample(text, "bolna_emulator_request_journal_entries") >= 5);

  run_until_idle(c);
  text = scrape(server);
  CHECK(sample(text, "bolna_emulator_executions{status=\"completed\"}") >= 1);
  CHECK(sample(text, "bolna_emulator_executions{status=\"busy\"}") == 1);
  CHECK(sample(text, "bolna_emulator_execution_transitions_total{status=\"ringing\"}") >= 2);
  CHECK(sample(text, "bolna_emulator_execution_transitions_total{status=\"completed\"}") >= 1);

  httplib::MultipartFormDataItems items = {
      {"agent_id", agent, "", ""},
      {"file", "contact_number\n+14155550100\n+14155550110\n", "rows.csv", "text/csv"}};
  REQUIRE(c.post_multipart("/batches", items).status == 201);
  text = scrape(server);
  CHECK(sample(text, "bolna_emulator_batches{status=\"created\"}") == 1);
  CHECK(sample(text, "bolna_emulator_batch_transitions_total{status=\"created\"}") == 1);
  CHECK(sample(text, "bolna_emulator_executions{status=\"prepared\"}") == 2);
  advance(c, 5);
  text = scrape(server);
  CHECK(sample(text, "bolna_emulator_batches{status=\"processed\"}") == 1);

  CHECK(sample(text, "bolna_emulator_process_resident_memory_bytes") > 1e6);
  CHECK(sample(text, "bolna_emulator_process_threads") >= 2);
  // glibc's heap figures (sanitizers replace malloc, so glibc's own heap is near empty).
  CHECK(sample(text, "bolna_emulator_heap_allocated_bytes") > (kSanitized ? -1 : 1e5));
  CHECK(sample(text, "bolna_emulator_heap_free_bytes") > -1);  // -1: missing
  CHECK(text.find("bolna_emulator_build_info{version=\"") != std::string::npos);
  CHECK(sample(text, "bolna_emulator_stream_subscribers") == 0);
}

TEST_CASE("metrics: webhook attempts by result, their latency, the journal and the sink") {
  TestServer server(manual_clock_config());
  TestClient c = server.client("wh");
  Json body = agent_body("Hooked");
  body["agent_config"]["webhook_url"] = server.app().public_url() + "/__emulator/sink/metrics-a";
  Response created = c.post("/v2/agent", body);
  REQUIRE(created.status == 201);
  place_call(c, created.json["agent_id"], "+14155550100");
  run_until_idle(c);
  Response flushed = c.post("/__emulator/webhooks/flush", Json{{"timeout_ms", 20000}});
  REQUIRE(flushed.json["done"] == true);
  std::string text = scrape(server);
  CHECK(sample(text,
               "bolna_emulator_webhook_attempts_total{type=\"execution\",result=\"delivered\"}") ==
        6);
  CHECK(sample(text,
               "bolna_emulator_webhook_attempt_duration_seconds_count{result=\"delivered\"}") == 6);
  CHECK(sample(text, "bolna_emulator_webhook_journal_entries") == 6);
  CHECK(sample(text, "bolna_emulator_sink_names") == 1);
  CHECK(sample(text, "bolna_emulator_sink_bodies") == 6);
  CHECK(sample(text, "bolna_emulator_webhook_backlog{state=\"queued\"}") == 0);
  TestClient anonymous = server.client("");
  REQUIRE(anonymous.del("/__emulator/sink/metrics-a").status == 200);
  text = scrape(server);
  CHECK(sample(text, "bolna_emulator_sink_bodies") == 0);
}

TEST_CASE("metrics: with --admin-token the metrics need the token (header or ?admin_token=)") {
  Config config = manual_clock_config();
  config.admin_token = "tok";
  TestServer server(config);
  TestClient anonymous = server.client("");
  Response refused = anonymous.get("/__emulator/metrics");
  CHECK(refused.status == 401);
  CHECK(refused.json["message"].get<std::string>().find("admin token") != std::string::npos);
  CHECK(server.client("some-key").get("/__emulator/metrics").status == 401);
  CHECK(anonymous.send("GET", "/__emulator/metrics", "", "", {{"X-Emulator-Admin-Token", "tok"}})
            .status == 200);
  CHECK(anonymous.get("/__emulator/metrics?admin_token=tok").status == 200);
  CHECK(anonymous.get("/__emulator/metrics?admin_token=bad").status == 401);
}

TEST_CASE("metrics: the realtime driver's lag is observed when due work runs") {
  Config config;              // realtime clocks
  config.clock_speed = 1000;  // a second of virtual time per wall millisecond
  TestServer server(config);
  TestClient c = server.client("rt");
  std::string agent = create_agent(c);
  place_call(c, agent, "+14155550100");
  // Bounded poll: the realtime clock runs by itself (about 0.1 s of wall time for the call).
  double count = 0;
  for (int i = 0; i < 200 && count < 1; ++i) {
    count = sample(scrape(server), "bolna_emulator_realtime_clock_lag_seconds_count");
    if (count < 1) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(count >= 1);
}

TEST_CASE("metrics: promtool check metrics accepts the exposition") {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
    MESSAGE("promtool not installed (apt-get install prometheus): skipping the lint");
    return;
  }
  TestServer server(manual_clock_config());
  TestClient c = server.client("lint");
  std::string agent = create_agent(c);
  place_call(c, agent);
  run_until_idle(c);
  c.get("/nope");
  std::string path = "/tmp/bolna-metrics-" + std::to_string(::getpid()) + ".txt";
  {
    std::ofstream f(path);
    f << scrape(server);
  }
  std::string out_path = path + ".out";
  int rc = std::system(("promtool check metrics < " + path + " > " + out_path + " 2>&1").c_str());
  std::ifstream in(out_path);
  std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  INFO("promtool said: " << output);
  CHECK(rc == 0);
  CHECK(output.empty());
  std::remove(path.c_str());
  std::remove(out_path.c_str());
}
