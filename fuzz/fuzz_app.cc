#include "fuzz_app.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "app/app.h"
#include "control/routes/hooks.h"
#include "fuzz_check.h"
#include "offline_transport.h"

#ifndef BOLNA_SOURCE_DIR
#error "BOLNA_SOURCE_DIR (the repository) must be defined"
#endif

namespace bolna::fuzz {

namespace {

// Errors a request must never log: a handler or hook that threw something other than an
// ApiError (the client saw a 500 "Internal server error").
class ErrorLogCheck final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string text(msg.payload.data(), msg.payload.size());
    if (text.find("unexpected exception") != std::string::npos ||
        text.find("request hook failed") != std::string::npos)
      fail("error logged while serving a request: " + text);
  }
  void flush_() override {}
};

Config fuzz_config() {
  Config c;
  c.port = 0;
  c.clock = "manual";
  c.seed = 14;
  c.threads = 1;  // so App allows no event stream (one would never end)
  c.admin_token = kAdminToken;
  c.fixtures_file = BOLNA_SOURCE_DIR "/fixtures/example.json";
  c.scenarios_dir = BOLNA_SOURCE_DIR "/scenarios";
  c.max_upload_bytes = 1 << 20;
  c.webhook_timeout = 0.2;
  c.webhook_workers = 1;
  c.max_tenants = 16;
  c.journal_size = 100;
  c.max_journal_bytes = 1 << 20;
  c.max_executions = 5000;
  c.log_level = "error";
  return c;
}

const std::string& reset_request() {
  static const std::string bytes =
      std::string("POST /__emulator/reset HTTP/1.1\r\nHost: fuzz\r\nX-Emulator-Admin-Token: ") +
      kAdminToken +
      "\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"all\":true}";
  return bytes;
}

bool is_error_shape(const Json& j) {
  if (!j.is_object()) return false;
  if (j.contains("error") && j["error"].is_number_integer() && j.contains("message") &&
      j["message"].is_string())
    return true;
  if (j.contains("detail") && j["detail"].is_string()) return true;
  return j.contains("message") && j["message"].is_string() && !j.contains("error");
}

std::unique_ptr<App> make_app() {
  auto app = std::make_unique<App>(fuzz_config(), std::make_unique<OfflineTransport>());
  cancel_fault_delays();  // latency faults answer at once (App's fault hook re-arms them)
  return app;
}

}  // namespace

FuzzApp& FuzzApp::instance() {
  static FuzzApp* app = new FuzzApp();  // never destroyed: its threads end with the process
  return *app;
}

FuzzApp::FuzzApp() : trace_(std::getenv("BOLNA_FUZZ_TRACE") != nullptr) {
  auto logger = std::make_shared<spdlog::logger>("fuzz", std::make_shared<ErrorLogCheck>());
  logger->set_level(spdlog::level::err);
  spdlog::set_default_logger(logger);
  app_ = make_app();
}

void FuzzApp::begin_input() {
  if (++inputs_ % kInputsPerApp == 0) {
    app_.reset();
    app_ = make_app();
  }
  InProcessResponse r = app_->http().serve_in_process(reset_request());
  require(r.status == 200, "the admin reset answered " + std::to_string(r.status) + ": " + r.body);
}

InProcessResponse FuzzApp::serve(std::string_view request) {
  InProcessResponse r = app_->http().serve_in_process(request);
  size_t space = request.find(' ');
  check_response(r, request.substr(0, space == std::string_view::npos ? 0 : space));
  if (trace_) {
    std::string_view line = request.substr(0, request.find('\r'));
    std::fprintf(stderr, "  %.*s -> %d %.*s\n", static_cast<int>(line.size()), line.data(),
                 r.status, static_cast<int>(std::min<size_t>(r.body.size(), 160)), r.body.data());
  }
  return r;
}

void check_response(const InProcessResponse& r, std::string_view method) {
  std::string head = r.raw.substr(0, 300);
  if (r.dropped) {
    // Only a "drop" fault leaves no usable response (it writes status 0).
    require(r.raw.rfind("HTTP/1.1 0 ", 0) == 0, "no valid response: [" + head + "]");
    return;
  }
  if (method == "HEAD") return;  // no body
  bool fault = !r.header("X-Emulator-Fault").empty();
  bool json = r.header("Content-Type").rfind("application/json", 0) == 0;
  Json body = Json::parse(r.body, nullptr, false);
  if (json && !fault)
    require(!body.is_discarded(), "an application/json body is not JSON: [" + head + "]");
  if (r.status >= 400 && !fault)
    require(is_error_shape(body), "a " + std::to_string(r.status) +
                                      " body is not in a documented error shape: [" + head + "]");
}

}  // namespace bolna::fuzz
