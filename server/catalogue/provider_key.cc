#include "catalogue/provider_key.h"

#include "common/field_checks.h"
#include "common/humanize.h"

namespace bolna {

std::string mask_secret(const std::string& value) {
  return "xxxxxxx" + (value.size() > 2 ? value.substr(value.size() - 2) : std::string());
}

Json provider_key_to_json(const ProviderKey& key, TimePoint now, Profile profile) {
  return Json{{"provider_id", key.provider_id},
              {"provider_name", key.id},
              {"provider_value", mask_secret(key.value)},
              {"humanized_created_at", humanized_age(key.created_at, now)},
              {"created_at", format_timestamp(key.created_at, profile)}};
}

static std::string validate_provider_key_text(const Json& body) {
  if (!body.is_object()) return "Request body must be a JSON object";
  if (auto e = check_required_string(body, "provider_name"); !e.empty()) return e;
  if (auto e = check_required_string(body, "provider_value"); !e.empty()) return e;
  return "";
}

static std::string validate_custom_model_text(const Json& body) {
  if (!body.is_object()) return "Request body must be a JSON object";
  if (auto e = check_required_string(body, "custom_model_name"); !e.empty()) return e;
  if (auto e = check_required_string(body, "custom_model_url"); !e.empty()) return e;
  if (!is_http_url(body["custom_model_url"].get<std::string>()))
    return "custom_model_url must be a valid http(s) URL";
  return "";
}

Status validate_provider_key(const Json& body) {
  return Status::InvalidIf(validate_provider_key_text(body));
}

Status validate_custom_model(const Json& body) {
  return Status::InvalidIf(validate_custom_model_text(body));
}

}  // namespace bolna
