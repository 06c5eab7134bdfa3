// Rate limits' control routes: GET and PUT /__emulator/rate-limits. The rate limit hook
// (api/hooks.h) enforces them.
#include <stdexcept>

#include "api/routes.h"
#include "http/api_error.h"
#include "http/request_context.h"

namespace bolna {

namespace {

Json view(Tenant& t) {
  Json j = t.rate_limits.config().to_json();
  j["usage"] = t.rate_limits.usage(t.now());
  return j;
}

void put_limits(RequestContext& ctx) {
  const Json& body = ctx.json_object();
  try {
    ctx.t().rate_limits.configure(RateLimitConfig::parse(body));
  } catch (const std::invalid_argument& e) {
    throw bad_request(e.what());
  }
  ctx.reply(200, view(ctx.t()));
}

}  // namespace

void register_rate_limit_routes(Router& router, Services& services) {
  (void)services;
  RouteOptions control = control_route();
  router.add(
      "GET", "/__emulator/rate-limits", [](RequestContext& c) { c.reply(200, view(c.t())); },
      control);
  router.add("PUT", "/__emulator/rate-limits", put_limits, control);
}

}  // namespace bolna
