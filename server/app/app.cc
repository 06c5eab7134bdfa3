#include "app/app.h"

#include <boost/asio/signal_set.hpp>

#include <csignal>

#include "api/hooks.h"
#include "api/routes.h"
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
  return s;
}

}  // namespace

App::App(Config config) : config_(std::move(config)), work_(boost::asio::make_work_guard(io_)) {
  std::optional<std::map<std::string, DeclaredKey>> declared;
  if (!config_.keys_file.empty()) declared = load_keys_file(config_.keys_file);
  tenants_ = std::make_unique<TenantRegistry>(std::move(declared), config_.seed,
                                              tenant_settings(config_));
  driver_ = std::make_unique<RealtimeDriver>(io_);
  tenants_->on_create = [this](const std::shared_ptr<Tenant>& t) { driver_->attach(t); };
  services_ = std::make_unique<Services>(Services{config_, *tenants_, io_});
  http_ = std::make_unique<HttpServer>(config_, *tenants_);
  register_all_routes(http_->router(), *services_);
  add_control_hooks(*http_, *services_);
  io_thread_ = std::thread([this] { io_.run(); });
}

App::~App() {
  stop();
  work_.reset();
  io_.stop();
  if (io_thread_.joinable()) io_thread_.join();
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
