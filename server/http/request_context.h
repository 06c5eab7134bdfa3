// RequestContext: what a handler sees of one request: the raw httplib request and
// response, the matched path parameters, the caller's account (already
// authenticated, and locked when the route asks for it), and helpers to read JSON/query input and
// write JSON output. Lives on the worker thread's stack for one request only.
#pragma once

#include <httplib.h>

#include <memory>
#include <optional>
#include <string>

#include "common/account.h"
#include "common/config.h"
#include "http/router.h"
#include "common/json.h"

namespace bolna {

class RequestContext {
 public:
  RequestContext(const httplib::Request& req, httplib::Response& res, const Config& config,
                 std::string public_url)
      : req(req), res(res), config(config), public_url(std::move(public_url)) {}

  const httplib::Request& req;
  httplib::Response& res;
  const Config& config;
  const std::string public_url;  // base URL for links the emulator hands out
  PathParams params;
  std::shared_ptr<Account> account;  // the caller's; null without a (valid) key
  std::string api_key;             // the Bearer key ("" when none was sent)
  bool admin = false;              // carried the right X-Emulator-Admin-Token

  Profile profile() const { return config.profile; }

  // A path parameter by name (empty if absent).
  const std::string& param(const std::string& name) const;

  // The body parsed as JSON (cached), within the limits of common/json_text.h (at most
  // 64 levels deep, 1000 members per object, numbers that fit a double). An empty body
  // reads as {}. Malformed JSON throws a 400 ApiError "Malformed JSON body: ..." with the
  // parser's position; a body over a limit a 400 "Invalid JSON body: ..." saying which.
  const Json& json();
  // json(), additionally requiring an object (400 otherwise).
  const Json& json_object();

  // A query parameter, or nullopt when absent.
  std::optional<std::string> query(const std::string& name) const;

  // Writes `body` as JSON with `status`.
  void reply(int status, const Json& body);
  // The same for a temporary: the status is set now, the body serialized once the handler
  // has returned, after the dispatcher released the tenant's lock (same bytes).
  void reply(int status, Json&& body);
  // A body serialized already (e.g. a cached execution, calls/execution.h), sent as
  // application/json; copied into the response after the lock is released.
  void reply_json_text(int status, std::shared_ptr<const std::string> text);
  // Writes a deferred reply (the dispatcher calls it after the handler returns normally;
  // nothing when the handler replied otherwise afterwards).
  void finish_reply();

 private:
  std::optional<Json> json_;
  std::optional<Json> pending_json_;
  std::shared_ptr<const std::string> pending_text_;
};

}  // namespace bolna
