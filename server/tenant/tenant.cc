#include "tenant/tenant.h"

#include <algorithm>

#include "batches/batch_engine.h"
#include "calls/call_engine.h"
#include "catalogue/catalogue.h"
#include "control/control_state.h"

namespace bolna {

namespace {

std::shared_ptr<const Scenario> scenario_or_default(const TenantSettings& settings) {
  return settings.scenario ? settings.scenario : default_scenario();
}

// The tenant's own defaults: the command line's, with what the fixture sets.
TenantSettings with_fixture(TenantSettings s, const TenantFixture* f) {
  if (!f) return s;
  if (f->wallet_cents) s.wallet_cents = *f->wallet_cents;
  if (f->concurrency) s.max_concurrency = *f->concurrency;
  if (f->scenario) s.scenario = f->scenario;
  return s;
}

double number_price_cents(const std::string& e164) {
  return e164.rfind("+91", 0) == 0 ? 400.0 : 500.0;
}

}  // namespace

Tenant::Tenant(std::string key, bool read_only, uint64_t seed, const TenantSettings& settings,
               std::shared_ptr<const TenantFixture> fixture)
    : BatchAccount(settings.clock_mode, settings.clock_speed, seed,
                   with_fixture(settings, fixture.get()).max_concurrency,
                   with_fixture(settings, fixture.get()).wallet_cents,
                   scenario_or_default(with_fixture(settings, fixture.get()))),
      catalogue_(std::make_unique<Catalogue>()),
      control_(std::make_unique<ControlState>(settings.journal_size, settings.rate_limits,
                                              settings.journal_budget)),
      key_(std::move(key)),
      read_only_(read_only),
      seed_(seed),
      settings_(with_fixture(settings, fixture.get())),
      fixture_(std::move(fixture)),
      fixture_scenario_(fixture_ && fixture_->scenario) {
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
  restore_owned_state();
}

Tenant::~Tenant() = default;

void Tenant::restore_owned_state() {
  TimePoint now = clock.now();
  PhoneNumberStore& numbers = catalogue_->phone_numbers;
  auto add_number = [&](const std::string& e164, std::string id, const std::string& provider) {
    if (id.empty() || numbers.find(id)) id = declared_number_id(e164);
    PhoneNumber n;
    n.id = std::move(id);
    n.phone_number = e164;
    n.telephony_provider = provider;
    n.price_cents = number_price_cents(e164);
    n.rented = true;
    n.telephony_sid = e164.substr(1);
    n.created_at = n.updated_at = now;
    return &numbers.add(std::move(n));
  };
  for (const std::string& e164 : settings_.extra_numbers)
    if (!numbers.owns(e164))
      add_number(e164, declared_number_id(e164), declared_number_provider(e164));
  if (!fixture_) return;
  for (const FixtureAgent& a : fixture_->agents) agents.create(a.id, a.config, a.prompts, now);
  for (const FixtureNumber& f : fixture_->phone_numbers) {
    PhoneNumber* n = numbers.find_by_number(f.phone_number);
    if (n)
      n->telephony_provider = f.provider;
    else
      n = add_number(f.phone_number, f.id, f.provider);
    n->agent_id = f.agent_id;
  }
}

TenantFixture Tenant::capture_fixture() const {
  TenantFixture f;
  for (const Agent* a : agents.all())
    f.agents.push_back(FixtureAgent{a->id, a->config, a->prompts, {}});
  for (const PhoneNumber* n : catalogue_->phone_numbers.all()) {
    bool always = n->phone_number == kDefaultPhoneNumber ||
                  std::find(settings_.extra_numbers.begin(), settings_.extra_numbers.end(),
                            n->phone_number) != settings_.extra_numbers.end();
    bool unchanged =
        !n->agent_id && n->telephony_provider == declared_number_provider(n->phone_number);
    if (always && unchanged) continue;
    f.phone_numbers.push_back(
        FixtureNumber{n->phone_number, n->telephony_provider, n->agent_id, n->id});
  }
  f.wallet_cents = wallet_cents;
  f.concurrency = max_concurrency;
  if (own_scenario_ || fixture_scenario_) f.scenario = scenario;
  return f;
}

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
  restore_owned_state();
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
  if (fixture_scenario_) return;  // the fixture's scenario is this tenant's startup one
  settings_.scenario = std::move(s);
  if (!own_scenario_) use_startup_scenario();
}

bool Tenant::remove_agent(const std::string& agent_id) {
  const std::string id = agent_id;  // `agent_id` may live inside the agent removed below
  if (!agents.remove(id)) return false;
  remove_batches_of_agent(*this, id);
  remove_executions_of_agent(*this, id);
  catalogue_->forget_agent(id);
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
