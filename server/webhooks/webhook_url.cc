#include "webhooks/webhook_url.h"

#include <algorithm>
#include <cctype>

namespace bolna {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool all_digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

std::optional<WebhookUrl> parse_webhook_url(const std::string& url, std::string* why) {
  WebhookUrl p;
  size_t sep = url.find("://");
  if (sep == std::string::npos) {
    *why = "invalid webhook URL (expected http://host[:port]/path)";
    return std::nullopt;
  }
  p.scheme = lower(url.substr(0, sep));
  if (p.scheme != "http" && p.scheme != "https") {
    *why = "unsupported URL scheme '" + p.scheme + "' (expected http or https)";
    return std::nullopt;
  }
  size_t start = sep + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority =
      url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  p.target = end == std::string::npos ? "/" : url.substr(end);
  if (size_t hash = p.target.find('#'); hash != std::string::npos) p.target.erase(hash);
  if (p.target.empty() || p.target[0] != '/') p.target = "/" + p.target;
  if (authority.find('@') != std::string::npos) authority.erase(0, authority.rfind('@') + 1);
  std::string port_text;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) {
      *why = "invalid webhook URL (unclosed '[' in host)";
      return std::nullopt;
    }
    p.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      port_text = authority.substr(close + 2);
  } else {
    size_t colon = authority.rfind(':');
    p.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (p.host.empty()) {
    *why = "invalid webhook URL (no host)";
    return std::nullopt;
  }
  p.port = p.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    int port = port_text.size() <= 5 && all_digits(port_text) ? std::stoi(port_text) : 0;
    if (port < 1 || port > 65535) {
      *why = "invalid webhook URL (bad port '" + port_text + "')";
      return std::nullopt;
    }
    p.port = port;
  }
  return p;
}

std::string webhook_receiver_of(const std::string& url) {
  std::string why;
  auto p = parse_webhook_url(url, &why);
  if (!p) return "";
  std::string host = p->host.find(':') != std::string::npos ? "[" + p->host + "]" : p->host;
  return p->scheme + "://" + lower(host) + ":" + std::to_string(p->port);
}

std::string webhook_receiver_key(const std::string& url) {
  std::string r = webhook_receiver_of(url);
  return r.empty() ? "invalid:" + url : r;
}

}  // namespace bolna
