// ExtractionCategory: a named group of an agent's dispositions evaluated together on
// one model (GET|POST /agent/{agent_id}/extraction-categories, PATCH|DELETE
// /extraction-categories/{id}). Names are unique per agent. Not thread-safe: tenant mutex.
#pragma once

#include <string>

#include "catalogue/disposition.h"
#include "common/field_checks.h"
#include "common/ordered_store.h"
#include "common/json.h"
#include "common/time.h"
#include "common/status.h"

namespace bolna {

struct ExtractionCategory {
  std::string id;  // dashed UUID
  std::string agent_id;
  std::string name;
  std::string model;
  TimePoint created_at;
};

using ExtractionCategoryStore = OrderedStore<ExtractionCategory>;

// Checks a create body ({name, model}); "" or the 400 message.
Status validate_extraction_category(const Json& body);
// Checks a PATCH body (name and/or model); "" or the 400 message.
Status validate_extraction_category_patch(const Json& body);

// {id, name, model, dispositions: [...]} (dispositions whose category_id is this one).
Json extraction_category_to_json(const ExtractionCategory& c, const DispositionStore& dispositions,
                                 Profile profile);

}  // namespace bolna
