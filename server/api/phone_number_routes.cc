// Phone numbers: list (bare array, price "$5.0"), search the fictional catalogue (query
// parameters, price in dollars), buy (price in cents) and release. Translates HTTP to
// the tenant's PhoneNumberStore and back.
#include "handler/tenant_of.h"
#include "catalogue/catalogue.h"
#include "handler/route_helpers.h"
#include "api/routes.h"
#include "catalogue/phone_number_catalogue.h"
#include "http/request_context.h"

namespace bolna {

namespace {

void list_numbers(RequestContext& ctx) {
  Tenant& t = tenant_of(ctx);
  Json out = Json::array();
  for (const PhoneNumber* n : t.catalogue().phone_numbers.all())
    out.push_back(phone_number_to_json(*n, t.now(), ctx.profile()));
  ctx.reply(200, out);
}

void search(RequestContext& ctx) {
  auto country = ctx.query("country");
  auto pattern = ctx.query("pattern");
  auto provider = ctx.query("provider");
  check(validate_number_search(country, pattern, provider));
  NumberSearch s{*country, pattern.value_or(""), provider.value_or("")};
  Tenant& t = tenant_of(ctx);
  ctx.reply(200, search_numbers(s, [&](const std::string& n) { return t.owns_number(n); }));
}

void buy(RequestContext& ctx) {
  const Json& body = ctx.json();
  check(validate_number_purchase(body));
  Tenant& t = tenant_of(ctx);
  const std::string number = body["phone_number"];
  if (t.owns_number(number))
    throw bad_request("Phone number " + number + " is already in your account");
  const std::string country = body["country"];
  PhoneNumber n;
  n.id = t.ids.uuid();
  n.payment_uuid = t.ids.uuid();
  n.phone_number = number;
  n.telephony_provider = body.contains("provider") && body["provider"].is_string()
                             ? body["provider"].get<std::string>()
                             : default_provider(country);
  n.price_cents = number_price_dollars(country) * 100.0;
  n.rented = true;
  n.telephony_sid = number.substr(1);
  n.created_at = n.updated_at = t.now();
  ctx.reply(200, purchase_to_json(t.catalogue().phone_numbers.add(std::move(n)), ctx.profile()));
}

void release(RequestContext& ctx) {
  if (!tenant_of(ctx).catalogue().phone_numbers.remove(ctx.param("phone_number_id"))) throw not_found("Phone number");
  ctx.reply(200, Json{{"message", "The phone number has been removed from your account"},
                      {"state", "deleted"}});
}

}  // namespace

void register_phone_number_routes(Router& router, Services&) {
  router.add("GET", "/phone-numbers/all", list_numbers);
  router.add("GET", "/phone-numbers/search", search);
  router.add("POST", "/phone-numbers/buy", buy);
  router.add("DELETE", "/phone-numbers/{phone_number_id}", release);
}

}  // namespace bolna
