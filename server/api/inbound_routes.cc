// Inbound: link one of the tenant's numbers to the agent that answers it, and unlink it.
// (The simulated inbound call, POST /__emulator/inbound, lives with the calls.)
#include "api/route_helpers.h"
#include "api/routes.h"
#include "http/request_context.h"

namespace bolna {

namespace {

PhoneNumber& find_number(Tenant& t, const Json& body) {
  if (auto e = check_required_string(body, "phone_number_id"); !e.empty()) throw bad_request(e);
  PhoneNumber* n = t.phone_numbers.find(body["phone_number_id"].get<std::string>());
  if (!n) throw not_found("Phone number");
  return *n;
}

void setup(RequestContext& ctx) {
  const Json& body = ctx.json_object();
  Tenant& t = ctx.t();
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
  n.updated_at = t.clock.now();
  ctx.reply(200, Json{{"url", ctx.public_url + "/inbound_call?agent_id=" + agent_id +
                                  "&user_id=" + t.user_id()},
                      {"phone_number", n.phone_number},
                      {"id", compact_id(n.id)}});
}

void unlink(RequestContext& ctx) {
  const Json& body = ctx.json_object();
  Tenant& t = ctx.t();
  PhoneNumber& n = find_number(t, body);
  n.agent_id.reset();
  n.updated_at = t.clock.now();
  ctx.reply(200, Json{{"url", nullptr}, {"phone_number", n.phone_number}, {"id", compact_id(n.id)}});
}

}  // namespace

void register_inbound_routes(Router& router, Services&) {
  router.add("POST", "/inbound/setup", setup);
  router.add("POST", "/inbound/unlink", unlink);
}

}  // namespace bolna
