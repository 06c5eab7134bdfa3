// HTTP for `bolna-emulator ctl`: one request to a running emulator (httplib::Client), with
// the tenant key or the admin token, answering parsed JSON or throwing. Only the ctl verbs
// (server/ctl/) call it; the server itself never does.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace bolna::ctl {

using Json = nlohmann::ordered_json;

// A usage mistake (bad flag value, missing --key, bad URL): exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The emulator answered with an error status, or could not be reached (status 0): exit 1.
class ApiFailure : public std::runtime_error {
 public:
  ApiFailure(int status, Json body, const std::string& message)
      : std::runtime_error(message), status(status), body(std::move(body)) {}
  int status;
  Json body;  // the emulator's error body (null when there was no answer)
};

// Who a request speaks as: the tenant key, nobody (the sink), or the admin token.
enum class Auth { kKey, kNone, kAdmin };

struct Target {
  std::string url = "http://127.0.0.1:8080";
  std::string key;
  std::string admin_token;
  double timeout_seconds = 30;
};

using Query = std::vector<std::pair<std::string, std::string>>;

class CtlClient {
 public:
  // Throws UsageError for a URL that is not http://HOST[:PORT][/PREFIX].
  explicit CtlClient(Target target);

  // Sends one request (body: null for none) and returns the parsed answer (a string for a
  // non-JSON answer). Throws ApiFailure for status >= 400 or no answer, UsageError when
  // the auth it needs was not given.
  Json send(const std::string& method, const std::string& path, const Json& body = nullptr,
            Auth auth = Auth::kKey, const Query& query = {});
  Json get(const std::string& path, const Query& query = {}, Auth auth = Auth::kKey) {
    return send("GET", path, nullptr, auth, query);
  }

  const Target& target() const { return target_; }
  // The base URL as given, without a trailing slash.
  std::string base_url() const;

 private:
  Target target_;
  std::string scheme_host_port_;
  std::string prefix_;  // path prefix of the URL ("" or "/something")
};

// "a b/c" -> "a%20b%2Fc": one path segment.
std::string url_segment(const std::string& text);

}  // namespace bolna::ctl
