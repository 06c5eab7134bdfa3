#include "catalogue/extraction_category.h"

namespace bolna {

static std::string validate_extraction_category_text(const Json& body) {
  if (!body.is_object()) return "Request body must be a JSON object";
  if (auto e = check_required_string(body, "name"); !e.empty()) return e;
  if (auto e = check_required_string(body, "model"); !e.empty()) return e;
  return "";
}

static std::string validate_extraction_category_patch_text(const Json& body) {
  if (!body.is_object()) return "Request body must be a JSON object";
  bool has_name = body.contains("name") && !body["name"].is_null();
  bool has_model = body.contains("model") && !body["model"].is_null();
  if (!has_name && !has_model) return "At least one of name or model must be provided.";
  if (has_name)
    if (auto e = check_required_string(body, "name"); !e.empty()) return e;
  if (has_model)
    if (auto e = check_required_string(body, "model"); !e.empty()) return e;
  return "";
}

Json extraction_category_to_json(const ExtractionCategory& c, const DispositionStore& dispositions,
                                 Profile profile) {
  Json list = Json::array();
  for (const Disposition* d : dispositions.all())
    if (d->fields.contains("category_id") && d->fields["category_id"] == c.id)
      list.push_back(disposition_to_json(*d, profile));
  return Json{{"id", c.id}, {"name", c.name}, {"model", c.model}, {"dispositions", list}};
}

Status validate_extraction_category(const Json& body) {
  return Status::InvalidIf(validate_extraction_category_text(body));
}

Status validate_extraction_category_patch(const Json& body) {
  return Status::InvalidIf(validate_extraction_category_patch_text(body));
}

}  // namespace bolna
