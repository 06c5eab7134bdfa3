#include "http/router.h"

#include <doctest/doctest.h>

using namespace bolna;

TEST_CASE("router: literal segments beat parameters") {
  Router r;
  r.add("GET", "/v2/agent/{agent_id}", {});
  r.add("GET", "/v2/agent/all", {});
  RouteMatch m = r.match("GET", "/v2/agent/all");
  REQUIRE(m.route);
  CHECK(m.route->pattern == "/v2/agent/all");
  m = r.match("GET", "/v2/agent/abc");
  REQUIRE(m.route);
  CHECK(m.route->pattern == "/v2/agent/{agent_id}");
  CHECK(m.params.at("agent_id") == "abc");
}

TEST_CASE("router: wrong method is known path, unknown path is not") {
  Router r;
  r.add("GET", "/v2/agent/all", {});
  r.add("POST", "/v2/agent", {});
  RouteMatch m = r.match("DELETE", "/v2/agent");
  CHECK_FALSE(m.route);
  CHECK(m.path_known);
  REQUIRE(m.allowed.size() == 1);
  CHECK(m.allowed[0] == "POST");
  m = r.match("GET", "/nope");
  CHECK_FALSE(m.route);
  CHECK_FALSE(m.path_known);
}

TEST_CASE("router: trailing slash only where the pattern has one") {
  Router r;
  r.add("GET", "/dispositions/", {});
  r.add("GET", "/v2/agent/all", {});
  CHECK(r.match("GET", "/dispositions/").route);
  CHECK_FALSE(r.match("GET", "/dispositions").route);
  CHECK_FALSE(r.match("GET", "/v2/agent/all/").route);
}

TEST_CASE("router: empty segment does not match a parameter") {
  Router r;
  r.add("GET", "/executions/{execution_id}", {});
  CHECK_FALSE(r.match("GET", "/executions/").route);
  CHECK(r.match("GET", "/executions/x").route);
}

TEST_CASE("router: two-parameter routes") {
  Router r;
  r.add("GET", "/agent/{agent_id}/execution/{execution_id}", {});
  RouteMatch m = r.match("GET", "/agent/a1/execution/e1");
  REQUIRE(m.route);
  CHECK(m.params.at("agent_id") == "a1");
  CHECK(m.params.at("execution_id") == "e1");
}
