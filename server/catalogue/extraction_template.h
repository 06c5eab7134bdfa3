// ExtractionTemplate: a reusable post-call extraction schema (GET|POST /extractions,
// GET|PUT|DELETE /extractions/{id}), its validation and JSON form.
// Not thread-safe: tenant mutex.
#pragma once

#include <string>

#include "common/ordered_store.h"
#include "common/json.h"
#include "common/time.h"
#include "common/status.h"

namespace bolna {

struct ExtractionTemplate {
  std::string id;  // dashed UUID
  Json fields;     // name, json_schema, instructions, model, inputs, keys, display, ...
  TimePoint created_at;
  TimePoint updated_at;
};

using ExtractionTemplateStore = OrderedStore<ExtractionTemplate>;

// Checks a create body and fills `fields` (defaults applied); "" or the 400 message.
Status validate_extraction_template(const Json& body, Json& fields);
// Checks a PUT body (any subset of the fields) and lays it over `fields`.
Status apply_extraction_template_update(const Json& body, Json& fields);

Json extraction_template_to_json(const ExtractionTemplate& t, Profile profile);

}  // namespace bolna
