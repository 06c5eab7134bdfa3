// Small helpers shared by handler groups: the one place where a domain Status becomes
// the HTTP error the dispatcher answers with ({"error": <status>, "message": ...}).
// Header-only; no state; safe from any thread.
#pragma once

#include <string>

#include "common/field_checks.h"
#include "common/status.h"
#include "http/api_error.h"

namespace bolna {

// The HTTP status of a failed Status's code.
inline int http_status_of(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return 200;
    case Status::Code::kInvalid: return 400;
    case Status::Code::kUnprocessable: return 422;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kConflict: return 409;
  }
  return 500;
}

// Throws the failure as {"error": <status>, "message": ...}; nothing when OK.
inline void check(const Status& s) {
  if (!s.ok()) throw api_error(http_status_of(s.code()), s.message());
}

// A field check's text (common/field_checks.h): a 400 when not empty.
inline void check(const std::string& field_problem) { check(Status::InvalidIf(field_problem)); }

}  // namespace bolna
