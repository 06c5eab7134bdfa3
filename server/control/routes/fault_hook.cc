// The fault injection hook: before the handler, asks Tenant::faults whether a fault hits
// the request, then waits, answers or drops the connection. The response carries
// X-Emulator-Fault: <fault id> (the journal reads it). A drop is prepared before the
// handler and done in after(), once the journal hook (added first) has recorded it, so a
// client that sees the drop already finds it in the journal.
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "handler/tenant_of.h"
#include "control/control_state.h"
#include "control/routes/hooks.h"
#include "http/api_error.h"
#include "http/connection_drop.h"
#include "http/connection_engine.h"

namespace bolna {

namespace {

// The waits of every latency fault: bounded in number, interruptible at shutdown.
struct DelayGate {
  std::mutex mutex;
  std::condition_variable wake;
  int waiting = 0;
  bool cancelled = false;
};

DelayGate& gate() {
  static DelayGate g;
  return g;
}

// Waits `ms` unless `max_waiting` requests wait already (returns false at once) or the
// delays are cancelled (returns true early).
bool wait_delay(int ms, int max_waiting) {
  DelayGate& g = gate();
  {
    std::lock_guard lock(g.mutex);
    if (g.waiting >= max_waiting) return false;
    ++g.waiting;
  }
  // The wait keeps this thread: hand the HTTP worker off so other requests keep theirs.
  ConnectionEngine::hand_off_current_worker();
  std::unique_lock lock(g.mutex);
  g.wake.wait_for(lock, std::chrono::milliseconds(ms), [&] { return g.cancelled; });
  --g.waiting;
  return true;
}

class FaultHook : public RequestHook {
 public:
  explicit FaultHook(int max_delayed) : max_delayed_(max_delayed) {}

  bool before(RequestContext& ctx, const Route& route) override {
    if (!ctx.account || route.options.control || is_control_path(ctx.req.path)) return false;
    std::optional<FaultAction> action;
    {
      std::lock_guard lock(tenant_of(ctx).mutex);
      action = tenant_of(ctx).control().faults.match(ctx.req.method, ctx.req.path, route.pattern);
    }
    if (!action) return false;
    // The wait is wall-clock latency (what a client's timeout sees), outside any lock.
    ctx.res.set_header("X-Emulator-Fault", action->id);
    if (action->delay_ms > 0 && !wait_delay(action->delay_ms, max_delayed_)) {
      ctx.res.status = 503;
      ctx.res.set_content(
          error_body(503, "Too many delayed requests: " + std::to_string(max_delayed_) +
                              " latency faults are waiting already (--max-delayed-requests); "
                              "fault " + action->id + " answers at once")
              .dump(),
          "application/json");
      return true;
    }
    if (action->drop) {
      prepare_drop(ctx.res);
      return true;
    }
    if (action->status) {
      ctx.res.status = *action->status;
      for (const auto& [name, value] : action->headers) ctx.res.set_header(name, value);
      ctx.res.set_content(action->body, action->content_type.c_str());
      return true;
    }
    return false;  // delay only: handle normally
  }

 private:
  int max_delayed_;

  void after(const RequestContext& ctx, const Route*, Micros) override {
    if (ctx.res.status != 0 || !ctx.res.has_header("X-Emulator-Fault")) return;
    if (!shutdown_connection(ctx.req))
      spdlog::warn("fault {}: socket not found; sending an unparsable response instead",
                   ctx.res.get_header_value("X-Emulator-Fault"));
  }
};

}  // namespace

std::shared_ptr<RequestHook> make_fault_hook(int max_delayed) {
  {
    std::lock_guard lock(gate().mutex);
    gate().cancelled = false;
  }
  return std::make_shared<FaultHook>(max_delayed);
}

void cancel_fault_delays() {
  std::lock_guard lock(gate().mutex);
  gate().cancelled = true;
  gate().wake.notify_all();
}

}  // namespace bolna
