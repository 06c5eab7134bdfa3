// Sub-accounts: create (an "sa-" key that works at once as its own tenant), list, patch
// (documented concurrency messages), delete (wipes the sub-account's tenant and revokes
// its key), usage (aggregated from the sub-account tenant's executions over from/to,
// at most 32 days). Sub-account keys cannot manage sub-accounts (403).
#include <utility>

#include "tenant/tenant_registry.h"
#include "common/json_text.h"
#include "handler/tenant_of.h"
#include "catalogue/catalogue.h"
#include "handler/route_helpers.h"
#include "api/routes.h"
#include "catalogue/usage_report.h"
#include "http/request_context.h"
#include "tenant/sub_account_tenants.h"

namespace bolna {

namespace {

void require_org_admin(RequestContext& ctx) {
  if (!tenant_of(ctx).parent_key().empty())
    throw message_error(403, "Forbidden: only organization admins can manage sub-accounts");
}

void answer_check(const SubAccountCheck& c) {
  if (!c.ok()) throw ApiError(c.status, c.body, dump_json(c.body));
}

SubAccount& find(RequestContext& ctx) {
  SubAccount* s = tenant_of(ctx).catalogue().sub_accounts.find(ctx.param("sub_account_id"));
  if (!s) throw not_found("Sub-account");
  return *s;
}

void create(RequestContext& ctx, Services& services) {
  require_org_admin(ctx);
  Tenant& t = tenant_of(ctx);
  SubAccount s;
  answer_check(validate_sub_account_create(ctx.json(), t.catalogue().sub_accounts.all_const(), s));
  s.id = t.ids.uuid();
  s.api_key = "sa-" + t.ids.hex32();
  s.created_at = s.updated_at = t.now();
  services.tenants.declare(s.api_key, t.key());
  const SubAccount& stored = t.catalogue().sub_accounts.add(std::move(s));
  ctx.reply(200, sub_account_created_json(stored, t.user_id(), t.organization_id(), ctx.profile()));
}

void list(RequestContext& ctx) {
  require_org_admin(ctx);
  Tenant& t = tenant_of(ctx);
  Json out = Json::array();
  for (const SubAccount* s : t.catalogue().sub_accounts.all())
    out.push_back(sub_account_to_json(*s, t.organization_id()));
  ctx.reply(200, out);
}

void patch(RequestContext& ctx) {
  require_org_admin(ctx);
  Tenant& t = tenant_of(ctx);
  SubAccount& s = find(ctx);
  answer_check(apply_sub_account_patch(ctx.json(), t.catalogue().sub_accounts.all_const(), s));
  s.updated_at = t.now();
  ctx.reply(200, Json{{"message", "success"}, {"state", "updated"}});
}

void remove(RequestContext& ctx, Services& services) {
  require_org_admin(ctx);
  Tenant& t = tenant_of(ctx);
  SubAccount& s = find(ctx);
  std::string key = s.api_key;
  std::string id = s.id;
  drop_sub_account_tenant(services.tenants, key);
  t.catalogue().sub_accounts.remove(id);
  ctx.reply(200, Json{{"message", "success"}, {"state", "deleted"}});
}

// The report of one sub-account. Lock order: parent (held), then the sub-account.
Json report_for(const SubAccount& s, Services& services, const std::optional<std::string>& from,
                const std::optional<std::string>& to) {
  auto child = services.tenants.find_or_create(s.api_key);
  if (!child) throw not_found("Sub-account");
  std::lock_guard lock(child->mutex);
  UsageWindow window;
  check(parse_usage_window(from, to, child->now(), window));
  return usage_report(child->executions.all(), window);
}

void usage(RequestContext& ctx, Services& services) {
  require_org_admin(ctx);
  ctx.reply(200, report_for(find(ctx), services, ctx.query("from"), ctx.query("to")));
}

void all_usage(RequestContext& ctx, Services& services) {
  require_org_admin(ctx);
  Tenant& t = tenant_of(ctx);
  // Check the window once up front, so a bad one fails even without sub-accounts.
  UsageWindow window;
  check(parse_usage_window(ctx.query("from"), ctx.query("to"), t.now(), window));
  Json out = Json::array();
  for (const SubAccount* s : t.catalogue().sub_accounts.all()) {
    Json r = report_for(*s, services, ctx.query("from"), ctx.query("to"));
    r["sub_account_id"] = s->id;
    r["sub_account_name"] = s->name;
    out.push_back(std::move(r));
  }
  ctx.reply(200, out);
}

}  // namespace

void register_subaccount_routes(Router& router, Services& services) {
  router.add("POST", "/sub-accounts/create",
             [&services](RequestContext& c) { create(c, services); });
  router.add("GET", "/sub-accounts/all", list);
  router.add("PATCH", "/sub-accounts/{sub_account_id}", patch);
  router.add("GET", "/sub-accounts/{sub_account_id}/usage",
             [&services](RequestContext& c) { usage(c, services); });
  router.add("GET", "/sub-accounts/all/usage",
             [&services](RequestContext& c) { all_usage(c, services); });
  router.add("DELETE", "/sub-accounts/{sub_account_id}",
             [&services](RequestContext& c) { remove(c, services); });
}

}  // namespace bolna
