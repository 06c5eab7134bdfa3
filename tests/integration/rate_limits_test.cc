// Rate limits (/__emulator/rate-limits, --rate-limits): off by default, documented
// limits, custom limits, 429 with Retry-After, windows on the tenant's virtual clock,
// reset.
#include <mutex>

#include "test_support.h"

using namespace bolna;
using namespace bolna::testing;

namespace {

// Stops the tenant's clock so every request lands on the same virtual instant.
std::shared_ptr<Tenant> manual_clock(TestServer& server, const std::string& key = "test-key") {
  auto tenant = server.app().services().tenants.find_or_create(key);
  std::lock_guard lock(tenant->mutex);
  tenant->clock.set_mode(ClockMode::kManual, 1.0);
  return tenant;
}

void advance_clock(const std::shared_ptr<Tenant>& tenant, Micros d) {
  std::lock_guard lock(tenant->mutex);
  tenant->clock.advance(d);
}

}  // namespace

TEST_CASE("rate limits: off by default") {
  TestServer server;
  TestClient c = server.client();
  Response r = c.get("/__emulator/rate-limits");
  CHECK(r.status == 200);
  CHECK(r.json["enabled"] == false);
  CHECK(r.json["default_per_minute"] == 1000);
  REQUIRE(r.json["limits"].size() == 3);
  CHECK(r.json["limits"][0] == Json{{"method", "POST"}, {"path", "/call"}, {"per_minute", 500}});
  CHECK(r.json["limits"][1] ==
        Json{{"method", "*"}, {"path", "/v2/agent/{agent_id}"}, {"per_minute", 500}});
  CHECK(r.json["limits"][2] ==
        Json{{"method", "GET"}, {"path", "/v2/agent/{agent_id}/executions"}, {"per_minute", 500}});
  for (int i = 0; i < 5; ++i) CHECK(c.get("/v2/agent/all").status == 200);
}

TEST_CASE("rate limits: --rate-limits enforces the documented 500 per minute, then 429") {
  Config config;
  config.rate_limits = true;
  TestServer server(config);
  TestClient c = server.client();
  auto tenant = manual_clock(server);
  std::string id = create_agent(c);
  for (int i = 0; i < 500; ++i) REQUIRE(c.get("/v2/agent/" + id).status == 200);
  Response r = c.patch("/v2/agent/" + id, Json{{"agent_name", "x"}});  // same bucket, any method
  CHECK(r.status == 429);
  CHECK(r.json == Json{{"error", 429},
                       {"message",
                        "Rate limit exceeded: 500 requests per minute for "
                        "/v2/agent/{agent_id}; retry after 60 seconds"}});
  CHECK(r.header("Retry-After") == "60");
  // Other endpoints have their own windows; the control API is never limited.
  CHECK(c.get("/v2/agent/all").status == 200);
  CHECK(c.get("/__emulator/rate-limits").json["usage"].is_array());

  advance_clock(tenant, std::chrono::seconds(30));
  Response later = c.get("/v2/agent/" + id);
  CHECK(later.status == 429);
  CHECK(later.header("Retry-After") == "30");
  advance_clock(tenant, std::chrono::seconds(30));
  CHECK(c.get("/v2/agent/" + id).status == 200);
}

TEST_CASE("rate limits: custom limits from PUT, default bucket per endpoint") {
  TestServer server;
  TestClient c = server.client();
  auto tenant = manual_clock(server);
  Response put = c.put(
      "/__emulator/rate-limits",
      Json{{"enabled", true},
           {"limits",
            Json::array({Json{{"method", "POST"}, {"path", "/v2/agent"}, {"per_minute", 2}}})},
           {"default_per_minute", 3}});
  REQUIRE(put.status == 200);
  CHECK(put.json["enabled"] == true);
  CHECK(put.json["limits"].size() == 1);

  CHECK(c.post("/v2/agent", agent_body()).status == 201);
  advance_clock(tenant, std::chrono::milliseconds(20500));
  CHECK(c.post("/v2/agent", agent_body()).status == 201);
  Response refused = c.post("/v2/agent", agent_body());
  CHECK(refused.status == 429);
  CHECK(refused.json["message"] ==
        "Rate limit exceeded: 2 requests per minute for POST /v2/agent; retry after 40 seconds");
  CHECK(refused.header("Retry-After") == "40");  // 39.5 s rounded up

  // Everything else: default_per_minute per endpoint (method + route).
  for (int i = 0; i < 3; ++i) CHECK(c.get("/v2/agent/all").status == 200);
  Response all = c.get("/v2/agent/all");
  CHECK(all.status == 429);
  CHECK(all.json["message"] ==
        "Rate limit exceeded: 3 requests per minute for GET /v2/agent/all; retry after 60 "
        "seconds");
  CHECK(c.get("/v2/agent/nope").status == 404);  // a different endpoint, own bucket

  Response usage = c.get("/__emulator/rate-limits");
  Json expected =
      Json::array({Json{{"bucket", "GET /v2/agent/all"}, {"per_minute", 3}, {"used", 3}},
                   Json{{"bucket", "GET /v2/agent/{agent_id}"}, {"per_minute", 3}, {"used", 1}},
                   Json{{"bucket", "POST /v2/agent"}, {"per_minute", 2}, {"used", 2}}});
  CHECK(usage.json["usage"] == expected);

  // The first POST leaves the window 60 s after it was made.
  advance_clock(tenant, std::chrono::milliseconds(39500));
  CHECK(c.post("/v2/agent", agent_body()).status == 201);
  CHECK(c.post("/v2/agent", agent_body()).status == 429);

  // Turning them off lets everything through.
  CHECK(c.put("/__emulator/rate-limits", Json{{"enabled", false}}).status == 200);
  CHECK(c.post("/v2/agent", agent_body()).status == 201);
}

TEST_CASE("rate limits: per tenant, refused requests do not count, reset restores defaults") {
  TestServer server;
  TestClient a = server.client("tenant-a");
  TestClient b = server.client("tenant-b");
  auto tenant = manual_clock(server, "tenant-a");
  REQUIRE(a.put("/__emulator/rate-limits", Json{{"default_per_minute", 1}}).status == 200);
  CHECK(a.get("/v2/agent/all").status == 200);
  CHECK(a.get("/v2/agent/all").status == 429);
  CHECK(a.get("/v2/agent/all").status == 429);
  CHECK(b.get("/v2/agent/all").status == 200);
  CHECK(b.get("/v2/agent/all").status == 200);
  advance_clock(tenant, std::chrono::seconds(60));
  CHECK(a.get("/v2/agent/all").status == 200);  // the 429s did not extend the window
  CHECK(a.post("/__emulator/reset").status == 200);
  CHECK(a.get("/__emulator/rate-limits").json["enabled"] == false);
  CHECK(a.get("/v2/agent/all").status == 200);
  CHECK(a.get("/v2/agent/all").status == 200);
}

TEST_CASE("rate limits: reset clears the windows and keeps --rate-limits on") {
  Config config;
  config.rate_limits = true;
  TestServer server(config);
  TestClient c = server.client();
  manual_clock(server);
  REQUIRE(c.put("/__emulator/rate-limits", Json{{"default_per_minute", 1}}).status == 200);
  CHECK(c.get("/v2/agent/all").status == 200);
  CHECK(c.get("/v2/agent/all").status == 429);
  CHECK(c.post("/__emulator/reset").status == 200);
  Response after = c.get("/__emulator/rate-limits");
  CHECK(after.json["enabled"] == true);
  CHECK(after.json["default_per_minute"] == 1000);
  CHECK(after.json["usage"].empty());
  CHECK(c.get("/v2/agent/all").status == 200);
}

TEST_CASE("rate limits: validation messages") {
  TestServer server;
  TestClient c = server.client();
  auto message = [&](const Json& body) {
    Response r = c.put("/__emulator/rate-limits", body);
    CHECK(r.status == 400);
    CHECK(r.json["error"] == 400);
    return r.json["message"].get<std::string>();
  };
  CHECK(message(Json{{"enabled", "yes"}}) == "enabled must be true or false");
  CHECK(message(Json{{"default_per_minute", 0}}) ==
        "default_per_minute must be between 1 and 1000000, got 0");
  CHECK(message(Json{{"limits", Json::object()}}) ==
        "limits must be an array of {method, path, per_minute}");
  CHECK(message(Json{{"limits", Json::array({Json{{"path", "/call"}}})}}) ==
        "limits[0].per_minute is required");
  CHECK(message(Json{{"limits", Json::array({Json{{"path", "/call"}, {"per_minute", 1.5}}})}}) ==
        "limits[0].per_minute must be an integer number of requests per minute, got 1.5");
  CHECK(message(Json{{"limits", Json::array({Json{{"per_minute", 5}}})}}) ==
        "limits[0].path is required: a string such as \"/call\"");
  CHECK(message(Json{{"limits", Json::array({Json{{"path", "call"}, {"per_minute", 5}}})}}) ==
        "limits[0].path must start with '/' (or be \"*\" for every path): \"call\"");
  CHECK(message(Json{{"limit", 5}}) ==
        "Unknown field 'limit'; expected enabled, limits, default_per_minute");
  CHECK(c.get("/__emulator/rate-limits").json["enabled"] == false);
}
