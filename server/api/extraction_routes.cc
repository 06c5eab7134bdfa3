// Extraction templates (/extractions, {data: ...} envelopes) and an agent's extraction
// categories (/agent/{agent_id}/extraction-categories, /extraction-categories/{id}).
#include "handler/tenant_of.h"
#include "catalogue/catalogue.h"
#include "handler/route_helpers.h"
#include "api/routes.h"
#include "http/request_context.h"

namespace bolna {

namespace {

ExtractionTemplate& find_template(RequestContext& ctx) {
  ExtractionTemplate* tpl = tenant_of(ctx).catalogue().extraction_templates.find(ctx.param("template_id"));
  if (!tpl) throw not_found("Template");
  return *tpl;
}

void list_templates(RequestContext& ctx) {
  Json data = Json::array();
  for (const ExtractionTemplate* tpl : tenant_of(ctx).catalogue().extraction_templates.all())
    data.push_back(extraction_template_to_json(*tpl, ctx.profile()));
  ctx.reply(200, Json{{"data", data}});
}

void create_template(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  ExtractionTemplate tpl;
  check(validate_extraction_template(ctx.json(), tpl.fields));
  tpl.id = t.ids.uuid();
  tpl.created_at = tpl.updated_at = t.now();
  ctx.reply(201, Json{{"data", extraction_template_to_json(
                                   t.catalogue().extraction_templates.add(std::move(tpl)), ctx.profile())}});
}

void get_template(RequestContext& ctx) {
  ctx.reply(200, Json{{"data", extraction_template_to_json(find_template(ctx), ctx.profile())}});
}

void update_template(RequestContext& ctx) {
  ExtractionTemplate& tpl = find_template(ctx);
  Json fields = tpl.fields;
  check(apply_extraction_template_update(ctx.json(), fields));
  tpl.fields = std::move(fields);
  tpl.updated_at = tenant_of(ctx).now();
  ctx.reply(200, Json{{"data", extraction_template_to_json(tpl, ctx.profile())}});
}

void delete_template(RequestContext& ctx) {
  std::string id = find_template(ctx).id;
  tenant_of(ctx).catalogue().extraction_templates.remove(id);
  ctx.reply(200, Json{{"message", "Template deleted successfully"}});
}

ExtractionCategory& find_category(RequestContext& ctx) {
  ExtractionCategory* c = tenant_of(ctx).catalogue().extraction_categories.find(ctx.param("category_id"));
  if (!c) throw not_found("Extraction category");
  return *c;
}

void check_unique(Tenant& t, const std::string& agent_id, const std::string& name,
                  const std::string& self) {
  for (const ExtractionCategory* c : t.catalogue().extraction_categories.all())
    if (c->agent_id == agent_id && c->name == name && c->id != self)
      throw bad_request("The agent already has an extraction category named '" + name + "'");
}

void list_categories(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  const std::string agent = ctx.param("agent_id");
  if (!t.agents.find(agent)) throw not_found("Agent");
  Json list = Json::array();
  for (const ExtractionCategory* c : t.catalogue().extraction_categories.all())
    if (c->agent_id == agent)
      list.push_back(extraction_category_to_json(*c, t.catalogue().dispositions, ctx.profile()));
  ctx.reply(200, Json{{"categories", list}});
}

void create_category(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  const std::string agent = ctx.param("agent_id");
  if (!t.agents.find(agent)) throw not_found("Agent");
  const Json& body = ctx.json();
  check(validate_extraction_category(body));
  check_unique(t, agent, body["name"], "");
  ExtractionCategory c{t.ids.uuid(), agent, body["name"], body["model"], t.now()};
  ctx.reply(201, extraction_category_to_json(t.catalogue().extraction_categories.add(std::move(c)),
                                             t.catalogue().dispositions, ctx.profile()));
}

void patch_category(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  ExtractionCategory& c = find_category(ctx);
  const Json& body = ctx.json();
  check(validate_extraction_category_patch(body));
  if (body.contains("name") && body["name"].is_string()) {
    check_unique(t, c.agent_id, body["name"], c.id);
    c.name = body["name"];
    // Renaming rewrites the category text of every disposition inside it.
    for (Disposition* d : t.catalogue().dispositions.all())
      if (d->fields.contains("category_id") && d->fields["category_id"] == c.id)
        d->fields["category"] = c.name;
  }
  if (body.contains("model") && body["model"].is_string()) c.model = body["model"];
  ctx.reply(200, extraction_category_to_json(c, t.catalogue().dispositions, ctx.profile()));
}

void delete_category(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  std::string id = find_category(ctx).id;
  // The category owns its dispositions: they go with it.
  t.catalogue().dispositions.remove_if([&](const Disposition& d) {
    return d.fields.contains("category_id") && d.fields["category_id"] == id;
  });
  t.catalogue().extraction_categories.remove(id);
  ctx.reply(200, Json{{"message", "Extraction category deleted successfully"}, {"id", id}});
}

}  // namespace

void register_extraction_routes(Router& router, Services&) {
  router.add("GET", "/extractions", list_templates);
  router.add("POST", "/extractions", create_template);
  router.add("GET", "/extractions/{template_id}", get_template);
  router.add("PUT", "/extractions/{template_id}", update_template);
  router.add("DELETE", "/extractions/{template_id}", delete_template);
  router.add("GET", "/agent/{agent_id}/extraction-categories", list_categories);
  router.add("POST", "/agent/{agent_id}/extraction-categories", create_category);
  router.add("PATCH", "/extraction-categories/{category_id}", patch_category);
  router.add("DELETE", "/extraction-categories/{category_id}", delete_category);
}

}  // namespace bolna
