#include "ctl/ctl_client.h"

#include <httplib.h>

#include <cctype>
#include <regex>

namespace bolna::ctl {

namespace {

std::string with_query(const std::string& path, const Query& query) {
  if (query.empty()) return path;
  std::string out = path;
  char sep = '?';
  for (const auto& [k, v] : query) {
    out += sep + url_segment(k) + "=" + url_segment(v);
    sep = '&';
  }
  return out;
}

std::string describe(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection:
      return "connection failed";
    case httplib::Error::ConnectionTimeout:
      return "timed out connecting";
    case httplib::Error::Read:
      return "no answer: the connection was closed or timed out";
    case httplib::Error::Write:
      return "could not send the request";
    default:
      return httplib::to_string(error);
  }
}

}  // namespace

std::string url_segment(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

CtlClient::CtlClient(Target target) : target_(std::move(target)) {
  static const std::regex kUrl(
      R"(^(https?)://([^/:\[\]]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?(/.*)?$)");
  std::smatch m;
  if (!std::regex_match(target_.url, m, kUrl))
    throw UsageError("--url must look like http://HOST:PORT, got '" + target_.url + "'");
  if (m[1] == "https") {
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
    throw UsageError("this build cannot speak https (" + target_.url + "); use http://");
#endif
  }
  scheme_host_port_ = m[1].str() + "://" + m[2].str() + (m[3].matched ? ":" + m[3].str() : "");
  prefix_ = m[4].matched ? m[4].str() : "";
  while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
}

std::string CtlClient::base_url() const { return scheme_host_port_ + prefix_; }

Json CtlClient::send(const std::string& method, const std::string& path, const Json& body,
                     Auth auth, const Query& query) {
  httplib::Headers headers;
  if (auth == Auth::kKey) {
    if (target_.key.empty())
      throw UsageError("this verb needs the tenant's API key: --key KEY (or BOLNA_EMULATOR_KEY)");
    headers.emplace("Authorization", "Bearer " + target_.key);
  } else if (auth == Auth::kAdmin) {
    if (target_.admin_token.empty())
      throw UsageError(
          "this verb needs the admin token: --admin-token TOKEN (or BOLNA_EMULATOR_ADMIN_TOKEN)");
    headers.emplace("X-Emulator-Admin-Token", target_.admin_token);
  }
  headers.emplace("Accept", "application/json");
  headers.emplace("User-Agent", "bolna-emulator-ctl");

  httplib::Client client(scheme_host_port_);
  auto whole = static_cast<time_t>(target_.timeout_seconds);
  auto micros = static_cast<time_t>((target_.timeout_seconds - static_cast<double>(whole)) * 1e6);
  client.set_connection_timeout(whole, micros);
  client.set_read_timeout(whole, micros);
  client.set_write_timeout(whole, micros);

  httplib::Request req;
  req.method = method;
  req.path = with_query(prefix_ + path, query);
  req.headers = headers;
  if (!body.is_null()) {
    req.body = body.dump();
    req.set_header("Content-Type", "application/json");
  }
  auto result = client.send(req);
  if (!result)
    throw ApiFailure(0, nullptr,
                     "cannot reach " + base_url() + " (" + describe(result.error()) + ") for " +
                         method + " " + path);
  Json parsed = Json::parse(result->body, nullptr, false);
  if (parsed.is_discarded()) parsed = result->body;
  if (result->status >= 400) {
    std::string message;
    if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string())
      message = parsed["message"].get<std::string>();
    else if (parsed.is_object() && parsed.contains("detail") && parsed["detail"].is_string())
      message = parsed["detail"].get<std::string>();
    else
      message = result->body.substr(0, 500);
    throw ApiFailure(
        result->status, parsed,
        std::to_string(result->status) + " " + message + " (" + method + " " + path + ")");
  }
  return parsed;
}

}  // namespace bolna::ctl
