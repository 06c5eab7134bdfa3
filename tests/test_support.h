// Test support for integration tests: TestServer runs a real emulator (App) on an
// ephemeral loopback port in a background thread; TestClient talks HTTP to it with a
// Bearer key and returns parsed responses. One TestServer per test case; not shared.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "app/app.h"
#include "common/json.h"

namespace bolna::testing {

// True in a sanitizer build (scripts/sanitize.sh): tests whose work is large enough to be
// slow under ASan/TSan (a 100,000-row batch) use a tenth of it there; what they assert
// is unchanged.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

struct Response {
  int status = 0;       // 0 when the connection failed
  std::string body;
  Json json;            // parsed body (null if not JSON)
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class TestClient {
 public:
  TestClient(int port, std::string key) : port_(port), key_(std::move(key)) {}

  Response get(const std::string& path) { return send("GET", path, "", ""); }
  Response del(const std::string& path) { return send("DELETE", path, "", ""); }
  Response post(const std::string& path, const Json& body = Json::object()) {
    return send("POST", path, body.dump(), "application/json");
  }
  Response put(const std::string& path, const Json& body) {
    return send("PUT", path, body.dump(), "application/json");
  }
  Response patch(const std::string& path, const Json& body) {
    return send("PATCH", path, body.dump(), "application/json");
  }
  // Any method, raw body, extra headers. An empty key sends no Authorization header.
  Response send(const std::string& method, const std::string& path, const std::string& body,
                const std::string& content_type, httplib::Headers extra = {}) {
    httplib::Client cli("127.0.0.1", port_);
    cli.set_connection_timeout(5);
    cli.set_read_timeout(30);
    httplib::Headers headers = std::move(extra);
    if (!key_.empty()) headers.emplace("Authorization", "Bearer " + key_);
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.headers = headers;
    req.body = body;
    if (!content_type.empty()) req.set_header("Content-Type", content_type);
    return to_response(cli.send(req));
  }
  // multipart/form-data POST.
  Response post_multipart(const std::string& path, const httplib::MultipartFormDataItems& items) {
    httplib::Client cli("127.0.0.1", port_);
    httplib::Headers headers;
    if (!key_.empty()) headers.emplace("Authorization", "Bearer " + key_);
    return to_response(cli.Post(path.c_str(), headers, items));
  }

  const std::string& key() const { return key_; }

 private:
  static Response to_response(const httplib::Result& result) {
    Response r;
    if (!result) return r;
    r.status = result->status;
    r.body = result->body;
    r.headers = result->headers;
    r.json = Json::parse(r.body, nullptr, false);
    if (r.json.is_discarded()) r.json = nullptr;
    return r;
  }

  int port_;
  std::string key_;
};

class TestServer {
 public:
  // `setup` runs after the App is built and before it binds (e.g. to add test routes).
  explicit TestServer(Config config = {}, std::function<void(App&)> setup = {}) {
    config.host = "127.0.0.1";
    config.port = 0;
    app_ = std::make_unique<App>(config);
    if (setup) setup(*app_);
    port_ = app_->bind();
    thread_ = std::thread([this] { app_->run(); });
  }
  ~TestServer() {
    app_->stop();
    thread_.join();
  }

  TestClient client(const std::string& key = "test-key") const { return TestClient(port_, key); }
  int port() const { return port_; }
  App& app() { return *app_; }

 private:
  std::unique_ptr<App> app_;
  int port_ = 0;
  std::thread thread_;
};

// A minimal valid v2 agent body.
inline Json agent_body(const std::string& name = "Alfred") {
  return Json::parse(R"({
    "agent_config": {
      "agent_name": ")" + name + R"(",
      "agent_welcome_message": "Hello {name}",
      "agent_type": "other",
      "tasks": [{
        "task_type": "conversation",
        "tools_config": {
          "llm_agent": {"agent_type": "simple_llm_agent", "agent_flow_type": "streaming",
                        "llm_config": {"provider": "openai", "model": "gpt-4.1-mini",
                                       "max_tokens": 100, "temperature": 0.1}},
          "synthesizer": {"provider": "elevenlabs", "provider_config": {"voice": "Nila"},
                          "stream": true, "buffer_size": 250, "audio_format": "wav"},
          "transcriber": {"provider": "deepgram", "model": "nova-2"},
          "input": {"provider": "plivo", "format": "wav"},
          "output": {"provider": "plivo", "format": "wav"}
        },
        "toolchain": {"execution": "parallel",
                      "pipelines": [["transcriber", "llm", "synthesizer"]]},
        "task_config": {"hangup_after_silence": 10}
      }]
    },
    "agent_prompts": {"task_1": {"system_prompt": "You are a helpful agent."}}
  })");
}

// Creates an agent through the API and returns its id (fails the test otherwise).
inline std::string create_agent(TestClient& client, const std::string& name = "Alfred") {
  Response r = client.post("/v2/agent", agent_body(name));
  REQUIRE(r.status == 201);
  return r.json["agent_id"].get<std::string>();
}

// A config whose tenants start on the manual clock.
inline Config manual_clock_config() {
  Config config;
  config.clock = "manual";
  return config;
}

// Sets the tenant's clock to `iso` (the tenant must have no pending work, or the
// move must be forward).
inline void set_clock(TestClient& client, const std::string& iso) {
  Response r = client.post("/__emulator/clock", Json{{"now", iso}, {"force", true}});
  REQUIRE(r.status == 200);
}

// Advances the tenant's clock and returns the response (now, events, ...).
inline Json advance(TestClient& client, double seconds) {
  Response r = client.post("/__emulator/clock/advance", Json{{"seconds", seconds}});
  REQUIRE(r.status == 200);
  return r.json;
}

inline Json run_until_idle(TestClient& client) {
  Response r = client.post("/__emulator/clock/run-until-idle");
  REQUIRE(r.status == 200);
  return r.json;
}

// Places a call and returns its execution id (fails the test otherwise).
inline std::string place_call(TestClient& client, const std::string& agent_id,
                              const std::string& to = "+919876543210", Json extra = Json::object()) {
  Json body = {{"agent_id", agent_id}, {"recipient_phone_number", to}};
  for (const auto& [k, v] : extra.items()) body[k] = v;
  Response r = client.post("/call", body);
  REQUIRE(r.status == 200);
  return r.json["execution_id"].get<std::string>();
}

inline Json get_execution(TestClient& client, const std::string& id) {
  Response r = client.get("/executions/" + id);
  REQUIRE(r.status == 200);
  return r.json;
}

}  // namespace bolna::testing
