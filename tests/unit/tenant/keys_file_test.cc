#include "tenant/keys_file.h"

#include <doctest/doctest.h>

#include <stdexcept>

#include "http/http_server.h"

using namespace bolna;

TEST_CASE("keys file: keys, read-only flag, comments, blanks") {
  auto keys = parse_keys("# team keys\nbn-one\n\n  bn-two read-only  # CI reader\n");
  REQUIRE(keys.size() == 2);
  CHECK_FALSE(keys.at("bn-one").read_only);
  CHECK(keys.at("bn-two").read_only);
}

TEST_CASE("keys file: a bad line is refused with its number") {
  try {
    parse_keys("bn-one\nbn-two admin\n");
    FAIL("expected an error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("line 2") != std::string::npos);
  }
}

TEST_CASE("bearer: scheme is case-insensitive, malformed headers give no key") {
  CHECK(bearer_key("Bearer bn-abc") == "bn-abc");
  CHECK(bearer_key("bearer  bn-abc ") == "bn-abc");
  CHECK(bearer_key("Basic abc") == "");
  CHECK(bearer_key("Bearer") == "");
  CHECK(bearer_key("") == "");
}
