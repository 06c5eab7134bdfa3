// The control API's basics: health, readiness and reset. Reset brings a tenant back to
// where it started: its fixture (--fixtures) and the numbers every tenant owns, not an
// empty account (Tenant::reset; the fixture's webhook headers come back through the
// tenant's reset listeners). Other control groups (clock, scenario, journal, faults,
// webhooks, fixtures) register their own routes under /__emulator.
#include "common/config.h"
#include "webhooks/webhook_sink.h"
#include "tenant/tenant_registry.h"
#include "handler/tenant_of.h"
#include "control/routes/routes.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "tenant/sub_account_tenants.h"

namespace bolna {

namespace {

void reset(RequestContext& ctx, Services& services) {
  const Json& body = ctx.json();
  if (body.is_object() && body.value("all", false) == true) {
    if (!ctx.admin)
      throw api_error(403, services.config.admin_token.empty()
                               ? "Resetting every tenant needs --admin-token to be set and "
                                 "sent in the X-Emulator-Admin-Token header"
                               : "Resetting every tenant needs the X-Emulator-Admin-Token header");
    auto all = services.tenants.all();
    for (const auto& tenant : all) {
      std::lock_guard lock(tenant->mutex);
      drop_sub_account_tenants(*tenant, services.tenants);
      tenant->reset();
    }
    services.sink.clear_all();  // the sink is global
    ctx.reply(200, Json{{"status", "reset"}, {"tenants", all.size()}});
    return;
  }
  if (!ctx.account) throw api_error(401, "Access denied");
  std::lock_guard lock(tenant_of(ctx).mutex);
  drop_sub_account_tenants(tenant_of(ctx), services.tenants);  // their keys stop working
  tenant_of(ctx).reset();
  ctx.reply(200, Json{{"status", "reset"}, {"tenants", 1}});
}

}  // namespace

void register_control_routes(Router& router, Services& services) {
  RouteOptions open;
  open.requires_key = false;
  open.control = true;
  router.add("GET", "/__emulator/health",
             [](RequestContext& c) { c.reply(200, Json{{"status", "ok"}}); }, open);
  router.add("GET", "/__emulator/ready",
             [](RequestContext& c) { c.reply(200, Json{{"status", "ready"}}); }, open);

  // Reset takes either a tenant key or, with {"all": true}, the admin token.
  RouteOptions reset_options = open;
  reset_options.lock_tenant = false;
  router.add("POST", "/__emulator/reset",
             [&services](RequestContext& c) { reset(c, services); }, reset_options);
}

}  // namespace bolna
