// Tenant: one API key's account: its clock, id generator and every store of its
// resources. Tenants never see each other. All members are guarded by `mutex`; the
// dispatcher holds it while a handler runs (RouteOptions::lock_tenant), and timers take
// it before touching a tenant. Owned by TenantRegistry through shared_ptr.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "control/fault_set.h"
#include "control/rate_limiter.h"
#include "control/request_journal.h"
#include "domain/agent_store.h"
#include "domain/batch_store.h"
#include "domain/execution_store.h"
#include "domain/scenario.h"
#include "domain/scheduler.h"
#include "domain/disposition.h"
#include "domain/extraction_category.h"
#include "domain/extraction_template.h"
#include "domain/knowledgebase.h"
#include "domain/phone_number.h"
#include "domain/provider_key.h"
#include "domain/sip_trunk.h"
#include "domain/sub_account.h"
#include "domain/violation.h"
#include "domain/virtual_clock.h"
#include "util/ids.h"

namespace bolna {

// Defaults every new (or reset) tenant starts from; from the command line.
struct TenantSettings {
  ClockMode clock_mode = ClockMode::kRealtime;
  double clock_speed = 1.0;
  int max_concurrency = 10;
  double wallet_cents = 10000.0;  // $100.00
  std::shared_ptr<const Scenario> scenario;  // null: the built-in default scenario
  size_t journal_size = 1000;  // --journal-size
  bool rate_limits = false;    // --rate-limits: documented limits on from the start
};

// One transition fired while the clock moved (POST /__emulator/clock/advance).
struct TransitionEvent {
  std::string execution_id;
  std::string from;
  std::string to;
  TimePoint at;
};

// Collects the transitions of one advance; keeps the first `limit`, counts all.
struct TransitionLog {
  std::vector<TransitionEvent> events;
  size_t total = 0;
  size_t limit = 10000;
};

// One graph-agent event accepted by POST /v1/call/{run_id}/events.
struct GraphEvent {
  std::string run_id;
  std::string event;
  Json properties;
  TimePoint at;
};
inline constexpr size_t kMaxGraphEvents = 1000;  // the oldest are dropped beyond this

class Tenant {
 public:
  Tenant(std::string key, bool read_only, uint64_t seed, const TenantSettings& settings);

  const std::string& key() const { return key_; }
  bool read_only() const { return read_only_; }
  // A stable account id (uuid) for GET /user/me.
  const std::string& account_id() const { return account_id_; }

  // Forgets every resource, the request journal and the faults, and restarts the clock,
  // wallet, concurrency, scenario and rate limits from the tenant's defaults
  // (POST /__emulator/reset). Caller holds `mutex`.
  void reset();

  // Scenario switching (control API and --watch). Each clears the mixes' generators.
  // Caller holds `mutex`.
  // Makes `s` the tenant's own scenario (PUT /__emulator/scenario); reset() drops it.
  void use_scenario(std::shared_ptr<const Scenario> s);
  // Goes back to the startup scenario (DELETE /__emulator/scenario).
  void use_startup_scenario();
  // Replaces the startup scenario (a --watch reload); tenants using their own keep it.
  void set_startup_scenario(std::shared_ptr<const Scenario> s);
  // True after use_scenario() until use_startup_scenario() or reset().
  bool has_own_scenario() const { return own_scenario_; }

  // The tenant's current virtual time. While a scheduled task runs, the time it was due
  // (so its stamps are exact even when the clock has moved past it). Use this, not
  // clock.now(), for every stamp.
  TimePoint now() const { return task_time_ ? *task_time_ : clock.now(); }

  // Runs every task due at or before `limit`, in order, each seeing now() == its due
  // time; at most `max_tasks`. Returns how many ran. Caller holds `mutex`.
  size_t run_due(TimePoint limit, size_t max_tasks = SIZE_MAX);

  // Tells the realtime driver to re-arm its timer (after a clock change). Never blocks.
  void wake() const {
    if (scheduler.on_earliest_changed) scheduler.on_earliest_changed();
  }

  // Deletes an agent and everything that belongs to it (executions, batches; phone
  // numbers and dispositions are unlinked, its extraction categories deleted). Returns false when there was no
  // such agent. Caller holds `mutex`.
  bool remove_agent(const std::string& agent_id);

  // True when `number` may be used as from_phone_number: a number the tenant bought (or
  // its default number) or a number on one of its SIP trunks ("+" optional for those).
  bool owns_number(const std::string& number) const;

  // The account's user id (= account_id(), GET /user/me "id") and organization id.
  const std::string& user_id() const { return account_id_; }
  const std::string& organization_id() const { return organization_id_; }
  // For a sub-account tenant: the key of the organization that created it; "" otherwise.
  const std::string& parent_key() const { return parent_key_; }
  void set_parent_key(std::string key) { parent_key_ = std::move(key); }

  std::mutex mutex;
  VirtualClock clock;
  IdGenerator ids;
  AgentStore agents;
  // Control API state (api/hooks.h reads them on every request, taking `mutex` briefly).
  RequestJournal journal;
  FaultSet faults;
  RateLimiter rate_limits;
  PhoneNumberStore phone_numbers;  // starts with the default number
  KnowledgebaseStore knowledgebases;
  ProviderKeyStore provider_keys;
  CustomModelStore custom_models;
  SubAccountStore sub_accounts;
  SipTrunkStore sip_trunks;
  DispositionStore dispositions;
  ExtractionCategoryStore extraction_categories;
  ExtractionTemplateStore extraction_templates;
  ViolationStore violations;
  std::deque<GraphEvent> graph_events;  // newest last, at most kMaxGraphEvents

  // Calls.
  ExecutionStore executions;
  Scheduler scheduler;
  std::deque<std::string> dial_queue;  // queued executions waiting for a free slot
  int active_calls = 0;                // executions holding a concurrency slot
  int max_concurrency;
  double wallet_cents;
  std::shared_ptr<const Scenario> scenario;
  PickState scenario_picks;  // the state of `scenario`'s weighted mixes
  TransitionLog* transition_log = nullptr;  // set while the clock control API advances

  // Called (under `mutex`) after every execution status change, e.g. by the webhook
  // dispatcher. Wiring, not state: survives reset().
  std::vector<std::function<void(Tenant&, const Execution&, const StatusChange&)>>
      status_listeners;
  // Called (under `mutex`) at the end of every reset(), e.g. so the webhook dispatcher
  // forgets the tenant's queues and journal. Wiring, not state: survives reset().
  std::vector<std::function<void(Tenant&)>> reset_listeners;

  // Batches (CSV campaigns); their lifecycle is in domain/batch_engine.h.
  BatchStore batches;
  // Called (under `mutex`) on EVERY batch status change, including the first
  // ("created"), after the change is recorded; e.g. the batch webhook sends
  // batch_to_json(batch, t.now(), profile) to batch.webhook_url. Wiring, not state:
  // survives reset().
  std::vector<std::function<void(Tenant&, const Batch&)>> batch_listeners;

 private:
  std::string key_;
  bool read_only_;
  uint64_t seed_;
  TenantSettings settings_;
  std::string account_id_;
  std::optional<TimePoint> task_time_;
  bool own_scenario_ = false;
  std::string organization_id_;
  std::string parent_key_;
};

}  // namespace bolna
