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
#include <unordered_map>
#include <vector>

#include "batches/batch_account.h"
#include "clock/clocked.h"
#include "clock/virtual_clock.h"
#include "common/account.h"
#include "fixtures/fixtures.h"
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
  // --phone-numbers: E.164 numbers every tenant owns besides the default number (ids
  // from declared_number_id, provider from declared_number_provider).
  std::vector<std::string> extra_numbers;
  size_t max_executions = 0;   // --max-executions (0: no limit)
  // --max-journal-bytes: shared by every tenant's request journal (null: no bound).
  std::shared_ptr<JournalBudget> journal_budget;
};

class Tenant : public BatchAccount, public Account, public Clocked {
 public:
  // `fixture` (fixtures/fixtures.h; null for none) is the state the tenant starts from and
  // that reset() restores: its agents with their ids, its numbers, wallet, concurrency and
  // scenario (the fixture's webhook headers live in the webhook dispatcher: the app applies
  // them, see fixture()).
  Tenant(std::string key, bool read_only, uint64_t seed, const TenantSettings& settings,
         std::shared_ptr<const TenantFixture> fixture = nullptr);
  ~Tenant();

  const std::string& key() const { return key_; }
  bool read_only() const override { return read_only_; }
  // A stable account id (uuid) for GET /user/me.
  const std::string& account_id() const { return account_id_; }

  // Forgets every resource, the request journal and the faults, and restarts the clock,
  // wallet, concurrency, scenario and rate limits from the tenant's defaults
  // (POST /__emulator/reset); then restores what every tenant owns (the default and
  // --phone-numbers numbers) and the tenant's fixture (its agents, numbers, wallet,
  // concurrency, scenario), before the reset_listeners run. Caller holds `mutex`.
  void reset();

  // The fixture the tenant starts from and reset() restores (null: none). Fixed at
  // creation; safe from any thread.
  const std::shared_ptr<const TenantFixture>& fixture() const { return fixture_; }
  // The tenant's current state in the fixtures format: every agent (id, config, prompts;
  // no webhook headers, which the dispatcher keeps), every owned number except the ones
  // every tenant owns while they are unchanged (provider, no inbound agent), the wallet,
  // the concurrency, and the scenario when it is not the global startup one (its own,
  // or the fixture's). Caller holds `mutex`.
  TenantFixture capture_fixture() const;

  // Scenario switching (control API and --watch). Each clears the mixes' generators.
  // Caller holds `mutex`.
  // Makes `s` the tenant's own scenario (PUT /__emulator/scenario); reset() drops it.
  void use_scenario(std::shared_ptr<const Scenario> s);
  // Goes back to the startup scenario (DELETE /__emulator/scenario).
  void use_startup_scenario();
  // Replaces the startup scenario (a --watch reload); tenants using their own keep it, and
  // a tenant whose fixture names a scenario keeps that one as its startup scenario.
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

  // Per-tenant parts of components wired in by App (e.g. the webhook dispatcher's queues,
  // journal and extra headers), keyed by the component, so that they go away with the
  // tenant. Filled before the tenant is published and not changed after (looking an entry
  // up needs no lock; each entry documents its own). Wiring, not state: survives reset().
  std::unordered_map<const void*, std::shared_ptr<void>> attachments;

 private:
  // Adds the numbers every tenant owns and the fixture's agents and numbers (after the
  // stores were emptied).
  void restore_owned_state();

  std::unique_ptr<Catalogue> catalogue_;
  std::unique_ptr<ControlState> control_;
  std::string key_;
  bool read_only_;
  uint64_t seed_;
  TenantSettings settings_;  // with the fixture's wallet, concurrency and scenario
  std::shared_ptr<const TenantFixture> fixture_;
  bool fixture_scenario_ = false;  // the fixture names the startup scenario
  std::string account_id_;
  bool own_scenario_ = false;
  std::string organization_id_;
  std::string parent_key_;
};

}  // namespace bolna
