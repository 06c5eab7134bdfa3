#include "tenant/tenant.h"

#include "domain/batch_engine.h"
#include "domain/call_engine.h"

namespace bolna {

Tenant::Tenant(std::string key, bool read_only, uint64_t seed, const TenantSettings& settings)
    : clock(settings.clock_mode, settings.clock_speed),
      ids(seed),
      journal(settings.journal_size),
      rate_limits(RateLimitConfig::documented(settings.rate_limits)),
      max_concurrency(settings.max_concurrency),
      wallet_cents(settings.wallet_cents),
      scenario(settings.scenario ? settings.scenario : default_scenario()),
      key_(std::move(key)),
      read_only_(read_only),
      seed_(seed),
      settings_(settings) {
  account_id_ = ids.uuid();
  scenario_picks = PickState(seed_);
  // Keeps every batch's execution_status counts in step with its executions.
  status_listeners.push_back(track_batch_execution);
  // The organization id comes from a generator of their own, so it does not shift
  // the sequence of resource ids a seed produces.
  IdGenerator account_ids(seed ^ 0x9e3779b97f4a7c15ULL);
  organization_id_ = account_ids.uuid();
  phone_numbers.reset(clock.now());
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
  scenario = settings_.scenario ? settings_.scenario : default_scenario();
  scenario_picks = PickState(seed_);
  own_scenario_ = false;
  wake();
  journal.reset();
  faults.reset();
  rate_limits.configure(RateLimitConfig::documented(settings_.rate_limits));
  phone_numbers.reset(clock.now());
  knowledgebases.clear();
  provider_keys.clear();
  custom_models.clear();
  sub_accounts.clear();
  sip_trunks.clear();
  dispositions.clear();
  extraction_categories.clear();
  extraction_templates.clear();
  violations.clear();
  graph_events.clear();
  for (const auto& listener : reset_listeners) listener(*this);
}

void Tenant::use_scenario(std::shared_ptr<const Scenario> s) {
  scenario = std::move(s);
  scenario_picks.clear();
  own_scenario_ = true;
}

void Tenant::use_startup_scenario() {
  scenario = settings_.scenario ? settings_.scenario : default_scenario();
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
  phone_numbers.unlink_agent(agent_id);
  unlink_agent_dispositions(dispositions, agent_id);
  extraction_categories.remove_if(
      [&](const ExtractionCategory& c) { return c.agent_id == agent_id; });
  return true;
}

size_t Tenant::run_due(TimePoint limit, size_t max_tasks) {
  size_t n = 0;
  TimePoint at;
  TaskFn fn;
  while (n < max_tasks && scheduler.pop_due(limit, &at, &fn)) {
    task_time_ = at;
    fn(*this);
    ++n;
  }
  task_time_.reset();
  return n;
}

bool Tenant::owns_number(const std::string& number) const {
  if (phone_numbers.owns(number)) return true;
  for (const SipTrunk* trunk : sip_trunks.all())
    for (const SipTrunkNumber& n : trunk->numbers)
      if (same_number(n.phone_number, number)) return true;
  return false;
}

}  // namespace bolna
