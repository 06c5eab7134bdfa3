// ApiError: the one way a handler reports a failure. Throw it anywhere below a handler;
// the dispatcher turns it into the HTTP status and JSON body it carries. Also holds the
// table of `error` codes the emulator uses (README "Error codes" mirrors it).
#pragma once

#include <stdexcept>
#include <string>

#include "common/json.h"

namespace bolna {

// Internal `error` codes. Generic errors reuse the HTTP status (DECISIONS.md row 3).
namespace error_code {
inline constexpr int kAgentIdRequired = 1001;  // documented: "agent_id is required"
}

class ApiError : public std::runtime_error {
 public:
  // A body of any shape (used for the documented exceptions to the usual shape).
  ApiError(int status, Json body, std::string log_message);

  int status() const { return status_; }
  const Json& body() const { return body_; }
  // Response headers to add (e.g. Retry-After, Allow).
  std::vector<std::pair<std::string, std::string>> headers;

 private:
  int status_;
  Json body_;
};

// The documented shape: {"error": <code>, "message": "<text>"}; code defaults to status.
ApiError api_error(int status, const std::string& message, int code = 0);
// 400 with the documented shape.
ApiError bad_request(const std::string& message);
// 404 "<Kind> not found", e.g. not_found("Agent").
ApiError not_found(const std::string& kind);
// {"detail": "..."} (FastAPI style; live auth errors, graph-agent 404).
ApiError detail_error(int status, const std::string& detail);
// {"message": "..."} only (batch stop 404, sub-account errors).
ApiError message_error(int status, const std::string& message);

// Body helper for the usual shape.
Json error_body(int status, const std::string& message, int code = 0);

}  // namespace bolna
