// Violation: a compliance complaint about a call (GET /violations/list,
// POST /violations/submit). The real service raises them; the emulator has none until a
// test adds one with POST /__emulator/violations. Not thread-safe: tenant mutex.
#pragma once

#include <optional>
#include <string>

#include "common/ordered_store.h"
#include "common/json.h"
#include "common/time.h"
#include "common/status.h"

namespace bolna {

struct Violation {
  std::string id;  // dashed UUID
  std::string from_phone_number;
  std::string to_phone_number;
  TimePoint date_of_call;
  std::string status = "pending";  // pending|accepted|rejected|submitted
  std::string agent_id;
  std::string execution_id;
  std::optional<std::string> image_url;
  std::string email;
  TimePoint created_at;
  TimePoint updated_at;
};

using ViolationStore = OrderedStore<Violation>;

// Checks the query of GET /violations/list; "" or the 400 message. Fills page values.
Status validate_violation_query(const std::optional<std::string>& status,
                                     const std::optional<std::string>& page_number,
                                     const std::optional<std::string>& page_size, int& page,
                                     int& size);

// {data, total, limit, offset, has_more} for one page, newest first.
Json violation_page(const ViolationStore& store, const std::optional<std::string>& status, int page,
                    int size, const std::string& user_id, Profile profile);

// Checks a seed body of POST /__emulator/violations and fills `out`; "" or the message.
Status validate_violation_seed(const Json& body, TimePoint now, Violation& out);

Json violation_to_json(const Violation& v, const std::string& user_id, Profile profile);

}  // namespace bolna
