// Disposition and DispositionStore: a tenant's post-call extraction questions, the agents
// each is linked to, the create/update validation with the documented status codes (422
// for invalid content, 400 when an update carries no field) and the JSON form.
// Not thread-safe: tenant mutex.
#pragma once

#include <string>
#include <vector>

#include "common/field_checks.h"
#include "common/ordered_store.h"
#include "common/json.h"
#include "common/time.h"

namespace bolna {

struct Disposition {
  std::string id;  // dashed UUID
  Json fields;     // name, question, system_prompt, category, model, is_subjective, ...
  std::vector<std::string> agent_ids;
  std::string created_by;  // the tenant's user id
  TimePoint created_at;
  TimePoint updated_at;

  bool linked_to(const std::string& agent_id) const;
};

using DispositionStore = OrderedStore<Disposition>;

// Checks one disposition body (create, bulk item, or an update merged onto the stored
// fields). On success fills `fields` with every field, defaults applied. `where`
// prefixes messages ("dispositions[2].").
Status validate_disposition(const Json& body, const std::string& where, Json& fields);

// The fields PUT may change; an update naming none of them is a 400.
bool has_disposition_update_field(const Json& body);
// `stored` with the updatable fields of `body` laid over it.
Json merge_disposition_update(const Json& stored, const Json& body);

Json disposition_to_json(const Disposition& d, Profile profile);

// Removes `agent_id` from every disposition's links.
void unlink_agent_dispositions(DispositionStore& store, const std::string& agent_id);

}  // namespace bolna
