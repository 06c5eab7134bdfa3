#include "tenant/tenant.h"

#include "batches/batch_engine.h"
#include "calls/call_engine.h"
#include "catalogue/catalogue.h"
#include "control/control_state.h"

namespace bolna {

namespace {

std::shared_ptr<const Scenario> scenario_or_default(const TenantSettings& settings) {
  return settings.scenario ? settings.scenario : default_scenario();
}

}  // namespace

Tenant::Tenant(std::string key, bool read_only, uint64_t seed, const TenantSettings& settings)
    : BatchAccount(settings.clock_mode, settings.clock_speed, seed, settings.max_concurrency,
                   settings.wallet_cents, scenario_or_default(settings)),
      catalogue_(std::make_unique<Catalogue>()),
      control_(std::make_unique<ControlState>(settings.journal_size, settings.rate_limits,
                                              settings.journal_budget)),
      key_(std::move(key)),
      read_only_(read_only),
      seed_(seed),
      settings_(settings) {
  account_id_ = ids.uuid();
  max_executions = settings.max_executions;
  scenario_picks = PickState(seed_);
  // Keeps every batch's execution_status counts in step with its executions.
  status_listeners.push_back([this](CallAccount&, const Execution& e, const StatusChange& c) {
    track_batch_execution(*this, e, c);
  });
  // The organization id comes from a generator of their own, so it does not shift
  // the sequence of resource ids a seed produces.
  IdGenerator account_ids(seed ^ 0x9e3779b97f4a7c15ULL);
  organization_id_ = account_ids.uuid();
  catalogue_->phone_numbers.reset(clock.now());
}

Tenant::~Tenant() = default;

void Tenant::reset() {
  clock = VirtualClock(settings_.clock_mode, settings_.clock_speed);
  ids = IdGenerator(seed_);
  account_id_ = ids.uuid();
  agents.clear();
  executions.clear();
  batches.clear();
  scheduler.clear();
  dial_queue.clear();
  active_calls = 0;
  max_concurrency = settings_.max_concurrency;
  wallet_cents = settings_.wallet_cents;
  scenario = scenario_or_default(settings_);
  scenario_picks = PickState(seed_);
  own_scenario_ = false;
  wake();
  control_->reset(settings_.rate_limits);
  catalogue_->reset(clock.now());
  for (const auto& listener : reset_listeners) listener(*this);
}

void Tenant::use_scenario(std::shared_ptr<const Scenario> s) {
  scenario = std::move(s);
  scenario_picks.clear();
  own_scenario_ = true;
}

void Tenant::use_startup_scenario() {
  scenario = scenario_or_default(settings_);
  scenario_picks.clear();
  own_scenario_ = false;
}

void Tenant::set_startup_scenario(std::shared_ptr<const Scenario> s) {
  settings_.scenario = std::move(s);
  if (!own_scenario_) use_startup_scenario();
}

bool Tenant::remove_agent(const std::string& agent_id) {
  if (!agents.remove(agent_id)) return false;
  remove_batches_of_agent(*this, agent_id);
  remove_executions_of_agent(*this, agent_id);
  catalogue_->forget_agent(agent_id);
  return true;
}

bool Tenant::owns_number(const std::string& number) const {
  return catalogue_->owns_number(number);
}

std::optional<TimePoint> Tenant::run_realtime_due(size_t max_tasks) {
  std::lock_guard lock(mutex);
  if (clock.mode() != ClockMode::kRealtime) return std::nullopt;
  run_due(clock.now(), max_tasks);
  if (auto next = scheduler.next_due()) return clock.wall_time_for(*next);
  return std::nullopt;
}

void Tenant::set_wake(std::function<void()> wake) { scheduler.on_earliest_changed = std::move(wake); }

std::string Tenant::default_number() const { return catalogue_->phone_numbers.default_number(); }

}  // namespace bolna
