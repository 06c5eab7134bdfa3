// Unit tests of the HTTP-free pieces behind phone numbers, knowledgebases, providers,
// voices, violations and the humanized times.
#include <doctest/doctest.h>

#include "common/field_checks.h"
#include "catalogue/knowledgebase.h"
#include "catalogue/phone_number.h"
#include "catalogue/phone_number_catalogue.h"
#include "catalogue/provider_key.h"
#include "catalogue/violation.h"
#include "catalogue/voice_catalogue.h"
#include "common/humanize.h"

using namespace bolna;

namespace {
TimePoint at(const char* iso) { return parse_iso8601(iso)->utc; }
}  // namespace

TEST_CASE("humanize: relative times and renewal dates") {
  TimePoint t = at("2024-12-17T10:00:00Z");
  CHECK(humanized_age(t, t) == "just now");
  CHECK(humanized_age(t, t - std::chrono::seconds(5)) == "just now");
  CHECK(humanized_age(t, t + std::chrono::seconds(42)) == "42 seconds ago");
  CHECK(humanized_age(t, t + std::chrono::minutes(1)) == "1 minute ago");
  CHECK(humanized_age(t, t + std::chrono::minutes(5)) == "5 minutes ago");
  CHECK(humanized_age(t, t + std::chrono::hours(7)) == "7 hours ago");
  CHECK(humanized_age(t, t + std::chrono::days(3)) == "3 days ago");
  CHECK(humanized_age(t, t + std::chrono::days(65)) == "2 months ago");
  CHECK(humanized_age(t, t + std::chrono::days(800)) == "2 years ago");
  CHECK(format_day_month_year(t) == "17th Dec, 2024");
  CHECK(format_day_month_year(at("2024-03-01T00:00:00Z")) == "1st Mar, 2024");
  CHECK(format_day_month_year(at("2024-03-22T00:00:00Z")) == "22nd Mar, 2024");
  CHECK(format_day_month_year(at("2024-03-13T00:00:00Z")) == "13th Mar, 2024");
}

TEST_CASE("field checks") {
  CHECK(is_e164("+14155550123"));
  CHECK_FALSE(is_e164("14155550123"));
  CHECK_FALSE(is_e164("+0123456789"));
  CHECK_FALSE(is_e164("+1415"));
  CHECK(is_http_url("https://example.com/docs"));
  CHECK_FALSE(is_http_url("ftp://example.com"));
  CHECK_FALSE(is_http_url("https://"));
  CHECK(compact_id("5F3C1A2E-9b7d-4c11-8e0f-2025550100aa") == "5f3c1a2e9b7d4c118e0f2025550100aa");
  CHECK(check_required_string(Json{{"a", ""}}, "a") == "a must not be empty");
  CHECK(check_optional_int(Json{{"n", 0}}, "n", 1) == "n must be at least 1");
  CHECK(check_optional_enum(Json{{"e", "z"}}, "e", {"x", "y"}) == "e must be one of x, y");
}

TEST_CASE("phone number store: default number, both id forms, ownership, unlinking") {
  PhoneNumberStore store;
  TimePoint now = at("2026-01-01T00:00:00Z");
  store.reset(now);
  CHECK(store.default_number() == "+12025550100");
  CHECK(store.owns("+12025550100"));
  CHECK_FALSE(store.owns("+12025550101"));
  REQUIRE(store.find("5f3c1a2e9b7d4c118e0f2025550100aa") != nullptr);
  REQUIRE(store.find(kDefaultPhoneNumberId) != nullptr);
  PhoneNumber n;
  n.id = "133b9a7d-59b1-49c4-b62a-c4924503e38b";
  n.phone_number = "+14155550111";
  n.agent_id = "agent-1";
  n.created_at = n.updated_at = now;
  store.add(n);
  store.unlink_agent("agent-1");
  CHECK_FALSE(store.find_by_number("+14155550111")->agent_id.has_value());
  CHECK(store.remove("5f3c1a2e9b7d4c118e0f2025550100aa"));
  CHECK(store.default_number() == "+14155550111");
  CHECK(store.remove("133b9a7d59b149c4b62ac4924503e38b"));
  CHECK(store.default_number() == "");

  CHECK(format_dollars(500) == "$5.0");
  CHECK(format_dollars(550) == "$5.5");
  CHECK(format_dollars(525) == "$5.25");
  Json j = phone_number_to_json(n, now + std::chrono::minutes(5), Profile::kDocs);
  CHECK(j["id"] == "133b9a7d59b149c4b62ac4924503e38b");
  CHECK(j["humanized_created_at"] == "5 minutes ago");
  CHECK(j["renewal_at"] == "31st Jan, 2026");
  CHECK(purchase_to_json(n, Profile::kLive)["created_at"] == "2026-01-01T00:00:00.000000");
}

TEST_CASE("phone number catalogue: validation and deterministic fictional offers") {
  CHECK(validate_number_search(std::nullopt, std::nullopt, std::nullopt).message() ==
        "country is required (query parameter, US or IN)");
  CHECK(validate_number_search(std::string("US"), std::string("4a5"), std::nullopt).message() ==
        "pattern must be 3 digits");
  CHECK(validate_number_search(std::string("IN"), std::nullopt, std::string("vobiz")).message().empty());
  auto none_taken = [](const std::string&) { return false; };
  Json a = search_numbers({"US", "415", ""}, none_taken);
  Json b = search_numbers({"US", "415", ""}, none_taken);
  CHECK(a == b);
  REQUIRE(a.size() == 5);
  for (const Json& n : a) {
    std::string number = n["phone_number"];
    CHECK(number.substr(0, 10) == "+141555501");  // NANP 555-01XX: fictional
  }
  Json skip = search_numbers({"US", "415", ""},
                             [&](const std::string& n) { return n == a[0]["phone_number"]; });
  CHECK(skip[0]["phone_number"] == a[1]["phone_number"]);
  CHECK(validate_number_purchase(Json{{"country", "US"}, {"phone_number", "+919876543210"}}).message() ==
        "phone_number +919876543210 is not a US number (+1)");
  CHECK(validate_number_purchase(
            Json{{"country", "US"}, {"phone_number", "+14155550111"}, {"provider", "telnyx"}}).message() ==
        "provider must be one of twilio, plivo, vobiz");
}

TEST_CASE("knowledgebase: status follows the clock, form validation") {
  Knowledgebase kb;
  kb.created_at = at("2026-01-01T00:00:00Z");
  CHECK(knowledgebase_status(kb, kb.created_at) == "processing");
  CHECK(knowledgebase_status(kb, kb.created_at + std::chrono::seconds(29)) == "processing");
  CHECK(knowledgebase_status(kb, kb.created_at + kKnowledgebaseProcessing) == "processed");

  KnowledgebaseForm form;
  Knowledgebase out;
  CHECK(validate_knowledgebase_form(form, out).message() == "Either file (a PDF) or url is required");
  form.has_file = true;
  form.file_name = "doc.PDF";
  form.file_size = 10;
  CHECK(validate_knowledgebase_form(form, out).message().empty());
  CHECK(out.source_type == "pdf");
  form.file_size = kKnowledgebaseMaxPdfBytes + 1;
  CHECK(validate_knowledgebase_form(form, out).message() == "file is larger than 20 MB");
  form.file_size = 10;
  form.overlapping = "0";
  form.similarity_top_k = "0";
  CHECK(validate_knowledgebase_form(form, out).message() == "similarity_top_k must be at least 1");
  form.similarity_top_k = "7";
  CHECK(validate_knowledgebase_form(form, out).message().empty());
  CHECK(out.overlapping == 0);
  CHECK(out.similarity_top_k == 7);
}

TEST_CASE("providers: masking and validation") {
  CHECK(mask_secret("sk-0123456789az") == "xxxxxxxaz");
  CHECK(mask_secret("ab") == "xxxxxxx");
  CHECK(validate_provider_key(Json{{"provider_name", "X"}, {"provider_value", 5}}).message() ==
        "provider_value must be a string");
  CHECK(
      validate_custom_model(Json{{"custom_model_name", "m"}, {"custom_model_url", "https://x.io"}}).message()
          .empty());
}

TEST_CASE("voice catalogue: language support and paging") {
  Json cfg = catalogue_tts_config(std::string("ta"));
  int supported = 0;
  for (const Json& p : cfg["providers"]) supported += p["is_supported"].get<bool>() ? 1 : 0;
  CHECK(supported == 2);  // elevenlabs (Nila) and sarvam
  CHECK(catalogue_tts_config(std::nullopt)["language"].is_null());
  std::string missing;
  CHECK_FALSE(catalogue_voices({"nope", "x", std::nullopt, 1, 100}, &missing));
  CHECK(missing == "Provider");
  std::string sarvam = cfg["providers"][4]["id"];
  CHECK_FALSE(catalogue_voices({sarvam, "sonic-2", std::nullopt, 1, 100}, &missing));
  CHECK(missing == "Model");
  auto voices = catalogue_voices({sarvam, "bulbul:v2", std::string("hi-IN"), 1, 1}, &missing);
  REQUIRE(voices);
  CHECK((*voices)["items"].size() == 1);
  CHECK((*catalogue_voices({sarvam, "bulbul:v2", std::nullopt, 3, 1}, &missing))["items"].empty());
}

TEST_CASE("violations: query validation and pages newest first") {
  int page = 0, size = 0;
  CHECK(validate_violation_query(std::string("open"), std::nullopt, std::nullopt, page, size).message() ==
        "status must be one of pending, accepted, rejected, submitted");
  CHECK(validate_violation_query(std::nullopt, std::string("0"), std::nullopt, page, size).message() ==
        "page_number must be an integer >= 1");
  CHECK(validate_violation_query(std::nullopt, std::string("2"), std::string("1"), page, size).message()
            .empty());
  ViolationStore store;
  for (int i = 0; i < 3; ++i) {
    Violation v;
    CHECK(validate_violation_seed(
              Json{{"from_phone_number", "+918035739196"}, {"to_phone_number", "+919845866566"}},
              at("2026-01-01T00:00:00Z"), v).message()
              .empty());
    v.id = "v" + std::to_string(i);
    if (i == 1) v.status = "accepted";
    store.add(v);
  }
  Json p = violation_page(store, std::nullopt, 2, 1, "u", Profile::kDocs);
  CHECK(p["data"][0]["id"] == "v1");
  CHECK(p["total"] == 3);
  CHECK(p["offset"] == 1);
  CHECK(p["has_more"] == true);
  CHECK(violation_page(store, std::string("accepted"), 1, 20, "u", Profile::kDocs)["total"] == 1);
}
