// Small helpers shared by handler groups: turn a domain Problem or message into the
// ApiError the dispatcher answers with. Header-only; no state.
#pragma once

#include <string>

#include "common/field_checks.h"
#include "http/api_error.h"

namespace bolna {

// Throws the problem as {"error": <status>, "message": ...} when there is one.
inline void check(const Problem& p) {
  if (!p.ok()) throw api_error(p.status, p.message);
}

// Throws a 400 with `message` when it is not empty.
inline void check(const std::string& message) {
  if (!message.empty()) throw bad_request(message);
}

}  // namespace bolna
