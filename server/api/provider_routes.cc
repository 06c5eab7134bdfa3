// Providers (bring-your-own keys): list (shape depends on the fidelity profile), add
// (value stored, shown masked), remove by name; and custom LLM models
// (POST /user/model/custom).
#include "handler/tenant_of.h"
#include "catalogue/catalogue.h"
#include "handler/route_helpers.h"
#include "api/routes.h"
#include "http/request_context.h"

namespace bolna {

namespace {

void list(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  Json items = Json::array();
  for (const ProviderKey* k : t.catalogue().provider_keys.all())
    items.push_back(provider_key_to_json(*k, t.now(), ctx.profile()));
  if (ctx.profile() == Profile::kLive)
    ctx.reply(200, Json{{"providers", items}, {"providers_data", nullptr}});
  else
    ctx.reply(200, items);
}

void add(RequestContext& ctx) {
  const Json& body = ctx.json();
  check(validate_provider_key(body));
  Tenant& t = tenant_of(ctx);
  const std::string name = body["provider_name"];
  if (ProviderKey* existing = t.catalogue().provider_keys.find(name)) {
    existing->value = body["provider_value"];
  } else {
    t.catalogue().provider_keys.add(ProviderKey{name, t.ids.uuid(), body["provider_value"], t.now()});
  }
  ctx.reply(200, Json{{"message", "successful"}, {"status", "added"}});
}

void remove(RequestContext& ctx) {
  if (!tenant_of(ctx).catalogue().provider_keys.remove(ctx.param("provider_key_name"))) throw not_found("Provider");
  ctx.reply(200, Json{{"message", "successful"}, {"status", "removed"}});
}

void add_custom_model(RequestContext& ctx) {
  const Json& body = ctx.json();
  check(validate_custom_model(body));
  Tenant& t = tenant_of(ctx);
  const std::string name = body["custom_model_name"];
  t.catalogue().custom_models.remove(name);
  t.catalogue().custom_models.add(CustomModel{name, body["custom_model_url"], t.now()});
  ctx.reply(200, Json{{"message", "model added successfully"}, {"status", "added"}});
}

}  // namespace

void register_provider_routes(Router& router, Services&) {
  router.add("GET", "/providers", list);
  router.add("POST", "/providers", add);
  router.add("DELETE", "/providers/{provider_key_name}", remove);
  router.add("POST", "/user/model/custom", add_custom_model);
}

}  // namespace bolna
