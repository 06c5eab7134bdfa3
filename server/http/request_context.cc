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
  pending_json_.reset();
  pending_text_.reset();
  res.status = status;
  res.set_content(dump_json(body), "application/json");
}

void RequestContext::reply(int status, Json&& body) {
  pending_text_.reset();
  res.status = status;
  res.body.clear();
  pending_json_ = std::move(body);
}

void RequestContext::reply_json_text(int status, std::shared_ptr<const std::string> text) {
  pending_json_.reset();
  res.status = status;
  res.body.clear();
  pending_text_ = std::move(text);
}

void RequestContext::finish_reply() {
  // A handler that wrote the body itself after a deferred reply wins, as it always did.
  bool overwritten = !res.body.empty() || res.content_provider_;
  if (pending_json_ && !overwritten)
    res.set_content(pending_json_->dump(-1, ' ', false, Json::error_handler_t::replace),
                    "application/json");
  else if (pending_text_ && !overwritten)
    res.set_content(*pending_text_, "application/json");
  pending_json_.reset();
  pending_text_.reset();
}

}  // namespace bolna
