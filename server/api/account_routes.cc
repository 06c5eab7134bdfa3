// Account: GET /user/me (id, name, email, wallet in the profile's unit, concurrency) and
// the recordings the emulator serves itself (GET /recordings/call/{execution_id}).
#include <cmath>

#include "tenant/tenant_registry.h"
#include "handler/tenant_of.h"
#include "api/routes.h"
#include "calls/wav.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "tenant/tenant.h"

namespace bolna {

namespace {

std::string email_for(const std::string& key) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ULL;
  char buf[32];
  std::snprintf(buf, sizeof buf, "k-%08llx", static_cast<unsigned long long>(h & 0xffffffffULL));
  return std::string(buf) + "@example.test";
}

void me(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  double dollars = std::round(t.wallet_cents) / 100.0;
  Json wallet = ctx.profile() == Profile::kLive ? Json(std::round(t.wallet_cents * 100.0) / 100.0)
                                                : Json(dollars);
  ctx.reply(200, Json{{"id", t.account_id()},
                      {"name", "Emulator account"},
                      {"email", email_for(t.key())},
                      {"wallet", wallet},
                      {"concurrency", {{"max", t.max_concurrency}, {"current", t.active_calls}}}});
}

// Recordings are fetched with or without a key (clients often download them with a
// plain GET); without one, every tenant is searched for the execution.
void recording(RequestContext& ctx, Services& services) {
  std::vector<std::shared_ptr<Tenant>> tenants;
  if (tenant_ptr(ctx))
    tenants.push_back(tenant_ptr(ctx));
  else
    tenants = services.tenants.all();
  for (const auto& tenant : tenants) {
    std::lock_guard lock(tenant->mutex);
    Execution* e = tenant->executions.find(ctx.param("execution_id"));
    if (!e) continue;
    if (e->status != "completed" || !e->answered_now()) break;
    ctx.res.status = 200;
    ctx.res.set_content(make_wav(e->script->conversation_duration), "audio/wav");
    return;
  }
  throw not_found("Recording");
}

}  // namespace

void register_account_routes(Router& router, Services& services) {
  router.add("GET", "/user/me", me);
  RouteOptions open;
  open.requires_key = false;
  open.lock_tenant = false;
  router.add("GET", "/recordings/call/{execution_id}",
             [&services](RequestContext& c) { recording(c, services); }, open);
  router.add("GET", "/recordings/transfer/{execution_id}",
             [](RequestContext&) { throw not_found("Recording"); }, open);
}

}  // namespace bolna
