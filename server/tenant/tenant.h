// Tenant: one API key's account. A small aggregate of per-concern parts: the calls and
// batches (BatchAccount, which the engines in calls/ and batches/ work on), the
// catalogue of secondary resources (catalogue()), the control-API state (control()),
// and the account's identity and scenario choice. Tenants never see each other.
//
// Thread safety: every member is guarded by `mutex` (Account::mutex). The dispatcher holds it while a
// handler runs (RouteOptions::lock_tenant); timers and hooks take it before touching a
// tenant. Owned by TenantRegistry through shared_ptr; references returned by
// catalogue() and control() live as long as the tenant.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "batches/batch_account.h"
#include "clock/clocked.h"
#include "clock/virtual_clock.h"
#include "common/account.h"
#include "scenarios/scenario.h"

namespace bolna {

struct Catalogue;
struct ControlState;
class JournalBudget;

// Defaults every new (or reset) tenant starts from; from the command line.
struct TenantSettings {
  ClockMode clock_mode = ClockMode::kRealtime;
  double clock_speed = 1.0;
  int max_concurrency = 10;
  double wallet_cents = 10000.0;  // $100.00
  std::shared_ptr<const Scenario> scenario;  // null: the built-in default scenario
  size_t journal_size = 1000;  // --journal-size
  bool rate_limits = false;    // --rate-limits: documented limits on from the start
  size_t max_executions = 0;   // --max-executions (0: no limit)
  // --max-journal-bytes: shared by every tenant's request journal (null: no bound).
  std::shared_ptr<JournalBudget> journal_budget;
};

class Tenant : public BatchAccount, public Account, public Clocked {
 public:
  Tenant(std::string key, bool read_only, uint64_t seed, const TenantSettings& settings);
  ~Tenant();

  const std::string& key() const { return key_; }
  bool read_only() const override { return read_only_; }
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

  // Deletes an agent and everything that belongs to it (executions, batches; phone
  // numbers and dispositions are unlinked, its extraction categories deleted). Returns
  // false when there was no such agent. Caller holds `mutex`.
  bool remove_agent(const std::string& agent_id);

  // True when `number` may be used as from_phone_number: a number the tenant bought (or
  // its default number) or a number on one of its SIP trunks ("+" optional for those).
  bool owns_number(const std::string& number) const;
  // The account's default caller number ("" when it has none left).
  std::string default_number() const;

  // Clocked (the realtime driver): takes `mutex` itself; see clock/clocked.h.
  std::optional<TimePoint> run_realtime_due(size_t max_tasks) override;
  void set_wake(std::function<void()> wake) override;

  // The secondary resources (catalogue/catalogue.h) and the control-API state
  // (control/control_state.h). Valid for the tenant's lifetime.
  Catalogue& catalogue() { return *catalogue_; }
  const Catalogue& catalogue() const { return *catalogue_; }
  ControlState& control() { return *control_; }
  const ControlState& control() const { return *control_; }

  // The account's user id (= account_id(), GET /user/me "id") and organization id.
  const std::string& user_id() const { return account_id_; }
  const std::string& organization_id() const { return organization_id_; }
  // For a sub-account tenant: the key of the organization that created it; "" otherwise.
  const std::string& parent_key() const { return parent_key_; }
  void set_parent_key(std::string key) { parent_key_ = std::move(key); }

  // Called (under `mutex`) at the end of every reset(), e.g. so the webhook dispatcher
  // forgets the tenant's queues and journal. Wiring, not state: survives reset().
  std::vector<std::function<void(Tenant&)>> reset_listeners;

 private:
  std::unique_ptr<Catalogue> catalogue_;
  std::unique_ptr<ControlState> control_;
  std::string key_;
  bool read_only_;
  uint64_t seed_;
  TenantSettings settings_;
  std::string account_id_;
  bool own_scenario_ = false;
  std::string organization_id_;
  std::string parent_key_;
};

}  // namespace bolna
