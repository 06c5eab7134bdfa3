// Small checks shared by the request validators of the domain (phone numbers, SIP
// trunks, dispositions, ...). Each returns "" when the field is fine, or a client-facing
// message naming the field. Pure functions; safe from any thread.
#pragma once

#include <string>

#include "common/phone_format.h"  // is_e164

#include "common/json.h"

namespace bolna {

// `field` must be present, a string, and not empty.
std::string check_required_string(const Json& body, const std::string& field);
// When present (and not null), `field` must be a string.
std::string check_optional_string(const Json& body, const std::string& field);
// When present (and not null), `field` must be a boolean.
std::string check_optional_bool(const Json& body, const std::string& field);
// When present (and not null), `field` must be an integer >= min_value.
std::string check_optional_int(const Json& body, const std::string& field, long long min_value);
// When present (and not null), `field` must be one of `allowed` (a string).
std::string check_optional_enum(const Json& body, const std::string& field,
                                std::initializer_list<const char*> allowed);

// "http://..." or "https://..." with a non-empty host.
bool is_http_url(const std::string& url);
// A dashed UUID (8-4-4-4-12 hex digits, any case).
bool is_uuid(const std::string& id);
// Lower-case id without dashes, so a dashed UUID and its 32-hex form compare equal.
std::string compact_id(const std::string& id);
// "a, b, c".
std::string join(std::initializer_list<const char*> items);

}  // namespace bolna

namespace bolna {

// A request problem: the HTTP status (400, 422, ...) and the message; status 0 = none.
struct Problem {
  int status = 0;
  std::string message;
  bool ok() const { return status == 0; }
  static Problem none() { return {}; }
  static Problem bad(const std::string& m) { return {400, m}; }
  static Problem unprocessable(const std::string& m) { return {422, m}; }
};

}  // namespace bolna
