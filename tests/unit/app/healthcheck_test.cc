// probe_host: where --healthcheck connects for a given listen address.
#include <doctest/doctest.h>

#include "app/healthcheck.h"

using bolna::probe_host;

TEST_CASE("healthcheck: wildcard listen addresses are probed on loopback") {
  CHECK(probe_host("0.0.0.0") == "127.0.0.1");
  CHECK(probe_host("") == "127.0.0.1");
  CHECK(probe_host("::") == "::1");
  CHECK(probe_host("[::]") == "::1");
}

TEST_CASE("healthcheck: a specific listen address is probed as is") {
  CHECK(probe_host("127.0.0.1") == "127.0.0.1");
  CHECK(probe_host("10.1.2.3") == "10.1.2.3");
  CHECK(probe_host("[::1]") == "::1");
  CHECK(probe_host("localhost") == "localhost");
}
