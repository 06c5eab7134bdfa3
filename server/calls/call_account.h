// CallAccount: the part of one account (tenant) that the call engine works on: its
// virtual clock and scheduler, id generator, agents, executions, dial queue, concurrency
// and wallet, and the scenario that picks outcomes. Tenant (tenant/tenant.h) is a
// CallAccount; the call engine (calls/call_engine.h) and everything below it see only
// this part, so they never depend on the tenant aggregate.
//
// Thread safety: none of its own. Every member is guarded by the owning tenant's mutex;
// callers hold it. References returned by the stores stay valid until the referenced
// item is removed (see each store).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agents/agent_store.h"
#include "calls/execution.h"
#include "calls/execution_store.h"
#include "clock/scheduler.h"
#include "clock/virtual_clock.h"
#include "common/ids.h"
#include "scenarios/scenario.h"

namespace bolna {

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

class CallAccount;
// Called (under the tenant's mutex) after every execution status change.
using StatusListener =
    std::function<void(CallAccount&, const Execution&, const StatusChange&)>;

class CallAccount {
 public:
  CallAccount(ClockMode clock_mode, double clock_speed, uint64_t seed, int max_concurrency,
              double wallet_cents, std::shared_ptr<const Scenario> scenario);
  CallAccount(const CallAccount&) = delete;
  CallAccount& operator=(const CallAccount&) = delete;

  // The account's current virtual time. While a scheduled task runs, the time it was due
  // (so its stamps are exact even when the clock has moved past it). Use this, not
  // clock.now(), for every stamp.
  TimePoint now() const { return task_time_ ? *task_time_ : clock.now(); }

  // Runs every task due at or before `limit`, in order, each seeing now() == its due
  // time; at most `max_tasks`. Returns how many ran. Never throws: a task that throws is
  // logged and, when it was scheduled for an execution, ends that execution as "error"
  // with an error_message (fail_execution in call_engine.h); the next tasks run as usual.
  size_t run_due(TimePoint limit, size_t max_tasks = SIZE_MAX);

  // Tells the realtime driver to re-arm its timer (after a clock change). Never blocks.
  void wake() const {
    if (scheduler.on_earliest_changed) scheduler.on_earliest_changed();
  }

  VirtualClock clock;
  IdGenerator ids;
  AgentStore agents;
  ExecutionStore executions;
  Scheduler scheduler;
  std::deque<std::string> dial_queue;  // queued executions waiting for a free slot
  int active_calls = 0;                // executions holding a concurrency slot
  int max_concurrency;
  double wallet_cents;
  // --max-executions: how many executions the account may hold (0: no limit). Calls and
  // batches that would pass it are refused (execution_room in call_engine.h).
  size_t max_executions = 0;
  std::shared_ptr<const Scenario> scenario;
  PickState scenario_picks;                 // the state of `scenario`'s weighted mixes
  TransitionLog* transition_log = nullptr;  // set while the clock control API advances

  // Wiring, not state: survives a reset. E.g. the batch counters and the webhook
  // dispatcher.
  std::vector<StatusListener> status_listeners;

 protected:
  ~CallAccount() = default;

 private:
  void task_failed(const std::string& execution_id, const char* what);

  std::optional<TimePoint> task_time_;
};

}  // namespace bolna
