// Sub-accounts: create (an "sa-" key that works at once as its own tenant), list, patch
// (documented concurrency messages), delete (wipes the sub-account's tenant and revokes
// its key). Sub-account keys cannot manage sub-accounts (403). Usage lives with the calls.
#include <utility>

#include "api/route_helpers.h"
#include "api/routes.h"
#include "http/request_context.h"

namespace bolna {

namespace {

void require_org_admin(RequestContext& ctx) {
  if (!ctx.t().parent_key().empty())
    throw message_error(403, "Forbidden: only organization admins can manage sub-accounts");
}

void answer_check(const SubAccountCheck& c) {
  if (!c.ok()) throw ApiError(c.status, c.body, c.body.dump());
}

SubAccount& find(RequestContext& ctx) {
  SubAccount* s = ctx.t().sub_accounts.find(ctx.param("sub_account_id"));
  if (!s) throw not_found("Sub-account");
  return *s;
}

void create(RequestContext& ctx, Services& services) {
  require_org_admin(ctx);
  Tenant& t = ctx.t();
  SubAccount s;
  answer_check(validate_sub_account_create(ctx.json(), std::as_const(t.sub_accounts).all(), s));
  s.id = t.ids.uuid();
  s.api_key = "sa-" + t.ids.hex32();
  s.created_at = s.updated_at = t.clock.now();
  services.tenants.declare(s.api_key, t.key());
  const SubAccount& stored = t.sub_accounts.add(std::move(s));
  ctx.reply(200, sub_account_created_json(stored, t.user_id(), t.organization_id(), ctx.profile()));
}

void list(RequestContext& ctx) {
  require_org_admin(ctx);
  Tenant& t = ctx.t();
  Json out = Json::array();
  for (const SubAccount* s : t.sub_accounts.all())
    out.push_back(sub_account_to_json(*s, t.organization_id()));
  ctx.reply(200, out);
}

void patch(RequestContext& ctx) {
  require_org_admin(ctx);
  Tenant& t = ctx.t();
  SubAccount& s = find(ctx);
  answer_check(apply_sub_account_patch(ctx.json(), std::as_const(t.sub_accounts).all(), s));
  s.updated_at = t.clock.now();
  ctx.reply(200, Json{{"message", "success"}, {"state", "updated"}});
}

void remove(RequestContext& ctx, Services& services) {
  require_org_admin(ctx);
  Tenant& t = ctx.t();
  SubAccount& s = find(ctx);
  std::string key = s.api_key;
  std::string id = s.id;
  // Lock order: parent tenant (held by the dispatcher), then the sub-account's tenant.
  if (auto child = services.tenants.remove(key)) {
    std::lock_guard lock(child->mutex);
    child->reset();
  }
  t.sub_accounts.remove(id);
  ctx.reply(200, Json{{"message", "success"}, {"state", "deleted"}});
}

}  // namespace

void register_subaccount_routes(Router& router, Services& services) {
  router.add("POST", "/sub-accounts/create",
             [&services](RequestContext& c) { create(c, services); });
  router.add("GET", "/sub-accounts/all", list);
  router.add("PATCH", "/sub-accounts/{sub_account_id}", patch);
  router.add("DELETE", "/sub-accounts/{sub_account_id}",
             [&services](RequestContext& c) { remove(c, services); });
}

}  // namespace bolna
