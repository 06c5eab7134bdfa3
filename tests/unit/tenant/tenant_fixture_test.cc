// A tenant made from a fixture: its agents with their ids, its numbers (with the
// --phone-numbers ones), wallet, concurrency and scenario; reset restores them; the
// capture for export; the registry's choice of fixture and its magic key prefixes.
#include <doctest/doctest.h>

#include "catalogue/catalogue.h"
#include "fixtures/fixture_loader.h"
#include "manual_tenant.h"
#include "tenant/tenant.h"
#include "tenant/tenant_registry.h"

using namespace bolna;

namespace {

std::shared_ptr<const Fixtures> fixtures() {
  return parse_fixtures(Json::parse(R"({"tenants": {
    "*": {
      "agents": [{"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
                  "agent_config": {"agent_name": "Reminder", "tasks": [{"task_type": "conversation",
                    "toolchain": {"execution": "parallel",
                                  "pipelines": [["transcriber", "llm", "synthesizer"]]}}]},
                  "agent_prompts": {"task_1": {"system_prompt": "Be brief."}}}],
      "phone_numbers": ["+919876543210",
                        {"phone_number": "+919876543211", "provider": "exotel",
                         "agent_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a"}],
      "wallet": 12.5, "concurrency": 2,
      "scenario": {"name": "fixture-scenario"}},
    "bn-plain": {"agents": [], "phone_numbers": [], "scenario": null}}})"),
                        FixtureLoadOptions{});
}

TenantSettings settings() {
  TenantSettings s = testing::manual_clock_settings();
  s.extra_numbers = {"+14155550190"};
  return s;
}

std::vector<std::string> numbers_of(const Tenant& t) {
  std::vector<std::string> out;
  for (const PhoneNumber* n : t.catalogue().phone_numbers.all()) out.push_back(n->phone_number);
  return out;
}

}  // namespace

TEST_CASE("tenant fixture: applied at creation and restored by reset") {
  auto f = fixtures();
  Tenant t("bn-app", false, 1, settings(), f->for_key("bn-app"));
  const std::string agent_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
  auto check_fixture_state = [&] {
    REQUIRE(t.agents.size() == 1);
    CHECK(t.agents.find(agent_id)->config["agent_name"] == "Reminder");
    CHECK(numbers_of(t) == std::vector<std::string>{"+12025550100", "+14155550190", "+919876543210",
                                                    "+919876543211"});
    CHECK(t.default_number() == "+12025550100");
    for (const char* n : {"+14155550190", "+919876543210", "+919876543211"})
      CHECK(t.owns_number(n));
    const PhoneNumber* linked = t.catalogue().phone_numbers.find_by_number("+919876543211");
    CHECK(linked->telephony_provider == "exotel");
    CHECK(linked->agent_id == std::optional<std::string>(agent_id));
    CHECK(linked->id == declared_number_id("+919876543211"));
    CHECK(t.catalogue().phone_numbers.find_by_number("+919876543210")->telephony_provider ==
          "plivo");
    CHECK(t.wallet_cents == 1250.0);
    CHECK(t.max_concurrency == 2);
    CHECK(t.scenario->name == "fixture-scenario");
  };
  check_fixture_state();

  t.remove_agent(agent_id);
  t.catalogue().phone_numbers.remove(declared_number_id("+919876543210"));
  t.wallet_cents = 1;
  t.max_concurrency = 9;
  t.use_scenario(default_scenario());
  t.reset();
  check_fixture_state();
  CHECK_FALSE(t.has_own_scenario());

  // The fixture's scenario is the tenant's startup scenario: a new global one does not
  // replace it, going back to the startup scenario returns to it.
  t.set_startup_scenario(default_scenario());
  CHECK(t.scenario->name == "fixture-scenario");
  t.use_scenario(default_scenario());
  t.use_startup_scenario();
  CHECK(t.scenario->name == "fixture-scenario");
}

TEST_CASE("tenant fixture: the capture leaves out unchanged numbers every tenant owns") {
  auto f = fixtures();
  Tenant plain("bn-plain", false, 1, settings(), f->for_key("bn-plain"));
  TenantFixture c = plain.capture_fixture();
  CHECK(c.agents.empty());
  CHECK(c.phone_numbers.empty());
  CHECK(c.wallet_cents == 1250.0);  // from "*"
  CHECK(c.concurrency == 2);
  CHECK_FALSE(c.scenario);  // "scenario": null: the global startup scenario

  // Linking the default number makes it part of the capture.
  PhoneNumber* default_number = plain.catalogue().phone_numbers.find_by_number("+12025550100");
  REQUIRE(default_number);
  default_number->agent_id = std::string(plain.key());
  c = plain.capture_fixture();
  REQUIRE(c.phone_numbers.size() == 1);
  CHECK(c.phone_numbers[0].id == kDefaultPhoneNumberId);
  CHECK(c.phone_numbers[0].agent_id == std::optional<std::string>("bn-plain"));

  Tenant app("bn-app", false, 1, settings(), f->for_key("bn-app"));
  c = app.capture_fixture();
  REQUIRE(c.agents.size() == 1);
  CHECK(c.agents[0].id == "3c90c3cc-0d44-4b50-8888-8dd25736052a");
  REQUIRE(c.phone_numbers.size() == 2);
  CHECK(c.phone_numbers[0].phone_number == "+919876543210");
  CHECK(c.phone_numbers[1].provider == "exotel");
  CHECK(c.wallet_cents == 1250.0);
  REQUIRE(c.scenario);
  CHECK(c.scenario->name == "fixture-scenario");
}

TEST_CASE("registry: fixtures by key, and magic key prefixes only without a keys file") {
  TenantRegistry open(std::nullopt, 7, settings(), fixtures());
  CHECK(open.find_or_create("invalid-key") == nullptr);
  auto ro = open.find_or_create("readonly-dashboard");
  REQUIRE(ro);
  CHECK(ro->read_only());
  CHECK(ro->agents.size() == 1);  // "*" applies to it too
  auto plain = open.find_or_create("bn-plain");
  CHECK_FALSE(plain->read_only());
  CHECK(plain->agents.size() == 0);

  std::map<std::string, DeclaredKey> keys{{"invalid-but-declared", {}}, {"readonly-writer", {}}};
  TenantRegistry closed(keys, 7, settings(), nullptr);
  REQUIRE(closed.find_or_create("invalid-but-declared"));
  auto writer = closed.find_or_create("readonly-writer");
  REQUIRE(writer);
  CHECK_FALSE(writer->read_only());
  CHECK(closed.find_or_create("readonly-other") == nullptr);
  CHECK(closed.find_or_create("readonly-writer")->agents.size() == 0);
}
