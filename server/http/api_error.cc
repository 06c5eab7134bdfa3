#include "http/api_error.h"

namespace bolna {

ApiError::ApiError(int status, Json body, std::string log_message)
    : std::runtime_error(std::move(log_message)), status_(status), body_(std::move(body)) {}

Json error_body(int status, const std::string& message, int code) {
  Json body = Json::object();
  body["error"] = code == 0 ? status : code;
  body["message"] = message;
  return body;
}

ApiError api_error(int status, const std::string& message, int code) {
  return ApiError(status, error_body(status, message, code), message);
}

ApiError bad_request(const std::string& message) { return api_error(400, message); }

ApiError not_found(const std::string& kind) { return api_error(404, kind + " not found"); }

ApiError detail_error(int status, const std::string& detail) {
  return ApiError(status, Json{{"detail", detail}}, detail);
}

ApiError message_error(int status, const std::string& message) {
  return ApiError(status, Json{{"message", message}}, message);
}

}  // namespace bolna
