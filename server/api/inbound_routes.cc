// Inbound: link one of the tenant's numbers to the agent that answers it, unlink it, and
// the control call POST /__emulator/inbound that simulates a call to a linked number
// (an execution with call_type "inbound" that follows the tenant's scenario).
#include "handler/tenant_of.h"
#include "scenarios/forced_outcome.h"
#include "catalogue/catalogue.h"
#include "handler/route_helpers.h"
#include "api/routes.h"
#include "calls/call_engine.h"
#include "http/request_context.h"

namespace bolna {

namespace {

PhoneNumber& find_number(Tenant& t, const Json& body) {
  if (auto e = check_required_string(body, "phone_number_id"); !e.empty()) throw bad_request(e);
  PhoneNumber* n = t.catalogue().phone_numbers.find(body["phone_number_id"].get<std::string>());
  if (!n) throw not_found("Phone number");
  return *n;
}

void setup(RequestContext& ctx) {
  const Json& body = ctx.json_object();
  Tenant& t = tenant_of(ctx);
  if (!body.contains("agent_id") || body["agent_id"].is_null())
    throw api_error(400, "agent_id is required", error_code::kAgentIdRequired);
  check(check_required_string(body, "agent_id"));
  check(check_optional_bool(body, "allow_multiple"));
  if (body.contains("ivr_config") && !body["ivr_config"].is_null()) {
    const Json& ivr = body["ivr_config"];
    if (!ivr.is_object()) throw bad_request("ivr_config must be an object");
    check(check_optional_bool(ivr, "enabled"));
    check(check_optional_int(ivr, "timeout", 1));
    check(check_optional_int(ivr, "max_retries", 0));
    if (ivr.contains("steps") && !ivr["steps"].is_array())
      throw bad_request("ivr_config.steps must be an array");
    if (ivr.contains("default_agent_id") && ivr["default_agent_id"].is_string() &&
        !t.agents.find(ivr["default_agent_id"].get<std::string>()))
      throw not_found("Agent");
  }
  const std::string agent_id = body["agent_id"];
  if (!t.agents.find(agent_id)) throw not_found("Agent");
  PhoneNumber& n = find_number(t, body);
  n.agent_id = agent_id;
  n.updated_at = t.now();
  ctx.reply(200, Json{{"url", ctx.public_url + "/inbound_call?agent_id=" + agent_id +
                                  "&user_id=" + t.user_id()},
                      {"phone_number", n.phone_number},
                      {"id", compact_id(n.id)}});
}

void unlink(RequestContext& ctx) {
  const Json& body = ctx.json_object();
  Tenant& t = tenant_of(ctx);
  PhoneNumber& n = find_number(t, body);
  n.agent_id.reset();
  n.updated_at = t.now();
  ctx.reply(200,
            Json{{"url", nullptr}, {"phone_number", n.phone_number}, {"id", compact_id(n.id)}});
}

// POST /__emulator/inbound {"to_phone_number": <the account's linked number>,
// "from_phone_number": <the caller>}; X-Emulator-Outcome forces an outcome as for POST /call.
void simulate(RequestContext& ctx) {
  const Json& body = ctx.json_object();
  Tenant& t = tenant_of(ctx);
  check(check_required_string(body, "to_phone_number"));
  check(check_required_string(body, "from_phone_number"));
  const std::string to = body["to_phone_number"];
  const std::string from = body["from_phone_number"];
  if (!is_e164(from)) throw bad_request("from_phone_number must be an E.164 number");
  PhoneNumber* n = t.catalogue().phone_numbers.find_by_number(to);
  if (!n) throw not_found("Phone number");
  if (!n->agent_id)
    throw bad_request("Phone number " + to + " is not linked to an agent (POST /inbound/setup)");
  const Agent* agent = t.agents.find(*n->agent_id);
  if (!agent) throw not_found("Agent");
  CallRequest r;
  r.agent_id = agent->id;
  r.recipient = from;
  r.from_number = to;
  r.call_type = "inbound";
  r.bypass_guardrails = true;
  r.forced_outcome = ctx.req.get_header_value(kForcedOutcomeHeader);
  check(check_forced_outcome(*t.scenario, r.forced_outcome));
  check(execution_room(t, 1));
  Execution& e = place_call(t, *agent, r);
  ctx.reply(201, Json{{"execution_id", e.id},
                      {"status", e.status},
                      {"call_type", "inbound"},
                      {"agent_id", agent->id}});
}

}  // namespace

void register_inbound_routes(Router& router, Services&) {
  router.add("POST", "/inbound/setup", setup);
  router.add("POST", "/inbound/unlink", unlink);
  RouteOptions control = control_route();
  router.add("POST", "/__emulator/inbound", simulate, control);
}

}  // namespace bolna
