// Dispositions: list (shape depends on the fidelity profile and on ?agent_id), create
// (201), bulk create (all or nothing), get, update (copy-on-write 201 when a shared
// disposition is edited for one agent), delete, and the test endpoint that runs an
// agent's dispositions over a transcript (domain/disposition_extraction.h).
#include "handler/tenant_of.h"
#include "catalogue/catalogue.h"
#include "handler/route_helpers.h"
#include "api/routes.h"
#include "catalogue/disposition_extraction.h"
#include "http/request_context.h"

namespace bolna {

namespace {

constexpr size_t kMaxTranscript = 50000;

// The agent named by `agent_id`; unknown (or another tenant's) answers 403 as documented.
void check_agent_access(Tenant& t, const std::string& agent_id) {
  if (!t.agents.find(agent_id))
    throw api_error(403, "Access denied: agent " + agent_id + " does not belong to your account");
}

std::optional<std::string> agent_param(RequestContext& ctx) {
  auto agent = ctx.query("agent_id");
  if (agent && agent->empty()) agent.reset();
  if (agent) check_agent_access(tenant_of(ctx), *agent);
  return agent;
}

// Resolves fields.category_id to its category's name (422 when unknown).
void resolve_category(Tenant& t, Json& fields) {
  if (!fields.contains("category_id") || !fields["category_id"].is_string()) return;
  const std::string id = fields["category_id"];
  const ExtractionCategory* c = t.catalogue().extraction_categories.find(id);
  if (!c) throw api_error(422, "category_id " + id + " does not match any extraction category");
  fields["category"] = c->name;
}

Disposition& store_new(Tenant& t, Json fields, std::vector<std::string> agent_ids) {
  Disposition d;
  d.id = t.ids.uuid();
  d.fields = std::move(fields);
  d.agent_ids = std::move(agent_ids);
  d.created_by = t.user_id();
  d.created_at = d.updated_at = t.now();
  return t.catalogue().dispositions.add(std::move(d));
}

Disposition& find(RequestContext& ctx) {
  Disposition* d = tenant_of(ctx).catalogue().dispositions.find(ctx.param("disposition_id"));
  if (!d) throw not_found("Disposition");
  return *d;
}

void list(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  auto agent = agent_param(ctx);
  Json items = Json::array();
  for (const Disposition* d : t.catalogue().dispositions.all())
    if (!agent || d->linked_to(*agent)) items.push_back(disposition_to_json(*d, ctx.profile()));
  if (ctx.profile() == Profile::kDocs) {
    ctx.reply(200, items);
  } else if (agent) {
    ctx.reply(200, Json{{"agent_dispositions", items}, {"global_dispositions", Json::array()}});
  } else {
    ctx.reply(200, Json{{"user_owned", items}});
  }
}

void create(RequestContext& ctx) {
  const Json& body = ctx.json();
  Tenant& t = tenant_of(ctx);
  Json fields;
  check(validate_disposition(body, "", fields));
  std::vector<std::string> agents;
  if (body.contains("agent_id") && body["agent_id"].is_string()) {
    check_agent_access(t, body["agent_id"]);
    agents.push_back(body["agent_id"]);
  }
  resolve_category(t, fields);
  const Disposition& d = store_new(t, std::move(fields), std::move(agents));
  ctx.reply(201, Json{{"message", "Disposition created successfully"}, {"id", d.id}});
}

void bulk(RequestContext& ctx) {
  const Json& body = ctx.json();
  Tenant& t = tenant_of(ctx);
  if (!body.is_object()) throw api_error(422, "Request body must be a JSON object");
  if (auto e = check_required_string(body, "agent_id"); !e.empty()) throw api_error(422, e);
  const std::string agent = body["agent_id"];
  check_agent_access(t, agent);
  if (!body.contains("dispositions") || !body["dispositions"].is_array() ||
      body["dispositions"].empty())
    throw api_error(422, "dispositions must be a non-empty array");
  std::vector<Json> all;
  for (size_t i = 0; i < body["dispositions"].size(); ++i) {
    Json fields;
    check(validate_disposition(body["dispositions"][i], "dispositions[" + std::to_string(i) + "].",
                               fields));
    resolve_category(t, fields);
    all.push_back(std::move(fields));
  }
  Json ids = Json::array();
  for (Json& fields : all) ids.push_back(store_new(t, std::move(fields), {agent}).id);
  ctx.reply(201, Json{{"message", "Dispositions created successfully"}, {"ids", ids}});
}

void get(RequestContext& ctx) {
  auto agent = agent_param(ctx);
  Disposition& d = find(ctx);
  if (agent && !d.linked_to(*agent)) throw not_found("Disposition");
  ctx.reply(200, disposition_to_json(d, ctx.profile()));
}

void update(RequestContext& ctx) {
  const Json& body = ctx.json();
  Tenant& t = tenant_of(ctx);
  Disposition& d = find(ctx);
  if (!has_disposition_update_field(body)) throw bad_request("No valid fields provided");
  std::optional<std::string> agent;
  if (body.contains("agent_id") && !body["agent_id"].is_null()) {
    if (!body["agent_id"].is_string()) throw api_error(422, "agent_id must be a string");
    agent = body["agent_id"].get<std::string>();
    check_agent_access(t, *agent);
  }
  Json fields;
  check(validate_disposition(merge_disposition_update(d.fields, body), "", fields));
  resolve_category(t, fields);
  bool exclusive = agent && d.agent_ids.size() == 1 && d.agent_ids[0] == *agent;
  if (agent && !exclusive) {
    // Shared (or not yet linked): leave the original alone, give the agent its own copy.
    d.agent_ids.erase(std::remove(d.agent_ids.begin(), d.agent_ids.end(), *agent),
                      d.agent_ids.end());
    const Disposition& copy = store_new(t, std::move(fields), {*agent});
    ctx.reply(201,
              Json{{"message", "Disposition copy created and linked to agent"}, {"id", copy.id}});
    return;
  }
  d.fields = std::move(fields);
  d.updated_at = t.now();
  ctx.reply(200, Json{{"message", "Disposition updated successfully"}, {"id", d.id}});
}

void remove(RequestContext& ctx) {
  std::string id = find(ctx).id;
  tenant_of(ctx).catalogue().dispositions.remove(id);
  ctx.reply(200, Json{{"message", "Disposition deleted successfully"}, {"id", id}});
}

void test(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  const std::string agent = ctx.param("agent_id");
  if (!t.agents.find(agent)) throw not_found("Agent");
  const Json& body = ctx.json();
  if (!body.is_object()) throw api_error(422, "Request body must be a JSON object");
  if (!body.contains("transcript") || body["transcript"].is_null())
    throw api_error(422, "transcript is required");
  if (!body["transcript"].is_string()) throw api_error(422, "transcript must be a string");
  const std::string transcript = body["transcript"];
  if (transcript.size() > kMaxTranscript)
    throw api_error(422, "transcript must be at most 50000 characters");
  if (auto e = check_optional_string(body, "call_date"); !e.empty()) throw api_error(422, e);
  std::string call_date = body.contains("call_date") && body["call_date"].is_string()
                              ? body["call_date"].get<std::string>()
                              : format_timestamp(t.now(), ctx.profile());
  std::vector<const Disposition*> linked;
  for (const Disposition* d : t.catalogue().dispositions.all())
    if (d->linked_to(agent)) linked.push_back(d);
  ctx.reply(200, Json{{"extracted_data", extract_dispositions(linked, transcript, call_date)}});
}

}  // namespace

void register_disposition_routes(Router& router, Services&) {
  for (const char* base : {"/dispositions/", "/dispositions"}) {
    router.add("GET", base, list);
    router.add("POST", base, create);
  }
  router.add("POST", "/dispositions/bulk", bulk);
  router.add("GET", "/dispositions/{disposition_id}", get);
  router.add("PUT", "/dispositions/{disposition_id}", update);
  router.add("DELETE", "/dispositions/{disposition_id}", remove);
  router.add("POST", "/v2/agent/{agent_id}/dispositions/test", test);
}

}  // namespace bolna
