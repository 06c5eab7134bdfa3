#include "calls/call_account.h"

namespace bolna {

CallAccount::CallAccount(ClockMode clock_mode, double clock_speed, uint64_t seed,
                         int max_concurrency, double wallet_cents,
                         std::shared_ptr<const Scenario> scenario)
    : clock(clock_mode, clock_speed),
      ids(seed),
      max_concurrency(max_concurrency),
      wallet_cents(wallet_cents),
      scenario(std::move(scenario)) {}

size_t CallAccount::run_due(TimePoint limit, size_t max_tasks) {
  size_t n = 0;
  TimePoint at;
  TaskFn fn;
  while (n < max_tasks && scheduler.pop_due(limit, &at, &fn)) {
    task_time_ = at;
    fn();
    ++n;
  }
  task_time_.reset();
  return n;
}

}  // namespace bolna
