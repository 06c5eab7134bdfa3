// Graph-agent event injection: POST /v1/call/{run_id}/events is accepted (202) while the
// call is live (initiated, ringing, in-progress) and answers the documented FastAPI-style
// 404 otherwise. Accepted events are recorded on the tenant (GET /__emulator/events).
#include "handler/tenant_of.h"
#include "catalogue/catalogue.h"
#include "handler/route_helpers.h"
#include "api/routes.h"
#include "http/request_context.h"

namespace bolna {

namespace {

bool is_live(const std::string& status) {
  return status == "initiated" || status == "ringing" || status == "in-progress";
}

void inject(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  const std::string run_id = ctx.param("run_id");
  const Json& body = ctx.json_object();
  Execution* e = t.executions.find(run_id);
  if (!e || !is_live(e->status)) throw detail_error(404, "No active call found for this run_id");
  check(check_required_string(body, "event"));
  if (body.contains("properties") && !body["properties"].is_null() &&
      !body["properties"].is_object())
    throw bad_request("properties must be an object");
  const std::string event = body["event"];
  t.catalogue().graph_events.push_back(GraphEvent{
      run_id, event, body.contains("properties") ? body["properties"] : Json(), t.now()});
  while (t.catalogue().graph_events.size() > kMaxGraphEvents) t.catalogue().graph_events.pop_front();
  ctx.reply(202, Json{{"status", "accepted"}, {"event", event}, {"run_id", run_id}});
}

void list(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  Json out = Json::array();
  for (const GraphEvent& g : t.catalogue().graph_events)
    out.push_back(Json{{"run_id", g.run_id},
                       {"event", g.event},
                       {"properties", g.properties},
                       {"received_at", format_iso_utc(g.at)}});
  ctx.reply(200, out);
}

}  // namespace

void register_graph_event_routes(Router& router, Services&) {
  router.add("POST", "/v1/call/{run_id}/events", inject);
  RouteOptions control = control_route();
  router.add("GET", "/__emulator/events", list, control);
}

}  // namespace bolna
