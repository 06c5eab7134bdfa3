// Agents, v2 (/v2/agent...) and deprecated v1 (/agent...): create, list, get, replace,
// patch, delete. Translates HTTP to the AgentStore and back.
#include "handler/route_helpers.h"
#include "handler/tenant_of.h"
#include "api/routes.h"
#include "agents/agent_validation.h"
#include "http/api_error.h"
#include "http/request_context.h"

namespace bolna {

namespace {

Agent& find_agent(RequestContext& ctx) {
  Agent* agent = tenant_of(ctx).agents.find(ctx.param("agent_id"));
  if (!agent) throw not_found("Agent");
  return *agent;
}

void check_body(const Json& body, AgentApi api) {
  check(validate_agent_body(body, api));
}

void create_agent(RequestContext& ctx, AgentApi api) {
  const Json& body = ctx.json();
  check_body(body, api);
  Tenant& t = tenant_of(ctx);
  Agent& agent = t.agents.create(t.ids.uuid(), body["agent_config"], body["agent_prompts"],
                                 t.clock.now());
  if (api == AgentApi::kV2)
    ctx.reply(201, Json{{"agent_id", agent.id}, {"state", "created"}});
  else
    ctx.reply(200, Json{{"agent_id", agent.id}, {"status", "created"}});
}

void list_agents(RequestContext& ctx) {
  Json out = Json::array();
  for (const Agent* a : tenant_of(ctx).agents.all()) out.push_back(agent_to_json(*a, ctx.profile()));
  ctx.reply(200, out);
}

void get_agent(RequestContext& ctx) { ctx.reply(200, agent_to_json(find_agent(ctx), ctx.profile())); }

void replace_agent(RequestContext& ctx, AgentApi api) {
  Agent& agent = find_agent(ctx);
  const Json& body = ctx.json();
  check_body(body, api);
  agent.config = body["agent_config"];
  agent.prompts = body["agent_prompts"];
  agent.updated_at = tenant_of(ctx).clock.now();
  ctx.reply(200, Json{{"agent_id", agent.id}, {"status", "updated"}});
}

void patch_agent(RequestContext& ctx) {
  Agent& agent = find_agent(ctx);
  const Json& body = ctx.json();
  check(validate_agent_patch(body));
  if (body.contains("agent_config")) apply_agent_patch(agent.config, body["agent_config"]);
  if (body.contains("agent_prompts")) {
    for (const auto& [task, prompt] : body["agent_prompts"].items())
      agent.prompts[task] = prompt;
  }
  agent.updated_at = tenant_of(ctx).clock.now();
  ctx.reply(200, Json{{"message", "success"}, {"state", "updated"}});
}

void delete_agent(RequestContext& ctx) {
  find_agent(ctx);
  tenant_of(ctx).remove_agent(ctx.param("agent_id"));
  ctx.reply(200, Json{{"message", "success"}, {"state", "deleted"}});
}

}  // namespace

void register_agent_routes(Router& router, Services&) {
  router.add("POST", "/v2/agent", [](RequestContext& c) { create_agent(c, AgentApi::kV2); });
  router.add("GET", "/v2/agent/all", list_agents);
  router.add("GET", "/v2/agent/{agent_id}", get_agent);
  router.add("PUT", "/v2/agent/{agent_id}",
             [](RequestContext& c) { replace_agent(c, AgentApi::kV2); });
  router.add("PATCH", "/v2/agent/{agent_id}", patch_agent);
  router.add("DELETE", "/v2/agent/{agent_id}", delete_agent);

  router.add("POST", "/agent", [](RequestContext& c) { create_agent(c, AgentApi::kV1); });
  router.add("GET", "/agent/all", list_agents);
  router.add("GET", "/agent/{agent_id}", get_agent);
  router.add("PUT", "/agent/{agent_id}", [](RequestContext& c) { replace_agent(c, AgentApi::kV1); });
  router.add("PATCH", "/agent/{agent_id}", patch_agent);
}

}  // namespace bolna
