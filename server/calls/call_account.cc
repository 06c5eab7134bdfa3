#include "calls/call_account.h"

#include <spdlog/spdlog.h>

#include "calls/call_engine.h"
#include "common/utf8.h"

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
  std::string execution_id;
  while (n < max_tasks && scheduler.pop_due(limit, &at, &fn, &execution_id)) {
    task_time_ = at;
    try {
      fn();
    } catch (const std::exception& e) {
      task_failed(execution_id, e.what());
    } catch (...) {
      task_failed(execution_id, "unknown exception");
    }
    ++n;
  }
  task_time_.reset();
  return n;
}

void CallAccount::task_failed(const std::string& execution_id, const char* what) {
  std::string why = sanitize_utf8(what);
  spdlog::error("scheduled task failed{}{}: {}", execution_id.empty() ? "" : " for execution ",
                execution_id, why);
  if (execution_id.empty()) return;
  try {
    fail_execution(*this, execution_id, why);
  } catch (const std::exception& e) {
    spdlog::error("recording the failure on execution {} failed too: {}", execution_id,
                  sanitize_utf8(e.what()));
  } catch (...) {
    spdlog::error("recording the failure on execution {} failed too", execution_id);
  }
}

}  // namespace bolna
