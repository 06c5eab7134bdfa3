// Clock moves that drive webhook deliveries the way they drive transitions: moving a
// tenant's clock forward performs every webhook attempt that falls due inside the window
// (first attempts of the status changes on the way, retries included), in order, waiting
// for each attempt's answer before moving past the next due time, so the retry schedule
// plays out as it would in real time. Used by the clock control routes
// (POST /__emulator/clock, /clock/advance, /clock/run-until-idle).
//
// Waiting: an attempt made by the move is waited for up to --webhook-timeout (plus a
// second); posts already in flight when the move began get kPreMoveGrace; a post past
// its bound goes on in the background (like "async") and the move goes on without it.
// While the move waits, the tenant's mutex is released, so the tenant's API requests and
// other tenants are never held; two moves of one tenant never interleave.
//
// Caller: holds `moves` (WebhookDispatcher::lock_moves(t)) and `lock` on t.mutex, in that
// order; both are held again when these return. Moves go forward only (the caller checks).
#pragma once

#include <cstddef>
#include <mutex>

#include "calls/call_account.h"
#include "common/time.h"
#include "webhooks/webhook_dispatcher.h"

namespace bolna {

enum class WebhookMode {
  kSync,   // perform the attempts falling due, waiting for their answers (the default)
  kAsync,  // fire and forget: move at once, posts go out in the background
};

struct ClockMoveReport {
  size_t attempts = 0;       // webhook attempts completed while the clock moved
  WebhookBacklog left;       // deliveries not finished when the move ended
  bool interrupted = false;  // the tenant was reset meanwhile (the move stopped there)
};

// Moves t's clock to `target` (>= now), running every task due on the way at its own time
// and filling `log` (may be null).
ClockMoveReport move_clock_to(WebhookDispatcher& webhooks, Tenant& t,
                              std::unique_lock<std::mutex>& lock, TimePoint target,
                              TransitionLog* log, WebhookMode mode);

// Moves t's clock from due time to due time until nothing is pending, at most `horizon`
// ahead. *idle: no task pending and no delivery left (queued, in flight or waiting for a
// retry) at the end.
ClockMoveReport run_clock_until_idle(WebhookDispatcher& webhooks, Tenant& t,
                                     std::unique_lock<std::mutex>& lock, Micros horizon,
                                     TransitionLog* log, WebhookMode mode, bool* idle);

}  // namespace bolna
