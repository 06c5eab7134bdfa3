// The fault injection hook: before the handler, asks Tenant::faults whether a fault hits
// the request, then waits, answers or drops the connection. The response carries
// X-Emulator-Fault: <fault id> (the journal reads it). A drop is prepared before the
// handler and done in after(), once the journal hook (added first) has recorded it, so a
// client that sees the drop already finds it in the journal.
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "handler/tenant_of.h"
#include "control/control_state.h"
#include "control/routes/hooks.h"
#include "http/connection_drop.h"

namespace bolna {

namespace {

class FaultHook : public RequestHook {
 public:
  bool before(RequestContext& ctx, const Route& route) override {
    if (!ctx.account || route.options.control || is_control_path(ctx.req.path)) return false;
    std::optional<FaultAction> action;
    {
      std::lock_guard lock(tenant_of(ctx).mutex);
      action = tenant_of(ctx).control().faults.match(ctx.req.method, ctx.req.path, route.pattern);
    }
    if (!action) return false;
    // The wait is wall-clock latency (what a client's timeout sees), outside any lock.
    if (action->delay_ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(action->delay_ms));
    ctx.res.set_header("X-Emulator-Fault", action->id);
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

  void after(const RequestContext& ctx, const Route*, Micros) override {
    if (ctx.res.status != 0 || !ctx.res.has_header("X-Emulator-Fault")) return;
    if (!shutdown_connection(ctx.req))
      spdlog::warn("fault {}: socket not found; sending an unparsable response instead",
                   ctx.res.get_header_value("X-Emulator-Fault"));
  }
};

}  // namespace

std::shared_ptr<RequestHook> make_fault_hook() { return std::make_shared<FaultHook>(); }

}  // namespace bolna
