// The rate limit hook: before the handler, counts the request against Tenant::rate_limits
// at the tenant's virtual time and refuses it with 429 and Retry-After when over.
#include <mutex>

#include "handler/tenant_of.h"
#include "control/control_state.h"
#include "control/routes/hooks.h"
#include "http/api_error.h"

namespace bolna {

namespace {

class RateLimitHook : public RequestHook {
 public:
  bool before(RequestContext& ctx, const Route& route) override {
    if (!ctx.account || route.options.control || is_control_path(ctx.req.path)) return false;
    RateDecision d;
    {
      std::lock_guard lock(tenant_of(ctx).mutex);
      if (!tenant_of(ctx).control().rate_limits.enabled()) return false;
      d = tenant_of(ctx).control().rate_limits.check(ctx.req.method, ctx.req.path, route.pattern,
                                        tenant_of(ctx).now());
    }
    if (d.allowed) return false;
    ApiError e = api_error(429, "Rate limit exceeded: " + std::to_string(d.per_minute) +
                                    " requests per minute for " + d.bucket + "; retry after " +
                                    std::to_string(d.retry_after_s) +
                                    (d.retry_after_s == 1 ? " second" : " seconds"));
    e.headers.emplace_back("Retry-After", std::to_string(d.retry_after_s));
    throw e;
  }
};

}  // namespace

std::shared_ptr<RequestHook> make_rate_limit_hook() { return std::make_shared<RateLimitHook>(); }

}  // namespace bolna
