// Unit tests of sub-account concurrency checks, usage windows, SIP trunk validation,
// dispositions (validation and the stand-in extraction) and the registry's runtime keys.
#include <doctest/doctest.h>

#include "catalogue/disposition.h"
#include "catalogue/disposition_extraction.h"
#include "catalogue/sip_trunk.h"
#include "catalogue/sub_account.h"
#include "catalogue/usage_report.h"
#include "tenant/tenant_registry.h"

using namespace bolna;

namespace {
TimePoint at(const char* iso) { return parse_iso8601(iso)->utc; }
}  // namespace

TEST_CASE("sub-accounts: create checks, sums against the org limits, patch") {
  std::vector<const SubAccount*> none;
  SubAccount a;
  CHECK(validate_sub_account_create(Json{{"name", "a"}}, none, a).body ==
        Json{{"message", "Bad request. Please provide min_concurrency and/or max_concurrency."}});
  REQUIRE(validate_sub_account_create(Json{{"name", "a"}, {"min_concurrency", 40}}, none, a).ok());
  CHECK(a.min_concurrency == 40);
  CHECK_FALSE(a.max_concurrency);
  a.id = std::string("sub-account-a");
  std::vector<const SubAccount*> one{&a};
  SubAccount b;
  SubAccountCheck c =
      validate_sub_account_create(Json{{"name", "b"}, {"min_concurrency", 20}}, one, b);
  CHECK(c.status == 400);
  CHECK(c.body["message"] ==
        "Sum of account minimums (60) exceeds the org minimum (50) by 10; "
        "lower an account minimum first.");
  // Legacy allow_concurrent_calls reads as a cap.
  REQUIRE(
      validate_sub_account_create(Json{{"name", "b"}, {"allow_concurrent_calls", 7}}, one, b).ok());
  CHECK(b.max_concurrency == 7);
  CHECK(b.min_concurrency == 0);
  // Patching a sub-account does not count its old values.
  CHECK(apply_sub_account_patch(Json{{"min_concurrency", 50}}, one, a).ok());
  CHECK(a.min_concurrency == 50);
  CHECK(apply_sub_account_patch(Json{{"other", 1}}, one, a).body ==
        Json{{"error", "No valid fields provided"}, {"status", "failure"}});
  CHECK(apply_sub_account_patch(Json{{"max_concurrency", 101}}, one, a).body["message"] ==
        "Sum of capped account maximums (101) exceeds the org maximum (100) by 1; lower an "
        "account maximum or raise the org maximum.");
  Json shown = sub_account_to_json(a, "org");
  CHECK(shown["max_concurrency"].is_null());
}

TEST_CASE("usage window: defaults to the month so far, 32-day limit, bare dates") {
  UsageWindow w;
  TimePoint now = at("2025-09-25T13:00:00Z");
  REQUIRE(parse_usage_window(std::nullopt, std::nullopt, now, w).empty());
  CHECK(format_timestamp(w.from, Profile::kLive) == "2025-09-01T00:00:00.000000");
  CHECK(format_timestamp(w.to, Profile::kLive) == "2025-09-25T23:59:59.999999");
  REQUIRE(parse_usage_window(std::string("2025-06-25"), std::string("2025-06-27"), now, w).empty());
  CHECK(format_timestamp(w.to, Profile::kLive) == "2025-06-27T23:59:59.999999");
  CHECK(parse_usage_window(std::string("2025-06-01"), std::string("2025-07-03"), now, w) ==
        "The range between from and to cannot exceed 32 days");
  CHECK(parse_usage_window(std::string("2025-06-02T00:00:00Z"), std::string("2025-07-04T00:00:00Z"),
                           now, w)
            .empty());
  CHECK(parse_usage_window(std::string("2025-07-01"), std::string("2025-06-01"), now, w) ==
        "from must not be after to");
  CHECK(usage_report({}, w)["llm_cost_map"] == Json{{"cost", 0.0}, {"tokens", Json::object()}});
}

TEST_CASE("sip trunks: defaults, the sdes/TLS 422, patch rules, numbers") {
  Json body = Json::parse(R"({"name": "t", "provider": "plivo", "auth_type": "ip-based",
    "gateways": [{"gateway_address": "gw"}], "ip_identifiers": [{"ip_address": "1.2.3.4"}]})");
  Json fields;
  std::string password;
  std::vector<SipTrunkNumber> numbers;
  REQUIRE(validate_sip_trunk_create(body, fields, password, numbers).ok());
  CHECK(fields["gateways"][0]["port"] == 5060);
  CHECK(fields["outbound_leading_plus_enabled"] == true);
  CHECK(fields["auth_username"].is_null());
  body["media_encryption"] = "sdes";
  Status p = validate_sip_trunk_create(body, fields, password, numbers);
  CHECK(p.code() == Status::Code::kUnprocessable);
  CHECK(p.message() == "media_encryption='sdes' requires transport='transport-tls'");
  body["transport"] = "transport-tls";
  REQUIRE(validate_sip_trunk_create(body, fields, password, numbers).ok());
  SipTrunk trunk;
  trunk.fields = fields;
  CHECK(apply_sip_trunk_patch(Json{{"transport", "transport-tcp"}}, trunk).code() == Status::Code::kUnprocessable);
  CHECK(trunk.fields["transport"] == "transport-tls");  // unchanged after a failed patch
  CHECK(apply_sip_trunk_patch(Json{{"auth_type", "userpass"}}, trunk).code() == Status::Code::kInvalid);
  CHECK(
      apply_sip_trunk_patch(Json{{"media_encryption", "no"}, {"transport", "transport-udp"}}, trunk)
          .ok());
  SipTrunkNumber n;
  CHECK(validate_sip_trunk_number(Json{{"phone_number", "91-98765"}}, "", n).code() == Status::Code::kUnprocessable);
  CHECK(validate_sip_trunk_number(Json{{"phone_number", "919876543210"}}, "", n).ok());
  CHECK(validate_sip_trunk_number(
            Json{{"phone_number", "919876543210"}, {"e164_check_enabled", true}}, "", n)
            .code() == Status::Code::kUnprocessable);
  // Explicit nulls read as absent (never a type error).
  Json nulls = body;
  nulls["qualify_frequency"] = nullptr;
  nulls["gateways"][0]["port"] = nullptr;
  nulls["media_encryption"] = nullptr;
  REQUIRE(validate_sip_trunk_create(nulls, fields, password, numbers).ok());
  CHECK(fields["qualify_frequency"] == 60);
  CHECK(fields["gateways"][0]["port"] == 5060);
  CHECK(validate_sip_trunk_number(Json{{"phone_number", "919876543210"}, {"e164_check_enabled", nullptr}}, "", n).ok());
  CHECK(same_number("+919876543210", "919876543210"));
  CHECK_FALSE(same_number("+919876543210", "919876543211"));
}

TEST_CASE("dispositions: validation, update merge, stand-in extraction") {
  Json fields;
  CHECK(validate_disposition(Json{{"name", "n"}, {"question", "q"}}, "", fields).message() ==
        "At least one of is_subjective or is_objective must be true");
  Status regex = validate_disposition(Json{{"name", "n"},
                                            {"question", "q"},
                                            {"is_subjective", true},
                                            {"subjective_type", "regex"},
                                            {"subjective_type_config", {{"pattern", "("}}}},
                                       "x.", fields);
  CHECK(regex.code() == Status::Code::kUnprocessable);
  CHECK(regex.message() == "x.subjective_type_config.pattern is not a valid regular expression");
  Json options = Json::parse(R"([{"value": "not_interested", "condition": "no"},
                                 {"value": "interested", "condition": "yes", "sub_options": [{"value": "v"}]}])");
  CHECK(validate_disposition(Json{{"name", "n"},
                                  {"question", "q"},
                                  {"is_objective", true},
                                  {"objective_options", options}},
                             "", fields)
            .message() == "objective_options[1].sub_options[0].condition is required");
  CHECK(validate_disposition(Json{{"name", "n"}, {"question", "q"}, {"is_subjective", true},
                                  {"is_objective", nullptr}}, "", fields).ok());
  CHECK_FALSE(has_disposition_update_field(Json{{"agent_id", "a"}}));
  CHECK(has_disposition_update_field(Json{{"model", "m"}}));
  CHECK(merge_disposition_update(Json{{"name", "a"}, {"model", "m"}},
                                 Json{{"model", "n"}, {"x", 1}}) ==
        Json{{"name", "a"}, {"model", "n"}});

  std::vector<Disposition> ds(4);
  REQUIRE(
      validate_disposition(Json::parse(R"({"name": "Outcome", "question": "q", "is_objective": true,
      "objective_options": [{"value": "not_interested", "condition": "c"}, {"value": "callback", "condition": "c"}]})"),
                           "", ds[0].fields)
          .ok());
  REQUIRE(
      validate_disposition(Json::parse(R"({"name": "Budget", "question": "q", "is_subjective": true,
      "subjective_type": "numeric", "category": "Money"})"),
                           "", ds[1].fields)
          .ok());
  REQUIRE(
      validate_disposition(Json::parse(R"({"name": "Email", "question": "q", "is_subjective": true,
      "subjective_type": "email", "category": "Money"})"),
                           "", ds[2].fields)
          .ok());
  REQUIRE(
      validate_disposition(Json::parse(R"({"name": "When", "question": "q", "is_subjective": true,
      "subjective_type": "timestamp"})"),
                           "", ds[3].fields)
          .ok());
  std::vector<const Disposition*> ptrs{&ds[0], &ds[1], &ds[2], &ds[3]};
  Json x = extract_dispositions(
      ptrs, "assistant: hi\nuser: I am not interested, budget 5000, mail me at a@b.io",
      "2026-04-01T10:00:00Z");
  CHECK(x["General"]["Outcome"]["objective"] == "not_interested");
  CHECK(x["General"]["Outcome"]["subjective"] == "");
  CHECK(x["Money"]["Budget"]["subjective"] == "5000");
  CHECK(x["Money"]["Email"]["subjective"] == "a@b.io");
  CHECK(x["General"]["When"]["subjective"] == "2026-04-01T10:00:00Z");
  Json fallback = extract_dispositions({&ds[0]}, "nothing relevant", "");
  CHECK(fallback["General"]["Outcome"]["objective"] == "callback");
}

TEST_CASE("tenant registry: runtime keys work with declared keys, removal revokes") {
  std::map<std::string, DeclaredKey> declared{{"org", DeclaredKey{}}};
  TenantRegistry registry(declared, 7, TenantSettings{});
  CHECK(registry.find_or_create("sa-1") == nullptr);
  auto sub = registry.declare("sa-1", "org");
  REQUIRE(sub);
  CHECK(sub->parent_key() == "org");
  CHECK(registry.find_or_create("sa-1") == sub);
  CHECK(registry.remove("sa-1") == sub);
  CHECK(registry.find_or_create("sa-1") == nullptr);
  CHECK(registry.remove("sa-1") == nullptr);

  TenantRegistry open(std::nullopt, 7, TenantSettings{});
  REQUIRE(open.find_or_create("sa-2"));
  open.remove("sa-2");
  CHECK(open.find_or_create("sa-2") == nullptr);  // a deleted sub-account key stays refused
}

// Issue #14 item 6: every new key made a tenant (~9 KiB), without a bound.
TEST_CASE("tenant registry: beyond max_tenants the least recently used idle tenant goes") {
  TenantRegistry registry(std::nullopt, 7, TenantSettings{}, nullptr, 3);
  auto a = registry.find_or_create("a");
  registry.find_or_create("b");
  registry.find_or_create("c");
  a.reset();
  CHECK(registry.size() == 3);
  registry.find("a");  // a is used again: b is now the least recently used
  registry.find_or_create("d");
  CHECK(registry.size() == 3);
  CHECK(registry.find("b") == nullptr);
  CHECK(registry.find("a") != nullptr);
  // A tenant a request holds is never evicted, even when it is the oldest.
  auto held = registry.find_or_create("c");
  registry.find("a");
  registry.find("d");
  registry.find_or_create("e");  // evicts a (c is held, a is older than d)
  CHECK(registry.find("c") == held);
  CHECK(registry.find("a") == nullptr);
  // An evicted key comes back as a fresh tenant.
  auto again = registry.find_or_create("b");
  REQUIRE(again);
  CHECK(again->executions.size() == 0);
  CHECK(registry.size() == 3);
}

TEST_CASE("tenant registry: when every tenant is in use the bound is passed, then restored") {
  TenantRegistry registry(std::nullopt, 7, TenantSettings{}, nullptr, 2);
  auto a = registry.find_or_create("a");
  auto b = registry.find_or_create("b");
  auto c = registry.find_or_create("c");  // a and b are held: over the bound for now
  CHECK(registry.size() == 3);
  a.reset();
  b.reset();
  c.reset();
  registry.find_or_create("d");
  CHECK(registry.size() == 2);
}

TEST_CASE("tenant registry: an evicted sub-account tenant keeps its parent") {
  TenantRegistry registry(std::nullopt, 7, TenantSettings{}, nullptr, 1);
  registry.declare("sa-1", "org");
  registry.find_or_create("other");  // evicts sa-1
  CHECK(registry.find("sa-1") == nullptr);
  auto sub = registry.find_or_create("sa-1");
  REQUIRE(sub);
  CHECK(sub->parent_key() == "org");
}
