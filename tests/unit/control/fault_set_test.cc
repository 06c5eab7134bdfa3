#include "control/fault_set.h"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace bolna;

namespace {
FaultSpec spec(const Json& body) { return FaultSet::parse(body, 7); }
}  // namespace

TEST_CASE("fault set: count faults fire count times then vanish") {
  FaultSet faults;
  Json view =
      faults.add(spec(Json{{"method", "post"}, {"path", "/call"}, {"status", 503}, {"count", 2}}));
  CHECK(view["id"] == "flt_1");
  CHECK(view["method"] == "POST");
  CHECK(!faults.match("GET", "/call", "/call"));
  auto a = faults.match("POST", "/call", "/call");
  REQUIRE(a);
  CHECK(a->status == 503);
  CHECK(Json::parse(a->body) ==
        Json{{"error", 503}, {"message", "Service Unavailable (injected fault flt_1)"}});
  CHECK(faults.match("POST", "/call", "/call"));
  CHECK(!faults.match("POST", "/call", "/call"));
  CHECK(faults.size() == 0);
}

TEST_CASE("fault set: first matching fault wins, control paths never match") {
  FaultSet faults;
  faults.add(spec(Json{{"path", "*"}, {"status", 500}}));
  faults.add(spec(Json{{"path", "/call"}, {"status", 502}}));
  CHECK(faults.match("POST", "/call", "/call")->status == 500);
  CHECK(!faults.match("GET", "/__emulator/faults", "/__emulator/faults"));
  CHECK(faults.remove("flt_1"));
  CHECK(!faults.remove("flt_1"));
  CHECK(faults.match("POST", "/call", "/call")->status == 502);
  CHECK(faults.clear() == 1);
  CHECK(faults.add(spec(Json{{"path", "*"}, {"status", 500}}))["id"] == "flt_3");
  faults.reset();
  CHECK(faults.add(spec(Json{{"path", "*"}, {"status", 500}}))["id"] == "flt_1");
}

TEST_CASE("fault set: seeded probability is a fixed sequence") {
  auto pattern = [](uint64_t seed) {
    FaultSet faults;
    faults.add(
        spec(Json{{"path", "/call"}, {"status", 500}, {"probability", 0.5}, {"seed", seed}}));
    std::string out;
    for (int i = 0; i < 16; ++i) out += faults.match("POST", "/call", "/call") ? 'x' : '.';
    return out;
  };
  CHECK(pattern(42) == "...x.x.xxxx.....");
  CHECK(pattern(42) == pattern(42));
  CHECK(pattern(43) != pattern(42));
  std::mt19937_64 rng(1);
  for (int i = 0; i < 1000; ++i) {
    double d = unit_draw(rng);
    REQUIRE(d >= 0.0);
    REQUIRE(d < 1.0);
  }
}

TEST_CASE("fault set: probability 0 never fires, 1 always") {
  FaultSet faults;
  faults.add(spec(Json{{"path", "/a"}, {"status", 500}, {"probability", 0}}));
  faults.add(spec(Json{{"path", "/b"}, {"status", 500}, {"probability", 1}}));
  for (int i = 0; i < 20; ++i) {
    CHECK(!faults.match("GET", "/a", ""));
    CHECK(faults.match("GET", "/b", ""));
  }
}

TEST_CASE("fault set: delay-only and drop actions, limit on the number of faults") {
  FaultSet faults;
  faults.add(spec(Json{{"path", "/a"}, {"delay_ms", 100}}));
  faults.add(spec(Json{{"path", "/b"}, {"drop", true}}));
  auto delay = faults.match("GET", "/a", "");
  REQUIRE(delay);
  CHECK(delay->delay_ms == 100);
  CHECK(!delay->status);
  CHECK(!delay->drop);
  CHECK(faults.match("GET", "/b", "")->drop);
  for (size_t i = faults.size(); i < FaultSet::kMaxFaults; ++i)
    faults.add(spec(Json{{"path", "/c"}, {"status", 500}}));
  CHECK_THROWS_WITH_AS(faults.add(spec(Json{{"path", "/c"}, {"status", 500}})),
                       "Too many faults: at most 100 per tenant; DELETE /__emulator/faults to "
                       "clear them",
                       std::invalid_argument);
}

TEST_CASE("fault set: parse uses the random seed only without an explicit one") {
  CHECK(FaultSet::parse(Json{{"path", "/a"}, {"status", 500}, {"probability", 0.1}}, 99).seed ==
        99);
  CHECK(
      FaultSet::parse(Json{{"path", "/a"}, {"status", 500}, {"probability", 0.1}, {"seed", 5}}, 99)
          .seed == 5);
  CHECK_THROWS_WITH_AS(FaultSet::parse(Json{{"path", "/a"}, {"status", 500}, {"seed", -1}}, 1),
                       "seed must be a non-negative integer", std::invalid_argument);
}
