// Calls: POST /call (place or schedule one call), POST /call/{id}/stop, and
// POST /v2/agent/{id}/stop (stop every queued call of an agent).
#include "handler/route_helpers.h"
#include "handler/tenant_of.h"
#include "scenarios/forced_outcome.h"
#include "tenant/caller_number.h"
#include "common/json_text.h"
#include "catalogue/catalogue.h"
#include "api/routes.h"
#include "calls/call_engine.h"
#include "common/phone_format.h"
#include "calls/schedule_rules.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "tenant/tenant.h"

namespace bolna {

namespace {

constexpr size_t kUserDataLimitBytes = 25 * 1024;

std::string required_number(const Json& body, const char* key, int missing_code = 0) {
  if (!body.contains(key) || body[key].is_null() ||
      (body[key].is_string() && body[key].get<std::string>().empty()))
    throw api_error(400, std::string(key) + " is required", missing_code);
  if (!body[key].is_string()) throw bad_request(std::string(key) + " must be a string");
  return body[key].get<std::string>();
}

CallRequest parse_call(RequestContext& ctx) {
  const Json& b = ctx.json_object();
  Tenant& t = tenant_of(ctx);
  CallRequest r;
  r.agent_id = required_number(b, "agent_id", error_code::kAgentIdRequired);
  r.recipient = required_number(b, "recipient_phone_number");
  if (!is_e164(r.recipient))
    throw bad_request("recipient_phone_number must be an E.164 number such as +14155550123, got '" +
                      r.recipient + "'");
  if (b.contains("from_phone_number") && !b["from_phone_number"].is_null()) {
    const Json& from = b["from_phone_number"];
    if (!from.is_string() || !is_e164(from.get<std::string>()))
      throw bad_request("Invalid from_phone_number: " +
                        (from.is_string() ? "'" + from.get<std::string>() + "'" : dump_json(from)) +
                        " is not an E.164 number such as +14155550123");
    r.from_number = from.get<std::string>();
    check(check_caller_number(t, r.from_number, "from_phone_number "));
  } else {
    Result<std::string> number = default_caller_number(t, "from_phone_number");
    check(number.status());
    r.from_number = number.value();
  }
  if (b.contains("user_data") && !b["user_data"].is_null()) {
    if (!b["user_data"].is_object()) throw bad_request("user_data must be a JSON object");
    size_t size = dump_json(b["user_data"]).size();
    if (size > kUserDataLimitBytes)
      throw bad_request("user_data is " + std::to_string(size) +
                        " bytes; the limit is 25 KB (25600 bytes)");
    r.user_data = b["user_data"];
  }
  if (b.contains("agent_data") && !b["agent_data"].is_null()) {
    const Json& ad = b["agent_data"];
    if (!ad.is_object()) throw bad_request("agent_data must be a JSON object");
    if (ad.contains("voice_id") && !ad["voice_id"].is_null()) {
      if (!ad["voice_id"].is_string()) throw bad_request("agent_data.voice_id must be a string");
      r.voice_id = ad["voice_id"].get<std::string>();
    }
  }
  if (b.contains("retry_config") && !b["retry_config"].is_null()) {
    RetryConfig rc;
    std::string err = parse_retry_config(b["retry_config"], &rc);
    if (!err.empty()) throw bad_request(err);
    r.retry = rc;
  }
  if (b.contains("bypass_call_guardrails") && !b["bypass_call_guardrails"].is_null()) {
    if (!b["bypass_call_guardrails"].is_boolean())
      throw bad_request("bypass_call_guardrails must be a boolean");
    r.bypass_guardrails = b["bypass_call_guardrails"].get<bool>();
  }
  r.forced_outcome = ctx.req.get_header_value(kForcedOutcomeHeader);
  check(check_forced_outcome(*t.scenario, r.forced_outcome));
  return r;
}

void place(RequestContext& ctx) {
  CallRequest r = parse_call(ctx);
  Tenant& t = tenant_of(ctx);
  const Agent* agent = t.agents.find(r.agent_id);
  if (!agent) throw not_found("Agent");
  const Json& b = ctx.json();
  if (b.contains("scheduled_at") && !b["scheduled_at"].is_null()) {
    ScheduleCheck check = check_scheduled_at(b["scheduled_at"], t.now());
    if (!check.at) throw api_error(check.status, check.message);
    r.scheduled_at = check.at;
  }
  check(execution_room(t, 1));
  Execution& e = place_call(t, *agent, r);
  ctx.reply(200, Json{{"message", "done"}, {"status", "queued"}, {"execution_id", e.id}});
}

void stop_one(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  Execution* e = t.executions.find(ctx.param("execution_id"));
  if (!e) throw not_found("Execution");
  if (!is_stoppable(*e))
    throw bad_request("Call can only be stopped while it is scheduled or queued");
  stop_execution(t, *e);
  ctx.reply(200, Json{{"message", "done"}, {"status", "stopped"}, {"execution_id", e->id}});
}

void stop_agent(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  if (!t.agents.find(ctx.param("agent_id"))) throw not_found("Agent");
  Json stopped = Json::array();
  std::vector<Execution*> targets;
  for (Execution* e : t.executions.all())
    if (e->agent_id == ctx.param("agent_id") && is_stoppable(*e)) targets.push_back(e);
  for (Execution* e : targets) {
    stop_execution(t, *e);
    stopped.push_back(e->id);
  }
  ctx.reply(200, Json{{"stopped_executions", stopped}});
}

}  // namespace

void register_call_routes(Router& router, Services&) {
  router.add("POST", "/call", place);
  router.add("POST", "/call/{execution_id}/stop", stop_one);
  router.add("POST", "/v2/agent/{agent_id}/stop", stop_agent);
}

}  // namespace bolna
