// Field checks: message builders shared by the request validators of the domain (phone
// numbers, SIP trunks, dispositions, ...). Each returns "" when the field is fine, or the
// client-facing text naming the field, which a validator turns into its Status
// (common/status.h), often with a prefix saying where the field sits. They are not a
// failure convention of their own: public domain functions return Status. Pure
// functions; safe from any thread.
#pragma once

#include <string>

#include "common/json.h"
#include "common/phone_format.h"  // is_e164
#include "common/status.h"

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
