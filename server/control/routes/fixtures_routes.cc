// Control API for fixtures: GET /__emulator/fixtures writes the calling tenant's state
// (agents with their ids and webhook headers, owned numbers, wallet, concurrency,
// scenario) as a fixtures document (fixtures/fixture_export.h) that --fixtures loads back.
#include "common/config.h"
#include "control/routes/routes.h"
#include "fixtures/fixture_export.h"
#include "handler/tenant_of.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "webhooks/webhook_dispatcher.h"

namespace bolna {

namespace {

// ?as=<key> names the document's entry ("*" for every tenant); default: the caller's key.
void export_fixtures(RequestContext& ctx, Services& services) {
  Tenant& t = tenant_of(ctx);
  std::string key = ctx.query("as").value_or(t.key());
  if (key.empty()) throw bad_request("as must name the entry: an API key or \"*\"");
  TenantFixture f = t.capture_fixture();
  for (FixtureAgent& a : f.agents)
    for (const auto& [name, value] : services.webhooks.agent_headers(t, a.id))
      a.webhook_headers.emplace_back(name, value);
  ctx.reply(200, fixtures_document(key, f, services.config.scenarios_dir));
}

}  // namespace

void register_fixtures_routes(Router& router, Services& services) {
  router.add(
      "GET", "/__emulator/fixtures",
      [&services](RequestContext& c) { export_fixtures(c, services); }, control_route());
}

}  // namespace bolna
