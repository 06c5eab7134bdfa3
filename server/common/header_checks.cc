#include "common/header_checks.h"

#include <algorithm>
#include <cctype>

namespace bolna {

namespace {

bool is_token(const std::string& name) {
  static const std::string kExtra = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != std::string::npos;
  });
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string check_webhook_headers(const Json& headers) {
  if (!headers.is_object())
    return "Extra headers must be a JSON object of header names to string values";
  if (headers.size() > kMaxWebhookHeaders)
    return "At most " + std::to_string(kMaxWebhookHeaders) + " extra headers per agent";
  for (const auto& [name, value] : headers.items()) {
    if (!is_token(name)) return "'" + name + "' is not a valid HTTP header name";
    std::string l = lower(name);
    if (l == "content-type" || l == "content-length" || l == "host" || l == "transfer-encoding" ||
        l == "connection")
      return "Header " + name + " is set by the emulator and cannot be overridden";
    if (!value.is_string()) return "The value of header " + name + " must be a string";
    if (value.get<std::string>().find_first_of("\r\n") != std::string::npos)
      return "The value of header " + name + " must not contain line breaks";
  }
  return "";
}

}  // namespace bolna
