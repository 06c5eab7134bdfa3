#include "app/app.h"

#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <filesystem>

#include "control/request_journal.h"
#include "control/routes/hooks.h"
#include "app/register_routes.h"
#include "fixtures/fixture_loader.h"
#include "http/utf8_hook.h"
#include "batches/batch.h"
#include "calls/execution.h"
#include "scenarios/scenario_loader.h"
#include "tenant/keys_file.h"
#include "webhooks/httplib_transport.h"

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

EventBusOptions event_bus_options(const Config& config) {
  EventBusOptions o;
  // An open stream hands its HTTP worker off (the engine starts a replacement), so the
  // cap only bounds the threads and queues streams use.
  o.max_subscribers = static_cast<size_t>(std::max(0, config.stream_max_subscribers));
  o.queue_limit = static_cast<size_t>(std::max(1, config.stream_queue));
  return o;
}

WebhookSettings webhook_settings(const Config& config) {
  WebhookSettings s;
  s.timeout_seconds = config.webhook_timeout;
  s.max_attempts = config.webhook_attempts;
  s.backoff_seconds = config.webhook_backoff;
  s.workers = config.webhook_workers;
  s.journal_size = config.webhook_journal_size;
  return s;
}

// Logs fixture entries that can never be used: keys the keys file does not declare, and
// (in the any-key mode) keys with the invalid- prefix, which are always refused.
void warn_unused_fixtures(const Fixtures& fixtures,
                          const std::optional<std::map<std::string, DeclaredKey>>& declared) {
  for (const auto& [key, fixture] : fixtures.tenants) {
    (void)fixture;
    if (declared && !declared->count(key))
      spdlog::warn("{}: {} is not declared in the keys file (--keys): the key is refused, so "
                   "this fixture is never used",
                   fixtures.file, fixture_tenant_path(key));
    if (!declared && key.rfind(kInvalidKeyPrefix, 0) == 0)
      spdlog::warn("{}: {}: keys starting with {} are refused without --keys, so this "
                   "fixture is never used",
                   fixtures.file, fixture_tenant_path(key), kInvalidKeyPrefix);
  }
}

// Gives the fixture's agents their extra webhook headers (the dispatcher keeps them).
// At creation (before the tenant is published) and after each reset (under its mutex,
// after the dispatcher has forgotten the old ones).
void apply_fixture_headers(WebhookDispatcher& webhooks, Tenant& t) {
  if (!t.fixture()) return;
  for (const FixtureAgent& a : t.fixture()->agents) {
    if (a.webhook_headers.empty()) continue;
    WebhookHeaders headers;
    for (const auto& [name, value] : a.webhook_headers) headers.emplace_back(name, value);
    webhooks.set_agent_headers(t, a.id, std::move(headers));
  }
}

bool has_fixture_headers(const Tenant& t) {
  if (!t.fixture()) return false;
  for (const FixtureAgent& a : t.fixture()->agents)
    if (!a.webhook_headers.empty()) return true;
  return false;
}

}  // namespace

App::App(Config config) : App(std::move(config), nullptr) {}

App::App(Config config, std::unique_ptr<WebhookTransport> transport)
    : config_(std::move(config)),
      metrics_(std::make_unique<metrics::EmulatorMetrics>(kSinkBodyLimit)),
      events_(std::make_unique<EventBus>(event_bus_options(config_))),
      work_(boost::asio::make_work_guard(io_)) {
  std::optional<std::map<std::string, DeclaredKey>> declared;
  if (!config_.keys_file.empty()) declared = load_keys_file(config_.keys_file);
  TenantSettings settings = tenant_settings(config_);
  settings.extra_numbers = parse_phone_number_list(config_.phone_numbers);
  std::string scenario_file = startup_scenario_file(config_);
  if (!scenario_file.empty()) settings.scenario = load_scenario_file(scenario_file);
  // Everything is loaded and checked before any tenant exists: a bad file stops the start
  // with nothing applied.
  std::shared_ptr<const Fixtures> fixtures;
  if (!config_.fixtures_file.empty()) {
    FixtureLoadOptions options;
    options.scenarios_dir = config_.scenarios_dir;
    options.always_owned = settings.extra_numbers;
    fixtures = load_fixtures_file(config_.fixtures_file, options);
    warn_unused_fixtures(*fixtures, declared);
  }
  tenants_ = std::make_unique<TenantRegistry>(std::move(declared), config_.seed, settings,
                                              std::move(fixtures), config_.max_tenants);
  driver_ = std::make_unique<RealtimeDriver>(io_);
  driver_->set_lag_observer([m = metrics_.get()](Micros lag) {
    m->observe_clock_lag(static_cast<double>(lag.count()) / 1e6);
  });
  if (config_.watch && scenario_file.empty())
    spdlog::warn("--watch: no scenario file to watch (no --scenario and no {}/default.json)",
                 config_.scenarios_dir);
  if (config_.watch && !scenario_file.empty())
    watcher_ = std::make_unique<ScenarioWatcher>(io_, *tenants_, scenario_file);
  directory_ = std::make_unique<TenantDirectory>(*tenants_);
  http_ = std::make_unique<HttpServer>(config_, *directory_);
  sink_ = std::make_unique<WebhookSink>();
  if (!transport) {
    HttplibTransport::Options options;
    options.workers = config_.webhook_workers;
    transport = std::make_unique<HttplibTransport>(options);
  }
  webhooks_ = std::make_unique<WebhookDispatcher>(webhook_settings(config_), config_.profile,
                                                  http_->public_url(), std::move(transport));
  webhooks_->set_attempt_observer([this](const std::string& key, const Json& attempt) {
    metrics_->observe_webhook_attempt(attempt.value("type", ""), attempt.value("result", ""),
                                      attempt.value("latency_ms", 0.0) / 1000.0);
    events_->publish(key, "webhook", attempt);
  });
  tenants_->on_create = [this](const std::shared_ptr<Tenant>& t) {
    driver_->attach(t);
    webhooks_->attach(t);  // its reset listener forgets the headers first...
    attach_live(t);
    if (has_fixture_headers(*t)) {
      apply_fixture_headers(*webhooks_, *t);
      WebhookDispatcher* webhooks = webhooks_.get();
      // ...then this one puts the fixture's back.
      t->reset_listeners.push_back([webhooks](Tenant& x) { apply_fixture_headers(*webhooks, x); });
    }
  };
  services_ = std::make_unique<Services>(
      Services{config_, *tenants_, io_, *webhooks_, *sink_, *events_, *metrics_});
  register_all_routes(http_->router(), *services_);
  add_control_hooks(*http_, *services_);
  // Last: faults and rate limits see the request first, as they would at a real server.
  // The file fields are decoded by their handlers (a batch CSV may be Windows-1252).
  http_->add_hook(make_utf8_hook({"file", "violation_file"}));
  trimmer_ = std::make_unique<MemoryTrimmer>(
      std::chrono::milliseconds(static_cast<long long>(config_.memory_trim_interval * 1000.0)));
  io_thread_ = std::thread([this] { io_.run(); });
}

void App::attach_live(const std::shared_ptr<Tenant>& tenant) {
  // The listeners run under the tenant's mutex; the tenant outlives its listeners, so a
  // plain pointer is safe. publish() returns at once when nobody watches the tenant.
  Tenant* t = tenant.get();
  t->status_listeners.push_back([this, t](CallAccount&, const Execution& e,
                                          const StatusChange& c) {
    metrics_->observe_transition(c.to);
    if (!events_->watched(t->key())) return;
    events_->publish(
        t->key(), "status",
        Json{{"execution_id", e.id},
             {"agent_id", e.agent_id},
             {"batch_id", e.batch_id.empty() ? Json() : Json(e.batch_id)},
             {"from", c.from.empty() ? Json() : Json(c.from)},
             {"to", c.to},
             {"at", format_iso_utc(c.at)},
             {"call_type", e.call_type},
             {"recipient", e.user_number},
             {"outcome", e.script ? Json(e.script->name) : Json()}},
        [&] { return execution_to_json(e, config_.profile, http_->public_url()); });
  });
  t->batch_listeners.push_back([this, t](BatchAccount&, const Batch& b) {
    metrics_->observe_batch_transition(b.status);
    if (!events_->watched(t->key())) return;
    events_->publish(t->key(), "batch", batch_to_json(b, t->now(), config_.profile));
  });
  t->reset_listeners.push_back([this](Tenant& x) {
    events_->publish(x.key(), "reset", Json{{"at", format_iso_utc(x.now())}});
  });
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

void App::stop() {
  events_->close();  // ends every open stream at its next poll
  cancel_fault_delays();  // a latency fault must not hold up the shutdown
  http_->stop();
  // Bounded (kShutdownGrace): hung posts are abandoned, clock moves waiting on them return.
  webhooks_->shutdown();
}

void App::handle_signals() {
  auto signals = std::make_shared<boost::asio::signal_set>(io_, SIGINT, SIGTERM);
  signals->async_wait([this, signals](const boost::system::error_code& ec, int) {
    if (!ec) stop();
  });
}

}  // namespace bolna
