// The dashboard and what points at it:
//   GET /                    a small page (browsers) or JSON (everything else) naming the
//                            dashboard, the docs and the control API; no key needed
//   GET /__emulator/ui       the dashboard (index.html), /__emulator/ui/{file} its files
//   GET /__emulator/tenants  (admin token) every tenant, for the dashboard's tenant switch
//   GET /__emulator/executions[?status=&agent_id=&batch_id=&limit=]  the tenant's
//                            executions, newest first (every agent's, in one call)
//   GET /__emulator/executions/{execution_id}  one execution as GET /executions/{id}
//   GET /__emulator/overview the tenant's agents, batches and phone numbers in one call
// The dashboard reads through these control routes rather than the real API's, so that
// watching never lands in the request journal, uses up a rate limit or trips a fault.
// The files are embedded in the binary (ui/ui_assets.h). They hold no secret: the page asks
// for a key and calls the API with it like any client.
#include <algorithm>
#include <cstdlib>
#include <mutex>

#include "agents/agent.h"
#include "batches/batch.h"
#include "calls/execution.h"
#include "catalogue/catalogue.h"
#include "catalogue/phone_number.h"
#include "common/config.h"
#include "control/routes/routes.h"
#include "handler/tenant_of.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "tenant/tenant_registry.h"
#include "ui/ui_assets.h"

namespace bolna {

namespace {

constexpr const char* kDocs = "https://docs.bolna.ai";

void serve_asset(RequestContext& ctx, std::string_view name) {
  const UiAsset* a = find_ui_asset(name);
  if (!a) throw api_error(404, "No dashboard file " + std::string(name));
  ctx.res.status = 200;
  ctx.res.set_header("Cache-Control", "no-cache");
  ctx.res.set_header("X-Content-Type-Options", "nosniff");
  ctx.res.set_header("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  ctx.res.set_content(std::string(a->body), std::string(a->content_type));
}

void root(RequestContext& ctx) {
  std::string base = ctx.public_url;
  std::string accept = ctx.req.get_header_value("Accept");
  if (accept.find("text/html") != std::string::npos) {
    ctx.res.status = 200;
    ctx.res.set_content(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>bolna-emulator</title></head><body style=\"font-family:sans-serif;max-width:40em;"
        "margin:3em auto\"><h1>bolna-emulator " BOLNA_EMULATOR_VERSION
        "</h1>"
        "<p>An emulator of the Bolna voice-AI calling API. Point your client's base URL here.</p>"
        "<ul><li><a href=\"/__emulator/ui\">Dashboard</a>: watch calls live</li>"
        "<li><a href=\"" +
            std::string(kDocs) +
            "\">Bolna API documentation</a></li>"
            "<li>Control API, stream and metrics: the emulator's README</li>"
            "<li><a href=\"/__emulator/health\">/__emulator/health</a></li></ul></body></html>",
        "text/html; charset=utf-8");
    return;
  }
  ctx.reply(200, Json{{"name", "bolna-emulator"},
                      {"version", BOLNA_EMULATOR_VERSION},
                      {"dashboard", base + "/__emulator/ui"},
                      {"docs", kDocs},
                      {"readme",
                       "README.md of the bolna-emulator repository (control API, "
                       "stream format, metrics)"},
                      {"health", base + "/__emulator/health"},
                      {"stream", base + "/__emulator/stream"},
                      {"metrics", base + "/__emulator/metrics"}});
}

void tenants(RequestContext& ctx, Services& services) {
  if (!ctx.admin)
    throw api_error(403, services.config.admin_token.empty()
                             ? "Listing tenants needs --admin-token to be set and sent in the "
                               "X-Emulator-Admin-Token header"
                             : "Listing tenants needs the X-Emulator-Admin-Token header");
  Json out = Json::array();
  for (const auto& t : services.tenants.all()) {
    std::lock_guard lock(t->mutex);
    out.push_back(
        {{"key", t->key()},
         {"parent_key", t->parent_key().empty() ? Json() : Json(t->parent_key())},
         {"read_only", t->read_only()},
         {"agents", t->agents.all().size()},
         {"executions", t->executions.all().size()},
         {"batches", t->batches.size()},
         {"clock", {{"mode", to_string(t->clock.mode())}, {"now", format_iso_utc(t->now())}}}});
  }
  std::sort(out.begin(), out.end(),
            [](const Json& a, const Json& b) { return a["key"] < b["key"]; });
  ctx.reply(200, Json{{"tenants", out}});
}

void list_executions(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  std::string status = ctx.query("status").value_or("");
  std::string agent = ctx.query("agent_id").value_or("");
  std::string batch = ctx.query("batch_id").value_or("");
  size_t limit = 200;
  if (auto l = ctx.query("limit")) {
    char* end = nullptr;
    long v = std::strtol(l->c_str(), &end, 10);
    if (l->empty() || *end || v < 1 || v > 5000)
      throw bad_request("limit must be an integer from 1 to 5000");
    limit = static_cast<size_t>(v);
  }
  Json items = Json::array();
  Json outcomes = Json::object();  // id -> outcome name (not part of the execution object)
  size_t total = 0;
  const auto& all = t.executions.all();  // creation order
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const Execution& e = **it;
    if (!status.empty() && e.status != status) continue;
    if (!agent.empty() && e.agent_id != agent) continue;
    if (!batch.empty() && e.batch_id != batch) continue;
    total += 1;
    if (items.size() >= limit) continue;
    items.push_back(execution_to_json(e, ctx.profile(), ctx.public_url));
    if (e.script) outcomes[e.id] = e.script->name;
  }
  ctx.reply(200, Json{{"total", total},
                      {"count", items.size()},
                      {"executions", items},
                      {"outcomes", outcomes}});
}

void get_execution(RequestContext& ctx) {
  Execution* e = tenant_of(ctx).executions.find(ctx.param("execution_id"));
  if (!e) throw not_found("Execution");
  ctx.reply(200, execution_to_json(*e, ctx.profile(), ctx.public_url));
}

void overview(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  Json agents = Json::array(), batches = Json::array(), numbers = Json::array();
  for (const Agent* a : t.agents.all()) agents.push_back(agent_to_json(*a, ctx.profile()));
  for (const Batch* b : t.batches.all())
    batches.push_back(batch_to_json(*b, t.now(), ctx.profile()));
  for (const PhoneNumber* n : t.catalogue().phone_numbers.all())
    numbers.push_back(phone_number_to_json(*n, t.now(), ctx.profile()));
  ctx.reply(200, Json{{"agents", agents},
                      {"batches", batches},
                      {"phone_numbers", numbers},
                      {"executions", t.executions.all().size()},
                      {"profile", ctx.profile() == Profile::kLive ? "live" : "docs"}});
}

}  // namespace

void register_ui_routes(Router& router, Services& services) {
  RouteOptions open;
  open.requires_key = false;
  open.lock_tenant = false;
  open.control = true;
  router.add("GET", "/", root, open);
  router.add(
      "GET", "/__emulator/ui", [](RequestContext& c) { serve_asset(c, "index.html"); }, open);
  router.add(
      "GET", "/__emulator/ui/", [](RequestContext& c) { serve_asset(c, "index.html"); }, open);
  router.add(
      "GET", "/__emulator/ui/{file}", [](RequestContext& c) { serve_asset(c, c.param("file")); },
      open);
  router.add(
      "GET", "/__emulator/tenants", [&services](RequestContext& c) { tenants(c, services); }, open);
  RouteOptions control = control_route();
  router.add("GET", "/__emulator/executions", list_executions, control);
  router.add("GET", "/__emulator/executions/{execution_id}", get_execution, control);
  router.add("GET", "/__emulator/overview", overview, control);
}

}  // namespace bolna
