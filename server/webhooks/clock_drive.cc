#include "webhooks/clock_drive.h"

#include <chrono>

#include "calls/call_engine.h"
#include "tenant/tenant.h"

namespace bolna {

namespace {

// Runs the tasks due at `at` (each at its own time) and moves the clock there.
void step_to(Tenant& t, TimePoint at, TransitionLog* log) {
  t.transition_log = log;
  t.run_due(at);
  t.transition_log = nullptr;
  if (at > t.clock.now()) t.clock.set_now(at);
}

// Steps from due time to due time up to `limit`, waiting for the webhook attempts of
// each. Returns false when interrupted.
bool drive(WebhookDispatcher& webhooks, Tenant& t, std::unique_lock<std::mutex>& lock,
           TimePoint limit, TransitionLog* log) {
  auto began = std::chrono::steady_clock::now();
  uint64_t generation = webhooks.generation(t);
  // First the posts of the moment the move starts from (the API calls before it).
  if (!webhooks.await_attempts(t, lock, began, generation)) return false;
  while (auto next = t.scheduler.next_due()) {
    if (*next > limit) break;
    step_to(t, *next, log);
    if (!webhooks.await_attempts(t, lock, began, generation)) return false;
  }
  return true;
}

}  // namespace

ClockMoveReport move_clock_to(WebhookDispatcher& webhooks, Tenant& t,
                              std::unique_lock<std::mutex>& lock, TimePoint target,
                              TransitionLog* log, WebhookMode mode) {
  ClockMoveReport r;
  uint64_t made = webhooks.attempts_made(t);
  if (mode == WebhookMode::kAsync) {
    advance_clock(t, target, log);
  } else {
    r.interrupted = !drive(webhooks, t, lock, target, log);
    if (!r.interrupted && target > t.clock.now()) t.clock.set_now(target);
    t.wake();
  }
  r.attempts = webhooks.attempts_made(t) - made;
  r.left = webhooks.backlog(t);
  return r;
}

ClockMoveReport run_clock_until_idle(WebhookDispatcher& webhooks, Tenant& t,
                                     std::unique_lock<std::mutex>& lock, Micros horizon,
                                     TransitionLog* log, WebhookMode mode, bool* idle) {
  ClockMoveReport r;
  uint64_t made = webhooks.attempts_made(t);
  if (mode == WebhookMode::kAsync) {
    run_until_idle(t, horizon, log);
  } else {
    r.interrupted = !drive(webhooks, t, lock, t.clock.now() + horizon, log);
    t.wake();
  }
  r.attempts = webhooks.attempts_made(t) - made;
  r.left = webhooks.backlog(t);
  *idle = !r.interrupted && t.scheduler.pending() == 0 && r.left.total() == 0;
  return r;
}

}  // namespace bolna
