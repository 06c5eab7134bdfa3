// App: one running emulator: config, tenants, the HTTP server with every route, and the
// Asio timer thread. main() and the integration tests create one; bind() then run() on
// one thread, stop() from any thread. Not copyable.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <thread>

#include "app/memory_trimmer.h"
#include "app/scenario_watcher.h"
#include "app/tenant_directory.h"
#include "clock/realtime_driver.h"
#include "common/config.h"
#include "events/event_bus.h"
#include "handler/services.h"
#include "http/http_server.h"
#include "metrics/emulator_metrics.h"
#include "tenant/tenant_registry.h"
#include "webhooks/webhook_dispatcher.h"
#include "webhooks/webhook_sink.h"

namespace bolna {

class App {
 public:
  // Throws std::runtime_error on an unusable config (e.g. an unreadable keys file, an
  // invalid startup scenario: ScenarioFileError "<file>: <json path>: <problem>", an
  // invalid fixtures file: FixtureError "<file>: tenants[\"k\"].<path>: <problem>", or a
  // bad --phone-numbers item). Nothing is served or applied when it throws.
  explicit App(Config config);
  // The same with the webhook transport given instead of App's own HttplibTransport,
  // which posts over the network (e.g. one that never leaves the process, for fuzzing).
  // Null means HttplibTransport.
  App(Config config, std::unique_ptr<WebhookTransport> transport);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Binds the listening socket; returns the port.
  int bind();
  // Serves until stop() (or SIGINT/SIGTERM when handle_signals() was called); returns
  // once requests in flight have finished.
  void run();
  void stop();
  // Makes SIGINT and SIGTERM call stop().
  void handle_signals();

  const Config& config() const { return config_; }
  Services& services() { return *services_; }
  HttpServer& http() { return *http_; }
  const std::string& public_url() const { return http_->public_url(); }
  EventBus& events() { return *events_; }
  metrics::EmulatorMetrics& metrics() { return *metrics_; }

 private:
  // Hooks a new tenant's status, batch and reset listeners to the event bus and metrics.
  void attach_live(const std::shared_ptr<Tenant>& tenant);

  Config config_;
  std::unique_ptr<metrics::EmulatorMetrics> metrics_;
  std::unique_ptr<EventBus> events_;
  std::unique_ptr<TenantRegistry> tenants_;
  std::unique_ptr<TenantDirectory> directory_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::unique_ptr<RealtimeDriver> driver_;
  std::unique_ptr<ScenarioWatcher> watcher_;  // with --watch
  std::unique_ptr<Services> services_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<WebhookSink> sink_;
  std::unique_ptr<WebhookDispatcher> webhooks_;
  std::unique_ptr<MemoryTrimmer> trimmer_;  // --memory-trim-interval
  std::thread io_thread_;
};

}  // namespace bolna
