#include "control/rate_limiter.h"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace bolna;
using namespace std::chrono;

namespace {
const TimePoint kT0 = TimePoint(seconds(1'000'000));
}

TEST_CASE("rate limiter: disabled lets everything through") {
  RateLimiter r(RateLimitConfig::documented(false));
  for (int i = 0; i < 2000; ++i) REQUIRE(r.check("POST", "/call", "/call", kT0).allowed);
}

TEST_CASE("rate limiter: documented limits, sliding window on the given clock") {
  RateLimiter r(RateLimitConfig::documented(true));
  for (int i = 0; i < 500; ++i) REQUIRE(r.check("POST", "/call", "/call", kT0).allowed);
  RateDecision d = r.check("POST", "/call", "/call", kT0 + seconds(10));
  CHECK(!d.allowed);
  CHECK(d.bucket == "POST /call");
  CHECK(d.per_minute == 500);
  CHECK(d.retry_after_s == 50);
  CHECK(r.check("POST", "/call", "/call", kT0 + milliseconds(59001)).retry_after_s == 1);
  CHECK(r.check("POST", "/call", "/call", kT0 + seconds(60)).allowed);

  // /v2/agent/{agent_id}: one bucket for every method and agent; /v2/agent/all is not it.
  for (int i = 0; i < 500; ++i)
    REQUIRE(r.check(i % 2 ? "GET" : "PATCH", "/v2/agent/a" + std::to_string(i),
                    "/v2/agent/{agent_id}", kT0)
                .allowed);
  RateDecision agent = r.check("DELETE", "/v2/agent/z", "/v2/agent/{agent_id}", kT0);
  CHECK(!agent.allowed);
  CHECK(agent.bucket == "/v2/agent/{agent_id}");
  RateDecision all = r.check("GET", "/v2/agent/all", "/v2/agent/all", kT0);
  CHECK(all.allowed);
  CHECK(all.bucket == "GET /v2/agent/all");
  CHECK(all.per_minute == 1000);
  CHECK(
      r.check("GET", "/v2/agent/x/executions", "/v2/agent/{agent_id}/executions", kT0).per_minute ==
      500);
}

TEST_CASE("rate limiter: each endpoint has its own default window, refusals do not count") {
  RateLimitConfig c =
      RateLimitConfig::parse(Json{{"limits", Json::array()}, {"default_per_minute", 2}});
  RateLimiter r(c);
  CHECK(r.check("GET", "/a", "/a", kT0).allowed);
  CHECK(r.check("GET", "/a", "/a", kT0 + seconds(30)).allowed);
  CHECK(!r.check("GET", "/a", "/a", kT0 + seconds(40)).allowed);
  CHECK(r.check("GET", "/b", "/b", kT0 + seconds(40)).allowed);
  CHECK(r.check("GET", "/a", "/a", kT0 + seconds(60)).allowed);
  CHECK(!r.check("GET", "/a", "/a", kT0 + seconds(61)).allowed);
  CHECK(r.usage(kT0 + seconds(61)) ==
        Json::array({Json{{"bucket", "GET /a"}, {"per_minute", 2}, {"used", 2}},
                     Json{{"bucket", "GET /b"}, {"per_minute", 2}, {"used", 1}}}));
  r.clear_windows();
  CHECK(r.usage(kT0).empty());
}

TEST_CASE("rate limiter: no default limit, control paths and a clock set backwards") {
  RateLimiter r(RateLimitConfig::parse(
      Json{{"limits", Json::array({Json{{"path", "/call"}, {"per_minute", 1}}})},
           {"default_per_minute", nullptr}}));
  for (int i = 0; i < 5000; ++i) REQUIRE(r.check("GET", "/x", "/x", kT0).allowed);
  CHECK(r.check("GET", "/__emulator/x", "", kT0).allowed);
  CHECK(r.check("POST", "/call", "/call", kT0).allowed);
  CHECK(!r.check("POST", "/call", "/call", kT0).allowed);
  // The clock jumped back an hour: the stamp "in the future" no longer counts.
  CHECK(r.check("POST", "/call", "/call", kT0 - hours(1)).allowed);
}

TEST_CASE("rate limiter: parse validation") {
  CHECK_THROWS_WITH_AS(RateLimitConfig::parse(Json::array()),
                       "The rate-limit settings must be a JSON object", std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      RateLimitConfig::parse(Json{
          {"limits", Json::array({Json{{"method", "FETCH"}, {"path", "/a"}, {"per_minute", 1}}})}}),
      "limits[0].method must be one of GET, POST, PUT, PATCH, DELETE or \"*\", got \"FETCH\"",
      std::invalid_argument);
  RateLimitConfig c = RateLimitConfig::parse(Json::object());
  CHECK(c.enabled);
  CHECK(c.limits.size() == 3);
  CHECK(c.default_per_minute == 1000);
}
