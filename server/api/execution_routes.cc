// Executions: GET /executions/{id}, its raw log, the paginated v2 list per agent
// (DECISIONS.md row 8), and the v1 list and item.
#include <algorithm>

#include "handler/tenant_of.h"
#include "api/routes.h"
#include "calls/execution_log.h"
#include "common/execution_status.h"
#include "http/api_error.h"
#include "http/request_context.h"
#include "tenant/tenant.h"

namespace bolna {

namespace {

Execution& find_execution(RequestContext& ctx) {
  Execution* e = tenant_of(ctx).executions.find(ctx.param("execution_id"));
  if (!e) throw not_found("Execution");
  return *e;
}

// A finished call's JSON is kept serialized (calls/execution.h); others are built here
// and serialized after the tenant's lock is released.
void reply_execution(RequestContext& ctx, const Execution& e) {
  if (auto text = final_execution_json(e, ctx.profile(), ctx.public_url))
    ctx.reply_json_text(200, std::move(text));
  else
    ctx.reply(200, execution_to_json(e, ctx.profile(), ctx.public_url));
}

void require_agent(RequestContext& ctx) {
  if (!tenant_of(ctx).agents.find(ctx.param("agent_id"))) throw not_found("Agent");
}

int int_param(RequestContext& ctx, const char* name, int fallback, int min, int max) {
  auto v = ctx.query(name);
  if (!v) return fallback;
  try {
    size_t used = 0;
    long n = std::stol(*v, &used);
    if (used != v->size()) throw std::invalid_argument("trailing");
    if (n < min) throw bad_request(std::string(name) + " must be >= " + std::to_string(min));
    if (n > max) throw bad_request(std::string(name) + " must be at most " + std::to_string(max));
    return static_cast<int>(n);
  } catch (const std::logic_error&) {
    throw bad_request(std::string(name) + " must be an integer, got '" + *v + "'");
  }
}

std::optional<std::string> enum_param(RequestContext& ctx, const char* name,
                                      const std::vector<std::string>& allowed) {
  auto v = ctx.query(name);
  if (!v) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw bad_request(std::string(name) + " must be one of " + list + ", got '" + *v + "'");
  }
  return v;
}

TimePoint time_param(const std::string& name, const std::string& value) {
  std::string why;
  auto parsed = parse_iso8601(value, &why);
  if (!parsed)
    throw bad_request(name + " must be an ISO 8601 date-time such as 2026-06-07T00:00:00.000Z, got '" +
                      value + "'");
  return parsed->utc;
}

void list_v2(RequestContext& ctx) {
  require_agent(ctx);
  Tenant& t = tenant_of(ctx);
  int page_number = int_param(ctx, "page_number", 1, 1, 1'000'000);
  int page_size = int_param(ctx, "page_size", 20, 1, 50);
  auto status = enum_param(ctx, "status", all_execution_statuses());
  auto call_type = enum_param(ctx, "call_type", {"inbound", "outbound"});
  auto provider = enum_param(ctx, "provider", {"plivo", "twilio", "websocket", "web-call"});
  auto voicemail = enum_param(ctx, "answered_by_voice_mail", {"true", "false"});
  auto batch_id = ctx.query("batch_id");
  auto from_s = ctx.query("from");
  auto to_s = ctx.query("to");
  if (from_s.has_value() != to_s.has_value())
    throw bad_request("from and to must be sent together");
  TimePoint to = t.now(), from = to - std::chrono::hours(24 * 7);
  if (from_s) {
    from = time_param("from", *from_s);
    to = time_param("to", *to_s);
    if (to < from) throw bad_request("from must not be after to");
    if (to - from > std::chrono::hours(24 * 7))
      throw bad_request("The range between from and to must not exceed 7 days");
  }
  std::vector<const Execution*> matched;
  const auto& all = t.executions.all();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const Execution& e = **it;
    if (e.agent_id != ctx.param("agent_id")) continue;
    if (e.created_at < from || e.created_at > to) continue;
    if (status && e.status != *status) continue;
    if (call_type && e.call_type != *call_type) continue;
    if (provider && e.provider != *provider) continue;
    if (batch_id && e.batch_id != *batch_id) continue;
    if (voicemail) {
      bool vm = e.script_finished() && e.script->answered_by_voice_mail.is_boolean() &&
                e.script->answered_by_voice_mail.get<bool>();
      if (vm != (*voicemail == "true")) continue;
    }
    matched.push_back(&e);
  }
  std::stable_sort(matched.begin(), matched.end(), [](const Execution* a, const Execution* b) {
    return a->created_at > b->created_at;
  });
  Json data = Json::array();
  size_t begin = static_cast<size_t>(page_number - 1) * static_cast<size_t>(page_size);
  for (size_t i = begin; i < matched.size() && i < begin + static_cast<size_t>(page_size); ++i)
    data.push_back(execution_to_json(*matched[i], ctx.profile(), ctx.public_url));
  auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(); };
  Json out = Json::object();
  out["data"] = data;
  out["total"] = matched.size();
  out["has_more"] = begin + static_cast<size_t>(page_size) < matched.size();
  out["page_number"] = page_number;
  out["page_size"] = page_size;
  out["filters"] = {{"status", opt(status)},
                    {"call_type", opt(call_type)},
                    {"provider", opt(provider)},
                    {"answered_by_voice_mail", voicemail ? Json(*voicemail == "true") : Json()},
                    {"batch_id", opt(batch_id)},
                    {"from", format_timestamp(from, ctx.profile())},
                    {"to", format_timestamp(to, ctx.profile())}};
  out["sorts"] = Json::array({{{"field", "created_at"}, {"order", "desc"}}});
  ctx.reply(200, out);
}

void list_v1(RequestContext& ctx) {
  require_agent(ctx);
  Json out = Json::array();
  const auto& all = tenant_of(ctx).executions.all();
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if ((*it)->agent_id == ctx.param("agent_id"))
      out.push_back(execution_to_json(**it, ctx.profile(), ctx.public_url));
  ctx.reply(200, out);
}

void get_v1(RequestContext& ctx) {
  require_agent(ctx);
  Execution& e = find_execution(ctx);
  if (e.agent_id != ctx.param("agent_id")) throw not_found("Execution");
  reply_execution(ctx, e);
}

}  // namespace

void register_execution_routes(Router& router, Services&) {
  router.add("GET", "/executions/{execution_id}", [](RequestContext& c) {
    reply_execution(c, find_execution(c));
  });
  router.add("GET", "/executions/{execution_id}/log", [](RequestContext& c) {
    c.reply(200, execution_log(find_execution(c), c.profile()));
  });
  router.add("GET", "/v2/agent/{agent_id}/executions", list_v2);
  router.add("GET", "/agent/{agent_id}/executions", list_v1);
  router.add("GET", "/agent/{agent_id}/execution/{execution_id}", get_v1);
}

}  // namespace bolna
