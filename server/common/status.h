// Status: the one way domain code reports a failure to its caller. OK, or a code with a
// message that says what is wrong and where (`agent_config.tasks[0].toolchain: required`).
// Domain functions that can fail return a Status (or a Result<T>, below); the handler
// kit maps a failed Status to the HTTP error body in one place (handler/route_helpers.h,
// check()). The domain never throws for bad input and never knows HTTP statuses; the
// codes only name kinds of failure. Inside a validator's .cc, the field checks of
// common/field_checks.h build message text that ends up in a Status.
//
// Value type; cheap to copy when OK; safe to share between threads once built.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace bolna {

class Status {
 public:
  enum class Code {
    kOk,
    kInvalid,        // the request is malformed or a field is wrong (HTTP 400)
    kUnprocessable,  // well-formed but semantically refused (HTTP 422)
    kNotFound,       // the named resource does not exist (HTTP 404)
    kConflict,       // the resource's state does not allow it (HTTP 409)
  };

  Status() = default;  // OK
  static Status OK() { return Status(); }
  static Status Invalid(std::string message) { return Status(Code::kInvalid, std::move(message)); }
  static Status Unprocessable(std::string message) {
    return Status(Code::kUnprocessable, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status Conflict(std::string message) {
    return Status(Code::kConflict, std::move(message));
  }
  // OK when `message` is empty, else Invalid(message): adapts a message builder.
  // Out of line (status.cc): inlined into callers that return string literals, GCC 12
  // reports a false -Warray-bounds on the string move.
  static Status InvalidIf(std::string message);

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // The same code with `prefix` before the message (e.g. "rows[3]."); OK stays OK.
  Status prefixed(const std::string& prefix) const {
    return ok() ? *this : Status(code_, prefix + message_);
  }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that says why there is none.
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Status status) : status_(std::move(status)) {}  // NOLINT; must not be OK

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // Only when ok().
  T& value() { return *value_; }
  const T& value() const { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace bolna
