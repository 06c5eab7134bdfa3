#include "http/request_context.h"

#include "common/json_text.h"
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
  Json parsed;
  JsonProblem problem = parse_json_text(body, &parsed);
  if (problem.kind == JsonProblem::Kind::kSyntax)
    throw bad_request("Malformed JSON body: " + problem.message);
  if (!problem.ok()) throw bad_request("Invalid JSON body: " + problem.message);
  json_ = std::move(parsed);
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
  res.set_content(dump_json(body), "application/json");
}

}  // namespace bolna
