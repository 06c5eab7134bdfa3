#include "common/field_checks.h"

#include <cctype>

namespace bolna {

namespace {

bool present(const Json& body, const std::string& field) {
  return body.is_object() && body.contains(field) && !body[field].is_null();
}

}  // namespace

std::string check_required_string(const Json& body, const std::string& field) {
  if (!present(body, field)) return field + " is required";
  if (!body[field].is_string()) return field + " must be a string";
  if (body[field].get<std::string>().empty()) return field + " must not be empty";
  return "";
}

std::string check_optional_string(const Json& body, const std::string& field) {
  if (present(body, field) && !body[field].is_string()) return field + " must be a string";
  return "";
}

std::string check_optional_bool(const Json& body, const std::string& field) {
  if (present(body, field) && !body[field].is_boolean()) return field + " must be a boolean";
  return "";
}

std::string check_optional_int(const Json& body, const std::string& field, long long min_value) {
  if (!present(body, field)) return "";
  const Json& v = body[field];
  if (!v.is_number_integer()) return field + " must be an integer";
  if (v.get<long long>() < min_value)
    return field + " must be at least " + std::to_string(min_value);
  return "";
}

std::string check_optional_enum(const Json& body, const std::string& field,
                                std::initializer_list<const char*> allowed) {
  if (!present(body, field)) return "";
  if (!body[field].is_string()) return field + " must be a string";
  const std::string v = body[field];
  for (const char* a : allowed)
    if (v == a) return "";
  return field + " must be one of " + join(allowed);
}

bool is_http_url(const std::string& url) {
  size_t start = 0;
  if (url.rfind("http://", 0) == 0)
    start = 7;
  else if (url.rfind("https://", 0) == 0)
    start = 8;
  else
    return false;
  if (url.size() <= start) return false;
  char c = url[start];
  if (c == '/' || c == '?' || c == '#' || c == ':') return false;
  for (char ch : url)
    if (std::isspace(static_cast<unsigned char>(ch))) return false;
  return true;
}

bool is_uuid(const std::string& id) {
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (id[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(id[i]))) {
      return false;
    }
  }
  return true;
}

std::string compact_id(const std::string& id) {
  std::string out;
  out.reserve(id.size());
  for (char c : id)
    if (c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string join(std::initializer_list<const char*> items) {
  std::string out;
  for (const char* i : items) {
    if (!out.empty()) out += ", ";
    out += i;
  }
  return out;
}

}  // namespace bolna
