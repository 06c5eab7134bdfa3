#include "catalogue/phone_number_catalogue.h"

#include <cctype>
#include <cstdio>
#include <functional>

#include "common/field_checks.h"

namespace bolna {

namespace {

bool is_digits(const std::string& s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

struct Region {
  const char* prefix;
  const char* name;
};

const Region kUsRegions[] = {{"202", "Washington"},    {"212", "New York"}, {"312", "Chicago"},
                             {"415", "San Francisco"}, {"512", "Austin"},   {"617", "Boston"}};
const Region kInRegions[] = {
    {"800", "Karnataka"}, {"220", "Maharashtra"}, {"110", "Delhi"}, {"440", "Tamil Nadu"}};

std::string region_for(const std::string& country, const std::string& prefix) {
  if (country == "US") {
    for (const auto& r : kUsRegions)
      if (prefix == r.prefix) return r.name;
    return "United States";
  }
  for (const auto& r : kInRegions)
    if (prefix == r.prefix) return r.name;
  return "India";
}

}  // namespace

std::string default_provider(const std::string& country) {
  return country == "IN" ? "plivo" : "twilio";
}

double number_price_dollars(const std::string& country) { return country == "IN" ? 4.0 : 5.0; }

static std::string validate_number_search_text(const std::optional<std::string>& country,
                                   const std::optional<std::string>& pattern,
                                   const std::optional<std::string>& provider) {
  if (!country || country->empty()) return "country is required (query parameter, US or IN)";
  if (*country != "US" && *country != "IN") return "country must be one of US, IN";
  if (pattern && !pattern->empty() && (pattern->size() != 3 || !is_digits(*pattern)))
    return "pattern must be 3 digits";
  if (provider && !provider->empty() && *provider != "twilio" && *provider != "plivo" &&
      *provider != "vobiz")
    return "provider must be one of twilio, plivo, vobiz";
  return "";
}

Json search_numbers(const NumberSearch& search,
                    const std::function<bool(const std::string&)>& is_taken) {
  Json out = Json::array();
  std::string provider =
      search.provider.empty() ? default_provider(search.country) : search.provider;
  std::vector<std::string> prefixes;
  if (!search.pattern.empty()) {
    prefixes.push_back(search.pattern);
  } else if (search.country == "US") {
    for (const auto& r : kUsRegions) prefixes.push_back(r.prefix);
  } else {
    for (const auto& r : kInRegions) prefixes.push_back(r.prefix);
  }
  // Walk the 100 numbers of each prefix's fictional block; stop at 5 offers.
  for (const std::string& prefix : prefixes) {
    for (int i = 10; i < 100 && out.size() < 5; i += 7) {
      char tail[8];
      std::snprintf(tail, sizeof tail, "%02d", i);
      std::string number =
          search.country == "US" ? "+1" + prefix + "55501" + tail : "+91" + prefix + "55501" + tail;
      if (is_taken(number)) continue;
      out.push_back(Json{{"region", region_for(search.country, prefix)},
                         {"friendly_name", nullptr},
                         {"locality", nullptr},
                         {"phone_number", number},
                         {"provider", provider},
                         {"price", number_price_dollars(search.country)}});
    }
    if (out.size() >= 5) break;
  }
  return out;
}

static std::string validate_number_purchase_text(const Json& body) {
  if (!body.is_object()) return "Request body must be a JSON object";
  if (std::string e = check_required_string(body, "country"); !e.empty()) return e;
  const std::string country = body["country"];
  if (country != "US" && country != "IN") return "country must be one of US, IN";
  if (std::string e = check_required_string(body, "phone_number"); !e.empty()) return e;
  const std::string number = body["phone_number"];
  if (!is_e164(number)) return "phone_number must be in E.164 format (e.g. +19876543210)";
  if (country == "US" && number.rfind("+1", 0) != 0)
    return "phone_number " + number + " is not a US number (+1)";
  if (country == "IN" && number.rfind("+91", 0) != 0)
    return "phone_number " + number + " is not an Indian number (+91)";
  if (std::string e = check_optional_enum(body, "provider", {"twilio", "plivo", "vobiz"});
      !e.empty())
    return e;
  return "";
}

Status validate_number_search(const std::optional<std::string>& country,
                                   const std::optional<std::string>& pattern,
                                   const std::optional<std::string>& provider) {
  return Status::InvalidIf(validate_number_search_text(country, pattern, provider));
}

Status validate_number_purchase(const Json& body) {
  return Status::InvalidIf(validate_number_purchase_text(body));
}

}  // namespace bolna
