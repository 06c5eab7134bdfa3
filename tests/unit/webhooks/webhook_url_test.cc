// webhook_receiver_of: how webhook URLs are told apart per receiver (the unit of the
// per-receiver in-flight limit), and which URLs are refused.
#include "webhooks/webhook_url.h"

#include <doctest/doctest.h>

namespace bolna {

TEST_CASE("webhook URLs: receiver is scheme, host and port") {
  CHECK(webhook_receiver_of("http://127.0.0.1:9000/hook?x=1") == "http://127.0.0.1:9000");
  CHECK(webhook_receiver_of("http://Example.COM/a") == "http://example.com:80");
  CHECK(webhook_receiver_of("HTTPS://example.com") == "https://example.com:443");
  CHECK(webhook_receiver_of("http://user:pw@host:81/") == "http://host:81");
  CHECK(webhook_receiver_of("http://[::1]:8080/x") == "http://[::1]:8080");
}

TEST_CASE("webhook URLs: unusable ones have no receiver") {
  CHECK(webhook_receiver_of("").empty());
  CHECK(webhook_receiver_of("example.com/hook").empty());
  CHECK(webhook_receiver_of("ftp://example.com/").empty());
  CHECK(webhook_receiver_of("http:///path").empty());
  CHECK(webhook_receiver_of("http://host:0/").empty());
  CHECK(webhook_receiver_of("http://host:99999/").empty());
  CHECK(webhook_receiver_of("http://host:8x/").empty());
  CHECK(webhook_receiver_of("http://[::1/").empty());
}

}  // namespace bolna
