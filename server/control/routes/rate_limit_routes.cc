// Rate limits' control routes: GET and PUT /__emulator/rate-limits. The rate limit hook
// (api/hooks.h) enforces them.
#include <stdexcept>

#include "handler/tenant_of.h"
#include "control/control_state.h"
#include "control/routes/routes.h"
#include "http/api_error.h"
#include "http/request_context.h"

namespace bolna {

namespace {

Json view(Tenant& t) {
  Json j = t.control().rate_limits.config().to_json();
  j["usage"] = t.control().rate_limits.usage(t.now());
  return j;
}

void put_limits(RequestContext& ctx) {
  const Json& body = ctx.json_object();
  try {
    tenant_of(ctx).control().rate_limits.configure(RateLimitConfig::parse(body));
  } catch (const std::invalid_argument& e) {
    throw bad_request(e.what());
  }
  ctx.reply(200, view(tenant_of(ctx)));
}

}  // namespace

void register_rate_limit_routes(Router& router, Services& services) {
  (void)services;
  RouteOptions control = control_route();
  router.add(
      "GET", "/__emulator/rate-limits", [](RequestContext& c) { c.reply(200, view(tenant_of(c))); },
      control);
  router.add("PUT", "/__emulator/rate-limits", put_limits, control);
}

}  // namespace bolna
