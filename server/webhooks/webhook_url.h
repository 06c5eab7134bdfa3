// Webhook URLs: parsing "http(s)://host[:port][/path][?query]" into its parts, and the
// receiver a URL belongs to (scheme://host:port, the unit of the per-receiver in-flight
// limits). Pure functions of their arguments; safe from any thread.
#pragma once

#include <optional>
#include <string>

namespace bolna {

struct WebhookUrl {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // without brackets around an IPv6 address
  int port = 0;        // the scheme's default when the URL has none
  std::string target;  // "/path?query" (no fragment), at least "/"
};

// The URL's parts, or nullopt with the reason in *why (a sentence for the journal).
std::optional<WebhookUrl> parse_webhook_url(const std::string& url, std::string* why);

// "http://Host:80/path" -> "http://host:80"; "" when `url` is not a usable http(s) URL.
std::string webhook_receiver_of(const std::string& url);

// The key deliveries to `url` are counted under: its receiver, or "invalid:<url>" for an
// unusable URL (such a delivery fails at once, but still goes through the queue).
std::string webhook_receiver_key(const std::string& url);

}  // namespace bolna
