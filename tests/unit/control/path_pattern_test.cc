#include "control/path_pattern.h"

#include <doctest/doctest.h>

using namespace bolna;

TEST_CASE("path pattern: exact, glob and route forms") {
  std::string error;
  auto exact = PathPattern::parse("/call", "path", &error);
  REQUIRE(exact);
  CHECK(exact->matches("/call", "/call"));
  CHECK(!exact->matches("/call/x", ""));

  auto glob = PathPattern::parse("/v2/agent/*", "path", &error);
  REQUIRE(glob);
  CHECK(glob->matches("/v2/agent/abc", "/v2/agent/{agent_id}"));
  CHECK(glob->matches("/v2/agent/abc/executions", ""));
  CHECK(!glob->matches("/v2/agent", ""));
  CHECK(PathPattern::parse("*", "path", &error)->matches("/anything/at/all", ""));

  auto route = PathPattern::parse("/v2/agent/{agent_id}", "path", &error);
  REQUIRE(route);
  CHECK(route->is_route_pattern());
  CHECK(route->matches("/v2/agent/abc", "/v2/agent/{agent_id}"));
  CHECK(!route->matches("/v2/agent/all", "/v2/agent/all"));
}

TEST_CASE("path pattern: validation names the field") {
  std::string error;
  CHECK(!PathPattern::parse("", "path", &error));
  CHECK(error == "path must not be empty");
  CHECK(!PathPattern::parse("call", "limits[0].path", &error));
  CHECK(error == "limits[0].path must start with '/' (or be \"*\" for every path): \"call\"");
  CHECK(!PathPattern::parse("/call?x=1", "path", &error));
  CHECK(error == "path must be a path without query string or spaces: \"/call?x=1\"");
  CHECK(!PathPattern::parse("/v2/{a}/*", "path", &error));
  CHECK(error == "path mixes a route pattern ({name}) with a glob (*): \"/v2/{a}/*\"");
  CHECK(!PathPattern::parse("/v2/x{a}", "path", &error));
}

TEST_CASE("glob: star matches any run including slashes") {
  CHECK(glob_match("*", ""));
  CHECK(glob_match("/a/*/c", "/a/b/x/c"));
  CHECK(glob_match("/a*b*c", "/aXbYbZc"));
  CHECK(!glob_match("/a*b", "/aXc"));
  CHECK(glob_match("/batches/*/executions", "/batches/1/executions"));
  CHECK(!glob_match("/batches/*/executions", "/batches/1/executions/2"));
}
