#include "catalogue/extraction_template.h"

#include "common/field_checks.h"

namespace bolna {

namespace {

std::string check_types(const Json& body) {
  if (body.contains("json_schema") && !body["json_schema"].is_object())
    return "json_schema must be an object";
  for (const char* f : {"instructions", "model"})
    if (auto e = check_optional_string(body, f); !e.empty()) return e;
  for (const char* f : {"inputs", "keys"})
    if (body.contains(f) && !body[f].is_null() && !body[f].is_object())
      return std::string(f) + " must be an object or null";
  for (const char* f : {"display", "supports_custom_questions"})
    if (auto e = check_optional_bool(body, f); !e.empty()) return e;
  if (body.contains("name"))
    if (auto e = check_required_string(body, "name"); !e.empty()) return e;
  return "";
}

}  // namespace

static std::string validate_extraction_template_text(const Json& body, Json& fields) {
  if (!body.is_object()) return "Request body must be a JSON object";
  if (auto e = check_required_string(body, "name"); !e.empty()) return e;
  if (!body.contains("json_schema") || body["json_schema"].is_null())
    return "json_schema is required";
  if (auto e = check_types(body); !e.empty()) return e;
  auto get = [&](const char* f, Json def) {
    return body.contains(f) && !body[f].is_null() ? body[f] : def;
  };
  fields = Json{{"name", body["name"]},
                {"json_schema", body["json_schema"]},
                {"instructions", get("instructions", nullptr)},
                {"model", get("model", "gpt-4.1-mini")},
                {"inputs", get("inputs", nullptr)},
                {"keys", get("keys", nullptr)},
                {"display", get("display", true)},
                {"supports_custom_questions", get("supports_custom_questions", false)}};
  return "";
}

static std::string apply_extraction_template_update_text(const Json& body, Json& fields) {
  if (!body.is_object()) return "Request body must be a JSON object";
  if (auto e = check_types(body); !e.empty()) return e;
  for (const auto& [k, v] : body.items())
    if (fields.contains(k) && !(v.is_null() && (k == "name" || k == "json_schema"))) fields[k] = v;
  return "";
}

Json extraction_template_to_json(const ExtractionTemplate& t, Profile profile) {
  Json out{{"id", t.id}};
  for (const auto& [k, v] : t.fields.items()) out[k] = v;
  out["created_at"] = format_timestamp(t.created_at, profile);
  out["updated_at"] = format_timestamp(t.updated_at, profile);
  return out;
}

Status validate_extraction_template(const Json& body, Json& fields) {
  return Status::InvalidIf(validate_extraction_template_text(body, fields));
}

Status apply_extraction_template_update(const Json& body, Json& fields) {
  return Status::InvalidIf(apply_extraction_template_update_text(body, fields));
}

}  // namespace bolna
