// SIP trunks (bring your own trunk) and their DID numbers: create (201), list
// (?is_active), get, patch (gateways/ip_identifiers replaced wholesale), delete (says how
// many numbers went with it); add/list/remove numbers.
#include "handler/tenant_of.h"
#include "catalogue/catalogue.h"
#include "handler/route_helpers.h"
#include "api/routes.h"
#include "http/request_context.h"

namespace bolna {

namespace {

SipTrunk& find(RequestContext& ctx) {
  SipTrunk* trunk = tenant_of(ctx).catalogue().sip_trunks.find(ctx.param("trunk_id"));
  if (!trunk) throw not_found("SIP trunk");
  return *trunk;
}

Status check_number_free(const Tenant& t, const std::string& number) {
  if (t.owns_number(number))
    return Status::Invalid("Phone number " + number + " is already in your account");
  return {};
}

void create(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  SipTrunk trunk;
  check(validate_sip_trunk_create(ctx.json(), trunk.fields, trunk.auth_password, trunk.numbers));
  for (size_t i = 0; i < trunk.numbers.size(); ++i) {
    check(check_number_free(t, trunk.numbers[i].phone_number));
    for (size_t j = 0; j < i; ++j)
      if (same_number(trunk.numbers[i].phone_number, trunk.numbers[j].phone_number))
        throw bad_request("phone_numbers lists " + trunk.numbers[i].phone_number + " twice");
  }
  trunk.id = t.ids.uuid();
  trunk.created_at = trunk.updated_at = t.now();
  for (auto& n : trunk.numbers) {
    n.id = t.ids.uuid();
    n.created_at = trunk.created_at;
  }
  ctx.reply(201, sip_trunk_to_json(t.catalogue().sip_trunks.add(std::move(trunk)), ctx.profile()));
}

void list(RequestContext& ctx) {
  auto active = ctx.query("is_active");
  if (active && *active != "true" && *active != "false")
    throw bad_request("is_active must be true or false");
  Json out = Json::array();
  for (const SipTrunk* trunk : tenant_of(ctx).catalogue().sip_trunks.all())
    if (!active || trunk->fields["is_active"] == (*active == "true"))
      out.push_back(sip_trunk_to_json(*trunk, ctx.profile()));
  ctx.reply(200, out);
}

void get(RequestContext& ctx) { ctx.reply(200, sip_trunk_to_json(find(ctx), ctx.profile())); }

void patch(RequestContext& ctx) {
  SipTrunk& trunk = find(ctx);
  check(apply_sip_trunk_patch(ctx.json(), trunk));
  trunk.updated_at = tenant_of(ctx).now();
  ctx.reply(200, sip_trunk_to_json(trunk, ctx.profile()));
}

void remove(RequestContext& ctx) {
  SipTrunk& trunk = find(ctx);
  size_t count = trunk.numbers.size();
  tenant_of(ctx).catalogue().sip_trunks.remove(std::string(trunk.id));
  ctx.reply(200, Json{{"message", "Trunk deleted successfully. " + std::to_string(count) +
                                      " phone number(s) removed."}});
}

void add_number(RequestContext& ctx) {
  SipTrunk& trunk = find(ctx);
  Tenant& t = tenant_of(ctx);
  SipTrunkNumber n;
  check(validate_sip_trunk_number(ctx.json(), "", n));
  check(check_number_free(t, n.phone_number));
  n.id = t.ids.uuid();
  n.created_at = t.now();
  trunk.numbers.push_back(n);
  trunk.updated_at = n.created_at;
  ctx.reply(201, sip_trunk_number_to_json(trunk, trunk.numbers.back(), ctx.profile()));
}

void list_numbers(RequestContext& ctx) {
  SipTrunk& trunk = find(ctx);
  Json out = Json::array();
  for (const auto& n : trunk.numbers)
    out.push_back(sip_trunk_number_to_json(trunk, n, ctx.profile()));
  ctx.reply(200, out);
}

void remove_number(RequestContext& ctx) {
  SipTrunk& trunk = find(ctx);
  const std::string& id = ctx.param("phone_number_id");
  for (auto it = trunk.numbers.begin(); it != trunk.numbers.end(); ++it) {
    if (it->id == id) {
      trunk.numbers.erase(it);
      trunk.updated_at = tenant_of(ctx).now();
      ctx.reply(200, Json{{"message", "Phone number removed successfully"}});
      return;
    }
  }
  throw not_found("Phone number");
}

}  // namespace

void register_sip_trunk_routes(Router& router, Services&) {
  router.add("POST", "/sip-trunks/trunks", create);
  router.add("GET", "/sip-trunks/trunks", list);
  router.add("GET", "/sip-trunks/trunks/{trunk_id}", get);
  router.add("PATCH", "/sip-trunks/trunks/{trunk_id}", patch);
  router.add("DELETE", "/sip-trunks/trunks/{trunk_id}", remove);
  router.add("POST", "/sip-trunks/trunks/{trunk_id}/numbers", add_number);
  router.add("GET", "/sip-trunks/trunks/{trunk_id}/numbers", list_numbers);
  router.add("DELETE", "/sip-trunks/trunks/{trunk_id}/numbers/{phone_number_id}", remove_number);
}

}  // namespace bolna
