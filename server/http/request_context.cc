#include "http/request_context.h"

#include "http/api_error.h"

namespace bolna {

const std::string& RequestContext::param(const std::string& name) const {
  static const std::string kEmpty;
  auto it = params.find(name);
  return it == params.end() ? kEmpty : it->second;
}

const Json& RequestContext::json() {
  if (json_) return *json_;
  const std::string& body = req.body;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    json_ = Json::object();
    return *json_;
  }
  try {
    json_ = Json::parse(body);
  } catch (const Json::parse_error& e) {
    // e.what(): "[json.exception.parse_error.101] parse error at line 1, column 9: ..."
    std::string what = e.what();
    auto pos = what.find("] ");
    throw bad_request("Malformed JSON body: " +
                      (pos == std::string::npos ? what : what.substr(pos + 2)));
  }
  return *json_;
}

const Json& RequestContext::json_object() {
  const Json& j = json();
  if (!j.is_object()) throw bad_request("Request body must be a JSON object");
  return j;
}

std::optional<std::string> RequestContext::query(const std::string& name) const {
  if (!req.has_param(name.c_str())) return std::nullopt;
  return req.get_param_value(name.c_str());
}

void RequestContext::reply(int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

}  // namespace bolna
