#include "app/app.h"

#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <filesystem>

#include "control/request_journal.h"
#include "control/routes/hooks.h"
#include "app/register_routes.h"
#include "http/utf8_hook.h"
#include "scenarios/scenario_loader.h"
#include "tenant/keys_file.h"

namespace bolna {

namespace {

TenantSettings tenant_settings(const Config& config) {
  TenantSettings s;
  s.clock_mode = config.clock == "manual" ? ClockMode::kManual : ClockMode::kRealtime;
  s.clock_speed = config.clock_speed;
  s.max_concurrency = config.concurrency;
  s.wallet_cents = config.wallet * 100.0;
  s.journal_size = config.journal_size;
  s.rate_limits = config.rate_limits;
  s.max_executions = config.max_executions;
  if (config.max_journal_bytes > 0)
    s.journal_budget = std::make_shared<JournalBudget>(config.max_journal_bytes);
  return s;
}

// The startup scenario's file: --scenario as a path, else as a name under
// --scenarios-dir; without --scenario, <scenarios-dir>/default.json when present.
// "" means the built-in default.
std::string startup_scenario_file(const Config& config) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (config.scenario_file.empty()) {
    std::string file = config.scenarios_dir + "/default.json";
    return fs::is_regular_file(file, ec) ? file : "";
  }
  if (fs::exists(config.scenario_file, ec)) return config.scenario_file;
  std::string error;
  std::string named = scenario_file_in(config.scenarios_dir, config.scenario_file, &error);
  if (!named.empty() && fs::exists(named, ec)) return named;
  return config.scenario_file;  // loading it reports "cannot read file"
}

WebhookSettings webhook_settings(const Config& config) {
  WebhookSettings s;
  s.timeout_seconds = config.webhook_timeout;
  s.max_attempts = config.webhook_attempts;
  s.backoff_seconds = config.webhook_backoff;
  s.workers = config.webhook_workers;
  return s;
}

}  // namespace

App::App(Config config) : config_(std::move(config)), work_(boost::asio::make_work_guard(io_)) {
  std::optional<std::map<std::string, DeclaredKey>> declared;
  if (!config_.keys_file.empty()) declared = load_keys_file(config_.keys_file);
  TenantSettings settings = tenant_settings(config_);
  std::string scenario_file = startup_scenario_file(config_);
  if (!scenario_file.empty()) settings.scenario = load_scenario_file(scenario_file);
  tenants_ = std::make_unique<TenantRegistry>(std::move(declared), config_.seed, settings,
                                              config_.max_tenants);
  driver_ = std::make_unique<RealtimeDriver>(io_);
  if (config_.watch && scenario_file.empty())
    spdlog::warn("--watch: no scenario file to watch (no --scenario and no {}/default.json)",
                 config_.scenarios_dir);
  if (config_.watch && !scenario_file.empty())
    watcher_ = std::make_unique<ScenarioWatcher>(io_, *tenants_, scenario_file);
  directory_ = std::make_unique<TenantDirectory>(*tenants_);
  http_ = std::make_unique<HttpServer>(config_, *directory_);
  sink_ = std::make_unique<WebhookSink>();
  webhooks_ = std::make_unique<WebhookDispatcher>(webhook_settings(config_), config_.profile,
                                                  http_->public_url());
  tenants_->on_create = [this](const std::shared_ptr<Tenant>& t) {
    driver_->attach(t);
    webhooks_->attach(t);
  };
  services_ = std::make_unique<Services>(Services{config_, *tenants_, io_, *webhooks_, *sink_});
  register_all_routes(http_->router(), *services_);
  add_control_hooks(*http_, *services_);
  // Last: faults and rate limits see the request first, as they would at a real server.
  // The file fields are decoded by their handlers (a batch CSV may be Windows-1252).
  http_->add_hook(make_utf8_hook({"file", "violation_file"}));
  io_thread_ = std::thread([this] { io_.run(); });
}

App::~App() {
  stop();
  work_.reset();
  io_.stop();
  if (io_thread_.joinable()) io_thread_.join();
  // After the timer thread: no status change can queue a webhook any more.
  webhooks_->shutdown();
}

int App::bind() { return http_->bind(); }

void App::run() { http_->listen(); }

void App::stop() { http_->stop(); }

void App::handle_signals() {
  auto signals = std::make_shared<boost::asio::signal_set>(io_, SIGINT, SIGTERM);
  signals->async_wait([this, signals](const boost::system::error_code& ec, int) {
    if (!ec) stop();
  });
}

}  // namespace bolna
